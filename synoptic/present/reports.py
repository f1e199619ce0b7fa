"""Synopsis reports: Markdown, a self-contained HTML page, and the terminal (rich).

All three read the JSON form of the synopsis (``synopsis_to_json``), so they show the same thing.
Article text is hostile: the HTML template autoescapes everything, Markdown escapes its markup
characters, and the terminal strips control characters.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from rich.console import Console
from rich.table import Table
from rich.text import Text

from synoptic.present.synopsis_view import safe_url, synopsis_view

_TEMPLATES = Path(__file__).parent / "templates"
_ENVIRONMENT = Environment(
    loader=FileSystemLoader(_TEMPLATES),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>])")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_DIFF_STYLE = {"=": "", "-": "red strike", "+": "green underline"}
# wdiff's markers, so that a diff still reads without colour (in a file, a pipe, a screen reader).
_WDIFF = {"=": "{}", "-": "[-{}-]", "+": "{{+{}+}}"}


def render_html(synopsis: dict[str, Any]) -> str:
    """One self-contained HTML page (inline CSS, no script, no external request), rendered from the
    same partial as the web app's story page (``templates/_synopsis.html``)."""
    return _ENVIRONMENT.get_template("synopsis.html").render(
        s=synopsis, v=synopsis_view(synopsis), href=_report_href, speaker_href=None, safe_url=safe_url
    )


def _report_href(article: str, sentence: int | None = None) -> str:
    return f"#article-{article}"


def _md(text: object) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", _CONTROL.sub("", str(text or ""))).replace("\n", " ")


def render_markdown(synopsis: dict[str, Any]) -> str:
    """The synopsis as Markdown: articles, quotes with diffs, conflicts, name variants, facts."""
    outlet_of = {a["id"]: a["outlet"] for a in synopsis["articles"]}
    lines = ["# Synopsis", "", "| article | outlet | title | published |", "|---|---|---|---|"]
    lines += [f"| {_md(a['id'])} | {_md(a['outlet'])} | {_md(a['title'])} | {_md(a['published'] or '')} |"
              for a in synopsis["articles"]]  # fmt: skip
    shared, single = _split_quotes(synopsis["quotes"])
    lines += ["", "## Quotes in several outlets", ""]
    for speaker, groups in _by_speaker(shared):
        lines += [f"### {_md(speaker)}", ""]
        for group in groups:
            lines.append(f"- *{group['verdict'].replace('_', ' ')}*")
            for variant, diff in zip(group["variants"], group["diff"], strict=True):
                words = " ".join(_md_op(op, text) for op, text in diff["ops"])
                lines.append(f"  - **{_md(outlet_of[variant['article']])}** ({variant['kind']}): {words}")
        lines.append("")
    lines += ["## Quotes in one outlet only", ""]
    for speaker, groups in _by_speaker(single):
        quoted = "; ".join(
            f"{_md(_short(v['text']))} ({_md(outlet_of[v['article']])}, {v['kind']})"
            for g in groups
            for v in g["variants"]
        )
        lines.append(f"- **{_md(speaker)}**: {quoted}")
    lines += ["", "## Conflicts", ""]
    for conflict in synopsis["conflicts"]:
        values = "; ".join(f"**{_md(outlet_of[v['article']])}**: {_md(v['value'])}" for v in conflict["values"])
        lines.append(f"- {conflict['kind']} ({_md(conflict.get('subject') or '')}): {values}")
    lines += ["", "## Name variants", ""]
    for variant in synopsis["name_variants"]:
        forms = ", ".join(
            f"{_md(f['form'])} ({', '.join(outlet_of[a] for a in f['articles'])})" for f in variant["forms"]
        )
        suspect = f"; likely misspelling: {_md(variant['likely_misspelling'])}" if variant["likely_misspelling"] else ""
        lines.append(f"- {_md(variant['canonical'])}: {forms}{suspect}")
    lines += ["", "## Facts", ""]
    for fact in synopsis["facts"]:
        tag = "exclusive" if fact["exclusive"] else f"{fact['sources']} sources"
        lines.append(f"- **{_md(', '.join(fact['support']))}** ({tag}): {_md(fact['statements'][0]['text'])}")
    return "\n".join(lines) + "\n"


# Quotes of one outlet only are listed, not diffed: each cut to this many characters.
SHORT_QUOTE = 160
# A fact's first statement labels its row of the terminal fact table, cut to this many characters.
FACT_LABEL = 100


def _split_quotes(groups: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The quote groups of several outlets, and those of one outlet only."""
    return (
        [g for g in groups if g["verdict"] != "single_source"],
        [g for g in groups if g["verdict"] == "single_source"],
    )


def _speaker_label(group: dict[str, Any]) -> str:
    speaker = group["speaker"]
    return speaker["name"] or f"unnamed ({speaker['role'] or 'no role given'})"


def _by_speaker(groups: list[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    """Groups gathered under their speaker, speakers in order of first appearance (the synopsis
    already orders them: the most quoted first, the unnamed last)."""
    gathered: dict[str, list[dict[str, Any]]] = {}
    for group in groups:
        gathered.setdefault(_speaker_label(group), []).append(group)
    return list(gathered.items())


def _short(text: str) -> str:
    return f"“{_clip(text, SHORT_QUOTE)}”"


def _clip(text: str, limit: int) -> str:
    """``text`` on one line, cut at the last word boundary before ``limit`` characters, with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut).rstrip(" ,;:") + "…"


def _md_op(op: str, text: str) -> str:
    return {"=": _md(text), "-": f"~~{_md(text)}~~", "+": f"**{_md(text)}**"}[op]


def render_terminal(synopsis: dict[str, Any], console: Console) -> None:
    """Print the synopsis with rich: diffs in colour and wdiff markers ([-dropped-], {+added+});
    quotes of one outlet only are counted by speaker, not printed."""
    outlet_of = {a["id"]: a["outlet"] for a in synopsis["articles"]}
    shared, single = _split_quotes(synopsis["quotes"])
    console.rule("Quotes in several outlets")
    for speaker, groups in _by_speaker(shared):
        console.print(Text(_plain(speaker), style="bold"))
        for group in groups:
            console.print(Text(f"  {group['verdict'].replace('_', ' ')}", style="italic"))
            for variant, diff in zip(group["variants"], group["diff"], strict=True):
                line = Text(f"    {_plain(outlet_of[variant['article']])} ({variant['kind']}): ")
                for op, text in diff["ops"]:
                    line.append(_WDIFF[op].format(_plain(text)) + " ", style=_DIFF_STYLE[op])
                console.print(line)
    if single:
        counts = ", ".join(f"{_plain(speaker)} {len(groups)}" for speaker, groups in _by_speaker(single))
        console.print(Text(f"Quoted by one outlet only ({len(single)}, see --format markdown): {counts}"))
    console.rule("Conflicts")
    for conflict in synopsis["conflicts"]:
        values = "  vs  ".join(f"{_plain(outlet_of[v['article']])}: {_plain(v['value'])}" for v in conflict["values"])
        console.print(Text(f"{conflict['kind']} — {_plain(conflict.get('subject') or '')}: {values}"))
    console.rule("Name variants")
    for variant in synopsis["name_variants"]:
        suspect = f" (likely misspelling: {variant['likely_misspelling']})" if variant["likely_misspelling"] else ""
        console.print(Text(_plain(" / ".join(f["form"] for f in variant["forms"]) + suspect)))
    _facts_table(synopsis, outlet_of, console)


def _facts_table(synopsis: dict[str, Any], outlet_of: dict[str, str], console: Console) -> None:
    outlets = list(dict.fromkeys(a["outlet"] for a in synopsis["articles"]))
    table = Table("fact", *outlets, title="Facts (● reported, ○ omitted), most widely reported first")
    reported_by = [{outlet_of[s["article"]] for s in fact["statements"]} for fact in synopsis["facts"]]
    for fact, reported in sorted(zip(synopsis["facts"], reported_by, strict=True), key=lambda fr: -len(fr[1])):
        label = _clip(_plain(fact["statements"][0]["text"]), FACT_LABEL)
        table.add_row(Text(label), *("●" if o in reported else "○" for o in outlets))
    console.print(table)


def _plain(text: str) -> str:
    return _CONTROL.sub("", text)

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

_TEMPLATES = Path(__file__).parent / "templates"
_ENVIRONMENT = Environment(
    loader=FileSystemLoader(_TEMPLATES), autoescape=select_autoescape(default=True), trim_blocks=True
)
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>])")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_DIFF_STYLE = {"=": "", "-": "red strike", "+": "green underline"}
# wdiff's markers, so that a diff still reads without colour (in a file, a pipe, a screen reader).
_WDIFF = {"=": "{}", "-": "[-{}-]", "+": "{{+{}+}}"}


def render_html(synopsis: dict[str, Any]) -> str:
    """One self-contained HTML page (inline CSS, no script, no external request)."""
    return _ENVIRONMENT.get_template("synopsis.html").render(
        s=synopsis, outlet_of={a["id"]: a["outlet"] for a in synopsis["articles"]}
    )


def _md(text: object) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", _CONTROL.sub("", str(text or ""))).replace("\n", " ")


def render_markdown(synopsis: dict[str, Any]) -> str:
    """The synopsis as Markdown: articles, quotes with diffs, conflicts, name variants, facts."""
    outlet_of = {a["id"]: a["outlet"] for a in synopsis["articles"]}
    lines = ["# Synopsis", "", "| article | outlet | title | published |", "|---|---|---|---|"]
    lines += [f"| {_md(a['id'])} | {_md(a['outlet'])} | {_md(a['title'])} | {_md(a['published'] or '')} |"
              for a in synopsis["articles"]]  # fmt: skip
    lines += ["", "## Quotes", ""]
    for group in synopsis["quotes"]:
        speaker = group["speaker"]["name"] or f"unnamed ({group['speaker']['role'] or 'no role given'})"
        lines.append(f"### {_md(speaker)}: {group['verdict'].replace('_', ' ')}")
        for variant, diff in zip(group["variants"], group["diff"], strict=True):
            words = " ".join(_md_op(op, text) for op, text in diff["ops"])
            lines.append(f"- **{_md(outlet_of[variant['article']])}** ({variant['kind']}): {words}")
        lines.append("")
    lines += ["## Conflicts", ""]
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


def _md_op(op: str, text: str) -> str:
    return {"=": _md(text), "-": f"~~{_md(text)}~~", "+": f"**{_md(text)}**"}[op]


def render_terminal(synopsis: dict[str, Any], console: Console) -> None:
    """Print the synopsis with rich: diffs in colour and wdiff markers ([-dropped-], {+added+})."""
    outlet_of = {a["id"]: a["outlet"] for a in synopsis["articles"]}
    console.rule("Quotes")
    for group in synopsis["quotes"]:
        if group["verdict"] == "single_source":
            continue
        speaker = group["speaker"]["name"] or f"unnamed ({group['speaker']['role'] or '?'})"
        console.print(Text.assemble((_plain(speaker), "bold"), f"  {group['verdict'].replace('_', ' ')}"))
        for variant, diff in zip(group["variants"], group["diff"], strict=True):
            line = Text(f"  {_plain(outlet_of[variant['article']])} ({variant['kind']}): ")
            for op, text in diff["ops"]:
                line.append(_WDIFF[op].format(_plain(text)) + " ", style=_DIFF_STYLE[op])
            console.print(line)
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
    table = Table("fact", *outlets, title="Facts (● reported, ○ omitted)")
    for fact in synopsis["facts"]:
        reported = {outlet_of[s["article"]] for s in fact["statements"]}
        label = _plain(fact["statements"][0]["text"])
        table.add_row(Text(label[:100]), *("●" if o in reported else "○" for o in outlets))
    console.print(table)


def _plain(text: str) -> str:
    return _CONTROL.sub("", text)

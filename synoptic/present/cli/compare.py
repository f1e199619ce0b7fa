"""`synoptic compare FILE...` (an ad-hoc synopsis of the given files, no database needed) and
`synoptic synopsis STORY_ID` (the synopsis of a stored story, cached)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from synoptic import pipeline
from synoptic.compare.synopsis import StoryArticle, build_synopsis
from synoptic.errors import ConfigError, IngestError
from synoptic.extract import extract
from synoptic.ingest.files import SINGLE_DOCUMENT_SUFFIXES, single_document, suffix_of
from synoptic.present.cli.common import ConfigOption, DbOption, open_store, out, settings_from
from synoptic.present.reports import render_html, render_markdown, render_terminal
from synoptic.present.synopsis_json import synopsis_to_json
from synoptic.settings import Settings


class Format(StrEnum):
    TEXT = "text"
    MARKDOWN = "markdown"
    HTML = "html"
    JSON = "json"


FormatOption = Annotated[Format, typer.Option("--format", "-f", help="Report format.")]
OutputOption = Annotated[Path | None, typer.Option("--output", "-o", help="Write the report here.")]


def compare_command(
    files: Annotated[list[str], typer.Argument(help="Article files (.txt, .html); FILE=OUTLET names the outlet.")],
    format: FormatOption = Format.TEXT,
    output: OutputOption = None,
) -> None:
    """Compare articles side by side: shared and exclusive facts, quote variants, conflicts."""
    articles = [read_article(spec) for spec in files]
    write_report(synopsis_to_json(build_synopsis(articles, workers=Settings().analysis_workers)), format, output)


def synopsis_command(
    story_id: Annotated[int, typer.Argument(help="Story id (see `synoptic stories`).")],
    format: FormatOption = Format.TEXT,
    output: OutputOption = None,
    db: DbOption = None,
    config: ConfigOption = None,
) -> None:
    """The synopsis of a stored story: computed once, then served from the database until the story changes."""
    settings = settings_from(config, db=db)
    with open_store(settings) as store:
        synopsis = pipeline.story_synopsis(store, story_id, settings)
    write_report(synopsis, format, output)


def write_report(synopsis: dict[str, Any], format: Format, output: Path | None) -> None:
    """Print the synopsis in ``format``, or write it to ``output``."""
    if format is Format.TEXT and output is None:
        render_terminal(synopsis, out)
        return
    if format is Format.JSON:
        report = json.dumps(synopsis, ensure_ascii=False, indent=2) + "\n"
    else:
        report = render_html(synopsis) if format is Format.HTML else render_markdown(synopsis)
    if output is None:
        out.file.write(report)
    else:
        try:
            output.write_text(report, encoding="utf-8")
        except OSError as error:
            raise ConfigError(f"cannot write the report: {error}", str(output)) from error


def read_article(spec: str) -> StoryArticle:
    """One article from ``FILE`` or ``FILE=OUTLET``; the file's name is its id."""
    name, _, outlet = spec.partition("=")
    path = Path(name)
    if not path.is_file():
        raise IngestError("no such file", name)
    if suffix_of(path) not in SINGLE_DOCUMENT_SUFFIXES:
        raise IngestError(f"compare reads .txt and .html files, not {suffix_of(path)!r}", name)
    article = extract(single_document(path, Settings().max_document_bytes, datetime.now(UTC)))
    found = article.outlet.name if article.outlet else None
    return StoryArticle(
        id=path.name, outlet=outlet or found or path.stem, title=article.title, text=article.text,
        url=article.url, published=article.published,
    )  # fmt: skip

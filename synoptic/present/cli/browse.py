"""`synoptic articles`, `article`, `outlets` and `stats`: read what is stored."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import typer
from rich.table import Table

from synoptic.extract.dates import to_utc
from synoptic.present.cli.common import (
    ConfigOption,
    DbOption,
    JsonOption,
    open_store,
    out,
    plain,
    print_json,
    settings_from,
)
from synoptic.present.serialize import article_to_dict, outlet_to_dict
from synoptic.store.filters import ListingFilter


def articles_command(
    db: DbOption = None,
    outlet: Annotated[str | None, typer.Option(help="Only this outlet (name or domain).")] = None,
    language: Annotated[str | None, typer.Option(help="Only this language (ISO 639-1 code, e.g. en).")] = None,
    since: Annotated[datetime | None, typer.Option(help="Published on or after (YYYY-MM-DD).")] = None,
    until: Annotated[datetime | None, typer.Option(help="Published before (YYYY-MM-DD).")] = None,
    limit: Annotated[int, typer.Option(help="At most this many.")] = 50,
    offset: Annotated[int, typer.Option(help="Skip this many first.")] = 0,
    as_json: JsonOption = False,
    config: ConfigOption = None,
) -> None:
    """List stored articles, newest first, with filters."""
    where = ListingFilter(outlet, language, since and to_utc(since), until and to_utc(until), limit, offset)
    with open_store(settings_from(config, db=db)) as store:
        found = store.articles(where)
    if as_json:
        print_json([article_to_dict(article) for article in found])
        return
    table = Table(title=f"{len(found)} articles")
    table.add_column("id", justify="right", min_width=3)
    table.add_column("published", no_wrap=True, min_width=16)
    table.add_column("outlet", min_width=6, max_width=16, overflow="ellipsis", no_wrap=True)
    table.add_column("lang", min_width=4)
    table.add_column("words", justify="right", min_width=5)
    table.add_column("title", no_wrap=True)
    for article in found:
        published = article.published.strftime("%Y-%m-%d %H:%M") if article.published else ""
        outlet = article.outlet.name if article.outlet else ""
        table.add_row(
            str(article.id),
            published,
            plain(outlet),
            article.language or "",
            str(article.word_count),
            plain(_shorten(article.title, out.width - _ARTICLE_COLUMNS_WIDTH)),
        )
    out.print(table)


# Width taken by the id, published, outlet, language and word-count columns with their borders.
_ARTICLE_COLUMNS_WIDTH = 64


def _shorten(text: str, width: int) -> str:
    width = max(width, 12)
    return text if len(text) <= width else text[: width - 1] + "…"


def article_command(
    article_id: Annotated[int, typer.Argument(help="Article id (see `synoptic articles`).")],
    db: DbOption = None,
    raw: Annotated[bool, typer.Option("--raw", help="Print the kept raw input instead of the text.")] = False,
    as_json: JsonOption = False,
    config: ConfigOption = None,
) -> None:
    """Show one article: metadata and extracted text."""
    with open_store(settings_from(config, db=db)) as store:
        article = store.article(article_id)
        raw_document = store.raw_document(article_id) if raw else None
    if raw_document is not None:
        out.print(plain(raw_document.content.decode("utf-8", errors="replace")), soft_wrap=True)
        return
    if as_json:
        print_json(article_to_dict(article, with_text=True))
        return
    data = article_to_dict(article)
    out.print(f"[bold]{plain(article.title)}[/]")
    for key in ("id", "outlet", "url", "published", "authors", "language", "words", "source"):
        value = ", ".join(data[key]) if isinstance(data[key], list) else data[key]
        out.print(f"[dim]{key:>10}[/] {plain(str(value) if value is not None else '-')}")
    out.print()
    out.print(plain(article.text))


def outlets_command(db: DbOption = None, as_json: JsonOption = False, config: ConfigOption = None) -> None:
    """List outlets with their number of articles."""
    with open_store(settings_from(config, db=db)) as store:
        found = store.outlets()
    if as_json:
        print_json([outlet_to_dict(outlet, n) for outlet, n in found])
        return
    table = Table("outlet", "domain", "articles", title=f"{len(found)} outlets")
    for outlet, n in found:
        table.add_row(plain(outlet.name), plain(outlet.domain or ""), str(n))
    out.print(table)


def stats_command(db: DbOption = None, as_json: JsonOption = False, config: ConfigOption = None) -> None:
    """Show counts and sizes of what is stored."""
    with open_store(settings_from(config, db=db)) as store:
        stats = store.stats()
    if as_json:
        print_json(stats)
        return
    table = Table("", "", show_header=False, title="Synoptic store")
    for key, value in stats.items():
        shown = ", ".join(f"{k} {v}" for k, v in value.items()) if isinstance(value, dict) else str(value)
        table.add_row(key.replace("_", " "), shown)
    out.print(table)

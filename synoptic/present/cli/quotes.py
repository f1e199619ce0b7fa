"""`synoptic quotes FILE...`: every quote of each file, with its speaker and character offsets."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from synoptic.analyze.attribution import extract_quotes
from synoptic.errors import IngestError
from synoptic.present.cli.common import JsonOption, out, plain, print_json


def quotes_command(
    files: Annotated[list[Path], typer.Argument(help="UTF-8 text files, one article each.")],
    as_json: JsonOption = False,
) -> None:
    """List the quotes of articles: direct, partial and indirect, with cue and speaker."""
    results = [_quotes_of(path) for path in files]
    if as_json:
        print_json(results)
        return
    for result in results:
        table = Table("chars", "kind", "speaker", "cue", "quote", title=plain(result["file"]))
        for quote in result["quotes"]:
            table.add_row(f"{quote['start']}-{quote['end']}", quote["kind"], plain(quote["speaker"] or "(unnamed)"),
                          plain(quote["cue"] or ""), plain(quote["text"]))  # fmt: skip
        out.print(table)


def _quotes_of(path: Path) -> dict[str, Any]:
    """Offsets index the file's characters exactly as read (no stripping or normalisation)."""
    try:
        text = path.read_bytes().decode("utf-8")
    except OSError as error:
        raise IngestError(f"cannot read file ({error.strerror or error})", str(path)) from error
    except UnicodeDecodeError as error:
        raise IngestError(f"not UTF-8 text ({error.reason} at byte {error.start})", str(path)) from error
    return {"file": str(path), "quotes": [quote.to_json() for quote in extract_quotes(text)]}

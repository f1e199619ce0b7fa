"""Options and helpers shared by the commands."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape

from synoptic.settings import Settings, load_settings
from synoptic.store import Store

DbOption = Annotated[
    str | None, typer.Option("--db", help="SQLite file or database URL (default: synoptic.db; env SYNOPTIC_DB).")
]
ConfigOption = Annotated[Path | None, typer.Option("--config", help="TOML settings file (default: ./synoptic.toml).")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="Print only errors.")]

out = Console(highlight=False)
err = Console(stderr=True, highlight=False, soft_wrap=True)


def settings_from(config: Path | None, **overrides: Any) -> Settings:
    """Settings for one command: defaults < config file < environment < flags."""
    return load_settings(config, **overrides)


def open_store(settings: Settings) -> Store:
    """The store named by the settings, migrated."""
    return Store.open(settings.db)


def print_json(data: Any) -> None:
    """JSON on stdout, UTF-8, for scripts (no colour, no wrapping)."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


# Terminal control characters (C0 but newline and tab, DEL, C1): an article must not be able
# to move the cursor, retitle the window or hide text in the user's terminal.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def plain(text: str | None) -> str:
    """Untrusted text made safe to print through rich: no markup, no control characters."""
    return escape(_CONTROL.sub("", text or ""))

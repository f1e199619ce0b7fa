"""One settings object: defaults, then a config file, then SYNOPTIC_* environment, then CLI flags."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from synoptic.errors import ConfigError

CONFIG_FILE_ENV = "SYNOPTIC_CONFIG"
DEFAULT_CONFIG_FILE = Path("synoptic.toml")


@dataclass(frozen=True)
class Settings:
    """Every tunable of Synoptic, with its default."""

    # Database: a path to an SQLite file or an SQLAlchemy URL (postgresql+psycopg://...).
    db: str = "synoptic.db"
    # Largest single document accepted (a page, a text file, a WARC record, one JSONL line).
    # 10 MiB is ~20x the largest page of the Zyte benchmark; larger inputs are not articles.
    max_document_bytes: int = 10 * 1024 * 1024
    # Largest container file streamed (WARC, JSONL, feed): these hold many documents.
    max_archive_bytes: int = 20 * 1024 * 1024 * 1024
    # Texts shorter than this many words are refused as not articles. 1 keeps every non-empty
    # text: real wire briefs run to 7 words (ECB+), and clustering flags tiny texts itself.
    min_article_words: int = 1
    # Network fetches: seconds to connect/read, redirects followed, User-Agent sent.
    fetch_timeout: float = 15.0
    max_redirects: int = 5
    user_agent: str = "Synoptic/0.1 (+https://github.com/synoptic-news/synoptic; news comparison research)"
    # Fetching loopback, private, link-local or multicast addresses is refused unless set.
    allow_private: bool = False
    # Processes used for extraction during ingest (1 = in-process).
    workers: int = 1
    # How far apart in days two articles of one story may be published (0 = no window, for
    # undated archives). Articles without a date are placed by their ingest time.
    story_window_days: float = 7.0
    # Processes analysing article texts (quotes, sentence vectors) when a story is compared; each
    # loads its own models (~0.5 GB). 2 uses both cores of the reference machine.
    analysis_workers: int = 2
    # The token that enables the web app's ingest endpoint (POST /api/v1/articles) for requests
    # sending ``Authorization: Bearer <token>``; unset or empty, the app is read-only. A secret:
    # best given as SYNOPTIC_API_TOKEN, and kept out of the settings' repr (logs, tracebacks).
    api_token: str | None = field(default=None, repr=False)


def load_settings(config_file: Path | None = None, **overrides: Any) -> Settings:
    """Settings from defaults < config file < environment < ``overrides`` (None values ignored)."""
    settings = Settings()
    path = config_file or _config_path()
    if path is not None:
        settings = _apply(settings, _read_config(path), str(path))
    settings = _apply(settings, _from_environment(), "environment")
    return _apply(settings, {k: v for k, v in overrides.items() if v is not None}, "command line")


def _config_path() -> Path | None:
    if os.environ.get(CONFIG_FILE_ENV):
        return Path(os.environ[CONFIG_FILE_ENV])
    return DEFAULT_CONFIG_FILE if DEFAULT_CONFIG_FILE.exists() else None


def _read_config(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(f"cannot read config file: {error}", str(path)) from error
    return dict(data.get("synoptic", data))


def _from_environment() -> dict[str, str]:
    names = {f.name for f in fields(Settings)}
    found = {}
    for key, value in os.environ.items():
        if key.startswith("SYNOPTIC_") and key[9:].lower() in names:
            found[key[9:].lower()] = value
    return found


def _apply(settings: Settings, values: dict[str, Any], origin: str) -> Settings:
    types = {f.name: f.type for f in fields(Settings)}
    changes: dict[str, Any] = {}
    for name, value in values.items():
        if name not in types:
            raise ConfigError(f"unknown setting {name!r}", origin)
        changes[name] = _coerce(value, str(types[name]), name, origin)
    return replace(settings, **changes)


def _coerce(value: Any, type_name: str, name: str, origin: str) -> Any:
    if type_name.endswith("| None") and value == "":
        return None
    try:
        if type_name == "bool":
            if isinstance(value, str):
                return value.strip().lower() in ("1", "true", "yes", "on")
            return bool(value)
        if type_name == "int":
            return int(value)
        if type_name == "float":
            return float(value)
        return str(value)
    except ValueError as error:
        raise ConfigError(f"setting {name} must be {type_name}, got {value!r}", origin) from error

"""Settings: defaults < config file < environment < flags, with typed errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from synoptic.errors import ConfigError
from synoptic.settings import Settings, load_settings


def test_each_layer_overrides_the_one_before(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "synoptic.toml"
    config.write_text('[synoptic]\ndb = "from-file.db"\nworkers = 3\nfetch_timeout = 2.5\n', encoding="utf-8")
    monkeypatch.setenv("SYNOPTIC_WORKERS", "4")
    monkeypatch.setenv("SYNOPTIC_ALLOW_PRIVATE", "yes")
    settings = load_settings(config, db="from-flag.db")
    assert settings.db == "from-flag.db"
    assert settings.workers == 4
    assert settings.fetch_timeout == 2.5
    assert settings.allow_private is True
    assert settings.max_document_bytes == Settings().max_document_bytes


def test_unknown_or_mistyped_settings_are_config_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "bad.toml"
    config.write_text("colour = 'blue'\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="unknown setting 'colour'"):
        load_settings(config)
    monkeypatch.setenv("SYNOPTIC_WORKERS", "many")
    with pytest.raises(ConfigError, match="workers must be int"):
        load_settings()


def test_an_unreadable_config_file_names_the_file(tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text("db = [", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_settings(broken)
    assert caught.value.subject == str(broken)


def test_the_api_token_comes_from_the_environment_and_stays_out_of_the_repr(monkeypatch: pytest.MonkeyPatch) -> None:
    assert Settings().api_token is None
    monkeypatch.setenv("SYNOPTIC_API_TOKEN", "s3cret-token")
    settings = load_settings()
    assert settings.api_token == "s3cret-token"
    assert "s3cret-token" not in repr(settings)
    monkeypatch.setenv("SYNOPTIC_API_TOKEN", "")
    assert load_settings().api_token is None

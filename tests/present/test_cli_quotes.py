"""`synoptic quotes --json` on the seeds: offsets index the file exactly as read."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from synoptic.present.cli import app


def test_quote_offsets_and_speaker_mentions_index_the_file_as_read(seeds: list[Path]) -> None:
    result = CliRunner().invoke(app, ["quotes", "--json", *map(str, seeds)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    files = json.loads(result.stdout)
    assert [f["file"] for f in files] == [str(s) for s in seeds]
    for entry in files:
        text = Path(entry["file"]).read_bytes().decode("utf-8")
        assert entry["quotes"], entry["file"]
        for quote in entry["quotes"]:
            assert text[quote["start"] : quote["end"]] == quote["text"]
            assert quote["kind"] in {"direct", "partial", "indirect"}
            if quote["speaker_start"] is not None:
                mention = text[quote["speaker_start"] : quote["speaker_end"]]
                assert mention.strip() == mention
                assert mention


def test_a_file_that_is_not_utf8_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "latin.txt"
    bad.write_bytes("caf\xe9".encode("latin-1"))
    result = CliRunner().invoke(app, ["quotes", str(bad)])
    assert result.exit_code != 0
    assert "not UTF-8 text" in str(result.exception)

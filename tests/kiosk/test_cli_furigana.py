"""``kazasu-kiosk register`` without a furigana names a suggested reading and registers nobody."""

from __future__ import annotations

from pathlib import Path

from tests.kiosk.test_cli import Cli


def test_register_without_furigana_prints_a_suggestion_and_changes_nothing(tmp_path: Path) -> None:
    cli = Cli(tmp_path / "data")
    cli.run("init")
    assert cli.run("register", "--name", "山﨑\u3000美咲", code=1) is None
    assert "--furigana" in cli.stderr
    assert "やまざき\u3000みさき" in cli.stderr
    assert cli.run("search", "山﨑") == []
    person = cli.run("register", "--name", "山﨑\u3000美咲", "--furigana", "やまさき\u3000みさき")
    assert person["furigana"] == "やまさき\u3000みさき"


def test_register_without_furigana_for_a_latin_name_asks_for_one(tmp_path: Path) -> None:
    cli = Cli(tmp_path / "data")
    cli.run("init")
    cli.run("register", "--name", "SMITH JOHN", code=1)
    assert "--furigana" in cli.stderr and "no reading to suggest" in cli.stderr
    assert cli.run("search", "SMITH") == []

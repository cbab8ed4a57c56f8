"""``kazasu-kiosk`` end to end, as an operator would use it: JSON out, clear exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
CARD_KEY = "jpki:" + "c" * 64


class Cli:
    """Runs the command line against one data folder."""

    def __init__(self, data: Path) -> None:
        self.env = os.environ | {
            "KAZASU_DATA": str(data),
            "KAZASU_PASSPHRASE": "operator passphrase",
            "KAZASU_ACTOR": "staff:cli-test",
        }

    def run(self, *args: str, code: int = 0) -> Any:
        done = subprocess.run(
            [sys.executable, "-m", "kiosk.cli", *args],
            capture_output=True,
            text=True,
            env=self.env,
            cwd=REPO,
            stdin=subprocess.DEVNULL,
        )
        assert done.returncode == code, done.stderr
        self.stderr = done.stderr
        return json.loads(done.stdout) if done.stdout.strip() else None


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    c = Cli(tmp_path / "data")
    c.run("init")
    c.run("shelter-add", "S1", "第一小学校", "--capacity", "200")
    return c


def test_a_shelter_day_from_the_command_line(cli: Cli, tmp_path: Path) -> None:
    household = cli.run("household-add", "--shelter", "S1")
    person = cli.run(
        "register",
        "--name",
        "山田 太郎",
        "--furigana",
        "やまだ たろう",
        "--sex",
        "1",
        "--household",
        household["household_id"],
        "--card-key",
        "jpki:" + "a" * 64,
    )
    assert cli.run("checkin", "jpki:" + "a" * 64, "--shelter", "S1")["outcome"] == "checked_in"
    again = cli.run("checkin", person["person_id"], "--shelter", "S1")
    assert again["outcome"] == "already_present"
    roster = cli.run("roster", "--shelter", "S1")
    assert [p["name"] for p in roster["people"]] == ["山田 太郎"]
    assert cli.run("search", "ヤマダ")[0]["person_id"] == person["person_id"]
    assert cli.run("counts", "--shelter", "S1")["present"] == 1
    assert cli.run("export-csv", str(tmp_path / "r.csv"), "--shelter", "S1")["rows"] == 1
    cli.run("checkout", person["person_id"], "--shelter", "S1")
    verified = cli.run("audit-verify")
    assert verified["ok"] and verified["outbox_events"] == 5
    actors = {e["actor"] for e in cli.run("audit")}
    assert actors == {"staff:cli-test"}


def test_refusals_exit_1_and_say_why(cli: Cli) -> None:
    person = cli.run("register", "--name", "佐藤", "--furigana", "さとう")
    cli.run("checkout", person["person_id"], "--shelter", "S1", code=1)
    assert "not_present" in cli.stderr
    cli.run("checkin", "jpki:" + "f" * 64, "--shelter", "S1", code=1)
    assert "staff desk" in cli.stderr


def test_a_failed_import_exits_1_and_lists_the_rows(cli: Cli, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("氏名,ふりがな,性別\n山田,やまだ,?\n", encoding="utf-8")
    report = cli.run("import-csv", str(bad), "--shelter", "S1", code=1)
    assert report["errors"] == [
        {"line": 2, "column": "性別", "message": report["errors"][0]["message"]}
    ]
    assert "nothing was imported" in cli.stderr


def test_a_wrong_passphrase_exits_3(cli: Cli) -> None:
    cli.env["KAZASU_PASSPHRASE"] = "wrong passphrase"
    cli.run("shelters", code=3)
    assert "passphrase is not correct" in cli.stderr


def test_rekey_from_the_command_line(cli: Cli) -> None:
    cli.env["KAZASU_NEW_PASSPHRASE"] = "the new passphrase"
    assert cli.run("rekey") == {"rekeyed": True}
    cli.run("shelters", code=3)
    cli.env["KAZASU_PASSPHRASE"] = "the new passphrase"
    assert [s["shelter_id"] for s in cli.run("shelters")] == ["S1"]


def test_mapping_a_shelter_before_enrolment_is_refused_and_says_why(cli: Cli) -> None:
    assert cli.run("unmapped-shelters") == {"unmapped": [], "platform": []}
    cli.run("map-shelter", "S1", "--to", "S-001", code=1)
    assert "refused (not-enrolled)" in cli.stderr
    assert [s["shelter_id"] for s in cli.run("shelters")] == ["S1"]


def test_a_register_whose_card_key_is_refused_changes_nothing_and_a_retry_makes_no_duplicate(
    cli: Cli,
) -> None:
    before = cli.run("audit-verify")["outbox_events"]
    cli.run(
        "register",
        "--name",
        "田中 一",
        "--furigana",
        "たなか はじめ",
        "--card-key",
        "bogus:1",
        code=1,
    )
    assert "bogus" in cli.stderr
    assert cli.run("search", "たなか") == []
    assert cli.run("audit-verify")["outbox_events"] == before
    cli.run("register", "--name", "田中 一", "--furigana", "たなか はじめ", "--card-key", CARD_KEY)
    assert [p["name"] for p in cli.run("search", "たなか")] == ["田中 一"]


def test_a_walk_in_is_registered_and_checked_in_by_one_command_or_not_at_all(cli: Cli) -> None:
    before = cli.run("audit-verify")["outbox_events"]
    walk_in = ["register", "--name", "鈴木 花", "--furigana", "すずき はな", "--check-in"]
    cli.run(*walk_in, "S9", code=1)  # no such shelter: no person either
    assert "S9" in cli.stderr
    assert cli.run("search", "すずき") == []
    assert cli.run("audit-verify")["outbox_events"] == before
    person = cli.run(*walk_in, "S1")
    shown = cli.run("show", person["person_id"])
    assert shown["presence"]["shelter_id"] == "S1"

"""``kazasu-platform``'s early-voting commands: an election office sets up an election, imports
the roll, issues a declaration, and reads incidents and the tally from the command line."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from sqlalchemy import select

from linkage.cli import main
from linkage.db import make_engine
from linkage.tables import persons
from tests.linkage.polling_place import today, voting_days


def _run(capsys: pytest.CaptureFixture[str], data: Path, *args: str) -> tuple[int, str]:
    code = main(["--data", str(data), *args])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_an_election_office_runs_early_voting_from_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("KAZASU_DATABASE_URL", raising=False)
    assert _run(capsys, tmp_path, "migrate")[0] == 0
    first, last = voting_days()[0].isoformat(), voting_days()[-1].isoformat()
    election = ("election", "E-1", "--name", "架空市長選挙", "--from", first, "--to", last)
    assert _run(capsys, tmp_path, *election)[0] == 0
    site = ("voting-site", "P-1", "--election", "E-1", "--name", "市役所")
    assert _run(capsys, tmp_path, *site, "--outage", "provisional", "--no-pin")[0] == 0
    code, out = _run(capsys, tmp_path, "elections")
    listed = json.loads(out)
    assert listed[0]["voting_days"] == [d.isoformat() for d in voting_days()]
    assert listed[0]["sites"] == ["P-1"]
    off = _run(capsys, tmp_path, *site, "--day", "2001-01-01")
    assert off[0] == 1 and "its election's" in off[1]

    residents = tmp_path / "residents.csv"
    residents.write_text(
        "external_ref,family_name,given_name,birth_date,address\nr1,中村,優,1990-03-04,本町1\n",
        encoding="utf-8",
    )
    _run(capsys, tmp_path, "import-residents", str(residents), "--municipality", "M")
    roll = tmp_path / "roll.csv"
    roll.write_text(
        "\ufeffroll_number,family_name,given_name,birth_date,sex,address\n"
        "1,中村,優,1990-03-04,女,本町1\n",
        encoding="utf-8",
    )
    code, out = _run(capsys, tmp_path, "import-roll", str(roll), "--election", "E-1")
    assert code == 0 and json.loads(out) == {
        "created": 1,
        "updated": 0,
        "linked": 1,
        "ambiguous": [],
    }
    code, out = _run(capsys, tmp_path, "voters", "E-1")
    [voter] = json.loads(out)
    assert code == 0 and (voter["roll_number"], voter["status"]) == ("1", "not_voted")
    assert voter["person_id"] == _person(tmp_path)
    unknown = _run(capsys, tmp_path, "voters", "E-404")
    assert unknown[0] == 1 and "E-404" in unknown[1]
    bad = tmp_path / "bad.csv"
    bad.write_text("roll_number,family_name,given_name,birth_date,sex,address\n2,,,x,,\n")
    code, out = _run(capsys, tmp_path, "import-roll", str(bad), "--election", "E-1")
    assert code == 1 and "nothing was imported" in out

    person = _person(tmp_path)
    declare = ("declare", person, "--election", "E-1", "--date", today().isoformat())
    code, out = _run(capsys, tmp_path, *declare, "--reason", "2")
    assert code == 0
    issued = json.loads(out)
    code, out = _run(capsys, tmp_path, "check-qr", issued["code"])
    assert code == 0 and json.loads(out)["claims"]["election_id"] == "E-1"

    code, out = _run(capsys, tmp_path, "voting-incidents", "E-1")
    assert code == 0 and json.loads(out) == []
    target = tmp_path / "tally.csv"
    code, _ = _run(capsys, tmp_path, "tally", "E-1", "--format", "csv", "--out", str(target))
    assert code == 0
    rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    assert rows[0][:5] == ["投票所ID", "投票所名", "投票日", "性別", "投票者数"]
    assert rows[-1][0] == "合計"
    unlink = ("link-voter", issued["voter_id"], "--election", "E-1", "--unlink")
    assert _run(capsys, tmp_path, *unlink)[0] == 0


def _person(data: Path) -> str:
    engine = make_engine(f"sqlite:///{data / 'platform.sqlite3'}")
    with engine.connect() as conn:
        person: str = conn.execute(select(persons.c.person_id)).scalar_one()
    engine.dispose()
    return person

"""``kazasu-platform``: migrate, administer and export from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from linkage.cli import main


def _run(capsys: pytest.CaptureFixture[str], data: Path, *args: str) -> tuple[int, str]:
    code = main(["--data", str(data), *args])
    return code, capsys.readouterr().out


def test_commands_refuse_an_unmigrated_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("KAZASU_DATABASE_URL", raising=False)
    code = main(["--data", str(tmp_path), "shelter", "S-1", "--municipality", "M", "--name", "x"])
    assert code == 1
    assert "kazasu-platform migrate" in capsys.readouterr().err


def test_an_administrator_sets_up_a_shelter_and_a_kiosk_code(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("KAZASU_DATABASE_URL", raising=False)
    assert _run(capsys, tmp_path, "migrate")[0] == 0
    assert (tmp_path / "platform.sqlite3").exists()
    shelter = ("shelter", "S-1", "--municipality", "M", "--name", "体育館")
    assert main(["--data", str(tmp_path), *shelter]) == 1  # its municipality comes first
    assert "Unknown municipality" in capsys.readouterr().err
    assert _run(capsys, tmp_path, "municipality", "M", "--name", "みどり市")[0] == 0
    code, out = _run(capsys, tmp_path, "municipalities")
    assert json.loads(out) == [{"municipality_id": "M", "name": "みどり市"}]
    assert _run(capsys, tmp_path, *shelter)[0] == 0
    code, out = _run(capsys, tmp_path, "enrolment-code", "--shelter", "S-1", "--label", "desk")
    assert code == 0
    issued = json.loads(out)
    assert issued["scope"] == {"shelters": ["S-1"], "polling_site": None}
    assert len(issued["code"]) == 19
    unknown = main(["--data", str(tmp_path), "enrolment-code", "--shelter", "S-9", "--label", "x"])
    assert unknown == 1
    assert "Unknown shelter" in capsys.readouterr().err


def test_residents_are_imported_and_consent_exported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("KAZASU_DATABASE_URL", raising=False)
    _run(capsys, tmp_path, "migrate")
    _run(capsys, tmp_path, "municipality", "M", "--name", "x")
    _run(capsys, tmp_path, "shelter", "S-1", "--municipality", "M", "--name", "x")
    csv_file = tmp_path / "residents.csv"
    csv_file.write_text(
        "external_ref,family_name,given_name,birth_date,designated_shelter_id,kiosk_consent\n"
        "r1,中村,優,1990-03-04,S-1,yes\nr2,中村,,1990-03-04,S-1,yes\n",
        encoding="utf-8",
    )
    code, out = _run(capsys, tmp_path, "import-residents", str(csv_file), "--municipality", "M")
    report = json.loads(out)
    assert code == 0 and report["created"] == 1 and report["errors"][0]["row"] == 3
    from sqlalchemy import select

    from linkage.db import make_engine
    from linkage.tables import persons

    engine = make_engine(f"sqlite:///{tmp_path / 'platform.sqlite3'}")
    with engine.connect() as conn:
        person_id: str = conn.execute(select(persons.c.person_id)).scalar_one()
    engine.dispose()
    assert _run(capsys, tmp_path, "consent", person_id, "kiosk-roster", "withdrawn")[0] == 0
    code, out = _run(capsys, tmp_path, "consent-receipt", person_id)
    receipt = json.loads(out)
    [record] = receipt["consent_records"]
    assert [e["event_type"] for e in record["events"]] == ["given", "withdrawn"]
    assert record["status"] == "withdrawn"


def test_the_openapi_command_prints_the_committed_document(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["openapi"]) == 0
    printed = json.loads(capsys.readouterr().out)
    committed = Path(__file__).resolve().parents[2] / "docs" / "openapi.json"
    assert printed == json.loads(committed.read_text(encoding="utf-8"))


@pytest.mark.parametrize("engine", ["postgresql"], indirect=True)
def test_a_command_leaves_no_connection_to_the_database_open(
    engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = engine.url.render_as_string(False)
    assert _run(capsys, tmp_path, "--database-url", url, "municipalities") == (0, "[]\n")
    with engine.connect() as connection:
        others: int = connection.execute(
            text(
                "SELECT count(*) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        ).scalar_one()
    assert others == 0

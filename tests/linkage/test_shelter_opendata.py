"""A city's shelters loaded from, and written to, its open data lists (指定避難所一覧 and
指定緊急避難場所一覧) in one command, all or nothing."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from sqlalchemy import select

from linkage import unit
from linkage.cli import main
from linkage.db import make_engine
from linkage.tables import shelters

SHELTERS = (
    "NO,共通ID,施設・場所名,施設・場所名_カナ,所在地_連結表記,緯度,経度,高さ,電話番号,"
    "想定収容人数,対象となる避難者の範囲,備考\r\n"
    "1,001,みどり小学校,ミドリショウガッコウ,みどり市本町一丁目2番,35.1001,139.2001,,,"
    '"1,200",,\r\n'
    "2,002,みどり福祉センター,ミドリフクシセンター,みどり市栄町3-4,35.1102,139.2102,,,40,"
    "要配慮者（福祉避難所）,\r\n"
)
EMERGENCY = (
    "NO,共通ID,施設・場所名,施設・場所名_カナ,所在地_連結表記,緯度,経度,"
    "災害種別_洪水,災害種別_崖崩れ、土石流及び地滑り,災害種別_高潮,災害種別_地震,"
    "災害種別_津波,災害種別_大規模な火事,災害種別_内水氾濫,災害種別_火山現象\r\n"
    "1,101,みどり中央公園,ミドリチュウオウコウエン,みどり市中央5,35.12,139.22,,,,○,,◎,,\r\n"
)


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.delenv("KAZASU_DATABASE_URL", raising=False)
    args = ["--data", str(tmp_path)]
    assert main([*args, "migrate"]) == 0
    assert main([*args, "municipality", "M", "--name", "みどり市"]) == 0
    return args


def _rows(tmp_path: Path) -> dict[str, dict[str, object]]:
    engine = make_engine(f"sqlite:///{tmp_path / 'platform.sqlite3'}")
    found = unit.read(engine, lambda c: c.execute(select(shelters)).all())
    engine.dispose()
    return {r.shelter_id: dict(r._mapping) for r in found}


def test_a_list_loads_in_one_command_and_exports_in_the_same_shape(
    data: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    listed = tmp_path / "shelters.csv"
    listed.write_bytes(SHELTERS.encode("cp932"))  # municipal systems often write Shift_JIS
    site = tmp_path / "sites.csv"
    site.write_text("\ufeff" + EMERGENCY, encoding="utf-8")
    capsys.readouterr()
    assert main([*data, "import-shelters", str(listed), "--municipality", "M"]) == 0
    assert json.loads(capsys.readouterr().out) == {"created": 2, "updated": 0}
    assert main([*data, "import-shelters", str(site), "--municipality", "M"]) == 0
    rows = _rows(tmp_path)
    school, welfare, park = rows["M-001"], rows["M-002"], rows["M-101"]
    assert (school["name"], school["capacity"], school["kind"]) == (
        "みどり小学校",
        1200,
        "designated",
    )
    assert (school["latitude"], school["longitude"]) == (35.1001, 139.2001)
    assert (school["name_kana"], school["address"]) == (
        "ミドリショウガッコウ",
        "みどり市本町一丁目2番",
    )
    assert welfare["kind"] == "welfare" and not welfare["is_open"]
    assert park["kind"] == "emergency" and json.loads(str(park["hazards"])) == [
        "地震",
        "大規模な火事",
    ]

    # Loading the list again updates and keeps whether a shelter is open.
    assert main([*data, "shelter-status", "M-001", "open"]) == 0
    capsys.readouterr()
    assert main([*data, "import-shelters", str(listed), "--municipality", "M"]) == 0
    assert json.loads(capsys.readouterr().out) == {"created": 0, "updated": 2}
    assert _rows(tmp_path)["M-001"]["is_open"]

    assert main([*data, "export-shelters", "--municipality", "M"]) == 0
    exported = capsys.readouterr().out
    table = list(csv.DictReader(io.StringIO(exported.lstrip("\ufeff"))))
    assert [r["共通ID"] for r in table] == ["001", "002", "101"]
    assert table[1]["対象となる避難者の範囲"].startswith("福祉避難所")
    assert table[2]["災害種別_地震"] == "○" and table[2]["災害種別_洪水"] == ""
    assert table[0]["想定収容人数"] == "1200"
    # What was exported loads back unchanged.
    again = tmp_path / "again.csv"
    again.write_text(exported, encoding="utf-8")
    before = _rows(tmp_path)
    assert main([*data, "import-shelters", str(again), "--municipality", "M"]) == 0
    assert _rows(tmp_path) == before


def test_a_list_with_a_bad_row_is_refused_whole_with_each_error(
    data: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = SHELTERS + "3,003,,,,91.0,139.0,,,many,,\r\n3,001,重複,,,35,139,,,,,\r\n"
    listed = tmp_path / "bad.csv"
    listed.write_text(bad, encoding="utf-8")
    capsys.readouterr()
    assert main([*data, "import-shelters", str(listed), "--municipality", "M"]) == 1
    err = capsys.readouterr().err
    assert "row 4: 施設・場所名 is refused" in err
    assert "row 4: 緯度 91.0 is out of range" in err
    assert "row 4: 想定収容人数 'many' is not a count" in err
    assert "row 5: 共通ID/NO '001' appears twice" in err
    assert _rows(tmp_path) == {}
    assert main([*data, "import-shelters", str(listed), "--municipality", "X"]) == 1
    assert "Unknown municipality" in capsys.readouterr().err
    no_columns = tmp_path / "other.csv"
    no_columns.write_text("name,lat\r\nx,1\r\n", encoding="utf-8")
    assert main([*data, "import-shelters", str(no_columns), "--municipality", "M"]) == 1
    assert "施設・場所名" in capsys.readouterr().err

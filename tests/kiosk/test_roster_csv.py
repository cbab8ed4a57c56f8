"""Roster export (UTF-8 with BOM, Japanese columns) and all-or-nothing resident-list import."""

from __future__ import annotations

import csv
import dataclasses
from pathlib import Path

import pytest

from kiosk import outbox
from kiosk.app import Kiosk
from kiosk.model import Sex, Shelter, Staying
from kiosk.roster_csv import export_csv, import_csv
from kiosk.store import Store
from tests.kiosk.builders import STAFF, add_household, add_person

GOOD = """氏名,ふりがな,性別,生年月日,世帯番号,滞在場所,障害,妊娠中,ペット
山田 太郎,やまだ たろう,男,昭和25年2月3日,A1,避難所,,いいえ,犬
山田 花子,やまだ はなこ,女,1952/4/5,A1,避難所,視覚、聴覚,いいえ,
佐藤 一郎,さとう いちろう,1,H2.3.4,B7,車中,,,
"""


def _write(tmp_path: Path, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / "residents.csv"
    path.write_bytes(text.encode(encoding))
    return path


def _events(kiosk: Kiosk) -> int:
    with kiosk.store.reading() as conn:
        return outbox.waiting(conn)


def test_export_is_utf8_with_bom_one_row_per_member_in_japanese(
    kiosk: Kiosk, tmp_path: Path
) -> None:
    household = add_household(kiosk, staying="car")
    a = add_person(kiosk, "山田 太郎", "やまだ たろう", household.household_id, sex="1")
    add_person(kiosk, "山田 花子", "やまだ はなこ", household.household_id, disabilities=["visual"])
    kiosk.presence.check_in(STAFF, a.person_id, "S1")
    out = tmp_path / "roster.csv"
    assert export_csv(kiosk.store, "S1", out, STAFF) == 2
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    assert [r["氏名"] for r in rows] == ["山田 太郎", "山田 花子"]
    assert rows[0]["性別"] == "男" and rows[0]["在所状況"] == "在所"
    assert rows[1]["障害"] == "視覚" and rows[1]["滞在場所"] == "車中"


def test_import_reads_labels_japanese_dates_and_groups_households(
    kiosk: Kiosk, tmp_path: Path
) -> None:
    report = import_csv(kiosk.store, _write(tmp_path, GOOD), "S1", STAFF)
    assert report.ok, report.errors
    assert (report.persons, report.households) == (3, 2)
    taro = kiosk.people.search("やまだたろう")[0]
    assert (taro.sex, str(taro.birth_date)) == (Sex.MALE, "1950-02-03")
    hanako = kiosk.people.search("はなこ")[0]
    assert hanako.household_id == taro.household_id
    assert [d.value for d in hanako.disabilities] == ["visual", "hearing"]
    assert kiosk.people.household(taro.household_id or "").pets[0].kind == "犬"
    ichiro = kiosk.people.search("さとう")[0]
    assert str(ichiro.birth_date) == "1990-03-04"
    assert kiosk.people.household(ichiro.household_id or "").staying is Staying.CAR


def test_an_exported_roster_imports_into_another_kiosk_unchanged(
    kiosk: Kiosk, tmp_path: Path
) -> None:
    assert import_csv(kiosk.store, _write(tmp_path, GOOD), "S1", STAFF).ok
    out = tmp_path / "roster.csv"
    export_csv(kiosk.store, "S1", out, STAFF)
    with Store.create(tmp_path / "other", "another passphrase", use_os_keystore=False) as other:
        Kiosk.over(other).shelters.add(STAFF, Shelter("S1", "第一小学校"))
        report = import_csv(other, out, "S1", STAFF)
        assert report.ok, report.errors
        moved = Kiosk.over(other).people
        for person in kiosk.people.search("やまだ") + kiosk.people.search("さとう"):
            copy = moved.get(person.person_id)
            assert dataclasses.replace(copy, household_id=person.household_id) == person


def test_shift_jis_files_from_spreadsheets_are_read(kiosk: Kiosk, tmp_path: Path) -> None:
    assert import_csv(kiosk.store, _write(tmp_path, GOOD, "cp932"), "S1", STAFF).ok
    assert len(kiosk.people.search("やまだ")) == 2


def test_malformed_rows_are_reported_by_line_and_column_and_nothing_is_applied(
    kiosk: Kiosk, tmp_path: Path
) -> None:
    bad = (
        "氏名,ふりがな,性別,生年月日,妊娠中,滞在場所\n"
        "正しい 人,ただしい ひと,女,1980-01-01,いいえ,避難所\n"
        ",からの なまえ,男,1980-01-01,,\n"
        "日付 不正,ひづけ ふせい,男,1980-13-40,,\n"
        "性別 不正,せいべつ ふせい,X,,,\n"
        "真偽 不正,しんぎ ふせい,女,,たぶん,\n"
        "場所 不正,ばしょ ふせい,女,,,宇宙\n"
        "列 不足,れつ ふそく\n"
    )
    before = _events(kiosk)
    report = import_csv(kiosk.store, _write(tmp_path, bad), "S1", STAFF)
    assert not report.ok
    assert [(e.line, e.column) for e in report.errors] == [
        (3, "氏名"),
        (4, "生年月日"),
        (5, "性別"),
        (6, "妊娠中"),
        (7, "滞在場所"),
        (8, "*"),
    ]
    assert "1980-13-40" in str(report.errors[1])
    assert kiosk.people.search("ただしい") == []
    assert _events(kiosk) == before


def test_unknown_and_missing_columns_are_reported_on_the_header_line(
    kiosk: Kiosk, tmp_path: Path
) -> None:
    report = import_csv(
        kiosk.store, _write(tmp_path, "氏名,マイナンバー\n山田,1234\n"), "S1", STAFF
    )
    assert [(e.line, e.column, e.message) for e in report.errors] == [
        (1, "マイナンバー", "unknown column"),
        (1, "ふりがな", "required column is missing"),
    ]


def test_a_person_id_already_registered_is_refused(kiosk: Kiosk, tmp_path: Path) -> None:
    existing = add_person(kiosk)
    text = f"個人ID,氏名,ふりがな\n{existing.person_id},別人,べつじん\np-new,新人,しんじん\n"
    report = import_csv(kiosk.store, _write(tmp_path, text), "S1", STAFF)
    assert [(e.line, e.column) for e in report.errors] == [(2, "個人ID")]
    assert kiosk.people.find("p-new") is None


def test_a_file_in_an_unknown_encoding_is_refused(kiosk: Kiosk, tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(b"\xff\xfe\x00\x81\xff")
    report = import_csv(kiosk.store, path, "S1", STAFF)
    assert not report.ok and "UTF-8" in report.errors[0].message


@pytest.mark.parametrize("text", ["2100-01-01", "令和99年1月1日"])
def test_birth_dates_in_the_future_are_refused(kiosk: Kiosk, tmp_path: Path, text: str) -> None:
    report = import_csv(
        kiosk.store, _write(tmp_path, f"氏名,ふりがな,生年月日\n未来,みらい,{text}\n"), "S1", STAFF
    )
    assert [(e.line, e.column) for e in report.errors] == [(2, "生年月日")]


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("M40.3.4", "1907-03-04"),
        ("明治40年3月4日", "1907-03-04"),
        ("T10.1.1", "1921-01-01"),
        ("大正10年1月1日", "1921-01-01"),
        ("T元.8.1", "1912-08-01"),
        ("S25.2.3", "1950-02-03"),
        ("H2.3.4", "1990-03-04"),
        ("R元.5.1", "2019-05-01"),
        ("令和2年1月1日", "2020-01-01"),
    ],
)
def test_every_era_reads_by_initial_and_by_name(
    kiosk: Kiosk, tmp_path: Path, text: str, iso: str
) -> None:
    report = import_csv(
        kiosk.store,
        _write(tmp_path, f"氏名,ふりがな,生年月日\n和暦 人,われき ひと,{text}\n"),
        "S1",
        STAFF,
    )
    assert report.ok, report.errors
    assert str(kiosk.people.search("われき")[0].birth_date) == iso

"""The figures shelters report: day and night, households, age and sex, care needs, outside."""

from __future__ import annotations

from datetime import UTC, date, datetime

from kiosk.app import Kiosk
from kiosk.counts import age_band
from tests.kiosk.builders import STAFF, FakeWall, add_household, add_person

JST_NOON_26 = datetime(2026, 11, 26, 3, 0, tzinfo=UTC)  # 12:00 in Japan


def test_age_bands() -> None:
    assert [age_band(a) for a in (0, 2, 3, 12, 18, 19, 64, 65, 80, None)] == [
        "0-2",
        "0-2",
        "3-5",
        "6-12",
        "13-18",
        "19-64",
        "19-64",
        "65-74",
        "75+",
        "unknown",
    ]


def test_counts_break_down_the_people_present(kiosk: Kiosk) -> None:
    family = add_household(kiosk)
    people = [
        add_person(
            kiosk,
            "母",
            "はは",
            family.household_id,
            sex="2",
            birth_date="1990-05-01",
            pregnant=True,
        ),
        add_person(kiosk, "子", "こ", family.household_id, sex="1", birth_date="2025-01-01"),
        add_person(
            kiosk,
            "祖父",
            "そふ",
            sex="1",
            birth_date="1940-01-01",
            care_required=True,
            disabilities=["visual", "hearing"],
            medication="降圧剤",
        ),
    ]
    for p in people:
        kiosk.presence.check_in(STAFF, p.person_id, "S1")
    counts = kiosk.counts.for_shelter("S1")
    assert counts.present == 3
    assert counts.households_present == 2
    assert counts.by_age_and_sex == {
        "19-64": {"female": 1},
        "0-2": {"male": 1},
        "75+": {"male": 1},
    }
    assert counts.needs_care == {
        "pregnant": 1,
        "care_required": 1,
        "disability:visual": 1,
        "disability:hearing": 1,
        "medication": 1,
    }
    assert counts.needs_care_people == 2
    assert counts.occupancy == 3 / 100


def test_day_and_night_counts_come_from_stays(kiosk: Kiosk, wall: FakeWall) -> None:
    day_only = add_person(kiosk, "昼", "ひる")
    night_only = add_person(kiosk, "夜", "よる")
    wall.set(datetime(2026, 11, 26, 0, 0, tzinfo=UTC))  # 09:00 JST
    kiosk.presence.check_in(STAFF, day_only.person_id, "S1")
    wall.set(datetime(2026, 11, 26, 8, 0, tzinfo=UTC))  # 17:00 JST
    kiosk.presence.check_out(STAFF, day_only.person_id, "S1")
    wall.set(datetime(2026, 11, 26, 10, 0, tzinfo=UTC))  # 19:00 JST
    kiosk.presence.check_in(STAFF, night_only.person_id, "S1")
    wall.set(datetime(2026, 11, 27, 0, 0, tzinfo=UTC))
    counts = kiosk.counts.for_shelter("S1", date(2026, 11, 26))
    assert (counts.day, counts.night, counts.present) == (1, 1, 1)


def test_people_staying_outside_are_counted_by_place(kiosk: Kiosk) -> None:
    in_car = add_household(kiosk, staying="car")
    at_home = add_household(kiosk, staying="home")
    inside = add_household(kiosk)
    add_person(kiosk, "車1", "くるま", in_car.household_id)
    add_person(kiosk, "車2", "くるま", in_car.household_id)
    add_person(kiosk, "家", "いえ", at_home.household_id)
    add_person(kiosk, "中", "なか", inside.household_id)
    assert kiosk.counts.for_shelter("S1").staying_outside == {"car": 2, "home": 1}

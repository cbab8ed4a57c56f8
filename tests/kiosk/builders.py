"""Builders and constants the kiosk tests share."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from kiosk.app import Kiosk
from kiosk.model import Household, Person

PASSPHRASE = "correct horse battery"
STAFF = "staff:tanaka"


class FakeWall:
    """A wall clock the test sets; kiosks with wrong clocks are part of the specification."""

    def __init__(self, moment: datetime) -> None:
        self.t = moment.timestamp()

    def __call__(self) -> float:
        return self.t

    def set(self, moment: datetime) -> None:
        self.t = moment.timestamp()


def add_household(k: Kiosk, shelter_id: str = "S1", **fields: Any) -> Household:
    """Register a household at a shelter; fields as in JSON."""
    household = Household.from_dict({"household_id": "", "shelter_id": shelter_id} | fields)
    return k.people.register_household(STAFF, household)


def add_person(
    k: Kiosk,
    name: str = "山田 太郎",
    furigana: str = "やまだ たろう",
    household_id: str | None = None,
    **fields: Any,
) -> Person:
    """Register a walk-in; fields as in JSON."""
    base = {"person_id": "", "name": name, "furigana": furigana, "household_id": household_id}
    return k.people.register(STAFF, Person.from_dict(base | fields))


def platform_household_fields(household_id: str, **fields: Any) -> dict[str, Any]:
    """A household's fields as the platform sends them in a snapshot item: every field the
    kiosk models, by name, with ``fields`` over the defaults."""
    return {
        "address": "",
        "car": {"colour": "", "model": "", "parked_at": "", "plate": ""},
        "damage": "",
        "gas_out": False,
        "household_id": household_id,
        "livable": None,
        "pets": [],
        "phone": "",
        "power_out": False,
        "registered_on": None,
        "registration_no": "",
        "representative_id": None,
        "shelter_id": None,
        "staying": "shelter",
        "tenure": "",
        "water_out": False,
    } | fields

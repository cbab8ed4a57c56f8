"""The figures a shelter reports upward: people present by day and night, households, age
bands by sex, people needing care by kind, and people staying outside the shelter."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from kiosk.model import Person, Staying
from kiosk.store import Store
from kiosk.timefmt import stamp

# Age bands used for supplies (baby food, school-age, elderly care); upper bounds inclusive.
AGE_BANDS: tuple[tuple[str, int | None], ...] = (
    ("0-2", 2),
    ("3-5", 5),
    ("6-12", 12),
    ("13-18", 18),
    ("19-64", 64),
    ("65-74", 74),
    ("75+", None),
)
UNKNOWN_AGE = "unknown"
# Headcounts are taken at these local hours: midday for "day", late evening for "night".
DAY_HOUR = 12
NIGHT_HOUR = 22
DEFAULT_TIMEZONE = "Asia/Tokyo"


@dataclass(frozen=True)
class Counts:
    """One shelter's figures at one moment (and for one local date, for day and night)."""

    shelter_id: str
    capacity: int
    present: int
    households_present: int
    day: int
    night: int
    by_age_and_sex: dict[str, dict[str, int]] = field(default_factory=dict)
    needs_care: dict[str, int] = field(default_factory=dict)
    needs_care_people: int = 0
    staying_outside: dict[str, int] = field(default_factory=dict)

    @property
    def occupancy(self) -> float:
        """Present people as a share of capacity (0 when capacity is unknown)."""
        return self.present / self.capacity if self.capacity else 0.0


def age_band(age: int | None) -> str:
    """The band an age falls in."""
    if age is None:
        return UNKNOWN_AGE
    for name, upper in AGE_BANDS:
        if upper is None or age <= upper:
            return name
    raise AssertionError("the last band is open-ended")


def care_kinds(person: Person) -> list[str]:
    """Every kind of consideration a person needs, for the 要配慮者 breakdown."""
    kinds = [k for k in ("pregnant", "nursing", "care_required") if getattr(person, k)]
    kinds += [f"disability:{d.value}" for d in person.disabilities]
    if person.allergies:
        kinds.append("allergies")
    if person.medication:
        kinds.append("medication")
    return kinds


class CountsService:
    """Computes a shelter's figures from presence, stays and the roster."""

    def __init__(self, store: Store, timezone: str = DEFAULT_TIMEZONE) -> None:
        self.store = store
        self.zone = ZoneInfo(timezone)

    def for_shelter(self, shelter_id: str, day: date | None = None) -> Counts:
        """The figures now, with day and night headcounts for ``day`` (today by default)."""
        now = self.store.now()
        day = day or now.astimezone(self.zone).date()
        with self.store.reading() as conn:
            capacity_row = conn.execute(
                "SELECT capacity FROM shelters WHERE shelter_id = ?", (shelter_id,)
            ).fetchone()
            rows = conn.execute(
                "SELECT p.data FROM presence r JOIN persons p USING (person_id)"
                " WHERE r.shelter_id = ? AND r.state = 'in'",
                (shelter_id,),
            ).fetchall()
            headcount = [
                int(
                    conn.execute(
                        "SELECT count(DISTINCT person_id) FROM stays WHERE shelter_id = ?"
                        " AND entered_at <= ? AND (left_at IS NULL OR left_at > ?)",
                        (shelter_id, at, at),
                    ).fetchone()[0]
                )
                for at in (self._instant(day, DAY_HOUR), self._instant(day, NIGHT_HOUR))
            ]
            outside_rows = conn.execute(
                # Stored rows omit default values; a missing 'staying' means the shelter.
                "SELECT coalesce(json_extract(h.data, '$.staying'), ?) AS place, count(*)"
                " FROM households h JOIN persons p USING (household_id)"
                " WHERE h.shelter_id = ? AND place != ? GROUP BY place",
                (Staying.SHELTER.value, shelter_id, Staying.SHELTER.value),
            ).fetchall()
        people = [Person.from_dict(json.loads(r[0])) for r in rows]
        today = now.astimezone(self.zone).date()
        by_age: dict[str, dict[str, int]] = {}
        care: dict[str, int] = {}
        for person in people:
            band = by_age.setdefault(age_band(person.age_on(today)), {})
            band[person.sex.name.lower()] = band.get(person.sex.name.lower(), 0) + 1
            for kind in care_kinds(person):
                care[kind] = care.get(kind, 0) + 1
        return Counts(
            shelter_id=shelter_id,
            capacity=int(capacity_row[0]) if capacity_row else 0,
            present=len(people),
            households_present=len({p.household_id or p.person_id for p in people}),
            day=headcount[0],
            night=headcount[1],
            by_age_and_sex=by_age,
            needs_care=care,
            needs_care_people=sum(1 for p in people if p.needs_care()),
            staying_outside={str(k): int(n) for k, n in outside_rows},
        )

    def _instant(self, day: date, hour: int) -> str:
        return stamp(datetime.combine(day, time(hour), self.zone))

"""The disaster headquarters' figures (災害対策本部): every shelter of a municipality at once.

Each shelter's figures are those its kiosks report upward, computed the same way from what
the kiosks synced (docs/decisions/hq.md): people present and households, people needing care
by kind (要配慮者), people whose household stays outside (car, tent, home, other), and the
headcounts at midday and at 22:00 Japan time from the check-in history. Event sites are not
shelters and are left out. The figures name nobody.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from sqlalchemy import Connection, select

from linkage.occupancy import Congestion, congestion
from linkage.places import serves_shelter_purpose
from linkage.presence import MOVE_TYPES
from linkage.scope import shelter_key
from linkage.tables import events, households, person_scopes, persons, presence, shelters

# Japan's one time zone, without daylight saving.
JST = timezone(timedelta(hours=9))
# The kiosk's headcount hours (kiosk/counts.py): midday for "day", late evening for "night".
DAY_HOUR, NIGHT_HOUR = 12, 22
# Disability kinds, in the order of the registration card; care kinds in report order.
DISABILITIES = ("physical", "visual", "hearing", "mental", "intellectual", "developmental")
CARE_KINDS = (
    "pregnant",
    "nursing",
    "care_required",
    *(f"disability:{d}" for d in DISABILITIES),
    "allergies",
    "medication",
)
OUTSIDE = ("home", "car", "tent", "other")


@dataclass(frozen=True)
class ShelterFigures:
    """One shelter's figures now, with the day's headcounts; nobody is named."""

    shelter_id: str
    municipality_id: str
    name: str
    kind: str
    is_open: bool
    capacity: int | None
    latitude: float | None
    longitude: float | None
    present: int
    households_present: int
    day: int
    night: int
    needs_care: dict[str, int] = field(default_factory=dict)
    needs_care_people: int = 0
    staying_outside: dict[str, int] = field(default_factory=dict)

    @property
    def congestion(self) -> Congestion:
        """The public congestion level of this shelter."""
        return congestion(self.is_open, self.present, self.capacity)


@dataclass(frozen=True)
class Totals:
    """The sum over shelters of every figure."""

    present: int
    households_present: int
    day: int
    night: int
    capacity: int
    needs_care: dict[str, int]
    needs_care_people: int
    staying_outside: dict[str, int]


def care_kinds(fields: dict[str, Any]) -> list[str]:
    """Every kind of consideration a person needs, as the kiosk counts them."""
    kinds = [k for k in ("pregnant", "nursing", "care_required") if fields.get(k)]
    kinds += [f"disability:{d}" for d in fields.get("disabilities") or ()]
    kinds += [k for k in ("allergies", "medication") if fields.get(k)]
    return kinds


def local_instant_ms(day: date, hour: int) -> int:
    """Milliseconds since the epoch of ``hour``:00 on ``day`` in Japan."""
    return int(datetime.combine(day, time(hour), JST).timestamp() * 1000)


def today() -> date:
    """Today's date in Japan."""
    return datetime.now(JST).date()


def figures(
    conn: Connection, municipality_id: str, day: date | None = None
) -> list[ShelterFigures]:
    """Every shelter of the municipality (event sites excluded), in shelter id order."""
    day = day or today()
    sites = conn.execute(
        select(shelters)
        .where(shelters.c.municipality_id == municipality_id, serves_shelter_purpose())
        .order_by(shelters.c.shelter_id)
    ).all()
    ids = [s.shelter_id for s in sites]
    present = _present(conn, ids)
    outside = _outside(conn, ids)
    instants = {hour: local_instant_ms(day, hour) for hour in (DAY_HOUR, NIGHT_HOUR)}
    at = headcounts(conn, ids, list(instants.values()))
    counts = {hour: at[ms] for hour, ms in instants.items()}
    out = []
    for s in sites:
        here = present.get(s.shelter_id, [])
        care: Counter[str] = Counter()
        for _, fields in here:
            care.update(care_kinds(fields))
        out.append(
            ShelterFigures(
                shelter_id=s.shelter_id,
                municipality_id=s.municipality_id,
                name=s.name,
                kind=s.kind,
                is_open=bool(s.is_open),
                capacity=s.capacity,
                latitude=s.latitude,
                longitude=s.longitude,
                present=len(here),
                households_present=len({h or pid for (pid, h), _ in here}),
                day=counts[DAY_HOUR].get(s.shelter_id, 0),
                night=counts[NIGHT_HOUR].get(s.shelter_id, 0),
                needs_care=dict(care),
                needs_care_people=sum(1 for _, f in here if care_kinds(f)),
                staying_outside=outside.get(s.shelter_id, {}),
            )
        )
    return out


def totals(rows: Iterable[ShelterFigures]) -> Totals:
    """The municipality's totals."""
    rows = list(rows)
    care: Counter[str] = Counter()
    away: Counter[str] = Counter()
    for r in rows:
        care.update(r.needs_care)
        away.update(r.staying_outside)
    return Totals(
        present=sum(r.present for r in rows),
        households_present=sum(r.households_present for r in rows),
        day=sum(r.day for r in rows),
        night=sum(r.night for r in rows),
        capacity=sum(r.capacity or 0 for r in rows),
        needs_care=dict(care),
        needs_care_people=sum(r.needs_care_people for r in rows),
        staying_outside=dict(away),
    )


def _present(
    conn: Connection, shelter_ids: list[str]
) -> dict[str, list[tuple[tuple[str, str | None], dict[str, Any]]]]:
    """Per shelter, ((person id, household id), fields) of each person present."""
    rows = conn.execute(
        select(presence.c.shelter_id, persons.c.person_id, persons.c.household_id, persons.c.fields)
        .join(persons, persons.c.person_id == presence.c.person_id)
        .where(presence.c.shelter_id.in_(shelter_ids), presence.c.state == "in")
    )
    out: dict[str, list[tuple[tuple[str, str | None], dict[str, Any]]]] = {}
    for r in rows:
        out.setdefault(r.shelter_id, []).append(
            ((r.person_id, r.household_id), json.loads(r.fields))
        )
    return out


def _outside(conn: Connection, shelter_ids: list[str]) -> dict[str, dict[str, int]]:
    """Per shelter, people of its households staying elsewhere, by where."""
    wanted = set(shelter_ids)
    # Only the people these shelters hold (by their scope index), not the whole platform's.
    held = (
        select(person_scopes.c.person_id)
        .where(person_scopes.c.scope_key.in_([shelter_key(s) for s in shelter_ids]))
        .distinct()
        .subquery()
    )
    rows = conn.execute(
        select(households.c.fields, persons.c.person_id)
        .join(persons, persons.c.household_id == households.c.household_id)
        .join(held, held.c.person_id == persons.c.person_id)
        .where(persons.c.merged_into.is_(None))
    )
    out: dict[str, Counter[str]] = {}
    for r in rows:
        fields = json.loads(r.fields)
        staying = fields.get("staying") or "shelter"
        if fields.get("shelter_id") in wanted and staying != "shelter":
            out.setdefault(fields["shelter_id"], Counter())[str(staying)] += 1
    return {k: dict(v) for k, v in out.items()}


def _moves(
    conn: Connection, until_ms: int, since_ms: int = 0
) -> list[tuple[str, str, str, str | None]]:
    """(hlc, person id, target shelter, shelter left) of every move event from ``since_ms`` up
    to ``until_ms``, in HLC order, with people merged away read as who they became."""
    rows = conn.execute(
        select(events.c.hlc, events.c.type, events.c.payload)
        .where(
            events.c.type.in_(sorted(MOVE_TYPES)),
            events.c.hlc >= f"{since_ms:018d}",
            events.c.hlc < f"{until_ms:018d}",
        )
        .order_by(events.c.hlc)
    ).all()
    parsed = [(r.hlc, r.type, json.loads(r.payload)) for r in rows]
    merged: dict[str, str] = dict(
        conn.execute(
            select(persons.c.person_id, persons.c.merged_into).where(
                persons.c.merged_into.is_not(None)
            )
        ).all()
    )
    out = []
    for hlc, kind, p in parsed:
        pid = p["person_id"]
        while pid in merged:
            pid = merged[pid]
        if kind == "shelter.moved":
            out.append((hlc, pid, p["to_shelter_id"], p["from_shelter_id"]))
        elif kind == "shelter.checked_in":
            out.append((hlc, pid, p["shelter_id"], None))
        else:
            out.append((hlc, pid, "", p["shelter_id"]))
    return out


def headcounts(
    conn: Connection, shelter_ids: list[str], instants_ms: list[int]
) -> dict[int, dict[str, int]]:
    """People present at each shelter at each instant: each person's latest move before it
    wins. The history is read once, in HLC order, and counted as each instant is passed."""
    where: dict[str, str] = {}
    out: dict[int, dict[str, int]] = {}
    pending = sorted(instants_ms)

    def count(at: int) -> None:
        counted = Counter(where.values())
        out[at] = {s: counted[s] for s in shelter_ids if counted[s]}

    for hlc, pid, target, _left in _moves(conn, max(pending)):
        while pending and hlc >= f"{pending[0]:018d}":
            count(pending.pop(0))
        where[pid] = target
    for at in pending:
        count(at)
    return out


@dataclass(frozen=True)
class Flow:
    """Arrivals and departures across a municipality's shelters in one hour."""

    start_ms: int
    arrivals: int
    departures: int


def flows(conn: Connection, municipality_id: str, until_ms: int, hours: int = 24) -> list[Flow]:
    """Arrivals and departures per hour over the ``hours`` before ``until_ms`` (a move between
    two of the municipality's shelters is a departure from one and an arrival at the other)."""
    ids: set[str] = set(
        conn.execute(
            select(shelters.c.shelter_id).where(
                shelters.c.municipality_id == municipality_id, serves_shelter_purpose()
            )
        ).scalars()
    )
    hour_ms = 3_600_000
    end = until_ms - until_ms % hour_ms + hour_ms
    start = end - hours * hour_ms
    arrivals: Counter[int] = Counter()
    departures: Counter[int] = Counter()
    for hlc, _pid, target, left in _moves(conn, end, start):
        at = int(hlc[:18])
        bucket = at - at % hour_ms
        if target in ids:
            arrivals[bucket] += 1
        if left in ids:
            departures[bucket] += 1
    return [
        Flow(b, arrivals[b], departures[b]) for b in (start + i * hour_ms for i in range(hours))
    ]


def hour_label(start_ms: int) -> str:
    """The hour of ``start_ms`` in Japan, as 14:00."""
    return (datetime.fromtimestamp(start_ms / 1000, JST)).strftime("%H:00")

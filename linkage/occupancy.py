"""How full each shelter is: people present, against capacity, as a congestion level.

Occupancy is the number of people whose latest presence is a check-in (or a move) at the
shelter; people who checked out, or moved on, no longer count. The level is a function of
occupancy over capacity (docs/decisions/public-map.md):

    below 50 %  vacant            空き
    50-79 %     somewhat_crowded  やや混雑
    80-99 %     crowded           混雑
    100 % up    full              満員

A shelter without a known capacity is ``unknown``; a closed shelter is ``closed`` whatever
its count.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from sqlalchemy import Connection, func, select

from linkage.tables import presence, shelters


class Congestion(enum.StrEnum):
    """The public congestion levels, from emptiest to closed."""

    VACANT = "vacant"
    SOMEWHAT_CROWDED = "somewhat_crowded"
    CROWDED = "crowded"
    FULL = "full"
    UNKNOWN = "unknown"
    CLOSED = "closed"


# Lower bounds of occupancy / capacity for each level above vacant, most crowded first.
THRESHOLDS: tuple[tuple[float, Congestion], ...] = (
    (1.0, Congestion.FULL),
    (0.8, Congestion.CROWDED),
    (0.5, Congestion.SOMEWHAT_CROWDED),
)


def congestion(is_open: bool, occupancy: int, capacity: int | None) -> Congestion:
    """The level of a shelter holding ``occupancy`` people (rule in the module docstring)."""
    if not is_open:
        return Congestion.CLOSED
    if capacity is None:
        return Congestion.UNKNOWN
    if capacity == 0:
        return Congestion.FULL  # a shelter with no room takes nobody
    ratio = occupancy / capacity
    for bound, level in THRESHOLDS:
        if ratio >= bound:
            return level
    return Congestion.VACANT


@dataclass(frozen=True)
class ShelterState:
    """What the public may know about one shelter: no person appears in it."""

    shelter_id: str
    municipality_id: str
    name: str
    latitude: float | None
    longitude: float | None
    is_open: bool
    capacity: int | None
    occupancy: int
    kind: str = "designated"

    @property
    def congestion(self) -> Congestion:
        """This shelter's congestion level."""
        return congestion(self.is_open, self.occupancy, self.capacity)


def shelter_states(conn: Connection) -> list[ShelterState]:
    """Every shelter with the number of people present there, in shelter id order."""
    present = (
        select(presence.c.shelter_id, func.count().label("n"))
        .where(presence.c.state == "in")
        .group_by(presence.c.shelter_id)
        .subquery()
    )
    rows = conn.execute(
        select(shelters, func.coalesce(present.c.n, 0).label("occupancy"))
        .outerjoin(present, present.c.shelter_id == shelters.c.shelter_id)
        .order_by(shelters.c.shelter_id)
    )
    return [
        ShelterState(
            shelter_id=r.shelter_id,
            municipality_id=r.municipality_id,
            name=r.name,
            latitude=r.latitude,
            longitude=r.longitude,
            is_open=bool(r.is_open),
            capacity=r.capacity,
            occupancy=int(r.occupancy),
            kind=r.kind,
        )
        for r in rows
    ]

"""The public shelter document: open shelters, capacity, occupancy, congestion; nobody in it.

Only shelters are public: a community event's site (kind ``event``) is never on the map, in
the JSON API, its stream or NGSI, since all of them read this document.

One document serves the JSON API, the live channel and the map page, so all three agree. Its
ETag is a hash of its bytes: the same state always gives the same tag on every process.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection

from kazasu_protocol.canonical import canonical_json
from linkage.occupancy import ShelterState, shelter_states
from linkage.places import SHELTER_PURPOSE, purpose_of


@dataclass(frozen=True)
class PublicView:
    """The public state of every shelter, rendered once."""

    states: tuple[ShelterState, ...]
    body: bytes
    etag: str


def shelter_entry(state: ShelterState) -> dict[str, Any]:
    """One shelter as the public sees it; a closed shelter shows no count."""
    located = state.latitude is not None and state.longitude is not None
    return {
        "shelter_id": state.shelter_id,
        "municipality_id": state.municipality_id,
        "name": state.name,
        "location": {"lat": state.latitude, "lon": state.longitude} if located else None,
        "status": "open" if state.is_open else "closed",
        "capacity": state.capacity,
        "occupancy": state.occupancy if state.is_open else None,
        "congestion": state.congestion.value,
    }


def render(states: list[ShelterState]) -> PublicView:
    """The document for these states, with its ETag."""
    body = canonical_json({"shelters": [shelter_entry(s) for s in states]}).encode()
    tag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    return PublicView(tuple(states), body, tag)


def read_view(conn: Connection) -> PublicView:
    """The current public document, from the database: shelters only, never event sites."""
    return render([s for s in shelter_states(conn) if purpose_of(s.kind) == SHELTER_PURPOSE])

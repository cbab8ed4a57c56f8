"""What the snapshot's phases share: the scope condition, JSON quoting in SQL, and a run of
items the database wrote as text."""

from __future__ import annotations

from typing import Any, NamedTuple

from sqlalchemy import Text, cast, func, select

from linkage.devices import Device
from linkage.tables import person_scopes


class Written(NamedTuple):
    """``size`` items as the database wrote them: their canonical JSON texts, comma-separated,
    in order; ``last`` is the last one's entity id."""

    text: str
    size: int
    last: str


def in_scope(device: Device, person_id: Any, after: str = "") -> Any:
    """Whether the person ``person_id`` is in the device's scope, as a condition.

    EXISTS keeps the walk in person-id order on the primary key. ``after`` bounds the scope's
    index range too: without it a page's merge with that index read it from the scope's first
    person, so each page read every person of the pages before it.
    """
    return (
        select(person_scopes.c.person_id)
        .where(
            person_scopes.c.person_id == person_id,
            person_scopes.c.scope_key.in_(sorted(device.scope_keys)),
            person_scopes.c.person_id > after,
        )
        .exists()
    )


def json_text(column: Any) -> Any:
    """``column`` as JSON quotes it."""
    return cast(func.to_json(column), Text)

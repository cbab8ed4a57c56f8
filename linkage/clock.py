"""Stamps bounded by the platform's clock (DESIGN.md, "Time is bounded").

An event stamped further ahead of the platform's clock than the configured bound is not lost:
it may be a person's real check-in from a kiosk whose clock was wrong before it ever synced.
It is stored as sent (its hash covers the stamp), ordered as if stamped when it arrived, and
flagged as an incident naming the device.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from linkage.envelope import EventIn

INCIDENT = "clock-ahead"
MAX_LISTED = 50


def wall_ms(hlc: str) -> int:
    """The wall-clock milliseconds of an HLC stamp."""
    return int(hlc.split(":", 1)[0])


def bounded(batch: Sequence[EventIn], arrived_ms: int, max_ahead_ms: int) -> list[EventIn]:
    """``batch`` (in device order) with every stamp beyond ``arrived_ms + max_ahead_ms``
    replaced by one of the arrival time; the device's node is kept, and the counter numbers
    the replaced events so that they keep the device's order among themselves."""
    out: list[EventIn] = []
    replaced = 0
    for event in batch:
        if wall_ms(event.hlc) > arrived_ms + max_ahead_ms:
            node = event.hlc.split(":", 2)[2]
            hlc = f"{arrived_ms:018d}:{replaced:05d}:{node}"
            replaced += 1
            event = event.model_copy(update={"hlc": hlc})
        out.append(event)
    return out


def incidents(
    stored: Sequence[EventIn], ordered: Sequence[EventIn]
) -> list[tuple[str, dict[str, Any]]]:
    """One incident for the stored events of a push whose stamps were replaced, if any."""
    moved = [(s, o) for s, o in zip(stored, ordered, strict=True) if s.hlc != o.hlc]
    if not moved:
        return []
    detail = {
        "count": len(moved),
        "events": [
            {"event_id": s.event_id, "device_seq": s.device_seq, "hlc": s.hlc, "ordered_as": o.hlc}
            for s, o in moved[:MAX_LISTED]
        ],
    }
    return [(INCIDENT, detail)]

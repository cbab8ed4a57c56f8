"""Stamps bounded by the platform's clock (docs/design.md, "Time is bounded").

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


def bounded(batch: Sequence[EventIn], arrived_ms: int, max_ahead_ms: int) -> list[EventIn]:
    """``batch`` (in device order) with every stamp beyond ``arrived_ms + max_ahead_ms``
    replaced by one of the arrival time, the device's node kept.

    A replaced stamp never falls below the device's earlier events of the batch: a check-out
    re-stamped stays after the check-in before it.
    """
    # A stamp's wall time is its first 18 digits (the envelope's pattern): compared as text,
    # as the bound written the same way, without parsing every stamp.
    bound = f"{arrived_ms + max_ahead_ms:018d}"
    if all(event.hlc[:18] <= bound for event in batch):
        return list(batch)
    out: list[EventIn] = []
    floor = (0, -1)  # the latest (wall, counter) of the batch so far
    for event in batch:
        wall, counter, node = event.hlc.split(":", 2)
        stamp = (int(wall), int(counter))
        if stamp[0] > arrived_ms + max_ahead_ms:
            stamp = (arrived_ms, 0) if arrived_ms > floor[0] else (floor[0], floor[1] + 1)
            hlc = f"{stamp[0]:018d}:{stamp[1]:05d}:{node}"
            event = event.model_copy(update={"hlc": hlc})
        floor = max(floor, stamp)
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

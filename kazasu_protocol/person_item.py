"""The compact person item of a snapshot page (docs/protocol/sync.md, "Snapshot"): one stamp for
the record, and a stamp only for a field whose stamp differs from it.

Today's person item carries ``field_hlc``, a stamp for every stamped field, and a snapshot's
people mostly carry one stamp repeated for each field. The compact item carries instead:

- ``hlc``: the stamp most of the record's stamped fields carry (on a tie, the earliest of
  them), or ``null`` when no field has one;
- ``field_hlc``, only when not empty: each field whose stamp is not ``hlc`` with its own stamp,
  or ``null`` for a field of ``fields`` that has none.

Read back, every field of ``fields`` has ``hlc`` unless ``field_hlc`` names it, and a ``null``
is no stamp: the stamps are exactly today's ``field_hlc``. A kiosk receives the compact item
only when it asks for it (``person_items=compact``), on a page that says so.

The rule takes any record's fields and stamps: the compact household item
(kazasu_protocol/household_item.py) is the same rule for a household.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any

# The snapshot request's ``person_items`` value that asks for compact person items, and the
# page's ``person_items`` value that says they are.
COMPACT = "compact"
# What a differing stamp may be: a stamp, or null for none.
_STAMP_TYPES = {str, type(None)}


def compact_stamps(
    fields: Mapping[str, Any], field_hlc: Mapping[str, str]
) -> tuple[str | None, dict[str, str | None]]:
    """The compact form of a record's stamps: (``hlc``, ``field_hlc``) for a record of
    ``fields`` whose stamps are ``field_hlc``; the latter in name order."""
    stamps = set(field_hlc.values())
    if len(stamps) == 1:
        # Most records: one write stamped every field; nothing is counted or compared.
        (hlc,) = stamps
        differing: dict[str, str | None] = {}
    elif stamps:
        counts = Counter(field_hlc.values())
        # The most frequent stamp; of equally frequent ones the earliest, so the choice is fixed.
        hlc = min(counts, key=lambda stamp: (-counts[stamp], stamp))
        differing = {name: stamp for name, stamp in field_hlc.items() if stamp != hlc}
    else:
        return None, {}
    # A field without a stamp, and a stamp of a field the record does not hold.
    differing.update(dict.fromkeys(fields.keys() - field_hlc.keys()))
    differing.update((name, field_hlc[name]) for name in field_hlc.keys() - fields.keys())
    return hlc, dict(sorted(differing.items())) if differing else differing


def field_stamps(payload: Mapping[str, Any], entity: str = "person") -> dict[str, str]:
    """The stamps of a compact item's fields by name, as today's ``field_hlc``; raises
    ValueError saying what is wrong when the item has no ``hlc`` or a stamp is not text.
    ``entity`` names the item in that message."""
    if "hlc" not in payload:
        raise ValueError(f"a compact {entity} item without hlc")
    hlc = payload["hlc"]
    fields = payload.get("fields", {})
    if not isinstance(fields, dict):
        raise ValueError("fields is not an object")
    if hlc is None:
        stamps: dict[str, Any] = {}
    elif isinstance(hlc, str):
        stamps = dict.fromkeys(fields, hlc)
    else:
        raise ValueError("hlc is not a stamp")
    differing = payload.get("field_hlc", {})
    if not isinstance(differing, dict) or not set(map(type, differing.values())) <= _STAMP_TYPES:
        raise ValueError("field_hlc is not an object of stamps or nulls")
    if differing:
        stamps.update(differing)
        if None in differing.values():
            stamps = {name: stamp for name, stamp in stamps.items() if stamp is not None}
    return stamps

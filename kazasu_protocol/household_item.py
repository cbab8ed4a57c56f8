"""The compact household item of a snapshot page (docs/protocol/sync.md, "Snapshot"): the
compact person item's rule (kazasu_protocol/person_item.py) for a household's stamps.

A household item carries ``field_hlc`` like a person item, one stamp repeated for each of its
fields; compacted, it carries ``hlc`` and only the differing stamps in ``field_hlc``, found and
read back exactly as a person item's. One copy of the rule serves both: this module only names
it for a household, so that a household's writer and reader say what they handle. A kiosk
receives the compact item only when it asks for it (``household_items=compact``), on a page
that says so.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kazasu_protocol import person_item

# The snapshot request's ``household_items`` value that asks for compact household items,
# and the page's ``household_items`` value that says they are: the person items' word.
COMPACT = person_item.COMPACT
# A household's compact stamps are found as a person's.
compact_stamps = person_item.compact_stamps


def field_stamps(payload: Mapping[str, Any]) -> dict[str, str]:
    """The stamps of a compact household item's fields by name, as today's ``field_hlc``;
    raises ValueError saying what is wrong, as ``person_item.field_stamps`` does."""
    return person_item.field_stamps(payload, "household")

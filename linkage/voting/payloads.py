"""Payload rules of the kiosk's early-voting events (docs/protocol/voting.md, offline events).

Kept apart from their projection so that the envelope check can use them without importing
the rest of the platform.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from linkage.voting.staff_ids import same_worker

_STR, _OPT_STR, _INT = (str,), (str, type(None)), (int,)

# Required keys of each (type, schema) and the JSON types each may take; the envelope's
# generic check applies these, ``payload_problem`` the rest.
PAYLOADS: dict[tuple[str, int], dict[str, tuple[type, ...]]] = {
    ("ballot.provisional", 1): {
        "claim_id": _STR,
        "voter_id": _STR,
        "election_id": _STR,
        "issued_by": _STR,
        "confirmed_by": _STR,
    },
    ("ballot.issued", 1): {
        "claim_id": _STR,
        "voter_id": _STR,
        "election_id": _STR,
        "issued_by": _STR,
        "confirmed_by": _STR,
    },
    ("declaration.made", 1): {
        "declaration_id": _STR,
        "voter_id": _STR,
        "election_id": _STR,
        "vote_date": _STR,
    },
    ("declaration.completed", 1): {"declaration_id": _STR},
}
TYPES = frozenset(t for t, _ in PAYLOADS)


def payload_problem(kind: str, payload: dict[str, Any]) -> tuple[Literal["invalid"], str] | None:
    """What the generic check cannot see: the reasons, dates and optional fields."""
    if kind == "ballot.provisional":
        reason = payload.get("reason")
        if not isinstance(reason, str) or not 0 < len(reason) <= 200:
            return "invalid", "payload field 'reason' must be text of 1 to 200 characters"
    if kind in ("ballot.provisional", "ballot.issued"):
        if same_worker(payload["issued_by"], payload["confirmed_by"]):
            return "invalid", "a second poll worker must confirm: confirmed_by = issued_by"
        declaration = payload.get("declaration_id")
        if declaration is not None and (
            not isinstance(declaration, str) or not 0 < len(declaration) <= 64
        ):
            return "invalid", "payload field 'declaration_id' must be text or null"
    if kind == "declaration.made":
        reason = payload.get("reason")
        if isinstance(reason, bool) or not isinstance(reason, int) or not 1 <= reason <= 6:
            return "invalid", "payload field 'reason' must be an integer from 1 to 6"
        try:
            date.fromisoformat(payload["vote_date"])
        except ValueError:
            return "invalid", "payload field 'vote_date' is not a date (YYYY-MM-DD)"
    return None

"""Feed changes of a polling site (docs/protocol/voting.md), applied the way sync applies them."""

from __future__ import annotations

from typing import Any

from kiosk.feed_apply import apply_page
from kiosk.feed_page import Applied
from kiosk.store import Store

ELECTION = "E-2026"
SITE = "PS-1"
OTHER_SITE = "PS-2"
DAY = "2026-11-26"


def site(site_id: str = SITE, **fields: Any) -> dict[str, Any]:
    """A ``polling_site`` upsert."""
    names = {SITE: "市役所本庁舎", OTHER_SITE: "北公民館"}
    return {
        "entity": "polling_site",
        "op": "upsert",
        "payload": {
            "site_id": site_id,
            "election_id": ELECTION,
            "election_name": "架空市長選挙",
            "name": names.get(site_id, site_id),
            "voting_days": ["2026-11-25", DAY, "2026-11-27"],
            "outage_procedure": "provisional",
            "pin_required": False,
            "staff_code_allowed": True,
        }
        | fields,
    }


def voter(voter_id: str, name: str, kana: str, birth: str, **fields: Any) -> dict[str, Any]:
    """A ``voter`` upsert (not voted unless fields say otherwise)."""
    return {
        "entity": "voter",
        "op": "upsert",
        "payload": {
            "voter_id": voter_id,
            "election_id": ELECTION,
            "roll_number": voter_id.removeprefix("v-"),
            "name": name,
            "kana": kana,
            "birth_date": birth,
            "sex": "female",
            "address": "架空市本町1-2",
            "person_id": None,
            "card_keys": [],
            "status": "not_voted",
            "voted_site_id": None,
            "voted_at_ms": None,
            "claim_digest": None,
            "voted_kind": None,
        }
        | fields,
    }


def declaration(declaration_id: str, voter_id: str, **fields: Any) -> dict[str, Any]:
    """A ``declaration`` upsert made online for today, reason 1, not completed."""
    return {
        "entity": "declaration",
        "op": "upsert",
        "payload": {
            "declaration_id": declaration_id,
            "election_id": ELECTION,
            "voter_id": voter_id,
            "person_id": None,
            "vote_date": DAY,
            "reason": 1,
            "made_via": "online",
            "state": "made",
            "made_at_ms": 1764100000000,
            "completed_at_ms": None,
            "completed_site_id": None,
        }
        | fields,
    }


def incident(incident_id: str, voter_id: str, **fields: Any) -> dict[str, Any]:
    """A ``voting_incident`` upsert: a double issue at both sites."""
    return {
        "entity": "voting_incident",
        "op": "upsert",
        "payload": {
            "incident_id": incident_id,
            "election_id": ELECTION,
            "voter_id": voter_id,
            "kind": "double_issue",
            "sites": [SITE, OTHER_SITE],
            "detail": {"claims": []},
            "created_at_ms": 1764120000000,
            "resolved": False,
            "resolved_at_ms": None,
            "note": None,
        }
        | fields,
    }


def apply(store: Store, *changes: dict[str, Any]) -> Applied:
    """Apply changes as one feed page."""
    applied = Applied()
    with store.transaction() as tx:
        apply_page(tx, changes, applied)
    return applied

"""Applying a polling site's feed entities: sites, the roll, declarations, incidents
(docs/protocol/voting.md). Each is checked by the kiosk's model before it is written; a value
outside the model refuses the whole page (kiosk/feed_apply.py)."""

from __future__ import annotations

from typing import Any

from kiosk.feed_page import Page
from kiosk.voting.model import Declaration
from kiosk.voting.roll import write_declaration, write_incident, write_site, write_voter


def polling_site_upsert(page: Page, p: dict[str, Any]) -> None:
    """A site of the election (all of them reach each of its kiosks)."""
    write_site(page.tx.conn, p)
    page.applied.upserts += 1


def voter_upsert(page: Page, p: dict[str, Any]) -> None:
    """A roll entry, with its card keys and whether (and where) a ballot was issued."""
    write_voter(page.tx.conn, p)
    page.applied.upserts += 1


def declaration_upsert(page: Page, p: dict[str, Any]) -> None:
    """A declaration; one this kiosk completed stays completed over an older copy."""
    write_declaration(page.tx.conn, Declaration.from_feed(p))
    page.applied.upserts += 1


def voting_incident_upsert(page: Page, p: dict[str, Any]) -> None:
    """An incident of the election (a double issue, say), shown on every kiosk of it."""
    write_incident(page.tx.conn, p)
    page.applied.upserts += 1

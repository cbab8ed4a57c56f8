"""The kiosk's early-voting events become claims, declarations and incidents.

Every event is already stored in the device's chain; what the election cannot take (another
election's voter, a device of another election) becomes an incident rather than a refusal, so
a kiosk's chain never stops on it.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Connection, insert, select

from kazasu_protocol.canonical import canonical_json
from linkage.canonical import now_ms
from linkage.devices import Device
from linkage.envelope import EventIn
from linkage.feed import Change
from linkage.tables import ballot_claims, voters
from linkage.tables import incidents as platform_incidents
from linkage.voting import incidents
from linkage.voting.claims import claim_offline
from linkage.voting.declarations import complete, declaration_changes, election_of, made_at_desk
from linkage.voting.elections import Site, election_exists, get_site
from linkage.voting.payloads import TYPES

__all__ = ["TYPES", "apply"]


def hlc_ms(hlc: str) -> int:
    """The wall-clock milliseconds of an HLC stamp (the kiosk's time of the event)."""
    return int(hlc.split(":", 1)[0])


def apply(conn: Connection, device: Device, event: EventIn) -> list[Change]:
    """Project one early-voting event of ``device``."""
    p = event.payload
    site = get_site(conn, device.scope.polling_site) if device.scope.polling_site else None
    if event.type == "declaration.completed":
        election = election_of(conn, p["declaration_id"])
        if site is None or election != site.election_id:
            return _outside(conn, device, site, event, election)
        if complete(conn, p["declaration_id"], site.site_id, hlc_ms(event.hlc)):
            return declaration_changes(conn, election, [p["declaration_id"]])
        return []
    if site is None or p["election_id"] != site.election_id:
        return _outside(conn, device, site, event, p["election_id"])
    voter_election = conn.execute(
        select(voters.c.election_id).where(voters.c.voter_id == p["voter_id"])
    ).scalar_one_or_none()
    if voter_election != site.election_id:
        detail = {"event_id": event.event_id, "device_id": device.device_id, "type": event.type}
        return incidents.record(
            conn, site.election_id, None, incidents.UNKNOWN_VOTER, [site.site_id], detail
        )
    if event.type == "declaration.made":
        return made_at_desk(
            conn,
            p["declaration_id"],
            site.election_id,
            p["voter_id"],
            date.fromisoformat(p["vote_date"]),
            p["reason"],
            device.device_id,
            hlc_ms(event.hlc),
        )
    if (
        event.type == "ballot.issued"
        and conn.execute(
            select(ballot_claims.c.claim_id).where(
                ballot_claims.c.claim_id == p["claim_id"],
                ballot_claims.c.device_id == device.device_id,
            )
        ).first()
    ):
        return []  # the record of an online claim the platform granted this device
    out = claim_offline(
        conn,
        device,
        site,
        p["claim_id"],
        p["voter_id"],
        p["issued_by"],
        p["confirmed_by"],
        p.get("declaration_id"),
        hlc_ms(event.hlc),
        event.event_id,
    )
    declaration = p.get("declaration_id")
    if (
        declaration
        and election_of(conn, declaration) == site.election_id
        and complete(conn, declaration, site.site_id, hlc_ms(event.hlc))
    ):
        out += declaration_changes(conn, site.election_id, [declaration])
    return out


def _outside(
    conn: Connection, device: Device, site: Site | None, event: EventIn, election: str | None
) -> list[Change]:
    # Recorded under the election the event names (if it exists), else under the device's.
    detail = {
        "event_id": event.event_id,
        "device_id": device.device_id,
        "type": event.type,
        "named_election_id": election,
    }
    target = election if election and election_exists(conn, election) else None
    target = target or (site.election_id if site else None)
    if target is None:
        # A shelter device naming no known election: an incident for platform staff.
        conn.execute(
            insert(platform_incidents).values(
                kind="voting-outside-scope",
                device_id=device.device_id,
                detail=canonical_json(detail),
                created_at_ms=now_ms(),
            )
        )
        return []
    sites = [site.site_id] if site else []
    return incidents.record(conn, target, None, incidents.OUTSIDE_ELECTION, sites, detail)

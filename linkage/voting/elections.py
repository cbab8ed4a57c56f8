"""Elections, their early-voting days, and the settings of their polling sites."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, insert, select, update

from kazasu_protocol.canonical import canonical_json
from linkage import places
from linkage.devices import Device
from linkage.feed import Change
from linkage.problems import Problem
from linkage.scope import SITE_PREFIX
from linkage.tables import elections, polling_sites

# Voting days are days in Japan, whatever the server's zone.
TZ = ZoneInfo("Asia/Tokyo")
OutageProcedure = Literal["hard_block", "provisional"]
OUTAGE_PROCEDURES: tuple[str, ...] = ("hard_block", "provisional")


def today() -> date:
    """Today's date in Japan."""
    return datetime.now(TZ).date()


def day_of_ms(at_ms: int) -> date:
    """The date in Japan of a time in milliseconds since the epoch."""
    return datetime.fromtimestamp(at_ms / 1000, TZ).date()


def site_key(site_id: str) -> str:
    """The feed scope key of a polling site."""
    return SITE_PREFIX + site_id


@dataclass(frozen=True)
class Site:
    """A polling site with its election and the days it holds early voting."""

    site_id: str
    election_id: str
    election_name: str
    name: str
    voting_days: tuple[date, ...]
    outage_procedure: str
    pin_required: bool
    staff_code_allowed: bool

    def payload(self) -> dict[str, Any]:
        """The ``polling_site`` feed payload."""
        return {
            "site_id": self.site_id,
            "election_id": self.election_id,
            "election_name": self.election_name,
            "name": self.name,
            "voting_days": [d.isoformat() for d in self.voting_days],
            "outage_procedure": self.outage_procedure,
            "pin_required": self.pin_required,
            "staff_code_allowed": self.staff_code_allowed,
        }


def _days(text: str | None) -> tuple[date, ...]:
    return tuple(date.fromisoformat(d) for d in json.loads(text)) if text else ()


def _days_json(days: list[date]) -> str:
    return canonical_json(sorted({d.isoformat() for d in days}))


def _site_query() -> Any:
    return select(
        polling_sites.c.site_id,
        polling_sites.c.election_id,
        polling_sites.c.name,
        polling_sites.c.outage_procedure,
        polling_sites.c.pin_required,
        polling_sites.c.staff_code_allowed,
        polling_sites.c.voting_days,
        elections.c.name.label("election_name"),
        elections.c.voting_days.label("election_days"),
    ).join(elections, elections.c.election_id == polling_sites.c.election_id)


def _site(row: Any) -> Site:
    own = row.voting_days
    return Site(
        site_id=row.site_id,
        election_id=row.election_id,
        election_name=row.election_name,
        name=row.name,
        voting_days=_days(own if own is not None else row.election_days),
        outage_procedure=row.outage_procedure,
        pin_required=bool(row.pin_required),
        staff_code_allowed=bool(row.staff_code_allowed),
    )


def sites_of(conn: Connection, election_id: str) -> list[Site]:
    """The polling sites of an election, by id."""
    rows = conn.execute(
        _site_query()
        .where(polling_sites.c.election_id == election_id)
        .order_by(polling_sites.c.site_id)
    )
    return [_site(r) for r in rows]


def get_site(conn: Connection, site_id: str) -> Site | None:
    """One polling site, or None."""
    row = conn.execute(_site_query().where(polling_sites.c.site_id == site_id)).first()
    return None if row is None else _site(row)


def election_keys(conn: Connection, election_id: str) -> list[str]:
    """The feed keys of every site of an election: its voting data goes to all of them."""
    rows: list[str] = list(
        conn.execute(
            select(polling_sites.c.site_id)
            .where(polling_sites.c.election_id == election_id)
            .order_by(polling_sites.c.site_id)
        ).scalars()
    )
    return [site_key(s) for s in rows]


def device_site(conn: Connection, device: Device) -> Site:
    """The polling site a device serves; a shelter device is refused (403)."""
    site_id = device.scope.polling_site
    site = None if site_id is None else get_site(conn, site_id)
    if site is None:
        raise Problem(403, "outside-scope", "This device does not serve a polling site")
    return site


def election_exists(conn: Connection, election_id: str) -> bool:
    """Whether an election of that id exists."""
    found = conn.execute(
        select(elections.c.election_id).where(elections.c.election_id == election_id)
    ).first()
    return found is not None


def election_days(conn: Connection, election_id: str) -> tuple[date, ...]:
    """An election's voting days (404 for an unknown election)."""
    row = conn.execute(
        select(elections.c.voting_days).where(elections.c.election_id == election_id)
    ).first()
    if row is None:
        raise Problem(404, "unknown-election", "Unknown election", election_id)
    return _days(row.voting_days)


def site_changes(conn: Connection, election_id: str) -> list[Change]:
    """``polling_site`` upserts of every site of the election, to every site of it."""
    sites = sites_of(conn, election_id)
    keys = [site_key(s.site_id) for s in sites]
    return [
        Change(k, "polling_site", s.site_id, "upsert", s.payload(), None)
        for s in sites
        for k in keys
    ]


def upsert_election(
    conn: Connection, election_id: str, name: str, voting_days: list[date]
) -> list[Change]:
    """Create an election or change its name and days; its sites' kiosks learn of it.

    A site's own days must stay within the election's.
    """
    days = _days_json(voting_days)
    exists = conn.execute(
        select(elections.c.election_id).where(elections.c.election_id == election_id)
    ).first()
    if exists is None:
        conn.execute(insert(elections).values(election_id=election_id, name=name, voting_days=days))
        return []
    allowed = set(voting_days)
    for site in conn.execute(
        select(polling_sites.c.site_id, polling_sites.c.voting_days).where(
            polling_sites.c.election_id == election_id, polling_sites.c.voting_days.is_not(None)
        )
    ):
        outside = sorted(d.isoformat() for d in set(_days(site.voting_days)) - allowed)
        if outside:
            raise Problem(
                409,
                "site-days-outside-election",
                "A site of the election holds days the election would no longer have",
                f"{site.site_id}: {', '.join(outside)}",
            )
    conn.execute(
        update(elections)
        .where(elections.c.election_id == election_id)
        .values(name=name, voting_days=days)
    )
    return site_changes(conn, election_id)


def list_elections(conn: Connection) -> list[dict[str, Any]]:
    """Every election with its days and site ids."""
    out = []
    for row in conn.execute(select(elections).order_by(elections.c.election_id)):
        sites = [s.site_id for s in sites_of(conn, row.election_id)]
        out.append(
            {
                "election_id": row.election_id,
                "name": row.name,
                "voting_days": [d.isoformat() for d in _days(row.voting_days)],
                "sites": sites,
            }
        )
    return out


def upsert_site(
    conn: Connection,
    site_id: str,
    election_id: str,
    election_name: str | None,
    name: str,
    outage_procedure: str = "hard_block",
    pin_required: bool = True,
    staff_code_allowed: bool = False,
    voting_days: list[date] | None = None,
) -> list[Change]:
    """Create or update a polling site and its settings; every site of the election hears."""
    if outage_procedure not in OUTAGE_PROCEDURES:
        raise Problem(
            422, "invalid-outage-procedure", "The outage procedure is hard_block or provisional"
        )
    places.upsert_polling_site(conn, site_id, election_id, election_name, name)
    own: str | None = None
    if voting_days is not None:
        outside = sorted(
            d.isoformat() for d in set(voting_days) - set(election_days(conn, election_id))
        )
        if outside:
            raise Problem(
                422,
                "day-outside-election",
                "A site's voting day must be one of its election's",
                ", ".join(outside),
            )
        own = _days_json(voting_days)
    conn.execute(
        update(polling_sites)
        .where(polling_sites.c.site_id == site_id)
        .values(
            outage_procedure=outage_procedure,
            pin_required=pin_required,
            staff_code_allowed=staff_code_allowed,
            voting_days=own,
        )
    )
    # A new site's kiosks get the roll, declarations and incidents held so far from the
    # snapshot they start with, so only the sites are sent here.
    return site_changes(conn, election_id)

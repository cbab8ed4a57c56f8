"""The site's copy of the electoral roll and what hangs on it, in the encrypted store.

``write_*`` functions take an open connection: sync/ calls them inside the transaction that
applies a feed page. :class:`Roll` reads. Search keys are made with ``kiosk.normalize`` so that
hiragana, katakana, full-width and half-width forms and spaces match the way staff type them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from kiosk.errors import InvalidInput
from kiosk.normalize import prefix_upper_bound, search_key
from kiosk.sqlite import Connection
from kiosk.store import Store
from kiosk.voting.model import (
    Declaration,
    DeclarationState,
    Incident,
    PollingSite,
    Voter,
)


def write_site(conn: Connection, data: dict[str, Any]) -> PollingSite:
    """Store a ``polling_site`` upsert (checked first)."""
    site = PollingSite.from_feed(data)
    conn.execute(
        "INSERT OR REPLACE INTO polling_sites (site_id, election_id, data) VALUES (?, ?, ?)",
        (site.site_id, site.election_id, json.dumps(data, ensure_ascii=False)),
    )
    return site


def write_voter(conn: Connection, data: dict[str, Any]) -> Voter:
    """Store a ``voter`` upsert (checked first) with its card keys."""
    voter = Voter.from_feed(data)
    if voter.election_id in forgotten_elections(conn):
        return voter
    conn.execute(
        "INSERT OR REPLACE INTO voters (voter_id, election_id, person_id, name_key, kana_key,"
        " birth_date, data) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            voter.voter_id,
            voter.election_id,
            voter.person_id,
            search_key(voter.name),
            search_key(voter.kana),
            voter.birth_date.isoformat(),
            json.dumps(data, ensure_ascii=False),
        ),
    )
    conn.execute("DELETE FROM voter_cards WHERE voter_id = ?", (voter.voter_id,))
    conn.executemany(
        "INSERT OR IGNORE INTO voter_cards (card_key, voter_id) VALUES (?, ?)",
        [(key, voter.voter_id) for key in voter.card_keys],
    )
    return voter


def write_declaration(conn: Connection, declaration: Declaration) -> Declaration:
    """Store a declaration; a completed one never goes back to made.

    The platform's copy may be older than this kiosk's completion that is still in the outbox.
    """
    if declaration.election_id in forgotten_elections(conn):
        return declaration
    row = conn.execute(
        "SELECT data FROM declarations WHERE declaration_id = ?", (declaration.declaration_id,)
    ).fetchone()
    if row is not None and declaration.state is DeclarationState.MADE:
        held = Declaration.from_feed(json.loads(row[0]))
        if held.state is DeclarationState.COMPLETED:
            declaration = held
    conn.execute(
        "INSERT OR REPLACE INTO declarations (declaration_id, election_id, voter_id, person_id,"
        " data) VALUES (?, ?, ?, ?, ?)",
        (
            declaration.declaration_id,
            declaration.election_id,
            declaration.voter_id,
            declaration.person_id,
            json.dumps(declaration.to_json(), ensure_ascii=False),
        ),
    )
    return declaration


def write_incident(conn: Connection, data: dict[str, Any]) -> Incident:
    """Store a ``voting_incident`` upsert (checked first)."""
    incident = Incident.from_feed(data)
    conn.execute(
        "INSERT OR REPLACE INTO voting_incidents (incident_id, election_id, voter_id, resolved,"
        " data) VALUES (?, ?, ?, ?, ?)",
        (
            incident.incident_id,
            incident.election_id,
            incident.voter_id,
            int(incident.resolved),
            json.dumps(data, ensure_ascii=False),
        ),
    )
    return incident


FORGOTTEN_META = "voting.forgotten_elections"
VOTING_EVENTS = ("declaration.made", "declaration.completed", "ballot.provisional", "ballot.issued")


def forgotten_elections(conn: Connection) -> set[str]:
    """Elections whose roll copy this kiosk deleted: their later feed changes are not kept."""
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (FORGOTTEN_META,)).fetchone()
    return set() if row is None else set(json.loads(row[0]))


def forget_election(conn: Connection, election_id: str) -> int:
    """Delete an election's roll entries, card keys and declarations; remember it was done."""
    rows = conn.execute("SELECT voter_id FROM voters WHERE election_id = ?", (election_id,))
    voters = [str(r[0]) for r in rows.fetchall()]
    conn.executemany("DELETE FROM voter_cards WHERE voter_id = ?", [(v,) for v in voters])
    conn.execute("DELETE FROM voters WHERE election_id = ?", (election_id,))
    conn.execute("DELETE FROM declarations WHERE election_id = ?", (election_id,))
    forgotten = sorted(forgotten_elections(conn) | {election_id})
    conn.execute(
        "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
        (FORGOTTEN_META, json.dumps(forgotten)),
    )
    return len(voters)


def outbox_has_voting_events(conn: Connection) -> bool:
    """Whether declarations or ballots recorded here still wait to reach the platform."""
    marks = ", ".join("?" for _ in VOTING_EVENTS)
    row = conn.execute(
        f"SELECT 1 FROM outbox WHERE type IN ({marks}) LIMIT 1", VOTING_EVENTS
    ).fetchone()
    return row is not None


@dataclass(frozen=True)
class BallotRecord:
    """A ballot this kiosk issued or is issuing (``state``: claiming, issued, provisional)."""

    claim_id: str
    election_id: str
    voter_id: str
    state: str
    at: str
    data: dict[str, Any]


def parse_birth_date(text: str) -> date | None:
    """A birth date typed by staff: ``1950-02-03``, ``1950/2/3`` or ``19500203``; None if empty."""
    cleaned = text.strip().replace("/", "-").replace(".", "-")
    if not cleaned:
        return None
    try:
        if cleaned.isdigit() and len(cleaned) == 8:
            return date(int(cleaned[:4]), int(cleaned[4:6]), int(cleaned[6:]))
        year, month, day = (int(part) for part in cleaned.split("-"))
        return date(year, month, day)
    except ValueError:
        raise InvalidInput("{text} is not a date (write 1950-02-03)", text=repr(text)) from None


class Roll:
    """Reads the election's sites, roll, declarations, incidents and this kiosk's ballots."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def site(self, site_id: str) -> PollingSite | None:
        """A polling site, if the platform has sent it."""
        with self.store.reading() as conn:
            row = conn.execute(
                "SELECT data FROM polling_sites WHERE site_id = ?", (site_id,)
            ).fetchone()
        return None if row is None else PollingSite.from_feed(json.loads(row[0]))

    def voter(self, voter_id: str) -> Voter | None:
        """A roll entry by id."""
        with self.store.reading() as conn:
            row = conn.execute("SELECT data FROM voters WHERE voter_id = ?", (voter_id,)).fetchone()
        return None if row is None else Voter.from_feed(json.loads(row[0]))

    def by_card(self, election_id: str, card_key: str) -> list[Voter]:
        """Roll entries of the election linked to a card (normally one)."""
        return self._voters(
            "SELECT v.data FROM voter_cards c JOIN voters v USING (voter_id)"
            " WHERE c.card_key = ? AND v.election_id = ?",
            (card_key, election_id),
        )

    def by_person(self, election_id: str, person_id: str) -> list[Voter]:
        """Roll entries of the election linked to a platform person."""
        return self._voters(
            "SELECT data FROM voters WHERE election_id = ? AND person_id = ?",
            (election_id, person_id),
        )

    def search(
        self, election_id: str, query: str, birth_date: date | None = None, limit: int = 50
    ) -> list[Voter]:
        """Entries whose furigana or name starts with (then contains) the query, optionally of
        one birth date; furigana order. A birth date alone lists everyone born that day."""
        key = search_key(query)
        born = [birth_date.isoformat()] if birth_date else []
        born_sql = " AND birth_date = ?" if birth_date else ""
        if not key:
            if not birth_date:
                return []
            # Sorted here: ordered by SQL, SQLite would walk the furigana index of the whole
            # roll instead of the birth-date index (some tens of rows share a birthday).
            born_that_day = self._voters(
                "SELECT data FROM voters WHERE election_id = ? AND birth_date = ? LIMIT ?",
                (election_id, born[0], limit),
            )
            return sorted(born_that_day, key=lambda v: (search_key(v.kana), v.voter_id))
        found: dict[str, Voter] = {}
        upper = prefix_upper_bound(key)
        for column in ("kana_key", "name_key"):
            for voter in self._voters(
                f"SELECT data FROM voters WHERE election_id = ? AND {column} >= ?"
                f" AND {column} < ?{born_sql} ORDER BY {column} LIMIT ?",
                (election_id, key, upper, *born, limit),
            ):
                found.setdefault(voter.voter_id, voter)
        if len(found) < limit:
            for voter in self._voters(
                "SELECT data FROM voters WHERE election_id = ?"
                f" AND (instr(kana_key, ?) > 0 OR instr(name_key, ?) > 0){born_sql} LIMIT ?",
                (election_id, key, key, *born, limit),
            ):
                found.setdefault(voter.voter_id, voter)
        return list(found.values())[:limit]

    def declarations_of(self, voter: Voter) -> list[Declaration]:
        """The voter's declarations for the election (by roll entry or by person), newest last
        (by ``made_at_ms``: of several, the newest counts)."""
        with self.store.reading() as conn:
            rows = conn.execute(
                "SELECT data FROM declarations WHERE election_id = ?"
                " AND (voter_id = ? OR (person_id IS NOT NULL AND person_id = ?))",
                (voter.election_id, voter.voter_id, voter.person_id),
            ).fetchall()
        found = [Declaration.from_feed(json.loads(r[0])) for r in rows]
        return sorted(found, key=lambda d: (d.made_at_ms or 0, d.declaration_id))

    def declaration(self, declaration_id: str) -> Declaration | None:
        """A declaration by id."""
        with self.store.reading() as conn:
            row = conn.execute(
                "SELECT data FROM declarations WHERE declaration_id = ?", (declaration_id,)
            ).fetchone()
        return None if row is None else Declaration.from_feed(json.loads(row[0]))

    def incidents(self, election_id: str, open_only: bool = True) -> list[Incident]:
        """The election's incidents, newest first (only unresolved ones unless asked)."""
        with self.store.reading() as conn:
            rows = conn.execute(
                "SELECT data FROM voting_incidents WHERE election_id = ?"
                + (" AND resolved = 0" if open_only else ""),
                (election_id,),
            ).fetchall()
        found = [Incident.from_feed(json.loads(r[0])) for r in rows]
        return sorted(found, key=lambda i: (-i.created_at_ms, i.incident_id))

    def ballot(self, election_id: str, voter_id: str) -> BallotRecord | None:
        """The ballot this kiosk issued (or is issuing) to a voter, if any."""
        with self.store.reading() as conn:
            row = conn.execute(
                "SELECT claim_id, election_id, voter_id, state, at, data FROM ballot_issues"
                " WHERE election_id = ? AND voter_id = ?",
                (election_id, voter_id),
            ).fetchone()
        if row is None:
            return None
        claim_id, election_id, voter_id, state, at, data = row
        return BallotRecord(claim_id, election_id, voter_id, state, at, json.loads(data))

    def sites(self, election_id: str) -> dict[str, PollingSite]:
        """Every site of the election, by id."""
        with self.store.reading() as conn:
            rows = conn.execute(
                "SELECT data FROM polling_sites WHERE election_id = ?", (election_id,)
            ).fetchall()
        sites = [PollingSite.from_feed(json.loads(r[0])) for r in rows]
        return {s.site_id: s for s in sites}

    def _voters(self, sql: str, params: tuple[Any, ...]) -> list[Voter]:
        with self.store.reading() as conn:
            rows = conn.execute(sql, params).fetchall()
        return [Voter.from_feed(json.loads(r[0])) for r in rows]

"""Which of a kiosk's pushed events are within its scope (docs/protocol/sync.md, "Scope of
writes").

A shelter kiosk writes about the people its feed gives it and the people its desk meets:

- a person is in its scope when the platform shares the person with one of its shelters
  (resident list of a designated shelter, pre-registration, registered by a kiosk of it,
  checked in there: the person's ``person_scopes``), when the batch registers the person anew,
  or when the batch checks the person in at one of its shelters before writing about them;
- a household is in its scope when it is new, when one of its members is in its scope, or when
  the device itself registered it (earlier or in the batch);
- presence is written at its own shelters: a check-in or check-out there, a move into one of
  them, or a move out of one of them of a person in its scope.

A polling-site kiosk writes early-voting events naming its site's election (and, for an
existing voter or declaration, one of that election), and links cards to the persons of its
election's voters. A shelter kiosk writes no voting events.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from sqlalchemy import Connection, select

from kazasu_protocol.canonical import canonical_json
from linkage import people, presence
from linkage.db import key_in
from linkage.devices import Device
from linkage.envelope import EventIn
from linkage.tables import (
    declarations,
    events,
    household_members,
    households,
    person_scopes,
    persons,
    polling_sites,
    voters,
)
from linkage.voting.payloads import TYPES as VOTING_TYPES

PRESENCE_AT = ("shelter.checked_in", "shelter.checked_out")


def outside(
    conn: Connection,
    device: Device,
    batch: Sequence[EventIn],
    known: Mapping[str, presence.Now] | None = None,
) -> list[str]:
    """The ids of the events of ``batch`` (new events, in device order) outside the scope.

    ``known``, when given, is ``presence.read`` of every person the batch names with the
    device's scope keys among those asked about, read earlier in the same transaction.
    """
    if device.scope.polling_site is not None:
        return _outside_site(conn, device.scope.polling_site, batch)
    return _Shelters(conn, device, batch, known).outside()


@dataclass
class _Shelters:
    """A shelter kiosk's batch, judged event by event with what the events before it did."""

    conn: Connection
    device: Device
    batch: Sequence[EventIn]
    known: Mapping[str, presence.Now] | None = None
    own: frozenset[str] = frozenset()
    people_in: set[str] = field(default_factory=set)  # resolved ids in scope
    households_in: set[str] = field(default_factory=set)
    known_households: set[str] = field(default_factory=set)
    resolved: dict[str, str | None] = field(default_factory=dict)

    def outside(self) -> list[str]:
        self.own = frozenset(self.device.scope.shelters)
        self._load()
        return [e.event_id for e in self.batch if not self._allowed(e)]

    def _load(self) -> None:
        """Read, in a few statements, what the batch's people and households are now."""
        pids = {str(e.payload["person_id"]) for e in self.batch if "person_id" in e.payload}
        keys = self.device.scope_keys
        if self.known is None:
            rows = self.conn.execute(
                select(persons.c.person_id, persons.c.merged_into).where(
                    key_in(self.conn, persons.c.person_id, sorted(pids))
                )
            ).all()
            merges = {str(r.person_id): r.merged_into for r in rows}
        else:
            merges = {p: self.known[p].merged_into for p in pids if p in self.known}
        for pid, merged_into in merges.items():
            self.resolved[pid] = people.resolve(self.conn, pid) if merged_into else pid
        live = {p for p in self.resolved.values() if p is not None}
        known = self.known or {}
        # Scopes already read with the batch's people; those reached through a merge are read.
        self.people_in = {p for p in live if p in known and keys & known[p].scopes}
        unread = sorted(live - known.keys())
        if unread:
            self.people_in |= set(
                self.conn.execute(
                    select(person_scopes.c.person_id).where(
                        key_in(self.conn, person_scopes.c.person_id, unread),
                        person_scopes.c.scope_key.in_(sorted(keys)),
                    )
                ).scalars()
            )
        hids = sorted(
            {str(e.payload["household_id"]) for e in self.batch if e.payload.get("household_id")}
        )
        if not hids:
            return  # a batch of moves only: no round trip for households it does not name
        self.known_households = set(
            self.conn.execute(
                select(households.c.household_id).where(
                    key_in(self.conn, households.c.household_id, hids)
                )
            ).scalars()
        )
        if not self.known_households:
            return
        members: list[str] = list(
            self.conn.execute(
                select(household_members.c.household_id)
                .join(person_scopes, person_scopes.c.person_id == household_members.c.person_id)
                .where(
                    key_in(
                        self.conn, household_members.c.household_id, sorted(self.known_households)
                    ),
                    person_scopes.c.scope_key.in_(sorted(self.device.scope_keys)),
                )
            ).scalars()
        )
        self.households_in = set(members)

    def _person(self, person_id: str) -> bool:
        target = self.resolved.get(person_id, person_id)
        return target in self.people_in or person_id in self.people_in

    def _household(self, household_id: str) -> bool:
        if household_id in self.households_in or household_id not in self.known_households:
            return True
        if self._registered_here(household_id):
            self.households_in.add(household_id)
            return True
        return False

    def _registered_here(self, household_id: str) -> bool:
        # Rare: a household the device registered before any member of it was stored.
        needle = f'"household_id":{canonical_json(household_id)}'
        found = self.conn.execute(
            select(events.c.event_id)
            .where(
                events.c.device_id == self.device.device_id,
                events.c.type == "household.registered",
                events.c.payload.contains(needle, autoescape=True),
            )
            .limit(1)
        ).first()
        return found is not None

    def _allowed(self, event: EventIn) -> bool:
        p = event.payload
        kind = event.type
        if kind in VOTING_TYPES:
            return False
        if kind in PRESENCE_AT:
            if p["shelter_id"] not in self.own:
                return False
            self._take_person(p["person_id"])
            return True
        if kind in ("shelter.status_changed", "shelter.supplies_set"):
            return p["shelter_id"] in self.own  # its own shelter's door and store room
        if kind == "shelter.moved":
            if p["to_shelter_id"] in self.own:
                self._take_person(p["person_id"])
                return True
            return p["from_shelter_id"] in self.own and self._person(p["person_id"])
        if kind == "person.registered":
            pid = p["person_id"]
            known = pid in self.resolved
            hid = p["household_id"]
            if (known and not self._person(pid)) or (hid and not self._household(hid)):
                return False
            self._take_person(pid)
            if hid:
                self.households_in.add(hid)
            return True
        if kind in ("person.updated", "person.card_linked", "person.city_card_linked"):
            return self._person(p["person_id"])
        if kind in ("household.registered", "household.updated"):
            if not self._household(p["household_id"]):
                return False
            self.households_in.add(p["household_id"])
            return True
        if kind == "household.member_added":
            return self._person(p["person_id"]) and self._household(p["household_id"])
        return False  # a type this rule does not know is nobody's to write

    def _take_person(self, person_id: str) -> None:
        self.people_in.add(self.resolved.get(person_id) or person_id)
        self.people_in.add(person_id)


def _outside_site(conn: Connection, site_id: str, batch: Sequence[EventIn]) -> list[str]:
    """A polling-site kiosk's events: voting events of its site's election only."""
    election = conn.execute(
        select(polling_sites.c.election_id).where(polling_sites.c.site_id == site_id)
    ).scalar_one_or_none()
    voter_ids = sorted({str(e.payload["voter_id"]) for e in batch if "voter_id" in e.payload})
    declaration_ids = sorted(
        {str(e.payload["declaration_id"]) for e in batch if e.payload.get("declaration_id")}
    )
    voter_elections = {
        str(r.voter_id): str(r.election_id)
        for r in conn.execute(
            select(voters.c.voter_id, voters.c.election_id).where(
                key_in(conn, voters.c.voter_id, voter_ids)
            )
        )
    }
    declaration_elections = {
        str(r.declaration_id): str(r.election_id)
        for r in conn.execute(
            select(declarations.c.declaration_id, declarations.c.election_id).where(
                key_in(conn, declarations.c.declaration_id, declaration_ids)
            )
        )
    }
    card_people = sorted(
        {str(e.payload["person_id"]) for e in batch if e.type == "person.card_linked"}
    )
    voters_here: set[str] = set(
        conn.execute(
            select(voters.c.person_id).where(
                voters.c.election_id == election, key_in(conn, voters.c.person_id, card_people)
            )
        ).scalars()
    )
    out = []
    for event in batch:
        p = event.payload
        if event.type == "person.card_linked":
            # A poll worker links a voter's card at the desk: the voter's person only.
            if p["person_id"] not in voters_here:
                out.append(event.event_id)
            continue
        named = [
            p.get("election_id"),
            voter_elections.get(str(p.get("voter_id"))),
            declaration_elections.get(str(p.get("declaration_id"))),
        ]
        # Ids the platform does not know are the voting projection's to report; nothing of
        # them is applied.
        if event.type not in VOTING_TYPES or any(e not in (None, election) for e in named):
            out.append(event.event_id)
    return out

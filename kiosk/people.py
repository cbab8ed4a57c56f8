"""People and households: registration, editing, identifiers, lookup and search."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypeVar

import uuid6

from kiosk.duplicates import check_new
from kiosk.errors import InvalidInput, NotFound, Refused
from kiosk.fields import check_record
from kiosk.household_row import WRITE_HOUSEHOLD, household_row
from kiosk.model import Household, Person
from kiosk.normalize import prefix_upper_bound, search_key
from kiosk.person_row import WALK_IN_PREFIX, WRITE_PERSON, person_row
from kiosk.presence import check_in
from kiosk.questions import QuestionService, check_answers, write_answers
from kiosk.sqlite import Connection
from kiosk.store import Store, Tx

_Rec = TypeVar("_Rec", Person, Household)

IDENTIFIER_PREFIXES = ("jpki:", "city:")


def new_walk_in_id() -> str:
    """A provisional person id for someone registered at the kiosk; the platform may merge it."""
    return f"{WALK_IN_PREFIX}{uuid6.uuid7()}"


def new_household_id() -> str:
    """A provisional household id made at the kiosk."""
    return f"h-{uuid6.uuid7()}"


@dataclass(frozen=True)
class FieldConflict:
    """Two edits of one field; ``kept`` won by its later HLC, ``lost`` is shown to staff."""

    conflict_id: int
    entity: str
    entity_id: str
    field: str
    kept_value: Any
    kept_hlc: str
    lost_value: Any
    lost_hlc: str


class PeopleService:
    """Registers, edits and finds people and households."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def register(
        self,
        actor: str,
        person: Person,
        source: str = "walk_in",
        distinct_from: Collection[str] | None = None,
        card_key: str | None = None,
        check_in_at: str | None = None,
    ) -> Person:
        """Add a person; a walk-in gets a provisional id when ``person_id`` is empty.

        With ``distinct_from`` (the ids staff ruled out) the person is first checked against
        those already held (``kiosk.duplicates``); a match not ruled out stops it.
        ``card_key`` (or a city ID) is linked and ``check_in_at`` checks the person in at that
        shelter, both in the same transaction: a link or check-in refused leaves no person either.
        """
        if not person.name.strip() or not person.furigana.strip():
            raise InvalidInput("a person needs a name and its furigana")
        if card_key is not None:
            check_identifier(card_key)
        if not person.person_id:
            person = dataclasses.replace(person, person_id=new_walk_in_id(), provisional=True)
        check_record(person.to_dict(), local_today(self.store.now()))
        with self.store.transaction() as tx:
            if _person_exists(tx.conn, person.person_id):
                raise Refused(
                    "exists", "person {person_id} is already registered", person_id=person.person_id
                )
            if person.household_id and not _household_exists(tx.conn, person.household_id):
                raise NotFound("no household {household_id}", household_id=person.household_id)
            if distinct_from is not None:
                home = (
                    _load_household(tx.conn, person.household_id) if person.household_id else None
                )
                check_new(tx.conn, [person], home.address if home else "", distinct_from)
                if distinct_from:
                    tx.audit(
                        actor, "person.not_duplicate", person.person_id, of=sorted(distinct_from)
                    )
            add_person(tx, person, source)
            tx.audit(actor, "person.register", person.person_id, source=source)
            if card_key is not None:
                link_identifier(tx, actor, person.person_id, card_key)
            if check_in_at is not None:
                check_in(tx, actor, person.person_id, check_in_at)
        return person

    def update(self, actor: str, person_id: str, **changes: Any) -> Person:
        """Change some fields of a person; only the changed fields travel in the event."""
        with self.store.transaction() as tx:
            return _change(tx, actor, "person", _load_person(tx.conn, person_id), changes)

    def register_household(self, actor: str, household: Household) -> Household:
        """Add a household; a provisional id is made when ``household_id`` is empty."""
        if not household.household_id:
            household = dataclasses.replace(household, household_id=new_household_id())
        check_record(household.to_dict(), local_today(self.store.now()))
        with self.store.transaction() as tx:
            if _household_exists(tx.conn, household.household_id):
                raise Refused(
                    "exists",
                    "household {household_id} already exists",
                    household_id=household.household_id,
                )
            add_household(tx, household)
            tx.audit(actor, "household.register", household.household_id)
        return household

    def update_household(self, actor: str, household_id: str, **changes: Any) -> Household:
        """Change some fields of a household."""
        with self.store.transaction() as tx:
            current = _load_household(tx.conn, household_id)
            return _change(tx, actor, "household", current, changes)

    def edit(
        self,
        actor: str,
        kind: str,
        subject_id: str,
        fields: dict[str, Any],
        answers: dict[str, Any],
    ) -> None:
        """Save a person's or household's form: its fields and its answers to the extra
        questions, checked first and written together (``kind`` is person or household)."""
        checked = check_answers(QuestionService(self.store).all(kind), answers)
        with self.store.transaction() as tx:
            if kind == "person":
                _change(tx, actor, kind, _load_person(tx.conn, subject_id), fields)
            else:
                _change(tx, actor, kind, _load_household(tx.conn, subject_id), fields)
            changed = write_answers(tx, kind, subject_id, checked)
            if changed:
                tx.audit(actor, "question.answer", subject_id, questions=changed)

    def link_identifier(self, actor: str, person_id: str, identifier: str) -> None:
        """Map a card key (``jpki:…``) or a city ID (``city:…``) to a person."""
        check_identifier(identifier)
        with self.store.transaction() as tx:
            _load_person(tx.conn, person_id)
            link_identifier(tx, actor, person_id, identifier)

    def get(self, person_id: str) -> Person:
        """The person with this id."""
        with self.store.reading() as conn:
            return _load_person(conn, person_id)

    def household(self, household_id: str) -> Household:
        """The household with this id."""
        with self.store.reading() as conn:
            return _load_household(conn, household_id)

    def members(self, household_id: str) -> list[Person]:
        """The members of a household, in registration order of their ids."""
        with self.store.reading() as conn:
            rows = conn.execute(
                "SELECT data FROM persons WHERE household_id = ? ORDER BY person_id",
                (household_id,),
            ).fetchall()
        return [Person.from_dict(json.loads(r[0])) for r in rows]

    def find(self, identifier: str) -> Person | None:
        """The person a card key, city ID or QR subject (a person id) belongs to, if known."""
        with self.store.reading() as conn:
            if identifier.startswith(IDENTIFIER_PREFIXES):
                row = conn.execute(
                    "SELECT p.data FROM identifiers i JOIN persons p USING (person_id)"
                    " WHERE i.identifier = ?",
                    (identifier,),
                ).fetchone()
            else:
                # A provisional id the platform merged into another person still finds them.
                row = conn.execute(
                    "SELECT data FROM persons WHERE person_id = coalesce("
                    "(SELECT into_person_id FROM merges WHERE from_person_id = ?), ?)",
                    (identifier, identifier),
                ).fetchone()
        return None if row is None else Person.from_dict(json.loads(row[0]))

    def conflicts(self, person_id: str | None = None) -> list[FieldConflict]:
        """Field edits that lost to a newer one elsewhere, newest first, for staff to review."""
        with self.store.reading() as conn:
            rows = conn.execute(
                "SELECT conflict_id, entity, entity_id, field, kept_value, kept_hlc, lost_value,"
                " lost_hlc FROM conflicts WHERE ? IS NULL OR entity_id = ?"
                " ORDER BY conflict_id DESC",
                (person_id, person_id),
            ).fetchall()
        return [
            FieldConflict(r[0], r[1], r[2], r[3], json.loads(r[4]), r[5], json.loads(r[6]), r[7])
            for r in rows
        ]

    def search(self, query: str, limit: int = 50) -> list[Person]:
        """People whose name or furigana starts with, then contains, the query (normalised)."""
        key = search_key(query)
        if not key:
            return []
        found: dict[str, Person] = {}
        upper = prefix_upper_bound(key)
        with self.store.reading() as conn:
            for column in ("furigana_key", "name_key"):
                rows = conn.execute(
                    f"SELECT person_id, data FROM persons WHERE {column} >= ? AND {column} < ?"
                    f" ORDER BY {column} LIMIT ?",
                    (key, upper, limit),
                ).fetchall()
                _collect(found, rows, limit)
            if len(found) < limit:
                rows = conn.execute(
                    "SELECT person_id, data FROM persons"
                    " WHERE instr(furigana_key, ?) > 0 OR instr(name_key, ?) > 0 LIMIT ?",
                    (key, key, limit),
                ).fetchall()
                _collect(found, rows, limit)
        return list(found.values())


def local_today(now: datetime) -> date:
    """The kiosk's local date at ``now``: the day birth dates are judged on."""
    return now.astimezone().date()


def add_person(tx: Tx, person: Person, source: str) -> None:
    """Write a new person and its ``person.registered`` event."""
    write_person(tx.conn, person)
    tx.emit(
        "person.registered",
        {
            "person_id": person.person_id,
            "household_id": person.household_id,
            "fields": person.to_dict(),
            "source": source,
        },
    )


def check_identifier(identifier: str) -> None:
    """Refuse an identifier of no kind this kiosk maps (``IDENTIFIER_PREFIXES``)."""
    if not identifier.startswith(IDENTIFIER_PREFIXES) or not identifier.split(":", 1)[1]:
        raise InvalidInput(
            "unknown identifier kind: {kind} (expected {expected})",
            kind=repr(identifier.split(":", 1)[0]),
            expected=" or ".join(p + "…" for p in IDENTIFIER_PREFIXES),
        )


def link_identifier(tx: Tx, actor: str, person_id: str, identifier: str) -> None:
    """Link a checked identifier to a person in ``tx``, with its event and audit record;
    refused when it is linked to someone else, harmless when already linked to them."""
    row = tx.conn.execute(
        "SELECT person_id FROM identifiers WHERE identifier = ?", (identifier,)
    ).fetchone()
    if row is not None:
        if row[0] == person_id:
            return
        raise Refused("linked_elsewhere", "this card is already linked to another person")
    tx.conn.execute(
        "INSERT INTO identifiers (identifier, person_id) VALUES (?, ?)", (identifier, person_id)
    )
    tx.emit("person.card_linked", {"person_id": person_id, "card_key": identifier})
    tx.audit(actor, "person.link_identifier", person_id, kind=identifier.split(":")[0])


def add_household(tx: Tx, household: Household) -> None:
    """Write a new household and its ``household.registered`` event."""
    write_household(tx.conn, household)
    tx.emit(
        "household.registered",
        {"household_id": household.household_id, "fields": household.to_dict()},
    )


def _change(tx: Tx, actor: str, kind: str, current: _Rec, changes: dict[str, Any]) -> _Rec:
    """Apply field changes to a person or household; only changed fields travel."""
    id_field = f"{kind}_id"
    before = current.to_dict()
    updated = type(current).from_dict(before | changes | {id_field: before[id_field]})
    diff = {k: v for k, v in updated.to_dict().items() if before.get(k) != v}
    if not diff:
        return current
    check_record(diff, local_today(tx.now))
    if isinstance(updated, Person):
        write_person(tx.conn, updated)
    elif isinstance(updated, Household):
        write_household(tx.conn, updated)
    tx.emit(f"{kind}.updated", {id_field: before[id_field], "fields": diff})
    tx.audit(actor, f"{kind}.update", before[id_field], fields=sorted(diff))
    return updated


def _collect(found: dict[str, Person], rows: list[Any], limit: int) -> None:
    for person_id, data in rows:
        if len(found) >= limit:
            return
        found.setdefault(person_id, Person.from_dict(json.loads(data)))


def write_person(conn: Connection, person: Person) -> None:
    """Insert or replace a person's row."""
    conn.execute(WRITE_PERSON, person_row(person))


def write_household(conn: Connection, household: Household) -> None:
    """Insert or replace a household's row."""
    conn.execute(WRITE_HOUSEHOLD, household_row(household))


def _load_person(conn: Connection, person_id: str) -> Person:
    row = conn.execute("SELECT data FROM persons WHERE person_id = ?", (person_id,)).fetchone()
    if row is None:
        raise NotFound("no person {person_id}", person_id=person_id)
    return Person.from_dict(json.loads(row[0]))


def _load_household(conn: Connection, household_id: str) -> Household:
    row = conn.execute(
        "SELECT data FROM households WHERE household_id = ?", (household_id,)
    ).fetchone()
    if row is None:
        raise NotFound("no household {household_id}", household_id=household_id)
    return Household.from_dict(json.loads(row[0]))


def _person_exists(conn: Connection, person_id: str) -> bool:
    sql = "SELECT 1 FROM persons WHERE person_id = ?"
    return conn.execute(sql, (person_id,)).fetchone() is not None


def _household_exists(conn: Connection, household_id: str) -> bool:
    sql = "SELECT 1 FROM households WHERE household_id = ?"
    return conn.execute(sql, (household_id,)).fetchone() is not None

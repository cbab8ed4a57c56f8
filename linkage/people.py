"""People and households as the platform holds them, and the feed changes that describe them."""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Connection, insert, select, update

from kazasu_protocol import person_item
from kazasu_protocol.canonical import canonical_json
from linkage import household_lists
from linkage.canonical import now_ms
from linkage.db import bulk_insert, key_in
from linkage.feed import Change
from linkage.match_keys import index as index_match_key
from linkage.names import SEX_CODES
from linkage.problems import Problem
from linkage.tables import (
    card_links,
    field_conflicts,
    household_members,
    households,
    person_scopes,
    persons,
)

# Field names that would carry the individual number. The platform never stores it.
FORBIDDEN_FIELDS = frozenset({"my_number", "mynumber", "individual_number", "kojin_bango"})
MAX_MERGE_HOPS = 16
# Domestic-violence protection: the person is never shown to anyone else (docs/decisions).
PROTECTION_FIELD = "dv_protected"


def is_protected(fields: dict[str, Any]) -> bool:
    """Whether a person is protected from domestic violence: never shown to anyone else."""
    return bool(fields.get(PROTECTION_FIELD))


@dataclass
class Record:
    """A person's or household's fields, each with the HLC of the write that set it."""

    fields: dict[str, Any]
    field_hlc: dict[str, str]
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    # Fields a write tried to clear although only an administrator may (``PROTECTION_FIELD``).
    refused_clears: list[str] = field(default_factory=list)

    def merge(self, incoming: dict[str, Any], hlc: str) -> bool:
        """Apply ``incoming`` field by field, latest HLC winning; returns whether anything changed.

        A write that loses to a newer one with a different value is kept as a conflict record,
        so that staff can see what was overwritten. DV protection only tightens: setting it
        wins whatever the stamps, clearing it is refused (``linkage.protection.clear`` is the
        administrator's way).
        """
        changed = False
        for name, value in incoming.items():
            current_hlc = self.field_hlc.get(name)
            if name == PROTECTION_FIELD and (value or self.fields.get(name)):
                changed |= self._tighten(name, value, hlc)
                continue
            if current_hlc is None or hlc > current_hlc:
                if self.fields.get(name) != value or name not in self.fields:
                    changed = True
                self.fields[name] = value
                self.field_hlc[name] = hlc
            elif hlc < current_hlc and self.fields.get(name) != value:
                self.conflicts.append(
                    {
                        "field": name,
                        "kept_value": self.fields.get(name),
                        "kept_hlc": current_hlc,
                        "lost_value": value,
                        "lost_hlc": hlc,
                    }
                )
        return changed

    def _tighten(self, name: str, value: Any, hlc: str) -> bool:
        if not value:
            self.refused_clears.append(name)
            return False
        if self.fields.get(name) is True:
            return False
        self.fields[name] = True
        self.field_hlc[name] = max(hlc, self.field_hlc.get(name, ""))
        return True


# Person fields every upsert payload carries (docs/protocol/sync.md).
ALWAYS_SENT: dict[str, Any] = {"name": "", "furigana": ""}
# The resident list's split names: joined into ``name``/``furigana`` on import, never stored.
RETIRED_FIELDS = frozenset({"family_name", "given_name", "family_name_kana", "given_name_kana"})
ISO_5218 = frozenset(SEX_CODES.values())


def check_fields(fields: dict[str, Any]) -> None:
    """Refuse field sets that try to carry the individual number, or that a kiosk could not
    read (names split as a resident list has them, a sex that is no ISO 5218 code, a birth
    date that is no date): stored, they would reach every kiosk of the person's scopes."""
    bad = sorted(name for name in fields if name.lower() in FORBIDDEN_FIELDS)
    if bad:
        raise Problem(
            422, "forbidden-field", "The individual number is never stored", ", ".join(bad)
        )
    unreadable = unreadable_fields(fields)
    if unreadable:
        raise Problem(
            422,
            "unreadable-field",
            "Person fields must be as a kiosk's person record holds them",
            ", ".join(unreadable),
        )


def unreadable_fields(fields: dict[str, Any]) -> list[str]:
    """Names of the fields a kiosk's person record could not take (empty if none)."""
    unreadable = sorted(set(fields) & RETIRED_FIELDS)
    unreadable += [k for k in ALWAYS_SENT if k in fields and not isinstance(fields[k], str)]
    if "sex" in fields and fields["sex"] not in ISO_5218:
        unreadable.append("sex")
    if fields.get("birth_date") is not None and not _is_date(fields["birth_date"]):
        unreadable.append("birth_date")
    return unreadable


def _is_date(value: Any) -> bool:
    try:
        date.fromisoformat(value)
    except (TypeError, ValueError):
        return False
    return isinstance(value, str) and len(value) == 10


def resolve(conn: Connection, person_id: str) -> str | None:
    """The live person an id stands for, following walk-in merges; None if unknown."""
    current = person_id
    for _ in range(MAX_MERGE_HOPS):
        row = conn.execute(
            select(persons.c.merged_into).where(persons.c.person_id == current)
        ).first()
        if row is None:
            return None
        if row.merged_into is None:
            return current
        current = row.merged_into
    return None


def stamp_columns(fields: Mapping[str, Any], field_hlc: Mapping[str, str]) -> dict[str, Any]:
    """The compact stamps a person's or a household's row keeps beside ``field_hlc``:
    ``record_hlc`` and ``differing_hlc`` (canonical JSON), as ``person_item.compact_stamps``
    finds them for the row's ``fields`` and ``field_hlc`` (the one rule of both items). Every
    writer of a person's or household's fields or stamps stores them with these, so a snapshot
    writes compact items without reading the stamps."""
    hlc, differing = person_item.compact_stamps(fields, field_hlc)
    return {"record_hlc": hlc, "differing_hlc": canonical_json(differing)}


def load_record(conn: Connection, person_id: str) -> Record:
    """A person's fields with their HLCs."""
    row = conn.execute(
        select(persons.c.fields, persons.c.field_hlc).where(persons.c.person_id == person_id)
    ).one()
    return Record(json.loads(row.fields), json.loads(row.field_hlc))


def save_record(
    conn: Connection, entity: str, entity_id: str, record: Record, event_id: str | None
) -> list[Change]:
    """Store ``record`` for a person or household, with its conflict records."""
    table = persons if entity == "person" else households
    key = persons.c.person_id if entity == "person" else households.c.household_id
    if entity == "person":
        index_match_key(conn, entity_id, record.fields)
    conn.execute(
        update(table)
        .where(key == entity_id)
        .values(
            fields=canonical_json(record.fields),
            field_hlc=canonical_json(record.field_hlc),
            **stamp_columns(record.fields, record.field_hlc),
            updated_at_ms=now_ms(),
        )
    )
    return record_conflicts(conn, entity, entity_id, record.conflicts, event_id)


def record_conflicts(
    conn: Connection,
    entity: str,
    entity_id: str,
    conflicts: list[dict[str, Any]],
    event_id: str | None,
) -> list[Change]:
    """Keep conflict records and tell the kiosks that hold the person about them."""
    out: list[Change] = []
    if not conflicts:
        return []
    scopes = (
        scopes_of(conn, entity_id) if entity == "person" else _household_scopes(conn, entity_id)
    )
    for conflict in conflicts:
        conflict_id: int = conn.execute(
            insert(field_conflicts)
            .values(
                entity=entity,
                entity_id=entity_id,
                field=conflict["field"],
                kept_value=canonical_json(conflict["kept_value"]),
                kept_hlc=conflict["kept_hlc"],
                lost_value=canonical_json(conflict["lost_value"]),
                lost_hlc=conflict["lost_hlc"],
                event_id=event_id,
                created_at_ms=now_ms(),
            )
            .returning(field_conflicts.c.conflict_id)
        ).scalar_one()
        payload = {"conflict_id": conflict_id, "entity": entity, "entity_id": entity_id}
        payload.update(conflict)
        # A household's conflict is tied to no one person's consent, as its upserts are not.
        person_id = entity_id if entity == "person" else None
        out.extend(
            Change(key, "conflict", str(conflict_id), "upsert", payload, person_id)
            for key in sorted(scopes)
        )
    return out


def _household_scopes(conn: Connection, household_id: str) -> set[str]:
    """The feed scopes whose kiosks hold a member of the household."""
    return set(
        conn.execute(
            select(person_scopes.c.scope_key)
            .join(household_members, household_members.c.person_id == person_scopes.c.person_id)
            .where(household_members.c.household_id == household_id)
            .distinct()
        ).scalars()
    )


def scopes_of(conn: Connection, person_id: str) -> set[str]:
    """The feed scopes whose kiosks hold this person."""
    return set(
        conn.execute(
            select(person_scopes.c.scope_key).where(person_scopes.c.person_id == person_id)
        ).scalars()
    )


def add_scope(conn: Connection, person_id: str, scope_key: str) -> bool:
    """Share the person with a scope's kiosks from now on; returns whether it is new."""
    exists = conn.execute(
        select(person_scopes.c.person_id).where(
            person_scopes.c.person_id == person_id, person_scopes.c.scope_key == scope_key
        )
    ).first()
    if exists:
        return False
    conn.execute(insert(person_scopes).values(person_id=person_id, scope_key=scope_key))
    return True


def person_payload(conn: Connection, person_id: str) -> dict[str, Any]:
    """What a kiosk receives about a person: fields with the HLC of each field's value,
    household and linked card keys."""
    return person_payloads(conn, [person_id])[person_id]


def person_payloads(conn: Connection, person_ids: Collection[str]) -> dict[str, dict[str, Any]]:
    """``person_payload`` of several people, in two statements however many they are."""
    ids = sorted(set(person_ids))
    if not ids:
        return {}
    rows = conn.execute(
        select(
            persons.c.person_id,
            persons.c.kind,
            persons.c.household_id,
            persons.c.fields,
            persons.c.field_hlc,
        ).where(key_in(conn, persons.c.person_id, ids))
    ).all()
    keys: dict[str, list[str]] = {}
    for link in conn.execute(
        select(card_links.c.person_id, card_links.c.card_key)
        .where(key_in(conn, card_links.c.person_id, ids))
        .order_by(card_links.c.card_key)
    ):
        keys.setdefault(link.person_id, []).append(link.card_key)
    return {
        r.person_id: _payload(
            r.person_id,
            r.kind,
            r.household_id,
            json.loads(r.fields),
            json.loads(r.field_hlc),
            keys.get(r.person_id, []),
        )
        for r in rows
    }


def new_person_payload(
    person_id: str, kind: str, fields: dict[str, Any], household_id: str | None, hlc: str
) -> dict[str, Any]:
    """``person_payload`` of a person just created from one event stamped ``hlc``: no card
    keys yet."""
    return _payload(person_id, kind, household_id, fields, dict.fromkeys(fields, hlc), [])


def _payload(
    person_id: str,
    kind: str,
    household_id: str | None,
    fields: dict[str, Any],
    field_hlc: dict[str, str],
    card_keys: list[str],
) -> dict[str, Any]:
    return {
        "person_id": person_id,
        "kind": kind,
        "household_id": household_id,
        # A kiosk's person record needs these two keys; a person known only by a card link
        # or an old record may lack them, and is sent with them empty rather than unreadable.
        "fields": ALWAYS_SENT | fields,
        # The stamp of each field's value: a kiosk keeps its own unsent edit of a field only
        # where that edit is the later one, and orders its next edits after these.
        "field_hlc": field_hlc,
        "card_keys": card_keys,
    }


def person_changes(
    conn: Connection, person_id: str, scope_keys: set[str] | None = None
) -> list[Change]:
    """Upserts of the person's current state for its scopes (or the given ones), if shareable."""
    shareable: bool = conn.execute(
        select(persons.c.shareable).where(persons.c.person_id == person_id)
    ).scalar_one()
    if not shareable:
        return []
    keys = scopes_of(conn, person_id) if scope_keys is None else scope_keys
    if not keys:
        return []
    payload = person_payload(conn, person_id)
    return [Change(k, "person", person_id, "upsert", payload, person_id) for k in sorted(keys)]


def household_changes(conn: Connection, household_id: str) -> list[Change]:
    """Upserts of a household for the scopes of its shareable members."""
    return households_changes(conn, [household_id])


def households_changes(conn: Connection, household_ids: Collection[str]) -> list[Change]:
    """``household_changes`` of several households, in two statements however many members."""
    ids = sorted(set(household_ids))
    if not ids:
        return []
    fields: dict[str, tuple[dict[str, Any], dict[str, str]]] = {
        r.household_id: (json.loads(r.fields), json.loads(r.field_hlc))
        for r in conn.execute(
            select(households.c.household_id, households.c.fields, households.c.field_hlc).where(
                key_in(conn, households.c.household_id, ids)
            )
        )
    }
    # One row per shareable member and scope holding them (a member held nowhere: one row).
    rows = conn.execute(
        select(
            household_members.c.household_id,
            household_members.c.person_id,
            household_members.c.relation,
            person_scopes.c.scope_key,
        )
        .join(persons, persons.c.person_id == household_members.c.person_id)
        .outerjoin(person_scopes, person_scopes.c.person_id == household_members.c.person_id)
        .where(key_in(conn, household_members.c.household_id, ids), persons.c.shareable.is_(True))
        .order_by(household_members.c.household_id, household_members.c.person_id)
    )
    members: dict[str, dict[str, str]] = {hid: {} for hid in fields}
    keys: dict[str, set[str]] = {hid: set() for hid in fields}
    for r in rows:
        members[r.household_id][r.person_id] = r.relation
        if r.scope_key is not None:
            keys[r.household_id].add(r.scope_key)
    out: list[Change] = []
    for hid in sorted(fields):
        payload = {
            "household_id": hid,
            "fields": fields[hid][0],
            "field_hlc": fields[hid][1],
            "members": [{"person_id": p, "relation": rel} for p, rel in members[hid].items()],
        }
        out += [Change(k, "household", hid, "upsert", payload, None) for k in sorted(keys[hid])]
    return out


def create_person(
    conn: Connection,
    person_id: str,
    kind: str,
    fields: dict[str, Any],
    hlc: str,
    household_id: str | None = None,
    municipality_id: str | None = None,
    external_ref: str | None = None,
) -> None:
    """Insert a new person, not yet shared with any kiosk."""
    check_fields(fields)
    now = now_ms()
    stamps = dict.fromkeys(fields, hlc)
    conn.execute(
        insert(persons).values(
            person_id=person_id,
            kind=kind,
            municipality_id=municipality_id,
            external_ref=external_ref,
            household_id=household_id,
            fields=canonical_json(fields),
            field_hlc=canonical_json(stamps),
            **stamp_columns(fields, stamps),
            shareable=False,
            created_at_ms=now,
            updated_at_ms=now,
        )
    )
    index_match_key(conn, person_id, fields)


def ensure_household(conn: Connection, household_id: str) -> None:
    """Create an empty household if it does not exist."""
    ensure_households(conn, [household_id])


def ensure_households(
    conn: Connection, household_ids: Collection[str], lists: Mapping[str, str] | None = None
) -> list[str]:
    """Create those of these households that do not exist yet, empty; returns their ids.

    ``lists``: the stored members lists (``household_lists``) of those created, for a writer
    that adds their members in the same transaction; empty (``[]``) otherwise.
    """
    ids = sorted(set(household_ids))
    if not ids:
        return []
    have: set[str] = set(
        conn.execute(
            select(households.c.household_id).where(key_in(conn, households.c.household_id, ids))
        ).scalars()
    )
    now = now_ms()
    created = [hid for hid in ids if hid not in have]
    # Empty: no stamp at all.
    stamps = stamp_columns({}, {})
    bulk_insert(
        conn,
        households,
        [
            {
                "household_id": hid,
                "fields": "{}",
                "field_hlc": "{}",
                **stamps,
                "members_json": (lists or {}).get(hid, "[]"),
                "created_at_ms": now,
                "updated_at_ms": now,
            }
            for hid in created
        ],
    )
    return created


def load_household(conn: Connection, household_id: str) -> Record:
    """A household's fields with their HLCs."""
    row = conn.execute(
        select(households.c.fields, households.c.field_hlc).where(
            households.c.household_id == household_id
        )
    ).one()
    return Record(json.loads(row.fields), json.loads(row.field_hlc))


def add_member(conn: Connection, household_id: str, person_id: str, relation: str) -> None:
    """Make a person a member of a household (one household per person)."""
    ensure_household(conn, household_id)
    exists = conn.execute(
        select(household_members.c.relation).where(
            household_members.c.household_id == household_id,
            household_members.c.person_id == person_id,
        )
    ).first()
    if exists is None:
        conn.execute(
            insert(household_members).values(
                household_id=household_id, person_id=person_id, relation=relation
            )
        )
    conn.execute(
        update(persons).where(persons.c.person_id == person_id).values(household_id=household_id)
    )
    household_lists.keep(conn, [household_id])

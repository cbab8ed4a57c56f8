"""Merging a walk-in's provisional person into an existing person, as a change kiosks receive."""

from __future__ import annotations

from sqlalchemy import Connection, delete, insert, select, update

from linkage import city_cards as city_card_links
from linkage import consent, household_lists, people
from linkage.feed import Change
from linkage.presence import presence_changes
from linkage.problems import Problem
from linkage.tables import (
    card_links,
    city_cards,
    consent_records,
    household_members,
    person_scopes,
    persons,
    presence,
)


def merge_persons(conn: Connection, source_id: str, target_id: str) -> list[Change]:
    """Fold ``source_id`` into ``target_id``; the source id keeps resolving to the target.

    Fields merge by HLC (conflicts recorded), scopes, card links and consent history move to
    the target, and presence keeps the later of the two. Kiosks of both receive a ``merge``
    change naming both ids, then the target's new state.
    """
    if source_id == target_id:
        raise Problem(422, "merge-into-self", "A person cannot be merged into itself")
    rows = {
        r.person_id: r
        for r in conn.execute(
            select(persons.c.person_id, persons.c.merged_into, persons.c.household_id).where(
                persons.c.person_id.in_([source_id, target_id])
            )
        )
    }
    for pid in (source_id, target_id):
        if pid not in rows:
            raise Problem(404, "unknown-person", "Unknown person", pid)
        if rows[pid].merged_into is not None:
            raise Problem(409, "already-merged", "Person already merged", pid)
    scopes = people.scopes_of(conn, source_id) | people.scopes_of(conn, target_id)
    out: list[Change] = []
    target = people.load_record(conn, target_id)
    source = people.load_record(conn, source_id)
    for name, value in source.fields.items():
        target.merge({name: value}, source.field_hlc[name])
    out += people.save_record(conn, "person", target_id, target, None)
    for key in people.scopes_of(conn, source_id):
        people.add_scope(conn, target_id, key)
    conn.execute(delete(person_scopes).where(person_scopes.c.person_id == source_id))
    conn.execute(
        update(card_links).where(card_links.c.person_id == source_id).values(person_id=target_id)
    )
    conn.execute(
        update(city_cards).where(city_cards.c.person_id == source_id).values(person_id=target_id)
    )
    _merge_presence(conn, source_id, target_id)
    if rows[target_id].household_id is None and rows[source_id].household_id is not None:
        hid = rows[source_id].household_id
        relation = conn.execute(
            select(household_members.c.relation).where(
                household_members.c.household_id == hid,
                household_members.c.person_id == source_id,
            )
        ).scalar_one_or_none()
        people.add_member(conn, hid, target_id, relation or "member")
    left: set[str] = set(
        conn.execute(
            select(household_members.c.household_id).where(
                household_members.c.person_id == source_id
            )
        ).scalars()
    )
    conn.execute(delete(household_members).where(household_members.c.person_id == source_id))
    household_lists.keep(conn, left)
    conn.execute(
        update(consent_records)
        .where(consent_records.c.person_id == source_id)
        .values(person_id=target_id)
    )
    # The provisional record keeps only its pointer; its data now lives in the target.
    conn.execute(
        update(persons)
        .where(persons.c.person_id == source_id)
        .values(
            merged_into=target_id,
            fields="{}",
            field_hlc="{}",
            **people.stamp_columns({}, {}),
            shareable=False,
            household_id=None,
        )
    )
    payload = {"from_person_id": source_id, "into_person_id": target_id}
    out += [Change(k, "person", source_id, "merge", payload, None) for k in sorted(scopes)]
    state = consent.current_state(conn, target_id, consent.KIOSK_SHARING)
    shareable = state is not None and state.state == "given"
    out += consent.set_shareable(conn, target_id, shareable)
    if shareable:
        out += people.person_changes(conn, target_id) + presence_changes(conn, [target_id])
        out += city_card_links.person_links_changes(conn, target_id)
    return out


def _merge_presence(conn: Connection, source_id: str, target_id: str) -> None:
    rows = {
        r.person_id: r
        for r in conn.execute(
            select(presence).where(presence.c.person_id.in_([source_id, target_id]))
        )
    }
    moved = rows.get(source_id)
    if moved is None:
        return
    conn.execute(delete(presence).where(presence.c.person_id == source_id))
    kept = rows.get(target_id)
    if kept is None or moved.hlc > kept.hlc:
        conn.execute(delete(presence).where(presence.c.person_id == target_id))
        conn.execute(
            insert(presence).values(
                person_id=target_id,
                shelter_id=moved.shelter_id,
                state=moved.state,
                hlc=moved.hlc,
                event_id=moved.event_id,
            )
        )

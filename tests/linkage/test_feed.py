"""Pull: the change feed in commit order with no gaps, by scope; the resumable snapshot."""

from __future__ import annotations

import threading
import uuid
from functools import partial
from typing import Any

import orjson
import pytest
from sqlalchemy import Connection, Engine, func, insert, select

from kazasu_protocol.canonical import canonical_json
from linkage import feed, household_lists, ingest, snapshot, unit
from linkage.canonical import canonical_json_bytes
from linkage.devices import Device
from linkage.envelope import EventIn
from linkage.scope import Scope
from linkage.snapshot import households as snapshot_households
from linkage.snapshot import people as snapshot_people
from linkage.tables import (
    card_links,
    changes,
    household_members,
    households,
    person_scopes,
    persons,
)
from tests.linkage.kiosk_double import Kiosk, Platform

RESIDENTS = "external_ref,family_name,given_name,birth_date,designated_shelter_id,kiosk_consent\n"


def _register(kiosk: Kiosk, person_id: str, shelter: str, **fields: Any) -> None:
    kiosk.event(
        "person.registered",
        {"person_id": person_id, "household_id": None, "fields": fields, "source": "walk_in"},
    )
    kiosk.event("shelter.checked_in", {"person_id": person_id, "shelter_id": shelter})


def test_pages_follow_the_cursor_without_repeats_or_gaps(platform: Platform) -> None:
    kiosk = platform.kiosk("S-001")
    for i in range(12):
        _register(kiosk, f"w-{i:02}", "S-001", name=f"name{i}", furigana="")
    assert kiosk.push().json()["acked_seq"] == 24
    changes_, cursor = kiosk.pull_all(limit=5)
    positions = [c["position"] for c in changes_]
    assert positions == sorted(set(positions))
    # The shelter's definition, then a person and a presence change per walk-in.
    assert len(changes_) == 25 and changes_[0]["entity"] == "shelter"
    assert kiosk.pull_all(after=cursor)[0] == []


def test_kiosks_receive_only_their_own_shelters(platform: Platform) -> None:
    a = platform.kiosk("S-001")
    b = platform.kiosk("S-002")
    both = platform.kiosk("S-001", "S-002")
    _register(a, "w-a", "S-001")
    _register(b, "w-b", "S-002")
    a.push()
    b.push()
    seen_a = {c["entity_id"] for c in a.pull_all()[0]}
    seen_b = {c["entity_id"] for c in b.pull_all()[0]}
    seen_both = [c["entity_id"] for c in both.pull_all(limit=1)[0]]
    # Shelter definitions are scoped like the people.
    assert seen_a == {"S-001", "w-a"}
    assert seen_b == {"S-002", "w-b"}
    assert sorted(set(seen_both)) == ["S-001", "S-002", "w-a", "w-b"]


def test_a_person_moving_shelters_reaches_the_new_shelters_kiosks(platform: Platform) -> None:
    a = platform.kiosk("S-001")
    b = platform.kiosk("S-002")
    _register(a, "w-a", "S-001", name="佐藤", furigana="さとう")
    a.push()
    b.wall_ms = a.wall_ms + 60_000  # a minute later, at the other shelter
    b.event("shelter.checked_in", {"person_id": "w-a", "shelter_id": "S-002"})
    assert b.push().json()["acked_seq"] == 1
    at_b = b.pull_all()[0]
    assert [(c["entity"], c["op"]) for c in at_b] == [
        ("shelter", "upsert"),
        ("person", "upsert"),
        ("presence", "upsert"),
    ]
    assert at_b[1]["payload"]["fields"] == {"name": "佐藤", "furigana": "さとう"}
    last_at_a = a.pull_all()[0][-1]
    assert last_at_a["payload"] == {
        "person_id": "w-a",
        "shelter_id": "S-002",
        "state": "in",
        "hlc": b.outbox[-1]["hlc"],
    }


def _device(engine: Engine, device_id: str) -> Device:
    from sqlalchemy import insert

    from linkage.tables import devices

    with engine.begin() as conn:
        conn.execute(
            insert(devices).values(
                device_id=device_id,
                public_key=uuid.uuid4().hex,
                scope=Scope(shelters=["S-001"]).to_json(),
                label="writer",
                enrolled_at_ms=0,
                acked_seq=0,
                head_hash="0" * 64,
            )
        )
    return Device(device_id, Scope(shelters=["S-001"]))


def test_concurrent_writers_never_make_a_paging_reader_skip_a_change(
    platform: Platform,
) -> None:
    """Many writers commit while a reader pages with ``position > cursor``.

    Every change that ends up in the feed must have been seen by the reader, in order:
    positions are handed out in commit order, so none can appear behind the reader's cursor.
    """
    platform.shelter("S-001")
    engine = platform.engine
    writers, batches, per_batch = 8, 6, 5
    stop = threading.Event()
    seen: list[int] = []
    errors: list[BaseException] = []

    def write(n: int) -> None:
        try:
            kiosk = Kiosk(platform.client, f"kiosk-w{n}", None, {})  # type: ignore[arg-type]
            device = _device(engine, kiosk.device_id)
            for b in range(batches):
                for i in range(per_batch):
                    _register(kiosk, f"w-{n}-{b}-{i}", "S-001")
                events = [EventIn.model_validate(e) for e in kiosk.outbox]
                kiosk.outbox.clear()
                batch = ingest.prepare(device, events)
                unit.write(engine, partial(ingest.push, batch=batch))
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)

    def read() -> None:
        cursor = 0
        while True:
            finished = stop.is_set()
            rows = unit.read(
                engine, partial(feed.page, scope_keys={"shelter:S-001"}, after=cursor, limit=7)
            )
            seen.extend(r.position for r in rows)
            if rows:
                cursor = rows[-1].position
            elif finished:
                return

    threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
    reader = threading.Thread(target=read)
    reader.start()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    stop.set()
    reader.join()
    assert not errors, errors
    with engine.connect() as conn:
        query = select(changes.c.position).order_by(changes.c.position)
        stored: list[int] = list(conn.execute(query).scalars())
    # A person and a presence change per walk-in, after the shelter's definition.
    assert len(stored) == 1 + writers * batches * per_batch * 2
    assert stored == list(range(1, len(stored) + 1))
    assert seen == stored


def test_the_snapshot_is_resumable_and_hands_over_to_the_feed(platform: Platform) -> None:
    platform.shelter("S-001")
    rows = "".join(f"r{i:03},山田,{i},1980-01-0{1 + i % 9},S-001,yes\n" for i in range(23))
    assert platform.import_residents(RESIDENTS + rows)["created"] == 23
    kiosk = platform.kiosk("S-001")
    items: list[dict[str, Any]] = []
    token: str | None = None
    first = True
    while first or token:
        params: dict[str, Any] = {"limit": 10}
        if token is not None:
            params["page_token"] = token
        page = platform.client.get("/v1/sync/snapshot", params=params, headers=kiosk.headers)
        assert page.status_code == 200, page.text
        again = platform.client.get("/v1/sync/snapshot", params=params, headers=kiosk.headers)
        assert again.json()["items"] == page.json()["items"]  # a retried page is the same page
        body = page.json()
        items += body["items"]
        token = body["next_page_token"]
        if first:
            position, total = body["snapshot_position"], body["total_items"]
            # A change made while the snapshot is paged through ...
            _register(kiosk, "w-new", "S-001")
            kiosk.push()
            first = False
    people = [i["entity_id"] for i in items if i["entity"] == "person"]
    assert people == sorted(people)
    assert len([p for p in people if p.startswith("p-")]) == 23
    # The total counted at the first page: what the snapshot held then (the walk-in came later).
    assert total == len([i for i in items if i["entity_id"] != "w-new"])
    # ... reaches the kiosk through the feed from the snapshot position (whether or not
    # a later snapshot page already showed it).
    after = {c["entity_id"] for c in kiosk.pull_all(after=position)[0]}
    assert "w-new" in after


def _snapshot_in_pages_of_two(
    platform: Platform, kiosk: Kiosk
) -> tuple[list[dict[str, Any]], list[int]]:
    """A kiosk's whole snapshot in pages of two items: its items, and each page's total."""
    items: list[dict[str, Any]] = []
    totals: list[int] = []
    token: str | None = None
    while True:
        params: dict[str, Any] = {"limit": 2}
        if token is not None:
            params["page_token"] = token
        body = platform.client.get("/v1/sync/snapshot", params=params, headers=kiosk.headers).json()
        items += body["items"]
        totals.append(body["total_items"])
        token = body["next_page_token"]
        if token is None:
            return items, totals


def _merge(conn: Connection, person_id: str, into: str) -> None:
    """Mark ``person_id`` merged into ``into`` (still marked as sharing)."""
    conn.execute(persons.update().where(persons.c.person_id == person_id).values(merged_into=into))


@pytest.mark.parametrize("set_max", [10_000, 1], ids=["withheld-as-a-set", "withheld-probed"])
def test_the_snapshot_s_total_is_the_number_of_its_items(
    platform: Platform, set_max: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The first page counts the people and households from indexes of the scope, the withheld
    # and the merged: the same people and households its pages then serve.
    monkeypatch.setattr(feed, "WITHHELD_SET_MAX", set_max)
    monkeypatch.setattr(feed, "WITHHELD_COUNT_S", 0.0)
    for shelter in ("S-001", "S-002", "S-003"):
        platform.shelter(shelter)
    platform.import_residents(
        "external_ref,family_name,given_name,birth_date,household_ref,relation,"
        "designated_shelter_id,kiosk_consent\n"
        "r1,山田,花子,1970-05-05,H1,spouse,S-001,yes\n"
        "r2,山田,一郎,1968-01-01,H1,head,S-001,no\n"
        # A household whose only member does not share, and one held by no shelter of the
        # kiosk's: neither is sent.
        "r3,鈴木,次郎,1960-01-01,H2,head,S-002,no\n"
        "r4,佐藤,春子,1962-02-02,H3,head,S-003,yes\n"
        "r5,伊藤,蓮,2005-07-08,,,S-002,yes\n"
        "r6,伊藤,陸,2006-07-08,,,S-001,yes\n"
    )
    ids = platform.person_ids()
    with platform.engine.begin() as conn:
        # r5 held by both of the kiosk's shelters: one person.
        conn.execute(insert(person_scopes).values(person_id=ids["r5"], scope_key="shelter:S-001"))
        # r6 merged into r1, still marked as sharing: not sent.
        _merge(conn, ids["r6"], ids["r1"])
    kiosk = platform.kiosk("S-001", "S-002")
    items, totals = _snapshot_in_pages_of_two(platform, kiosk)
    people = sorted(i["entity_id"] for i in items if i["entity"] == "person")
    homes = sorted(i["entity_id"] for i in items if i["entity"] == "household")
    assert people == sorted([ids["r1"], ids["r5"]])
    assert homes == ["h-M-001-H1"]
    assert set(totals) == {len(items)}


@pytest.mark.parametrize("set_max", [10_000, 1], ids=["withheld-as-a-set", "withheld-probed"])
def test_the_snapshot_s_total_when_its_scope_holds_every_person(
    platform: Platform, set_max: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A scope holding every person of the platform counts the households without looking each
    # member up in it: those who withheld, merged away or held twice are counted as before.
    monkeypatch.setattr(feed, "WITHHELD_SET_MAX", set_max)
    monkeypatch.setattr(feed, "WITHHELD_COUNT_S", 0.0)
    for shelter in ("S-001", "S-002"):
        platform.shelter(shelter)
    platform.import_residents(
        "external_ref,family_name,given_name,birth_date,household_ref,relation,"
        "designated_shelter_id,kiosk_consent\n"
        "r1,山田,花子,1970-05-05,H1,spouse,S-001,yes\n"
        "r2,山田,一郎,1968-01-01,H1,head,S-001,no\n"
        # A household whose only member does not share: not sent.
        "r3,鈴木,次郎,1960-01-01,H2,head,S-002,no\n"
        # A household whose members are held by the other shelter, one of them by both.
        "r4,佐藤,春子,1962-02-02,H3,head,S-002,yes\n"
        "r5,佐藤,蓮,2005-07-08,H3,child,S-002,yes\n"
        "r6,伊藤,陸,2006-07-08,,,S-001,yes\n"
        # A household whose only member shares and was merged away: sent, as its pages send it.
        "r7,田中,一,1990-01-01,H4,head,S-001,yes\n"
    )
    ids = platform.person_ids()
    with platform.engine.begin() as conn:
        conn.execute(insert(person_scopes).values(person_id=ids["r5"], scope_key="shelter:S-001"))
        for merged in ("r6", "r7"):
            _merge(conn, ids[merged], ids["r1"])
        # A household without members: not sent.
        conn.execute(
            insert(households).values(
                household_id="h-M-001-H0",
                fields="{}",
                field_hlc="{}",
                created_at_ms=0,
                updated_at_ms=0,
            )
        )
        everyone = conn.execute(select(func.count()).select_from(persons)).scalar_one()
        held = conn.execute(
            select(func.count(func.distinct(person_scopes.c.person_id))).where(
                person_scopes.c.scope_key.in_(["shelter:S-001", "shelter:S-002"])
            )
        ).scalar_one()
    assert held == everyone == 7
    kiosk = platform.kiosk("S-001", "S-002")
    items, totals = _snapshot_in_pages_of_two(platform, kiosk)
    people = sorted(i["entity_id"] for i in items if i["entity"] == "person")
    homes = sorted(i["entity_id"] for i in items if i["entity"] == "household")
    assert people == sorted([ids["r1"], ids["r4"], ids["r5"]])
    assert homes == ["h-M-001-H1", "h-M-001-H3", "h-M-001-H4"]
    assert set(totals) == {len(items)}


def test_a_pull_page_is_utf_8_whatever_the_connection_s_encoding(platform: Platform) -> None:
    if platform.engine.dialect.name != "postgresql":
        pytest.skip("only PostgreSQL's connections have an encoding to choose")
    platform.shelter("S-001")
    platform.import_residents(RESIDENTS + "r1,山田,花子,1970-05-05,S-001,yes\n")

    def both(conn: Any) -> Any:
        conn.exec_driver_sql("SET LOCAL client_encoding = 'EUC_JP'")
        return feed.page_text(conn, {"shelter:S-001"}, 0, 50), feed.render_page(
            feed.page(conn, {"shelter:S-001"}, 0, 50), 0, 50
        ).encode()

    written, rendered = unit.read(platform.engine, both)
    assert written == rendered
    assert "山田".encode() in written


def test_a_malformed_page_token_is_a_400(platform: Platform) -> None:
    kiosk = platform.kiosk("S-001")
    r = platform.client.get(
        "/v1/sync/snapshot", params={"page_token": "garbage!"}, headers=kiosk.headers
    )
    assert r.status_code == 400
    assert r.json()["type"] == "/problems/invalid-page-token"


def test_a_pull_page_is_the_same_text_whichever_side_writes_it(platform: Platform) -> None:
    platform.shelter("S-001")
    platform.shelter("S-002")
    platform.import_residents(
        RESIDENTS + 'r1,山田,花子,1970-05-05,S-001,yes\nr2,佐藤,"次郎",1960-01-01,S-002,yes\n'
        "r3,鈴木,三郎,1950-03-03,S-001,yes\nr4,伊藤,蓮,2005-07-08,S-001,no\n"
    )
    keys = {"shelter:S-001", "shelter:S-002"}
    head = unit.read(platform.engine, feed.head)
    for scopes in ({"shelter:S-001"}, keys):
        for after, limit in ((0, 1), (0, 2), (1, 2), (0, 5000), (head, 10)):

            def both(conn: Any, s: set[str] = scopes, a: int = after, n: int = limit) -> Any:
                return feed.page_text(conn, s, a, n), feed.render_page(
                    feed.page(conn, s, a, n), a, n
                ).encode()

            written, rendered = unit.read(platform.engine, both)
            assert written == rendered


def test_a_snapshot_page_is_canonical_json_with_the_stored_fields(platform: Platform) -> None:
    platform.shelter("S-001")
    platform.import_residents(
        "external_ref,family_name,given_name,birth_date,address,household_ref,"
        "designated_shelter_id,kiosk_consent\n"
        'r1,山田,花子,1970-05-05,中央区1-2-3 "北",H1,S-001,yes\n'
        'r2,山田,一郎,1968-01-01,中央区1-2-3 "北",H1,S-001,yes\n'
    )
    kiosk = platform.kiosk("S-001")
    page = platform.client.get("/v1/sync/snapshot", headers=kiosk.headers)
    assert page.status_code == 200
    body = page.json()
    assert page.content == canonical_json(body).encode()
    people = {i["payload"]["fields"]["name"]: i for i in body["items"] if i["entity"] == "person"}
    assert people["山田\u3000花子"]["payload"]["fields"]["address"] == '中央区1-2-3 "北"'
    [household] = [i["payload"] for i in body["items"] if i["entity"] == "household"]
    assert len(household["members"]) == 2


def test_a_snapshot_lists_each_household_with_its_shareable_members(platform: Platform) -> None:
    platform.shelter("S-001")
    platform.shelter("S-002")
    platform.import_residents(
        "external_ref,family_name,given_name,birth_date,household_ref,relation,"
        "designated_shelter_id,kiosk_consent\n"
        "r1,山田,花子,1970-05-05,H1,spouse,S-001,yes\n"
        "r2,山田,一郎,1968-01-01,H1,head,S-001,yes\n"
        # Shares, but from another shelter: listed, as the feed's household upserts list them.
        "r3,山田,三郎,2001-03-03,H1,child,S-002,yes\n"
        "r4,山田,四郎,2003-04-04,H1,child,S-001,no\n"
        # H2 has no member this device sees: one shares elsewhere, one here does not share.
        "r5,鈴木,次郎,1960-01-01,H2,head,S-002,yes\n"
        "r6,鈴木,春子,1962-02-02,H2,spouse,S-001,no\n"
        "r7,伊藤,蓮,2005-07-08,H3,head,S-001,yes\n"
    )
    ids = platform.person_ids()

    def item(hid: str, *members: tuple[str, str]) -> dict[str, Any]:
        listed = sorted((ids[ref], relation) for ref, relation in members)
        return {
            "entity": "household",
            "entity_id": hid,
            "payload": {
                "household_id": hid,
                "fields": {},
                "field_hlc": {},
                "members": [{"person_id": p, "relation": r} for p, r in listed],
            },
        }

    expected = [
        item("h-M-001-H1", ("r1", "spouse"), ("r2", "head"), ("r3", "child")),
        item("h-M-001-H3", ("r7", "head")),
    ]
    device = Device("d", Scope(shelters=["S-001"]))

    def households(after: str, limit: int) -> Any:
        return unit.read(
            platform.engine,
            lambda conn: orjson.loads(
                canonical_json_bytes(snapshot_households.items(conn, device, after, limit))
            ),
        )

    assert households("", 5000) == expected
    assert households("", 1) == expected[:1]
    assert households("h-M-001-H1", 5000) == expected[1:]
    assert households("h-M-001-H3", 5000) == []
    # The feed told this shelter's kiosks the same about each of its households.
    told = {
        c["entity_id"]: c["payload"]
        for c in platform.kiosk("S-001").pull_all()[0]
        if c["entity"] == "household"
    }
    assert told == {i["entity_id"]: i["payload"] for i in expected}


@pytest.mark.parametrize("stored", [True, False], ids=["lists-stored", "one-list-from-rows"])
@pytest.mark.parametrize("share", [1e-9, 2.0], ids=["households-probed", "database-chooses"])
@pytest.mark.parametrize("set_max", [10_000, 1], ids=["withheld-as-a-set", "withheld-probed"])
def test_household_items_are_the_same_whichever_side_writes_them_and_pages_them(
    platform: Platform, set_max: int, share: float, stored: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Both ways of reading who withheld sharing: few, read as a set; many, looked up each.
    monkeypatch.setattr(feed, "WITHHELD_SET_MAX", set_max)
    monkeypatch.setattr(feed, "WITHHELD_COUNT_S", 0.0)
    # Both ways of choosing a page's households: each asked in turn, or as the database likes.
    monkeypatch.setattr(snapshot_households, "PROBE_SHARE", share)
    monkeypatch.setattr(snapshot_households, "SHARE_COUNT_S", 0.0)
    platform.shelter("S-001")
    platform.shelter("S-002")
    platform.import_residents(
        "external_ref,family_name,given_name,birth_date,household_ref,relation,"
        "designated_shelter_id,kiosk_consent\n"
        "r1,山田,花子,1970-05-05,H1,spouse,S-001,yes\n"
        "r2,山田,一郎,1968-01-01,H1,head,S-001,no\n"
        "r3,山田,三郎,2001-03-03,H1,child,S-002,yes\n"
        # No member who shares: not sent.
        "r4,鈴木,次郎,1960-01-01,H2,head,S-001,no\n"
        # Its only member who shares is outside the scope: not sent.
        "r5,佐藤,春子,1962-02-02,H3,head,S-002,yes\n"
        "r6,佐藤,夏子,1963-02-02,H3,spouse,S-001,no\n"
        # Its only member the device may send is its last by person id, after one who does
        # not share and one held elsewhere.
        "r7,伊藤,蓮,2005-07-08,H4,child,S-002,no\n"
        "r8,伊藤,陸,2006-07-08,H4,child,S-002,yes\n"
        "r9,伊藤,空,2007-07-08,H4,head,S-001,yes\n"
        "r10,田中,一,1990-01-01,H5,head,S-001,yes\n"
    )
    ids = platform.person_ids()
    # A relation JSON must escape, for the text PostgreSQL writes.
    with platform.engine.begin() as conn:
        conn.execute(
            household_members.update()
            .where(household_members.c.person_id == ids["r10"])
            .values(relation='義"父\\')
        )
        # Written here as no writer of the platform does (none changes a relation), so its
        # household's stored members list is written too, as every writer does; or left
        # null, as by a writer outside the platform, for pages of stored lists and that one.
        if stored:
            household_lists.keep(conn, ["h-M-001-H5"])
        else:
            conn.execute(
                households.update()
                .where(households.c.household_id == "h-M-001-H5")
                .values(members_json=None)
            )

    def item(hid: str, *members: tuple[str, str]) -> dict[str, Any]:
        listed = sorted((ids[ref], relation) for ref, relation in members)
        members_ = [{"person_id": p, "relation": r} for p, r in listed]
        payload = {"household_id": hid, "fields": {}, "field_hlc": {}, "members": members_}
        return {"entity": "household", "entity_id": hid, "payload": payload}

    expected = [
        item("h-M-001-H1", ("r1", "spouse"), ("r3", "child")),
        item("h-M-001-H4", ("r8", "child"), ("r9", "head")),
        item("h-M-001-H5", ("r10", '義"父\\')),
    ]
    device = Device("d", Scope(shelters=["S-001"]))
    assert_household_pages(
        platform, device, expected, ("", "h-M-001-H1", "h-M-001-H2", "h-M-001-H4", "h-M-001-H5")
    )
    # Through the pages, two items a page: whichever side wrote them, the same households.
    paged: list[dict[str, Any]] = []
    token: str | None = None
    while True:
        page = unit.read(
            platform.engine, partial(snapshot.page, device=device, token=token, limit=2)
        )
        paged += orjson.loads(canonical_json_bytes(page[1]))
        token = page[2]
        if token is None:
            break
    assert [i for i in paged if i["entity"] == "household"] == expected


@pytest.mark.parametrize("share", [1e-9, 2.0], ids=["households-walked", "database-chooses"])
def test_household_items_of_a_scope_of_two_shelters_and_of_households_without_members(
    platform: Platform, share: float, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A scope of many of the platform's people walks households and members together
    # (``snapshot.households._walked_text``), checking each household's members against the
    # scope's keys at once; these are the cases that walk could get wrong.
    monkeypatch.setattr(snapshot_households, "PROBE_SHARE", share)
    monkeypatch.setattr(snapshot_households, "SHARE_COUNT_S", 0.0)
    for shelter in ("S-001", "S-002", "S-003"):
        platform.shelter(shelter)
    platform.import_residents(
        "external_ref,family_name,given_name,birth_date,household_ref,relation,"
        "designated_shelter_id,kiosk_consent\n"
        # Held by both of the device's shelters: one household item, its member listed once.
        "r1,山田,花子,1970-05-05,H1,spouse,S-001,yes\n"
        "r2,山田,一郎,1968-01-01,H1,head,S-003,yes\n"
        # Its only member the device sees is held by the second of the device's shelters.
        "r3,鈴木,次郎,1960-01-01,H2,head,S-003,yes\n"
        "r4,鈴木,春子,1962-02-02,H2,spouse,S-002,yes\n"
        # Its only member in the scope withholds, one elsewhere shares: not sent.
        "r5,佐藤,春子,1962-02-02,H3,head,S-003,yes\n"
        "r6,佐藤,夏子,1963-02-02,H3,spouse,S-001,no\n"
        "r7,伊藤,蓮,2005-07-08,H4,child,S-002,yes\n"
    )
    ids = platform.person_ids()
    fields = {"address": '中央区"1"'}
    stamps = {"address": "0000000000001-0000-k"}
    with platform.engine.begin() as conn:
        conn.execute(insert(person_scopes).values(person_id=ids["r1"], scope_key="shelter:S-002"))
        # A household whose fields were written, and one left without members (sent never).
        conn.execute(
            households.update()
            .where(households.c.household_id == "h-M-001-H2")
            .values(fields=canonical_json(fields), field_hlc=canonical_json(stamps))
        )
        conn.execute(
            insert(households).values(
                household_id="h-M-001-H0",
                fields="{}",
                field_hlc="{}",
                created_at_ms=0,
                updated_at_ms=0,
            )
        )

    def item(hid: str, *members: tuple[str, str], written: bool = False) -> dict[str, Any]:
        listed = sorted((ids[ref], relation) for ref, relation in members)
        payload = {
            "household_id": hid,
            "fields": fields if written else {},
            "field_hlc": stamps if written else {},
            "members": [{"person_id": p, "relation": r} for p, r in listed],
        }
        return {"entity": "household", "entity_id": hid, "payload": payload}

    expected = [
        item("h-M-001-H1", ("r1", "spouse"), ("r2", "head")),
        item("h-M-001-H2", ("r3", "head"), ("r4", "spouse"), written=True),
        item("h-M-001-H4", ("r7", "child")),
    ]
    device = Device("d", Scope(shelters=["S-001", "S-002"]))
    assert_household_pages(
        platform, device, expected, ("", "h-M-001-H0", "h-M-001-H1", "h-M-001-H3", "h-M-001-H4")
    )


def test_person_items_are_the_same_text_whichever_side_writes_them(platform: Platform) -> None:
    if platform.engine.dialect.name != "postgresql":
        pytest.skip("only PostgreSQL writes the items itself")
    platform.shelter("S-001")
    platform.shelter("S-002")
    platform.import_residents(
        "external_ref,family_name,given_name,birth_date,address,household_ref,"
        "designated_shelter_id,kiosk_consent\n"
        'r1,山田,花子,1970-05-05,"中央区1-2-3 ""北\\""",H1,S-001,yes\n'
        "r2,山田,一郎,1968-01-01,,H1,S-001,yes\n"
        "r3,鈴木,三郎,1950-03-03,,,S-001,yes\n"
        "r4,伊藤,蓮,2005-07-08,,,S-001,no\n"
        "r5,佐藤,次郎,1960-01-01,,,S-002,yes\n"
    )
    ids: list[str] = unit.read(
        platform.engine,
        lambda conn: list(
            conn.execute(select(persons.c.person_id).order_by("person_id")).scalars()
        ),
    )
    # Card keys in another order than their people's, one with characters JSON escapes.
    links = [(ids[0], 'card-z"\\'), (ids[0], "card-a"), (ids[2], "card-m")]
    with platform.engine.begin() as conn:
        conn.execute(
            insert(card_links),
            [
                {
                    "card_key": k,
                    "person_id": p,
                    "assurance": "low",
                    "source": "t",
                    "created_at_ms": 0,
                }
                for p, k in links
            ],
        )
    device = Device("d", Scope(shelters=["S-001"]))
    for after in ("", ids[0], ids[1], ids[-1]):
        for limit in (1, 2, 5000):

            def both(conn: Any, a: str = after, n: int = limit) -> Any:
                return snapshot_people.text(conn, device, a, n), snapshot_people.items(
                    conn, device, a, n
                )

            written, items = unit.read(platform.engine, both)
            assert b"[" + written.text + b"]" == canonical_json_bytes(items)
            assert written.size == len(items)
            assert written.last == (items[-1]["entity_id"] if items else "")
    every = unit.read(platform.engine, lambda conn: snapshot_people.items(conn, device, "", 10))
    assert every[0]["payload"]["card_keys"] == ["card-a", 'card-z"\\']
    assert len(every) == 3  # the one without consent and the other shelter's are not there


def assert_household_pages(
    platform: Platform, device: Device, expected: list[dict[str, Any]], afters: tuple[str, ...]
) -> None:
    """Each household page from each of ``afters``, one, two and 5,000 items long, holds the
    ``expected`` items that follow it; on PostgreSQL its own text is the same bytes."""
    for after in afters:
        for limit in (1, 2, 5000):
            wanted = [i for i in expected if i["entity_id"] > after][:limit]

            def both(conn: Any, a: str = after, n: int = limit) -> Any:
                items = snapshot_households.items(conn, device, a, n)
                if conn.dialect.name != "postgresql":
                    return None, items
                return snapshot_households.text(conn, device, a, n), items

            written, items = unit.read(platform.engine, both)
            assert orjson.loads(canonical_json_bytes(items)) == wanted
            if written is not None:
                assert b"[" + written.text + b"]" == canonical_json_bytes(items)
                assert written.size == len(items)
                assert written.last == (items[-1]["entity_id"] if items else "")

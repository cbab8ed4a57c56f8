"""Person and household upserts parsed before their transaction (``feed_prepare.prepare``) are
applied exactly as the same changes applied in full: same rows, same merge with local unsent
edits, same refusal."""

from __future__ import annotations

from typing import Any

import pytest

from kiosk.app import Kiosk
from kiosk.feed_apply import apply_page
from kiosk.feed_page import Applied, BadChange
from kiosk.feed_prepare import BETWEEN_EVERY, prepare
from kiosk.model import Household
from kiosk.store import Store
from tests.kiosk.builders import STAFF, add_household, add_person, platform_household_fields

OLD = "000001700000000000:00000:platform"
NEW = "000009700000000000:00000:platform"


def upsert(person_id: str, name: str, stamp: str = OLD, **extra: Any) -> dict[str, Any]:
    """A snapshot item for a person, every field stamped ``stamp``."""
    fields = {"name": name, "furigana": "かくう たろう", "phone": "090-0000-0000"}
    payload = {
        "person_id": person_id,
        "household_id": None,
        "fields": fields,
        "field_hlc": dict.fromkeys(fields, stamp),
        "card_keys": [f"jpki:{person_id}"],
    }
    return {"entity": "person", "payload": payload | extra}


def household(household_id: str, stamp: str = OLD, **fields: Any) -> dict[str, Any]:
    """A snapshot item for a household, as the platform sends it: every field it models,
    each stamped ``stamp``, and its members (which the kiosk does not keep from here)."""
    every = platform_household_fields(household_id, **fields)
    payload = {
        "household_id": household_id,
        "fields": every,
        "field_hlc": dict.fromkeys(every, stamp),
        "members": [{"person_id": "p-1", "relation": "世帯主"}],
    }
    return {"entity": "household", "entity_id": household_id, "payload": payload}


def rows(store: Store) -> list[tuple[Any, ...]]:
    with store.reading() as conn:
        persons = conn.execute("SELECT * FROM persons ORDER BY person_id").fetchall()
        keys = conn.execute("SELECT * FROM identifiers ORDER BY identifier").fetchall()
        households = conn.execute("SELECT * FROM households ORDER BY household_id").fetchall()
    return [tuple(r) for r in persons + keys + households]


def apply(store: Store, changes: list[dict[str, Any]], prepared: bool) -> Applied:
    applied = Applied()
    with store.transaction() as tx:
        if prepared:
            apply_page(tx, changes, applied, prepare(changes))
        else:
            apply_page(tx, changes, applied)
    return applied


def test_prepared_people_are_written_as_the_full_path_writes_them(
    kiosk: Kiosk, tmp_path: Any
) -> None:
    changes = [upsert(f"p-{i}", f"架空 太郎{i}") for i in range(20)]
    other = Store.create(tmp_path / "other", "a passphrase for the test", use_os_keystore=False)
    with other:
        full = apply(other, changes, prepared=False)
        ready = apply(kiosk.store, changes, prepared=True)
        assert ready == full == Applied(upserts=20)
        assert rows(kiosk.store) == rows(other)


def test_a_page_is_prepared_in_parts_with_a_call_before_each_and_the_same_rows() -> None:
    # The kiosk's process waits for the counter there.
    changes = [upsert(f"p-{i}", f"架空 太郎{i}") for i in range(2 * BETWEEN_EVERY)]
    changes.append(household("h-1"))
    made: list[int] = []
    assert prepare(changes, between=lambda: made.append(1)) == prepare(changes)
    assert made == [1, 1, 1]


def test_a_local_unsent_edit_still_wins_over_an_older_prepared_value(kiosk: Kiosk) -> None:
    person = add_person(kiosk, name="山田 太郎")
    kiosk.people.update(STAFF, person.person_id, phone="080-1111-2222")
    apply(kiosk.store, [upsert(person.person_id, "山田 次郎")], prepared=True)
    held = kiosk.people.get(person.person_id)
    assert (held.name, held.phone) == ("山田 次郎", "080-1111-2222")


def test_a_newer_platform_value_wins_over_a_local_unsent_edit(kiosk: Kiosk) -> None:
    person = add_person(kiosk, name="山田 太郎")
    kiosk.people.update(STAFF, person.person_id, phone="080-1111-2222")
    apply(kiosk.store, [upsert(person.person_id, "山田 次郎", stamp=NEW)], prepared=True)
    assert kiosk.people.get(person.person_id).phone == "090-0000-0000"


def test_a_bad_person_among_prepared_ones_refuses_the_page_and_writes_nothing(
    kiosk: Kiosk,
) -> None:
    changes = [upsert("p-1", "架空 太郎"), upsert("p-2", "架空 花子", field_hlc={"name": 7})]
    before = rows(kiosk.store)
    with pytest.raises(BadChange, match="field_hlc"):
        apply(kiosk.store, changes, prepared=True)
    assert rows(kiosk.store) == before


def test_a_person_with_every_kind_of_field_is_prepared_as_the_full_path_writes_them(
    kiosk: Kiosk, tmp_path: Any
) -> None:
    fields = {
        "name": "ｶｸｳ　花子",
        "furigana": "カクウ ハナコ",
        "sex": "2",
        "birth_date": "1950-04-01",
        "household_id": "h-1",
        "disabilities": ["visual", "hearing"],
        "pregnant": False,
        "dv_protected": True,
        "allergies": "卵",
        "relation": "妻",
    }
    change = upsert("p-1", "unused", household_id="h-1", fields=fields)
    change["payload"]["field_hlc"] = dict.fromkeys(fields, OLD)
    other = Store.create(tmp_path / "other", "a passphrase for the test", use_os_keystore=False)
    with other:
        apply(other, [change], prepared=False)
        apply(kiosk.store, [change], prepared=True)
        assert prepare([change]).at == [0]
        assert rows(kiosk.store) == rows(other)


@pytest.mark.parametrize(
    "fields",
    [
        {"name": "架空 太郎", "furigana": "かくう", "birth_date": "", "sex": "0"},
        {"name": "架空 太郎", "furigana": "かくう", "shoe_size": 27, "provisional": True},
        {"name": "架空 太郎", "furigana": "かくう", "birth_date": "19500401"},
        {"name": "架空 太郎", "furigana": "かくう", "sex": "7"},
        {"name": "架空 太郎", "furigana": "かくう", "disabilities": ["flying"]},
        {"name": "架空 太郎", "furigana": "かくう", "pregnant": "no"},
        {"name": "架空 太郎", "furigana": 7},
        {"name": "架空 太郎"},
    ],
    ids=[
        "empty-date-and-default-sex",
        "unknown-field-and-flag",
        "basic-date",
        "bad-sex",
        "bad-disability",
        "flag-as-text",
        "furigana-as-number",
        "furigana-missing",
    ],
)
def test_odd_field_values_are_prepared_or_refused_as_the_full_path_does(
    kiosk: Kiosk, tmp_path: Any, fields: dict[str, Any]
) -> None:
    change = upsert("p-1", "unused", fields=fields)
    change["payload"]["field_hlc"] = dict.fromkeys(fields, OLD)
    _same_as_full_path(kiosk, tmp_path, change)


def test_a_page_applied_in_parts_writes_what_it_writes_in_full(kiosk: Kiosk, tmp_path: Any) -> None:
    # Card keys, a change that is no person and one that does not convert, across two parts.
    changes = [
        upsert("p-1", "架空 一郎", household_id="h-1"),
        {"entity": "revoked_key", "payload": {"kid": "k-1", "revoked_at": "2026-01-01T00:00Z"}},
        upsert("p-2", "架空 二郎", card_keys=["jpki:a", "jpki:b"], household_id="h-1"),
        upsert("p-3", "架空 三郎", fields={"name": "架空 三郎", "furigana": "", "sex": "0"}),
        upsert("p-4", "架空 四郎", card_keys=["jpki:c"]),
    ]
    prepared = prepare(changes)
    assert prepared.at == [0, 2, 3, 4]
    other = Store.create(tmp_path / "other", "a passphrase for the test", use_os_keystore=False)
    with other:
        full = apply(other, changes, prepared=False)
        parts = Applied()
        for start, stop in ((0, 3), (3, 5)):
            with kiosk.store.transaction() as tx:
                apply_page(tx, changes[start:stop], parts, prepared.part(start, stop))
        assert parts == full
        assert rows(kiosk.store) == rows(other)
        with kiosk.store.reading() as conn:
            keys = conn.execute(
                "SELECT identifier, person_id FROM identifiers ORDER BY 1"
            ).fetchall()
            assert [tuple(k) for k in keys] == [
                ("jpki:a", "p-2"),
                ("jpki:b", "p-2"),
                ("jpki:c", "p-4"),
                ("jpki:p-1", "p-1"),
                ("jpki:p-3", "p-3"),
            ]


def test_prepared_households_are_written_as_the_full_path_writes_them(
    kiosk: Kiosk, tmp_path: Any
) -> None:
    # As a snapshot sends them: the people first (their households made sure of), then the
    # households, one of them with every kind of field set.
    changes = [upsert(f"p-{i}", f"架空 太郎{i}", household_id=f"h-{i % 3}") for i in range(6)]
    changes += [household(f"h-{i}") for i in range(3)]
    changes.append(
        household(
            "h-9",
            address="架空市本町1丁目",
            car={"plate": "品川 300 あ 12-34", "colour": "白", "model": "軽", "parked_at": "B2"},
            damage="half",
            gas_out=True,
            livable=False,
            pets=[{"kind": "犬", "name": "ポチ"}, {"count": 2, "kind": "猫", "notes": ""}],
            phone="090-0000-0000",
            registered_on="2026-01-17",
            registration_no="R-9",
            representative_id="p-1",
            shelter_id="S1",
            staying="car",
            tenure="rented",
        )
    )
    prepared = prepare(changes)
    assert prepared.household_at == [6, 7, 8, 9]
    other = Store.create(tmp_path / "other", "a passphrase for the test", use_os_keystore=False)
    with other:
        full = apply(other, changes, prepared=False)
        ready = apply(kiosk.store, changes, prepared=True)
        assert ready == full == Applied(upserts=10)
        assert rows(kiosk.store) == rows(other)
    assert kiosk.people.household("h-9").car.parked_at == "B2"
    assert [p.person_id for p in kiosk.people.members("h-1")] == ["p-1", "p-4"]


def test_a_local_unsent_household_edit_still_wins_over_an_older_prepared_value(
    kiosk: Kiosk,
) -> None:
    local = add_household(kiosk, phone="090-1111-1111")
    kiosk.people.update_household(STAFF, local.household_id, phone="080-1111-2222")
    item = household(local.household_id, address="架空市本町2丁目", phone="090-3333-3333")
    apply(kiosk.store, [household("h-other"), item], prepared=True)
    held = kiosk.people.household(local.household_id)
    assert (held.address, held.phone) == ("架空市本町2丁目", "080-1111-2222")
    assert kiosk.people.household("h-other").phone == ""


def test_a_newer_platform_household_value_wins_over_a_local_unsent_edit(kiosk: Kiosk) -> None:
    local = add_household(kiosk, phone="090-1111-1111")
    kiosk.people.update_household(STAFF, local.household_id, phone="080-1111-2222")
    item = household(local.household_id, NEW, phone="090-3333-3333")
    apply(kiosk.store, [item], prepared=True)
    assert kiosk.people.household(local.household_id).phone == "090-3333-3333"


def test_a_bad_household_among_prepared_ones_refuses_the_page_and_writes_nothing(
    kiosk: Kiosk,
) -> None:
    changes = [upsert("p-1", "架空 太郎", household_id="h-1"), household("h-1"), household("h-2")]
    changes[2]["payload"]["field_hlc"] = {"phone": 7}
    before = rows(kiosk.store)
    with pytest.raises(BadChange, match="change \\?: field_hlc"):
        apply(kiosk.store, changes, prepared=True)
    assert prepare(changes).household_at == [1]
    assert rows(kiosk.store) == before


@pytest.mark.parametrize(
    "fields",
    [
        {"registered_on": "20260117"},
        {"registered_on": ""},
        {"tenure": "castle"},
        {"car": {"plate": "品川 300 あ 12-34"}},
        {"car": {"plate": "品川", "wheels": 4}},
        {"car": "白い軽"},
        {"pets": [{"kind": "犬", "count": 1.5}, {"kind": "鶏", "count": 10**30}]},
        {"pets": "dog"},
        {"livable": "yes", "representative_id": 7, "shelter_id": 12},
        {"gas_out": 0},
        {"phone": 5},
        {"shoe_size": 27},
        {"staying": "tent", "damage": "total", "water_out": True},
    ],
    ids=[
        "basic-date",
        "empty-date",
        "bad-tenure",
        "car-in-part",
        "car-unknown-field",
        "car-as-text",
        "pet-counts-as-numbers",
        "pets-as-text",
        "unchecked-optional-fields",
        "flag-as-number",
        "phone-as-number",
        "unknown-field",
        "set-enums-and-flag",
    ],
)
def test_odd_household_values_are_prepared_or_refused_as_the_full_path_does(
    kiosk: Kiosk, tmp_path: Any, fields: dict[str, Any]
) -> None:
    change = household("h-1", **fields)
    outcome = _same_as_full_path(kiosk, tmp_path, change)
    # Prepared exactly when the full path takes it.
    assert (prepare([change]).household_at == [0]) == isinstance(outcome, Applied)


def test_a_page_of_people_and_households_applied_in_parts_writes_what_it_writes_in_full(
    kiosk: Kiosk, tmp_path: Any
) -> None:
    # A household before and after its members, one that does not convert, one with a local
    # unsent edit, and a change that is neither, across two parts.
    local = add_household(kiosk, phone="090-1111-1111")
    kiosk.people.update_household(STAFF, local.household_id, phone="080-1111-2222")
    changes = [
        household("h-1", phone="1"),
        upsert("p-1", "架空 一郎", household_id="h-1"),
        upsert("p-2", "架空 二郎", household_id="h-2"),
        household(local.household_id, address="架空市"),
        {"entity": "revoked_key", "payload": {"kid": "k-1", "revoked_at": "2026-01-01T00:00Z"}},
        household("h-2", registered_on="20260117"),
        household("h-3", car={"plate": "品川"}),
    ]
    prepared = prepare(changes)
    assert (prepared.at, prepared.household_at) == ([1, 2], [0, 3, 5, 6])
    other = Store.create(tmp_path / "other", "a passphrase for the test", use_os_keystore=False)
    with other:
        # The same local household and unsent edit in the store the changes go to in full.
        people = Kiosk.over(other).people
        people.register_household(STAFF, Household(local.household_id, phone="090-1111-1111"))
        people.update_household(STAFF, local.household_id, phone="080-1111-2222")
        full = apply(other, changes, prepared=False)
        parts = Applied()
        for start, stop in ((0, 4), (4, 7)):
            with kiosk.store.transaction() as tx:
                apply_page(tx, changes[start:stop], parts, prepared.part(start, stop))
        assert parts == full
        assert rows(kiosk.store) == rows(other)
    held = kiosk.people.household(local.household_id)
    assert (held.address, held.phone) == ("架空市", "080-1111-2222")


def _same_as_full_path(kiosk: Kiosk, tmp_path: Any, change: dict[str, Any]) -> Applied | str:
    """Apply ``change`` prepared to the kiosk's store and in full to another; both come out
    the same (the same rows, or the same refusal), which is returned."""
    other = Store.create(tmp_path / "other", "a passphrase for the test", use_os_keystore=False)
    with other:
        outcomes: list[Applied | str] = []
        for store, prepared in ((other, False), (kiosk.store, True)):
            try:
                outcomes.append(apply(store, [change], prepared=prepared))
            except BadChange as exc:
                outcomes.append(str(exc))
        assert outcomes[0] == outcomes[1]
        assert rows(kiosk.store) == rows(other)
    return outcomes[0]


def test_people_already_in_the_store_are_replaced_by_a_page_applied_again(
    kiosk: Kiosk, tmp_path: Any
) -> None:
    # A page applied again (after a stop) or an update: the batch's plain insert fails on the
    # first person already there, after new ones, and the batch is written replacing instead,
    # leaving what the second page alone writes.
    first = [upsert(f"p-{i}", f"架空 太郎{i}", card_keys=[f"jpki:{i}"]) for i in range(3, 6)]
    again = [upsert(f"p-{i}", f"架空 次郎{i}", card_keys=[f"jpki:{i}b"]) for i in range(8)]
    other = Store.create(tmp_path / "other", "a passphrase for the test", use_os_keystore=False)
    with other:
        apply(kiosk.store, first, prepared=True)
        assert apply(kiosk.store, again, prepared=True) == Applied(upserts=8)
        apply(other, again, prepared=True)
        assert rows(kiosk.store) == rows(other)
        with kiosk.store.reading() as conn:
            names = conn.execute("SELECT name_key FROM persons ORDER BY person_id").fetchall()
        assert [n[0] for n in names] == [f"架空次郎{i}" for i in range(8)]

"""Person upserts parsed before their transaction (``feed_apply.prepare``) are applied exactly as
the same changes applied in full: same rows, same merge with local unsent edits, same refusal."""

from __future__ import annotations

from typing import Any

import pytest

from kiosk.app import Kiosk
from kiosk.feed_apply import apply_page
from kiosk.feed_page import Applied, BadChange
from kiosk.feed_prepare import prepare
from kiosk.store import Store
from tests.kiosk.builders import STAFF, add_person

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


def rows(store: Store) -> list[tuple[Any, ...]]:
    with store.reading() as conn:
        persons = conn.execute("SELECT * FROM persons ORDER BY person_id").fetchall()
        keys = conn.execute("SELECT * FROM identifiers ORDER BY identifier").fetchall()
    return [tuple(r) for r in persons + keys]


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

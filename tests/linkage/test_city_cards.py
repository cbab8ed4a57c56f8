"""A municipality's own QR ID card: its format is defined at the platform, checked to be a safe
anchored pattern, and reaches the kiosks of the municipality's shelters; a card is linked only
to a person whose My Number Card was linked with its proof, else an incident and nothing stored.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import insert, select

from linkage.tables import card_links, city_card_formats, city_cards, incidents
from tests.linkage.kiosk_double import ADMIN, Kiosk, Platform

YABU = {"prefix": "YAPPURU", "municipality_code": "282227", "id_pattern": "^[0-9]{8}$"}


def _put(platform: Platform, town: str, body: dict[str, Any]) -> Any:
    return platform.client.put(
        f"/v1/admin/municipalities/{town}/city-card-format", json=body, headers=ADMIN
    )


def test_a_format_reaches_the_kiosks_of_its_municipality_by_feed_and_snapshot(
    platform: Platform,
) -> None:
    platform.municipality("M-002", "隣町")
    ours = platform.kiosk("S-001")
    theirs = platform.kiosk("S-900")
    platform.client.put(
        "/v1/admin/shelters/S-900",
        json={"municipality_id": "M-002", "name": "隣町の避難所"},
        headers=ADMIN,
    )
    assert _put(platform, "M-001", YABU).status_code == 200
    seen = [c for c in ours.pull_all()[0] if c["entity"] == "city_card_format"]
    assert [(c["entity_id"], c["payload"]) for c in seen] == [
        ("M-001", {"municipality_id": "M-001", **YABU})
    ]
    assert [c for c in theirs.pull_all()[0] if c["entity"] == "city_card_format"] == []
    snapshot = platform.client.get("/v1/sync/snapshot", headers=ours.headers).json()
    assert [i["entity"] for i in snapshot["items"]] == ["shelter", "city_card_format"]
    assert snapshot["total_items"] == 2
    assert snapshot["items"][1]["payload"] == seen[0]["payload"]
    # The same definition again adds nothing to the feed; a changed one is a change.
    _, cursor = ours.pull_all()
    assert _put(platform, "M-001", YABU).status_code == 200
    assert ours.pull_all(after=cursor)[0] == []
    assert _put(platform, "M-001", YABU | {"id_pattern": "^[0-9]{10}$"}).status_code == 200
    [changed] = ours.pull_all(after=cursor)[0]
    assert changed["payload"]["id_pattern"] == "^[0-9]{10}$"
    got = platform.client.get("/v1/admin/municipalities/M-001/city-card-format", headers=ADMIN)
    assert got.json() == {"municipality_id": "M-001", **YABU, "id_pattern": "^[0-9]{10}$"}


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"id_pattern": "[0-9]{8}"}, "must be anchored"),
        ({"id_pattern": "^[0-9]+$"}, "no groups, | , * or +"),
        ({"id_pattern": "^(a+)+$"}, "no groups"),
        ({"id_pattern": "^a|b$"}, "no groups"),
        ({"id_pattern": "^[0-9]{40}[A-Z]{30}$"}, "longer than 64"),
        ({"id_pattern": "^[0-9]{9,3}$"}, "minimum above its maximum"),
        ({"municipality_code": "282228"}, "not a valid 6-digit local government code"),
        ({"prefix": "yappuru"}, "capital letters or digits"),
    ],
)
def test_a_format_that_is_not_safe_or_valid_is_refused_naming_why_and_nothing_is_stored(
    platform: Platform, change: dict[str, str], problem: str
) -> None:
    r = _put(platform, "M-001", YABU | change)
    assert r.status_code == 422, r.text
    assert r.json()["type"] == "/problems/invalid-city-card-format"
    assert problem in r.json()["detail"]
    with platform.engine.connect() as conn:
        assert conn.execute(select(city_card_formats)).first() is None
    gone = platform.client.get("/v1/admin/municipalities/M-001/city-card-format", headers=ADMIN)
    assert gone.status_code == 404


def test_a_format_for_an_unknown_municipality_is_refused(platform: Platform) -> None:
    r = _put(platform, "M-404", YABU)
    assert r.status_code == 422 and r.json()["type"] == "/problems/unknown-municipality"


def _register(kiosk: Kiosk, person_id: str) -> None:
    kiosk.event(
        "person.registered",
        {
            "person_id": person_id,
            "household_id": None,
            "fields": {"name": "佐藤\u3000花子", "furigana": "さとう\u3000はなこ"},
            "source": "walk_in",
        },
    )


def _link(kiosk: Kiosk, person_id: str, card_id: str = "00012345") -> None:
    kiosk.event(
        "person.city_card_linked",
        {
            "person_id": person_id,
            "municipality_id": "M-001",
            "card_id": card_id,
            "staff": "staff:t01",
        },
    )


def _incident_kinds(platform: Platform) -> list[str]:
    with platform.engine.connect() as conn:
        return list(conn.execute(select(incidents.c.kind)).scalars())


def test_a_city_card_is_not_linked_to_a_person_without_a_verified_card_link(
    platform: Platform,
) -> None:
    assert _put(platform, "M-001", YABU).status_code == 200
    kiosk = platform.kiosk("S-001")
    _register(kiosk, "w-1")
    _link(kiosk, "w-1")
    pushed = kiosk.push()
    assert [r["status"] for r in pushed.json()["results"]] == ["stored", "stored"]
    assert "city-card-unverified-person" in _incident_kinds(platform)
    with platform.engine.connect() as conn:
        assert conn.execute(select(city_cards)).first() is None


def test_a_city_card_is_linked_to_a_verified_person_and_reaches_their_kiosks(
    platform: Platform,
) -> None:
    assert _put(platform, "M-001", YABU).status_code == 200
    kiosk = platform.kiosk("S-001")
    _register(kiosk, "w-1")
    _register(kiosk, "w-2")
    assert kiosk.push().status_code == 200
    with platform.engine.begin() as conn:
        # As a counter link whose proof held leaves it (tests/integration/test_city_cards.py
        # makes it with a card).
        for n, pid in enumerate(["w-1", "w-2"]):
            conn.execute(
                insert(card_links).values(
                    card_key=f"jpki:{n}" + "ab" * 32,
                    person_id=pid,
                    assurance="verified",
                    source=kiosk.device_id,
                    created_at_ms=1,
                )
            )
    _, cursor = kiosk.pull_all()
    _link(kiosk, "w-1")
    _link(kiosk, "w-1", "123")  # not the city's pattern
    assert kiosk.push(kiosk.outbox[-2:]).status_code == 200
    with platform.engine.connect() as conn:
        [row] = conn.execute(select(city_cards)).all()
    assert (row.municipality_id, row.card_id, row.person_id) == ("M-001", "00012345", "w-1")
    assert row.device_id == kiosk.device_id and row.staff == "staff:t01"
    assert "city-card-invalid" in _incident_kinds(platform)
    fed = [c for c in kiosk.pull_all(after=cursor)[0] if c["entity"] == "city_card"]
    assert [(c["entity_id"], c["payload"]["person_id"]) for c in fed] == [("M-001:00012345", "w-1")]
    snapshot = platform.client.get("/v1/sync/snapshot", headers=kiosk.headers).json()
    assert [i["entity_id"] for i in snapshot["items"] if i["entity"] == "city_card"] == [
        "M-001:00012345"
    ]
    # The same card for someone else, verified too, is refused: one card, one person.
    _link(kiosk, "w-2")
    kiosk.push(kiosk.outbox[-1:])
    assert "city-card-linked-elsewhere" in _incident_kinds(platform)


def test_a_kiosk_cannot_link_a_card_of_a_municipality_outside_its_shelters(
    platform: Platform,
) -> None:
    platform.municipality("M-002", "隣町")
    assert _put(platform, "M-002", YABU).status_code == 200
    kiosk = platform.kiosk("S-001")
    _register(kiosk, "w-1")
    kiosk.event(
        "person.city_card_linked",
        {"person_id": "w-1", "municipality_id": "M-002", "card_id": "1", "staff": "s"},
    )
    kiosk.push()
    assert "city-card-outside-scope" in _incident_kinds(platform)


def test_a_merged_persons_city_card_follows_them_to_the_person_kept(platform: Platform) -> None:
    assert _put(platform, "M-001", YABU).status_code == 200
    kiosk = platform.kiosk("S-001")
    _register(kiosk, "w-1")
    _register(kiosk, "w-2")
    assert kiosk.push().status_code == 200
    with platform.engine.begin() as conn:
        conn.execute(
            insert(card_links).values(
                card_key="jpki:" + "cd" * 32,
                person_id="w-1",
                assurance="verified",
                source=kiosk.device_id,
                created_at_ms=1,
            )
        )
    _link(kiosk, "w-1")
    assert kiosk.push(kiosk.outbox[-1:]).status_code == 200
    merged = platform.client.post(
        "/v1/admin/persons/merge",
        json={"from_person_id": "w-1", "into_person_id": "w-2"},
        headers=ADMIN,
    )
    assert merged.status_code == 200, merged.text
    with platform.engine.connect() as conn:
        [row] = conn.execute(select(city_cards)).all()
    assert row.person_id == "w-2"
    # The kiosk forgets the merged person with their identifiers, and is given the card again.
    fed = [c for c in kiosk.pull_all()[0] if c["entity"] == "city_card"]
    assert fed[-1]["payload"] == {
        "municipality_id": "M-001",
        "card_id": "00012345",
        "person_id": "w-2",
    }

"""Counter card links on the platform's side: the address rule both sides share, and a platform
that cannot check a card's proof links nothing (the proofs themselves, through a real platform
process and real kiosks, are in tests/integration/test_counter_linking.py)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy import select

from linkage.names import address_key
from linkage.tables import card_link_proofs, card_links, incidents, person_verifications
from tests.linkage.kiosk_double import Platform

VECTORS = Path(__file__).resolve().parents[2] / "docs" / "protocol" / "address-vectors.json"
CARD_KEY = "jpki:" + "ab" * 32


def test_address_keys_are_the_shared_vectors() -> None:
    for vector in json.loads(VECTORS.read_text(encoding="utf-8"))["vectors"]:
        assert address_key(vector["address"]) == vector["key"], vector["address"]


def test_without_trust_anchors_a_counter_link_is_kept_as_an_incident_and_links_nothing(
    platform: Platform,
) -> None:
    kiosk = platform.kiosk("S-001")
    kiosk.event(
        "person.registered",
        {
            "person_id": "w-1",
            "household_id": None,
            "fields": {"name": "佐藤\u3000花子", "furigana": "さとう\u3000はなこ"},
            "source": "walk_in",
        },
    )
    kiosk.event(
        "person.card_linked",
        {
            "person_id": "w-1",
            "card_key": CARD_KEY,
            "items": {"name": "佐藤 花子", "birth_date": "1980-01-02", "address": "", "sex": "2"},
            "staff": "staff:t01",
            "proof": {
                "certificate": "MIIB",
                "intermediates": [],
                "signature": "AAAA",
                "nonce": "A" * 43,
                "challenge_id": None,
                "signed_at_ms": 1_764_000_000_000,
            },
        },
    )
    pushed = kiosk.push()
    assert pushed.status_code == 200, pushed.text
    assert [r["status"] for r in pushed.json()["results"]] == ["stored", "stored"]
    with platform.engine.connect() as conn:
        kinds: list[str] = list(conn.execute(select(incidents.c.kind)).scalars())
        assert "card-verification-unavailable" in kinds
        assert conn.execute(select(card_links)).first() is None
        assert conn.execute(select(person_verifications)).first() is None
        [proof] = conn.execute(select(card_link_proofs)).all()
        assert proof.outcome == "card-verification-unavailable"


def test_malformed_counter_links_are_invalid_and_name_what_is_wrong(platform: Platform) -> None:
    kiosk = platform.kiosk("S-001")
    kiosk.event(
        "person.registered",
        {
            "person_id": "w-1",
            "household_id": None,
            "fields": {"name": "佐藤\u3000花子", "furigana": "さとう\u3000はなこ"},
            "source": "walk_in",
        },
    )
    items = {"name": "佐藤 花子", "birth_date": "", "address": "", "sex": ""}
    proof: dict[str, Any] = {
        "certificate": "MIIB",
        "intermediates": [],
        "signature": "AAAA",
        "nonce": "A" * 100,
        "challenge_id": None,
        "signed_at_ms": 1,
    }
    assert kiosk.push().status_code == 200
    stored = (kiosk.seq, kiosk.head)
    for payload, reason in (
        ({"items": {"name": "x"}, "proof": proof, "staff": "s"}, "items "),
        ({"items": items, "proof": proof, "staff": "s"}, "proof nonce "),
        ({"items": items, "proof": proof | {"nonce": "A" * 43}}, "staff "),
    ):
        event = kiosk.event(
            "person.card_linked", {"person_id": "w-1", "card_key": CARD_KEY} | payload
        )
        [outcome] = kiosk.push([event]).json()["results"]
        assert outcome["status"] == "invalid" and outcome["reason"].startswith(reason), outcome
        # The chain is held at the last stored event: the next attempt continues from there.
        kiosk.seq, kiosk.head = stored

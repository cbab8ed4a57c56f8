"""The snapshot's compact person items (docs/protocol/sync.md, "Snapshot"): written when a kiosk
asks, on both databases, as docs/protocol/person-item-vectors.json has them; today's items for a
kiosk that does not ask."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import orjson
import pytest
from sqlalchemy import insert, update

from kazasu_protocol.canonical import canonical_json
from linkage.people import stamp_columns
from linkage.tables import card_links, person_scopes, persons
from tests.linkage.kiosk_double import Kiosk, Platform

VECTORS: list[dict[str, Any]] = json.loads(
    (Path(__file__).resolve().parents[2] / "docs/protocol/person-item-vectors.json").read_text(
        encoding="utf-8"
    )
)["compact"]


def _seed(platform: Platform) -> Kiosk:
    """A kiosk of S-001, and a person of that shelter for each vector (``p-<index>``)."""
    platform.shelter("S-001")
    with platform.engine.begin() as conn:
        conn.execute(
            insert(persons),
            [
                {
                    "person_id": f"p-{i}",
                    "kind": "resident",
                    "household_id": None,
                    "fields": canonical_json(v["fields"]),
                    "field_hlc": canonical_json(v["stamps"]),
                    "shareable": True,
                    "created_at_ms": 0,
                    "updated_at_ms": 0,
                }
                for i, v in enumerate(VECTORS)
            ],
        )
        conn.execute(
            insert(person_scopes),
            [{"person_id": f"p-{i}", "scope_key": "shelter:S-001"} for i in range(len(VECTORS))],
        )
        conn.execute(
            insert(card_links),
            [
                {
                    "card_key": "jpki:p-0",
                    "person_id": "p-0",
                    "assurance": "low",
                    "source": "t",
                    "created_at_ms": 0,
                }
            ],
        )
    return platform.kiosk("S-001")


def _people(platform: Platform, kiosk: Kiosk, **params: Any) -> tuple[dict[str, Any], list[Any]]:
    page = platform.client.get("/v1/sync/snapshot", params=params, headers=kiosk.headers)
    assert page.status_code == 200
    body = orjson.loads(page.content)
    assert page.content == canonical_json(body).encode()
    return body, [i["payload"] for i in body["items"] if i["entity"] == "person"]


def test_a_kiosk_that_asks_gets_compact_person_items_as_the_vectors_have_them(
    platform: Platform,
) -> None:
    kiosk = _seed(platform)
    body, people = _people(platform, kiosk, person_items="compact")
    assert body["person_items"] == "compact"
    assert len(people) == len(VECTORS)
    for i, (payload, vector) in enumerate(zip(people, VECTORS, strict=True)):
        expected = {
            "person_id": f"p-{i}",
            "kind": "resident",
            "household_id": None,
            "fields": vector["fields"],
            "hlc": vector["hlc"],
            "card_keys": ["jpki:p-0"] if i == 0 else [],
        }
        if vector["field_hlc"]:
            expected["field_hlc"] = vector["field_hlc"]
        assert payload == expected, vector["name"]


def test_a_kiosk_that_does_not_ask_gets_todays_person_items(platform: Platform) -> None:
    kiosk = _seed(platform)
    for params in ({}, {"person_items": "something-newer"}):
        body, people = _people(platform, kiosk, **params)
        assert "person_items" not in body
        assert [p["field_hlc"] for p in people] == [v["stamps"] for v in VECTORS]
        assert not any("hlc" in p for p in people)


@pytest.mark.parametrize("stored", ["every", "some"])
def test_compact_items_from_the_stored_compact_stamps_are_those_computed_from_the_stamps(
    platform: Platform, stored: str
) -> None:
    # ``_seed`` stores no compact stamps: its people's items are computed from ``field_hlc``.
    kiosk = _seed(platform)
    computed = platform.client.get(
        "/v1/sync/snapshot", params={"person_items": "compact"}, headers=kiosk.headers
    ).content
    with platform.engine.begin() as conn:
        for i, vector in enumerate(VECTORS):
            if stored == "every" or i % 2:
                conn.execute(
                    update(persons)
                    .where(persons.c.person_id == f"p-{i}")
                    .values(**stamp_columns(vector["fields"], vector["stamps"]))
                )
    for limit in (1, 2, 1000):
        token: str | None = None
        pages: list[Any] = []
        while True:
            params: dict[str, Any] = {"person_items": "compact", "limit": limit}
            if token:
                params["page_token"] = token
            body, _ = _people(platform, kiosk, **params)
            pages += body["items"]
            token = body["next_page_token"]
            if token is None:
                break
        assert pages == orjson.loads(computed)["items"], limit
    assert (
        platform.client.get(
            "/v1/sync/snapshot", params={"person_items": "compact"}, headers=kiosk.headers
        ).content
        == computed
    )

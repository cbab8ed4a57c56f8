"""A partner's request returns exactly the consented items of exactly the consenting residents,
under the version they agreed to, and every answer is a disclosure the resident can see."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection, update

from linkage import unit
from linkage.partners import consents, disclosures
from linkage.tables import presence
from tests.linkage.partners.conftest import World


def test_the_partner_receives_only_the_consented_items_of_the_consenting_residents(
    world: World,
) -> None:
    deli = world.partner("deli")
    hanako = world.resident("試験 花子", at_shelter=True, care_required=True)
    world.resident("試験 一郎")  # never consented
    world.consent(hanako, "deli-delivery")

    answer = deli.people("delivery")

    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["definition_version"] == 1
    assert [p["items"] for p in body["people"]] == [
        {
            "name": "試験 花子",
            "address": "千代田区1-1",
            "whereabouts": {"shelter_id": "S-1", "shelter": "第一小学校", "state": "in"},
        }
    ]
    # Pseudonyms only: nothing in the answer names the platform's person id.
    assert hanako not in answer.text
    assert body["people"][0]["subject"].startswith("pp-")


def test_a_withdrawal_counts_from_the_very_next_request(world: World) -> None:
    deli = world.partner("deli")
    hanako = world.resident("試験 花子")
    world.consent(hanako, "deli-delivery")
    assert len(deli.subjects("delivery")) == 1

    world.consent(hanako, "deli-delivery", "withdrawn")

    assert deli.subjects("delivery") == {}


def test_the_resident_sees_each_disclosure_with_the_items_and_version(world: World) -> None:
    deli = world.partner("deli")
    hanako = world.resident("試験 花子")
    world.consent(hanako, "deli-delivery")
    deli.subjects("delivery")

    seen = unit.read(world.engine, lambda c: disclosures.of_person(c, hanako))

    assert [(d["partner"], d["items"], d["definition_version"], d["basis"]) for d in seen] == [
        ("deli 株式会社", ["name", "address", "whereabouts"], 1, "consent")
    ]


def test_items_outside_the_consent_are_refused_and_nothing_is_disclosed(world: World) -> None:
    deli = world.partner("deli")
    hanako = world.resident("試験 花子")
    world.consent(hanako, "deli-delivery")

    answer = deli.people("delivery", ["name", "phone"])  # phone: allowed, not consented

    assert answer.status_code == 403
    assert answer.json()["detail"] == "phone"
    assert unit.read(world.engine, lambda c: disclosures.of_person(c, hanako)) == []
    assert deli.people("delivery", ["care-needs"]).status_code == 403  # not even the purpose's
    # The individual number is not an item anyone can ask for.
    assert deli.people("delivery", ["my_number"]).status_code == 422


def test_a_partner_asking_for_fewer_items_gets_and_is_recorded_for_those(world: World) -> None:
    deli = world.partner("deli")
    hanako = world.resident("試験 花子")
    world.consent(hanako, "deli-delivery")

    answer = deli.people("delivery", ["name"])

    assert [p["items"] for p in answer.json()["people"]] == [{"name": "試験 花子"}]
    seen = unit.read(world.engine, lambda c: disclosures.of_person(c, hanako))
    assert seen[0]["items"] == ["name"]


def test_a_dv_protected_resident_is_never_disclosed_on_consent(world: World) -> None:
    deli = world.partner("deli")
    hidden = world.resident("保護 さん", dv_protected=True)
    world.consent(hidden, "deli-delivery")

    assert deli.subjects("delivery") == {}
    assert unit.read(world.engine, lambda c: disclosures.of_person(c, hidden)) == []


def test_a_statute_may_include_protected_people_and_each_is_flagged_for_review(
    world: World,
) -> None:
    welfare = world.partner(
        "welfare",
        purpose="visits",
        allowed=("name", "care-needs", "whereabouts"),
        items=("name", "care-needs"),
        kind="public",
        legal_basis="statute",
        statute="災害対策基本法第49条の11（避難行動要支援者名簿の提供）",
        includes_protected=True,
    )
    hidden = world.resident("保護 さん", dv_protected=True, care_required=True)
    world.resident("試験 一郎")

    got = welfare.subjects("visits")

    assert len(got) == 2  # the municipality's residents, without anyone's consent
    review = world.admin("GET", "/partners/welfare/disclosures", params={"protected": True})
    assert [(d["person_id"], d["basis"], d["protected"]) for d in review] == [
        (hidden, "statute", True)
    ]


def test_another_partners_residents_are_not_returned(world: World) -> None:
    deli = world.partner("deli")
    other = world.partner("market")
    hanako = world.resident("試験 花子")
    world.consent(hanako, "market-delivery")

    assert deli.subjects("delivery") == {}
    assert len(other.subjects("delivery")) == 1
    # A partner cannot use another's purpose either: it has no definition of its own for it.
    assert deli.people("visits").status_code == 404


def test_two_partners_pseudonyms_for_one_resident_differ_and_each_is_stable(
    world: World,
) -> None:
    deli = world.partner("deli")
    market = world.partner("market")
    hanako = world.resident("試験 花子")
    world.consent(hanako, "deli-delivery")
    world.consent(hanako, "market-delivery")

    first = set(deli.subjects("delivery"))
    again = set(deli.subjects("delivery"))
    theirs = set(market.subjects("delivery"))

    assert first == again
    assert first.isdisjoint(theirs)


def test_a_partner_asks_about_a_customer_it_knows_by_pseudonym(world: World) -> None:
    deli = world.partner("deli")
    hanako = world.resident("試験 花子")
    ichiro = world.resident("試験 一郎")
    world.consent(hanako, "deli-delivery")
    world.consent(ichiro, "deli-delivery")
    known = list(deli.subjects("delivery"))
    world.consent(ichiro, "deli-delivery", "withdrawn")

    answer = deli.http.post(
        "/v1/partner/purposes/delivery/people/lookup",
        json={"subjects": [*known, "pp-nobody"]},
        headers={"Authorization": f"Bearer {deli.token}"},
    )

    assert answer.status_code == 200, answer.text
    assert [p["items"]["name"] for p in answer.json()["people"]] == ["試験 花子"]


def test_a_new_version_asks_residents_again_and_records_keep_the_version(world: World) -> None:
    deli = world.partner("deli")
    hanako = world.resident("試験 花子")
    world.consent(hanako, "deli-delivery")
    new = world.admin(
        "PUT",
        "/consent-definitions/deli-delivery",
        json={
            "title": "食料品の配達",
            "purpose": "避難所や自宅に食料品を届け、電話で到着を知らせるため",
            "items": ["name", "address", "phone", "whereabouts"],
            "retention": "配達後30日",
        },
    )
    assert new == {"definition_id": "deli-delivery", "version": 2}
    definition = next(
        d
        for d in unit.read(world.engine, consents_definitions)
        if d["definition_id"] == "deli-delivery"
    )
    assert unit.read(world.engine, lambda c: consents.state(c, hanako, definition)) == "renew"
    assert deli.subjects("delivery") == {}

    world.consent(hanako, "deli-delivery")

    answer = deli.people("delivery").json()
    assert answer["people"][0]["consent_version"] == 2
    assert answer["people"][0]["items"]["phone"] == "090-0000-0000"
    receipt = world.admin("GET", f"/persons/{hanako}/consent-receipt")
    record = next(r for r in receipt["consent_records"] if r["definition"]["id"] == "deli-delivery")
    assert [e["definition_version"] for e in record["events"]] == [1, 2]
    versions = unit.read(world.engine, lambda c: consents.versions(c, "deli-delivery"))
    assert [v["items"] for v in versions] == [
        ["name", "address", "whereabouts"],
        ["name", "address", "phone", "whereabouts"],
    ]


def test_opt_out_covers_residents_until_they_withdraw(world: World) -> None:
    city_bus = world.partner("bus", kind="public", mode="opt-out", items=("name", "address"))
    hanako = world.resident("試験 花子")
    world.resident("試験 一郎")
    assert len(city_bus.subjects("delivery")) == 2

    world.consent(hanako, "bus-delivery", "withdrawn")

    assert [i["name"] for i in city_bus.subjects("delivery").values()] == ["試験 一郎"]


def test_every_request_is_logged_even_when_it_returns_nobody(world: World) -> None:
    deli = world.partner("deli")
    deli.subjects("delivery")
    deli.subjects("delivery")

    rows = unit.read(
        world.engine,
        lambda c: c.exec_driver_sql(
            "SELECT kind, people FROM partner_requests WHERE partner_id = 'deli'"
        ).all(),
    )

    assert [tuple(r) for r in rows] == [("population", 0), ("population", 0)]


def consents_definitions(conn: Connection) -> list[dict[str, Any]]:
    from linkage import consent

    return consent.definitions(conn)


def test_the_disclosure_log_keeps_the_items_as_json(world: World) -> None:
    deli = world.partner("deli")
    hanako = world.resident("試験 花子")
    world.consent(hanako, "deli-delivery")
    deli.subjects("delivery")

    stored: str = unit.read(
        world.engine,
        lambda c: c.exec_driver_sql("SELECT items FROM disclosures").scalar_one(),
    )

    assert json.loads(stored) == ["name", "address", "whereabouts"]


def test_attendance_at_a_community_event_is_never_a_partners_whereabouts(world: World) -> None:
    deli = world.partner("deli")
    world.admin(
        "PUT",
        "/shelters/E-1",
        json={"municipality_id": "M-001", "name": "夏祭り会場", "capacity": 100, "kind": "event"},
    )
    hanako = world.resident("試験 花子", at_shelter=True)
    world.consent(hanako, "deli-delivery")
    unit.run(
        world.engine,
        lambda c: c.execute(
            update(presence).where(presence.c.person_id == hanako).values(shelter_id="E-1")
        ),
    )

    answer = deli.people("delivery")

    assert answer.status_code == 200, answer.text
    assert [p["items"]["whereabouts"] for p in answer.json()["people"]] == [None]
    assert "夏祭り会場" not in answer.text and "E-1" not in answer.text

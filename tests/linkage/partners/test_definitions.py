"""The administrator's consent definitions and partners: bad input is refused, specifically,
and changes nothing."""

from __future__ import annotations

from typing import Any

import pytest

from linkage import consent, unit
from tests.linkage.partners.conftest import World

BASE: dict[str, Any] = {
    "definition_id": "deli-meals",
    "partner_id": "deli",
    "purpose_id": "delivery",
    "title": "配達",
    "purpose": "届けるため",
    "items": ["name"],
    "retention": "30日",
}


@pytest.mark.parametrize(
    ("change", "status", "kind"),
    [
        ({"items": ["phone", "care-needs"]}, 422, "item-outside-purpose"),
        ({"items": ["my_number"]}, 422, "invalid-request"),
        ({"partner_id": "nobody"}, 404, "unknown-partner"),
        ({"purpose_id": "nothing"}, 404, "unknown-purpose"),
        ({"legal_basis": "statute"}, 422, "statute-needed"),
        ({"includes_protected": True}, 422, "protected-needs-statute"),
        ({"definition_id": "roster-storage"}, 409, "definition-exists"),
        ({"definition_id": "Deli_Meals"}, 422, "invalid-request"),
    ],
)
def test_a_bad_definition_is_refused_and_nothing_is_created(
    world: World, change: dict[str, Any], status: int, kind: str
) -> None:
    world.admin(
        "PUT", "/partners/deli", json={"municipality_id": "M-001", "name": "D", "kind": "company"}
    )
    world.admin(
        "PUT",
        "/partners/deli/purposes/delivery",
        json={"description": "届ける", "items": ["name", "address"]},
    )
    before = unit.read(world.engine, consent.definitions)

    refused = world.admin("POST", "/consent-definitions", expect=status, json={**BASE, **change})

    assert refused["type"].endswith(kind), refused
    assert unit.read(world.engine, consent.definitions) == before


def test_care_needs_are_never_shared_on_opt_out(world: World) -> None:
    world.partner(
        "welfare", purpose="visits", allowed=("name", "care-needs"), items=("name",), kind="ngo"
    )

    refused = world.admin(
        "PUT",
        "/consent-definitions/welfare-visits",
        expect=422,
        json={
            **{k: BASE[k] for k in ("title", "purpose", "retention")},
            "items": ["care-needs"],
            "mode": "opt-out",
        },
    )

    assert refused["type"].endswith("care-needs-opt-in")


def test_a_purpose_cannot_be_narrowed_below_its_definition(world: World) -> None:
    world.partner("deli")

    refused = world.admin(
        "PUT",
        "/partners/deli/purposes/delivery",
        expect=409,
        json={"description": "届ける", "items": ["name"]},
    )

    assert refused["detail"] == "address, whereabouts"


def test_the_platforms_own_definitions_are_not_versioned_by_the_partner_api(world: World) -> None:
    refused = world.admin(
        "PUT",
        "/consent-definitions/kiosk-roster",
        expect=409,
        json={k: BASE[k] for k in ("title", "purpose", "items", "retention")},
    )

    assert refused["type"].endswith("internal-definition")


def test_a_partner_belongs_to_an_existing_municipality_and_stays_there(world: World) -> None:
    world.admin("PUT", "/municipalities/M-002", json={"name": "隣町"})
    world.admin(
        "PUT",
        "/partners/deli",
        expect=404,
        json={"municipality_id": "M-9", "name": "D", "kind": "ngo"},
    )
    world.admin(
        "PUT", "/partners/deli", json={"municipality_id": "M-001", "name": "D", "kind": "ngo"}
    )
    world.admin(
        "PUT",
        "/partners/deli",
        expect=409,
        json={"municipality_id": "M-002", "name": "D", "kind": "ngo"},
    )

    listed = world.admin("GET", "/partners")

    assert [(p["partner_id"], p["municipality_id"], p["status"]) for p in listed] == [
        ("deli", "M-001", "active")
    ]

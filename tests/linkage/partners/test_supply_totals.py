"""Supply totals for a supplier: granted per purpose, suggestions on too few people withheld."""

from __future__ import annotations

from datetime import date, timedelta

from linkage import supplies, unit
from tests.linkage.partners.conftest import SHELTER, PartnerClient, World


def _supplier(world: World, aggregates: list[str] | None = None) -> PartnerClient:
    """A supplier with one purpose that receives no data item, only what is granted."""
    world.admin(
        "PUT",
        "/partners/supplier",
        json={"municipality_id": "M-001", "name": "物資 株式会社", "kind": "company"},
    )
    world.admin(
        "PUT",
        "/partners/supplier/purposes/relief",
        json={"description": "避難所へ物資を届ける", "aggregates": aggregates or ["supply-totals"]},
    )
    return world.client_for("supplier")


def _totals(client: PartnerClient, purpose: str = "relief") -> dict[str, dict[str, int | None]]:
    answer = client.http.get(
        "/v1/partner/aggregates/supplies",
        params={"purpose_id": purpose},
        headers={"Authorization": f"Bearer {client.token}"},
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["min_cell"] == 5
    return {i["item"]: i for i in answer.json()["items"]}


def test_a_granted_supplier_receives_the_totals_with_thin_suggestions_withheld(
    world: World,
) -> None:
    supplier = _supplier(world)
    infant = (date.today() - timedelta(days=100)).isoformat()
    for i in range(6):
        world.resident(f"在所 {i}", at_shelter=True, care_required=i < 5)
    world.resident("乳児 さん", at_shelter=True, birth_date=infant)
    world.resident("自宅 さん", care_required=True)  # at home: counted nowhere
    unit.run(
        world.engine,
        lambda c: supplies.set_supply(c, SHELTER, "water", 100, 40, "hq-staff"),
    )

    totals = _totals(supplier)

    assert list(totals) == list(supplies.ITEMS)
    assert totals["water"] == {"item": "water", "stock": 100, "requested": 40, "suggested": 21}
    assert totals["adult_diapers"]["suggested"] == 30  # five people needing care: shown
    assert totals["diapers"]["suggested"] is None  # one infant: withheld
    assert totals["formula"]["suggested"] is None
    assert totals["allergen_free_meals"]["suggested"] == 0  # nobody: zero discloses nobody
    assert totals["formula"]["stock"] == 0


def test_a_purpose_not_granted_the_totals_is_refused_and_an_unknown_one_is_not_found(
    world: World,
) -> None:
    deli = world.partner("deli")  # a delivery purpose with personal items, no aggregate

    refused = deli.http.get(
        "/v1/partner/aggregates/supplies",
        params={"purpose_id": "delivery"},
        headers={"Authorization": f"Bearer {deli.token}"},
    )
    unknown = deli.http.get(
        "/v1/partner/aggregates/supplies",
        params={"purpose_id": "relief"},
        headers={"Authorization": f"Bearer {deli.token}"},
    )

    assert refused.status_code == 403
    assert refused.json()["type"].endswith("aggregate-not-granted")
    assert unknown.status_code == 404


def test_the_grant_is_the_administrators_to_give_and_take_back(world: World) -> None:
    supplier = _supplier(world)
    assert _totals(supplier)["water"]["stock"] == 0
    world.admin(
        "PUT",
        "/partners/supplier/purposes/relief",
        json={"description": "避難所へ物資を届ける", "items": ["name"]},
    )

    answer = supplier.http.get(
        "/v1/partner/aggregates/supplies",
        params={"purpose_id": "relief"},
        headers={"Authorization": f"Bearer {supplier.token}"},
    )

    assert answer.status_code == 403
    listed = world.admin("GET", "/partners")
    (relief,) = next(p for p in listed if p["partner_id"] == "supplier")["purposes"]
    assert relief["aggregates"] == [] and relief["items"] == ["name"]


def test_a_purpose_needs_an_item_or_an_aggregate_and_a_known_aggregate(world: World) -> None:
    world.admin(
        "PUT",
        "/partners/supplier",
        json={"municipality_id": "M-001", "name": "物資 株式会社", "kind": "company"},
    )

    empty = world.admin(
        "PUT", "/partners/supplier/purposes/relief", expect=422, json={"description": "物資"}
    )
    unknown = world.admin(
        "PUT",
        "/partners/supplier/purposes/relief",
        expect=422,
        json={"description": "物資", "aggregates": ["everything"]},
    )

    assert empty["type"].endswith("invalid-request")
    assert unknown["type"].endswith("invalid-request")
    assert world.admin("GET", "/partners")[0]["purposes"] == []


def test_every_totals_request_is_logged_and_discloses_nobody(world: World) -> None:
    supplier = _supplier(world)
    world.resident("在所 さん", at_shelter=True, care_required=True)

    _totals(supplier)

    logged = unit.read(
        world.engine,
        lambda c: c.exec_driver_sql(
            "SELECT kind, purpose_id, people FROM partner_requests WHERE partner_id = 'supplier'"
        ).all(),
    )
    disclosed: int = unit.read(
        world.engine, lambda c: c.exec_driver_sql("SELECT count(*) FROM disclosures").scalar_one()
    )
    assert [tuple(r) for r in logged] == [("aggregate", "relief", 0)]
    assert disclosed == 0

"""Partner credentials: private_key_jwt by default, one use per assertion, and revoked,
expired, rotated or suspended credentials get 401 at once."""

from __future__ import annotations

from joserfc.jwk import ECKey, KeySet

from linkage import unit
from linkage.canonical import now_ms
from tests.linkage.partners.conftest import World


def test_a_revoked_client_gets_401_for_its_token_and_for_new_ones(world: World) -> None:
    deli = world.partner("deli")
    assert deli.people("delivery").status_code == 200

    world.admin("POST", f"/partner-clients/{deli.client_id}/revoke")

    assert deli.people("delivery").status_code == 401
    assert deli.request_token().status_code == 401


def test_an_expired_client_gets_401(world: World) -> None:
    deli = world.partner("deli")
    jwks = KeySet([deli.key]).as_dict(private=False)
    issued = world.admin(
        "POST",
        "/partners/deli/clients",
        expect=201,
        json={"jwks": jwks, "expires_at_ms": now_ms() - 1},
    )
    deli.client_id = issued["client_id"]

    answer = deli.request_token()

    assert answer.status_code == 401
    assert answer.json()["error"] == "invalid_client"


def test_a_suspended_partner_gets_401_until_it_is_active_again(world: World) -> None:
    deli = world.partner("deli")

    world.admin("PUT", "/partners/deli/status", json={"status": "suspended"})
    assert deli.people("delivery").status_code == 401
    assert deli.request_token().status_code == 401

    world.admin("PUT", "/partners/deli/status", json={"status": "active"})
    deli.sign_in()
    assert deli.people("delivery").status_code == 200


def test_an_assertion_is_accepted_once(world: World) -> None:
    deli = world.partner("deli")
    assertion = deli.assertion()

    assert deli.request_token(assertion).status_code == 200
    assert deli.request_token(assertion).status_code == 401


def test_after_rotation_only_the_new_key_signs_in_and_old_tokens_stop(world: World) -> None:
    deli = world.partner("deli")
    old_key = deli.key
    new_key = ECKey.generate_key("P-256", auto_kid=True)

    world.admin(
        "POST",
        f"/partner-clients/{deli.client_id}/rotate",
        json={"jwks": KeySet([new_key]).as_dict(private=False)},
    )

    assert deli.people("delivery").status_code == 401
    assert deli.request_token(deli.assertion(old_key)).status_code == 401
    assert deli.request_token(deli.assertion(new_key)).status_code == 200


def test_an_assertion_for_another_audience_or_by_another_key_is_refused(world: World) -> None:
    deli = world.partner("deli")
    stranger = ECKey.generate_key("P-256", auto_kid=True)
    elsewhere = deli.token_url
    deli.token_url = "https://other.example/token"
    wrong_audience = deli.assertion()
    deli.token_url = elsewhere

    assert deli.request_token(wrong_audience).status_code == 401
    assert deli.request_token(deli.assertion(stranger)).status_code == 401


def test_without_a_token_or_with_a_made_up_one_the_api_answers_401(world: World) -> None:
    deli = world.partner("deli")
    deli.token = "made-up"

    assert deli.people("delivery").status_code == 401
    assert world.platform.client.get("/v1/partner/aggregates/shelters").status_code == 401


def test_a_public_body_may_use_a_client_secret_but_a_company_may_not(world: World) -> None:
    world.partner("deli")
    world.partner("city", kind="public")

    refused = world.admin(
        "POST", "/partners/deli/clients", expect=422, json={"auth_method": "client_secret_basic"}
    )
    issued = world.admin(
        "POST", "/partners/city/clients", expect=201, json={"auth_method": "client_secret_basic"}
    )
    token = world.platform.client.post(
        "/v1/partner/token",
        data={"grant_type": "client_credentials"},
        auth=(issued["client_id"], issued["client_secret"]),
    )
    wrong = world.platform.client.post(
        "/v1/partner/token",
        data={"grant_type": "client_credentials"},
        auth=(issued["client_id"], "not-the-secret"),
    )

    assert refused["type"].endswith("secret-for-public-bodies")
    assert token.status_code == 200, token.text
    assert wrong.status_code == 401


def test_a_private_key_sent_as_the_jwks_is_refused_and_nothing_is_stored(world: World) -> None:
    world.partner("deli")
    key = ECKey.generate_key("P-256", auto_kid=True)

    refused = world.admin(
        "POST",
        "/partners/deli/clients",
        expect=422,
        json={"jwks": {"keys": [key.as_dict(private=True)]}},
    )

    assert refused["type"].endswith("private-key-given")
    count: int = unit.read(
        world.engine,
        lambda c: c.exec_driver_sql("SELECT count(*) FROM partner_clients").scalar_one(),
    )
    assert count == 1

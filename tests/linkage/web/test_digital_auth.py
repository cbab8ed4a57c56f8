"""Sign-in with the Digital Agency's デジタル認証アプリ: a verified source of the four items.

The provider is a real HTTP server on 127.0.0.1 playing the app's documented endpoints and
claims; the platform is the real app. A person is found by the four items the card proved
(against what a verified source already recorded) or by the app's ``sub`` linked earlier, and
never created from them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from fastapi.testclient import TestClient
from httpx import Response
from joserfc.jwk import ECKey
from sqlalchemy import Connection, func, insert, select

from linkage import unit, verified
from linkage.canonical import new_id
from linkage.tables import digital_auth_links, elections, persons, voters, web_audit
from linkage.voting.elections import today
from linkage.web import digital_auth
from tests.linkage.conftest import TEST_KEK
from tests.linkage.web.conftest import Resident, Web, browser, form_token
from tests.linkage.web.oidc_provider import (
    DIGITAL_AUTH_CLIENT_ID,
    HANAKO,
    Provider,
    digital_auth_provider,
)

ELECTION = "E-2026"
BUTTON = "デジタル認証アプリでサインイン"


@pytest.fixture
def rp_key() -> ECKey:
    return digital_auth.new_rp_key()


@pytest.fixture
def app_provider(web: Web, rp_key: ECKey) -> Iterator[Provider]:
    public = {"keys": [rp_key.as_dict(private=False)]}
    with digital_auth_provider(public) as running:
        web.client.app.state.digital_auth = digital_auth.config(  # type: ignore[attr-defined]
            issuer=running.issuer, client_id=DIGITAL_AUTH_CLIENT_ID, rp_key=rp_key
        )
        yield running


def verified_resident(web: Web, **items: str) -> Resident:
    """A resident whose name, birth date and address the resident register proved."""
    resident = web.resident(HANAKO["name"])
    unit.run(
        web.engine,
        lambda conn: verified.record(
            conn,
            resident.person_id,
            items.get("name", HANAKO["name"]),
            items.get("birth_date", "1985-04-01"),
            items.get("address", HANAKO["address"]),
            verified.RESIDENT_REGISTER,
            "admin-test",
        ),
    )
    return resident


def through_app(client: TestClient) -> Response:
    """Press the button, pass the app (real HTTP), come back to the platform's callback."""
    page = client.get("/sign-in").text
    assert BUTTON in page
    first = client.get("/sign-in/digital-auth", follow_redirects=False)
    assert first.status_code == 303, first.text[:300]
    at_provider = requests.get(first.headers["location"], allow_redirects=False, timeout=10)
    assert at_provider.status_code == 302
    back = urlsplit(at_provider.headers["location"])
    answer: Response = client.get(f"{back.path}?{back.query}")
    return answer


def record_of(web: Web, person_id: str) -> verified.Verified | None:
    return unit.read(web.engine, lambda conn: verified.of_person(conn, person_id))


def test_a_resident_found_by_the_four_items_is_signed_in_and_they_are_recorded_as_verified(
    web: Web, app_provider: Provider
) -> None:
    hanako = verified_resident(web)
    signed_in = through_app(web.client)
    assert signed_in.url.path == "/my"
    assert HANAKO["name"] in signed_in.text

    asked = app_provider.authorize_requests[-1]
    assert asked["scope"] == "openid name address birthdate gender"
    assert asked["code_challenge_method"] == "S256" and asked["nonce"] and asked["state"]
    assert asked["redirect_uri"] == "https://testserver/sign-in/digital-auth/callback"
    token_request = app_provider.token_requests[-1]
    assert token_request["client_assertion_type"].endswith("jwt-bearer")
    assert "client_secret" not in token_request

    record = record_of(web, hanako.person_id)
    assert record is not None
    assert (record.source, record.name, record.birth_date, record.address) == (
        verified.DIGITAL_AUTH_APP,
        HANAKO["name"],
        "1985-04-01",
        HANAKO["address"],
    )
    link = unit.read(
        web.engine, lambda conn: conn.execute(select(digital_auth_links)).one()._asdict()
    )
    assert (link["issuer"], link["subject"], link["person_id"]) == (
        app_provider.issuer,
        app_provider.subject,
        hanako.person_id,
    )
    actions: Sequence[str] = unit.read(
        web.engine,
        lambda conn: (
            conn.execute(select(web_audit.c.action).where(web_audit.c.actor == hanako.person_id))
            .scalars()
            .all()
        ),
    )
    assert "digital-auth.verified" in actions and "sign-in" in actions


def test_a_linked_sub_signs_in_after_a_move_and_the_new_address_is_recorded(
    web: Web, app_provider: Provider
) -> None:
    hanako = verified_resident(web)
    through_app(web.client)
    app_provider.userinfo["address"] = "東京都港区芝公園四丁目2番8号"
    again = through_app(browser(web))
    assert again.url.path == "/my"
    record = record_of(web, hanako.person_id)
    assert record is not None and record.address == "東京都港区芝公園四丁目2番8号"


def test_the_oidc_standard_forms_of_the_items_are_read_the_same(
    web: Web, app_provider: Provider
) -> None:
    hanako = verified_resident(web)
    app_provider.userinfo.update(
        birthdate="1985-04-01", gender="female", address={"formatted": HANAKO["address"]}
    )
    assert through_app(web.client).url.path == "/my"
    record = record_of(web, hanako.person_id)
    assert record is not None and record.birth_date == "1985-04-01"


@pytest.mark.parametrize("others", [0, 2])
def test_no_single_match_says_what_to_do_and_creates_nobody(
    web: Web, app_provider: Provider, others: int
) -> None:
    for _ in range(others):
        verified_resident(web)
    web.resident("別人 太郎")
    count = unit.read(
        web.engine,
        lambda conn: conn.execute(select(func.count()).select_from(persons)).scalar_one(),
    )
    answer = through_app(web.client)
    assert answer.status_code == 404
    assert "一致する方が、このサイトに登録されていません" in answer.text
    assert "受付" in answer.text and "マイナンバーカード" in answer.text
    assert web.client.get("/my", follow_redirects=False).status_code == 303

    def state(conn: Connection) -> tuple[int, int]:
        return (
            conn.execute(select(func.count()).select_from(persons)).scalar_one(),
            conn.execute(select(func.count()).select_from(digital_auth_links)).scalar_one(),
        )

    assert unit.read(web.engine, state) == (count, 0)


@pytest.mark.parametrize("tamper", ["nonce", "audience", "key", "issuer", "expired"])
def test_an_id_token_that_does_not_check_out_signs_nobody_in_and_records_nothing(
    web: Web, app_provider: Provider, tamper: str
) -> None:
    hanako = verified_resident(web)
    app_provider.tamper = tamper
    answer = through_app(web.client)
    assert answer.status_code == 502
    assert web.client.get("/my", follow_redirects=False).status_code == 303
    record = record_of(web, hanako.person_id)
    assert record is not None and record.source == verified.RESIDENT_REGISTER


def test_a_platform_holding_another_key_is_not_let_through_the_token_endpoint(
    web: Web, app_provider: Provider
) -> None:
    verified_resident(web)
    web.client.app.state.digital_auth = digital_auth.config(  # type: ignore[attr-defined]
        issuer=app_provider.issuer,
        client_id=DIGITAL_AUTH_CLIENT_ID,
        rp_key=digital_auth.new_rp_key(),
    )
    answer = through_app(web.client)
    assert answer.status_code == 502
    assert web.client.get("/my", follow_redirects=False).status_code == 303


def test_a_roll_entry_matching_the_items_is_linked_and_the_online_declaration_works(
    web: Web, app_provider: Provider
) -> None:
    hanako = verified_resident(web)
    days = [(today() + timedelta(days=d)).isoformat() for d in range(3)]
    voter_id = new_id("v")

    def election(conn: Connection) -> None:
        conn.execute(
            insert(elections).values(
                election_id=ELECTION, name="市長選挙", voting_days=json.dumps(days)
            )
        )
        conn.execute(
            insert(voters).values(
                voter_id=voter_id,
                election_id=ELECTION,
                roll_number="1",
                family_name="試験",
                given_name="花子",
                family_name_kana="シケン",
                given_name_kana="ハナコ",
                birth_date="1985-04-01",
                sex="female",
                address=HANAKO["address"],
                person_id=None,
                link_method=None,
                link_source=None,
                created_at_ms=0,
                updated_at_ms=0,
            )
        )

    unit.run(web.engine, election)
    assert through_app(web.client).url.path == "/my"
    page = web.page("/my/declaration")
    done = web.client.post(
        "/my/declaration",
        data={
            "csrf_token": form_token(page),
            "election_id": ELECTION,
            "vote_date": days[1],
            "reason": "2",
        },
    )
    assert done.status_code == 200, done.text[:500]
    assert re.search(r"data-declaration-code>([^<]+)<", done.text)
    entry = unit.read(
        web.engine,
        lambda conn: conn.execute(select(voters).where(voters.c.voter_id == voter_id)).one(),
    )
    assert (entry.person_id, entry.link_source) == (hanako.person_id, verified.DIGITAL_AUTH_APP)


def test_the_relying_party_key_is_stored_sealed_and_owner_only(tmp_path: Path) -> None:
    kek = TEST_KEK
    public = digital_auth.create_rp_key(tmp_path, kek)
    path = tmp_path / digital_auth.RP_KEY_FILE
    assert path.stat().st_mode & 0o777 == 0o600
    stored = path.read_text()
    assert stored.startswith("kek1:") and '"d"' not in stored
    loaded = digital_auth.load_rp_key(tmp_path, kek)
    assert loaded.as_dict(private=False) == public["keys"][0]
    with pytest.raises(ValueError, match="already"):
        digital_auth.create_rp_key(tmp_path, kek)


def test_the_authorization_request_goes_to_the_documented_endpoint(
    web: Web, app_provider: Provider
) -> None:
    first = web.client.get("/sign-in/digital-auth", follow_redirects=False)
    target = urlsplit(first.headers["location"])
    assert target.path == "/api/realms/main/protocol/openid-connect/auth"
    query = {k: v[0] for k, v in parse_qs(target.query).items()}
    assert query["client_id"] == DIGITAL_AUTH_CLIENT_ID
    assert len(query["code_challenge"]) == 43


def test_without_configuration_there_is_no_button_and_no_flow(web: Web) -> None:
    assert BUTTON not in web.page("/sign-in")
    assert web.client.get("/sign-in/digital-auth").status_code == 404

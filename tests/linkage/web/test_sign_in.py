"""Verified sign-in: a challenge on the page, answered by whatever holds the card."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from kazasu_protocol import b64url
from linkage import unit
from linkage.app import create_app
from linkage.config import Settings
from linkage.jpki import CardRevoked
from linkage.tables import persons, web_audit, web_sessions
from linkage.web.session import COOKIE
from tests.linkage.card_pki import card_sign, issue_card
from tests.linkage.web.conftest import CA, UNTRUSTED_CA, Web, browser, challenge_of, form_token


def continue_url(page: str) -> str:
    found = re.search(r'action="(/sign-in/si-[0-9a-f-]+/continue)"', page)
    assert found
    return found.group(1)


def test_the_card_holder_is_signed_in_as_the_person_their_card_is_linked_to(web: Web) -> None:
    hanako = web.resident("試験 花子")
    page = web.page("/sign-in")
    assert "<svg" in page and 'aria-label="sign-in challenge"' in page

    # The page waits until the card answers.
    status_url = continue_url(page).replace("/continue", "/status")
    assert web.client.get(status_url).json() == {"state": "pending"}
    assert web.answer(page, hanako.card).json() == {"status": "received"}
    assert web.client.get(status_url).json() == {"state": "answered"}

    done = web.client.post(continue_url(page), data={"csrf_token": form_token(page)})
    assert done.status_code == 200 and done.url.path == "/my"
    assert "試験 花子" in done.text


def test_the_session_cookie_is_secure_http_only_same_site_and_renewed_at_sign_in(
    web: Web,
) -> None:
    hanako = web.resident()
    first = web.client.get("/sign-in")
    cookie = first.headers["set-cookie"]
    assert cookie.startswith(COOKIE + "=")
    for attribute in ("Secure", "HttpOnly", "SameSite=lax", "Path=/"):
        assert attribute.lower() in cookie.lower()
    before = web.client.cookies[COOKIE]
    web.answer(first.text, hanako.card)
    web.client.post(continue_url(first.text), data={"csrf_token": form_token(first.text)})
    assert web.client.cookies[COOKIE] != before


def test_a_card_linked_to_nobody_gets_the_same_neutral_answer_as_an_unfinished_one(
    web: Web,
) -> None:
    stranger = issue_card(CA)
    page = web.page("/sign-in")
    proof = web.answer(page, stranger)
    # The card's holder learns nothing from the answer either.
    assert (proof.status_code, proof.json()) == (202, {"status": "received"})
    result = web.client.post(continue_url(page), data={"csrf_token": form_token(page)})
    assert result.status_code == 200
    assert "このカードではサインインできませんでした" in result.text
    assert web.client.get("/my", follow_redirects=False).status_code == 303


def test_a_card_that_does_not_chain_to_a_trust_anchor_is_refused(web: Web) -> None:
    page = web.page("/sign-in")
    answer = web.answer(page, issue_card(UNTRUSTED_CA))
    assert answer.status_code == 403
    assert answer.json()["type"] == "/problems/card-untrusted"
    url = continue_url(page).replace("/continue", "/status")
    assert web.client.get(url).json() == {"state": "pending"}


def test_a_signature_over_another_nonce_is_refused(web: Web) -> None:
    hanako = web.resident()
    page = web.page("/sign-in")
    path, _ = challenge_of(page)
    answer = web.client.post(
        f"/{path}/proof",
        json={
            "certificate": b64url.encode(hanako.card.der()),
            "signature": b64url.encode(card_sign(hanako.card, b"another nonce")),
        },
    )
    assert answer.status_code == 403
    assert answer.json()["type"] == "/problems/card-signature-invalid"


def test_a_challenge_is_answered_once(web: Web) -> None:
    hanako = web.resident()
    page = web.page("/sign-in")
    assert web.answer(page, hanako.card).status_code == 202
    assert web.answer(page, hanako.card).status_code == 401


def test_another_browser_cannot_take_over_a_challenge(web: Web) -> None:
    hanako = web.resident()
    page = web.page("/sign-in")
    web.answer(page, hanako.card)
    other = browser(web)
    other_page = other.get("/sign-in").text
    taken = other.post(continue_url(page), data={"csrf_token": form_token(other_page)})
    assert taken.status_code == 409
    assert other.get("/my", follow_redirects=False).status_code == 303
    assert other.get(continue_url(page).replace("/continue", "/status")).json() == {
        "state": "expired"
    }


def test_continuing_without_the_csrf_token_is_refused(web: Web) -> None:
    hanako = web.resident()
    page = web.page("/sign-in")
    web.answer(page, hanako.card)
    for data in ({}, {"csrf_token": "forged"}):
        refused = web.client.post(continue_url(page), data=data)
        assert refused.status_code == 403
        assert "何も変更していません" in refused.text
    assert web.client.get("/my", follow_redirects=False).status_code == 303


def test_sign_out_ends_the_session_on_the_server(web: Web) -> None:
    hanako = web.resident()
    my = web.sign_in(hanako).text
    cookie = web.client.cookies[COOKIE]
    out = web.client.post("/sign-out", data={"csrf_token": form_token(my)})
    assert out.url.path == "/"
    web.client.cookies.set(COOKIE, cookie)
    assert web.client.get("/my", follow_redirects=False).status_code == 303
    count = unit.read(
        web.engine,
        lambda conn: conn.execute(
            select(func.count())
            .select_from(web_sessions)
            .where(web_sessions.c.person_id.is_not(None))
        ).scalar_one(),
    )
    assert count == 0


def test_sign_ins_are_audited(web: Web) -> None:
    hanako = web.resident()
    web.sign_in(hanako)
    actions: Sequence[str] = unit.read(
        web.engine,
        lambda conn: (
            conn.execute(select(web_audit.c.action).where(web_audit.c.actor == hanako.person_id))
            .scalars()
            .all()
        ),
    )
    assert "sign-in" in actions


def test_a_session_follows_a_merge_of_its_person(web: Web) -> None:
    walk_in = web.resident("試験 花子")
    resident = web.resident("試験 花子（住民）")
    web.sign_in(walk_in)
    unit.run(
        web.engine,
        lambda conn: conn.execute(
            persons.update()
            .where(persons.c.person_id == walk_in.person_id)
            .values(merged_into=resident.person_id)
        ),
    )
    assert "試験 花子（住民）" in web.page("/my")


def test_the_revocation_hook_refuses_a_revoked_card_and_fails_closed(
    web: Web, settings: Settings
) -> None:
    hanako = web.resident()

    def revoked(_card: object, _issuer: object) -> None:
        raise CardRevoked("on the list")

    def unreachable(_card: object, _issuer: object) -> None:
        raise ConnectionError("OCSP responder down")

    for check, status, kind in (
        (revoked, 403, "card-revoked"),
        (unreachable, 503, "revocation-unavailable"),
    ):
        app = create_app(
            dataclasses.replace(settings, trust_anchors=(CA.certificate,), revocation_check=check),
            web.engine,
        )
        client = TestClient(app, base_url="https://testserver")
        page = client.get("/sign-in").text
        answer = web.answer(page, hanako.card, client)
        assert (answer.status_code, answer.json()["type"]) == (status, f"/problems/{kind}")
        status_url = continue_url(page).replace("/continue", "/status")
        assert client.get(status_url).json() == {"state": "pending"}


def test_a_session_ends_after_its_idle_time_or_its_lifetime(web: Web) -> None:
    hanako = web.resident()
    for column in (web_sessions.c.idle_expires_at_ms, web_sessions.c.expires_at_ms):
        web.sign_in(hanako)
        assert web.client.get("/my", follow_redirects=False).status_code == 200
        expire = (
            web_sessions.update()
            .where(web_sessions.c.person_id == hanako.person_id)
            .values({column: 1})
        )
        unit.run(web.engine, lambda conn: conn.execute(expire))  # noqa: B023 (run at once)
        assert web.client.get("/my", follow_redirects=False).status_code == 303

"""Verified sign-in with a My Number Card: a challenge on the page, a signature from the card.

The page shows a challenge as text and as a QR code and waits. Whatever holds the card — a
kiosk, a PC with a reader running ``kazasu-card sign``, a phone app — signs the challenge's
nonce with the card's user-authentication key after the PIN and posts the certificate and the
signature to ``POST /v1/web/sign-in/{id}/proof``. The proof is verified like a card link
(chain to the trust anchors, dates, signature, revocation hook); the person signed in is the
one the card is linked to with assurance ``verified``. A card linked to nobody gets the same
neutral answer on the page as any other failure, and the proof's poster learns nothing about
links at all.
"""

from __future__ import annotations

import secrets
from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import Connection, delete, insert, select, update

from kazasu_protocol import b64url
from kazasu_protocol.websignin import challenge_text
from linkage import cardlink, people, unit
from linkage.api.deps import EngineDep, SettingsDep, get_settings
from linkage.canonical import new_id, now_ms
from linkage.problems import Problem, problem_responses
from linkage.tables import card_links, web_sign_ins
from linkage.web import audit, qrimage, session
from linkage.web.render import finish, render
from linkage.web.session import AnySession, CsrfSession

router = APIRouter()
CHALLENGE_TTL_S = 300
ChallengeId = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^si-[0-9a-f-]+$")]
PROOF_PATH = "/v1/web/sign-in/{challenge_id}/proof"


class SignInProof(BaseModel):
    """The card's answer to a sign-in challenge."""

    model_config = ConfigDict(extra="forbid")

    certificate: str = Field(
        min_length=1,
        max_length=8192,
        description="user-authentication certificate, b64url DER or PEM",
    )
    intermediates: list[Annotated[str, Field(max_length=8192)]] = Field(
        default_factory=list, max_length=3, description="CA certificates read from the card"
    )
    signature: str = Field(
        min_length=1, max_length=1024, description="signature over the nonce bytes, base64url"
    )


class ProofReceived(BaseModel):
    """The proof verified; the page that showed the challenge continues on its own."""

    status: str = "received"


@router.get("/sign-in", include_in_schema=False)
def sign_in_page(request: Request, current: AnySession, engine: EngineDep) -> HTMLResponse:
    """A fresh challenge for the card, shown as text and as a QR code."""
    challenge_id, nonce = new_id("si"), b64url.encode(secrets.token_bytes(cardlink.NONCE_SIZE))

    def work(conn: Connection) -> None:
        now = now_ms()
        conn.execute(delete(web_sign_ins).where(web_sign_ins.c.expires_at_ms < now))
        conn.execute(
            insert(web_sign_ins).values(
                challenge_id=challenge_id,
                session_hash=current.session_hash,
                nonce=nonce,
                expires_at_ms=now + CHALLENGE_TTL_S * 1000,
            )
        )

    unit.run(engine, work)
    text = challenge_text(get_settings(request).public_url, challenge_id, nonce)
    oidc = request.app.state.oidc
    return render(
        request,
        "sign_in.html",
        {
            "challenge_id": challenge_id,
            "challenge_text": text,
            "qr_svg": qrimage.svg(text, "sign-in challenge"),
            "oidc_name": oidc.display_name if oidc else None,
            "digital_auth": request.app.state.digital_auth is not None,
            "ttl_min": CHALLENGE_TTL_S // 60,
        },
    )


@router.get("/sign-in/{challenge_id}/status", include_in_schema=False)
def sign_in_status(
    challenge_id: ChallengeId, request: Request, current: AnySession, engine: EngineDep
) -> JSONResponse:
    """``pending``, ``answered`` or ``expired``, to the browser that asked for the challenge."""
    row = unit.read(engine, lambda conn: _own_challenge(conn, challenge_id, current))
    if row is None or (row.answered_at_ms is None and row.expires_at_ms < now_ms()):
        state = "expired"
    else:
        state = "pending" if row.answered_at_ms is None else "answered"
    response = JSONResponse({"state": state}, headers={"Cache-Control": "no-store"})
    finish(request, response)
    return response


@router.post(
    PROOF_PATH,
    status_code=202,
    response_model=ProofReceived,
    tags=["citizen web"],
    responses=problem_responses(401, 403, 413, 422, 503),
)
def sign_in_proof(
    challenge_id: ChallengeId, body: SignInProof, engine: EngineDep, settings: SettingsDep
) -> ProofReceived:
    """Answer a sign-in challenge with the card's certificate and signature over its nonce.

    The answer is the same whether or not the card is linked to anyone: the page that showed
    the challenge tells its own browser what happened.
    """
    certificate, intermediates, signature = cardlink.parse_proof(
        body.certificate, body.intermediates, body.signature
    )
    row = unit.read(
        engine,
        lambda conn: conn.execute(
            select(web_sign_ins).where(web_sign_ins.c.challenge_id == challenge_id)
        ).first(),
    )
    if row is None or row.answered_at_ms is not None or row.expires_at_ms < now_ms():
        raise Problem(401, "challenge-invalid", "Challenge unknown, used or expired")
    key = cardlink.verify_card(
        settings, b64url.decode(row.nonce), certificate, intermediates, signature
    )

    def work(conn: Connection) -> None:
        person_id = _verified_person(conn, key)
        answered = conn.execute(
            update(web_sign_ins)
            .where(
                web_sign_ins.c.challenge_id == challenge_id,
                web_sign_ins.c.answered_at_ms.is_(None),
            )
            .values(answered_at_ms=now_ms(), person_id=person_id)
        ).rowcount
        if not answered:
            raise Problem(401, "challenge-invalid", "Challenge unknown, used or expired")
        audit.record(conn, person_id or "anonymous", "sign-in.card-answered", challenge_id)

    unit.run(engine, work)
    return ProofReceived()


@router.post("/sign-in/{challenge_id}/continue", include_in_schema=False)
def sign_in_continue(
    challenge_id: ChallengeId, request: Request, current: CsrfSession, engine: EngineDep
) -> Response:
    """Finish an answered challenge: sign the person in, or say neutrally that it did not work."""

    def work(conn: Connection) -> tuple[str | None, bool]:
        row = _own_challenge(conn, challenge_id, current)
        if row is None or row.answered_at_ms is None:
            return None, False
        conn.execute(delete(web_sign_ins).where(web_sign_ins.c.challenge_id == challenge_id))
        if row.person_id is None:
            return None, True
        session.sign_in(request, conn, row.person_id, "card")
        audit.record(conn, row.person_id, "sign-in", None, method="card")
        return row.person_id, True

    person_id, answered = unit.write(engine, lambda conn: (work(conn), []))
    if person_id is not None:
        response = RedirectResponse("/my", status_code=303)
        finish(request, response)
        return response
    return render(
        request,
        "sign_in_result.html",
        {"answered": answered},
        status=200 if answered else 409,
    )


@router.post("/sign-out", include_in_schema=False)
def sign_out(request: Request, _current: CsrfSession) -> Response:
    """End the session."""
    session.sign_out(request)
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(session.COOKIE, path="/", secure=True, httponly=True, samesite="lax")
    finish(request, response)
    return response


def _own_challenge(conn: Connection, challenge_id: str, current: session.Session) -> Any:
    return conn.execute(
        select(web_sign_ins).where(
            web_sign_ins.c.challenge_id == challenge_id,
            web_sign_ins.c.session_hash == current.session_hash,
        )
    ).first()


def _verified_person(conn: Connection, key: str) -> str | None:
    linked = conn.execute(
        select(card_links.c.person_id).where(
            card_links.c.card_key == key, card_links.c.assurance == cardlink.VERIFIED
        )
    ).first()
    return None if linked is None else people.resolve(conn, linked.person_id)

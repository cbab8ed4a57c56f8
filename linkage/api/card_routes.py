"""Card links proven by the card: a challenge, then the card's certificate and signature."""

from __future__ import annotations

from fastapi import APIRouter

from linkage import cardlink, unit
from linkage.api.deps import DeviceDep, EngineDep, SettingsDep
from linkage.api.models import CardChallenge, CardLinked, CardLinkRequest
from linkage.problems import Problem, problem_responses

router = APIRouter(prefix="/v1/cards", tags=["cards"])
CARD_CHALLENGE_TTL_S = 120


@router.post(
    "/challenge",
    status_code=201,
    response_model=CardChallenge,
    responses=problem_responses(401),
)
def challenge(device: DeviceDep, engine: EngineDep) -> CardChallenge:
    """A fresh nonce for the card to sign (with its user-authentication key, after its PIN)."""
    challenge_id, nonce, ttl = unit.write(
        engine, lambda conn: (cardlink.issue_challenge(conn, device, CARD_CHALLENGE_TTL_S), [])
    )
    return CardChallenge(challenge_id=challenge_id, nonce=nonce, expires_in=ttl)


@router.post(
    "/link",
    status_code=201,
    response_model=CardLinked,
    responses=problem_responses(401, 403, 404, 409, 413, 422, 503),
)
def link(
    body: CardLinkRequest, device: DeviceDep, engine: EngineDep, settings: SettingsDep
) -> CardLinked:
    """Verify the card's proof and link its card_key to the person with assurance verified."""
    certificate, intermediates, signature = cardlink.parse_proof(
        body.certificate, body.intermediates, body.signature
    )
    nonce = unit.write(
        engine, lambda conn: (cardlink.spend_challenge(conn, device, body.challenge_id), [])
    )
    key = cardlink.verify_card(settings, nonce, certificate, intermediates, signature)
    person_id, linked = unit.write(
        engine, lambda conn: cardlink.link(conn, device, key, body.person_id)
    )
    if not linked:
        raise Problem(409, "card-linked-elsewhere", "The card is linked to another person")
    return CardLinked(card_key=key, person_id=person_id, assurance=cardlink.VERIFIED)

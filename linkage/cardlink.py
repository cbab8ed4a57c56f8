"""Card links from a verified JPKI signature over a platform challenge (assurance "verified")."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime
from typing import Final

from cryptography import x509
from sqlalchemy import Connection, delete, insert, select, update

from kazasu_protocol import b64url, cardproof
from kazasu_protocol.jpki import card_key
from linkage import jpki, people
from linkage.canonical import new_id, now_ms
from linkage.config import Settings
from linkage.devices import Device
from linkage.feed import Change
from linkage.problems import Problem
from linkage.projection import incident
from linkage.tables import card_challenges, card_links
from linkage.voting.voters import changes_for_person

NONCE_SIZE = 32
VERIFIED: Final = "verified"


def issue_challenge(conn: Connection, device: Device, ttl_s: int) -> tuple[str, str, int]:
    """A fresh nonce for the card to sign: (challenge id, nonce as base64url, seconds valid)."""
    challenge_id = new_id("cc")
    nonce = b64url.encode(secrets.token_bytes(NONCE_SIZE))
    now = now_ms()
    # Expired challenges are swept here rather than by a separate job.
    conn.execute(delete(card_challenges).where(card_challenges.c.expires_at_ms < now))
    conn.execute(
        insert(card_challenges).values(
            challenge_id=challenge_id,
            device_id=device.device_id,
            nonce=nonce,
            expires_at_ms=now + ttl_s * 1000,
        )
    )
    return challenge_id, nonce, ttl_s


def parse_proof(
    certificate: str, intermediates: list[str], signature: str
) -> tuple[x509.Certificate, list[x509.Certificate], bytes]:
    """A card's proof as sent (kazasu_protocol.cardproof): its certificate, the card's CA
    certificates and the signature; 422 naming the field that is malformed."""
    try:
        proof = cardproof.parse_proof(certificate, intermediates, signature)
    except cardproof.ProofMalformed as exc:
        raise Problem(422, exc.kind, exc.title) from exc
    return proof.certificate, proof.intermediates, proof.signature


def spend_challenge(conn: Connection, device: Device, challenge_id: str) -> bytes:
    """Take the challenge's nonce; a challenge is answered once, by the device it was given to.

    Spent in its own transaction before the proof is checked, so that a failed proof cannot
    be retried with the same nonce.
    """
    row = conn.execute(
        delete(card_challenges)
        .where(
            card_challenges.c.challenge_id == challenge_id,
            card_challenges.c.device_id == device.device_id,
        )
        .returning(card_challenges.c.nonce, card_challenges.c.expires_at_ms)
    ).first()
    if row is None or row.expires_at_ms < now_ms():
        raise Problem(401, "challenge-invalid", "Challenge unknown, used or expired")
    return b64url.decode(row.nonce)


def verify_card(
    settings: Settings,
    nonce: bytes,
    certificate: x509.Certificate,
    intermediates: list[x509.Certificate],
    signature: bytes,
) -> str:
    """The card_key of a card whose chain, dates, signature over ``nonce`` and status hold.

    The chain must end at one of the settings' trust anchors; the revocation check, when the
    operator configured one, runs last.
    """
    if not settings.trust_anchors:
        raise Problem(503, "card-verification-unavailable", "No JPKI trust anchors configured")
    try:
        issuer = jpki.verify_chain(
            certificate, settings.trust_anchors, intermediates, datetime.now(UTC)
        )
        jpki.verify_signature(certificate, nonce, signature)
    except jpki.CardRejected as rejected:
        raise Problem(403, rejected.problem, "The card is not verified", str(rejected)) from None
    _check_revocation(settings.revocation_check, certificate, issuer)
    return card_key(certificate)


def link(
    conn: Connection, device: Device, key: str, person_id: str
) -> tuple[tuple[str, bool], list[Change]]:
    """Link a verified card_key to a person: ((person, linked), changes).

    ``linked`` is False when the card is already linked to someone else: nothing changes and an
    incident is kept for staff (the caller answers 409 after this transaction commits).
    """
    pid = _person_in_scope(conn, device, person_id)
    row = conn.execute(
        select(card_links.c.person_id, card_links.c.assurance).where(card_links.c.card_key == key)
    ).first()
    if row is not None and row.person_id != pid:
        incident(
            conn,
            "card-linked-twice",
            device.device_id,
            {"card_key": key, "linked_to": row.person_id, "claimed_for": pid, "verified": True},
        )
        return (pid, False), []
    if row is None:
        conn.execute(
            insert(card_links).values(
                card_key=key,
                person_id=pid,
                assurance=VERIFIED,
                source=device.device_id,
                created_at_ms=now_ms(),
            )
        )
    elif row.assurance != VERIFIED:
        # A link a kiosk asserted earlier is now proven.
        conn.execute(
            update(card_links)
            .where(card_links.c.card_key == key)
            .values(assurance=VERIFIED, source=device.device_id)
        )
    # A voter linked to the person is found by the card at the polling sites too.
    return (pid, True), people.person_changes(conn, pid) + changes_for_person(conn, pid)


def _person_in_scope(conn: Connection, device: Device, person_id: str) -> str:
    pid = people.resolve(conn, person_id)
    if pid is None:
        raise Problem(404, "unknown-person", "Unknown person", person_id)
    if not set(people.scopes_of(conn, pid)) & device.scope_keys:
        raise Problem(403, "outside-scope", "The person is outside this device's scope", pid)
    return pid


def _check_revocation(
    check: jpki.RevocationCheck | None, certificate: x509.Certificate, issuer: x509.Certificate
) -> None:
    if check is None:
        return
    try:
        check(certificate, issuer)
    except jpki.CardRevoked as revoked:
        raise Problem(
            403, "card-revoked", "The card's certificate is revoked", str(revoked)
        ) from None
    except Exception as exc:  # any failure of the operator's check fails closed
        raise Problem(
            503, "revocation-unavailable", "The card's revocation status is unknown", str(exc)
        ) from exc

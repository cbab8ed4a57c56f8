"""Card links made at a staffed counter: a ``person.card_linked`` event carrying the card's four
basic items and the card's signature binding them (docs/decisions/counter-linking.md).

At push, before anything is stored, the proof is checked: the certificate chains to a trust
anchor and was valid when signed, the signature covers the message rebuilt from the event
(this device, the person, the card, the items' digest, the nonce, the time), and the nonce was
never used. A proof that fails is the event's refusal (``invalid``): only a faulty or forged
kiosk sends one. When the event is projected, a proof that holds links the card with assurance
``verified`` and records the items as the person's verified attributes (source ``counter``),
unless it is stale, the card is revoked or linked to someone else, or the items are not the
person's: then an incident says why and nothing of the link is kept.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from cryptography import x509
from sqlalchemy import Connection, delete, insert, select, update

from kazasu_protocol import b64url
from kazasu_protocol.canonical import canonical_json
from kazasu_protocol.jpki import card_key
from linkage import jpki, people, verified
from linkage.canonical import now_ms
from linkage.cardlink import VERIFIED, parse_proof
from linkage.devices import Device
from linkage.envelope import EventIn
from linkage.feed import Change
from linkage.names import name_key
from linkage.problems import Problem
from linkage.projection import incident
from linkage.tables import card_challenges, card_link_proofs, card_links
from linkage.voting.roll import match_person
from linkage.voting.voters import changes_for_person

LINK_CONTEXT = "kazasu-card-link-v1"
NO_CHALLENGE = "-"
ITEM_KEYS = ("name", "birth_date", "address", "sex")
# An offline link may wait this long in a kiosk's outbox (a shelter cut off for days).
MAX_PROOF_AGE_MS = 30 * 24 * 3600 * 1000
MAX_INTERMEDIATES = 3
MAX_TEXT = 4096


@dataclass(frozen=True)
class CardTrust:
    """What the platform checks card proofs against (from its settings)."""

    anchors: tuple[x509.Certificate, ...]
    revocation: jpki.RevocationCheck | None = None


@dataclass(frozen=True)
class Proof:
    """A counter link's proof that held at push."""

    card_key: str
    items: dict[str, str]
    nonce: str
    challenge_id: str | None
    signed_at_ms: int
    staff: str
    status_problem: str | None
    """Set when the operator's revocation check refused the card or could not answer."""


def is_counter_link(event: EventIn) -> bool:
    """Whether the event is a card link with the counter's items and proof."""
    return event.type == "person.card_linked" and "proof" in event.payload


def items_digest(items: Mapping[str, str]) -> str:
    """Lowercase hex SHA-256 of the canonical JSON of the four items."""
    return hashlib.sha256(canonical_json(dict(items)).encode("utf-8")).hexdigest()


def link_message(event: EventIn, items: Mapping[str, str], proof: Mapping[str, Any]) -> bytes:
    """The bytes the card signed, rebuilt from the event (docs/protocol/events.md)."""
    p = event.payload
    lines = [
        LINK_CONTEXT,
        event.device_id,
        str(p["person_id"]),
        str(p["card_key"]),
        items_digest(items),
        str(proof["nonce"]),
        str(proof.get("challenge_id") or NO_CHALLENGE),
        str(proof["signed_at_ms"]),
    ]
    return "\n".join(lines).encode("utf-8")


def check(event: EventIn, trust: CardTrust | None) -> Proof | str:
    """The event's proof, checked without the database, or why it does not hold.

    Without trust anchors nothing can be checked: the link is then taken as the kiosk's
    assertion (assurance ``device``), as a link without a proof is.
    """
    shape = _shape_problem(event.payload)
    if shape is not None:
        return shape
    p = event.payload
    items: dict[str, str] = p["items"]
    proof: dict[str, Any] = p["proof"]
    if trust is None or not trust.anchors:
        return Proof(p["card_key"], items, proof["nonce"], None, 0, p["staff"], "unverifiable")
    try:
        cert, chain, signature = parse_proof(
            proof["certificate"], proof["intermediates"], proof["signature"]
        )
    except Problem as exc:
        return f"proof: {exc.kind}"
    signed_at = datetime.fromtimestamp(proof["signed_at_ms"] / 1000, UTC)
    try:
        if card_key(cert) != p["card_key"]:
            return "proof: the certificate is not the card named by card_key"
        issuer = jpki.verify_chain(cert, trust.anchors, chain, signed_at)
        jpki.verify_signature(cert, link_message(event, items, proof), signature)
    except jpki.CardRejected as rejected:
        return f"proof: {rejected.problem}"
    status_problem = None
    if trust.revocation is not None:
        try:
            trust.revocation(cert, issuer)
        except jpki.CardRevoked:
            status_problem = "card-revoked"
        except Exception:  # any failure of the operator's check fails closed
            status_problem = "revocation-unavailable"
    return Proof(
        p["card_key"],
        items,
        proof["nonce"],
        proof.get("challenge_id"),
        int(proof["signed_at_ms"]),
        p["staff"],
        status_problem,
    )


def _shape_problem(p: Mapping[str, Any]) -> str | None:
    items, proof, staff = p.get("items"), p.get("proof"), p.get("staff")
    if not isinstance(items, dict) or sorted(items) != sorted(ITEM_KEYS):
        return "items must hold name, birth_date, address and sex"
    if not all(isinstance(v, str) and len(v) <= 200 for v in items.values()) or not items["name"]:
        return "items must be texts of at most 200 characters, with a name"
    if not isinstance(staff, str) or not 0 < len(staff) <= 64:
        return "staff must name who linked the card"
    if not isinstance(proof, dict):
        return "proof must be an object"
    texts = ("certificate", "signature", "nonce")
    if not all(isinstance(proof.get(k), str) and 0 < len(proof[k]) <= MAX_TEXT for k in texts):
        return "proof needs certificate, signature and nonce"
    chain = proof.get("intermediates")
    if not isinstance(chain, list) or len(chain) > MAX_INTERMEDIATES:
        return f"proof intermediates must be a list of at most {MAX_INTERMEDIATES}"
    if not all(isinstance(c, str) and len(c) <= MAX_TEXT for c in chain):
        return "proof intermediates must be certificates"
    challenge_id = proof.get("challenge_id")
    if challenge_id is not None and not (isinstance(challenge_id, str) and len(challenge_id) <= 64):
        return "proof challenge_id must be null or an id"
    signed_at = proof.get("signed_at_ms")
    if not isinstance(signed_at, int) or isinstance(signed_at, bool) or signed_at <= 0:
        return "proof signed_at_ms must be a positive integer"
    try:
        nonce = b64url.decode(proof["nonce"])
    except ValueError:
        return "proof nonce must be base64url"
    if not 16 <= len(nonce) <= 48:
        return "proof nonce must be 16 to 48 bytes"
    return None


def replayed(conn: Connection, events: Sequence[EventIn], proofs: Mapping[str, Proof]) -> set[str]:
    """Ids of the events whose nonce a stored proof, or an earlier event of the batch, used."""
    nonces = [proofs[e.event_id].nonce for e in events if e.event_id in proofs]
    if not nonces:
        return set()
    used = set(
        conn.execute(
            select(card_link_proofs.c.nonce).where(card_link_proofs.c.nonce.in_(nonces))
        ).scalars()
    )
    out = set()
    for event in events:
        proof = proofs.get(event.event_id)
        if proof is None:
            continue
        if proof.nonce in used:
            out.add(event.event_id)
        used.add(proof.nonce)
    return out


def apply(conn: Connection, device: Device, event: EventIn, pid: str, proof: Proof) -> list[Change]:
    """Link the card and record the items as verified, or keep an incident saying why not."""
    refusal = _refusal(conn, device, pid, proof)
    outcome = refusal or "linked"
    conn.execute(
        insert(card_link_proofs).values(
            nonce=proof.nonce,
            event_id=event.event_id,
            device_id=device.device_id,
            person_id=pid,
            card_key=proof.card_key,
            staff=proof.staff,
            challenge_id=proof.challenge_id,
            signed_at_ms=proof.signed_at_ms,
            outcome=outcome,
            recorded_at_ms=now_ms(),
        )
    )
    if refusal is not None:
        detail = {"event_id": event.event_id, "person_id": pid, "card_key": proof.card_key}
        incident(conn, refusal, device.device_id, detail)
        return []
    row = conn.execute(
        select(card_links.c.assurance).where(card_links.c.card_key == proof.card_key)
    ).first()
    if row is None:
        conn.execute(
            insert(card_links).values(
                card_key=proof.card_key,
                person_id=pid,
                assurance=VERIFIED,
                source=device.device_id,
                created_at_ms=now_ms(),
            )
        )
    else:
        conn.execute(
            update(card_links)
            .where(card_links.c.card_key == proof.card_key)
            .values(assurance=VERIFIED, source=device.device_id)
        )
    items = proof.items
    verified.record(
        conn,
        pid,
        items["name"],
        items["birth_date"] or None,
        items["address"] or None,
        verified.COUNTER,
        f"{device.device_id}/{proof.staff}"[:64],
    )
    # A roll entry the person's proven items now match is linked, and reaches the polling
    # sites with the voter changes as any other link does.
    changes = people.person_changes(conn, pid) + changes_for_person(conn, pid)
    return changes + match_person(conn, pid)


def _refusal(conn: Connection, device: Device, pid: str, proof: Proof) -> str | None:
    if proof.status_problem == "unverifiable":
        return "card-verification-unavailable"
    if proof.status_problem is not None:
        return proof.status_problem
    if not _fresh(conn, device, proof):
        return "card-proof-stale"
    holder = conn.execute(
        select(card_links.c.person_id).where(card_links.c.card_key == proof.card_key)
    ).scalar_one_or_none()
    if holder is not None and holder != pid:
        return "card-linked-elsewhere"
    if not _items_are_persons(conn, pid, proof.items):
        return "card-items-mismatch"
    return None


def _fresh(conn: Connection, device: Device, proof: Proof) -> bool:
    """A spent platform challenge vouches for freshness; else the signed time must be within
    the offline window, and not ahead of the platform's clock by more than a day."""
    if proof.challenge_id is not None:
        spent = conn.execute(
            delete(card_challenges)
            .where(
                card_challenges.c.challenge_id == proof.challenge_id,
                card_challenges.c.device_id == device.device_id,
                card_challenges.c.nonce == proof.nonce,
            )
            .returning(card_challenges.c.expires_at_ms)
        ).first()
        now = now_ms()
        if spent is not None and spent.expires_at_ms >= now:
            return True
    now = now_ms()
    return now - MAX_PROOF_AGE_MS <= proof.signed_at_ms <= now + 24 * 3600 * 1000


def _items_are_persons(conn: Connection, pid: str, items: Mapping[str, str]) -> bool:
    """The card's name and birth date must be what was proven of the person before, or, for a
    person nothing was proven of, what the person's record says (where it says it)."""
    earlier = verified.of_person(conn, pid)
    if earlier is not None:
        name, born = earlier.name, earlier.birth_date or ""
    else:
        fields = people.load_record(conn, pid).fields
        name, born = str(fields.get("name") or ""), str(fields.get("birth_date") or "")
    if name_key(name) != name_key(items["name"]):
        return False
    return not born or born == items["birth_date"]

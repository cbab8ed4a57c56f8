"""Linking a My Number Card to a resident already on the platform, at the staffed counter.

The resident taps the card and enters its PIN: the kiosk reads the four basic items from the
card-info application (never the individual number) and finds the people of its own store whose
normalised name and birth date match (the address is compared too and shown). Staff confirm one;
the card then signs, with its user-authentication key after its PIN, a message binding this
device, the person, the card, the four items' digest, a nonce and the time. The link, the items
and that proof travel as a ``person.card_linked`` event, so a link made offline is queued like
any other write; the platform checks the proof at push (docs/decisions/counter-linking.md).

Online, the nonce is a platform challenge (``NonceSource``); offline the kiosk makes one.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import time
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from cardio.mynumber import BasicItems, SignedNonce, identify, read_basic_items, sign_nonce
from cardio.mynumber.verification import load_certificate
from cardio.transport import CardTransport
from kazasu_protocol import b64url
from kazasu_protocol.canonical import canonical_json
from kazasu_protocol.cardproof import proof_body
from kazasu_protocol.jpki import card_key
from kiosk.errors import InvalidInput, NotFound, Refused
from kiosk.model import Person
from kiosk.normalize import address_key, search_key
from kiosk.store import Store

LINK_CONTEXT = "kazasu-card-link-v1"
NONCE_SIZE = 32
NO_CHALLENGE = "-"


class Match(StrEnum):
    """An item of the card that a person's record agrees with."""

    NAME = "name"
    BIRTH_DATE = "birth_date"
    ADDRESS = "address"


@dataclass(frozen=True)
class CardItems:
    """The four basic items as they travel: ISO birth date and ISO 5218 sex code, or ""."""

    name: str
    birth_date: str
    address: str
    sex: str
    exact: bool = True
    """False when the card held bytes that could not be decoded (shown as 〓)."""

    def wire(self) -> dict[str, str]:
        """The items as the event and the signed digest carry them."""
        return {
            "name": self.name,
            "birth_date": self.birth_date,
            "address": self.address,
            "sex": self.sex,
        }

    def digest(self) -> str:
        """Lowercase hex SHA-256 of the canonical JSON of ``wire()``."""
        return hashlib.sha256(canonical_json(self.wire()).encode("utf-8")).hexdigest()


def items_from_card(basic: BasicItems) -> CardItems:
    """The wire form of what the card-info application said."""
    texts = [basic.name, basic.address, basic.birth_date]
    return CardItems(
        name=basic.name.text if basic.name else "",
        birth_date=basic.birth_date_iso or "",
        address=basic.address.text if basic.address else "",
        sex=basic.sex_code or "",
        exact=all(t is None or t.exact for t in texts),
    )


@dataclass(frozen=True)
class CardRead:
    """A card on the reader: its key and its four basic items, read under the card-info PIN."""

    card_key: str
    items: CardItems
    apdus: int
    elapsed_ms: float


def read_card(transport: CardTransport, pin: str) -> CardRead:
    """Identify the card (no PIN) and read its four basic items (card-info PIN).

    Runs on the card's thread; the PIN is refused unsent when the card has one try left.
    """
    mark, start = transport.log.mark(), time.perf_counter()
    identity = identify(transport)
    items = items_from_card(read_basic_items(transport, pin))
    return CardRead(
        identity.card_key,
        items,
        len(transport.log.since(mark)),
        (time.perf_counter() - start) * 1000,
    )


@dataclass(frozen=True)
class Candidate:
    """A person of this kiosk's store whose name and birth date are the card's."""

    person: Person
    matched: tuple[Match, ...]
    has_this_card: bool

    @property
    def full(self) -> bool:
        """Whether name, birth date and address all match."""
        return len(self.matched) == len(Match)


class NonceSource(Protocol):
    """Where a fresh platform challenge comes from when the kiosk is online."""

    def card_challenge(self) -> tuple[str, bytes] | None:
        """(challenge id, nonce) from the platform, or None when it cannot be reached."""
        ...


def link_message(
    device_id: str,
    person_id: str,
    card_key: str,
    items_digest: str,
    nonce: str,
    challenge_id: str | None,
    signed_at_ms: int,
) -> bytes:
    """The bytes the card signs for a counter link (docs/protocol/events.md).

    ``nonce`` is base64url; ``challenge_id`` is None for a nonce the kiosk made.
    """
    lines = [
        LINK_CONTEXT,
        device_id,
        person_id,
        card_key,
        items_digest,
        nonce,
        challenge_id or NO_CHALLENGE,
        str(signed_at_ms),
    ]
    return "\n".join(lines).encode("utf-8")


@dataclass(frozen=True)
class LinkRequest:
    """What the card is asked to sign for a confirmed person."""

    read: CardRead
    person_id: str
    device_id: str
    nonce: str
    challenge_id: str | None
    signed_at_ms: int

    def message(self) -> bytes:
        """The bytes the card signs."""
        return link_message(
            self.device_id,
            self.person_id,
            self.read.card_key,
            self.read.items.digest(),
            self.nonce,
            self.challenge_id,
            self.signed_at_ms,
        )


def sign_request(transport: CardTransport, pin: str, request: LinkRequest) -> SignedNonce:
    """Have the card on the reader sign the request (authentication PIN).

    The card that signs must be the card that was read: one swapped on the reader meanwhile is
    refused before anything is written.
    """
    signed = sign_nonce(transport, pin, request.message())
    if card_key(load_certificate(signed.certificate)) != request.read.card_key:
        raise Refused("other_card", "a different card is on the reader; start again")
    return signed


@dataclass(frozen=True)
class Linked:
    """A card linked at the counter; the event waits in the outbox until it is pushed."""

    person_id: str
    card_key: str
    via: str
    """``platform-challenge`` or ``kiosk-nonce``: which kind of nonce the card signed."""
    other_cards: int
    """Cards the person had already (a renewed card is linked beside the old one)."""
    device_seq: int


class CardLinkService:
    """Finds the people a card may belong to and links it to the one staff confirm."""

    def __init__(self, store: Store, challenges: NonceSource | None = None) -> None:
        self.store = store
        self.challenges = challenges

    def candidates(self, read: CardRead) -> list[Candidate]:
        """People whose normalised name and birth date are the card's, full matches first.

        Only people this kiosk's store holds (its scope) are candidates.
        """
        items = read.items
        if not items.name or not items.birth_date:
            return []
        with self.store.reading() as conn:
            rows = conn.execute(
                "SELECT data FROM persons WHERE birth_date = ? AND name_key = ?"
                " AND person_id NOT IN (SELECT from_person_id FROM merges)"
                " ORDER BY person_id",
                (items.birth_date, search_key(items.name)),
            ).fetchall()
            holders = {
                str(r[0])
                for r in conn.execute(
                    "SELECT person_id FROM identifiers WHERE identifier = ?", (read.card_key,)
                ).fetchall()
            }
        found = []
        for row in rows:
            person = Person.from_dict(json.loads(row[0]))
            found.append(Candidate(person, _matched(person, items), person.person_id in holders))
        return sorted(found, key=lambda c: (not c.full, c.person.person_id))

    def prepare(self, actor: str, read: CardRead, person_id: str) -> LinkRequest:
        """Check that the card may be linked to the person and make the request to sign.

        Refused (and audited) when the kiosk is not enrolled, the person's name or birth date
        is not the card's, or the card is linked to someone else.
        """
        try:
            return self._prepare(read, person_id)
        except (Refused, NotFound, InvalidInput) as exc:
            with self.store.transaction() as tx:
                tx.audit(actor, "card.link_refused", person_id, reason=_reason(exc))
            raise

    def _prepare(self, read: CardRead, person_id: str) -> LinkRequest:
        device_id = self.store.device_id
        if device_id.startswith("local-"):
            raise Refused("not_enrolled", "enrol this kiosk before linking cards")
        person = self.person(person_id)
        if search_key(person.name) != search_key(read.items.name):
            raise Refused("name_differs", "the card's name is not this person's")
        born = person.birth_date.isoformat() if person.birth_date else ""
        if born and born != read.items.birth_date:
            raise Refused("birth_date_differs", "the card's birth date is not this person's")
        with self.store.reading() as conn:
            row = conn.execute(
                "SELECT person_id FROM identifiers WHERE identifier = ?", (read.card_key,)
            ).fetchone()
        if row is not None and row[0] != person.person_id:
            raise Refused("linked_elsewhere", "this card is already linked to another person")
        challenge = self.challenges.card_challenge() if self.challenges else None
        if challenge is None:
            challenge_id, nonce = None, b64url.encode(secrets.token_bytes(NONCE_SIZE))
        else:
            challenge_id, nonce = challenge[0], b64url.encode(challenge[1])
        signed_at_ms = int(self.store.now().timestamp() * 1000)
        return LinkRequest(read, person.person_id, device_id, nonce, challenge_id, signed_at_ms)

    def person(self, person_id: str) -> Person:
        """A person of this store (a merged provisional id finds the person it became)."""
        with self.store.reading() as conn:
            row = conn.execute(
                "SELECT data FROM persons WHERE person_id = coalesce("
                "(SELECT into_person_id FROM merges WHERE from_person_id = ?), ?)",
                (person_id, person_id),
            ).fetchone()
        if row is None:
            raise NotFound("no person {person_id} at this kiosk", person_id=person_id)
        return Person.from_dict(json.loads(row[0]))

    def commit(self, actor: str, request: LinkRequest, signed: SignedNonce) -> Linked:
        """Write the link and its ``person.card_linked`` event with the items and the proof."""
        card_key = request.read.card_key
        proof = {
            **proof_body(signed),
            "nonce": request.nonce,
            "challenge_id": request.challenge_id,
            "signed_at_ms": request.signed_at_ms,
        }
        via = "kiosk-nonce" if request.challenge_id is None else "platform-challenge"
        with self.store.transaction() as tx:
            row = tx.conn.execute(
                "SELECT person_id FROM identifiers WHERE identifier = ?", (card_key,)
            ).fetchone()
            if row is not None and row[0] != request.person_id:
                raise Refused("linked_elsewhere", "this card is already linked to another person")
            others = tx.conn.execute(
                "SELECT count(*) FROM identifiers WHERE person_id = ? AND identifier LIKE 'jpki:%'"
                " AND identifier != ?",
                (request.person_id, card_key),
            ).fetchone()[0]
            if row is None:
                tx.conn.execute(
                    "INSERT INTO identifiers (identifier, person_id) VALUES (?, ?)",
                    (card_key, request.person_id),
                )
            event = tx.emit(
                "person.card_linked",
                {
                    "person_id": request.person_id,
                    "card_key": card_key,
                    "items": request.read.items.wire(),
                    "proof": proof,
                    "staff": actor,
                },
            )
            tx.audit(
                actor,
                "card.link",
                request.person_id,
                via=via,
                other_cards=int(others),
                items_exact=request.read.items.exact,
            )
        return Linked(request.person_id, card_key, via, int(others), event.device_seq)


@dataclass(frozen=True)
class ReaderLink:
    """The whole flow at one reader: what the card said, who matched, and the link if made."""

    read: CardRead
    candidates: list[Candidate]
    linked: Linked | None
    apdus: int
    elapsed_ms: float


def link_at_reader(
    service: CardLinkService,
    actor: str,
    transport: CardTransport,
    pin: str,
    person_id: str | None = None,
    auth_pin: str | None = None,
) -> ReaderLink:
    """Read the card, find its candidates and link it: to ``person_id`` when given, else to
    the one candidate matching name, birth date and address, if exactly one does.

    ``auth_pin`` is the authentication PIN when the holder set it apart from the card-info
    PIN. Without a single full match nothing is linked and the candidates are returned.
    """
    mark, start = transport.log.mark(), time.perf_counter()
    read = read_card(transport, pin)
    candidates = service.candidates(read)
    if person_id is None:
        full = [c for c in candidates if c.full]
        if len(full) != 1:
            return ReaderLink(read, candidates, None, len(transport.log.since(mark)), 0.0)
        person_id = full[0].person.person_id
    request = service.prepare(actor, read, person_id)
    signed = sign_request(transport, auth_pin or pin, request)
    linked = service.commit(actor, request, signed)
    elapsed = (time.perf_counter() - start) * 1000
    return ReaderLink(read, candidates, linked, len(transport.log.since(mark)), elapsed)


def _matched(person: Person, items: CardItems) -> tuple[Match, ...]:
    matched = [Match.NAME, Match.BIRTH_DATE]
    if person.address and address_key(person.address) == address_key(items.address):
        matched.append(Match.ADDRESS)
    return tuple(matched)


def _reason(exc: Exception) -> str:
    return exc.reason if isinstance(exc, Refused) else type(exc).__name__

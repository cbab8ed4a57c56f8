"""The signing side of the JPKI application: read and verify the signing certificate's items.

The signing certificate (署名用電子証明書, EF 0001) carries the holder's name, address, birth date
and sex, signed by the J-LIS signing CA. A card gives it only after its signing password (EF
001B: 6-16 letters and digits, five tries), which is verified under the same never-lock rule as
the PINs: ask the tries left first, refuse at one. The flow then checks the chain against the
signing trust anchors and has the card sign a fresh nonce with the signing key (EF 001A), so a
certificate copied from a signed document onto another card is not accepted.

The file identifiers live here rather than in ``applications``: that module never holds the
number 0001, which in the card-info application is the individual number's file. The session
refuses that file in that application whatever the caller asks.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from datetime import datetime

from cardio.mynumber.applications import JPKI_AID
from cardio.mynumber.jpki import (
    NONCE_LENGTH,
    key_type,
    read_ca_certificate,
    read_certificate,
    sign_with_selected_key,
)
from cardio.mynumber.session import CardSession
from cardio.mynumber.signitems import SignatureItems, parse_signature_items
from cardio.mynumber.verification import (
    TrustAnchors,
    load_certificate,
    verify_chain,
    verify_signature,
)
from cardio.transport import CardTransport

JPKI_SIGN_CERT_EF = 0x0001
"""The signing certificate, in the JPKI application; readable after the signing password."""

JPKI_SIGN_CA_CERT_EF = 0x0002
"""The certificate of the CA that issued the signing certificate; readable without password."""

JPKI_SIGN_KEY_EF = 0x001A
"""The signing private key (used through 80 2A, never readable)."""

JPKI_SIGN_PASSWORD_EF = 0x001B
"""The signing password: 6-16 upper-case letters and digits, five tries."""

SIGN_PASSWORD_MAX_TRIES = 5


@dataclass(frozen=True)
class VerifiedSignatureItems:
    """The holder's items from a signing certificate whose chain and key were verified."""

    items: SignatureItems
    serial_number: int
    issuer: str
    not_after: datetime
    chain: tuple[str, ...]
    key_type: str
    password_tries_left: int
    apdus: int
    elapsed_ms: float


def sign_password_tries_left(transport: CardTransport) -> int:
    """How many signing-password tries the card has left; asking spends none."""
    session = CardSession(transport)
    session.select_application(JPKI_AID)
    session.select_file(JPKI_SIGN_PASSWORD_EF)
    return session.pin_tries_left()


def read_signature_items(
    transport: CardTransport,
    password: str,
    anchors: TrustAnchors,
    nonce: bytes | None = None,
    at: datetime | None = None,
) -> VerifiedSignatureItems:
    """Verify the signing password, read the signing certificate and return its holder's items.

    The certificate must chain to ``anchors`` (the signing CA's, distinct from the
    authentication CA's) and the card must sign a fresh nonce with the matching key; the
    password, the chain check and the signature happen within one selection of the application.
    """
    mark, start = transport.log.mark(), time.perf_counter()
    challenge = nonce if nonce is not None else os.urandom(NONCE_LENGTH)
    session = CardSession(transport)
    session.select_application(JPKI_AID)
    intermediates = read_ca_certificate(session, JPKI_SIGN_CA_CERT_EF)
    session.select_file(JPKI_SIGN_PASSWORD_EF)
    session.verify_sign_password(password)
    session.select_file(JPKI_SIGN_CERT_EF)
    certificate = load_certificate(read_certificate(session))
    chain = verify_chain(certificate, anchors, intermediates, at)
    items = parse_signature_items(certificate)
    session.select_file(JPKI_SIGN_KEY_EF)
    signature = sign_with_selected_key(session, certificate, challenge)
    verify_signature(certificate, challenge, signature)
    return VerifiedSignatureItems(
        items=items,
        serial_number=certificate.serial_number,
        issuer=certificate.issuer.rfc4514_string(),
        not_after=certificate.not_valid_after_utc,
        chain=tuple(c.subject.rfc4514_string() for c in chain),
        key_type=key_type(certificate),
        # A correct password resets the counter.
        password_tries_left=SIGN_PASSWORD_MAX_TRIES,
        apdus=len(transport.log.since(mark)),
        elapsed_ms=(time.perf_counter() - start) * 1000,
    )

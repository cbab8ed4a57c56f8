"""Flows over the user-authentication (JPKI) application: identify a card, prove its holder."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import Encoding

from cardio.apdu import Command
from cardio.card_errors import (
    CardResponseError,
    CertificateFormatError,
    NotMyNumberCardError,
    OversizedResponseError,
    TruncatedResponseError,
)
from cardio.mynumber.applications import (
    CARD_INFO_AID,
    CARD_INFO_PIN_EF,
    JPKI_AID,
    JPKI_AUTH_CA_CERT_EF,
    JPKI_AUTH_CERT_EF,
    JPKI_AUTH_KEY_EF,
    JPKI_AUTH_PIN_EF,
    PIN_MAX_TRIES,
)
from cardio.mynumber.certprefix import CertificatePrefix, certificate_length, parse_prefix
from cardio.mynumber.session import CHUNK, CardSession
from cardio.mynumber.tlv import NeedMore
from cardio.mynumber.verification import (
    TrustAnchors,
    load_certificate,
    signature_length,
    signing_input,
    verify_chain,
    verify_signature,
)
from cardio.transport import CardTransport
from kazasu_protocol.jpki import card_key

NONCE_LENGTH = 32


class PinKind(Enum):
    """Which of the card's PINs a status query is about."""

    AUTHENTICATION = "authentication"
    CARD_INFO = "card_info"


@dataclass(frozen=True)
class Identity:
    """Who the card says it is, without proof: the result of a tap."""

    card_key: str
    serial_number: int
    issuer: str
    apdus: int
    elapsed_ms: float


@dataclass(frozen=True)
class HolderProof:
    """A verified PIN, a verified signature over a fresh nonce, and a verified chain."""

    card_key: str
    serial_number: int
    issuer: str
    not_after: datetime
    chain: tuple[str, ...]
    key_type: str
    pin_tries_left: int
    apdus: int
    elapsed_ms: float


def identify(transport: CardTransport) -> Identity:
    """Compute the card key reading as little of the certificate as possible.

    Usually three APDUs: select the application, select the certificate, read its first 256
    bytes. More reads happen only when issuer or serial lie beyond the first chunk.
    """
    mark, start = transport.log.mark(), time.perf_counter()
    session = CardSession(transport)
    session.select_application(JPKI_AID)
    session.select_file(JPKI_AUTH_CERT_EF)
    buf, total = _read_first_chunk(session)
    while True:
        try:
            prefix = parse_prefix(bytes(buf))
            break
        except NeedMore as need:
            if need.needed > total:
                raise CertificateFormatError(
                    "The certificate's issuer runs past the certificate's end."
                ) from need
            buf += session.read_exact(len(buf), min(CHUNK, total - len(buf)))
    return _identity(prefix, transport, mark, start)


def identify_full_read(transport: CardTransport) -> Identity:
    """Identify the way most existing readers do: read and parse the whole certificate.

    Kept as the benchmark's baseline and as a cross-check of ``identify``.
    """
    mark, start = transport.log.mark(), time.perf_counter()
    session = CardSession(transport)
    session.select_application(JPKI_AID)
    session.select_file(JPKI_AUTH_CERT_EF)
    der = read_certificate(session)
    certificate = load_certificate(der)
    prefix = parse_prefix(der)
    if card_key(certificate) != prefix.card_key:
        raise CertificateFormatError()
    return _identity(prefix, transport, mark, start)


def read_auth_certificate(transport: CardTransport) -> x509.Certificate:
    """Read and parse the whole user-authentication certificate (no PIN needed)."""
    session = CardSession(transport)
    session.select_application(JPKI_AID)
    session.select_file(JPKI_AUTH_CERT_EF)
    return load_certificate(read_certificate(session))


def pin_tries_left(transport: CardTransport, kind: PinKind = PinKind.AUTHENTICATION) -> int:
    """How many PIN tries the card has left; asking spends none."""
    session = CardSession(transport)
    if kind is PinKind.AUTHENTICATION:
        session.select_application(JPKI_AID)
        session.select_file(JPKI_AUTH_PIN_EF)
    else:
        session.select_application(CARD_INFO_AID)
        session.select_file(CARD_INFO_PIN_EF)
    return session.pin_tries_left()


def prove_holder(
    transport: CardTransport,
    pin: str,
    anchors: TrustAnchors,
    nonce: bytes | None = None,
    at: datetime | None = None,
) -> HolderProof:
    """Prove that the person holding the card knows its PIN and that the card is genuine.

    The chain is checked before the PIN is sent, so an untrusted or expired card costs no try.
    PIN verification and signature happen within one selection of the application.
    """
    mark, start = transport.log.mark(), time.perf_counter()
    challenge = nonce if nonce is not None else os.urandom(NONCE_LENGTH)
    session = CardSession(transport)
    session.select_application(JPKI_AID)
    session.select_file(JPKI_AUTH_CERT_EF)
    certificate = load_certificate(read_certificate(session))
    intermediates = read_ca_certificate(session, JPKI_AUTH_CA_CERT_EF)
    chain = verify_chain(certificate, anchors, intermediates, at)
    session.select_file(JPKI_AUTH_PIN_EF)
    session.verify_pin(pin)
    session.select_file(JPKI_AUTH_KEY_EF)
    signature = sign_with_selected_key(session, certificate, challenge)
    verify_signature(certificate, challenge, signature)
    prefix = parse_prefix(certificate.public_bytes(Encoding.DER))
    return HolderProof(
        card_key=prefix.card_key,
        serial_number=prefix.serial_number,
        issuer=prefix.issuer,
        not_after=certificate.not_valid_after_utc,
        chain=tuple(c.subject.rfc4514_string() for c in chain),
        key_type=key_type(certificate),
        # A correct PIN resets the counter.
        pin_tries_left=PIN_MAX_TRIES,
        apdus=len(transport.log.since(mark)),
        elapsed_ms=(time.perf_counter() - start) * 1000,
    )


@dataclass(frozen=True)
class SignedNonce:
    """A card's answer to a platform's challenge: its certificates and its signature."""

    certificate: bytes
    intermediates: tuple[bytes, ...]
    signature: bytes


def sign_nonce(transport: CardTransport, pin: str, nonce: bytes) -> SignedNonce:
    """Sign a platform's ``nonce`` with the user-authentication key after the PIN.

    The platform verifies the chain against its own trust anchors, so none is needed here; the
    signature is checked against the certificate before it leaves, so a card answering garbage
    is reported at the reader rather than as a refusal from the platform.
    """
    session = CardSession(transport)
    session.select_application(JPKI_AID)
    session.select_file(JPKI_AUTH_CERT_EF)
    der = read_certificate(session)
    certificate = load_certificate(der)
    intermediates = read_ca_certificate(session, JPKI_AUTH_CA_CERT_EF)
    session.select_file(JPKI_AUTH_PIN_EF)
    session.verify_pin(pin)
    session.select_file(JPKI_AUTH_KEY_EF)
    signature = sign_with_selected_key(session, certificate, nonce)
    verify_signature(certificate, nonce, signature)
    return SignedNonce(der, tuple(c.public_bytes(Encoding.DER) for c in intermediates), signature)


def _read_first_chunk(session: CardSession) -> tuple[bytearray, int]:
    data, at_end = session.read_binary(0, CHUNK)
    if not data and at_end:
        raise CertificateFormatError("The card's certificate file is empty.")
    try:
        total = certificate_length(data)
    except NeedMore as exc:
        raise TruncatedResponseError() from exc
    if len(data) < min(CHUNK, total):
        raise TruncatedResponseError(
            "The card's answer was cut short ({got} of {expected} bytes). "
            "Hold the card still on the reader and try again.",
            got=len(data),
            expected=min(CHUNK, total),
        )
    return bytearray(data), total


def read_certificate(session: CardSession) -> bytes:
    """Read the whole certificate in the selected file, its length taken from its DER header."""
    buf, total = _read_first_chunk(session)
    if len(buf) < total:
        buf += session.read_exact(len(buf), total - len(buf))
    return bytes(buf[:total])


def read_ca_certificate(session: CardSession, ef: int) -> list[x509.Certificate]:
    """Read the CA certificate in ``ef`` as an untrusted intermediate; none if the card lacks it."""
    try:
        session.select_file(ef)
    except NotMyNumberCardError:
        # Some cards may not carry it; the anchors alone can still complete the chain.
        return []
    return [load_certificate(read_certificate(session))]


def sign_with_selected_key(
    session: CardSession, certificate: x509.Certificate, nonce: bytes
) -> bytes:
    """Have the card sign ``nonce`` with the selected key; check the answer's length."""
    data = signing_input(certificate, nonce)
    response = session.transport.transmit(Command(0x80, 0x2A, 0x00, 0x80, data, le=256))
    if not response.ok:
        raise CardResponseError(
            "signature",
            response.sw,
            "The card refused to sign. Place it on the reader again and re-enter the PIN "
            f"(status {response.sw >> 8:02X} {response.sw & 0xFF:02X}).",
        )
    expected = signature_length(certificate)
    if len(response.data) < expected:
        raise TruncatedResponseError(
            "The card's signature was cut short ({got} of {expected} bytes). "
            "Hold the card still on the reader and try again.",
            got=len(response.data),
            expected=expected,
        )
    if len(response.data) > expected:
        raise OversizedResponseError(
            "The card's signature is {got} bytes, expected {expected}.",
            got=len(response.data),
            expected=expected,
        )
    return response.data


def _identity(
    prefix: CertificatePrefix, transport: CardTransport, mark: int, start: float
) -> Identity:
    return Identity(
        card_key=prefix.card_key,
        serial_number=prefix.serial_number,
        issuer=prefix.issuer,
        apdus=len(transport.log.since(mark)),
        elapsed_ms=(time.perf_counter() - start) * 1000,
    )


def key_type(certificate: x509.Certificate) -> str:
    """The certificate's key as shown to people, e.g. ``rsa-2048``."""
    key = certificate.public_key()
    if isinstance(key, rsa.RSAPublicKey):
        return f"rsa-{key.key_size}"
    if isinstance(key, ec.EllipticCurvePublicKey):
        return f"ecdsa-{key.curve.name}"
    return "unknown"

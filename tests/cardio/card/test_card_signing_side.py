"""The virtual JPKI application has its signing side, as real cards do (APDU level).

EF 0001 signing certificate (readable only after the signing password), EF 0002 its CA
certificate (readable without), EF 001A the signing key, EF 001B the signing password: 6-16
upper-case letters and digits, five tries.
"""

from __future__ import annotations

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import Prehashed
from cryptography.hazmat.primitives.serialization import Encoding

from cardio.apdu import Command, Response
from cardio.mynumber.applications import JPKI_AID
from cardio.mynumber.verification import SHA256_DIGEST_INFO_PREFIX
from cardio.virtualcard import CardProfile, InProcessTransport, VirtualMyNumberCard


def send(transport: InProcessTransport, hex_apdu: str) -> Response:
    return transport.transmit(Command.from_bytes(bytes.fromhex(hex_apdu)))


def select(transport: InProcessTransport, ef: str) -> Response:
    return send(transport, "00a4020c02" + ef)


def verify_password(transport: InProcessTransport, password: str) -> Response:
    data = password.encode("ascii")
    return send(transport, f"00200080{len(data):02x}" + data.hex())


def test_the_signing_password_has_five_tries_and_asking_spends_none(
    transport: InProcessTransport,
) -> None:
    assert send(transport, "00a4040c0a" + JPKI_AID.hex()).ok
    assert select(transport, "001b").ok
    assert send(transport, "00200080").sw == 0x63C5
    assert send(transport, "00200080").sw == 0x63C5


def test_the_signing_certificate_is_read_only_after_the_signing_password(
    transport: InProcessTransport, profile: CardProfile
) -> None:
    assert send(transport, "00a4040c0a" + JPKI_AID.hex()).ok
    assert select(transport, "0001").ok
    assert send(transport, "00b0000004").sw == 0x6982
    assert select(transport, "001b").ok
    assert verify_password(transport, "WRONG1").sw == 0x63C4
    assert verify_password(transport, profile.sign_password).ok
    assert send(transport, "00200080").sw == 0x9000
    assert select(transport, "0001").ok
    assert profile.sign_certificate is not None
    der = profile.sign_certificate.public_bytes(Encoding.DER)
    assert send(transport, "00b0000004").data == der[:4]


def test_the_signing_ca_certificate_is_readable_without_a_password(
    transport: InProcessTransport, profile: CardProfile
) -> None:
    assert send(transport, "00a4040c0a" + JPKI_AID.hex()).ok
    assert select(transport, "0002").ok
    assert profile.sign_ca_certificate is not None
    der = profile.sign_ca_certificate.public_bytes(Encoding.DER)
    assert send(transport, "00b0000010").data == der[:16]
    assert profile.sign_ca_certificate != profile.ca_certificate


def test_the_signing_key_signs_after_the_signing_password_only(
    transport: InProcessTransport, profile: CardProfile
) -> None:
    digest_info = SHA256_DIGEST_INFO_PREFIX + bytes(32)
    command = "802a0080" + f"{len(digest_info):02x}" + digest_info.hex() + "00"
    assert send(transport, "00a4040c0a" + JPKI_AID.hex()).ok
    # The authentication PIN does not unlock the signing key.
    assert select(transport, "0018").ok
    assert send(transport, "0020008004" + b"1234".hex()).ok
    assert select(transport, "001a").ok
    assert send(transport, command).sw == 0x6982
    assert select(transport, "001b").ok
    assert verify_password(transport, profile.sign_password).ok
    assert select(transport, "001a").ok
    answer = send(transport, command)
    assert answer.ok and len(answer.data) == 256
    assert profile.sign_certificate is not None
    key = profile.sign_certificate.public_key()
    assert isinstance(key, rsa.RSAPublicKey)
    # The card signed the DigestInfo it was given: a signature over a prehashed SHA-256 digest.
    key.verify(answer.data, bytes(32), padding.PKCS1v15(), Prehashed(hashes.SHA256()))


def test_the_signing_password_blocks_after_five_wrong_tries(
    card: VirtualMyNumberCard, transport: InProcessTransport
) -> None:
    assert send(transport, "00a4040c0a" + JPKI_AID.hex()).ok
    assert select(transport, "001b").ok
    answers = [verify_password(transport, "WRONG1").sw for _ in range(6)]
    assert answers == [0x63C4, 0x63C3, 0x63C2, 0x63C1, 0x63C0, 0x6983]

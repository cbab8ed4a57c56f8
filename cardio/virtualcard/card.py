"""The virtual card's behaviour: applications, files, selection, READ BINARY, PINs, signing."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from enum import Enum

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.asymmetric.utils import Prehashed, decode_dss_signature
from cryptography.hazmat.primitives.serialization import Encoding

from cardio.apdu import (
    SW_CLA_NOT_SUPPORTED,
    SW_END_OF_FILE,
    SW_FILE_NOT_FOUND,
    SW_INS_NOT_SUPPORTED,
    SW_OK,
    SW_PIN_BLOCKED,
    SW_SECURITY_NOT_SATISFIED,
    SW_WRONG_LENGTH,
    SW_WRONG_P1P2,
    Command,
    Response,
)
from cardio.mynumber.applications import CARD_INFO_AID, JPKI_AID
from cardio.virtualcard.faults import Faults
from cardio.virtualcard.pki import PrivateKey
from cardio.virtualcard.profile import PIN_TRIES, SIGN_PASSWORD_TRIES, CardProfile

INDIVIDUAL_NUMBER_EF = 0x0001
"""In the card-info application. Holds a placeholder, never a number; selecting it is counted."""

TOKEN = b"JPKIAPICCTOKEN2".ljust(32)
"""The JPKI application's token file (EF 0006), space-padded."""


def _with_check_byte(atr: bytes) -> bytes:
    check = 0
    for byte in atr[1:]:
        check ^= byte
    return atr + bytes((check,))


# Shaped like what a PC/SC reader synthesises for a contactless type B card (T=1).
ATR = _with_check_byte(bytes.fromhex("3B888001") + bytes.fromhex("0000000000818171"))

SW_WRONG_P1P2_PARAMS = 0x6A86
SW_NO_CURRENT_EF = 0x6986
SW_FILE_INCOMPATIBLE = 0x6981
SW_REFERENCE_NOT_FOUND = 0x6A88


class CardPulledAway(Exception):
    """The removal fault fired: the card left the field before answering."""


class FileKind(Enum):
    """What an elementary file is, which decides the commands it accepts."""

    BINARY = "binary"
    PIN = "pin"
    KEY = "key"


@dataclass
class ElementaryFile:
    """One EF: its content, and which PIN (if any) guards reading it or signing with its key."""

    kind: FileKind
    data: bytes = b""
    guarded_by: int | None = None
    key: PrivateKey | None = None


@dataclass
class PinState:
    """A PIN's value and retry counter; ``verified`` is lost on reset or reselection."""

    value: str
    tries_left: int
    max_tries: int = PIN_TRIES
    verified: bool = False


@dataclass
class Application:
    """A dedicated file: its EFs and PINs by file identifier."""

    files: dict[int, ElementaryFile]
    pins: dict[int, PinState] = field(default_factory=dict)


class VirtualMyNumberCard:
    """A My Number Card in memory. ``process`` takes command bytes and returns response bytes.

    Tests inspect ``selections`` (every (application, file) selected) and
    ``individual_number_selections``, which must stay zero.
    """

    def __init__(self, profile: CardProfile, faults: Faults | None = None) -> None:
        self.profile = profile
        self.faults = faults or Faults()
        self.selections: list[tuple[bytes, int | None]] = []
        self.individual_number_selections = 0
        self.commands_since_power_on = 0
        self.removed = False
        auth_certificate = profile.auth_certificate.public_bytes(Encoding.DER)
        jpki_files = {
            # As on a My Number Card (a basic resident registry card says "JPKIAPICCTOKEN").
            0x0006: ElementaryFile(FileKind.BINARY, TOKEN),
            0x000A: ElementaryFile(FileKind.BINARY, auth_certificate),
            0x0017: ElementaryFile(FileKind.KEY, guarded_by=0x0018, key=profile.auth_key),
            0x0018: ElementaryFile(FileKind.PIN),
        }
        jpki_pins = {0x0018: PinState(profile.auth_pin, profile.auth_pin_tries_left)}
        if profile.ca_certificate is not None:
            ca = profile.ca_certificate.public_bytes(Encoding.DER)
            jpki_files[0x000B] = ElementaryFile(FileKind.BINARY, ca)
        if profile.sign_certificate is not None and profile.sign_key is not None:
            # The signing certificate carries the four basic items: readable only after the
            # signing password, unlike the authentication certificate.
            sign_certificate = profile.sign_certificate.public_bytes(Encoding.DER)
            jpki_files[0x0001] = ElementaryFile(FileKind.BINARY, sign_certificate, 0x001B)
            jpki_files[0x001A] = ElementaryFile(
                FileKind.KEY, guarded_by=0x001B, key=profile.sign_key
            )
            jpki_files[0x001B] = ElementaryFile(FileKind.PIN)
            jpki_pins[0x001B] = PinState(
                profile.sign_password, profile.sign_password_tries_left, SIGN_PASSWORD_TRIES
            )
            if profile.sign_ca_certificate is not None:
                sign_ca = profile.sign_ca_certificate.public_bytes(Encoding.DER)
                jpki_files[0x0002] = ElementaryFile(FileKind.BINARY, sign_ca)
        self.applications = {
            JPKI_AID: Application(jpki_files, jpki_pins),
            CARD_INFO_AID: Application(
                {
                    INDIVIDUAL_NUMBER_EF: ElementaryFile(FileKind.BINARY, b"X" * 12, 0x0011),
                    0x0002: ElementaryFile(FileKind.BINARY, encode_basic_items(profile), 0x0011),
                    0x0011: ElementaryFile(FileKind.PIN),
                },
                {0x0011: PinState(profile.card_info_pin, profile.card_info_pin_tries_left)},
            ),
        }
        self._application: bytes | None = None
        self._file: int | None = None

    def power_on(self) -> None:
        """Power-on or reset: selections and verified PINs are forgotten, counters kept."""
        self._application = None
        self._file = None
        self.commands_since_power_on = 0
        for app in self.applications.values():
            for pin in app.pins.values():
                pin.verified = False

    def pin_tries_left(self, aid: bytes, ef: int | None = None) -> int:
        """The retry counter of an application's PIN (its first, or the one in ``ef``)."""
        pins = self.applications[aid].pins
        return (pins[ef] if ef is not None else next(iter(pins.values()))).tries_left

    def set_file(self, aid: bytes, ef: int, data: bytes) -> None:
        """Replace a file's content, e.g. with a damaged certificate for a test."""
        self.applications[aid].files[ef].data = data

    def process(self, raw: bytes) -> bytes:
        """Answer one command APDU, applying the fault switches."""
        if self.removed:
            raise CardPulledAway()
        self.commands_since_power_on += 1
        faults = self.faults
        if faults.remove_after is not None and self.commands_since_power_on > faults.remove_after:
            self.removed = True
            raise CardPulledAway()
        if faults.delay_s:
            time.sleep(faults.delay_s)
        try:
            command = Command.from_bytes(raw)
        except ValueError:
            return Response(b"", SW_WRONG_LENGTH).to_bytes()
        if command.ins in faults.status_words:
            return Response(b"", faults.status_words[command.ins]).to_bytes()
        response = self._dispatch(command)
        data = response.data
        if data and faults.pad_by:
            data += b"\xa5" * faults.pad_by
        if faults.truncate_to is not None:
            data = data[: faults.truncate_to]
        return Response(data, response.sw).to_bytes()

    def _dispatch(self, command: Command) -> Response:
        if command.cla == 0x00 and command.ins == 0xA4:
            return Response(b"", self._select(command))
        if command.cla == 0x00 and command.ins == 0xB0:
            return self._read_binary(command)
        if command.cla == 0x00 and command.ins == 0x20:
            return Response(b"", self._verify(command))
        if command.cla == 0x80 and command.ins == 0x2A:
            return self._sign(command)
        if command.cla not in (0x00, 0x80):
            return Response(b"", SW_CLA_NOT_SUPPORTED)
        return Response(b"", SW_INS_NOT_SUPPORTED)

    def _select(self, command: Command) -> int:
        if command.p1 == 0x04:
            if command.data not in self.applications:
                return SW_FILE_NOT_FOUND
            self._select_application(command.data)
            return SW_OK
        if command.p1 != 0x02:
            return SW_WRONG_P1P2_PARAMS
        if len(command.data) != 2:
            return SW_WRONG_LENGTH
        ef = int.from_bytes(command.data, "big")
        self.selections.append((self._application or b"", ef))
        if self._application == CARD_INFO_AID and ef == INDIVIDUAL_NUMBER_EF:
            self.individual_number_selections += 1
        if self._application is None or ef not in self.applications[self._application].files:
            return SW_FILE_NOT_FOUND
        self._file = ef
        return SW_OK

    def _select_application(self, aid: bytes) -> None:
        # Selecting an application drops every verified PIN, as on the card.
        self.selections.append((aid, None))
        for app in self.applications.values():
            for pin in app.pins.values():
                pin.verified = False
        self._application = aid
        self._file = None

    def _current(self) -> tuple[Application, ElementaryFile] | None:
        if self._application is None or self._file is None:
            return None
        app = self.applications[self._application]
        return app, app.files[self._file]

    def _read_binary(self, command: Command) -> Response:
        current = self._current()
        if command.p1 & 0x80:
            return Response(b"", SW_WRONG_P1P2_PARAMS)
        if current is None:
            return Response(b"", SW_NO_CURRENT_EF)
        app, file = current
        if file.kind is not FileKind.BINARY:
            return Response(b"", SW_FILE_INCOMPATIBLE)
        if file.guarded_by is not None and not app.pins[file.guarded_by].verified:
            return Response(b"", SW_SECURITY_NOT_SATISFIED)
        if command.le is None:
            return Response(b"", SW_WRONG_LENGTH)
        offset = (command.p1 << 8) | command.p2
        if offset > len(file.data):
            return Response(b"", SW_WRONG_P1P2)
        chunk = file.data[offset : offset + command.le]
        return Response(chunk, SW_OK if len(chunk) == command.le else SW_END_OF_FILE)

    def _verify(self, command: Command) -> int:
        if (command.p1, command.p2) != (0x00, 0x80):
            return SW_WRONG_P1P2_PARAMS
        current = self._current()
        if current is None or current[1].kind is not FileKind.PIN:
            return SW_REFERENCE_NOT_FOUND
        assert self._file is not None
        pin = current[0].pins[self._file]
        if pin.tries_left == 0:
            return SW_PIN_BLOCKED
        if not command.data:
            return SW_OK if pin.verified else 0x63C0 | pin.tries_left
        if command.data == pin.value.encode("ascii"):
            pin.tries_left = pin.max_tries
            pin.verified = True
            return SW_OK
        pin.tries_left -= 1
        pin.verified = False
        return 0x63C0 | pin.tries_left

    def _sign(self, command: Command) -> Response:
        if (command.p1, command.p2) != (0x00, 0x80):
            return Response(b"", SW_WRONG_P1P2_PARAMS)
        current = self._current()
        if current is None or current[1].kind is not FileKind.KEY:
            return Response(b"", SW_NO_CURRENT_EF)
        app, file = current
        key = file.key
        assert key is not None and file.guarded_by is not None
        if not app.pins[file.guarded_by].verified:
            return Response(b"", SW_SECURITY_NOT_SATISFIED)
        if isinstance(key, rsa.RSAPrivateKey):
            signature = _rsa_pkcs1_sign(key, command.data)
        else:
            signature = _ecdsa_sign(key, command.data)
        if signature is None:
            return Response(b"", SW_WRONG_LENGTH)
        return Response(signature, SW_OK)


def encode_basic_items(profile: CardProfile) -> bytes:
    """The basic-items file: ``FF 20`` holding offsets (``DF 21``) and items ``DF 22``-``DF 25``."""
    items = [
        (b"\xdf\x22", profile.name.encode("utf-8")),
        (b"\xdf\x23", profile.address.encode("utf-8")),
        (b"\xdf\x24", profile.birth_date.encode("ascii")),
        (b"\xdf\x25", profile.sex.encode("ascii")),
    ]
    encoded = [_tlv(tag, value) for tag, value in items]
    offsets_length = len(_tlv(b"\xdf\x21", bytes(2 * len(items))))
    offsets = bytearray()
    position = offsets_length
    for element in encoded:
        offsets += position.to_bytes(2, "big")
        position += len(element)
    return _tlv(b"\xff\x20", _tlv(b"\xdf\x21", bytes(offsets)) + b"".join(encoded))


def _tlv(tag: bytes, value: bytes) -> bytes:
    n = len(value)
    if n < 0x80:
        length = bytes((n,))
    elif n <= 0xFF:
        length = bytes((0x81, n))
    else:
        length = bytes((0x82,)) + n.to_bytes(2, "big")
    return tag + length + value


def _rsa_pkcs1_sign(key: rsa.RSAPrivateKey, digest_info: bytes) -> bytes | None:
    # The card pads whatever it is given (PKCS#1 v1.5 type 1) and applies the private key.
    k = (key.key_size + 7) // 8
    if len(digest_info) > k - 11:
        return None
    block = b"\x00\x01" + b"\xff" * (k - 3 - len(digest_info)) + b"\x00" + digest_info
    numbers = key.private_numbers()
    m = int.from_bytes(block, "big")
    # Chinese remainder theorem: four times faster than pow(m, d, n).
    s1 = pow(m, numbers.dmp1, numbers.p)
    s2 = pow(m, numbers.dmq1, numbers.q)
    h = (numbers.iqmp * (s1 - s2)) % numbers.p
    return (s2 + h * numbers.q).to_bytes(k, "big")


def _ecdsa_sign(key: ec.EllipticCurvePrivateKey, digest: bytes) -> bytes | None:
    if len(digest) != hashes.SHA384.digest_size:
        return None
    r, s = decode_dss_signature(key.sign(digest, ec.ECDSA(Prehashed(hashes.SHA384()))))
    size = (key.curve.key_size + 7) // 8
    return r.to_bytes(size, "big") + s.to_bytes(size, "big")

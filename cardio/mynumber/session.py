"""The card commands the protocols use, each with its answer checked.

``CardSession`` remembers which application is selected so that it can refuse, before anything
is sent, a selection of the card-info application's individual-number file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cardio.apdu import (
    SW_END_OF_FILE,
    SW_FILE_NOT_FOUND,
    SW_PIN_BLOCKED,
    SW_WRONG_P1P2,
    Command,
    Response,
)
from cardio.card_errors import (
    CardResponseError,
    ForbiddenFileError,
    NotMyNumberCardError,
    OversizedResponseError,
    PinBlockedError,
    PinFormatError,
    PinTriesTooFewError,
    SignPasswordBlockedError,
    SignPasswordFormatError,
    SignPasswordTriesTooFewError,
    TruncatedResponseError,
    WrongPinError,
    WrongSignPasswordError,
)
from cardio.mynumber.applications import CARD_INFO_AID
from cardio.transport import CardTransport

CHUNK = 256
"""Short APDUs: every read asks for at most 256 bytes."""

_READ_OFFSET_LIMIT = 0x7FFF
_FORBIDDEN_IN_CARD_INFO = frozenset({0x0001})  # the individual number: never selected


@dataclass(frozen=True)
class _Secret:
    """A PIN or password: the form it must have, and the errors that name it."""

    pattern: re.Pattern[str]
    malformed: type[PinFormatError]
    wrong: type[WrongPinError]
    too_few: type[PinTriesTooFewError]
    blocked: type[PinBlockedError]


_PIN = _Secret(
    re.compile(r"[0-9]{4}"), PinFormatError, WrongPinError, PinTriesTooFewError, PinBlockedError
)
# Letters are accepted in either case and sent in upper case, as JPKI client software does.
_SIGN_PASSWORD = _Secret(
    re.compile(r"[A-Za-z0-9]{6,16}"),
    SignPasswordFormatError,
    WrongSignPasswordError,
    SignPasswordTriesTooFewError,
    SignPasswordBlockedError,
)


class CardSession:
    """A sequence of checked commands over one transport."""

    def __init__(self, transport: CardTransport) -> None:
        self.transport = transport
        self.application: bytes | None = None

    def select_application(self, aid: bytes) -> None:
        """Select an application by AID; a missing one means this is not a My Number Card."""
        self.application = None
        response = self.transport.transmit(Command(0x00, 0xA4, 0x04, 0x0C, aid))
        if response.sw == SW_FILE_NOT_FOUND:
            raise NotMyNumberCardError()
        _expect_ok(response, "select application")
        self.application = aid

    def select_file(self, ef: int) -> None:
        """Select an elementary file of the current application by its 2-byte identifier."""
        if self.application == CARD_INFO_AID and ef in _FORBIDDEN_IN_CARD_INFO:
            raise ForbiddenFileError()
        response = self.transport.transmit(Command(0x00, 0xA4, 0x02, 0x0C, ef.to_bytes(2, "big")))
        if response.sw == SW_FILE_NOT_FOUND:
            raise NotMyNumberCardError(
                f"The card has no file {ef:04X} in this application. "
                "It is not a My Number Card, or not one this kiosk supports."
            )
        _expect_ok(response, f"select file {ef:04X}")

    def read_binary(self, offset: int, length: int) -> tuple[bytes, bool]:
        """Read up to ``length`` (≤ 256) bytes at ``offset``; also say if the file ended there."""
        if not 0 <= offset <= _READ_OFFSET_LIMIT:
            raise OversizedResponseError("The card's data extends past the readable range.")
        response = self.transport.transmit(
            Command(0x00, 0xB0, offset >> 8, offset & 0xFF, le=length)
        )
        # 62 82: fewer bytes than asked because the file ends; 6B 00: offset past the end.
        at_end = response.sw in (SW_END_OF_FILE, SW_WRONG_P1P2)
        if not at_end:
            _expect_ok(response, "read binary")
        if len(response.data) > length:
            raise OversizedResponseError(
                "The card sent {got} bytes where {length} were asked for. "
                "Place the card on the reader again.",
                got=len(response.data),
                length=length,
            )
        return response.data, at_end

    def read_exact(self, offset: int, length: int) -> bytes:
        """Read ``length`` bytes that the file's own structure says exist, in 256-byte reads."""
        out = bytearray()
        while len(out) < length:
            want = min(CHUNK, length - len(out))
            data, _ = self.read_binary(offset + len(out), want)
            if len(data) < want:
                raise TruncatedResponseError(
                    "The card's answer was cut short ({got} of {expected} bytes). "
                    "Hold the card still on the reader and try again.",
                    got=len(data),
                    expected=want,
                )
            out += data
        return bytes(out)

    def pin_tries_left(self) -> int:
        """Ask the selected PIN file for its remaining tries without spending one."""
        response = self.transport.transmit(Command(0x00, 0x20, 0x00, 0x80))
        if response.sw == SW_PIN_BLOCKED:
            return 0
        if response.sw & 0xFFF0 == 0x63C0:
            return response.sw & 0x0F
        raise CardResponseError("PIN status", response.sw)

    def verify_pin(self, pin: str) -> int:
        """Verify ``pin`` unless that could lock the card; return the tries left before it.

        Refuses without sending the PIN when the card has one try (or none) left.
        """
        return self._verify(pin, _PIN)

    def verify_sign_password(self, password: str) -> int:
        """Verify the signing password (6-16 letters and digits) with the same refusals."""
        return self._verify(password, _SIGN_PASSWORD)

    def _verify(self, value: str, secret: _Secret) -> int:
        if not secret.pattern.fullmatch(value):
            raise secret.malformed()
        tries = self.pin_tries_left()
        if tries == 0:
            raise secret.blocked()
        if tries == 1:
            raise secret.too_few(tries)
        response = self.transport.transmit(
            Command(0x00, 0x20, 0x00, 0x80, value.upper().encode("ascii"))
        )
        if response.ok:
            return tries
        if response.sw == SW_PIN_BLOCKED or response.sw == 0x63C0:
            raise secret.blocked()
        if response.sw & 0xFFF0 == 0x63C0:
            raise secret.wrong(response.sw & 0x0F)
        raise CardResponseError("PIN verification", response.sw)


def _expect_ok(response: Response, step: str) -> None:
    if not response.ok:
        raise CardResponseError(step, response.sw)

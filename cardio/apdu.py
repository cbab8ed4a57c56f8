"""Short command and response APDUs (ISO/IEC 7816-4) as immutable values."""

from __future__ import annotations

from dataclasses import dataclass

SW_OK = 0x9000
SW_END_OF_FILE = 0x6282
SW_WRONG_LENGTH = 0x6700
SW_SECURITY_NOT_SATISFIED = 0x6982
SW_PIN_BLOCKED = 0x6983
SW_CONDITIONS_NOT_SATISFIED = 0x6985
SW_FILE_NOT_FOUND = 0x6A82
SW_WRONG_P1P2 = 0x6B00
SW_INS_NOT_SUPPORTED = 0x6D00
SW_CLA_NOT_SUPPORTED = 0x6E00


@dataclass(frozen=True)
class Command:
    """A short command APDU; ``le`` of 256 is encoded as ``00``."""

    cla: int
    ins: int
    p1: int
    p2: int
    data: bytes = b""
    le: int | None = None

    def __post_init__(self) -> None:
        for name in ("cla", "ins", "p1", "p2"):
            if not 0 <= getattr(self, name) <= 0xFF:
                raise ValueError(f"{name} must fit in one byte")
        if len(self.data) > 255:
            raise ValueError("short APDUs carry at most 255 data bytes")
        if self.le is not None and not 1 <= self.le <= 256:
            raise ValueError("le must be 1..256")

    def to_bytes(self) -> bytes:
        """Encode as the bytes sent to the card."""
        out = bytes((self.cla, self.ins, self.p1, self.p2))
        if self.data:
            out += bytes((len(self.data),)) + self.data
        if self.le is not None:
            out += bytes((self.le & 0xFF,))
        return out

    @classmethod
    def from_bytes(cls, raw: bytes) -> Command:
        """Decode a short command APDU (cases 1 to 4); raises ``ValueError`` when malformed."""
        if len(raw) < 4:
            raise ValueError("a command APDU has at least 4 bytes")
        cla, ins, p1, p2 = raw[:4]
        body = raw[4:]
        if not body:
            return cls(cla, ins, p1, p2)
        if len(body) == 1:
            return cls(cla, ins, p1, p2, le=body[0] or 256)
        lc = body[0]
        if lc == 0:
            raise ValueError("extended-length APDUs are not supported")
        if len(body) == 1 + lc:
            return cls(cla, ins, p1, p2, data=body[1:])
        if len(body) == 2 + lc:
            return cls(cla, ins, p1, p2, data=body[1 : 1 + lc], le=body[-1] or 256)
        raise ValueError("Lc does not match the command length")


@dataclass(frozen=True)
class Response:
    """A response APDU: data and the two status bytes."""

    data: bytes
    sw: int

    @property
    def ok(self) -> bool:
        """True for ``90 00``."""
        return self.sw == SW_OK

    def to_bytes(self) -> bytes:
        """Encode as the bytes a card sends back."""
        return self.data + self.sw.to_bytes(2, "big")

    @classmethod
    def from_bytes(cls, raw: bytes) -> Response:
        """Split raw response bytes into data and status word."""
        if len(raw) < 2:
            raise ValueError("a response APDU has at least the two status bytes")
        return cls(bytes(raw[:-2]), int.from_bytes(raw[-2:], "big"))


def sw_hex(sw: int) -> str:
    """Format a status word as poll workers and support staff see it, e.g. ``6A 82``."""
    return f"{sw >> 8:02X} {sw & 0xFF:02X}"

"""Defensive TLV reading (DER and BER) over possibly incomplete buffers from the card.

Card data arrives in chunks, so the readers here tell the caller how many bytes they need
(``NeedMore``) instead of failing when a buffer ends early.
"""

from __future__ import annotations

from dataclasses import dataclass

from cardio.card_errors import CardDataError

MAX_LENGTH_BYTES = 3
"""Nothing on the card is 16 MiB long; more length bytes than this is garbage."""


class NeedMore(Exception):
    """The buffer ends before the element; ``needed`` is the total buffer length required."""

    def __init__(self, needed: int) -> None:
        self.needed = needed
        super().__init__(f"need {needed} bytes")


@dataclass(frozen=True)
class Tlv:
    """One element located in a buffer: tag bytes, where its value starts, its length."""

    tag: bytes
    start: int
    header_length: int
    length: int

    @property
    def value_start(self) -> int:
        """Offset of the first value byte."""
        return self.start + self.header_length

    @property
    def end(self) -> int:
        """Offset just after the element."""
        return self.value_start + self.length


def read_header(buf: bytes, pos: int, error: type[CardDataError] = CardDataError) -> Tlv:
    """Read the tag and length at ``pos``; raise ``NeedMore`` if the header itself is cut."""
    if pos >= len(buf):
        raise NeedMore(pos + 2)
    i = pos + 1
    if buf[pos] & 0x1F == 0x1F:
        # Multi-byte tag: continuation bytes have their high bit set.
        while True:
            if i >= len(buf):
                raise NeedMore(i + 2)
            i += 1
            if buf[i - 1] & 0x80 == 0:
                break
            if i - pos > 4:
                raise error("A tag on the card is longer than any valid tag.")
    tag = bytes(buf[pos:i])
    if i >= len(buf):
        raise NeedMore(i + 1)
    first = buf[i]
    i += 1
    if first < 0x80:
        length = first
    elif first == 0x80:
        raise error("The card's data uses an indefinite length, which is not allowed here.")
    else:
        count = first & 0x7F
        if count > MAX_LENGTH_BYTES:
            raise error("The card's data declares an impossible length.")
        if i + count > len(buf):
            raise NeedMore(i + count)
        length = int.from_bytes(buf[i : i + count], "big")
        i += count
    return Tlv(tag, pos, i - pos, length)


def children(buf: bytes, start: int, end: int, error: type[CardDataError]) -> list[Tlv]:
    """The elements laid out back to back in ``buf[start:end]``, which must be complete."""
    out: list[Tlv] = []
    pos = start
    while pos < end:
        try:
            tlv = read_header(buf[:end], pos, error)
        except NeedMore as exc:
            raise error("An element on the card is cut short.") from exc
        if tlv.end > end:
            raise error("An element on the card runs past its container.")
        out.append(tlv)
        pos = tlv.end
    return out

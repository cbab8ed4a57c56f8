"""Turning the bytes of a QR code into text.

A QR code carries bytes. Japanese codes made by phones and printers carry either UTF-8 or
Shift_JIS (byte mode, or kanji mode, which is Shift_JIS by definition), and rarely say which:
the ECI designator that would tell is usually absent. Decoders then guess, and zbar's guess is
applied before we see the data. The camera loop therefore asks zbar for the raw bytes and decides
here, with one rule the tests pin down.
"""

from __future__ import annotations

from dataclasses import dataclass

# Code page 932 is what Japanese systems actually emit as "Shift_JIS": it adds NEC and IBM
# extensions (①, ㈱, 髙 …) that strict Shift_JIS rejects.
SHIFT_JIS = "cp932"


@dataclass(frozen=True, slots=True)
class DecodedText:
    """A code's text and the character set it was read in."""

    text: str
    encoding: str


def decode_qr_bytes(data: bytes) -> DecodedText:
    """Decode a QR code's bytes as UTF-8, else Shift_JIS (cp932), else ISO-8859-1.

    UTF-8 goes first because valid UTF-8 with multi-byte sequences almost never arises from
    Shift_JIS text by chance, while the reverse is common. ISO-8859-1, the QR standard's default,
    decodes any byte string, so the function never fails.
    """
    try:
        # utf-8-sig also drops the byte-order mark some Windows tools put in front.
        return DecodedText(data.decode("utf-8-sig"), "utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return DecodedText(data.decode(SHIFT_JIS), "shift_jis")
    except UnicodeDecodeError:
        return DecodedText(data.decode("iso-8859-1"), "iso-8859-1")

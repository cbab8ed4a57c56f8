"""Base45 (RFC 9285): the text encoding that keeps a signed code in QR alphanumeric mode.

QR alphanumeric mode stores 45 symbols in 5.5 bits each, so Base45 text costs about 8.25 bits
per byte in a QR code, where Base64 text in byte mode costs about 10.7.
"""

from __future__ import annotations

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
_VALUE = {ch: i for i, ch in enumerate(ALPHABET)}


class Base45Error(ValueError):
    """Text that is not Base45; ``truncated`` when it stops one character into a group."""

    def __init__(self, message: str, *, truncated: bool = False) -> None:
        super().__init__(message)
        self.truncated = truncated


def encode(data: bytes) -> str:
    """Two bytes become three characters (least significant first), a last odd byte two."""
    out: list[str] = []
    for i in range(0, len(data) - 1, 2):
        n = data[i] * 256 + data[i + 1]
        n, c = divmod(n, 45)
        e, d = divmod(n, 45)
        out += (ALPHABET[c], ALPHABET[d], ALPHABET[e])
    if len(data) % 2:
        d, c = divmod(data[-1], 45)
        out += (ALPHABET[c], ALPHABET[d])
    return "".join(out)


def decode(text: str) -> bytes:
    """Inverse of ``encode``; raises ``Base45Error`` on a foreign character or a bad group."""
    try:
        values = [_VALUE[ch] for ch in text]
    except KeyError as exc:
        raise Base45Error(f"not a Base45 character: {exc.args[0]!r}") from None
    if len(values) % 3 == 1:
        raise Base45Error("the text ends one character into a group", truncated=True)
    out = bytearray()
    for i in range(0, len(values), 3):
        group = values[i : i + 3]
        n = sum(v * 45**k for k, v in enumerate(group))
        if len(group) == 3:
            if n > 0xFFFF:
                raise Base45Error("a three-character group above 65535")
            out += n.to_bytes(2, "big")
        else:
            if n > 0xFF:
                raise Base45Error("a two-character group above 255")
            out.append(n)
    return bytes(out)

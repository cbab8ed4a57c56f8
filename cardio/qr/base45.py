"""Base45 (RFC 9285): bytes as text in the QR alphanumeric alphabet.

QR alphanumeric mode stores 45 symbols in 5.5 bits each, so Base45 text costs about 8.25 bits
per byte in a QR code, where Base64 text in byte mode costs about 10.7.
"""

from __future__ import annotations

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
_VALUE = {c: i for i, c in enumerate(ALPHABET)}


class Base45Error(ValueError):
    """Text that is not Base45; ``truncated`` when it ends in the middle of a group."""

    def __init__(self, message: str, *, truncated: bool = False) -> None:
        super().__init__(message)
        self.truncated = truncated


def b45encode(data: bytes) -> str:
    """Encode ``data``: each 2 bytes become 3 characters, a last odd byte 2 characters."""
    out: list[str] = []
    for i in range(0, len(data) - 1, 2):
        n = data[i] << 8 | data[i + 1]
        c, n = divmod(n, 45)
        e, d = divmod(c, 45)
        out += (ALPHABET[n], ALPHABET[d], ALPHABET[e])
    if len(data) % 2:
        d, c = divmod(data[-1], 45)
        out += (ALPHABET[c], ALPHABET[d])
    return "".join(out)


def b45decode(text: str) -> bytes:
    """Decode Base45 ``text``, rejecting unknown characters and out-of-range groups."""
    try:
        values = [_VALUE[ch] for ch in text]
    except KeyError as exc:
        raise Base45Error(f"character {exc.args[0]!r} is not Base45") from None
    if len(values) % 3 == 1:
        raise Base45Error("Base45 text ends in the middle of a group", truncated=True)
    out = bytearray()
    for i in range(0, len(values), 3):
        group = values[i : i + 3]
        n = sum(v * 45**k for k, v in enumerate(group))
        if len(group) == 3:
            if n > 0xFFFF:
                raise Base45Error(f"group {i // 3} is out of range")
            out += n.to_bytes(2, "big")
        else:
            if n > 0xFF:
                raise Base45Error("last group is out of range")
            out.append(n)
    return bytes(out)

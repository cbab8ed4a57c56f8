"""base64url without padding (RFC 4648 §5), as the protocol writes keys, nonces and signatures."""

from __future__ import annotations

import base64


def encode(data: bytes) -> str:
    """``data`` in base64url, the trailing ``=`` left off."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def decode(text: str) -> bytes:
    """Inverse of ``encode``; raises ``ValueError`` on a character outside the alphabet."""
    return base64.b64decode(text + "=" * (-len(text) % 4), altchars=b"-_", validate=True)

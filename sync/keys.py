"""The platform's QR-signing keys, as the kiosk keeps them for verifying codes offline.

The platform sends its key set with the enrolment answer and on ``GET /v1/devices/keys``
(docs/protocol/sync.md); each round replaces the kiosk's copy, so a rotated key is trusted
before the platform signs with it and a withdrawn one stops being trusted.
"""

from __future__ import annotations

import json
from typing import Any

from cardio.qr.signed import KeySet
from kazasu_protocol import b64url
from sync.errors import Refused


def key_set(entries: list[dict[str, Any]]) -> KeySet:
    """The key set document of docs/protocol/signed-qr.md from the platform's key list.

    The wire form carries public keys in base64url; the key-set document in hex.
    """
    try:
        document = {
            "keys": [
                {
                    "kid": str(entry["kid"]),
                    "issuer": str(entry["issuer"]),
                    "alg": str(entry["alg"]),
                    "public_key": b64url.decode(str(entry["public_key"])).hex(),
                    "not_before": entry["not_before"],
                    "not_after": entry.get("not_after"),
                }
                for entry in entries
            ]
        }
        return KeySet.from_json(json.dumps(document))
    except (KeyError, TypeError, ValueError) as exc:
        raise Refused(422, "bad-keys", f"the platform's QR key set is not usable: {exc}") from exc

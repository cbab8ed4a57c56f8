"""The My Number Card protocols: identification, holder proof, and the four basic items.

Public entry points: ``identify``, ``prove_holder``, ``sign_nonce``, ``read_basic_items`` and
``pin_tries_left``.
None of them, nor anything else in this package, selects the individual-number file.
"""

from cardio.mynumber.cardinfo import BasicItems, CardText, read_basic_items
from cardio.mynumber.jpki import (
    HolderProof,
    Identity,
    SignedNonce,
    identify,
    identify_full_read,
    pin_tries_left,
    prove_holder,
    read_auth_certificate,
    sign_nonce,
)
from cardio.mynumber.verification import TrustAnchors, card_key_of

__all__ = [
    "BasicItems",
    "CardText",
    "HolderProof",
    "Identity",
    "SignedNonce",
    "TrustAnchors",
    "card_key_of",
    "identify",
    "identify_full_read",
    "pin_tries_left",
    "prove_holder",
    "read_auth_certificate",
    "read_basic_items",
    "sign_nonce",
]

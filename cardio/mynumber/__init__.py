"""The My Number Card protocols: identification, holder proof, and the four basic items.

Public entry points: ``identify``, ``prove_holder``, ``sign_nonce``, ``read_basic_items``,
``read_signature_items`` (the items of the signing certificate), ``pin_tries_left`` and
``sign_password_tries_left``.
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
from cardio.mynumber.signcert import (
    VerifiedSignatureItems,
    read_signature_items,
    sign_password_tries_left,
)
from cardio.mynumber.signitems import SignatureItems
from cardio.mynumber.verification import TrustAnchors

__all__ = [
    "BasicItems",
    "CardText",
    "HolderProof",
    "Identity",
    "SignatureItems",
    "SignedNonce",
    "TrustAnchors",
    "VerifiedSignatureItems",
    "identify",
    "identify_full_read",
    "pin_tries_left",
    "prove_holder",
    "read_auth_certificate",
    "read_basic_items",
    "read_signature_items",
    "sign_nonce",
    "sign_password_tries_left",
]

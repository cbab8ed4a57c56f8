"""The trustees' key ceremony (Pedersen's distributed key generation with Feldman commitments,
as ElectionGuard's guardians run it):

1. each trustee ``i`` draws a polynomial ``P_i`` of degree ``k−1`` and publishes the
   commitments ``K_i,j = a_i,j·G`` with a Schnorr proof each, and a communication key;
2. each trustee sends ``P_i(ℓ)`` to every other trustee ``ℓ``, encrypted to ``ℓ``'s
   communication key (an ECDH secret on ristretto255, then AES-256-GCM);
3. each recipient checks its share against the sender's commitments and, if it is wrong,
   publishes a complaint anyone can check (the ECDH secret with a Chaum–Pedersen proof);
4. trustee ``ℓ``'s key share is ``z_ℓ = Σ_i P_i(ℓ)``; the joint key is ``K = Σ_i K_i,0`` and
   ``K_ℓ = z_ℓ·G`` follows from the commitments, so anyone can check partial decryptions.

No one ever holds the election secret ``Σ_i a_i,0``: any ``k`` key shares reconstruct its
effect on a ciphertext by Lagrange interpolation, fewer reveal nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from linkage.evote.context import (
    ElectionContext,
    ElectionParameters,
    extended_base_hash,
    parameters_from_json,
)
from linkage.evote.errors import EvoteError
from linkage.evote.group import (
    IDENTITY,
    ORDER,
    Element,
    base_mul,
    element_from_hex,
    hash_bytes,
    random_scalar,
    scalar_bytes,
    scalar_from_hex,
    scalar_hex,
)
from linkage.evote.proofs import (
    Nonces,
    challenge_response_from_json,
    prove_dleq,
    prove_schnorr,
    verify_dleq,
    verify_schnorr,
)

_SHARE_NONCE = bytes(12)  # each share key encrypts one message only: its ephemeral key is fresh


@dataclass(frozen=True, slots=True)
class TrusteeSecret:
    """What a trustee keeps (in a passphrase-protected file): the polynomial, the communication
    secret and, once the ceremony is done, the key share."""

    parameters: ElectionParameters
    index: int
    name: str
    coefficients: tuple[int, ...]
    communication_secret: int
    key_share: int | None = None

    def to_json(self) -> dict[str, Any]:
        """The secret document (only ever written encrypted, see trustee_file.py)."""
        return {
            "parameters": self.parameters.to_json(),
            "index": self.index,
            "name": self.name,
            "coefficients": [scalar_hex(a) for a in self.coefficients],
            "communication_secret": scalar_hex(self.communication_secret),
            "key_share": None if self.key_share is None else scalar_hex(self.key_share),
        }


def secret_from_json(value: object) -> TrusteeSecret:
    """Parse a decrypted secret document."""
    if not isinstance(value, dict):
        raise EvoteError("secret", "must be an object")
    params = parameters_from_json(value.get("parameters"), "secret.parameters")
    coefficients = value.get("coefficients")
    if not isinstance(coefficients, list) or len(coefficients) != params.quorum:
        raise EvoteError("secret.coefficients", f"must list {params.quorum} scalars")
    share = value.get("key_share")
    return TrusteeSecret(
        params,
        _index(value.get("index"), params, "secret.index"),
        str(value.get("name", "")),
        tuple(scalar_from_hex(a, f"secret.coefficients[{j}]") for j, a in enumerate(coefficients)),
        scalar_from_hex(value.get("communication_secret"), "secret.communication_secret"),
        None if share is None else scalar_from_hex(share, "secret.key_share"),
    )


@dataclass(frozen=True, slots=True)
class TrusteePublic:
    """A trustee's published commitments and communication key, their proofs checked."""

    index: int
    name: str
    commitments: tuple[Element, ...]
    communication_key: Element


def new_trustee(
    params: ElectionParameters, index: int, name: str, nonces: Nonces = random_scalar
) -> TrusteeSecret:
    """Step 1 for trustee ``index`` (1..n): a fresh polynomial and communication key."""
    _index(index, params, "index")
    coefficients = tuple(nonces() for _ in range(params.quorum))
    return TrusteeSecret(params, index, name, coefficients, nonces())


def public_record(secret: TrusteeSecret, nonces: Nonces = random_scalar) -> dict[str, Any]:
    """The trustee's public ceremony record: commitments and keys with Schnorr proofs."""
    base = secret.parameters.base_hash()
    return {
        "index": secret.index,
        "name": secret.name,
        "commitments": [base_mul(a).hex() for a in secret.coefficients],
        "commitment_proofs": [
            prove_schnorr(a, ("trustee commitment", base, secret.index, j), nonces).to_json()
            for j, a in enumerate(secret.coefficients)
        ],
        "communication_key": base_mul(secret.communication_secret).hex(),
        "communication_proof": prove_schnorr(
            secret.communication_secret, ("trustee communication key", base, secret.index), nonces
        ).to_json(),
    }


def verify_public_record(params: ElectionParameters, value: object, where: str) -> TrusteePublic:
    """Check a trustee's public record: its index, ``k`` commitments and every proof."""
    if not isinstance(value, dict):
        raise EvoteError(where, "must be an object")
    base = params.base_hash()
    index = _index(value.get("index"), params, f"{where}.index")
    raw = value.get("commitments")
    proofs = value.get("commitment_proofs")
    if not isinstance(raw, list) or len(raw) != params.quorum:
        raise EvoteError(f"{where}.commitments", f"must list {params.quorum} elements")
    if not isinstance(proofs, list) or len(proofs) != params.quorum:
        raise EvoteError(f"{where}.commitment_proofs", f"must list {params.quorum} proofs")
    commitments = []
    for j, item in enumerate(raw):
        commitment = element_from_hex(item, f"{where}.commitments[{j}]")
        verify_schnorr(
            commitment,
            challenge_response_from_json(proofs[j], f"{where}.commitment_proofs[{j}]"),
            ("trustee commitment", base, index, j),
            f"{where}.commitment_proofs[{j}]",
        )
        commitments.append(commitment)
    key = element_from_hex(value.get("communication_key"), f"{where}.communication_key")
    verify_schnorr(
        key,
        challenge_response_from_json(
            value.get("communication_proof"), f"{where}.communication_proof"
        ),
        ("trustee communication key", base, index),
        f"{where}.communication_proof",
    )
    name = value.get("name")
    return TrusteePublic(index, name if isinstance(name, str) else "", tuple(commitments), key)


def verify_public_records(
    params: ElectionParameters, values: object, where: str
) -> list[TrusteePublic]:
    """Check every trustee's record: exactly one for each index 1..n, in index order."""
    if not isinstance(values, list) or len(values) != params.trustees:
        raise EvoteError(where, f"must list {params.trustees} trustees")
    publics = [verify_public_record(params, v, f"{where}[{i}]") for i, v in enumerate(values)]
    for i, public in enumerate(publics):
        if public.index != i + 1:
            raise EvoteError(f"{where}[{i}].index", f"must be {i + 1} (trustees in index order)")
    return publics


def polynomial(coefficients: Sequence[int], x: int) -> int:
    """``P(x)`` modulo the group order."""
    value = 0
    for a in reversed(coefficients):
        value = (value * x + a) % ORDER
    return value


def committed_value(commitments: Sequence[Element], x: int) -> Element:
    """``P(x)·G`` from the Feldman commitments: ``Σ_j x^j·K_j``."""
    total = IDENTITY
    power = 1
    for commitment in commitments:
        total = total + commitment * power
        power = power * x % ORDER
    return total


def make_shares(
    secret: TrusteeSecret, publics: Sequence[TrusteePublic], nonces: Nonces = random_scalar
) -> list[dict[str, Any]]:
    """Step 2: ``P_i(ℓ)`` for every other trustee ``ℓ``, encrypted to ``ℓ``'s communication key."""
    base = secret.parameters.base_hash()
    messages = []
    for public in publics:
        if public.index == secret.index:
            continue
        ephemeral = nonces()
        ephemeral_public = base_mul(ephemeral)
        key = _share_key(
            base, secret.index, public.index, ephemeral_public, public.communication_key * ephemeral
        )
        value = polynomial(secret.coefficients, public.index)
        messages.append(
            {
                "from": secret.index,
                "to": public.index,
                "ephemeral": ephemeral_public.hex(),
                "ciphertext": AESGCM(key).encrypt(_SHARE_NONCE, scalar_bytes(value), None).hex(),
            }
        )
    return messages


def _share_key(
    base: int, sender: int, recipient: int, ephemeral: Element, shared: Element
) -> bytes:
    return hashlib.sha256(
        hash_bytes("share key", (base, sender, recipient, ephemeral, shared))
    ).digest()


def receive_shares(
    secret: TrusteeSecret,
    publics: Sequence[TrusteePublic],
    messages: Sequence[object],
    nonces: Nonces = random_scalar,
) -> tuple[TrusteeSecret, list[dict[str, Any]]]:
    """Step 3 and 4 for the recipient: decrypt and check each share addressed to it. With no
    complaint, returns the secret with its key share; otherwise the secret unchanged and the
    complaints to publish (the ceremony is then run again without the trustee at fault)."""
    base = secret.parameters.base_hash()
    total = polynomial(secret.coefficients, secret.index)
    complaints: list[dict[str, Any]] = []
    for public in publics:
        if public.index == secret.index:
            continue
        mine = [
            m
            for m in messages
            if isinstance(m, dict) and m.get("from") == public.index and m.get("to") == secret.index
        ]
        if len(mine) != 1:
            complaints.append(
                {"from": public.index, "to": secret.index, "reason": "no share was received"}
            )
            continue
        message = mine[0]
        value = _open_share(secret, public, message, base)
        if value is None or base_mul(value) != committed_value(public.commitments, secret.index):
            ephemeral = element_from_hex(message.get("ephemeral"), "share.ephemeral")
            _, revealed, proof = prove_dleq(
                secret.communication_secret,
                ephemeral,
                ("complaint", base, public.index, secret.index),
                nonces,
            )
            complaints.append(
                {
                    "from": public.index,
                    "to": secret.index,
                    "reason": "the share does not match the commitments",
                    "message": message,
                    "revealed": revealed.hex(),
                    "proof": proof.to_json(),
                }
            )
            continue
        total = (total + value) % ORDER
    if complaints:
        return secret, complaints
    return replace(secret, key_share=total), []


def _open_share(
    secret: TrusteeSecret, sender: TrusteePublic, message: dict[str, Any], base: int
) -> int | None:
    try:
        ephemeral = element_from_hex(message.get("ephemeral"), "share.ephemeral")
        ciphertext = bytes.fromhex(str(message.get("ciphertext")))
    except (EvoteError, ValueError):
        return None
    key = _share_key(
        base, sender.index, secret.index, ephemeral, ephemeral * secret.communication_secret
    )
    try:
        raw = AESGCM(key).decrypt(_SHARE_NONCE, ciphertext, None)
    except InvalidTag:
        return None
    value = int.from_bytes(raw, "little")
    return value if len(raw) == 32 and value < ORDER else None


def complaint_is_justified(
    params: ElectionParameters, publics: Sequence[TrusteePublic], complaint: object
) -> bool:
    """Anyone's check of a published complaint: the revealed ECDH secret is proved to be the
    recipient's, and with it the share either does not open or does not match the sender's
    commitments. A complaint of a missing share is justified unless the sender shows the share."""
    if not isinstance(complaint, dict) or not isinstance(complaint.get("message", {}), dict):
        raise EvoteError("complaint", "must be an object as kazasu-trustee receive writes it")
    by_index = {p.index: p for p in publics}
    sender, recipient = by_index.get(complaint.get("from", 0)), by_index.get(complaint.get("to", 0))
    if sender is None or recipient is None:
        raise EvoteError("complaint", "names a trustee the ceremony does not have")
    if "message" not in complaint:
        return True
    base = params.base_hash()
    message = complaint["message"]
    ephemeral = element_from_hex(message.get("ephemeral"), "complaint.message.ephemeral")
    revealed = element_from_hex(complaint.get("revealed"), "complaint.revealed")
    verify_dleq(
        recipient.communication_key,
        ephemeral,
        revealed,
        challenge_response_from_json(complaint.get("proof"), "complaint.proof"),
        ("complaint", base, sender.index, recipient.index),
        "complaint.proof",
    )
    key = _share_key(base, sender.index, recipient.index, ephemeral, revealed)
    try:
        raw = AESGCM(key).decrypt(_SHARE_NONCE, bytes.fromhex(str(message.get("ciphertext"))), None)
    except (InvalidTag, ValueError):
        return True
    value = int.from_bytes(raw, "little")
    if len(raw) != 32 or value >= ORDER:
        return True
    return base_mul(value) != committed_value(sender.commitments, recipient.index)


def key_share_public(publics: Sequence[TrusteePublic], index: int) -> Element:
    """``K_ℓ = z_ℓ·G``, computed from every trustee's commitments."""
    total = IDENTITY
    for public in publics:
        total = total + committed_value(public.commitments, index)
    return total


def election_context(
    params: ElectionParameters, publics: Sequence[TrusteePublic]
) -> ElectionContext:
    """The joint public key, the key shares and ``H_E`` from the checked trustee records."""
    if sorted(p.index for p in publics) != list(range(1, params.trustees + 1)):
        raise EvoteError(
            "trustees", f"need exactly one record for each trustee 1..{params.trustees}"
        )
    public_key = IDENTITY
    for public in publics:
        public_key = public_key + public.commitments[0]
    shares = {i: key_share_public(publics, i) for i in range(1, params.trustees + 1)}
    return ElectionContext(
        params, public_key, shares, extended_base_hash(params, public_key, shares)
    )


def lagrange_coefficient(index: int, present: Sequence[int]) -> int:
    """``w_i = Π_{j≠i} j/(j−i)`` at 0 over the trustees ``present``."""
    numerator, denominator = 1, 1
    for j in present:
        if j != index:
            numerator = numerator * j % ORDER
            denominator = denominator * (j - index) % ORDER
    return numerator * pow(denominator, -1, ORDER) % ORDER


def _index(value: object, params: ElectionParameters, where: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= params.trustees:
        raise EvoteError(where, f"must be a trustee index from 1 to {params.trustees}")
    return value

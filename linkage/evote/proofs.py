"""Non-interactive zero-knowledge proofs, all Fiat–Shamir with challenges bound to a context
(the election's base or extended base hash and where the proof sits):

- the disjunctive Chaum–Pedersen range proof that a ciphertext encrypts one of ``0..limit``
  (``limit = 1`` is the proof that a selection is 0 or 1; a contest's sum uses its limit);
- the Chaum–Pedersen proof that two elements share one discrete logarithm (a trustee's partial
  decryption, a complaint's revealed key);
- the Schnorr proof of knowledge of a discrete logarithm (a trustee's commitments and keys).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from linkage.evote.elgamal import Ciphertext
from linkage.evote.errors import EvoteError
from linkage.evote.group import (
    ORDER,
    Element,
    HashPart,
    base_mul,
    hash_to_scalar,
    random_scalar,
    scalar_from_hex,
    scalar_hex,
    small_mul,
)

Nonces = Callable[[], int]
"""A source of proof and encryption nonces; the operating system's generator unless a test
vector fixes them."""

RANGE_TAG = "range proof"
DLEQ_TAG = "chaum-pedersen proof"
SCHNORR_TAG = "schnorr proof"


@dataclass(frozen=True, slots=True)
class RangeProof:
    """One challenge and one response for each allowed value ``0..limit``."""

    challenges: tuple[int, ...]
    responses: tuple[int, ...]

    def to_json(self) -> dict[str, list[str]]:
        """``{"challenges": [hex…], "responses": [hex…]}``."""
        return {
            "challenges": [scalar_hex(c) for c in self.challenges],
            "responses": [scalar_hex(v) for v in self.responses],
        }


@dataclass(frozen=True, slots=True)
class ChallengeResponse:
    """A Chaum–Pedersen or Schnorr proof: the challenge and the response."""

    challenge: int
    response: int

    def to_json(self) -> dict[str, str]:
        """``{"challenge": hex, "response": hex}``."""
        return {"challenge": scalar_hex(self.challenge), "response": scalar_hex(self.response)}


def prove_range(
    public_key: Element,
    ciphertext: Ciphertext,
    value: int,
    nonce: int,
    limit: int,
    context: Sequence[HashPart],
    nonces: Nonces = random_scalar,
) -> RangeProof:
    """Prove that ``ciphertext`` (made with ``nonce``) encrypts one of ``0..limit``: the true
    branch ``value`` is proved, every other branch simulated. Nonces are drawn branch by branch
    in order: ``u`` for the true branch, ``c`` then ``v`` for a simulated one."""
    if not 0 <= value <= limit:
        raise EvoteError("", f"the value {value} is outside 0..{limit}")
    alpha, beta = ciphertext.alpha, ciphertext.beta
    challenges = [0] * (limit + 1)
    responses = [0] * (limit + 1)
    commitments: list[Element] = []
    secret_u = 0
    for j in range(limit + 1):
        if j == value:
            secret_u = nonces()
            commitments += [base_mul(secret_u), public_key * secret_u]
        else:
            challenges[j] = nonces()
            responses[j] = nonces()
            commitments += _branch_commitments(
                public_key, alpha, beta, j, challenges[j], responses[j]
            )
    total = hash_to_scalar(RANGE_TAG, *context, public_key, alpha, beta, *commitments)
    challenges[value] = (total - sum(challenges)) % ORDER
    responses[value] = (secret_u - challenges[value] * nonce) % ORDER
    return RangeProof(tuple(challenges), tuple(responses))


def verify_range(
    public_key: Element,
    ciphertext: Ciphertext,
    proof: RangeProof,
    limit: int,
    context: Sequence[HashPart],
    where: str,
) -> None:
    """Check a range proof over ``0..limit``; refuse naming ``where``."""
    if len(proof.challenges) != limit + 1 or len(proof.responses) != limit + 1:
        raise EvoteError(where, f"a proof over 0..{limit} has {limit + 1} challenges and responses")
    alpha, beta = ciphertext.alpha, ciphertext.beta
    commitments: list[Element] = []
    for j in range(limit + 1):
        commitments += _branch_commitments(
            public_key, alpha, beta, j, proof.challenges[j], proof.responses[j]
        )
    total = hash_to_scalar(RANGE_TAG, *context, public_key, alpha, beta, *commitments)
    if sum(proof.challenges) % ORDER != total:
        raise EvoteError(where, "the proof's challenges do not add up to its hash")


def _branch_commitments(
    public_key: Element, alpha: Element, beta: Element, j: int, challenge: int, response: int
) -> list[Element]:
    # a_j = v·G + c·α and b_j = v·K + c·(β − j·G): equal to u·G and u·K on the true branch.
    return [
        base_mul(response) + alpha * challenge,
        public_key * response + (beta - small_mul(j)) * challenge,
    ]


def prove_dleq(
    secret: int,
    base: Element,
    context: Sequence[HashPart],
    nonces: Nonces = random_scalar,
) -> tuple[Element, Element, ChallengeResponse]:
    """Prove knowledge of ``secret`` with ``X = secret·G`` and ``Y = secret·base``.
    Returns ``(X, Y, proof)``."""
    public = base_mul(secret)
    image = base * secret
    u = nonces()
    challenge = hash_to_scalar(DLEQ_TAG, *context, public, base, image, base_mul(u), base * u)
    return public, image, ChallengeResponse(challenge, (u - challenge * secret) % ORDER)


def verify_dleq(
    public: Element,
    base: Element,
    image: Element,
    proof: ChallengeResponse,
    context: Sequence[HashPart],
    where: str,
) -> None:
    """Check that ``log_G(public) == log_base(image)``; refuse naming ``where``."""
    a = base_mul(proof.response) + public * proof.challenge
    b = base * proof.response + image * proof.challenge
    if hash_to_scalar(DLEQ_TAG, *context, public, base, image, a, b) != proof.challenge:
        raise EvoteError(where, "the Chaum–Pedersen proof does not verify")


def prove_schnorr(
    secret: int, context: Sequence[HashPart], nonces: Nonces = random_scalar
) -> ChallengeResponse:
    """Prove knowledge of ``secret`` behind ``secret·G``."""
    public = base_mul(secret)
    u = nonces()
    challenge = hash_to_scalar(SCHNORR_TAG, *context, public, base_mul(u))
    return ChallengeResponse(challenge, (u - challenge * secret) % ORDER)


def verify_schnorr(
    public: Element, proof: ChallengeResponse, context: Sequence[HashPart], where: str
) -> None:
    """Check a Schnorr proof of knowledge of ``log_G(public)``; refuse naming ``where``."""
    h = base_mul(proof.response) + public * proof.challenge
    if hash_to_scalar(SCHNORR_TAG, *context, public, h) != proof.challenge:
        raise EvoteError(where, "the Schnorr proof does not verify")


def range_proof_from_json(value: object, where: str) -> RangeProof:
    """Parse ``{"challenges": [hex…], "responses": [hex…]}``."""
    if not isinstance(value, dict):
        raise EvoteError(where, "a range proof must be an object")
    challenges = _scalar_list(value.get("challenges"), f"{where}.challenges")
    responses = _scalar_list(value.get("responses"), f"{where}.responses")
    return RangeProof(tuple(challenges), tuple(responses))


def challenge_response_from_json(value: object, where: str) -> ChallengeResponse:
    """Parse ``{"challenge": hex, "response": hex}``."""
    if not isinstance(value, dict):
        raise EvoteError(where, "a proof must be an object with challenge and response")
    return ChallengeResponse(
        scalar_from_hex(value.get("challenge"), f"{where}.challenge"),
        scalar_from_hex(value.get("response"), f"{where}.response"),
    )


def _scalar_list(value: Any, where: str) -> list[int]:
    if not isinstance(value, list):
        raise EvoteError(where, "must be a list of scalars")
    return [scalar_from_hex(item, f"{where}[{i}]") for i, item in enumerate(value)]

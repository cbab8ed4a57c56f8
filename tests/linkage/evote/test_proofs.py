"""Each proof accepts what an honest prover makes and refuses anything altered."""

from __future__ import annotations

import pytest

from linkage.evote.elgamal import Ciphertext, encrypt
from linkage.evote.errors import EvoteError
from linkage.evote.group import (
    ORDER,
    base_mul,
    element_from_hex,
    random_scalar,
    scalar_from_hex,
    scalar_hex,
)
from linkage.evote.proofs import (
    ChallengeResponse,
    RangeProof,
    prove_dleq,
    prove_range,
    prove_schnorr,
    verify_dleq,
    verify_range,
    verify_schnorr,
)

KEY = base_mul(random_scalar())
CONTEXT = (12345, "ballot", "contest", "candidate")


@pytest.mark.parametrize(("value", "limit"), [(0, 1), (1, 1), (0, 3), (2, 3), (3, 3)])
def test_a_range_proof_of_an_honest_value_verifies(value: int, limit: int) -> None:
    nonce = random_scalar()
    ct = encrypt(KEY, value, nonce)
    proof = prove_range(KEY, ct, value, nonce, limit, CONTEXT)
    verify_range(KEY, ct, proof, limit, CONTEXT, "p")


def test_a_ciphertext_of_two_cannot_be_proved_zero_or_one() -> None:
    # A cheating browser encrypts 2 and runs the prover claiming 1: the proof cannot verify.
    nonce = random_scalar()
    ct = encrypt(KEY, 2, nonce)
    for claimed in (0, 1):
        proof = prove_range(KEY, ct, claimed, nonce, 1, CONTEXT)
        with pytest.raises(EvoteError, match="do not add up"):
            verify_range(KEY, ct, proof, 1, CONTEXT, "p")


def test_a_range_proof_refuses_every_alteration() -> None:
    nonce = random_scalar()
    ct = encrypt(KEY, 1, nonce)
    proof = prove_range(KEY, ct, 1, nonce, 1, CONTEXT)
    altered = [
        RangeProof((proof.challenges[0] + 1, proof.challenges[1]), proof.responses),
        RangeProof(proof.challenges, (proof.responses[0], proof.responses[1] + 1)),
        RangeProof(proof.challenges[::-1], proof.responses[::-1]),
    ]
    for bad in altered:
        with pytest.raises(EvoteError):
            verify_range(KEY, ct, bad, 1, CONTEXT, "p")
    with pytest.raises(EvoteError):
        verify_range(KEY, Ciphertext(ct.alpha, ct.beta + base_mul(1)), proof, 1, CONTEXT, "p")
    with pytest.raises(EvoteError):
        verify_range(KEY, ct, proof, 1, (*CONTEXT[:-1], "another candidate"), "p")
    with pytest.raises(EvoteError, match="3 challenges"):
        verify_range(KEY, ct, proof, 2, CONTEXT, "p")


def test_a_decryption_proof_binds_the_key_share_and_the_share() -> None:
    secret = random_scalar()
    alpha = base_mul(random_scalar())
    public, share, proof = prove_dleq(secret, alpha, ("partial", 1))
    assert public == base_mul(secret) and share == alpha * secret
    verify_dleq(public, alpha, share, proof, ("partial", 1), "p")
    for args in [
        (public, alpha, share + base_mul(1), proof, ("partial", 1)),
        (base_mul(secret + 1), alpha, share, proof, ("partial", 1)),
        (
            public,
            alpha,
            share,
            ChallengeResponse(proof.challenge, proof.response + 1),
            ("partial", 1),
        ),
        (public, alpha, share, proof, ("partial", 2)),
    ]:
        with pytest.raises(EvoteError, match="Chaum–Pedersen"):
            verify_dleq(*args, "p")


def test_a_schnorr_proof_shows_knowledge_of_the_key() -> None:
    secret = random_scalar()
    proof = prove_schnorr(secret, ("commitment", 1, 0))
    verify_schnorr(base_mul(secret), proof, ("commitment", 1, 0), "p")
    with pytest.raises(EvoteError, match="Schnorr"):
        verify_schnorr(base_mul(secret + 1), proof, ("commitment", 1, 0), "p")
    with pytest.raises(EvoteError, match="Schnorr"):
        verify_schnorr(base_mul(secret), proof, ("commitment", 1, 1), "p")


def test_encodings_are_canonical() -> None:
    good = base_mul(7).hex()
    assert element_from_hex(good, "e") == base_mul(7)
    for bad in [good.upper(), good[:-2], "ff" * 32, 7, None]:
        with pytest.raises(EvoteError, match=r"^e:"):
            element_from_hex(bad, "e")
    with pytest.raises(EvoteError, match="identity"):
        element_from_hex("00" * 32, "e")
    assert scalar_from_hex(scalar_hex(ORDER - 1), "s") == ORDER - 1
    with pytest.raises(EvoteError, match="not reduced"):
        scalar_from_hex(ORDER.to_bytes(32, "little").hex(), "s")

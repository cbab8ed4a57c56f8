"""The trustees' key ceremony and the tally: no one holds the election secret, any k trustees
decrypt the sums with proofs, fewer cannot, and a bad share is caught."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from linkage.evote import dkg, tally
from linkage.evote.ballot import encrypt_ballot, verify_ballot
from linkage.evote.context import context_from_json, parameters
from linkage.evote.errors import EvoteError
from linkage.evote.group import ORDER, base_mul, element_from_hex, scalar_hex
from linkage.evote.proofs import prove_dleq
from tests.linkage.evote.election import Ceremony, ceremony, manifest

CHOICES = [
    {"contest-1": ["c1-1"], "contest-2": ["c2-2", "c2-3"]},
    {"contest-1": ["c1-1"], "contest-2": ["c2-3"]},
    {"contest-1": ["c1-5"]},
    {},
]
EXPECTED = [[2, 0, 0, 0, 1], [0, 1, 2, 0, 0]]


@pytest.fixture(scope="module")
def election() -> Ceremony:
    return ceremony(5, 3)


@pytest.fixture(scope="module")
def encrypted(election: Ceremony) -> dict[str, Any]:
    ballots = [encrypt_ballot(election.context, c)[0] for c in CHOICES]
    return tally.aggregate(election.context, [verify_ballot(election.context, b) for b in ballots])


def _counts(result: dict[str, Any]) -> list[list[int]]:
    return [[s["count"] for s in c["selections"]] for c in result["contests"]]


def test_the_joint_key_is_the_secret_no_one_holds(election: Ceremony) -> None:
    # The constant terms' sum is never computed by the ceremony; the test computes it to show
    # the published key is exactly that, and each key share is on the same polynomial.
    secret = sum(s.coefficients[0] for s in election.secrets) % ORDER
    assert election.context.public_key == base_mul(secret)
    for s in election.secrets:
        assert s.key_share is not None
        assert election.context.key_shares[s.index] == base_mul(s.key_share)
    again = context_from_json(election.context.to_json())
    assert again == election.context


@pytest.mark.parametrize("present", [[1, 2, 3], [2, 4, 5], [1, 2, 3, 5], [1, 2, 3, 4, 5]])
def test_any_k_trustees_decrypt_the_tally(
    election: Ceremony, encrypted: dict[str, Any], present: list[int]
) -> None:
    partials = [
        tally.partial_decrypt(election.context, election.secrets[i - 1], encrypted) for i in present
    ]
    result = tally.combine(election.context, encrypted, partials)
    assert _counts(result) == EXPECTED
    assert result["trustees_present"] == present
    assert result["ballots"] == len(CHOICES)


def test_fewer_than_k_trustees_cannot_decrypt(
    election: Ceremony, encrypted: dict[str, Any]
) -> None:
    partials = [
        tally.partial_decrypt(election.context, election.secrets[i], encrypted) for i in (0, 4)
    ]
    with pytest.raises(EvoteError, match="3 trustees must decrypt, 2 did"):
        tally.combine(election.context, encrypted, partials)
    with pytest.raises(EvoteError, match="appears twice"):
        tally.combine(election.context, encrypted, [partials[0], partials[0], partials[1]])


def test_a_false_partial_decryption_is_refused(
    election: Ceremony, encrypted: dict[str, Any]
) -> None:
    partials = [
        tally.partial_decrypt(election.context, election.secrets[i], encrypted) for i in (0, 1, 2)
    ]
    forged = copy.deepcopy(partials)
    share = forged[1]["contests"][0]["selections"][0]
    share["share"] = base_mul(7).hex()
    with pytest.raises(EvoteError) as refused:
        tally.combine(election.context, encrypted, forged)
    assert refused.value.where == "partials[1].contests[0].selections[0].proof"


def test_a_bad_share_is_detected_and_the_complaint_checks_out() -> None:
    params = parameters("e-test", 3, 2, manifest())
    secrets = [dkg.new_trustee(params, i, f"T{i}") for i in (1, 2, 3)]
    records = [dkg.public_record(s) for s in secrets]
    publics = dkg.verify_public_records(params, records, "trustees")
    # Trustee 2 sends trustee 3 a share from a polynomial other than the one it committed to.
    cheat = dkg.TrusteeSecret(params, 2, "T2", (5, 6), secrets[1].communication_secret)
    honest = [
        m for s in secrets for m in dkg.make_shares(s, publics) if (m["from"], m["to"]) != (2, 3)
    ]
    bad = [m for m in dkg.make_shares(cheat, publics) if m["to"] == 3]
    unchanged, complaints = dkg.receive_shares(secrets[2], publics, honest + bad)
    assert unchanged.key_share is None
    assert [(c["from"], c["to"]) for c in complaints] == [(2, 3)]
    assert dkg.complaint_is_justified(params, publics, complaints[0])
    # Trustee 1 received honest shares: a complaint it invented against trustee 2 is unfounded.
    received, none = dkg.receive_shares(secrets[0], publics, honest)
    assert none == [] and received.key_share is not None
    honest_message = next(m for m in honest if m["from"] == 2 and m["to"] == 1)
    _, revealed, proof = prove_dleq(
        secrets[0].communication_secret,
        element_from_hex(honest_message["ephemeral"], "e"),
        ("complaint", params.base_hash(), 2, 1),
    )
    invented = {
        "from": 2,
        "to": 1,
        "message": honest_message,
        "revealed": revealed.hex(),
        "proof": proof.to_json(),
    }
    assert not dkg.complaint_is_justified(params, publics, invented)
    # A complaint that lies about the decryption key fails its proof.
    lying = {**complaints[0], "revealed": base_mul(3).hex()}
    with pytest.raises(EvoteError, match="Chaum–Pedersen"):
        dkg.complaint_is_justified(params, publics, lying)


def test_a_missing_share_is_a_complaint() -> None:
    done = ceremony(3, 2)
    publics = dkg.verify_public_records(done.params, done.records, "trustees")
    fresh = dkg.new_trustee(done.params, 1, "T1")
    _, complaints = dkg.receive_shares(fresh, publics, [])
    assert [(c["from"], c["reason"]) for c in complaints] == [
        (2, "no share was received"),
        (3, "no share was received"),
    ]


def test_a_trustee_record_with_a_bad_proof_is_refused() -> None:
    done = ceremony(3, 2)
    records = copy.deepcopy(done.records)
    records[2]["commitment_proofs"][1]["response"] = scalar_hex(1)
    with pytest.raises(EvoteError) as refused:
        dkg.verify_public_records(done.params, records, "trustees")
    assert refused.value.where == "trustees[2].commitment_proofs[1]"
    records = copy.deepcopy(done.records)
    records[0], records[1] = records[1], records[0]
    with pytest.raises(EvoteError, match="index order"):
        dkg.verify_public_records(done.params, records, "trustees")


def test_a_trustee_of_another_election_cannot_decrypt(
    election: Ceremony, encrypted: dict[str, Any]
) -> None:
    other = ceremony(5, 3)
    with pytest.raises(EvoteError, match="does not match"):
        tally.partial_decrypt(election.context, other.secrets[0], encrypted)

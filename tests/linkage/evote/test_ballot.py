"""Ballots: what a voter marks is encrypted with proofs, checked at cast, opened only by an
audit, and given trackers."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from linkage.evote.ballot import (
    encrypt_ballot,
    tracker_of,
    verify_audit,
    verify_ballot,
)
from linkage.evote.elgamal import add_all, encrypt
from linkage.evote.errors import EvoteError
from linkage.evote.group import ORDER, base_mul, random_scalar, scalar_hex
from linkage.evote.proofs import prove_range
from tests.linkage.evote.election import Ceremony, ceremony


@pytest.fixture(scope="module")
def election() -> Ceremony:
    return ceremony(3, 2)


def test_an_honest_ballot_verifies_and_its_audit_opens_the_choices(election: Ceremony) -> None:
    choices = {"contest-1": ["c1-4"], "contest-2": ["c2-1", "c2-5"]}
    ballot, audit = encrypt_ballot(election.context, choices)
    checked = verify_ballot(election.context, ballot)
    assert checked.ballot_id == ballot["ballot_id"] and checked.code == ballot["code"]
    assert verify_audit(election.context, ballot, audit) == choices


def test_a_blank_ballot_is_all_zeros_and_verifies(election: Ceremony) -> None:
    ballot, audit = encrypt_ballot(election.context, {})
    verify_ballot(election.context, ballot)
    assert verify_audit(election.context, ballot, audit) == {"contest-1": [], "contest-2": []}


@pytest.mark.parametrize(
    ("choices", "message"),
    [
        ({"contest-1": ["c1-1", "c1-2"]}, "at most 1"),
        ({"contest-3": []}, "no such contest"),
        ({"contest-1": ["c2-1"]}, "not a candidate"),
        ({"contest-2": ["c2-1", "c2-1"]}, "distinct"),
    ],
)
def test_choices_the_manifest_does_not_allow_are_refused(
    election: Ceremony, choices: dict[str, list[str]], message: str
) -> None:
    with pytest.raises(EvoteError, match=message):
        encrypt_ballot(election.context, choices)


def _overvote(election: Ceremony) -> dict[str, Any]:
    """What a cheating browser would send: two marks in a contest of limit 1, each selection's
    proof honest, the contest's proof made claiming a sum of 1."""
    ballot, _ = encrypt_ballot(election.context, {})
    context = election.context
    contest = context.parameters.contests[0]
    cts, total = [], 0
    for j, candidate in enumerate(contest.candidates):
        vote = 1 if j < 2 else 0
        nonce = random_scalar()
        ct = encrypt(context.public_key, vote, nonce)
        proof = prove_range(
            context.public_key,
            ct,
            vote,
            nonce,
            1,
            (context.extended_base_hash, ballot["ballot_id"], contest.contest_id, candidate),
        )
        ballot["contests"][0]["selections"][j].update(ct.to_json(), proof=proof.to_json())
        cts.append(ct)
        total = (total + nonce) % ORDER
    ballot["contests"][0]["proof"] = prove_range(
        context.public_key,
        add_all(cts),
        1,
        total,
        1,
        (context.extended_base_hash, ballot["ballot_id"], contest.contest_id),
    ).to_json()
    return ballot


def test_an_overvote_is_refused_by_the_contest_proof(election: Ceremony) -> None:
    with pytest.raises(EvoteError, match=r"^ballot\.contests\[0\]\.proof:"):
        verify_ballot(election.context, _overvote(election))


def _alter(ballot: dict[str, Any], path: str, value: object) -> dict[str, Any]:
    altered = copy.deepcopy(ballot)
    *parents, last = path.split("/")
    node: Any = altered
    for key in parents:
        node = node[int(key)] if key.isdigit() else node[key]
    node[int(last) if last.isdigit() else last] = value
    return altered


@pytest.mark.parametrize(
    ("path", "where"),
    [
        ("contests/0/selections/1/proof/responses/0", "ballot.contests[0].selections[1].proof"),
        ("contests/1/selections/0/beta", "ballot.contests[1].selections[0].proof"),
        ("contests/1/proof/challenges/2", "ballot.contests[1].proof"),
        ("code", "ballot.code"),
        ("ballot_id", "ballot.contests[0].selections[0].proof"),
        ("election", "ballot.election"),
        ("contests/0/selections/2/candidate_id", "ballot.contests[0].selections[2].candidate_id"),
    ],
)
def test_a_ballot_altered_anywhere_is_refused_naming_where(
    election: Ceremony, path: str, where: str
) -> None:
    ballot, _ = encrypt_ballot(election.context, {"contest-1": ["c1-2"]})
    replacement: dict[str, object] = {
        "beta": base_mul(random_scalar()).hex(),
        "code": scalar_hex(1),
        "ballot_id": "ab" * 16,
        "election": scalar_hex(2),
        "candidate_id": "c1-9",
    }
    value = replacement.get(path.rsplit("/", 1)[-1], scalar_hex(random_scalar()))
    with pytest.raises(EvoteError) as refused:
        verify_ballot(election.context, _alter(ballot, path, value))
    assert refused.value.where == where


def test_a_ballot_missing_a_candidate_is_refused(election: Ceremony) -> None:
    ballot, _ = encrypt_ballot(election.context, {})
    del ballot["contests"][1]["selections"][4]
    with pytest.raises(EvoteError, match="must list the 5 candidates"):
        verify_ballot(election.context, ballot)


def test_an_audit_that_reveals_another_choice_is_refused(election: Ceremony) -> None:
    ballot, audit = encrypt_ballot(election.context, {"contest-1": ["c1-1"]})
    flipped = _alter(audit, "contests/0/selections/0/vote", 0)
    with pytest.raises(EvoteError, match="do not make this ciphertext"):
        verify_audit(election.context, ballot, flipped)
    wrong_nonce = _alter(audit, "contests/0/selections/3/nonce", scalar_hex(5))
    with pytest.raises(EvoteError, match=r"selections\[3\]"):
        verify_audit(election.context, ballot, wrong_nonce)


def test_a_tracker_is_the_ballots_own_and_tells_nothing_of_the_ballots_before(
    election: Ceremony,
) -> None:
    ballots = [encrypt_ballot(election.context, {})[0] for _ in range(3)]
    trackers = [tracker_of(election.context, b["code"]) for b in ballots]
    assert len(set(trackers)) == 3
    # The same ballot has the same tracker whatever was cast before it, and a tracker is not
    # the code it is made from.
    assert tracker_of(election.context, ballots[1]["code"]) == trackers[1]
    assert not set(trackers) & {b["code"] for b in ballots}

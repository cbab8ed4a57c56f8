"""Encrypted ballots: one ciphertext per candidate of every contest with a proof that it is
0 or 1, a proof that each contest's sum is within its limit, the ballot's code (a hash of its
ciphertexts) and its tracker. The browser makes the same documents
(linkage/web/frontend/src/evote/ballot.mjs); docs/protocol/evote.md describes them."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from linkage.evote.context import ElectionContext
from linkage.evote.elgamal import Ciphertext, add_all, ciphertext_from_json, encrypt
from linkage.evote.errors import EvoteError
from linkage.evote.group import (
    ORDER,
    hash_to_scalar,
    random_scalar,
    scalar_from_hex,
    scalar_hex,
)
from linkage.evote.proofs import Nonces, prove_range, range_proof_from_json, verify_range

BALLOT_FORMAT = "kazasu-ballot/1"
Choices = dict[str, list[str]]
"""For each contest id, the candidate ids the voter marked (a contest left out is blank)."""


@dataclass(frozen=True, slots=True)
class CheckedBallot:
    """A ballot whose proofs verified: its id, code and ciphertexts in manifest order."""

    ballot_id: str
    code: str
    ciphertexts: tuple[tuple[Ciphertext, ...], ...]


def encrypt_ballot(
    context: ElectionContext,
    choices: Choices,
    nonces: Nonces = random_scalar,
    ballot_id: str | None = None,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Encrypt ``choices`` and return ``(ballot, audit)``: the ballot to cast, and the nonces
    that open it if the voter audits it instead (an audited ballot is never cast)."""
    _check_choices(context, choices)
    bid = ballot_id if ballot_id is not None else secrets.token_hex(16)
    _check_ballot_id(bid, "ballot_id")
    key, extended = context.public_key, context.extended_base_hash
    contests: list[dict[str, Any]] = []
    audits: list[dict[str, Any]] = []
    all_cts: list[list[Ciphertext]] = []
    for contest in context.parameters.contests:
        chosen = set(choices.get(contest.contest_id, []))
        selections, opened, cts = [], [], []
        total_nonce = 0
        for candidate in contest.candidates:
            vote = 1 if candidate in chosen else 0
            nonce = nonces()
            ciphertext = encrypt(key, vote, nonce)
            proof = prove_range(
                key,
                ciphertext,
                vote,
                nonce,
                1,
                (extended, bid, contest.contest_id, candidate),
                nonces,
            )
            selections.append(
                {"candidate_id": candidate, **ciphertext.to_json(), "proof": proof.to_json()}
            )
            opened.append({"candidate_id": candidate, "vote": vote, "nonce": scalar_hex(nonce)})
            cts.append(ciphertext)
            total_nonce = (total_nonce + nonce) % ORDER
        contest_proof = prove_range(
            key,
            add_all(cts),
            len(chosen),
            total_nonce,
            contest.limit,
            (extended, bid, contest.contest_id),
            nonces,
        )
        contests.append(
            {
                "contest_id": contest.contest_id,
                "selections": selections,
                "proof": contest_proof.to_json(),
            }
        )
        audits.append({"contest_id": contest.contest_id, "selections": opened})
        all_cts.append(cts)
    ballot: dict[str, Any] = {
        "format": BALLOT_FORMAT,
        "election": scalar_hex(extended),
        "ballot_id": bid,
        "contests": contests,
    }
    ballot["code"] = ballot_code(context, bid, all_cts)
    return ballot, {"ballot_id": bid, "contests": audits}


def _check_choices(context: ElectionContext, choices: Choices) -> None:
    if not isinstance(choices, dict):
        raise EvoteError("choices", "must map contest ids to lists of candidate ids")
    for contest_id, chosen in choices.items():
        contest = context.parameters.contest(contest_id)
        if contest is None:
            raise EvoteError(f"choices.{contest_id}", "the election has no such contest")
        if not isinstance(chosen, list) or len(set(chosen)) != len(chosen):
            raise EvoteError(f"choices.{contest_id}", "must list distinct candidate ids")
        for candidate in chosen:
            if candidate not in contest.candidates:
                raise EvoteError(f"choices.{contest_id}", f"{candidate!r} is not a candidate")
        if len(chosen) > contest.limit:
            raise EvoteError(f"choices.{contest_id}", f"at most {contest.limit} may be marked")


def _check_ballot_id(value: object, where: str) -> str:
    if (
        not isinstance(value, str)
        or len(value) != 32
        or any(c not in "0123456789abcdef" for c in value)
    ):
        raise EvoteError(where, "a ballot id is 32 lowercase hex characters")
    return value


def ballot_code(
    context: ElectionContext, ballot_id: str, ciphertexts: list[list[Ciphertext]]
) -> str:
    """The ballot's code: a hash of the election, the ballot id and every ciphertext in
    manifest order (ElectionGuard's confirmation code before chaining)."""
    parts: list[Any] = [context.extended_base_hash, ballot_id]
    for contest, cts in zip(context.parameters.contests, ciphertexts, strict=True):
        parts.append(contest.contest_id)
        for candidate, ct in zip(contest.candidates, cts, strict=True):
            parts += [candidate, ct.alpha, ct.beta]
    return scalar_hex(hash_to_scalar("ballot code", *parts))


def verify_ballot(context: ElectionContext, ballot: object, where: str = "ballot") -> CheckedBallot:
    """Check a cast or audited ballot: the format, that it is for this election, that it has
    exactly the manifest's contests and candidates in order, every proof, and its code."""
    if not isinstance(ballot, dict) or ballot.get("format") != BALLOT_FORMAT:
        raise EvoteError(where, f"is not a {BALLOT_FORMAT} document")
    if ballot.get("election") != scalar_hex(context.extended_base_hash):
        raise EvoteError(f"{where}.election", "the ballot is for another election or key")
    bid = _check_ballot_id(ballot.get("ballot_id"), f"{where}.ballot_id")
    raw_contests = ballot.get("contests")
    contests = context.parameters.contests
    if not isinstance(raw_contests, list) or len(raw_contests) != len(contests):
        raise EvoteError(f"{where}.contests", f"must list the manifest's {len(contests)} contests")
    key, extended = context.public_key, context.extended_base_hash
    parsed: list[list[Ciphertext]] = []
    for i, (contest, raw) in enumerate(zip(contests, raw_contests, strict=True)):
        at = f"{where}.contests[{i}]"
        if not isinstance(raw, dict) or raw.get("contest_id") != contest.contest_id:
            raise EvoteError(f"{at}.contest_id", f"must be {contest.contest_id!r}")
        selections = raw.get("selections")
        if not isinstance(selections, list) or len(selections) != len(contest.candidates):
            raise EvoteError(
                f"{at}.selections", f"must list the {len(contest.candidates)} candidates"
            )
        cts = []
        for j, (candidate, selection) in enumerate(
            zip(contest.candidates, selections, strict=True)
        ):
            sat = f"{at}.selections[{j}]"
            if not isinstance(selection, dict) or selection.get("candidate_id") != candidate:
                raise EvoteError(f"{sat}.candidate_id", f"must be {candidate!r}")
            ciphertext = ciphertext_from_json(selection, sat)
            verify_range(
                key,
                ciphertext,
                range_proof_from_json(selection.get("proof"), f"{sat}.proof"),
                1,
                (extended, bid, contest.contest_id, candidate),
                f"{sat}.proof",
            )
            cts.append(ciphertext)
        verify_range(
            key,
            add_all(cts),
            range_proof_from_json(raw.get("proof"), f"{at}.proof"),
            contest.limit,
            (extended, bid, contest.contest_id),
            f"{at}.proof",
        )
        parsed.append(cts)
    code = ballot_code(context, bid, parsed)
    if ballot.get("code") != code:
        raise EvoteError(f"{where}.code", "does not match the ballot's ciphertexts")
    return CheckedBallot(bid, code, tuple(tuple(c) for c in parsed))


def read_cast_ballot(context: ElectionContext, ballot: dict[str, Any]) -> CheckedBallot:
    """The ciphertexts of a ballot the box already checked with ``verify_ballot`` when it was
    cast (for the tally: its proofs are not checked again; the record's verifier does)."""
    where = f"ballot {ballot.get('ballot_id')}"
    cts = tuple(
        tuple(ciphertext_from_json(s, f"{where}.selections") for s in c["selections"])
        for c in ballot["contests"]
    )
    shape = tuple(len(c.candidates) for c in context.parameters.contests)
    if tuple(len(row) for row in cts) != shape:
        raise EvoteError(where, "does not have the manifest's contests and candidates")
    return CheckedBallot(str(ballot["ballot_id"]), str(ballot["code"]), cts)


def verify_audit(
    context: ElectionContext, ballot: object, audit: object, where: str = "audited"
) -> Choices:
    """Open an audited ballot with its revealed nonces: every ciphertext must be exactly the
    encryption of the revealed 0 or 1. Returns the choices it encrypts."""
    checked = verify_ballot(context, ballot, f"{where}.ballot")
    if not isinstance(audit, dict) or audit.get("ballot_id") != checked.ballot_id:
        raise EvoteError(f"{where}.audit.ballot_id", "does not match the ballot")
    raw_contests = audit.get("contests")
    contests = context.parameters.contests
    if not isinstance(raw_contests, list) or len(raw_contests) != len(contests):
        raise EvoteError(f"{where}.audit.contests", f"must list the {len(contests)} contests")
    choices: Choices = {}
    for i, (contest, raw, cts) in enumerate(
        zip(contests, raw_contests, checked.ciphertexts, strict=True)
    ):
        at = f"{where}.audit.contests[{i}]"
        selections = raw.get("selections") if isinstance(raw, dict) else None
        if (
            not isinstance(raw, dict)
            or raw.get("contest_id") != contest.contest_id
            or not isinstance(selections, list)
            or len(selections) != len(cts)
        ):
            raise EvoteError(at, f"must open every candidate of {contest.contest_id!r}")
        chosen = []
        for j, (candidate, opened, ct) in enumerate(
            zip(contest.candidates, selections, cts, strict=True)
        ):
            sat = f"{at}.selections[{j}]"
            if not isinstance(opened, dict) or opened.get("candidate_id") != candidate:
                raise EvoteError(f"{sat}.candidate_id", f"must be {candidate!r}")
            vote = opened.get("vote")
            if vote not in (0, 1) or isinstance(vote, bool):
                raise EvoteError(f"{sat}.vote", "must be 0 or 1")
            nonce = scalar_from_hex(opened.get("nonce"), f"{sat}.nonce")
            if encrypt(context.public_key, vote, nonce) != ct:
                raise EvoteError(sat, "the revealed vote and nonce do not make this ciphertext")
            if vote:
                chosen.append(candidate)
        choices[contest.contest_id] = chosen
    return choices


def tracker_of(context: ElectionContext, code: str) -> str:
    """The tracker of the ballot with ``code``: a hash of that ballot alone, so the voter's page
    knows it before casting and nothing in it tells when the box accepted the ballot (the box's
    contents are fixed instead by ``record.box_commitment`` at close)."""
    return scalar_hex(hash_to_scalar("tracker", context.extended_base_hash, bytes.fromhex(code)))

"""The tally: the homomorphic sum of the counted ballots per candidate, each present trustee's
partial decryption with a Chaum–Pedersen proof, and their combination (Lagrange interpolation
over the trustees present, at least ``k``) into the counts."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from linkage.evote.ballot import CheckedBallot
from linkage.evote.context import ElectionContext
from linkage.evote.dkg import TrusteeSecret, lagrange_coefficient
from linkage.evote.elgamal import ZERO, Ciphertext, DiscreteLogTable, ciphertext_from_json
from linkage.evote.errors import EvoteError
from linkage.evote.group import IDENTITY, Element, base_mul, element_from_hex, random_scalar
from linkage.evote.proofs import Nonces, challenge_response_from_json, prove_dleq, verify_dleq


def aggregate(context: ElectionContext, ballots: Iterable[CheckedBallot]) -> dict[str, Any]:
    """The encrypted tally of the counted ballots (each already checked by ``verify_ballot``):
    ``{"ballots": N, "contests": [{"contest_id", "selections": [{"candidate_id",
    "ciphertext"}]}]}``."""
    sums = [[ZERO] * len(c.candidates) for c in context.parameters.contests]
    count = 0
    for ballot in ballots:
        count += 1
        for contest_sums, cts in zip(sums, ballot.ciphertexts, strict=True):
            for j, ct in enumerate(cts):
                contest_sums[j] = contest_sums[j] + ct
    return {
        "ballots": count,
        "contests": [
            {
                "contest_id": contest.contest_id,
                "selections": [
                    {"candidate_id": candidate, "ciphertext": ct.to_json()}
                    for candidate, ct in zip(contest.candidates, contest_sums, strict=True)
                ],
            }
            for contest, contest_sums in zip(context.parameters.contests, sums, strict=True)
        ],
    }


def tally_ciphertexts(
    context: ElectionContext, encrypted: object, where: str = "tally"
) -> list[list[Ciphertext]]:
    """Parse an encrypted tally's ciphertexts in manifest order."""
    contests = encrypted.get("contests") if isinstance(encrypted, dict) else None
    manifest = context.parameters.contests
    if not isinstance(contests, list) or len(contests) != len(manifest):
        raise EvoteError(f"{where}.contests", f"must list the manifest's {len(manifest)} contests")
    out = []
    for i, (contest, raw) in enumerate(zip(manifest, contests, strict=True)):
        at = f"{where}.contests[{i}]"
        selections = raw.get("selections") if isinstance(raw, dict) else None
        if (
            not isinstance(raw, dict)
            or raw.get("contest_id") != contest.contest_id
            or not isinstance(selections, list)
            or len(selections) != len(contest.candidates)
        ):
            raise EvoteError(at, f"must be contest {contest.contest_id!r} with every candidate")
        row = []
        for j, (candidate, sel) in enumerate(zip(contest.candidates, selections, strict=True)):
            if not isinstance(sel, dict) or sel.get("candidate_id") != candidate:
                raise EvoteError(f"{at}.selections[{j}].candidate_id", f"must be {candidate!r}")
            row.append(
                ciphertext_from_json(
                    sel.get("ciphertext"), f"{at}.selections[{j}].ciphertext", allow_identity=True
                )
            )
        out.append(row)
    return out


def _decryption_context(
    context: ElectionContext, trustee: int, contest_id: str, candidate: str
) -> tuple[Any, ...]:
    return ("partial decryption", context.extended_base_hash, trustee, contest_id, candidate)


def partial_decrypt(
    context: ElectionContext,
    secret: TrusteeSecret,
    encrypted: dict[str, Any],
    nonces: Nonces = random_scalar,
) -> dict[str, Any]:
    """A trustee's partial decryption of the encrypted tally: ``M_i = z_i·α`` for every
    candidate with a proof that it used the key share behind its public ``K_i``."""
    key_share = secret.key_share
    if key_share is None:
        raise EvoteError(
            "secret", "this trustee has no key share yet (the ceremony is not finished)"
        )
    if secret.parameters != context.parameters:
        raise EvoteError("secret", "the trustee's key is for another election")
    if context.key_shares[secret.index] != base_mul(key_share):
        raise EvoteError("secret", "the key share does not match the election's public key shares")
    cts = tally_ciphertexts(context, encrypted)
    return {
        "trustee": secret.index,
        "contests": [
            {
                "contest_id": contest.contest_id,
                "selections": [
                    _share_json(
                        context, secret.index, key_share, contest.contest_id, candidate, ct, nonces
                    )
                    for candidate, ct in zip(contest.candidates, row, strict=True)
                ],
            }
            for contest, row in zip(context.parameters.contests, cts, strict=True)
        ],
    }


def _share_json(
    context: ElectionContext,
    trustee: int,
    key_share: int,
    contest_id: str,
    candidate: str,
    ct: Ciphertext,
    nonces: Nonces,
) -> dict[str, Any]:
    _, share, proof = prove_dleq(
        key_share,
        ct.alpha,
        _decryption_context(context, trustee, contest_id, candidate),
        nonces,
    )
    return {"candidate_id": candidate, "share": share.hex(), "proof": proof.to_json()}


def check_partial(
    context: ElectionContext, cts: list[list[Ciphertext]], partial: object, where: str
) -> tuple[int, list[list[Element]]]:
    """Check one trustee's partial decryption against the tally's ciphertexts; returns the
    trustee's index and its shares in manifest order."""
    if not isinstance(partial, dict):
        raise EvoteError(where, "must be an object")
    trustee = partial.get("trustee")
    if (
        not isinstance(trustee, int)
        or isinstance(trustee, bool)
        or trustee not in context.key_shares
    ):
        raise EvoteError(
            f"{where}.trustee", f"must be a trustee index from 1 to {context.parameters.trustees}"
        )
    contests = partial.get("contests")
    manifest = context.parameters.contests
    if not isinstance(contests, list) or len(contests) != len(manifest):
        raise EvoteError(f"{where}.contests", f"must list the manifest's {len(manifest)} contests")
    shares = []
    for i, (contest, raw, row) in enumerate(zip(manifest, contests, cts, strict=True)):
        at = f"{where}.contests[{i}]"
        selections = raw.get("selections") if isinstance(raw, dict) else None
        if (
            not isinstance(raw, dict)
            or raw.get("contest_id") != contest.contest_id
            or not isinstance(selections, list)
            or len(selections) != len(row)
        ):
            raise EvoteError(at, f"must be contest {contest.contest_id!r} with every candidate")
        out = []
        for j, (candidate, sel, ct) in enumerate(
            zip(contest.candidates, selections, row, strict=True)
        ):
            sat = f"{at}.selections[{j}]"
            if not isinstance(sel, dict) or sel.get("candidate_id") != candidate:
                raise EvoteError(f"{sat}.candidate_id", f"must be {candidate!r}")
            share = element_from_hex(sel.get("share"), f"{sat}.share", allow_identity=True)
            verify_dleq(
                context.key_shares[trustee],
                ct.alpha,
                share,
                challenge_response_from_json(sel.get("proof"), f"{sat}.proof"),
                _decryption_context(context, trustee, contest.contest_id, candidate),
                f"{sat}.proof",
            )
            out.append(share)
        shares.append(out)
    return trustee, shares


def combine(
    context: ElectionContext,
    encrypted: dict[str, Any],
    partials: Sequence[dict[str, Any]],
    table: DiscreteLogTable | None = None,
) -> dict[str, Any]:
    """The decrypted tally from at least ``k`` checked partial decryptions: the encrypted tally
    with, for every candidate, each trustee's share and proof and the count."""
    cts = tally_ciphertexts(context, encrypted)
    checked = [check_partial(context, cts, p, f"partials[{n}]") for n, p in enumerate(partials)]
    present = [t for t, _ in checked]
    if len(set(present)) != len(present):
        raise EvoteError("partials", "a trustee's partial decryption appears twice")
    if len(present) < context.parameters.quorum:
        raise EvoteError(
            "partials", f"{context.parameters.quorum} trustees must decrypt, {len(present)} did"
        )
    counts = combine_counts(cts, present, [s for _, s in checked], _bound(encrypted), table)
    by_trustee = {p["trustee"]: p for p in partials}
    return {
        "ballots": encrypted["ballots"],
        "trustees_present": sorted(present),
        "contests": [
            {
                "contest_id": contest.contest_id,
                "selections": [
                    {
                        "candidate_id": candidate,
                        "ciphertext": ct.to_json(),
                        "shares": [
                            {
                                "trustee": t,
                                "share": by_trustee[t]["contests"][i]["selections"][j]["share"],
                                "proof": by_trustee[t]["contests"][i]["selections"][j]["proof"],
                            }
                            for t in sorted(present)
                        ],
                        "count": counts[i][j],
                    }
                    for j, (candidate, ct) in enumerate(zip(contest.candidates, row, strict=True))
                ],
            }
            for i, (contest, row) in enumerate(zip(context.parameters.contests, cts, strict=True))
        ],
    }


def _bound(encrypted: dict[str, Any]) -> int:
    ballots = encrypted.get("ballots")
    if not isinstance(ballots, int) or isinstance(ballots, bool) or ballots < 0:
        raise EvoteError("tally.ballots", "must be the number of counted ballots")
    return ballots


def combine_counts(
    cts: list[list[Ciphertext]],
    present: Sequence[int],
    shares: Sequence[list[list[Element]]],
    bound: int,
    table: DiscreteLogTable | None = None,
) -> list[list[int]]:
    """The counts from checked shares: ``M = Σ w_i·M_i`` over the trustees present, then the
    ``t`` with ``t·G = β − M`` and ``0 ≤ t ≤ bound``."""
    table = table or DiscreteLogTable()
    weights = [lagrange_coefficient(t, present) for t in present]
    counts = []
    for i, row in enumerate(cts):
        out = []
        for j, ct in enumerate(row):
            combined = IDENTITY
            for weight, trustee_shares in zip(weights, shares, strict=True):
                combined = combined + trustee_shares[i][j] * weight
            try:
                out.append(table.lookup(ct.beta - combined, bound))
            except EvoteError as error:
                raise EvoteError(f"tally.contests[{i}].selections[{j}]", error.reason) from None
        counts.append(out)
    return counts

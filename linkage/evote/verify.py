"""The independent verifier of an election record (``kazasu-verify RECORD``): it reads only the
record file, never the platform's database, recomputes every hash, proof, sum and count, and
names the first failure. Exit 0 valid, 1 invalid, 2 unreadable."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from linkage.evote.ballot import CheckedBallot, tracker_of, verify_audit, verify_ballot
from linkage.evote.context import ElectionContext, context_from_json, parameters_from_json
from linkage.evote.dkg import election_context, verify_public_records
from linkage.evote.elgamal import ZERO, Ciphertext
from linkage.evote.errors import EvoteError
from linkage.evote.record import BALLOT_STATES, RECORD_FORMAT, box_commitment
from linkage.evote.tally import check_partial, combine_counts, tally_ciphertexts

CHUNK = 250
"""Ballots per unit of work when several processes check a record."""


@dataclass(frozen=True, slots=True)
class Summary:
    """What a valid record says: how many ballots were counted, cancelled and audited, and the
    counts per contest and candidate."""

    counted: int
    cancelled: int
    audited: int
    counts: dict[str, dict[str, int]]


def verify_record(record: object, workers: int | None = None, chunk: int = CHUNK) -> Summary:
    """Check the whole record, in the order a reader would: parameters and base hash, trustee
    proofs, joint key and extended base hash, every cast ballot and its tracker (listed in
    tracker order), the audited ballots (in code order), the box commitment, the encrypted
    tally against the counted ballots, the partial decryptions and the counts. Raises
    ``EvoteError`` naming the first failure."""
    if not isinstance(record, dict) or record.get("format") != RECORD_FORMAT:
        raise EvoteError("format", f"the record is not a {RECORD_FORMAT} document")
    context = _check_context(record)
    ballots = record.get("ballots")
    if not isinstance(ballots, list):
        raise EvoteError("ballots", "must be a list")
    checked, sums = _check_ballots(context, ballots, workers, chunk)
    _check_box(context, ballots, checked)
    audited = _check_audited(context, record.get("audited"), {b.ballot_id for b in checked})
    expected = box_commitment(
        context,
        ((entry["tracker"], entry["state"]) for entry in ballots),
        (entry["ballot"]["code"] for entry in record["audited"]),
    )
    if record.get("box_commitment") != expected:
        raise EvoteError("box_commitment", "is not the commitment to these ballots")
    counted = sum(1 for entry in ballots if entry["state"] == "counted")
    counts = _check_tally(context, record.get("tally"), sums, counted)
    return Summary(counted, len(ballots) - counted, audited, counts)


def _check_context(record: dict[str, Any]) -> ElectionContext:
    raw = record.get("context")
    params = parameters_from_json(
        raw.get("parameters") if isinstance(raw, dict) else None, "context.parameters"
    )
    publics = verify_public_records(params, record.get("trustees"), "trustees")
    computed = election_context(params, publics).to_json()
    if not isinstance(raw, dict):
        raise EvoteError("context", "must be an object")
    for key in ("format", "base_hash", "public_key", "key_shares", "extended_base_hash"):
        if raw.get(key) != computed[key]:
            raise EvoteError(f"context.{key}", "does not match what the trustees' records give")
    return context_from_json(raw)


def _check_ballots(
    context: ElectionContext, ballots: list[Any], workers: int | None, chunk: int
) -> tuple[list[CheckedBallot], list[list[Ciphertext]]]:
    chunks = [(start, ballots[start : start + chunk]) for start in range(0, len(ballots), chunk)]
    workers = workers or os.cpu_count() or 1
    if workers > 1 and len(chunks) > 1:
        with ProcessPoolExecutor(
            workers, initializer=_init_worker, initargs=(context.to_json(),)
        ) as pool:
            results = list(pool.map(_check_chunk_in_worker, chunks))
    else:
        results = [_check_chunk(context, start, part) for start, part in chunks]
    checked: list[CheckedBallot] = []
    sums = [[ZERO] * len(c.candidates) for c in context.parameters.contests]
    for result in results:
        if isinstance(result, EvoteError):
            raise result
        chunk_checked, chunk_sums = result
        checked += chunk_checked
        for row, chunk_row in zip(sums, chunk_sums, strict=True):
            for j, ct in enumerate(chunk_row):
                row[j] = row[j] + ct
    return checked, sums


_worker_context: ElectionContext | None = None


def _init_worker(context: dict[str, Any]) -> None:
    global _worker_context
    _worker_context = context_from_json(context)


def _check_chunk_in_worker(
    chunk: tuple[int, list[Any]],
) -> tuple[list[CheckedBallot], list[list[Ciphertext]]] | EvoteError:
    assert _worker_context is not None  # set by the pool's initializer
    return _check_chunk(_worker_context, *chunk)


def _check_chunk(
    context: ElectionContext, start: int, entries: list[Any]
) -> tuple[list[CheckedBallot], list[list[Ciphertext]]] | EvoteError:
    # Errors are returned, not raised, so that the first failure in record order is reported
    # whichever worker finishes first.
    sums = [[ZERO] * len(c.candidates) for c in context.parameters.contests]
    checked = []
    try:
        for n, entry in enumerate(entries, start):
            where = f"ballots[{n}]"
            if not isinstance(entry, dict):
                raise EvoteError(where, "must be an object")
            if entry.get("state") not in BALLOT_STATES:
                raise EvoteError(f"{where}.state", f"must be one of {', '.join(BALLOT_STATES)}")
            ballot = verify_ballot(context, entry.get("ballot"), f"{where}.ballot")
            if entry["state"] == "counted":
                for row, cts in zip(sums, ballot.ciphertexts, strict=True):
                    for j, ct in enumerate(cts):
                        row[j] = row[j] + ct
            checked.append(ballot)
    except EvoteError as error:
        return error
    return checked, sums


def _check_box(context: ElectionContext, ballots: list[Any], checked: list[CheckedBallot]) -> None:
    previous = ""
    ids: set[str] = set()
    alphas: set[bytes] = set()
    for n, (entry, ballot) in enumerate(zip(ballots, checked, strict=True)):
        if ballot.ballot_id in ids:
            raise EvoteError(f"ballots[{n}].ballot.ballot_id", "appears twice in the ballot box")
        ids.add(ballot.ballot_id)
        for cts in ballot.ciphertexts:
            for ct in cts:
                # A copied ciphertext would let a voter replay another's choice and learn it.
                if ct.alpha.encoded in alphas:
                    raise EvoteError(
                        f"ballots[{n}].ballot", "repeats a ciphertext of an earlier ballot"
                    )
                alphas.add(ct.alpha.encoded)
        tracker = tracker_of(context, ballot.code)
        if entry.get("tracker") != tracker:
            raise EvoteError(f"ballots[{n}].tracker", "is not the tracker of this ballot")
        # Listed in tracker order, so that the list keeps nothing of the order of casting.
        if tracker <= previous:
            raise EvoteError(f"ballots[{n}].tracker", "is not after the tracker before it")
        previous = tracker


def _check_audited(context: ElectionContext, audited: object, cast_ids: set[str]) -> int:
    if not isinstance(audited, list):
        raise EvoteError("audited", "must be a list")
    previous = ""
    for n, entry in enumerate(audited):
        where = f"audited[{n}]"
        if not isinstance(entry, dict):
            raise EvoteError(where, "must be an object")
        choices = verify_audit(context, entry.get("ballot"), entry.get("audit"), where)
        if entry["ballot"]["code"] <= previous:
            raise EvoteError(f"{where}.ballot.code", "is not after the audited ballot's before it")
        previous = entry["ballot"]["code"]
        if entry.get("choices") != choices:
            raise EvoteError(f"{where}.choices", "are not what the opened ballot encrypts")
        if entry["ballot"]["ballot_id"] in cast_ids:
            raise EvoteError(f"{where}.ballot.ballot_id", "an audited ballot was also cast")
    return len(audited)


def _check_tally(
    context: ElectionContext, tally: object, sums: list[list[Ciphertext]], counted: int
) -> dict[str, dict[str, int]]:
    if not isinstance(tally, dict):
        raise EvoteError("tally", "must be an object")
    if tally.get("ballots") != counted:
        raise EvoteError("tally.ballots", f"must be {counted}, the number of counted ballots")
    cts = tally_ciphertexts(context, tally)
    for i, (row, expected) in enumerate(zip(cts, sums, strict=True)):
        for j, (ct, want) in enumerate(zip(row, expected, strict=True)):
            if ct != want:
                raise EvoteError(
                    f"tally.contests[{i}].selections[{j}].ciphertext",
                    "is not the sum of the counted ballots",
                )
    present = tally.get("trustees_present")
    quorum = context.parameters.quorum
    if (
        not isinstance(present, list)
        or len(set(present)) != len(present)
        or not all(t in context.key_shares for t in present)
        or len(present) < quorum
    ):
        raise EvoteError("tally.trustees_present", f"must name at least {quorum} distinct trustees")
    shares = [
        check_partial(context, cts, _partial_of(tally, t), f"tally[trustee {t}]") for t in present
    ]
    counts = combine_counts(cts, present, [s for _, s in shares], counted)
    out: dict[str, dict[str, int]] = {}
    for i, contest in enumerate(context.parameters.contests):
        out[contest.contest_id] = {}
        for j, candidate in enumerate(contest.candidates):
            if tally["contests"][i]["selections"][j].get("count") != counts[i][j]:
                raise EvoteError(
                    f"tally.contests[{i}].selections[{j}].count",
                    f"the decryption gives {counts[i][j]}",
                )
            out[contest.contest_id][candidate] = counts[i][j]
    return out


def _partial_of(tally: dict[str, Any], trustee: int) -> dict[str, Any]:
    """One trustee's partial decryption, read out of the combined tally's per-candidate shares."""
    contests = []
    for i, contest in enumerate(tally["contests"]):
        selections = []
        for j, selection in enumerate(contest["selections"]):
            shares = selection.get("shares") if isinstance(selection, dict) else None
            mine = [s for s in shares or [] if isinstance(s, dict) and s.get("trustee") == trustee]
            if len(mine) != 1:
                raise EvoteError(
                    f"tally.contests[{i}].selections[{j}].shares",
                    f"must have one share of trustee {trustee}",
                )
            selections.append({"candidate_id": selection.get("candidate_id"), **mine[0]})
        contests.append({"contest_id": contest.get("contest_id"), "selections": selections})
    return {"trustee": trustee, "contests": contests}


AUDITED_FORMAT = "kazasu-audited-ballot/1"


def verify_audited_document(document: dict[str, Any]) -> dict[str, list[str]]:
    """Check a voter's audited ballot on its own (``{"format": "kazasu-audited-ballot/1",
    "context", "ballot", "audit", "choices"}``, what the ballot page offers to save): the
    context must add up, the ballot must verify and open to exactly the choices shown."""
    context = context_from_json(document.get("context"))
    choices = verify_audit(context, document.get("ballot"), document.get("audit"))
    if document.get("choices") != choices:
        raise EvoteError("choices", "are not what the opened ballot encrypts")
    return choices


def main(argv: Sequence[str] | None = None) -> int:
    """``kazasu-verify FILE``: an election record, or one audited ballot. Exit 0 valid (the
    counts, or the opened choices, as JSON), 1 invalid naming the first failure, 2 when the
    file cannot be read as JSON."""
    parser = argparse.ArgumentParser(
        prog="kazasu-verify",
        description="Verify a Kazasu election record, or one audited ballot.",
    )
    parser.add_argument("file", type=Path, help="the election record or an audited ballot")
    parser.add_argument(
        "--workers", type=int, default=None, help="processes checking ballots (default: all cores)"
    )
    parser.add_argument(
        "--tracker",
        action="append",
        default=[],
        help="say whether the ballot with this tracker is in the record, and its state",
    )
    parser.add_argument(
        "--box-commitment",
        default=None,
        help="the commitment the board published at close: the record must match it",
    )
    args = parser.parse_args(argv)
    try:
        document = json.loads(args.file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        print(f"unreadable: {args.file}: {error}", file=sys.stderr)
        return 2
    try:
        if isinstance(document, dict) and document.get("format") == AUDITED_FORMAT:
            out: dict[str, Any] = {"valid": True, "choices": verify_audited_document(document)}
        else:
            out = _record_summary(document, args.workers, args.tracker)
            published = args.box_commitment
            if published is not None and published.strip().lower() != out["box_commitment"]:
                raise EvoteError(
                    "box_commitment", "is not the one given: the box changed after close"
                )
    except EvoteError as error:
        print(f"invalid: {error}")
        return 1
    print(json.dumps(out, ensure_ascii=False, indent=2))
    return 0


def _record_summary(record: Any, workers: int | None, trackers: list[str]) -> dict[str, Any]:
    summary = verify_record(record, workers)
    states = {entry["tracker"]: entry["state"] for entry in record["ballots"]}
    out: dict[str, Any] = {
        "valid": True,
        "counted": summary.counted,
        "cancelled": summary.cancelled,
        "audited": summary.audited,
        "counts": summary.counts,
        "extended_base_hash": record["context"]["extended_base_hash"],
        "box_commitment": record["box_commitment"],
    }
    if trackers:
        out["trackers"] = {t: states.get(t.lower(), "not in the record") for t in trackers}
    return out


if __name__ == "__main__":
    raise SystemExit(main())

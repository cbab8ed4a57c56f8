"""A small election for the voting-cryptography tests: a manifest, deterministic nonces for the
shared test vectors, and a whole key ceremony run in memory."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import count
from typing import Any

from linkage.evote import dkg
from linkage.evote.context import ElectionContext, ElectionParameters, parameters
from linkage.evote.group import hash_to_scalar, random_scalar


def seeded_nonces(seed: str) -> Callable[[], int]:
    """The i-th nonce is ``H("test nonce"; seed, i)``: the test vectors' fixed randomness (the
    browser's check script derives the same sequence)."""
    counter: Iterator[int] = count()
    return lambda: hash_to_scalar("test nonce", seed, next(counter))


def manifest(
    contests: int = 2, candidates: int = 5, limits: tuple[int, ...] = (1, 2)
) -> dict[str, Any]:
    """``contests`` contests of ``candidates`` each, with the given limits in turn."""
    return {
        "contests": [
            {
                "contest_id": f"contest-{c + 1}",
                "limit": limits[c % len(limits)],
                "candidates": [
                    {"candidate_id": f"c{c + 1}-{j + 1}", "name": f"候補者 {c + 1}-{j + 1}"}
                    for j in range(candidates)
                ],
            }
            for c in range(contests)
        ]
    }


@dataclass
class Ceremony:
    """A finished key ceremony: parameters, every trustee's secret and record, the context."""

    params: ElectionParameters
    secrets: list[dkg.TrusteeSecret]
    records: list[dict[str, Any]]
    context: ElectionContext


def ceremony(
    trustees: int = 5,
    quorum: int = 3,
    election_manifest: dict[str, Any] | None = None,
    nonces: Callable[[], int] = random_scalar,
) -> Ceremony:
    """Run every trustee's steps in memory; no complaint is expected."""
    params = parameters("e-test", trustees, quorum, election_manifest or manifest())
    secrets = [dkg.new_trustee(params, i, f"委員 {i}", nonces) for i in range(1, trustees + 1)]
    records = [dkg.public_record(s, nonces) for s in secrets]
    publics = dkg.verify_public_records(params, records, "trustees")
    messages = [m for s in secrets for m in dkg.make_shares(s, publics, nonces)]
    done = []
    for secret in secrets:
        received, complaints = dkg.receive_shares(secret, publics, messages, nonces)
        assert complaints == []
        done.append(received)
    return Ceremony(params, done, records, dkg.election_context(params, publics))

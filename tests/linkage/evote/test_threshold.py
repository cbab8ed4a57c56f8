"""For any n, k and set of at least k trustees, the tally decrypts to the sum of the votes."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from linkage.evote import tally
from linkage.evote.ballot import encrypt_ballot, verify_ballot
from tests.linkage.evote.election import ceremony, manifest


@settings(max_examples=12, deadline=None)
@given(st.integers(1, 6).flatmap(lambda n: st.tuples(st.just(n), st.integers(1, n))), st.randoms())
def test_any_quorum_of_any_ceremony_decrypts_the_sum(
    size: tuple[int, int], rng: random.Random
) -> None:
    n, k = size
    done = ceremony(n, k, manifest(1, 3, (2,)))
    votes = [
        rng.sample(["c1-1", "c1-2", "c1-3"], rng.randint(0, 2)) for _ in range(rng.randint(0, 4))
    ]
    ballots = [
        verify_ballot(done.context, encrypt_ballot(done.context, {"contest-1": v})[0])
        for v in votes
    ]
    encrypted = tally.aggregate(done.context, ballots)
    present = sorted(rng.sample(range(1, n + 1), rng.randint(k, n)))
    partials = [
        tally.partial_decrypt(done.context, done.secrets[i - 1], encrypted) for i in present
    ]
    result = tally.combine(done.context, encrypted, partials)
    counts = [s["count"] for s in result["contests"][0]["selections"]]
    assert counts == [sum(c in v for v in votes) for c in ("c1-1", "c1-2", "c1-3")]

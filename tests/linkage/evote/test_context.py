"""Election parameters and the context document: bad input is refused naming the field."""

from __future__ import annotations

from typing import Any

import pytest

from linkage.evote.context import context_from_json, parameters, parameters_from_json
from linkage.evote.errors import EvoteError
from linkage.evote.group import base_mul, scalar_hex
from tests.linkage.evote.election import ceremony, manifest


def _with(change: dict[str, Any]) -> dict[str, Any]:
    body: dict[str, Any] = {"election_id": "e", "trustees": 5, "quorum": 3, "manifest": manifest()}
    body.update(change)
    return body


@pytest.mark.parametrize(
    ("change", "where"),
    [
        ({"election_id": ""}, "p.election_id"),
        ({"trustees": 0}, "p.trustees"),
        ({"quorum": 6}, "p.quorum"),
        ({"quorum": True}, "p.quorum"),
        ({"manifest": []}, "p.manifest"),
        ({"manifest": {"contests": []}}, "p.manifest.contests"),
        ({"manifest": manifest(1, 2, (3,))}, "p.manifest.contests[0].limit"),
        (
            {"manifest": {"contests": [{"contest_id": "a", "limit": 1, "candidates": [{}]}]}},
            "p.manifest.contests[0].candidates[0].candidate_id",
        ),
        (
            {"manifest": {"contests": [manifest(1)["contests"][0], manifest(1)["contests"][0]]}},
            "p.manifest.contests[1].contest_id",
        ),
    ],
)
def test_bad_parameters_are_refused_naming_the_field(change: dict[str, Any], where: str) -> None:
    with pytest.raises(EvoteError) as refused:
        parameters_from_json(_with(change), "p")
    assert refused.value.where == where


def test_the_base_hash_covers_the_whole_manifest() -> None:
    first = parameters("e", 5, 3, manifest())
    renamed = manifest()
    renamed["contests"][0]["candidates"][0]["name"] = "別の名前"
    assert parameters("e", 5, 3, renamed).base_hash() != first.base_hash()
    assert parameters("e", 5, 2, manifest()).base_hash() != first.base_hash()


def test_a_context_that_does_not_add_up_is_refused() -> None:
    body = ceremony(3, 2).context.to_json()
    for key, value, where in [
        ("public_key", base_mul(5).hex(), "context.extended_base_hash"),
        ("base_hash", scalar_hex(1), "context.base_hash"),
        ("key_shares", {"1": base_mul(1).hex()}, "context.key_shares"),
        ("format", "kazasu-election-context/0", "context"),
    ]:
        with pytest.raises(EvoteError) as refused:
            context_from_json({**body, key: value})
        assert refused.value.where == where

"""The shared test vectors of docs/protocol/evote-vectors.json: ``python -m
tests.linkage.evote.vectors`` writes them; the Python and the browser tests check them."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from linkage.evote.ballot import encrypt_ballot, tracker_of
from linkage.evote.elgamal import encrypt
from linkage.evote.group import Element, base_mul, hash_to_scalar, scalar_hex
from tests.linkage.evote.election import ceremony, manifest, seeded_nonces

VECTORS = Path(__file__).resolve().parents[3] / "docs/protocol/evote-vectors.json"

_HASHES: list[tuple[str, list[dict[str, str]]]] = [
    ("test", []),
    ("test", [{"text": "選挙"}, {"scalar": scalar_hex(7)}, {"bytes": "00ff"}]),
    ("range proof", [{"element": base_mul(5).hex()}, {"text": ""}, {"scalar": scalar_hex(2**255)}]),
]


def _part(part: dict[str, str]) -> Element | int | str | bytes:
    kind, value = next(iter(part.items()))
    if kind == "element":
        return Element(bytes.fromhex(value))
    if kind == "scalar":
        return int.from_bytes(bytes.fromhex(value), "little")
    return value if kind == "text" else bytes.fromhex(value)


def build() -> dict[str, Any]:
    """Every vector, deterministic."""
    hashes = [
        {"tag": tag, "parts": parts, "scalar": scalar_hex(hash_to_scalar(tag, *map(_part, parts)))}
        for tag, parts in _HASHES
    ]
    scalars = [0, 1, 2, 3, 2**128 + 1, 2**252 + 27742317777372353535851937790883648492]
    key = base_mul(hash_to_scalar("test key"))
    encryptions = [
        {
            "public_key": key.hex(),
            "vote": vote,
            "nonce": scalar_hex(nonce),
            **encrypt(key, vote, nonce).to_json(),
        }
        for vote, nonce in ((0, 1), (1, 1), (1, hash_to_scalar("test nonce", "e", 0)), (0, 2**200))
    ]
    ballots = []
    for name, trustees, quorum, election_manifest, choices in (
        ("one contest, limit 1", 3, 2, manifest(1, 3, (1,)), {"contest-1": ["c1-2"]}),
        (
            "two contests of 5, limits 1 and 2",
            5,
            3,
            manifest(),
            {"contest-1": ["c1-5"], "contest-2": ["c2-1", "c2-3"]},
        ),
        ("blank ballot", 3, 2, manifest(2, 2, (1, 2)), {}),
    ):
        done = ceremony(trustees, quorum, election_manifest, seeded_nonces(f"ceremony {name}"))
        ballot_id = scalar_hex(hash_to_scalar("test ballot id", name))[:32]
        ballot, audit = encrypt_ballot(done.context, choices, seeded_nonces(name), ballot_id)
        ballots.append(
            {
                "name": name,
                "seed": name,
                "context": done.context.to_json(),
                "choices": choices,
                "ballot_id": ballot_id,
                "ballot": ballot,
                "audit": audit,
                "tracker": tracker_of(done.context, ballot["code"]),
            }
        )
    return {
        "format": "kazasu-evote-vectors/1",
        "nonces": 'the i-th nonce (i = 0, 1, …) of a ballot is H("test nonce"; seed, i)',
        "hashes": hashes,
        "base_mul": [{"scalar": scalar_hex(s), "element": base_mul(s).hex()} for s in scalars],
        "encryptions": encryptions,
        "ballots": ballots,
    }


def main() -> int:
    """Write the vectors file."""
    VECTORS.write_text(json.dumps(build(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(VECTORS)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""An election's parameters (who, how many trustees, the manifest), its base hash, and the
context ballots are made in once the key ceremony has produced the joint public key."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeGuard

from kazasu_protocol.canonical import canonical_json
from linkage.evote.errors import EvoteError
from linkage.evote.group import (
    Element,
    element_from_hex,
    hash_to_scalar,
    scalar_from_hex,
    scalar_hex,
)

CONTEXT_FORMAT = "kazasu-election-context/1"


@dataclass(frozen=True, slots=True)
class Contest:
    """A contest of the manifest: its candidates in ballot order and how many a voter may mark."""

    contest_id: str
    limit: int
    candidates: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ElectionParameters:
    """What the election commission fixes before the key ceremony."""

    election_id: str
    trustees: int
    quorum: int
    manifest: dict[str, Any]
    contests: tuple[Contest, ...]

    def base_hash(self) -> int:
        """``H_B``: binds the election, the trustee counts and the whole manifest."""
        return hash_to_scalar(
            "base hash",
            self.election_id,
            self.trustees,
            self.quorum,
            canonical_json(self.manifest),
        )

    def contest(self, contest_id: str) -> Contest | None:
        """The contest with ``contest_id``, if the manifest has it."""
        return next((c for c in self.contests if c.contest_id == contest_id), None)

    def to_json(self) -> dict[str, Any]:
        """``{"election_id", "trustees", "quorum", "manifest"}``."""
        return {
            "election_id": self.election_id,
            "trustees": self.trustees,
            "quorum": self.quorum,
            "manifest": self.manifest,
        }


def parameters(
    election_id: str, trustees: int, quorum: int, manifest: dict[str, Any]
) -> ElectionParameters:
    """Validated election parameters; a bad manifest or count is refused naming the field."""
    return parameters_from_json(
        {"election_id": election_id, "trustees": trustees, "quorum": quorum, "manifest": manifest},
        "parameters",
    )


def parameters_from_json(value: object, where: str) -> ElectionParameters:
    """Parse and validate ``{"election_id", "trustees", "quorum", "manifest"}``."""
    if not isinstance(value, dict):
        raise EvoteError(where, "must be an object")
    election_id = value.get("election_id")
    if not isinstance(election_id, str) or not election_id:
        raise EvoteError(f"{where}.election_id", "must be a non-empty string")
    n, k = value.get("trustees"), value.get("quorum")
    if not _is_int(n) or not 1 <= n <= 100:
        raise EvoteError(f"{where}.trustees", "must be a whole number from 1 to 100")
    if not _is_int(k) or not 1 <= k <= n:
        raise EvoteError(f"{where}.quorum", f"must be a whole number from 1 to {n}")
    manifest = value.get("manifest")
    if not isinstance(manifest, dict):
        raise EvoteError(f"{where}.manifest", "must be an object with a list of contests")
    return ElectionParameters(election_id, n, k, manifest, _contests(manifest, f"{where}.manifest"))


def _contests(manifest: dict[str, Any], where: str) -> tuple[Contest, ...]:
    if not isinstance(manifest.get("contests"), list):
        raise EvoteError(where, "must be an object with a list of contests")
    contests: list[Contest] = []
    for i, raw in enumerate(manifest["contests"]):
        at = f"{where}.contests[{i}]"
        if not isinstance(raw, dict):
            raise EvoteError(at, "must be an object")
        contest_id = raw.get("contest_id")
        if not isinstance(contest_id, str) or not contest_id:
            raise EvoteError(f"{at}.contest_id", "must be a non-empty string")
        if any(c.contest_id == contest_id for c in contests):
            raise EvoteError(f"{at}.contest_id", f"{contest_id!r} appears twice")
        candidates = raw.get("candidates")
        if not isinstance(candidates, list) or not candidates:
            raise EvoteError(f"{at}.candidates", "must be a non-empty list")
        ids: list[str] = []
        for j, candidate in enumerate(candidates):
            cid = candidate.get("candidate_id") if isinstance(candidate, dict) else None
            if not isinstance(cid, str) or not cid:
                raise EvoteError(f"{at}.candidates[{j}].candidate_id", "must be a non-empty string")
            if cid in ids:
                raise EvoteError(f"{at}.candidates[{j}].candidate_id", f"{cid!r} appears twice")
            ids.append(cid)
        limit = raw.get("limit")
        if not _is_int(limit) or not 1 <= limit <= len(ids):
            raise EvoteError(f"{at}.limit", f"must be a whole number from 1 to {len(ids)}")
        contests.append(Contest(contest_id, limit, tuple(ids)))
    if not contests:
        raise EvoteError(f"{where}.contests", "must not be empty")
    return tuple(contests)


def _is_int(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


@dataclass(frozen=True, slots=True)
class ElectionContext:
    """The parameters with the key ceremony's result: the joint public key ``K``, each
    trustee's public key share ``K_i`` (for checking partial decryptions) and ``H_E``."""

    parameters: ElectionParameters
    public_key: Element
    key_shares: dict[int, Element]
    extended_base_hash: int

    def to_json(self) -> dict[str, Any]:
        """The context document the ballot page and the services are given."""
        return {
            "format": CONTEXT_FORMAT,
            "parameters": self.parameters.to_json(),
            "base_hash": scalar_hex(self.parameters.base_hash()),
            "public_key": self.public_key.hex(),
            "key_shares": {str(i): k.hex() for i, k in sorted(self.key_shares.items())},
            "extended_base_hash": scalar_hex(self.extended_base_hash),
        }


def context_from_json(value: object, where: str = "context") -> ElectionContext:
    """Parse a context document; its hashes must agree with its parameters and key."""
    if not isinstance(value, dict) or value.get("format") != CONTEXT_FORMAT:
        raise EvoteError(where, f"is not a {CONTEXT_FORMAT} document")
    params = parameters_from_json(value.get("parameters"), f"{where}.parameters")
    if scalar_from_hex(value.get("base_hash"), f"{where}.base_hash") != params.base_hash():
        raise EvoteError(f"{where}.base_hash", "does not match the parameters")
    public_key = element_from_hex(value.get("public_key"), f"{where}.public_key")
    raw_shares = value.get("key_shares")
    if not isinstance(raw_shares, dict) or sorted(raw_shares) != sorted(
        str(i) for i in range(1, params.trustees + 1)
    ):
        raise EvoteError(f"{where}.key_shares", "must have one key share per trustee 1..n")
    shares = {int(i): element_from_hex(v, f"{where}.key_shares.{i}") for i, v in raw_shares.items()}
    extended = scalar_from_hex(value.get("extended_base_hash"), f"{where}.extended_base_hash")
    if extended != extended_base_hash(params, public_key, shares):
        raise EvoteError(f"{where}.extended_base_hash", "does not match the key and key shares")
    return ElectionContext(params, public_key, shares, extended)


def extended_base_hash(
    params: ElectionParameters, public_key: Element, key_shares: dict[int, Element]
) -> int:
    """``H_E``: the base hash, the joint key and every trustee's key share, in index order."""
    return hash_to_scalar(
        "extended base hash",
        params.base_hash(),
        public_key,
        *(key_shares[i] for i in sorted(key_shares)),
    )

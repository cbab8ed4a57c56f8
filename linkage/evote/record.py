"""The published election record: everything an independent verifier needs and nothing that
links a ballot to a voter or tells in which order the box accepted its ballots
(docs/protocol/evote.md, "The election record")."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from linkage.evote.context import ElectionContext
from linkage.evote.group import HashPart, hash_to_scalar, scalar_hex

RECORD_FORMAT = "kazasu-election-record/2"
BALLOT_STATES = ("counted", "cancelled")
"""A cast ballot is counted, or cancelled: replaced by the voter's later online ballot or by a
paper ballot issued at a desk. Cancelled ballots stay in the record."""


def box_commitment(
    context: ElectionContext, cast: Iterable[tuple[str, str]], audited: Iterable[str]
) -> str:
    """The commitment to the closed ballot box: a hash over every cast ballot's ``(tracker,
    state)`` in tracker order, then every audited ballot's code in code order. Published when
    the online period closes, it fixes what the record must list; being over sorted sets, it
    says nothing of the order in which ballots arrived."""
    entries = sorted(cast)
    codes = sorted(audited)
    parts: list[HashPart] = [context.extended_base_hash, len(entries)]
    for tracker, state in entries:
        parts += [bytes.fromhex(tracker), state]
    parts.append(len(codes))
    parts += [bytes.fromhex(code) for code in codes]
    return scalar_hex(hash_to_scalar("ballot box", *parts))


def build_record(
    context: ElectionContext,
    trustees: Sequence[dict[str, Any]],
    cast: Sequence[dict[str, Any]],
    audited: Sequence[dict[str, Any]],
    tally: dict[str, Any],
) -> dict[str, Any]:
    """The record document.

    - ``trustees``: each trustee's public ceremony record (``dkg.public_record``), index order;
    - ``cast``: every accepted ballot as ``{"ballot", "tracker", "state"}``, listed in tracker
      order whatever order they come in;
    - ``audited``: every audited ballot as ``{"ballot", "audit", "choices"}`` (the choices the
      page showed the voter), listed in code order;
    - ``tally``: the decrypted tally from ``tally.combine``.
    """
    ballots = sorted(cast, key=lambda entry: str(entry["tracker"]))
    opened = sorted(audited, key=lambda entry: str(entry["ballot"]["code"]))
    return {
        "format": RECORD_FORMAT,
        "context": context.to_json(),
        "trustees": list(trustees),
        "ballots": ballots,
        "audited": opened,
        "box_commitment": box_commitment(
            context,
            ((e["tracker"], e["state"]) for e in ballots),
            (e["ballot"]["code"] for e in opened),
        ),
        "tally": tally,
    }

"""The published election record: everything an independent verifier needs and nothing that
links a ballot to a voter (docs/protocol/evote.md, "The election record")."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from linkage.evote.context import ElectionContext

RECORD_FORMAT = "kazasu-election-record/1"
BALLOT_STATES = ("counted", "cancelled")
"""A cast ballot is counted, or cancelled: replaced by the voter's later online ballot or by a
paper ballot issued at a desk. Cancelled ballots stay in the record (and in the tracker chain)."""


def build_record(
    context: ElectionContext,
    trustees: Sequence[dict[str, Any]],
    cast: Sequence[dict[str, Any]],
    audited: Sequence[dict[str, Any]],
    tally: dict[str, Any],
) -> dict[str, Any]:
    """The record document.

    - ``trustees``: each trustee's public ceremony record (``dkg.public_record``), index order;
    - ``cast``: every accepted ballot in ballot-box order as ``{"ballot", "tracker", "state"}``;
    - ``audited``: every audited ballot as ``{"ballot", "audit", "choices"}`` (the choices the
      page showed the voter);
    - ``tally``: the decrypted tally from ``tally.combine``.
    """
    return {
        "format": RECORD_FORMAT,
        "context": context.to_json(),
        "trustees": list(trustees),
        "ballots": list(cast),
        "audited": list(audited),
        "tally": tally,
    }

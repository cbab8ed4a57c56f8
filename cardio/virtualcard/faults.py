"""Fault switches of the virtual card: the misbehaviour real cards and readers show in the field."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Faults:
    """What to break. All off by default; may be changed while the card is in use."""

    delay_s: float = 0.0
    """Added before every answer: a slow card or a weak field."""

    truncate_to: int | None = None
    """Cut the data of every answer to at most this many bytes, keeping the status word."""

    pad_by: int = 0
    """Append this many junk bytes to the data of every answer that carries data."""

    status_words: dict[int, int] = field(default_factory=dict)
    """Answer commands with this INS by this status word (and no data) instead."""

    remove_after: int | None = None
    """Leave the reader's field after this many commands since power-on: removal mid-read."""

"""The transport interface between card protocols and a card: send a command, get an answer.

Implementations: the PC/SC one in ``cardio.pcsc`` and the in-process virtual card in
``cardio.virtualcard``. Every exchange is logged so tests and benchmarks can count and inspect
the APDUs a flow sent.
"""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from types import TracebackType

from cardio.apdu import Command, Response
from cardio.card_errors import CardDataError


@dataclass(frozen=True)
class Exchange:
    """One command, its answer and the round-trip time."""

    command: Command
    response: Response
    elapsed_ms: float


@dataclass
class ApduLog:
    """The exchanges of one transport, in order."""

    exchanges: list[Exchange] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.exchanges)

    def commands(self) -> list[Command]:
        """The commands sent, in order."""
        return [e.command for e in self.exchanges]

    def mark(self) -> int:
        """A position to count exchanges from (see ``since``)."""
        return len(self.exchanges)

    def since(self, mark: int) -> list[Exchange]:
        """The exchanges made after ``mark``."""
        return self.exchanges[mark:]


class CardTransport(ABC):
    """A connection to one card. Not thread-safe: use it from the thread that made it."""

    def __init__(self) -> None:
        self.log = ApduLog()

    def transmit(self, command: Command) -> Response:
        """Send ``command`` and return the card's answer; raises a ``CardError`` on failure."""
        start = time.perf_counter()
        raw = self._exchange(command.to_bytes())
        elapsed = (time.perf_counter() - start) * 1000
        try:
            response = Response.from_bytes(raw)
        except ValueError as exc:
            raise CardDataError(
                "The card's answer had no status word. Tap the card again."
            ) from exc
        self.log.exchanges.append(Exchange(command, response, elapsed))
        return response

    @abstractmethod
    def _exchange(self, raw: bytes) -> bytes:
        """Send raw command bytes and return raw response bytes (data followed by SW1 SW2)."""

    @abstractmethod
    def close(self) -> None:
        """Release the card connection. Safe to call twice."""

    def __enter__(self) -> CardTransport:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

"""Hybrid logical clock: orders events across kiosks whose wall clocks disagree.

A timestamp is ``(wall_ms, counter)``; its wire form is ``WALLMS:COUNTER:DEVICE`` with fixed
widths, so that plain string order is causal order (docs/protocol/events.md). The wall part is
the kiosk's clock corrected by the offset it learned from the platform, so a kiosk whose clock
is days wrong still stamps close to the platform's time.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

WALL_DIGITS = 18
COUNTER_DIGITS = 5
# A measured offset within the measurement's own uncertainty (half the round trip) plus this is
# no evidence of a wrong clock; correcting by it would only add noise to a right clock.
OFFSET_NOISE_MS = 100


@dataclass(frozen=True, order=True)
class Timestamp:
    """One HLC reading; ordered by wall time, then counter, then device."""

    wall_ms: int
    counter: int
    device: str

    def encode(self) -> str:
        """The fixed-width string form used in events."""
        return f"{self.wall_ms:0{WALL_DIGITS}d}:{self.counter:0{COUNTER_DIGITS}d}:{self.device}"

    @classmethod
    def decode(cls, text: str) -> Timestamp:
        """Parse the string form; raises ValueError on anything else."""
        wall, counter, device = text.split(":", 2)
        if len(wall) != WALL_DIGITS or len(counter) != COUNTER_DIGITS or not device:
            raise ValueError(f"not an HLC timestamp: {text!r}")
        return cls(int(wall), int(counter), device)


class HybridClock:
    """A device's clock; ``now`` never goes backwards, even when the wall clock does."""

    def __init__(
        self,
        device: str,
        last: tuple[int, int] = (0, 0),
        wall: Callable[[], float] = time.time,
        offset_ms: int = 0,
    ) -> None:
        self.device = device
        self._wall_ms, self._counter = last
        self._wall = wall
        self.offset_ms = offset_ms

    @property
    def state(self) -> tuple[int, int]:
        """The last issued (wall_ms, counter), to persist with the event that used it."""
        return self._wall_ms, self._counter

    def local_ms(self) -> int:
        """The kiosk's own wall clock in milliseconds, uncorrected."""
        return int(self._wall() * 1000)

    def physical_ms(self) -> int:
        """The wall clock corrected by the learned offset: the platform's time, as best known."""
        return self.local_ms() + self.offset_ms

    def now(self) -> Timestamp:
        """A timestamp later than every one issued or observed before."""
        physical = self.physical_ms()
        if physical > self._wall_ms:
            self._wall_ms, self._counter = physical, 0
        else:
            self._counter += 1
        return Timestamp(self._wall_ms, self._counter, self.device)

    def observe(self, remote: Timestamp) -> None:
        """Move past a timestamp received from another device."""
        if (remote.wall_ms, remote.counter) > (self._wall_ms, self._counter):
            self._wall_ms, self._counter = remote.wall_ms, remote.counter


def measured_offset(platform_ms: int, sent_ms: int, round_trip_ms: float) -> int:
    """The offset to add to the local clock to read the platform's clock.

    ``platform_ms`` is the platform's time in its answer to a request sent at local time
    ``sent_ms`` that took ``round_trip_ms`` (measured on a monotonic clock): the platform is
    taken to have answered at the round trip's midpoint, so the error is at most half of it.
    An offset no larger than that error (plus ``OFFSET_NOISE_MS``) is taken as zero.
    """
    offset = round(platform_ms - (sent_ms + round_trip_ms / 2))
    return 0 if abs(offset) <= round_trip_ms / 2 + OFFSET_NOISE_MS else offset

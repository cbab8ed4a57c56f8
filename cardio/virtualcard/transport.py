"""The virtual card behind the transport interface, in the same process: for fast tests."""

from __future__ import annotations

from cardio.card_errors import CardRemovedError, NoCardError
from cardio.transport import CardTransport
from cardio.virtualcard.card import CardPulledAway, VirtualMyNumberCard


class InProcessTransport(CardTransport):
    """A transport whose card is a ``VirtualMyNumberCard`` object; connecting powers it on."""

    def __init__(self, card: VirtualMyNumberCard) -> None:
        super().__init__()
        if card.removed:
            raise NoCardError()
        self.card = card
        card.power_on()
        self._open = True

    def _exchange(self, raw: bytes) -> bytes:
        if not self._open:
            raise NoCardError()
        try:
            return self.card.process(raw)
        except CardPulledAway as exc:
            raise CardRemovedError() from exc

    def close(self) -> None:
        """Disconnect; the card keeps its PIN counters, like a real one between taps."""
        self._open = False

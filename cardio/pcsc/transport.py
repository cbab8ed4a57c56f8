"""A card connection through PC/SC (pyscard's low-level ``scard`` API)."""

from __future__ import annotations

from types import TracebackType
from typing import Any

from smartcard import scard

from cardio.card_errors import CardRemovedError, NoCardError, NoReaderError
from cardio.pcsc.hresults import check, error_for
from cardio.transport import CardTransport

_LOST_MID_FLOW = frozenset(
    {
        scard.SCARD_E_NO_SMARTCARD,
        scard.SCARD_W_REMOVED_CARD,
        scard.SCARD_E_NOT_TRANSACTED,
    }
)


class PcscContext:
    """One PC/SC context. Use it only on the thread that made it."""

    def __init__(self) -> None:
        hresult, handle = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
        check(hresult, "connecting to the smart card service")
        self.handle: Any = handle

    def readers(self) -> list[str]:
        """Names of the connected readers (empty when there are none)."""
        hresult, names = scard.SCardListReaders(self.handle, [])
        if hresult == scard.SCARD_E_NO_READERS_AVAILABLE:
            return []
        check(hresult, "listing readers")
        return [str(n) for n in names]

    def choose_reader(self, wanted: str | None) -> str:
        """The reader whose name contains ``wanted``, or the first one."""
        names = self.readers()
        matches = [n for n in names if wanted is None or wanted in n]
        if not matches:
            raise NoReaderError(
                f"No reader named like '{wanted}'. Connected: {', '.join(names) or 'none'}."
                if wanted
                else None
            )
        return matches[0]

    def close(self) -> None:
        """Release the context. Safe to call twice."""
        if self.handle is not None:
            scard.SCardReleaseContext(self.handle)
            self.handle = None

    def __enter__(self) -> PcscContext:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class PcscTransport(CardTransport):
    """A connection to the card in ``reader``, within one exclusive PC/SC transaction.

    Closing resets the card, so a verified PIN never outlives the flow that verified it.
    """

    def __init__(self, context: PcscContext, reader: str) -> None:
        super().__init__()
        self.reader = reader
        hresult, card, protocol = scard.SCardConnect(
            context.handle,
            reader,
            scard.SCARD_SHARE_SHARED,
            scard.SCARD_PROTOCOL_T0 | scard.SCARD_PROTOCOL_T1,
        )
        check(hresult, "connecting to the card")
        self._card: Any = card
        self._protocol: int = protocol
        hresult = scard.SCardBeginTransaction(card)
        if hresult != scard.SCARD_S_SUCCESS:
            scard.SCardDisconnect(card, scard.SCARD_LEAVE_CARD)
            raise error_for(hresult, "reserving the card")

    def _exchange(self, raw: bytes) -> bytes:
        if self._card is None:
            raise NoCardError()
        hresult, response = scard.SCardTransmit(self._card, self._protocol, list(raw))
        if hresult in _LOST_MID_FLOW:
            # The card answered a moment ago, so it has left the field.
            raise CardRemovedError()
        if hresult != scard.SCARD_S_SUCCESS:
            raise error_for(hresult, "talking to the card")
        if not response:
            # Some drivers (vpcd among them) report a lost card as an empty answer first.
            raise CardRemovedError()
        return bytes(response)

    def close(self) -> None:
        """End the transaction and disconnect, resetting the card."""
        if self._card is None:
            return
        card, self._card = self._card, None
        scard.SCardEndTransaction(card, scard.SCARD_LEAVE_CARD)
        scard.SCardDisconnect(card, scard.SCARD_RESET_CARD)

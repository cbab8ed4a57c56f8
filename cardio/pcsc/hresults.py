"""PC/SC result codes turned into the card layer's errors."""

from __future__ import annotations

from smartcard import scard

from cardio.card_errors import (
    CardCommunicationError,
    CardError,
    CardRemovedError,
    NoCardError,
    NoReaderError,
    PcscUnavailableError,
    ReaderGoneError,
)

SERVICE_GONE = frozenset(
    {scard.SCARD_E_NO_SERVICE, scard.SCARD_E_SERVICE_STOPPED, scard.SCARD_E_INVALID_HANDLE}
)
"""Results after which the context is useless and must be established again."""

_ERRORS: dict[int, type[CardError]] = {
    scard.SCARD_E_NO_SERVICE: PcscUnavailableError,
    scard.SCARD_E_SERVICE_STOPPED: PcscUnavailableError,
    scard.SCARD_E_INVALID_HANDLE: PcscUnavailableError,
    scard.SCARD_E_NO_READERS_AVAILABLE: NoReaderError,
    scard.SCARD_E_UNKNOWN_READER: NoReaderError,
    scard.SCARD_E_READER_UNAVAILABLE: ReaderGoneError,
    scard.SCARD_E_NO_SMARTCARD: NoCardError,
    scard.SCARD_W_REMOVED_CARD: CardRemovedError,
    scard.SCARD_W_RESET_CARD: CardRemovedError,
    scard.SCARD_W_UNPOWERED_CARD: CardRemovedError,
    scard.SCARD_W_UNRESPONSIVE_CARD: CardCommunicationError,
}


def error_for(hresult: int, during: str) -> CardError:
    """The card-layer error for a failed PC/SC call."""
    kind = _ERRORS.get(hresult)
    if kind is not None:
        return kind()
    reason = scard.SCardGetErrorMessage(hresult)
    return CardCommunicationError(
        f"The reader reported a problem while {during} ({reason}). Place the card again."
    )


def check(hresult: int, during: str) -> None:
    """Raise the card-layer error for ``hresult`` unless it is success."""
    if hresult != scard.SCARD_S_SUCCESS:
        raise error_for(hresult, during)

"""A snapshot of the readers and whether each holds a card."""

from __future__ import annotations

from dataclasses import dataclass

from smartcard import scard

from cardio.pcsc.hresults import check
from cardio.pcsc.transport import PcscContext


@dataclass(frozen=True)
class ReaderInfo:
    """One reader as PC/SC sees it now."""

    name: str
    card_present: bool
    atr: bytes


def list_readers(context: PcscContext) -> list[ReaderInfo]:
    """Every connected reader with its card state, without waiting for changes."""
    names = context.readers()
    if not names:
        return []
    hresult, states = scard.SCardGetStatusChange(
        context.handle, 0, [(n, scard.SCARD_STATE_UNAWARE) for n in names]
    )
    if hresult != scard.SCARD_E_TIMEOUT:
        check(hresult, "reading reader states")
    return [
        ReaderInfo(str(name), bool(event & scard.SCARD_STATE_PRESENT), bytes(atr))
        for name, event, atr in states
    ]

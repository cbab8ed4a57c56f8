"""QR code images of signed codes and sign-in challenges: inline SVG for pages, PNG to keep.

Drawn with segno, which puts a text in one segment of its best mode: signed codes are Base45,
so they become one alphanumeric-mode segment as docs/protocol/signed-qr.md asks.
"""

from __future__ import annotations

import html
import io

import segno

PNG_MODULE_PX = 8
BORDER = 4


def _code(text: str) -> segno.QRCode:
    # Error correction M as the format's sizes assume; no silent upgrade to a denser level.
    return segno.make_qr(text, error="m", boost_error=False)


def svg(text: str, label: str) -> str:
    """An inline SVG of the QR code, scalable, with an accessible name."""
    markup = _code(text).svg_inline(
        border=BORDER, omitsize=True, svgclass="qr", lineclass=None, title=label
    )
    return markup.replace("<svg ", f'<svg role="img" aria-label="{html.escape(label)}" ', 1)


def png(text: str) -> bytes:
    """A PNG of the QR code, 8 pixels a module, for saving or printing."""
    out = io.BytesIO()
    _code(text).save(out, kind="png", scale=PNG_MODULE_PX, border=BORDER)
    return out.getvalue()

"""QR code images of signed codes and sign-in challenges: inline SVG for pages, PNG to keep.

Signed codes are Base45 text, so the whole text goes in one alphanumeric-mode segment as
docs/protocol/signed-qr.md asks (``optimize=0`` keeps the library from splitting it).
"""

from __future__ import annotations

import io

import qrcode
from qrcode.image.pure import PyPNGImage
from qrcode.image.svg import SvgPathImage

PNG_MODULE_PX = 8


def _code(text: str, box_size: int) -> qrcode.QRCode:
    code = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=box_size, border=4
    )
    code.add_data(text, optimize=0)
    code.make(fit=True)
    return code


def svg(text: str, label: str) -> str:
    """An inline SVG of the QR code, scalable, with an accessible name."""
    image = _code(text, 10).make_image(image_factory=SvgPathImage)
    markup: str = image.to_string(encoding="unicode")
    # Sized by the page's style sheet; named for screen readers.
    markup = markup.replace("<svg ", f'<svg class="qr" role="img" aria-label="{_attr(label)}" ', 1)
    for unit_attr in ('width="', 'height="'):
        start = markup.find(unit_attr)
        end = markup.find('"', start + len(unit_attr))
        markup = markup[:start] + markup[end + 2 :]
    return markup


def png(text: str) -> bytes:
    """A PNG of the QR code, 8 pixels a module, for saving or printing."""
    out = io.BytesIO()
    _code(text, PNG_MODULE_PX).make_image(image_factory=PyPNGImage).save(out)
    return out.getvalue()


def _attr(value: str) -> str:
    return (
        value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")
    )

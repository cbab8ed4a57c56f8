"""What a PDF shows, read back with pypdf: each text span with its size in points on paper."""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader


@dataclass(frozen=True)
class Span:
    """A run of text drawn in one font at one size."""

    page: int
    text: str
    points: float
    y: float


def _multiply(a: list[float], b: list[float]) -> list[float]:
    return [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]


def spans(pdf: Path) -> list[Span]:
    """Every non-blank text span on every page, with the size it has on paper."""
    out: list[Span] = []
    for number, page in enumerate(PdfReader(pdf).pages, start=1):

        def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
            if not text.strip():
                return
            m = _multiply([float(v) for v in tm], [float(v) for v in cm])
            # The vertical scale of text space on the page: size in points as printed.
            scale = math.hypot(m[2], m[3])
            out.append(Span(number, text.strip(), float(size) * scale, m[5]))  # noqa: B023

        page.extract_text(visitor_text=visit)
    return out


def page_texts(pdf: Path) -> list[str]:
    """Each page's text."""
    # Qt writes a space between words as a gap, which pypdf reads as a tab.
    return [page.extract_text().replace("\t", " ") for page in PdfReader(pdf).pages]

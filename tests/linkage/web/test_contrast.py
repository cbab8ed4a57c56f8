"""The style sheet's colours meet WCAG 2.x contrast (4.5:1 for text, 3:1 for the focus ring)."""

from __future__ import annotations

import re

import pytest

from linkage.web import STATIC_DIR

SOURCE = STATIC_DIR.parent / "frontend" / "src" / "site.css"


def colours() -> dict[str, str]:
    root = SOURCE.read_text().split(":root", 1)[1].split("}", 1)[0]
    return dict(re.findall(r"--([a-z-]+):\s*(#[0-9a-f]{6})", root))


def luminance(hex_colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize(
    ("foreground", "background", "minimum"),
    [
        ("ink", "paper", 4.5),
        ("muted", "paper", 4.5),
        ("muted", "band", 4.5),
        ("ink", "band", 4.5),
        ("accent", "paper", 4.5),
        ("accent-dark", "band", 4.5),
        ("danger", "paper", 4.5),
        ("ok", "paper", 4.5),
        ("paper", "accent", 4.5),  # button text
        ("paper", "danger", 4.5),
        ("paper", "ink", 4.5),  # the header
        ("focus", "ink", 3.0),
    ],
)
def test_text_and_focus_colours_are_readable(
    foreground: str, background: str, minimum: float
) -> None:
    named = colours()
    assert contrast(named[foreground], named[background]) >= minimum

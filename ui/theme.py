"""The high-contrast theme, sized by the UI scale setting."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

THEME = Path(__file__).resolve().parent.parent / "resources" / "theme.qss"
# Sizes at scale 1.0, in pixels: a 64 px touch target is larger than the 44-48 px guidelines
# recommend, for gloved or unsteady hands at a shelter entrance.
_SIZES = {"@SMALL@": 18, "@BASE@": 22, "@LARGE@": 40, "@HUGE@": 72, "@TOUCH@": 64}
# Proportional faces only: in the fixed-pitch IPAGothic every Latin letter takes the same width,
# which reads like a typewriter. Japanese first (Linux: fonts-ipafont-gothic ships IPAPGothic;
# then Windows); then, for the residents' languages, fonts with Hangul, the simplified hanzi
# Japanese fonts lack, and Vietnamese's stacked diacritics (Linux: fonts-noto-cjk and
# fonts-dejavu-core; Windows: Malgun Gothic, Microsoft YaHei UI, Segoe UI). Qt takes each
# character from the first family that has it.
FONT_FAMILIES = [
    "IPAPGothic",
    "Noto Sans CJK JP",
    "Yu Gothic UI",
    "Meiryo",
    "Noto Sans CJK KR",
    "Noto Sans CJK SC",
    "Malgun Gothic",
    "Microsoft YaHei UI",
    "DejaVu Sans",
    "Segoe UI",
]


def apply_theme(app: QApplication, scale: float) -> None:
    """Apply the theme at ``scale`` (1.0 = 100 %)."""
    qss = THEME.read_text(encoding="utf-8")
    for token, size in _SIZES.items():
        qss = qss.replace(token, str(round(size * scale)))
    font = QFont()
    font.setFamilies(FONT_FAMILIES)
    font.setPixelSize(round(_SIZES["@BASE@"] * scale))
    if app.styleSheet() == qss and app.font() == font:
        # Set again, the same theme would still restyle every widget alive: seconds with every
        # screen built, each time the settings are saved.
        return
    app.setFont(font)
    app.setStyleSheet(qss)

"""The coloured panels the desk's pages show verdicts on."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


def banner(name: str, large: bool = True) -> tuple[QWidget, QLabel]:
    """A coloured panel with one label (the citizen screens' colours)."""
    panel = QWidget()
    panel.setObjectName(name)
    panel.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
    label = QLabel()
    if large:
        label.setObjectName("attractSubtitle")
    label.setWordWrap(True)
    QVBoxLayout(panel).addWidget(label)
    return panel, label

"""The declaration at the desk: the voter's statutory reason for voting early, for today."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.voting.model import DeclarationReason
from kiosk.voting.results import VoterView
from ui.i18n import shown_date
from ui.screens.pollworker.texts import reason_text


class DeclarePage(QWidget):
    """The six reasons as buttons, one of which is chosen before the declaration is recorded."""

    def __init__(self) -> None:
        super().__init__()
        self.declare_title = QLabel()
        self.declare_title.setObjectName("attractSubtitle")
        self.declare_title.setWordWrap(True)
        self.reasons = QButtonGroup(self)
        self.reason_buttons: list[QPushButton] = []
        grid = QGridLayout()
        for i, reason in enumerate(DeclarationReason):
            button = QPushButton()
            button.setCheckable(True)
            self.reasons.addButton(button, int(reason))
            self.reason_buttons.append(button)
            grid.addWidget(button, i, 0)
        self.save_declaration = QPushButton()
        self.save_declaration.setObjectName("primary")
        self.cancel_declaration = QPushButton()
        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel_declaration)
        buttons.addStretch(1)
        buttons.addWidget(self.save_declaration)
        column = QVBoxLayout(self)
        column.addWidget(self.declare_title)
        column.addLayout(grid)
        column.addStretch(1)
        column.addLayout(buttons)

    def clear(self) -> None:
        """No reason chosen: the poll worker asks the voter afresh."""
        checked = self.reasons.checkedButton()
        if checked is not None:
            # An exclusive group keeps one button checked; unchecking needs it non-exclusive.
            self.reasons.setExclusive(False)
            checked.setChecked(False)
            self.reasons.setExclusive(True)

    def reason(self) -> int:
        """The chosen reason's number, or -1 when none is chosen."""
        return self.reasons.checkedId()

    def retranslate(self, view: VoterView | None) -> None:
        """Set the texts for the voter of ``view``."""
        self.declare_title.setText(
            self.tr("Declaration at the desk for {name}, voting today ({date}): the reason").format(
                name=view.voter.name if view else "",
                date=shown_date(view.today) if view else "",
            )
        )
        for reason, button in zip(DeclarationReason, self.reason_buttons, strict=True):
            button.setText(reason_text(reason))
        self.save_declaration.setText(self.tr("Record the declaration"))
        self.cancel_declaration.setText(self.tr("Back"))

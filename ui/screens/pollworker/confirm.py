"""The second poll worker's confirmation: their own staff card and PIN, or staff code."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.voting.results import Block, VoterView
from ui.screens.pollworker.texts import tries_text
from ui.widgets import CardPinBox


class ConfirmPage(QWidget):
    """A second person proves who they are before any ballot is issued."""

    def __init__(self) -> None:
        super().__init__()
        self.confirm_title = QLabel()
        self.confirm_title.setObjectName("attractSubtitle")
        self.confirm_title.setWordWrap(True)
        self.worker_card = CardPinBox()
        self.code_box = QGroupBox()
        self.staff_id = QLineEdit()
        self.code = QLineEdit()
        self.code.setEchoMode(QLineEdit.EchoMode.Password)
        self.staff_id_label, self.code_label = QLabel(), QLabel()
        self.code_button = QPushButton()
        self.code_button.setObjectName("primary")
        grid = QGridLayout(self.code_box)
        grid.addWidget(self.staff_id_label, 0, 0)
        grid.addWidget(self.staff_id, 0, 1)
        grid.addWidget(self.code_label, 1, 0)
        grid.addWidget(self.code, 1, 1)
        grid.addWidget(self.code_button, 2, 1)
        self.cancel_confirm = QPushButton()
        row = QHBoxLayout()
        row.addWidget(self.worker_card, 1)
        row.addWidget(self.code_box, 1, Qt.AlignmentFlag.AlignTop)
        column = QVBoxLayout(self)
        column.addWidget(self.confirm_title)
        column.addLayout(row, 1)
        column.addWidget(self.cancel_confirm, 0, Qt.AlignmentFlag.AlignLeft)

    def clear(self, staff_code_allowed: bool) -> None:
        """Empty for a new confirmation; the code form only where the site allows codes."""
        self.worker_card.pin.field.clear()
        self.staff_id.clear()
        self.code.clear()
        self.code_box.setVisible(staff_code_allowed)

    def retranslate(self, view: VoterView | None, tries: int | None) -> None:
        """Set the texts; for a voter who voted online, the title says the ballot cancels it."""
        if view is not None and view.block is Block.VOTED_ONLINE:
            title = self.tr(
                "{name} voted online. A second poll worker confirms that this paper ballot "
                "cancels the online vote: their own staff card and PIN, or staff code."
            )
        else:
            title = self.tr(
                "A second poll worker confirms the ballot for {name}: their own staff card and "
                "PIN, or staff code."
            )
        self.confirm_title.setText(title.format(name=view.voter.name if view else ""))
        self.worker_card.setTitle(self.tr("Second poll worker's card"))
        self.worker_card.hint.setText(
            self.tr("Place your staff card on the reader and enter its 4-digit PIN.")
        )
        self.worker_card.tries_label.setText(tries_text(tries))
        self.code_box.setTitle(self.tr("Staff code"))
        self.staff_id_label.setText(self.tr("Staff ID"))
        self.code_label.setText(self.tr("Code"))
        self.code_button.setText(self.tr("Confirm"))
        self.cancel_confirm.setText(self.tr("Back"))

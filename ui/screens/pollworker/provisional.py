"""The outage page: the platform cannot be reached and the site records provisional votes."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from ui.screens.pollworker.banner import banner


class ProvisionalPage(QWidget):
    """A provisional vote (仮投票) with its reason, or nothing issued."""

    def __init__(self) -> None:
        super().__init__()
        self.outage_panel, self.outage_label = banner("confirmOut")
        self.provisional_reason_label = QLabel()
        self.provisional_reason = QLineEdit()
        self.record_provisional = QPushButton()
        self.record_provisional.setObjectName("primary")
        self.no_provisional = QPushButton()
        self.no_provisional.setObjectName("danger")
        buttons = QHBoxLayout()
        buttons.addWidget(self.no_provisional)
        buttons.addStretch(1)
        buttons.addWidget(self.record_provisional)
        column = QVBoxLayout(self)
        column.addWidget(self.outage_panel)
        column.addWidget(self.provisional_reason_label)
        column.addWidget(self.provisional_reason)
        column.addStretch(1)
        column.addLayout(buttons)

    def ask(self) -> None:
        """Offer the outage itself as the reason, for the poll worker to keep or change."""
        self.provisional_reason.setText(self.tr("The platform could not be reached"))

    def retranslate(self) -> None:
        """Set the texts."""
        self.outage_label.setText(
            self.tr(
                "The platform cannot be reached. This site's procedure: record a provisional "
                "vote (仮投票), flagged for review, and reconciled when the network is back."
            )
        )
        self.provisional_reason_label.setText(self.tr("Reason for the provisional vote"))
        self.record_provisional.setText(self.tr("Record the provisional vote"))
        self.no_provisional.setText(self.tr("Issue nothing"))

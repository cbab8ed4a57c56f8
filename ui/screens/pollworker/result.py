"""The last page: the ballot issued, the provisional vote recorded, or why no ballot."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QVBoxLayout, QWidget

from kiosk.voting.model import PollingSite
from kiosk.voting.results import Blocked, Issued, Outcome
from ui.screens.pollworker.banner import banner
from ui.screens.pollworker.texts import block_text


class ResultPage(QWidget):
    """What the issue came to, in the colour of its verdict."""

    def __init__(self) -> None:
        super().__init__()
        self.result_panel, self.result_label = banner("confirmIn")
        self.result_panel.setMinimumHeight(200)
        self.next_button = QPushButton()
        self.next_button.setObjectName("primary")
        column = QVBoxLayout(self)
        column.addWidget(self.result_panel, 1)
        column.addWidget(self.next_button, 0, Qt.AlignmentFlag.AlignRight)

    def retranslate(self, outcome: Outcome | None, name: str, site: PollingSite | None) -> None:
        """Set the texts: ``outcome`` for the voter ``name`` at ``site``."""
        self.next_button.setText(self.tr("Next voter"))
        if isinstance(outcome, Issued) and outcome.provisional:
            self.result_panel.setObjectName("confirmOut")
            self.result_label.setText(
                self.tr(
                    "Provisional vote recorded for {name}: hand over the ballot and the "
                    "provisional-vote envelope. It is flagged for review."
                ).format(name=name)
            )
        elif isinstance(outcome, Issued):
            self.result_panel.setObjectName("confirmIn")
            self.result_label.setText(
                self.tr("Recorded as voted: hand the ballot to {name}.").format(name=name)
            )
        elif isinstance(outcome, Blocked):
            self.result_panel.setObjectName("confirmError")
            self.result_label.setText(
                block_text(outcome.block, outcome.voted, site, outcome.detail)
            )
        # The colour follows the object name only once the style is applied again.
        self.result_panel.style().unpolish(self.result_panel)
        self.result_panel.style().polish(self.result_panel)

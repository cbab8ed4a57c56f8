"""The voter's page: what the roll and the declaration say, and whether a ballot may be issued."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.voting.model import DeclarationState, MadeVia, Voter
from kiosk.voting.results import Block, VoterView
from ui.i18n import shown_date
from ui.screens.pollworker.banner import banner
from ui.screens.pollworker.texts import block_text, incident_text, reason_text, voted_text

FIELDS = ("name", "kana", "birth", "address", "roll", "reason", "declaration", "status")


class VoterPage(QWidget):
    """One voter to compare with the person at the desk; a hard block leaves no issue button."""

    def __init__(self) -> None:
        super().__init__()
        self.block_panel, self.block_label = banner("confirmError")
        self.compare_box = QGroupBox()
        compare = QFormLayout(self.compare_box)
        self.field_labels: dict[str, QLabel] = {}
        self.values: dict[str, QLabel] = {}
        for key in FIELDS:
            label, value = QLabel(), QLabel()
            value.setObjectName("compareValue")
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.field_labels[key], self.values[key] = label, value
            compare.addRow(label, value)
        self.voter_incidents = QLabel()
        self.voter_incidents.setObjectName("warning")
        self.voter_incidents.setWordWrap(True)
        self.declare_button = QPushButton()
        self.issue_button = QPushButton()
        self.issue_button.setObjectName("primary")
        self.back_button = QPushButton()
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.declare_button)
        buttons.addWidget(self.issue_button)
        column = QVBoxLayout(self)
        column.addWidget(self.block_panel)
        column.addWidget(self.compare_box, 1)
        column.addWidget(self.voter_incidents)
        column.addLayout(buttons)

    def retranslate(
        self, view: VoterView | None, site_names: Mapping[str, str], voters: Mapping[str, Voter]
    ) -> None:
        """Set the texts, and show ``view`` (``site_names`` and ``voters`` name its incidents)."""
        for key, text in {
            "name": self.tr("Name"),
            "kana": self.tr("Furigana"),
            "birth": self.tr("Birth date"),
            "address": self.tr("Address"),
            "roll": self.tr("Roll number"),
            "reason": self.tr("Reason"),
            "declaration": self.tr("Declaration"),
            "status": self.tr("Status"),
        }.items():
            self.field_labels[key].setText(text)
        self.compare_box.setTitle(self.tr("Compare with the voter"))
        self.declare_button.setText(self.tr("Declare at the desk"))
        if view is not None and view.block is Block.VOTED_ONLINE:
            self.issue_button.setText(self.tr("Issue a paper ballot (cancels the online vote)"))
        else:
            self.issue_button.setText(self.tr("Issue the ballot"))
        self.back_button.setText(self.tr("Next voter"))
        if view is not None:
            self._show(view, site_names, voters)

    def _show(
        self, view: VoterView, site_names: Mapping[str, str], voters: Mapping[str, Voter]
    ) -> None:
        voter, declaration = view.voter, view.declaration
        self.values["name"].setText(voter.name)
        self.values["kana"].setText(voter.kana)
        self.values["birth"].setText(shown_date(voter.birth_date))
        self.values["address"].setText(voter.address)
        self.values["roll"].setText(voter.roll_number)
        if declaration is None:
            self.values["reason"].setText("—")
            self.values["declaration"].setText(self.tr("None yet"))
        else:
            self.values["reason"].setText(reason_text(declaration.reason))
            via = (
                self.tr("made online")
                if declaration.made_via is MadeVia.ONLINE
                else self.tr("made at the desk")
            )
            state = (
                self.tr("completed")
                if declaration.state is DeclarationState.COMPLETED
                else self.tr("not completed yet")
            )
            text = self.tr("For {date}, {via}, {state}").format(
                date=shown_date(declaration.vote_date), via=via, state=state
            )
            if view.declared_for_another_day:
                text += self.tr(" — declared for another day: check with the voter")
            self.values["declaration"].setText(text)
        if view.voted is not None:
            self.values["status"].setText(voted_text(view.voted))
        elif view.pending_claim is not None:
            self.values["status"].setText(
                self.tr("Not voted; an earlier issue was not answered by the platform")
            )
        else:
            self.values["status"].setText(self.tr("Not voted"))
        blocked = view.block
        if blocked is None and declaration is None:
            blocked = Block.NO_DECLARATION
        self.block_panel.setVisible(blocked is not None)
        if blocked is not None:
            self.block_label.setText(block_text(blocked, view.voted, view.site))
        can_declare = view.block is None and (
            declaration is None or declaration.state is DeclarationState.COMPLETED
        )
        self.declare_button.setVisible(can_declare)
        self.issue_button.setVisible(blocked in (None, Block.VOTED_ONLINE))
        self.voter_incidents.setText(
            "\n".join(incident_text(i, site_names, voters) for i in view.incidents)
        )

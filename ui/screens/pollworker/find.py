"""The first page: the voter's card (or declaration QR code), or a search of the roll."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QWidget,
)

from kiosk.voting.model import Voter
from ui.i18n import shown_date
from ui.screens.pollworker.texts import tries_text
from ui.widgets import CardPinBox


class FindPage(QWidget):
    """Finding the voter; ``search_asked`` when staff search, ``chosen(voter_id)`` on a pick."""

    search_asked = Signal()
    chosen = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.voter_card = CardPinBox()
        self.search_box = QGroupBox()
        self.query = QLineEdit()
        self.query.returnPressed.connect(self.search_asked)
        self.birth = QLineEdit()
        self.birth.returnPressed.connect(self.search_asked)
        self.query_label, self.birth_label = QLabel(), QLabel()
        self.search_button = QPushButton()
        self.search_button.setObjectName("primary")
        self.search_button.clicked.connect(self.search_asked)
        self.result_list = QListWidget()
        self.result_list.itemActivated.connect(self._picked)
        self.result_list.itemClicked.connect(self._picked)
        grid = QGridLayout(self.search_box)
        grid.addWidget(self.query_label, 0, 0)
        grid.addWidget(self.query, 0, 1)
        grid.addWidget(self.birth_label, 1, 0)
        grid.addWidget(self.birth, 1, 1)
        grid.addWidget(self.search_button, 2, 1)
        grid.addWidget(self.result_list, 3, 0, 1, 2)
        row = QHBoxLayout(self)
        row.addWidget(self.voter_card, 2)
        row.addWidget(self.search_box, 3)

    def clear(self, pin_required: bool) -> None:
        """Empty for the next voter; the PIN pad only where the site requires the card's PIN."""
        self.query.clear()
        self.birth.clear()
        self.result_list.clear()
        self.voter_card.pin.field.clear()
        self.voter_card.pin.setVisible(pin_required)

    def list_voters(self, voters: list[Voter]) -> None:
        """The roll entries a search found, each enough to tell namesakes apart."""
        self.result_list.clear()
        for voter in voters:
            item = QListWidgetItem(
                f"{voter.name}（{voter.kana}）  {shown_date(voter.birth_date)}  {voter.address}"
            )
            item.setData(Qt.ItemDataRole.UserRole, voter.voter_id)
            self.result_list.addItem(item)

    def _picked(self, item: QListWidgetItem) -> None:
        self.chosen.emit(str(item.data(Qt.ItemDataRole.UserRole)))

    def retranslate(self, pin_required: bool, tries: int | None) -> None:
        """Set the texts; the hint asks for the PIN where the site requires it."""
        self.voter_card.setTitle(self.tr("The voter's card"))
        if pin_required:
            self.voter_card.hint.setText(
                self.tr(
                    "Ask the voter to place the card on the reader and enter its 4-digit PIN. "
                    "Or show the declaration QR code to the camera."
                )
            )
        else:
            self.voter_card.hint.setText(
                self.tr(
                    "Ask the voter to place the card on the reader, or to show the declaration "
                    "QR code to the camera."
                )
            )
        self.voter_card.tries_label.setText(tries_text(tries))
        self.search_box.setTitle(self.tr("Search the roll"))
        self.query_label.setText(self.tr("Name or furigana"))
        self.birth_label.setText(self.tr("Birth date"))
        self.birth.setPlaceholderText("1980-01-02")
        self.search_button.setText(self.tr("Search"))

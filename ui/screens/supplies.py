"""The shelter's supplies: stock and requests per item, with the day's need the roster
suggests, entered by any signed-in staff member and sent to the platform (HQ's page shows and
totals them; an HQ entry that is later wins and arrives here through the feed)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from kazasu_protocol.supplies import ITEMS, MAX_QUANTITY
from kiosk.errors import KioskError, error_text
from kiosk.supplies import Supply
from ui.context import Context
from ui.widgets import Translatable

COLUMNS = 4


class SuppliesTab(Translatable):
    """One row per item: stock and request to edit, the suggestion to compare with."""

    def __init__(self, ctx: Context) -> None:
        super().__init__()
        self.ctx = ctx
        self.supplies: list[Supply] = []
        self.changed: list[str] | None = None
        self.error: str | None = None
        self.title = QLabel()
        self.title.setObjectName("sectionTitle")
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.table = QTableWidget(len(ITEMS), COLUMNS)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.stock: dict[str, QSpinBox] = {}
        self.requested: dict[str, QSpinBox] = {}
        self.names = {item: QTableWidgetItem() for item in ITEMS}
        self.suggested = {item: QTableWidgetItem() for item in ITEMS}
        for row, item in enumerate(ITEMS):
            self.table.setItem(row, 0, self.names[item])
            for column, boxes in ((1, self.stock), (2, self.requested)):
                box = QSpinBox()
                box.setRange(0, MAX_QUANTITY)
                box.setObjectName(f"{item}.{'stock' if column == 1 else 'requested'}")
                boxes[item] = box
                self.table.setCellWidget(row, column, box)
            self.table.setItem(row, 3, self.suggested[item])
        self.save_button = QPushButton()
        self.save_button.setObjectName("primary")
        self.save_button.clicked.connect(self.save)
        self.reload = QPushButton()
        self.reload.clicked.connect(self.refresh)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.warning = QLabel()
        self.warning.setObjectName("warning")
        self.warning.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.hint)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.save_button)
        layout.addWidget(self.reload)
        layout.addWidget(self.message)
        layout.addWidget(self.warning)
        self.retranslate()

    def refresh(self) -> None:
        """Load the shelter's supplies and the roster's suggestion in the background."""
        ctx = self.ctx
        ctx.tasks.run(lambda: ctx.kiosk.supplies.of_shelter(ctx.shelter_id), self.show_supplies)

    def show_supplies(self, supplies: list[Supply]) -> None:
        """Show ``supplies`` in the boxes, replacing what was typed."""
        self.supplies = supplies
        for supply in supplies:
            self.stock[supply.item].setValue(supply.stock)
            self.requested[supply.item].setValue(supply.requested)
            self.suggested[supply.item].setText(str(supply.suggested))
        self.retranslate()

    def entered(self) -> dict[str, tuple[int, int]]:
        """What the boxes hold now, per item."""
        return {item: (self.stock[item].value(), self.requested[item].value()) for item in ITEMS}

    def save(self) -> None:
        """Record what staff entered (only changed items are sent), then reload."""
        ctx = self.ctx
        actor, shelter_id, wanted = ctx.actor, ctx.shelter_id, self.entered()

        def done(changed: list[str]) -> None:
            self.changed, self.error = changed, None
            if changed:
                ctx.sync.wake()
            self.retranslate()
            self.refresh()

        ctx.tasks.run(
            lambda: ctx.kiosk.supplies.save(actor, shelter_id, wanted), done, self._refused
        )

    def _refused(self, error: Exception) -> None:
        if not isinstance(error, KioskError):
            raise error
        self.changed, self.error = None, error_text(error)
        self.retranslate()

    def item_names(self) -> dict[str, str]:
        """Each item's name with its unit, as staff count it."""
        return {
            "water": self.tr("Drinking water (litres)"),
            "food": self.tr("Meals"),
            "blankets": self.tr("Blankets"),
            "diapers": self.tr("Baby diapers"),
            "adult_diapers": self.tr("Adult diapers"),
            "formula": self.tr("Infant formula (litres)"),
            "allergen_free_meals": self.tr("Allergen-free meals"),
        }

    def retranslate(self) -> None:
        """Set the texts."""
        self.title.setText(self.tr("Supplies"))
        self.table.setAccessibleName(self.tr("Supplies"))
        self.hint.setText(
            self.tr(
                "Stock at this shelter and what it asks headquarters for. The suggestion is a "
                "day's need of the people present (3 l of water and 3 meals each, diapers and "
                "formula for infants, allergen-free meals, adult diapers for care): a starting "
                "point, not a ration. Headquarters sees and totals what is saved here."
            )
        )
        self.table.setHorizontalHeaderLabels(
            [self.tr("Item"), self.tr("Stock"), self.tr("Requested"), self.tr("Suggested a day")]
        )
        names = self.item_names()
        for item in ITEMS:
            self.names[item].setText(names[item])
            self.stock[item].setAccessibleName(self.tr("{item}: stock").format(item=names[item]))
            self.requested[item].setAccessibleName(
                self.tr("{item}: requested").format(item=names[item])
            )
        self.save_button.setText(self.tr("Save supplies"))
        self.reload.setText(self.tr("Refresh"))
        self.warning.setVisible(self.error is not None)
        if self.error is not None:
            self.warning.setText(self.tr("Not saved: {reason}").format(reason=self.error))
        if self.changed is None:
            self.message.setText("")
        elif self.changed:
            # The list's separator differs by language (、 in Japanese).
            saved = self.tr(", ").join(names[i] for i in self.changed)
            self.message.setText(self.tr("Saved: {items}.").format(items=saved))
        else:
            self.message.setText(self.tr("Nothing changed."))

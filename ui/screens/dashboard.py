"""The counts a shelter reports: present by day and night, households, age bands by sex,
people needing care by kind, people staying outside, capacity and congestion."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QProgressBar,
    QPushButton,
)

from kiosk.counts import AGE_BANDS, UNKNOWN_AGE, Counts
from ui.context import Context
from ui.widgets import BarChart, Translatable

# Occupancy at which the public map changes colour: room, filling, crowded, full.
CONGESTION_STEPS = (0.5, 0.8, 1.0)


def congestion_level(counts: Counts) -> int:
    """0 room, 1 filling, 2 crowded, 3 full; -1 when the capacity is unknown."""
    if not counts.capacity:
        return -1
    return sum(counts.occupancy >= step for step in CONGESTION_STEPS)


class DashboardTab(Translatable):
    """The counts of the kiosk's shelter, refreshed on demand and after every change."""

    def __init__(self, ctx: Context) -> None:
        super().__init__()
        self.ctx = ctx
        self.counts: Counts | None = None
        self.figures = QGroupBox()
        form = QFormLayout(self.figures)
        self.labels: dict[str, QLabel] = {}
        self.values: dict[str, QLabel] = {}
        for key in ("present", "households", "day", "night", "needs_care", "capacity"):
            self.labels[key], self.values[key] = QLabel(), QLabel()
            form.addRow(self.labels[key], self.values[key])
        self.occupancy = QProgressBar()
        self.congestion = QLabel()
        self.congestion.setObjectName("attractSubtitle")
        form.addRow(self.occupancy)
        form.addRow(self.congestion)
        self.care_box = QGroupBox()
        self.care = QLabel()
        self.care.setWordWrap(True)
        QFormLayout(self.care_box).addRow(self.care)
        self.outside_box = QGroupBox()
        self.outside = QLabel()
        QFormLayout(self.outside_box).addRow(self.outside)
        self.chart_box = QGroupBox()
        self.chart = BarChart()
        QFormLayout(self.chart_box).addRow(self.chart)
        self.reload = QPushButton()
        self.reload.clicked.connect(self.refresh)
        layout = QGridLayout(self)
        layout.addWidget(self.figures, 0, 0)
        layout.addWidget(self.chart_box, 0, 1, 2, 1)
        layout.addWidget(self.care_box, 1, 0)
        layout.addWidget(self.outside_box, 2, 0)
        layout.addWidget(self.reload, 2, 1)
        layout.setColumnStretch(1, 1)
        self.retranslate()

    def set_event_site(self, event: bool) -> None:
        """At an event site nobody stays outside it and no care needs are asked: those go."""
        for box in (self.care_box, self.outside_box):
            box.setVisible(not event)

    def refresh(self) -> None:
        """Compute the counts in the background."""
        ctx = self.ctx
        ctx.tasks.run(lambda: ctx.kiosk.counts.for_shelter(ctx.shelter_id), self.show_counts)

    def show_counts(self, counts: Counts) -> None:
        """Show ``counts``."""
        self.counts = counts
        self.retranslate()

    def retranslate(self) -> None:
        """Set the texts and figures."""
        titles = {
            "present": self.tr("People present"),
            "households": self.tr("Households present"),
            "day": self.tr("Present at noon"),
            "night": self.tr("Present at 22:00"),
            "needs_care": self.tr("People needing care"),
            "capacity": self.tr("Capacity"),
        }
        for key, label in self.labels.items():
            label.setText(titles[key])
        self.figures.setTitle(self.tr("Today"))
        self.care_box.setTitle(self.tr("Needing care, by kind"))
        self.outside_box.setTitle(self.tr("Staying outside the shelter"))
        self.chart_box.setTitle(self.tr("Present by age and sex"))
        self.reload.setText(self.tr("Refresh"))
        c = self.counts
        if c is None:
            return
        figures = {
            "present": c.present,
            "households": c.households_present,
            "day": c.day,
            "night": c.night,
            "needs_care": c.needs_care_people,
            "capacity": c.capacity,
        }
        for key, value in figures.items():
            self.values[key].setText(str(value))
        self.occupancy.setRange(0, max(c.capacity, 1))
        self.occupancy.setValue(min(c.present, max(c.capacity, 1)))
        self.occupancy.setFormat(f"{c.occupancy:.0%}")
        level = congestion_level(c)
        self.congestion.setText(
            [
                self.tr("Capacity not set"),
                self.tr("Room available"),
                self.tr("Filling up"),
                self.tr("Crowded"),
                self.tr("Full"),
            ][level + 1]
        )
        kinds = {
            "pregnant": self.tr("Pregnant"),
            "nursing": self.tr("Nursing"),
            "care_required": self.tr("Care required"),
            "allergies": self.tr("Allergies"),
            "medication": self.tr("Medication"),
            "disability:physical": self.tr("Physical disability"),
            "disability:visual": self.tr("Visual disability"),
            "disability:hearing": self.tr("Hearing disability"),
            "disability:mental": self.tr("Mental disability"),
            "disability:intellectual": self.tr("Intellectual disability"),
            "disability:developmental": self.tr("Developmental disability"),
        }
        self.care.setText(
            "\n".join(f"{kinds[k]}: {n}" for k, n in sorted(c.needs_care.items())) or "—"
        )
        places = {
            "home": self.tr("At home"),
            "car": self.tr("In a car"),
            "tent": self.tr("In a tent"),
            "other": self.tr("Elsewhere"),
        }
        self.outside.setText(
            "\n".join(f"{places[k]}: {n}" for k, n in sorted(c.staying_outside.items())) or "—"
        )
        bands = [name for name, _ in AGE_BANDS] + [UNKNOWN_AGE]
        shown = [b for b in bands if b != UNKNOWN_AGE or b in c.by_age_and_sex]
        self.chart.set_data(
            [b if b != UNKNOWN_AGE else "?" for b in shown],
            [
                (self.tr("Male"), [c.by_age_and_sex.get(b, {}).get("male", 0) for b in shown]),
                (
                    self.tr("Female"),
                    [c.by_age_and_sex.get(b, {}).get("female", 0) for b in shown],
                ),
            ],
        )

"""View > Health measurements: one measurement type at a time, every source side by side.

Left: the measurement types the current person has (heart rate, body weight ...),
equivalent codes of different sources merged (``wallet.features.measurements``).  Right: for
the chosen type, either each measurement (date, value, unit, source; the newest
2,000) or a daily summary with one column per source (average, and min-max), which
is computed in SQL and is the default when there are many values; above it, a chart of
the type over a chosen period (``wallet.ui.charts.HealthChart``).  Everything is
read on a worker thread with its own database connection.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from wallet.features import measurements as m
from wallet.terms.clock import format_when
from wallet.ui import whose, workers
from wallet.ui.charts import HealthChart
from wallet.ui.i18n import current as current_language
from wallet.ui.views import embed_view

if TYPE_CHECKING:
    from wallet.store.vault import Vault
    from wallet.ui.main_window import MainWindow

T = TypeVar("T")

DAILY_THRESHOLD = m.RAW_LIMIT
"""Above this many values the daily summary is shown first."""

MODE_DAILY = "daily"
MODE_EACH = "each"


def _when(stamp: str, date_only: bool = False) -> str:
    """A stored time by the clock rule (docs/clock.md): in the zone it happened in, with its
    offset when that is not this computer's; the date alone for a date-only value."""
    from datetime import datetime

    try:
        when = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return stamp
    return format_when(when, date_only=date_only)


class HealthView(QWidget):
    """A non-modal window: measurement types on the left, a table over time on the right."""

    def __init__(self, vault: Vault, person_id: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.vault = vault
        self.person_id = person_id
        self.setWindowTitle(self.tr("Health measurements"))
        self.resize(980, 600)
        self.loading = False
        self.types: list[m.TypeSummary] = []
        self.total = 0
        self._series_reads = workers.LatestRead()

        self.type_list = QListWidget()
        self.type_list.setAccessibleName(self.tr("Measurement types"))
        self.type_list.currentRowChanged.connect(self._type_changed)

        self.mode = QComboBox()
        self.mode.addItem(self.tr("Daily summary"), MODE_DAILY)
        self.mode.addItem(self.tr("Each measurement"), MODE_EACH)
        self.mode.setAccessibleName(self.tr("Show"))
        self.mode.activated.connect(lambda _i: self._load_series())
        self.source = QComboBox()
        self.source.setAccessibleName(self.tr("Source"))
        self.source.activated.connect(lambda _i: self._load_series())
        self.heading = QLabel()
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setWordWrap(True)
        self.note = QLabel()
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note.setWordWrap(True)
        self.table = QTableWidget()
        self.table.setAccessibleName(self.tr("Measurements"))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.setWordWrap(False)
        self.chart = HealthChart(lambda: self.vault)  # the chosen type over a period, above the table

        controls = QHBoxLayout()
        show_label = QLabel(self.tr("&Show:"))
        show_label.setBuddy(self.mode)
        source_label = QLabel(self.tr("S&ource:"))
        source_label.setBuddy(self.source)
        controls.addWidget(show_label)
        controls.addWidget(self.mode)
        controls.addSpacing(12)
        controls.addWidget(source_label)
        controls.addWidget(self.source, 1)

        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.heading)
        rl.addLayout(controls)
        chart_split = QSplitter(Qt.Orientation.Vertical)
        chart_split.addWidget(self.chart)
        chart_split.addWidget(self.table)
        chart_split.setSizes([330, 270])
        rl.addWidget(chart_split, 1)
        rl.addWidget(self.note)

        split = QSplitter()
        split.addWidget(self.type_list)
        split.addWidget(right)
        split.setStretchFactor(1, 1)
        split.setSizes([300, 680])
        layout = QVBoxLayout(self)
        self.whose = whose.whose_label()  # whose measurements these are
        self.whose.setText(whose.showing_text(whose.find_person(vault.persons(), person_id)))
        layout.addWidget(self.whose)
        layout.addWidget(split)
        self.load_types()

    # ------------------------------------------------------------------ types
    def _start(self, fn: Callable[[Vault], T], on_done: Callable[[T], None]) -> None:
        self.loading = True
        workers.run_task(workers.with_reader(self.vault, fn), on_done=on_done, on_error=self._failed)

    def load_types(self) -> None:
        """Read which kinds of measurement the chosen person has, off the GUI thread."""
        person = self.person_id
        self.heading.setText(self.tr("Reading..."))
        lang = current_language()
        self._start(lambda v: m.measurement_types(v, person, lang), self._types_read)

    def _types_read(self, types: list[m.TypeSummary]) -> None:
        self.loading = False
        self.types = types
        self.type_list.clear()
        for t in types:
            item = QListWidgetItem(self.tr("{name} ({count})").format(name=self.type_name(t), count=f"{t.count:,}"))
            item.setData(Qt.ItemDataRole.UserRole, t.key)
            item.setToolTip(self.tr("{name}: {count} values").format(name=self.type_name(t), count=f"{t.count:,}"))
            self.type_list.addItem(item)
        if not types:
            self.heading.setText(self.tr("No measurements for this person yet. Import a health or fitness file."))
            self.table.clear()
            self.table.setRowCount(0)
            self.table.setColumnCount(0)
            self.chart.set_data("", "", "", [], [], 0)
            return
        self.type_list.setCurrentRow(0)

    def type_name(self, t: m.TypeSummary) -> str:
        """The readable, translated name of a measurement type; one without a translation gets an "Other:" prefix."""
        names = {
            "heart_rate": self.tr("Heart rate"),
            "resting_heart_rate": self.tr("Resting heart rate"),
            "blood_pressure": self.tr("Blood pressure"),
            "blood_pressure_systolic": self.tr("Blood pressure (systolic)"),
            "blood_pressure_diastolic": self.tr("Blood pressure (diastolic)"),
            "body_weight": self.tr("Body weight"),
            "body_height": self.tr("Body height"),
            "bmi": self.tr("Body mass index"),
            "steps": self.tr("Steps"),
            "steps_daily": self.tr("Steps per day"),
            "distance": self.tr("Walking and running distance"),
            "active_energy": self.tr("Active energy"),
            "body_temperature": self.tr("Body temperature"),
            "oxygen_saturation": self.tr("Oxygen saturation (SpO2)"),
            "blood_glucose": self.tr("Blood glucose"),
            "respiratory_rate": self.tr("Respiratory rate"),
        }
        if t.key in names:
            return names[t.key]
        if t.known:  # a type of wallet.terms.measures, named there in the app's language
            return t.name
        return self.tr("Other: {name}").format(name=t.name)

    def current_type(self) -> m.TypeSummary | None:
        """The measurement type chosen in the list, or None."""
        row = self.type_list.currentRow()
        return self.types[row] if 0 <= row < len(self.types) else None

    def select_type(self, key: str) -> bool:
        """Choose the measurement type ``key``; False when the person has none of it."""
        for i, t in enumerate(self.types):
            if t.key == key:
                self.type_list.setCurrentRow(i)
                return True
        return False

    def _type_changed(self, _row: int) -> None:
        t = self.current_type()
        if t is None:
            return
        self.mode.setCurrentIndex(0 if t.count > DAILY_THRESHOLD else 1)
        person, key = self.person_id, t.key
        self.source.clear()
        self.source.addItem(self.tr("All sources"), "")
        self._start(lambda v: m.sources(v, key, person), self._sources_read)

    def _sources_read(self, names: list[str]) -> None:
        for name in names:
            self.source.addItem(name, name)
        self._load_series()

    # ----------------------------------------------------------------- series
    def _load_series(self) -> None:
        t = self.current_type()
        if t is None:
            return
        person, key = self.person_id, t.key
        source = self.source.currentData() or None
        mode = self.mode.currentData()

        def job(v: Vault) -> tuple[str, int, Any, tuple[list[m.DailyValue], list[m.Sample]]]:
            total = m.count(v, key, person, source)
            days, items = m.daily(v, key, person, source), m.samples(v, key, person, source)  # the chart takes both
            return mode, total, (m.pivot(days) if mode == MODE_DAILY else items), (days, items)

        self.loading = True
        self._series_reads.start(self.vault, job, on_done=self._series_read, on_error=self._failed)

    def _series_read(self, result: tuple[str, int, Any, tuple[list[m.DailyValue], list[m.Sample]]]) -> None:
        mode, total, data, (days, items) = result  # only the newest request's result arrives here
        self.loading = False
        self.total = total
        t = self.current_type()
        name = self.type_name(t) if t else ""
        unit = (t.unit if t else None) or ""
        self.heading.setText(self.tr("{name}: {count} values").format(name=name, count=f"{total:,}"))
        self.chart.set_data(t.key if t else "", name, unit, days, items, total)
        if mode == MODE_DAILY:
            self._show_pivot(data, unit)
        else:
            self._show_samples(data, total)

    def _show_samples(self, items: list[m.Sample], total: int) -> None:
        self.table.clear()
        self.table.setColumnCount(4)
        self.table.setHorizontalHeaderLabels([self.tr("Date"), self.tr("Value"), self.tr("Unit"), self.tr("Source")])
        self.table.setRowCount(len(items))
        for row, s in enumerate(items):
            shown = s.text  # "72 bpm", "128/82 mmHg": the number part goes in the Value column
            if s.unit and shown.endswith(" " + s.unit):
                shown = shown[: -len(s.unit) - 1]
            value = QTableWidgetItem(shown)
            if not s.main:
                value.setToolTip(self.tr("Also given by a preferred source: counted once, from that source"))
            value.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            cells = [
                QTableWidgetItem(_when(s.local_start or s.start, s.date_only)),
                value,
                QTableWidgetItem(s.unit or ""),
                QTableWidgetItem(s.source),
            ]
            cells[0].setData(Qt.ItemDataRole.UserRole, s.record_id)
            for col, cell in enumerate(cells):
                self.table.setItem(row, col, cell)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        if total > len(items):
            self.note.setText(
                self.tr("Showing the newest {shown} of {total} values. The daily summary covers all of them.").format(
                    shown=f"{len(items):,}", total=f"{total:,}"
                )
            )
        else:
            self.note.setText("")

    def _show_pivot(self, table: m.Pivot, unit: str) -> None:
        self.table.clear()
        self.table.setColumnCount(1 + len(table.sources))
        self.table.setHorizontalHeaderLabels([self.tr("Day"), *table.sources])
        self.table.setRowCount(len(table.days))
        for row, day in enumerate(table.days):
            self.table.setItem(row, 0, QTableWidgetItem(day))
            for col, source in enumerate(table.sources, start=1):
                v = table.cells.get((day, source))
                if v is None:
                    continue
                shown_unit = v.unit or unit
                if v.total is not None or v.average2 is not None:
                    text = m.summary_text(v)  # a day's total of steps; a day's average blood pressure
                elif v.count == 1:
                    text = self.tr("{avg} {unit}").format(avg=m.number_text(v.average), unit=shown_unit)
                else:
                    text = self.tr("{avg} {unit} ({low}–{high})").format(
                        avg=m.number_text(v.average),
                        unit=shown_unit,
                        low=m.number_text(v.minimum),
                        high=m.number_text(v.maximum),
                    )
                cell = QTableWidgetItem(text.strip())
                cell.setToolTip(
                    self.tr(
                        "{source}, {day}: {count} values; lowest {low}, average {avg}, highest {high} {unit}"
                    ).format(
                        source=source,
                        day=day,
                        count=f"{v.count:,}",
                        low=m.number_text(v.minimum),
                        avg=m.number_text(v.average),
                        high=m.number_text(v.maximum),
                        unit=shown_unit,
                    )
                )
                cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, col, cell)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        if table.sources:
            header.setStretchLastSection(True)
        self.note.setText(
            self.tr(
                "One row per day (this computer's time zone), one column per source: the average, "
                "and the lowest and highest value of the day. Hover over a cell for the count."
            )
        )

    def _failed(self, exc: BaseException) -> None:
        self.loading = False
        self.heading.setText(
            self.tr("Could not read the measurements: {error}").format(error=workers.readable_error(exc))
        )


def open_health_view(main_window: MainWindow) -> HealthView | None:
    """View > Health measurements...: for the person chosen in the main window."""
    vault = main_window.vault
    if vault is None:
        return None
    person_id = main_window.current_person_id()
    view = embed_view(
        main_window,
        "health",
        main_window.health_view,
        lambda: HealthView(vault, person_id, main_window),
        reuse=lambda old: old.person_id == person_id,  # another person: a window of its own
    )
    main_window.health_view = view
    return view


__all__ = ["HealthView", "open_health_view"]

"""View > Energy use...: energy per local day and per month, as a table and a bar chart.

Totals come from :func:`wallet.features.energy.daily_totals` / :func:`wallet.features.energy.monthly_totals`
(the meter's local day; only per-interval amounts are summed), computed off the GUI
thread.  One series is shown at a time (commodity and unit: kWh are never added to
therms or m3).  The chart (:class:`wallet.ui.charts.EnergyChart`, pyqtgraph) shows each
day or month beside the same period a year before, when the data has it.

The second tab (:class:`BillPanel`) shows a chosen month's electricity use against the same month
last year, the bill estimated under the tariff in force (every line with how it was computed, and
the tariff's name, source and date) and the saving plan, from
:func:`wallet.features.energy_insights.energy_summary`; for a utility no tariff is known for, the
Green Button file's own costs, or that no tariff is known.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QFont, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from wallet.features.energy import EnergyTotal, daily_totals, monthly_totals
from wallet.features.energy_insights import EnergySummary, energy_summary
from wallet.model import Domain
from wallet.store.vault import Vault
from wallet.terms.money import format_money
from wallet.ui import whose, workers
from wallet.ui.charts import EnergyChart
from wallet.ui.i18n import current as current_language
from wallet.ui.views import embed_view

if TYPE_CHECKING:
    from wallet.ui.main_window import MainWindow

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


@dataclass(frozen=True)
class EnergyData:
    """The daily and monthly totals of every meter series, read once off the GUI thread."""

    daily: list[EnergyTotal]
    monthly: list[EnergyTotal]


def read_energy(vault: Vault, person_id: str | None) -> EnergyData:
    """The person's interval readings, totalled per local day and month (runs on a worker)."""
    records = vault.records(person_id=person_id, domain=Domain.ENERGY, kind="interval_reading", newest_first=False)
    return EnergyData(daily_totals(records), monthly_totals(records))


def format_total(value: float) -> str:
    """An energy total as shown: thousands separated, always three decimals."""
    return f"{value:,.3f}"


def format_cost(cost: Decimal | None, currency: str | None) -> str:
    """A cost rounded to its currency's digits (cents, none for KRW), with the currency's code;
    empty when the utility gave no cost."""
    if cost is None:
        return ""
    return format_money(cost, currency, current_language(), style="code", rounded=True)


def read_bill(vault: Vault, person_id: str | None, month: date | None) -> EnergySummary:
    """The month's use against last year, bill estimate and saving plan (runs on a worker).

    ``month``: any day of the month; None: the latest month with electricity readings.
    """
    records = vault.records(person_id=person_id, domain=Domain.ENERGY, kind="interval_reading", newest_first=False)
    return energy_summary(records, month)


def format_kwh(value: Decimal | None) -> str:
    """Energy in kWh as shown in the bill panel: grouped, three decimals (whole kWh without decimals)."""
    if value is None:
        return ""
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value:,.3f}"


def _signed(value: Decimal) -> str:
    return ("+" if value > 0 else "") + format_kwh(value)


def _cell(text: str, *, right: bool = False, tip: str = "") -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    if right:
        item.setTextAlignment(RIGHT)
    if tip:
        item.setToolTip(tip)
    return item


def _small_table(name: str, headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setAccessibleName(name)
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setTabKeyNavigation(False)
    table.verticalHeader().setVisible(False)
    table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    table.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)  # the panel's width, not the columns'
    return table


def _fit_height(table: QTableWidget) -> None:
    """Show every row: the table is as tall as its rows (the panel scrolls, not the table)."""
    table.resizeRowsToContents()
    height = table.horizontalHeader().height() + 2 * table.frameWidth()
    height += sum(table.rowHeight(r) for r in range(table.rowCount()))
    table.setFixedHeight(height)


class BillPanel(QWidget):
    """The chosen month's electricity use against last year, its bill estimate line by line, and the saving plan.

    For readings no tariff is known for (outside Korea), the Green Button file's own costs are
    shown instead, or that no tariff is known.  Computed by
    :func:`wallet.features.energy_insights.energy_summary` on a worker thread.
    """

    def __init__(self, main_window: MainWindow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.main_window = main_window
        self.summary: EnergySummary | None = None
        self.loading = False
        self._reads = workers.LatestRead()

        self.month_box = QComboBox()
        self.month_box.setAccessibleName(self.tr("Month of the bill estimate"))
        self.month_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        month_label = QLabel(self.tr("Bill &month:"))
        month_label.setBuddy(self.month_box)
        top = QHBoxLayout()
        top.addWidget(month_label)
        top.addWidget(self.month_box)
        top.addStretch(1)

        self.status = QLabel(self.tr("Reading electricity use..."))
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.use_label = QLabel()
        self.use_label.setWordWrap(True)
        self.use_label.setTextFormat(Qt.TextFormat.PlainText)
        self.use_label.setAccessibleName(self.tr("Use against the same month last year"))
        self.use_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.bill_group = QGroupBox(self.tr("Bill estimate"))
        bill_layout = QVBoxLayout(self.bill_group)
        self.bill_title = QLabel()
        self.bill_title.setWordWrap(True)
        self.bill_title.setTextFormat(Qt.TextFormat.PlainText)
        self.bill_title.setStyleSheet("font-weight: bold;")
        self.bill_table = _small_table(self.tr("Lines of the bill estimate"), [self.tr("What"), self.tr("Amount"), ""])
        self.bill_table.setHorizontalHeaderLabels([self.tr("What"), self.tr("Amount"), self.tr("How it was computed")])
        self.bill_table.setWordWrap(True)
        header = self.bill_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.sectionResized.connect(lambda *_: _fit_height(self.bill_table))
        self.tariff_label = QLabel()
        self.tariff_label.setWordWrap(True)
        self.tariff_label.setTextFormat(Qt.TextFormat.PlainText)
        self.tariff_label.setAccessibleName(self.tr("The tariff the estimate uses"))
        self.tariff_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.check_label = QLabel()  # whether the tariff's numbers were checked against the publisher
        self.check_label.setWordWrap(True)
        self.check_label.setTextFormat(Qt.TextFormat.PlainText)
        self.check_label.setStyleSheet("color: palette(placeholder-text);")
        self.note_label = QLabel()  # what use was priced, and that this is an estimate
        self.note_label.setWordWrap(True)
        self.note_label.setTextFormat(Qt.TextFormat.PlainText)
        bill_layout.addWidget(self.bill_title)
        bill_layout.addWidget(self.bill_table)
        bill_layout.addWidget(self.note_label)
        bill_layout.addWidget(self.tariff_label)
        bill_layout.addWidget(self.check_label)

        self.plan_group = QGroupBox(self.tr("Saving plan"))
        plan_layout = QVBoxLayout(self.plan_group)
        self.plan_label = QLabel()
        self.plan_label.setWordWrap(True)
        self.plan_label.setTextFormat(Qt.TextFormat.PlainText)
        self.plan_table = _small_table(
            self.tr("Saving steps"),
            [self.tr("Keep the month at"), self.tr("kWh less"), self.tr("Bill would be"), self.tr("Saving")],
        )
        plan_header = self.plan_table.horizontalHeader()
        plan_header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        plan_header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        plan_layout.addWidget(self.plan_label)
        plan_layout.addWidget(self.plan_table)

        self.costs_group = QGroupBox(self.tr("Costs in the file (as the utility gives them)"))
        costs_layout = QVBoxLayout(self.costs_group)
        self.costs_table = _small_table(
            self.tr("Costs in the file"), [self.tr("Month"), self.tr("Cost"), self.tr("Readings with a cost")]
        )
        costs_header = self.costs_table.horizontalHeader()
        costs_header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        costs_header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        costs_layout.addWidget(self.costs_table)

        body = QWidget()
        inner = QVBoxLayout(body)
        inner.addLayout(top)
        inner.addWidget(self.status)
        inner.addWidget(self.use_label)
        inner.addWidget(self.bill_group)
        inner.addWidget(self.plan_group)
        inner.addWidget(self.costs_group)
        inner.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        for group in (self.bill_group, self.plan_group, self.costs_group):
            group.setVisible(False)
        self.month_box.currentIndexChanged.connect(self._month_chosen)

    # ------------------------------------------------------------ loading
    def load(self, month: date | None = None) -> None:
        """Summarise ``month`` (None: the latest with readings) for the chosen person, off the GUI thread."""
        vault = self.main_window.vault
        if vault is None:
            return
        person = self.main_window.current_person_id()
        self.loading = True
        self._reads.start(
            vault, lambda reader: read_bill(reader, person, month), on_done=self._loaded, on_error=self._failed
        )

    def _month_chosen(self, _index: int = 0) -> None:
        value = self.month_box.currentData()
        if isinstance(value, str):
            self.load(date.fromisoformat(value))

    def _failed(self, exc: BaseException) -> None:
        self.loading = False
        self.summary = None
        for group in (self.bill_group, self.plan_group, self.costs_group):
            group.setVisible(False)
        self.use_label.setText("")
        self.status.setText(
            self.tr("The bill estimate could not be made: {error}").format(error=workers.readable_error(exc))
        )

    def _loaded(self, summary: EnergySummary) -> None:
        self.loading = False
        self.summary = summary
        self._fill_months(summary)
        self.show_summary(summary)

    def _fill_months(self, summary: EnergySummary) -> None:
        self.month_box.blockSignals(True)
        self.month_box.clear()
        for period in summary.months:
            self.month_box.addItem(period.start.strftime("%Y-%m"), period.start.isoformat())
        self.month_box.setCurrentIndex(self.month_box.findData(summary.month.isoformat()))
        self.month_box.setEnabled(bool(summary.months))
        self.month_box.blockSignals(False)

    # ------------------------------------------------------------ showing
    def show_summary(self, s: EnergySummary) -> None:
        """Show the use, the bill (or the file's costs, or why there is none) and the saving plan of ``s``."""
        lang = current_language()
        notes = [self.tr("Meter: {meter}.").format(meter=s.meter)] if s.meter and len(s.meters) > 1 else []
        notes += [self.tr("Note: {note}").format(note=n) for n in s.notes_in(lang)]
        if not s.months:
            self.status.setText(self.tr("There are no electricity readings in the vault for this person."))
        elif s.tariff.tariff is None:
            self.status.setText(
                " ".join([self.tr("No bill estimate: {reason}.").format(reason=s.tariff.explain(lang)), *notes])
            )
        else:
            self.status.setText(" ".join(notes))
        self.status.setVisible(bool(self.status.text()))
        self.use_label.setText(self._use_text(s) if s.months else "")
        self._show_bill(s, lang)
        self._show_plan(s)
        self._show_costs(s)

    def _use_text(self, s: EnergySummary) -> str:
        month = s.month.strftime("%Y-%m")
        use = s.month_use
        if use is None or use.kwh is None:
            return self.tr("No electricity readings in {month}.").format(month=month)
        text = self.tr("Use in {month}: {kwh} kWh (readings on {n} of {days} days).").format(
            month=month, kwh=format_kwh(use.kwh), n=use.days_with_data, days=use.days
        )
        if use.last_year_kwh is None:
            text += " " + self.tr("The same month last year: no readings.")
        else:
            text += " " + self.tr("The same month last year: {kwh} kWh (readings on {n} of {days} days).").format(
                kwh=format_kwh(use.last_year_kwh), n=use.last_year_days_with_data, days=use.last_year_days
            )
            change, percent = use.change_kwh, use.change_percent
            if change is not None:
                pct = f" ({'+' if percent and percent > 0 else ''}{percent}%)" if percent is not None else ""
                text += " " + self.tr("Change: {change} kWh{percent}.").format(change=_signed(change), percent=pct)
            else:
                text += " " + self.tr("No change is given: one of the two months lacks readings on some days.")
        return text

    def _show_bill(self, s: EnergySummary, lang: str) -> None:
        bill, tariff, plan = s.bill, s.tariff.tariff, s.plan
        self.bill_group.setVisible(bill is not None and tariff is not None)
        self.bill_table.setRowCount(0)
        if bill is None or tariff is None:
            return
        self.bill_title.setText(
            self.tr("Estimated bill for {kwh} kWh in {month} ({season}, tier {tier}): {total}").format(
                kwh=format_kwh(bill.kwh),
                month=bill.month.strftime("%Y-%m"),
                season=bill.season.label(lang),
                tier=bill.tier.number,
                total=format_cost(bill.total, bill.currency),
            )
        )
        self.bill_table.setRowCount(len(bill.lines))
        bold = QFont()
        bold.setBold(True)
        for row, line in enumerate(bill.lines):
            cells = [
                _cell(line.label(lang)),
                _cell(format_cost(line.amount, bill.currency), right=True),
                _cell(line.explain(lang), tip=line.explain(lang)),
            ]
            for col, cell in enumerate(cells):
                if line.key in ("charge", "total"):
                    cell.setFont(bold)
                self.bill_table.setItem(row, col, cell)
        _fit_height(self.bill_table)
        self.tariff_label.setText(
            self.tr("Tariff: {name} ({publisher}), in force from {start}.\nSource: {source}").format(
                name=tariff.label(lang),
                publisher=tariff.publisher,
                start=tariff.in_force_from.isoformat(),
                source=tariff.source,
            )
        )
        self.check_label.setText(
            ""
            if tariff.verified
            else self.tr("Not checked against the publisher: {note}").format(note=tariff.verification_note)
        )
        self.check_label.setVisible(not tariff.verified)
        notes = [self.tr("Use priced: {how}.").format(how=plan.explain(lang))] if plan is not None else []
        notes.append(self.tr("An estimate from the calendar month's readings, not a bill."))
        if tariff.billing_note:
            notes.append(tariff.billing_note)
        self.note_label.setText(" ".join(notes))

    def _show_plan(self, s: EnergySummary) -> None:
        plan = s.plan
        self.plan_group.setVisible(plan is not None)
        self.plan_table.setRowCount(0)
        if plan is None:
            return
        currency = plan.bill.currency
        if not plan.steps:
            self.plan_label.setText(
                self.tr("The use of {kwh} kWh is already in the lowest tier: no lower tier to stay in.").format(
                    kwh=format_kwh(plan.bill.kwh)
                )
            )
            self.plan_table.setVisible(False)
            return
        self.plan_label.setText(
            self.tr("With {kwh} kWh the bill is {total}. Using less this month would keep it in a lower tier:").format(
                kwh=format_kwh(plan.bill.kwh), total=format_cost(plan.bill.total, currency)
            )
        )
        self.plan_table.setVisible(True)
        self.plan_table.setRowCount(len(plan.steps))
        for row, step in enumerate(plan.steps):
            what = (
                self.tr("{kwh} kWh (the super-user limit)")
                if step.super_user_limit
                else self.tr("{kwh} kWh (the top of tier {tier})")
            ).format(kwh=f"{step.limit_kwh:,}", tier=step.tier)
            cells = [
                _cell(what),
                _cell(format_kwh(step.kwh_less), right=True),
                _cell(format_cost(step.bill.total, currency), right=True),
                _cell(format_cost(step.saving, currency), right=True),
            ]
            for col, cell in enumerate(cells):
                self.plan_table.setItem(row, col, cell)
        _fit_height(self.plan_table)

    def _show_costs(self, s: EnergySummary) -> None:
        self.costs_group.setVisible(bool(s.costs))
        self.costs_table.setRowCount(len(s.costs))
        for row, c in enumerate(s.costs):
            cells = [
                _cell(c.month.strftime("%Y-%m")),
                _cell(format_cost(c.cost, c.currency), right=True),
                _cell(self.tr("{n} of {total}").format(n=c.readings_with_cost, total=c.readings), right=True),
            ]
            for col, cell in enumerate(cells):
                self.costs_table.setItem(row, col, cell)
        _fit_height(self.costs_table)


class EnergyView(QWidget):
    """A window: series and period pickers, a table of totals and a bar chart of them."""

    def __init__(self, main_window: MainWindow) -> None:
        super().__init__(main_window, Qt.WindowType.Window)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.main_window = main_window
        self.setWindowTitle(self.tr("Energy use"))
        self.resize(900, 620)
        self.data = EnergyData([], [])
        self.loading = True
        self._reads = workers.LatestRead()

        outer = QVBoxLayout(self)
        self.whose = whose.whose_label()  # whose readings these are
        outer.addWidget(self.whose)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(self.tr("Energy use and bill estimate"))
        use_page = QWidget()
        layout = QVBoxLayout(use_page)
        self.tabs.addTab(use_page, self.tr("&Use"))
        self.bill = BillPanel(main_window)  # the month's bill estimate, saving plan or the file's own costs
        self.tabs.addTab(self.bill, self.tr("&Bill estimate and saving plan"))
        outer.addWidget(self.tabs, 1)
        top = QHBoxLayout()
        self.series_box = QComboBox()
        self.series_box.setAccessibleName(self.tr("Commodity and unit"))
        self.series_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.period_box = QComboBox()
        self.period_box.setAccessibleName(self.tr("Totals per day or per month"))
        self.period_box.addItem(self.tr("Per day"), "day")
        self.period_box.addItem(self.tr("Per month"), "month")
        self.month_box = QComboBox()
        self.month_box.setAccessibleName(self.tr("Month whose days are shown"))
        for text, box in (
            (self.tr("&Series:"), self.series_box),
            (self.tr("&Totals:"), self.period_box),
            (self.tr("&Month:"), self.month_box),
        ):
            label = QLabel(text)
            label.setBuddy(box)
            top.addWidget(label)
            top.addWidget(box)
        top.addStretch(1)
        layout.addLayout(top)
        self.status = QLabel(self.tr("Reading energy use..."))
        self.status.setWordWrap(True)
        self.status.setAccessibleName(self.tr("Energy summary"))
        layout.addWidget(self.status)

        self.model = QStandardItemModel(0, 0)
        proxy = QSortFilterProxyModel(self)
        proxy.setSourceModel(self.model)
        proxy.setSortRole(SORT_ROLE)
        self.table = QTableView()
        self.table.setModel(proxy)
        self.table.setAccessibleName(self.tr("Energy totals"))
        self.table.setSortingEnabled(True)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.chart = EnergyChart(lambda: self.main_window.vault)
        self.chart.setAccessibleName(self.tr("Bar chart of energy use"))
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.chart)
        splitter.addWidget(self.table)
        splitter.setSizes([340, 260])
        layout.addWidget(splitter, 1)

        self.series_box.currentIndexChanged.connect(self._series_changed)
        self.period_box.currentIndexChanged.connect(self._series_changed)
        self.month_box.currentIndexChanged.connect(self.show_current)
        main_window.locked.connect(self.close)
        main_window.person_box.currentIndexChanged.connect(self._person_changed)
        self.load()

    def _person_changed(self, _index: int = 0) -> None:
        if self.main_window.vault is not None:
            self.load()

    # ------------------------------------------------------------ loading
    def load(self) -> None:
        """Read the totals for the chosen person off the GUI thread."""
        vault = self.main_window.vault
        if vault is None:
            return
        person = self.main_window.current_person_id()
        self.whose.setText(whose.showing_text(self.main_window.current_person()))
        self.loading = True
        self._reads.start(
            vault, lambda reader: read_energy(reader, person), on_done=self._loaded, on_error=self._failed
        )
        self.bill.load()

    def _failed(self, exc: BaseException) -> None:
        self.loading = False
        self.status.setText(self.tr("The energy readings could not be read."))
        self.main_window.show_error(
            self.tr("Energy use"),
            self.tr("The energy readings could not be read: {error}").format(error=workers.readable_error(exc)),
        )

    def _loaded(self, data: EnergyData) -> None:
        self.data = data
        series = sorted({(t.commodity, t.unit) for t in data.monthly})
        self.series_box.blockSignals(True)
        self.series_box.clear()
        for commodity, unit in series:
            self.series_box.addItem(
                self.tr("{commodity} ({unit})").format(commodity=self._commodity(commodity), unit=unit),
                (commodity, unit),
            )
        self.series_box.blockSignals(False)
        self.series_box.setMinimumWidth(self.series_box.sizeHint().width())  # the whole name, not "Electricit"
        self.loading = False
        for box in (self.series_box, self.period_box, self.month_box):
            box.setEnabled(bool(series))
        self._series_changed()

    def _commodity(self, name: str) -> str:
        known = {
            "electricity": self.tr("Electricity"),
            "gas": self.tr("Gas"),
            "naturalGas": self.tr("Gas"),
            "water": self.tr("Water"),
            "energy": self.tr("Energy"),
        }
        return known.get(name, name)

    # ------------------------------------------------------------ showing
    def current_series(self) -> tuple[str, str] | None:
        """The chosen (commodity, unit) series, or None when there is no energy data."""
        value = self.series_box.currentData()
        return (str(value[0]), str(value[1])) if isinstance(value, tuple | list) and len(value) == 2 else None

    def monthly(self) -> bool:
        """Whether the view shows totals per month rather than per day."""
        return bool(self.period_box.currentData() == "month")

    def _series_changed(self, _index: int = 0) -> None:
        series = self.current_series()
        months = [t.period for t in self.data.monthly if (t.commodity, t.unit) == series]
        self.month_box.blockSignals(True)
        self.month_box.clear()
        for m in months:
            self.month_box.addItem(m.strftime("%Y-%m"), m.isoformat())
        self.month_box.setCurrentIndex(len(months) - 1)  # the latest month
        self.month_box.blockSignals(False)
        self.month_box.setEnabled(bool(months) and not self.monthly())
        self.show_current()

    def shown_totals(self) -> list[EnergyTotal]:
        """The totals of the chosen series: every month, or the days of the chosen month."""
        series = self.current_series()
        if series is None:
            return []
        if self.monthly():
            return [t for t in self.data.monthly if (t.commodity, t.unit) == series]
        month = self.month_box.currentData()
        return [
            t
            for t in self.data.daily
            if (t.commodity, t.unit) == series and t.period.replace(day=1).isoformat() == month
        ]

    def show_current(self, _index: int = 0) -> None:
        """Fill the table and the chart with the chosen series and period."""
        totals = self.shown_totals()
        monthly = self.monthly()
        model = self.model
        model.clear()
        model.setHorizontalHeaderLabels(
            [
                self.tr("Month") if monthly else self.tr("Date"),
                self.tr("Total"),
                self.tr("Unit"),
                self.tr("Readings"),
                self.tr("Commodity"),
                self.tr("Cost"),
            ]
        )
        for t in totals:
            label = t.period.strftime("%Y-%m") if monthly else t.period.isoformat()
            row = [
                (label, t.period.isoformat(), False),
                (format_total(t.total), t.total, True),
                (t.unit, t.unit, False),
                (str(t.readings), t.readings, True),
                (self._commodity(t.commodity), t.commodity, False),
                (format_cost(t.cost, t.currency), float(t.cost) if t.cost is not None else -1.0, True),
            ]
            items = []
            for text, key, right in row:
                item = QStandardItem(text)
                item.setEditable(False)
                item.setData(key, SORT_ROLE)
                if right:
                    item.setTextAlignment(RIGHT)
                items.append(item)
            model.appendRow(items)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        unit = totals[0].unit if totals else ""
        series = self.current_series()
        every = [t for t in (self.data.monthly if monthly else self.data.daily) if (t.commodity, t.unit) == series]
        name = self._commodity(series[0]) if series else ""
        self.chart.show_totals(totals, every, monthly=monthly, unit=unit, name=name)
        if self.loading:
            return
        if not self.data.monthly:
            self.status.setText(self.tr("There are no energy readings in the vault for this person."))
            return
        whole = sum(Decimal(repr(t.total)) for t in totals)
        readings = sum(t.readings for t in totals)
        template = self.tr("Total {total} {unit}; readings: {readings}; periods shown: {n} (the meter's local time).")
        text = template.format(total=format_total(float(whole)), unit=unit, readings=readings, n=len(totals))
        self.status.setText(text)
        self.chart.setAccessibleDescription(text)


def open_energy_view(main_window: MainWindow) -> EnergyView | None:
    """Open (or bring forward) the energy window of ``main_window``."""
    if main_window.vault is None:
        return None
    view = embed_view(
        main_window, "energy", main_window.energy_view, lambda: EnergyView(main_window), refresh=EnergyView.load
    )
    main_window.energy_view = view
    return view

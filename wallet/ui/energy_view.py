"""View > Energy use...: energy per local day and per month, as a table and a bar chart.

Totals come from :func:`wallet.features.energy.daily_totals` / :func:`wallet.features.energy.monthly_totals`
(the meter's local day; only per-interval amounts are summed), computed off the GUI
thread.  One series is shown at a time (commodity and unit: kWh are never added to
therms or m3).  The chart (:class:`wallet.ui.charts.EnergyChart`, pyqtgraph) shows each
day or month beside the same period a year before, when the data has it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from wallet.features.energy import EnergyTotal, daily_totals, monthly_totals
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

        layout = QVBoxLayout(self)
        self.whose = whose.whose_label()  # whose readings these are
        layout.addWidget(self.whose)
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

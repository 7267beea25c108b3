"""View > Energy use... (wallet.ui.energy_view) on real Green Button files, offscreen."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtWidgets", reason="the desktop app needs PySide6")
pytest.importorskip("pytestqt", reason="the desktop app tests need pytest-qt")

from conftest import DEMO, FIXTURES
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from ui_support import open_window

from wallet.imports.connector import Source
from wallet.imports.pipeline import import_source
from wallet.model import Domain, Provenance, Record
from wallet.ui.energy_view import EnergyView, open_energy_view
from wallet.ui.main_window import ENERGY_VIEW_HOOK, MainWindow

GB = FIXTURES / "green_button"
GOLDEN = Path(__file__).parent / "golden" / "green_button"
WAIT = 20000
SHOTS = os.environ.get("WALLET_SCREENSHOTS")  # a folder: save screenshots there


pytestmark = pytest.mark.usefixtures("gui_env")  # conftest.py: GUI-thread gc, temporary QSettings, English


def open_view(qtbot, vault_dir, vault) -> tuple[MainWindow, EnergyView]:
    window = open_window(qtbot, vault_dir, vault)
    view = open_energy_view(window)
    assert isinstance(view, EnergyView)
    qtbot.waitUntil(lambda: not view.loading, timeout=WAIT)
    return window, view


def cells(table) -> list[list[str]]:
    model = table.model()
    return [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]


def shot(widget, name: str) -> None:
    if SHOTS:
        widget.grab().save(str(Path(SHOTS) / name))


@pytest.mark.slow
def test_one_local_day_of_green_button_shows_the_pinned_daily_total(qtbot, vault_dir, vault):
    golden = json.loads((GOLDEN / "test_usage_data_01.json").read_text())
    import_source(vault, Source(DEMO / "test_usage_data_01.xml"))
    _window, view = open_view(qtbot, vault_dir, vault)
    assert view.series_box.currentText() == "Electricity (kWh)"
    rows = cells(view.table)
    # 96 quarter-hours from 00:00 to 23:45 EST on 2012-03-01: one local day
    expected_total = f"{float(golden['totals']['kWh']):,.3f}"
    assert rows == [
        ["2012-03-01", expected_total, "kWh", str(golden["counts"]["interval_reading"]), "Electricity", "11.48 USD"]
    ]  # the 96 <cost> values add up to 1148274 / 10^5
    assert view.chart.bars == [("03-01", pytest.approx(93.846))]
    assert view.table.model().index(0, 1).data(Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight
    view.period_box.setCurrentIndex(1)  # per month
    assert cells(view.table)[0][:4] == ["2012-03", expected_total, "kWh", "96"]
    assert "Total 93.846 kWh; readings: 96" in view.status.text()
    shot(view, "energy-one-day.png")


@pytest.mark.slow
def test_a_year_of_hourly_readings_per_month_and_per_day(qtbot, vault_dir, vault):
    import_source(vault, Source(GB / "Coastal_Multi_Family_Daily_Jan_1_2011_to_Jan_1_2012_RetailCustomer_4.xml"))
    _window, view = open_view(qtbot, vault_dir, vault)
    # per day: the latest month is shown, one row (and one bar) per local day
    assert view.month_box.currentText() == "2011-12"
    rows = cells(view.table)
    assert len(rows) == 31 and len(view.chart.bars) == 31
    assert all(r[3] == "24" for r in rows)  # hourly readings, local days (PST)
    shot(view, "energy-days.png")
    view.period_box.setCurrentIndex(1)
    months = cells(view.table)
    assert [r[0] for r in months] == [f"2011-{m:02d}" for m in range(1, 13)]
    assert sum(int(r[3]) for r in months) == 8760
    # the whole year adds up to the pinned total (4,425.305 kWh)
    assert "Total 4,425.305 kWh; readings: 8760; periods shown: 12" in view.status.text()
    shot(view, "energy-months.png")
    img = QImage(view.chart.grab().toImage())
    assert not img.isNull()


@pytest.mark.slow
def test_units_are_separate_series_never_added(qtbot, vault_dir, vault):
    import_source(vault, Source(DEMO / "test_usage_data_01.xml"))
    start = datetime(2012, 3, 1, 12, tzinfo=UTC)
    gas = [
        Record(
            domain=Domain.ENERGY,
            kind="interval_reading",
            title="Gas use",
            start=start + timedelta(hours=i),
            end=start + timedelta(hours=i + 1),
            value=1.5,
            unit="m3",
            payload={"commodity": "gas"},
            provenance=Provenance(connector_id="green_button", connector_version="1", source_name="gas.xml"),
        )
        for i in range(4)
    ]
    vault.add_records(gas)
    _window, view = open_view(qtbot, vault_dir, vault)
    series = [view.series_box.itemText(i) for i in range(view.series_box.count())]
    assert series == ["Electricity (kWh)", "Gas (m3)"]
    view.series_box.setCurrentIndex(1)
    assert cells(view.table) == [["2012-03-01", "6.000", "m3", "4", "Gas", ""]]


def test_empty_vault_and_accessible_names(qtbot, vault_dir, vault):
    window, view = open_view(qtbot, vault_dir, vault)
    assert "no energy readings" in view.status.text()
    assert view.chart.bars == []
    for w in (view.series_box, view.period_box, view.month_box, view.table, view.chart, view.status):
        assert w.accessibleName()
    window._open_hook(ENERGY_VIEW_HOOK)  # the menu brings the same window forward
    assert window.energy_view is view
    assert view.table.model().rowCount() == 0


@pytest.mark.slow
def test_chart_takes_its_colours_from_the_palette(qtbot, vault_dir, vault):
    from PySide6.QtGui import QColor, QPalette

    import_source(vault, Source(DEMO / "test_usage_data_01.xml"))
    _window, view = open_view(qtbot, vault_dir, vault)
    dark = QPalette(view.chart.palette())
    dark.setColor(QPalette.ColorRole.Base, QColor(20, 20, 24))
    dark.setColor(QPalette.ColorRole.Text, QColor(230, 230, 230))
    dark.setColor(QPalette.ColorRole.Highlight, QColor(200, 120, 0))
    view.chart.setPalette(dark)
    view.chart.resize(400, 200)
    img = view.chart.plot.grab().toImage()  # the pyqtgraph plot (wallet/ui/charts.py)
    assert img.pixelColor(img.width() - 3, 3) == QColor(20, 20, 24)  # background: Base
    bar = [(x, y) for x in range(0, img.width(), 2) for y in range(0, img.height(), 2)]
    assert sum(1 for x, y in bar if img.pixelColor(x, y) == QColor(200, 120, 0)) > 50  # the one bar: Highlight
    shot(view, "energy-dark.png")

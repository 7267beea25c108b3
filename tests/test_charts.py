"""Charts in the health, money and energy views (wallet.ui.charts, pyqtgraph), pytest-qt, offscreen.

The views are made directly (the way the main window makes them), on vaults whose values are
known: the counts and heights of what is drawn are checked against them, not against the chart.
"""

from __future__ import annotations

import io
import os
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtWidgets", reason="the desktop app needs PySide6")
pytest.importorskip("pytestqt", reason="the desktop app tests need pytest-qt")
pytest.importorskip("pyqtgraph", reason="the charts need pyqtgraph")

from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtWidgets import QComboBox, QWidget
from test_measurements import import_both

from wallet.features import measurements as m
from wallet.model import Domain, Provenance, Record
from wallet.ui.charts import HealthChart, day_x, month_x
from wallet.ui.energy_view import EnergyView
from wallet.ui.finance_view import FinanceView
from wallet.ui.health_view import HealthView

WAIT = 20000
SHOTS = os.environ.get("WALLET_SCREENSHOTS")  # a folder: save screenshots there

pytestmark = pytest.mark.usefixtures("gui_env")  # conftest.py: GUI-thread gc, temporary QSettings, English


class Owner(QWidget):
    """What the money and energy views take from the main window: the vault, whose data, lock."""

    locked = Signal()

    def __init__(self, vault) -> None:
        super().__init__()
        self.vault = vault
        self.person_box = QComboBox()
        self.errors: list[str] = []

    def current_person_id(self) -> str:
        return self.vault.holder().id

    def current_person(self):
        return self.vault.holder()

    def show_error(self, title: str, text: str) -> None:
        self.errors.append(text)


def owned(qtbot, vault, view_class):
    owner = Owner(vault)
    qtbot.addWidget(owner)
    view = view_class(owner)
    view.show()
    qtbot.waitUntil(lambda: not view.loading, timeout=WAIT)
    assert owner.errors == []
    return view


def shot(widget, name: str) -> None:
    if SHOTS:
        widget.grab().save(str(Path(SHOTS) / name))


def health_view(qtbot, vault, key: str) -> HealthView:
    view = HealthView(vault, vault.holder().id)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitUntil(lambda: view.type_list.count() > 0 and not view.loading, timeout=WAIT)
    assert view.select_type(key)
    qtbot.waitUntil(lambda: not view.loading and view.chart.key == key, timeout=WAIT)
    return view


def by_name(chart, name: str):
    return next(s for s in chart.series if s.name == name)


def steps(days: int) -> list[Record]:
    """Two walks a day (1,000 and 2,500 steps) for ``days`` days: each day's total is 3,500."""
    prov = Provenance(connector_id="fitbit", connector_version="1", source_name="steps.json")
    first = datetime(2024, 1, 1, tzinfo=UTC)
    out = []
    for d in range(days):
        for hour, count in ((8, 1000.0), (18, 2500.0)):
            start = first + timedelta(days=d, hours=hour)
            out.append(
                Record(
                    domain=Domain.FITNESS,
                    kind="steps",
                    title="Steps",
                    start=start,
                    end=start + timedelta(hours=1),
                    value=count,
                    unit="steps",
                    provenance=prov,
                )
            )
    return out


def blood_pressure(vault) -> None:
    """One FHIR blood-pressure panel: 121/79 mmHg on 2024-02-01 (as in tests/test_measurements.py)."""
    prov = Provenance(connector_id="fhir", connector_version="1", source_name="bp.json")

    def part(code: str, value: int) -> dict:
        return {"code": {"coding": [{"system": m.LOINC, "code": code}]}, "valueQuantity": {"value": value}}

    panel = {"resourceType": "Observation", "component": [part("8480-6", 121), part("8462-4", 79)]}
    record = Record(
        domain=Domain.HEALTH,
        kind="Observation",
        title="Blood pressure",
        start=datetime(2024, 2, 1, 8, tzinfo=UTC),
        code_system=m.LOINC,
        code="85354-9",
        payload=panel,
        provenance=prov,
    )
    vault.add_records([record])


def test_few_heart_rates_are_drawn_one_by_one_with_value_date_and_source(qtbot, vault):
    import_both(vault)  # 64 (hospital, 1 March 09:00 +09:00), 71 (watch, 1 March 10:00), 75 (watch, 2 March)
    view = health_view(qtbot, vault, "heart_rate")
    chart = view.chart
    assert chart.mode == "readings"
    (line,) = chart.series
    assert line.ys == [64.0, 71.0, 75.0]
    # the wall-clock time in the zone each reading happened in: 09:00 on 1 March
    assert line.xs[0] == datetime(2024, 3, 1, 9, tzinfo=UTC).timestamp()
    tip = chart.tip_at(line.xs[0], line.ys[0])
    assert tip is not None and tip.startswith("64 bpm · ") and "Hospital record (FHIR)" in tip
    assert chart.tip_at(line.xs[0], 200.0) is None  # far from every point: nothing named
    # the pointer over the second point: the line under the chart names it
    vb = chart.plot.getPlotItem().vb
    chart.plot.scene().sigMouseMoved.emit(vb.mapViewToScene(QPointF(line.xs[1], line.ys[1])))
    assert chart.hover.text().startswith("71 bpm · ") and chart.hover.text().endswith("· Watch")
    left = chart.plot.getPlotItem().getAxis("left").labelText
    assert left == "Heart rate (bpm)"
    shot(view, "chart-heart-rate.png")


def test_blood_pressure_is_one_reading_drawn_as_a_pair(qtbot, vault):
    blood_pressure(vault)
    view = health_view(qtbot, vault, "blood_pressure")
    chart = view.chart
    assert chart.mode == "readings"
    systolic, diastolic = by_name(chart, "Systolic"), by_name(chart, "Diastolic")
    assert (systolic.ys, diastolic.ys) == ([121.0], [79.0])  # both series from the one reading
    assert systolic.xs == diastolic.xs
    (stem,) = [s for s in chart.series if s.style == "stems"]
    assert (stem.lows, stem.ys) == ([79.0], [121.0])  # the vertical bar joins the pair
    tip = chart.tip_at(systolic.xs[0], 79.0)
    assert tip is not None and tip.startswith("121/79 mmHg")
    assert chart.plot.getPlotItem().getAxis("left").labelText == "Blood pressure (mmHg)"
    shot(view, "chart-blood-pressure.png")


def test_many_readings_are_daily_averages_with_the_days_range(qtbot, vault):
    from test_measurements import many_heart_rates

    vault.add_records(many_heart_rates(5000))  # 7 minutes apart from 1 January 2024 UTC: 25 days
    view = health_view(qtbot, vault, "heart_rate")
    chart = view.chart
    chart.set_period("all")
    assert chart.mode == "daily"
    band, line = by_name(chart, "Lowest to highest of the day"), by_name(chart, "Daily average")
    assert len(line.xs) == len(band.xs) == 25
    assert line.xs[0] == day_x("2024-01-01")
    expected = [60 + i % 40 for i in range(5000) if i * 7 < 24 * 60]  # the readings of 1 January
    assert line.ys[0] == pytest.approx(sum(expected) / len(expected))
    assert (band.lows[0], band.ys[0]) == (min(expected), max(expected))
    shot(view, "chart-heart-rate-daily.png")


def test_steps_are_daily_totals_and_the_period_picks_the_days(qtbot, vault):
    vault.add_records(steps(100))
    view = health_view(qtbot, vault, "steps")
    chart = view.chart
    assert chart.mode == "totals"
    for period, days in (("30", 30), ("90", 90), ("365", 100), ("all", 100)):
        chart.set_period(period)
        (bars,) = chart.series
        assert bars.style == "bars" and len(bars.xs) == days
        assert set(bars.ys) == {3500.0}  # 1,000 + 2,500: the day's total, not its average
    assert bars.xs[-1] == day_x(date(2024, 1, 1) + timedelta(days=99))  # the period ends at the newest day
    assert "3,500 steps in total" in (chart.tip_at(bars.xs[-1], 1000.0) or "")
    shot(view, "chart-steps.png")


def test_save_chart_as_png_writes_a_png_through_the_audited_way(qtbot, vault, tmp_path):
    from PIL import Image

    import_both(vault)
    view = health_view(qtbot, vault, "heart_rate")
    target = view.chart.save_png(tmp_path / "heart.png")
    data = target.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    with Image.open(io.BytesIO(data)) as img:
        img.load()
        assert img.format == "PNG"
        size = view.chart.plot.grab().size()
        assert img.size == (size.width(), size.height()) and img.width > 100 and img.height > 100
        assert len(img.getcolors(maxcolors=1 << 16) or range(1 << 16)) > 10  # drawn, not one flat colour
    assert oct(target.stat().st_mode & 0o777) == "0o600"  # owner-only, like every file that leaves the vault
    entry = vault.audit_entries(limit=1)[0]
    assert entry["action"] == "chart.export"
    assert entry["detail"]["bytes"] == len(data)
    assert "64" not in str(entry["detail"].get("chart"))  # what the chart is, never its values


def test_an_empty_type_list_draws_nothing(qtbot, vault):
    view = HealthView(vault, vault.holder().id)
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: not view.loading, timeout=WAIT)
    assert view.chart.series == [] and view.chart.mode == ""


def test_health_chart_without_a_vault_refuses_to_save(qtbot, tmp_path):
    chart = HealthChart(lambda: None)
    qtbot.addWidget(chart)
    with pytest.raises(RuntimeError):
        chart.save_png(tmp_path / "x.png")
    assert not (tmp_path / "x.png").exists()


# ---------------------------------------------------------------------- money
def transactions(account: str, currency: str, amounts: dict[str, list[str]]) -> list[Record]:
    prov = Provenance(connector_id="bank_csv", connector_version="1", source_name=f"{account}.csv")
    out = []
    for day, values in amounts.items():
        for i, amount in enumerate(values):
            out.append(
                Record(
                    domain=Domain.FINANCE,
                    kind="transaction",
                    title="Payment",
                    start=datetime.fromisoformat(day).replace(hour=10 + i, tzinfo=UTC),
                    value=float(amount),
                    unit=currency,
                    payload={"amount": amount, "account": account, "payee": f"Shop {i}"},
                    provenance=prov,
                )
            )
    return out


def test_money_chart_has_income_and_spending_per_month_in_one_currency(qtbot, vault):
    krw = {"2024-01-05": ["2500000", "-4500"], "2024-02-10": ["-120000", "-30000"], "2024-03-01": ["2500000"]}
    usd = {"2024-02-03": ["-12.50"]}
    vault.add_records(transactions("Checking", "KRW", krw) + transactions("Travel", "USD", usd))
    view = owned(qtbot, vault, FinanceView)
    assert view.account_box.count() == 2
    view.account_box.setCurrentIndex(view.account_box.findText("Checking", flags=Qt.MatchFlag.MatchStartsWith))
    chart = view.chart
    income, spending = by_name(chart, "Income"), by_name(chart, "Spending")
    months = [month_x(date(2024, m_, 1)) for m_ in (1, 2, 3)]
    assert income.xs == spending.xs == months
    assert income.ys == [2500000.0, 0.0, 2500000.0]
    assert spending.ys == [4500.0, 150000.0, 0.0]  # spending as a height; the tables keep the minus sign
    assert chart.plot.getPlotItem().getAxis("left").labelText == "Amount (KRW)"
    tip = chart.tip_at(months[1] + spending.offset, 100000.0)
    assert tip is not None and "spending 150,000 KRW" in tip
    shot(view, "chart-money.png")
    # the dollar account: its own chart, never added to the won
    view.account_box.setCurrentIndex(view.account_box.findText("Travel", flags=Qt.MatchFlag.MatchStartsWith))
    assert by_name(chart, "Spending").ys == [12.5]
    assert chart.plot.getPlotItem().getAxis("left").labelText == "Amount (USD)"


# ---------------------------------------------------------------------- energy
def energy(days: list[str], kwh: float) -> list[Record]:
    prov = Provenance(connector_id="green_button", connector_version="1", source_name="use.xml")
    out = []
    for day in days:
        start = datetime.fromisoformat(day).replace(tzinfo=UTC)
        for h in range(24):
            out.append(
                Record(
                    domain=Domain.ENERGY,
                    kind="interval_reading",
                    title="Electricity use",
                    start=start + timedelta(hours=h),
                    end=start + timedelta(hours=h + 1),
                    value=kwh,
                    unit="kWh",
                    payload={"commodity": "electricity"},
                    provenance=prov,
                )
            )
    return out


def test_energy_chart_puts_the_same_period_a_year_before_beside(qtbot, vault):
    vault.add_records(
        energy(["2023-03-01", "2023-03-02"], 0.5) + energy(["2024-03-01", "2024-03-02", "2024-03-03"], 1.0)
    )
    view = owned(qtbot, vault, EnergyView)
    chart = view.chart
    # per day, the latest month: three days of 24 kWh, two of them beside 12 kWh a year before
    assert view.month_box.currentText() == "2024-03"
    assert chart.bars == [("03-01", 24.0), ("03-02", 24.0), ("03-03", 24.0)]
    now, before = by_name(chart, "This period"), by_name(chart, "Same period a year before")
    assert now.xs == [day_x("2024-03-01"), day_x("2024-03-02"), day_x("2024-03-03")]
    assert before.xs == now.xs[:2] and before.ys == [12.0, 12.0]
    assert chart.plot.getPlotItem().getAxis("left").labelText == "kWh per day"
    shot(view, "chart-energy-days.png")
    view.period_box.setCurrentIndex(1)  # per month
    assert chart.bars == [("2023-03", 24.0), ("2024-03", 72.0)]
    before = by_name(chart, "Same period a year before")
    assert before.ys == [24.0] and before.xs == [month_x(date(2024, 3, 1))]
    assert chart.plot.getPlotItem().getAxis("left").labelText == "kWh per month"
    tip = chart.tip_at(month_x(date(2024, 3, 1)) + before.offset, 10.0)
    assert tip == "2024-03: 72.000 kWh (a year before: 24.000 kWh)"
    shot(view, "chart-energy-months.png")


def test_chart_colours_follow_the_palette(qtbot, vault):
    from PySide6.QtGui import QColor, QPalette

    vault.add_records(energy(["2024-03-01"], 1.0))
    view = owned(qtbot, vault, EnergyView)
    dark = QPalette(view.chart.palette())
    dark.setColor(QPalette.ColorRole.Base, QColor(20, 20, 24))
    dark.setColor(QPalette.ColorRole.Text, QColor(230, 230, 230))
    dark.setColor(QPalette.ColorRole.Highlight, QColor(200, 120, 0))
    view.chart.setPalette(dark)
    view.chart.resize(400, 260)
    img = view.chart.plot.grab().toImage()
    assert img.pixelColor(2, 2) == QColor(20, 20, 24)  # background: Base
    bar = sum(
        1
        for x in range(0, img.width(), 2)
        for y in range(0, img.height(), 2)
        if img.pixelColor(x, y) == QColor(200, 120, 0)
    )
    assert bar > 50  # the one bar: Highlight
    shot(view.chart, "chart-energy-dark.png")


def test_opening_the_app_does_not_load_pyqtgraph():
    import subprocess
    import sys

    code = (
        "import sys; import wallet.ui.main_window, wallet.ui.health_view, wallet.ui.finance_view, "
        "wallet.ui.energy_view, wallet.ui.charts; print('pyqtgraph' in sys.modules, 'numpy' in sys.modules)"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert out.stdout.split() == ["False", "False"]  # loaded when the first chart is made

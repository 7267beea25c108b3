"""The energy view's bill tab (wallet.ui.energy_view.BillPanel), offscreen.

A constructed Korean household (daily readings in Korean time, as tests/test_energy_insights.py builds it)
is priced under KEPCO's residential tariff: the panel shows every line of
:func:`wallet.features.energy_insights.estimate_bill` and its total.  A Green Button file from a US
utility with costs shows the file's own costs and no invented tariff.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtWidgets", reason="the desktop app needs PySide6")
pytest.importorskip("pytestqt", reason="the desktop app tests need pytest-qt")

from conftest import DEMO
from ui_support import open_window

from wallet.features import energy_insights as ei
from wallet.imports.connector import Source
from wallet.imports.pipeline import import_source
from wallet.model import Domain, Provenance, Record
from wallet.terms.money import format_money
from wallet.ui.energy_view import EnergyView, open_energy_view

WAIT = 20000
SHOTS = os.environ.get("WALLET_SCREENSHOTS")  # a folder: save screenshots there
KST = 9 * 3600

pytestmark = pytest.mark.usefixtures("gui_env")


def day_reading(day: date, kwh: float) -> Record:
    """One day's use as a Korean meter gives it: from local midnight KST (15:00 UTC the day before)."""
    start = datetime(day.year, day.month, day.day, tzinfo=UTC) - timedelta(hours=9)
    return Record(
        domain=Domain.ENERGY,
        kind="interval_reading",
        title="Electricity use",
        start=start,
        end=start + timedelta(days=1),
        value=kwh,
        unit="kWh",
        payload={
            "commodity": "electricity",
            "accumulation": "deltaData",
            "flow_direction": "forward",
            "usage_point": "up/1",
            "tz_offset": KST,
            "duration_s": 86400,
        },
        provenance=Provenance(connector_id="green_button", connector_version="1", source_name="kepco.xml"),
        tags=["electricity"],
    )


def household() -> list[Record]:
    """July 2024 at 10 kWh a day, June and July 2025 at 15 kWh a day (465 kWh in July 2025: summer tier 3)."""
    days = [date(2024, 7, 1) + timedelta(days=i) for i in range(31)]
    days += [date(2025, 6, 1) + timedelta(days=i) for i in range(61)]
    return [day_reading(d, 10.0 if d.year == 2024 else 15.0) for d in days]


def won(amount) -> str:
    return format_money(amount, "KRW", "en", style="code", rounded=True)


def open_bill(qtbot, vault_dir, vault) -> EnergyView:
    window = open_window(qtbot, vault_dir, vault)
    view = open_energy_view(window)
    assert isinstance(view, EnergyView)
    qtbot.waitUntil(lambda: not view.loading and not view.bill.loading and view.bill.summary is not None, timeout=WAIT)
    view.tabs.setCurrentWidget(view.bill)
    qtbot.wait(50)  # let the tab lay out (for the screenshots)
    return view


def rows(table) -> list[list[str]]:
    return [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]


def shot(widget, name: str) -> None:
    if SHOTS:
        widget.grab().save(str(Path(SHOTS) / name))


def test_korean_household_month_shows_every_line_of_the_estimate(qtbot, vault_dir, vault):
    vault.add_records(household())
    view = open_bill(qtbot, vault_dir, vault)
    panel = view.bill
    # the latest month with readings is chosen; every month with readings can be chosen
    assert panel.month_box.currentText() == "2025-07"
    assert [panel.month_box.itemText(i) for i in range(panel.month_box.count())] == ["2024-07", "2025-06", "2025-07"]
    # use against the same month last year: 31 x 15 beside 31 x 10
    use = panel.use_label.text()
    assert "465 kWh (readings on 31 of 31 days)" in use and "last year: 310 kWh" in use
    assert "Change: +155 kWh (+50.0%)" in use
    # the bill: the same lines and total as the feature's estimate for 465 kWh in July 2025
    tariff = ei.tariff_for(date(2025, 7, 1), "kepco-residential-low-voltage")
    bill = ei.estimate_bill(465, date(2025, 7, 1), tariff)
    assert panel.bill_group.isVisible()
    shown = rows(panel.bill_table)
    assert shown == [[line.what, won(line.amount), line.how] for line in bill.lines]
    assert shown[-1][1] == won(bill.total) == "97,600 KRW"  # hand-computed in tests/test_energy_insights.py
    assert "97,600 KRW" in panel.bill_title.text() and "tier 3" in panel.bill_title.text()
    source = panel.tariff_label.text()
    assert tariff.source in source and tariff.in_force_from.isoformat() in source and tariff.publisher in source
    # the saving plan: 15 kWh less stays at the top of tier 2, 165 less at the top of tier 1
    plan = rows(panel.plan_table)
    lower = {kwh: ei.estimate_bill(kwh, date(2025, 7, 1), tariff).total for kwh in (450, 300)}
    assert [r[1:] for r in plan] == [
        ["15", won(lower[450]), won(bill.total - lower[450])],
        ["165", won(lower[300]), won(bill.total - lower[300])],
    ]
    assert "tier 2" in plan[0][0] and "tier 1" in plan[1][0]
    assert not panel.costs_group.isVisible()  # no costs in these readings
    shot(view, "energy-bill-korean.png")
    # another month: June 2025, 450 kWh in summer is tier 2; June 2024 had no readings
    panel.month_box.setCurrentIndex(1)
    qtbot.waitUntil(lambda: panel.summary is not None and panel.summary.month == date(2025, 6, 1), timeout=WAIT)
    june = ei.estimate_bill(450, date(2025, 6, 1), tariff)
    assert rows(panel.bill_table)[-1][1] == won(june.total)
    assert "The same month last year: no readings." in panel.use_label.text()


def test_green_button_file_with_costs_shows_the_files_costs(qtbot, vault_dir, vault):
    import_source(vault, Source(DEMO / "test_usage_data_01.xml"))  # a US utility's day, each reading priced in USD
    view = open_bill(qtbot, vault_dir, vault)
    panel = view.bill
    records = vault.records(domain=Domain.ENERGY, kind="interval_reading")
    [cost] = ei.file_costs(records)
    assert not panel.bill_group.isVisible() and not panel.plan_group.isVisible()
    assert "No bill estimate: no tariff is known for this utility" in panel.status.text()
    assert panel.costs_group.isVisible()
    assert rows(panel.costs_table) == [
        ["2012-03", format_money(cost.cost, "USD", "en", style="code", rounded=True), "96 of 96"]
    ]
    assert rows(panel.costs_table)[0][1] == "11.48 USD"
    shot(view, "energy-bill-costs.png")


def test_no_readings_says_so(qtbot, vault_dir, vault):
    view = open_bill(qtbot, vault_dir, vault)
    assert "no electricity readings" in view.bill.status.text()
    assert not view.bill.month_box.isEnabled() and not view.bill.bill_group.isVisible()


def test_bill_texts_in_korean(qtbot, vault_dir, vault):
    """In Korean the how-computed column, the projection and the reason for no tariff are Korean too."""
    import re

    from wallet.ui import i18n

    vault.add_records(household())
    assert i18n.install("ko")
    try:
        view = open_bill(qtbot, vault_dir, vault)
        panel = view.bill
        bill = ei.estimate_bill(465, date(2025, 7, 1), ei.tariff_for(date(2025, 7, 1), "kepco-residential-low-voltage"))
        hows = [r[2] for r in rows(panel.bill_table)]
        assert hows == [line.explain("ko") for line in bill.lines]
        assert all(not set(re.findall(r"[A-Za-z][A-Za-z-]*", h)) - {"kWh"} for h in hows), hows
        assert "한 달 전체의 사용량 (31일)" in panel.note_label.text()
        assert "whole month" not in panel.note_label.text()
        shot(view, "energy-bill-korean-ko.png")
    finally:
        i18n.install("en")


def test_no_tariff_reason_in_korean(qtbot, vault_dir, vault):
    from wallet.ui import i18n

    import_source(vault, Source(DEMO / "test_usage_data_01.xml"))
    assert i18n.install("ko")
    try:
        panel = open_bill(qtbot, vault_dir, vault).bill
        assert "이 공급사의 요금표는 알 수 없습니다" in panel.status.text()
        assert "no tariff is known" not in panel.status.text()
    finally:
        i18n.install("en")

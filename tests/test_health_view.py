"""Health measurements: equivalent codes merged into one type, sources side by side (pytest-qt, offscreen)."""

from __future__ import annotations

from datetime import date

import pytest

pytest.importorskip("PySide6.QtWidgets", reason="the desktop app needs PySide6")
pytest.importorskip("pytestqt", reason="the desktop app tests need pytest-qt")

from PySide6.QtGui import QAction
from test_measurements import import_both, many_heart_rates
from ui_support import open_window

from wallet.ui.health_view import HealthView, open_health_view

WAIT = 20000

pytestmark = pytest.mark.usefixtures("gui_env")  # conftest.py: GUI-thread gc, temporary QSettings, English


def wait_table(qtbot, view: HealthView, rows: int) -> None:
    qtbot.waitUntil(lambda: not view.loading and view.table.rowCount() == rows, timeout=WAIT)


def cells(view: HealthView) -> list[list[str]]:
    t = view.table
    return [
        [(t.item(r, c).text() if t.item(r, c) else "") for c in range(t.columnCount())] for r in range(t.rowCount())
    ]


def headers(view: HealthView) -> list[str]:
    return [view.table.horizontalHeaderItem(c).text() for c in range(view.table.columnCount())]


def test_heart_rate_from_fhir_and_apple_health_is_one_type_with_both_sources(qtbot, vault, vault_dir):
    import_both(vault)  # the types and counts themselves: tests/test_measurements.py
    window = open_window(qtbot, vault_dir, vault)
    # Through the menu entry that the main window offers once this module exists.
    action = next(a for a in window.findChildren(QAction) if a.text() == "&Health measurements...")
    assert action.isVisible()
    action.trigger()
    view = window.health_view
    assert isinstance(view, HealthView) and view.isVisible()
    qtbot.waitUntil(lambda: view.type_list.count() > 0, timeout=WAIT)
    items = [view.type_list.item(i).text() for i in range(view.type_list.count())]
    assert items[0] == "Heart rate (3)"
    assert view.select_type("heart_rate")
    # Few values: each measurement, newest first, with its source named.
    qtbot.waitUntil(lambda: view.mode.currentData() == "each", timeout=WAIT)
    wait_table(qtbot, view, 3)
    assert headers(view) == ["Date", "Value", "Unit", "Source"]
    rows = cells(view)
    assert [r[1] for r in rows] == ["75", "71", "64"]
    sources = {r[3] for r in rows}
    # what produced each value: the watch the export names; a FHIR file that names no performer, by its file
    assert sources == {"Watch", "Hospital record (FHIR) · hospital.json (" + date.today().isoformat() + ")"}
    assert {r[2] for r in rows} == {"bpm"}  # one unit, whatever each source wrote (count/min, /min)

    # The daily summary: each reading once, over every source, on the day it happened (in its own zone).
    view.mode.setCurrentIndex(view.mode.findData("daily"))
    view._load_series()
    qtbot.waitUntil(lambda: not view.loading and view.table.columnCount() == 2, timeout=WAIT)
    assert headers(view)[1:] == ["All sources"]
    by_day = {r[0]: r for r in cells(view)}
    assert by_day["2024-03-01"][1] == "67.5 bpm (64–71)"  # 09:00 and 10:00 +09:00 on the 1st, wherever this runs
    assert by_day["2024-03-02"][1] == "75 bpm"

    # The source filter narrows the table to one source.
    hospital = next(s for s in sources if s.startswith("Hospital record"))
    view.source.setCurrentIndex(view.source.findData(hospital))
    view.mode.setCurrentIndex(view.mode.findData("each"))
    view._load_series()
    wait_table(qtbot, view, 1)
    assert cells(view)[0][1:] == ["64", "bpm", hospital]

    # The menu entry again brings the open window forward; locking closes it.
    action.trigger()
    assert window.health_view is view
    closed = []
    view.destroyed.connect(lambda: closed.append(True))
    window.lock()
    qtbot.waitUntil(lambda: bool(closed), timeout=WAIT)


@pytest.mark.slow
def test_many_values_are_summarised_per_day_in_sql(qtbot, vault, vault_dir):
    vault.add_records(many_heart_rates(5000))  # the SQL summaries themselves: tests/test_measurements.py
    window = open_window(qtbot, vault_dir, vault)
    view = open_health_view(window)
    qtbot.waitUntil(lambda: view.type_list.count() == 1, timeout=WAIT)
    qtbot.waitUntil(lambda: not view.loading and view.total == 5000 and view.table.rowCount() > 0, timeout=WAIT)
    assert view.mode.currentData() == "daily"
    assert headers(view) == ["Day", "All sources"]
    assert 25 <= view.table.rowCount() <= 26  # local days: 25, or 26 across a day boundary
    assert "5,000 values" in view.heading.text()
    view.close()

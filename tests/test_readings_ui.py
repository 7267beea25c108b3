"""The coherent layer in the app: the timeline lists a reading once, the detail pane shows the group,
Tools > Data sources reorders the sources (pytest-qt, offscreen)."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6.QtWidgets", reason="the desktop app needs PySide6")
pytest.importorskip("pytestqt", reason="the desktop app tests need pytest-qt")

from test_readings import T, _fhir_hr, _rec
from ui_support import open_window

from wallet.ui.openers import SOURCES_HOOK
from wallet.ui.sources_dialog import SourcesDialog

WAIT = 20000

pytestmark = pytest.mark.usefixtures("gui_env", "inline_tasks")


def test_the_same_heart_rate_from_three_sources_is_one_row_with_all_three_in_the_details(qtbot, vault, vault_dir):
    watch = _rec("HKQuantityTypeIdentifierHeartRate", 72, "count/min", device="<<HKDevice>, name:Apple Watch>")
    phone = _rec("HKQuantityTypeIdentifierHeartRate", 72, "count/min", source="Jane's iPhone")
    vault.add_records([watch, phone, _fhir_hr(72, T)])
    window = open_window(qtbot, vault_dir, vault)
    qtbot.waitUntil(lambda: window.model.rowCount() == 1, timeout=WAIT)
    qtbot.waitUntil(lambda: window.count_label.text() == "Records: 1", timeout=WAIT)
    window.select_row(0)
    text = window.detail.summary.toPlainText()
    assert "72 bpm" in text
    assert "Seoul Hospital: 72 bpm" in text and "Jane's Apple Watch: 72 bpm" in text and "Jane's iPhone: 72 bpm" in text
    assert "counted once, from Seoul Hospital" in text

    window._open_hook(SOURCES_HOOK)
    dialog = window.findChild(SourcesDialog)
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.list.count() == 3, timeout=WAIT)
    assert dialog.order()[0] == "Seoul Hospital"
    dialog.list.setCurrentRow(1)  # the watch (a measuring device comes before the phone)
    assert dialog.order()[1] == "Jane's Apple Watch"
    dialog.shift(-1)
    assert dialog.order()[:2] == ["Jane's Apple Watch", "Seoul Hospital"]
    dialog.save()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT)
    main = vault.conn.execute("SELECT source FROM readings WHERE main").fetchall()
    assert main == [("Jane's Apple Watch",)]

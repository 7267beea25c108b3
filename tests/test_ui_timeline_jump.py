"""The timeline goes to its newest and oldest record and to a date, past the pages read so far (issue 18)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtWidgets", reason="the desktop app needs PySide6")
pytest.importorskip("pytestqt", reason="the desktop app tests need pytest-qt")

from conftest import PASSPHRASE
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QKeySequence
from test_ui_app import WAIT, make_records, wait_rows
from ui_support import open_window

from wallet.store.keys import KdfParams
from wallet.store.vault import Vault
from wallet.ui.go_to_date import GoToDateDialog
from wallet.ui.records_model import PAGE_SIZE

pytestmark = [pytest.mark.usefixtures("gui_env"), pytest.mark.slow]

FIRST_DAY = datetime(2024, 1, 1, 8, tzinfo=UTC)
DAYS = 450  # more than two pages
GAP = date(2024, 3, 1)  # no record from this day to GAP_END: a date there shows the day before's record
GAP_END = date(2024, 3, 10)


@pytest.fixture
def long_vault(vault_dir: Path):
    v, _ = Vault.create(vault_dir, PASSPHRASE, kdf=KdfParams.floor())
    records = [r for r in make_records(DAYS, start=FIRST_DAY) if not GAP <= r.start.date() <= GAP_END]
    v.add_records(records)
    yield v
    v.close()


def _selected_start(window):
    rec = window.model.record_at(window.table.currentIndex().row())
    return rec.start if rec is not None else None


def test_go_to_oldest_and_back_to_newest(qtbot, long_vault, vault_dir):
    window = open_window(qtbot, vault_dir, vault=long_vault)
    model = window.model
    assert wait_rows(qtbot, model) == PAGE_SIZE
    newest = FIRST_DAY + timedelta(days=DAYS - 1)
    assert model.record_at(0).start == newest
    window.go_to_oldest()
    qtbot.waitUntil(lambda: not model.loading and model.record_at(0).start == FIRST_DAY, timeout=WAIT)
    assert model.rowCount() == PAGE_SIZE  # one page read, not every page down to the end
    assert not model.filter.newest_first
    assert window.table.horizontalHeader().sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
    assert "oldest" in window.statusBar().currentMessage().lower()
    assert _selected_start(window) == FIRST_DAY  # the detail pane shows it
    assert window.detail.record is not None and window.detail.record.start == FIRST_DAY
    model.fetchMore()  # scrolling on goes forward in time
    assert wait_rows(qtbot, model) == 2 * PAGE_SIZE
    assert model.record_at(PAGE_SIZE).start > model.record_at(PAGE_SIZE - 1).start
    window.go_to_newest()
    qtbot.waitUntil(lambda: not model.loading and model.record_at(0).start == newest, timeout=WAIT)
    assert model.filter.newest_first and model.rowCount() == PAGE_SIZE
    assert window.table.horizontalHeader().sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    assert _selected_start(window) == newest


def test_go_to_a_date_shows_the_newest_record_on_or_before_it(qtbot, long_vault, vault_dir):
    window = open_window(qtbot, vault_dir, vault=long_vault)
    model = window.model
    wait_rows(qtbot, model)
    window.go_to_oldest()
    qtbot.waitUntil(lambda: not model.loading and not model.filter.newest_first, timeout=WAIT)
    # a day inside the gap: the first row is the last record before the gap, newest first again
    window.go_to_date(date(2024, 3, 5))
    qtbot.waitUntil(lambda: not model.loading and model.filter.newest_first, timeout=WAIT)
    assert model.record_at(0).start.date() == GAP - timedelta(days=1)
    assert model.record_at(1).start.date() == GAP - timedelta(days=2)
    assert "2024-03-05" in window.statusBar().currentMessage()
    assert _selected_start(window).date() == GAP - timedelta(days=1)
    assert not model.canFetchMore()  # 60 records before March: all shown, the scroll ends at the oldest
    assert model.record_at(model.rowCount() - 1).start == FIRST_DAY
    # a day with a record: that record is the first row
    window.go_to_date(date(2024, 12, 1))
    qtbot.waitUntil(lambda: not model.loading and model.record_at(0).start.date() == date(2024, 12, 1), timeout=WAIT)
    assert model.canFetchMore()  # the person scrolls on from there
    model.fetchMore()
    wait_rows(qtbot, model)
    assert model.record_at(model.rowCount() - 1).start.date() < date(2024, 12, 1) - timedelta(days=PAGE_SIZE)
    # a filter change drops the date: the timeline starts at the newest again
    window.clear_filters()
    qtbot.waitUntil(
        lambda: not model.loading and model.record_at(0).start == FIRST_DAY + timedelta(days=DAYS - 1), timeout=WAIT
    )
    assert window.statusBar().currentMessage() == ""
    # a date range chosen in the filters still applies: its end is earlier than the day asked for
    window.since_edit.setDate(QDate(2024, 1, 20))
    window.until_edit.setDate(QDate(2024, 2, 10))
    window.date_check.setChecked(True)
    wait_rows(qtbot, model, 22)
    window.go_to_date(date(2024, 6, 1))
    qtbot.waitUntil(lambda: not model.loading and model.record_at(0).start.date() == date(2024, 2, 10), timeout=WAIT)
    assert model.rowCount() == 22 and model.record_at(21).start.date() == date(2024, 1, 20)


def test_go_to_date_dialog_and_the_keys(qtbot, long_vault, vault_dir):
    window = open_window(qtbot, vault_dir, vault=long_vault)
    model = window.model
    wait_rows(qtbot, model)
    assert window.newest_action.shortcut() == QKeySequence("Ctrl+Home")
    assert window.oldest_action.shortcut() == QKeySequence("Ctrl+End")
    assert window.go_to_date_action.shortcut() == QKeySequence("Ctrl+G")
    window.activateWindow()
    window.table.setFocus()
    qtbot.waitUntil(window.table.hasFocus, timeout=WAIT)
    qtbot.keyClick(window.table, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not model.loading and model.record_at(0).start == FIRST_DAY, timeout=WAIT)
    qtbot.keyClick(window.table, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not model.loading and model.filter.newest_first, timeout=WAIT)
    window.select_row(3)  # the dialog opens at the selected record's day
    qtbot.keyClick(window.table, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    dialog = window.last_dialog
    assert isinstance(dialog, GoToDateDialog)
    assert dialog.chosen() == model.record_at(3).start.date()
    dialog.date_edit.setDate(QDate(2024, 2, 10))
    dialog.accept()
    qtbot.waitUntil(lambda: not model.loading and model.record_at(0).start.date() == date(2024, 2, 10), timeout=WAIT)
    # a cancelled dialog moves nothing
    window.go_to_date_action.trigger()
    cancelled = window.last_dialog
    assert cancelled is not dialog
    cancelled.date_edit.setDate(QDate(2024, 1, 5))
    cancelled.reject()
    assert wait_rows(qtbot, model) > 0 and model.record_at(0).start.date() == date(2024, 2, 10)

"""The timeline's date column fits dates written with another zone's offset, or shortens them cleanly (issue 18)."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone

import pytest

pytest.importorskip("PySide6.QtWidgets", reason="the desktop app needs PySide6")
pytest.importorskip("pytestqt", reason="the desktop app tests need pytest-qt")

from conftest import PASSPHRASE
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QStyleOptionViewItem
from test_ui_app import make_records, wait_rows
from ui_support import open_window

from wallet.store.keys import KdfParams
from wallet.store.vault import Vault
from wallet.ui.date_column import shortened
from wallet.ui.records_model import COL_DATE

pytestmark = pytest.mark.usefixtures("gui_env")
SEOUL = timezone(timedelta(hours=9))


@pytest.fixture
def utc_computer() -> Iterator[None]:
    before = os.environ.get("TZ")
    os.environ["TZ"] = "UTC0"
    time.tzset()
    yield
    if before is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = before
    time.tzset()


def test_shortened_drops_the_offset_then_the_time():
    text = "2024-03-25 00:00 (+09:00)"
    assert shortened(text, lambda t: True) == text
    assert shortened(text, lambda t: len(t) <= 16) == "2024-03-25 00:00"
    assert shortened(text, lambda t: len(t) <= 12) == "2024-03-25"
    assert shortened("2024-03-25 00:00", lambda t: len(t) <= 12) == "2024-03-25"
    assert shortened("2019-03-11", lambda t: False) == "2019-03-11"  # a date is never cut further


def cell_text(window, row: int) -> str:
    """The text the date cell of ``row`` draws, as its delegate prepares it."""
    table = window.table
    index = window.model.index(row, COL_DATE)
    option = QStyleOptionViewItem()
    option.initFrom(table)
    option.rect = QRect(0, 0, table.columnWidth(COL_DATE), 20)
    option.widget = table
    table.itemDelegateForColumn(COL_DATE).initStyleOption(option, index)
    return option.text


@pytest.mark.slow
def test_date_column_fits_offsets_and_shortens_when_narrowed(qtbot, utc_computer, vault_dir):
    vault, _ = Vault.create(vault_dir, PASSPHRASE, kdf=KdfParams.floor())
    try:
        vault.add_records(make_records(3, start=datetime(2024, 3, 25, tzinfo=SEOUL), title="Card payment"))
        window = open_window(qtbot, vault_dir, vault=vault)
        window.show_section("timeline")
        wait_rows(qtbot, window.model, 3)
        full = window.model.data(window.model.index(0, COL_DATE))
        assert full == "2024-03-27 00:00 (+09:00)"  # a Seoul record on a computer in UTC
        metrics = window.table.fontMetrics()
        qtbot.waitUntil(lambda: window.table.columnWidth(COL_DATE) >= metrics.horizontalAdvance(full) + 8)
        assert cell_text(window, 0) == full  # nothing cut off
        window.table.grab().save(str(vault_dir.parent / "date-column.png"))
        # narrowed by hand: kept so, and the cell shows the date and time without the offset
        window.table.setColumnWidth(COL_DATE, metrics.horizontalAdvance("2024-03-27 00:00") + 14)
        window.model.reload()
        wait_rows(qtbot, window.model, 3)
        assert window.table.columnWidth(COL_DATE) < metrics.horizontalAdvance(full)
        assert cell_text(window, 0) == "2024-03-27 00:00"
        assert window.model.data(window.model.index(0, COL_DATE), 3) == full  # the tooltip has it all
    finally:
        vault.close()

"""Go to date and the timeline's date filter count days on this computer's clock, not in UTC (issue 18).

A record at 08:00 +09:00 on the 4th is 23:00 UTC on the 3rd: for someone in Seoul it is on the 4th.
The computer's zone is set with TZ (POSIX zone strings, so no time-zone database is needed).
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

pytest.importorskip("PySide6.QtWidgets", reason="the desktop app needs PySide6")
pytest.importorskip("pytestqt", reason="the desktop app tests need pytest-qt")

from conftest import PASSPHRASE
from PySide6.QtCore import QDate
from test_ui_app import WAIT, make_records, wait_rows
from ui_support import open_window

from wallet.store.keys import KdfParams
from wallet.store.vault import Vault
from wallet.ui.go_to_date import record_day
from wallet.ui.records_model import RecordFilter, local_day_bounds

pytestmark = pytest.mark.usefixtures("gui_env")

SEOUL = timezone(timedelta(hours=9))
MORNING_4TH = datetime(2024, 3, 4, 8, 0, tzinfo=SEOUL)  # 2024-03-03 23:00 UTC
NOON_3RD = datetime(2024, 3, 3, 12, 0, tzinfo=SEOUL)  # 2024-03-03 03:00 UTC
EARLY_5TH = datetime(2024, 3, 5, 0, 30, tzinfo=SEOUL)  # 2024-03-04 15:30 UTC


def set_zone(tz: str | None) -> None:
    if tz is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = tz
    time.tzset()


@pytest.fixture
def zone() -> Iterator[object]:
    """Call the fixture's value with a POSIX TZ string; the test's original zone comes back afterwards."""
    before = os.environ.get("TZ")
    yield set_zone
    set_zone(before)


@pytest.fixture
def seoul_vault(vault_dir):
    v, _ = Vault.create(vault_dir, PASSPHRASE, kdf=KdfParams.floor())
    records = []
    for when, title in ((NOON_3RD, "Noon on the 3rd"), (MORNING_4TH, "Morning of the 4th"), (EARLY_5TH, "Early 5th")):
        (rec,) = make_records(1, start=when, title=title)
        records.append(rec)
    v.add_records(records)
    yield v
    v.close()


def titles(model) -> list[str]:
    return [model.record_at(i).title for i in range(model.rowCount())]


def test_local_day_bounds_follow_the_computer_zone(zone):
    zone("KST-9")
    start, end = local_day_bounds(date(2024, 3, 4))
    assert start == datetime(2024, 3, 3, 15, 0, tzinfo=UTC)
    assert end - start == timedelta(days=1) - timedelta(microseconds=1)
    zone("EST5")
    start, _end = local_day_bounds(date(2024, 3, 4))
    assert start == datetime(2024, 3, 4, 5, 0, tzinfo=UTC)
    assert RecordFilter(since=date(2024, 3, 4)).bounds()[0] == start


@pytest.mark.slow
def test_date_filter_counts_the_seoul_day(qtbot, zone, seoul_vault, vault_dir):
    zone("KST-9")
    window = open_window(qtbot, vault_dir, vault=seoul_vault)
    model = window.model
    wait_rows(qtbot, model, 3)
    window.since_edit.setDate(QDate(2024, 3, 4))
    window.until_edit.setDate(QDate(2024, 3, 4))
    window.date_check.setChecked(True)
    qtbot.waitUntil(lambda: not model.loading and titles(model) == ["Morning of the 4th"], timeout=WAIT)
    qtbot.waitUntil(lambda: window.count_label.text() == "Records: 1", timeout=WAIT)  # the count agrees
    # the same vault on a computer in New York: 08:00 in Seoul on the 4th is 18:00 on the 3rd there,
    # noon in Seoul on the 3rd is 22:00 on the 2nd, and 00:30 on the 5th is 10:30 on the 4th
    zone("EST5")
    window.since_edit.setDate(QDate(2024, 3, 3))
    qtbot.waitUntil(lambda: not model.loading and titles(model) == ["Early 5th", "Morning of the 4th"], timeout=WAIT)
    window.until_edit.setDate(QDate(2024, 3, 3))
    qtbot.waitUntil(lambda: not model.loading and titles(model) == ["Morning of the 4th"], timeout=WAIT)
    qtbot.waitUntil(lambda: window.count_label.text() == "Records: 1", timeout=WAIT)


@pytest.mark.slow
def test_go_to_date_counts_the_seoul_day(qtbot, zone, seoul_vault, vault_dir):
    zone("KST-9")
    window = open_window(qtbot, vault_dir, vault=seoul_vault)
    model = window.model
    wait_rows(qtbot, model, 3)
    window.go_to_date(date(2024, 3, 3))  # in UTC the morning of the 4th would still be on the 3rd
    qtbot.waitUntil(lambda: not model.loading and titles(model) == ["Noon on the 3rd"], timeout=WAIT)
    window.go_to_date(date(2024, 3, 4))  # in UTC the early 5th (15:30 UTC on the 4th) would come first
    qtbot.waitUntil(
        lambda: not model.loading and titles(model) == ["Morning of the 4th", "Noon on the 3rd"], timeout=WAIT
    )
    # the dialog opens on the selected record's day, on this computer's clock
    assert record_day(model.record_at(0)) == date(2024, 3, 4)
    zone("UTC0")
    assert record_day(model.record_at(0)) == date(2024, 3, 3)

"""View > Transactions... (wallet.ui.finance_view) on real imported statements, offscreen."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtWidgets", reason="the desktop app needs PySide6")
pytest.importorskip("pytestqt", reason="the desktop app tests need pytest-qt")

from conftest import DEMO, FIXTURES
from PySide6.QtCore import Qt
from ui_support import open_window

from wallet.imports.connector import Source
from wallet.imports.pipeline import import_source
from wallet.ui.finance_view import FinanceView, format_money, open_finance_view
from wallet.ui.main_window import FINANCE_VIEW_HOOK, MainWindow

KR = DEMO / "kr_bank_cp949.csv"
MULTI = FIXTURES / "ofx" / "asgrim-ofxparser" / "ofx-multiple-accounts-xml.ofx"
CHECKING = FIXTURES / "ofx" / "jseutter-ofxparse" / "checking.ofx"
WAIT = 20000
SHOTS = os.environ.get("WALLET_SCREENSHOTS")  # a folder: save screenshots there


pytestmark = pytest.mark.usefixtures("gui_env")  # conftest.py: GUI-thread gc, temporary QSettings, English


def open_view(qtbot, vault_dir, vault) -> tuple[MainWindow, FinanceView]:
    window = open_window(qtbot, vault_dir, vault)
    view = open_finance_view(window)
    assert isinstance(view, FinanceView)
    qtbot.waitUntil(lambda: not view.loading, timeout=WAIT)
    return window, view


def cells(view, table) -> list[list[str]]:
    model = table.model()
    return [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]


def column(table, name: str) -> int:
    model = table.model()
    heads = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    return heads.index(name)


def shot(widget, name: str) -> None:
    if SHOTS:
        widget.grab().save(str(Path(SHOTS) / name))


def test_format_money_keeps_the_minus_sign_and_minor_units():
    from decimal import Decimal

    assert format_money(Decimal("-1234.5"), "EUR") == "-1,234.50"
    assert format_money(Decimal("-4500"), "KRW") == "-4,500"
    assert format_money(Decimal("3.981"), "USD") == "3.981"


@pytest.mark.slow
def test_korean_statement_running_balance_equals_the_balance_column(qtbot, vault_dir, vault):
    import_source(vault, Source(KR))
    window, view = open_view(qtbot, vault_dir, vault)
    assert window.findChild(type(view)) is view
    rows = cells(view, view.table)
    assert len(rows) == 10
    bal, amount = column(view.table, "Balance"), column(view.table, "Amount")
    # the 잔액 column of the file, row by row
    assert [r[bal] for r in rows] == [
        "1,245,500",
        "4,445,500",
        "4,356,500",
        "4,106,500",
        "3,456,500",
        "3,423,700",
        "3,323,700",
        "3,324,934",
        "3,320,434",
        "3,315,934",
    ]
    assert rows[0][amount] == "-4,500"  # the sign is written, not only coloured
    assert view.table.model().index(0, amount).data(Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight
    assert "Unknown account" in view.account_box.currentText()
    assert "after the transaction of 2024-03-28" in view.status.text()
    months = cells(view, view.month_table)
    assert months == [["2024-03", "3,201,234", "-1,135,300", "2,065,934", "KRW", "10"]]
    payees = {r[0]: r for r in cells(view, view.payee_table)}
    assert payees["스타벅스 광화문점"][2:] == ["-13,500", "-13,500", "KRW", "3"]
    shot(view, "finance-korean.png")
    view.tabs.setCurrentIndex(2)
    shot(view, "finance-korean-payees.png")


@pytest.mark.slow
def test_sorting_by_amount_sorts_by_value_not_text(qtbot, vault_dir, vault):
    import_source(vault, Source(KR))
    _window, view = open_view(qtbot, vault_dir, vault)
    amount = column(view.table, "Amount")
    view.table.sortByColumn(amount, Qt.SortOrder.AscendingOrder)
    rows = cells(view, view.table)
    assert [r[amount] for r in rows[:2]] == ["-650,000", "-250,000"]
    assert rows[-1][amount] == "3,200,000"


@pytest.mark.slow
def test_ofx_accounts_are_picked_one_at_a_time_with_the_statement_anchor(qtbot, vault_dir, vault):
    import_source(vault, Source(MULTI))
    import_source(vault, Source(CHECKING))
    _window, view = open_view(qtbot, vault_dir, vault)
    labels = [view.account_box.itemText(i) for i in range(view.account_box.count())]
    assert len(labels) == 4
    i = next(i for i, text in enumerate(labels) if "546582659855" in text)
    view.account_box.setCurrentIndex(i)
    rows = cells(view, view.table)
    bal = column(view.table, "Balance")
    assert [r[bal] for r in rows] == ["3,500.25", "3,496.27"]
    assert [r[column(view.table, "Currency")] for r in rows] == ["GBP", "GBP"]
    assert "statement balance of 3,000.25 GBP on 2014-05-11" in view.status.text()
    i = next(i for i, text in enumerate(labels) if "1452687~7" in text)
    view.account_box.setCurrentIndex(i)
    assert cells(view, view.table)[-1][bal] == "100.99"
    shot(view, "finance-ofx.png")


@pytest.mark.slow
def test_empty_vault_says_so_and_controls_have_accessible_names(qtbot, vault_dir, vault):
    _window, view = open_view(qtbot, vault_dir, vault)
    assert "no bank transactions" in view.status.text()
    for widget in (view.account_box, view.table, view.month_table, view.payee_table, view.tabs, view.status):
        assert widget.accessibleName()


@pytest.mark.slow
def test_main_window_menu_opens_the_view(qtbot, vault_dir, vault):
    import_source(vault, Source(KR))
    window = open_window(qtbot, vault_dir, vault)
    window._open_hook(FINANCE_VIEW_HOOK)
    view = window.finance_view
    qtbot.waitUntil(lambda: not view.loading, timeout=WAIT)
    assert view.model.rowCount() == 10


@pytest.mark.slow
def test_switching_person_reloads_only_that_persons_transactions(qtbot, vault_dir, vault):
    from wallet.model import Person

    child = Person(name="Minji")
    vault.save_person(child)
    import_source(vault, Source(KR))  # the holder's
    import_source(vault, Source(CHECKING), person=child)
    window, view = open_view(qtbot, vault_dir, vault)
    holder = window.person_box.findData(vault.holder().id)
    window.person_box.setCurrentIndex(holder)
    qtbot.waitUntil(lambda: not view.loading and view.model.rowCount() == 10, timeout=WAIT)
    window.person_box.setCurrentIndex(window.person_box.findData(child.id))
    qtbot.waitUntil(lambda: not view.loading and view.model.rowCount() == 3, timeout=WAIT)
    assert "1452687~7" in view.account_box.currentText()
    assert view.account_box.count() == 1

"""Money > Accounts, Categories and Recurring (wallet.ui.money_panels) on real imported statements, offscreen.

The statements are the demo's Korean bank statement (2024-03: income 3,201,234 = 급여 3,200,000 and
예금이자 1,234; spending 885,300 in five categories, see tests/test_money_accounts.py) and the OFX file
with three GBP accounts (tests/fixtures/ofx/asgrim-ofxparser, LEDGERBAL 3000.25 then +500.00 -3.98,
11728.56 and 43.01).  The expected figures are computed by wallet.features.money (by_category,
net_worth, months) on the same vault, and the constructed subscription's next date by hand.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtWidgets", reason="the desktop app needs PySide6")
pytest.importorskip("pytestqt", reason="the desktop app tests need pytest-qt")

from conftest import DEMO, FIXTURES
from PySide6.QtCore import Qt
from ui_support import open_window

from wallet.features.money.accounts import load_money, set_rate
from wallet.features.money.categories import my_rules
from wallet.imports.connector import Source
from wallet.imports.pipeline import import_source
from wallet.model import Domain, Provenance, Record
from wallet.ui.finance_view import FinanceView, open_finance_view
from wallet.ui.money_panels import MoneyPanels, RulesDialog

KR = DEMO / "kr_bank_cp949.csv"
MULTI = FIXTURES / "ofx" / "asgrim-ofxparser" / "ofx-multiple-accounts-xml.ofx"
SHOTS = os.environ.get("WALLET_SCREENSHOTS")  # a folder: save screenshots there

pytestmark = pytest.mark.usefixtures("gui_env", "inline_tasks")


def shot(qtbot, widget, name: str) -> None:
    if SHOTS:
        qtbot.wait(50)  # the layout settles (a tab shown, a chart hidden)
        widget.grab().save(str(Path(SHOTS) / name))


def open_money(qtbot, vault_dir, vault) -> tuple[FinanceView, MoneyPanels]:
    window = open_window(qtbot, vault_dir, vault)
    window.resize(1280, 860)
    view = open_finance_view(window)
    assert isinstance(view, FinanceView)
    return view, view.money


def show(view: FinanceView, panel) -> None:
    view.tabs.setCurrentWidget(panel)
    assert view.money.data is not None and not view.money.loading


def texts(table) -> list[list[str]]:
    return [
        [table.item(r, c).text() if table.item(r, c) else "" for c in range(table.columnCount())]
        for r in range(table.rowCount())
    ]


def heads(table) -> list[str]:
    return [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]


def _subscription(vault, months: int = 4) -> list[Record]:
    """A monthly music subscription on the 5th, paid from a card of the holder's."""
    holder = vault.holder()
    records = [
        Record(
            domain=Domain.FINANCE,
            kind="transaction",
            title="SPOTIFY P1234",
            person_id=holder.id,
            start=datetime(2024, m, 5, 9, tzinfo=UTC),
            value=-10900.0,
            unit="KRW",
            payload={"account": "card-77", "amount": "-10900", "payee": "SPOTIFY P1234", "currency": "KRW"},
            provenance=Provenance(connector_id="test", connector_version="1", source_name="card.csv"),
        )
        for m in range(1, months + 1)
    ]
    vault.add_records(records)
    return records


@pytest.mark.slow
def test_categories_tab_charts_the_months_spending_per_category(qtbot, vault_dir, vault):
    import_source(vault, Source(KR))
    import_source(vault, Source(MULTI))
    view, money = open_money(qtbot, vault_dir, vault)
    assert view.chart.isVisible()  # the income and spending chart, with the transactions tabs
    panel = money.categories
    show(view, panel)
    assert not view.chart.isVisible() and not view.account_row.isVisible()  # the tab gets the page's height
    panel.month_box.setCurrentIndex(panel.month_box.findData("2024-03"))
    assert panel.currency() == "KRW"
    expected = [c for c in load_money(vault).by_category("2024-03") if c.currency == "KRW"]
    assert len(expected) == 5
    # one bar per category, the most spent first, with by_category's amounts
    assert panel.chart.bars == [(c.category.label, float(c.spent)) for c in expected]
    assert sum(v for _n, v in panel.chart.bars) == 885_300
    assert "885,300 KRW spent in 5 categories" in panel.status.text()
    assert len(panel.chart.series[0].xs) == 5
    # the pointer over the top bar names it
    tip = panel.chart.tip_at(100.0, 0.0)
    assert tip is not None and tip.startswith("Housing, 2024-03: 650,000 KRW")
    # the month's movements: every one of the statement's, with its category and why
    rows = texts(panel.table)
    assert len(rows) == 10
    cat, why = heads(panel.table).index("Category"), heads(panel.table).index("Why (the rule)")
    salary = next(r for r in rows if r[heads(panel.table).index("Amount")] == "3,200,000")
    assert salary[cat] == "Income"
    assert all(r[why] for r in rows)
    # a category per month over twelve months, ending with the chosen month
    panel.category_box.setCurrentIndex(panel.category_box.findData("groceries"))
    months = panel.trend.bars
    assert [m for m, _v in months][-1] == "2024-03" and len(months) == 12
    assert months[-1][1] == 32_800 and sum(v for _m, v in months) == 32_800
    panel.only.setChecked(True)
    assert {r[cat] for r in texts(panel.table)} == {"Groceries"}
    shot(qtbot, view, "money-categories.png")


@pytest.mark.slow
def test_recategorising_a_movement_learns_a_rule_and_reads_again(qtbot, vault_dir, vault):
    import_source(vault, Source(KR))
    view, money = open_money(qtbot, vault_dir, vault)
    panel = money.categories
    show(view, panel)
    payee, cat = heads(panel.table).index("Payee"), heads(panel.table).index("Category")
    row = next(i for i, r in enumerate(texts(panel.table)) if r[payee] == "이마트 성수점")
    before = texts(panel.table)[row][cat]
    assert before == "Groceries"
    dining_before = dict(panel.chart.bars).get("Eating out and coffee", 0.0)
    panel.table.setCurrentCell(row, 0)
    panel.change_box.setCurrentIndex(panel.change_box.findData("dining"))
    qtbot.mouseClick(panel.change_button, Qt.MouseButton.LeftButton)
    [rule] = my_rules(vault)
    assert rule.category == "dining" and len(rule.payee_is) == 1 and "이마트" in rule.payee_is[0]
    row = next(i for i, r in enumerate(texts(panel.table)) if r[payee] == "이마트 성수점")
    assert texts(panel.table)[row][cat] == "Eating out and coffee"
    assert rule.id in texts(panel.table)[row][heads(panel.table).index("Why (the rule)")]
    assert panel.current_entry() is not None and panel.current_entry().payee == "이마트 성수점"  # still chosen
    bars = dict(panel.chart.bars)
    assert "Groceries" not in bars and bars["Eating out and coffee"] == dining_before + 32_800
    assert "Learnt" in panel.status.text()


@pytest.mark.slow
def test_rules_dialog_adds_turns_off_and_on(qtbot, vault_dir, vault):
    import_source(vault, Source(KR))
    view, money = open_money(qtbot, vault_dir, vault)
    show(view, money.categories)
    dialog = RulesDialog(money, money.categories)
    qtbot.addWidget(dialog)
    builtin = len(dialog.rules)
    assert builtin > 20 and all(r.source == "builtin" for r in dialog.rules)
    dialog.pattern.setText("스타벅스")
    dialog.category.setCurrentIndex(dialog.category.findData("groceries"))
    dialog.add_button.click()
    assert len(dialog.rules) == builtin + 1 and dialog.rules[0].source == "mine"
    assert texts(dialog.table)[0][:3] == ["Yours", dialog.rules[0].id, "Groceries"]
    assert "Added your rule" in dialog.message.text()
    # the page read again: the coffee is groceries now
    spent = dict(money.categories.chart.bars)
    assert spent["Groceries"] == 32_800 + 13_500 and "Eating out and coffee" not in spent
    # a built-in rule turned off, then on
    i = next(i for i, r in enumerate(dialog.rules) if r.source == "builtin")
    ref = dialog.rules[i].ref
    dialog.table.setCurrentCell(i, 0)
    assert dialog.delete_button.text() == "Turn &off"
    dialog.delete_button.click()
    off = next(r for r in dialog.rules if r.ref == ref)
    assert not off.enabled and dialog.restore_button.isEnabled()
    dialog.restore_button.click()
    assert next(r for r in dialog.rules if r.ref == ref).enabled
    # the person's rule deleted
    dialog.table.setCurrentCell(0, 0)
    dialog.delete_button.click()
    assert my_rules(vault) == [] and len(dialog.rules) == builtin
    # a bad pattern is refused in words, nothing kept
    dialog.how.setCurrentIndex(dialog.how.findData("regex"))
    dialog.pattern.setText("(unclosed")
    dialog.add_button.click()
    assert "not a valid regular expression" in dialog.message.text() and my_rules(vault) == []
    dialog.show()
    shot(qtbot, dialog, "money-rules.png")


@pytest.mark.slow
def test_recurring_tab_lists_a_monthly_subscription_with_its_next_date(qtbot, vault_dir, vault):
    import_source(vault, Source(KR))
    _subscription(vault)
    view, money = open_money(qtbot, vault_dir, vault)
    money.today = date(2024, 5, 10)
    panel = money.recurring
    show(view, panel)
    rows = texts(panel.table)
    h = heads(panel.table)
    [spotify] = [r for r in rows if r[0].startswith("SPOTIFY")]
    assert spotify[h.index("Amount")] == "10,900"
    assert spotify[h.index("Every")] == "monthly"
    assert spotify[h.index("Payments")] == "4"
    assert spotify[h.index("Last")] == "2024-04-05"
    assert spotify[h.index("Next expected")] == "2024-05-05"  # a month after the last, on the usual 5th
    assert spotify[h.index("Status")] == "active"
    money.today = date(2024, 7, 1)  # two months on: not paid since
    panel.money_in.setChecked(True)
    panel.money_in.setChecked(False)
    assert texts(panel.table)[0][h.index("Status")] == "overdue: perhaps stopped"
    shot(qtbot, view, "money-recurring.png")


@pytest.mark.slow
def test_accounts_tab_keeps_currencies_apart(qtbot, vault_dir, vault):
    import_source(vault, Source(KR))
    import_source(vault, Source(MULTI))
    view, money = open_money(qtbot, vault_dir, vault)
    panel = money.accounts
    show(view, panel)
    rows = texts(panel.table)
    h = heads(panel.table)
    balances = {r[h.index("Account or card")]: (r[h.index("Balance")], r[h.index("Currency")]) for r in rows}
    assert balances["kr_bank"] == ("3,315,934", "KRW")
    assert balances["Savings 21252344525548 (492900)"] == ("11,728.56", "GBP")
    assert len(rows) == 4
    checking = next(r for r in rows if r[1].startswith("Checking 5465826"))
    assert checking[h.index("On")] == "2014-07-17"
    worth = panel.worth.text()
    assert "15,267.84 GBP" in worth and "3,315,934 KRW" in worth  # per currency ...
    assert "Total" not in worth  # ... and no total without a rate
    # a total in KRW: GBP left out for want of a rate, then converted at the rate entered, named
    panel.target_box.setCurrentIndex(panel.target_box.findData("KRW"))
    assert "Total in KRW: 3,315,934 KRW" in panel.worth.text()
    assert "15,267.84 GBP left out: no rate" in panel.worth.text()
    set_rate(vault, "GBP", "KRW", "1700", on=date(2026, 12, 1))
    money.refresh()
    total = Decimal("3315934") + Decimal("15267.84") * 1700
    assert f"Total in KRW: {total:,.0f} KRW" in panel.worth.text()
    assert "at 1 GBP = 1700 KRW (you entered it on 2026-12-01)" in panel.worth.text()
    # the latest month against the one before
    assert panel.month_box.currentData() == "2024-03"
    months = {(r[0], r[1]): r[2:] for r in texts(panel.month_table)}
    assert months[("KRW", "Income")] == ["3,201,234", "none", ""]
    assert months[("KRW", "Spending")][0] == "885,300"
    shot(qtbot, view, "money-accounts.png")


@pytest.mark.slow
def test_claims_tab_still_works_and_hides_the_chart(qtbot, vault_dir, vault):
    import_source(vault, Source(KR))
    view, _money = open_money(qtbot, vault_dir, vault)
    view.tabs.setCurrentWidget(view.claims)
    assert not view.chart.isVisible()
    qtbot.waitUntil(lambda: not view.claims.loading, timeout=20000)
    assert view.claims.status_line.text()
    view.tabs.setCurrentIndex(0)
    assert view.chart.isVisible() and view.account_row.isVisible()
    assert [view.tabs.tabText(i) for i in range(view.tabs.count())][3:] == [
        "Acc&ounts",
        "Cat&egories",
        "Recurri&ng",
        "Insurance &claims",
    ]


@pytest.mark.slow
def test_an_empty_vault_says_so_and_controls_have_names(qtbot, vault_dir, vault):
    view, money = open_money(qtbot, vault_dir, vault)
    for panel in money.panels():
        show(view, panel)
        assert panel.status.text()
    assert "No bank or card statements" in money.accounts.status.text()
    assert money.categories.chart.bars == []
    for widget in (
        money.accounts.table,
        money.accounts.month_table,
        money.accounts.month_box,
        money.accounts.target_box,
        money.categories.table,
        money.categories.month_box,
        money.categories.category_box,
        money.categories.change_box,
        money.recurring.table,
    ):
        assert widget.accessibleName()


@pytest.mark.slow
def test_switching_person_reads_only_that_persons_money(qtbot, vault_dir, vault):
    from wallet.model import Person

    child = Person(name="Minji")
    vault.save_person(child)
    import_source(vault, Source(KR))  # the holder's
    import_source(vault, Source(MULTI), person=child)
    view, money = open_money(qtbot, vault_dir, vault)
    window = view.main_window
    window.person_box.setCurrentIndex(window.person_box.findData(vault.holder().id))
    show(view, money.accounts)
    assert [r[1] for r in texts(money.accounts.table)] == ["kr_bank"]
    window.person_box.setCurrentIndex(window.person_box.findData(child.id))
    assert {r[3] for r in texts(money.accounts.table)} == {"GBP"} and money.accounts.table.rowCount() == 3
    assert "KRW" not in money.accounts.worth.text()


@pytest.mark.slow
def test_the_context_menu_changes_a_movements_category(qtbot, vault_dir, vault):
    import_source(vault, Source(KR))
    view, money = open_money(qtbot, vault_dir, vault)
    panel = money.categories
    show(view, panel)
    h = heads(panel.table)
    row = next(i for i, r in enumerate(texts(panel.table)) if r[h.index("Payee")] == "현금인출 ATM")
    assert texts(panel.table)[row][h.index("Category")] == "Cash withdrawals"
    panel._menu(panel.table.visualItemRect(panel.table.item(row, 1)).center())
    assert panel.menu is not None
    [sub] = [a.menu() for a in panel.menu.actions() if a.menu() is not None]
    [other] = [a for a in sub.actions() if a.text() == "Cash withdrawals"]
    assert not other.isEnabled()  # its own category is not offered
    [fees] = [a for a in sub.actions() if a.text() == "Fees and charges"]
    fees.trigger()
    row = next(i for i, r in enumerate(texts(panel.table)) if r[h.index("Payee")] == "현금인출 ATM")
    assert texts(panel.table)[row][h.index("Category")] == "Fees and charges"
    assert [r.category for r in my_rules(vault)] == ["fees"]


@pytest.mark.slow
def test_accounts_tab_charts_balances_over_time_as_the_feature_gives_them(qtbot, vault_dir, vault, tmp_path):
    from PySide6.QtGui import QPalette

    from wallet.features.money.accounts import balances_over_time, net_worth_over_time
    from wallet.ui.charts import colours, day_x, series_colour

    import_source(vault, Source(KR))
    import_source(vault, Source(MULTI))
    import_source(vault, Source(FIXTURES / "korea_finance" / "hyundaicard.xlsx"))  # a card: no balance
    view, money = open_money(qtbot, vault_dir, vault)
    panel = money.accounts
    show(view, panel)
    histories = balances_over_time(load_money(vault))
    assert panel.chart.isVisible() and panel.chart_box.accessibleName() and panel.by_box.accessibleName()
    # at first: every GBP account, a line each, with the feature's days and balances
    assert panel.chart_choice() == ("all", "GBP", "")
    gbp = [h for h in histories if h.account.currency == "GBP"]
    assert len(gbp) == 3 and len(panel.chart.series) == 3
    for line, h in zip(panel.chart.series, gbp, strict=True):
        assert line.name == h.account.label
        assert line.xs == [day_x(d.day) for d in h.days]
        assert line.ys == [float(d.balance) for d in h.days]
    assert panel.chart.lines == [(h.account.label, [(d.day, d.balance) for d in h.days]) for h in gbp]
    # theme colours: the first line the highlight's, the three lines three colours
    c = colours(panel.chart.palette())
    assert series_colour(panel.chart.series[0], c) == panel.chart.palette().color(QPalette.ColorRole.Highlight)
    assert len({series_colour(s, c).name() for s in panel.chart.series}) == 3
    # the pointer on a point names its balance and how it is known
    checking = next(s for s in panel.chart.series if s.name.startswith("Checking 5465826"))
    tip = panel.chart.tip_at(checking.xs[0], checking.ys[0])
    assert tip == "Checking 546582659855 (875400), 2014-05-11: 3,000.25 GBP (a balance the statement states)"
    # the won: the bank's line; the card is named as not drawn
    panel.choose_chart("all", "KRW")
    [won] = [h for h in histories if h.account.currency == "KRW" and h.known]
    assert [(s.xs, s.ys) for s in panel.chart.series] == [
        ([day_x(d.day) for d in won.days], [float(d.balance) for d in won.days])
    ]
    assert "kr_hyundaicard 본인 123*" in panel.chart_note.text()
    # the net worth per month, then per day, as net_worth_over_time gives it
    panel.choose_chart("worth", "GBP")
    assert panel.by_box.isEnabled()
    panel.by_box.setCurrentIndex(panel.by_box.findData("month"))
    months = [p for p in net_worth_over_time(histories, by="month") if p.currency == "GBP"]
    [line] = panel.chart.series
    assert line.ys == [float(p.total) for p in months] and line.xs == [day_x(p.day) for p in months]
    assert line.ys[-1] == 15267.84  # the net worth the panel states
    panel.by_box.setCurrentIndex(panel.by_box.findData("day"))
    days = [p for p in net_worth_over_time(histories) if p.currency == "GBP"]
    assert panel.chart.series[0].ys == [float(p.total) for p in days] and len(days) == 4
    # 2014-05-11: only the first checking account's balance is known (its LEDGERBAL), the others' from July
    assert panel.chart.series[0].ys[:2] == [3000.25, 3000.25 + 11728.56]
    first_tip = panel.chart.series[0].tips[0]
    assert "1 of 3 accounts" in first_tip and "not known on that day: Checking 54658222458596" in first_tip
    # a row of the table chooses its account
    row = next(i for i, r in enumerate(texts(panel.table)) if r[1] == "kr_bank")
    panel.table.setCurrentCell(row, 1)
    assert panel.chart_choice() == ("account", "KRW", "kr_bank") and not panel.by_box.isEnabled()
    assert panel.chart.series[0].ys == [float(d.balance) for d in won.days]
    assert panel.chart.title.startswith("Balance of kr_bank, 2024-03-")
    # saved as PNG through the audited write-out
    saved = panel.chart.save_png(tmp_path / "balances.png")
    assert saved.read_bytes().startswith(b"\x89PNG")
    assert "chart.export" in [e["action"] for e in vault.audit_entries()]
    shot(qtbot, view, "money-balances.png")

"""Money > Accounts, Categories and Recurring: the tabs of one view of all money (issue 20).

The numbers come from :mod:`wallet.features.money` (no Qt there), read once on a worker thread
(:func:`read_money`) when one of the three tabs is shown and again after an import, a person
switch or a change of rules; the three tabs share that read (:class:`MoneyPanels`).

* **Accounts** (:class:`AccountsPanel`): every account and card with its latest balance and its
  day, the net worth per currency (never added across currencies; a total in one currency only at a
  rate the person entered or an imported file carries, each line naming its rate), balances over
  time (:class:`wallet.ui.charts.BalanceChart`: the accounts of a currency, one account, or the net
  worth per day or month, from :func:`wallet.features.money.accounts.balances_over_time`), and
  income and spending of a month against the month before.
* **Categories** (:class:`CategoriesPanel`): spending per category of a month as horizontal bars
  (:class:`wallet.ui.charts.CategoryChart`), one category over the last twelve months
  (:class:`wallet.ui.charts.CategoryTrendChart`), and the month's movements with their category and
  the rule that chose it.  Changing a movement's category teaches a rule
  (:func:`wallet.features.money.categories.learn`); "Rules..." (:class:`RulesDialog`) lists the
  person's rules and the built-in ones, to add, delete, turn off and on.
* **Recurring** (:class:`RecurringPanel`): recurring payments and subscriptions with their amount,
  period, last payment, next expected date and status.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal

from PySide6.QtCore import QCoreApplication, QObject, QPoint, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from wallet.features.money.accounts import (
    AccountSummary,
    BalanceHistory,
    Entry,
    MoneyView,
    Rate,
    balances_over_time,
    convert,
    entered_rates,
    load_money,
    net_worth_over_time,
    previous_month,
    set_rate,
)
from wallet.features.money.categories import Category, Rule, Rules, add_rule, delete_rule, learn, restore_rule
from wallet.features.money.recurring import Recurring, recurring_in
from wallet.terms.money import format_money
from wallet.ui import workers
from wallet.ui.charts import BalanceChart, CategoryChart, CategoryTrendChart
from wallet.ui.i18n import current as current_language

if TYPE_CHECKING:
    from wallet.store.vault import Vault
    from wallet.ui.main_window import MainWindow

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
ID_ROLE = Qt.ItemDataRole.UserRole + 1
TREND_MONTHS = 12
"""Months shown in the chart of one category."""


def money_text(amount: Decimal, currency: str) -> str:
    """``-1,234.50`` as the tables write amounts: the sign written, the currency's own digits."""
    return format_money(amount, currency, current_language(), style="number")


def _cell(text: str, *, right: bool = False, tip: str = "", key: str = "") -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    if right:
        item.setTextAlignment(RIGHT)
    if tip or text:
        item.setToolTip(tip or text)
    if key:
        item.setData(ID_ROLE, key)
    return item


def _table(name: str, heads: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(heads))
    table.setAccessibleName(name)
    table.setHorizontalHeaderLabels(heads)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setTabKeyNavigation(False)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _fill(table: QTableWidget, rows: list[list[QTableWidgetItem]], stretch: int = -1) -> None:
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, item in enumerate(row):
            table.setItem(r, c, item)
    header = table.horizontalHeader()
    header.setStretchLastSection(stretch < 0)  # one column takes the room left, never two (no scroll bar)
    table.resizeColumnsToContents()
    for col in range(header.count()):
        header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
        table.setColumnWidth(col, min(table.columnWidth(col), 320))
    if stretch >= 0:
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)


def _combo(name: str) -> QComboBox:
    box = QComboBox()
    box.setAccessibleName(name)
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    return box


def _label(text: str = "", name: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if name:
        label.setAccessibleName(name)
    return label


# --------------------------------------------------------------------------- reading


@dataclass
class MoneyData:
    """What the three tabs show, read once off the GUI thread."""

    view: MoneyView
    payments: list[Recurring]
    """Recurring money out, the soonest next date first."""
    income: list[Recurring]
    """Recurring money in."""
    entered: list[Rate]
    """The exchange rates the person entered."""
    histories: list[BalanceHistory] = field(default_factory=list)
    """Each account's balance over time (:func:`balances_over_time`), in the view's order."""


def read_money(vault: Vault, person_id: str | None) -> MoneyData:
    """The money view of the person (everyone's when None), its recurring series and the entered rates."""
    view = load_money(vault, person_id)
    payments, income = recurring_in(view), recurring_in(view, direction="in")
    return MoneyData(view, payments, income, entered_rates(vault), balances_over_time(view))


class MoneyPanels(QObject):
    """The Accounts, Categories and Recurring tabs and the one read they share."""

    def __init__(self, main_window: MainWindow, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.main_window = main_window
        self.data: MoneyData | None = None
        self.loading = False
        self.stale = True
        """The data must be read again when a tab is next shown."""
        self.today: date | None = None
        """The day recurring payments are judged on (None: today)."""
        self._reads = workers.LatestRead()
        self.accounts = AccountsPanel(self)
        self.categories = CategoriesPanel(self)
        self.recurring = RecurringPanel(self)

    def panels(self) -> list[MoneyPanel]:
        """The three tabs."""
        return [self.accounts, self.categories, self.recurring]

    def refresh(self) -> None:
        """The vault or the person changed: read again now if a tab is shown, else when one is."""
        self.stale = True
        if any(p.isVisible() for p in self.panels()):
            self.load()

    def shown(self) -> None:
        """A tab was shown: read if the data is stale."""
        if self.stale:
            self.load()

    def load(self) -> None:
        """Read the chosen person's money off the GUI thread."""
        vault = self.main_window.vault
        if vault is None:
            return
        person = self.main_window.current_person_id()
        self.stale = False
        self.loading = True
        for panel in self.panels():
            panel.reading()
        self._reads.start(vault, lambda reader: read_money(reader, person), on_done=self._read, on_error=self._failed)

    def _read(self, data: MoneyData) -> None:
        self.loading = False
        self.data = data
        for panel in self.panels():
            panel.show_data(data)

    def _failed(self, exc: BaseException) -> None:
        self.loading = False
        text = self.tr("Your money could not be read: {error}").format(error=workers.readable_error(exc))
        for panel in self.panels():
            panel.status.setText(text)

    def write(
        self, job: Callable[[Vault], Any], on_done: Callable[[Any], None], on_error: Callable[[str], None]
    ) -> None:
        """Run ``job`` (a change: a rule, a rate) on a worker, then read everything again."""
        vault = self.main_window.vault
        if vault is None:
            return

        def done(result: Any) -> None:
            on_done(result)
            self.stale = True
            self.load()

        workers.run_task(
            workers.with_reader(vault, job),
            on_done=done,
            on_error=lambda exc: on_error(workers.readable_error(exc)),
        )


class MoneyPanel(QWidget):
    """A tab of the money view: reads (through its :class:`MoneyPanels`) when shown."""

    def __init__(self, owner: MoneyPanels) -> None:
        super().__init__()
        self.owner = owner
        self.status = _label(self.tr("Reading your accounts..."), self.tr("What this tab shows"))

    def showEvent(self, event: QShowEvent) -> None:
        """Read (once) when first shown, and after the data changed."""
        super().showEvent(event)
        self.owner.shown()

    def reading(self) -> None:
        """A read started."""
        if self.owner.data is None:
            self.status.setText(self.tr("Reading your accounts..."))

    def show_data(self, data: MoneyData) -> None:
        """Show what was read."""
        raise NotImplementedError

    @staticmethod
    def _months_box(box: QComboBox, months: list[str]) -> None:
        """Fill a month picker, newest first, keeping the chosen month when it is still there."""
        chosen = box.currentData()
        box.blockSignals(True)
        box.clear()
        for month in reversed(months):
            box.addItem(month, month)
        index = box.findData(chosen)
        box.setCurrentIndex(index if index >= 0 else 0)
        box.blockSignals(False)
        box.setEnabled(bool(months))


# --------------------------------------------------------------------------- accounts


class RateDialog(QDialog):
    """Enter an exchange rate: 1 FROM = RATE TO (the wallet never fetches one)."""

    def __init__(self, source: str, target: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Exchange rate"))
        self.source = QLineEdit(source)
        self.source.setPlaceholderText(self.tr("e.g. USD"))
        self.target = QLineEdit(target)
        self.target.setPlaceholderText(self.tr("e.g. KRW"))
        self.rate = QLineEdit()
        self.rate.setPlaceholderText(self.tr("e.g. 1380.5"))
        form = QFormLayout()
        form.addRow(self.tr("1 unit of (&from):"), self.source)
        form.addRow(self.tr("is worth (&rate):"), self.rate)
        form.addRow(self.tr("of (&to):"), self.target)
        note = _label(self.tr("Kept in your vault with today's date and named beside every total it is used for."))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)


class AccountsPanel(MoneyPanel):
    """Every account and card with its balance, the net worth per currency, a month against the one before."""

    def __init__(self, owner: MoneyPanels) -> None:
        super().__init__(owner)
        self.rate_dialog: RateDialog | None = None
        self.month_box = _combo(self.tr("Month compared with the month before"))
        month_label = QLabel(self.tr("Mont&h:"))
        month_label.setBuddy(self.month_box)
        self.target_box = _combo(self.tr("Currency of a converted total"))
        self.target_box.setToolTip(
            self.tr("A total in one currency, only at rates you entered or an imported file carries")
        )
        target_label = QLabel(self.tr("Total &in:"))
        target_label.setBuddy(self.target_box)
        self.rate_button = QPushButton(self.tr("Enter a &rate..."))
        self.rate_button.setToolTip(self.tr("An exchange rate you know (the wallet never fetches one)"))
        self.rate_button.clicked.connect(self.ask_rate)
        top = QHBoxLayout()
        top.addWidget(month_label)
        top.addWidget(self.month_box)
        top.addStretch(1)
        top.addWidget(target_label)
        top.addWidget(self.target_box)
        top.addWidget(self.rate_button)

        self.table = _table(
            self.tr("Accounts and cards"),
            [
                self.tr("Kind"),
                self.tr("Account or card"),
                self.tr("Balance"),
                self.tr("Currency"),
                self.tr("On"),
                self.tr("Since"),
                self.tr("From"),
            ],
        )
        self.worth = _label("", self.tr("Net worth per currency"))
        self.worth.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        worth_box = QGroupBox(self.tr("Net worth"))
        worth_layout = QVBoxLayout(worth_box)
        worth_layout.addWidget(self.worth)
        worth_layout.addStretch(1)
        self.month_table = _table(
            self.tr("Income and spending of the month against the month before"),
            [self.tr("Currency"), self.tr("What"), self.tr("This month"), self.tr("Month before"), self.tr("Change")],
        )
        self.month_title = QGroupBox(self.tr("Income and spending"))
        month_layout = QVBoxLayout(self.month_title)
        month_layout.addWidget(self.month_table)
        bottom = QHBoxLayout()
        bottom.addWidget(worth_box, 1)
        bottom.addWidget(self.month_title, 2)

        self.histories: list[BalanceHistory] = []
        self.chart_box = _combo(self.tr("What the chart of balances shows"))
        chart_label = QLabel(self.tr("Chart &shows:"))
        chart_label.setBuddy(self.chart_box)
        self.by_box = _combo(self.tr("Net worth per day or per month"))
        self.by_box.addItem(self.tr("per day"), "day")
        self.by_box.addItem(self.tr("per month"), "month")
        self.chart = BalanceChart(lambda: self.owner.main_window.vault)
        self.chart.tools.insertWidget(0, chart_label)
        self.chart.tools.insertWidget(1, self.chart_box)
        self.chart.tools.insertWidget(2, self.by_box)
        self.chart_note = _label("", self.tr("Accounts the chart leaves out"))
        chart_group = QGroupBox(self.tr("Balances over time"))
        chart_layout = QVBoxLayout(chart_group)
        chart_layout.addWidget(self.chart, 1)
        chart_layout.addWidget(self.chart_note)

        bottom_box = QWidget()
        bottom_box.setLayout(bottom)
        bottom.setContentsMargins(0, 0, 0, 0)
        split = QSplitter(Qt.Orientation.Vertical)  # the user moves the room between table, chart and totals
        split.setChildrenCollapsible(False)
        for widget, stretch in ((self.table, 2), (chart_group, 3), (bottom_box, 2)):
            split.addWidget(widget)
            split.setStretchFactor(split.count() - 1, stretch)
        split.setSizes([200, 300, 200])  # in proportion: the table of accounts keeps rows in view

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(split, 1)
        self.month_box.currentIndexChanged.connect(lambda _i: self._show_months())
        self.target_box.currentIndexChanged.connect(lambda _i: self._show_worth())
        self.chart_box.currentIndexChanged.connect(lambda _i: self.show_chart())
        self.by_box.currentIndexChanged.connect(lambda _i: self.show_chart())
        self.table.currentCellChanged.connect(lambda row, _c, _r, _pc: self._account_chosen(row))

    def show_data(self, data: MoneyData) -> None:
        """Fill the accounts, the net worth and the month's income and spending."""
        view = data.view
        self._months_box(self.month_box, view.month_list())
        currencies = sorted(
            {a.account.currency for a in view.accounts if a.account.currency}
            | {c for r in data.entered for c in (r.source_currency, r.target_currency)}
        )
        chosen = self.target_box.currentData()
        self.target_box.blockSignals(True)
        self.target_box.clear()
        self.target_box.addItem(self.tr("no converted total"), "")
        for cur in currencies:
            self.target_box.addItem(cur, cur)
        self.target_box.setCurrentIndex(max(0, self.target_box.findData(chosen)))
        self.target_box.blockSignals(False)
        _fill(self.table, [self._account_row(a) for a in view.accounts], stretch=1)
        if not view.accounts:
            self.status.setText(
                self.tr("No bank or card statements for this person yet: import an OFX file or a bank statement.")
            )
        else:
            cards = sum(1 for a in view.accounts if a.kind == "card")
            self.status.setText(
                self.tr("{n} accounts and {cards} cards; balances as the statements state them.").format(
                    n=len(view.accounts) - cards, cards=cards
                )
            )
        self._show_worth()
        self._show_months()
        self.histories = data.histories
        self._chart_choices(view)
        self.show_chart()

    def _chart_choices(self, view: MoneyView) -> None:
        """Per currency: its net worth and all its accounts; then each account whose balance is known."""
        chosen = self.chart_box.currentData()
        self.chart_box.blockSignals(True)
        self.chart_box.clear()
        known = [h for h in self.histories if h.known]
        for cur in sorted({h.account.currency for h in known}):
            self.chart_box.addItem(self.tr("Net worth ({currency})").format(currency=cur), f"worth\t{cur}")
            self.chart_box.addItem(self.tr("All accounts ({currency})").format(currency=cur), f"all\t{cur}")
        for h in known:
            name = h.account.label or self.tr("Unknown account")
            self.chart_box.addItem(f"{name} ({h.account.currency})", f"account\t{h.account.currency}\t{h.account.key}")
        index = self.chart_box.findData(chosen)
        if index < 0:  # at first: every account of the first currency
            index = self.chart_box.findData(f"all\t{known[0].account.currency}") if known else 0
        self.chart_box.setCurrentIndex(max(0, index))
        self.chart_box.blockSignals(False)
        self.chart_box.setEnabled(bool(known))

    def chart_choice(self) -> tuple[str, str, str]:
        """What the chart shows: (``worth`` | ``all`` | ``account``, currency, account key)."""
        what, _, rest = str(self.chart_box.currentData() or "").partition("\t")
        cur, _, key = rest.partition("\t")
        return what, cur, key

    def choose_chart(self, what: str, currency: str, key: str = "") -> None:
        """Show ``worth`` or ``all`` of ``currency``, or the ``account`` ``key`` in it (when it has a balance)."""
        data = f"{what}\t{currency}" + (f"\t{key}" if what == "account" else "")
        index = self.chart_box.findData(data)
        if index >= 0:
            self.chart_box.setCurrentIndex(index)

    def _account_chosen(self, row: int) -> None:
        data = self.owner.data
        if data is None or not 0 <= row < len(data.view.accounts):
            return
        account = data.view.accounts[row].account
        self.choose_chart("account", account.currency, account.key)

    def show_chart(self) -> None:
        """Draw the chosen balances or net worth, and name the accounts left out (no balance known)."""
        what, cur, key = self.chart_choice()
        self.by_box.setEnabled(what == "worth")
        same = [h for h in self.histories if h.account.currency == cur]
        unknown = [h for h in same if not h.known]
        if what == "worth":
            by: Literal["day", "month"] = "month" if self.by_box.currentData() == "month" else "day"
            self.chart.show_net_worth(net_worth_over_time(same, by=by), cur)
        elif what == "account":
            self.chart.show_accounts([h for h in same if h.account.key == key], cur)
            unknown = []
        else:
            self.chart.show_accounts(same, cur)
        note = ""
        if unknown:
            note = self.tr("Not drawn (no balance in their statements): {names}").format(
                names=", ".join(h.account.label or self.tr("Unknown account") for h in unknown)
            )
        if what == "worth" and same:
            note = " ".join(
                t for t in (self.tr("Each day counts the accounts whose balance is known on it."), note) if t
            )
        self.chart_note.setText(note)
        self.chart_note.setVisible(bool(note))

    def _account_row(self, a: AccountSummary) -> list[QTableWidgetItem]:
        kind = {"bank": self.tr("Account"), "card": self.tr("Card")}.get(a.kind, self.tr("Unknown"))
        cur = a.account.currency
        if a.balance is not None:
            balance = _cell(money_text(a.balance, cur), right=True)
        else:
            balance = _cell(
                self.tr("not known"),
                right=True,
                tip=self.tr("The statements give no balance: left out of the net worth"),
            )
        return [
            _cell(kind),
            _cell(a.account.label or self.tr("Unknown account"), key=a.account.key),
            balance,
            _cell(cur or "?"),
            _cell(a.as_of.isoformat() if a.as_of else ""),
            _cell(a.first.isoformat() if a.first else ""),
            _cell(", ".join(a.sources)),
        ]

    def _show_worth(self) -> None:
        data = self.owner.data
        if data is None:
            return
        view = data.view
        worth = view.net_worth()
        lines = [f"{money_text(v, cur)} {cur}" for cur, v in worth.items()]
        if not worth:
            lines.append(self.tr("No account states its balance."))
        elif len(worth) > 1:
            lines.append(self.tr("Each currency apart: they are never added together."))
        unknown = view.unknown_balances()
        if unknown:
            lines.append(
                self.tr("Not counted (no balance in their statements): {names}").format(
                    names=", ".join(a.account.label or self.tr("Unknown account") for a in unknown)
                )
            )
        target = str(self.target_box.currentData() or "")
        if target and worth:
            conv = convert(worth, target, data.entered, view.file_rates)
            lines.append("")
            lines.append(
                self.tr("Total in {currency}: {amount} {currency}").format(
                    currency=target, amount=money_text(conv.total, target)
                )
            )
            for line in conv.lines:
                amount = f"{money_text(line.amount, line.currency)} {line.currency}"
                if line.rate is not None and line.value is not None:
                    lines.append(self.tr("  {amount} at {rate}").format(amount=amount, rate=self._rate_text(line.rate)))
                elif line.value is None:
                    lines.append(
                        self.tr("  {amount} left out: no rate to {currency} (Enter a rate...)").format(
                            amount=amount, currency=target
                        )
                    )
        self.worth.setText("\n".join(lines))

    def _rate_text(self, rate: Rate) -> str:
        when = rate.on.isoformat() if rate.on else self.tr("no date")
        if rate.origin == "entered":
            how = self.tr("you entered it on {date}").format(date=when)
        else:
            how = self.tr("from {file}, {date}").format(file=rate.where or self.tr("an imported file"), date=when)
        if rate.given is not None:
            return self.tr("1 {to} = {given} {source} ({how}; used the other way round)").format(
                to=rate.target_currency, given=rate.given, source=rate.source_currency, how=how
            )
        return self.tr("1 {source} = {rate} {to} ({how})").format(
            source=rate.source_currency, rate=rate.rate, to=rate.target_currency, how=how
        )

    def _show_months(self) -> None:
        data = self.owner.data
        if data is None:
            return
        month = str(self.month_box.currentData() or "")
        rows: list[list[QTableWidgetItem]] = []
        if month:
            before = previous_month(month)
            self.month_title.setTitle(
                self.tr("Income and spending: {month} against {before}").format(month=month, before=before)
            )
            table = {(m.month, m.currency): m for m in data.view.months()}
            currencies = sorted({cur for (m, cur) in table if m in (month, before)})
            what = (
                ("income", self.tr("Income")),
                ("spending", self.tr("Spending")),
                ("transfers_in", self.tr("Transfers in")),
                ("transfers_out", self.tr("Transfers out")),
                ("moved", self.tr("Moved between your own accounts (not spending)")),
            )
            for cur in currencies:
                now, was = table.get((month, cur)), table.get((before, cur))
                for name, text in what:
                    a = getattr(now, name) if now else Decimal(0)
                    b = getattr(was, name) if was else None
                    if name not in ("income", "spending") and not a and not b:
                        continue
                    rows.append(
                        [
                            _cell(cur),
                            _cell(text),
                            _cell(money_text(a, cur), right=True),
                            _cell(money_text(b, cur) if b is not None else self.tr("none"), right=True),
                            _cell(self._change(a, b, cur), right=True),
                        ]
                    )
        _fill(self.month_table, rows)

    def _change(self, now: Decimal, was: Decimal | None, cur: str) -> str:
        if was is None:
            return ""
        diff = now - was
        text = ("+" if diff > 0 else "") + money_text(diff, cur)
        if was:
            text += f" ({diff / was * 100:+.0f}%)"
        return text

    def ask_rate(self) -> None:
        """Enter a rate...: 1 FROM = RATE TO, kept in the vault."""
        data = self.owner.data
        worth = list(data.view.net_worth()) if data else []
        target = str(self.target_box.currentData() or "")
        source = next((c for c in worth if c != target), "")
        dialog = RateDialog(source, target, self)
        dialog.accepted.connect(lambda: self.save_rate(dialog.source.text(), dialog.target.text(), dialog.rate.text()))
        self.rate_dialog = dialog
        dialog.open()

    def save_rate(self, source: str, target: str, rate: str) -> None:
        """Keep 1 ``source`` = ``rate`` ``target`` (a message names what cannot be read)."""

        def done(kept: Rate) -> None:
            self.status.setText(self.tr("Kept: {rate}.").format(rate=self._rate_text(kept)))

        self.owner.write(
            lambda reader: set_rate(reader, source, target, rate),
            done,
            lambda error: self.status.setText(self.tr("The rate was not kept: {error}").format(error=error)),
        )


# --------------------------------------------------------------------------- categories


class CategoriesPanel(MoneyPanel):
    """Spending per category of a month, one category per month, the month's movements and their rules."""

    def __init__(self, owner: MoneyPanels) -> None:
        super().__init__(owner)
        self.rules_dialog: RulesDialog | None = None
        self.menu: QMenu | None = None
        """The movement's context menu last shown."""
        self.entries: list[Entry] = []
        """The movements in the table, in its order."""
        self.notice = ""
        self.month_box = _combo(self.tr("Month"))
        month_label = QLabel(self.tr("Mont&h:"))
        month_label.setBuddy(self.month_box)
        self.currency_box = _combo(self.tr("Currency"))
        self.currency_label = QLabel(self.tr("C&urrency:"))
        self.currency_label.setBuddy(self.currency_box)
        self.rules_button = QPushButton(self.tr("Ru&les..."))
        self.rules_button.setToolTip(self.tr("Your rules and the built-in ones: add, delete, turn off and on"))
        self.rules_button.clicked.connect(self.open_rules)
        top = QHBoxLayout()
        top.addWidget(month_label)
        top.addWidget(self.month_box)
        top.addWidget(self.currency_label)
        top.addWidget(self.currency_box)
        top.addStretch(1)
        top.addWidget(self.rules_button)

        self.chart = CategoryChart(lambda: self.owner.main_window.vault)
        self.category_box = _combo(self.tr("Category shown per month"))
        category_label = QLabel(self.tr("Categor&y:"))
        category_label.setBuddy(self.category_box)
        self.trend = CategoryTrendChart(lambda: self.owner.main_window.vault)
        self.trend.tools.insertWidget(0, category_label)
        self.trend.tools.insertWidget(1, self.category_box)
        charts = QSplitter(Qt.Orientation.Horizontal)
        charts.addWidget(self.chart)
        charts.addWidget(self.trend)
        charts.setSizes([500, 400])

        self.only = QCheckBox(self.tr("Only mo&vements of this category"))
        self.table = _table(
            self.tr("Movements of the month"),
            [
                self.tr("Date"),
                self.tr("Payee"),
                self.tr("Amount"),
                self.tr("Currency"),
                self.tr("Category"),
                self.tr("Why (the rule)"),
                self.tr("Account"),
            ],
        )
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._menu)
        self.table.currentCellChanged.connect(lambda row, _c, _pr, _pc: self._chosen(row))
        self.change_box = _combo(self.tr("New category of the chosen movement's payee"))
        change_label = QLabel(self.tr("Category of this payee &from now on:"))
        change_label.setBuddy(self.change_box)
        self.change_button = QPushButton(self.tr("&Keep for this payee"))
        self.change_button.setToolTip(self.tr("Learns a rule of yours: this payee gets this category from now on"))
        self.change_button.clicked.connect(self._change_clicked)
        change = QHBoxLayout()
        change.addWidget(self.only)
        change.addStretch(1)
        change.addWidget(change_label)
        change.addWidget(self.change_box)
        change.addWidget(self.change_button)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.table, 1)
        lower_layout.addLayout(change)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(charts)
        split.addWidget(lower)
        split.setSizes([330, 300])
        split.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(split, 1)
        self.month_box.currentIndexChanged.connect(lambda _i: self.show_month())
        self.currency_box.currentIndexChanged.connect(lambda _i: self.show_month(keep_currency=True))
        self.category_box.currentIndexChanged.connect(lambda _i: self._category_chosen())
        self.only.toggled.connect(lambda _on: self._fill_table())
        self._chosen(-1)

    # ------------------------------------------------------------ showing
    def show_data(self, data: MoneyData) -> None:
        """Fill the month picker and show the chosen month."""
        self._months_box(self.month_box, data.view.month_list())
        lang = current_language()
        chosen = self.change_box.currentData()
        self.change_box.blockSignals(True)
        self.change_box.clear()
        for c in data.view.rules.categories():
            self.change_box.addItem(c.name(lang), c.key)
        self.change_box.setCurrentIndex(max(0, self.change_box.findData(chosen)))
        self.change_box.blockSignals(False)
        self.show_month(keep_currency=True, keep_category=True)

    def month(self) -> str:
        """The chosen month (``YYYY-MM``), "" when there is none."""
        return str(self.month_box.currentData() or "")

    def currency(self) -> str:
        """The chosen currency."""
        return str(self.currency_box.currentData() or "")

    def show_month(self, *, keep_currency: bool = False, keep_category: bool = False) -> None:
        """Chart and list the chosen month in the chosen currency."""
        data = self.owner.data
        if data is None:
            return
        view, month, lang = data.view, self.month(), current_language()
        currencies = sorted({e.currency for e in view.entries if e.month == month})
        chosen = self.currency() if keep_currency else ""
        self.currency_box.blockSignals(True)
        self.currency_box.clear()
        for cur in currencies:
            self.currency_box.addItem(cur, cur)
        index = self.currency_box.findData(chosen)
        if index < 0:  # the currency most spent in
            counts = {cur: sum(1 for e in view.entries if e.month == month and e.currency == cur) for cur in currencies}
            index = currencies.index(max(counts, key=lambda c: counts[c])) if counts else 0
        self.currency_box.setCurrentIndex(index)
        self.currency_box.blockSignals(False)
        several = len(currencies) > 1
        self.currency_box.setVisible(several)
        self.currency_label.setVisible(several)
        cur = self.currency()
        rows = [r for r in view.by_category(month) if r.currency == cur] if month else []
        self.chart.show_categories(rows, cur, month, lang)
        total = sum((r.spent for r in rows), Decimal(0))
        if not month:
            text = self.tr("No bank or card movements for this person yet.")
        else:
            text = self.tr("{month}: {amount} {currency} spent in {n} categories.").format(
                month=month, amount=money_text(total, cur), currency=cur, n=len(rows)
            )
            if several:
                text += " " + self.tr("Other currencies of the month are charted apart (Currency).")
        self.status.setText(f"{self.notice}\n{text}" if self.notice else text)
        # the category picker: every category spent in, in this currency; the month's top one by default
        spent_in: dict[str, Category] = {}
        for r in view.by_category():
            if r.currency == cur:
                spent_in.setdefault(r.category.key, r.category)
        keep = self.category_box.currentData() if keep_category else None
        self.category_box.blockSignals(True)
        self.category_box.clear()
        for key, c in sorted(spent_in.items(), key=lambda kv: kv[1].name(lang)):
            self.category_box.addItem(c.name(lang), key)
        index = self.category_box.findData(keep)
        if index < 0 and rows:
            index = self.category_box.findData(rows[0].category.key)
        self.category_box.setCurrentIndex(max(0, index))
        self.category_box.blockSignals(False)
        self._category_chosen()

    def category(self) -> str:
        """The key of the category shown per month."""
        return str(self.category_box.currentData() or "")

    def trend_months(self) -> list[tuple[str, Decimal]]:
        """(``YYYY-MM``, spent) of the chosen category over the twelve months up to the chosen month."""
        data = self.owner.data
        month, key, cur = self.month(), self.category(), self.currency()
        if data is None or not month or not key:
            return []
        spent = {r.month: r.spent for r in data.view.by_category() if r.category.key == key and r.currency == cur}
        months = [month]
        while len(months) < TREND_MONTHS:
            months.append(previous_month(months[-1]))
        return [(m, spent.get(m, Decimal(0))) for m in reversed(months)]

    def _category_chosen(self) -> None:
        self.trend.show_months(self.trend_months(), self.currency(), self.category_box.currentText())
        self._fill_table()

    def _fill_table(self) -> None:
        data = self.owner.data
        if data is None:
            return
        month, key, lang = self.month(), self.category(), current_language()
        keep = self.current_entry()
        only = self.only.isChecked()
        self.entries = [
            e
            for e in data.view.entries
            if e.month == month and (not only or (e.category.key == key and not e.internal))
        ]
        rows: list[list[QTableWidgetItem]] = []
        for e in self.entries:
            if e.internal:
                name = self.tr("Between your own accounts")
                why = self.tr("the same amount left one of your accounts and reached another that day (not spending)")
            else:
                name, why = e.category.name(lang), e.category.explain(lang)
            rows.append(
                [
                    _cell(e.day.isoformat(), key=e.record_id),
                    _cell(e.payee or e.memo),
                    _cell(money_text(e.amount, e.currency), right=True),
                    _cell(e.currency),
                    _cell(name),
                    _cell(why),
                    _cell(e.account.label),
                ]
            )
        _fill(self.table, rows, stretch=5)
        ids = [e.record_id for e in self.entries]
        if keep is not None and keep.record_id in ids:
            self.table.setCurrentCell(ids.index(keep.record_id), 0)
        self._chosen(self.table.currentRow())

    def current_entry(self) -> Entry | None:
        """The movement chosen in the table."""
        row = self.table.currentRow()
        return self.entries[row] if 0 <= row < len(self.entries) else None

    def _chosen(self, row: int) -> None:
        e = self.entries[row] if 0 <= row < len(self.entries) else None
        can = e is not None and bool(e.payee)
        self.change_box.setEnabled(can)
        self.change_button.setEnabled(can)
        if e is not None:
            index = self.change_box.findData(e.category.key)
            if index >= 0:
                self.change_box.setCurrentIndex(index)

    # ------------------------------------------------------------ changing
    def _menu(self, pos: QPoint) -> None:
        row = self.table.rowAt(pos.y())
        if row < 0 or row >= len(self.entries) or self.owner.data is None:
            return
        self.table.setCurrentCell(row, 0)
        e = self.entries[row]
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.menu = menu
        sub = menu.addMenu(self.tr("Change category of this payee to"))
        sub.setEnabled(bool(e.payee))
        lang = current_language()
        for c in self.owner.data.view.rules.categories():
            action = sub.addAction(c.name(lang))
            action.setEnabled(c.key != e.category.key)
            action.triggered.connect(lambda _checked=False, key=c.key: self.recategorise(e, key))
        menu.addSeparator()
        menu.addAction(self.tr("Rules..."), self.open_rules)
        menu.popup(self.table.viewport().mapToGlobal(pos))

    def _change_clicked(self) -> None:
        e = self.current_entry()
        key = str(self.change_box.currentData() or "")
        if e is not None and key:
            self.recategorise(e, key)

    def recategorise(self, entry: Entry, key: str) -> None:
        """Give ``entry``'s payee the category ``key`` from now on (a rule learnt), then read again."""
        lang = current_language()

        def job(reader: Vault) -> Rule:
            return learn(reader, reader.get(entry.record_id), key)

        def done(rule: Rule) -> None:
            name = self.owner.data.view.rules.category(rule.category).name(lang) if self.owner.data else rule.category
            self.notice = self.tr('Learnt: payee "{payee}" is {category} from now on (your rule {rule}).').format(
                payee=entry.payee, category=name, rule=rule.id
            )

        self.owner.write(job, done, self._not_changed)

    def _not_changed(self, error: str) -> None:
        self.notice = ""
        self.status.setText(self.tr("Not changed: {error}").format(error=error))

    def open_rules(self) -> None:
        """Rules...: the person's rules and the built-in ones."""
        vault = self.owner.main_window.vault
        if vault is None:
            return
        dialog = RulesDialog(self.owner, self)
        self.rules_dialog = dialog
        dialog.open()


class RulesDialog(QDialog):
    """The category rules in the order they are tried: the person's first, then the built-in ones.

    The person's rules can be deleted, built-in rules turned off and on again; a rule is added
    from a payee text (contained in it, or the whole payee) or a regular expression and a category.
    """

    def __init__(self, owner: MoneyPanels, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.owner = owner
        self.rules: list[Rule] = []
        self.setWindowTitle(self.tr("Category rules"))
        self.resize(900, 560)
        self.message = _label("", self.tr("What the last change did"))
        self.table = _table(
            self.tr("Category rules"),
            [
                self.tr("Whose"),
                self.tr("Rule"),
                self.tr("Category"),
                self.tr("Conditions"),
                self.tr("State"),
                self.tr("Note"),
            ],
        )
        self.table.currentCellChanged.connect(lambda row, _c, _pr, _pc: self._chosen(row))
        self.delete_button = QPushButton(self.tr("&Delete"))
        self.delete_button.setToolTip(self.tr("Delete one of your rules, or turn a built-in rule off"))
        self.delete_button.clicked.connect(self.delete_current)
        self.restore_button = QPushButton(self.tr("&Turn on"))
        self.restore_button.setToolTip(self.tr("Turn a built-in rule you turned off on again"))
        self.restore_button.clicked.connect(self.restore_current)
        row_buttons = QHBoxLayout()
        row_buttons.addStretch(1)
        row_buttons.addWidget(self.delete_button)
        row_buttons.addWidget(self.restore_button)

        self.pattern = QLineEdit()
        self.pattern.setPlaceholderText(self.tr("e.g. 스타벅스, NETFLIX or ^GS25"))
        self.pattern.setAccessibleName(self.tr("Payee text or pattern"))
        self.how = _combo(self.tr("How the payee is matched"))
        self.how.addItem(self.tr("payee contains"), "contains")
        self.how.addItem(self.tr("payee is exactly"), "exact")
        self.how.addItem(self.tr("payee matches the regular expression"), "regex")
        self.category = _combo(self.tr("Category the rule gives"))
        lang = current_language()
        for c in Rules.builtin().categories():
            self.category.addItem(c.name(lang), c.key)
        self.add_button = QPushButton(self.tr("&Add rule"))
        self.add_button.clicked.connect(self.add_clicked)
        add_box = QGroupBox(self.tr("New rule (tried before every built-in rule)"))
        add = QHBoxLayout(add_box)
        add.addWidget(self.how)
        add.addWidget(self.pattern, 1)
        add.addWidget(QLabel(self.tr("→")))
        add.addWidget(self.category)
        add.addWidget(self.add_button)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(
            _label(
                self.tr(
                    "The first rule whose conditions all hold gives a movement its category: your rules "
                    "first (the newest first), then the built-in ones. Changing a movement's category "
                    "in the Categories tab adds a rule of yours for its payee."
                )
            )
        )
        layout.addWidget(self.table, 1)
        layout.addLayout(row_buttons)
        layout.addWidget(add_box)
        layout.addWidget(self.message)
        layout.addWidget(close)
        self._chosen(-1)
        self.load()

    def load(self) -> None:
        """Read the rules off the GUI thread."""
        vault = self.owner.main_window.vault
        if vault is None:
            return
        workers.run_task(
            workers.with_reader(vault, lambda reader: list(Rules.load(reader))),
            on_done=self.show_rules,
            on_error=lambda exc: self.message.setText(workers.readable_error(exc)),
        )

    def show_rules(self, rules: list[Rule]) -> None:
        """List ``rules`` in the order they are tried."""
        chosen = self.current()
        self.rules = rules
        lang = current_language()
        categories = Rules.builtin()
        rows: list[list[QTableWidgetItem]] = []
        for r in rules:
            try:
                name = categories.category(r.category).name(lang)
            except Exception:  # a category a newer version named: shown as it is
                name = r.category
            rows.append(
                [
                    _cell(self.tr("Yours") if r.source == "mine" else self.tr("Built-in")),
                    _cell(r.id, key=r.ref),
                    _cell(name),
                    _cell(r.describe()),
                    _cell(self.tr("on") if r.enabled else self.tr("off")),
                    _cell(r.note),
                ]
            )
        _fill(self.table, rows, stretch=3)
        self.table.setColumnWidth(5, min(self.table.columnWidth(5), 180))  # notes in full as tooltips
        refs = [r.ref for r in rules]
        if chosen is not None and chosen.ref in refs:
            self.table.setCurrentCell(refs.index(chosen.ref), 0)
        self._chosen(self.table.currentRow())  # the buttons follow the rule's new state

    def current(self) -> Rule | None:
        """The rule chosen in the list."""
        row = self.table.currentRow()
        return self.rules[row] if 0 <= row < len(self.rules) else None

    def _chosen(self, row: int) -> None:
        r = self.rules[row] if 0 <= row < len(self.rules) else None
        self.delete_button.setEnabled(r is not None and r.enabled)
        self.delete_button.setText(self.tr("&Delete") if r is None or r.source == "mine" else self.tr("Turn &off"))
        self.restore_button.setEnabled(r is not None and r.source == "builtin" and not r.enabled)

    def _change(self, job: Callable[[Vault], Rule], done_text: Callable[[Rule], str]) -> None:
        def done(rule: Rule) -> None:
            self.message.setText(done_text(rule))
            self.load()

        self.owner.write(
            job, done, lambda error: self.message.setText(self.tr("Not changed: {error}").format(error=error))
        )

    def delete_current(self) -> None:
        """Delete the chosen rule of the person's, or turn the chosen built-in rule off."""
        r = self.current()
        if r is None:
            return
        ref = r.ref
        self._change(
            lambda reader: delete_rule(reader, ref),
            lambda rule: (
                self.tr("Deleted your rule {rule}.").format(rule=rule.id)
                if rule.source == "mine"
                else self.tr("Turned off the built-in rule {rule}.").format(rule=rule.id)
            ),
        )

    def restore_current(self) -> None:
        """Turn the chosen built-in rule on again."""
        r = self.current()
        if r is None:
            return
        ref = r.ref
        self._change(
            lambda reader: restore_rule(reader, ref),
            lambda rule: self.tr("Turned on the built-in rule {rule}.").format(rule=rule.id),
        )

    def add_clicked(self) -> None:
        """Add a rule from the pattern, how it matches and the category."""
        pattern = self.pattern.text().strip()
        if not pattern:
            self.message.setText(self.tr("Type the payee text or pattern first."))
            return
        how = str(self.how.currentData())
        key = str(self.category.currentData())

        def job(reader: Vault) -> Rule:
            return add_rule(
                reader,
                key,
                payee=[pattern] if how == "contains" else [],
                payee_is=[pattern] if how == "exact" else [],
                regex=pattern if how == "regex" else None,
            )

        def text(rule: Rule) -> str:
            self.pattern.clear()
            return self.tr("Added your rule {rule}: {conditions}.").format(rule=rule.id, conditions=rule.describe())

        self._change(job, text)


# --------------------------------------------------------------------------- recurring


class RecurringPanel(MoneyPanel):
    """Recurring payments and subscriptions (or recurring money in) with their next expected date."""

    def __init__(self, owner: MoneyPanels) -> None:
        super().__init__(owner)
        self.series: list[Recurring] = []
        self.money_in = QCheckBox(self.tr("Show recurring money &in (salary, interest) instead"))
        self.money_in.toggled.connect(lambda _on: self._fill())
        top = QHBoxLayout()
        top.addWidget(self.money_in)
        top.addStretch(1)
        self.table = _table(
            self.tr("Recurring payments"),
            [
                self.tr("Payee"),
                self.tr("Amount"),
                self.tr("Currency"),
                self.tr("Every"),
                self.tr("Payments"),
                self.tr("Last"),
                self.tr("Next expected"),
                self.tr("Status"),
                self.tr("Category"),
            ],
        )
        note = _label(
            self.tr(
                "A series is the same payee and a similar amount at a regular period: at least three payments a "
                "week, a fortnight or a month apart, or two a quarter or a year apart, with no gap between."
            )
        )
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 1)
        layout.addWidget(note)

    def show_data(self, data: MoneyData) -> None:
        """List the recurring series."""
        self._fill()

    def _fill(self) -> None:
        data = self.owner.data
        if data is None:
            return
        money_in = self.money_in.isChecked()
        self.series = data.income if money_in else data.payments
        today = self.owner.today or date.today()
        lang = current_language()
        rows: list[list[QTableWidgetItem]] = []
        for r in self.series:
            amount = money_text(r.amount, r.currency)
            tip = ""
            if r.amount_low != r.amount_high:
                tip = self.tr("from {low} to {high}").format(
                    low=money_text(r.amount_low, r.currency), high=money_text(r.amount_high, r.currency)
                )
            overdue = r.status(today) == "overdue"
            status = self.tr("overdue: perhaps stopped") if overdue else self.tr("active")
            category = r.category.name(lang)
            rows.append(
                [
                    _cell(r.payee, key=r.key),
                    _cell(amount, right=True, tip=tip),
                    _cell(r.currency),
                    _cell(r.period.label(lang)),
                    _cell(f"{r.count:,}", right=True, tip=self.tr("since {first}").format(first=r.first.isoformat())),
                    _cell(r.last.isoformat()),
                    _cell(r.next_date.isoformat()),
                    _cell(status),
                    _cell(category),
                ]
            )
        _fill(self.table, rows, stretch=0)
        if not self.series:
            self.status.setText(
                self.tr("No recurring money in found.") if money_in else self.tr("No recurring payments found.")
            )
        else:
            subs = sum(1 for r in self.series if r.subscription)
            self.status.setText(
                self.tr("{n} recurring series, {subs} of them subscriptions; the soonest next date first.").format(
                    n=len(self.series), subs=subs
                )
            )


def add_money_tabs(tabs: QTabWidget, main_window: MainWindow) -> MoneyPanels:
    """Add the Accounts, Categories and Recurring tabs to ``tabs`` (the Money section's); they read when shown."""
    panels = MoneyPanels(main_window, tabs)
    tabs.addTab(panels.accounts, QCoreApplication.translate("MoneyPanels", "Acc&ounts"))
    tabs.addTab(panels.categories, QCoreApplication.translate("MoneyPanels", "Cat&egories"))
    tabs.addTab(panels.recurring, QCoreApplication.translate("MoneyPanels", "Recurri&ng"))
    return panels


__all__ = [
    "AccountsPanel",
    "CategoriesPanel",
    "MoneyData",
    "MoneyPanel",
    "MoneyPanels",
    "RateDialog",
    "RecurringPanel",
    "RulesDialog",
    "add_money_tabs",
    "money_text",
    "read_money",
]

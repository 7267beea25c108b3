"""View > Transactions...: per-account transactions with a running balance, totals per month and payee.

The same page holds the Accounts, Categories and Recurring tabs (:mod:`wallet.ui.money_panels`) and
the Insurance claims tab (:mod:`wallet.ui.claims_view`); the income and spending chart above the tabs
is shown with the transactions tabs only.

The numbers come from :mod:`wallet.features.finance` (no Qt there); the records are read
off the GUI thread on the window's own database connection.  Amounts keep their
minus sign (never colour alone) and are right-aligned; every column sorts by its
value, not its text.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from wallet.features.finance import Ledger, Totals, load_ledgers, monthly_totals, payee_totals
from wallet.terms import money
from wallet.terms.clock import format_when, local_day, sort_key
from wallet.ui import whose, workers
from wallet.ui.charts import MoneyChart
from wallet.ui.i18n import current as current_language
from wallet.ui.views import embed_view

if TYPE_CHECKING:
    from wallet.ui.main_window import MainWindow

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def format_money(amount: Decimal, currency: str) -> str:
    """``-1,234.50`` (always with its minus sign, grouped, with the currency's own digits from
    CLDR: none for KRW, two for EUR; extra digits of the amount kept): the Currency column names it."""
    return money.format_money(amount, currency, current_language(), style="number")


def _item(text: str, sort: Any = None, *, right: bool = False) -> QStandardItem:
    item = QStandardItem(text)
    item.setEditable(False)
    if sort is None and text:
        item.setToolTip(text)
    item.setData(text.casefold() if sort is None else sort, SORT_ROLE)
    if right:
        item.setTextAlignment(RIGHT)
    return item


def _table(name: str) -> tuple[QTableView, QStandardItemModel]:
    model = QStandardItemModel(0, 0)
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    view = QTableView()
    view.setModel(proxy)
    view.setAccessibleName(name)
    view.setSortingEnabled(True)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setSortIndicatorShown(True)
    proxy.setParent(view)
    return view, model


class FinanceView(QWidget):
    """A window: account picker, transactions, and totals by month and by payee."""

    def __init__(self, main_window: MainWindow) -> None:
        super().__init__(main_window, Qt.WindowType.Window)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.main_window = main_window
        self.setWindowTitle(self.tr("Transactions"))
        self.resize(980, 600)
        self.ledgers: list[Ledger] = []
        self.loading = True
        self._reads = workers.LatestRead()

        layout = QVBoxLayout(self)
        self.whose = whose.whose_label()  # whose transactions these are
        layout.addWidget(self.whose)
        self.account_row = QWidget()  # the account picker: for the transactions tabs only
        top = QHBoxLayout(self.account_row)
        top.setContentsMargins(0, 0, 0, 0)
        label = QLabel(self.tr("&Account:"))
        self.account_box = QComboBox()
        self.account_box.setAccessibleName(self.tr("Account"))
        self.account_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        label.setBuddy(self.account_box)
        top.addWidget(label)
        top.addWidget(self.account_box)
        top.addStretch(1)
        layout.addWidget(self.account_row)
        self.status = QLabel(self.tr("Reading transactions..."))
        self.status.setWordWrap(True)
        self.status.setAccessibleName(self.tr("How the running balance is computed"))
        layout.addWidget(self.status)

        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(self.tr("Transactions and totals"))
        self.table, self.model = _table(self.tr("Transactions"))
        self.month_table, self.month_model = _table(self.tr("Totals by month"))
        self.payee_table, self.payee_model = _table(self.tr("Totals by payee"))
        self.tabs.addTab(self.table, self.tr("&Transactions"))
        self.tabs.addTab(self.month_table, self.tr("By &month"))
        self.tabs.addTab(self.payee_table, self.tr("By &payee"))
        from wallet.ui.claims_view import add_claims_tab  # the unclaimed-insurance finder (issue 20)
        from wallet.ui.money_panels import add_money_tabs  # accounts, categories, recurring (issue 20)

        self.money = add_money_tabs(self.tabs, main_window)
        self.claims = add_claims_tab(self.tabs, main_window)
        self.chart = MoneyChart(lambda: self.main_window.vault)  # income and spending per month, above the tables
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.chart)
        split.addWidget(self.tabs)
        split.setSizes([280, 320])
        layout.addWidget(split, 1)
        self.account_box.currentIndexChanged.connect(self.show_account)
        self.tabs.currentChanged.connect(self._tab_changed)
        main_window.locked.connect(self.close)
        main_window.person_box.currentIndexChanged.connect(self._person_changed)
        self.load()

    def _person_changed(self, _index: int = 0) -> None:
        if self.main_window.vault is not None:
            self.load()

    def _tab_changed(self, _index: int = 0) -> None:
        """The income and spending chart, the account picker and its note belong to the transactions tabs:
        the other tabs (accounts, categories, recurring, claims) get the page's whole height."""
        ledger = self.tabs.currentWidget() in (self.table, self.month_table, self.payee_table)
        for widget in (self.chart, self.account_row, self.status):
            widget.setVisible(ledger)

    # ------------------------------------------------------------ loading
    def load(self) -> None:
        """Read the chosen person's accounts off the GUI thread (and the money tabs' data, when shown)."""
        vault = self.main_window.vault
        if vault is None:
            return
        self.money.refresh()
        person = self.main_window.current_person_id()
        self.whose.setText(whose.showing_text(self.main_window.current_person()))
        self.loading = True
        self._reads.start(
            vault, lambda reader: load_ledgers(reader, person), on_done=self._loaded, on_error=self._failed
        )

    def _failed(self, exc: BaseException) -> None:
        self.loading = False
        self.status.setText(self.tr("The transactions could not be read."))
        self.main_window.show_error(
            self.tr("Transactions"),
            self.tr("The transactions could not be read: {error}").format(error=workers.readable_error(exc)),
        )

    def _loaded(self, ledgers: list[Ledger]) -> None:
        self.ledgers = ledgers
        self.account_box.blockSignals(True)
        self.account_box.clear()
        for i, led in enumerate(ledgers):
            name = led.account.label or self.tr("Unknown account")
            self.account_box.addItem(
                self.tr("{account} ({currency}, {n} transactions)").format(
                    account=name, currency=led.account.currency or "?", n=len(led.rows)
                ),
                i,
            )
        self.account_box.blockSignals(False)
        self.account_box.setMinimumWidth(self.account_box.sizeHint().width())
        self.loading = False
        if not ledgers:
            self.status.setText(self.tr("There are no bank transactions in the vault for this person."))
            self.account_box.setEnabled(False)
        self.show_account(0)

    # ------------------------------------------------------------ showing
    def current_ledger(self) -> Ledger | None:
        """The ledger of the chosen account, or None when there is none."""
        index = self.account_box.currentData()
        return self.ledgers[index] if isinstance(index, int) and 0 <= index < len(self.ledgers) else None

    def show_account(self, _index: int = 0) -> None:
        """Fill the transactions and the month and payee totals for the chosen account."""
        led = self.current_ledger()
        self._fill_transactions(led)
        rows = led.rows if led else []
        months = monthly_totals(rows)
        self._fill_totals(self.month_table, self.month_model, self.tr("Month"), months, by_month=True)
        self.chart.show_months(months, led.account.currency if led else "", led.account.label if led else "")
        self._fill_totals(self.payee_table, self.payee_model, self.tr("Payee"), payee_totals(rows), by_month=False)
        if led is not None:
            self.status.setText(self._explain(led))

    def _explain(self, led: Ledger) -> str:
        cur = led.account.currency
        if led.anchor == "statement" and led.anchor_balance is not None and led.anchor_when is not None:
            text = self.tr("Running balance from the statement balance of {amount} {currency} on {date}.").format(
                amount=format_money(led.anchor_balance, cur), currency=cur, date=local_day(led.anchor_when).isoformat()
            )
        elif led.anchor == "row" and led.anchor_when is not None:
            text = self.tr("Running balance from the balance the file states after the transaction of {date}.").format(
                date=local_day(led.anchor_when).isoformat()
            )
        else:
            text = self.tr(
                "No statement balance: the running balance is relative to the first transaction (it starts at 0)."
            )
        wrong = len(led.mismatches())
        if wrong:
            text += " " + self.tr("{n} rows differ from the balance stated in the file.").format(n=wrong)
        return text

    def _fill_transactions(self, led: Ledger | None) -> None:
        model = self.model
        model.clear()
        model.setHorizontalHeaderLabels(
            [
                self.tr("Date"),
                self.tr("Payee"),
                self.tr("Memo"),
                self.tr("Amount"),
                self.tr("Balance"),
                self.tr("Currency"),
                self.tr("Source"),
            ]
        )
        for r in led.rows if led else []:
            when = format_when(r.when, date_only=r.date_only)  # the clock rule (docs/clock.md)
            model.appendRow(
                [
                    _item(when, sort_key(r.when).isoformat()),
                    _item(r.payee),
                    _item(r.memo),
                    _item(format_money(r.amount, r.currency), float(r.amount), right=True),
                    _item(format_money(r.balance, r.currency), float(r.balance), right=True),
                    _item(r.currency),
                    _item(r.source),
                ]
            )
        self._finish(self.table, stretch=2)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)

    def _fill_totals(
        self, view: QTableView, model: QStandardItemModel, first: str, totals: list[Totals], *, by_month: bool
    ) -> None:
        model.clear()
        model.setHorizontalHeaderLabels(
            [
                first,
                self.tr("In"),
                self.tr("Out"),
                self.tr("Net"),
                self.tr("Currency"),
                self.tr("Transactions", "column header: number of transactions"),
            ]
        )
        for t in totals:
            name = t.key or self.tr("(no payee)")
            model.appendRow(
                [
                    _item(name),
                    _item(format_money(t.money_in, t.currency), float(t.money_in), right=True),
                    _item(format_money(t.money_out, t.currency), float(t.money_out), right=True),
                    _item(format_money(t.net, t.currency), float(t.net), right=True),
                    _item(t.currency),
                    _item(str(t.count), t.count, right=True),
                ]
            )
        self._finish(view, stretch=-1 if by_month else 0)
        if by_month:
            view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        else:  # the core's order: the most money moved first, until a header is clicked
            view.model().sort(-1)
            view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)

    @staticmethod
    def _finish(view: QTableView, stretch: int) -> None:
        header = view.horizontalHeader()
        view.resizeColumnsToContents()
        for col in range(header.count()):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
        if stretch >= 0:
            header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        else:
            header.setStretchLastSection(True)


def open_finance_view(main_window: MainWindow) -> FinanceView | None:
    """Open (or bring forward) the transactions window of ``main_window``."""
    if main_window.vault is None:
        return None
    view = embed_view(
        main_window, "money", main_window.finance_view, lambda: FinanceView(main_window), refresh=FinanceView.load
    )
    main_window.finance_view = view
    return view

"""One view of all money: every account and card across imports, balances, net worth, income and spending.

Built on :mod:`wallet.features.finance` (its ledgers give each account's running balance).

**Accounts.**  An OFX statement names its account (bank, branch, number, type).  A CSV or Excel
statement usually does not; its records are then kept apart by the statement layout they were read
with (the ``csv-profile:`` tag: ``kr_kakaobank``) and, on card statements, by the card the row names
(``본인 123*``, ``가족 ** ** 951``), so two banks' statements are two accounts and two months of the
same bank's statement are one.  When statements of one layout carry balance columns that do not
chain (the balances one file states do not follow from the other's amounts), they are several
accounts of that bank: files whose balances follow on are one account, named after its first file
(``kr_bank (statement_2.csv)``).  A card statement (an
OFX credit-card statement, a layout whose rows name a card or whose name says card) is a ``card``;
the rest are ``bank`` accounts.

**Balances** come from the ledger's anchor (a statement balance or a balance column, see
:mod:`wallet.features.finance`).  An account without either has no known balance: its column is
the change since its first transaction, and it is left out of the net worth (and listed as such).

**Net worth** is the sum of the known balances per currency; currencies are never added together.
A total in one currency is given only at rates the person entered (:func:`set_rate`, kept in the
vault as ``money:rate:<FROM>:<TO>`` with the day they were entered) or that an imported file
carries (an OFX ``CURRATE``, a memo such as ``1 USD = 0.88241 EUR``); every converted amount says
which rate it used, and a currency without a rate is left out of the total and named.

**Income and spending** per month and currency (the month of each transaction's own day):

* a *transfer between the person's own accounts* is neither: two movements of equal size and
  opposite sign, on the same day, in the same currency, in two different accounts of the view are
  paired (plain transactions only, not refunds, discounts or installments; each movement at most
  once, in date and account order) and counted apart as ``moved``;
* money in the ``income`` category is income; money in the ``transfer`` category (to and from
  other people) and in the other categories that are not spending (``card_bill``: a card's bill paid
  from a bank account, whose purchases the card statement lists already) is counted as transfers in
  and out;
* everything else is spending, per category, net of refunds and discounts in the same category
  (a cancelled purchase takes its amount back off that category's spending).

So, per month and currency: income + transfers in - transfers out - spending = the change of the
balances, less what moved between the person's own accounts (which sums to zero).

**Balances over time** (:func:`balances_over_time`): each account's balance at the end of each day
it is known, and how it is known: ``column``, the statement's balance column on the day's last
movement; ``statement``, a balance record of that day (an OFX ``LEDGERBAL``, a statement's opening
or closing balance); ``computed``, a running sum of the movements from the nearest balance a file
states (forwards from the last one before, backwards before the first).  Every stated balance is
taken as the file gives it: a running sum starts again at each.  An account no file gives a
balance of has no history (never a made-up one).  The balance holds from a listed day to the next.
The net worth over time (:func:`net_worth_over_time`) is per currency and per day (or per month,
as of its last listed day), over the accounts whose balance is known on that day: from their first
listed day to their last; each point names the accounts it counts and those it leaves out.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

from wallet.features.finance import (
    MONEY_KINDS,
    NON_LEDGER_BALANCES,
    Account,
    Ledger,
    account_of,
    ledgers,
    record_amount,
)
from wallet.features.money.categories import Category, MoneyError, Rules
from wallet.model import Domain, Record
from wallet.store.vault import Vault
from wallet.terms.clock import local_day
from wallet.terms.money import known_currency

RATE_PREFIX = "money:rate:"
"""Vault cache keys of the rates the person entered: ``money:rate:<FROM>:<TO>``."""

AccountKind = Literal["bank", "card", "unknown"]
BalanceSource = Literal["column", "statement", "computed"]
"""How a day's balance is known (see the module's description)."""


# --------------------------------------------------------------------------- entries and accounts


@dataclass(frozen=True)
class Entry:
    """One money movement: its account, amount, category and whether it moved between the person's accounts."""

    record_id: str
    day: date
    account: Account
    payee: str
    memo: str
    amount: Decimal
    currency: str
    kind: str
    category: Category
    internal: bool = False
    """A transfer between two of the person's own accounts (see the module's description)."""
    counterpart: str | None = None
    """The record id of the other side of an internal transfer."""

    @property
    def month(self) -> str:
        """``YYYY-MM`` of the movement's own day."""
        return self.day.strftime("%Y-%m")


@dataclass(frozen=True)
class StatedBalance:
    """A balance record of an account (an OFX ``LEDGERBAL``, a statement's opening or closing balance)."""

    when: datetime
    day: date
    balance: Decimal
    after: int
    """How many of the ledger's rows it includes: those before it in time, or at its moment and listed before it."""
    source: str
    """The file it came from."""


@dataclass(frozen=True)
class AccountSummary:
    """An account or card with its balance, when known, and its balance at the end of each day."""

    account: Account
    kind: AccountKind
    ledger: Ledger
    sources: tuple[str, ...]
    """The files its records came from."""
    stated: tuple[StatedBalance, ...] = ()
    """Its balance records, oldest first (the ledger anchors on the latest only; the history uses each)."""

    @property
    def balance_known(self) -> bool:
        """True when a statement balance or a balance column anchors the running balance."""
        return self.ledger.anchor in ("statement", "row")

    @property
    def balance(self) -> Decimal | None:
        """The balance after the last transaction, or None when it is not known."""
        return self.ledger.closing if self.balance_known else None

    @property
    def as_of(self) -> date | None:
        """The day of the balance: the last transaction's, else the statement balance's."""
        if self.ledger.rows:
            return self.ledger.rows[-1].day
        return self.ledger.anchor_when.date() if self.ledger.anchor_when else None

    @property
    def first(self) -> date | None:
        """The first transaction's day."""
        return self.ledger.rows[0].day if self.ledger.rows else None

    def history(self) -> list[tuple[date, Decimal]]:
        """The ledger's balance at the end of each day with a transaction (a change since the first one when
        unknown); :func:`balance_history` gives each day as the files state it, and how it is known."""
        days: dict[date, Decimal] = {}
        for row in self.ledger.rows:
            days[row.day] = row.balance
        return sorted(days.items())


def account_key(record: Record) -> tuple[str, str]:
    """(key, label) of the account a record belongs to in this view (see the module's description)."""
    key, label = account_of(record)
    if key:
        return key, label
    profile = next((t.removeprefix("csv-profile:") for t in record.tags if t.startswith("csv-profile:")), "")
    card = record.payload.get("card")
    card_text = " ".join(card.split()) if isinstance(card, str) else ""
    derived = " ".join(p for p in (profile, card_text) if p)
    return derived, derived


def account_kind(record: Record) -> AccountKind:
    """``card`` for a credit-card statement or a card's rows, ``bank`` for an account's, ``unknown`` otherwise."""
    statement = record.payload.get("statement")
    if statement == "creditcard" or record.payload.get("card"):
        return "card"
    profile = next((t.removeprefix("csv-profile:") for t in record.tags if t.startswith("csv-profile:")), "")
    if "card" in profile or "mastercard" in profile:
        return "card"
    if statement in ("bank", "investment") or profile or account_of(record)[0]:
        return "bank"
    return "unknown"


def _with_account(record: Record, renamed: dict[str, str] | None = None) -> Record:
    """The record as the ledgers should group it: an account derived when the record names none.

    ``renamed`` gives some records (by id) another derived account (see :func:`_chains`).
    """
    key, _ = account_of(record)
    if key:
        return record
    derived = (renamed or {}).get(record.id) or account_key(record)[0]
    if not derived:
        return record
    return record.model_copy(update={"payload": {**record.payload, "account": derived}})


def _chains(key: str, records: list[Record]) -> dict[str, str]:
    """Statements of one layout as chains of files whose balance columns follow on; record id -> account.

    Files are taken in the order of their first movement; a file joins the chain whose last balance
    is the balance before its own first movement (its first stated balance less that movement's
    amount), else it starts a chain.  Each chain is named after its first file.
    """
    by_file: dict[str, list[Record]] = defaultdict(list)
    for rec in records:
        by_file[rec.provenance.source_name].append(rec)
    books: list[tuple[str, Ledger]] = []
    for name, recs in by_file.items():
        found = [b for b in ledgers(recs) if b.rows]
        if found:
            books.append((name, found[0]))
    books.sort(key=lambda b: (b[1].rows[0].when, b[0]))
    chains: list[tuple[str, list[str], Decimal | None]] = []  # (first file, files, last balance)
    for name, book in books:
        first = book.rows[0]
        opening = first.stated_balance - first.amount if first.stated_balance is not None else None
        for i, (head, files, closing) in enumerate(chains):
            if opening is not None and closing == opening:
                chains[i] = (head, [*files, name], book.closing)
                break
        else:
            chains.append((name, [name], book.closing))
    chain_of = {f: head for head, files, _ in chains for f in files}
    return {r.id: f"{key} ({chain_of.get(r.provenance.source_name, r.provenance.source_name)})" for r in records}


# --------------------------------------------------------------------------- totals


@dataclass(frozen=True)
class MonthMoney:
    """Income, spending, transfers and money moved between own accounts in one month and currency."""

    month: str
    currency: str
    income: Decimal = Decimal(0)
    spending: Decimal = Decimal(0)
    """Money out in spending categories less refunds and discounts in them (positive when spent)."""
    transfers_in: Decimal = Decimal(0)
    transfers_out: Decimal = Decimal(0)
    """Money sent to others in the ``transfer`` category, and card bills paid (positive)."""
    moved: Decimal = Decimal(0)
    """Money moved out of one of the person's accounts into another (positive; not spending)."""
    count: int = 0

    @property
    def net(self) -> Decimal:
        """What the month added to the person's balances in this currency."""
        return self.income + self.transfers_in - self.transfers_out - self.spending


@dataclass(frozen=True)
class CategoryMonth:
    """Spending of one category in one month and currency."""

    month: str
    currency: str
    category: Category
    money_out: Decimal = Decimal(0)
    """Paid (positive)."""
    refunds: Decimal = Decimal(0)
    """Refunds and discounts (positive)."""
    count: int = 0

    @property
    def spent(self) -> Decimal:
        """Paid less refunds."""
        return self.money_out - self.refunds


@dataclass
class MoneyView:
    """Every account and card of a vault (or of one person), their movements, categorised."""

    accounts: list[AccountSummary]
    entries: list[Entry]
    rules: Rules
    file_rates: list[Rate] = field(default_factory=list)

    def net_worth(self) -> dict[str, Decimal]:
        """The sum of the known balances per currency (accounts without a known balance left out)."""
        out: dict[str, Decimal] = {}
        for acc in self.accounts:
            if acc.balance is not None:
                cur = acc.account.currency
                out[cur] = out.get(cur, Decimal(0)) + acc.balance
        return dict(sorted(out.items()))

    def unknown_balances(self) -> list[AccountSummary]:
        """Accounts and cards whose balance is not known (left out of the net worth)."""
        return [a for a in self.accounts if not a.balance_known]

    def months(self) -> list[MonthMoney]:
        """Income, spending and transfers per month and currency, oldest first."""
        table: dict[tuple[str, str], dict[str, Any]] = {}
        for e in self.entries:
            t = table.setdefault((e.month, e.currency), defaultdict(Decimal))
            t["count"] += 1
            if e.internal:
                if e.amount < 0:
                    t["moved"] += -e.amount
            elif e.category.key == "income":
                t["income"] += e.amount
            elif e.category.key == "transfer" or not e.category.spending:  # transfers, card bills
                t["transfers_in" if e.amount > 0 else "transfers_out"] += abs(e.amount)
            else:
                t["spending"] -= e.amount
        return [
            MonthMoney(
                month,
                cur,
                income=t["income"],
                spending=t["spending"],
                transfers_in=t["transfers_in"],
                transfers_out=t["transfers_out"],
                moved=t["moved"],
                count=int(t["count"]),
            )
            for (month, cur), t in sorted(table.items())
        ]

    def month_list(self) -> list[str]:
        """The months that have movements, oldest first."""
        return sorted({e.month for e in self.entries})

    def by_category(self, month: str | None = None) -> list[CategoryMonth]:
        """Spending per category, month and currency (of ``month`` only when given); the most spent first."""
        table: dict[tuple[str, str, str], list[Any]] = {}
        for e in self.entries:
            if e.internal or not e.category.spending or (month is not None and e.month != month):
                continue
            row = table.setdefault((e.month, e.currency, e.category.key), [e.category, Decimal(0), Decimal(0), 0])
            if e.amount < 0:
                row[1] += -e.amount
            else:
                row[2] += e.amount
            row[3] += 1
        out = [
            CategoryMonth(m, cur, self.rules.category(key), money_out=r[1], refunds=r[2], count=r[3])
            for (m, cur, key), r in table.items()
        ]
        out.sort(key=lambda c: (c.month, c.currency, -c.spent, c.category.key))
        return out


def _pair_internal(entries: list[Entry]) -> list[Entry]:
    """Mark transfers between own accounts: equal, opposite, same day and currency, two different accounts."""
    groups: dict[tuple[date, str, Decimal], list[int]] = defaultdict(list)
    for i, e in enumerate(entries):
        if e.amount != 0 and e.kind == "transaction":  # a refund, discount or installment is not a transfer
            groups[(e.day, e.currency, abs(e.amount))].append(i)
    out = list(entries)
    for members in groups.values():
        outs = [i for i in members if entries[i].amount < 0]
        ins = [i for i in members if entries[i].amount > 0]
        for o in outs:
            match = next((i for i in ins if entries[i].account != entries[o].account), None)
            if match is None:
                continue
            ins.remove(match)
            out[o] = _internal(entries[o], entries[match].record_id)
            out[match] = _internal(entries[match], entries[o].record_id)
    return out


def _internal(e: Entry, other: str) -> Entry:
    return Entry(e.record_id, e.day, e.account, e.payee, e.memo, e.amount, e.currency, e.kind, e.category, True, other)


def money_view(records: Iterable[Record], rules: Rules | None = None) -> MoneyView:
    """The money view of these finance records (oldest first, as the vault gives them)."""
    rules = rules or Rules.builtin()
    source = [r for r in records if r.domain == Domain.FINANCE and r.kind in (*MONEY_KINDS, "balance")]
    by_id = {r.id: r for r in source}
    grouped = [_with_account(r) for r in source]
    derived = {account_key(r)[0] for r in source if not account_of(r)[0]}
    renamed: dict[str, str] = {}
    for book in ledgers(grouped):
        if book.account.key in derived and book.mismatches() and len({row.source for row in book.rows}) > 1:
            # statements of one layout whose balance columns do not follow on: more than one account
            members = [r for r in source if not account_of(r)[0] and account_key(r)[0] == book.account.key]
            renamed.update(_chains(book.account.key, members))
    if renamed:
        grouped = [_with_account(r, renamed) for r in source]
    kinds_of: dict[str, set[AccountKind]] = defaultdict(set)
    for rec in grouped:
        kinds_of[account_of(rec)[0]].add(account_kind(rec))
    books = ledgers(grouped)
    marks = _balance_marks(grouped)
    accounts: list[AccountSummary] = []
    entries: list[Entry] = []
    for book in books:
        kinds = kinds_of.get(book.account.key, set())
        files: list[str] = []
        for row in book.rows:
            rec = by_id[row.record_id]
            if row.source not in files:
                files.append(row.source)
            entries.append(
                Entry(
                    record_id=row.record_id,
                    day=row.day,
                    account=book.account,
                    payee=row.payee,
                    memo=row.memo,
                    amount=row.amount,
                    currency=row.currency,
                    kind=rec.kind,
                    category=rules.categorise(rec),
                )
            )
        kind: AccountKind = "card" if "card" in kinds else "bank" if "bank" in kinds else "unknown"
        stated = _stated(book, marks.get((book.account.key, book.account.currency), []), grouped)
        accounts.append(AccountSummary(book.account, kind, book, tuple(files), stated))
    entries.sort(key=lambda e: (e.day, e.account.key, e.record_id))
    return MoneyView(accounts, _pair_internal(entries), rules, file_rates=rates_in_records(source))


def _currency_of(rec: Record) -> str:
    """The currency of a record, as :func:`wallet.features.finance.ledgers` groups it."""
    return (rec.unit or str(rec.payload.get("currency") or rec.payload.get("curdef") or "")).strip()


def _balance_marks(records: list[Record]) -> dict[tuple[str, str], list[tuple[int, Record, Decimal]]]:
    """The ledger balance records per (account key, currency), with their place in ``records``."""
    out: dict[tuple[str, str], list[tuple[int, Record, Decimal]]] = defaultdict(list)
    for i, rec in enumerate(records):
        if rec.kind != "balance" or rec.start is None:
            continue
        if str(rec.payload.get("balance_type") or "").lower() in NON_LEDGER_BALANCES:
            continue
        amount = record_amount(rec)
        if amount is not None:
            out[(account_of(rec)[0], _currency_of(rec))].append((i, rec, amount))
    return out


def _stated(book: Ledger, marks: list[tuple[int, Record, Decimal]], records: list[Record]) -> tuple[StatedBalance, ...]:
    """The balance records of ``book``, each with how many of its rows it includes (time, then file order)."""
    place = {r.id: i for i, r in enumerate(records)}
    keys = [(row.when, place.get(row.record_id, -1)) for row in book.rows]
    out: list[StatedBalance] = []
    for i, rec, amount in marks:
        assert rec.start is not None  # filtered by _balance_marks
        after = sum(1 for k in keys if k < (rec.start, i))
        day = local_day(rec.start, date_only=rec.date_only)
        out.append(StatedBalance(rec.start, day, amount, after, rec.provenance.source_name))
    out.sort(key=lambda m: (m.after, m.when))
    return tuple(out)


def load_money(vault: Vault, person_id: str | None = None, rules: Rules | None = None) -> MoneyView:
    """The money view of the vault (of one person when ``person_id`` is given), with the person's rules."""
    kinds = (*MONEY_KINDS, "balance")
    records = vault.records(person_id=person_id, domain=Domain.FINANCE, kinds=kinds, newest_first=False)
    return money_view(records, rules or Rules.load(vault))


# --------------------------------------------------------------------------- balances over time


@dataclass(frozen=True)
class DayBalance:
    """An account's balance at the end of a day, and how it is known."""

    day: date
    balance: Decimal
    source: BalanceSource
    """``column``, ``statement`` or ``computed`` (see the module's description)."""
    movements: int = 0
    """The account's movements on that day."""


@dataclass(frozen=True)
class BalanceHistory:
    """An account's balance on each day it is known (empty when no file gives a balance of it)."""

    account: Account
    kind: AccountKind
    days: tuple[DayBalance, ...]

    @property
    def known(self) -> bool:
        """True when a file gives a balance of the account."""
        return bool(self.days)

    @property
    def first(self) -> date | None:
        """The first day with a known balance."""
        return self.days[0].day if self.days else None

    @property
    def last(self) -> date | None:
        """The last day with a known balance."""
        return self.days[-1].day if self.days else None

    def on(self, day: date) -> DayBalance | None:
        """The balance at the end of ``day`` (the latest listed day up to it), None outside the known days."""
        if not self.days or not self.days[0].day <= day <= self.days[-1].day:
            return None
        return self.days[bisect_right(self.days, day, key=lambda d: d.day) - 1]


def balance_history(summary: AccountSummary) -> BalanceHistory:
    """``summary``'s balance at the end of each day it is known (see the module's description)."""
    rows = summary.ledger.rows
    known: dict[int, Decimal] = {}  # the balance after the first k rows, as a file states it
    for mark in summary.stated:
        known[mark.after] = mark.balance
    for i, row in enumerate(rows):
        if row.stated_balance is not None:
            known[i + 1] = row.stated_balance
    if not known:
        return BalanceHistory(summary.account, summary.kind, ())
    first = min(known)
    after = [Decimal(0)] * (len(rows) + 1)
    after[first] = known[first]
    for k in range(first - 1, -1, -1):  # backwards before the first stated balance
        after[k] = after[k + 1] - rows[k].amount
    for k in range(first + 1, len(rows) + 1):  # forwards, starting again at each stated balance
        after[k] = known[k] if k in known else after[k - 1] + rows[k - 1].amount
    days: dict[date, DayBalance] = {}
    marks = sorted(summary.stated, key=lambda m: (m.after, m.when))
    m = 0
    for k in range(len(rows) + 1):
        if k:
            row = rows[k - 1]
            source: BalanceSource = "column" if row.stated_balance is not None else "computed"
            count = days[row.day].movements + 1 if row.day in days else 1
            days[row.day] = DayBalance(row.day, after[k], source, count)
        while m < len(marks) and marks[m].after == k:
            mark = marks[m]
            count = days[mark.day].movements if mark.day in days else 0
            days[mark.day] = DayBalance(mark.day, mark.balance, "statement", count)
            m += 1
    return BalanceHistory(summary.account, summary.kind, tuple(sorted(days.values(), key=lambda d: d.day)))


def balances_over_time(view: MoneyView) -> list[BalanceHistory]:
    """Every account's and card's balance over time, in the view's order (see :func:`balance_history`)."""
    return [balance_history(a) for a in view.accounts]


@dataclass(frozen=True)
class NetWorthPoint:
    """The net worth in one currency at the end of a day: the sum of the balances known on that day."""

    period: str
    """The day (``YYYY-MM-DD``) or the month (``YYYY-MM``)."""
    day: date
    """The day the balances are as of (for a month: its last listed day)."""
    currency: str
    total: Decimal
    accounts: tuple[Account, ...]
    """The accounts counted."""
    left_out: tuple[Account, ...] = ()
    """The accounts in this currency whose balance is not known on that day."""


def net_worth_over_time(
    histories: Sequence[BalanceHistory], by: Literal["day", "month"] = "day"
) -> list[NetWorthPoint]:
    """The net worth per currency on each listed day (``by="month"``: as of each month's last listed day),
    over the accounts whose balance is known on that day; by currency, then day."""
    by_currency: dict[str, list[BalanceHistory]] = defaultdict(list)
    for h in histories:
        by_currency[h.account.currency].append(h)
    out: list[NetWorthPoint] = []
    for cur, group in sorted(by_currency.items()):
        days = sorted({d.day for h in group for d in h.days})
        if by == "month":
            ends: dict[str, date] = {}
            for day in days:
                ends[day.strftime("%Y-%m")] = day
            points = sorted(ends.items(), key=lambda p: p[1])
        else:
            points = [(day.isoformat(), day) for day in days]
        for period, day in points:
            total = Decimal(0)
            counted: list[Account] = []
            left: list[Account] = []
            for h in group:
                found = h.on(day)
                if found is None:
                    left.append(h.account)
                else:
                    total += found.balance
                    counted.append(h.account)
            out.append(NetWorthPoint(period, day, cur, total, tuple(counted), tuple(left)))
    return out


# --------------------------------------------------------------------------- rates


@dataclass(frozen=True)
class Rate:
    """1 ``source_currency`` = ``rate`` ``target_currency``, and where that rate comes from."""

    source_currency: str
    target_currency: str
    rate: Decimal
    on: date | None
    """The day it was entered, or the day of the transaction that carries it."""
    origin: Literal["entered", "file"]
    where: str = ""
    """For a file's rate: the file's name."""
    given: Decimal | None = None
    """For a rate used the other way round: the rate as given (1 ``target_currency`` = ``given`` ``source``)."""

    def describe(self) -> str:
        """``1 USD = 1380.5 KRW (entered 2026-12-07)`` / ``(from bunq.csv, 2018-12-06)``; an inverted one says so."""
        when = self.on.isoformat() if self.on else "no date"
        how = f"entered {when}" if self.origin == "entered" else f"from {self.where or 'an imported file'}, {when}"
        if self.given is not None:
            return f"1 {self.target_currency} = {self.given} {self.source_currency} ({how}; used the other way round)"
        return f"1 {self.source_currency} = {self.rate} {self.target_currency} ({how})"

    def inverse(self) -> Rate:
        """The same rate the other way round (1 / rate), remembering the rate as given."""
        return Rate(
            self.target_currency,
            self.source_currency,
            1 / self.rate,
            self.on,
            self.origin,
            self.where,
            given=self.rate if self.given is None else None,
        )


def _currency(code: str) -> str:
    text = code.strip().upper()
    if not known_currency(text):
        raise MoneyError(f"{code!r} is not a currency code (use ISO 4217 codes such as KRW, USD, EUR)")
    return text


def set_rate(vault: Vault, source: str, target: str, rate: Decimal | str, on: date | None = None) -> Rate:
    """Keep a rate the person entered: 1 ``source`` = ``rate`` ``target``, as of ``on`` (today by default)."""
    src, dst = _currency(source), _currency(target)
    if src == dst:
        raise MoneyError("a rate needs two different currencies")
    try:
        value = Decimal(str(rate).replace(",", "").strip())
    except InvalidOperation as exc:
        raise MoneyError(f"{rate!r} is not a number") from exc
    if not value.is_finite() or value <= 0:
        raise MoneyError("a rate must be a number above 0")
    day = on or date.today()
    vault.cache_set(f"{RATE_PREFIX}{src}:{dst}", {"rate": str(value), "entered": day.isoformat()})
    vault.audit("money.rate.set", {"from": src, "to": dst})
    return Rate(src, dst, value, day, "entered")


def entered_rates(vault: Vault) -> list[Rate]:
    """The rates the person entered (a damaged entry is skipped)."""
    out: list[Rate] = []
    for key in vault.cache_keys(RATE_PREFIX):
        src, _, dst = key.removeprefix(RATE_PREFIX).partition(":")
        data = vault.cache_get(key)
        if not isinstance(data, dict):
            continue
        try:
            value = Decimal(str(data.get("rate")))
            day = date.fromisoformat(str(data.get("entered")))
        except (InvalidOperation, ValueError):
            continue
        if value.is_finite() and value > 0 and src and dst:
            out.append(Rate(src, dst, value, day, "entered"))
    return out


_MEMO_RATE = re.compile(r"\b1\s+([A-Z]{3})\s*=\s*(\d+(?:\.\d+)?)\s+([A-Z]{3})\b")


def rates_in_records(records: Iterable[Record]) -> list[Rate]:
    """Exchange rates that imported files carry: OFX ``CURRATE`` and memos such as ``1 USD = 0.88241 EUR``."""
    found: dict[tuple[str, str, date | None, Decimal], Rate] = {}
    for rec in records:
        day = rec.start.date() if rec.start else None
        where = rec.provenance.source_name
        p = rec.payload
        curdef = str(p.get("curdef") or "").upper()
        for tag in ("currency", "origcurrency"):
            block = p.get(tag)
            if isinstance(block, dict) and curdef:
                sym = str(block.get("cursym") or "").upper()
                try:
                    value = Decimal(str(block.get("currate")))
                except InvalidOperation:
                    continue
                if sym and sym != curdef and value.is_finite() and value > 0:
                    rate = Rate(sym, curdef, value, day, "file", where)
                    found[(sym, curdef, day, value)] = rate
        for text_key in ("memo", "description", "payee", "name"):
            text = p.get(text_key)
            if not isinstance(text, str):
                continue
            for m in _MEMO_RATE.finditer(text):
                src, value_text, dst = m[1], m[2], m[3]
                value = Decimal(value_text)
                if src != dst and value > 0 and known_currency(src) and known_currency(dst):
                    found[(src, dst, day, value)] = Rate(src, dst, value, day, "file", where)
    return sorted(found.values(), key=lambda r: (r.source_currency, r.target_currency, r.on or date.min))


def find_rate(source: str, target: str, entered: Sequence[Rate], from_files: Sequence[Rate]) -> Rate | None:
    """The rate to convert ``source`` into ``target``: one the person entered first, else a file's latest.

    A rate given the other way round is used inverted.  When several rates share the latest day (a
    statement's memos give one per card payment), the middle one (the lower median) is used.
    """
    for pool in (entered, from_files):
        direct = [r for r in pool if (r.source_currency, r.target_currency) == (source, target)]
        inverse = [r.inverse() for r in pool if (r.source_currency, r.target_currency) == (target, source)]
        both = direct or inverse
        if both:
            latest = max(r.on or date.min for r in both)
            that_day = sorted((r for r in both if (r.on or date.min) == latest), key=lambda r: r.rate)
            return that_day[(len(that_day) - 1) // 2]
    return None


@dataclass(frozen=True)
class Converted:
    """One currency's amount and its value in the target currency, with the rate used."""

    currency: str
    amount: Decimal
    value: Decimal | None
    """None when no rate is known."""
    rate: Rate | None


@dataclass(frozen=True)
class Conversion:
    """A total in one currency of amounts in several, each with the rate it used."""

    target: str
    lines: list[Converted]

    @property
    def total(self) -> Decimal:
        """The sum of the amounts that could be converted."""
        return sum((c.value for c in self.lines if c.value is not None), Decimal(0))

    @property
    def missing(self) -> list[str]:
        """Currencies left out for want of a rate."""
        return [c.currency for c in self.lines if c.value is None]


def convert(
    amounts: dict[str, Decimal], target: str, entered: Sequence[Rate], from_files: Sequence[Rate]
) -> Conversion:
    """Convert each currency's amount into ``target`` at the rates given (never any other)."""
    dst = _currency(target)
    lines: list[Converted] = []
    for cur, amount in sorted(amounts.items()):
        if cur.upper() == dst:
            lines.append(Converted(cur, amount, amount, None))
            continue
        rate = find_rate(cur.upper(), dst, entered, from_files)
        lines.append(Converted(cur, amount, amount * rate.rate if rate else None, rate))
    return Conversion(dst, lines)


def month_of(text: str) -> str:
    """A ``YYYY-MM`` month as given (MoneyError otherwise)."""
    m = re.fullmatch(r"(\d{4})-(\d{2})", text.strip())
    if m is None or not 1 <= int(m[2]) <= 12:
        raise MoneyError(f"not a month: {text!r} (use YYYY-MM)")
    return m[0]


def previous_month(month: str) -> str:
    """The month before ``YYYY-MM``."""
    year, mon = int(month[:4]), int(month[5:7])
    return f"{year - 1:04d}-12" if mon == 1 else f"{year:04d}-{mon - 1:02d}"


__all__ = [
    "AccountSummary",
    "BalanceHistory",
    "BalanceSource",
    "CategoryMonth",
    "Conversion",
    "Converted",
    "DayBalance",
    "Entry",
    "MoneyView",
    "MonthMoney",
    "NetWorthPoint",
    "Rate",
    "StatedBalance",
    "account_key",
    "account_kind",
    "balance_history",
    "balances_over_time",
    "convert",
    "entered_rates",
    "find_rate",
    "load_money",
    "money_view",
    "month_of",
    "net_worth_over_time",
    "previous_month",
    "rates_in_records",
    "set_rate",
]

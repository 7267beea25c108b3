"""Finance: per-account ledgers with a running balance, and totals per month and payee.

No Qt here: the finance view (``wallet.ui.finance_view``) and scripts call these.

Amounts are :class:`~decimal.Decimal`, taken from the payload's exact ``amount``
string (both the OFX and the bank CSV connector keep it) and only when that is
missing from the record's float ``value``.  Currencies are never added together:
an account is one (account, currency) pair and every total is per currency.

Running balance, per account, in date order (records at the same moment keep the
order they were imported in):

1. **statement**: the latest ledger ``balance`` record of the account (OFX
   ``LEDGERBAL``, a CSV "closing balance" row) gives the balance at its date,
   transactions at or before that moment included; the balance is computed
   backwards before it and forwards after it;
2. **row**: otherwise the latest transaction that states its own balance after it
   (a CSV balance column such as 잔액) anchors the computation the same way;
3. **relative**: otherwise the balance starts at 0 before the first transaction,
   so the column says how much came in or went out since then.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

from wallet.model import Domain, Record
from wallet.store.vault import Vault
from wallet.terms.clock import local_day

AnchorKind = Literal["statement", "row", "relative"]

#: Balance types that are not the ledger balance and so do not anchor the running balance.
NON_LEDGER_BALANCES = frozenset({"available", "availbal", "marginbalance", "shortbalance", "availcash"})


@dataclass(frozen=True)
class Account:
    """One account in one currency.  ``key`` is "" for records that name no account."""

    key: str
    label: str
    currency: str

    @property
    def unknown(self) -> bool:
        """True for the catch-all account of records that name no account."""
        return not self.key


@dataclass(frozen=True)
class LedgerRow:
    """One transaction with the account's balance after it."""

    record_id: str
    when: datetime
    payee: str
    memo: str
    amount: Decimal
    balance: Decimal
    currency: str
    source: str
    stated_balance: Decimal | None = None
    """The balance the source itself gives after this transaction (CSV balance column), if any."""
    date_only: bool = False
    """The source gave the day without a time (``when`` is midnight in the zone it was read in)."""

    @property
    def day(self) -> date:
        """The transaction's day in its own zone: the day the timeline and every view show (docs/clock.md)."""
        return local_day(self.when, date_only=self.date_only)


@dataclass(frozen=True)
class Ledger:
    """An account's transactions in date order, with the running balance worked out from one anchor."""

    account: Account
    rows: list[LedgerRow]
    anchor: AnchorKind
    anchor_when: datetime | None = None
    anchor_balance: Decimal | None = None

    @property
    def closing(self) -> Decimal | None:
        """The balance after the last transaction; the anchor's balance when there are none, or None when unknown."""
        return self.rows[-1].balance if self.rows else self.anchor_balance

    def mismatches(self) -> list[LedgerRow]:
        """Rows whose computed balance differs from the balance the source states."""
        return [r for r in self.rows if r.stated_balance is not None and r.stated_balance != r.balance]


@dataclass(frozen=True)
class Totals:
    """Money in (positive amounts), out (negative amounts, kept negative) and net, in one currency."""

    key: str
    """The month (``YYYY-MM``) or the payee's display name."""
    currency: str
    money_in: Decimal = Decimal(0)
    money_out: Decimal = Decimal(0)
    count: int = 0
    period: date | None = field(default=None, compare=False)

    @property
    def net(self) -> Decimal:
        """Money in plus money out (which is negative): what the month or payee added to the balance."""
        return self.money_in + self.money_out


# ------------------------------------------------------------------ helpers
def record_amount(record: Record) -> Decimal | None:
    """The exact amount: the payload's decimal string, else the float value."""
    raw = record.payload.get("amount")
    if isinstance(raw, str | int) and not isinstance(raw, bool):
        try:
            value = Decimal(str(raw).strip())
        except InvalidOperation:
            value = None
        if value is not None and value.is_finite():
            return value
    if record.value is None:
        return None
    return Decimal(repr(record.value))


def _decimal(raw: Any) -> Decimal | None:
    if raw is None or isinstance(raw, bool) or not isinstance(raw, str | int | float):
        return None
    try:
        value = Decimal(str(raw).strip())
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def _clean(text: Any) -> str:
    return " ".join(str(text).split()) if text is not None else ""


def account_of(record: Record) -> tuple[str, str]:
    """(key, label) of the record's account; ("", "") when it names none."""
    raw = record.payload.get("account")
    if isinstance(raw, dict):
        acctid = _clean(raw.get("acctid"))
        if not acctid and not raw:
            return "", ""
        key = json.dumps(
            {k: raw[k] for k in sorted(raw) if k in ("bankid", "branchid", "acctid", "accttype")},
            ensure_ascii=False,
            default=str,
        )
        kind = _clean(raw.get("accttype")).capitalize()
        bank = _clean(raw.get("bankid"))
        label = " ".join(p for p in (kind, acctid) if p) or key
        if bank:
            label += f" ({bank})"
        return key, label
    text = _clean(raw)
    return text, text


def payee_of(record: Record) -> str:
    """Who was paid / who paid: payee or name, else the memo or description."""
    p = record.payload
    for key in ("payee", "name"):
        value = p.get(key)
        if isinstance(value, dict):
            value = value.get("name")
        if _clean(value):
            return _clean(value)
    return memo_of(record)


def memo_of(record: Record) -> str:
    p = record.payload
    for key in ("memo", "description"):
        if _clean(p.get(key)):
            return _clean(p.get(key))
    return ""


def normalise_payee(name: str) -> str:
    """The grouping key of a payee name: spaces collapsed, case folded."""
    return " ".join(name.split()).casefold()


def _is_ledger_balance(record: Record) -> bool:
    kind = str(record.payload.get("balance_type") or "").lower()
    return kind not in NON_LEDGER_BALANCES


# ------------------------------------------------------------------ ledgers
MONEY_KINDS = ("transaction", "installment", "cancellation", "discount")
"""Kinds that move money in a ledger: card statements give installments, cancellations and discounts their own."""


def ledgers(records: Iterable[Record]) -> list[Ledger]:
    """Per account and currency: the transactions in date order with a running balance.

    ``records`` should come oldest first (as :func:`load_ledgers` reads them); records
    at the same moment keep that order.  Records without a date or an amount are left out.
    """
    groups: dict[tuple[str, str], tuple[str, list[tuple[Record, Decimal]], list[tuple[Record, Decimal]]]] = {}
    for rec in records:
        if rec.kind not in (*MONEY_KINDS, "balance") or rec.start is None:
            continue
        amount = record_amount(rec)
        if amount is None:
            continue
        key, label = account_of(rec)
        currency = (rec.unit or str(rec.payload.get("currency") or rec.payload.get("curdef") or "")).strip()
        entry = groups.setdefault((key, currency), (label, [], []))
        if rec.kind in MONEY_KINDS:
            entry[1].append((rec, amount))
        elif _is_ledger_balance(rec):
            entry[2].append((rec, amount))
    out = [
        _ledger(Account(key, label, currency), txs, bals)
        for (key, currency), (label, txs, bals) in groups.items()
        if txs or bals
    ]
    out.sort(key=lambda led: (led.account.unknown, led.account.label.casefold(), led.account.currency))
    return out


def _ledger(account: Account, txs: list[tuple[Record, Decimal]], bals: list[tuple[Record, Decimal]]) -> Ledger:
    order = sorted(range(len(txs)), key=lambda i: (_when(txs[i][0]), i))
    txs = [txs[i] for i in order]
    amounts = [a for _, a in txs]
    n = len(txs)
    anchor: AnchorKind = "relative"
    anchor_when: datetime | None = None
    anchor_balance: Decimal | None = None
    # ``before[i]``: the balance before transaction i, once the anchor fixes one of them.
    base: Decimal = Decimal(0)
    base_index = 0  # balance before txs[base_index] == base
    if bals:
        rec, value = max(bals, key=lambda b: _when(b[0]))
        anchor, anchor_when, anchor_balance = "statement", _when(rec), value
        # transactions at or before the balance's moment are included in it
        base_index = sum(1 for r, _ in txs if _when(r) <= anchor_when)
        base = value
    else:
        stated = [(i, _decimal(r.payload.get("balance"))) for i, (r, _) in enumerate(txs)]
        with_balance = [(i, b) for i, b in stated if b is not None]
        if with_balance:
            i, value = with_balance[-1]
            anchor, anchor_when, anchor_balance = "row", _when(txs[i][0]), value
            base_index, base = i + 1, value
    before = [Decimal(0)] * (n + 1)
    before[base_index] = base
    for i in range(base_index, n):
        before[i + 1] = before[i] + amounts[i]
    for i in range(base_index - 1, -1, -1):
        before[i] = before[i + 1] - amounts[i]
    rows = [
        LedgerRow(
            record_id=rec.id,
            when=_when(rec),
            payee=payee_of(rec),
            memo=memo_of(rec),
            amount=amounts[i],
            balance=before[i + 1],
            currency=account.currency,
            source=rec.provenance.source_name,
            stated_balance=_decimal(rec.payload.get("balance")),
            date_only=rec.date_only,
        )
        for i, (rec, _) in enumerate(txs)
    ]
    return Ledger(account, rows, anchor, anchor_when, anchor_balance)


def _when(rec: Record) -> datetime:
    assert rec.start is not None  # filtered by ledgers()
    return rec.start


# ------------------------------------------------------------------ totals
def _add(table: dict[tuple[str, str], Totals], key: str, display: str, row: LedgerRow, period: date | None) -> None:
    old = table.get((key, row.currency)) or Totals(display, row.currency, period=period)
    table[(key, row.currency)] = Totals(
        old.key,
        old.currency,
        old.money_in + (row.amount if row.amount > 0 else 0),
        old.money_out + (row.amount if row.amount < 0 else 0),
        old.count + 1,
        period=old.period,
    )


def _rows(source: Iterable[Ledger] | Iterable[LedgerRow]) -> list[LedgerRow]:
    rows: list[LedgerRow] = []
    for item in source:
        if isinstance(item, Ledger):
            rows.extend(item.rows)
        else:
            rows.append(item)
    return rows


def monthly_totals(source: Iterable[Ledger] | Iterable[LedgerRow]) -> list[Totals]:
    """Per calendar month (of each transaction's own date) and currency, oldest first."""
    table: dict[tuple[str, str], Totals] = {}
    for row in _rows(source):
        month = row.day.replace(day=1)
        _add(table, month.strftime("%Y-%m"), month.strftime("%Y-%m"), row, month)
    return sorted(table.values(), key=lambda t: (t.key, t.currency))


def payee_totals(source: Iterable[Ledger] | Iterable[LedgerRow]) -> list[Totals]:
    """Per normalised payee and currency; the most money moved first."""
    table: dict[tuple[str, str], Totals] = {}
    for row in _rows(source):
        name = row.payee or ""
        _add(table, normalise_payee(name), name, row, None)
    return sorted(table.values(), key=lambda t: (-(t.money_in - t.money_out), t.key.casefold(), t.currency))


def load_ledgers(vault: Vault, person_id: str | None = None) -> list[Ledger]:
    """Read the person's finance transactions and balances and build the ledgers."""
    records: list[Record] = []
    for kind in (*MONEY_KINDS, "balance"):
        records.extend(vault.records(person_id=person_id, domain=Domain.FINANCE, kind=kind, newest_first=False))
    return ledgers(records)


__all__: Sequence[str] = (
    "Account",
    "Ledger",
    "LedgerRow",
    "Totals",
    "ledgers",
    "load_ledgers",
    "monthly_totals",
    "payee_totals",
    "record_amount",
)

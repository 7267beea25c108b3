"""Recurring payments and subscriptions: the same payee, a similar amount, at a regular period.

How a series is found (:func:`detect`):

1. **Payee.**  Movements are grouped by payee (normalised as :func:`wallet.features.finance.normalise_payee`
   does, then NFKC and case folding), with the parts of a payee text that change from one payment to
   the next left out: tokens of digits and punctuation only (``14087249160``, ``#1234``, ``03/2026``)
   and card-terminal date stamps (``POS18SEP``).  Money out and money in are separate series, so are
   currencies; transfers between the person's own accounts are left out.
2. **Amount.**  Within a group, payments whose sizes lie within ``tolerance`` (20% by default; 50% for
   energy and telecom bills, which vary with use) of the cluster's smallest are one candidate series.
3. **Period.**  The days between consecutive payments must *all* fall in one period's window:

   ============  =======  ========  ================
   period        nominal  window    fewest payments
   ============  =======  ========  ================
   weekly        7        6-8       3
   fortnightly   14       12-16     3
   monthly       30       25-35     3
   quarterly     91       84-98     2
   yearly        365      350-380   2
   ============  =======  ========  ================

   One interval outside the window (a skipped month, an extra payment between) and the series is
   not claimed: being wrong about a subscription is worse than missing one.
4. **Next date.**  Weekly and fortnightly: the last payment plus 7 or 14 days.  Monthly, quarterly and
   yearly: the last payment plus 1, 3 or 12 months on the day of the month most payments fell on
   (the month's last day when it is shorter).  A series whose next date is more than a window's
   slack in the past on ``today`` is ``overdue`` (perhaps cancelled); otherwise ``active``.
"""

from __future__ import annotations

import calendar
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from itertools import pairwise
from typing import Literal

from wallet.features.finance import normalise_payee
from wallet.features.money.accounts import Entry, MoneyView, load_money
from wallet.features.money.categories import Category, normalise_text
from wallet.store.vault import Vault

DEFAULT_TOLERANCE = Decimal("0.20")
"""How far a payment's size may be above the smallest of its series (a share of it)."""
VARIABLE_TOLERANCE = Decimal("0.50")
"""The same for bills that vary with use."""
VARIABLE_CATEGORIES = frozenset({"energy", "telecom"})

Status = Literal["active", "overdue"]


@dataclass(frozen=True)
class Period:
    """A payment period: its name, nominal length and the window of days between payments it accepts."""

    name: str
    name_ko: str
    days: int
    low: int
    high: int
    fewest: int
    """The fewest payments that make a series."""
    months: int = 0
    """Calendar months to step for the next date (0: step ``days``)."""

    def label(self, lang: str = "en") -> str:
        """The period's name in ``lang``."""
        return self.name_ko if lang == "ko" else self.name


PERIODS: tuple[Period, ...] = (
    Period("weekly", "매주", 7, 6, 8, 3),
    Period("fortnightly", "2주마다", 14, 12, 16, 3),
    Period("monthly", "매월", 30, 25, 35, 3, months=1),
    Period("quarterly", "분기마다", 91, 84, 98, 2, months=3),
    Period("yearly", "매년", 365, 350, 380, 2, months=12),
)


@dataclass(frozen=True)
class Recurring:
    """A series of payments to (or from) one payee at a regular period."""

    payee: str
    """The payee as the latest payment gives it."""
    key: str
    """The grouping key (see the module's description)."""
    currency: str
    direction: Literal["in", "out"]
    period: Period
    amount: Decimal
    """The latest payment's size (positive)."""
    amount_low: Decimal
    amount_high: Decimal
    count: int
    first: date
    last: date
    next_date: date
    category: Category
    record_ids: tuple[str, ...]

    @property
    def subscription(self) -> bool:
        """True for a series in the subscriptions category."""
        return self.category.key == "subscriptions"

    def status(self, today: date) -> Status:
        """``overdue`` when the next date is past by more than the period's slack on ``today``, else ``active``."""
        slack = self.period.high - self.period.days
        return "overdue" if today > self.next_date + timedelta(days=slack) else "active"


_STAMP = re.compile(r"^(?:pos|atm|atmd)?\d{1,2}(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\d{0,2}$")
_NUMBERISH = re.compile(r"^[\d\W_]+$")


def series_key(payee: str) -> str:
    """The payee as series are grouped: normalised, without numbers and terminal date stamps."""
    text = normalise_text(normalise_payee(payee))
    kept = [t for t in text.split() if not _NUMBERISH.match(t) and not _STAMP.match(t)]
    return " ".join(kept) or text


def add_months(day: date, months: int, on_day: int | None = None) -> date:
    """``day`` plus ``months`` calendar months, on ``on_day`` of that month (clamped to its last day)."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(on_day or day.day, last))


def _clusters(entries: list[Entry], tolerance: Decimal) -> list[list[Entry]]:
    ordered = sorted(entries, key=lambda e: abs(e.amount))
    out: list[list[Entry]] = []
    for e in ordered:
        if out and abs(e.amount) <= abs(out[-1][0].amount) * (1 + tolerance):
            out[-1].append(e)
        else:
            out.append([e])
    return out


def _period_of(days: list[int]) -> Period | None:
    for period in PERIODS:
        if all(period.low <= d <= period.high for d in days):
            return period
    return None


def _series(cluster: list[Entry], direction: Literal["in", "out"]) -> Recurring | None:
    ordered = sorted(cluster, key=lambda e: (e.day, e.record_id))
    days = [(b.day - a.day).days for a, b in pairwise(ordered)]
    if not days:
        return None
    period = _period_of(days)
    if period is None or len(ordered) < period.fewest:
        return None
    last = ordered[-1]
    if period.months:
        usual_day = Counter(e.day.day for e in ordered).most_common(1)[0][0]
        next_date = add_months(last.day, period.months, usual_day)
    else:
        next_date = last.day + timedelta(days=period.days)
    sizes = [abs(e.amount) for e in ordered]
    return Recurring(
        payee=last.payee,
        key=series_key(last.payee),
        currency=last.currency,
        direction=direction,
        period=period,
        amount=abs(last.amount),
        amount_low=min(sizes),
        amount_high=max(sizes),
        count=len(ordered),
        first=ordered[0].day,
        last=last.day,
        next_date=next_date,
        category=last.category,
        record_ids=tuple(e.record_id for e in ordered),
    )


def detect(entries: Iterable[Entry], *, direction: Literal["in", "out"] = "out") -> list[Recurring]:
    """The recurring series among ``entries`` (money out by default), the soonest next date first."""
    groups: dict[tuple[str, str], list[Entry]] = defaultdict(list)
    for e in entries:
        if e.internal or e.amount == 0 or (e.amount > 0) != (direction == "in"):
            continue
        if e.kind in ("cancellation", "discount"):
            continue
        groups[(series_key(e.payee), e.currency)].append(e)
    found: list[Recurring] = []
    for (key, _currency), members in groups.items():
        if not key:
            continue
        variable = any(e.category.key in VARIABLE_CATEGORIES for e in members)
        tolerance = VARIABLE_TOLERANCE if variable else DEFAULT_TOLERANCE
        for cluster in _clusters(members, tolerance):
            series = _series(cluster, direction)
            if series is not None:
                found.append(series)
    found.sort(key=lambda r: (r.next_date, r.key, r.currency))
    return found


def recurring_in(view: MoneyView, *, direction: Literal["in", "out"] = "out") -> list[Recurring]:
    """The recurring series of a money view."""
    return detect(view.entries, direction=direction)


def load_recurring(vault: Vault, person_id: str | None = None) -> list[Recurring]:
    """The recurring payments of the vault (of one person when given), categorised with the person's rules."""
    return recurring_in(load_money(vault, person_id))


__all__ = [
    "PERIODS",
    "Period",
    "Recurring",
    "add_months",
    "detect",
    "load_recurring",
    "recurring_in",
    "series_key",
]

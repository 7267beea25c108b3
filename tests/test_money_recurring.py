"""Recurring payments and subscriptions (wallet.features.money.recurring).

Golden series are built here day by day (a monthly Netflix with a price rise and weekend shifts, a
weekly class, a yearly membership, a quarterly water bill that varies, an irregular shop that must
not be taken for a subscription); the real fixtures are the Bank of Ireland export of
tests/fixtures/bank_csv (a weekly credit "CTO" of 845.92/845.93 on four Thursdays) and the
Crédit Mutuel OFX of tests/fixtures/ofx (a month of payments, none of them a series).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal as D
from pathlib import Path

from conftest import FIXTURES

from connectors.bank_csv import BankCsvConnector
from connectors.ofx import OfxConnector
from wallet.features.money.accounts import money_view
from wallet.features.money.recurring import add_months, detect, series_key
from wallet.imports.connector import ImportContext, Source
from wallet.model import Domain, Provenance, Record

BOI = FIXTURES / "bank_csv" / "bank2ynab" / "test_BOI_TransactionExport.csv"
CMFR = FIXTURES / "ofx" / "asgrim-ofxparser" / "ofxdata-cmfr.ofx"


def _tx(day: date, amount: str, payee: str, currency: str = "EUR", account: str = "current") -> Record:
    return Record(
        domain=Domain.FINANCE,
        kind="transaction",
        title=payee,
        start=datetime(day.year, day.month, day.day, 9, tzinfo=UTC),
        value=float(amount),
        unit=currency,
        payload={"account": account, "amount": amount, "payee": payee, "currency": currency},
        provenance=Provenance(connector_id="test", connector_version="1", source_name="made.csv"),
    )


def _netflix() -> list[Record]:
    # the 17th of each month, moved to the Monday when it falls on a weekend; 9.99 then 10.99 from 2026-01
    out = []
    for i in range(13):
        day = add_months(date(2025, 5, 17), i)
        while day.weekday() >= 5:
            day += timedelta(days=1)
        out.append(_tx(day, "-9.99" if day < date(2026, 1, 1) else "-10.99", "NETFLIX.COM"))
    return out


def _series(records: list[Record], direction: str = "out"):
    return {r.key: r for r in detect(money_view(records).entries, direction=direction)}  # type: ignore[arg-type]


def test_monthly_netflix_with_a_price_rise_and_weekend_shifts() -> None:
    records = _netflix()
    [netflix] = _series(records).values()
    assert netflix.period.name == "monthly"
    assert netflix.count == 13
    assert netflix.amount == D("10.99") and (netflix.amount_low, netflix.amount_high) == (D("9.99"), D("10.99"))
    assert (netflix.first, netflix.last) == (date(2025, 5, 19), date(2026, 5, 18))  # both 17ths were weekends
    assert netflix.next_date == date(2026, 6, 17)  # the day most payments fell on
    assert netflix.subscription and netflix.category.key == "subscriptions"
    assert netflix.record_ids == tuple(r.id for r in records)
    assert netflix.status(date(2026, 6, 20)) == "active"
    assert netflix.status(date(2026, 7, 20)) == "overdue"


def test_weekly_yearly_and_a_varying_quarterly_bill() -> None:
    start = date(2026, 3, 2)
    gym = [_tx(start + timedelta(days=d), "-12.00", "City Gym class") for d in (0, 7, 14, 22, 29, 36)]
    prime = [_tx(date(2024, 2, 29), "-89.00", "Amazon Prime"), _tx(date(2025, 2, 28), "-89.00", "Amazon Prime")]
    water = [
        _tx(date(2025, 10, 20), "-41.20", "Thames Water"),
        _tx(date(2026, 1, 19), "-55.80", "Thames Water"),
        _tx(date(2026, 4, 20), "-47.10", "Thames Water"),
    ]
    got = _series(gym + prime + water)
    assert sorted(got) == ["amazon prime", "city gym class", "thames water"]
    assert (got["city gym class"].period.name, got["city gym class"].next_date) == ("weekly", date(2026, 4, 14))
    assert (got["amazon prime"].period.name, got["amazon prime"].next_date) == ("yearly", date(2026, 2, 28))
    water_series = got["thames water"]
    assert water_series.period.name == "quarterly" and water_series.category.key == "energy"
    assert water_series.next_date == date(2026, 7, 20)
    # the same 35% spread at a shop is two amounts, not one series
    assert _series([_tx(r.start.date(), r.payload["amount"], "Corner Shop") for r in water]) == {}  # type: ignore[union-attr]


def test_what_must_not_be_taken_for_a_series() -> None:
    base = date(2026, 1, 5)
    irregular = [_tx(base + timedelta(days=d), "-20.00", "Corner Shop") for d in (0, 3, 43, 55, 80)]
    two_months = [_tx(date(2026, 1, 10), "-5.00", "Tiny App"), _tx(date(2026, 2, 10), "-5.00", "Tiny App")]
    skipped = [_tx(add_months(date(2025, 9, 1), m), "-30.00", "Gym") for m in (0, 1, 3, 4)]  # November missing
    income = [_tx(add_months(date(2025, 9, 25), m), "2500.00", "Employer") for m in range(4)]
    assert _series(irregular + two_months + skipped + income) == {}
    assert list(_series(income, "in")) == ["employer"]


def test_payee_texts_that_change_each_month_are_one_series() -> None:
    days = [date(2026, 1, 18), date(2026, 2, 18), date(2026, 3, 18)]
    stamps = ["POS18JAN NETFLIX.COM", "POS18FEB NETFLIX.COM 14087249160", "POS18MAR NETFLIX.COM #2231"]
    [series] = _series([_tx(d, "-9.99", s) for d, s in zip(days, stamps, strict=True)]).values()
    assert series.key == "netflix.com" and series.count == 3
    assert series_key("POS18SEP NETFLIX.COM") == series_key("Netflix.com  14087249160") == "netflix.com"
    assert series_key("GS25 역삼점") == "gs25 역삼점"  # letters with digits stay


def test_two_plans_with_one_payee_and_month_ends() -> None:
    apple = [_tx(add_months(date(2026, 1, 3), m), "-0.99", "APPLE.COM/BILL") for m in range(3)]
    apple += [_tx(add_months(date(2026, 1, 9), m), "-9.99", "APPLE.COM/BILL") for m in range(3)]
    got = detect(money_view(apple).entries)
    assert sorted((s.amount, s.next_date) for s in got) == [
        (D("0.99"), date(2026, 4, 3)),
        (D("9.99"), date(2026, 4, 9)),
    ]
    month_end = [_tx(d, "-50", "Rent Co") for d in (date(2026, 1, 31), date(2026, 2, 28), date(2026, 3, 31))]
    [rent] = detect(money_view(month_end).entries)
    assert rent.next_date == date(2026, 4, 30)


def test_add_months() -> None:
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2026, 11, 15), 3) == date(2027, 2, 15)
    assert add_months(date(2026, 2, 28), 1, 31) == date(2026, 3, 31)


def _read(path: Path) -> list[Record]:
    connector = OfxConnector() if path.suffix == ".ofx" else BankCsvConnector()
    return list(connector.read(Source(path), ImportContext()))


def test_a_real_statement_weekly_credit_and_no_false_payment_series() -> None:
    view = money_view(_read(BOI))
    [cto] = detect(view.entries, direction="in")
    assert (cto.payee, cto.period.name, cto.count) == ("CTO", "weekly", 4)
    assert (cto.first, cto.last, cto.next_date) == (date(2017, 9, 7), date(2017, 9, 28), date(2017, 10, 5))
    assert (cto.amount, cto.amount_low, cto.amount_high) == (D("845.92"), D("845.92"), D("845.93"))
    # two Statoil payments ten days apart, ATMs, one Netflix: no series of payments
    assert detect(view.entries) == []


def test_a_real_ofx_month_has_no_series() -> None:
    # the same hidden payee and -46.70 three times in a week, -16.20 twice a fortnight apart: not enough
    view = money_view(_read(CMFR))
    assert len(view.entries) == 42
    assert detect(view.entries) == [] and detect(view.entries, direction="in") == []

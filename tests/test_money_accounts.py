"""One view of all money (wallet.features.money.accounts) on real statements and on constructed transfers.

Expected balances are the ones the files state: the 잔액 column of the demo's Korean bank statement
and of the kakaobank statement (tests/fixtures/korea_finance, whose golden file lists them), and the
OFX LEDGERBAL of tests/fixtures/ofx/asgrim-ofxparser/ofx-multiple-accounts-xml.ofx (checking:
3000.25 on 2014-05-11, then +500.00 and -3.98; savings 11728.56; a third account 43.01).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import DEMO, FIXTURES

from connectors.bank_csv import BankCsvConnector
from connectors.ofx import OfxConnector
from wallet.features.money.accounts import (
    DayBalance,
    Rate,
    balances_over_time,
    convert,
    entered_rates,
    find_rate,
    load_money,
    money_view,
    month_of,
    net_worth_over_time,
    previous_month,
    rates_in_records,
    set_rate,
)
from wallet.features.money.categories import MoneyError
from wallet.imports.connector import ImportContext, Source
from wallet.imports.pipeline import import_source
from wallet.model import Domain, Provenance, Record

KR = DEMO / "kr_bank_cp949.csv"
KAKAO = FIXTURES / "korea_finance" / "kakaobank.xlsx"
HYUNDAI = FIXTURES / "korea_finance" / "hyundaicard.xlsx"
MULTI = FIXTURES / "ofx" / "asgrim-ofxparser" / "ofx-multiple-accounts-xml.ofx"
BUNQ = FIXTURES / "bank_csv" / "bank2ynab" / "2019-03-02_11-50-46_bunq-statement.csv"


def _stated_balances(path: Path) -> dict[date, Decimal]:
    """The balance column at the end of each day, as the statement states it."""
    out: dict[date, Decimal] = {}
    for rec in BankCsvConnector().read(Source(path), ImportContext()):
        assert rec.start is not None
        out[rec.start.date()] = Decimal(rec.payload["balance"])
    return out


@pytest.fixture
def filled(vault):
    for path in (KR, KAKAO, HYUNDAI, MULTI):
        import_source(vault, Source(path))
    return vault


def test_every_account_and_card_with_the_balances_the_files_state(filled) -> None:
    view = load_money(filled)
    got = {(a.kind, a.account.label, a.account.currency): a.balance for a in view.accounts}
    assert got == {
        ("bank", "kr_bank", "KRW"): Decimal("3315934"),
        ("bank", "kr_kakaobank", "KRW"): Decimal("3665734"),
        ("card", "kr_hyundaicard 본인 123*", "KRW"): None,  # a card statement gives no balance
        ("bank", "Checking 546582659855 (875400)", "GBP"): Decimal("3496.27"),
        ("bank", "Savings 21252344525548 (492900)", "GBP"): Decimal("11728.56"),
        ("bank", "Checking 54658222458596 (875400)", "GBP"): Decimal("43.01"),
    }
    # net worth per currency, never added across currencies; the card is left out and named
    assert view.net_worth() == {"GBP": Decimal("15267.84"), "KRW": Decimal("6981668")}
    assert [a.account.label for a in view.unknown_balances()] == ["kr_hyundaicard 본인 123*"]


def test_balances_over_time_match_the_balance_column_day_by_day(filled) -> None:
    view = load_money(filled)
    for label, path in (("kr_bank", KR), ("kr_kakaobank", KAKAO)):
        acc = next(a for a in view.accounts if a.account.label == label)
        assert dict(acc.history()) == _stated_balances(path)
        assert acc.as_of == max(_stated_balances(path))
    checking = next(a for a in view.accounts if a.account.label.startswith("Checking 5465826"))
    assert checking.history() == [(date(2014, 7, 16), Decimal("3500.25")), (date(2014, 7, 17), Decimal("3496.27"))]


def test_income_spending_and_categories_of_a_month(filled) -> None:
    view = load_money(filled)
    [march] = [m for m in view.months() if m.month == "2024-03"]
    assert march.currency == "KRW"
    assert march.income == Decimal("3201234")  # 급여 3,200,000 and 예금이자 1,234
    assert march.transfers_out == Decimal("250000")  # 타행이체 to 김민지
    assert march.spending == Decimal(4500 * 3 + 89000 + 650000 + 32800 + 100000)
    # what the month added to the balance: the statement's first and last 잔액 say the same
    stated = _stated_balances(KR)
    assert march.net == stated[max(stated)] - (Decimal("1245500") + Decimal("4500"))
    spent = {c.category.key: c.spent for c in view.by_category("2024-03")}
    assert spent == {
        "housing": Decimal("650000"),
        "cash": Decimal("100000"),
        "telecom": Decimal("89000"),
        "groceries": Decimal("32800"),
        "dining": Decimal("13500"),
    }
    assert list(spent) == sorted(spent, key=lambda k: -spent[k])  # the most spent first


def test_refunds_take_their_amount_off_the_category(filled) -> None:
    view = load_money(filled)
    # hyundaicard, 2025-08: 스타벅스 -6,200, 애플스토어 -400,000, 무신사 cancelled +59,000, 청구할인 +3,000
    cats = {c.category.key: c for c in view.by_category("2025-08")}
    assert (cats["shopping"].money_out, cats["shopping"].refunds) == (Decimal("400000"), Decimal("59000"))
    assert cats["shopping"].spent == Decimal("341000")
    [aug] = [m for m in view.months() if m.month == "2025-08"]
    assert aug.income == 0  # a cancellation and a discount are not income
    assert aug.spending == Decimal(6200 + 400000 - 59000 - 3000)


def _tx(account: str, day: str, amount: str, payee: str, kind: str = "transaction", currency: str = "KRW") -> Record:
    return Record(
        domain=Domain.FINANCE,
        kind=kind,
        title=payee,
        start=datetime.fromisoformat(day).replace(hour=12, tzinfo=UTC),
        value=float(amount),
        unit=currency,
        payload={"account": account, "amount": amount, "payee": payee, "currency": currency},
        provenance=Provenance(connector_id="test", connector_version="1", source_name=f"{account}.csv"),
    )


def test_a_transfer_between_own_accounts_is_not_spending() -> None:
    records = [
        _tx("checking", "2026-05-03", "-500000", "내 적금으로"),
        _tx("savings", "2026-05-03", "500000", "입금"),
        _tx("checking", "2026-05-04", "-30000", "이마트"),
        _tx("checking", "2026-05-04", "30000", "이마트", kind="cancellation"),  # same account: a refund
        _tx("checking", "2026-05-05", "-70000", "김철수"),
        _tx("savings", "2026-05-06", "70000", "홍길동"),  # a day later: not the same money
        _tx("card", "2026-05-07", "-15000", "USD", currency="USD"),
        _tx("checking", "2026-05-07", "15000", "x"),  # same size, another currency
        _tx("card", "2026-05-08", "59000", "무신사", kind="cancellation"),  # a refund on the card ...
        _tx("checking", "2026-05-08", "-59000", "무신사"),  # ... and a purchase from the account
    ]
    view = money_view(records)
    internal = {e.payee: e.counterpart for e in view.entries if e.internal}
    ids = {r.payload["payee"]: r.id for r in records}
    assert internal == {"내 적금으로": ids["입금"], "입금": ids["내 적금으로"]}
    [may] = [m for m in view.months() if m.currency == "KRW"]
    assert may.moved == Decimal("500000")
    assert may.spending == Decimal("70000")  # 김철수 (no rule: other); 이마트 and 무신사 bought and refunded
    assert may.income == Decimal("70000") + Decimal("15000")
    total = sum((e.amount for e in view.entries if e.currency == "KRW"), Decimal(0))
    assert may.net == total  # the internal pair sums to zero


def test_currencies_are_converted_only_at_rates_entered_or_carried(vault) -> None:
    worth = {"KRW": Decimal("1000000"), "USD": Decimal("100"), "EUR": Decimal("10")}
    nothing = convert(worth, "KRW", [], [])
    assert nothing.total == Decimal("1000000") and nothing.missing == ["EUR", "USD"]

    rate = set_rate(vault, "usd", "KRW", "1,380.5", on=date(2026, 12, 1))
    assert (rate.source_currency, rate.target_currency, rate.rate) == ("USD", "KRW", Decimal("1380.5"))
    assert entered_rates(vault) == [rate]
    assert "money.rate.set" in [e["action"] for e in vault.audit_entries()]
    conv = convert(worth, "KRW", entered_rates(vault), [])
    assert conv.total == Decimal("1000000") + Decimal("138050")
    assert conv.missing == ["EUR"]
    [usd] = [c for c in conv.lines if c.currency == "USD"]
    assert usd.rate is not None and usd.rate.describe() == "1 USD = 1380.5 KRW (entered 2026-12-01)"
    # the other way round, the entered rate is inverted
    back = convert({"KRW": Decimal("1380500")}, "USD", entered_rates(vault), [])
    assert back.total == Decimal("1000")
    for bad, says in (
        (("USD", "USD", "1"), "two different currencies"),
        (("USD", "XYZ", "1"), "not a currency code"),
        (("USD", "KRW", "-3"), "above 0"),
        (("USD", "KRW", "abc"), "not a number"),
    ):
        with pytest.raises(MoneyError, match=says):
            set_rate(vault, *bad)


def test_rates_that_files_carry() -> None:
    records = list(BankCsvConnector().read(Source(BUNQ), ImportContext()))
    rates = rates_in_records(records)
    assert {(r.source_currency, r.target_currency) for r in rates} == {("USD", "EUR")}
    assert all(r.origin == "file" and r.where == BUNQ.name for r in rates)
    # the latest day's rates are 0.88169, 0.88045 and a refund's 1.13418...: the middle one is used
    chosen = find_rate("USD", "EUR", [], rates)
    assert chosen is not None and (chosen.rate, chosen.on) == (Decimal("0.88169"), date(2018, 12, 7))
    assert "from 2019-03-02_11-50-46_bunq-statement.csv, 2018-12-07" in chosen.describe()
    # an entered rate wins over a file's
    entered = [Rate("USD", "EUR", Decimal("0.9"), date(2018, 1, 1), "entered")]
    assert find_rate("USD", "EUR", entered, rates) == entered[0]


OFX_FOREIGN = """<?xml version="1.0" encoding="UTF-8"?>
<?OFX OFXHEADER="200" VERSION="220" SECURITY="NONE" OLDFILEUID="NONE" NEWFILEUID="NONE"?>
<OFX><SIGNONMSGSRSV1><SONRS><STATUS><CODE>0</CODE><SEVERITY>INFO</SEVERITY></STATUS>
<DTSERVER>20260601</DTSERVER><LANGUAGE>KOR</LANGUAGE></SONRS></SIGNONMSGSRSV1>
<CREDITCARDMSGSRSV1><CCSTMTTRNRS><TRNUID>1</TRNUID><STATUS><CODE>0</CODE><SEVERITY>INFO</SEVERITY></STATUS>
<CCSTMTRS><CURDEF>KRW</CURDEF><CCACCTFROM><ACCTID>9410</ACCTID></CCACCTFROM>
<BANKTRANLIST><DTSTART>20260501</DTSTART><DTEND>20260531</DTEND>
<STMTTRN><TRNTYPE>DEBIT</TRNTYPE><DTPOSTED>20260510</DTPOSTED><TRNAMT>-13500</TRNAMT><FITID>f1</FITID>
<NAME>AMAZON.COM</NAME><ORIGCURRENCY><CURRATE>1350</CURRATE><CURSYM>USD</CURSYM></ORIGCURRENCY></STMTTRN>
</BANKTRANLIST></CCSTMTRS></CCSTMTTRNRS></CREDITCARDMSGSRSV1></OFX>
"""


def test_an_ofx_exchange_rate_is_carried(tmp_path: Path) -> None:
    path = tmp_path / "card.ofx"
    path.write_text(OFX_FOREIGN, encoding="utf-8")
    records = list(OfxConnector().read(Source(path), ImportContext()))
    [rate] = rates_in_records(records)
    assert (rate.source_currency, rate.target_currency, rate.rate) == ("USD", "KRW", Decimal("1350"))
    assert rate.on == date(2026, 5, 10) and rate.where == "card.ofx"


def test_months_are_checked() -> None:
    assert month_of("2024-03") == "2024-03"
    assert previous_month("2024-01") == "2023-12" and previous_month("2024-03") == "2024-02"
    for bad in ("2024-13", "2024-3", "March"):
        with pytest.raises(MoneyError, match="not a month"):
            month_of(bad)


def test_one_persons_money(filled) -> None:
    holder = filled.holder()
    assert load_money(filled, holder.id).net_worth() == load_money(filled).net_worth()
    from wallet.model import Person

    other = Person(name="Child")
    filled.save_person(other)
    assert load_money(filled, other.id).accounts == []


def _kr_statement(path: Path, rows: list[tuple[str, int, int, str]], opening: int) -> Path:
    """A statement in the demo's Korean bank layout (CP949), its 잔액 column starting from ``opening``."""
    lines = ["거래내역조회", "", "거래일시,적요,출금액,입금액,내용,잔액,거래점"]
    balance = opening
    for when, out, into, payee in rows:
        balance += into - out
        lines.append(f'{when},체크카드,"{out:,}","{into:,}",{payee},"{balance:,}",')
    path.write_bytes("\r\n".join(lines).encode("cp949"))
    return path


def test_statements_of_one_layout_are_one_account_when_their_balances_chain(vault, tmp_path: Path) -> None:
    january = _kr_statement(tmp_path / "jan.csv", [("2026.01.10 10:00:00", 10_000, 0, "이마트")], 500_000)
    february = _kr_statement(tmp_path / "feb.csv", [("2026.02.10 10:00:00", 0, 20_000, "환급")], 490_000)
    other = _kr_statement(tmp_path / "other.csv", [("2026.02.11 10:00:00", 5_000, 0, "쿠팡")], 80_000)
    import_source(vault, Source(january))
    import_source(vault, Source(february))
    [one] = load_money(vault).accounts
    assert (one.account.label, one.balance, one.sources) == ("kr_bank", Decimal("510000"), ("jan.csv", "feb.csv"))
    import_source(vault, Source(other))  # another account of the same bank: its 잔액 does not follow
    got = {a.account.label: a.balance for a in load_money(vault).accounts}
    assert got == {"kr_bank (jan.csv)": Decimal("510000"), "kr_bank (other.csv)": Decimal("75000")}
    assert load_money(vault).net_worth() == {"KRW": Decimal("585000")}


# --------------------------------------------------------------------------- balances over time

SCHWAB = FIXTURES / "bank_csv" / "csv2ofx" / "schwab-checking.csv"
INGESP = FIXTURES / "bank_csv" / "csv2ofx" / "ingesp.csv"
PAYONEER = FIXTURES / "bank_csv" / "csv2ofx" / "payoneer.csv"
SWEDBANK = FIXTURES / "bank_csv" / "bank2ynab" / "test_swedebank_statement.xls"
WITH_BALANCES = [
    FIXTURES / "korea_finance" / name
    for name in (
        "kakaobank.xlsx",
        "hanabank.xlsx",
        "kbstar_classic_cp949.csv",
        "kbstar_html.xls",
        "nhbank_legacy.xls",
        "nhbank_split.xlsx",
        "shinhanbank.xlsx",
        "woori_html.xls",
    )
] + [SCHWAB, INGESP, PAYONEER, FIXTURES / "bank_csv" / "bank2ynab" / "CSV_A_20180414_112204.csv"]


def _csv_column(path: Path, day_of, balance: str, time: str | None = None) -> dict[date, Decimal]:
    """The balance column on the last movement of each day, read from the file with the csv module alone."""
    import csv

    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    last: dict[date, tuple[str, Decimal]] = {}
    for row in rows:
        day, when = day_of(row["date" if "date" in row else next(iter(row))]), row.get(time or "", "")
        if day not in last or when >= last[day][0]:
            last[day] = (when, Decimal(row[balance].replace("$", "").replace(",", "")))
    return {d: v for d, (_w, v) in last.items()}


def _only_history(vault, path: Path):
    import_source(vault, Source(path))
    [history] = balances_over_time(load_money(vault))
    return history


@pytest.mark.parametrize(
    ("path", "day_of", "column", "time"),
    [
        (SCHWAB, lambda t: datetime.strptime(t, "%m/%d/%Y").date(), "RunningBalance", None),
        (INGESP, lambda t: datetime.strptime(t, "%d/%m/%Y").date(), "balance", None),
        (PAYONEER, lambda t: datetime.strptime(t, "%m/%d/%Y").date(), "Running Balance", "Transaction Time"),
    ],
    ids=["schwab", "ing-es", "payoneer"],
)
def test_balance_per_day_is_the_files_balance_column(vault, path: Path, day_of, column: str, time) -> None:
    history = _only_history(vault, path)
    expected = _csv_column(path, day_of, column, time)
    assert {d.day: d.balance for d in history.days} == expected
    assert {d.source for d in history.days} == {"column"}
    if path == PAYONEER:  # newest first in the file: the day ends at 12:31:46 with 200, not with 300
        assert expected == {date(2021, 5, 3): Decimal("200")}
    if path == INGESP:  # its balances do not follow from its amounts: each is taken as stated, never recomputed
        assert history.on(date(2022, 11, 13)) == history.days[6] and history.days[6].balance == Decimal("-126.19")


@pytest.mark.parametrize("path", WITH_BALANCES, ids=[p.name for p in WITH_BALANCES])
def test_balance_per_day_equals_the_column_on_the_days_last_movement(vault, path: Path) -> None:
    rows = list(BankCsvConnector().read(Source(path), ImportContext()))
    ordered = sorted(enumerate(rows), key=lambda r: (r[1].start, r[0]))  # time, then the file's order
    expected: dict[date, Decimal] = {}
    for _i, rec in ordered:
        assert rec.start is not None
        expected[rec.start.date()] = Decimal(rec.payload["balance"])
    assert len({r.start for r in rows}) == len(rows)  # no two movements at one moment: the last is plain
    history = _only_history(vault, path)
    assert {d.day: d.balance for d in history.days} == expected
    per_day = [sum(1 for r in rows if r.start is not None and r.start.date() == d.day) for d in history.days]
    assert [d.movements for d in history.days] == per_day


def test_running_sums_from_the_balances_a_statement_states(vault) -> None:
    """Swedbank's statement: an opening balance (10,374.04), movements, a closing balance (12,952.97)."""
    rows = list(BankCsvConnector().read(Source(SWEDBANK), ImportContext()))
    opening, closing = (Decimal(r.payload["amount"]) for r in rows if r.kind == "balance")
    assert (opening, closing) == (Decimal("10374.04"), Decimal("12952.97"))
    running, expected = opening, {}
    for rec in rows:
        if rec.kind == "transaction":
            running += Decimal(rec.payload["amount"])
            expected[rec.start.date()] = running
    history = _only_history(vault, SWEDBANK)
    assert {d.day: d.balance for d in history.days} == expected
    assert history.days[-1] == DayBalance(date(2014, 10, 6), closing, "statement", 3)  # the sums reach it
    assert [d.source for d in history.days[:-1]] == ["computed"] * 3
    assert history.days[0].balance == Decimal("10223.51")  # 10,374.04 less the first day's seven payments


def test_balances_over_time_of_every_account(filled) -> None:
    histories = {h.account.label: h for h in balances_over_time(load_money(filled))}
    # an OFX LEDGERBAL of 2014-05-11, then the movements after it
    checking = histories["Checking 546582659855 (875400)"]
    assert [(d.day, d.balance, d.source) for d in checking.days] == [
        (date(2014, 5, 11), Decimal("3000.25"), "statement"),
        (date(2014, 7, 16), Decimal("3500.25"), "computed"),
        (date(2014, 7, 17), Decimal("3496.27"), "computed"),
    ]
    assert checking.on(date(2014, 6, 1)) == checking.days[0]  # the balance holds until the next movement
    assert checking.on(date(2014, 7, 18)) is None and checking.on(date(2014, 5, 10)) is None
    # a card statement gives no balance: none is made up
    card = histories["kr_hyundaicard 본인 123*"]
    assert card.days == () and not card.known and card.on(date(2025, 8, 20)) is None
    # the latest day of each is the balance the accounts table shows
    view = load_money(filled)
    for acc in view.accounts:
        h = histories[acc.account.label]
        assert (h.days[-1].balance if h.days else None) == acc.balance


def _balance_tx(account: str, day: str, amount: str, balance: str | None, currency: str = "KRW") -> Record:
    rec = _tx(account, day, amount, "x", currency=currency)
    if balance is not None:
        rec.payload["balance"] = balance
    return rec


def test_net_worth_over_time_counts_the_accounts_known_on_each_day() -> None:
    records = [
        _balance_tx("a", "2026-01-01", "-100", "900"),
        _balance_tx("b", "2026-01-02", "50", "2050"),
        _balance_tx("a", "2026-01-03", "-200", None),  # a running sum: 700
        _balance_tx("b", "2026-02-04", "-50", "2000"),
        _balance_tx("a", "2026-02-05", "1000", "1700"),
        _balance_tx("c", "2026-01-02", "-10", None),  # no balance known: never counted
        _balance_tx("usd", "2026-01-03", "5", "105", currency="USD"),
    ]
    view = money_view(records)
    histories = balances_over_time(view)
    [a] = [h for h in histories if h.account.key == "a"]
    assert [(d.balance, d.source) for d in a.days] == [
        (Decimal("900"), "column"),
        (Decimal("700"), "computed"),
        (Decimal("1700"), "column"),
    ]
    by_day = {(p.currency, p.period): p for p in net_worth_over_time(histories)}
    totals = {k: p.total for k, p in by_day.items()}
    assert totals == {
        ("KRW", "2026-01-01"): Decimal("900"),  # b's balance is not known yet
        ("KRW", "2026-01-02"): Decimal("900") + Decimal("2050"),
        ("KRW", "2026-01-03"): Decimal("700") + Decimal("2050"),
        ("KRW", "2026-02-04"): Decimal("700") + Decimal("2000"),
        ("KRW", "2026-02-05"): Decimal("1700"),  # b's last known day was the 4th
        ("USD", "2026-01-03"): Decimal("105"),  # never added to the won
    }
    labels = {p.period: ([x.key for x in p.accounts], sorted(x.key for x in p.left_out)) for p in by_day.values()}
    assert labels["2026-01-01"] == (["a"], ["b", "c"])
    assert labels["2026-02-05"] == (["a"], ["b", "c"])
    monthly = [(p.currency, p.period, p.day, p.total) for p in net_worth_over_time(histories, by="month")]
    assert monthly == [
        ("KRW", "2026-01", date(2026, 1, 3), Decimal("2750")),
        ("KRW", "2026-02", date(2026, 2, 5), Decimal("1700")),
        ("USD", "2026-01", date(2026, 1, 3), Decimal("105")),
    ]


def test_the_cli_gives_the_balances_the_app_charts(vault, vault_dir: Path) -> None:
    """ING España's balances do not follow from its amounts: the CLI's history is each as stated, as the app's."""
    import json

    from click.testing import CliRunner
    from conftest import PASSPHRASE

    from wallet.cli import cli

    import_source(vault, Source(INGESP))
    [summary] = load_money(vault).accounts
    [history] = balances_over_time(load_money(vault))
    charted = [[d.day.isoformat(), str(d.balance)] for d in history.days]
    ledger = [[d.isoformat(), str(b)] for d, b in summary.history()]
    assert charted != ledger  # the running sum drifts from the stated balances
    vault.close()
    result = CliRunner().invoke(
        cli, ["--vault", str(vault_dir), "money", "summary", "--json"], env={"MYDATA_WALLET_PASSPHRASE": PASSPHRASE}
    )
    assert result.exit_code == 0, result.output
    [acc] = json.loads(result.output)["accounts"]
    assert acc["history"] == charted
    assert ["2022-11-13", "-126.19"] in acc["history"]  # the statement's own balance column

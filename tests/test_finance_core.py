"""wallet.features.finance against real imported statements (tests/fixtures/ofx, tests/fixtures/bank_csv)."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from conftest import DEMO, FIXTURES

from wallet.features.finance import ledgers, load_ledgers, monthly_totals, normalise_payee, payee_totals
from wallet.imports.connector import Source
from wallet.imports.pipeline import import_source
from wallet.model import Domain, Provenance, Record

KR = DEMO / "kr_bank_cp949.csv"
CHECKING = FIXTURES / "ofx" / "jseutter-ofxparse" / "checking.ofx"
MULTI = FIXTURES / "ofx" / "asgrim-ofxparser" / "ofx-multiple-accounts-xml.ofx"


def test_korean_running_balance_matches_the_balance_column_row_by_row(vault):
    import_source(vault, Source(KR))
    [ledger] = load_ledgers(vault)
    assert ledger.account.unknown and ledger.account.currency == "KRW"
    assert ledger.anchor == "row"
    assert len(ledger.rows) == 10
    # the anchor is the last row's 잔액 only; every other row is computed from amounts
    assert all(r.stated_balance is not None for r in ledger.rows)
    assert [r.balance for r in ledger.rows] == [r.stated_balance for r in ledger.rows]
    assert ledger.mismatches() == []
    assert ledger.rows[0].balance == Decimal("1245500")
    assert ledger.rows[0].payee == "스타벅스 광화문점"
    assert ledger.rows[0].memo == "체크카드"
    assert ledger.closing == Decimal("3315934")


def test_a_wrong_amount_shows_as_a_mismatch_with_the_stated_balance(vault):
    import_source(vault, Source(KR))
    records = vault.records(domain=Domain.FINANCE, newest_first=False)
    first, second = records[0], records[1]
    records[1] = second.model_copy(update={"payload": {**second.payload, "amount": "3100000"}})
    [ledger] = ledgers(records)
    # anchored at the last row and computed backwards: the balance before the altered
    # salary row (= after the first row) is now 100,000 off what the file states
    assert [r.record_id for r in ledger.mismatches()] == [first.id]
    assert ledger.rows[0].balance == Decimal("1345500")


def test_korean_totals_per_month_and_payee(vault):
    import_source(vault, Source(KR))
    led = load_ledgers(vault)
    [march] = monthly_totals(led)
    assert (march.key, march.currency) == ("2024-03", "KRW")
    assert march.money_in == Decimal("3201234")
    assert march.money_out == Decimal("-1135300")
    assert march.net == Decimal("2065934")
    assert march.count == 10
    by_payee = {t.key: t for t in payee_totals(led)}
    star = by_payee["스타벅스 광화문점"]
    assert (star.count, star.money_out, star.money_in) == (3, Decimal("-13500"), Decimal(0))
    assert next(iter(payee_totals(led))).key == "급여 (주)한빛소프트"  # the most money moved


def test_ofx_anchored_on_ledger_balance_not_available_balance(vault):
    import_source(vault, Source(CHECKING))
    [ledger] = load_ledgers(vault)
    assert ledger.anchor == "statement"
    assert ledger.anchor_balance == Decimal("100.99")  # LEDGERBAL, not AVAILBAL 75.99
    assert "1452687~7" in ledger.account.label
    amounts = [r.amount for r in ledger.rows]
    assert amounts[:3] == [Decimal("0.01"), Decimal("-34.51"), Decimal("-25.00")]
    # the statement balance is dated after every transaction: the last row ends on it
    assert ledger.rows[-1].balance == Decimal("100.99")
    for prev, row in zip(ledger.rows, ledger.rows[1:], strict=False):
        assert row.balance == prev.balance + row.amount
    assert ledger.rows[0].payee == "DIVIDEND EARNED FOR PERIOD OF 03"


def test_ofx_several_accounts_are_kept_apart_and_balance_date_splits_before_and_after(vault):
    import_source(vault, Source(MULTI))
    by_id = {led.account.label.split(" ")[1]: led for led in load_ledgers(vault)}
    assert set(by_id) == {"546582659855", "54658222458596", "21252344525548"}
    checking = by_id["546582659855"]
    # LEDGERBAL 3000.25 as of 2014-05-11, then +500.00 and -3.98 after it
    assert checking.anchor == "statement"
    assert [r.balance for r in checking.rows] == [Decimal("3500.25"), Decimal("3496.27")]
    savings = by_id["21252344525548"]
    # LEDGERBAL 11728.56 as of 2014-07-17, after the 18.70 interest of 2014-07-01
    assert [r.balance for r in savings.rows] == [Decimal("11728.56")]
    assert by_id["54658222458596"].rows == []
    assert by_id["54658222458596"].closing == Decimal("43.01")


def _tx(amount: str, currency: str, when: datetime, payee: str = "Shop") -> Record:
    return Record(
        domain=Domain.FINANCE,
        kind="transaction",
        title=payee,
        start=when,
        value=float(amount),
        unit=currency,
        payload={"amount": amount, "payee": payee},
        provenance=Provenance(connector_id="bank_csv", connector_version="1", source_name="x.csv"),
    )


def test_without_any_balance_the_running_balance_is_relative_and_currencies_never_mix():
    t0 = datetime(2024, 1, 5, tzinfo=UTC)
    recs = [_tx("-10.10", "EUR", t0), _tx("-5000", "KRW", t0), _tx("20.20", "EUR", t0.replace(day=6), "shop ")]
    led = ledgers(recs)
    assert {(x.account.currency, x.anchor) for x in led} == {("EUR", "relative"), ("KRW", "relative")}
    eur = next(x for x in led if x.account.currency == "EUR")
    assert [r.balance for r in eur.rows] == [Decimal("-10.10"), Decimal("10.10")]
    months = monthly_totals(led)
    assert {(m.currency, m.net) for m in months} == {("EUR", Decimal("10.10")), ("KRW", Decimal("-5000"))}
    payees = payee_totals(led)
    assert normalise_payee(" SHOP ") == "shop"
    assert {(p.key, p.currency, p.count) for p in payees} == {("Shop", "EUR", 2), ("Shop", "KRW", 1)}

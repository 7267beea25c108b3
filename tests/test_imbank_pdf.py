"""IM뱅크(대구은행) 거래내역조회 PDF statements (issue 22, item 1), read by the bank CSV connector by position.

``tests/fixtures/korea_finance/imbank.pdf`` is built by ``tests/make_imbank_pdf.py`` from the layout recorded in
``shared/samples/korea-finance/LAYOUTS.md`` (invented data).  The expected figures below come from the builder's
own list of transactions (oldest first, with an opening balance), not from the connector.
"""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from make_imbank_pdf import NAME, OPENING, TRANSACTIONS, imbank_pdf

from connectors.bank_csv import BankCsvConnector
from connectors.bank_csv.pdf import page_rows, read_pdf
from connectors.documents import DocumentConnector
from wallet.errors import ConnectorError
from wallet.imports.connector import ImportContext, Source
from wallet.imports.pipeline import import_source
from wallet.model import Record

FIX = Path(__file__).parent / "fixtures" / "korea_finance"
PDF = FIX / NAME


def _read(path: Path | None = None, *, data: bytes | None = None, name: str = NAME, **options: Any) -> list[Record]:
    src = Source(path) if path is not None else Source(data=data, name=name)
    return list(BankCsvConnector().read(src, ImportContext(options=options)))


def test_the_committed_fixture_is_what_the_builder_writes() -> None:
    assert PDF.read_bytes() == imbank_pdf()


def test_the_statement_is_identified_and_read_with_its_profile() -> None:
    assert BankCsvConnector().identify(Source(PDF))
    records = _read(PDF)
    assert {t for r in records for t in r.tags} == {"csv-profile:kr_imbank_pdf"}
    assert len(records) == len(TRANSACTIONS)  # the three pages' header blocks and column headers are no rows
    assert not any("skipped" in w for w in records[0].provenance.warnings)


def test_rows_amounts_and_balances_match_the_statement() -> None:
    records = _read(PDF)
    newest_first = list(reversed(TRANSACTIONS))
    assert [r.payload["row"]["NO"] for r in records] == [str(i) for i in range(len(TRANSACTIONS), 0, -1)]
    for rec, (when, kind, out_amount, in_amount, note, memo, branch) in zip(records, newest_first, strict=True):
        assert rec.start.strftime("%Y.%m.%d %H:%M:%S") == when
        assert rec.start.utcoffset() is not None and rec.start.utcoffset().total_seconds() == 9 * 3600
        assert Decimal(rec.payload["amount"]) == in_amount - out_amount
        assert rec.unit == "KRW"
        assert rec.payload["category"] == kind
        assert rec.payload["row"]["거래점"] == branch
        assert rec.title == (note or kind)
        if memo:
            assert memo in (rec.text or "")


def test_each_balance_is_the_previous_one_plus_deposits_minus_withdrawals() -> None:
    records = _read(PDF)
    oldest_first = sorted(records, key=lambda r: int(r.payload["row"]["NO"]))
    assert [r.start for r in oldest_first] == sorted(r.start for r in records)  # newest first in the file
    balance = Decimal(OPENING)
    for rec in oldest_first:
        row = rec.payload["row"]
        withdrawal = Decimal(row["찾으신금액"].replace(",", ""))
        deposit = Decimal(row["맡기신금액"].replace(",", ""))
        balance += deposit - withdrawal
        assert Decimal(rec.payload["balance"]) == balance
        assert Decimal(rec.payload["amount"]) == deposit - withdrawal
    # every page's header block says 현재잔액: the newest row's balance
    pages = read_pdf(PDF.read_bytes(), NAME, 1000)
    assert len(pages) == 3
    assert [row[1] for t in pages for row in t.rows if row[0] == "현재잔액"] == [f"{balance:,}"] * 3
    assert records[0].payload["balance"] == str(balance)


def test_fee_waiver_memos_stay_with_their_rows() -> None:
    waived = [r for r in _read(PDF) if "수수료 면제" in (r.text or "")]
    assert [r.start.month for r in waived] == [5, 4, 3]
    assert all(r.value < 0 for r in waived)


def test_columns_are_split_by_position_not_by_order() -> None:
    header = [
        (30.0, 450.0, "NO"),
        (60.0, 450.0, "거래일시"),
        (225.0, 450.0, "찾으신금액"),
        (385.0, 450.0, "거래후잔액"),
    ]
    # an empty withdrawal cell: the deposit-less row's amount is right-aligned inside its own column
    row = [(30.0, 430.0, "1"), (60.0, 430.1, "2026.05.01 10:00:00"), (400.0, 430.0, "9,000")]
    rows = page_rows(header + row + [(411.0, 30.0, "1 / 2")])
    assert rows == [["NO", "거래일시", "찾으신금액", "거래후잔액"], ["1", "2026.05.01 10:00:00", "", "9,000"]]


def test_other_pdfs_are_left_to_the_documents_connector() -> None:
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    pdf = canvas.Canvas(out)
    pdf.drawString(72, 720, "Receipt 2026-05-01 Total 9,000")
    pdf.showPage()
    pdf.save()
    other = Source(data=out.getvalue(), name="receipt.pdf")
    assert not BankCsvConnector().identify(other)
    assert DocumentConnector().identify(other)


def test_a_truncated_pdf_is_one_readable_message_and_leaves_the_vault_unchanged(vault: Any) -> None:
    raw = PDF.read_bytes()
    cut = raw[: len(raw) // 2]
    assert not BankCsvConnector().identify(Source(data=cut, name=NAME))
    with pytest.raises(ConnectorError) as info:
        _read(data=cut, profile="kr_imbank_pdf")
    assert str(info.value) == f"{NAME}: cannot be read as a PDF statement: the file is damaged or cut short"
    report = import_source(vault, Source(PDF), "bank_csv")
    assert report.added == len(TRANSACTIONS) == vault.count()
    with pytest.raises(ConnectorError):
        import_source(vault, Source(data=cut, name="cut.pdf"), "bank_csv", options={"profile": "kr_imbank_pdf"})
    assert vault.count() == len(TRANSACTIONS)

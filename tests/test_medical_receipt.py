"""Medical bill receipts (진료비·약제비 계산서·영수증, issue 22 item 2) as structured records, the claims finder's use
of them, and detection that gives a bank statement PDF to the bank connector rather than to the documents one.

The receipts are drawn in the tests from the standard forms' layout (``tests/medical_receipt_support.py``, invented
data); the noisy text is written as OCR gives a photo of the form.  The expected figures come from the support
module's own table of amounts, not from the reader.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from medical_receipt_support import (
    AMOUNTS,
    BUSINESS_NUMBER,
    NOISY_OCR_TEXT,
    PATIENT,
    PATIENT_NUMBER,
    PHARMACY,
    PROVIDER,
    STANDARD_ROWS,
    UNREADABLE_OCR_TEXT,
    draw,
    pharmacy_form_pdf,
    standard_form_pdf,
)

from connectors.documents import DocumentConnector
from connectors.documents.medical_receipt import read_receipt, recognise
from wallet.features.claims import policy as pol
from wallet.features.claims.visits import find_visits
from wallet.imports import registry
from wallet.imports.connector import ImportContext, Source
from wallet.imports.pipeline import import_source
from wallet.model import Domain, Provenance, Record
from wallet.store.vault import Vault
from wallet.terms.names import kind_name

KST = timezone(timedelta(hours=9))
IMBANK = Path(__file__).parent / "fixtures" / "korea_finance" / "imbank.pdf"
TODAY = date(2026, 12, 7)


def _read(data: bytes, name: str = "receipt.pdf") -> tuple[Record, Record]:
    records = list(DocumentConnector().read(Source(data=data, name=name), ImportContext()))
    assert [r.kind for r in records] == ["document", "medical_receipt"]
    return records[0], records[1]


def _amounts(*names: str) -> dict[str, str]:
    return {n: str(AMOUNTS[n]) for n in names}


# ----------------------------------------------------------------- reading the forms


@pytest.mark.slow
def test_the_standard_form_as_a_text_layer_pdf_is_one_structured_record_linked_to_the_document() -> None:
    doc, receipt = _read(standard_form_pdf())
    assert receipt.domain == Domain.FINANCE and receipt.links == [doc.id]
    assert receipt.title == f"진료비 계산서·영수증 · {PROVIDER}"
    assert receipt.start == datetime(2026, 5, 4, tzinfo=KST) and receipt.date_only and receipt.end is None
    assert (receipt.value, receipt.unit) == (float(AMOUNTS["patient_total"]), "KRW")
    p = receipt.payload
    assert p["form"] == "medical" and p["visit_type"] == "outpatient"
    assert p["provider"] == {"name": PROVIDER, "business_number": BUSINESS_NUMBER}
    assert p["patient"] == {"name": PATIENT, "number": PATIENT_NUMBER}
    assert (p["visit_start"], p["visit_end"]) == ("2026-05-04", "2026-05-04")
    assert p["amounts"] == {n: str(v) for n, v in AMOUNTS.items()} | {"cap_excess": "0"}
    assert p["patient_share"] == str(AMOUNTS["patient_total"])
    assert p["uncertain"] == [] and p["unread"] == [] and receipt.provenance.warnings == []
    assert (kind_name(receipt.kind), kind_name(receipt.kind, "ko")) == ("Medical bill receipt", "진료비 영수증")
    # each value says where it was read: the label, the row of the form and that row's text
    total = p["fields"]["patient_total"]
    assert total["label"] == "환자부담 총액" and "⑧ 환자부담 총액" in total["source"] and "9,400" in total["source"]
    rows = [" ".join(cell for _, cell in row if cell) for row in STANDARD_ROWS]
    assert rows[total["line"] - 1] == total["source"]
    share = p["fields"]["covered_patient"]
    assert share["label"] == "합계 (본인부담금)" and rows[share["line"] - 1].startswith("합계 ① 6,200")
    # the document itself is as before: searchable text, guesses
    assert doc.payload["doc_type"] == "medical_bill" and "하늘숲내과의원" in (doc.text or "")


def test_the_pharmacy_form() -> None:
    _doc, receipt = _read(pharmacy_form_pdf(), "약국.pdf")
    p = receipt.payload
    assert p["form"] == "pharmacy" and p["visit_type"] == "pharmacy" and receipt.title.endswith(PHARMACY)
    assert p["visit_start"] == "2026-05-04" and p["patient"]["name"] == PATIENT
    assert p["amounts"] == {
        "total": "12400",
        "covered_patient": "3700",
        "covered_insurer": "8700",
        "uncovered": "0",
        "patient_total": "3700",
        "card": "3700",
        "cash_receipt": "0",
        "cash": "0",
        "paid": "3700",
    }
    assert p["fields"]["covered_insurer"]["label"] == "보험자부담금" and receipt.provenance.warnings == []


def test_noisy_ocr_text_is_read_and_the_guessed_characters_are_flagged_unless_the_arithmetic_confirms_them() -> None:
    receipt = read_receipt(NOISY_OCR_TEXT)
    assert receipt is not None and receipt.form == "medical"
    got = {n: receipt.value(n) for n in receipt.fields}
    want = _amounts("covered_patient", "covered_insurer", "full_patient", "uncovered", "total", "patient_total")
    assert {n: got[n] for n in want} == want
    assert got["to_pay"] == "9400" and got["card"] == "9400"
    assert got["patient_name"] == PATIENT and got["provider_name"] == PROVIDER and got["visit_type"] == "outpatient"
    assert got["visit_start"] == "2026-05-04" and got["provider_business_number"] == BUSINESS_NUMBER
    # "6,2OO", "14, 500", "3.200", "9,4OO" and "충 액" are confirmed by ⑦ = ①+②+③+④+⑤ and ⑧ = ①-⑥+③+④+⑤;
    # "9,4O0" (카드) and "2026.O5.04" are not checked by anything, so they stay uncertain
    assert sorted(receipt.uncertain) == ["card", "visit_start"]
    assert "read '9,4O0' as '9,400'" in (receipt.fields["card"].uncertain or "")
    assert receipt.unread == []  # 납부한 금액 is not printed, but 카드 and 납부할 금액 are
    warning = receipt.warning("photo.jpg")
    assert warning is not None and warning.startswith("photo.jpg: 진료비 계산서·영수증: check 카드")


def test_a_pharmacy_receipt_ocr_read_as_one_line_with_circled_numbers_as_digits() -> None:
    text = (
        "행복약국 약제비 계산서 영수증 환자성명 이하늘 조제일자 2026-05-04 ☑야간 약제비총액 1+2+3 12,400 "
        "본인부담금 1 3,700 보험자부담금 2 8,700 비급여(전액본인) 3 0 카드 3,7OO 현금 0 합 계 3,700 "
        "사업자등록번호 234-56-78901 발행일 2026-05-05 상 호 행복약국 성 명 최예시"
    )
    receipt = read_receipt(text)
    assert receipt is not None and receipt.form == "pharmacy"
    got = {n: f.value for n, f in receipt.fields.items()}
    assert got == {
        "total": "12400",
        "covered_patient": "3700",
        "covered_insurer": "8700",
        "uncovered": "0",
        "card": "3700",
        "cash": "0",
        "paid": "3700",
        "visit_start": "2026-05-04",  # one day: the 발행일 after it is no range
        "patient_name": "이하늘",
        "provider_business_number": "234-56-78901",
        "provider_name": "행복약국",
    }
    assert receipt.uncertain == []  # 카드 "3,7OO" is confirmed: 카드 + 현금 = 합계 = 본인부담금 + 비급여
    assert receipt.unread == ["patient_total"]  # 수납금액 is not printed
    assert receipt.patient_share == Decimal(3_700)


def test_a_short_receipt_whose_total_is_what_the_patient_paid() -> None:
    text = "한빛내과의원\n진료비 영수증\n진료일자 2025-03-14\n본인부담금 12,300원\n비급여 5,000원\n합계 금액 17,300원\n"
    receipt = read_receipt(text)
    assert receipt is not None
    assert {n: f.value for n, f in receipt.fields.items() if n in ("covered_patient", "uncovered", "paid")} == {
        "covered_patient": "12300",
        "uncovered": "5000",
        "paid": "17300",
    }
    assert receipt.fields["paid"].uncertain is None  # 본인부담금 + 비급여 = 합계
    assert receipt.fields["provider_name"].uncertain == "no 상호 label: the first name ending in 의원, 병원, 약국 ..."
    assert receipt.unread == ["patient_name", "covered_insurer", "total", "patient_total"]
    bad = read_receipt(text.replace("17,300", "71,300"))
    assert bad is not None and "paid" in bad.uncertain  # the sum does not hold: a misread total is flagged


@pytest.mark.parametrize(
    ("line", "start", "end"),
    [
        ("진료기간 2026.05.01 ~ 2026.05.04", "2026-05-01", "2026-05-04"),
        ("진료기간: 2026-05-01부터 2026-05-04까지", "2026-05-01", "2026-05-04"),
        ("진 료 기 간 2026. 5. 1. ~ 2026. 5. 4.", "2026-05-01", "2026-05-04"),
        ("진료기간 2026년 5월 4일", "2026-05-04", None),
    ],
)
def test_the_visit_period(line: str, start: str, end: str | None) -> None:
    receipt = read_receipt(f"진료비 계산서·영수증\n{line}\n환자부담 총액 9,400")
    assert receipt is not None
    assert (receipt.value("visit_start"), receipt.value("visit_end")) == (start, end)


def test_amounts_that_do_not_add_up_are_flagged() -> None:
    text = NOISY_OCR_TEXT.replace("23,900", "29,300")
    receipt = read_receipt(text)
    assert receipt is not None
    assert receipt.value("total") == "29300"
    why = receipt.fields["total"].uncertain or ""
    assert "진료비 총액 29300 is not" in why and "= 23900" in why
    assert {"total", "covered_patient", "covered_insurer", "uncovered"} <= set(receipt.uncertain)
    assert "patient_total" not in receipt.uncertain  # ⑧ still adds up


@pytest.mark.slow
def test_a_receipt_with_unreadable_amounts_is_a_record_of_what_could_be_read_with_one_warning(vault: Vault) -> None:
    rows = [[(40.0, line)] for line in UNREADABLE_OCR_TEXT.splitlines()]
    data = draw(rows)
    report = import_source(vault, Source(data=data, name="smudged.pdf"), connector_id="document")
    assert report.by_kind == {"document": 1, "medical_receipt": 1}
    [receipt] = vault.records(domain=Domain.FINANCE.value, kind="medical_receipt")
    p = receipt.payload
    assert p["provider"]["name"] == PROVIDER and p["visit_start"] == "2026-05-04"
    assert p["amounts"] == {} and p["patient_share"] is None and receipt.value is None
    assert {"total", "patient_total", "covered_patient"} <= set(p["unread"])
    [warning] = receipt.provenance.warnings
    assert warning.startswith("smudged.pdf: 진료비 계산서·영수증: could not read")
    assert "환자부담 총액 ('9,4#0' is not an amount in won)" in warning
    assert "진료비 총액 ('2$,9' is not an amount in won)" in warning


def test_a_receipt_of_which_nothing_can_be_read_is_only_a_document_that_says_so() -> None:
    text = "진료비 계산서·영수증\n본인부담금 ###\n"
    data = draw([[(40.0, line)] for line in text.splitlines()])
    [doc] = list(DocumentConnector().read(Source(data=data, name="blur.pdf"), ImportContext()))
    assert doc.kind == "document"
    assert doc.provenance.warnings == [
        "blur.pdf looks like a 진료비 계산서·영수증 but none of its fields could be read"
    ]


@pytest.mark.parametrize(
    ("text", "form"),
    [
        ("진료비 계산서·영수증\n환자부담 총액 9,400", "medical"),
        ("진 료 비 계 산 서 ㆍ 영 수 증\n본 인 부 담 금 5,000", "medical"),
        ("약제비 계산서 영수증\n수납금액 3,700", "pharmacy"),
        ("진료비 세부산정내역\n본인부담금 5,000", None),  # the itemised bill is another form
        ("진료비 영수증을 꼭 챙기세요. 감사합니다.", None),  # prose that names the receipt
        ("Receipt\nTotal 9,400", None),
    ],
)
def test_which_texts_are_receipts(text: str, form: str | None) -> None:
    assert recognise(text) == form


@pytest.mark.slow
def test_importing_the_same_receipt_again_adds_nothing(vault: Vault) -> None:
    data = standard_form_pdf()
    first = import_source(vault, Source(data=data, name="a.pdf"), connector_id="document")
    again = import_source(vault, Source(data=data, name="a.pdf"), connector_id="document")
    assert (first.added, again.added, again.duplicates) == (2, 0, 2)


# ----------------------------------------------------------------- claims


def _card(day: date, payee: str, amount: int, person: str | None) -> Record:
    """A card payment as the bank CSV connector records it (money out is negative)."""
    return Record(
        domain=Domain.FINANCE,
        kind="transaction",
        title=payee,
        start=datetime(day.year, day.month, day.day, 18, tzinfo=KST),
        value=-amount,
        unit="KRW",
        payload={"date": day.isoformat(), "amount": str(-amount), "currency": "KRW", "payee": payee},
        provenance=Provenance(connector_id="bank_csv", connector_version="1", source_name="card.csv"),
        person_id=person,
    )


def _holder(vault: Vault) -> str:
    holder = vault.holder()
    assert holder is not None
    return holder.id


@pytest.mark.slow
def test_a_receipt_and_the_card_payment_are_one_visit_dated_and_named_by_the_receipt(vault: Vault) -> None:
    import_source(vault, Source(data=standard_form_pdf(), name="receipt.pdf"), connector_id="document")
    import_source(vault, Source(data=pharmacy_form_pdf(), name="pharmacy.pdf"), connector_id="document")
    holder = _holder(vault)
    # the card statement cuts the name short and posts the payment the next day
    vault.add_records(
        [_card(date(2026, 5, 5), "하늘숲내과", 9_400, holder), _card(date(2026, 5, 4), "푸른숲약국", 3_700, holder)]
    )
    [visit] = find_visits(vault, today=TODAY)
    assert (visit.date, visit.institution, visit.pharmacy) == (date(2026, 5, 4), PROVIDER, PHARMACY)
    assert (visit.paid, visit.paid_from, visit.pharmacy_paid) == (Decimal(9_400), "payment", Decimal(3_700))
    assert len(visit.payment_ids) == 1 and len(visit.pharmacy_payment_ids) == 1
    assert visit.present == ["receipt", "pharmacy_receipt"] and visit.missing == ["itemised_bill"]
    assert not visit.payment_uncertain
    # the structured records are read with their documents, never as parts of their own
    docs = {r.id for r in vault.records(domain=Domain.DOCUMENTS.value)}
    assert set(visit.document_ids) == docs


@pytest.mark.slow
def test_without_a_payment_the_estimate_is_the_receipts_patient_share(vault: Vault) -> None:
    # the document's own guess (the last "total" of the text) is not what the patient bore for every form:
    # an inpatient receipt where 이미 납부한 금액 (a deposit) was paid before and the rest at discharge
    rows = [list(row) for row in STANDARD_ROWS]
    rows[0] = [(40, "[ ]외래 [V]입원 ([V]퇴원 [ ]중간) 진료비 계산서·영수증")]
    rows[2] = [(40, PATIENT_NUMBER), (150, PATIENT), (250, "2026.05.01 ~ 2026.05.04"), (430, "[ ]야간 [ ]공휴일")]
    rows[10] = [*rows[10][:-1], (530, "5,000")]  # ⑨ 이미 납부한 금액
    rows[12] = [*rows[12][:-1], (530, "4,400")]  # ⑩ 납부할 금액 = ⑧ - ⑨
    rows[13] = [*rows[13][:-1], (530, "4,400")]  # 카드
    rows[16] = [*rows[16][:-1], (530, "4,400")]  # 합계 of what was paid now
    import_source(vault, Source(data=draw(rows), name="discharge.pdf"), connector_id="document")
    [receipt] = vault.records(domain=Domain.FINANCE.value, kind="medical_receipt")
    assert receipt.payload["visit_type"] == "inpatient" and receipt.provenance.warnings == []
    assert (receipt.payload["visit_start"], receipt.payload["visit_end"]) == ("2026-05-01", "2026-05-04")
    [visit] = find_visits(vault, today=TODAY)
    assert visit.date == date(2026, 5, 1) and visit.institution == PROVIDER
    assert (visit.paid, visit.paid_from) == (Decimal(AMOUNTS["patient_total"]), "receipt")
    estimate = pol.estimate(visit, None)
    assert estimate.claimable == Decimal(AMOUNTS["patient_total"])
    # the deposit on the first day and the payment at discharge, three days later, are that visit's: the stay
    # runs to its last day
    holder = _holder(vault)
    vault.add_records(
        [_card(date(2026, 5, 1), PROVIDER, 5_000, holder), _card(date(2026, 5, 4), PROVIDER, 4_400, holder)]
    )
    [visit] = find_visits(vault, today=TODAY)
    assert visit.date == date(2026, 5, 1) and len(visit.payment_ids) == 2
    assert (visit.paid, visit.paid_from) == (Decimal(AMOUNTS["patient_total"]), "payment")


@pytest.mark.slow
def test_a_payment_after_a_day_visit_is_not_stretched_to_a_stay(vault: Vault) -> None:
    import_source(vault, Source(data=standard_form_pdf(), name="receipt.pdf"), connector_id="document")
    vault.add_records([_card(date(2026, 5, 7), PROVIDER, 9_400, _holder(vault))])
    visits = find_visits(vault, today=TODAY)
    assert sorted(v.date for v in visits) == [date(2026, 5, 4), date(2026, 5, 7)]


# ----------------------------------------------------------------- detection


@pytest.mark.slow
def test_a_bank_statement_pdf_is_the_bank_connectors_without_asking() -> None:
    assert registry.detect(Source(IMBANK)) == {"bank_csv": {}}
    connector, options = registry.resolve(Source(IMBANK))
    assert connector.id == "bank_csv" and options == {}
    # the documents connector still takes it when named
    assert registry.resolve(Source(IMBANK), "document")[0].id == "document"


@pytest.mark.slow
def test_other_pdfs_and_receipts_are_still_documents() -> None:
    import io

    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    page = canvas.Canvas(out)
    page.drawString(72, 720, "Letter 2026-05-01")
    page.save()
    for data, name in ((out.getvalue(), "letter.pdf"), (standard_form_pdf(), "receipt.pdf")):
        assert list(registry.detect(Source(data=data, name=name))) == ["document"], name
        assert registry.resolve(Source(data=data, name=name))[0].id == "document"


def test_a_generic_connector_gives_way_only_to_one_that_recognises_the_file(monkeypatch: pytest.MonkeyPatch) -> None:
    from connectors.bank_csv import BankCsvConnector

    class Picky(DocumentConnector):
        """A second connector that takes every PDF too."""

        id = "picky"

    classes: dict[str, Any] = {"document": DocumentConnector, "picky": Picky}
    monkeypatch.setattr(registry, "connectors", lambda: dict(classes))
    letter = Source(data=standard_form_pdf(), name="receipt.pdf")
    assert sorted(registry.detect(letter)) == ["document", "picky"]  # two generic ones: the person chooses
    Picky.generic = False  # one that recognises the content wins
    assert list(registry.detect(letter)) == ["picky"]
    classes = {"document": DocumentConnector, "bank_csv": BankCsvConnector}
    assert list(registry.detect(letter)) == ["document"]  # the bank connector does not claim a receipt

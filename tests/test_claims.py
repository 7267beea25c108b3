"""The unclaimed-insurance finder (issue 20, item 4): visit linking, deadlines, policy estimates, the claim bundle.

The linking golden tests build records by hand (payments, encounters, receipts) and pin each rule of
wallet/features/claims/visits.py; medical payments are found by the money categories
(wallet.features.money.categories.category_of), never by a classifier of the finder's own.  The "new user"
test imports the files of tests/fixtures/claims/ (written for the project: a KB국민은행 statement, a FHIR
Bundle and two PDF receipts) through the import pipeline, as the app does.
"""

from __future__ import annotations

import json
import zipfile
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from wallet.errors import NotFound
from wallet.features.claims import policy as pol
from wallet.features.claims.prepare import claim_request, create_claim, prepare_claim
from wallet.features.claims.visits import (
    ClaimsError,
    Visit,
    deadline_for,
    document_institution,
    document_role,
    find_visits,
    get_visit,
    institution_key,
    link,
    parts_of,
    same_institution,
    visit_notes,
)
from wallet.features.share.templates import Recipient
from wallet.features.share.verify import verify_file
from wallet.imports.connector import Source
from wallet.imports.pipeline import import_source
from wallet.model import Domain, Person, Provenance, Record
from wallet.store.vault import Vault

FIX = Path(__file__).parent / "fixtures" / "claims"
KST = timezone(timedelta(hours=9))
TODAY = date(2026, 12, 7)
PARENT, CHILD = "parent", "child"


def _prov(name: str, connector: str = "test") -> Provenance:
    return Provenance(connector_id=connector, connector_version="1", source_name=name)


def pay(day: date, payee: str, amount: int, person: str = PARENT, hour: int = 12) -> Record:
    """A card payment as the bank CSV connector records it (money out is negative)."""
    return Record(
        domain=Domain.FINANCE,
        kind="transaction",
        title=payee,
        start=datetime(day.year, day.month, day.day, hour, tzinfo=KST),
        value=-amount,
        unit="KRW",
        payload={"date": day.isoformat(), "amount": str(-amount), "currency": "KRW", "payee": payee},
        provenance=_prov("statement.csv", "bank_csv"),
        person_id=person,
    )


def enc(day: date, provider: str, person: str = PARENT, rid: str = "e1") -> Record:
    """A FHIR Encounter at ``provider`` on ``day``."""
    start = datetime(day.year, day.month, day.day, 10, tzinfo=KST)
    return Record(
        domain=Domain.HEALTH,
        kind="Encounter",
        title="Encounter",
        start=start,
        payload={
            "resourceType": "Encounter",
            "id": rid,
            "status": "finished",
            "period": {"start": start.isoformat()},
            "serviceProvider": {"display": provider},
        },
        provenance=_prov("visits.json", "fhir"),
        person_id=person,
    )


def doc(day: date, first_line: str, institution: str, amount: int | None, person: str = PARENT) -> Record:
    """A scanned document as the document connector records it: its text, and the date and amount it guessed."""
    text = f"{first_line}\n요양기관 명칭: {institution}\n진료일: {day.isoformat()}"
    payload: dict[str, Any] = {"doc_type": "medical_bill", "date": day.isoformat(), "issuer": first_line}
    if amount is not None:
        text += f"\n합계: {amount:,}원"
        payload |= {"amount": str(amount), "currency": "KRW"}
    return Record(
        domain=Domain.DOCUMENTS,
        kind="document",
        title=f"Medical bill: {first_line}",
        start=datetime(day.year, day.month, day.day, 12, tzinfo=UTC),
        date_only=True,
        text=text,
        payload=payload,
        provenance=_prov("scan.pdf", "document"),
        person_id=person,
    )


def visits(*records: Record, today: date = TODAY, persons: dict[str, str] | None = None) -> list[Visit]:
    out = link(parts_of(records, persons=persons), today)
    assert len({v.id for v in out}) == len(out), "visit ids must be unique"
    return out


D = date(2026, 3, 4)


# --------------------------------------------------------------- names
@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("의료법인 서울 정형외과의원", "서울정형외과", True),  # legal form, space, 의원 ending
        ("(주)연세내과의원", "연세내과의원", True),
        ("재단법인 한빛병원", "한빛 병원", True),
        ("서울대학교병원", "서울대병원", True),  # 대학교 as 대
        ("연세내과의원", "연세내과", True),  # a card statement cuts names short
        ("Greenleaf Clinic, Inc.", "GREENLEAF CLINIC", True),
        ("연세내과의원", "서울정형외과의원", False),
        ("온누리약국", "온누리의원", False),  # a pharmacy is never the clinic of the same name
        ("강남연세의원", "강남세브란스병원", False),
        ("튼튼소아청소년과의원", "튼튼소아청소", True),  # cut short, but most of the name is there
        ("연세정형외과의원", "연세정형외과센터", True),  # what follows is a generic ending
        ("서울대학교병원", "서울대입구치과의원", False),  # "서울대" starts it, but 입구치과 is more name
        ("연세의원", "연세치과의원", False),
        ("온누리약국", "온누리새봄약국", False),
    ],
)
def test_institution_names(a: str, b: str, same: bool) -> None:
    assert same_institution(a, b) is same


@pytest.mark.parametrize(
    "text",
    [
        "진료비 계산서·영수증\n요양기관 명칭 연세내과의원\n진료일 2026-03-04",  # OCR: no colon
        "진료비 계산서·영수증\n| 요양기관명칭 | 연세내과의원 | 대표자 | 홍길동 |",  # a table row
        "진료비 계산서·영수증\n요양기관 명칭: 연세내과의원 대표자: 홍길동",  # the line runs on
        "진료비 계산서·영수증\n요양기관명: 연세내과의원  사업자등록번호 123-45-67890",
        "진료비 계산서·영수증\n요양기관 명칭 연세내과의원 환자성명 김하늘",
        "진료비 계산서·영수증\n상호 연세내과의원 전화 02-123-4567",
    ],
)
def test_receipt_institution_from_each_shape_of_the_form(text: str) -> None:
    rec = doc(D, "진료비 계산서·영수증", "", 15300)
    rec.text, rec.payload["issuer"] = text, None
    assert document_institution(rec) == "연세내과의원"


def test_institution_key_strips_forms_and_endings() -> None:
    assert institution_key("의료법인 (재)서울 정형외과의원") == "서울정형외과"
    assert institution_key("사회복지법인 한빛병원") == "한빛"


# --------------------------------------------------------------- linking rules
def test_same_day_payment_encounter_and_receipt_are_one_visit() -> None:
    records = (
        pay(D, "연세내과의원", 15300),
        enc(D, "연세내과의원"),
        doc(D, "진료비 계산서·영수증", "연세내과의원", 15300),
    )
    [v] = visits(*records)
    assert (v.date, v.institution, v.person_id) == (D, "연세내과의원", PARENT)
    assert v.paid == Decimal(15300) and v.paid_from == "payment" and v.currency == "KRW"
    assert v.encounter_ids == [records[1].id] and v.payment_ids == [records[0].id]
    assert v.document_ids == [records[2].id]
    assert v.present == ["receipt"] and v.missing == ["itemised_bill"]
    assert v.deadline == date(2029, 3, 4) and v.status == "claimable"
    # The id comes from person, day and institution: the same visit whatever order or documents come later.
    [again] = visits(records[2], records[0], records[1], doc(D, "진료비 세부산정내역", "연세내과의원", None))
    assert again.id == v.id and again.missing == []


def test_card_posted_the_next_day_links_but_not_two_days_later() -> None:
    visit_day = date(2026, 4, 17)
    [v] = visits(
        enc(visit_day, "의료법인 서울 정형외과의원"), pay(visit_day + timedelta(days=1), "서울정형외과", 48000)
    )
    assert v.date == visit_day and v.paid == Decimal(48000) and v.payment_ids
    late = visits(enc(visit_day, "서울정형외과의원"), pay(visit_day + timedelta(days=2), "서울정형외과", 48000))
    assert len(late) == 2
    assert {x.date for x in late} == {visit_day, visit_day + timedelta(days=2)}
    # a payment the day BEFORE the encounter is not its posting either
    assert len(visits(enc(visit_day, "서울정형외과의원"), pay(visit_day - timedelta(days=1), "서울정형외과", 1))) == 2


def test_different_institution_the_same_day_is_not_linked() -> None:
    out = visits(enc(D, "연세내과의원"), pay(D, "서울정형외과의원", 48000))
    assert len(out) == 2
    by_place = {v.institution: v for v in out}
    assert by_place["연세내과의원"].paid is None and by_place["연세내과의원"].payment_ids == []
    assert by_place["서울정형외과의원"].paid == Decimal(48000) and not by_place["서울정형외과의원"].encounter_ids


def test_pharmacy_the_same_day_joins_the_visit() -> None:
    clinic, pharmacy = pay(D, "연세내과의원", 15300, hour=10), pay(D, "온누리약국", 6200, hour=11)
    [v] = visits(enc(D, "연세내과의원"), clinic, pharmacy)
    assert v.institution == "연세내과의원" and v.pharmacy == "온누리약국"
    assert v.pharmacy_payment_ids == [pharmacy.id] and v.pharmacy_paid == Decimal(6200)
    assert v.total_paid == Decimal(21500)
    assert v.required == ["receipt", "itemised_bill", "pharmacy_receipt"]
    assert "pharmacy_receipt" in v.missing
    pharmacy_doc = doc(D, "약제비 계산서·영수증", "온누리약국", 6200)
    pharmacy_doc.text = (pharmacy_doc.text or "").replace("요양기관 명칭", "상호")
    [with_doc] = visits(enc(D, "연세내과의원"), clinic, pharmacy, pharmacy_doc)
    assert with_doc.documents == {"pharmacy_receipt": [pharmacy_doc.id]} and "pharmacy_receipt" in with_doc.present
    # a pharmacy on a day with no visit is a visit of its own, needing only the pharmacy's receipt
    [alone] = visits(pay(D + timedelta(days=10), "온누리약국", 3000))
    assert alone.pharmacy_only and alone.institution is None and alone.required == ["pharmacy_receipt"]


def test_child_visit_paid_with_the_parents_card_is_the_childs() -> None:
    records = (
        enc(D, "튼튼소아청소년과의원", person=CHILD),
        doc(D, "진료비 계산서·영수증", "튼튼소아청소년과의원", 9800, person=CHILD),
        pay(D, "튼튼소아청소년과의원", 9800, person=PARENT),
        pay(D, "온누리약국", 4100, person=PARENT, hour=15),
        enc(D, "연세내과의원", person=PARENT, rid="e2"),  # the parent's own visit that day, elsewhere, unpaid
    )
    out = visits(*records)
    child = next(v for v in out if v.person_id == CHILD)
    assert child.institution == "튼튼소아청소년과의원" and child.paid == Decimal(9800)
    assert child.payers == [PARENT] and child.payment_ids == [records[2].id]
    # the pharmacy paid with the same card that day goes with the visit that card paid for
    assert child.pharmacy_payment_ids == [records[3].id]
    parent = next(v for v in out if v.person_id == PARENT)
    assert parent.institution == "연세내과의원" and parent.payment_ids == [] and parent.paid is None


@pytest.mark.parametrize(
    ("visit_day", "status"),
    [(date(2023, 12, 6), "expired"), (date(2023, 12, 7), "claimable"), (date(2026, 12, 7), "claimable")],
)
def test_expired_after_three_years(visit_day: date, status: str) -> None:
    [v] = visits(pay(visit_day, "연세내과의원", 1000), enc(visit_day, "연세내과의원"))
    assert v.deadline == date(visit_day.year + 3, visit_day.month, visit_day.day)
    assert v.status == status


def test_deadline_of_29_february_is_28_february() -> None:
    assert deadline_for(date(2024, 2, 29)) == date(2027, 2, 28)


def test_non_medical_spending_and_money_in_are_not_visits() -> None:
    refund = pay(D, "연세내과의원", 1000)
    refund.payload["amount"], refund.value = "1000", 1000.0
    assert visits(pay(D, "스타벅스 강남점", 5500), refund) == []


def test_a_cancelled_payment_is_no_visit_and_an_installment_counts_once() -> None:
    paid = pay(D, "연세내과의원", 15300)
    cancel = pay(D + timedelta(days=3), "연세내과의원", 15300)
    cancel.kind, cancel.payload["amount"], cancel.value = "cancellation", "15300", 15300.0
    assert visits(paid, cancel) == []
    other_amount = pay(D + timedelta(days=3), "연세내과의원", 5000)
    other_amount.kind, other_amount.payload["amount"], other_amount.value = "cancellation", "5000", 5000.0
    assert [v.paid for v in visits(paid, other_amount)] == [Decimal(15300)]
    rounds = []
    for n in (1, 2, 3):  # each month's statement repeats the purchase with its round
        r = pay(D, "한빛병원", 100000)
        r.kind = "installment"
        r.payload |= {"purchase_amount": "300000", "installment": {"months": 3, "round": n}}
        rounds.append(r)
    [v] = visits(*rounds)
    assert v.paid == Decimal(300000) and v.payment_ids == [rounds[0].id]


def test_receipt_without_an_institution_joins_the_one_visit_that_day() -> None:
    nameless = doc(D, "진료비 계산서·영수증", "", 15300)
    nameless.text, nameless.payload["issuer"] = "진료비 계산서·영수증\n합계: 15,300원", None
    [v] = visits(enc(D, "연세내과의원"), nameless)
    assert v.document_ids == [nameless.id]


def test_document_roles() -> None:
    assert document_role(doc(D, "진료비 계산서·영수증", "A의원", 1)) == "receipt"
    assert document_role(doc(D, "진료비 세부산정내역", "A의원", 1)) == "itemised_bill"
    assert document_role(doc(D, "약제비 계산서·영수증", "B약국", 1)) == "pharmacy_receipt"
    grocery = doc(D, "receipt", "", 1)
    grocery.title, grocery.text = "Receipt: GROCER", "GROCER\nsubtotal 3.00\nreceipt"
    grocery.payload["doc_type"] = "receipt"
    assert document_role(grocery) is None
    assert document_institution(doc(D, "진료비 계산서·영수증", "연세내과의원", 1)) == "연세내과의원"


def test_two_payments_at_one_clinic_on_one_day_are_one_visit_with_their_sum() -> None:
    first, second = pay(D, "연세내과의원", 15300, hour=10), pay(D, "연세내과의원", 85500, hour=16)
    e = enc(D, "연세내과의원")
    [v] = visits(e, first, second)
    assert v.paid == Decimal(100800) and sorted(v.payment_ids) == sorted([first.id, second.id])
    assert v.encounter_ids == [e.id]
    # known only from the payments: still one visit
    [alone] = visits(first, second)
    assert alone.paid == Decimal(100800) and len(alone.payment_ids) == 2
    # two payments at the same pharmacy that day: added up on the visit, with or without a clinic visit
    p1, p2 = pay(D, "온누리약국", 6200, hour=11), pay(D, "온누리약국", 2100, hour=12)
    [with_clinic] = visits(e, first, p1, p2)
    assert with_clinic.pharmacy_paid == Decimal(8300) and len(with_clinic.pharmacy_payment_ids) == 2
    [pharmacy_only] = visits(p1, p2)
    assert pharmacy_only.pharmacy_only and pharmacy_only.pharmacy_paid == Decimal(8300)


def test_two_payments_at_one_clinic_are_one_visit_in_the_vault(vault: Vault) -> None:
    parent, _ = _people(vault)
    first, second = pay(D, "연세내과의원", 15300, parent, 10), pay(D, "연세내과의원", 85500, parent, 16)
    receipt = doc(D, "진료비 계산서·영수증", "연세내과의원", 100800, person=parent)
    vault.add_records([first, second, receipt, enc(D, "연세내과의원", person=parent)])
    [v] = find_visits(vault, today=TODAY)
    assert get_visit(vault, v.id, today=TODAY).payment_ids == v.payment_ids
    mark = pol.mark_claimed(vault, v, on=date(2026, 5, 1))
    assert {first.id, second.id, receipt.id} <= set(mark.records)


def test_a_receipt_filed_under_the_parent_joins_the_childs_visit_and_says_so() -> None:
    records = (
        enc(D, "튼튼소아청소년과의원", person=CHILD),
        doc(D, "진료비 계산서·영수증", "튼튼소아청소년과의원", 9800, person=PARENT),  # the default import: holder's
        pay(D, "튼튼소아청소년과의원", 9800, person=PARENT),
    )
    [v] = visits(*records)
    assert v.person_id == CHILD and v.document_ids == [records[1].id] and v.payment_ids == [records[2].id]
    assert v.filed_under == [PARENT]
    assert any("김민준" in note for note in visit_notes(v, "en", {PARENT: "김민준"}))
    # the patient's name printed on the receipt says whose it is: no doubt left
    named = doc(D, "진료비 계산서·영수증", "튼튼소아청소년과의원", 9800, person=PARENT)
    named.text = (named.text or "") + "\n환자성명 김 하늘  주민등록번호 190501-4******"
    [by_name] = visits(records[0], named, records[2], persons={"김하늘": CHILD, "김민준": PARENT})
    assert by_name.person_id == CHILD and by_name.document_ids == [named.id] and by_name.filed_under == []


def test_a_receipt_filed_under_the_parent_in_the_vault_goes_by_the_patient_name(vault: Vault) -> None:
    parent, child = _people(vault)
    receipt = doc(D, "진료비 계산서·영수증", "튼튼소아청소년과의원", 9800, person=parent)
    receipt.text = (receipt.text or "") + "\n환자성명: 김하늘"
    vault.add_records([receipt, pay(D, "튼튼소아청소년과의원", 9800, person=parent)])
    [v] = find_visits(vault, today=TODAY)
    assert v.person_id == child and v.payers == [parent] and v.document_ids == [receipt.id]


def test_two_people_at_one_clinic_the_amount_decides_else_the_assignment_is_uncertain() -> None:
    both = (enc(D, "튼튼소아청소년과의원", person=CHILD), enc(D, "튼튼소아청소년과의원", person=PARENT, rid="e2"))
    receipts = (
        doc(D, "진료비 계산서·영수증", "튼튼소아청소년과의원", 9800, person=CHILD),
        doc(D, "진료비 계산서·영수증", "튼튼소아청소년과의원", 15300, person=PARENT),
    )
    paid = pay(D, "튼튼소아청소년과의원", 9800, person=PARENT)
    out = {v.person_id: v for v in visits(*both, *receipts, paid)}
    assert out[CHILD].payment_ids == [paid.id] and out[PARENT].payment_ids == []  # the child's receipt amount
    assert not out[CHILD].payment_uncertain
    unsure = {v.person_id: v for v in visits(*both, paid)}  # no receipts: nothing tells whose it is
    assert [v.person_id for v in unsure.values() if v.payment_ids] == [PARENT]
    assert unsure[PARENT].payment_uncertain
    assert any("several people" in n for n in visit_notes(unsure[PARENT]))


def test_amounts_of_different_currencies_are_never_added() -> None:
    usd = pay(D, "Greenleaf Clinic", 120)
    usd.unit, usd.payload["currency"] = "USD", "USD"
    krw = pay(D, "Greenleaf Clinic", 15300)
    [v] = visits(enc(D, "Greenleaf Clinic"), usd, krw)
    assert v.totals == {"USD": Decimal(120), "KRW": Decimal(15300)}
    assert v.total_paid == v.totals[v.currency or ""] and len(v.left_out) == 1
    assert v.left_out[0][1] == v.totals[v.left_out[0][2] or ""]
    assert any("not in the total" in n for n in visit_notes(v))
    # a clinic in KRW and a pharmacy payment in USD: the pharmacy is left out of the KRW total
    pharmacy = pay(D, "Greenleaf Pharmacy", 12, hour=14)
    pharmacy.unit, pharmacy.payload["currency"] = "USD", "USD"
    [w] = visits(enc(D, "연세내과의원"), pay(D, "연세내과의원", 15300), pharmacy)
    assert (w.currency, w.total_paid, w.pharmacy_paid) == ("KRW", Decimal(15300), None)
    assert w.left_out == [("pharmacy", Decimal(12), "USD")]
    # an amount with no currency does not join the KRW one
    bare = pay(D, "연세내과의원", 5000, hour=15)
    bare.unit, bare.payload["currency"] = None, None
    [x] = visits(enc(D, "연세내과의원"), pay(D, "연세내과의원", 15300), bare)
    assert (x.currency, x.paid, x.totals) == ("KRW", Decimal(15300), {"KRW": Decimal(15300), "": Decimal(5000)})
    assert x.left_out == [("institution", Decimal(5000), None)]


def test_a_visit_known_only_from_a_payment_is_dated_by_the_payment_and_its_deadline_is_a_day_earlier() -> None:
    [v] = visits(pay(date(2026, 4, 18), "서울정형외과", 48000))
    assert v.dated_by_payment and v.deadline == date(2029, 4, 17)
    assert v.as_json()["deadline_is_approximate"] is True
    assert "payment" in visit_notes(v)[0] and "about 2029-04-17" in visit_notes(v)[0]
    [u] = visits(pay(date(2023, 12, 7), "서울정형외과", 48000))  # it may have been the 6th: past its deadline
    assert u.status == "expired"
    [with_encounter] = visits(pay(D, "연세내과의원", 1), enc(D, "연세내과의원"))
    assert not with_encounter.dated_by_payment and with_encounter.deadline == date(2029, 3, 4)


# --------------------------------------------------------------- policy and marks
def _clinic_and_pharmacy() -> Visit:
    [v] = visits(enc(D, "연세내과의원"), pay(D, "연세내과의원", 15300), pay(D, "온누리약국", 6200, hour=13))
    return v


def test_estimate_without_a_policy_is_before_deductibles() -> None:
    est = pol.estimate(_clinic_and_pharmacy(), None)
    assert est.claimable == Decimal(21500) and not est.after_deductibles and "no policy" in est.basis


def test_estimate_takes_off_each_deductible_never_below_zero() -> None:
    policy = pol.make_policy("예시손해보험", generation=4, deductibles={"clinic": "10000/20%", "pharmacy": "8,000"})
    est = pol.estimate(_clinic_and_pharmacy(), policy)
    # clinic: max(10000, 20% of 15300 = 3060) = 10000 -> 5300; pharmacy: 8000 > 6200 -> 0 (not -1800)
    assert (est.deductible, est.claimable, est.tier) == (Decimal(16200), Decimal(5300), "clinic")
    assert est.after_deductibles and "clinic the larger of 10000 and 20%" in est.basis
    big = pol.make_policy("예시손해보험", deductibles={"clinic": "30%"})
    [v] = visits(pay(D, "연세내과의원", 100000))
    assert pol.estimate(v, big).claimable == Decimal(70000)


def test_policy_values_are_checked() -> None:
    with pytest.raises(ClaimsError, match="visit type"):
        pol.make_policy("X", deductibles={"dentist": "1000"})
    with pytest.raises(ClaimsError, match="generation"):
        pol.make_policy("X", generation=5)
    with pytest.raises(ClaimsError, match="rate"):
        pol.make_policy("X", deductibles={"clinic": "120%"})


def test_tiers_by_name() -> None:
    assert pol.tier_of("연세내과의원") == "clinic"
    assert pol.tier_of("한빛병원") == "hospital"
    assert pol.tier_of("서울대학교병원") == "tertiary"
    assert pol.tier_of("온누리약국") == "pharmacy"


def _people(vault: Vault) -> tuple[str, str]:
    holder = vault.holder()
    holder.name = "김민준"
    vault.save_person(holder)
    child = Person(name="김하늘", birth_date=date(2019, 5, 1))
    vault.save_person(child)
    return holder.id, child.id


def test_policy_and_claimed_marks_are_kept_in_the_vault(vault: Vault) -> None:
    parent, child = _people(vault)
    p = pay(D, "연세내과의원", 15300, person=parent)
    e = enc(D, "튼튼소아청소년과의원", person=child)
    vault.add_records([p, e])
    policy = pol.make_policy("예시손해보험", "실손의료보험", 3, {"clinic": "10000"})
    pol.set_policy(vault, parent, policy)
    assert vault.cache_get(f"claims:policy:{parent}")["insurer"] == "예시손해보험"
    assert pol.get_policy(vault, parent) == policy and pol.get_policy(vault, child) is None
    with pytest.raises(NotFound):
        pol.set_policy(vault, "nobody", policy)
    mine = find_visits(vault, person_id=parent, today=TODAY)
    assert [v.institution for v in mine] == ["연세내과의원"]
    assert [v.institution for v in find_visits(vault, person_id=child, today=TODAY)] == ["튼튼소아청소년과의원"]
    visit = mine[0]
    pol.mark_claimed(vault, visit, on=date(2026, 5, 1))
    kept = {"on": "2026-05-01", "how": "by hand", "records": [p.id]}
    assert vault.cache_get(f"claims:claimed:{visit.id}") == kept
    again = get_visit(vault, visit.id[:6], today=TODAY)
    assert (again.status, again.claimed_on, again.claimed_how) == ("claimed", date(2026, 5, 1), "by hand")
    assert pol.unmark_claimed(vault, visit) and not pol.unmark_claimed(vault, visit)
    assert get_visit(vault, visit.id, today=TODAY).status == "claimable"
    with pytest.raises(NotFound):
        get_visit(vault, "vnothere", today=TODAY)
    with pytest.raises(ClaimsError, match="only a card or bank payment"):
        claim_request(visit, Recipient(name="예시손해보험"))


def test_a_claimed_mark_stays_with_the_visit_when_its_id_changes(vault: Vault) -> None:
    parent, _ = _people(vault)
    posted = pay(D + timedelta(days=1), "서울정형외과", 48000, person=parent)
    vault.add_records([posted])
    [before] = find_visits(vault, today=TODAY)
    pol.mark_claimed(vault, before)
    vault.add_records([enc(D, "서울정형외과의원", person=parent)])  # the encounter comes later: the day moves
    [after] = find_visits(vault, today=TODAY)
    assert after.id != before.id and after.date == D
    assert after.status == "claimed" and after.mark_id == before.id
    assert pol.unmark_claimed(vault, after)
    assert find_visits(vault, today=TODAY)[0].status == "claimable"


# --------------------------------------------------------------- as a new user
def _import_fixtures(vault: Vault) -> None:
    import_source(vault, Source(FIX / "fhir_visits.json"))  # the patient becomes the (empty) holder
    import_source(vault, Source(FIX / "kbstar_medical.csv"))
    for name in ("receipt_clinic.pdf", "receipt_pharmacy.pdf"):
        import_source(vault, Source(FIX / name), connector_id="document")


def test_new_user_statement_fhir_and_receipts_give_claimable_visits(vault: Vault) -> None:
    _import_fixtures(vault)
    holder = vault.holder()
    assert holder.name and "민준" in holder.name
    found = find_visits(vault, today=TODAY)
    rows = [
        (v.date.isoformat(), v.institution, v.pharmacy, str(v.paid), str(v.pharmacy_paid), v.deadline.isoformat())
        for v in found
    ]
    assert rows == [
        ("2026-04-17", "의료법인 서울 정형외과의원", None, "48000", "None", "2029-04-17"),
        ("2026-03-04", "연세내과의원", "온누리약국", "15300", "6200", "2029-03-04"),
    ]
    ortho, clinic = found
    assert all(v.person_id == holder.id and v.status == "claimable" for v in found)
    assert ortho.paid_from == "payment" and ortho.billed == Decimal(120000) and len(ortho.claim_ids) == 1
    assert ortho.present == [] and ortho.missing == ["receipt", "itemised_bill"]
    assert clinic.present == ["receipt", "pharmacy_receipt"] and clinic.missing == ["itemised_bill"]
    assert len(clinic.document_ids) == 2 and len(clinic.encounter_ids) == 1
    receipt = vault.get(clinic.documents["receipt"][0])
    assert receipt.payload["amount"] == "15300"  # what the document connector read from the PDF's text
    # the coffee and the salary are not visits
    assert sum(len(v.payment_ids) + len(v.pharmacy_payment_ids) for v in found) == 3


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def test_prepared_claim_is_a_verifiable_bundle_of_exactly_that_visit(vault: Vault, tmp_path: Path) -> None:
    _import_fixtures(vault)
    clinic = next(v for v in find_visits(vault, today=TODAY) if v.institution == "연세내과의원")
    recipient = Recipient(name="예시손해보험", organisation="보상팀")
    plan = prepare_claim(vault, clinic, recipient)
    assert plan.request.template == "insurance"
    assert "연세내과의원" in plan.request.purpose and "2026-03-04" in plan.request.purpose
    kinds = sorted(r.kind for r in plan.records)
    assert kinds == ["Condition", "Encounter", "MedicationRequest", "document", "document"]
    assert {r.id for r in plan.records} >= set(clinic.shareable_ids)
    result, mark = create_claim(vault, clinic, plan, tmp_path / "claim.zip")
    assert verify_file(result.path).ok
    files = _members(result.path)
    resources = [json.loads(x) for x in files["data/resources.ndjson"].decode().splitlines()]
    assert sorted(r["resourceType"] for r in resources) == ["Condition", "Encounter", "MedicationRequest", "Patient"]
    assert [r["period"]["start"][:10] for r in resources if r["resourceType"] == "Encounter"] == ["2026-03-04"]
    wallet_records = [json.loads(x) for x in files["data/records.ndjson"].decode().splitlines()]
    assert {r["kind"] for r in wallet_records} == {"document"} and len(wallet_records) == 2
    pdfs = sorted(files[n] for n in files if n.startswith("documents/"))
    assert pdfs == sorted((FIX / n).read_bytes() for n in ("receipt_clinic.pdf", "receipt_pharmacy.pdf"))
    assert not any("정형외과" in files[n].decode(errors="ignore") for n in files if n.startswith("data/"))
    # the visit is now claimed, by the bundle
    assert mark.how == f"prepared bundle {result.bundle_id}"
    assert get_visit(vault, clinic.id, today=TODAY).status == "claimed"


def test_an_expired_visit_is_not_prepared(vault: Vault) -> None:
    _import_fixtures(vault)
    clinic = next(v for v in find_visits(vault, today=date(2029, 3, 5)) if v.institution == "연세내과의원")
    assert clinic.status == "expired"
    with pytest.raises(ClaimsError, match="deadline"):
        prepare_claim(vault, clinic, Recipient(name="예시손해보험"))


def test_a_claimed_day_in_the_future_or_before_the_visit_is_refused(vault: Vault) -> None:
    parent, _ = _people(vault)
    vault.add_records([enc(D, "연세내과의원", person=parent), pay(D, "연세내과의원", 15300, person=parent)])
    [v] = find_visits(vault, today=TODAY)
    with pytest.raises(ClaimsError, match="in the future"):
        pol.mark_claimed(vault, v, on=max(TODAY, date.today()) + timedelta(days=1))
    with pytest.raises(ClaimsError, match="before the visit of 2026-03-04"):
        pol.mark_claimed(vault, v, on=D - timedelta(days=1))
    assert pol.claimed_marks(vault) == {}
    assert pol.mark_claimed(vault, v, on=D).on == D  # claimed the day of the visit: fine


def test_a_claimed_visit_is_prepared_again_only_when_asked(vault: Vault) -> None:
    _import_fixtures(vault)
    clinic = next(v for v in find_visits(vault, today=TODAY) if v.institution == "연세내과의원")
    pol.mark_claimed(vault, clinic, on=date(2026, 5, 1))
    claimed = get_visit(vault, clinic.id, today=TODAY)
    with pytest.raises(ClaimsError, match="already marked as claimed on 2026-05-01 \\(by hand\\)"):
        prepare_claim(vault, claimed, Recipient(name="예시손해보험"))
    assert prepare_claim(vault, claimed, Recipient(name="예시손해보험"), again=True).records


def test_estimate_basis_in_korean() -> None:
    policy = pol.make_policy("예시손해보험", deductibles={"clinic": "10000/20%"})
    est = pol.estimate(_clinic_and_pharmacy(), policy, "ko")
    assert est.basis == "자기부담금 뺀 금액: 의원 10000, 20% 중 큰 금액 (약국 자기부담금 입력 안 함)"
    assert pol.estimate(_clinic_and_pharmacy(), None, "ko").basis == "자기부담금 빼기 전 (보험 정보 없음)"
    assert pol.estimate(_clinic_and_pharmacy(), None).basis == "before deductibles (no policy entered)"


def test_the_bundle_leaves_out_another_visit_of_the_same_person_that_day(vault: Vault) -> None:
    _import_fixtures(vault)
    holder = vault.holder().id
    elsewhere = enc(D, "서울안과의원", person=holder, rid="other-visit")
    vault.add_records([elsewhere])
    found = find_visits(vault, today=TODAY)
    clinic = next(v for v in found if v.institution == "연세내과의원")
    assert any(v.institution == "서울안과의원" and v.date == D for v in found)
    plan = prepare_claim(vault, clinic, Recipient(name="예시손해보험"))
    ids = {r.id for r in plan.records}
    assert elsewhere.id not in ids
    assert [r.id for r in plan.records if r.kind == "Encounter"] == clinic.encounter_ids

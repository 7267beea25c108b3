"""Medical visits found across the wallet: payments, FHIR encounters, claims and receipts linked into one visit.

The parts of a visit, and where they come from:

* **payments**: card and bank transactions (money going out) whose money category
  (:func:`wallet.features.money.categories.category_of`, with the person's own rules) is ``medical``,
  ``dental`` or ``korean_medicine``; ``pharmacy`` payments are kept apart as the visit's pharmacy part.
  An installment purchase counts once, with its whole amount; a card cancellation (or refund) of the same
  amount from the same payee within :data:`REFUND_DAYS` takes its payment away;
* **FHIR** (domain health): ``Encounter`` (day from ``period``, institution from ``serviceProvider``
  or the first ``location``), ``Claim`` and ``ExplanationOfBenefit`` (day from ``billablePeriod`` or
  ``created``, institution from ``provider``, ``total`` kept as the billed amount, linked to an encounter
  they reference);
* **documents** (domain documents): 진료비 계산서·영수증 (receipt), 진료비 세부산정내역 (itemised bill),
  약제비 영수증 (pharmacy receipt) and 처방전 (prescription), told apart by their title and text; the
  institution is read from the labelled line of the form (``요양기관 명칭``, ``상호`` ...) or is the issuer
  the document connector guessed.  A receipt the document connector read into a structured
  ``medical_receipt`` record (finance, linked to the document) is read through that record: its visit day
  (진료기간; the last day of an 입원 stay too), institution, patient and the patient's share (환자부담 총액).

Linking rules (the golden tests in ``tests/test_claims.py`` pin each):

1. a visit belongs to the person of its encounter, claim or document: a child's encounter paid with a
   parent's card is the child's visit (a parent claims for a child); a payment alone makes a visit of the
   person whose statement it is on.  A receipt is the person its printed patient name (환자성명) names;
   a document filed under a person with no visit at that institution that day (a parent's import of a
   child's receipt) joins the one encounter of someone else there that day, and the visit says so
   (:attr:`Visit.filed_under`);
2. parts of one person on the same day at the same institution are one visit; institutions are the same
   when their names are, once :func:`institution_key` has dropped legal forms (의료법인, (주), 재단법인 ...),
   spaces and punctuation and the 병원/의원/클리닉 ending, or when one is the start of the other and what
   follows is a generic ending (병원, 센터 ...) or little (card statements cut names short: the shorter keeps
   :data:`PREFIX_RATIO` of the longer), or when ``difflib``'s ratio is at least :data:`NAME_RATIO`.  The standard
   library's ratio is enough for names of a few syllables; a fuzzy-matching dependency would add nothing;
3. a card or bank payment may be posted the day of the visit or the next day (:data:`POSTING_DAYS`):
   card statements often show the day the purchase was posted, not the day of the treatment.  Several
   payments at one institution on one day are one visit and are added up (per currency: amounts of
   another currency, or of none, are never added in but listed in :attr:`Visit.left_out`).  When several
   persons had a visit there that day, a payment goes to one with no payment yet, then to the one whose
   receipt has its amount, then to the payer's own; when the amount does not tell, the visit says the
   assignment is uncertain (:attr:`Visit.payment_uncertain`).  A visit known only from payments is dated
   by the payment, so its deadline counts from the day before (:attr:`Visit.deadline`, "about");
4. a pharmacy payment (or pharmacy receipt) the same day (or, for a payment, the next) joins the visit of the
   same person, or the visit the same card paid for, that day: 실손 claims the prescription with the visit;
   with no visit that day it is a pharmacy visit of its own;
5. the claim limitation period is three years (상법 제662조): the deadline is the same date three years
   later (민법 제157조, 제160조: the first day is not counted, and the period ends on the day before the
   corresponding date; 29 February ends on 28 February).

A FHIR ``Claim`` or ``ExplanationOfBenefit`` is the provider's claim to the national health insurer, not a
private 실손 claim, so it does not make a visit "claimed": only the person's own mark does
(:mod:`wallet.features.claims.policy`).
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, Literal

from wallet.errors import NotFound, WalletError
from wallet.model import Domain, Record
from wallet.terms.clock import local_day_of

if TYPE_CHECKING:
    from wallet.store.vault import Vault

MEDICAL_CATEGORIES = frozenset({"medical", "pharmacy", "dental", "korean_medicine"})
"""Money categories (wallet.features.money.categories) whose payments are medical spending."""
PHARMACY_CATEGORY = "pharmacy"
PAYMENT_KINDS = frozenset({"transaction", "installment"})
"""Finance record kinds that are payments (a cancellation or a balance is not)."""
POSTING_DAYS = 1
"""A card payment may be posted this many days after the visit."""
CLAIM_YEARS = 3
"""상법 제662조: the insured's claim expires after three years."""
REFUND_DAYS = 90
"""A refund (card cancellation) of the same amount from the same payee this many days later cancels a payment."""
NAME_RATIO = 0.85
"""difflib ratio at or above which two institution names (after :func:`institution_key`) are the same."""

Status = Literal["claimable", "claimed", "expired"]
DocRole = Literal["receipt", "itemised_bill", "pharmacy_receipt", "prescription"]

DOCUMENT_LABELS: dict[str, tuple[str, str]] = {
    "receipt": ("receipt (medical bill)", "진료비 계산서·영수증"),
    "itemised_bill": ("itemised bill", "진료비 세부산정내역"),
    "pharmacy_receipt": ("prescription or pharmacy receipt", "처방전·약제비 영수증"),
}
"""The documents an insurer asks for, in English and Korean (a prescription or a pharmacy receipt both
answer for the pharmacy part)."""

STATUS_LABELS: dict[str, tuple[str, str]] = {
    "claimable": ("claimable", "청구 가능"),
    "claimed": ("claimed", "청구함"),
    "expired": ("expired (over 3 years)", "소멸시효 지남 (3년)"),
}


class ClaimsError(WalletError):
    """A visit cannot be found, marked or claimed as asked."""


def status_label(status: str, lang: str = "en") -> str:
    """A visit's status in words, English or Korean."""
    en, ko = STATUS_LABELS.get(status, (status, status))
    return ko if lang == "ko" else en


def document_label(role: str, lang: str = "en") -> str:
    """A document role in words, English or Korean."""
    en, ko = DOCUMENT_LABELS.get(role, (role, role))
    return ko if lang == "ko" else en


# ------------------------------------------------------------------ names

_LEGAL_FORMS = re.compile(
    r"의료법인|재단법인|사단법인|학교법인|사회복지법인|의료재단|주식회사|유한회사|\(주\)|㈜|\(재\)|\(사\)|\(의\)|\(학\)"
)
_ENGLISH_FORMS = re.compile(r"\b(the|inc|llc|ltd|co|corp|corporation|gmbh|plc|pllc|pc)\b")
_SUFFIXES = ("병원", "의원", "클리닉", "약국", "hospital", "clinic", "medicalcenter", "pharmacy")
_PHARMACY_WORDS = ("약국", "pharmacy", "drugstore", "chemist")
_PREFIX_ENDINGS = frozenset(
    {"병원", "의원", "의료원", "과", "과의원", "센터", "의료센터", "클리닉", "약국", "hospital", "clinic", "center"}
)
"""What may follow a shorter name for the longer one to be the same place (a generic ending, not more name)."""
PREFIX_RATIO = 0.75
"""A name cut short on a card statement is the same place when it keeps this share of the longer name
(4 characters at least): ``서울대`` is not ``서울대입구치과``."""


def institution_key(name: str) -> str:
    """A name reduced for comparing: no legal form, spaces, punctuation or 병원/의원/약국 ending; 대학교 as 대."""
    text = _LEGAL_FORMS.sub("", name.casefold())
    text = _ENGLISH_FORMS.sub("", text)
    text = re.sub(r"[\W_]+", "", text).replace("대학교", "대")
    for suffix in _SUFFIXES:
        if text.endswith(suffix) and len(text) > len(suffix):
            text = text[: -len(suffix)]
            break
    return text


def is_pharmacy_name(name: str) -> bool:
    """Whether a name says it is a pharmacy (약국, pharmacy ...): pharmacies are never the visit's institution."""
    low = name.casefold()
    return any(w in low for w in _PHARMACY_WORDS)


def same_institution(a: str, b: str) -> bool:
    """Whether two institution names are the same place (see the module's rule 2)."""
    if is_pharmacy_name(a) != is_pharmacy_name(b):
        return False
    ka, kb = institution_key(a), institution_key(b)
    if not ka or not kb:
        return False
    if ka == kb:
        return True
    short, long_ = sorted((ka, kb), key=len)
    if len(short) >= 3 and long_.startswith(short):
        rest = long_[len(short) :]
        if rest in _PREFIX_ENDINGS or (len(short) >= 4 and len(short) / len(long_) >= PREFIX_RATIO):
            return True
    return difflib.SequenceMatcher(None, ka, kb).ratio() >= NAME_RATIO


# ------------------------------------------------------------------ parts


@dataclass(frozen=True)
class Part:
    """One record that is part of a visit, as the linking reads it."""

    record_id: str
    role: str
    """``payment``, ``pharmacy_payment``, ``encounter``, ``claim``, or a document role (:data:`DocRole`)."""
    person_id: str | None
    day: date
    institution: str | None
    amount: Decimal | None
    currency: str | None
    refs: frozenset[str] = frozenset()
    """Encounter references a claim makes, or the keys others use to refer to an encounter."""
    end: date | None = None
    """The last day of a stay (a receipt's 진료기간 of an 입원): payments until then (and the posting day) join it."""
    paid_amounts: frozenset[Decimal] = frozenset()
    """Amounts a payment of this receipt may show (납부할 금액, 납부한 금액, 카드, 환자부담 총액)."""


def _decimal(value: Any) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        amount = Decimal(str(value).replace(",", "").strip())
    except InvalidOperation:
        return None
    return amount if amount.is_finite() else None


def _display(value: Any) -> str | None:
    if isinstance(value, dict):
        text = value.get("display")
        return text.strip() if isinstance(text, str) and text.strip() else None
    return None


def _money(value: Any) -> tuple[Decimal | None, str | None]:
    if isinstance(value, dict):
        return _decimal(value.get("value")), value.get("currency") if isinstance(value.get("currency"), str) else None
    return None, None


def _encounter_keys(rec: Record) -> frozenset[str]:
    keys = {rec.id}
    if rec.provenance.original_id:
        keys.add(rec.provenance.original_id)
    rid = rec.payload.get("id")
    if isinstance(rid, str):
        keys.add(f"Encounter/{rid}")
    return frozenset(keys)


def _claim_refs(payload: dict[str, Any]) -> frozenset[str]:
    refs: set[str] = set()
    for item in payload.get("item") or []:
        for enc in (item or {}).get("encounter") or []:
            ref = (enc or {}).get("reference")
            if isinstance(ref, str):
                refs.add(ref)
                refs.add("/".join(ref.rstrip("/").split("/")[-2:]))
    return frozenset(refs)


def fhir_part(rec: Record) -> Part | None:
    """The part an Encounter, Claim or ExplanationOfBenefit record plays, or None for other records."""
    day = local_day_of(rec)
    if day is None or rec.payload.get("resourceType") != rec.kind:
        return None
    p = rec.payload
    if rec.kind == "Encounter":
        place = _display(p.get("serviceProvider"))
        if place is None:
            for loc in p.get("location") or []:
                place = _display((loc or {}).get("location"))
                if place:
                    break
        return Part(rec.id, "encounter", rec.person_id, day, place, None, None, _encounter_keys(rec))
    if rec.kind in ("Claim", "ExplanationOfBenefit"):
        amount, currency = _money(p.get("total"))
        if amount is None and isinstance(p.get("total"), list):  # EOB: [{category, amount}], the submitted one
            for tot in p["total"]:
                codes = {(c or {}).get("code") for c in ((tot or {}).get("category") or {}).get("coding") or []}
                if "submitted" in codes or amount is None:
                    amount, currency = _money((tot or {}).get("amount"))
        place = _display(p.get("provider")) or _display(p.get("facility"))
        return Part(rec.id, "claim", rec.person_id, day, place, amount, currency, _claim_refs(p))
    return None


_INSTITUTION_LINE = re.compile(
    r"(?:(?:요양\s*기관\s*(?:명칭|명)|기관\s*명|병원\s*명|의원\s*명|약국\s*명|상\s*호)(?:\s*[:：|]\s*|\s+)"
    r"|(?:provider|facility|pharmacy name)\s*[:：|]\s*)"
    r"(?P<name>[^\n|]{2,80})",
    re.IGNORECASE,
)
"""The labelled line of a receipt: ``요양기관 명칭: 연세내과의원``, ``요양기관 명칭 연세내과의원`` or a table
cell ``| 요양기관명칭 | 연세내과의원 |``; the Korean labels need no colon, the English ones do."""
_NEXT_LABEL = re.compile(
    r"\s*(?:대\s*표\s*자|사업자\s*(?:등록)?\s*번호|등록\s*번호|요양\s*기관\s*기호|전화|tel\b|fax\b|팩스|주\s*소|소재지|"
    r"원\s*장|환\s*자|성\s*명|진료\s*(?:기간|일|과)|발행\s*일|[:：]).*$",
    re.IGNORECASE,
)
"""Where the name ends when the line runs on: the next label (대표자, 사업자등록번호, 전화, 주소, 환자 ...)."""
_DOC_WORDS = re.compile(r"\s*(진료비|약제비)?\s*(계산서|영수증|세부산정내역|처방전|receipt|invoice|bill)[·ㆍ\s]*", re.I)
_MEDICAL_WORDS = ("진료", "약제", "처방", "환자", "병원", "의원", "약국", "치과", "한의원")
_MEDICAL_WORDS_EN = ("medical", "hospital", "clinic", "patient", "pharmacy", "dental", "physician")


def document_role(rec: Record) -> str | None:
    """What a document is for a claim (:data:`DocRole`), from its type, title and text; None if none of these."""
    if rec.domain != Domain.DOCUMENTS:
        return None
    doc_type = rec.payload.get("doc_type")
    head = " ".join(x for x in (rec.title, str(rec.payload.get("title") or ""), (rec.text or "")[:3000]) if x)
    low = head.casefold()
    compact = re.sub(r"\s+", "", low)
    if "세부산정" in compact or "세부내역" in compact or "itemised" in low or "itemized" in low:
        return "itemised_bill"
    if "약제비" in compact or "pharmacy receipt" in low:
        return "pharmacy_receipt"
    if "처방전" in compact or doc_type == "prescription":
        return "prescription"
    if "진료비" in compact or doc_type == "medical_bill":
        return "receipt"
    receiptish = doc_type == "receipt" or any(w in low for w in ("receipt", "invoice", "영수증", "계산서"))
    medical = any(w in compact for w in _MEDICAL_WORDS) or any(w in low for w in _MEDICAL_WORDS_EN)
    return "receipt" if receiptish and medical else None


def document_institution(rec: Record) -> str | None:
    """The institution a receipt or bill names: its labelled line (요양기관 명칭 ...), else the guessed issuer."""
    for m in _INSTITUTION_LINE.finditer(rec.text or ""):
        name = _NEXT_LABEL.sub("", m.group("name")).strip(" |:：-·")
        if len(name) >= 2:
            return name
    issuer = rec.payload.get("issuer")
    if isinstance(issuer, str) and issuer.strip():
        cleaned = _DOC_WORDS.sub(" ", issuer).strip(" ·-:|")
        return cleaned or None
    return None


_PATIENT_LINE = re.compile(
    r"(?:환\s*자\s*(?:성\s*명|이\s*름|명)|수\s*진\s*자\s*명?)(?:\s*[:：|]\s*|\s+)(?P<name>[^\n|]{2,40})"
)
_NOT_NAME = re.compile(r"\s*(?:주민|생년|등록\s*번호|진료|환자\s*번호|성별|나이|요양|병실|\(|[:：0-9]).*$")


def patient_name(rec: Record) -> str | None:
    """The patient's name a receipt or bill prints (``환자성명 김하늘``), or None."""
    m = _PATIENT_LINE.search(rec.text or "")
    if m is None:
        return None
    name = _NOT_NAME.sub("", _NEXT_LABEL.sub("", m.group("name"))).strip(" |:：-·")
    return name if len(name) >= 2 else None


def name_key(name: str) -> str:
    """A person's name for comparing: no spaces or punctuation, case-folded."""
    return re.sub(r"[\W_]+", "", name.casefold())


RECEIPT_KIND = "medical_receipt"
"""The structured record of a 진료비 or 약제비 계산서·영수증, read from a document (linked to it)."""


@dataclass(frozen=True)
class ReceiptFacts:
    """What the structured record of a receipt says about the visit (each None when it could not be read)."""

    role: str
    day: date | None
    end: date | None
    institution: str | None
    patient: str | None
    share: Decimal | None
    """The patient's share (환자부담 총액, else what was paid)."""
    paid_amounts: frozenset[Decimal]


def _day(value: Any) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def receipt_facts(rec: Record) -> ReceiptFacts | None:
    """The facts of a ``medical_receipt`` record (finance), or None for any other record."""
    if rec.domain != Domain.FINANCE or rec.kind != RECEIPT_KIND:
        return None
    p = rec.payload
    provider: dict[str, Any] = p["provider"] if isinstance(p.get("provider"), dict) else {}
    patient: dict[str, Any] = p["patient"] if isinstance(p.get("patient"), dict) else {}
    name = provider.get("name")
    who = patient.get("name")
    amounts = frozenset(a for x in p.get("payment_amounts") or [] if (a := _decimal(x)) is not None and a > 0)
    start, end = _day(p.get("visit_start")), _day(p.get("visit_end"))
    return ReceiptFacts(
        role="pharmacy_receipt" if p.get("form") == "pharmacy" else "receipt",
        day=start,
        end=end if start is not None and end is not None and end > start else None,
        institution=name.strip() if isinstance(name, str) and name.strip() else None,
        patient=who.strip() if isinstance(who, str) and who.strip() else None,
        share=_decimal(p.get("patient_share")),
        paid_amounts=amounts,
    )


def document_part(
    rec: Record, persons: dict[str, str] | None = None, receipt: ReceiptFacts | None = None
) -> Part | None:
    """The part a receipt, itemised bill, pharmacy receipt or prescription plays, or None.

    ``persons`` (:func:`name_key` of a name -> person id): a document whose patient name (환자성명) is one of
    them is that person's, whoever it was filed under (a parent importing a child's receipt).  ``receipt``: the
    facts of the structured record read from the document (:func:`receipt_facts`): its visit date, institution,
    patient and patient's share are used where it has them, the document's own guesses otherwise."""
    if receipt is not None:
        return _receipt_part(rec, receipt, persons)
    role = document_role(rec)
    if role is None:
        return None
    day: date | None = None
    when = rec.payload.get("date")
    if isinstance(when, str):
        try:
            day = date.fromisoformat(when[:10])
        except ValueError:
            day = None
    day = day or local_day_of(rec)
    if day is None:
        return None
    amount = _decimal(rec.payload.get("amount"))
    currency = rec.payload.get("currency") if isinstance(rec.payload.get("currency"), str) else None
    person = rec.person_id
    patient = patient_name(rec) if persons else None
    if patient is not None and persons:
        person = persons.get(name_key(patient), person)
    return Part(rec.id, role, person, day, document_institution(rec), amount, currency)


def _receipt_part(rec: Record, receipt: ReceiptFacts, persons: dict[str, str] | None) -> Part | None:
    day = receipt.day or _day(rec.payload.get("date")) or local_day_of(rec)
    if day is None:
        return None
    person = rec.person_id
    patient = receipt.patient or (patient_name(rec) if persons else None)
    if patient is not None and persons:
        person = persons.get(name_key(patient), person)
    amount = receipt.share
    currency: str | None = "KRW"
    if amount is None:
        amount = _decimal(rec.payload.get("amount"))
        currency = rec.payload.get("currency") if isinstance(rec.payload.get("currency"), str) else None
    institution = receipt.institution or document_institution(rec)
    return Part(
        rec.id,
        receipt.role,
        person,
        day,
        institution,
        amount,
        currency,
        end=receipt.end,
        paid_amounts=receipt.paid_amounts,
    )


def _receipts_by_document(records: list[Record]) -> dict[str, ReceiptFacts]:
    """The structured receipts by the id of the document each was read from (its link), and by that file's
    SHA-256 (``sha256:...``: a receipt read again from a file whose document was imported before)."""
    out: dict[str, ReceiptFacts] = {}
    for rec in records:
        facts = receipt_facts(rec)
        if facts is None:
            continue
        for target in rec.links:
            out.setdefault(target, facts)
        if rec.provenance.source_sha256:
            out.setdefault(f"sha256:{rec.provenance.source_sha256}", facts)
    return out


Categorise = Callable[[Record], "str | None"]


def money_category(rec: Record) -> str | None:
    """The money category key of a finance record under the built-in rules (wallet.features.money.categories)."""
    from wallet.features.money.categories import category_of

    return category_of(rec).key


def vault_categorise(vault: Vault) -> Categorise:
    """The money category key of a finance record under the vault's rules (the person's own corrections first)."""
    from wallet.features.money.categories import Rules, category_of

    rules = Rules.load(vault)

    def categorise(rec: Record) -> str | None:
        return category_of(rec, rules).key

    return categorise


def payment_part(rec: Record, categorise: Categorise = money_category) -> Part | None:
    """The part a medical or pharmacy payment plays, or None.

    Money going out is a ``payment`` (``pharmacy_payment``); an installment counts with its whole purchase
    amount.  Money coming back from a medical payee (a ``cancellation``, a refund) is a ``refund`` part:
    :func:`parts_of` takes it off the payment it cancels."""
    if rec.domain != Domain.FINANCE or rec.kind not in PAYMENT_KINDS | {"cancellation"}:
        return None
    amount = _decimal(rec.payload.get("amount"))
    if amount is None and rec.value is not None:
        amount = _decimal(rec.value)
    if amount is None or amount == 0:
        return None
    refund = amount > 0
    if rec.kind == "installment" and not refund:
        whole = _decimal(rec.payload.get("purchase_amount"))
        amount = -abs(whole) if whole else amount
    if rec.kind == "cancellation" and not refund:
        return None
    key = categorise(rec)
    if key not in MEDICAL_CATEGORIES:
        return None
    day = local_day_of(rec)
    if day is None:
        return None
    role = "refund" if refund else "pharmacy_payment" if key == PHARMACY_CATEGORY else "payment"
    payee = rec.payload.get("payee") if isinstance(rec.payload.get("payee"), str) else None
    currency = rec.unit or (rec.payload.get("currency") if isinstance(rec.payload.get("currency"), str) else None)
    return Part(rec.id, role, rec.person_id, day, payee or rec.title, abs(amount), currency)


# ------------------------------------------------------------------ visits


def deadline_for(day: date, years: int = CLAIM_YEARS) -> date:
    """The last day to claim for a visit on ``day``: the same date ``years`` later (29 Feb: 28 Feb)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return date(day.year + years, 2, 28)


@dataclass
class Visit:
    """One medical visit of one person: what was paid, the records and documents that show it, and the deadline."""

    id: str
    person_id: str | None
    date: dt.date
    institution: str | None
    currency: str | None = None
    """The currency of ``paid``, ``pharmacy_paid`` and ``total_paid`` (amounts in another one are in ``left_out``)."""
    paid: Decimal | None = None
    """Paid at the institution: the card or bank payments, else the receipts' amounts; None when unknown."""
    paid_from: str | None = None
    """``payment`` or ``receipt``: where ``paid`` comes from."""
    pharmacy: str | None = None
    """The pharmacy paid the same day, when there was one."""
    pharmacy_paid: Decimal | None = None
    billed: Decimal | None = None
    """The total of the visit's FHIR Claim or ExplanationOfBenefit, when there is one (what was billed)."""
    billed_currency: str | None = None
    encounter_ids: list[str] = field(default_factory=list)
    claim_ids: list[str] = field(default_factory=list)
    """FHIR Claim and ExplanationOfBenefit records."""
    payment_ids: list[str] = field(default_factory=list)
    pharmacy_payment_ids: list[str] = field(default_factory=list)
    document_ids: list[str] = field(default_factory=list)
    documents: dict[str, list[str]] = field(default_factory=dict)
    """Document role -> record ids."""
    payers: list[str] = field(default_factory=list)
    """The persons whose statements hold the payments (a parent paying for a child)."""
    totals: dict[str, Decimal] = field(default_factory=dict)
    """Everything paid (institution and pharmacy) per currency code (``""``: an amount with no currency)."""
    left_out: list[tuple[str, Decimal, str | None]] = field(default_factory=list)
    """Amounts not in ``total_paid`` because their currency is not the visit's: (``institution`` or
    ``pharmacy``, amount, currency or None)."""
    filed_under: list[str] = field(default_factory=list)
    """Other persons whose documents were linked to this visit (filed under a parent, say): worth a look."""
    payment_uncertain: bool = False
    """Several persons had a visit at the institution that day and the amounts did not tell whose the payment is."""
    claimed_on: dt.date | None = None
    claimed_how: str | None = None
    mark_id: str | None = None
    """The visit id the claimed mark is kept under (this visit's, or the one it had when it was marked)."""
    today: dt.date = field(default_factory=dt.date.today)

    @property
    def dated_by_payment(self) -> bool:
        """Known only from card or bank payments: the date is the day the payment was posted, maybe a day late."""
        return not (self.encounter_ids or self.claim_ids or self.document_ids)

    @property
    def deadline(self) -> dt.date:
        """The last day to claim (three years, 상법 제662조); for a visit known only from a payment, counted from
        the earliest day the visit can have been (:data:`POSTING_DAYS` before the payment)."""
        if self.dated_by_payment:
            return deadline_for(self.date - dt.timedelta(days=POSTING_DAYS))
        return deadline_for(self.date)

    @property
    def status(self) -> Status:
        """``claimed`` when marked, else ``expired`` after the deadline, else ``claimable``."""
        if self.claimed_on is not None:
            return "claimed"
        if self.today > self.deadline:
            return "expired"
        return "claimable"

    @property
    def total_paid(self) -> Decimal | None:
        """What was paid at the institution and the pharmacy together (in :attr:`currency`), when either is known."""
        if self.paid is None and self.pharmacy_paid is None:
            return None
        return (self.paid or Decimal(0)) + (self.pharmacy_paid or Decimal(0))

    @property
    def pharmacy_only(self) -> bool:
        """A visit to a pharmacy alone (no clinic, encounter or medical receipt that day)."""
        return self.institution is None and self.pharmacy is not None

    @property
    def required(self) -> list[str]:
        """The documents an insurer asks for: receipt and itemised bill; the pharmacy's when there was one."""
        need = [] if self.pharmacy_only else ["receipt", "itemised_bill"]
        if self.pharmacy is not None or self.pharmacy_payment_ids or self.pharmacy_paid is not None:
            need.append("pharmacy_receipt")
        return need

    def _has(self, role: str) -> bool:
        if role == "pharmacy_receipt":
            return bool(self.documents.get("pharmacy_receipt") or self.documents.get("prescription"))
        return bool(self.documents.get(role))

    @property
    def present(self) -> list[str]:
        """The required documents the wallet holds."""
        return [r for r in self.required if self._has(r)]

    @property
    def missing(self) -> list[str]:
        """The required documents the wallet does not hold."""
        return [r for r in self.required if not self._has(r)]

    @property
    def place(self) -> str:
        """The institution, else the pharmacy, as shown."""
        return self.place_in("en")

    def place_in(self, lang: str = "en") -> str:
        """The institution, else the pharmacy; "institution unknown" in ``lang`` when neither is known."""
        return self.institution or self.pharmacy or _text("unknown_place", lang)

    @property
    def record_ids(self) -> list[str]:
        """Every record of the visit: encounters, FHIR claims, payments and documents."""
        return [*self.encounter_ids, *self.claim_ids, *self.payment_ids, *self.pharmacy_payment_ids, *self.document_ids]

    @property
    def shareable_ids(self) -> list[str]:
        """The visit's own health and document records (what a claim bundle is built from)."""
        return [*self.encounter_ids, *self.claim_ids, *self.document_ids]

    def as_json(self) -> dict[str, Any]:
        """The visit as JSON-friendly data (the CLI's ``--json``)."""
        return {
            "id": self.id,
            "person_id": self.person_id,
            "date": self.date.isoformat(),
            "date_is_payment_date": self.dated_by_payment,
            "institution": self.institution,
            "pharmacy": self.pharmacy,
            "currency": self.currency,
            "paid": _s(self.paid),
            "paid_from": self.paid_from,
            "pharmacy_paid": _s(self.pharmacy_paid),
            "total_paid": _s(self.total_paid),
            "totals": {cur: str(amount) for cur, amount in self.totals.items()},
            "left_out": [{"part": what, "amount": str(a), "currency": cur} for what, a, cur in self.left_out],
            "billed": _s(self.billed),
            "billed_currency": self.billed_currency,
            "encounter_ids": self.encounter_ids,
            "claim_ids": self.claim_ids,
            "payment_ids": self.payment_ids,
            "pharmacy_payment_ids": self.pharmacy_payment_ids,
            "document_ids": self.document_ids,
            "documents_present": self.present,
            "documents_missing": self.missing,
            "payers": self.payers,
            "filed_under": self.filed_under,
            "payment_uncertain": self.payment_uncertain,
            "deadline": self.deadline.isoformat(),
            "deadline_is_approximate": self.dated_by_payment,
            "status": self.status,
            "claimed_on": self.claimed_on.isoformat() if self.claimed_on else None,
            "claimed_how": self.claimed_how,
        }


def _s(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


TEXTS: dict[str, tuple[str, str]] = {
    "unknown_place": ("(institution unknown)", "(기관 모름)"),
    "payment_date": (
        "the date is the card or bank payment's (it may be posted a day after the visit): "
        "the deadline is about {deadline}",
        "날짜는 카드·계좌 결제일입니다 (진료 다음 날 처리될 수 있음): 청구 기한은 약 {deadline}",
    ),
    "filed_under": (
        "a document of this visit is filed under {names}: check whose visit it is",
        "이 진료의 서류가 {names}의 것으로 등록되어 있습니다: 누구의 진료인지 확인하세요",
    ),
    "payment_uncertain": (
        "several people visited this institution that day and the amounts do not tell whose the payment is",
        "이날 이 기관에서 여러 사람이 진료를 받았고 금액으로는 누구의 결제인지 알 수 없습니다",
    ),
    "left_out": (
        "not in the total (another currency or none): {amounts}",
        "합계에서 빠진 금액 (다른 통화 또는 통화 없음): {amounts}",
    ),
    "at_pharmacy": ("at the pharmacy", "약국"),
    "by_hand": ("by hand", "직접 표시"),
    "bundle": ("prepared bundle {id}", "청구 번들 {id} 만듦"),
    "no_currency": ("no currency", "통화 없음"),
}
"""Notes on a visit, in English and Korean (``{...}`` filled in by :func:`visit_notes`)."""


def _text(key: str, lang: str) -> str:
    en, ko = TEXTS[key]
    return ko if lang == "ko" else en


def how_label(how: str | None, lang: str = "en") -> str:
    """How a visit was claimed (``by hand``, ``prepared bundle <id>``) in ``lang``."""
    if not how or how == "by hand":
        return _text("by_hand", lang)
    if how.startswith("prepared bundle "):
        return _text("bundle", lang).format(id=how.removeprefix("prepared bundle "))
    return how


def visit_notes(visit: Visit, lang: str = "en", names: dict[str, str] | None = None) -> list[str]:
    """What to know about a visit before claiming it, in ``lang``: a payment date, a document filed under another
    person, a payment that may be someone else's, amounts left out of the total."""
    from wallet.terms.money import format_money

    names = names or {}
    notes: list[str] = []
    if visit.dated_by_payment:
        notes.append(_text("payment_date", lang).format(deadline=visit.deadline.isoformat()))
    if visit.filed_under:
        notes.append(_text("filed_under", lang).format(names=", ".join(names.get(p, p) for p in visit.filed_under)))
    if visit.payment_uncertain:
        notes.append(_text("payment_uncertain", lang))
    if visit.left_out:
        amounts = []
        for what, amount, cur in visit.left_out:
            text = format_money(amount, cur, lang, style="code") if cur else f"{amount} ({_text('no_currency', lang)})"
            amounts.append(f"{text} {_text('at_pharmacy', lang)}" if what == "pharmacy" else text)
        notes.append(_text("left_out", lang).format(amounts=", ".join(amounts)))
    return notes


def visit_id(person_id: str | None, day: date, place: str) -> str:
    """The stable id of a visit: from its person, day and institution (more documents keep the same id)."""
    basis = f"{person_id or ''}|{day.isoformat()}|{institution_key(place) or place.casefold()}"
    return "v" + hashlib.sha256(basis.encode()).hexdigest()[:11]


@dataclass
class _Draft:
    person_id: str | None
    day: date
    institution: str | None = None
    pharmacy: str | None = None
    parts: list[Part] = field(default_factory=list)
    filed_under: set[str] = field(default_factory=set)
    uncertain: bool = False

    def add(self, part: Part) -> None:
        self.parts.append(part)
        if part.role not in ("payment", "pharmacy_payment") and part.person_id and part.person_id != self.person_id:
            self.filed_under.add(part.person_id)
        if part.role == "pharmacy_payment" or part.role == "pharmacy_receipt":
            self.pharmacy = self.pharmacy or part.institution
        elif self.institution is None and part.institution:
            self.institution = part.institution

    def merge(self, other: _Draft) -> None:
        for part in other.parts:
            self.add(part)
        self.filed_under |= other.filed_under
        self.uncertain = self.uncertain or other.uncertain

    @property
    def stay(self) -> int:
        """Days from the visit's first day to the last day of its stay (0 for a day visit)."""
        ends = [p.end for p in self.parts if p.end is not None]
        return max(((e - self.day).days for e in ends), default=0)

    @property
    def anchored(self) -> bool:
        """Whether more than payments show the visit (an encounter, claim or document gives its day)."""
        return any(p.role not in ("payment", "pharmacy_payment") for p in self.parts)

    @property
    def id(self) -> str:
        return visit_id(self.person_id, self.day, self.institution or self.pharmacy or "")

    def roles(self, *roles: str) -> list[Part]:
        return [p for p in self.parts if p.role in roles]

    def matches(self, name: str | None) -> bool:
        if name is None or self.institution is None:
            return False
        return same_institution(self.institution, name)


def _match_anchor(drafts: list[_Draft], part: Part) -> _Draft | None:
    same = [d for d in drafts if d.person_id == part.person_id and d.day == part.day and d.institution is not None]
    if part.refs and part.role == "claim":
        for d in drafts:
            if d.person_id == part.person_id and any(e.refs & part.refs for e in d.roles("encounter")):
                return d
    if part.institution is not None:
        own = next((d for d in same if d.matches(part.institution)), None)
        if own is not None or part.role in ("encounter", "claim"):
            return own
        # A document filed under another person (a parent's import of a child's receipt): the one encounter of
        # someone else at that institution that day, flagged (Visit.filed_under).
        others = [
            d
            for d in drafts
            if d.day == part.day
            and d.person_id != part.person_id
            and d.roles("encounter")
            and d.matches(part.institution)
        ]
        return others[0] if len(others) == 1 else None
    if part.role != "encounter" and len(same) == 1:  # a receipt that names no institution: the one visit that day
        return same[0]
    return None


def _totals(parts: Iterable[Part]) -> dict[str | None, Decimal]:
    """The parts' amounts added up per currency (None: amounts with no currency), never across currencies."""
    out: dict[str | None, Decimal] = {}
    for p in parts:
        if p.amount is not None:
            out[p.currency] = out.get(p.currency, Decimal(0)) + p.amount
    return out


def _sum(parts: Iterable[Part]) -> tuple[Decimal | None, str | None]:
    """The total of the parts' first currency (see :func:`_totals` for all of them)."""
    totals = _totals(parts)
    currency = _main_currency(totals)
    return totals.get(currency), currency


def _main_currency(*totals: dict[str | None, Decimal]) -> str | None:
    for t in totals:
        for cur in t:
            if cur is not None:
                return cur
    return None


def _exact(d: _Draft, part: Part) -> bool | None:
    """Whether a receipt of the visit has the payment's amount; None when the visit has no receipt amount."""
    receipts = [p.amount for p in d.roles("receipt") if p.amount is not None]
    receipts += [a for p in d.roles("receipt") for a in p.paid_amounts]
    if not receipts or part.amount is None:
        return None
    return part.amount in receipts


def link(parts: Iterable[Part], today: date | None = None) -> list[Visit]:
    """Link parts into visits (the module's rules), newest first.  Pure: no vault, no categories.

    Visit ids are unique: parts of one person, day and institution always end in one visit (several payments
    there that day are added up)."""
    today = today or date.today()
    everything = sorted(parts, key=lambda p: (p.day, p.record_id))
    order = {"encounter": 0, "claim": 1, "receipt": 2, "itemised_bill": 2, "prescription": 2}
    anchors = sorted((p for p in everything if p.role in order), key=lambda p: (order[p.role], p.day, p.record_id))
    drafts: list[_Draft] = []
    for part in anchors:
        found = _match_anchor(drafts, part)
        if found is None:
            found = _Draft(part.person_id, part.day)
            drafts.append(found)
        found.add(part)
    # Payments: the visit that day (or the day before: posting) at that institution: one with no payment yet first,
    # then one whose receipt has the amount, then the payer's own.
    for part in (p for p in everything if p.role == "payment"):
        _place_payment(drafts, part)
    # The pharmacy: joins the visit the same card paid for that day, else the person's own visit that day.
    for part in (p for p in everything if p.role in ("pharmacy_payment", "pharmacy_receipt")):
        target = _pharmacy_target(drafts, part)
        if target is None:
            target = _Draft(part.person_id, part.day)
            drafts.append(target)
        target.add(part)
    merged: dict[str, _Draft] = {}
    for d in drafts:  # one person, day and place: one visit, whatever way its parts came in
        if d.id in merged:
            merged[d.id].merge(d)
        else:
            merged[d.id] = d
    return sorted((_visit(d, today) for d in merged.values()), key=lambda v: (v.date, v.id), reverse=True)


def _place_payment(drafts: list[_Draft], part: Part) -> None:
    candidates = [
        d
        for d in drafts
        if d.institution is not None
        and 0 <= (part.day - d.day).days <= (POSTING_DAYS + d.stay if d.anchored else 0)
        and d.matches(part.institution)
    ]
    if not candidates:
        draft = _Draft(part.person_id, part.day)
        draft.add(part)
        drafts.append(draft)
        return

    def rank(d: _Draft) -> tuple[int, bool, int]:
        exact = _exact(d, part)
        return (part.day - d.day).days, bool(d.roles("payment")), 0 if exact else 1

    candidates.sort(key=lambda d: (*rank(d), d.person_id != part.person_id))
    best = candidates[0]
    rivals = [d for d in candidates[1:] if d.person_id != best.person_id and rank(d) == rank(best)]
    if rivals:  # the amount does not tell whose visit the payment is: the payer's own, else the first record
        for d in (best, *rivals):
            d.uncertain = True
    best.add(part)


def _pharmacy_target(drafts: list[_Draft], part: Part) -> _Draft | None:
    lag = POSTING_DAYS if part.role == "pharmacy_payment" else 0
    near = [d for d in drafts if 0 <= (part.day - d.day).days <= lag]
    if part.role == "pharmacy_receipt":
        own = [d for d in near if d.person_id == part.person_id]
        same_pharmacy = [
            d for d in own if d.pharmacy and part.institution and same_institution(d.pharmacy, part.institution)
        ]
        if same_pharmacy:
            return same_pharmacy[0]
        with_pharmacy = [d for d in own if d.roles("pharmacy_payment") and not d.roles("pharmacy_receipt")]
        if len(with_pharmacy) == 1:
            return with_pharmacy[0]
        clinics = [d for d in own if d.institution is not None]
        if len(clinics) == 1:
            return clinics[0]
        if not own:  # filed under another person: the one visit that day with an encounter (flagged)
            others = [d for d in near if d.roles("encounter")]
            return others[0] if len(others) == 1 else None
        return None
    again = [  # a second payment at the same pharmacy the same day, with the same card: the same visit
        d
        for d in near
        if any(
            p.day == part.day
            and p.person_id == part.person_id
            and p.institution
            and part.institution
            and same_institution(p.institution, part.institution)
            for p in d.roles("pharmacy_payment")
        )
    ]
    if again:
        return again[0]
    free = [d for d in near if not d.roles("pharmacy_payment")]
    paid_by_card = [d for d in free if any(p.person_id == part.person_id for p in d.roles("payment"))]
    own = [d for d in free if d.person_id == part.person_id and d.institution is not None]
    for group in (paid_by_card, own):
        if group:
            return sorted(group, key=lambda d: (part.day - d.day).days)[0]
    return None


def _visit(d: _Draft, today: date) -> Visit:
    payments = d.roles("payment")
    paid_totals = _totals(payments)
    paid_from = "payment" if paid_totals else None
    if not paid_totals:
        paid_totals = _totals(d.roles("receipt"))
        paid_from = "receipt" if paid_totals else None
    pharmacy_totals = _totals(d.roles("pharmacy_payment")) or _totals(d.roles("pharmacy_receipt"))
    billed_totals = _totals(d.roles("claim"))
    currency = _main_currency(paid_totals, pharmacy_totals, billed_totals)
    billed_currency = _main_currency(billed_totals)
    totals: dict[str, Decimal] = {}
    left_out: list[tuple[str, Decimal, str | None]] = []
    for what, group in (("institution", paid_totals), ("pharmacy", pharmacy_totals)):
        for cur, amount in group.items():
            totals[cur or ""] = totals.get(cur or "", Decimal(0)) + amount
            if cur != currency:
                left_out.append((what, amount, cur))
    documents: dict[str, list[str]] = {}
    for p in d.parts:
        if p.role in DOC_ROLES:
            documents.setdefault(p.role, []).append(p.record_id)
    return Visit(
        id=d.id,
        person_id=d.person_id,
        date=d.day,
        institution=d.institution,
        currency=currency,
        paid=paid_totals.get(currency),
        paid_from=paid_from if currency in paid_totals else None,
        pharmacy=d.pharmacy or (None if not d.roles("pharmacy_payment", "pharmacy_receipt") else "(pharmacy)"),
        pharmacy_paid=pharmacy_totals.get(currency),
        billed=billed_totals.get(billed_currency),
        billed_currency=billed_currency,
        encounter_ids=[p.record_id for p in d.roles("encounter")],
        claim_ids=[p.record_id for p in d.roles("claim")],
        payment_ids=[p.record_id for p in payments],
        pharmacy_payment_ids=[p.record_id for p in d.roles("pharmacy_payment")],
        document_ids=[p.record_id for p in d.parts if p.role in DOC_ROLES],
        documents=documents,
        payers=sorted({p.person_id for p in d.roles("payment", "pharmacy_payment") if p.person_id}),
        totals=totals,
        left_out=left_out,
        filed_under=sorted(d.filed_under - {d.person_id} if d.person_id else d.filed_under),
        payment_uncertain=d.uncertain and bool(d.roles("payment")),
        today=today,
    )


DOC_ROLES = frozenset({"receipt", "itemised_bill", "pharmacy_receipt", "prescription"})


def parts_of(
    records: Iterable[Record], categorise: Categorise = money_category, persons: dict[str, str] | None = None
) -> list[Part]:
    """The visit parts among records of any domain (payments, encounters, claims, receipts).

    ``persons`` maps names (:func:`name_key`) to person ids: a receipt is its printed patient's.

    The rounds of one installment purchase are one payment; a payment that a refund of the same amount
    from the same payee cancels (within :data:`REFUND_DAYS`) is no payment."""
    out: list[Part] = []
    refunds: list[Part] = []
    installments: set[tuple[str | None, date, str | None, Decimal | None]] = set()
    records = list(records)
    receipts = _receipts_by_document(records)
    for rec in records:
        part: Part | None = None
        if rec.domain == Domain.FINANCE and rec.kind == RECEIPT_KIND:
            continue  # read with its document
        if rec.domain == Domain.FINANCE:
            part = payment_part(rec, categorise)
            if part is not None and rec.kind == "installment":
                seen = (part.person_id, part.day, part.institution, part.amount)
                if seen in installments:
                    continue
                installments.add(seen)
        elif rec.domain == Domain.HEALTH:
            part = fhir_part(rec)
        elif rec.domain == Domain.DOCUMENTS:
            found = receipts.get(rec.id) or receipts.get(f"sha256:{rec.provenance.source_sha256}")
            part = document_part(rec, persons, found)
        if part is None:
            continue
        (refunds if part.role == "refund" else out).append(part)
    for refund in sorted(refunds, key=lambda p: (p.day, p.record_id)):
        cancelled = next(
            (
                p
                for p in sorted(out, key=lambda p: (p.day, p.record_id))
                if p.role in ("payment", "pharmacy_payment")
                and p.person_id == refund.person_id
                and p.amount == refund.amount
                and 0 <= (refund.day - p.day).days <= REFUND_DAYS
                and p.institution is not None
                and refund.institution is not None
                and same_institution(p.institution, refund.institution)
            ),
            None,
        )
        if cancelled is not None:
            out.remove(cancelled)
    return out


def vault_parts(vault: Vault, categorise: Categorise = money_category) -> list[Part]:
    """Every visit part in the vault, of every person (a parent's card may pay for a child's visit)."""
    records: list[Record] = []
    for kind in sorted(PAYMENT_KINDS | {"cancellation"}):
        records += vault.records(domain=Domain.FINANCE.value, kind=kind, newest_first=False)
    records += vault.records(kinds=["Encounter", "Claim", "ExplanationOfBenefit"], newest_first=False)
    records += vault.records(domain=Domain.DOCUMENTS.value, newest_first=False)
    records += vault.records(domain=Domain.FINANCE.value, kind=RECEIPT_KIND, newest_first=False)
    persons = {name_key(p.name): p.id for p in vault.persons() if p.name and name_key(p.name)}
    return parts_of(records, categorise, persons)


def find_visits(
    vault: Vault,
    person_id: str | None = None,
    today: date | None = None,
    categorise: Categorise | None = None,
) -> list[Visit]:
    """Every visit in the vault (of one person when ``person_id`` is given), newest first, with claimed marks."""
    from wallet.features.claims.policy import claimed_marks

    visits = link(vault_parts(vault, categorise or vault_categorise(vault)), today)
    if person_id is not None:
        visits = [v for v in visits if v.person_id == person_id]
    marks = claimed_marks(vault)
    by_record = {rid: key for key, mark in marks.items() for rid in mark.records}
    for v in visits:
        key = v.id if v.id in marks else next((by_record[r] for r in v.record_ids if r in by_record), None)
        if key is not None:
            v.claimed_on, v.claimed_how, v.mark_id = marks[key].on, marks[key].how, key
    return visits


def claimable(visits: Iterable[Visit]) -> list[Visit]:
    """The visits still to claim: within the period and with no claim recorded."""
    return [v for v in visits if v.status == "claimable"]


def get_visit(vault: Vault, wanted: str, today: date | None = None, categorise: Categorise | None = None) -> Visit:
    """The visit with this id (or an unambiguous start of it, 4 characters at least); ClaimsError otherwise."""
    visits = find_visits(vault, today=today, categorise=categorise)
    exact = [v for v in visits if v.id == wanted]
    if exact:
        return exact[0]
    found = [v for v in visits if len(wanted) >= 4 and v.id.startswith(wanted)]
    if len(found) == 1:
        return found[0]
    if found:
        raise ClaimsError(f"{wanted!r} is the start of several visits: {', '.join(v.id for v in found)}")
    raise NotFound(f"no visit {wanted!r} (the visit ids are in the list of visits)")

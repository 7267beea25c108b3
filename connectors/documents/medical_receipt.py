"""Korean medical bill receipts read from a document's text into a structured record.

Two standard forms are recognised, by their title and at least one of their amount labels:

* 진료비 계산서·영수증 (국민건강보험 요양급여의 기준에 관한 규칙 별지 제6호서식; the 간이 외래 and 한방 forms
  read the same way): a header block of 환자등록번호, 환자 성명, 진료기간 ([ ]외래 [ ]입원), a table of items
  whose 합계 row holds ① 본인부담금, ② 공단부담금 (급여 일부 본인부담), ③ 전액 본인부담 and the 비급여 columns
  (④ 선택진료료, ⑤ 선택진료료 이외, or one 비급여 column), ⑥ 상한액 초과금, and beside it ⑦ 진료비 총액,
  ⑧ 환자부담 총액, ⑨ 이미 납부한 금액, ⑩ 납부할 금액, ⑪ 납부한 금액 (카드, 현금영수증, 현금, 합계); below,
  사업자등록번호, 상호 and the date;
* 약제비 계산서·영수증 (a pharmacy's): 환자성명, 조제일자, ① 본인부담금, ② 보험자부담금, ③ 비급여(전액본인),
  약제비총액, 수납금액 (①+③), 카드, 현금영수증, 현금, 합계, 사업자등록번호, 상호.

The text is a text-layer PDF's or OCR's, so it is read leniently: labels may have spaces inside them
(``본 인 부 담 금``) and a few syllables OCR confuses (총/충, 담/당 ...); amounts may have commas or points
between thousands, a space after the comma, ``원`` after them and O/o/I/l for 0/1; formulas printed beside a
label (``(①+②+③)``, ``1+2+3``) are skipped.  Each field keeps its value and where it was read (the label,
the line number and that line).  A value is *uncertain* when a character had to be guessed, when it came
from an unlabelled place, or when the form's own arithmetic (⑦ = ①+②+③+④+⑤, ⑧ = ①-⑥+③+④+⑤, ⑩ = ⑧-⑨,
⑪ = 카드 + 현금영수증 + 현금) does not hold; arithmetic that holds confirms the values in it.  Fields the
form should have and the text did not give are listed as unread; the record says both in one warning.

Pure text in, :class:`MedicalReceipt` out; :func:`receipt_record` makes the record (``Domain.FINANCE``,
kind ``medical_receipt``) linked to the document it was read from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

from wallet.model import Domain, Provenance, Record

KIND = "medical_receipt"
KST = timezone(timedelta(hours=9), "KST")
FORMS: dict[str, str] = {"medical": "진료비 계산서·영수증", "pharmacy": "약제비 계산서·영수증"}

LABELS: dict[str, str] = {
    "provider_name": "상호 (요양기관명)",
    "provider_business_number": "사업자등록번호",
    "patient_name": "환자성명",
    "patient_number": "환자등록번호",
    "visit_type": "외래/입원",
    "visit_start": "진료기간",
    "visit_end": "진료기간",
    "covered_patient": "본인부담금",
    "covered_insurer": "공단부담금",
    "full_patient": "전액본인부담",
    "uncovered": "비급여",
    "total": "진료비 총액",
    "cap_excess": "상한액 초과금",
    "patient_total": "환자부담 총액",
    "already_paid": "이미 납부한 금액",
    "to_pay": "납부할 금액",
    "paid": "납부한 금액",
    "card": "카드",
    "cash_receipt": "현금영수증",
    "cash": "현금",
    "unpaid": "납부하지 않은 금액",
}
"""Each field's label on the form (what messages call it)."""
PHARMACY_LABELS = {**LABELS, "visit_start": "조제일자", "visit_end": "조제일자", "covered_insurer": "보험자부담금",
                   "total": "약제비총액", "patient_total": "수납금액"}  # fmt: skip

EXPECTED: dict[str, tuple[str, ...]] = {
    "medical": ("provider_name", "patient_name", "visit_start", "covered_patient", "covered_insurer", "total",
                "patient_total", "paid"),
    "pharmacy": ("provider_name", "patient_name", "visit_start", "covered_patient", "covered_insurer", "total",
                 "patient_total"),
}  # fmt: skip
"""The fields every receipt of the form has: those the text did not give are reported as unread."""

AMOUNT_FIELDS = (
    "covered_patient", "covered_insurer", "full_patient", "uncovered", "total", "cap_excess", "patient_total",
    "already_paid", "to_pay", "paid", "card", "cash_receipt", "cash", "unpaid",
)  # fmt: skip

# ----------------------------------------------------------------- text helpers

_CONFUSED: dict[str, str] = {
    "총": "총충", "담": "담당", "액": "액엑", "납": "납남", "급": "급금", "금": "금급", "여": "여어",
}  # fmt: skip
"""Syllables OCR confuses in the form's labels: a label matches with either."""
_CIRCLED = "\u2460-\u2473\u2474-\u2487\u24f5-\u24fe"
_FORMULA = re.compile(
    rf"\((?:[^()\n]*[+\-][^()\n]*)\)|(?<![\d,.])[1-9{_CIRCLED}](?:\s*[+\-]\s*[1-9{_CIRCLED}])+(?![\d,.])|\(\s*\d\s*\)"
    rf"|(?:\s*[+\-]\s*[{_CIRCLED}])+|(?:\s*\+\s*[1-9](?![\d,.]))+"
)
"""``(①+②+③)``, ``(⑧-⑨)``, ``1+2+3`` and ``(1)``: formulas and numbers printed beside a label, never amounts."""
_FILLER = re.compile(rf"[\s:：|·ㆍ.\-_=\[\]{_CIRCLED}*~@®©]*")
_AFTER_LABEL = re.compile(
    rf"{_FILLER.pattern}(?:(?:합\s*계|금\s*액|액)(?![가-힣]){_FILLER.pattern}|\([^()\n]{{0,12}}\){_FILLER.pattern})*"
)
"""What may stand between a label and its amount: filler, a note in brackets, the words 합계 or 금액
(``환자부담 총액 합계: 15,300``, ``비급여(전액본인) ③ 0``)."""
_NUMBER = re.compile(
    r"(?<![A-Za-z0-9,.])(?:[0-9OoIl]+(?:[ ]?[,.][ ]?[0-9OoIl]+)*)(?![A-Za-z0-9$#@%&*?/]|[,.]\S|-[0-9*])"
)
_JUNK = re.compile(r"[0-9OoIl$#@%&*?/,.]+")
_DIGIT_FIX = str.maketrans({"O": "0", "o": "0", "I": "1", "l": "1"})
_DATE = re.compile(
    r"(?<![0-9])([12][0-9OoIl]{3})\s*[.\-/년]\s*([0-9OoIl]{1,2})\s*[.\-/월]\s*([0-9OoIl]{1,2})(?![0-9])\s*일?"
)
_BUSINESS_NUMBER = re.compile(r"(?<![0-9])([0-9]{3})\s*-\s*([0-9]{2})\s*-\s*([0-9]{5})(?![0-9])")
_CHECKED = "√✓✔☑■▣●◼◉vVxX"
_NAME_STOP = {"부터", "까지", "야간", "공휴일", "외래", "입원", "퇴원", "중간", "진료", "환자", "성명"}


def _label(word: str) -> str:
    """A label as a regex: any spaces between its syllables, confused syllables allowed."""
    parts = []
    for ch in word:
        alts = _CONFUSED.get(ch)
        parts.append(f"[{alts}]" if alts else re.escape(ch))
    return r"\s*".join(parts)


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


@dataclass
class Amount:
    """An amount as read: its value, and why it is doubtful (None: read cleanly)."""

    value: Decimal | None
    doubt: str | None = None


def parse_amount(token: str) -> Amount:
    """An amount token (``15,300``, ``15.300``, ``1 5,3OO``) as won; doubt when a character had to be guessed."""
    fixed = token.translate(_DIGIT_FIX)
    doubt = f"read {token!r} as {fixed!r}" if fixed != token else None
    groups = re.split(r"\s?[,.]\s?", fixed.strip())
    if len(groups) > 1 and (not 1 <= len(groups[0]) <= 3 or any(len(g) != 3 for g in groups[1:])):
        return Amount(None, f"{token!r} is not an amount in won")
    digits = "".join(groups)
    if not digits.isdigit():
        return Amount(None, f"{token!r} is not an amount in won")
    return Amount(Decimal(digits), doubt)


def _clean(line: str) -> str:
    """A line with formulas removed and a space after a thousands comma closed up."""
    line = _FORMULA.sub(" ", line)
    return re.sub(r"(?<=[0-9OoIl])([,.])\s+(?=[0-9OoIl]{3}(?![0-9]))", r"\1", line)


def _run(text: str) -> list[str]:
    """The amounts at the start of a cleaned text, one after the other with only filler between (a 합계 row)."""
    tokens: list[str] = []
    at = 0
    while True:
        filler = _FILLER.match(text, at)
        at = filler.end() if filler else at
        m = _NUMBER.match(text, at)
        if m is None or not any(c.isdigit() for c in m.group(0)):
            return tokens
        tokens.append(m.group(0).strip())
        at = m.end()


def parse_date(text: str) -> tuple[date, str | None] | None:
    """The first date in ``text`` (``2026.05.04``, ``2026-5-4``, ``2026년 5월 4일``), with a doubt if guessed."""
    for m in _DATE.finditer(text):
        raw = m.group(1) + "-" + m.group(2) + "-" + m.group(3)
        fixed = raw.translate(_DIGIT_FIX)
        try:
            day = date(int(fixed[:4]), int(fixed.split("-")[1]), int(fixed.split("-")[2]))
        except ValueError:
            continue
        return day, (f"read {m.group(0).strip()!r} as {day.isoformat()}" if fixed != raw else None)
    return None


def _dates(text: str) -> list[tuple[date, str | None]]:
    return [got for m in _DATE.finditer(text) if (got := parse_date(m.group(0))) is not None]


_RANGE = re.compile(r"[.\s]*(?:부터\s*[~\-–〜]?|[~\-–〜])\s*")


def _period_dates(text: str) -> list[tuple[date, str | None]]:
    """The first date of ``text``, and the second when the two make a range (``2026.05.01 ~ 2026.05.04``)."""
    found = list(_DATE.finditer(text))
    if not found:
        return []
    first = parse_date(found[0].group(0))
    if first is None:
        return []
    if len(found) > 1 and _RANGE.fullmatch(text[found[0].end() : found[1].start()]):
        second = parse_date(found[1].group(0))
        if second is not None:
            return [first, second]
    return [first]


# ----------------------------------------------------------------- the result


@dataclass
class Field:
    """One value read from the receipt and where: the label, the line (1-based) and that line's text."""

    value: str
    label: str
    line: int
    source: str
    uncertain: str | None = None
    """Why the value is doubtful, or None."""
    guessed_chars: bool = False
    """The doubt is only a guessed character (the form's arithmetic can confirm the value)."""

    def as_json(self) -> dict[str, Any]:
        """The field for the record's payload."""
        out: dict[str, Any] = {"value": self.value, "label": self.label, "line": self.line, "source": self.source}
        if self.uncertain:
            out["uncertain"] = self.uncertain
        return out


@dataclass
class MedicalReceipt:
    """What a receipt's text gave: its form, the fields read, the expected fields not read."""

    form: str
    fields: dict[str, Field] = field(default_factory=dict)
    unreadable: dict[str, str] = field(default_factory=dict)
    """Fields whose label was found but whose value could not be read: why."""

    @property
    def labels(self) -> dict[str, str]:
        """The form's label of each field."""
        return PHARMACY_LABELS if self.form == "pharmacy" else LABELS

    def value(self, name: str) -> str | None:
        """A field's value, or None when it was not read."""
        f = self.fields.get(name)
        return f.value if f is not None else None

    def amount(self, name: str) -> Decimal | None:
        """An amount field's value in won, or None."""
        v = self.value(name)
        return Decimal(v) if v is not None else None

    @property
    def unread(self) -> list[str]:
        """The expected fields the text did not give (and those whose value could not be read)."""
        missing = [n for n in EXPECTED[self.form] if n not in self.fields]
        if self.form == "medical" and "paid" in missing and ("to_pay" in self.fields or "card" in self.fields):
            missing.remove("paid")
        return missing + [n for n in self.unreadable if n not in missing and n not in self.fields]

    @property
    def uncertain(self) -> list[str]:
        """The fields read whose values are doubtful."""
        return [n for n, f in self.fields.items() if f.uncertain]

    @property
    def patient_share(self) -> Decimal | None:
        """What the patient bears for the visit: 환자부담 총액, else 납부한 금액, else 납부할 금액 (+ 이미 납부한)."""
        for name in ("patient_total", "paid"):
            if (v := self.amount(name)) is not None:
                return v
        to_pay = self.amount("to_pay")
        if to_pay is not None:
            return to_pay + (self.amount("already_paid") or Decimal(0))
        return None

    @property
    def payment_amounts(self) -> list[Decimal]:
        """Amounts a card or bank payment of the visit may show (⑩, ⑪, 카드, ⑧), each once."""
        out: list[Decimal] = []
        for name in ("card", "paid", "to_pay", "patient_total"):
            v = self.amount(name)
            if v is not None and v > 0 and v not in out:
                out.append(v)
        return out

    def has_content(self) -> bool:
        """Whether anything useful was read (an amount, the date or the provider)."""
        return any(n in self.fields for n in (*AMOUNT_FIELDS, "visit_start", "provider_name"))

    def warning(self, name: str) -> str | None:
        """The one warning of the record: the fields not read and the doubtful ones, or None when all is read."""
        labels = self.labels
        parts = []
        if self.unread:
            said = []
            for n in self.unread:
                why = self.unreadable.get(n)
                said.append(f"{labels[n]} ({why})" if why else labels[n])
            parts.append("could not read " + ", ".join(dict.fromkeys(said)))
        if self.uncertain:
            said = [f"{labels[n]} ({self.fields[n].uncertain})" for n in self.uncertain]
            parts.append("check " + "; ".join(said))
        if not parts:
            return None
        return f"{name}: {FORMS[self.form]}: " + "; ".join(parts)


# ----------------------------------------------------------------- recognising

_TITLE = {
    "pharmacy": re.compile(r"약제비(?:계산서|영수증|계산서[·ㆍ.,]?영수증)"),
    "medical": re.compile(r"진료비(?:계산서|영수증|계산서[·ㆍ.,]?영수증)"),
}
_ANY_AMOUNT_LABEL = re.compile(
    "|".join(
        _label(w) for w in ("본인부담", "공단부담", "보험자부담", "환자부담", "납부", "수납", "비급여", "합계", "총액")
    )
)


def recognise(text: str) -> str | None:
    """``medical`` or ``pharmacy`` when ``text`` is one of the two receipts (title and an amount label), else None."""
    head = _compact(text[:20000]).replace("충", "총")
    if "세부산정" in head and not re.search(r"계산서[·ㆍ.,]?영수증", head):
        return None  # the itemised bill (진료비 세부산정내역) is another form
    if not _ANY_AMOUNT_LABEL.search(text[:20000]):
        return None
    for form in ("pharmacy", "medical"):
        if _TITLE[form].search(head):
            return form
    return None


# ----------------------------------------------------------------- reading

_AMOUNT_LABELS: list[tuple[str, tuple[str, ...]]] = [
    ("already_paid", ("이미납부한금액",)),
    ("unpaid", ("납부하지않은금액",)),
    ("to_pay", ("납부할금액", "납부하실금액")),
    ("paid", ("납부한금액",)),
    ("patient_total", ("환자부담총액", "본인부담총액", "수납금액")),
    ("total", ("진료비총액", "약제비총액", "총진료비")),
    ("cap_excess", ("상한액초과금",)),
    ("covered_insurer", ("공단부담금", "보험자부담금", "공단부담액")),
    ("full_patient", ("전액본인부담금", "전액본인부담")),
    ("covered_patient", ("일부본인부담금", "본인부담금", "본인부담액")),
    ("uncovered", ("비급여",)),
    ("cash_receipt", ("현금영수증",)),
    ("card", ("카드",)),
    ("cash", ("현금",)),
]
"""Labels in the order they are looked for: a longer label is found (and its place taken) before a shorter one."""
_AMOUNT_RES = [(name, re.compile("|".join(_label(w) for w in words))) for name, words in _AMOUNT_LABELS]
_SUM_ROW = re.compile(rf"^[\s|]*{_label('합계')}(?:\s*금\s*액)?")
_SUM_WORD = re.compile(rf"{_label('합계')}(?:\s*금\s*액)?")
_PERIOD_WORDS = ("진료기간", "조제일자", "진료일자", "진료일", "조제일", "내원일")
_PERIOD_LABEL = re.compile("|".join(_label(w) for w in _PERIOD_WORDS))
_PATIENT_LABEL = re.compile(rf"{_label('환자')}\s*(?:{_label('성명')}|{_label('이름')})|{_label('수진자')}")
_NUMBER_LABEL = re.compile(rf"{_label('환자등록번호')}|{_label('환자번호')}|(?<!사업자){_label('등록번호')}")
_PROVIDER_LABEL = re.compile(
    rf"{_label('요양기관')}\s*(?:{_label('명칭')}|명)|{_label('기관명')}|{_label('병원명')}|{_label('약국명')}|"
    rf"(?<![가-힣]){_label('상호')}"
)
_BUSINESS_LABEL = re.compile(_label("사업자등록번호"))
_NEXT_LABEL = re.compile(
    r"\s*(?:대\s*표\s*자|사업자|전\s*화|tel\b|fax\b|팩\s*스|주\s*소|사업장|소재지|성\s*명|환\s*자|진료\s*기간|발행|"
    r"요양\s*기관\s*(?:종류|기호)|[|:：]).*$",
    re.IGNORECASE,
)


class _Reader:
    def __init__(self, text: str, form: str) -> None:
        self.form = form
        self.raw = text.splitlines()
        self.lines = [_clean(line) for line in self.raw]
        self.result = MedicalReceipt(form)

    def put(self, name: str, value: str, label: str, index: int, doubt: str | None = None, chars: bool = False) -> None:
        if name in self.result.fields:
            return
        source = " ".join(self.raw[index].split())[:160]
        self.result.fields[name] = Field(value, label, index + 1, source, doubt, chars and doubt is not None)
        self.result.unreadable.pop(name, None)

    def run(self) -> MedicalReceipt:
        self._amounts()
        self._sum_rows()
        self._period()
        self._patient()
        self._provider()
        self._visit_type()
        self._check()
        return self.result

    # -- amounts
    def _after(self, index: int, line: str, end: int) -> tuple[str, int] | None:
        """The amount right after a label ending at ``end`` (only filler between), or alone on the next line."""
        rest = line[end:]
        filler = _AFTER_LABEL.match(rest)
        start = filler.end() if filler else 0
        m = _NUMBER.match(rest, start)
        if m is not None and any(c.isdigit() for c in m.group(0)):
            token = m.group(0).strip()
            after = re.match(r"\s+", rest[m.end() :])
            following = _NUMBER.match(rest, m.end() + after.end()) if after else None
            if token.isdigit() and int(token) <= 11 and following is not None:
                return following.group(0).strip(), index  # "본인부담금 1 8,900": ① read as 1 by OCR
            return token, index
        junk = _JUNK.match(rest, start)
        if junk is not None and any(c.isdigit() for c in junk.group(0)):
            return junk.group(0), index  # a smudged amount: parse_amount says it cannot be read
        if rest.strip(" \t:：|원()") == "" and index + 1 < len(self.lines):
            nxt = self.lines[index + 1].strip(" |")
            only = re.fullmatch(r"([0-9OoIl][0-9OoIl,. ]*?)\s*원?", nxt)
            if only is not None and any(c.isdigit() for c in only.group(1)):
                return only.group(1).strip(), index + 1
        return None

    def _amounts(self) -> None:
        for i, line in enumerate(self.lines):
            taken: list[tuple[int, int]] = []
            for name, rx in _AMOUNT_RES:
                for m in rx.finditer(line):
                    if any(a < m.end() and m.start() < b for a, b in taken):
                        continue
                    taken.append((m.start(), m.end()))
                    found = self._after(i, line, m.end())
                    if found is None:
                        continue
                    token, where = found
                    amount = parse_amount(token)
                    label = self.result.labels[name]
                    if amount.value is None:
                        self.result.unreadable.setdefault(name, amount.doubt or "unreadable")
                        continue
                    self.put(name, str(amount.value), label, where, amount.doubt, chars=True)

    def _sum_rows(self) -> None:
        """The 합계 rows: the table's totals (three or more amounts) and the payment block's total (one amount)."""
        for i, line in enumerate(self.lines):
            at_start = _SUM_ROW.match(line)
            m = at_start or _SUM_WORD.search(line)
            if m is None:
                continue
            rest = line[m.end() :]
            tokens = _run(rest)
            near = " ".join([*self.lines[max(0, i - 4) : i], line[: m.start()]])
            in_block = bool(re.search(_label("카드") + "|" + _label("현금"), near))
            if len(tokens) >= 3 and at_start:
                self._table_totals(i, tokens)
            elif len(tokens) == 1 and "paid" not in self.result.fields and (at_start or in_block):
                amount = parse_amount(tokens[0])
                if amount.value is None:
                    self.result.unreadable.setdefault("paid", amount.doubt or "unreadable")
                    continue
                doubt = amount.doubt
                if not in_block and self.form == "medical" and doubt is None:
                    doubt = "a 합계 outside the 납부한 금액 block"
                    self.put("paid", str(amount.value), "합계", i, doubt, chars=True)
                else:
                    self.put("paid", str(amount.value), f"{self.result.labels['paid']} 합계", i, doubt, chars=True)

    def _table_totals(self, index: int, tokens: list[str]) -> None:
        values = [parse_amount(t) for t in tokens]
        if self.form == "pharmacy":
            names = ["covered_patient", "covered_insurer", "uncovered"]
        elif len(values) >= 5:
            names = ["covered_patient", "covered_insurer", "full_patient", "uncovered", "uncovered"]
        elif len(values) == 4:
            names = ["covered_patient", "covered_insurer", "full_patient", "uncovered"]
        else:
            names = ["covered_patient", "covered_insurer", "full_patient"]
        three = len(values) == 3 and self.form == "medical"
        sums: dict[str, Amount] = {}
        for name, amount in zip(names, values, strict=False):
            if name in sums and sums[name].value is not None and amount.value is not None:
                doubt = "; ".join(d for d in (sums[name].doubt, amount.doubt) if d) or None
                sums[name] = Amount(sums[name].value + amount.value, doubt)  # type: ignore[operator]
            elif name not in sums or amount.value is None:
                sums[name] = amount
        for name, amount in sums.items():
            label = f"합계 ({self.result.labels[name]})"
            if amount.value is None:
                self.result.unreadable.setdefault(name, amount.doubt or "unreadable")
                continue
            doubt = amount.doubt
            if three and doubt is None:
                doubt = "three amounts in the 합계 row, read as ①②③"
            # the table's 합계 row is the form's own total: it wins over a column header's neighbour
            self.result.fields.pop(name, None)
            self.put(name, str(amount.value), label, index, doubt, chars=not three)

    # -- dates, names, numbers
    def _header_row(self, index: int) -> str | None:
        """The values line under a header row of labels (환자등록번호 환자 성명 진료기간 ...), if this is one."""
        line = self.lines[index]
        labels = sum(1 for rx in (_PERIOD_LABEL, _PATIENT_LABEL, _NUMBER_LABEL) if rx.search(line))
        if labels < 2:
            return None
        for nxt in self.lines[index + 1 : index + 3]:
            if nxt.strip():
                return nxt
        return None

    def _period(self) -> None:
        label = self.result.labels["visit_start"]
        for i, line in enumerate(self.lines):
            m = _PERIOD_LABEL.search(line)
            if m is None:
                continue
            where, found = i, _period_dates(line[m.end() :])
            if not found:
                below = self._header_row(i)
                if below is None and i + 1 < len(self.lines):
                    below = self.lines[i + 1]
                if below is not None:
                    where, found = self.lines.index(below, i + 1), _period_dates(below)
            if found:
                self._set_period(found, label, where)
                return
        everything = _dates("\n".join(self.lines))
        if everything:  # no label: the first date of the text, which may be the day it was printed
            day, doubt = everything[0]
            idx = next(i for i, ln in enumerate(self.lines) if _DATE.search(ln))
            why = "no 진료기간 label: the first date in the text" + (f"; {doubt}" if doubt else "")
            self.put("visit_start", day.isoformat(), "(date)", idx, why)

    def _set_period(self, found: list[tuple[date, str | None]], label: str, index: int) -> None:
        start, doubt = found[0]
        self.put("visit_start", start.isoformat(), label, index, doubt)
        if len(found) > 1:
            end, end_doubt = found[1]
            if end < start:
                end_doubt = f"ends ({end.isoformat()}) before it starts"
            self.put("visit_end", end.isoformat(), label, index, end_doubt)

    def _patient(self) -> None:
        for i, line in enumerate(self.lines):
            if "patient_name" not in self.result.fields and (m := _PATIENT_LABEL.search(line)):
                name = _hangul_name(_NEXT_LABEL.sub("", _FILLER.sub("", line[m.end() :], count=1)))
                if name:
                    self.put("patient_name", name, self.result.labels["patient_name"], i)
                elif (below := self._header_row(i)) is not None:
                    words = [w for w in re.split(r"[\s|]+", below) if w]
                    number = next((w for w in words if _is_patient_number(w)), None)
                    rest = _DATE.sub(" ", below.replace(number, " ", 1) if number else below)
                    found = next((n for m in _NAME.finditer(rest) if (n := _hangul_name(m.group(0)))), None)
                    if found:
                        self.put("patient_name", found, self.result.labels["patient_name"], self.lines.index(below, i))
                    if number and _NUMBER_LABEL.search(line):
                        self.put("patient_number", number, "환자등록번호", self.lines.index(below, i))
            if "patient_number" not in self.result.fields and (m := _NUMBER_LABEL.search(line)):
                rest = _FILLER.sub("", line[m.end() :], count=1)
                word = rest.split()[0] if rest.split() else ""
                if _is_patient_number(word):
                    self.put("patient_number", word, "환자등록번호", i)

    def _provider(self) -> None:
        for i, line in enumerate(self.lines):
            if "provider_business_number" not in self.result.fields and (m := _BUSINESS_LABEL.search(line)):
                b = _BUSINESS_NUMBER.search(line, m.end())
                if b is not None:
                    self.put("provider_business_number", "-".join(b.groups()), "사업자등록번호", i)
            if "provider_name" not in self.result.fields and (m := _PROVIDER_LABEL.search(line)):
                rest = _FILLER.sub("", line[m.end() :], count=1)
                name = _NEXT_LABEL.sub("", rest).strip(" |:：-·")
                name = re.split(r"\s{2,}", name)[0].strip()
                if len(name) >= 2 and re.search(r"[가-힣A-Za-z]", name):
                    self.put("provider_name", name, self.result.labels["provider_name"], i)
        if "provider_business_number" not in self.result.fields:
            for i, line in enumerate(self.lines):
                if (b := _BUSINESS_NUMBER.search(line)) is not None:
                    self.put("provider_business_number", "-".join(b.groups()), "(number)", i, "no 사업자등록번호 label")
                    break
        if "provider_name" not in self.result.fields:  # the first line that names a clinic, hospital or pharmacy
            ending = r"(?:의원|병원|약국|의료원|클리닉|치과|한의원|센터)"
            for i, line in enumerate(self.lines[:15]):
                m = re.search(rf"([가-힣A-Za-z()]{{1,30}}{ending})(?![가-힣])", line)
                if m is not None and not _TITLE["medical"].search(_compact(line)):
                    why = "no 상호 label: the first name ending in 의원, 병원, 약국 ..."
                    self.put("provider_name", m.group(1), "(name)", i, why)
                    break

    def _visit_type(self) -> None:
        if self.form == "pharmacy":
            return
        for i, line in enumerate(self.lines[:15]):
            marks: dict[str, str | None] = {}
            for word, kind in (("외래", "outpatient"), ("입원", "inpatient")):
                m = re.search(rf"(?:[\[(]\s*(?P<in>[^\])\s]?)\s*[\])]|(?P<box>[□☐{_CHECKED}]))?\s*{_label(word)}", line)
                if m is None:
                    continue
                box = m.group("in") if m.group("in") is not None else m.group("box")
                marks[kind] = box if m.group(0).strip() != word else None
            if not marks:
                continue
            checked = [k for k, box in marks.items() if box and box in _CHECKED]
            boxes = [k for k, box in marks.items() if box is not None or "[" in line or "□" in line]
            if len(checked) == 1:
                self.put("visit_type", checked[0], "외래/입원", i)
            elif len(marks) == 1 and not boxes:
                self.put("visit_type", next(iter(marks)), "외래/입원", i)
            return

    # -- the form's arithmetic
    def _check(self) -> None:
        a = self.result.amount
        zero = Decimal(0)

        def rule(target: str, parts: list[tuple[str, int]], optional: tuple[str, ...] = ()) -> None:
            names = [target, *(n for n, _ in parts)]
            if any(a(n) is None for n in names if n not in optional):
                return
            got = sum(((a(n) or zero) * sign for n, sign in parts), zero)
            fields = [self.result.fields[n] for n in names if n in self.result.fields]
            if got == a(target):
                for f in fields:  # the arithmetic confirms a guessed character
                    if f.guessed_chars:
                        f.uncertain, f.guessed_chars = None, False
                return
            labels = self.result.labels
            why = f"{labels[target]} {a(target)} is not {' '.join(_signed(labels[n], s) for n, s in parts)} = {got}"
            for f in fields:
                f.uncertain = f"{f.uncertain}; {why}" if f.uncertain and why not in f.uncertain else why
                f.guessed_chars = False

        optional = ("full_patient", "uncovered", "cap_excess", "already_paid", "cash_receipt", "cash", "card")
        if self.form == "medical":
            rule("total", [("covered_patient", 1), ("covered_insurer", 1), ("full_patient", 1), ("uncovered", 1)],
                 optional)  # fmt: skip
            rule("patient_total", [("covered_patient", 1), ("cap_excess", -1), ("full_patient", 1), ("uncovered", 1)],
                 optional)  # fmt: skip
            rule("to_pay", [("patient_total", 1), ("already_paid", -1)], optional)
        else:
            rule("total", [("covered_patient", 1), ("covered_insurer", 1), ("uncovered", 1)], ("uncovered",))
            rule("patient_total", [("covered_patient", 1), ("uncovered", 1)], ("uncovered",))
        if any(n in self.result.fields for n in ("card", "cash_receipt", "cash")):
            rule("paid", [("card", 1), ("cash_receipt", 1), ("cash", 1)], optional)
        if "patient_total" not in self.result.fields:  # a short receipt's 합계: what the patient paid
            rule("paid", [("covered_patient", 1), ("cap_excess", -1), ("full_patient", 1), ("uncovered", 1)], optional)


def _signed(label: str, sign: int) -> str:
    return f"- {label}" if sign < 0 else f"+ {label}"


_NAME = re.compile(r"(?<![가-힣])([가-힣])\s?([가-힣]{1,4})(?![가-힣])")


def _hangul_name(text: str) -> str | None:
    """A person's name at the start of ``text`` (2-5 Hangul syllables; ``김 하늘`` as OCR spaces it), or None."""
    m = _NAME.match(text.lstrip())
    if m is None:
        return None
    name = m.group(1) + m.group(2)
    return None if name in _NAME_STOP or m.group(2) in _NAME_STOP else name


def _is_patient_number(word: str) -> bool:
    word = word.strip(" |:：")
    return (
        bool(re.fullmatch(r"[0-9A-Za-z\-]{4,20}", word))
        and sum(c.isdigit() for c in word) >= 4
        and not (_DATE.search(word) or _BUSINESS_NUMBER.fullmatch(word))
    )


MAX_CHARS = 40_000
"""A receipt is a page or two: only the start of a longer text is read as one."""


def read_receipt(text: str) -> MedicalReceipt | None:
    """The receipt in ``text`` (a document's extracted or OCR text), or None when it is not one of the forms."""
    form = recognise(text)
    if form is None:
        return None
    return _Reader(text[:MAX_CHARS], form).run()


# ----------------------------------------------------------------- a PDF's rows

LINE_TOLERANCE = 2.0
"""Text fragments whose baselines differ by less than this (points) are one row of the form."""
LAYOUT_PAGES = 4


def pdf_rows_text(data: bytes) -> str | None:
    """A text-layer PDF's text row by row as printed (fragments grouped by their y, left to right, two spaces
    between cells), for reading a form whose cells pypdf's plain text puts on lines of their own; None when
    the PDF cannot be read so (the plain text is used then).  Never raises."""
    import io
    import logging
    import warnings

    pypdf_log = logging.getLogger("pypdf")
    old_level = pypdf_log.level
    pypdf_log.setLevel(logging.CRITICAL)
    try:
        from pypdf import PdfReader

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted:
                return None
            pages: list[str] = []
            for page in list(reader.pages)[:LAYOUT_PAGES]:
                found: list[tuple[float, float, str]] = []

                def visit(
                    text: str, cm: Any, tm: Any, font: Any, size: Any, found: list[tuple[float, float, str]] = found
                ) -> None:
                    text = " ".join(text.split())
                    if text:
                        x = cm[0] * tm[4] + cm[2] * tm[5] + cm[4]
                        y = cm[1] * tm[4] + cm[3] * tm[5] + cm[5]
                        found.append((float(x), float(y), text))

                page.extract_text(visitor_text=visit)
                rows: list[list[tuple[float, float, str]]] = []
                for frag in sorted(found, key=lambda f: (-f[1], f[0])):
                    if rows and abs(rows[-1][0][1] - frag[1]) < LINE_TOLERANCE:
                        rows[-1].append(frag)
                    else:
                        rows.append([frag])
                pages.append("\n".join("  ".join(t for _, _, t in sorted(row)) for row in rows))
    except Exception:  # a PDF pypdf cannot lay out is read from its plain text instead
        return None
    finally:
        pypdf_log.setLevel(old_level)
    text = "\n".join(p for p in pages if p.strip())
    return text or None


# ----------------------------------------------------------------- the record


def receipt_record(receipt: MedicalReceipt, document: Record, source_name: str) -> Record:
    """The structured record of ``receipt``, read from ``document`` (linked to it, with its provenance)."""
    provider = receipt.value("provider_name")
    form_name = FORMS[receipt.form]
    start = end = None
    if (day := receipt.value("visit_start")) is not None:
        start = _midnight(day)
    if (last := receipt.value("visit_end")) is not None and last != day:
        end = _midnight(last)
    share = receipt.patient_share
    amounts = {n: receipt.value(n) for n in AMOUNT_FIELDS if receipt.value(n) is not None}
    payload: dict[str, Any] = {
        "form": receipt.form,
        "form_name": form_name,
        "provider": {"name": provider, "business_number": receipt.value("provider_business_number")},
        "patient": {"name": receipt.value("patient_name"), "number": receipt.value("patient_number")},
        "visit_type": receipt.value("visit_type") or ("pharmacy" if receipt.form == "pharmacy" else None),
        "visit_start": receipt.value("visit_start"),
        "visit_end": receipt.value("visit_end") or receipt.value("visit_start"),
        "currency": "KRW",
        "amounts": amounts,
        "patient_share": str(share) if share is not None else None,
        "payment_amounts": [str(v) for v in receipt.payment_amounts],
        "fields": {n: f.as_json() for n, f in receipt.fields.items()},
        "uncertain": receipt.uncertain,
        "unread": receipt.unread,
    }
    warning = receipt.warning(source_name)
    prov = document.provenance.model_dump()
    prov["warnings"] = [warning] if warning else []
    return Record(
        domain=Domain.FINANCE,
        kind=KIND,
        title=f"{form_name} · {provider}" if provider else form_name,
        start=start,
        end=end,
        date_only=start is not None,
        value=float(share) if share is not None else None,
        unit="KRW" if share is not None else None,
        payload=payload,
        provenance=Provenance(**prov),
        person_id=document.person_id,
        subject_key=document.subject_key,
        links=[document.id],
    )


def _midnight(day: str) -> datetime:
    d = date.fromisoformat(day)
    return datetime(d.year, d.month, d.day, tzinfo=KST)

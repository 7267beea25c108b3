"""A study's criteria checked against one person's vault: met, not met or unknown, each with the record it used.

Nothing leaves the laptop: the study record is already in the vault (or a file), and every check reads
the person's own records.  Each criterion gets a :class:`~wallet.features.trials.model.CriterionResult`:

* the registry status: RECRUITING and NOT_YET_RECRUITING are met, any other status is not;
* age from the person's birth date, sex from the person's recorded sex (unknown without them);
* conditions: the person's Condition records (SNOMED code, display and title) against the study's
  conditions, keywords and MeSH terms, through the reviewed synonym table
  ``resources/terms/condition_synonyms.tsv``.  Met with the record's id; otherwise unknown, never "not met":
  a vault may not hold every diagnosis.  Terms are widened to broader ones from the record's side only
  (a type 2 diabetes record counts for a study of diabetes); a record matching only one of the study's MeSH
  *ancestors* is unknown, to ask.  A study that takes no healthy volunteers is the same check;
* BMI, HbA1c, eGFR, creatinine and blood pressure against the *latest* reading in the type's canonical unit
  among the newest :data:`LOOKBACK` (:func:`measurements.samples`), unknown when there is none or when it is
  older than :data:`STALE_AFTER_DAYS`; a creatinine limit stated in multiples of the upper limit of normal is
  checked only when that reading carries its laboratory range; a criterion with an alternative
  (:func:`~.criteria.alternatives`) is unknown rather than "not met", and one with limits by sex is unknown;
* ECOG performance status: unknown, to confirm with the study team; pregnancy: an exclusion does not apply to
  a person recorded as male (unless it speaks of men too), anything else is to confirm.

For an *exclusion* criterion "met" means the person is not excluded by it (the explanation says so) and
"not met" that the exclusion applies.  Criteria the wallet cannot read as a rule are not results but
``to_ask``: listed for the person to ask about.  Wording states what was compared, never advice.
"""

from __future__ import annotations

import csv
import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import cached_property, lru_cache
from typing import Final

from wallet.features import measurements
from wallet.features.insights.guidelines import usable
from wallet.features.trials.criteria import (
    BROADER,
    alternatives,
    diastolic_inclusive,
    either,
    parse_criteria,
    structured_criteria,
)
from wallet.features.trials.model import Criterion, CriterionResult, SiteDistance, Status, Study, TrialMatch
from wallet.features.trials.places import site_distances
from wallet.model import Person, Record
from wallet.resources import resource_path
from wallet.store.vault import Vault

STALE_AFTER_DAYS: Final = 365
"""A reading older than this (against ``today``) is not used to decide a criterion."""

LOOKBACK: Final = 5
"""How many of the newest readings are looked through for one in the canonical unit (a reading whose unit
could not be converted, such as creatinine in µmol/L, is never compared with a limit in mg/dL)."""

OPEN_STATUSES: Final = frozenset({"RECRUITING", "NOT_YET_RECRUITING"})
"""Registry statuses under which a study takes new participants."""

_MEASUREMENT: Final[dict[str, str]] = {
    "bmi": "bmi",
    "hba1c": "hba1c",
    "egfr": "egfr",
    "creatinine": "creatinine",
    "blood_pressure": "blood_pressure",
}
_NAMES: Final[dict[str, tuple[str, str]]] = {
    "bmi": ("BMI", "체질량지수"),
    "hba1c": ("HbA1c", "당화혈색소"),
    "egfr": ("eGFR", "사구체여과율"),
    "creatinine": ("Creatinine", "크레아티닌"),
    "blood_pressure": ("Blood pressure", "혈압"),
}


def _t(lang: str, en: str, ko: str) -> str:
    return ko if lang == "ko" else en


# ----------------------------------------------------------------------------- condition synonyms


_SEMANTIC_TAG = re.compile(r"\((?:disorder|finding|situation|morphologic abnormality|diagnosis)\)")


def _normal(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _SEMANTIC_TAG.sub(" ", text)
    text = re.sub(r"[^\w+]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


# conditions listed side by side ("type 2 diabetes and obesity"): each part names its own
_PARTS = re.compile(r"\s(?:and|or|&)\s|;|\s(?:및|또는)\s", re.IGNORECASE)
# within a part: "Type 2 diabetes mellitus (T2DM)", "Non-small cell carcinoma of lung, TNM stage 1"
_PIECES = re.compile(r"[,()\[\]/|]")
# words next to a name that do not make it another disease (a record's "Patients with hypertension")
_NEUTRAL = re.compile(
    r"^(?:(?:history|hx)\s+of|patients?|adults?|subjects?|participants?|people|persons?|with|known|diagnosed|"
    r"(?:tnm\s+)?stage\s+(?:[0-4]|i{1,3}v?|iv)[a-c]?|환자|성인|진단)\b\s*|\s*\b(?:patients?|adults?|subjects?|"
    r"participants?|people|persons?|환자|성인|진단)$",
    re.IGNORECASE,
)


def _hangul(text: str) -> bool:
    return any("\uac00" <= ch <= "\ud7a3" for ch in text)


@dataclass(frozen=True)
class Synonyms:
    """The reviewed synonym table: normalised names and SNOMED codes to canonical terms, and broader terms."""

    names: dict[str, str]
    codes: dict[str, str]
    parents: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def canonical(self, text: str) -> set[str]:
        """The canonical terms a text names: the whole text as a name of the table, else each part of a list
        ("A and B", "A; B") whose every piece ("A (abbreviation)", "A, stage 2") is a name or a neutral word.

        A name with a qualifier next to it names nothing: "Pulmonary Arterial Hypertension", "Hypertension,
        Portal", "Diabetes Insipidus" and "Gestational Diabetes" are other diseases than hypertension and diabetes.
        """
        exact = self._name(text)
        if exact or not _normal(text):
            return {exact} if exact else set()
        found: set[str] = set()
        for part in _PARTS.split(_SEMANTIC_TAG.sub(" ", unicodedata.normalize("NFKC", text).casefold())):
            terms: set[str] = set()
            for piece in _PIECES.split(part):
                rest = _normal(piece)
                while rest and _NEUTRAL.search(rest):
                    rest = _NEUTRAL.sub("", rest, count=1).strip()
                if not rest:
                    continue  # only neutral words
                term = self._name(rest)
                if term is None:
                    terms = set()  # a qualifier sits next to the name: the part names another disease
                    break
                terms.add(term)
            found |= terms
        return found

    def _name(self, text: str) -> str | None:
        """The canonical term of a text that is one whole name of the table (Korean: spaces ignored)."""
        norm = _normal(text)
        term = self.names.get(norm)
        if term is None and _hangul(norm):
            term = self._squeezed.get(norm.replace(" ", ""))
        return term

    @cached_property
    def _squeezed(self) -> dict[str, str]:
        return {name.replace(" ", ""): term for name, term in self.names.items() if _hangul(name)}

    def widened(self, terms: Iterable[str]) -> set[str]:
        """The terms and every broader term they count for."""
        out = set(terms)
        todo = list(out)
        while todo:
            for parent in self.parents.get(todo.pop(), ()):
                if parent not in out:
                    out.add(parent)
                    todo.append(parent)
        return out


@lru_cache(maxsize=1)
def synonyms() -> Synonyms:
    """The synonym table of ``resources/terms/condition_synonyms.tsv``, loaded once."""
    names: dict[str, str] = {}
    codes: dict[str, str] = {}
    parents: dict[str, list[str]] = {}
    path = resource_path("terms", "condition_synonyms.tsv")
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.reader((line for line in f if line.strip() and not line.startswith("#")), delimiter="\t"):
            if len(row) < 2:
                continue
            term, name = row[0].strip(), row[1].strip()
            if name.startswith("snomed:"):
                codes[name.removeprefix("snomed:")] = term
            elif name.startswith("parent:"):
                parents.setdefault(term, []).append(name.removeprefix("parent:"))
            else:
                names[_normal(name)] = term
                names.setdefault(_normal(term), term)
    return Synonyms(names, codes, {k: tuple(v) for k, v in parents.items()})


# ----------------------------------------------------------------------------- the person's data


@dataclass
class _Person:
    vault: Vault
    person: Person
    today: date
    lang: str
    _conditions: list[Record] | None = None
    _latest: dict[str, measurements.Sample | None] = field(default_factory=dict)

    def conditions(self) -> list[Record]:
        if self._conditions is None:
            self._conditions = self.vault.records(person_id=self.person.id, domain="health", kind="Condition")
        return self._conditions

    def latest(self, key: str) -> measurements.Sample | None:
        """The newest reading in the type's canonical unit (with both numbers of a pair), among the newest few."""
        if key not in self._latest:
            paired = measurements.BY_KEY[key].paired
            found = measurements.samples(self.vault, key, self.person.id, limit=LOOKBACK, lang=self.lang)
            self._latest[key] = next((s for s in found if usable(s, key, paired)), None)
        return self._latest[key]


def _clinical_status(rec: Record) -> str | None:
    status = rec.payload.get("clinicalStatus")
    if isinstance(status, str):
        return status.lower()
    if isinstance(status, dict):
        for coding in status.get("coding") or []:
            if isinstance(coding, dict) and coding.get("code"):
                return str(coding["code"]).lower()
    return None


def _record_names(rec: Record) -> list[str]:
    names = [n for n in (rec.code_display, rec.title) if n]
    code = rec.payload.get("code")
    if isinstance(code, dict):
        names += [str(code["text"])] if code.get("text") else []
        names += [str(c["display"]) for c in code.get("coding") or [] if isinstance(c, dict) and c.get("display")]
    return list(dict.fromkeys(names))


def _record_codes(rec: Record) -> list[str]:
    system = (rec.code_system or "").casefold()
    codes = [rec.code] if rec.code and ("snomed" in system) else []
    code = rec.payload.get("code")
    if isinstance(code, dict):
        codes += [
            str(c["code"])
            for c in code.get("coding") or []
            if isinstance(c, dict) and c.get("code") and str(c.get("system", "")).endswith("snomed.info/sct")
        ]
    return codes


@dataclass(frozen=True)
class _Found:
    record: Record
    study_term: str
    record_name: str
    shared: str


def _condition_matches(ctx: _Person, study_terms: Sequence[str]) -> list[_Found]:
    table = synonyms()
    wanted: dict[str, str] = {}  # canonical term or normalised study text -> the study's wording
    for term in study_terms:
        for canon in table.canonical(term):
            wanted.setdefault(canon, term)
        wanted.setdefault("=" + _normal(term), term)
    out: list[_Found] = []
    for rec in ctx.conditions():
        if _clinical_status(rec) == "entered-in-error":
            continue
        names = _record_names(rec)
        mine: dict[str, str] = {}
        for name in names:
            for canon in table.widened(table.canonical(name)):
                mine.setdefault(canon, name)
            mine.setdefault("=" + _normal(name), name)
        for code in _record_codes(rec):
            coded = table.codes.get(code)
            if coded:
                for c in table.widened({coded}):
                    mine.setdefault(c, names[0] if names else code)
        shared = [k for k in mine if k in wanted]
        if shared:
            key = shared[0]
            out.append(_Found(rec, wanted[key], mine[key], key.lstrip("=")))
    return out


# ----------------------------------------------------------------------------- checks


def _num(value: float | None) -> str:
    return measurements.number_text(value)


def range_text(c: Criterion, lang: str = "en") -> str:
    """The range a criterion states, as a person reads it: ``18.5-35 kg/m²``, ``≥ 18 years``, ``> 150/90 mmHg``."""
    unit = f" {c.unit}" if c.unit else ""
    if c.unit == "xULN":
        unit = " x ULN"
    elif lang == "ko" and c.unit in _KO_UNITS:
        unit = _KO_UNITS[c.unit]

    def one(low: float | None, high: float | None, li: bool = c.low_inclusive, hi: bool = c.high_inclusive) -> str:
        if low is not None and high is not None and li and hi:
            return f"{_num(low)}-{_num(high)}"
        parts = []
        if low is not None:
            parts.append(f"{'≥' if li else '>'} {_num(low)}")
        if high is not None:
            parts.append(f"{'≤' if hi else '<'} {_num(high)}")
        return " and ".join(parts)

    if c.kind == "blood_pressure":
        sys = one(c.low, c.high)
        dia = one(c.value2_low, c.value2_high, *diastolic_inclusive(c))
        if sys and dia:
            joiner = " or " if either(c) else " and "
            joiner = _t(lang, joiner, " 또는 " if joiner == " or " else " 및 ")
            return f"{_t(lang, 'systolic', '수축기')} {sys}{joiner}{_t(lang, 'diastolic', '이완기')} {dia}{unit}"
        which = _t(lang, "systolic", "수축기") if sys else _t(lang, "diastolic", "이완기")
        return f"{which} {sys or dia}{unit}"
    return one(c.low, c.high) + unit


def _inside(holds: bool, lang: str = "en") -> str:
    if lang == "ko":
        return "안" if holds else "밖"
    return "within" if holds else "outside"


def _within(value: float, low: float | None, high: float | None, li: bool, hi: bool) -> bool:
    if low is not None and (value < low or (value == low and not li)):
        return False
    return not (high is not None and (value > high or (value == high and not hi)))


def _result(
    c: Criterion,
    holds: bool,
    said: str,
    lang: str,
    record_ids: tuple[str, ...] = (),
    value: str | None = None,
    when: str | None = None,
) -> CriterionResult:
    """The result of a criterion whose rule holds or not: for an exclusion, a rule that holds excludes."""
    if c.inclusion:
        status: Status = "met" if holds else "not_met"
        tail = ""
    elif holds:
        status = "not_met"
        tail = _t(lang, " This exclusion applies.", " 이 제외 기준에 해당합니다.")
    else:
        status = "met"
        tail = _t(lang, " Not excluded by this criterion.", " 이 제외 기준으로 제외되지 않습니다.")
    return CriterionResult(c, status, said + tail, record_ids, value, when)


def _unknown(c: Criterion, said: str, value: str | None = None, when: str | None = None) -> CriterionResult:
    return CriterionResult(c, "unknown", said, (), value, when)


def _age_in(birth: date, today: date, unit: str) -> int:
    years = today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))
    if unit == "years":
        return years
    if unit == "months":
        return (today.year - birth.year) * 12 + today.month - birth.month - (today.day < birth.day)
    days = (today - birth).days
    return days // 7 if unit == "weeks" else days


def _check_status(study: Study, c: Criterion, lang: str) -> CriterionResult:
    status = (study.status or "").upper()
    if not status:
        return _unknown(c, _t(lang, "The record gives no recruitment status.", "기록에 모집 상태가 없습니다."))
    if status in OPEN_STATUSES:
        return CriterionResult(
            c, "met", _t(lang, f"The registry lists the study as {status}.", f"등록 정보상 모집 상태: {status}.")
        )
    return CriterionResult(
        c,
        "not_met",
        _t(
            lang,
            f"The registry lists the study as {status}: it is not taking new participants.",
            f"등록 정보상 모집 상태가 {status}입니다: 새 참여자를 모집하지 않습니다.",
        ),
    )


def _check_age(ctx: _Person, c: Criterion) -> CriterionResult:
    lang = ctx.lang
    birth = ctx.person.birth_date
    if birth is None:
        return _unknown(c, _t(lang, "No birth date is recorded for this person.", "이 사람의 생년월일이 없습니다."))
    unit = c.unit or "years"
    age = _age_in(birth, ctx.today, unit)
    shown = f"{age} {unit}" if lang != "ko" else f"{age}{_KO_UNITS.get(unit, unit)}"
    holds = _within(age, c.low, c.high, c.low_inclusive, c.high_inclusive)
    said = _t(
        lang,
        f"Age {shown} (born {birth.isoformat()}) is {_inside(holds)} the stated range ({range_text(c)}).",
        f"나이 {shown}(생년월일 {birth.isoformat()})는 기준 범위({range_text(c, lang)}) {_inside(holds, lang)}입니다.",
    )
    return _result(c, holds, said, lang, value=shown)


_KO_UNITS: Final = {"years": "세", "months": "개월", "weeks": "주", "days": "일"}


def _sex(person: Person) -> str:
    sex = (person.sex or "").strip().lower()
    return {"f": "female", "m": "male", "여": "female", "여성": "female", "남": "male", "남성": "male"}.get(sex, sex)


# a pregnancy criterion that is about men too ("men whose partner is pregnant", "must not father a child")
_ABOUT_MEN = re.compile(r"\b(?:men|males?|partners?|father(?:ing)?|sperm)\b|남성|배우자", re.IGNORECASE)


def _check_sex(ctx: _Person, c: Criterion) -> CriterionResult:
    lang = ctx.lang
    sex = _sex(ctx.person)
    wanted = c.terms[0] if c.terms else ""
    if sex not in ("female", "male"):
        return _unknown(c, _t(lang, "No sex is recorded for this person.", "이 사람의 성별 기록이 없습니다."))
    holds = sex == wanted
    return _result(
        c,
        holds,
        _t(
            lang,
            f"The study takes {wanted} participants; recorded sex: {sex}.",
            f"연구 대상: {wanted}; 기록된 성별: {sex}.",
        ),
        lang,
        value=sex,
    )


def _active(found: list[_Found]) -> list[_Found]:
    return [f for f in found if _clinical_status(f.record) not in ("resolved", "inactive", "remission")]


def _check_condition(ctx: _Person, study: Study, c: Criterion) -> CriterionResult:
    lang = ctx.lang
    own = [t for t in c.terms if not t.startswith(BROADER)]
    found = _condition_matches(ctx, own)
    active = _active(found)
    shown = study.conditions or tuple(own)
    names = "; ".join(shown[:4]) + ("..." if len(shown) > 4 else "")
    if not active:
        broader = _active(_condition_matches(ctx, [t.removeprefix(BROADER) for t in c.terms if t.startswith(BROADER)]))
        if broader and not found:  # the family only ("Diabetes Mellitus" above type 2): never a match
            f = broader[0]
            return _unknown(
                c,
                _t(
                    lang,
                    f"The record '{f.record_name}' falls under '{f.study_term}', a broader heading of the study's "
                    f"conditions ({names}), not one of them: to confirm with the study team.",
                    f"기록 '{f.record_name}'은(는) 연구 대상 질환({names})의 상위 분류 '{f.study_term}'에 "
                    "속할 뿐 같은 질환은 아닙니다: 연구팀에 확인이 필요합니다.",
                ),
            )
        if found:
            f = found[0]
            return _unknown(
                c,
                _t(
                    lang,
                    f"'{f.record_name}' is recorded as {_clinical_status(f.record)}; "
                    f"the study is about {f.study_term}: to confirm with the study team.",
                    f"'{f.record_name}'은(는) {_clinical_status(f.record)} 상태로 기록되어 있습니다; "
                    f"연구 대상 질환은 {f.study_term}입니다: 연구팀에 확인이 필요합니다.",
                ),
            )
        what = (
            _t(
                lang,
                "The study takes patients only (no healthy volunteers). ",
                "이 연구는 환자만 모집합니다(건강인 제외). ",
            )
            if c.kind == "healthy_volunteers"
            else ""
        )
        return _unknown(
            c,
            what
            + _t(
                lang,
                f"No Condition record in the vault names the study's conditions ({names}); "
                "the vault may not hold every diagnosis.",
                f"보관함의 진단 기록 중 연구 대상 질환({names})과 같은 것이 없습니다; "
                "보관함에 모든 진단이 있지 않을 수 있습니다.",
            ),
        )
    f = active[0]
    when = f.record.start.date().isoformat() if f.record.start else None
    said = _t(
        lang,
        f"The record '{f.record_name}'"
        + (f" ({when})" if when else "")
        + f" and the study's condition '{f.study_term}' both name {f.shared}.",
        f"기록 '{f.record_name}'"
        + (f"({when})" if when else "")
        + f"과 연구 대상 질환 '{f.study_term}'은 모두 {f.shared}입니다.",
    )
    return CriterionResult(c, "met", said, tuple(dict.fromkeys(x.record.id for x in active)), f.record_name, when)


def _age_of(stamp: str, today: date) -> int:
    try:
        day = datetime.fromisoformat(stamp.replace("Z", "+00:00")).date()
    except ValueError:
        return 0
    return (today - day).days


def _how_old(days: int, lang: str) -> str:
    if days >= 730:
        return _t(lang, f"{days // 365} years old", f"{days // 365}년 전")
    if days >= 60:
        return _t(lang, f"{days // 30} months old", f"{days // 30}개월 전")
    return _t(lang, f"{days} days old", f"{days}일 전")


def _uln_ratio(ctx: _Person, record_id: str) -> tuple[float, str] | None:
    """The reading as a multiple of the upper limit of its laboratory's reference range, when the record has one."""
    rec = ctx.vault.records_by_id([record_id]).get(record_id)
    if rec is None or rec.value is None:
        return None
    ranges = rec.payload.get("referenceRange")
    for rr in ranges if isinstance(ranges, list) else []:
        high = rr.get("high") if isinstance(rr, dict) else None
        if not isinstance(high, dict) or not isinstance(high.get("value"), int | float) or not high["value"]:
            continue
        unit = str(high.get("unit") or high.get("code") or "")
        if unit and rec.unit and unit.casefold() != rec.unit.casefold():
            continue
        return float(rec.value) / float(high["value"]), f"{_num(float(high['value']))} {unit}".strip()
    return None


def _check_measured(ctx: _Person, c: Criterion) -> CriterionResult:
    lang = ctx.lang
    key = _MEASUREMENT[c.kind]
    name = _t(lang, *_NAMES[c.kind])
    sample = ctx.latest(key)
    if sample is None or sample.value is None:
        return _unknown(c, _t(lang, f"No {name} reading in the vault.", f"보관함에 {name} 기록이 없습니다."))
    when = (sample.local_start or sample.start)[:10]
    shown = sample.text
    days = _age_of(sample.start, ctx.today)
    if days > STALE_AFTER_DAYS:
        return _unknown(
            c,
            _t(
                lang,
                f"The latest {name}, {shown} on {when}, is {_how_old(days, lang)}: too old to decide this.",
                f"가장 최근 {name} {shown}({when})은 {_how_old(days, lang)} 값이라 판단에 쓰지 않았습니다.",
            ),
            shown,
            when,
        )
    value = float(sample.value)
    if c.kind == "egfr" and c.unit == "mL/min":
        return _unknown(
            c,
            _t(
                lang,
                f"The study states a creatinine clearance in mL/min; the latest eGFR, {shown} on {when}, "
                "is per 1.73 m² of body surface: to confirm with the study team.",
                f"연구는 크레아티닌 청소율(mL/min)을 기준으로 합니다; 최근 eGFR {shown}({when})은 "
                "체표면적 1.73 m² 기준 값이라 연구팀에 확인이 필요합니다.",
            ),
            shown,
            when,
        )
    if c.unit == "xULN":
        ratio = _uln_ratio(ctx, sample.record_id)
        if ratio is None:
            return _unknown(
                c,
                _t(
                    lang,
                    f"The study states the limit as a multiple of the laboratory's upper limit of normal; the latest "
                    f"creatinine, {shown} on {when}, carries no reference range.",
                    "연구는 검사실 정상 상한(ULN)의 배수로 기준을 정했습니다; "
                    f"최근 크레아티닌 {shown}({when})에는 참고 범위가 없습니다.",
                ),
                shown,
                when,
            )
        value = ratio[0]
        shown = f"{shown} ({ratio[0]:.2f} x ULN {ratio[1]})"
    if c.kind == "blood_pressure":
        holds_or_none = _bp_holds(c, value, sample.value2)
        if holds_or_none is None:
            return _unknown(
                c,
                _t(
                    lang,
                    f"The latest reading, {shown} on {when}, lacks a part the criterion needs.",
                    f"최근 혈압 {shown}({when})에 기준에 필요한 값이 없습니다.",
                ),
                shown,
                when,
            )
        holds = holds_or_none
    else:
        holds = _within(value, c.low, c.high, c.low_inclusive, c.high_inclusive)
    said = _t(
        lang,
        f"{name} {shown} on {when} is {_inside(holds)} the stated range ({range_text(c)}).",
        f"{name} {shown}({when})은 기준 범위({range_text(c, lang)}) {_inside(holds, lang)}입니다.",
    )
    alt = alternatives(c)
    if "sex" in alt:  # "> 1.5 (men) or > 1.4 (women)": the limit read may not be the person's
        return _unknown(
            c,
            said
            + _t(
                lang,
                " The criterion states different limits for men and women: to confirm with the study team.",
                " 기준이 남녀에 따라 다른 값을 정하고 있어 연구팀에 확인이 필요합니다.",
            ),
            shown,
            when,
        )
    if not holds and alt:  # "A or B": A not holding leaves B to decide, in either section
        what = ", ".join(_alternative_name(a, c.kind, lang) for a in alt)
        return _unknown(
            c,
            said
            + _t(
                lang,
                f" The criterion gives an alternative ({what}): to confirm with the study team.",
                f" 기준에 다른 조건({what})도 있어 연구팀에 확인이 필요합니다.",
            ),
            shown,
            when,
        )
    return _result(c, holds, said, lang, (sample.record_id,), shown, when)


def _alternative_name(kind: str, own: str, lang: str) -> str:
    if kind == own:
        return _t(lang, f"another {_NAMES[own][0]} limit", f"다른 {_NAMES[own][1]} 기준")
    if kind == "glucose":
        return _t(lang, "fasting glucose", "공복혈당")
    if kind in _NAMES:
        return _t(lang, *_NAMES[kind])
    return {"ecog": "ECOG"}.get(kind, kind)


def _bp_holds(c: Criterion, systolic: float, diastolic: float | None) -> bool | None:
    """Whether a reading is in the stated range: when the systolic *or* the diastolic is, for a criterion so
    joined ("SBP ≥ 140 or DBP ≥ 90", "> 150/90"), else when both are; None when the diastolic is needed and missing.
    The diastolic range has its own inclusive ends ("SBP ≤ 140 and DBP < 90")."""
    sys_ok = (
        None
        if c.low is None and c.high is None
        else _within(systolic, c.low, c.high, c.low_inclusive, c.high_inclusive)
    )
    dia_needed = c.value2_low is not None or c.value2_high is not None
    if dia_needed and diastolic is None:
        return None
    dia_li, dia_hi = diastolic_inclusive(c)
    dia_ok = (
        None if not dia_needed or diastolic is None else _within(diastolic, c.value2_low, c.value2_high, dia_li, dia_hi)
    )
    parts = [p for p in (sys_ok, dia_ok) if p is not None]
    return any(parts) if either(c) else all(parts)


def _check(ctx: _Person, study: Study, c: Criterion) -> CriterionResult:
    lang = ctx.lang
    if c.kind == "status":
        return _check_status(study, c, lang)
    if c.kind == "age":
        return _check_age(ctx, c)
    if c.kind == "sex":
        return _check_sex(ctx, c)
    if c.kind in ("condition", "healthy_volunteers"):
        return _check_condition(ctx, study, c)
    if c.kind in _MEASUREMENT:
        return _check_measured(ctx, c)
    if c.kind == "ecog":
        return _unknown(
            c,
            _t(
                lang,
                f"ECOG performance status ({range_text(c).strip()}) is assessed by the study team; "
                "the vault holds none.",
                f"ECOG 전신 수행 상태({range_text(c).strip()})는 연구팀이 평가합니다; 보관함에는 없습니다.",
            ),
        )
    if c.kind == "pregnancy":
        if not c.inclusion and _sex(ctx.person) == "male" and not _ABOUT_MEN.search(c.text):
            return CriterionResult(
                c,
                "met",
                _t(
                    lang,
                    "Not excluded: pregnancy and breastfeeding do not apply (recorded sex: male).",
                    "제외되지 않습니다: 임신·수유 기준은 해당하지 않습니다(기록된 성별: 남성).",
                ),
                value_text=_t(lang, "male", "남성"),
            )
        return _unknown(
            c,
            _t(
                lang,
                "Pregnancy and breastfeeding: to confirm with the study team.",
                "임신·수유 여부: 연구팀에 확인이 필요합니다.",
            ),
        )
    return _unknown(
        c, _t(lang, "Not a rule the wallet reads: to ask the study team.", "보관함이 판단할 수 없는 기준입니다.")
    )


def status_criterion(study: Study) -> Criterion:
    """The registry status as a criterion (kind ``status``): a study that does not recruit takes no one."""
    return Criterion("status", f"Recruitment status: {study.status or '(none)'}", True)


def match_study(
    vault: Vault,
    person: Person,
    study: Study,
    *,
    near: tuple[float, float] | None = None,
    lang: str = "en",
    today: date | None = None,
) -> TrialMatch:
    """Every criterion of the study checked against the person's records (``today``: the day ages are counted to)."""
    ctx = _Person(vault, person, today or datetime.now(UTC).date(), lang)
    results: list[CriterionResult] = []
    to_ask: list[str] = []
    for c in [status_criterion(study), *structured_criteria(study), *parse_criteria(study.eligibility)]:
        if c.kind == "other":
            prefix = "" if c.inclusion else _t(lang, "Exclusion: ", "제외 기준: ")
            to_ask.append(prefix + c.text)
            continue
        results.append(_check(ctx, study, c))
    sites = site_distances(study, near) if near is not None else tuple(SiteDistance(s, None) for s in study.sites)
    return TrialMatch(study, person.id, tuple(results), tuple(to_ask), sites)


_ORDER: Final = {"possible": 0, "unknown": 1, "unlikely": 2}


def nearest_km(match: TrialMatch) -> float:
    """The distance to the study's nearest site with coordinates (infinity when none is known)."""
    return min((s.km for s in match.sites if s.km is not None), default=math.inf)


def match_all(
    vault: Vault,
    person: Person,
    studies: Iterable[Study],
    *,
    near: tuple[float, float] | None = None,
    lang: str = "en",
    today: date | None = None,
) -> list[TrialMatch]:
    """Each study checked, best first: possible, then unknown, then unlikely; within each, nearest first."""
    found = [match_study(vault, person, s, near=near, lang=lang, today=today) for s in studies]
    return sorted(found, key=lambda m: (_ORDER[m.verdict], nearest_km(m), -m.met, m.study.nct_id))

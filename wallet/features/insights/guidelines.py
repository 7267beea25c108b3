"""An adult's latest values against the categories of published guidelines: facts, not advice.

The guidelines are data (``resources/references/guidelines.toml``): each names its reference
(:mod:`.references`), the measurement type it grades (:mod:`wallet.terms.measures`) and its categories
with their bounds in the type's canonical unit, a label in English and Korean and a level (0 within
the normal or desirable range, 1 to 3 above it, -1 to -3 below it).  Blood pressure is placed against
the Korean Society of Hypertension 2022 and ACC/AHA 2017 categories, fasting plasma glucose and
HbA1c against the Korean Diabetes Association 2023 and ADA 2025 ones, lipids against the Korean
Society of Lipid and Atherosclerosis and NCEP ATP III, BMI against the Korean (Asian) and WHO
cut-offs, waist circumference against the Korean abdominal-obesity cut-offs and eGFR against the
KDIGO 2012 GFR categories.  Korean guidelines come first.

Rules the data follows, and this module applies:

* A pair (systolic/diastolic) takes the higher category when its two numbers fall in different
  ones (the guidelines' "or" rows); a *special* category (isolated systolic hypertension,
  hypertensive crisis) replaces that category when it matches, at the level of the higher of both.
* The rule text ("systolic 130–139 or diastolic 80–89 mmHg") is written from the bounds, so the
  formula shown can never disagree with the category computed.
* Glucose categories are for a *fasting* plasma glucose: a reading counts as fasting when its code
  is a fasting LOINC code (1558-6, 14771-0) or its record says "fasting" / "공복".  When the person
  has no fasting reading, :func:`adult_standings` still returns one :class:`Standing` per glucose
  guideline, without a category (``category`` None, level 0), saying the categories need a fasting
  value: the reader sees why no category is shown rather than nothing at all.
* Waist circumference cut-offs depend on sex: without the person's sex :func:`categorise` returns
  None and :func:`adult_standings` says the sex is needed.
* A category placed from one value says so where the guideline defines it on repeated readings.
* The guidelines are for adults: when the person's birth date is known, a reading taken before the age of 18
  (:data:`.standing.ADULT_FROM_YEARS`) is not placed in any category, even when the person is an adult today.

The laboratory's own range (FHIR ``Observation.referenceRange``) travels with each standing as
``own_range`` (:func:`lab_range`), which the views show first.
"""

from __future__ import annotations

import math
import re
import tomllib
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import TYPE_CHECKING, Any

from wallet.features.insights.references import ReferenceError, reference, references
from wallet.features.insights.standing import ADULT_FROM_YEARS, Standing, years_on
from wallet.features.measurements import BY_KEY, LOINC, RAW_LIMIT, Sample, number_text, samples
from wallet.resources import resource_path

if TYPE_CHECKING:
    from wallet.model import Person, Record
    from wallet.store.vault import Vault

GUIDELINE_FILE = ("references", "guidelines.toml")
"""The guidelines' data file, inside the resources folder."""
FASTING_GLUCOSE_LOINC = frozenset({"1558-6", "14771-0"})
"""LOINC codes of a fasting glucose in serum or plasma (mass and molar concentration)."""
GLUCOSE_LOOKBACK = 200
"""How many of the newest glucose readings are searched for the newest fasting one."""
_LOOKBACK = 20
"""How many of the newest readings are searched for one in the canonical unit (a value that could not be
converted is not compared)."""

_SEXES = {
    "male": "male",
    "m": "male",
    "man": "male",
    "men": "male",
    "남": "male",
    "남성": "male",
    "남자": "male",
    "female": "female",
    "f": "female",
    "woman": "female",
    "women": "female",
    "여": "female",
    "여성": "female",
    "여자": "female",
}
_SEX_WORDS = {"male": ("men", "남성"), "female": ("women", "여성")}
_NOT_FASTING = re.compile(r"\b(?:non[- ]?|not )fasting\b|비공복")
_FASTING = re.compile(r"\bfasting\b|공복")
_EMPTY_RANGE_TEXT = frozenset({"", "na", "n/a", "-", "none", "not applicable"})


@dataclass(frozen=True)
class Bound:
    """One number's bounds in a category: ``min`` (inclusive), ``over`` (exclusive) and ``below`` (exclusive)."""

    min: float | None = None
    over: float | None = None
    below: float | None = None

    def contains(self, value: float) -> bool:
        """Whether ``value`` lies within the bounds."""
        if self.min is not None and value < self.min:
            return False
        if self.over is not None and value <= self.over:
            return False
        return self.below is None or value < self.below

    @property
    def low(self) -> float | None:
        """The lower end (inclusive or not), None when unbounded."""
        return self.min if self.min is not None else self.over

    def text(self, step: float) -> str:
        """The bounds as the guideline prints them at its precision ``step``: ``130–139``, ``≥160``, ``<5.7``."""
        if self.min is not None and self.below is not None:
            return f"{_num(self.min, step)}–{_num(self.below - step, step)}"
        parts = []
        if self.min is not None:
            parts.append(f"≥{_num(self.min, step)}")
        if self.over is not None:
            parts.append(f">{_num(self.over, step)}")
        if self.below is not None:
            parts.append(f"<{_num(self.below, step)}")
        return ", ".join(parts)


def _num(value: float, step: float) -> str:
    decimals = max(0, -math.floor(math.log10(step) + 1e-9)) if step < 1 else 0
    text = f"{value:.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


@dataclass(frozen=True)
class Rule:
    """A category as the guideline defines it: its bounds on each number and how they combine."""

    key: str
    label: str
    label_ko: str
    level: int
    bounds: tuple[Bound | None, ...]
    """One per number of the reading (systolic, diastolic); None where the category says nothing of it."""
    match_all: bool = True
    """True: every bounded number lies within its bounds ("and"); False: any one does ("or")."""
    special: bool = False
    sex: str | None = None

    def matches(self, values: tuple[float, ...]) -> bool:
        """Whether a reading of these numbers falls in the category."""
        hits = [b.contains(v) for b, v in zip(self.bounds, values, strict=True) if b is not None]
        return all(hits) if self.match_all else any(hits)


@dataclass(frozen=True)
class Guideline:
    """A guideline's categories for one measurement type, from its reference."""

    id: str
    reference: str
    measurement: str
    rules: tuple[Rule, ...]
    korean: bool = False
    step: float = 1.0
    variables: tuple[str, ...] = ()
    variables_ko: tuple[str, ...] = ()
    needs: str | None = None
    """``fasting`` (a fasting value only) or ``sex`` (the cut-offs differ by sex)."""
    name: str = ""
    name_ko: str = ""
    caveat: str = ""
    caveat_ko: str = ""

    @property
    def paired(self) -> bool:
        """Whether a reading is two numbers (systolic and diastolic)."""
        return len(self.variables) == 2

    def band(self, sex: str | None = None, index: int = 0) -> tuple[float | None, float | None] | None:
        """The normal range of number ``index``: the span of the level-0 categories (for ``sex``)."""
        lows: list[float | None] = []
        highs: list[float | None] = []
        for rule in self.rules:
            if rule.level != 0 or rule.special or (rule.sex is not None and rule.sex != sex):
                continue
            bound = rule.bounds[index]
            if bound is None:
                continue
            lows.append(bound.low)
            highs.append(bound.below)
        if not lows:
            return None
        low = None if None in lows else min(x for x in lows if x is not None)
        high = None if None in highs else max(x for x in highs if x is not None)
        return (low, high)

    def rule_text(self, rule: Rule, lang: str = "en") -> str:
        """The rule of a category in ``lang`` with the unit: ``systolic 130–139 or diastolic 80–89 mmHg``."""
        ko = lang == "ko"
        names = self.variables_ko if ko else self.variables
        parts = [
            f"{names[i]} {b.text(self.step)}" if names else b.text(self.step)
            for i, b in enumerate(rule.bounds)
            if b is not None
        ]
        joiner = (" 및 " if ko else " and ") if rule.match_all else (" 또는 " if ko else " or ")
        unit = BY_KEY[self.measurement].display
        text = joiner.join(parts) + ("" if unit == "%" else " ") + unit
        if rule.sex:
            text = f"{_SEX_WORDS[rule.sex][1 if ko else 0]} {text}"
        return text

    def label(self, lang: str = "en") -> str:
        """What is compared, in ``lang``: the guideline's own name for it, else the measurement type's."""
        own = self.name_ko if lang == "ko" and self.name_ko else self.name
        return own or BY_KEY[self.measurement].label(lang)

    def caveat_in(self, lang: str = "en") -> str:
        """What one value cannot show under this guideline, in ``lang`` ("" when nothing)."""
        return self.caveat_ko if lang == "ko" and self.caveat_ko else self.caveat


@dataclass(frozen=True)
class Category:
    """Where one value falls in a guideline: the category, its level and the rule that placed it there."""

    key: str
    label: str
    label_ko: str
    level: int
    rule: str
    """The rule that matched, in English: ``systolic 130–139 or diastolic 80–89 mmHg``."""
    rule_ko: str
    band: tuple[float | None, float | None] | None
    """The guideline's normal range (of the first number, systolic, for a pair) in the canonical unit."""
    guideline: str = ""
    band2: tuple[float | None, float | None] | None = None
    """The normal range of the second number of a pair (diastolic)."""

    def label_in(self, lang: str = "en") -> str:
        """The category's name in ``lang``."""
        return self.label_ko if lang == "ko" and self.label_ko else self.label

    def rule_in(self, lang: str = "en") -> str:
        """The rule that matched, in ``lang``."""
        return self.rule_ko if lang == "ko" and self.rule_ko else self.rule


def _bound(name: str, data: Any) -> Bound:
    if not isinstance(data, dict) or not data or set(data) - {"min", "over", "below"}:
        raise ReferenceError(f"guideline bound {name!r} must be a table of min, over and below")
    values = {k: float(v) for k, v in data.items()}
    return Bound(values.get("min"), values.get("over"), values.get("below"))


def _guideline(gid: str, entry: dict[str, Any], known_refs: set[str]) -> Guideline:
    ref, measurement = entry.get("reference"), entry.get("measurement")
    if ref not in known_refs:
        raise ReferenceError(f"guideline {gid!r} names an unknown reference {ref!r}")
    if measurement not in BY_KEY:
        raise ReferenceError(f"guideline {gid!r} names an unknown measurement type {measurement!r}")
    variables = tuple(str(v) for v in entry.get("variables", ()))
    names = variables or ("value",)
    rules = []
    for cat in entry.get("categories", ()):
        try:
            bounds = tuple(_bound(n, cat[n]) if n in cat else None for n in names)
            rules.append(
                Rule(
                    str(cat["key"]),
                    str(cat["label"]),
                    str(cat.get("label_ko", "")),
                    int(cat["level"]),
                    bounds,
                    str(cat.get("match", "all")) == "all",
                    bool(cat.get("special", False)),
                    cat.get("sex"),
                )
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ReferenceError(f"guideline {gid!r} has a category this version cannot read: {exc}") from exc
        if all(b is None for b in bounds):
            raise ReferenceError(f"guideline {gid!r} category {cat['key']!r} has no bounds")
    if not rules:
        raise ReferenceError(f"guideline {gid!r} has no categories")
    return Guideline(
        gid,
        str(ref),
        str(measurement),
        tuple(rules),
        bool(entry.get("korean", False)),
        float(entry.get("step", 1)),
        variables,
        tuple(str(v) for v in entry.get("variables_ko", variables)),
        entry.get("needs"),
        str(entry.get("name", "")),
        str(entry.get("name_ko", "")),
        str(entry.get("caveat", "")),
        str(entry.get("caveat_ko", "")),
    )


@cache
def guidelines() -> dict[str, Guideline]:
    """Every guideline the wallet ships, by id, in the data file's order."""
    path = resource_path(*GUIDELINE_FILE)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ReferenceError(f"cannot read the guideline file {path.name}: {exc}") from exc
    known = set(references())
    return {gid: _guideline(gid, entry, known) for gid, entry in data.get("guidelines", {}).items()}


def guideline(gid: str) -> Guideline:
    """The guideline with this id; ReferenceError naming the known ids otherwise."""
    try:
        return guidelines()[gid]
    except KeyError:
        raise ReferenceError(f"no guideline {gid!r} (known: {', '.join(guidelines())})") from None


_get = guideline  # categorise's and bp_history's argument is called ``guideline``


def guidelines_for(measurement: str) -> list[str]:
    """The ids of the guidelines that grade ``measurement``, Korean ones first."""
    found = [g for g in guidelines().values() if g.measurement == measurement]
    return [g.id for g in sorted(found, key=lambda g: not g.korean)]


def sex_of(text: str | None) -> str | None:
    """``male`` or ``female`` from how a source writes it (FHIR gender, 남/여), None when unknown or other."""
    return _SEXES.get((text or "").strip().casefold())


def categorise(guideline: str, value: float, value2: float | None = None, *, sex: str | None = None) -> Category | None:
    """The category of a value (and the second number of a pair) in a guideline, in its canonical unit.

    None when it cannot be placed: a pair without its second number, a value that is not a number, or a
    guideline whose cut-offs depend on sex without a known ``sex``.  Raises ReferenceError for an unknown
    guideline.
    """
    g = _get(guideline)
    if g.paired and value2 is None:
        return None
    values = (float(value), float(value2)) if g.paired and value2 is not None else (float(value),)
    if any(math.isnan(v) for v in values):
        return None
    who = sex_of(sex)
    if g.needs == "sex" and who is None:
        return None
    rules = [r for r in g.rules if r.sex is None or r.sex == who]
    graded = next((r for r in reversed(rules) if not r.special and r.matches(values)), None)
    if graded is None:
        return None
    special = next((r for r in reversed(rules) if r.special and r.matches(values)), None)
    chosen = special or graded
    level = max(chosen.level, graded.level) if special else graded.level
    return Category(
        chosen.key,
        chosen.label,
        chosen.label_ko,
        level,
        g.rule_text(chosen, "en"),
        g.rule_text(chosen, "ko"),
        g.band(who, 0),
        g.id,
        g.band(who, 1) if g.paired else None,
    )


def is_fasting(record: Record) -> bool:
    """Whether a glucose record is a fasting value: a fasting LOINC code, or its title or code says "fasting"."""
    codes: set[str] = set()
    texts = [record.title, record.code_display or ""]
    if record.code and record.code_system in (LOINC, "LOINC", None):
        codes.add(record.code)
    concept = record.payload.get("code") if isinstance(record.payload, dict) else None
    if isinstance(concept, dict):
        texts.append(str(concept.get("text") or ""))
        for coding in concept.get("coding") or ():
            if isinstance(coding, dict):
                if coding.get("system") in (LOINC, None):
                    codes.add(str(coding.get("code")))
                texts.append(str(coding.get("display") or ""))
    if codes & FASTING_GLUCOSE_LOINC:
        return True
    for text in texts:
        folded = text.casefold()
        if _NOT_FASTING.search(folded):
            return False
        if _FASTING.search(folded):
            return True
    return False


def _fmt(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return f"{value:g}"


def _quantity(q: Any) -> tuple[str, str] | None:
    if not isinstance(q, dict):
        return None
    number = _fmt(q.get("value"))
    if number is None:
        return None
    return number, str(q.get("unit") or q.get("code") or "")


def lab_range(record: Record) -> str | None:
    """The range the laboratory gave with the result (FHIR ``referenceRange``), as it gave it: ``70–99 mg/dL``.

    Low and high are FHIR's inclusive bounds (``≥70 mg/dL`` when only the low one is given); a text is
    kept (in brackets after the numbers); placeholders such as "NA" are no range.  Several ranges are
    joined with "; ".  None when the record has none.
    """
    ranges = record.payload.get("referenceRange") if isinstance(record.payload, dict) else None
    if not isinstance(ranges, list):
        return None
    out = []
    for item in ranges:
        if not isinstance(item, dict):
            continue
        low, high = _quantity(item.get("low")), _quantity(item.get("high"))
        text = str(item.get("text") or "").strip()
        if text.casefold() in _EMPTY_RANGE_TEXT:
            text = ""
        numbers = ""
        if low and high:
            if low[1] == high[1] or not low[1]:
                numbers = f"{low[0]}–{high[0]} {high[1]}".strip()
            else:
                numbers = f"{low[0]} {low[1]}–{high[0]} {high[1]}".strip()
        elif low:
            numbers = f"≥{low[0]} {low[1]}".strip()
        elif high:
            numbers = f"≤{high[0]} {high[1]}".strip()
        if numbers and text:
            out.append(f"{numbers} ({text})")
        elif numbers or text:
            out.append(numbers or text)
    return "; ".join(out) or None


def usable(sample: Sample, measurement: str, paired: bool) -> bool:
    """Whether a reading can be compared with a threshold: it has a value in the type's canonical unit (a reading
    whose unit could not be converted keeps its own) and, for a paired type, its second number."""
    return (
        sample.value is not None
        and sample.unit == BY_KEY[measurement].display
        and (not paired or sample.value2 is not None)
    )


def _day(sample: Sample) -> str:
    return (sample.local_start or sample.start)[:10]


def taken_as_adult(person: Person, day: str) -> bool:
    """Whether a reading of ``day`` (ISO date) was taken at 18 or older; True when the birth date is not known."""
    if person.birth_date is None:
        return True
    try:
        on = date.fromisoformat(day[:10])
    except ValueError:
        return True
    return years_on(person.birth_date, on) >= ADULT_FROM_YEARS


def _latest(vault: Vault, person: Person, measurement: str, lang: str, limit: int = _LOOKBACK) -> list[Sample]:
    """The newest readings in the canonical unit taken as an adult, newest first."""
    paired = BY_KEY[measurement].paired
    return [
        s
        for s in samples(vault, measurement, person.id, limit=limit, lang=lang)
        if usable(s, measurement, paired) and taken_as_adult(person, _day(s))
    ]


@dataclass(frozen=True)
class _Value:
    """The value a standing is about: a reading, or a BMI computed from a weight and a height."""

    value: float
    value2: float | None
    text: str
    day: str
    record_id: str | None
    sources: list[str]
    extra: str = ""
    """Added to the formula (how a computed BMI was reached)."""


def _reading(sample: Sample) -> _Value:
    assert sample.value is not None
    return _Value(sample.value, sample.value2, sample.text, _day(sample), sample.record_id, [sample.record_id])


def _bmi(vault: Vault, person: Person, lang: str) -> _Value | None:
    """The newest BMI: a stored reading, or one computed from the latest weight and height when that is newer."""
    stored = _latest(vault, person, "bmi", lang)
    weights = _latest(vault, person, "body_weight", lang, limit=1)
    heights = _latest(vault, person, "body_height", lang, limit=1)
    if weights and heights and (not stored or weights[0].start > stored[0].start):
        w, h = weights[0], heights[0]
        assert w.value is not None and h.value is not None
        if h.value > 0:
            value = w.value / (h.value / 100) ** 2
            unit = BY_KEY["bmi"].display
            how = f"BMI = {number_text(w.value)} kg / ({h.value / 100:.2f} m)²"
            return _Value(value, None, f"{value:.1f} {unit}", _day(w), None, [w.record_id, h.record_id], how)
    return _reading(stored[0]) if stored else None


def _standing(g: Guideline, v: _Value, cat: Category, lang: str, own: str | None) -> Standing:
    caveat = g.caveat_in(lang)
    label = cat.label_in(lang)
    formula = cat.rule_in(lang) + (f"; {v.extra}" if v.extra else "")
    return Standing(
        measurement=g.measurement,
        name=g.label(lang),
        value_text=v.text,
        when=v.day,
        record_id=v.record_id,
        reference=reference(g.reference),
        result=f"{label} ({caveat})" if caveat else label,
        category=cat.key,
        level=cat.level,
        formula=formula,
        band=cat.band,
        own_range=own,
        sources=list(v.sources),
    )


def _uncategorised(g: Guideline, v: _Value, lang: str, result: str, own: str | None) -> Standing:
    return Standing(
        measurement=g.measurement,
        name=g.label(lang),
        value_text=v.text,
        when=v.day,
        record_id=v.record_id,
        reference=reference(g.reference),
        result=result,
        category=None,
        level=0,
        formula="",
        band=g.band(None),
        own_range=own,
        sources=list(v.sources),
    )


def _needs_fasting(g: Guideline, lang: str) -> str:
    ref = reference(g.reference)
    if lang == "ko":
        return (
            f"{ref.name_ko or ref.name}의 범주는 공복 혈장 혈당에 적용됩니다. "
            "이 측정값은 공복으로 표시되어 있지 않습니다."
        )
    return (
        f"The {ref.publisher} {ref.year} categories apply to a fasting plasma glucose; "
        "this reading is not marked as fasting."
    )


def _needs_sex(g: Guideline, lang: str) -> str:
    ko = lang == "ko"
    cutoffs = ", ".join(g.rule_text(r, lang) for r in g.rules if r.sex and r.level > 0)
    if ko:
        return f"기준이 성별에 따라 다릅니다 ({cutoffs}). 이 사람의 성별이 남성 또는 여성으로 기록되어 있지 않습니다."
    return f"The cut-off depends on sex ({cutoffs}); this person's sex is not recorded as male or female."


def _measurements() -> list[str]:
    out: list[str] = []
    for g in guidelines().values():
        if g.measurement not in out:
            out.append(g.measurement)
    return out


def adult_standings(vault: Vault, person: Person, lang: str = "en") -> list[Standing]:
    """Each of ``person``'s latest values with a guideline, against each guideline (Korean ones first).

    One :class:`Standing` per guideline: blood pressure under KSH 2022 and ACC/AHA 2017, BMI under KSSO
    2022 and WHO, and so on.  Only readings taken at 18 or older count (all of them when the birth date is not
    known).  The value is the newest reading in the type's canonical unit (a BMI computed
    from the latest weight and height when that is newer than any BMI reading); for glucose, the newest
    fasting reading, or, when there is none, the newest reading with a standing that says the categories
    need a fasting value.  ``own_range`` is the laboratory's range from the record, when it gave one.
    """
    chosen: dict[str, tuple[_Value, bool]] = {}
    for measurement in _measurements():
        if measurement == "bmi":
            bmi = _bmi(vault, person, lang)
            if bmi is not None:
                chosen[measurement] = (bmi, True)
            continue
        limit = GLUCOSE_LOOKBACK if measurement == "blood_glucose" else _LOOKBACK
        found = _latest(vault, person, measurement, lang, limit)
        if not found:
            continue
        if measurement == "blood_glucose":
            records = vault.records_by_id([s.record_id for s in found])
            fasting = next((s for s in found if s.record_id in records and is_fasting(records[s.record_id])), None)
            chosen[measurement] = (_reading(fasting or found[0]), fasting is not None)
        else:
            chosen[measurement] = (_reading(found[0]), True)
    ids = [v.record_id for v, _ in chosen.values() if v.record_id]
    records = vault.records_by_id(ids) if ids else {}
    out: list[Standing] = []
    for measurement, (v, is_fast) in chosen.items():
        own = lab_range(records[v.record_id]) if v.record_id in records else None
        for gid in guidelines_for(measurement):
            g = _get(gid)
            if g.needs == "fasting" and not is_fast:
                out.append(_uncategorised(g, v, lang, _needs_fasting(g, lang), own))
                continue
            cat = categorise(gid, v.value, v.value2, sex=person.sex)
            if cat is not None:
                out.append(_standing(g, v, cat, lang, own))
            elif g.needs == "sex" and sex_of(person.sex) is None:
                out.append(_uncategorised(g, v, lang, _needs_sex(g, lang), own))
    return out


def bp_history(vault: Vault, person: Person, guideline: str = "ksh2022") -> list[tuple[Sample, Category]]:
    """Each blood-pressure reading of ``person`` taken as an adult with its category in ``guideline``, newest
    first."""
    g = _get(guideline)
    if g.measurement != "blood_pressure":
        raise ReferenceError(f"guideline {guideline!r} is not a blood-pressure guideline")
    out = []
    for s in _latest(vault, person, "blood_pressure", "en", limit=RAW_LIMIT):
        assert s.value is not None
        cat = categorise(guideline, s.value, s.value2)
        if cat is not None:
            out.append((s, cat))
    return out

"""Eligibility criteria read as rules: the study's text, one criterion per bullet, and its structured fields.

ClinicalTrials.gov keeps a study's eligibility as one Markdown-ish text (``Inclusion Criteria:`` and
``Exclusion Criteria:`` sections, ``*`` / ``-`` / numbered bullets, some nested).  :func:`parse_criteria`
turns each bullet into a :class:`~wallet.features.trials.model.Criterion` and recognises the kinds the
vault can hold a value for: age, BMI, HbA1c, eGFR (or creatinine clearance), serum creatinine, blood
pressure, and the kinds it can name but not decide (ECOG performance status, pregnancy).  Anything else
is kind ``other``: listed for the person to ask the study team, never guessed at.

A bullet is classified by the first recognised kind it names *with a number* (a bullet about HbA1c
that states no range is ``other``).  Units are brought to the wallet's canonical ones: HbA1c in % (IFCC
mmol/mol by the IFCC-NGSP master equation NGSP = 0.09148 x IFCC + 2.152), creatinine in mg/dL
(µmol/L / 88.42) or, when stated against the laboratory's upper limit of normal, in ``xULN``.  Each
number's unit is the one written right after it, so "HbA1c ≥ 6.5% (48 mmol/mol)" is ≥ 6.5 %; a number
with no unit is taken as mmol/mol (µmol/L) only when too high to be a % (mg/dL).  A second limit the
criterion is not read as ("BMI ≥ 30, or ≥ 27 with ...") is reported by :func:`alternatives`.  A blood
pressure criterion keeps in its ``terms`` whether systolic *or* diastolic is enough (:data:`EITHER`,
:data:`BOTH`) and which diastolic ends are exclusive (:func:`diastolic_inclusive`, :func:`either`).

:func:`structured_criteria` reads the record's structured fields: minimum and maximum age (each in its
own unit), sex, healthy volunteers and the conditions studied (MeSH ancestors marked :data:`BROADER`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise
from typing import Final

from wallet.features.trials.model import Criterion, Study
from wallet.features.trials.study import mesh_ancestors

# ----------------------------------------------------------------------------- text to bullets

_SECTION = re.compile(
    r"^\s*(?:#+\s*)?(?:\*\*)?(?:key\s+|main\s+|major\s+|general\s+)?(inclusion|exclusion)\s+criteria\b[^:\n]{0,40}:?(?:\*\*)?\s*$",
    re.IGNORECASE,
)
_BULLET = re.compile(
    r"^(?P<indent>\s*)(?:[*•·‣◦▪]\s*|-\s+|-(?=[A-Za-z])|\(?\d{1,2}[.)]\s+|\(?[a-zA-Z][.)]\s+|\([ivx]{1,4}\)\s+)(?P<text>.*)$"
)
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()<>#+\-.!|~=])")
_SPACES = re.compile(r"\s+")


def _clean(text: str) -> str:
    text = _ESCAPE.sub(r"\1", text)
    text = _SPACES.sub(" ", text).strip()
    return re.sub(r"\s+-$", "", text).strip()  # "-Patients must ... -": a dash on both sides


def _items(text: str) -> list[tuple[bool, str]]:
    """(inclusion, bullet text) for each bullet or free paragraph, in order."""
    items: list[tuple[bool, list[str]]] = []
    inclusion = True
    open_item = False  # a line that is no bullet continues the item above it, unless a blank line came between
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.rstrip()
        if not line.strip():
            open_item = False
            continue
        section = _SECTION.match(line)
        if section:
            inclusion = section.group(1).lower() == "inclusion"
            open_item = False
            continue
        bullet = _BULLET.match(line)
        if bullet:
            items.append((inclusion, [bullet.group("text")]))
            open_item = True
        elif open_item and items:
            items[-1][1].append(line)
        else:
            items.append((inclusion, [line]))
            open_item = True
    out = []
    for inc, lines in items:
        cleaned = _clean(" ".join(lines))
        if cleaned and re.search(r"\w", cleaned):
            out.append((inc, cleaned))
    return out


# ----------------------------------------------------------------------------- numbers and bounds

_NUM = r"(\d+(?:[.,]\d+)?)"
_UNIT = (
    r"(?:\s*(?:%|percent|years?(?:\s+of\s+age|\s+old)?|yrs?|-?years?-old|kg\s*/\s*m\s*(?:2|²|\^2)|"
    r"mmol\s*/\s*mol|mg\s*/\s*dl|[µμu]mol\s*/\s*l|mm\s*hg|ml\s*/\s*min(?:\s*/\s*1[.,]73\s*m\s*(?:2|²|\^2))?))?"
)
_GE = (
    r"(?:≥|>=|=>|⩾|≧|at\s+least|no\s+less\s+than|not\s+less\s+than|greater\s+than\s+or\s+equal\s+to|"
    r"more\s+than\s+or\s+equal\s+to|equal\s+to\s+or\s+(?:greater|more|higher)\s+than|minimum(?:\s+of)?|min\.)"
)
_LE = (
    r"(?:≤|<=|=<|⩽|≦|at\s+most|no\s+more\s+than|not\s+more\s+than|no\s+greater\s+than|not\s+greater\s+than|"
    r"not\s+exceeding|less\s+than\s+or\s+equal\s+to|equal\s+to\s+or\s+(?:less|lower)\s+than|up\s+to|"
    r"maximum(?:\s+of)?|max\.)"
)
_GT = r"(?:>|greater\s+than|more\s+than|higher\s+than|above|over|older\s+than|exceeding|in\s+excess\s+of)"
_LT = r"(?:<|less\s+than|lower\s+than|below|under|younger\s+than)"
_LOWER_WORDS = r"(?:or|and)\s+(?:older|over|above|more|greater|higher)"
_UPPER_WORDS = r"(?:or|and)\s+(?:younger|under|below|less|lower)"

_BOUND = re.compile(
    rf"(?:between|from)\s+{_NUM}{_UNIT}\s+(?:and|to|-|–)\s+{_NUM}"  # 1, 2
    rf"|{_NUM}{_UNIT}\s*(?:-|–|—|to|through)\s*{_NUM}"  # 3, 4
    rf"|(?P<ge>{_GE})\s*(?:the\s+age\s+of\s+|an?\s+|of\s+)?{_NUM}"  # 5
    rf"|(?P<le>{_LE})\s*(?:the\s+age\s+of\s+|an?\s+|of\s+)?{_NUM}"  # 6
    rf"|(?P<gt>{_GT})\s*(?:the\s+age\s+of\s+|an?\s+|of\s+)?{_NUM}"  # 7
    rf"|(?P<lt>{_LT})\s*(?:the\s+age\s+of\s+|an?\s+|of\s+)?{_NUM}"  # 8
    rf"|{_NUM}{_UNIT}\s*(?:(?P<lw>{_LOWER_WORDS})|(?P<uw>{_UPPER_WORDS})|(?P<plus>\+))",  # 9
    re.IGNORECASE,
)


def _number(text: str) -> float:
    if re.fullmatch(r"\d{1,3},\d{3}", text):
        return float(text.replace(",", ""))
    return float(text.replace(",", "."))


@dataclass
class _Bounds:
    low: float | None = None
    high: float | None = None
    low_inclusive: bool = True
    high_inclusive: bool = True
    start: int = -1
    end: int = -1
    low_unit: str = ""
    high_unit: str = ""
    """The unit written right after each number ("" when none is)."""

    @property
    def found(self) -> bool:
        return self.low is not None or self.high is not None


_UNIT_AT = re.compile(_UNIT, re.IGNORECASE)
_TIME_AFTER = re.compile(r"\s*(?:weeks?|wks?|months?|days?|years?|yrs?|hours?|h)\b", re.IGNORECASE)


def _unit_at(segment: str, pos: int) -> str:
    """The unit written right after a number ending at ``pos`` ("" when none is), spaces dropped, lower case."""
    m = _UNIT_AT.match(segment, pos)
    return re.sub(r"\s+", "", m.group(0)).casefold() if m else ""


def _units(segment: str, m: re.Match[str]) -> tuple[str, str]:
    """The unit of each number of a bound: a range "7-10 %" gives both numbers the unit said once after both."""
    numbered = [i for i in range(1, 14) if m.group(i) is not None and re.fullmatch(_NUM, m.group(i))]
    units = [_unit_at(segment, m.end(i)) for i in numbered]
    if len(units) == 2:
        first, second = units
        return first or second, second or first
    return (units[0], units[0]) if units else ("", "")


def _bounds(segment: str, accept: re.Pattern[str] | None = None, reject: re.Pattern[str] | None = None) -> _Bounds:
    """The first lower and the first upper bound the segment states (``accept``: only matches it accepts;
    ``reject``: no number followed by it, such as a time in "life expectancy > 12 weeks")."""
    out = _Bounds()
    for m in _BOUND.finditer(segment):
        if accept is not None and not _accepted(segment, m, accept):
            continue
        if reject is not None and reject.match(segment, m.end()):
            continue
        g = m.groups()
        low: float | None = None
        high: float | None = None
        li = hi = True
        if g[0] is not None:
            low, high = _number(g[0]), _number(g[1])
        elif g[2] is not None:
            low, high = _number(g[2]), _number(g[3])
        elif m.group("ge"):
            low = _number(g[5])
        elif m.group("le"):
            high = _number(g[7])
        elif m.group("gt"):
            low, li = _number(g[9]), False
        elif m.group("lt"):
            high, hi = _number(g[11]), False
        elif m.group("lw") or m.group("plus"):
            low = _number(g[12])
        elif m.group("uw"):
            high = _number(g[12])
        low_unit, high_unit = _units(segment, m)
        if low is not None and out.low is None:
            out.low, out.low_inclusive, out.low_unit = low, li, low_unit
        if high is not None and out.high is None:
            out.high, out.high_inclusive, out.high_unit = high, hi, high_unit
        if low is not None or high is not None:
            out.start = m.start() if out.start < 0 else out.start
            out.end = m.end()
        if out.low is not None and out.high is not None:
            break
    if out.low is not None and out.high is not None and out.low > out.high:  # "< 160 ... > 100": not one range
        return _Bounds()
    return out


def _accepted(segment: str, m: re.Match[str], accept: re.Pattern[str]) -> bool:
    """Age bounds: the number is in years (said after it) or the word "age" comes just before it."""
    after = segment[m.start() : m.end() + 16]
    before = segment[max(0, m.start() - 14) : m.start()]
    return bool(accept.search(after)) or bool(re.search(r"\bage[ds]?\b", before, re.IGNORECASE))


# ----------------------------------------------------------------------------- kinds

_AGE_GATE = re.compile(r"\bage[ds]?\b|\byears?[\s-]+old\b|\byears?\s+of\s+age\b|\bold\b", re.IGNORECASE)
_YEARS = re.compile(r"\b(?:years?|yrs?|y/o)\b", re.IGNORECASE)
_KEYWORDS: Final[dict[str, re.Pattern[str]]] = {
    "hba1c": re.compile(
        r"\bHb\s*A1c\b|\bA1c\b|\bHbA1c\b|glycated\s+ha?emoglobin|glycosylated\s+ha?emoglobin|ha?emoglobin\s+A1c",
        re.IGNORECASE,
    ),
    "bmi": re.compile(r"\bBMI\b|body\s+mass\s+index", re.IGNORECASE),
    # eGFR spelled so (the gene EGFR is upper case), or the words; creatinine clearance is a filtration rate
    "egfr": re.compile(
        r"\beGFR\b|\bGFR\b|(?i:(?:estimated\s+)?glomerular\s+filtration\s+rate|creatinine\s+clearance|\bCrCl\b)"
    ),
    "creatinine": re.compile(r"creatinine(?!\s+clearance)", re.IGNORECASE),
    "blood_pressure": re.compile(
        r"\bSBP\b|\bDBP\b|systolic|diastolic|blood\s+pressure|hypertension|\bBP\b", re.IGNORECASE
    ),
    "ecog": re.compile(r"\bECOG\b|Eastern\s+Cooperative\s+Oncology\s+Group", re.IGNORECASE),
}
_PREGNANCY = re.compile(r"pregnan|breast[\s-]?feed|lactat|\bnursing\b", re.IGNORECASE)
_ULN = re.compile(
    rf"(?:(?P<cmp>{_LE}|{_LT}|{_GE}|{_GT}|within)\s*)?(?:(?P<n>\d+(?:[.,]\d+)?)\s*(?:x|×|times)\s*)?"
    r"(?:the\s+)?(?:institutional\s+|local\s+)?(?:\bULN\b|upper\s+limit\s+of\s+(?:the\s+)?(?:institutional\s+)?normal)",
    re.IGNORECASE,
)
_OTHER_CLAUSE = re.compile(r"[;]|\.\s|\bKPS\b|Karnofsky", re.IGNORECASE)

CANONICAL_UNITS: Final[dict[str, str]] = {
    "age": "years",
    "bmi": "kg/m²",
    "hba1c": "%",
    "egfr": "mL/min/1.73m²",
    "creatinine": "mg/dL",
    "blood_pressure": "mmHg",
    "ecog": "",
}
"""The unit each numeric kind is stated in after parsing (creatinine may also be ``xULN``, eGFR ``mL/min``)."""

_ECOG_AND = re.compile(r"\band\b(?!\s*[0-5]\b)", re.IGNORECASE)

_ORDER = ("hba1c", "bmi", "egfr", "creatinine", "blood_pressure", "ecog")


def _segment(text: str, start: int, kind: str) -> str:
    """The text after a keyword, up to the next clause or the next keyword of another kind."""
    rest = text[start:]
    stop = len(rest)
    clause = _OTHER_CLAUSE.search(rest)
    if clause:
        stop = clause.start()
    if kind == "ecog":  # "ECOG ≤ 1 and life expectancy > 12 weeks": the grades end at "and" (not "0, 1 and 2")
        joined = _ECOG_AND.search(rest)
        if joined:
            stop = min(stop, joined.start())
    for other, pattern in _KEYWORDS.items():
        if other == kind:
            continue
        m = pattern.search(rest)
        if m and m.start() > 0:
            stop = min(stop, m.start())
    return rest[:stop]


def _criterion(kind: str, text: str, inclusion: bool, b: _Bounds, unit: str, **extra: object) -> Criterion:
    return Criterion(
        kind=kind,
        text=text,
        inclusion=inclusion,
        low=b.low,
        high=b.high,
        unit=unit,
        low_inclusive=b.low_inclusive,
        high_inclusive=b.high_inclusive,
        **extra,  # type: ignore[arg-type]
    )


def _scale(b: _Bounds, f: Callable[[float], float], other: Callable[[str, float], bool]) -> _Bounds:
    """The bounds with each number that ``other`` says is in the other unit (by the unit written after it) scaled."""

    def one(value: float | None, unit: str) -> float | None:
        return None if value is None else round(f(value), 2) if other(unit, value) else value

    return _Bounds(one(b.low, b.low_unit), one(b.high, b.high_unit), b.low_inclusive, b.high_inclusive, b.start, b.end)


def _ifcc(unit: str, value: float) -> bool:
    """An HbA1c number in IFCC mmol/mol: said so, or no unit said and too high for a % (above 25)."""
    return unit.startswith("mmol/mol") or (not unit and value > 25)


def _umol(unit: str, value: float) -> bool:
    """A creatinine number in µmol/L: said so, or no unit said and too high for mg/dL (above 20)."""
    return bool(re.match(r"[µμu]mol/l", unit)) or (not unit and value > 20)


def ifcc_to_ngsp(mmol_per_mol: float) -> float:
    """HbA1c in IFCC mmol/mol as NGSP/DCCT % (the IFCC-NGSP master equation: NGSP = 0.09148 x IFCC + 2.152)."""
    return 0.09148 * mmol_per_mol + 2.152


CREATININE_UMOL_PER_MG_DL: Final = 88.42
"""µmol/L per mg/dL of creatinine."""


def _numeric(kind: str, text: str, inclusion: bool, start: int) -> Criterion | None:
    seg = _segment(text, start, kind)
    if kind == "hba1c":
        b = _bounds(seg)
        if not b.found:
            return None
        b = _scale(b, ifcc_to_ngsp, _ifcc)
        return _criterion(kind, text, inclusion, b, "%")
    if kind == "bmi":
        b = _bounds(seg)
        return _criterion(kind, text, inclusion, b, "kg/m²") if b.found else None
    if kind == "egfr":
        b = _bounds(seg)
        if not b.found:
            return None
        per_area = re.search(r"1[.,]73", seg) or (
            not re.search(r"cockcroft|clearance|crcl", text, re.IGNORECASE) and re.search(r"ml\s*/\s*min", seg, re.I)
        )
        named_egfr = re.search(r"\beGFR\b|estimated\s+glomerular", text[start:], re.IGNORECASE) and not re.search(
            r"cockcroft", text, re.IGNORECASE
        )
        unit = "mL/min/1.73m²" if per_area or named_egfr else "mL/min"
        return _criterion(kind, text, inclusion, b, unit)
    if kind == "creatinine":
        uln = _ULN.search(seg)
        if uln and (uln.group("cmp") or re.search(r"\bbelow\b|\bwithin\b|normal\s+range", seg[: uln.end()], re.I)):
            factor = _number(uln.group("n")) if uln.group("n") else 1.0
            cmp = (uln.group("cmp") or "below").lower()
            b = _Bounds()
            if re.fullmatch(_GE, cmp, re.IGNORECASE):
                b.low = factor
            elif re.fullmatch(_GT, cmp, re.IGNORECASE):
                b.low, b.low_inclusive = factor, False
            elif re.fullmatch(_LE, cmp, re.IGNORECASE) or cmp == "within":
                b.high = factor
            else:
                b.high, b.high_inclusive = factor, False
            return _criterion(kind, text, inclusion, b, "xULN")
        b = _bounds(seg)
        if not b.found:
            return None
        b = _scale(b, lambda v: v / CREATININE_UMOL_PER_MG_DL, _umol)
        return _criterion(kind, text, inclusion, b, "mg/dL")
    if kind == "blood_pressure":
        return _blood_pressure(text, inclusion)
    if kind == "ecog":
        return _ecog(text, inclusion, seg)
    return None


_PAIR = re.compile(
    rf"(?:(?P<cmp>{_GE}|{_LE}|{_GT}|{_LT})\s*)(?P<sys>\d{{2,3}})\s*/\s*(?P<dia>\d{{2,3}})", re.IGNORECASE
)
_SYSTOLIC = re.compile(r"\bSBP\b|systolic(?:\s+blood\s+pressure|\s+BP)?", re.IGNORECASE)
_DIASTOLIC = re.compile(r"\bDBP\b|diastolic(?:\s+blood\s+pressure|\s+BP)?", re.IGNORECASE)


DIA_LOW_EXCLUSIVE: Final = "diastolic_low_exclusive"
"""In a blood-pressure criterion's ``terms``: the diastolic lower bound is exclusive (``DBP > 90``)."""
DIA_HIGH_EXCLUSIVE: Final = "diastolic_high_exclusive"
"""In a blood-pressure criterion's ``terms``: the diastolic upper bound is exclusive (``DBP < 100``)."""
EITHER: Final = "either"
"""In a blood-pressure criterion's ``terms``: systolic *or* diastolic in range is enough (``SBP ≥ 140 or DBP ≥ 90``)."""
BOTH: Final = "both"
"""In a blood-pressure criterion's ``terms``: systolic *and* diastolic must be in range (``SBP < 160 and DBP < 90``)."""


def diastolic_inclusive(c: Criterion) -> tuple[bool, bool]:
    """Whether the diastolic range's low and high ends are inclusive (the systolic's, for a criterion without marks)."""
    if EITHER not in c.terms and BOTH not in c.terms:
        return c.low_inclusive, c.high_inclusive
    return DIA_LOW_EXCLUSIVE not in c.terms, DIA_HIGH_EXCLUSIVE not in c.terms


def either(c: Criterion) -> bool:
    """Whether a blood-pressure criterion holds when the systolic *or* the diastolic is in range (else both must be);
    a criterion without the mark: "or" for lower bounds only ("> 150/90": high when either is)."""
    if EITHER in c.terms or BOTH in c.terms:
        return EITHER in c.terms
    return c.high is None and c.value2_high is None


def _bp_terms(dia: _Bounds, joined_by_or: bool) -> tuple[str, ...]:
    marks = [EITHER if joined_by_or else BOTH]
    marks += [DIA_LOW_EXCLUSIVE] if dia.low is not None and not dia.low_inclusive else []
    marks += [DIA_HIGH_EXCLUSIVE] if dia.high is not None and not dia.high_inclusive else []
    return tuple(marks)


def _blood_pressure(text: str, inclusion: bool) -> Criterion | None:
    pair = _PAIR.search(text)
    if pair:
        cmp, s, d = pair.group("cmp"), float(pair.group("sys")), float(pair.group("dia"))
        if re.fullmatch(_GE, cmp, re.I) or re.fullmatch(_GT, cmp, re.I):
            inc = bool(re.fullmatch(_GE, cmp, re.I))
            marks = _bp_terms(_Bounds(low=d, low_inclusive=inc), True)  # "> 150/90": high when either is
            return Criterion(
                "blood_pressure", text, inclusion, low=s, unit="mmHg", low_inclusive=inc, value2_low=d, terms=marks
            )
        inc = bool(re.fullmatch(_LE, cmp, re.I))
        marks = _bp_terms(_Bounds(high=d, high_inclusive=inc), False)  # "≤ 140/90": both within
        return Criterion(
            "blood_pressure", text, inclusion, high=s, unit="mmHg", high_inclusive=inc, value2_high=d, terms=marks
        )
    sys_m, dia_m = _SYSTOLIC.search(text), _DIASTOLIC.search(text)
    sb = db = _Bounds()
    if sys_m:
        end = dia_m.start() if dia_m and dia_m.start() > sys_m.end() else len(text)
        sb = _bounds(_segment(text[:end], sys_m.end(), "blood_pressure"))
    if dia_m:
        end = sys_m.start() if sys_m and sys_m.start() > dia_m.end() else len(text)
        db = _bounds(_segment(text[:end], dia_m.end(), "blood_pressure"))
    if not sb.found and not db.found:
        return None
    if sb.found and db.found and (sb.low is None) != (db.low is None):
        return None  # a lower bound on one and an upper on the other: not a rule this reads
    joined_by_or = sb.low is not None and sb.high is None  # unsaid: "or" for lower bounds only, as in "> 150/90"
    if sys_m and dia_m:
        first, second = sorted((sys_m, dia_m), key=lambda m: m.start())
        between = text[first.end() : second.start()]
        if _OR.search(between):
            joined_by_or = True
        elif re.search(r"\band\b|,", between, re.IGNORECASE):
            joined_by_or = False
    return Criterion(
        "blood_pressure",
        text,
        inclusion,
        low=sb.low,
        high=sb.high,
        unit="mmHg",
        low_inclusive=sb.low_inclusive,
        high_inclusive=sb.high_inclusive,
        value2_low=db.low,
        value2_high=db.high,
        terms=_bp_terms(db, joined_by_or),
    )


def _ecog(text: str, inclusion: bool, seg: str) -> Criterion | None:
    b = _bounds(seg, reject=_TIME_AFTER)  # no grade is followed by a time unit ("> 12 weeks")
    if not b.found:
        grades = [
            int(m.group(1))
            for m in re.finditer(r"(?<![\d.,])([0-5])(?!\d|[.,]\d|\s*%)", seg)
            if not _TIME_AFTER.match(seg, m.end())
        ]
        if not grades:
            return None
        b = _Bounds(float(min(grades)), float(max(grades)))
    if b.low is None and b.high is not None:
        b.low = 0.0
    if b.low is not None and b.high is None:
        b.high = 5.0
    return _criterion("ecog", text, inclusion, b, "")


def _age(text: str, inclusion: bool) -> Criterion | None:
    if not _AGE_GATE.search(text) or re.search(r"gestational|bone\s+age|menarche", text, re.IGNORECASE):
        return None
    b = _bounds(text, accept=_YEARS)
    if not b.found:
        return None
    return _criterion("age", text, inclusion, b, "years")


def classify(text: str, inclusion: bool = True) -> Criterion:
    """One bullet as a criterion: the first kind it names with a number, else pregnancy, else ``other``."""
    found: list[tuple[int, str, int]] = []
    for kind in _ORDER:
        m = _KEYWORDS[kind].search(text)
        if m:
            found.append((m.start(), kind, m.start() if kind == "blood_pressure" else m.end()))
    for _, kind, start in sorted(found):
        parsed = _numeric(kind, text, inclusion, start)
        if parsed is not None:
            return parsed
    age = _age(text, inclusion)
    if age is not None:
        return age
    if _PREGNANCY.search(text):
        return Criterion("pregnancy", text, inclusion)
    return Criterion("other", text, inclusion)


def parse_criteria(text: str) -> list[Criterion]:
    """Every bullet of an eligibility text as a criterion, inclusion ones and exclusion ones, in order."""
    return [classify(item, inclusion) for inclusion, item in _items(text or "")]


_ALTERNATIVE_ONLY: Final[dict[str, re.Pattern[str]]] = {
    # named only as the other half of an "or" ("fasting plasma glucose ≥ 126 mg/dL or HbA1c ≥ 6.5 %")
    "glucose": re.compile(r"\bglucose\b|\bFPG\b|\bOGTT\b", re.IGNORECASE),
}
_SEX_WORD = re.compile(r"\b(?:men|women|males?|females?)\b", re.IGNORECASE)
_OR = re.compile(r"\bor\b", re.IGNORECASE)
_CLAUSE_END = re.compile(r";|\.\s")


def alternatives(criterion: Criterion) -> tuple[str, ...]:
    """What the criterion offers beside the limit it was read as, in the same clause.

    Another measured kind joined by "or", before or after it ("creatinine ≤ ULN *or* clearance ≥ 60", "fasting
    glucose ≥ 126 *or* HbA1c ≥ 6.5 %": ``egfr``, ``glucose``...); the criterion's own kind when a second limit of
    that kind follows "or" ("BMI ≥ 30, or ≥ 27 with a comorbidity"); ``sex`` when the limits differ by sex
    ("creatinine > 1.5 (men) or > 1.4 (women)").
    """
    text = criterion.text
    own = _KEYWORDS.get(criterion.kind)
    m = own.search(text) if own else None
    if m is None:
        return ()
    out = []
    for kind, pattern in {**_KEYWORDS, **_ALTERNATIVE_ONLY}.items():
        if kind == criterion.kind:
            continue
        for other in pattern.finditer(text):
            between = text[m.end() : other.start()] if other.start() >= m.end() else text[other.end() : m.start()]
            if _OR.search(between) and not _CLAUSE_END.search(between):
                out.append(kind)
                break
    if criterion.kind == "blood_pressure":  # "SBP ... or DBP ...": the systolic and diastolic, joined (EITHER)
        return tuple(out)
    seg = _segment(text, m.end(), criterion.kind)
    found = [b for b in _BOUND.finditer(seg) if not _TIME_AFTER.match(seg, b.end())]
    for first, second in pairwise(found):
        between = seg[first.end() : second.start()]
        if _SEX_WORD.search(between):
            out.append("sex")
            break
        if _OR.search(between):
            out.append(criterion.kind)
            break
    return tuple(dict.fromkeys(out))


# ----------------------------------------------------------------------------- structured fields

_AGE_FIELD = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(year|month|week|day|hour|minute)s?\s*$", re.IGNORECASE)


def _age_field(value: str | None) -> tuple[float, str] | None:
    m = _AGE_FIELD.match(value or "")
    if not m:
        return None
    unit = m.group(2).lower() + "s"
    number = float(m.group(1))
    if unit in ("hours", "minutes"):
        return number / (24 if unit == "hours" else 1440), "days"
    return number, unit


BROADER: Final = "broader:"
"""Prefix of a condition criterion's term that is only a broader MeSH heading of the study's conditions (an
ancestor): a record matching it is a question for the study team, never a match."""


def structured_criteria(study: Study) -> list[Criterion]:
    """The criteria of the record's structured fields: age range, sex, healthy volunteers, conditions.

    A condition criterion's terms are the study's conditions, MeSH terms and keywords, then its broader MeSH
    headings marked with :data:`BROADER`.
    """
    out: list[Criterion] = []
    low, high = _age_field(study.minimum_age), _age_field(study.maximum_age)
    if low and high and low[1] != high[1]:
        # "6 Months-17 Years": each end in its own unit (a maximum of 17 whole years is any age under 18;
        # as 204 months it would turn away a person of 17 and a half)
        out.append(Criterion("age", f"Age: minimum {study.minimum_age}", True, low=low[0], unit=low[1]))
        out.append(Criterion("age", f"Age: maximum {study.maximum_age}", True, high=high[0], unit=high[1]))
    elif low or high:
        unit = (low or high or (0.0, "years"))[1]
        parts = [f"minimum {study.minimum_age}"] if low else []
        parts += [f"maximum {study.maximum_age}"] if high else []
        out.append(
            Criterion(
                "age",
                "Age: " + ", ".join(parts),
                True,
                low=low[0] if low else None,
                high=high[0] if high else None,
                unit=unit,
            )
        )
    sex = (study.sex or "ALL").upper()
    if sex in ("FEMALE", "MALE"):
        out.append(Criterion("sex", f"Sex: {sex.lower()} only", True, terms=(sex.lower(),)))
    broader = {t.casefold() for t in mesh_ancestors(study)}
    meshes = [t for t in study.mesh_terms if t.casefold() not in broader]
    terms = tuple(dict.fromkeys(t for t in (*study.conditions, *meshes, *study.keywords) if t.strip()))
    terms += tuple(BROADER + t for t in study.mesh_terms if t.casefold() in broader)
    if study.healthy_volunteers is False:
        out.append(Criterion("healthy_volunteers", "Healthy volunteers: not accepted", True, terms=terms))
    if study.conditions or meshes:
        out.append(Criterion("condition", "Conditions: " + "; ".join(study.conditions or meshes), True, terms=terms))
    return out

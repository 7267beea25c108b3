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
(µmol/L / 88.42) or, when stated against the laboratory's upper limit of normal, in ``xULN``.

:func:`structured_criteria` reads the record's structured fields: minimum and maximum age, sex,
healthy volunteers and the conditions studied.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from wallet.features.trials.model import Criterion, Study

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

    @property
    def found(self) -> bool:
        return self.low is not None or self.high is not None


def _bounds(segment: str, accept: re.Pattern[str] | None = None) -> _Bounds:
    """The first lower and the first upper bound the segment states (``accept``: only matches it accepts)."""
    out = _Bounds()
    for m in _BOUND.finditer(segment):
        if accept is not None and not _accepted(segment, m, accept):
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
        if low is not None and out.low is None:
            out.low, out.low_inclusive = low, li
        if high is not None and out.high is None:
            out.high, out.high_inclusive = high, hi
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

_ORDER = ("hba1c", "bmi", "egfr", "creatinine", "blood_pressure", "ecog")


def _segment(text: str, start: int, kind: str) -> str:
    """The text after a keyword, up to the next clause or the next keyword of another kind."""
    rest = text[start:]
    stop = len(rest)
    clause = _OTHER_CLAUSE.search(rest)
    if clause:
        stop = clause.start()
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


def _scale(b: _Bounds, f: Callable[[float], float]) -> _Bounds:
    return _Bounds(
        None if b.low is None else round(f(b.low), 2),
        None if b.high is None else round(f(b.high), 2),
        b.low_inclusive,
        b.high_inclusive,
        b.start,
        b.end,
    )


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
        if re.search(r"mmol\s*/\s*mol", seg, re.IGNORECASE) or max(v for v in (b.low, b.high) if v is not None) > 25:
            b = _scale(b, ifcc_to_ngsp)
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
        umol = re.search(r"[µμu]mol\s*/\s*l", seg, re.IGNORECASE)
        if umol or (not re.search(r"mg\s*/\s*dl", seg, re.I) and max(v for v in (b.low, b.high) if v is not None) > 20):
            b = _scale(b, lambda v: v / CREATININE_UMOL_PER_MG_DL)
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


def _blood_pressure(text: str, inclusion: bool) -> Criterion | None:
    pair = _PAIR.search(text)
    if pair:
        cmp, s, d = pair.group("cmp"), float(pair.group("sys")), float(pair.group("dia"))
        if re.fullmatch(_GE, cmp, re.I) or re.fullmatch(_GT, cmp, re.I):
            inc = bool(re.fullmatch(_GE, cmp, re.I))
            return Criterion("blood_pressure", text, inclusion, low=s, unit="mmHg", low_inclusive=inc, value2_low=d)
        inc = bool(re.fullmatch(_LE, cmp, re.I))
        return Criterion("blood_pressure", text, inclusion, high=s, unit="mmHg", high_inclusive=inc, value2_high=d)
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
    )


def _ecog(text: str, inclusion: bool, seg: str) -> Criterion | None:
    b = _bounds(seg)
    if not b.found:
        grades = [int(g) for g in re.findall(r"(?<![\d.,])([0-5])(?!\d|[.,]\d|\s*%)", seg)]
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


def alternatives(criterion: Criterion) -> tuple[str, ...]:
    """Other measured kinds the criterion offers as an alternative ("creatinine ≤ ULN *or* clearance ≥ 60")."""
    text = criterion.text
    own = _KEYWORDS.get(criterion.kind)
    m = own.search(text) if own else None
    if m is None:
        return ()
    rest = text[m.end() :]
    out = []
    for kind, pattern in _KEYWORDS.items():
        if kind == criterion.kind:
            continue
        other = pattern.search(rest)
        if other and re.search(r"\bor\b", rest[: other.start()], re.IGNORECASE):
            out.append(kind)
    return tuple(out)


# ----------------------------------------------------------------------------- structured fields

_AGE_FIELD = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(year|month|week|day|hour|minute)s?\s*$", re.IGNORECASE)
_UNIT_ORDER = ("years", "months", "weeks", "days")
_IN_DAYS = {"years": 365.25, "months": 365.25 / 12, "weeks": 7.0, "days": 1.0}


def _age_field(value: str | None) -> tuple[float, str] | None:
    m = _AGE_FIELD.match(value or "")
    if not m:
        return None
    unit = m.group(2).lower() + "s"
    number = float(m.group(1))
    if unit in ("hours", "minutes"):
        return number / (24 if unit == "hours" else 1440), "days"
    return number, unit


def structured_criteria(study: Study) -> list[Criterion]:
    """The criteria of the record's structured fields: age range, sex, healthy volunteers, conditions."""
    out: list[Criterion] = []
    low, high = _age_field(study.minimum_age), _age_field(study.maximum_age)
    if low or high:
        units = [u for _, u in (x for x in (low, high) if x)]
        unit = max(units, key=_UNIT_ORDER.index)  # the finer of the two

        def conv(x: tuple[float, str] | None) -> float | None:
            if x is None:
                return None
            value, u = x
            return value if u == unit else round(value * _IN_DAYS[u] / _IN_DAYS[unit], 2)

        parts = [f"minimum {study.minimum_age}"] if low else []
        parts += [f"maximum {study.maximum_age}"] if high else []
        out.append(Criterion("age", "Age: " + ", ".join(parts), True, low=conv(low), high=conv(high), unit=unit))
    sex = (study.sex or "ALL").upper()
    if sex in ("FEMALE", "MALE"):
        out.append(Criterion("sex", f"Sex: {sex.lower()} only", True, terms=(sex.lower(),)))
    terms = tuple(dict.fromkeys(t for t in (*study.conditions, *study.mesh_terms, *study.keywords) if t.strip()))
    if study.healthy_volunteers is False:
        out.append(Criterion("healthy_volunteers", "Healthy volunteers: not accepted", True, terms=terms))
    if study.conditions or study.mesh_terms:
        out.append(
            Criterion("condition", "Conditions: " + "; ".join(study.conditions or study.mesh_terms), True, terms=terms)
        )
    return out

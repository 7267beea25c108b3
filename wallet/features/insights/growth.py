"""A child's growth as z-scores and percentiles against published growth references (the LMS method).

The references are data: ``resources/references/growth.toml`` describes them (:class:`Reference`) and says which
is used by default at which age; ``resources/references/growth/*.tsv`` hold their LMS tables, one row per
(indicator, sex, age) with the L, M and S of that age.  Each table file declares in ``# key: value`` header lines
what it is, so a new reference (the Korean 2017 charts) is a new file and a new ``growth.toml`` entry, no code:

``reference``
    the id of its entry in the ``.toml`` files (``who2006``, ``cdc2000``).
``indicators``
    the indicators it has rows for: ``weight_for_age``, ``height_for_age``, ``bmi_for_age``,
    ``head_circumference_for_age``.
``sex``
    how its sex column is coded, e.g. ``M=male F=female``.
``age_unit``
    ``days``, ``months`` (30.4375 days, WHO's month) or ``years`` (365.25 days).
``age_range``
    ``low-high`` in that unit; every row must lie in it.  An indicator's own range is that of its rows.
``restricted`` (optional)
    indicators for which WHO's *restricted application* of the LMS method applies beyond 3 SD (below).
``length_until`` (optional)
    ``AGE INDICATOR...``: for these indicators the rows up to and including AGE are for recumbent length (a BMI
    from a length), the later rows for standing height.

Method
------
With the table's L, M and S at the child's age, the z-score of a measurement X is
``z = ((X/M)^L - 1) / (L*S)``, or ``ln(X/M) / S`` when L is 0; the percentile is ``100 * Phi(z)``
(:class:`statistics.NormalDist`).  Between two rows of a table, L, M and S are each interpolated linearly in age.

WHO publishes its standards by day as well as by month; the wallet ships WHO's *day* tables (weight,
length/height, BMI and head circumference for age, birth to 1826 days) and its month table (weight, length/height
and BMI, 0-60 months).  Where two tables of one reference cover the age, the finer one is used, so every WHO
z-score at a whole day of age is read from WHO's own row for that day, as WHO Anthro does; the month table is
only a fallback.  Interpolating the month table instead is wrong by up to 0.27 SD for weight and 0.37 SD for BMI
in the first weeks (a girl of 9 days weighing 3.13 kg: -0.81 from the month rows, -0.56 from the day row).  CDC
prints its charts at half-month ages; between them the result can differ from CDC-based tools that interpolate
cubically (rcpchgrowth) by under 0.002 SD for weight, stature and BMI from 2 years (and up to 0.04 SD for the
infant head circumference in the first months, which is used only when ``table="cdc2000"`` is asked for).

*Restricted application* (WHO 2006 technical report, ch. 7; WHO Anthro's ``SD3pos``/``SD23pos``): for weight-based
indicators of the WHO tables (weight-for-age, BMI-for-age) the LMS curves are not used beyond 3 SD, where the
skewness model does not fit; there ``z = 3 + (X - SD3pos) / (SD3pos - SD2pos)``, and below -3 SD
``z = -3 + (X - SD3neg) / (SD2neg - SD3neg)``, with ``SDkpos`` the measurement at z = +k.

Which reference
---------------
CDC recommends the WHO standards for children below 24 months and its 2000 charts from 24 months to 20 years;
that is the default (``[growth]`` of ``growth.toml``: before 24 months WHO 2006 then CDC 2000, from 24 months CDC
2000 then WHO 2006; the first that has a table for the indicator, sex and age is used).  The WHO standards go on
to 60 months: :func:`growth_z` with ``table="who2006"`` compares against them.  An indicator can have its own
order (``[growth.indicators.NAME]``): head circumference is compared with the WHO 2006 standard from birth to 60
months (CDC's 2-20 year charts have none, and its infant chart is the one CDC advises against below 24 months),
the CDC 2000 infant chart only when asked for.  Where two tables of one reference cover the same age, the one that
starts later is used (CDC's infant and 2-20 year weight at exactly 2 years: from 24 months, the 2-20 year
charts), and of two that start together the finer one (WHO's day table before its month table).

Length and height
-----------------
Children are measured lying down (length) below 24 months and standing (height) from 24 months, and a reading
of ``body_height`` is taken to follow that rule.  WHO's day table holds length rows to 730 days and height rows
from 731 days; its month table holds, at 24 months, the *length* row (boys 87.82 cm; standing height is 0.7 cm
less), and its next row, 25 months, is height; the same holds for BMI-for-age.  So below 24 months (730.5 days)
only a table's length rows are used, and from 24 months only its height rows: between 24 and 25 months L, M and
S of the month table are extrapolated linearly from the 25- and 26-month rows (within 0.02 cm and 0.002 kg/m2 of
WHO's day table at 731 days).  CDC's infant table is recumbent length to 24 months, and its 2-20 year table
stature from 24 months, which the later-start rule above already picks.

Age at the reading
------------------
Growth references are for children: :func:`child_standings` and :func:`growth_history` leave out readings taken
at 20 years or older (:data:`wallet.features.insights.standing.GROWTH_BELOW_YEARS`), whatever a table covers.
"""

from __future__ import annotations

import math
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from statistics import NormalDist
from typing import TYPE_CHECKING, Any

from wallet.errors import WalletError
from wallet.features.insights.references import REFERENCE_DIR, Reference, ReferenceError, reference
from wallet.features.insights.standing import GROWTH_BELOW_YEARS, Standing, years_on
from wallet.features.measurements import BY_KEY, Sample, number_text, samples
from wallet.resources import resource_path

if TYPE_CHECKING:
    from wallet.model import Person
    from wallet.store.vault import Vault

__all__ = [
    "INDICATORS",
    "GrowthError",
    "GrowthResult",
    "child_standings",
    "growth_history",
    "growth_z",
    "parse_sex",
]

INDICATORS: dict[str, tuple[str, str, str, str]] = {
    "weight_for_age": ("body_weight", "kg", "Weight for age", "연령별 체중"),
    "height_for_age": ("body_height", "cm", "Length/height for age", "연령별 키"),
    "bmi_for_age": ("bmi", "kg/m²", "BMI for age", "연령별 체질량지수"),
    "head_circumference_for_age": ("head_circumference", "cm", "Head circumference for age", "연령별 머리둘레"),
}
"""Each indicator: the measurement type key it reads, its unit, and its English and Korean names."""

DAYS_PER = {"days": 1.0, "months": 365.25 / 12, "years": 365.25}
"""Days in each age unit a table may use (WHO's month: 30.4375 days)."""

TABLE_DIR = (*REFERENCE_DIR, "growth")
"""Where the LMS table files are, inside the resources folder."""

LENGTH_BELOW_DAYS = 24 * DAYS_PER["months"]
"""Below this age (24 months, 730.5 days) a child is measured lying down: a table's length rows apply."""

_SEXES = {
    "m": "male",
    "male": "male",
    "boy": "male",
    "1": "male",
    "hkbiologicalsexmale": "male",
    "남": "male",
    "남자": "male",
    "f": "female",
    "female": "female",
    "girl": "female",
    "2": "female",
    "hkbiologicalsexfemale": "female",
    "여": "female",
    "여자": "female",
}


class GrowthError(WalletError):
    """A growth table file cannot be read, or something was asked that no growth table knows."""


@dataclass(frozen=True)
class GrowthResult:
    """One measurement of a child against one growth table: its z-score, percentile and the L, M, S used."""

    indicator: str
    sex: str
    age_days: int
    value: float
    unit: str
    z: float
    percentile: float
    table: str
    """The reference id of the table (``who2006``, ``cdc2000``)."""
    l: float  # noqa: E741 - the LMS method's name for it
    m: float
    s: float
    formula: str
    """How z was computed, with the L, M and S used."""


@dataclass(frozen=True)
class _Segment:
    """The rows of one table file for one indicator and sex, sorted by age (in days)."""

    reference: str
    indicator: str
    sex: str
    unit: str
    ages: tuple[float, ...]
    """Ages in the file's unit."""
    lms: tuple[tuple[float, float, float], ...]
    restricted: bool
    length_until: float | None
    source: str

    @property
    def start_days(self) -> float:
        return self.ages[0] * DAYS_PER[self.unit]

    @property
    def step_days(self) -> float:
        """The mean distance between rows, in days (a day table: 1)."""
        return (self.ages[-1] - self.ages[0]) / (len(self.ages) - 1) * DAYS_PER[self.unit]


def parse_sex(raw: str | None) -> str | None:
    """``male`` or ``female`` from the usual spellings (``M``, ``F``, FHIR's ``male``, Apple Health's
    ``HKBiologicalSexMale``, ``남``/``여``); None for anything else (other, unknown, not set)."""
    if raw is None:
        return None
    return _SEXES.get(raw.strip().lower())


_META = re.compile(r"^#\s*(reference|indicators|sex|age_unit|age_range|restricted|length_until):\s*(.*?)\s*$")


def _parse_table(name: str, text: str) -> list[_Segment]:
    meta: dict[str, str] = {}
    rows: dict[tuple[str, str], list[tuple[float, float, float, float]]] = {}
    header_seen = False
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        if line.startswith("#"):
            found = _META.match(line)
            if found:
                meta[found.group(1)] = found.group(2)
            continue
        cells = line.split("\t")
        if not header_seen:
            if [c.strip().lower() for c in cells] != ["indicator", "sex", "age", "l", "m", "s"]:
                raise GrowthError(f"growth table {name}: the columns must be indicator, sex, age, L, M, S")
            header_seen = True
            continue
        if len(cells) != 6:
            raise GrowthError(f"growth table {name}, line {n}: expected 6 tab-separated cells")
        try:
            age, lv, mv, sv = (float(c) for c in cells[2:])
        except ValueError:
            raise GrowthError(f"growth table {name}, line {n}: age, L, M and S must be numbers") from None
        if not (mv > 0 and sv > 0 and math.isfinite(lv) and math.isfinite(age)):
            raise GrowthError(f"growth table {name}, line {n}: M and S must be positive")
        rows.setdefault((cells[0].strip(), cells[1].strip()), []).append((age, lv, mv, sv))
    for key in ("reference", "indicators", "sex", "age_unit", "age_range"):
        if key not in meta:
            raise GrowthError(f"growth table {name} does not declare '# {key}: ...'")
    unit = meta["age_unit"]
    if unit not in DAYS_PER:
        raise GrowthError(f"growth table {name}: age_unit must be one of {', '.join(DAYS_PER)}")
    try:
        sexes = dict(pair.split("=", 1) for pair in meta["sex"].split())
        low, high = (float(x) for x in meta["age_range"].split("-", 1))
    except ValueError:
        raise GrowthError(f"growth table {name}: cannot read its sex coding or age range") from None
    declared = set(meta["indicators"].split())
    restricted = set(meta.get("restricted", "").split())
    length_until: float | None = None
    length_for: set[str] = set()
    if meta.get("length_until"):
        first, *length_rest = meta["length_until"].split()
        length_until, length_for = float(first), set(length_rest)
    out = []
    for (indicator, code), found_rows in sorted(rows.items()):
        if indicator not in INDICATORS or indicator not in declared:
            raise GrowthError(f"growth table {name}: indicator {indicator!r} is not declared or not known")
        if sexes.get(code) not in ("male", "female"):
            raise GrowthError(f"growth table {name}: sex {code!r} is not in its sex coding")
        found_rows.sort()
        ages = [r[0] for r in found_rows]
        if len(set(ages)) != len(ages) or len(ages) < 2:
            raise GrowthError(f"growth table {name}: {indicator} {code} needs two or more distinct ages")
        if ages[0] < low or ages[-1] > high:
            raise GrowthError(f"growth table {name}: {indicator} has ages outside its age_range")
        out.append(
            _Segment(
                meta["reference"],
                indicator,
                sexes[code],
                unit,
                tuple(ages),
                tuple((r[1], r[2], r[3]) for r in found_rows),
                indicator in restricted,
                length_until if indicator in length_for else None,
                name,
            )
        )
    return out


@cache
def _segments() -> tuple[_Segment, ...]:
    folder = resource_path(*TABLE_DIR)
    out: list[_Segment] = []
    for path in sorted(folder.glob("*.tsv")):
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise GrowthError(f"cannot read the growth table {path.name}: {exc}") from exc
        out.extend(_parse_table(path.name, text))
    return tuple(out)


_Order = tuple[tuple[str, ...], tuple[str, ...]]


@cache
def _defaults() -> tuple[float, _Order, dict[str, _Order]]:
    """The switch age in months, the default (before, from) reference order, and each indicator's own order."""
    path = resource_path(*REFERENCE_DIR, "growth.toml")
    try:
        data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8")).get("growth", {})
        default = (tuple(str(x) for x in data["before_switch"]), tuple(str(x) for x in data["from_switch"]))
        own: dict[str, _Order] = {}
        for indicator, entry in data.get("indicators", {}).items():
            if indicator not in INDICATORS:
                raise ValueError(f"unknown indicator {indicator!r}")
            own[indicator] = (
                tuple(str(x) for x in entry.get("before_switch", default[0])),
                tuple(str(x) for x in entry.get("from_switch", default[1])),
            )
        return float(data["switch_months"]), default, own
    except (OSError, tomllib.TOMLDecodeError, KeyError, TypeError, ValueError, AttributeError) as exc:
        raise GrowthError(f"cannot read the [growth] defaults of {path.name}: {exc}") from exc


def growth_tables() -> list[str]:
    """The reference ids that have growth tables, in file order."""
    return list(dict.fromkeys(seg.reference for seg in _segments()))


def _lerp(a: float, b: float, t: float) -> float:
    return a + (b - a) * t


def _lms_at(seg: _Segment, age: float) -> tuple[float, float, float] | None:
    """L, M, S of ``seg`` at ``age`` (in its unit): linear between rows; None outside the rows."""
    ages, lms = seg.ages, seg.lms
    if seg.length_until is not None:  # length rows up to length_until, height rows after it
        cut = sum(1 for a in ages if a <= seg.length_until)
        if age * DAYS_PER[seg.unit] < LENGTH_BELOW_DAYS:
            ages, lms = ages[:cut], lms[:cut]
        else:
            ages, lms = ages[cut:], lms[cut:]
            if len(ages) >= 2 and age < ages[0]:
                t = (age - ages[0]) / (ages[1] - ages[0])  # negative: back from the first two height rows
                return _lerp(lms[0][0], lms[1][0], t), _lerp(lms[0][1], lms[1][1], t), _lerp(lms[0][2], lms[1][2], t)
    if not ages or age < ages[0] or age > ages[-1]:
        return None
    lo, hi = 0, len(ages) - 1
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if ages[mid] <= age:
            lo = mid
        else:
            hi = mid
    if age == ages[lo]:
        return lms[lo]
    if age == ages[hi]:
        return lms[hi]
    t = (age - ages[lo]) / (ages[hi] - ages[lo])
    (l0, m0, s0), (l1, m1, s1) = lms[lo], lms[hi]
    return _lerp(l0, l1, t), _lerp(m0, m1, t), _lerp(s0, s1, t)


def _x_at(z: float, lv: float, mv: float, sv: float) -> float:
    """The measurement at z-score ``z``."""
    if abs(lv) < 1e-12:
        return mv * math.exp(sv * z)
    return float(mv * (1 + lv * sv * z) ** (1 / lv))


def _z(x: float, lv: float, mv: float, sv: float, restricted: bool) -> tuple[float, str]:
    if abs(lv) < 1e-12:
        z = math.log(x / mv) / sv
        text = "z = ln(X/M)/S"
    else:
        z = ((x / mv) ** lv - 1) / (lv * sv)
        text = "z = ((X/M)^L - 1)/(L*S)"
    if restricted and abs(z) > 3:
        k = 3.0 if z > 0 else -3.0
        sd3 = _x_at(k, lv, mv, sv)
        sd2 = _x_at(k * 2 / 3, lv, mv, sv)
        z = k + (x - sd3) / abs(sd3 - sd2)
        side = "+" if k > 0 else "-"
        text += (
            f"; beyond {side}3 SD (WHO restricted application): z = {k:+.0f} + (X - SD3{side})/|SD3{side} - SD2{side}|"
        )
    return z, text


def _candidates(indicator: str, sex: str, age_days: int, table: str | None) -> list[_Segment]:
    if table is not None:
        known = growth_tables()
        if table not in known:
            raise ReferenceError(f"no growth table {table!r} (known: {', '.join(known)})")
        order: Sequence[str] = (table,)
    else:
        switch, default, own = _defaults()
        before, after = own.get(indicator, default)
        order = before if age_days / DAYS_PER["months"] < switch else after
    out = []
    for ref_id in order:
        covering = [
            seg
            for seg in _segments()
            if seg.reference == ref_id
            and seg.indicator == indicator
            and seg.sex == sex
            and seg.ages[0] <= age_days / DAYS_PER[seg.unit] <= seg.ages[-1]
        ]
        # the table that starts later wins (CDC 2-20 from 2 y), then the finer one (WHO's day table)
        covering.sort(key=lambda seg: (-seg.start_days, seg.step_days))
        out.extend(covering)
    return out


def growth_z(indicator: str, sex: str, age_days: int, value: float, table: str | None = None) -> GrowthResult | None:
    """The z-score and percentile of ``value`` (in the indicator's unit: kg, cm, kg/m²) for a child of ``sex`` aged
    ``age_days`` days, against the reference ``table`` (a reference id such as ``who2006``), or by default WHO 2006
    below 24 months and CDC 2000 from 24 months, head circumference WHO 2006 to 60 months (see the module's text).

    None when no table covers the indicator, sex and age, when ``sex`` is neither male nor female, or when
    ``value`` is not a positive number.  GrowthError for an unknown indicator, ReferenceError for an unknown table.
    """
    if indicator not in INDICATORS:
        raise GrowthError(f"no growth indicator {indicator!r} (known: {', '.join(INDICATORS)})")
    sex_key = parse_sex(sex)
    if sex_key is None or not math.isfinite(value) or value <= 0 or age_days < 0:
        return None
    for seg in _candidates(indicator, sex_key, age_days, table):
        age = age_days / DAYS_PER[seg.unit]
        lms = _lms_at(seg, age)
        if lms is None:
            continue
        lv, mv, sv = lms
        z, how = _z(value, lv, mv, sv, seg.restricted)
        unit = INDICATORS[indicator][1]
        where = f"{seg.source}, {sex_key}, age {age:g} {seg.unit}"
        formula = (
            f"{how}; X = {value:g} {unit}, L = {lv:.6g}, M = {mv:.6g}, S = {sv:.6g} "
            f"({where}{'' if age in seg.ages else '; L, M, S linear between table ages'})"
        )
        return GrowthResult(
            indicator,
            sex_key,
            age_days,
            value,
            unit,
            z,
            100 * NormalDist().cdf(z),
            seg.reference,
            lv,
            mv,
            sv,
            formula,
        )
    return None


def _band(result: GrowthResult) -> tuple[float, float]:
    return _x_at(-2, result.l, result.m, result.s), _x_at(2, result.l, result.m, result.s)


def _ordinal(n: int) -> str:
    if 10 <= n % 100 <= 20:
        return f"{n}th"
    return f"{n}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th') }"


def result_text(z: float, percentile: float, lang: str = "en") -> str:
    """``z = 1.23, 89th percentile`` (Korean ``z = 1.23, 89 백분위``); one decimal below the 1st and above the 99th."""
    rounded = round(percentile)
    if 1 <= rounded <= 99:
        p = str(rounded)
        en = _ordinal(rounded)
    else:
        p = f"{percentile:.1f}"
        en = f"{p}th"
    zt = f"{z:.2f}".replace("-0.00", "0.00")
    return f"z = {zt}, {p} 백분위" if lang == "ko" else f"z = {zt}, {en} percentile"


def level_of(z: float) -> int:
    """0 within 2 SD of the median; 1 (or -1) from 2 to 3 SD above (below) it; 2 (or -2) beyond 3 SD."""
    if abs(z) <= 2:
        return 0
    return int(math.copysign(1 if abs(z) <= 3 else 2, z))


def _day(sample: Sample) -> str:
    return (sample.local_start or sample.start)[:10]


def _age_days(birth: date, day: str) -> int | None:
    """Age in days on ``day``; None when the day cannot be read or the reading was taken at 20 years or older
    (growth references are for children)."""
    try:
        on = date.fromisoformat(day)
    except ValueError:
        return None
    if years_on(birth, on) >= GROWTH_BELOW_YEARS:
        return None
    return (on - birth).days


def _usable(key: str, found: list[Sample]) -> list[Sample]:
    """Readings in the type's canonical unit (those that could not be converted are left out)."""
    unit = BY_KEY[key].display
    return [s for s in found if s.value is not None and s.unit == unit]


@dataclass(frozen=True)
class _Reading:
    value: float
    day: str
    record_id: str | None
    sources: list[str]


def _bmi_readings(vault: Vault, person_id: str, limit: int) -> list[_Reading]:
    """BMI readings, and BMI from weight and height of the same day on days without one, newest first."""
    out = {
        _day(s): _Reading(float(s.value or 0), _day(s), s.record_id, [s.record_id])
        for s in reversed(_usable("bmi", samples(vault, "bmi", person_id, limit=limit)))
    }
    heights: dict[str, Sample] = {}
    for s in reversed(_usable("body_height", samples(vault, "body_height", person_id, limit=limit))):
        heights[_day(s)] = s  # the day's newest
    weights: dict[str, Sample] = {}
    for s in reversed(_usable("body_weight", samples(vault, "body_weight", person_id, limit=limit))):
        weights[_day(s)] = s
    for day, w in weights.items():
        h = heights.get(day)
        if day in out or h is None or not h.value or not w.value:
            continue
        bmi = w.value / (h.value / 100) ** 2
        out[day] = _Reading(bmi, day, None, [w.record_id, h.record_id])
    return sorted(out.values(), key=lambda r: r.day, reverse=True)


def _readings(vault: Vault, person_id: str, indicator: str, limit: int) -> list[_Reading]:
    key = INDICATORS[indicator][0]
    if indicator == "bmi_for_age":
        return _bmi_readings(vault, person_id, limit)
    return [
        _Reading(float(s.value or 0), _day(s), s.record_id, [s.record_id])
        for s in _usable(key, samples(vault, key, person_id, limit=limit))
    ]


def child_standings(vault: Vault, person: Person, lang: str = "en") -> list[Standing]:
    """The person's latest weight, length/height, BMI (a BMI reading, or one from the same day's weight and height)
    and head circumference against the growth reference that fits their age at that reading.

    The newest reading taken before the age of 20 is used (a later one is an adult's, for the guidelines).  Empty
    when the person's birth date or sex is not known; a measurement no table covers is left out.
    """
    sex = parse_sex(person.sex)
    if person.birth_date is None or sex is None:
        return []
    out: list[Standing] = []
    for indicator, (key, unit, name_en, name_ko) in INDICATORS.items():
        # the newest usable reading (BMI: of a BMI reading and a same-day weight and height pair)
        found = _readings(vault, person.id, indicator, limit=5 if indicator != "bmi_for_age" else 50)
        aged = [(r, a) for r in found if (a := _age_days(person.birth_date, r.day)) is not None]
        if not aged:
            continue
        reading, age = aged[0]
        result = growth_z(indicator, sex, age, reading.value, None)
        if result is None:
            continue
        ref: Reference = reference(result.table)
        out.append(
            Standing(
                measurement=key,
                name=name_ko if lang == "ko" else name_en,
                value_text=f"{number_text(reading.value)} {unit}",
                when=reading.day,
                record_id=reading.record_id,
                reference=ref,
                result=result_text(result.z, result.percentile, lang),
                level=level_of(result.z),
                formula=result.formula,
                z=result.z,
                percentile=result.percentile,
                band=_band(result),
                sources=reading.sources,
            )
        )
    return out


def growth_history(vault: Vault, person: Person, indicator: str) -> list[GrowthResult]:
    """Every reading's z-score for ``indicator`` over time, oldest first (for a chart), against the default
    reference at each age; readings no table covers, and those taken at 20 years or older, are left out.  Empty
    without a birth date or sex."""
    if indicator not in INDICATORS:
        raise GrowthError(f"no growth indicator {indicator!r} (known: {', '.join(INDICATORS)})")
    sex = parse_sex(person.sex)
    if person.birth_date is None or sex is None:
        return []
    out = []
    for reading in reversed(_readings(vault, person.id, indicator, limit=2000)):
        age = _age_days(person.birth_date, reading.day)
        if age is None:
            continue
        result = growth_z(indicator, sex, age, reading.value)
        if result is not None:
            out.append(result)
    return out

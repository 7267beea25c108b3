"""Trends: how a person's own readings of one measurement moved over a period, compared with themselves.

Everything is read from the maintained daily summaries (:func:`wallet.features.measurements.daily`),
never from the raw readings: one value per day, the day's average (both numbers of a
blood-pressure pair), or the day's total for counted types such as steps (overlaps counted once).

A :class:`Trend` holds the days of the period and what they add up to:

* ``mean``: the mean of the daily values (each day weighs the same, however many readings it had);
* ``change_last_year``: the same period one year before, its mean and the difference;
* ``change_baseline``: the person's own **baseline**, the mean of the daily values of the first
  :data:`BASELINE_DAYS` days of readings of that type (from the first day with a reading), taken
  only from before the period, so the baseline never contains the days it is compared with.
  None when the readings start inside the period;
* ``slope_per_month``: the least-squares slope of the daily values over the days of the period
  (:func:`statistics.linear_regression`), per :data:`DAYS_PER_MONTH` days; None with fewer than
  :data:`SLOPE_MIN_POINTS` days of readings or when they span fewer than :data:`SLOPE_MIN_SPAN` days;
* ``band``: the normal range of the guideline for the type (:mod:`.guidelines`), for a chart's band.

Facts, not advice: the numbers say how the readings moved, nothing about what that means.
"""

from __future__ import annotations

import json
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from wallet.features import measurements as m
from wallet.features.insights.references import Reference, reference
from wallet.terms.measures import BY_KEY, type_label

if TYPE_CHECKING:
    from wallet.store.vault import Vault

BASELINE_DAYS = 90
"""The baseline is the first this many days of a person's readings of a type."""
DAYS_PER_MONTH = 365.25 / 12
"""The slope is given per this many days."""
DEFAULT_PERIOD_DAYS = 90
SLOPE_MIN_POINTS = 3
SLOPE_MIN_SPAN = 14
"""A slope needs at least this many days with readings, this many days apart from first to last
(two readings a day apart would otherwise make a steep "trend" of one step)."""


@dataclass(frozen=True)
class Change:
    """A comparison period: its days, its mean (and second mean of a pair), and the difference to the trend's."""

    start: date
    end: date
    days: int
    """How many days of the comparison period had readings."""
    mean: float
    difference: float
    """The trend's mean minus this period's mean (positive: higher now)."""
    mean2: float | None = None
    difference2: float | None = None

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready fields."""
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "days": self.days,
            "mean": self.mean,
            "difference": self.difference,
            "mean2": self.mean2,
            "difference2": self.difference2,
        }


@dataclass(frozen=True)
class Trend:
    """One measurement type over a period: the daily values and what they add up to.  Facts, not advice."""

    measurement: str
    name: str
    unit: str
    start: date
    end: date
    points: list[tuple[str, float, float | None]]
    """(day, value, value2), oldest first: the daily average, or the daily total of a counted type."""
    latest: m.Sample | None
    """The newest reading of the type (whenever it was)."""
    mean: float | None
    mean2: float | None
    change_last_year: Change | None
    change_baseline: Change | None
    slope_per_month: float | None
    band: tuple[float | None, float | None] | None
    """The guideline's normal range (of the first number of a pair), None without a guideline."""
    band2: tuple[float | None, float | None] | None = None
    """The normal range of the second number of a pair (diastolic)."""
    band_reference: Reference | None = None
    """The reference whose guideline gives the band."""
    cumulative: bool = False
    """A counted type (steps): the daily values are totals."""
    first_day: str | None = None
    """The first day the person has any reading of the type (where the baseline starts)."""
    notes: list[str] = field(default_factory=list)

    def value_text(self, value: float | None, value2: float | None = None) -> str:
        """A value of this trend with its unit: ``8,200 steps``, ``128/82 mmHg``."""
        unit = f" {self.unit}" if self.unit else ""
        if value2 is not None:
            return f"{m.number_text(value)}/{m.number_text(value2)}{unit}"
        return f"{m.number_text(value)}{unit}"

    def band_text(self, lang: str = "en") -> str | None:
        """The normal range as a person reads it: ``below 120 / below 80 mmHg``, ``18.5–23 kg/m²``."""
        if self.band is None:
            return None
        parts = [range_text(self.band, lang)]
        if self.band2 is not None:
            parts.append(range_text(self.band2, lang))
        return " / ".join(parts) + (f" {self.unit}" if self.unit else "")

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready fields (``mydata-wallet insights --json``)."""
        return {
            "measurement": self.measurement,
            "name": self.name,
            "unit": self.unit,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "days": len(self.points),
            "points": [list(p) for p in self.points],
            "latest": (
                {"when": self.latest.local_start or self.latest.start, "value": self.latest.text}
                if self.latest
                else None
            ),
            "mean": self.mean,
            "mean2": self.mean2,
            "change_last_year": self.change_last_year.as_dict() if self.change_last_year else None,
            "change_baseline": self.change_baseline.as_dict() if self.change_baseline else None,
            "baseline": f"the mean of the daily values of the first {BASELINE_DAYS} days of readings",
            "slope_per_month": self.slope_per_month,
            "band": list(self.band) if self.band else None,
            "band2": list(self.band2) if self.band2 else None,
            "band_reference": self.band_reference.as_dict() if self.band_reference else None,
            "cumulative": self.cumulative,
            "first_day": self.first_day,
        }


def range_text(band: tuple[float | None, float | None], lang: str = "en") -> str:
    """A range whose upper end is excluded: ``below 120``, ``90 and over``, ``18.5–23``."""
    low, high = band
    if low is None and high is None:
        return "-"
    if low is None:
        return f"{m.number_text(high)} 미만" if lang == "ko" else f"below {m.number_text(high)}"
    if high is None:
        return f"{m.number_text(low)} 이상" if lang == "ko" else f"{m.number_text(low)} and over"
    return f"{m.number_text(low)}–{m.number_text(high)}"


# ----------------------------------------------------------------------------- daily values
def year_before(day: date) -> date:
    """The same calendar day a year earlier (29 February: the 28th)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def daily_points(
    values: Iterable[m.DailyValue], key: str, start: date | None = None, end: date | None = None
) -> list[tuple[str, float, float | None]]:
    """(day, value, value2) oldest first, from daily summaries: the total of a counted type, else the average.

    Only the type's canonical unit is kept when it has one (a reading that could not be converted
    keeps its own unit and is not mixed in); an unknown type keeps its most common unit.
    """
    rows = list(values)
    wanted = main_unit(rows, key)
    lo, hi = (start.isoformat() if start else ""), (end.isoformat() if end else "9999")
    out = []
    for v in rows:
        if v.unit != wanted or not (lo <= v.day <= hi):
            continue
        value = v.total if v.total is not None else v.average
        out.append((v.day, float(value), float(v.average2) if v.average2 is not None else None))
    out.sort(key=lambda p: p[0])
    return out


def main_unit(rows: Sequence[m.DailyValue], key: str) -> str | None:
    """The unit of the daily summaries to use: the type's canonical one, else the most common."""
    t = BY_KEY.get(key)
    if t is not None and any(v.unit == t.display for v in rows):
        return t.display
    counts: dict[str | None, int] = {}
    for v in rows:
        counts[v.unit] = counts.get(v.unit, 0) + v.count
    return max(counts, key=lambda u: counts[u]) if counts else None


def _mean(values: Sequence[float | None]) -> float | None:
    numbers = [v for v in values if v is not None]
    return statistics.fmean(numbers) if numbers else None


def _slope(points: Sequence[tuple[str, float, float | None]], start: date) -> float | None:
    if len(points) < SLOPE_MIN_POINTS:
        return None
    xs = [float((date.fromisoformat(d) - start).days) for d, _, _ in points]
    ys = [v for _, v, _ in points]
    if max(xs) - min(xs) < SLOPE_MIN_SPAN:
        return None
    return statistics.linear_regression(xs, ys).slope * DAYS_PER_MONTH


def _change(
    points: Sequence[tuple[str, float, float | None]],
    start: date,
    end: date,
    mean: float | None,
    mean2: float | None,
) -> Change | None:
    inside = [p for p in points if start.isoformat() <= p[0] <= end.isoformat()]
    then = _mean([p[1] for p in inside])
    if then is None or mean is None:
        return None
    then2 = _mean([p[2] for p in inside])
    diff2 = mean2 - then2 if mean2 is not None and then2 is not None else None
    return Change(start, end, len(inside), then, mean - then, then2, diff2)


def band_for(key: str, sex: str | None = None, index: int = 0) -> tuple[float | None, float | None] | None:
    """The normal range of the guideline for measurement ``key``, in its canonical unit; None without one.

    The first guideline :func:`wallet.features.insights.guidelines.guidelines_for` names (Korean ones
    first) that has one: the span of its level-0 categories for ``sex`` (``male``/``female``, or as a
    source writes it); ``index`` 1 is the second number of a pair (diastolic).
    """
    found = _band_and_reference(key, sex, index)
    return found[0] if found else None


def _band_and_reference(
    key: str, sex: str | None, index: int = 0
) -> tuple[tuple[float | None, float | None], str] | None:
    try:
        from wallet.features.insights import guidelines
    except ImportError:  # pragma: no cover - only while the guidelines module is being written
        return None
    who = guidelines.sex_of(sex)
    for gid in guidelines.guidelines_for(key):
        g = guidelines.guideline(gid)
        if index and not g.paired:
            return None
        band = g.band(who, index)
        if band is not None:
            return band, g.reference
    return None


# ----------------------------------------------------------------------------- trends
def trend(
    vault: Vault,
    person_id: str,
    measurement: str,
    start: date,
    end: date,
    lang: str = "en",
    *,
    _types: dict[str, m.TypeSummary] | None = None,
) -> Trend:
    """The readings of ``measurement`` of ``person_id`` from ``start`` to ``end`` (both days included)."""
    if end < start:
        start, end = end, start
    types = _types if _types is not None else {t.key: t for t in m.measurement_types(vault, person_id, lang)}
    summary = types.get(measurement)
    rows = m.daily(vault, measurement, person_id, lang=lang)
    every = daily_points(rows, measurement)
    points = [p for p in every if start.isoformat() <= p[0] <= end.isoformat()]
    mean = _mean([p[1] for p in points])
    mean2 = _mean([p[2] for p in points])
    last_year = _change(every, year_before(start), year_before(end), mean, mean2)
    baseline = None
    first_day = every[0][0] if every else None
    if first_day is not None:
        base_start = date.fromisoformat(first_day)
        base_end = min(base_start + timedelta(days=BASELINE_DAYS - 1), start - timedelta(days=1))
        if base_start <= base_end:
            baseline = _change(every, base_start, base_end, mean, mean2)
    latest = m.samples(vault, measurement, person_id, limit=1, lang=lang)
    sex = vault.person(person_id).sex
    found = _band_and_reference(measurement, sex)
    t = BY_KEY.get(measurement)
    unit = t.display if t is not None else (summary.unit if summary and summary.unit else "")
    name = summary.name if summary is not None else type_label(measurement, lang)
    return Trend(
        measurement=measurement,
        name=name,
        unit=unit or "",
        start=start,
        end=end,
        points=points,
        latest=latest[0] if latest else None,
        mean=mean,
        mean2=mean2,
        change_last_year=last_year,
        change_baseline=baseline,
        slope_per_month=_slope(points, start),
        band=found[0] if found else None,
        band2=band_for(measurement, sex, 1) if found and t is not None and t.paired else None,
        band_reference=reference(found[1]) if found else None,
        cumulative=bool(t and t.cumulative),
        first_day=first_day,
    )


def trends(
    vault: Vault,
    person_id: str,
    period_days: int = DEFAULT_PERIOD_DAYS,
    lang: str = "en",
    *,
    today: date | None = None,
    include_empty: bool = False,
) -> list[Trend]:
    """A :class:`Trend` of the last ``period_days`` days (to ``today``) for every measurement type the person has.

    Known types come first, in their usual order; types without a reading in the period are left
    out unless ``include_empty``.
    """
    end = today or date.today()
    start = end - timedelta(days=max(1, period_days) - 1)
    types = {t.key: t for t in m.measurement_types(vault, person_id, lang)}
    out = []
    for key, summary in types.items():
        if not include_empty and summary.last is not None and summary.last < start.isoformat():
            continue
        found = trend(vault, person_id, key, start, end, lang, _types=types)
        if found.points or include_empty:
            out.append(found)
    return out


def recent_trends(
    vault: Vault, person_id: str, period_days: int = DEFAULT_PERIOD_DAYS, lang: str = "en", *, today: date | None = None
) -> tuple[list[Trend], date | None]:
    """The trends of the last ``period_days`` days; when the person has no reading in them (records of years
    ago, a hospital file of 2018), the ``period_days`` days up to their newest reading instead, and that day.

    The second value is None when the period ends today (``today``), else the day it ends on.
    """
    found = trends(vault, person_id, period_days, lang, today=today)
    if found:
        return found, None
    newest = max((t.last for t in m.measurement_types(vault, person_id, lang) if t.last), default=None)
    if newest is None:
        return [], None
    anchor = date.fromisoformat(newest[:10])
    return trends(vault, person_id, period_days, lang, today=anchor), anchor


# ----------------------------------------------------------------------------- record ids
def reading_record_ids(
    vault: Vault, person_id: str, start: date, end: date, keys: Sequence[str] | None = None
) -> list[str]:
    """The ids of the records whose readings (each reading once) fall on days ``start`` to ``end``,
    both numbers of a pair included, for ``keys`` (every type for None); sorted."""
    where = ""
    args: list[Any] = [person_id, start.isoformat(), end.isoformat()]
    if keys is not None:
        where = " AND x.mtype IN (SELECT value FROM json_each(?))"
        args.append(json.dumps(list(keys)))
    sql = (
        "SELECT r.id FROM readings AS x JOIN records AS r ON r.rowid = x.rid "
        f"WHERE x.person_id = ? AND x.day >= ? AND x.day <= ? AND x.main{where} "
        "UNION SELECT r.id FROM readings AS x JOIN records AS r ON r.rowid = x.rid2 "
        f"WHERE x.person_id = ? AND x.day >= ? AND x.day <= ? AND x.main{where}"
    )
    return sorted(str(rid) for (rid,) in vault.conn.execute(sql, args + args))

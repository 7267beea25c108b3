"""The monthly summary: one month of a person's readings, where they stand at its end, and their goals.

Per measurement type: how many readings and on how many days, their mean, minimum and maximum
(for counted types such as steps: the month's total and the mean, minimum and maximum of the daily
totals), and how the month compares with the month before and with the same month a year before
(the difference of the mean, or of the mean daily total of a counted type).  All of it is read
from the maintained daily summaries (:func:`wallet.features.measurements.daily`).

The summary lists the ids of the records it was made from (:attr:`MonthlySummary.record_ids`),
so sharing it through the usual consent step can select exactly those.  As text
(:func:`summary_text`) or as a printable PDF (:func:`summary_pdf`, NanumGothic so Korean prints),
each reference named with its publisher and year.  Facts, not advice.
"""

from __future__ import annotations

import calendar
import io
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

from wallet.features import measurements as m
from wallet.features.insights.goals import GoalProgress, goals, progress
from wallet.features.insights.references import Reference
from wallet.features.insights.trends import main_unit, reading_record_ids
from wallet.terms.measures import BY_KEY

if TYPE_CHECKING:
    from wallet.features.insights.standing import Standing
    from wallet.store.vault import Vault

_TEXT = {
    "en": {
        "title": "Monthly health summary",
        "person": "Person",
        "month": "Month",
        "made": "Made on",
        "measurements": "Readings of the month",
        "none": "No readings in this month.",
        "readings": "{n} {readings} on {days} {days_word}",
        "mean": "mean",
        "range": "range",
        "total": "total",
        "daily_mean": "mean a day",
        "vs_prev": "vs the month before",
        "vs_year": "vs the same month a year before",
        "no_data": "no data",
        "standings": "Where you stand at the end of the month (latest values against published references)",
        "no_standings": "No value to compare with a reference.",
        "own_range": "the laboratory's own range",
        "goals": "Goals",
        "no_goals": "No goals set.",
        "references": "References",
        "facts": "This summary states what the readings and the named references say. It is not medical advice "
        "and does not diagnose anything.",
        "records": "Made from {n} records.",
        "col_what": "Measurement",
        "col_month": "This month",
        "col_prev": "Month before",
        "col_year": "A year before",
    },
    "ko": {
        "title": "월간 건강 요약",
        "person": "대상",
        "month": "월",
        "made": "작성일",
        "measurements": "이달의 측정값",
        "none": "이달에는 측정값이 없습니다.",
        "readings": "{days}일 동안 {n}건",
        "mean": "평균",
        "range": "범위",
        "total": "합계",
        "daily_mean": "하루 평균",
        "vs_prev": "전월 대비",
        "vs_year": "전년 동월 대비",
        "no_data": "자료 없음",
        "standings": "월말 기준 위치 (최근 값과 공개된 기준의 비교)",
        "no_standings": "기준과 비교할 값이 없습니다.",
        "own_range": "검사기관 참고치",
        "goals": "목표",
        "no_goals": "설정한 목표가 없습니다.",
        "references": "참고 기준",
        "facts": "이 요약은 측정값과 명시된 기준이 말하는 내용을 그대로 옮긴 것입니다. 의학적 조언이 아니며 "
        "진단하지 않습니다.",
        "records": "기록 {n}건으로 작성했습니다.",
        "col_what": "측정 항목",
        "col_month": "이번 달",
        "col_prev": "전월",
        "col_year": "전년 동월",
    },
}


def _t(lang: str) -> dict[str, str]:
    return _TEXT["ko" if lang == "ko" else "en"]


@dataclass(frozen=True)
class Period:
    """One month of one type: counts and statistics (all None when it had no readings)."""

    start: date
    end: date
    count: int = 0
    days: int = 0
    mean: float | None = None
    """The mean of the readings (each reading once); of a counted type: the mean daily total."""
    mean2: float | None = None
    minimum: float | None = None
    maximum: float | None = None
    """Of the readings; of a counted type: of the daily totals."""
    minimum2: float | None = None
    maximum2: float | None = None
    total: float | None = None
    """A counted type's total over the month."""

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready fields."""
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "count": self.count,
            "days": self.days,
            "mean": self.mean,
            "mean2": self.mean2,
            "minimum": self.minimum,
            "maximum": self.maximum,
            "minimum2": self.minimum2,
            "maximum2": self.maximum2,
            "total": self.total,
        }


@dataclass(frozen=True)
class MonthStat:
    """A measurement type in the month, with the month before and the same month a year before."""

    measurement: str
    name: str
    unit: str
    cumulative: bool
    month: Period
    previous: Period
    last_year: Period

    @property
    def change_previous(self) -> float | None:
        """This month's mean minus the month before's (None when either has none)."""
        return _diff(self.month.mean, self.previous.mean)

    @property
    def change_previous2(self) -> float | None:
        """The same for the second number of a pair."""
        return _diff(self.month.mean2, self.previous.mean2)

    @property
    def change_last_year(self) -> float | None:
        """This month's mean minus the same month's a year before."""
        return _diff(self.month.mean, self.last_year.mean)

    @property
    def change_last_year2(self) -> float | None:
        """The same for the second number of a pair."""
        return _diff(self.month.mean2, self.last_year.mean2)

    def value_text(self, value: float | None, value2: float | None = None) -> str:
        """A value with the unit: ``71.2 kg``, ``128/82 mmHg``."""
        unit = f" {self.unit}" if self.unit else ""
        if value is None:
            return "-"
        if value2 is not None:
            return f"{m.number_text(_round(value))}/{m.number_text(_round(value2))}{unit}"
        return f"{m.number_text(_round(value))}{unit}"

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready fields."""
        return {
            "measurement": self.measurement,
            "name": self.name,
            "unit": self.unit,
            "cumulative": self.cumulative,
            "month": self.month.as_dict(),
            "previous": self.previous.as_dict(),
            "last_year": self.last_year.as_dict(),
            "change_previous": self.change_previous,
            "change_previous2": self.change_previous2,
            "change_last_year": self.change_last_year,
            "change_last_year2": self.change_last_year2,
        }


@dataclass(frozen=True)
class MonthlySummary:
    """One person's month.  Facts, not advice."""

    person_id: str
    person_name: str
    month: date
    """The first day of the month."""
    end: date
    """Its last day."""
    lang: str
    stats: list[MonthStat]
    standings: list[Standing]
    goals: list[GoalProgress]
    record_ids: list[str]
    """Every record the summary was made from: the month's readings, the standings' and the goals'."""
    made: date = field(default_factory=date.today)

    @property
    def references(self) -> list[Reference]:
        """The references the standings name, each once, in order of appearance."""
        seen: dict[str, Reference] = {}
        for s in self.standings:
            seen.setdefault(s.reference.id, s.reference)
        return list(seen.values())

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready fields (``mydata-wallet insights summary --json``)."""
        return {
            "person_id": self.person_id,
            "person": self.person_name,
            "month": self.month.strftime("%Y-%m"),
            "start": self.month.isoformat(),
            "end": self.end.isoformat(),
            "measurements": [s.as_dict() for s in self.stats],
            "standings": [s.as_dict() for s in self.standings],
            "goals": [g.as_dict(self.lang) for g in self.goals],
            "record_ids": self.record_ids,
            "references": [r.as_dict() for r in self.references],
        }


def _diff(a: float | None, b: float | None) -> float | None:
    return a - b if a is not None and b is not None else None


def _round(value: float) -> float:
    return round(value, 1) if abs(value) >= 10 else round(value, 2)


def month_bounds(month: date) -> tuple[date, date]:
    """The first and the last day of the month of ``month``."""
    first = month.replace(day=1)
    return first, first.replace(day=calendar.monthrange(first.year, first.month)[1])


def _shift(first: date, months: int) -> date:
    index = first.year * 12 + first.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def period_of(rows: list[m.DailyValue], start: date, end: date, cumulative: bool) -> Period:
    """The statistics of the daily summaries ``rows`` (one unit) from ``start`` to ``end``."""
    lo, hi = start.isoformat(), end.isoformat()
    inside = [v for v in rows if lo <= v.day <= hi]
    if not inside:
        return Period(start, end)
    count = sum(v.count for v in inside)
    if cumulative:
        totals = [v.total if v.total is not None else v.average * v.count for v in inside]
        return Period(
            start, end, count, len(inside), sum(totals) / len(totals), None, min(totals), max(totals), total=sum(totals)
        )
    mean = sum(v.average * v.count for v in inside) / count
    pairs = [v for v in inside if v.average2 is not None]
    mean2 = sum((v.average2 or 0.0) * v.count for v in pairs) / sum(v.count for v in pairs) if pairs else None
    lows2 = [v.minimum2 for v in pairs if v.minimum2 is not None]
    highs2 = [v.maximum2 for v in pairs if v.maximum2 is not None]
    return Period(
        start,
        end,
        count,
        len(inside),
        mean,
        mean2,
        min(v.minimum for v in inside),
        max(v.maximum for v in inside),
        min(lows2) if lows2 else None,
        max(highs2) if highs2 else None,
    )


def monthly_summary(
    vault: Vault, person_id: str, month: date, lang: str = "en", *, today: date | None = None
) -> MonthlySummary:
    """The summary of the month of ``month`` for ``person_id``."""
    person = vault.person(person_id)
    first, last = month_bounds(month)
    prev_first, prev_last = month_bounds(_shift(first, -1))
    year_first, year_last = month_bounds(_shift(first, -12))
    stats = []
    for t in m.measurement_types(vault, person_id, lang):
        if t.last is None or t.first is None or t.last < year_first.isoformat() or t.first > last.isoformat():
            continue
        rows = m.daily(vault, t.key, person_id, lang=lang)
        unit = main_unit(rows, t.key)
        rows = [v for v in rows if v.unit == unit]
        known = BY_KEY.get(t.key)
        cumulative = bool(known and known.cumulative)
        this = period_of(rows, first, last, cumulative)
        if not this.count:
            continue
        stats.append(
            MonthStat(
                t.key,
                t.name,
                unit or "",
                cumulative,
                this,
                period_of(rows, prev_first, prev_last, cumulative),
                period_of(rows, year_first, year_last, cumulative),
            )
        )
    standings = _standings_at(vault, person_id, last, lang)
    on = min(last, today or date.today())
    progressed = [progress(vault, person_id, g, today=on, lang=lang) for g in goals(vault, person_id)]
    ids = set(reading_record_ids(vault, person_id, first, last))
    for s in standings:
        ids.update(s.sources)
        if s.record_id:
            ids.add(s.record_id)
    for g in progressed:
        ids.update(g.record_ids)
    return MonthlySummary(
        person_id,
        person.name or person_id,
        first,
        last,
        lang,
        stats,
        standings,
        progressed,
        sorted(ids),
        today or date.today(),
    )


def _standings_at(vault: Vault, person_id: str, last: date, lang: str) -> list[Standing]:
    """The standings of ``where_i_stand`` whose value is from the month's end or before.

    ``where_i_stand`` compares each type's newest value; a value newer than the month is left out.
    """
    from wallet.features.insights.standing import where_i_stand

    found = where_i_stand(vault, vault.person(person_id), lang)
    return [s for s in found if s.when[:10] <= last.isoformat()]


# ----------------------------------------------------------------------------- text
def _signed(stat: MonthStat, value: float | None, value2: float | None) -> str:
    if value is None:
        return "-"
    unit = f" {stat.unit}" if stat.unit else ""
    first = f"{'+' if value > 0 else ''}{m.number_text(_round(value))}"
    if value2 is not None:
        return f"{first}/{'+' if value2 > 0 else ''}{m.number_text(_round(value2))}{unit}"
    return f"{first}{unit}"


def stat_lines(stat: MonthStat, lang: str = "en") -> list[str]:
    """What the summary says of one type, as lines: the month, then its two comparisons."""
    t = _t(lang)
    p = stat.month
    head = t["readings"].format(
        n=p.count,
        days=p.days,
        readings="reading" if p.count == 1 else "readings",
        days_word="day" if p.days == 1 else "days",
    )
    if stat.cumulative:
        body = (
            f"{t['total']} {stat.value_text(p.total)}, {t['daily_mean']} {stat.value_text(p.mean)}, "
            f"{t['range']} {stat.value_text(p.minimum)} - {stat.value_text(p.maximum)}"
        )
    else:
        body = (
            f"{t['mean']} {stat.value_text(p.mean, p.mean2)}, {t['range']} "
            f"{stat.value_text(p.minimum, p.minimum2)} - {stat.value_text(p.maximum, p.maximum2)}"
        )
    prev = stat.previous
    year = stat.last_year
    vs_prev = (
        f"{_signed(stat, stat.change_previous, stat.change_previous2)} ({stat.value_text(prev.mean, prev.mean2)})"
        if prev.count
        else t["no_data"]
    )
    vs_year = (
        f"{_signed(stat, stat.change_last_year, stat.change_last_year2)} ({stat.value_text(year.mean, year.mean2)})"
        if year.count
        else t["no_data"]
    )
    return [f"{stat.name}: {head}; {body}", f"  {t['vs_prev']}: {vs_prev}", f"  {t['vs_year']}: {vs_year}"]


def standing_lines(s: Standing, lang: str = "en") -> list[str]:
    """A standing as lines: the value, the laboratory's own range first, what the reference says and its source."""
    t = _t(lang)
    out = [f"{s.name}: {s.value_text} ({s.when[:10]})"]
    if s.own_range:
        out.append(f"  {t['own_range']}: {s.own_range}")
    out.append(f"  {s.reference.label(lang)}: {s.result}")
    return out


def summary_text(s: MonthlySummary, lang: str | None = None) -> str:
    """The summary as plain text."""
    lang = lang or s.lang
    t = _t(lang)
    lines = [
        f"{t['title']}: {s.month.strftime('%Y-%m')}",
        f"{t['person']}: {s.person_name}",
        f"{t['made']}: {s.made.isoformat()}",
        "",
        t["measurements"],
    ]
    lines.extend(line for stat in s.stats for line in stat_lines(stat, lang))
    if not s.stats:
        lines.append(t["none"])
    lines += ["", t["standings"]]
    lines.extend(line for st in s.standings for line in standing_lines(st, lang))
    if not s.standings:
        lines.append(t["no_standings"])
    lines += ["", t["goals"]]
    lines.extend(f"{g.goal.label(lang)} ({g.goal.target_text(lang)}): {g.text}" for g in s.goals)
    if not s.goals:
        lines.append(t["no_goals"])
    if s.references:
        lines += ["", t["references"]]
        lines.extend(f"- {r.label(lang)}; {r.population}; {r.licence}; {r.url}" for r in s.references)
    lines += ["", t["records"].format(n=len(s.record_ids)), t["facts"]]
    return "\n".join(lines)


# ----------------------------------------------------------------------------- PDF
def summary_pdf(s: MonthlySummary, lang: str | None = None) -> bytes:
    """The summary as a printable A4 PDF (NanumGothic embedded, so Korean prints everywhere)."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    from wallet.features.emergency.pdf import FONT, FONT_BOLD, printable, register_fonts

    lang = lang or s.lang
    t = _t(lang)
    register_fonts()

    def x(text: str) -> str:
        return escape(printable(text))

    title = ParagraphStyle("title", fontName=FONT_BOLD, fontSize=16, leading=20, spaceAfter=4)
    head = ParagraphStyle("head", fontName=FONT_BOLD, fontSize=12, leading=15, spaceBefore=10, spaceAfter=4)
    body = ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=12.5)
    small = ParagraphStyle("small", fontName=FONT, fontSize=8, leading=10.5, textColor=colors.black)
    story: list[Any] = [
        Paragraph(x(f"{t['title']}: {s.month.strftime('%Y-%m')}"), title),
        Paragraph(x(f"{t['person']}: {s.person_name}  ·  {t['made']}: {s.made.isoformat()}"), body),
        Paragraph(x(t["measurements"]), head),
    ]
    if s.stats:
        rows: list[list[Any]] = [[Paragraph(x(t[k]), small) for k in ("col_what", "col_month", "col_prev", "col_year")]]
        for stat in s.stats:
            lines = stat_lines(stat, lang)
            month_text = lines[0].split(": ", 1)[1]
            rows.append(
                [
                    Paragraph(x(stat.name), small),
                    Paragraph(x(month_text), small),
                    Paragraph(x(lines[1].split(": ", 1)[1]), small),
                    Paragraph(x(lines[2].split(": ", 1)[1]), small),
                ]
            )
        table = Table(rows, colWidths=[38 * mm, 72 * mm, 35 * mm, 35 * mm], repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.4, colors.black),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")),
                ]
            )
        )
        story.append(table)
    else:
        story.append(Paragraph(x(t["none"]), body))
    story.append(Paragraph(x(t["standings"]), head))
    for st in s.standings:
        lines = standing_lines(st, lang)
        story.append(Paragraph(x(lines[0]), body))
        story.extend(Paragraph(x(line.strip()), small) for line in lines[1:])
        if st.formula:
            story.append(Paragraph(x(st.formula), small))
        story.append(Spacer(1, 3))
    if not s.standings:
        story.append(Paragraph(x(t["no_standings"]), body))
    story.append(Paragraph(x(t["goals"]), head))
    for g in s.goals:
        story.append(Paragraph(x(f"{g.goal.label(lang)} ({g.goal.target_text(lang)}): {g.text}"), body))
    if not s.goals:
        story.append(Paragraph(x(t["no_goals"]), body))
    if s.references:
        story.append(Paragraph(x(t["references"]), head))
        for r in s.references:
            story.append(Paragraph(x(f"{r.label(lang)}. {r.population}. {r.licence}. {r.url}"), small))
    story += [
        Spacer(1, 8),
        Paragraph(x(t["records"].format(n=len(s.record_ids))), small),
        Paragraph(x(t["facts"]), small),
    ]
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        title=printable(f"{t['title']} {s.month.strftime('%Y-%m')}"),
        author="MyData Wallet",
        invariant=1,
    )
    doc.build(story)
    return buf.getvalue()


def previous_month(today: date | None = None) -> date:
    """The first day of the month before ``today``'s (the default month of a summary)."""
    return _shift((today or date.today()).replace(day=1), -1)


def parse_month(text: str) -> date:
    """``YYYY-MM`` as the first day of that month; ValueError otherwise."""
    year, _, month = text.strip().partition("-")
    if not (len(year) == 4 and year.isdigit() and month.isdigit() and 1 <= int(month) <= 12 and len(month) == 2):
        raise ValueError(f"not a month: {text!r} (use YYYY-MM)")
    return date(int(year), int(month), 1)


__all__ = [
    "MonthStat",
    "MonthlySummary",
    "Period",
    "month_bounds",
    "monthly_summary",
    "parse_month",
    "previous_month",
    "summary_pdf",
    "summary_text",
]

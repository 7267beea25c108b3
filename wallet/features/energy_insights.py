"""Energy insights: use against the same period last year, a bill estimate under a published tariff, a saving plan.

Everything here is computed on this computer from the Green Button readings in the vault:

* **Use** per local day, calendar month and season (meteorological: spring March-May, summer
  June-August, autumn September-November, winter December-February), each beside the same
  period a year before.  A period without readings is ``None`` ("no data"), never 0; the
  number of days with readings says when a period is only partly covered.
* **Tariffs** are data (``resources/tariffs/*.toml``): who publishes them, where from, the date
  in force, season boundaries, tiers, rates, base charges and the charges and taxes on top,
  and whether the numbers were checked against the publisher (``verified``).
  :func:`estimate_bill` prices one month's use under one tariff as a list of lines, each with
  what it is, its amount and how it was computed, so a view can show the whole sum.
* **The utility's own costs**: when the Green Button file carries ``cost`` per reading (in the
  currency its ReadingType names), :func:`file_costs` sums them per month, as the file says.
  The Korean tariff is applied only to readings taken in Korean time (UTC+09:00) or priced in
  won, or when asked for by its id; otherwise no tariff is known and the view says so.
* **A saving plan** (:func:`saving_plan`): the month's use projected linearly from the days
  with readings (stated as such), and for each tier limit below it how many kWh less keeps the
  bill in that tier and what that saves, priced by the same :func:`estimate_bill`.

Facts, not advice: the estimate is labelled an estimate; the tariff's source and verification
state travel with every bill.

Bilingual: every text built here (a bill line's ``how``, the plan's ``projection``, the tariff
choice's ``reason``, the summary's notes) is made in English and Korean; ``explain(lang)`` /
``notes_in(lang)`` / :func:`rounding_text` give the one of ``lang`` (``"en"`` or ``"ko"``).
"""

from __future__ import annotations

import calendar
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path
from typing import Any

from wallet.errors import WalletError
from wallet.features.energy import daily_totals
from wallet.model import Record
from wallet.resources import resource_path

__all__ = [
    "KST_OFFSET_S",
    "Bill",
    "BillLine",
    "EnergySummary",
    "MonthCost",
    "PeriodUse",
    "RateStep",
    "SavingPlan",
    "SavingStep",
    "Season",
    "SuperUser",
    "Surcharge",
    "Tariff",
    "TariffError",
    "Tier",
    "TierChoice",
    "choose_tariff",
    "electricity_days",
    "energy_summary",
    "estimate_bill",
    "file_costs",
    "load_tariff",
    "meter_of",
    "month_start",
    "parse_month",
    "rounding_text",
    "saving_plan",
    "tariff_for",
    "tariffs",
    "use_by_day",
    "use_by_month",
    "use_by_season",
    "use_month_to_date",
]

TARIFF_DIR = ("tariffs",)
KST_OFFSET_S = 9 * 3600
"""Korea Standard Time, UTC+09:00 (no daylight saving): the offset of a Korean meter's readings."""
ELECTRIC_FLOWS = frozenset({None, "forward"})
"""Energy delivered to the home; energy returned to the grid ("reverse") and net values are left out."""
_WON = Decimal(1)
_TEN = Decimal(10)
_MILLI = Decimal("0.001")


class TariffError(WalletError):
    """A tariff file cannot be read, or no tariff is known for the month or id asked for."""


# ----------------------------------------------------------------------------- tariff data
@dataclass(frozen=True)
class Tier:
    """One step of a progressive tariff: use up to ``up_to_kwh`` (None: no limit) at ``energy_rate`` per kWh."""

    number: int
    low_kwh: int
    """The tier starts above this use (0 for the first tier)."""
    up_to_kwh: int | None
    base_charge: Decimal
    energy_rate: Decimal

    def span(self) -> str:
        """``0-300 kWh``, ``301-450 kWh``, ``451+ kWh``: the use this tier covers, in whole kWh."""
        low = 0 if self.low_kwh == 0 else self.low_kwh + 1
        return f"{low}-{self.up_to_kwh} kWh" if self.up_to_kwh is not None else f"{low}+ kWh"


@dataclass(frozen=True)
class Season:
    """A tariff season: its months and its tiers, lowest first."""

    key: str
    name: str
    name_ko: str
    months: tuple[int, ...]
    tiers: tuple[Tier, ...]

    def label(self, lang: str = "en") -> str:
        """The season's name in ``lang``."""
        return self.name_ko if lang == "ko" and self.name_ko else self.name


@dataclass(frozen=True)
class SuperUser:
    """Use above ``above_kwh`` in ``months`` is priced at ``energy_rate`` (KEPCO's 슈퍼유저 요금)."""

    name: str
    name_ko: str
    months: tuple[int, ...]
    above_kwh: int
    energy_rate: Decimal


@dataclass(frozen=True)
class RateStep:
    """A rate in force from ``start`` (until the next step)."""

    start: date
    rate: Decimal
    note: str = ""


@dataclass(frozen=True)
class Surcharge:
    """A charge on top: per kWh of use (``per_kwh``) or a percentage of the electricity charge (``percent``)."""

    key: str
    name: str
    name_ko: str
    kind: str
    schedule: tuple[RateStep, ...]
    rounding: str = "down_1"

    def step_on(self, day: date) -> RateStep | None:
        """The rate in force on ``day`` (None before the first)."""
        found = None
        for step in self.schedule:
            if step.start <= day:
                found = step
        return found

    def label(self, lang: str = "en") -> str:
        """The charge's name in ``lang``."""
        return self.name_ko if lang == "ko" and self.name_ko else self.name


@dataclass(frozen=True)
class Tariff:
    """A published tariff, as kept in ``resources/tariffs/*.toml`` (see the module docstring)."""

    id: str
    name: str
    name_ko: str
    publisher: str
    country: str
    currency: str
    in_force_from: date
    source: str
    verified: bool
    verification_note: str
    rounding: str
    billing_note: str
    seasons: tuple[Season, ...]
    super_user: SuperUser | None
    per_kwh: tuple[Surcharge, ...]
    percent: tuple[Surcharge, ...]
    total_name: str
    total_name_ko: str
    total_rounding: str
    path: Path | None = None

    def season(self, month: int) -> Season:
        """The season a calendar month (1-12) belongs to."""
        for season in self.seasons:
            if month in season.months:
                return season
        raise TariffError(f"tariff {self.id}: no season covers month {month}")

    def label(self, lang: str = "en") -> str:
        """The tariff's name in ``lang``."""
        return self.name_ko if lang == "ko" and self.name_ko else self.name


def _dec(value: Any, where: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | Decimal | str):
        raise TariffError(f"{where}: not a number: {value!r}")
    try:
        return Decimal(str(value))
    except ArithmeticError as exc:
        raise TariffError(f"{where}: not a number: {value!r}") from exc


def _schedule(raw: Any, where: str) -> tuple[RateStep, ...]:
    if not isinstance(raw, list) or not raw:
        raise TariffError(f"{where}: 'schedule' must list at least one {{from, rate}}")
    steps = []
    for i, item in enumerate(raw):
        if not isinstance(item, dict) or not isinstance(item.get("from"), date):
            raise TariffError(f"{where}: schedule entry {i + 1} needs a date 'from' and a 'rate'")
        steps.append(RateStep(item["from"], _dec(item.get("rate"), where), str(item.get("note", ""))))
    return tuple(sorted(steps, key=lambda s: s.start))


def _surcharges(raw: Any, kind: str, name: str) -> tuple[Surcharge, ...]:
    out = []
    for item in raw or []:
        where = f"{name}: {kind} charge {item.get('key', '?')}"
        out.append(
            Surcharge(
                key=str(item["key"]),
                name=str(item.get("name", item["key"])),
                name_ko=str(item.get("name_ko", "")),
                kind=kind,
                schedule=_schedule(item.get("schedule"), where),
                rounding=str(item.get("rounding", "down_1")),
            )
        )
    return tuple(out)


def _seasons(raw: Any, name: str) -> tuple[Season, ...]:
    if not isinstance(raw, list) or not raw:
        raise TariffError(f"{name}: no [[seasons]]")
    seasons = []
    covered: list[int] = []
    for s in raw:
        tiers = []
        low = 0
        raw_tiers = s.get("tiers") or []
        for i, t in enumerate(raw_tiers):
            where = f"{name}: season {s.get('key')} tier {i + 1}"
            up = t.get("up_to_kwh")
            if up is None and i != len(raw_tiers) - 1:
                raise TariffError(f"{where}: only the last tier may have no 'up_to_kwh'")
            if up is not None and (not isinstance(up, int) or up <= low):
                raise TariffError(f"{where}: 'up_to_kwh' must be a whole number above {low}")
            tiers.append(Tier(i + 1, low, up, _dec(t.get("base_charge"), where), _dec(t.get("energy_rate"), where)))
            low = up if up is not None else low
        if not tiers or tiers[-1].up_to_kwh is not None:
            raise TariffError(f"{name}: season {s.get('key')}: the last tier must have no upper limit")
        months = tuple(int(m) for m in s.get("months", []))
        covered.extend(months)
        seasons.append(
            Season(str(s["key"]), str(s.get("name", s["key"])), str(s.get("name_ko", "")), months, tuple(tiers))
        )
    if sorted(covered) != list(range(1, 13)):
        raise TariffError(f"{name}: the seasons must cover each month once (they cover {sorted(covered)})")
    return tuple(seasons)


def load_tariff(path: Path) -> Tariff:
    """Read one tariff file; a broken or incomplete file is a :class:`TariffError` naming what is wrong."""
    name = path.name
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise TariffError(f"tariff file {name} cannot be read: {exc}") from exc
    try:
        in_force = data["in_force_from"]
        if not isinstance(in_force, date):
            raise TariffError(f"{name}: 'in_force_from' must be a date (YYYY-MM-DD)")
        su = data.get("super_user")
        total = data.get("total") or {}
        return Tariff(
            id=str(data["id"]),
            name=str(data["name"]),
            name_ko=str(data.get("name_ko", "")),
            publisher=str(data["publisher"]),
            country=str(data.get("country", "")),
            currency=str(data["currency"]),
            in_force_from=in_force,
            source=str(data["source"]),
            verified=bool(data.get("verified", False)),
            verification_note=str(data.get("verification_note", "")),
            rounding=str(data.get("rounding", "")),
            billing_note=str(data.get("billing_note", "")),
            seasons=_seasons(data.get("seasons"), name),
            super_user=(
                SuperUser(
                    str(su.get("name", "super-user rate")),
                    str(su.get("name_ko", "")),
                    tuple(int(m) for m in su["months"]),
                    int(su["above_kwh"]),
                    _dec(su["energy_rate"], f"{name}: super_user"),
                )
                if su
                else None
            ),
            per_kwh=_surcharges(data.get("per_kwh"), "per_kwh", name),
            percent=_surcharges(data.get("percent"), "percent", name),
            total_name=str(total.get("name", "Amount billed")),
            total_name_ko=str(total.get("name_ko", "")),
            total_rounding=str(total.get("rounding", "down_1")),
            path=path,
        )
    except KeyError as exc:
        raise TariffError(f"tariff file {name} lacks {exc.args[0]!r}") from exc


@cache
def _shipped() -> tuple[Tariff, ...]:
    folder = resource_path(*TARIFF_DIR)
    if not folder.is_dir():
        return ()
    return tuple(load_tariff(p) for p in sorted(folder.glob("*.toml")))


def tariffs(folder: Path | None = None) -> list[Tariff]:
    """Every tariff on file (the shipped ones, or those of ``folder``), oldest first."""
    found = _shipped() if folder is None else tuple(load_tariff(p) for p in sorted(folder.glob("*.toml")))
    return sorted(found, key=lambda t: (t.id, t.in_force_from))


def tariff_for(month: date, tariff_id: str | None = None, folder: Path | None = None) -> Tariff:
    """The tariff (of ``tariff_id``, else of any id) in force on the first day of ``month``.

    A :class:`TariffError` says which tariffs are on file when none applies.
    """
    first = month_start(month)
    known = [t for t in tariffs(folder) if tariff_id is None or t.id == tariff_id]
    if not known:
        ids = sorted({t.id for t in tariffs(folder)})
        raise TariffError(f"no tariff {tariff_id!r} on file (known: {', '.join(ids) or 'none'})")
    in_force = [t for t in known if t.in_force_from <= first]
    if not in_force:
        earliest = min(t.in_force_from for t in known)
        raise TariffError(
            f"no tariff on file was in force on {first.isoformat()} (the tariffs on file start {earliest.isoformat()})"
        )
    return max(in_force, key=lambda t: t.in_force_from)


# ----------------------------------------------------------------------------- the bill
@dataclass(frozen=True)
class BillLine:
    """One line of an estimated bill: what it is, its amount in the tariff's currency, and how it was computed."""

    key: str
    what: str
    what_ko: str
    amount: Decimal
    how: str
    how_ko: str = ""
    """How it was computed, in Korean."""

    def label(self, lang: str = "en") -> str:
        """The line's name in ``lang``."""
        return self.what_ko if lang == "ko" and self.what_ko else self.what

    def explain(self, lang: str = "en") -> str:
        """How the line was computed, in ``lang``."""
        return self.how_ko if lang == "ko" and self.how_ko else self.how


@dataclass(frozen=True)
class Bill:
    """An estimated bill for one month's use under one tariff; ``total`` is the amount billed."""

    tariff_id: str
    month: date
    kwh: Decimal
    """The use priced: whole kWh, as the meter counts them (fractions of the readings' sum dropped)."""
    season: Season
    tier: Tier
    super_user: bool
    currency: str
    lines: tuple[BillLine, ...]
    total: Decimal

    def line(self, key: str) -> BillLine | None:
        """The line with this key (``base``, ``energy``, ``climate``, ``fuel``, ``charge``, ``vat``, ``fund``)."""
        return next((ln for ln in self.lines if ln.key == key), None)


def _round(value: Decimal, rule: str) -> Decimal:
    """``down_1``/``down_10``: drop below the won / 10 won; ``half_up_1``: nearest won, halves up."""
    if rule == "half_up_1":
        return value.quantize(_WON, rounding=ROUND_HALF_UP)
    if rule == "down_10":
        return (value / _TEN).quantize(_WON, rounding=ROUND_DOWN) * _TEN
    return value.quantize(_WON, rounding=ROUND_DOWN)


_ROUNDING_TEXT = {
    "down_1": "fractions of a won dropped",
    "down_10": "truncated to 10 won",
    "half_up_1": "rounded to the won",
}
_ROUNDING_TEXT_KO = {
    "down_1": "원 미만 버림",
    "down_10": "10원 미만 버림",
    "half_up_1": "원 미만 반올림",
}


def _rounding(rule: str, lang: str) -> str:
    """How a rounding rule rounds, in ``lang`` (the rule itself when it is not one of the known ones)."""
    return (_ROUNDING_TEXT_KO if lang == "ko" else _ROUNDING_TEXT).get(rule, rule)


def rounding_text(tariff: Tariff, lang: str = "en") -> str:
    """How ``tariff``'s bill is rounded, in ``lang``: the file's words in English, built from its rules in Korean.

    Korean: the charges (base, energy, per-kWh) drop fractions of a won as :func:`estimate_bill` does;
    each percentage charge and the amount billed round by their own rule.
    """
    if lang != "ko":
        return tariff.rounding or "; ".join(
            [f"charges: {_ROUNDING_TEXT['down_1']}"]
            + [f"{c.name}: {_rounding(c.rounding, 'en')}" for c in tariff.percent]
            + [f"{tariff.total_name}: {_rounding(tariff.total_rounding, 'en')}"]
        )
    parts = [f"요금: {_ROUNDING_TEXT_KO['down_1']}"]
    parts += [f"{c.label('ko')}: {_rounding(c.rounding, 'ko')}" for c in tariff.percent]
    parts.append(f"{tariff.total_name_ko or tariff.total_name}: {_rounding(tariff.total_rounding, 'ko')}")
    return "; ".join(parts)


def _n(value: Decimal) -> str:
    """A number as a bill writes it: thousands separated, no trailing zeros beyond one decimal for rates."""
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value:,.1f}" if value.as_tuple().exponent == -1 else f"{value.normalize():,}"


def month_start(day: date) -> date:
    """The first day of ``day``'s month."""
    return day.replace(day=1)


def estimate_bill(kwh: Decimal | float | int, month: date, tariff: Tariff) -> Bill:
    """Price one calendar month's use (``kwh``) under ``tariff``, line by line.

    Bill = the base charge of the tier reached + the progressive energy charge (each tier's kWh at
    its rate; above the super-user limit in its months at the super-user rate) + the per-kWh
    charges (climate-environment, fuel-cost adjustment); then VAT and the electricity industry
    fund as percentages of that charge; the total rounded as the tariff says (KEPCO: down to 10 won).
    """
    use = Decimal(repr(kwh)) if isinstance(kwh, float) else Decimal(kwh)
    if use < 0:
        raise TariffError(f"use cannot be negative: {use} kWh")
    billed = use.quantize(_WON, rounding=ROUND_DOWN)
    first = month_start(month)
    season = tariff.season(first.month)
    tier = next(t for t in season.tiers if t.up_to_kwh is None or billed <= t.up_to_kwh)
    lines: list[BillLine] = []
    lines.append(
        BillLine(
            "base",
            f"Base charge (tier {tier.number}, {tier.span()})",
            f"기본요금 ({tier.number}단계, {tier.span()})",
            tier.base_charge,
            f"{season.name}: use of {_n(billed)} kWh reaches tier {tier.number} ({tier.span()})",
            f"{season.label('ko')}: 사용량 {_n(billed)} kWh는 {tier.number}단계 ({tier.span()})",
        )
    )
    su = tariff.super_user
    su_applies = su is not None and first.month in su.months and billed > su.above_kwh
    parts: list[str] = []
    energy = Decimal(0)
    for t in season.tiers:
        if billed <= t.low_kwh:
            break
        top = billed if t.up_to_kwh is None or billed < t.up_to_kwh else Decimal(t.up_to_kwh)
        if su is not None and su_applies and t.up_to_kwh is None:
            top = Decimal(su.above_kwh)
        amount = top - t.low_kwh
        if amount > 0:
            energy += amount * t.energy_rate
            parts.append(f"{_n(amount)} kWh × {t.energy_rate:,}")
    parts_ko = list(parts)
    if su is not None and su_applies:
        extra = billed - su.above_kwh
        energy += extra * su.energy_rate
        above = _n(Decimal(su.above_kwh))
        parts.append(f"{_n(extra)} kWh × {su.energy_rate:,} (super-user, above {above} kWh)")
        parts_ko.append(f"{_n(extra)} kWh × {su.energy_rate:,} (슈퍼유저, {above} kWh 초과분)")
    energy_amount = _round(energy, "down_1")
    how = " + ".join(parts) if parts else "no use"
    how_ko = " + ".join(parts_ko) if parts_ko else "사용량 없음"
    lines.append(
        BillLine(
            "energy",
            "Energy charge",
            "전력량요금",
            energy_amount,
            f"{how} = {_n(energy)}; {_rounding('down_1', 'en')}",
            f"{how_ko} = {_n(energy)}; {_rounding('down_1', 'ko')}",
        )
    )
    charge = tier.base_charge + energy_amount
    for s in tariff.per_kwh:
        step = s.step_on(first)
        if step is None:
            continue
        amount = _round(billed * step.rate, s.rounding)
        note = f" ({step.note})" if step.note else ""
        lines.append(
            BillLine(
                s.key,
                s.name,
                s.name_ko,
                amount,
                f"{_n(billed)} kWh × {step.rate:,} per kWh, in force from {step.start.isoformat()}{note}",
                f"{_n(billed)} kWh × kWh당 {step.rate:,}, {step.start.isoformat()}부터 적용",
            )
        )
        charge += amount
    lines.append(
        BillLine("charge", "Electricity charge", "전기요금계", charge, "the sum of the lines above", "위 항목의 합계")
    )
    total = charge
    for s in tariff.percent:
        step = s.step_on(first)
        if step is None:
            continue
        exact = charge * step.rate / 100
        amount = _round(exact, s.rounding)
        lines.append(
            BillLine(
                s.key,
                f"{s.name} ({_n(step.rate)}%)",
                f"{s.name_ko} ({_n(step.rate)}%)",
                amount,
                f"{_n(charge)} × {_n(step.rate)}% = {_n(exact)}; {_rounding(s.rounding, 'en')}"
                f" (rate in force from {step.start.isoformat()})",
                f"{_n(charge)} × {_n(step.rate)}% = {_n(exact)}; {_rounding(s.rounding, 'ko')}"
                f" ({step.start.isoformat()}부터 적용된 요율)",
            )
        )
        total += amount
    billed_total = _round(total, tariff.total_rounding)
    lines.append(
        BillLine(
            "total",
            tariff.total_name,
            tariff.total_name_ko,
            billed_total,
            f"{_n(total)}; {_rounding(tariff.total_rounding, 'en')}",
            f"{_n(total)}; {_rounding(tariff.total_rounding, 'ko')}",
        )
    )
    return Bill(tariff.id, first, billed, season, tier, bool(su_applies), tariff.currency, tuple(lines), billed_total)


# ----------------------------------------------------------------------------- use over time
def _is_electric_use(rec: Record) -> bool:
    p = rec.payload
    return (
        rec.kind == "interval_reading"
        and rec.unit == "kWh"
        and (p.get("commodity") or "electricity") == "electricity"
        and p.get("flow_direction") in ELECTRIC_FLOWS
    )


def meter_of(rec: Record) -> str:
    """The meter a reading belongs to: its usage point, else its meter reading, else the file it came from."""
    p = rec.payload
    return str(p.get("usage_point") or p.get("meter_reading") or rec.provenance.source_name or "meter")


def electricity_days(records: Iterable[Record]) -> dict[date, Decimal]:
    """Electricity used (kWh) per local day, from interval readings (delivered energy only)."""
    use = [r for r in records if _is_electric_use(r)]
    return {t.period: Decimal(repr(t.total)) for t in daily_totals(use) if t.unit == "kWh"}


@dataclass(frozen=True)
class PeriodUse:
    """Use in one period beside the same period a year before; ``None`` means no readings at all."""

    key: str
    start: date
    end: date
    """The period's last day (inclusive)."""
    kwh: Decimal | None
    days_with_data: int
    last_year_kwh: Decimal | None
    last_year_days_with_data: int
    last_year_days: int
    """The number of days of last year's period (a February or a winter with 29 February has one more)."""

    @property
    def days(self) -> int:
        """The number of days in the period."""
        return (self.end - self.start).days + 1

    @property
    def complete(self) -> bool:
        """Every day of the period has readings."""
        return self.days_with_data == self.days

    @property
    def last_year_complete(self) -> bool:
        """Every day of last year's period has readings."""
        return self.last_year_days_with_data == self.last_year_days

    @property
    def change_kwh(self) -> Decimal | None:
        """This period minus last year's; None unless both have readings on every day (like with like)."""
        if self.kwh is None or self.last_year_kwh is None or not (self.complete and self.last_year_complete):
            return None
        return self.kwh - self.last_year_kwh

    @property
    def change_percent(self) -> Decimal | None:
        """The change as a percentage of last year's use (one decimal); None without both, or from zero."""
        change = self.change_kwh
        if change is None or not self.last_year_kwh:
            return None
        return (change * 100 / self.last_year_kwh).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _year_before(day: date) -> date | None:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return None  # 29 February: last year had none


def _sum(days: dict[date, Decimal], start: date, end: date) -> tuple[Decimal | None, int]:
    total = Decimal(0)
    n = 0
    day = start
    while day <= end:
        if day in days:
            total += days[day]
            n += 1
        day += timedelta(days=1)
    return (total.quantize(_MILLI) if n else None), n


def _period(days: dict[date, Decimal], key: str, start: date, end: date) -> PeriodUse:
    kwh, n = _sum(days, start, end)
    ly_start = _year_before(start) or start.replace(year=start.year - 1, day=28)
    if end == _month_end(end):  # a whole month or season: last year's whole one (with its 29 February)
        ly_end = _month_end(date(end.year - 1, end.month, 1))
    else:  # up to a day of the month: the same days
        ly_end = _year_before(end) or end.replace(year=end.year - 1, day=28)
    ly, ly_n = _sum(days, ly_start, ly_end)
    return PeriodUse(key, start, end, kwh, n, ly, ly_n, (ly_end - ly_start).days + 1)


def _month_end(first: date) -> date:
    return first.replace(day=calendar.monthrange(first.year, first.month)[1])


def use_by_day(days: dict[date, Decimal], month: date) -> list[PeriodUse]:
    """Each day of ``month`` beside the same day a year before (29 February has none)."""
    first = month_start(month)
    out = []
    for d in range(calendar.monthrange(first.year, first.month)[1]):
        day = first + timedelta(days=d)
        ly = _year_before(day)
        kwh = days[day].quantize(_MILLI) if day in days else None
        last = days[ly].quantize(_MILLI) if ly is not None and ly in days else None
        out.append(
            PeriodUse(
                day.isoformat(), day, day, kwh, int(kwh is not None), last, int(last is not None), int(ly is not None)
            )
        )
    return out


def use_by_month(days: dict[date, Decimal]) -> list[PeriodUse]:
    """Each calendar month with readings, oldest first, beside the same month a year before."""
    months = sorted({month_start(d) for d in days})
    return [_period(days, m.strftime("%Y-%m"), m, _month_end(m)) for m in months]


def use_month_to_date(days: dict[date, Decimal], month: date) -> PeriodUse | None:
    """From the 1st of ``month`` to its last day with readings, beside the same days a year before."""
    first = month_start(month)
    inside = [d for d in days if month_start(d) == first]
    if not inside:
        return None
    return _period(days, f"{first.strftime('%Y-%m')} to {max(inside).isoformat()}", first, max(inside))


_SEASONS = (("winter", (12, 1, 2)), ("spring", (3, 4, 5)), ("summer", (6, 7, 8)), ("autumn", (9, 10, 11)))
SEASON_NAMES_KO = {"winter": "겨울", "spring": "봄", "summer": "여름", "autumn": "가을"}


def _season_of(day: date) -> tuple[str, date, date]:
    m = day.month
    if m in (12, 1, 2):
        start = date(day.year if m == 12 else day.year - 1, 12, 1)
        end = _month_end(date(start.year + 1, 2, 1))
        return f"{start.year}/{str(start.year + 1)[2:]} winter", start, end
    for name, months in _SEASONS[1:]:
        if m in months:
            start = date(day.year, months[0], 1)
            return f"{day.year} {name}", start, _month_end(date(day.year, months[-1], 1))
    raise AssertionError(m)  # pragma: no cover - every month is in a season


def use_by_season(days: dict[date, Decimal]) -> list[PeriodUse]:
    """Each meteorological season with readings (winter = December to February), beside the one a year before."""
    seen: dict[str, tuple[date, date]] = {}
    for day in days:
        key, start, end = _season_of(day)
        seen[key] = (start, end)
    return [_period(days, key, start, end) for key, (start, end) in sorted(seen.items(), key=lambda kv: kv[1][0])]


# ----------------------------------------------------------------------------- the file's own costs
@dataclass(frozen=True)
class MonthCost:
    """The utility's cost for one month, summed from the readings' ``cost`` as the file gives it."""

    month: date
    cost: Decimal
    currency: str | None
    readings_with_cost: int
    readings: int


def file_costs(records: Iterable[Record]) -> list[MonthCost]:
    """Per local month: the sum of the readings' costs, in the file's currency (months without costs left out).

    ``readings_with_cost`` beside ``readings`` shows when only some readings were priced.
    """
    use = [r for r in records if _is_electric_use(r)]
    counts: dict[date, int] = {}
    for total in daily_totals(use):
        m = month_start(total.period)
        counts[m] = counts.get(m, 0) + total.readings
    sums: dict[tuple[date, str], list[Any]] = {}
    priced = [r for r in use if r.payload.get("cost") is not None]
    for currency in sorted({str(r.payload.get("currency") or "") for r in priced}):
        same = [r for r in priced if str(r.payload.get("currency") or "") == currency]
        for total in daily_totals(same):
            entry = sums.setdefault((month_start(total.period), currency), [Decimal(0), 0])
            entry[0] += total.cost or Decimal(0)
            entry[1] += total.readings
    return [MonthCost(m, v[0], cur or None, v[1], counts.get(m, v[1])) for (m, cur), v in sorted(sums.items())]


# ----------------------------------------------------------------------------- saving plan
@dataclass(frozen=True)
class SavingStep:
    """Keeping the month's use at ``limit_kwh`` (the top of tier ``tier``, or the super-user limit).

    ``kwh_less``: whole kWh below the billed (projected) use; ``saving``: the difference of the two bills.
    """

    tier: int
    limit_kwh: int
    kwh_less: Decimal
    bill: Bill
    saving: Decimal
    super_user_limit: bool = False


@dataclass(frozen=True)
class SavingPlan:
    """The month's projected use and bill, and what staying in each lower tier would take and save."""

    month: date
    kwh_so_far: Decimal
    days_with_data: int
    days_in_month: int
    projected_kwh: Decimal
    projection: str
    """How the projection was made, in words (linear from the days with readings, or the whole month)."""
    bill: Bill
    steps: tuple[SavingStep, ...]
    projection_ko: str = ""
    """How the projection was made, in Korean."""

    def explain(self, lang: str = "en") -> str:
        """How the projection was made, in ``lang``."""
        return self.projection_ko if lang == "ko" and self.projection_ko else self.projection


def saving_plan(days: dict[date, Decimal], month: date, tariff: Tariff) -> SavingPlan | None:
    """For ``month``: the use so far, its linear projection to the month's end, the bill, and the saving steps.

    The projection is the average of the days with readings times the days of the month
    (when every day has readings, the month's own total).  For every tier limit below the
    projected use (and the super-user limit when it applies): how many kWh less keeps the bill
    at that limit, and the difference of the two bills (both from :func:`estimate_bill`).
    None when the month has no readings.
    """
    first = month_start(month)
    n_days = calendar.monthrange(first.year, first.month)[1]
    inside = {d: v for d, v in days.items() if month_start(d) == first}
    if not inside:
        return None
    so_far = sum(inside.values(), Decimal(0)).quantize(_MILLI)
    if len(inside) == n_days:
        projected = so_far
        how = f"the whole month's readings ({n_days} days)"
        how_ko = f"한 달 전체의 사용량 ({n_days}일)"
    else:
        projected = (so_far / len(inside) * n_days).quantize(_MILLI, rounding=ROUND_HALF_UP)
        how = (
            f"linear projection: {_n(so_far)} kWh over the {len(inside)} days with readings, "
            f"averaged and multiplied by the {n_days} days of the month"
        )
        how_ko = (
            f"선형 추정: 사용량이 있는 {len(inside)}일 동안 {_n(so_far)} kWh, 하루 평균에 이번 달 {n_days}일을 곱함"
        )
    bill = estimate_bill(projected, first, tariff)
    limits: list[tuple[int, int, bool]] = []
    su = tariff.super_user
    if bill.super_user and su is not None:
        limits.append((bill.tier.number, su.above_kwh, True))
    for t in reversed(bill.season.tiers):
        if t.up_to_kwh is not None and bill.kwh > t.up_to_kwh:
            limits.append((t.number, t.up_to_kwh, False))
    steps = []
    for tier_no, limit, is_su in limits:
        lower = estimate_bill(limit, first, tariff)
        steps.append(SavingStep(tier_no, limit, bill.kwh - limit, lower, bill.total - lower.total, is_su))
    return SavingPlan(first, so_far, len(inside), n_days, projected, how, bill, tuple(steps), how_ko)


# ----------------------------------------------------------------------------- choosing a tariff
@dataclass(frozen=True)
class TierChoice:
    """Which tariff prices the readings, and why (or why none does)."""

    tariff: Tariff | None
    reason: str
    reason_ko: str = ""
    """Why, in Korean."""

    def explain(self, lang: str = "en") -> str:
        """Why this tariff (or none), in ``lang``."""
        return self.reason_ko if lang == "ko" and self.reason_ko else self.reason


def _korean(records: Sequence[Record]) -> bool:
    for r in records:
        p = r.payload
        if p.get("currency") == "KRW" or p.get("tz_offset") == KST_OFFSET_S:
            return True
        local = p.get("local_start")
        if isinstance(local, str) and local.endswith("+09:00"):
            return True
    return False


def choose_tariff(records: Sequence[Record], month: date, tariff_id: str | None = None) -> TierChoice:
    """The tariff for ``month``: the one asked for by id (``"none"``: none), else KEPCO's for Korean readings.

    Readings count as Korean when their local time is UTC+09:00 or their cost is in won;
    for any other utility no tariff is known here (its file's own costs are shown instead).
    """
    if tariff_id == "none":
        return TierChoice(None, "no tariff asked for", "요금표를 쓰지 않도록 지정함")
    if tariff_id is not None:
        return TierChoice(tariff_for(month, tariff_id), f"tariff {tariff_id} asked for", f"요금표 {tariff_id} 지정")
    use = [r for r in records if _is_electric_use(r)]
    if not use:
        return TierChoice(None, "no electricity readings", "전기 사용량 없음")
    if not _korean(use):
        return TierChoice(
            None,
            "no tariff is known for this utility (the readings are not in Korean time nor priced in won); "
            "the file's own costs are shown when it has them",
            "이 공급사의 요금표는 알 수 없습니다 (사용량이 한국 시간도 아니고 원화 요금도 아님); "
            "파일에 요금이 있으면 그 요금을 보여 줍니다",
        )
    try:
        return TierChoice(
            tariff_for(month, "kepco-residential-low-voltage"),
            "the readings are in Korean time",
            "사용량이 한국 시간으로 기록됨",
        )
    except TariffError as exc:
        first = month_start(month).isoformat()
        return TierChoice(None, str(exc), f"{first}에 시행 중인 한전 주택용 요금표가 없습니다")


# ----------------------------------------------------------------------------- one summary for the views
@dataclass(frozen=True)
class EnergySummary:
    """Everything the energy views show for one month (see :func:`energy_summary`)."""

    month: date
    days: list[PeriodUse]
    month_use: PeriodUse | None
    month_to_date: PeriodUse | None
    months: list[PeriodUse]
    seasons: list[PeriodUse]
    tariff: TierChoice
    bill: Bill | None
    plan: SavingPlan | None
    costs: list[MonthCost]
    meter: str | None
    """The meter summarised (see :func:`meter_of`); None without readings."""
    meters: list[str]
    """Every meter with electricity readings, the one with the latest reading first."""
    notes: list[str] = field(default_factory=list)
    notes_ko: list[str] = field(default_factory=list)
    """The same notes in Korean."""

    def notes_in(self, lang: str = "en") -> list[str]:
        """The notes in ``lang``."""
        return self.notes_ko if lang == "ko" and len(self.notes_ko) == len(self.notes) else self.notes


def parse_month(text: str) -> date:
    """``YYYY-MM`` as the first day of that month; anything else is a ValueError saying so."""
    try:
        year, mon = text.split("-")
        return date(int(year), int(mon), 1)
    except ValueError as exc:
        raise ValueError(f"not a month: {text!r} (use YYYY-MM)") from exc


def energy_summary(
    records: Sequence[Record], month: date | None = None, tariff_id: str | None = None, meter: str | None = None
) -> EnergySummary:
    """The month's use by day, month and season against last year, the bill estimate and the saving plan.

    ``records``: the energy records (``vault.records(domain=Domain.ENERGY, kind="interval_reading")``).
    ``meter``: whose readings (see :func:`meter_of`; default: the meter with the latest reading), since
    two homes' meters must not be added up nor compared with each other.
    ``month``: any day of the month (default: the latest month with that meter's readings).
    """
    electric = [r for r in records if _is_electric_use(r)]
    latest: dict[str, Any] = {}
    for r in electric:
        key = meter_of(r)
        if r.start is not None and (key not in latest or r.start > latest[key]):
            latest[key] = r.start
    meters = sorted(latest, key=lambda k: latest[k], reverse=True)
    if meter is not None and meter not in latest:
        known = ", ".join(meters) or "none"
        raise TariffError(f"no electricity readings from meter {meter!r} (meters with readings: {known})")
    by_meter = {m: [r for r in electric if meter_of(r) == m] for m in meters}
    days_of = {m: electricity_days(recs) for m, recs in by_meter.items()}
    chosen = meter
    if chosen is None and month is not None:  # the latest meter with readings in that month
        chosen = next((m for m in meters if any(month_start(d) == month_start(month) for d in days_of[m])), None)
    if chosen is None:
        chosen = meters[0] if meters else None
    electric = by_meter.get(chosen, []) if chosen is not None else []
    days = days_of.get(chosen, {}) if chosen is not None else {}
    notes: list[str] = []
    notes_ko: list[str] = []
    if len(meters) > 1:
        others = ", ".join(m for m in meters if m != chosen)
        notes.append(f"readings of meter {chosen} only; other meters: {others}")
        notes_ko.append(f"계량기 {chosen}의 사용량만; 다른 계량기: {others}")
    if month is None:
        month = max(days) if days else date.today()
    first = month_start(month)
    months = use_by_month(days)
    month_use = next((m for m in months if m.start == first), None)
    choice = (
        choose_tariff(electric, first, tariff_id)
        if (days or tariff_id)
        else TierChoice(None, "no readings", "사용량 없음")
    )
    plan = None
    if choice.tariff is not None and month_use is not None and month_use.kwh is not None:
        plan = saving_plan(days, first, choice.tariff)
    return EnergySummary(
        first,
        use_by_day(days, first) if days else [],
        month_use,
        use_month_to_date(days, first),
        months,
        use_by_season(days),
        choice,
        plan.bill if plan is not None else None,
        plan,
        file_costs(electric),
        chosen,
        meters,
        notes,
        notes_ko,
    )

"""``mydata-wallet energy``: electricity use against last year, a bill estimate and a saving plan, on this computer.

``energy summary [--month YYYY-MM]`` prints the month's use by day beside the same days a year
before, every month and season beside the year before, the bill estimated under the tariff in
force (KEPCO's residential progressive tariff for Korean readings) line by line, the saving plan
(how many kWh less keeps the bill in a lower tier, and what that saves) and, when the Green
Button file carries them, the utility's own costs.  ``energy tariff [--month] [--kwh N]`` prints
the tariff table in force, its source and whether it was checked, and with ``--kwh`` the bill.
An estimate, not a bill: the tariff's source and verification state are printed with it.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import click

from wallet.cli.context import fail, vault_command
from wallet.cli.termsafe import echo, echo_json
from wallet.features import energy_insights as ei
from wallet.model import Domain

if TYPE_CHECKING:
    from wallet.store.vault import Vault

LANGS = ("en", "ko")

_COLS = {"en": ("period", "kWh", "last year", "change", "%"), "ko": ("기간", "kWh", "작년", "증감", "%")}
_TEXT: dict[str, dict[str, str]] = {
    "en": {
        "title": "Electricity use, {month}",
        "meter": "meter",
        "no_readings": "No electricity readings in this vault (import a Green Button file first).",
        "no_month": "No electricity readings in {month}.",
        "this_month": "This month: {kwh} over {n} of {days} days",
        "to_date": "Month to date ({start} to {end}): {kwh}; the same days last year: {last}",
        "last_year": "same month last year: {last}",
        "by_day": "By day (beside the same day last year)",
        "by_month": "By month (beside the same month last year)",
        "by_season": "By season (beside the same season last year; winter is December to February)",
        "head": "{:<22} {:>12} {:>12} {:>12} {:>8}",
        "no_data": "no data",
        "partial": "(partial: {n} of {days} days)",
        "bill": "Bill estimate for {kwh} kWh ({season}) under {tariff}",
        "bill_source": "Tariff: {publisher}; in force from {start}; source: {source}",
        "unverified": "Not verified against the publisher: {note}",
        "estimate": "An estimate from the calendar month's readings, not a bill. {note}",
        "no_tariff": "No bill estimate: {reason}.",
        "plan": "Saving plan",
        "projection": "Projected use: {kwh} kWh ({how}); estimated bill {total}",
        "step": "  {kwh_less} kWh less ({limit} kWh, {what}): the bill would be {total}, {saving} less",
        "tier_limit": "the top of tier {tier}",
        "su_limit": "the super-user limit",
        "lowest": "  The projected use is already in the lowest tier.",
        "costs": "Costs in the file (as the utility gives them)",
        "cost_row": "  {month}  {cost}  ({n} of {total} readings priced)",
        "note": "Note: {note}",
        "tier_row": "  tier {n}  {span:<14} base {base:>12}   energy {rate} {unit}",
        "super_user": "{name}: months {months}, above {above} kWh at {rate} {unit}",
        "charge_row": "{name}: {rate} {unit}, from {start}{note}",
        "rounding": "Rounding: {text}",
    },
    "ko": {
        "title": "전기 사용량, {month}",
        "meter": "계량기",
        "no_readings": "이 보관함에는 전기 사용량이 없습니다 (그린 버튼 파일을 먼저 가져오세요).",
        "no_month": "{month}에는 전기 사용량이 없습니다.",
        "this_month": "이번 달: {kwh} ({days}일 중 {n}일 자료)",
        "to_date": "이번 달 지금까지 ({start} ~ {end}): {kwh}; 작년 같은 기간: {last}",
        "last_year": "작년 같은 달: {last}",
        "by_day": "일별 (작년 같은 날과 비교)",
        "by_month": "월별 (작년 같은 달과 비교)",
        "by_season": "계절별 (작년 같은 계절과 비교; 겨울은 12~2월)",
        "head": "{:<22} {:>12} {:>12} {:>12} {:>8}",
        "no_data": "자료 없음",
        "partial": "(일부: {days}일 중 {n}일)",
        "bill": "{kwh} kWh ({season}) 예상 요금, {tariff}",
        "bill_source": "요금표: {publisher}; 시행일 {start}; 출처: {source}",
        "unverified": "발행기관 자료와 대조하지 않음: {note}",
        "estimate": "달력상 한 달의 사용량으로 계산한 추정치이며 청구서가 아닙니다. {note}",
        "no_tariff": "예상 요금 없음: {reason}.",
        "plan": "절약 계획",
        "projection": "예상 사용량: {kwh} kWh ({how}); 예상 요금 {total}",
        "step": "  {kwh_less} kWh 덜 쓰면 ({limit} kWh, {what}): 요금 {total}, {saving} 절약",
        "tier_limit": "{tier}단계 상한",
        "su_limit": "슈퍼유저 기준",
        "lowest": "  예상 사용량이 이미 가장 낮은 단계입니다.",
        "costs": "파일에 담긴 요금 (공급사가 준 그대로)",
        "cost_row": "  {month}  {cost}  (사용량 {total}건 중 {n}건에 요금 있음)",
        "note": "참고: {note}",
        "tier_row": "  {n}단계  {span:<14} 기본요금 {base:>12}   전력량요금 {rate} {unit}",
        "super_user": "{name}: {months}월, {above} kWh 초과분 {rate} {unit}",
        "charge_row": "{name}: {rate} {unit}, {start}부터{note}",
        "rounding": "끝수 처리: {text}",
    },
}

lang_option = click.option("--lang", type=click.Choice(LANGS), default="en", help="Language of the texts.")
json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON.")
month_option = click.option("--month", default=None, metavar="YYYY-MM", help="The month (default: see the command).")
tariff_option = click.option(
    "--tariff",
    "tariff_id",
    default=None,
    metavar="ID|none",
    help="Price with this tariff (default: KEPCO's for readings in Korean time; none: no estimate).",
)


def _month(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return ei.parse_month(value)
    except ValueError as exc:
        fail(str(exc))


def _kwh(value: Decimal | None, unit: bool = True) -> str:
    if value is None:
        return "-"
    text = f"{value:,.3f}"
    return f"{text} kWh" if unit else text


def _money(value: Decimal, currency: str | None, lang: str) -> str:
    from wallet.terms.money import format_money

    return str(format_money(value, currency, lang, style="code", rounded=True))


def _signed(value: Decimal | None, suffix: str = "") -> str:
    if value is None:
        return "-"
    sign = "+" if value > 0 else ""
    return f"{sign}{value}{suffix}" if suffix else f"{sign}{value:,.3f}"


def _row(t: dict[str, str], p: ei.PeriodUse) -> str:
    kwh = _kwh(p.kwh, unit=False) if p.kwh is not None else t["no_data"]
    last = _kwh(p.last_year_kwh, unit=False) if p.last_year_kwh is not None else t["no_data"]
    pct = p.change_percent
    line = t["head"].format(p.key, kwh, last, _signed(p.change_kwh), _signed(pct, "%"))
    if p.kwh is not None and not p.complete and p.days > 1:
        line += " " + t["partial"].format(n=p.days_with_data, days=p.days)
    return line


def _table(t: dict[str, str], title: str, rows: list[ei.PeriodUse]) -> None:
    echo("")
    echo(title)
    echo("  " + t["head"].format(*(_COLS["ko"] if t is _TEXT["ko"] else _COLS["en"])))
    for p in rows:
        echo("  " + _row(t, p))


def _bill_lines(bill: ei.Bill, tariff: ei.Tariff, lang: str) -> None:
    t = _TEXT[lang]
    echo(t["bill"].format(kwh=f"{bill.kwh:,}", season=bill.season.label(lang), tariff=tariff.label(lang)))
    width = max(len(line.label(lang)) for line in bill.lines)
    for line in bill.lines:
        amount = _money(line.amount, bill.currency, lang)
        echo(f"  {line.label(lang):<{width}}  {amount:>16}   {line.explain(lang)}")
    echo(t["bill_source"].format(publisher=tariff.publisher, start=tariff.in_force_from, source=tariff.source))
    if not tariff.verified:
        echo(t["unverified"].format(note=tariff.verification_note))
    echo(t["estimate"].format(note=tariff.billing_note))


def _dec(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _period_json(p: ei.PeriodUse) -> dict[str, Any]:
    return {
        "period": p.key,
        "start": p.start.isoformat(),
        "end": p.end.isoformat(),
        "kwh": _dec(p.kwh),
        "days": p.days,
        "days_with_data": p.days_with_data,
        "last_year_kwh": _dec(p.last_year_kwh),
        "last_year_days_with_data": p.last_year_days_with_data,
        "change_kwh": _dec(p.change_kwh),
        "change_percent": _dec(p.change_percent),
    }


def _tariff_json(tariff: ei.Tariff) -> dict[str, Any]:
    return {
        "id": tariff.id,
        "name": tariff.name,
        "name_ko": tariff.name_ko,
        "publisher": tariff.publisher,
        "source": tariff.source,
        "in_force_from": tariff.in_force_from.isoformat(),
        "currency": tariff.currency,
        "verified": tariff.verified,
        "verification_note": tariff.verification_note,
        "rounding": tariff.rounding,
    }


def _bill_json(bill: ei.Bill) -> dict[str, Any]:
    return {
        "tariff": bill.tariff_id,
        "month": bill.month.strftime("%Y-%m"),
        "kwh": str(bill.kwh),
        "season": bill.season.key,
        "tier": bill.tier.number,
        "super_user": bill.super_user,
        "currency": bill.currency,
        "lines": [
            {
                "key": ln.key,
                "what": ln.what,
                "what_ko": ln.what_ko,
                "amount": str(ln.amount),
                "how": ln.how,
                "how_ko": ln.how_ko,
            }
            for ln in bill.lines
        ],
        "total": str(bill.total),
    }


def _plan_json(plan: ei.SavingPlan) -> dict[str, Any]:
    return {
        "kwh_so_far": str(plan.kwh_so_far),
        "days_with_data": plan.days_with_data,
        "days_in_month": plan.days_in_month,
        "projected_kwh": str(plan.projected_kwh),
        "projection": plan.projection,
        "projection_ko": plan.projection_ko,
        "bill_total": str(plan.bill.total),
        "steps": [
            {
                "tier": s.tier,
                "limit_kwh": s.limit_kwh,
                "super_user_limit": s.super_user_limit,
                "kwh_less": str(s.kwh_less),
                "bill_total": str(s.bill.total),
                "saving": str(s.saving),
            }
            for s in plan.steps
        ],
    }


@click.group()
def energy() -> None:
    """Electricity use against last year, a bill estimate under the tariff in force, and a saving plan."""


@energy.command("summary")
@month_option
@tariff_option
@click.option("--person", default=None, metavar="NAME|ID", help="Whose readings (default: every energy reading).")
@click.option("--meter", default=None, metavar="KEY", help="Which meter (default: the one with the latest reading).")
@lang_option
@json_option
@vault_command
def summary_cmd(
    vault: Vault,
    month: str | None,
    tariff_id: str | None,
    person: str | None,
    meter: str | None,
    lang: str,
    as_json: bool,
) -> None:
    """The month's use (default: the latest month with readings) by day, month and season, bill and saving plan."""
    person_id = vault.resolve_person(person).id if person else None
    records = vault.records(person_id=person_id, domain=Domain.ENERGY, kind="interval_reading", newest_first=False)
    s = ei.energy_summary(records, _month(month), tariff_id, meter)
    if as_json:
        echo_json(
            {
                "month": s.month.strftime("%Y-%m"),
                "meter": s.meter,
                "meters": s.meters,
                "month_use": _period_json(s.month_use) if s.month_use else None,
                "month_to_date": _period_json(s.month_to_date) if s.month_to_date else None,
                "days": [_period_json(p) for p in s.days],
                "months": [_period_json(p) for p in s.months],
                "seasons": [_period_json(p) for p in s.seasons],
                "tariff": _tariff_json(s.tariff.tariff) if s.tariff.tariff else None,
                "tariff_reason": s.tariff.reason,
                "tariff_reason_ko": s.tariff.reason_ko,
                "bill": _bill_json(s.bill) if s.bill else None,
                "saving_plan": _plan_json(s.plan) if s.plan else None,
                "file_costs": [
                    {
                        "month": c.month.strftime("%Y-%m"),
                        "cost": str(c.cost),
                        "currency": c.currency,
                        "readings_with_cost": c.readings_with_cost,
                        "readings": c.readings,
                    }
                    for c in s.costs
                ],
                "notes": s.notes,
                "notes_ko": s.notes_ko,
            }
        )
        return
    t = _TEXT[lang]
    label = s.month.strftime("%Y-%m")
    echo(t["title"].format(month=label) + (f" ({t['meter']} {s.meter})" if s.meter else ""))
    if not s.months:
        echo(t["no_readings"])
        return
    if s.month_use is None or s.month_use.kwh is None:
        echo(t["no_month"].format(month=label))
    else:
        mu = s.month_use
        line = t["this_month"].format(kwh=_kwh(mu.kwh), n=mu.days_with_data, days=mu.days)
        last = _kwh(mu.last_year_kwh) if mu.last_year_kwh is not None else t["no_data"]
        echo(f"{line}; {t['last_year'].format(last=last)}")
        mtd = s.month_to_date
        if mtd is not None and not mu.complete:
            last = _kwh(mtd.last_year_kwh) if mtd.last_year_kwh is not None else t["no_data"]
            echo(t["to_date"].format(start=mtd.start, end=mtd.end, kwh=_kwh(mtd.kwh), last=last))
        _table(t, t["by_day"], s.days)
    _table(t, t["by_month"], s.months)
    _table(t, t["by_season"], s.seasons)
    echo("")
    tariff = s.tariff.tariff
    if s.bill is not None and tariff is not None:
        _bill_lines(s.bill, tariff, lang)
    else:
        echo(t["no_tariff"].format(reason=s.tariff.explain(lang)))
    if s.plan is not None:
        plan = s.plan
        echo("")
        echo(t["plan"])
        total = _money(plan.bill.total, plan.bill.currency, lang)
        echo(t["projection"].format(kwh=f"{plan.projected_kwh:,}", how=plan.explain(lang), total=total))
        for step in plan.steps:
            what = t["su_limit"] if step.super_user_limit else t["tier_limit"].format(tier=step.tier)
            echo(
                t["step"].format(
                    kwh_less=f"{step.kwh_less:,}",
                    limit=f"{step.limit_kwh:,}",
                    what=what,
                    total=_money(step.bill.total, step.bill.currency, lang),
                    saving=_money(step.saving, step.bill.currency, lang),
                )
            )
        if not plan.steps:
            echo(t["lowest"])
    if s.costs:
        echo("")
        echo(t["costs"])
        for c in s.costs:
            cost = _money(c.cost, c.currency, lang)
            echo(
                t["cost_row"].format(
                    month=c.month.strftime("%Y-%m"), cost=cost, n=c.readings_with_cost, total=c.readings
                )
            )
    for note in s.notes_in(lang):
        echo(t["note"].format(note=note))


@energy.command("tariff")
@month_option
@click.option("--kwh", type=click.FloatRange(min=0), default=None, help="Also price this month's use (kWh).")
@click.option(
    "--tariff",
    "tariff_id",
    default="kepco-residential-low-voltage",
    show_default=True,
    metavar="ID",
    help="The tariff to show.",
)
@lang_option
@json_option
def tariff_cmd(month: str | None, kwh: float | None, tariff_id: str, lang: str, as_json: bool) -> None:
    """The tariff table in force for the month (default: this month) and, with --kwh, the bill for that use."""
    first = _month(month) or date.today().replace(day=1)
    tariff = ei.tariff_for(first, tariff_id)
    bill = ei.estimate_bill(Decimal(repr(kwh)), first, tariff) if kwh is not None else None
    if as_json:
        data = _tariff_json(tariff)
        data["month"] = first.strftime("%Y-%m")
        data["seasons"] = [
            {
                "key": s.key,
                "name": s.name,
                "months": list(s.months),
                "tiers": [
                    {
                        "tier": tr.number,
                        "up_to_kwh": tr.up_to_kwh,
                        "base_charge": str(tr.base_charge),
                        "energy_rate": str(tr.energy_rate),
                    }
                    for tr in s.tiers
                ],
            }
            for s in tariff.seasons
        ]
        su = tariff.super_user
        data["super_user"] = (
            {"months": list(su.months), "above_kwh": su.above_kwh, "energy_rate": str(su.energy_rate)} if su else None
        )
        data["charges"] = [
            {"key": c.key, "kind": c.kind, "rate": str(step.rate), "from": step.start.isoformat(), "note": step.note}
            for c in (*tariff.per_kwh, *tariff.percent)
            if (step := c.step_on(first)) is not None
        ]
        data["bill"] = _bill_json(bill) if bill else None
        echo_json(data)
        return
    echo(f"{tariff.label(lang)} ({tariff.id}), {first.strftime('%Y-%m')}")
    t = _TEXT[lang]
    echo(t["bill_source"].format(publisher=tariff.publisher, start=tariff.in_force_from, source=tariff.source))
    for season in tariff.seasons:
        echo("")
        echo(season.label(lang))
        for tr in season.tiers:
            base = _money(tr.base_charge, tariff.currency, lang)
            unit = f"{tariff.currency}/kWh"
            echo(t["tier_row"].format(n=tr.number, span=tr.span(), base=base, rate=tr.energy_rate, unit=unit))
    su = tariff.super_user
    if su is not None:
        months = ", ".join(str(m) for m in su.months)
        echo("")
        name = su.name_ko if lang == "ko" and su.name_ko else su.name
        echo(
            t["super_user"].format(
                name=name, months=months, above=f"{su.above_kwh:,}", rate=su.energy_rate, unit=f"{tariff.currency}/kWh"
            )
        )
    echo("")
    for c in (*tariff.per_kwh, *tariff.percent):
        step = c.step_on(first)
        if step is None:
            continue
        unit = f"{tariff.currency}/kWh" if c.kind == "per_kwh" else "%"
        note = f" ({step.note})" if step.note else ""
        echo(
            t["charge_row"].format(
                name=c.label(lang), rate=step.rate, unit=unit, start=step.start.isoformat(), note=note
            )
        )
    echo(t["rounding"].format(text=ei.rounding_text(tariff, lang)))
    if not tariff.verified:
        echo(t["unverified"].format(note=tariff.verification_note))
    if bill is not None:
        echo("")
        _bill_lines(bill, tariff, lang)


def register(group: click.Group) -> None:
    """Add the ``energy`` commands to the top-level group."""
    group.add_command(energy)

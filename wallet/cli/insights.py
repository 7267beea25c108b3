"""``mydata-wallet insights``: where you stand, your trends and goals, and the monthly summary, all on this computer.

``insights`` alone prints the overview: every comparison of your latest values with a published
reference (its name, publisher, year, population, licence and the formula used; the laboratory's
own range first), the trends of the last 90 days, then your goals and how far your readings are
from them.  ``insights goals set|list|delete`` keeps goals; ``insights summary --month YYYY-MM``
prints one month (``--pdf FILE`` writes it as a PDF, recorded in the audit log).
Facts, not advice: nothing here diagnoses.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from wallet.cli.context import fail, open_vault_from_ctx, vault_command
from wallet.cli.termsafe import echo, echo_json
from wallet.features import measurements as m
from wallet.features.insights import goals as goals_mod
from wallet.features.insights import summary as summary_mod
from wallet.features.insights.trends import BASELINE_DAYS, DEFAULT_PERIOD_DAYS, Change, Trend, recent_trends

if TYPE_CHECKING:
    from wallet.features.insights.standing import Standing
    from wallet.model import Person
    from wallet.store.vault import Vault

LANGS = ("en", "ko")

_TEXT = {
    "en": {
        "stand": "Where {who} stands (latest values against published references)",
        "no_stand": "  No value to compare with a reference.",
        "own_range": "laboratory's own range",
        "reference": "reference",
        "population": "population",
        "licence": "licence",
        "formula": "how",
        "trends": "Trends of the last {days} days ({start} to {end})",
        "trends_latest": "No readings in the last {days} days; the {days} days up to the newest ({start} to {end})",
        "no_trends": "  No readings in these days.",
        "mean": "mean {value} over {days} {days_word}",
        "slope": "slope {value} a month",
        "last_year": "vs the same days a year before",
        "baseline": "vs baseline (the first {n} days of readings, {start} to {end})",
        "latest": "latest",
        "band": "normal range",
        "goals": "Goals",
        "no_goals": "  No goals set (mydata-wallet insights goals set KIND TARGET).",
        "facts": "Facts, not advice: these are what the readings and the named references say.",
    },
    "ko": {
        "stand": "{who}님의 위치 (최근 값과 공개된 기준의 비교)",
        "no_stand": "  기준과 비교할 값이 없습니다.",
        "own_range": "검사기관 참고치",
        "reference": "기준",
        "population": "대상 집단",
        "licence": "이용 조건",
        "formula": "계산",
        "trends": "최근 {days}일 추세 ({start} ~ {end})",
        "trends_latest": "최근 {days}일에는 측정값이 없어, 가장 최근 측정일까지 {days}일의 추세 ({start} ~ {end})",
        "no_trends": "  이 기간에는 측정값이 없습니다.",
        "mean": "{days}일 평균 {value}",
        "slope": "한 달 기울기 {value}",
        "last_year": "1년 전 같은 기간 대비",
        "baseline": "기준선 대비 (측정 첫 {n}일, {start} ~ {end})",
        "latest": "최근",
        "band": "정상 범위",
        "goals": "목표",
        "no_goals": "  설정한 목표가 없습니다 (mydata-wallet insights goals set 종류 목표값).",
        "facts": "사실만 전합니다: 측정값과 명시된 기준이 말하는 내용이며 조언이 아닙니다.",
    },
}

lang_option = click.option(
    "--lang", type=click.Choice(LANGS), default=None, help="Language of the names and texts (default: en)."
)
person_option = click.option("--person", default=None, metavar="NAME|ID", help="Whose (default: the vault's holder).")
json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON.")


def _t(lang: str) -> dict[str, str]:
    return _TEXT["ko" if lang == "ko" else "en"]


def _group_param(name: str) -> Any:
    """An option given to ``insights`` itself (``insights --person P goals list``), None when not given."""
    ctx: click.Context | None = click.get_current_context()
    while ctx is not None:
        if ctx.command.name == "insights":
            return ctx.params.get(name)
        ctx = ctx.parent
    return None


def _person(vault: Vault, person: str | None) -> Person:
    return vault.resolve_person(person or _group_param("person"))


def _lang(lang: str | None) -> str:
    return str(lang or _group_param("lang") or "en")


# ----------------------------------------------------------------------------- overview
def _signed(trend: Trend, value: float, value2: float | None) -> str:
    def one(v: float) -> str:
        v = round(v, 1) if abs(v) >= 10 else round(v, 2)
        return f"{'+' if v > 0 else ''}{m.number_text(v)}"

    unit = f" {trend.unit}" if trend.unit else ""
    return f"{one(value)}/{one(value2)}{unit}" if value2 is not None else f"{one(value)}{unit}"


def _change_text(trend: Trend, change: Change) -> str:
    return f"{_signed(trend, change.difference, change.difference2)} ({trend.value_text(change.mean, change.mean2)})"


def _standing_lines(s: Standing, lang: str) -> list[str]:
    t = _t(lang)
    ref = s.reference
    out = [f"  {s.name}: {s.value_text} ({s.when[:10]})"]
    if s.own_range:
        out.append(f"    {t['own_range']}: {s.own_range}")
    out.append(f"    {ref.label(lang)}: {s.result}")
    out.append(f"    {t['population']}: {ref.population}; {t['licence']}: {ref.licence}")
    if s.formula:
        out.append(f"    {t['formula']}: {s.formula}")
    out.append(f"    {ref.url}")  # where to read what the reference says
    return out


def _trend_lines(tr: Trend, lang: str) -> list[str]:
    t = _t(lang)
    mean = tr.value_text(tr.mean, tr.mean2) if tr.mean is not None else "-"
    days = len(tr.points)
    head = f"  {tr.name}: {t['mean'].format(value=mean, days=days, days_word='day' if days == 1 else 'days')}"
    if tr.slope_per_month is not None:
        head += f"; {t['slope'].format(value=_signed(tr, tr.slope_per_month, None))}"
    out = [head]
    if tr.change_last_year is not None:
        out.append(f"    {t['last_year']}: {_change_text(tr, tr.change_last_year)}")
    if tr.change_baseline is not None:
        b = tr.change_baseline
        label = t["baseline"].format(n=BASELINE_DAYS, start=b.start.isoformat(), end=b.end.isoformat())
        out.append(f"    {label}: {_change_text(tr, b)}")
    if tr.latest is not None:
        when = (tr.latest.local_start or tr.latest.start)[:10]
        out.append(f"    {t['latest']}: {tr.latest.text} ({when})")
    band = tr.band_text(lang)
    if band is not None:
        source = f"; {tr.band_reference.label(lang)}" if tr.band_reference else ""
        out.append(f"    {t['band']}: {band}{source}")
    return out


def _overview(vault: Vault, person: Person, lang: str, as_json: bool) -> None:
    from wallet.features.insights.standing import where_i_stand

    standings = where_i_stand(vault, person, lang)
    standings.sort(key=lambda s: s.own_range is None)  # the laboratory's own range first
    today = date.today()
    found, anchor = recent_trends(vault, person.id, DEFAULT_PERIOD_DAYS, lang, today=today)
    end = anchor or today
    progressed = [goals_mod.progress(vault, person.id, g, lang=lang) for g in goals_mod.goals(vault, person.id)]
    if as_json:
        echo_json(
            {
                "person": person.id,
                "standings": [s.as_dict() for s in standings],
                "trends": [tr.as_dict() for tr in found],
                "trends_end": end.isoformat(),
                "goals": [g.as_dict(lang) for g in progressed],
            }
        )
        return
    t = _t(lang)
    echo(t["stand"].format(who=person.name or person.id))
    for s in standings:
        for line in _standing_lines(s, lang):
            echo(line)
    if not standings:
        echo(t["no_stand"])
    echo("")
    start = end - timedelta(days=DEFAULT_PERIOD_DAYS - 1)
    heading = "trends_latest" if anchor else "trends"
    echo(t[heading].format(days=DEFAULT_PERIOD_DAYS, start=start.isoformat(), end=end.isoformat()))
    for tr in found:
        for line in _trend_lines(tr, lang):
            echo(line)
    if not found:
        echo(t["no_trends"])
    echo("")
    _goal_lines(progressed, lang)
    echo("")
    echo(t["facts"])


def _goal_lines(progressed: list[goals_mod.GoalProgress], lang: str) -> None:
    t = _t(lang)
    echo(t["goals"])
    for g in progressed:
        echo(f"  {g.goal.label(lang)} ({g.goal.target_text(lang)}): {g.text}")
    if not progressed:
        echo(t["no_goals"])


@click.group("insights", invoke_without_command=True)
@person_option
@json_option
@lang_option
@click.pass_context
def insights(ctx: click.Context, person: str | None, as_json: bool, lang: str | None) -> None:
    """Where you stand against published references, your trends and goals (computed here, nothing sent).

    Facts, not advice. Run alone for the overview; `insights summary --month YYYY-MM` for one month.
    """
    if ctx.invoked_subcommand is not None:
        return
    vault = open_vault_from_ctx(ctx)
    _overview(vault, vault.resolve_person(person), lang or "en", as_json)


# ----------------------------------------------------------------------------- goals
@insights.group("goals", invoke_without_command=True)
@click.pass_context
def goals_group(ctx: click.Context) -> None:
    """Your own goals: steps a day, weight, blood pressure, hours of sleep a night.

    Alone, it lists them with their progress.
    """
    if ctx.invoked_subcommand is None:
        ctx.invoke(list_goals)


@goals_group.command("set", context_settings={"ignore_unknown_options": True})
@click.argument("kind")
@click.argument("target")
@person_option
@vault_command
def set_goal(vault: Vault, kind: str, target: str, person: str | None) -> None:
    """Set a goal: KIND is steps, weight, blood_pressure or sleep; TARGET e.g. 10000, 65, 130/80, 7.5 (hours)."""
    who = _person(vault, person)
    goal = goals_mod.set_goal(vault, who.id, goals_mod.parse_goal(kind, target))
    echo(f"goal set for {who.name or who.id}: {goal.label()} {goal.target_text()}")


@goals_group.command("list")
@person_option
@json_option
@lang_option
@vault_command
def list_goals(vault: Vault, person: str | None = None, as_json: bool = False, lang: str | None = None) -> None:
    """List the goals with how the readings stand against them."""
    who = _person(vault, person)
    shown_lang = _lang(lang)
    progressed = [goals_mod.progress(vault, who.id, g, lang=shown_lang) for g in goals_mod.goals(vault, who.id)]
    if as_json or _group_param("as_json"):
        echo_json({"person": who.id, "goals": [g.as_dict(shown_lang) for g in progressed]})
        return
    _goal_lines(progressed, shown_lang)


@goals_group.command("delete")
@click.argument("kind")
@person_option
@vault_command
def delete_goal(vault: Vault, kind: str, person: str | None) -> None:
    """Delete the goal of KIND."""
    who = _person(vault, person)
    if not goals_mod.delete_goal(vault, who.id, kind):
        fail(f"{who.name or who.id} has no {kind} goal")
    echo(f"goal deleted: {kind}")


# ----------------------------------------------------------------------------- summary
@insights.command("summary")
@click.option("--month", default=None, metavar="YYYY-MM", help="Which month (default: the month before this one).")
@click.option(
    "--pdf", "pdf", type=click.Path(dir_okay=False, path_type=Path), default=None, help="Also write it as a PDF."
)
@person_option
@json_option
@lang_option
@vault_command
def summary(
    vault: Vault, month: str | None, pdf: Path | None, person: str | None, as_json: bool, lang: str | None
) -> None:
    """One month: each measurement with the month before and a year before, where you stand, your goals."""
    from wallet.cli.termsafe import echo_text
    from wallet.store.files import write_out

    who = _person(vault, person)
    shown_lang = _lang(lang)
    try:
        first = summary_mod.parse_month(month) if month else summary_mod.previous_month()
    except ValueError as exc:
        fail(str(exc))
    made = summary_mod.monthly_summary(vault, who.id, first, shown_lang)
    if as_json or _group_param("as_json"):
        echo_json(made.as_dict())
    else:
        echo_text(summary_mod.summary_text(made, shown_lang))
    if pdf is not None:
        data = summary_mod.summary_pdf(made, shown_lang)
        detail = {"month": first.strftime("%Y-%m"), "person": who.id, "records": len(made.record_ids)}
        path = write_out(
            vault, pdf, data, action="insights.summary_pdf", detail=detail, overwrite=True, record_path=False
        )
        echo(f"wrote {path} ({max(1, len(data) // 1024)} KB); recorded in the audit log", err=as_json)


def register(group: click.Group) -> None:
    """Add the ``insights`` commands to the top-level group."""
    group.add_command(insights)

"""Personal goals a person sets themselves, and how far their own readings are from them.

A goal is kept in the vault's small settings (``goal:<person id>:<kind>``); setting and deleting
one is recorded in the audit log (the kind and the person, never the target).  Four kinds:

* ``steps``: steps a day.  A day's steps are the source's own daily total (``steps_daily``) when
  there is one, else the day's total of step intervals (``steps``, overlaps counted once).
  Progress looks at the :data:`DAILY_WINDOW` full days before today (today is not over yet);
* ``sleep``: hours asleep a night.  A night is named by the day one wakes up, in the zone of the
  reading, and holds the :data:`DAILY_WINDOW` nights up to this morning.  Time asleep is the union
  of the asleep intervals of every source (overlaps counted once): Apple Health's
  ``HKCategoryTypeIdentifierSleepAnalysis`` with an ``...Asleep...`` value (not in bed, not awake),
  Google Fit's sleep segments and sleep activities (light, deep, REM, "sleep"), and Fitbit's sleep
  logs, which give minutes asleep and when the log starts: taken as that many minutes from its start;
* ``weight``: a target in kg; the direction (to lose or to gain) is from the weight when the goal
  was set to the target, and progress is the share of that way covered by the newest weight;
* ``blood_pressure``: systolic and diastolic below the targets (``130/80``).  Progress looks at the
  days with readings in the last :data:`BP_WINDOW` days: a day is met when its averages are both below.

Facts, not advice: the wallet says how the readings compare with the person's own target.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from wallet.errors import WalletError
from wallet.features import measurements as m
from wallet.features.insights.trends import daily_points, reading_record_ids

if TYPE_CHECKING:
    from wallet.model import Record
    from wallet.store.vault import Vault

KINDS: tuple[str, ...] = ("steps", "weight", "blood_pressure", "sleep")
DAILY_WINDOW = 7
"""Daily goals (steps, sleep) look at this many days."""
BP_WINDOW = 30
"""A blood-pressure goal looks at the days with readings among this many."""
KEY_PREFIX = "goal:"

SLEEP_KINDS: tuple[str, ...] = ("HKCategoryTypeIdentifierSleepAnalysis", "sleep")
"""Record kinds of sleep: Apple Health's category, and Fitbit's and Google Fit's ``sleep``."""
APPLE_ASLEEP_PREFIX = "HKCategoryValueSleepAnalysisAsleep"
"""Apple Health's asleep values: Asleep, AsleepUnspecified, AsleepCore, AsleepDeep, AsleepREM."""
GOOGLE_FIT_ACTIVITY = "https://developers.google.com/fit/activity-types"
GOOGLE_ASLEEP = frozenset({"Sleep", "Sleeping", "Light sleep", "Deep sleep", "REM sleep"})
"""Google Fit's sleep stages and activities (connectors.fitness) that are time asleep."""

LIMITS: dict[str, tuple[float, float]] = {
    "steps": (1, 100_000),
    "weight": (2, 400),
    "sleep": (1, 16),
    "systolic": (60, 250),
    "diastolic": (30, 150),
}
"""Targets outside these are refused as mistakes (steps a day, kg, hours a night, mmHg)."""

_TEXT = {
    "en": {
        "steps": "Steps a day",
        "weight": "Weight",
        "blood_pressure": "Blood pressure",
        "sleep": "Sleep a night",
        "no_data": "no readings in the days counted",
        "steps_progress": "{avg} steps a day on average over the last {n} days with steps; the target of {target} "
        "was reached on {met} of {n} days",
        "sleep_progress": "{avg} asleep on average over the last {n} nights with sleep records; the target of "
        "{target} was reached on {met} of {n} nights",
        "weight_progress": "{current} on {day}; target {target} ({direction}), {share}% of the way from {from_}",
        "weight_reached": "{current} on {day}; target {target} reached",
        "bp_progress": "{current} on {day}; below the target of {target} on {met} of {n} days with readings "
        "in the last {window} days",
        "lose": "to lose",
        "gain": "to gain",
        "hours": "{h} h {m:02d} min",
    },
    "ko": {
        "steps": "하루 걸음 수",
        "weight": "체중",
        "blood_pressure": "혈압",
        "sleep": "하루 수면",
        "no_data": "해당 기간에 기록이 없습니다",
        "steps_progress": "걸음 기록이 있는 최근 {n}일 평균 하루 {avg}보; 목표 {target}보는 {n}일 중 {met}일 달성",
        "sleep_progress": "수면 기록이 있는 최근 {n}일 밤 평균 {avg} 수면; 목표 {target}은(는) {n}일 중 {met}일 달성",
        "weight_progress": "{day} {current}; 목표 {target} ({direction}), {from_}에서 {share}% 진행",
        "weight_reached": "{day} {current}; 목표 {target} 달성",
        "bp_progress": "{day} {current}; 최근 {window}일 중 기록이 있는 {n}일 가운데 {met}일 목표 {target} 미만",
        "lose": "감량",
        "gain": "증량",
        "hours": "{h}시간 {m:02d}분",
    },
}


class GoalError(WalletError):
    """A goal that cannot be set: an unknown kind, a target that is not a number or out of range."""


@dataclass(frozen=True)
class Goal:
    """A person's own target of one kind."""

    kind: str
    target: float
    """Steps a day, kg, hours a night, or the systolic mmHg below which a blood-pressure day is met."""
    target2: float | None = None
    """The diastolic mmHg of a blood-pressure goal."""
    start_value: float | None = None
    """The weight when a weight goal was set (where its direction and progress count from)."""
    set_on: str = ""
    """The day the goal was set (ISO date)."""

    def label(self, lang: str = "en") -> str:
        """The kind's name in ``lang``."""
        return _t(lang)[self.kind]

    def target_text(self, lang: str = "en") -> str:
        """The target as a person reads it: ``10,000 steps``, ``7 h 30 min``, ``65 kg``, ``130/80 mmHg``."""
        if self.kind == "steps":
            return f"{m.number_text(self.target)} steps" if lang != "ko" else f"{m.number_text(self.target)}보"
        if self.kind == "sleep":
            return hours_text(self.target, lang)
        if self.kind == "weight":
            return f"{m.number_text(self.target)} kg"
        return f"{m.number_text(self.target)}/{m.number_text(self.target2)} mmHg"

    def as_dict(self) -> dict[str, Any]:
        """The stored (and ``--json``) form."""
        return {
            "kind": self.kind,
            "target": self.target,
            "target2": self.target2,
            "start_value": self.start_value,
            "set_on": self.set_on,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Goal:
        """The goal stored by :meth:`as_dict`."""
        return cls(
            str(data["kind"]),
            float(data["target"]),
            None if data.get("target2") is None else float(data["target2"]),
            None if data.get("start_value") is None else float(data["start_value"]),
            str(data.get("set_on") or ""),
        )


@dataclass(frozen=True)
class GoalProgress:
    """How a person's readings stand against their goal.  Facts, not advice."""

    goal: Goal
    current: float | None
    """Steps: the daily average; sleep: hours a night on average; weight: the newest; blood pressure: the
    newest day's systolic average (``current2`` its diastolic)."""
    current_text: str
    fraction: float
    """0..1: the share of counted days met (steps, sleep, blood pressure), the share of the way (weight)."""
    days_met: int
    days_counted: int
    text: str
    current2: float | None = None
    record_ids: list[str] = field(default_factory=list)
    """The records the progress was read from."""

    def as_dict(self, lang: str = "en") -> dict[str, Any]:
        """JSON-ready fields."""
        return {
            "goal": self.goal.as_dict(),
            "name": self.goal.label(lang),
            "target": self.goal.target_text(lang),
            "current": self.current,
            "current2": self.current2,
            "current_text": self.current_text,
            "fraction": self.fraction,
            "days_met": self.days_met,
            "days_counted": self.days_counted,
            "text": self.text,
        }


def _t(lang: str) -> dict[str, str]:
    return _TEXT["ko" if lang == "ko" else "en"]


def hours_text(hours: float, lang: str = "en") -> str:
    """Hours as ``7 h 30 min`` (``7시간 30분``)."""
    minutes = round(hours * 60)
    return _t(lang)["hours"].format(h=minutes // 60, m=minutes % 60)


# ----------------------------------------------------------------------------- validation
def _number(text: str, what: str) -> float:
    try:
        value = float(text.strip().replace(",", ""))
    except ValueError:
        raise GoalError(f"the target of a {what} goal must be a number, not {text!r}") from None
    if not math.isfinite(value):
        raise GoalError(f"the target of a {what} goal must be a number, not {text!r}")
    return value


def _check(value: float, limit: str, what: str) -> float:
    lo, hi = LIMITS[limit]
    if value <= 0:
        raise GoalError(f"the target of a {what} goal must be above zero, not {m.number_text(value)}")
    if not lo <= value <= hi:
        raise GoalError(f"a {what} target of {m.number_text(value)} is outside {m.number_text(lo)}-{m.number_text(hi)}")
    return value


def check_kind(kind: str) -> str:
    """``kind`` when it is one of :data:`KINDS`; GoalError naming them otherwise."""
    if kind not in KINDS:
        raise GoalError(f"unknown goal kind {kind!r} (known: {', '.join(KINDS)})")
    return kind


def parse_goal(kind: str, target: str) -> Goal:
    """A goal from its kind and the target as typed: ``10000``, ``65.5``, ``130/80``, ``7.5`` (or ``7h30``)."""
    check_kind(kind)
    if kind == "blood_pressure":
        found = re.fullmatch(r"\s*([^/]+)/([^/]+)\s*", target)
        if found is None:
            raise GoalError(f"a blood_pressure target is systolic/diastolic, like 130/80, not {target!r}")
        return Goal(kind, _number(found.group(1), kind), _number(found.group(2), kind))
    hours = re.fullmatch(r"\s*(\d+)\s*h\s*(?:(\d+)\s*(?:m|min)?)?\s*", target)
    if kind == "sleep" and hours is not None:
        return Goal(kind, int(hours.group(1)) + int(hours.group(2) or 0) / 60)
    return Goal(kind, _number(target, kind))


def validate(goal: Goal) -> Goal:
    """``goal`` when its kind is known and its targets are plausible; GoalError with a readable message otherwise."""
    check_kind(goal.kind)
    if goal.kind == "blood_pressure":
        if goal.target2 is None:
            raise GoalError("a blood_pressure goal needs both numbers, systolic/diastolic, like 130/80")
        _check(goal.target, "systolic", "blood_pressure (systolic)")
        _check(goal.target2, "diastolic", "blood_pressure (diastolic)")
        if goal.target2 >= goal.target:
            raise GoalError("a blood_pressure target is systolic/diastolic: the first number must be the larger")
    else:
        _check(goal.target, goal.kind, goal.kind)
    return goal


# ----------------------------------------------------------------------------- storage
def _key(person_id: str, kind: str) -> str:
    return f"{KEY_PREFIX}{person_id}:{kind}"


def set_goal(vault: Vault, person_id: str, goal: Goal, *, today: date | None = None) -> Goal:
    """Keep ``goal`` for ``person_id`` (replacing one of the same kind), audited; the goal as stored.

    A weight goal remembers the newest weight as where it starts (unless it carries one).
    """
    validate(goal)
    vault.person(person_id)  # NotFound for an unknown person
    day = (today or date.today()).isoformat()
    start_value = goal.start_value
    if goal.kind == "weight" and start_value is None:
        newest = m.samples(vault, "body_weight", person_id, limit=1)
        start_value = newest[0].value if newest else None
    stored = Goal(goal.kind, goal.target, goal.target2, start_value, goal.set_on or day)
    with vault.transaction():
        vault.cache_set(_key(person_id, goal.kind), stored.as_dict())
        vault.audit("goal.set", {"kind": goal.kind, "person": person_id})
    return stored


def goals(vault: Vault, person_id: str) -> list[Goal]:
    """The goals of ``person_id``, in the order of :data:`KINDS`."""
    out = []
    for key in vault.cache_keys(f"{KEY_PREFIX}{person_id}:"):
        data = vault.cache_get(key)
        if isinstance(data, dict) and data.get("kind") in KINDS:
            try:
                out.append(Goal.from_dict(data))
            except (KeyError, TypeError, ValueError):
                continue  # a damaged entry is not a goal
    out.sort(key=lambda g: KINDS.index(g.kind))
    return out


def delete_goal(vault: Vault, person_id: str, kind: str) -> bool:
    """Remove the goal of ``kind`` of ``person_id``, audited; False when there was none."""
    check_kind(kind)
    key = _key(person_id, kind)
    if vault.cache_get(key) is None:
        return False
    with vault.transaction():
        vault.cache_delete(key)
        vault.audit("goal.delete", {"kind": kind, "person": person_id})
    return True


# ----------------------------------------------------------------------------- progress
def progress(vault: Vault, person_id: str, goal: Goal, today: date | None = None, lang: str = "en") -> GoalProgress:
    """How the readings of ``person_id`` stand against ``goal`` on ``today`` (default: today)."""
    day = today or date.today()
    if goal.kind == "steps":
        return _steps(vault, person_id, goal, day, lang)
    if goal.kind == "sleep":
        return _sleep(vault, person_id, goal, day, lang)
    if goal.kind == "weight":
        return _weight(vault, person_id, goal, day, lang)
    if goal.kind == "blood_pressure":
        return _blood_pressure(vault, person_id, goal, day, lang)
    raise GoalError(f"unknown goal kind {goal.kind!r} (known: {', '.join(KINDS)})")


def _empty(goal: Goal, lang: str) -> GoalProgress:
    text = _t(lang)["no_data"]
    return GoalProgress(goal, None, text, 0.0, 0, 0, text)


def daily_steps(vault: Vault, person_id: str, start: date, end: date) -> dict[str, float]:
    """Steps per day from ``start`` to ``end``: the daily total a source gave, else the total of step intervals."""
    out = dict((d, v) for d, v, _ in daily_points(m.daily(vault, "steps", person_id), "steps", start, end))
    out.update((d, v) for d, v, _ in daily_points(m.daily(vault, "steps_daily", person_id), "steps_daily", start, end))
    return out


def _steps(vault: Vault, person_id: str, goal: Goal, today: date, lang: str) -> GoalProgress:
    start, end = today - timedelta(days=DAILY_WINDOW), today - timedelta(days=1)
    days = daily_steps(vault, person_id, start, end)
    if not days:
        return _empty(goal, lang)
    avg = sum(days.values()) / len(days)
    met = sum(1 for v in days.values() if v >= goal.target)
    current = f"{m.number_text(round(avg))}"
    text = _t(lang)["steps_progress"].format(avg=current, n=len(days), target=m.number_text(goal.target), met=met)
    ids = reading_record_ids(vault, person_id, start, end, ("steps", "steps_daily"))
    unit = "보" if lang == "ko" else " steps"
    return GoalProgress(goal, avg, current + unit, met / len(days), met, len(days), text, record_ids=ids)


@dataclass(frozen=True)
class _Interval:
    start: datetime
    end: datetime
    record_id: str


def asleep_intervals(records: Iterable[Record]) -> list[_Interval]:
    """The intervals asleep of sleep records (see the module's description of the sources)."""
    out = []
    for r in records:
        if r.start is None:
            continue
        if r.kind == "HKCategoryTypeIdentifierSleepAnalysis":
            if not (r.code or "").startswith(APPLE_ASLEEP_PREFIX) or r.end is None:
                continue
            out.append(_Interval(r.start, r.end, r.id))
        elif r.kind == "sleep" and r.code_system == GOOGLE_FIT_ACTIVITY:
            label = r.code_display or str(r.payload.get("activityName") or "")
            if label in GOOGLE_ASLEEP and r.end is not None:
                out.append(_Interval(r.start, r.end, r.id))
        elif r.kind == "sleep" and r.value is not None and r.value > 0:  # Fitbit: minutes asleep from the start
            minutes = r.value
            end = r.start + timedelta(minutes=minutes)
            if r.end is not None and r.end < end:
                end = r.end
            out.append(_Interval(r.start, end, r.id))
    return [i for i in out if i.end > i.start]


def sleep_by_night(intervals: Sequence[_Interval]) -> dict[str, tuple[float, list[str]]]:
    """Hours asleep per night (the day of waking, in the zone of the reading) and the records they came from:
    the union of the intervals, overlaps counted once."""
    ordered = sorted(intervals, key=lambda i: i.start.astimezone(UTC))
    merged: list[tuple[datetime, datetime, list[str]]] = []
    for i in ordered:
        if merged and i.start <= merged[-1][1]:
            s, e, ids = merged[-1]
            ids.append(i.record_id)
            if i.end > e:
                merged[-1] = (s, i.end, ids)
        else:
            merged.append((i.start, i.end, [i.record_id]))
    nights: dict[str, tuple[float, list[str]]] = {}
    for s, e, ids in merged:
        night = e.date().isoformat()  # the wake-up day, in the zone the reading gave
        hours, seen = nights.get(night, (0.0, []))
        nights[night] = (hours + (e - s).total_seconds() / 3600, seen + ids)
    return nights


def sleep_nights(vault: Vault, person_id: str, first: date, last: date) -> dict[str, tuple[float, list[str]]]:
    """Hours asleep of each night whose wake-up day is ``first`` to ``last``, with the records read."""
    since = datetime.combine(first - timedelta(days=2), datetime.min.time(), UTC)
    until = datetime.combine(last + timedelta(days=1), datetime.max.time(), UTC)
    records = vault.records(person_id, kinds=list(SLEEP_KINDS), since=since, until=until)
    nights = sleep_by_night(asleep_intervals(records))
    return {d: v for d, v in nights.items() if first.isoformat() <= d <= last.isoformat()}


def _sleep(vault: Vault, person_id: str, goal: Goal, today: date, lang: str) -> GoalProgress:
    first = today - timedelta(days=DAILY_WINDOW - 1)
    nights = sleep_nights(vault, person_id, first, today)
    if not nights:
        return _empty(goal, lang)
    hours = [h for h, _ in nights.values()]
    avg = sum(hours) / len(hours)
    met = sum(1 for h in hours if h >= goal.target - 1e-9)
    current = hours_text(avg, lang)
    text = _t(lang)["sleep_progress"].format(avg=current, n=len(hours), target=hours_text(goal.target, lang), met=met)
    ids = sorted({rid for _, ids in nights.values() for rid in ids})
    return GoalProgress(goal, avg, current, met / len(hours), met, len(hours), text, record_ids=ids)


def _weight(vault: Vault, person_id: str, goal: Goal, today: date, lang: str) -> GoalProgress:
    points = daily_points(m.daily(vault, "body_weight", person_id), "body_weight", None, today)
    if not points:
        return _empty(goal, lang)
    day, current, _ = points[-1]
    start = goal.start_value
    if start is None:  # no weight when it was set: the first one since
        since = [p for p in points if p[0] >= goal.set_on] or points
        start = since[0][1]
    t = _t(lang)
    current_text = f"{m.number_text(current)} kg"
    way = start - goal.target
    if way == 0 or (current - goal.target) * way <= 0:  # at or past the target, from where it started
        fraction = 1.0
        text = t["weight_reached"].format(current=current_text, day=day, target=goal.target_text(lang))
    else:
        fraction = max(0.0, min(1.0, (start - current) / way))
        text = t["weight_progress"].format(
            current=current_text,
            day=day,
            target=goal.target_text(lang),
            direction=t["lose"] if way > 0 else t["gain"],
            share=round(fraction * 100),
            from_=f"{m.number_text(start)} kg",
        )
    ids = reading_record_ids(vault, person_id, date.fromisoformat(day), date.fromisoformat(day), ("body_weight",))
    return GoalProgress(goal, current, current_text, fraction, int(fraction >= 1), 1, text, record_ids=ids)


def _blood_pressure(vault: Vault, person_id: str, goal: Goal, today: date, lang: str) -> GoalProgress:
    first = today - timedelta(days=BP_WINDOW - 1)
    points = [p for p in daily_points(m.daily(vault, "blood_pressure", person_id), "blood_pressure", first, today)]
    if not points:
        return _empty(goal, lang)
    target2 = goal.target2 if goal.target2 is not None else math.inf
    met = sum(1 for _, sys_, dia in points if sys_ < goal.target and (dia is None or dia < target2))
    day, sys_, dia = points[-1]
    current_text = f"{m.number_text(round(sys_))}/{m.number_text(None if dia is None else round(dia))} mmHg"
    text = _t(lang)["bp_progress"].format(
        current=current_text, day=day, target=goal.target_text(lang), met=met, n=len(points), window=BP_WINDOW
    )
    ids = reading_record_ids(vault, person_id, first, today, ("blood_pressure",))
    return GoalProgress(goal, sys_, current_text, met / len(points), met, len(points), text, dia, ids)

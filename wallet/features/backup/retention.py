"""Which backup versions to keep: the newest of each of the last days, weeks and months.

The rule is restic's ``--keep-daily 7 --keep-weekly 4 --keep-monthly 12``: going from the newest
version to the oldest, the newest version of each of the last 7 days that have a backup is kept,
likewise of the last 4 weeks (ISO weeks) and 12 months that have one; the newest of all is always
kept.  Days, weeks and months are counted in UTC, so every computer prunes alike.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime


@dataclass(frozen=True)
class Retention:
    """How many daily, weekly and monthly versions are kept."""

    daily: int = 7
    weekly: int = 4
    monthly: int = 12


def _day(t: datetime) -> Hashable:
    return t.astimezone(UTC).date()


def _week(t: datetime) -> Hashable:
    year, week, _ = t.astimezone(UTC).isocalendar()
    return (year, week)


def _month(t: datetime) -> Hashable:
    u = t.astimezone(UTC)
    return (u.year, u.month)


def to_keep(versions: Sequence[tuple[str, datetime]], rule: Retention | None = None) -> set[str]:
    """The ids of the ``versions`` (id, time) the rule keeps; the others may be pruned."""
    rule = rule or Retention()
    newest_first = sorted(versions, key=lambda v: (v[1], v[0]), reverse=True)
    keep: set[str] = {newest_first[0][0]} if newest_first else set()
    buckets: list[tuple[Callable[[datetime], Hashable], int]] = [
        (_day, rule.daily),
        (_week, rule.weekly),
        (_month, rule.monthly),
    ]
    for bucket_of, limit in buckets:
        last: Hashable = None
        kept = 0
        for version_id, when in newest_first:
            if kept >= limit:
                break
            bucket = bucket_of(when)
            if bucket != last:
                last = bucket
                keep.add(version_id)
                kept += 1
    return keep

"""Health measurements across sources, read from the coherent layer (:mod:`wallet.store.readings`).

Every health or fitness record with a number has a reading: its measurement type
(:mod:`wallet.terms.measures`: LOINC 8867-4, ``HKQuantityTypeIdentifierHeartRate`` and Fitbit's
``heart_rate`` are all "Heart rate"), its value in the type's canonical unit, the day it happened
on in its own time zone, and what produced it.  The same reading from several sources is one
group with one main reading; counts, daily summaries and the newest values count each group
once, unless a single source is asked for.

Everything here is Qt-free and reads maintained tables: the measurement types and the daily
summaries come from ``readings_daily`` (a few hundred rows for years of heart rate), single
values from ``readings`` by an index on (person, type, time).  The desktop view
(``wallet.ui.health_view``) calls these on a worker thread.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

from wallet.store import readings as readings_store
from wallet.store import series as series_store
from wallet.terms.clock import local_day
from wallet.terms.measures import (
    BP_PANELS,
    BY_KEY,
    DIASTOLIC,
    KNOWN_KINDS,
    LOINC,
    LOINC_SYSTEMS,
    OTHER_CODE,
    OTHER_KIND,
    SYSTOLIC,
    TYPES,
    MeasurementType,
    classify,
    type_label,
)
from wallet.terms.names import code_name, connector_name, kind_name
from wallet.terms.units import display_unit

if TYPE_CHECKING:
    from wallet.store.vault import Vault

__all__ = [
    "BP_PANELS",
    "BY_KEY",
    "DIASTOLIC",
    "KNOWN_KINDS",
    "LOINC",
    "LOINC_SYSTEMS",
    "OTHER_CODE",
    "OTHER_KIND",
    "SYSTOLIC",
    "TYPES",
    "DailyValue",
    "MeasurementType",
    "Pivot",
    "Sample",
    "TypeSummary",
    "aggregate",
    "classify",
    "count",
    "daily",
    "humanize_kind",
    "measurement_types",
    "pivot",
    "samples",
    "source_label",
    "sources",
]

RAW_LIMIT = 2000
"""At most this many single measurements are read at once (newest first)."""
DAILY_LIMIT = 5000
"""At most this many days of daily summaries are read."""
ALL_SOURCES = "All sources"
"""The daily summary over every source, each reading once (the ``source`` of its values)."""

_ORIGIN_KEY = re.compile(r"^([a-z_]+):(\d+)$")


@dataclass(frozen=True)
class TypeSummary:
    """A measurement type a person has, with how many readings (each group once) and over which days."""

    key: str
    name: str
    unit: str | None
    count: int
    first: str | None
    last: str | None
    known: bool


def _unit_shown(key: str, unit: str | None, lang: str = "en") -> str:
    t = BY_KEY.get(key)
    if t is not None and unit == t.unit:
        return t.display
    return display_unit(unit, lang) if unit else ""


def _person(person_id: str | None, column: str = "person_id") -> tuple[str, list[Any]]:
    return (f" AND {column} = ?", [person_id]) if person_id else ("", [])


def measurement_types(vault: Vault, person_id: str | None, lang: str = "en") -> list[TypeSummary]:
    """The measurement types of ``person_id`` (everyone for None), known types first, from the daily summaries."""
    where, args = _person(person_id)
    rows = vault.conn.execute(
        "SELECT mtype, sum(n), min(day), max(day), max(unit) FROM readings_daily WHERE 1" + where + " GROUP BY mtype",
        args,
    ).fetchall()
    out: list[TypeSummary] = []
    for key, n, first, last, unit in rows:
        known = key in BY_KEY
        fallback = None
        if not known:
            title = vault.conn.execute(
                "SELECT r.title FROM readings AS x JOIN records AS r ON r.rowid = x.rid WHERE x.mtype = ?"
                + _person(person_id, "x.person_id")[0]
                + " LIMIT 1",
                [key, *args],
            ).fetchone()
            if key.startswith(OTHER_KIND):
                fallback = kind_name(key[len(OTHER_KIND) :], lang)
            else:  # code:<system>|<code>: a known LOINC code by its curated name, else the record's title
                system, _, code = key[len(OTHER_CODE) :].partition("|")
                fallback = code_name(system, code, title and title[0], lang)
        shown = BY_KEY[key].display if known else (display_unit(unit, lang) if unit else None)
        out.append(TypeSummary(key, type_label(key, lang, fallback), shown, int(n), first, last, known))
    order = {t.key: i for i, t in enumerate(TYPES)}
    out.sort(key=lambda s: (0, order[s.key], "") if s.known else (1, 0, s.name.casefold()))
    return out


def humanize_kind(kind: str, lang: str = "en") -> str:
    """The human name of a record kind (:func:`wallet.terms.names.kind_name`):
    ``HKQuantityTypeIdentifierDistanceWalkingRunning`` -> "Walking + running distance"."""
    return kind_name(kind, lang)


def source_label(vault: Vault, key: str, lang: str = "en") -> str:
    """How a source is named: what produced the data; for a file-only source, the connector, file and import.

    Two different exports that are both called ``export.zip`` stay two sources, told apart by their import.
    """
    found = _ORIGIN_KEY.match(key)
    if found is None:
        return key
    connector, origin = found.group(1), int(found.group(2))
    row = vault.conn.execute(
        "SELECT o.source_name, substr(i.started, 1, 10) FROM origins AS o LEFT JOIN imports AS i ON i.id = o.import_id "
        "WHERE o.id = ?",
        (origin,),
    ).fetchone()
    human = connector_name(connector, lang)
    if row is None:
        return human
    name, day = row  # the file, and the day it was imported: two files of the same name stay apart
    return f"{human} · {name} ({day})" if day else f"{human} · {name}"


def _source_keys(vault: Vault, key: str, person_id: str | None) -> dict[str, str]:
    """The sources of measurement ``key`` (single readings and series): label to source key."""
    where, args = _person(person_id)
    sql = f"SELECT DISTINCT source FROM readings WHERE mtype = ?{where}"
    if _has_series(vault):
        sql += f" UNION SELECT source FROM series WHERE mtype = ?{where}"
        args = [*args, key, *args]
    rows = vault.conn.execute(sql, [key, *args])
    return {source_label(vault, str(s)): str(s) for (s,) in rows}


def _has_series(vault: Vault) -> bool:
    return vault.schema_version >= series_store.SCHEMA_VERSION


def _series_of(
    vault: Vault, key: str, person_id: str | None, source: str | None
) -> list[tuple[int, str, float, float]]:
    """The series of measurement ``key`` (of a person, of a source key): (id, source, scale, offset)."""
    if not _has_series(vault):
        return []
    where, args = _person(person_id)
    if source:
        where += " AND source = ?"
        args.append(source)
    rows = vault.conn.execute(f"SELECT id, source, scale, offs FROM series WHERE mtype = ?{where}", [key, *args])
    return [(int(i), str(src), float(scale), float(offs)) for i, src, scale, offs in rows]


def _series_daily_rows(
    vault: Vault, key: str, person_id: str | None, source: str | None, local_time: bool
) -> list[tuple[Any, ...]]:
    """Per day and unit, the series' (day, unit, n, min, mean, max, total, None, None, None) in canonical units."""
    if not _has_series(vault):
        return []
    where, args = _person(person_id, "s.person_id")
    if source:
        where += " AND s.source = ?"
        args.append(source)
    v = "p.value * s.scale + s.offs"
    if local_time:
        sql = (
            "SELECT d.day, coalesce(s.cunit, ''), d.n, d.lo * s.scale + s.offs, d.avg * s.scale + s.offs, "
            "d.hi * s.scale + s.offs, d.total * s.scale + d.n * s.offs "
            f"FROM series AS s JOIN series_daily AS d ON d.series = s.id WHERE s.mtype = ?{where}"
        )
    else:
        sql = (
            f"SELECT date(p.t0, 'unixepoch') AS d, coalesce(s.cunit, ''), count(*), min({v}), avg({v}), max({v}), "
            f"sum({v}) FROM series AS s JOIN samples AS p ON p.series = s.id WHERE s.mtype = ?{where} "
            "GROUP BY s.id, d, s.cunit"
        )
    return [(*row, None, None, None) for row in vault.conn.execute(sql, [key, *args])]


def _utc_interval_totals(
    vault: Vault, key: str, person_id: str | None, source: str | None, since: str
) -> dict[tuple[str, str], float]:
    """Per UTC day (from ``since``) and unit, the total of interval data ``key`` over readings and series, overlaps
    of one person's sources counted once from the best-ranked source (:func:`wallet.store.readings.merged_total`, as
    ``readings_daily`` has it for local days); everyone's (``person_id`` None) is the sum of each person's."""
    items: dict[tuple[str, str, str], list[tuple[float, float, float, int]]] = defaultdict(list)
    where, args = _person(person_id)
    if source:
        where += " AND source = ?"
        args.append(source)
    rows = vault.conn.execute(
        "SELECT person_id, date(t0, 'unixepoch'), coalesce(unit, ''), t0, t1, value, rank FROM readings "
        f"WHERE mtype = ? AND value IS NOT NULL AND t0 >= unixepoch(?){where}",
        [key, since, *args],
    )
    for person, day, unit, t0, t1, value, rank in rows:
        items[(str(person), str(day), str(unit))].append((float(t0), float(t1), float(value), int(rank)))
    if _has_series(vault):
        custom = readings_store.source_ranks(vault.conn)  # as readings' ranks have it
        where, args = _person(person_id, "s.person_id")
        if source:
            where += " AND s.source = ?"
            args.append(source)
        rows = vault.conn.execute(
            "SELECT s.person_id, date(p.t0, 'unixepoch'), coalesce(s.cunit, ''), p.t0, coalesce(p.t1, p.t0), "
            "p.value * s.scale + s.offs, s.rank, s.source FROM series AS s JOIN samples AS p ON p.series = s.id "
            f"WHERE s.mtype = ? AND p.t0 >= unixepoch(?){where}",
            [key, since, *args],
        )
        for person, day, unit, t0, t1, value, rank, src in rows:
            items[(str(person), str(day), str(unit))].append(
                (float(t0), float(t1), float(value), custom.get(src, int(rank)))
            )
    totals: dict[tuple[str, str], float] = defaultdict(float)
    for (_person_id, day, unit), parts in items.items():
        totals[(day, unit)] += readings_store.merged_total(parts)
    return dict(totals)


def _merge_days(rows: Iterable[Sequence[Any]], limit: int) -> list[tuple[Any, ...]]:
    """Rows of (day, unit, n, min, mean, max, total, min2, mean2, max2) merged per (day, unit), newest day first."""
    merged: dict[tuple[str, str], list[Any]] = {}
    for day, unit, n, lo, avg, hi, total, lo2, avg2, hi2 in rows:
        key = (str(day), unit or "")
        got = merged.get(key)
        if got is None:
            merged[key] = [day, unit, n, lo, avg, hi, total, lo2, avg2, hi2]
            continue
        n0 = got[2]
        got[2] = n0 + n
        got[3] = _pick(min, got[3], lo)
        got[5] = _pick(max, got[5], hi)
        if avg is not None:
            got[4] = avg if got[4] is None else (got[4] * n0 + avg * n) / (n0 + n)
        got[6] = total if got[6] is None else got[6] + (total or 0.0)
    return [tuple(v) for _k, v in sorted(merged.items(), key=lambda kv: kv[0], reverse=True)][:limit]


def _pick(fn: Any, a: float | None, b: float | None) -> float | None:
    return b if a is None else a if b is None else fn(a, b)


def sources(vault: Vault, key: str, person_id: str | None) -> list[str]:
    """The sources that hold measurement ``key``, by label (what produced them)."""
    return sorted(_source_keys(vault, key, person_id), key=str.casefold)


@dataclass(frozen=True)
class Sample:
    """One reading, in the type's canonical unit (or its own, when that could not be converted)."""

    start: str
    value: float | None
    unit: str | None
    source: str
    record_id: str
    local_start: str = ""
    """The start as its source gave it, in the zone it happened in (``start`` is UTC, for order)."""
    date_only: bool = False
    """The source gave a date without a time of day (a daily step count): shown as that date."""
    value2: float | None = None
    """The second number of a pair (diastolic blood pressure)."""
    main: bool = True
    """False for a reading another source also gave, counted once from the preferred source."""
    group: int = 0
    """Readings of the same measurement from several sources share a group."""

    @property
    def text(self) -> str:
        """The value as a person reads it: ``72 bpm``, ``128/82 mmHg``."""
        unit = f" {self.unit}" if self.unit else ""
        if self.value2 is not None or self.unit == "mmHg":
            return f"{number_text(self.value)}/{number_text(self.value2)}{unit}"
        return f"{number_text(self.value)}{unit}"


def number_text(value: float | None) -> str:
    """A measurement as the views print it: whole numbers as such, else one decimal from 10 up, two below."""
    if value is None:
        return "?"
    if abs(value - round(value)) < 1e-9:
        return f"{round(value):,}"
    return f"{value:,.1f}" if abs(value) >= 10 else f"{value:,.2f}"


def _iso(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def _filters(vault: Vault, key: str, person_id: str | None, source: str | None) -> tuple[str, list[Any]]:
    where, args = _person(person_id, "x.person_id")
    if source:
        keys = _source_keys(vault, key, person_id)
        where += " AND x.source = ?"
        args.append(keys.get(source, source))
    else:
        where += " AND x.main"
    return where, args


def count(vault: Vault, key: str, person_id: str | None, source: str | None = None) -> int:
    """How many readings and samples of ``key``: each group once, or every reading of one source."""
    if not source:
        where, args = _person(person_id)
        row = vault.conn.execute(f"SELECT sum(n) FROM readings_daily WHERE mtype = ?{where}", [key, *args]).fetchone()
        return int(row[0] or 0)
    where, args = _filters(vault, key, person_id, source)
    single = int(
        vault.conn.execute(f"SELECT count(*) FROM readings AS x WHERE x.mtype = ?{where}", [key, *args]).fetchone()[0]
    )
    key_of = _source_keys(vault, key, person_id).get(source, source)
    return single + sum(int(row[2]) for row in _series_daily_rows(vault, key, person_id, key_of, True))


def samples(
    vault: Vault, key: str, person_id: str | None, source: str | None = None, limit: int = RAW_LIMIT, lang: str = "en"
) -> list[Sample]:
    """The newest ``limit`` readings of ``key``, newest first (each group once, unless a source is asked for)."""
    where, args = _filters(vault, key, person_id, source)
    sql = (
        "SELECT x.t0, x.value, x.value2, x.unit, x.source, r.id, coalesce(r.data->>'$.start', r.start), "
        "r.data->>'$.date_only', x.main, x.grp, x.rank FROM readings AS x JOIN records AS r ON r.rowid = x.rid "
        f"WHERE x.mtype = ?{where} ORDER BY x.t0 DESC LIMIT ?"
    )
    labels: dict[str, str] = {}
    out = []
    ranked: list[tuple[float, float, int, str]] = []  # for leaving out a series' repeats of another source's
    rows = vault.conn.execute(sql, [key, *args, limit])
    for t0, value, value2, unit, src, rid, own, date_only, main, grp, rank in rows:
        ranked.append((float(t0), value if value is not None else float("nan"), int(rank), str(src)))
        label = labels.get(src)
        if label is None:
            label = labels[src] = source_label(vault, src)
        out.append(
            Sample(
                _iso(t0),
                value,
                _unit_shown(key, unit, lang),
                label,
                str(rid),
                str(own or ""),
                bool(date_only),
                value2,
                bool(main),
                int(grp),
            )
        )
    unit_of = {}
    source_key = _source_keys(vault, key, person_id).get(source, source) if source else None
    order = readings_store.priority(vault.conn)
    for sid, src, scale, offs in _series_of(vault, key, person_id, source_key):
        label = labels.get(src) or source_label(vault, src)
        rank = _series_rank(vault, sid, src, order)
        if sid not in unit_of:
            row = vault.conn.execute("SELECT cunit FROM series WHERE id = ?", (sid,)).fetchone()
            unit_of[sid] = _unit_shown(key, row[0] if row else None, lang)
        for t0, _t1, value, tz, _extra in vault.series_samples(sid, limit=limit, newest_first=True):
            zone = timezone(timedelta(minutes=tz)) if tz is not None else UTC
            ranked.append((t0, value * scale + offs, rank, src))
            out.append(
                Sample(
                    _iso(t0),
                    value * scale + offs,
                    unit_of[sid],
                    label,
                    "",
                    datetime.fromtimestamp(t0, zone).isoformat(),
                )
            )
    if unit_of:  # merged with the single readings, each measurement once (unless one source), newest first
        if not source:
            keep = series_store.drop_repeats(ranked, key)
            out = [s for s, kept in zip(out, keep, strict=True) if kept]
        out.sort(key=lambda s: s.start, reverse=True)
        del out[limit:]
    return out


def _series_rank(vault: Vault, series_id: int, source: str, order: list[str]) -> int:
    """A series' rank: its place in the person's ``order`` of sources (wallet.store.readings.priority), else its
    default."""
    if source in order:
        return order.index(source)
    found = vault.conn.execute("SELECT rank FROM series WHERE id = ?", (series_id,)).fetchone()
    return int(found[0]) if found else 500


def reading_texts(vault: Vault, record_ids: Sequence[str], lang: str = "en") -> dict[str, str]:
    """The readings of these records as a person reads them, in canonical units ("69.99 kg" for a record of
    154.3 lb, "128/82 mmHg" for a blood-pressure pair), by record id; records without a reading are left out."""
    rows = vault.conn.execute(
        "SELECT r.id, x.mtype, x.value, x.value2, x.unit FROM records AS r JOIN readings AS x ON x.rid = r.rowid "
        "WHERE r.id IN (SELECT value FROM json_each(?))",
        (json.dumps(list(record_ids)),),
    )
    out = {}
    for rid, key, value, value2, unit in rows:
        out[str(rid)] = Sample("", value, _unit_shown(key, unit, lang), "", str(rid), value2=value2).text
    return out


def group_of(vault: Vault, record_id: str, lang: str = "en") -> list[Sample]:
    """Every reading of the group the record's reading belongs to (the same measurement from each source), main first.

    Empty when the record has no reading.
    """
    found = vault.conn.execute("SELECT rowid FROM records WHERE id = ?", (record_id,)).fetchone()
    if found is None:
        return []
    row = vault.conn.execute(
        "SELECT grp, mtype FROM readings WHERE rid = ?1 UNION ALL SELECT grp, mtype FROM readings WHERE rid2 = ?1",
        (found[0],),
    ).fetchone()
    if row is None:
        return []
    grp, key = row
    sql = (
        "SELECT x.t0, x.value, x.value2, x.unit, x.source, r.id, coalesce(r.data->>'$.start', r.start), x.main "
        "FROM readings AS x JOIN records AS r ON r.rowid = x.rid WHERE x.grp = ? ORDER BY x.main DESC, x.rank, x.rid"
    )
    return [
        Sample(
            _iso(t0),
            v,
            _unit_shown(key, u, lang),
            source_label(vault, s, lang),
            str(rid),
            str(own),
            False,
            v2,
            bool(mn),
            grp,
        )
        for t0, v, v2, u, s, rid, own, mn in vault.conn.execute(sql, (grp,))
    ]


@dataclass(frozen=True)
class DailyValue:
    """The readings of one day (from one source, or :data:`ALL_SOURCES` with each reading once)."""

    day: str
    source: str
    unit: str | None
    count: int
    minimum: float
    average: float
    maximum: float
    total: float | None = None
    """For interval data (steps, distance, energy): the day's total, overlaps counted once."""
    minimum2: float | None = None
    average2: float | None = None
    maximum2: float | None = None
    """The second number of pairs (diastolic blood pressure)."""


def daily(
    vault: Vault,
    key: str,
    person_id: str | None,
    source: str | None = None,
    *,
    local_time: bool = True,
    limit: int = DAILY_LIMIT,
    lang: str = "en",
) -> list[DailyValue]:
    """Per day: count, min, average and max (and the total of interval data), newest day first.

    Without ``source``: the maintained summary over every source, each reading once (labelled
    :data:`ALL_SOURCES`).  With one: that source's readings, summarised now.  Days are each
    reading's own day, in the zone it happened in (docs/clock.md), or UTC days (``local_time`` False).
    """
    t = BY_KEY.get(key)
    if not source and local_time:
        where, args = _person(person_id)
        sql = (
            "SELECT day, unit, sum(n), min(lo), sum(avg * n) / sum(n), max(hi), sum(total), "
            "min(lo2), avg(avg2), max(hi2) "
            f"FROM readings_daily WHERE mtype = ?{where} GROUP BY day, unit ORDER BY day DESC LIMIT ?"
        )
        rows = vault.conn.execute(sql, [key, *args, limit]).fetchall()
        label = ALL_SOURCES
    else:
        where, args = _filters(vault, key, person_id, source)
        day = "x.day" if local_time else "date(x.t0, 'unixepoch')"
        sql = (
            f"SELECT {day} AS d, x.unit, count(*), min(x.value), avg(x.value), max(x.value), sum(x.value), "
            f"min(x.value2), avg(x.value2), max(x.value2) FROM readings AS x WHERE x.mtype = ?{where} "
            "GROUP BY d, x.unit ORDER BY d DESC LIMIT ?"
        )
        rows = vault.conn.execute(sql, [key, *args, limit]).fetchall()
        source_key = _source_keys(vault, key, person_id).get(source, source) if source else None
        extra = _series_daily_rows(vault, key, person_id, source_key, local_time)
        if extra:
            rows = _merge_days([*rows, *extra], limit)
        if not local_time and t is not None and t.cumulative and rows:
            # interval data: overlaps once, from the best-ranked source, as the local days' summary merges them
            totals = _utc_interval_totals(vault, key, person_id, source_key, min(str(r[0]) for r in rows))
            rows = [(*r[:6], totals.get((str(r[0]), r[1] or ""), r[6]), *r[7:]) for r in rows]
        label = source or ALL_SOURCES
    cumulative = t is not None and t.cumulative
    return [
        DailyValue(
            str(d),
            label,
            _unit_shown(key, unit or None, lang),
            int(n),
            float(lo if lo is not None else 0.0),
            float(avg if avg is not None else 0.0),
            float(hi if hi is not None else 0.0),
            float(total) if cumulative and total is not None else None,
            lo2,
            avg2,
            hi2,
        )
        for d, unit, n, lo, avg, hi, total, lo2, avg2, hi2 in rows
    ]


def _day_of(stamp: str, local_time: bool) -> str:
    """The day of a stamp: in its own zone (``local_time``, a sample's ``local_start``), else in UTC."""
    when = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return (local_day(when) if local_time else when.astimezone(UTC).date()).isoformat()


def aggregate(items: Iterable[Sample], *, local_time: bool = True) -> list[DailyValue]:
    """Daily aggregates per source and unit of samples already in memory."""
    groups: dict[tuple[str, str, str | None], list[float]] = {}
    for s in items:
        if s.value is None:
            continue
        stamp = (s.local_start or s.start) if local_time else s.start
        groups.setdefault((_day_of(stamp, local_time), s.source, s.unit), []).append(s.value)
    return [
        DailyValue(day, src, unit, len(vals), min(vals), sum(vals) / len(vals), max(vals))
        for (day, src, unit), vals in groups.items()
    ]


@dataclass(frozen=True)
class Pivot:
    """Daily aggregates as a table: one row per day, one column per source."""

    days: list[str]
    sources: list[str]
    cells: dict[tuple[str, str], DailyValue]


def pivot(values: Sequence[DailyValue]) -> Pivot:
    """Arrange daily aggregates by day (newest first) and source (by name).

    A unit that could not be converted to the type's own is a column of its own, so no value is dropped.
    """
    cells: dict[tuple[str, str], DailyValue] = {}
    units_by_source: dict[str, set[str | None]] = {}
    for v in values:
        units_by_source.setdefault(v.source, set()).add(v.unit)
    for v in values:
        column = v.source if len(units_by_source[v.source]) == 1 else f"{v.source} ({v.unit or '-'})"
        cells[(v.day, column)] = v
    days = sorted({day for day, _ in cells}, reverse=True)
    names = sorted({column for _, column in cells}, key=str.casefold)
    return Pivot(days, names, cells)


def summary_text(v: DailyValue) -> str:
    """A day's summary as a person reads it: the total of interval data, the average (and range) otherwise."""
    unit = f" {v.unit}" if v.unit else ""
    if v.total is not None:
        return f"{number_text(v.total)}{unit}"
    if v.average2 is not None:
        return f"{number_text(v.average)}/{number_text(v.average2)}{unit}"
    if v.count == 1:
        return f"{number_text(v.average)}{unit}"
    return f"{number_text(v.average)}{unit} ({number_text(v.minimum)}–{number_text(v.maximum)})"

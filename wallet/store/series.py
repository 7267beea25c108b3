"""The series store: dense measurements (heart rate, steps, energy ...) as compact rows, not records.

A series is one person's samples of one kind from one source in one unit (``series``); each
sample is a row of ``samples``: start, value, end (NULL for an instant), the source's UTC offset
in minutes, a few meaningful extra attributes as compact JSON (Apple Health's heart-rate motion
context), and the origin (import and file) it came from.  The primary key (series, start, value)
keeps a series' samples in time order for range scans and is the deduplication key: importing an
export again skips every sample it already has (``INSERT OR IGNORE``), at the speed of reading it.

Daily summaries per series (``series_daily``: count, total, min, mean, max, first and last time)
are kept as samples arrive: the writer notes each chunk's time span in
``series_dirty`` and :func:`settle` (inside the same transaction, just before it commits, called
by :func:`wallet.store.readings.settle`) recomputes the days it touched and hands them to the
readings layer, whose ``readings_daily`` then counts series and single readings together (each
series in its type's canonical unit, interval data merged by the person's order of sources).
Weekly and monthly summaries are sums of daily rows (:func:`summaries`).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from math import isfinite
from operator import itemgetter
from typing import TYPE_CHECKING, Any

import sqlcipher3

from wallet.model import compact_json
from wallet.samples import STREAM_KINDS, Row, Samples
from wallet.store.rows import WriteState
from wallet.terms import measures

if TYPE_CHECKING:
    from wallet.store.rows import OriginKey

SCHEMA_VERSION = 7
"""The schema that made the store (wallet.store.migrations._v7)."""

MARGIN = 24 * 3600
"""Wider than any UTC offset a file may state (+14:00 is the widest in use; a parser accepts up to 23:59): a
local day's samples lie within this of its UTC day."""

SCHEMA: tuple[str, ...] = (
    """CREATE TABLE series(
    id INTEGER PRIMARY KEY,
    person_id TEXT NOT NULL,
    domain TEXT NOT NULL,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    source TEXT NOT NULL,
    unit TEXT,
    connector TEXT NOT NULL,
    code_system TEXT,
    code TEXT,
    mtype TEXT NOT NULL,
    scale REAL NOT NULL DEFAULT 1,
    offs REAL NOT NULL DEFAULT 0,
    cunit TEXT,
    rank INTEGER NOT NULL,
    meta TEXT NOT NULL DEFAULT '{}'
)""",
    """CREATE UNIQUE INDEX series_key ON series(person_id, kind, source, coalesce(unit, ''), connector)""",
    """CREATE INDEX series_type ON series(person_id, mtype)""",
    """CREATE TABLE samples(
    series INTEGER NOT NULL,
    t0 REAL NOT NULL,
    value REAL NOT NULL,
    t1 REAL,
    tz INTEGER,
    extra TEXT,
    origin INTEGER,
    PRIMARY KEY(series, t0, value)
) WITHOUT ROWID""",
    """CREATE TABLE series_daily(
    series INTEGER NOT NULL,
    day TEXT NOT NULL,
    n INTEGER NOT NULL,
    total REAL,
    lo REAL,
    avg REAL,
    hi REAL,
    first REAL,
    last REAL,
    overlap INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY(series, day)
) WITHOUT ROWID""",
    """CREATE INDEX series_daily_last ON series_daily(last)""",
    """CREATE TABLE series_dirty(series INTEGER NOT NULL, lo REAL NOT NULL, hi REAL NOT NULL)""",
)
"""Schema 7 as it shipped (wallet.store.migrations._v7 makes it): the series, their samples, their daily summaries
and the spans to summarise again.  Schema 9 (migrations._v9) drops ``series_daily.overlap``, which nothing read."""


def create(conn: sqlcipher3.Connection) -> None:
    """Make the schema-7 tables, and move the stream samples an older vault kept as records into series."""
    for statement in SCHEMA:
        conn.execute(statement)
    _move_records(conn)


# -- ranks --------------------------------------------------------------------------------------------


def default_rank(connector: str, source: str, device: str) -> int:
    """The default priority of a series' source (lower first), as the readings layer ranks a record's."""
    from wallet.store.readings import DEFAULT_RANKS  # readings imports this module

    if connector in ("fhir", "smart_health_card", "ccda", "nhis_checkup"):
        return DEFAULT_RANKS["hospital"]
    if connector == "apple_health":
        if source in ("Health", "건강"):
            return DEFAULT_RANKS["self-entered"]
        if "iPhone" in device or "iPhone" in source:
            return DEFAULT_RANKS["phone"]
        if device or "Watch" in source:
            return DEFAULT_RANKS["device"]
        return DEFAULT_RANKS["phone"]
    if connector in ("fitbit", "google_fit", "fit", "fitbit_takeout", "google_fit_takeout", "samsung_health"):
        return DEFAULT_RANKS["device"]
    return DEFAULT_RANKS["other"]


# -- writing ------------------------------------------------------------------------------------------

SampleRow = tuple[float, float | None, float, int | None, str | None]
"""A stored sample: start, end (None for an instant), value, UTC offset in minutes, extra JSON."""
SeriesKey = tuple[str, str, str, str | None, str]
"""person_id, kind, source, unit, connector"""


class SampleChunk:
    """Samples turned into one ``json_each`` statement per series, like :class:`wallet.store.rows.RowBatch`."""

    def __init__(self, import_id: str | None) -> None:
        self.import_id = import_id
        self.batches: dict[tuple[SeriesKey, tuple[str, str, str, str | None]], _Pending] = {}
        self.offered = 0
        """Samples given to :meth:`add`."""
        self.dropped = 0
        """Samples without a finite start or value (not stored; counted as skipped)."""
        self.size = 0
        self.sealed: list[tuple[_Pending, str]] = []

    def add(self, samples: Samples) -> None:
        """Take the samples of one batch (``samples.person_id`` must be set)."""
        person_id = samples.person_id
        if person_id is None:
            raise ValueError("samples must have a person before they are stored")
        prov = samples.provenance
        key = (person_id, samples.kind, samples.source, samples.unit, prov.connector_id)
        origin = (prov.connector_id, prov.connector_version, prov.source_name, prov.source_sha256)
        pending = self.batches.get((key, origin))
        if pending is None:
            pending = self.batches[(key, origin)] = _Pending(
                key, origin, str(samples.domain), samples.title, samples.code_system, samples.code
            )
        rows = samples.rows
        n = len(rows)
        # one C-level pass finds whether any start or value is NaN or infinite (then each row is checked)
        if not (isfinite(sum(map(_T0, rows))) and isfinite(sum(map(_VALUE, rows)))):
            rows = [r for r in rows if isfinite(r[0]) and isfinite(r[2])]
        self.dropped += n - len(rows)
        self.offered += n
        self.size += 40 * n
        pending.rows.extend(rows)
        for name, value in samples.meta.items():
            pending.meta.setdefault(name, set()).add(value)
        for warning in prov.warnings:  # kept with the series (its samples have no provenance of their own)
            pending.meta.setdefault("warnings", set()).add(warning)

    def seal(self) -> list[str]:
        """The rows as JSON texts, one per series (the Python part of the work, done by the caller's thread)."""
        out = []
        for pending in self.batches.values():
            rows = pending.rows
            # a day is its samples' starts' day: the span of starts is what to summarise again
            pending.lo = min(map(_T0, rows)) if rows else 0.0
            pending.hi = max(map(_T0, rows)) if rows else 0.0
            pending.count = len(rows)
            out.append(compact_json(rows))
            pending.rows = []
            self.sealed.append((pending, ""))
        self.batches = {}
        return out

    def write(self, conn: sqlcipher3.Connection, payload: list[str], state: WriteState) -> tuple[int, Counter[str]]:
        """Insert, inside the caller's transaction; returns (added, added per kind)."""
        added = 0
        by_kind: Counter[str] = Counter()
        for (pending, _), rows in zip(self.sealed, payload, strict=True):
            if not pending.count:
                continue
            series = _series_id(conn, pending, state)
            origin = state.origin(conn, pending.origin, self.import_id)
            n = int(conn.execute(_INSERT_SAMPLES, (series, rows, origin)).rowcount)
            if origin in state.added:
                state.added[origin] += n
            if n:
                added += n
                by_kind[pending.key[1]] += n
                conn.execute(
                    "INSERT INTO series_dirty(series, lo, hi) VALUES (?, ?, ?)", (series, pending.lo, pending.hi)
                )
        return added, by_kind


class _Pending:
    __slots__ = ("code", "code_system", "count", "domain", "hi", "key", "lo", "meta", "origin", "rows", "title")

    def __init__(
        self, key: SeriesKey, origin: OriginKey, domain: str, title: str, code_system: str | None, code: str | None
    ) -> None:
        self.key = key
        self.origin = origin
        self.domain = domain
        self.title = title
        self.code_system = code_system
        self.code = code
        self.rows: list[Row] = []
        self.meta: dict[str, set[str]] = {}
        self.lo = self.hi = 0.0
        self.count = 0


_T0 = itemgetter(0)
_VALUE = itemgetter(2)
_INSERT_SAMPLES = (
    "INSERT OR IGNORE INTO samples(series, t0, value, t1, tz, extra, origin) "
    "SELECT ?1, value->>0, value->>2, value->>1, value->>3, value->>4, ?3 FROM json_each(jsonb(?2))"
)
_META_LIMIT = 20
"""Distinct values kept per meta field of a series (device descriptions change with each update)."""


def _series_id(conn: sqlcipher3.Connection, pending: _Pending, state: WriteState) -> int:
    """The id of the pending samples' series, made when new; its meta gains what these samples add."""
    key = pending.key
    found = state.series.get(key)
    if found is None:
        person_id, kind, source, unit, connector = key
        row = _find(conn, person_id, kind, source, unit, connector)
        if row is None:
            from wallet.store.readings import mapping  # readings imports this module

            m = mapping(kind, pending.code_system, pending.code, unit, connector)
            devices = pending.meta.get("device", set())
            rank = default_rank(connector, source, " ".join(sorted(devices)))
            row = conn.execute(
                "INSERT INTO series(person_id, domain, kind, title, source, unit, connector, code_system, code, "
                "mtype, scale, offs, cunit, rank) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id, meta",
                (
                    person_id,
                    pending.domain,
                    kind,
                    pending.title,
                    source,
                    unit,
                    connector,
                    pending.code_system,
                    pending.code,
                    m.mtype,
                    m.scale,
                    m.offset,
                    m.unit,
                    rank,
                ),
            ).fetchone()
        found = state.series[key] = (int(row[0]), json.loads(row[1]))
    series_id, meta = found
    if _add_meta(meta, pending.meta):
        conn.execute("UPDATE series SET meta = ? WHERE id = ?", (json.dumps(meta, ensure_ascii=False), series_id))
    return series_id


def _find(
    conn: sqlcipher3.Connection, person_id: str, kind: str, source: str, unit: str | None, connector: str
) -> tuple[int, str] | None:
    """(id, meta) of the person's series of this key, if there is one."""
    row = conn.execute(
        "SELECT id, meta FROM series WHERE person_id = ? AND kind = ? AND source = ? AND coalesce(unit, '') = ? "
        "AND connector = ?",
        (person_id, kind, source, unit or "", connector),
    ).fetchone()
    return None if row is None else (int(row[0]), str(row[1]))


def _add_meta(meta: dict[str, Any], more: dict[str, Any]) -> bool:
    """Add to a series' ``meta`` the values of ``more`` it lacks (at most :data:`_META_LIMIT` a field); whether
    anything was added."""
    changed = False
    for name, values in more.items():
        known = meta.setdefault(name, [])
        for value in sorted(values):
            if value not in known and len(known) < _META_LIMIT:
                known.append(value)
                changed = True
    return changed


# -- summaries ----------------------------------------------------------------------------------------

_DAY = "date(t0 + coalesce(tz, 0) * 60, 'unixepoch')"


def settle(conn: sqlcipher3.Connection) -> None:
    """Recompute the daily summaries of the spans written since the last call; note the days for the readings
    layer in ``temp._touched`` (person_id, mtype, day).  Inside the caller's transaction."""
    spans = conn.execute(
        "SELECT d.series, min(d.lo), max(d.hi), s.person_id, s.mtype, s.mtype IN (SELECT value FROM json_each(?)) "
        "FROM series_dirty AS d JOIN series AS s ON s.id = d.series GROUP BY d.series",
        (json.dumps(_cumulative()),),
    ).fetchall()
    conn.execute("DELETE FROM series_dirty")
    touched = (
        "INSERT OR IGNORE INTO temp._touched(person_id, mtype, day) SELECT ?, ?, day FROM series_daily "
        "WHERE series = ? AND day BETWEEN ? AND ?"
    )
    for series, lo, hi, person_id, mtype, cumulative in spans:
        first = _utc_day_start(lo - MARGIN)
        last = _utc_day_start(hi + MARGIN)
        day_lo, day_hi = _day_text(first), _day_text(last)
        conn.execute(touched, (person_id, mtype, series, day_lo, day_hi))  # also the days a deletion empties
        conn.execute("DELETE FROM series_daily WHERE series = ? AND day BETWEEN ? AND ?", (series, day_lo, day_hi))
        conn.execute(
            "INSERT INTO series_daily(series, day, n, total, lo, avg, hi, first, last) "
            "SELECT ?1, d, count(*), sum(part), min(value), avg(value), max(value), min(t0), max(coalesce(t1, t0)) "
            f"FROM ({_MERGED if cumulative else _PLAIN}) WHERE d BETWEEN ?4 AND ?5 GROUP BY d",
            (series, first - MARGIN, last + 86400 + MARGIN, day_lo, day_hi),
        )
        conn.execute(touched, (person_id, mtype, series, day_lo, day_hi))


_IN_SPAN = f"SELECT t0, t1, value, {_DAY} AS d FROM samples WHERE series = ?1 AND t0 >= ?2 AND t0 < ?3"
_PLAIN = f"SELECT t0, t1, value, d, value AS part FROM ({_IN_SPAN})"
# Interval data (steps, energy): a day's total counts time that an earlier sample of the same series already
# covers once, as wallet.store.readings.merged_total does within one source (same order: start, end, value).
# The part of a sample that is new is what lies after the furthest end of the samples before it; an instant
# inside an earlier interval adds nothing.
_MERGED = (
    "SELECT t0, t1, value, d, CASE WHEN t1 IS NOT NULL AND t1 > t0 "
    "THEN value * max(0.0, t1 - max(t0, coalesce(pm, t0))) / (t1 - t0) WHEN pm > t0 THEN 0.0 ELSE value END AS part "
    "FROM (SELECT t0, t1, value, d, max(coalesce(t1, t0)) OVER (PARTITION BY d "
    f"ORDER BY t0, coalesce(t1, t0), value ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS pm FROM ({_IN_SPAN}))"
)


def _cumulative() -> list[str]:
    return [t.key for t in measures.TYPES if t.cumulative]


def _utc_day_start(t: float) -> int:
    return int(t // 86400) * 86400


def _day_text(t: int) -> str:
    return datetime.fromtimestamp(t, UTC).date().isoformat()


def daily_parts() -> str:
    """SQL of each touched (person, type, day)'s series summaries in canonical units, shaped like the readings'
    part of ``readings_daily`` (see :func:`wallet.store.readings._summarise`): one row per series."""
    return (
        "SELECT s.person_id, s.mtype, d.day, coalesce(s.cunit, ''), d.n, d.total * s.scale + d.n * s.offs, "
        "d.lo * s.scale + s.offs, d.avg * s.scale + s.offs, d.hi * s.scale + s.offs, d.n, NULL, NULL, NULL, 0, "
        "s.source FROM temp._touched AS t JOIN series AS s ON s.person_id = t.person_id AND s.mtype = t.mtype "
        "JOIN series_daily AS d ON d.series = s.id AND d.day = t.day"
    )


# -- reading --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SeriesInfo:
    """One series: whose, what, from which source, how many samples over which days."""

    id: int
    person_id: str
    domain: str
    kind: str
    title: str
    source: str
    unit: str | None
    connector: str
    mtype: str
    canonical_unit: str | None
    count: int
    first_day: str | None
    last_day: str | None
    meta: dict[str, Any]


def series_list(
    conn: sqlcipher3.Connection, person_id: str | None = None, mtype: str | None = None
) -> list[SeriesInfo]:
    """Every series (of one person, of one measurement type), with its counts from the daily summaries."""
    where, args = ["1"], []
    if person_id:
        where.append("s.person_id = ?")
        args.append(person_id)
    if mtype:
        where.append("s.mtype = ?")
        args.append(mtype)
    rows = conn.execute(
        "SELECT s.id, s.person_id, s.domain, s.kind, s.title, s.source, s.unit, s.connector, s.mtype, s.cunit, "
        "(SELECT coalesce(sum(n), 0) FROM series_daily WHERE series = s.id), "
        "(SELECT min(day) FROM series_daily WHERE series = s.id), "
        "(SELECT max(day) FROM series_daily WHERE series = s.id), "
        f"s.meta FROM series AS s WHERE {' AND '.join(where)} ORDER BY s.person_id, s.title, s.source",
        args,
    ).fetchall()
    return [
        SeriesInfo(
            int(r[0]), r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], int(r[10]), r[11], r[12], json.loads(r[13])
        )
        for r in rows
    ]


def samples(
    conn: sqlcipher3.Connection,
    series_id: int,
    since: float | None = None,
    until: float | None = None,
    limit: int | None = None,
    newest_first: bool = False,
) -> list[SampleRow]:
    """Samples of one series in time order (start, end, value, UTC offset in minutes, extra JSON), by a range scan."""
    sql = "SELECT t0, t1, value, tz, extra FROM samples WHERE series = ? AND t0 >= ? AND t0 < ?"
    sql += " ORDER BY t0 DESC" if newest_first else " ORDER BY t0"
    args: list[Any] = [series_id, -1e18 if since is None else since, 1e18 if until is None else until]
    if limit is not None:
        sql += " LIMIT ?"
        args.append(limit)
    return [(float(a), b, float(c), d, e) for a, b, c, d, e in conn.execute(sql, args)]


def day_samples(conn: sqlcipher3.Connection, series_id: int, day: str) -> list[SampleRow]:
    """The samples of one series on one local day (the day in the source's own zone)."""
    start = (date.fromisoformat(day).toordinal() - date(1970, 1, 1).toordinal()) * 86400
    rows = conn.execute(
        f"SELECT t0, t1, value, tz, extra FROM samples WHERE series = ? AND t0 >= ? AND t0 < ? AND {_DAY} = ? "
        "ORDER BY t0",
        (series_id, start - MARGIN, start + 86400 + MARGIN, day),
    )
    return [(float(a), b, float(c), d, e) for a, b, c, d, e in rows]


def summaries(
    conn: sqlcipher3.Connection, series_id: int, period: str = "day"
) -> list[tuple[str, int, float | None, float | None, float | None, float | None]]:
    """Summaries of one series per ``day``, ISO ``week`` (``2024-W03``) or ``month``: (period, n, total, min, mean,
    max), oldest first, from the maintained daily rows."""
    key = {"day": "day", "week": "strftime('%G-W%V', day)", "month": "substr(day, 1, 7)"}[period]
    rows = conn.execute(
        f"SELECT {key} AS p, sum(n), sum(total), min(lo), sum(avg * n) / sum(n), max(hi) FROM series_daily "
        "WHERE series = ? GROUP BY p ORDER BY p",
        (series_id,),
    )
    return [(str(p), int(n), total, lo, avg, hi) for p, n, total, lo, avg, hi in rows]


def count(conn: sqlcipher3.Connection, person_id: str | None = None) -> int:
    """How many samples (of one person)."""
    if person_id is None:
        return int(conn.execute("SELECT coalesce(sum(n), 0) FROM series_daily").fetchone()[0])
    return int(
        conn.execute(
            "SELECT coalesce(sum(d.n), 0) FROM series_daily AS d JOIN series AS s ON s.id = d.series "
            "WHERE s.person_id = ?",
            (person_id,),
        ).fetchone()[0]
    )


# -- deleting ---------------------------------------------------------------------------------------------


def delete_where(
    conn: sqlcipher3.Connection,
    series_sql: str,
    series_args: tuple[Any, ...] = (),
    origin_sql: str | None = None,
    origin_args: tuple[Any, ...] = (),
) -> int:
    """Delete the samples of the series ``series_sql`` selects (ids), only those of the origins ``origin_sql``
    selects when given (both with plain ``?`` parameters); marks the span of starts that lost samples, per series
    that lost any, for summarising (series left empty go at the settle).  Returns how many samples went."""
    if origin_sql is None:  # whole series: their first and last start, two index lookups each
        spans = conn.execute(
            "SELECT s.id, (SELECT min(t0) FROM samples WHERE series = s.id), "
            f"(SELECT max(t0) FROM samples WHERE series = s.id) FROM series AS s WHERE s.id IN ({series_sql})",
            series_args,
        ).fetchall()
    else:  # one pass over the series' samples finds which series lose samples, and the span of their starts
        spans = conn.execute(
            f"SELECT series, min(t0), max(t0) FROM samples WHERE series IN ({series_sql}) AND origin IN ({origin_sql}) "
            "GROUP BY series",
            (*series_args, *origin_args),
        ).fetchall()
    deleted = 0
    for series_id, lo, hi in spans:
        if lo is None:  # no sample
            continue
        if origin_sql is None:
            n = conn.execute("DELETE FROM samples WHERE series = ?", (series_id,)).rowcount
        else:
            n = conn.execute(  # a range scan of the span only
                f"DELETE FROM samples WHERE series = ? AND t0 >= ? AND t0 <= ? AND origin IN ({origin_sql})",
                (series_id, lo, hi, *origin_args),
            ).rowcount
        deleted += int(n)
        if n:  # a day is its samples' starts' day: settle summarises the days of this span (and a margin) again
            conn.execute("INSERT INTO series_dirty(series, lo, hi) VALUES (?, ?, ?)", (series_id, lo, hi))
    return deleted


def drop_empty(conn: sqlcipher3.Connection) -> None:
    """Remove series without samples (after a deletion was settled) and their summaries."""
    conn.execute(
        "DELETE FROM series_daily WHERE series IN (SELECT id FROM series WHERE NOT EXISTS "
        "(SELECT 1 FROM samples WHERE samples.series = series.id))"
    )
    conn.execute("DELETE FROM series WHERE NOT EXISTS (SELECT 1 FROM samples WHERE samples.series = series.id)")


# -- moving ---------------------------------------------------------------------------------------------------

_DAILY_COLUMNS = "day, n, total, lo, avg, hi, first, last"
_SERIES_COLUMNS = (
    "domain, kind, title, source, unit, connector, code_system, code, mtype, scale, offs, cunit, rank, meta"
)


def move(conn: sqlcipher3.Connection, series_ids: Iterable[int], person_id: str) -> tuple[int, int]:
    """File series under another person, inside the caller's transaction; returns (samples moved, of them repeats
    of samples the person's series already held).  The series must exist (the caller checks).

    When the person already has a series of the same key (kind, source, unit, connector), the samples join it as
    the writer adds them (``INSERT OR IGNORE``: a repeat of (start, value) is kept once, as it was there) and the
    emptied series goes at the settle (:func:`drop_empty`); else the series itself changes hands.  Either way the
    span of the samples is marked (``series_dirty``) for both sides, so that :func:`settle` summarises again the
    days they leave and the days they join, and the readings layer both persons' days of that type.
    """
    moved = repeats = 0
    for series_id in dict.fromkeys(series_ids):
        owner, kind, source, unit, connector, meta = conn.execute(
            "SELECT person_id, kind, source, unit, connector, meta FROM series WHERE id = ?", (series_id,)
        ).fetchone()
        if owner == person_id:
            continue
        n, lo, hi = conn.execute(
            "SELECT count(*), min(t0), max(t0) FROM samples WHERE series = ?", (series_id,)
        ).fetchone()
        target = _find(conn, person_id, kind, source, unit, connector)
        if target is None:
            conn.execute("UPDATE series SET person_id = ? WHERE id = ?", (person_id, series_id))
            if n:  # the days it leaves: a stand-in of the person it leaves holds them, without samples
                stand_in = conn.execute(
                    f"INSERT INTO series(person_id, {_SERIES_COLUMNS}) SELECT ?, {_SERIES_COLUMNS} FROM series "
                    "WHERE id = ? RETURNING id",
                    (owner, series_id),
                ).fetchone()[0]
                conn.execute(
                    f"INSERT INTO series_daily(series, {_DAILY_COLUMNS}) SELECT ?, {_DAILY_COLUMNS} "
                    "FROM series_daily WHERE series = ?",
                    (stand_in, series_id),
                )
                # settle: the stand-in's days are summarised again (to nothing) under the person it names, then
                # the stand-in goes with the emptied series (drop_empty); the series' days under the new person
                _mark(conn, stand_in, lo, hi)
                _mark(conn, series_id, lo, hi)
        else:
            target_id, target_meta = int(target[0]), json.loads(target[1])
            if n:
                added = conn.execute(
                    "INSERT OR IGNORE INTO samples(series, t0, value, t1, tz, extra, origin) "
                    "SELECT ?, t0, value, t1, tz, extra, origin FROM samples WHERE series = ? ORDER BY t0, value",
                    (target_id, series_id),
                ).rowcount
                conn.execute("DELETE FROM samples WHERE series = ?", (series_id,))
                repeats += n - int(added)
                _mark(conn, series_id, lo, hi)  # emptied: summarised to nothing, then gone (drop_empty)
                _mark(conn, target_id, lo, hi)
            else:  # nothing to summarise: no settle would remove it
                conn.execute("DELETE FROM series_daily WHERE series = ?", (series_id,))
                conn.execute("DELETE FROM series WHERE id = ?", (series_id,))
            if _add_meta(target_meta, json.loads(meta)):
                conn.execute(
                    "UPDATE series SET meta = ? WHERE id = ?",
                    (json.dumps(target_meta, ensure_ascii=False), target_id),
                )
        moved += int(n)
    return moved, repeats


def _mark(conn: sqlcipher3.Connection, series_id: int, lo: float, hi: float) -> None:
    """Note the span of starts [lo, hi] of a series for :func:`settle` to summarise again."""
    conn.execute("INSERT INTO series_dirty(series, lo, hi) VALUES (?, ?, ?)", (series_id, lo, hi))


# -- schema 7: records of stream kinds become samples ---------------------------------------------------------

_MOVE_CHUNK = 50_000


def _move_records(conn: sqlcipher3.Connection) -> None:
    """Move the records of :data:`STREAM_KINDS` that a vault of schema 6 holds into series (their search entries
    go; their readings go at the next settle).  The record's extra attributes are kept as the sample's extra."""
    kinds = json.dumps(sorted(STREAM_KINDS))
    state = WriteState()
    since = -(2**63)  # each chunk goes on after the last chunk's last rowid: one pass over the table in all
    while True:
        rows = conn.execute(
            "SELECT r.rowid, r.person_id, r.domain, r.kind, r.title, r.unit, r.connector, r.code_system, r.code, "
            "r.value, unixepoch(r.start, 'subsec'), unixepoch(r.end, 'subsec'), r.data->>'$.start', "
            "coalesce(r.data->>'$.payload.sourceName', r.connector || ':' || coalesce(r.origin, r.source)), "
            "r.data->>'$.payload.device', r.data->'$.payload.metadata', r.origin, r.import_id, r.source, "
            "r.data->>'$.provenance.connector_version', r.data->>'$.provenance.source_sha256' "
            # NOT INDEXED: a range of rowids (records_kind would be read whole and sorted for each chunk)
            "FROM records AS r NOT INDEXED WHERE r.rowid >= ? AND r.kind IN (SELECT value FROM json_each(?)) "
            "AND r.value IS NOT NULL AND abs(r.value) < 1e308 AND unixepoch(r.start, 'subsec') IS NOT NULL "
            "ORDER BY r.rowid LIMIT ?",
            (since, kinds, _MOVE_CHUNK),
        ).fetchall()
        if not rows:
            return
        since = rows[-1][0] + 1
        by_series: dict[tuple[Any, ...], list[Row]] = {}
        for (
            _rid,
            person_id,
            domain,
            kind,
            title,
            unit,
            connector,
            cs,
            code,
            value,
            t0,
            t1,
            local,
            source,
            device,
            metadata,
            origin,
            import_id,
            file_name,
            version,
            sha,
        ) in rows:
            if origin is None:  # written before schema 5: its provenance is in its JSON; give it an origin row
                origin = state.origin(conn, (connector, version or "1", file_name, sha), import_id)
            key = (person_id, domain, kind, title, unit, connector, cs, code, source, device or "", origin)
            end = None if t1 is None or t1 == t0 else float(t1)
            by_series.setdefault(key, []).append((float(t0), end, float(value), _offset_minutes(local), metadata))
        for key, samples_rows in by_series.items():
            person_id, domain, kind, title, unit, connector, cs, code, source, device, origin = key
            pending = _Pending((person_id, kind, source, unit, connector), ("", "", "", None), domain, title, cs, code)
            if device:
                pending.meta["device"] = {device}
            series_id = _series_id(conn, pending, state)
            conn.execute(
                "INSERT OR IGNORE INTO samples(series, t0, value, t1, tz, extra, origin) "
                "SELECT ?1, value->>0, value->>2, value->>1, value->>3, value->>4, ?3 FROM json_each(?2)",
                (series_id, compact_json(samples_rows), origin),
            )
            lo = min(r[0] for r in samples_rows)
            hi = max(r[0] if r[1] is None else r[1] for r in samples_rows)
            conn.execute("INSERT INTO series_dirty(series, lo, hi) VALUES (?, ?, ?)", (series_id, lo, hi))
        ids = json.dumps([r[0] for r in rows])
        conn.execute("DELETE FROM records_fts WHERE rowid IN (SELECT value FROM json_each(?))", (ids,))
        conn.execute("DELETE FROM records WHERE rowid IN (SELECT value FROM json_each(?))", (ids,))


def _offset_minutes(local: str | None) -> int | None:
    """The UTC offset of an ISO time with one (``...+09:00`` -> 540); None without."""
    if not local or len(local) < 6:
        return None
    tail = local[-6:]
    if local.endswith("Z"):
        return 0
    if tail[0] in "+-" and tail[3] == ":":
        try:
            minutes = int(tail[1:3]) * 60 + int(tail[4:6])
        except ValueError:
            return None
        return -minutes if tail[0] == "-" else minutes
    return None


def origins_in_use(conn: sqlcipher3.Connection) -> set[int]:
    """The origins (source files) some sample names (a scan of the samples: for deletions, not imports)."""
    return {int(r[0]) for r in conn.execute("SELECT DISTINCT origin FROM samples WHERE origin IS NOT NULL")}


def problems(conn: sqlcipher3.Connection) -> list[str]:
    """What :meth:`wallet.store.vault.Vault.check` reports of the series store (empty when sound)."""
    out = []
    orphans = conn.execute("SELECT count(*) FROM samples WHERE series NOT IN (SELECT id FROM series)").fetchone()[0]
    if orphans:
        out.append(f"{orphans} samples belong to no series")
    held = conn.execute("SELECT count(*) FROM samples").fetchone()[0]
    summed = conn.execute("SELECT coalesce(sum(n), 0) FROM series_daily").fetchone()[0]
    if held != summed:
        out.append(f"the daily summaries of series count {summed} samples; the store holds {held}")
    lost = conn.execute(
        "SELECT count(*) FROM (SELECT DISTINCT origin FROM samples WHERE origin IS NOT NULL) AS o "
        "WHERE o.origin NOT IN (SELECT id FROM origins)"
    ).fetchone()[0]
    if lost:
        out.append(f"samples name {lost} origin(s) (source files) that are missing")
    return out


def drop_repeats(items: list[tuple[float, float, int, str]], mtype: str) -> list[bool]:
    """Which of ``items`` (start, value in the canonical unit, rank, source) to keep for a point measurement.

    As single readings are grouped: a sample that another source of a better (or the same, earlier) rank also
    gave, within the type's seconds and tolerance, is left out; each kept sample stands for at most one sample of
    each other source (the nearest in time), so a strap's second-by-second heart rate is not swallowed whole by
    the watch's samples five seconds apart.
    """
    t = measures.BY_KEY.get(mtype)
    keep = [True] * len(items)
    if t is None or t.cumulative or len({i[3] for i in items}) < 2:
        return keep
    secs = max(float(t.seconds), 1e-6)
    buckets: dict[int, list[tuple[float, float, str, set[str]]]] = {}
    for i in sorted(range(len(items)), key=lambda k: (items[k][2], items[k][0])):
        t0, value, _rank, source = items[i]
        b = int(t0 // secs)
        tol = max(t.tolerance, t.relative * abs(value))
        best: tuple[float, float, str, set[str]] | None = None
        for near in (b - 1, b, b + 1):
            for kept in buckets.get(near, ()):
                o_t, o_v, src, taken = kept
                near_enough = src != source and source not in taken and abs(o_t - t0) <= secs
                if near_enough and abs(o_v - value) <= tol and (best is None or abs(o_t - t0) < abs(best[0] - t0)):
                    best = kept
        if best is not None:
            best[3].add(source)
            keep[i] = False
        else:
            buckets.setdefault(b, []).append((t0, value, source, set()))
    return keep


def iter_samples(conn: sqlcipher3.Connection, series_id: int) -> Iterator[SampleRow]:
    """Every sample of one series in time order, read lazily (for exports of millions)."""
    for t0, t1, value, tz, extra in conn.execute(
        "SELECT t0, t1, value, tz, extra FROM samples WHERE series = ? ORDER BY t0", (series_id,)
    ):
        yield float(t0), t1, float(value), tz, extra

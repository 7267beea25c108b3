"""Readings: the coherent layer every view reads measurements from, kept up to date as records change.

A record keeps what its source said, exactly.  Beside it, each health or fitness record with a
number gets a *reading* (table ``readings``): its measurement type (:mod:`wallet.terms.measures`),
its value in the type's canonical unit (:mod:`wallet.terms.units`), its instant as Unix seconds,
the day it happened on in its own time zone (see docs/clock.md), what produced it (the watch,
the phone, the hospital) and that source's priority.

Readings that describe the same measurement (same person and type, different sources, times
and values within the type's tolerances) form a *group*; the member from the preferred source
is the group's ``main`` reading, and only main readings count in views, sums and daily
summaries.  The other members stay, visible in the detail pane; their records are marked
``shadow`` so that the timeline lists the reading once.  A blood-pressure reading holds both
numbers (``value`` systolic, ``value2`` diastolic), from one FHIR panel, one Apple Health
correlation, or two records paired by source and time.

Daily summaries (``readings_daily``) are kept per person, type, day and unit.  For interval
data (steps, distance, energy: :attr:`MeasurementType.cumulative`) a day's total merges
overlapping intervals by priority: the part of an interval that a preferred source also
covers counts once, from the preferred source (as Apple Health does).

Nothing here is computed at view time.  Triggers on ``records`` (schema 6) note every row
inserted, changed or deleted in ``readings_dirty``; :func:`settle` runs before each commit
(:meth:`wallet.store.vault.Vault.transaction`), derives the readings of those rows in a few
set-based statements, regroups what they touch and recomputes the days they touch, so the
layer is always consistent with the records it was committed with.
"""

from __future__ import annotations

import bisect
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import sqlcipher3

from wallet.store import series
from wallet.terms import measures, units
from wallet.terms.measures import BY_KEY

SCHEMA_VERSION = 6
"""The schema that made the layer (wallet.store.migrations._v6)."""
PRIORITY_KEY = "source_priority"
"""kv key: the person's order of sources (a JSON list of source keys), first preferred."""

DEFAULT_RANKS = {"hospital": 100, "device": 200, "phone": 300, "self-entered": 400, "other": 500}
"""Priority of a source nobody ordered, lower first: a hospital's measurement over a device's,
a measuring device over the phone's estimate, anything over what was typed in by hand."""

LOOKBACK = 3600.0
"""How far back an interval reading's overlaps are looked for when grouping (step samples last minutes)."""

# What produced a record: the app or device an export names (Apple Health's sourceName), the
# performer or system a FHIR resource names, else the connector and the file it came from
# (``fitbit:12``, by origin, so two exports both called export.zip stay two sources).
SOURCE_SQL = (
    "coalesce(r.data->>'$.payload.sourceName', r.data->>'$.payload.performer[0].display', "
    "r.data->>'$.payload.meta.source', r.connector || ':' || coalesce(r.origin, r.source))"
)
_DEVICE = "coalesce(r.data->>'$.payload.device', '')"
RANK_SQL = f"""CASE
 WHEN r.connector IN ('fhir', 'smart_health_card', 'ccda', 'nhis_checkup') THEN {DEFAULT_RANKS["hospital"]}
 WHEN r.connector = 'apple_health' THEN CASE
   WHEN r.data->>'$.payload.sourceName' IN ('Health', '건강') THEN {DEFAULT_RANKS["self-entered"]}
   WHEN {_DEVICE} LIKE '%iPhone%' OR r.data->>'$.payload.sourceName' LIKE '%iPhone%' THEN {DEFAULT_RANKS["phone"]}
   WHEN {_DEVICE} <> '' OR r.data->>'$.payload.sourceName' LIKE '%Watch%' THEN {DEFAULT_RANKS["device"]}
   ELSE {DEFAULT_RANKS["phone"]} END
 WHEN r.connector IN ('fitbit', 'google_fit', 'fit', 'fitbit_takeout', 'google_fit_takeout')
   THEN {DEFAULT_RANKS["device"]}
 ELSE {DEFAULT_RANKS["other"]} END"""

SCHEMA: tuple[str, ...] = (
    """CREATE TABLE readings(
    rid INTEGER PRIMARY KEY,
    rid2 INTEGER,
    person_id TEXT NOT NULL,
    mtype TEXT NOT NULL,
    t0 REAL NOT NULL,
    t1 REAL NOT NULL,
    day TEXT NOT NULL,
    value REAL,
    value2 REAL,
    unit TEXT,
    source TEXT NOT NULL,
    rank INTEGER NOT NULL,
    grp INTEGER NOT NULL,
    main INTEGER NOT NULL DEFAULT 1
)""",
    """CREATE INDEX readings_series ON readings(person_id, mtype, t0)""",
    """CREATE INDEX readings_grp ON readings(grp)""",
    """CREATE INDEX readings_rid2 ON readings(rid2) WHERE rid2 IS NOT NULL""",
    """CREATE TABLE readings_daily(
    person_id TEXT NOT NULL,
    mtype TEXT NOT NULL,
    day TEXT NOT NULL,
    unit TEXT NOT NULL,
    n INTEGER NOT NULL,
    total REAL,
    lo REAL,
    avg REAL,
    hi REAL,
    lo2 REAL,
    avg2 REAL,
    hi2 REAL,
    sources INTEGER NOT NULL,
    PRIMARY KEY(person_id, mtype, day, unit)
) WITHOUT ROWID""",
    """CREATE TABLE readings_dirty(rid INTEGER PRIMARY KEY)""",
    """ALTER TABLE records ADD COLUMN shadow INTEGER""",
    """CREATE INDEX records_shadow ON records(person_id, start) WHERE shadow IS NOT NULL""",
    """CREATE TRIGGER records_readings_insert AFTER INSERT ON records WHEN new.domain IN ('health', 'fitness')
BEGIN INSERT OR IGNORE INTO readings_dirty(rid) VALUES (new.rowid); END""",
    """CREATE TRIGGER records_readings_delete AFTER DELETE ON records WHEN old.domain IN ('health', 'fitness')
BEGIN INSERT OR IGNORE INTO readings_dirty(rid) VALUES (old.rowid); END""",
    """CREATE TRIGGER records_readings_update
AFTER UPDATE OF person_id, domain, kind, start, end, value, unit, code_system, code, data, origin ON records
BEGIN INSERT OR IGNORE INTO readings_dirty(rid) VALUES (new.rowid); END""",
)
"""Schema 6 (wallet.store.migrations): the tables, the shadow column and the triggers."""


def create(conn: sqlcipher3.Connection) -> None:
    """Make the schema-6 tables and triggers and mark every existing health record to be derived."""
    for statement in SCHEMA:
        conn.execute(statement)
    conn.execute("INSERT INTO readings_dirty(rid) SELECT rowid FROM records WHERE domain IN ('health', 'fitness')")


@dataclass(frozen=True)
class _Mapping:
    mtype: str
    part: str
    scale: float
    offset: float
    unit: str | None


def mapping(kind: str, code_system: str | None, code: str | None, unit: str | None, connector: str) -> _Mapping:
    """How records of one (kind, code, unit, connector) become readings: type, part, conversion."""
    mtype = measures.classify(kind, code_system, code)
    part = measures.part_of(kind, code_system, code)
    t = BY_KEY.get(mtype)
    if t is None:
        return _Mapping(mtype, "value", 1.0, 0.0, unit)
    if t.unitless or part in ("panel", "correlation"):
        return _Mapping(mtype, part, 1.0, 0.0, t.unit)
    if unit is None:
        return _Mapping(mtype, part, 1.0, 0.0, None)  # shown as it is: no unit is not the canonical unit
    try:
        scale, offset = units.factor(unit, t.unit, t.analyte)
    except units.UnitError:
        return _Mapping(mtype, part, 1.0, 0.0, unit)  # kept in its own unit, shown as it is
    if connector == "apple_health" and t.unit == "%" and units.to_ucum(unit) == "%":
        scale *= 100.0  # HealthKit writes percentages as fractions (0.97 for 97 %)
    return _Mapping(mtype, part, scale, offset, t.unit)


_COMPONENT = (
    "(SELECT CAST(c.value->>'$.valueQuantity.value' AS REAL) FROM json_each(r.data, '$.payload.component') AS c, "
    "json_each(c.value, '$.code.coding') AS k WHERE k.value->>'$.code' = '{code}' LIMIT 1)"
)
_PART = (
    "(SELECT CAST(p.value->>'$.value' AS REAL) FROM json_each(r.data, '$.payload.records') AS p "
    "WHERE p.value->>'$.type' = '{kind}' LIMIT 1)"
)
_SYS_PANEL = _COMPONENT.format(code=measures.SYSTOLIC)
_DIA_PANEL = _COMPONENT.format(code=measures.DIASTOLIC)
_SYS_PART = _PART.format(kind=measures.BP_SYSTOLIC_KIND)
_DIA_PART = _PART.format(kind=measures.BP_DIASTOLIC_KIND)
_VALUE1 = (
    f"CASE m.part WHEN 'panel' THEN {_SYS_PANEL} WHEN 'correlation' THEN {_SYS_PART} "
    "ELSE r.value * m.scale + m.offs END"
)
_VALUE2 = f"CASE m.part WHEN 'panel' THEN {_DIA_PANEL} WHEN 'correlation' THEN {_DIA_PART} END"
_MAP_JOIN = (
    "FROM records AS r JOIN _reading_map AS m ON m.kind = r.kind AND m.cs IS r.code_system AND m.code IS r.code "
    "AND m.unit IS r.unit AND m.connector = r.connector "
    "WHERE r.rowid IN (SELECT rid FROM readings_dirty) AND unixepoch(r.start, 'subsec') IS NOT NULL "
    "AND (r.value IS NULL OR abs(r.value) < 1e308)"
)
_T0 = "unixepoch(r.start, 'subsec')"
_T1 = "coalesce(unixepoch(r.end, 'subsec'), unixepoch(r.start, 'subsec'))"
_DAY = "substr(coalesce(r.data->>'$.start', r.start), 1, 10)"


def settle(conn: sqlcipher3.Connection) -> None:
    """Bring readings, groups, shadows and daily summaries up to date with the rows changed since the last call.

    Runs inside the caller's transaction, just before it commits.
    """
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version < SCHEMA_VERSION:
        return  # a vault opened without being upgraded (Vault.open(migrate=False)) has no readings yet
    with_series = version >= series.SCHEMA_VERSION
    if conn.execute("SELECT 1 FROM readings_dirty LIMIT 1").fetchone() is None and not (
        with_series and conn.execute("SELECT 1 FROM series_dirty LIMIT 1").fetchone() is not None
    ):
        return
    conn.execute(
        "CREATE TEMP TABLE IF NOT EXISTS _touched(person_id TEXT, mtype TEXT, day TEXT, UNIQUE(person_id, mtype, day))"
    )
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS _groups(grp INTEGER PRIMARY KEY)")
    conn.execute(
        "CREATE TEMP TABLE IF NOT EXISTS _reading_map(kind TEXT, cs TEXT, code TEXT, unit TEXT, connector TEXT, "
        "mtype TEXT, part TEXT, scale REAL, offs REAL, cunit TEXT)"
    )
    for table in ("_touched", "_groups", "_reading_map"):
        conn.execute(f"DELETE FROM temp.{table}")
    # The halves of a blood pressure may arrive in different transactions: a changed or new half
    # re-derives the readings of the same person and instant, so that the two pair up again.
    conn.execute(
        "INSERT OR IGNORE INTO readings_dirty(rid) SELECT x.rid FROM records AS r JOIN readings AS x "
        "ON x.person_id = r.person_id AND x.mtype = 'blood_pressure' "
        "AND x.t0 BETWEEN unixepoch(r.start, 'subsec') - 1 AND unixepoch(r.start, 'subsec') + 1 "
        "WHERE r.rowid IN (SELECT rid FROM readings_dirty) AND (r.kind IN (?, ?, 'blood_pressure_systolic', "
        "'blood_pressure_diastolic') OR (r.code IN (?, ?) AND r.code_system IN (?, ?, ?)))",
        (
            measures.BP_SYSTOLIC_KIND,
            measures.BP_DIASTOLIC_KIND,
            measures.SYSTOLIC,
            measures.DIASTOLIC,
            *measures.LOINC_SYSTEMS,
        ),
    )
    # a pair stands or falls together: re-derive the other half of every changed pair too
    conn.execute(
        "INSERT OR IGNORE INTO readings_dirty(rid) SELECT rid2 FROM readings "
        "WHERE rid IN (SELECT rid FROM readings_dirty) AND rid2 IS NOT NULL"
    )
    conn.execute(
        "INSERT OR IGNORE INTO readings_dirty(rid) SELECT rid FROM readings "
        "WHERE rid2 IN (SELECT rid FROM readings_dirty)"
    )
    # a group is regrouped whole when one of its readings changes: the others may no longer match
    conn.execute(
        "INSERT OR IGNORE INTO readings_dirty(rid) SELECT m.rid FROM readings AS m WHERE m.grp IN "
        "(SELECT x.grp FROM readings AS x WHERE x.rid IN (SELECT rid FROM readings_dirty)) "
        "AND m.rid NOT IN (SELECT rid FROM readings_dirty)"
    )
    old = "SELECT {cols} FROM readings WHERE rid IN (SELECT rid FROM readings_dirty)"
    conn.execute("INSERT OR IGNORE INTO _touched " + old.format(cols="person_id, mtype, day"))
    conn.execute("INSERT OR IGNORE INTO _groups " + old.format(cols="grp"))
    conn.execute("DELETE FROM readings WHERE rid IN (SELECT rid FROM readings_dirty)")
    conn.execute(
        "UPDATE records SET shadow = NULL WHERE rowid IN (SELECT rid FROM readings_dirty) AND shadow IS NOT NULL"
    )
    _derive(conn)
    conn.execute("INSERT OR IGNORE INTO _touched " + old.format(cols="person_id, mtype, day"))
    _group(conn)
    conn.execute("DELETE FROM _groups WHERE grp NOT IN (SELECT grp FROM readings)")
    _choose_main(conn)
    if with_series:
        series.settle(conn)
    _summarise(conn, with_series)
    conn.execute("DELETE FROM readings_dirty")
    if with_series:
        series.drop_empty(conn)


def _derive(conn: sqlcipher3.Connection) -> None:
    """Readings for the dirty rows that are health measurements."""
    combos = conn.execute(
        "SELECT DISTINCT r.kind, r.code_system, r.code, r.unit, r.connector FROM records AS r "
        "WHERE r.rowid IN (SELECT rid FROM readings_dirty) AND r.domain IN ('health', 'fitness') "
        "AND (r.value IS NOT NULL OR r.kind = ? OR (r.code_system IN (?, ?, ?) AND r.code IN (?, ?, ?)))",
        (measures.BP_CORRELATION, *measures.LOINC_SYSTEMS, *measures.BP_PANELS),
    ).fetchall()
    if not combos:
        return
    rows = []
    for kind, cs, code, unit, connector in combos:
        m = mapping(kind, cs, code, unit, connector)
        rows.append((kind, cs, code, unit, connector, m.mtype, m.part, m.scale, m.offset, m.unit))
    conn.executemany("INSERT INTO _reading_map VALUES (?,?,?,?,?,?,?,?,?,?)", rows)
    select = (
        f"SELECT r.rowid, r.person_id, m.mtype, {_T0}, {_T1}, {_DAY}, {{v1}}, {{v2}}, m.cunit, {SOURCE_SQL}, "
        f"{RANK_SQL}, r.rowid {_MAP_JOIN}"
    )
    insert = "INSERT INTO readings(rid, person_id, mtype, t0, t1, day, value, value2, unit, source, rank, grp) "
    conn.execute(
        insert + select.format(v1=_VALUE1, v2=_VALUE2) + " AND m.part <> 'diastolic' AND (r.value IS NOT NULL OR "
        "m.part IN ('panel', 'correlation'))"
    )
    # a diastolic record completes the systolic reading of the same source and instant ...
    conn.execute(
        f"UPDATE readings SET value2 = d.v, rid2 = d.rid FROM (SELECT r.rowid AS rid, r.person_id AS p, "
        f"{SOURCE_SQL} AS src, {_T0} AS t, r.value * m.scale + m.offs AS v {_MAP_JOIN} AND m.part = 'diastolic' "
        "AND r.value IS NOT NULL) AS d WHERE readings.person_id = d.p AND readings.mtype = 'blood_pressure' "
        "AND readings.t0 BETWEEN d.t - 1 AND d.t + 1 AND readings.source = d.src AND readings.value2 IS NULL "
        "AND readings.rid2 IS NULL AND readings.value IS NOT NULL"
    )
    # ... else it is a reading of its own, with the systolic number missing
    conn.execute(
        insert + select.format(v1="NULL", v2="r.value * m.scale + m.offs") + " AND m.part = 'diastolic' AND "
        "r.value IS NOT NULL AND NOT EXISTS (SELECT 1 FROM readings WHERE rid2 = r.rowid)"
    )
    conn.execute(
        "UPDATE records SET shadow = 1 WHERE rowid IN (SELECT rid2 FROM readings WHERE rid IN "
        "(SELECT rid FROM readings_dirty) AND rid2 IS NOT NULL)"
    )
    custom = priority(conn)
    if custom:
        conn.execute(
            "UPDATE readings SET rank = (SELECT p.key FROM json_each(?) AS p WHERE p.value = readings.source) "
            "WHERE rid IN (SELECT rid FROM readings_dirty) AND source IN (SELECT value FROM json_each(?))",
            (json.dumps(custom), json.dumps(custom)),
        )


def priority(conn: sqlcipher3.Connection) -> list[str]:
    """The person's order of sources (source keys, preferred first; :func:`set_priority`), empty for the default."""
    row = conn.execute("SELECT value FROM kv WHERE key = ?", (PRIORITY_KEY,)).fetchone()
    if row is None:
        return []
    value = json.loads(row[0])
    return [str(v) for v in value] if isinstance(value, list) else []


def source_ranks(conn: sqlcipher3.Connection) -> dict[str, int]:
    """The person's order of sources (:func:`priority`) as the rank each source in it takes, by source."""
    return {source: i for i, source in enumerate(priority(conn))}


def _group(conn: sqlcipher3.Connection) -> None:
    """Join each new reading to the group of the nearest matching earlier reading (known types only).

    Point readings match when their times are within the type's seconds and both numbers within its
    tolerance; interval readings when their intervals overlap (looking back :data:`LOOKBACK` at most:
    a day's total does not depend on groups, see :func:`merged_total`).  A group holds at most one
    reading per source, except the same source at the same instant with the same numbers (an export
    that lists a reading twice, as Apple Health lists a blood-pressure pair and its two parts).
    """
    conn.execute("DROP TABLE IF EXISTS temp._tol")
    conn.execute("CREATE TEMP TABLE _tol(mtype TEXT PRIMARY KEY, secs REAL, tol REAL, rel REAL, cumulative INTEGER)")
    conn.executemany(
        "INSERT INTO _tol VALUES (?,?,?,?,?)",
        [(t.key, t.seconds, t.tolerance, t.relative, int(t.cumulative)) for t in measures.TYPES],
    )
    same = "(o.source <> n.source OR (o.t0 = n.t0 AND o.value IS n.value AND o.value2 IS n.value2))"
    point = (
        "SELECT o.rid FROM readings AS o WHERE o.person_id = n.person_id AND o.mtype = n.mtype "
        f"AND o.t0 BETWEEN n.t0 - t.secs AND n.t0 + t.secs AND o.rid < n.rid AND {same} AND o.unit IS n.unit "
        "AND (o.value IS NULL OR n.value IS NULL OR abs(o.value - n.value) <= max(t.tol, t.rel * abs(n.value))) "
        "AND (o.value2 IS NULL OR n.value2 IS NULL OR abs(o.value2 - n.value2) <= max(t.tol, t.rel * abs(n.value2))) "
        "ORDER BY abs(o.t0 - n.t0), o.rid LIMIT 1"
    )
    interval = (
        "SELECT o.rid FROM readings AS o WHERE o.person_id = n.person_id AND o.mtype = n.mtype "
        f"AND o.t0 > n.t0 - {LOOKBACK} AND o.t0 < max(n.t1, n.t0 + 1) AND o.t1 > n.t0 AND o.rid < n.rid "
        f"AND {same} AND o.unit IS n.unit ORDER BY abs(o.t0 - n.t0), o.rid LIMIT 1"
    )
    pairs = conn.execute(
        "SELECT c.rid, c.source, o.rid, o.grp, o.source FROM (SELECT n.rid AS rid, n.source AS source, "
        f"CASE WHEN t.cumulative THEN ({interval}) ELSE ({point}) END AS match FROM readings AS n "
        "JOIN _tol AS t ON t.mtype = n.mtype WHERE n.rid IN (SELECT rid FROM readings_dirty)) AS c "
        "JOIN readings AS o ON o.rid = c.match ORDER BY c.rid"
    ).fetchall()
    if not pairs:
        return
    moved: dict[int, int] = {}  # rid -> group, as decided here (in rid order, so a chain follows)
    sources: dict[int, set[str]] = {}

    def members(grp: int) -> set[str]:
        found = sources.get(grp)
        if found is None:
            rows = conn.execute("SELECT source FROM readings WHERE grp = ?", (grp,))
            found = sources[grp] = {str(r[0]) for r in rows}
        return found

    for rid, source, match, match_grp, match_source in pairs:
        grp = moved.get(match, match_grp)
        if source != match_source and source in members(grp):
            continue  # this source already has its reading in that group: a neighbour, not the same one
        moved[rid] = grp
        members(grp).add(source)
    conn.executemany("UPDATE readings SET grp = ? WHERE rid = ?", [(g, r) for r, g in moved.items()])
    # only these groups gained members; a new reading alone in its group is its main reading already
    conn.executemany("INSERT OR IGNORE INTO _groups(grp) VALUES (?)", [(g,) for g in set(moved.values())])


def _choose_main(conn: sqlcipher3.Connection) -> None:
    """In each touched group, the reading from the preferred source (lowest rank) is main, a whole pair before
    a half and one record holding both numbers (a FHIR panel, Apple Health's correlation) before two paired
    records, then the first; the records of the others are shadows."""
    conn.execute(
        "UPDATE readings SET main = (rid = (SELECT o.rid FROM readings AS o WHERE o.grp = readings.grp "
        "ORDER BY o.rank, o.value IS NULL OR (o.mtype = 'blood_pressure' AND o.value2 IS NULL), o.rid2 IS NOT NULL, "
        "o.t0, o.rid LIMIT 1)) WHERE grp IN (SELECT grp FROM _groups)"
    )
    conn.execute(
        "UPDATE records SET shadow = CASE WHEN r.main THEN NULL ELSE 1 END FROM readings AS r "
        "WHERE r.rid = records.rowid AND r.grp IN (SELECT grp FROM _groups) "
        "AND records.shadow IS NOT (CASE WHEN r.main THEN NULL ELSE 1 END)"
    )
    conn.execute(
        "INSERT OR IGNORE INTO _touched SELECT person_id, mtype, day FROM readings "
        "WHERE grp IN (SELECT grp FROM _groups)"
    )


def _summarise(conn: sqlcipher3.Connection, with_series: bool = False) -> None:
    """Recompute the daily summaries of the touched (person, type, day)s from their main readings and their series."""
    conn.execute(
        "DELETE FROM readings_daily WHERE EXISTS (SELECT 1 FROM _touched AS t WHERE t.person_id = "
        "readings_daily.person_id AND t.mtype = readings_daily.mtype AND t.day = readings_daily.day)"
    )
    # per source first (so that sources are counted once over readings and series), then per day
    parts = (
        "SELECT r.person_id, r.mtype, r.day, coalesce(r.unit, '') AS unit, count(*) AS n, sum(r.value) AS total, "
        "min(r.value) AS lo, avg(r.value) AS avg, max(r.value) AS hi, count(r.value) AS nv, min(r.value2) AS lo2, "
        "avg(r.value2) AS avg2, max(r.value2) AS hi2, count(r.value2) AS nv2, r.source AS source "
        "FROM _touched AS t JOIN readings AS r ON r.person_id = t.person_id AND r.mtype = t.mtype "
        "AND r.t0 >= unixepoch(t.day) - 86400 AND r.t0 < unixepoch(t.day) + 2 * 86400 AND r.day = t.day "
        "WHERE r.main GROUP BY r.person_id, r.mtype, r.day, r.unit, r.source"
    )
    if with_series:
        parts += " UNION ALL " + series.daily_parts()
    conn.execute(
        "INSERT INTO readings_daily SELECT person_id, mtype, day, unit, sum(n), sum(total), min(lo), "
        "sum(avg * nv) / sum(nv), max(hi), min(lo2), sum(avg2 * nv2) / sum(nv2), max(hi2), count(DISTINCT source) "
        f"FROM ({parts}) GROUP BY person_id, mtype, day, unit"
    )
    cumulative = json.dumps([t.key for t in measures.TYPES if t.cumulative])
    rows = conn.execute(
        "SELECT r.person_id, r.mtype, r.day, coalesce(r.unit, ''), r.t0, r.t1, r.value, r.rank "
        "FROM _touched AS t JOIN readings AS r ON r.person_id = t.person_id AND r.mtype = t.mtype "
        "AND r.t0 >= unixepoch(t.day) - 86400 AND r.t0 < unixepoch(t.day) + 2 * 86400 AND r.day = t.day "
        "WHERE t.mtype IN (SELECT value FROM json_each(?)) AND r.value IS NOT NULL",
        (cumulative,),
    ).fetchall()
    days: dict[tuple[str, str, str, str], list[tuple[float, float, float, int]]] = defaultdict(list)
    for person_id, mtype, day, unit, t0, t1, value, rank in rows:
        days[(person_id, mtype, day, unit)].append((float(t0), float(t1), float(value), int(rank)))
    if with_series:
        _series_intervals(conn, cumulative, days)
        _series_points(conn, cumulative)
    conn.executemany(
        "UPDATE readings_daily SET total = ? WHERE person_id = ? AND mtype = ? AND day = ? AND unit = ?",
        [(merged_total(items), *key) for key, items in days.items()],
    )


def _series_points(conn: sqlcipher3.Connection, cumulative: str) -> None:
    """Days of a point measurement (heart rate, SpO2) with series and more than one source: summarised again with
    each measurement once (:func:`wallet.store.series.drop_repeats`), as single readings are grouped."""
    keys = conn.execute(
        "SELECT d.person_id, d.mtype, d.day, d.unit FROM readings_daily AS d JOIN _touched AS t "
        "ON t.person_id = d.person_id AND t.mtype = d.mtype AND t.day = d.day WHERE d.sources > 1 "
        "AND d.mtype NOT IN (SELECT value FROM json_each(?)) AND EXISTS (SELECT 1 FROM series AS s "
        "JOIN series_daily AS x ON x.series = s.id WHERE s.person_id = d.person_id AND s.mtype = d.mtype "
        "AND x.day = d.day)",
        (cumulative,),
    ).fetchall()
    if not keys:
        return
    custom = source_ranks(conn)
    for person_id, mtype, day, unit in keys:
        items: list[tuple[float, float, int, str]] = [
            (float(t0), float(v), int(rank), str(src))
            for t0, v, rank, src in conn.execute(
                "SELECT t0, value, rank, source FROM readings WHERE person_id = ? AND mtype = ? AND day = ? "
                "AND coalesce(unit, '') = ? AND main AND value IS NOT NULL AND value2 IS NULL",
                (person_id, mtype, day, unit),
            )
        ]
        for sid, scale, offs, rank, source in conn.execute(
            "SELECT id, scale, offs, rank, source FROM series WHERE person_id = ? AND mtype = ? "
            "AND coalesce(cunit, '') = ?",
            (person_id, mtype, unit),
        ).fetchall():
            rank = custom.get(source, rank)
            items += [
                (t0, v * scale + offs, rank, source) for t0, _t1, v, _tz, _x in series.day_samples(conn, sid, day)
            ]
        keep = series.drop_repeats(items, mtype)
        values = [item[1] for item, kept in zip(items, keep, strict=True) if kept]
        if not values or len(values) == len(items):
            continue
        conn.execute(
            "UPDATE readings_daily SET n = n - ?, total = ?, lo = ?, avg = ?, hi = ? "
            "WHERE person_id = ? AND mtype = ? AND day = ? AND unit = ?",
            (
                len(items) - len(values),
                sum(values),
                min(values),
                sum(values) / len(values),
                max(values),
                person_id,
                mtype,
                day,
                unit,
            ),
        )


def _series_intervals(
    conn: sqlcipher3.Connection,
    cumulative: str,
    days: dict[tuple[str, str, str, str], list[tuple[float, float, float, int]]],
) -> None:
    """Add the samples of interval series to ``days`` where a day's total needs merging across sources: the day
    also has single readings, or several series.  A day of one series keeps the total its summary holds (merged
    within the series already: wallet.store.series), without reading its samples again."""
    found = conn.execute(
        "SELECT t.person_id, t.mtype, t.day, coalesce(s.cunit, ''), s.id, s.scale, s.offs, s.rank, s.source "
        "FROM _touched AS t JOIN series AS s ON s.person_id = t.person_id AND s.mtype = t.mtype "
        "JOIN series_daily AS d ON d.series = s.id AND d.day = t.day WHERE t.mtype IN (SELECT value FROM json_each(?))",
        (cumulative,),
    ).fetchall()
    by_key: dict[tuple[str, str, str, str], list[tuple[int, float, float, int, str]]] = defaultdict(list)
    for person_id, mtype, day, unit, sid, scale, offs, rank, source in found:
        by_key[(person_id, mtype, day, unit)].append((int(sid), float(scale), float(offs), int(rank), source))
    if not by_key:
        return
    custom = source_ranks(conn)
    for key, parts in by_key.items():
        if key not in days and len(parts) == 1:
            continue
        items = days[key]
        for sid, scale, offs, rank, source in parts:
            rank = custom.get(source, rank)
            for t0, t1, value, _tz, _extra in series.day_samples(conn, sid, key[2]):
                items.append((t0, t0 if t1 is None else t1, value * scale + offs, rank))


def merged_total(items: Iterable[tuple[float, float, float, int]]) -> float:
    """The total of interval readings (start, end, value, rank), overlaps counted once from the best rank.

    Each reading's value is taken as spread evenly over its interval; the part of it that a reading
    of a better rank (or an earlier one of the same rank) already covers is left out.  An instant
    (start == end) counts whole unless a better or earlier reading's interval holds it.
    Ranks in order, each rank's readings by start: O(n log n) for a day of thousands of samples.
    """
    by_rank: dict[int, list[tuple[float, float, float]]] = defaultdict(list)
    for t0, t1, value, rank in items:
        by_rank[rank].append((t0, t1, value))
    covered: list[tuple[float, float]] = []  # what better ranks cover: disjoint, sorted
    total = 0.0
    for rank in sorted(by_rank):
        ends = [b for _a, b in covered]
        added: list[tuple[float, float]] = []  # this rank so far, merged (by start, so only the last can overlap)
        for t0, t1, value in sorted(by_rank[rank]):
            gaps = _gaps(covered, ends, t0, t1)
            last = added[-1] if added else None
            if t1 <= t0:  # an instant
                free = bool(gaps) and not (last is not None and last[0] <= t0 < last[1])
                total += value if free else 0.0
                continue
            free_length = sum(b - a for a, b in gaps)
            if last is not None:
                free_length -= sum(max(0.0, min(b, last[1]) - max(a, last[0])) for a, b in gaps)
            total += value * max(0.0, free_length) / (t1 - t0)
            if last is not None and t0 <= last[1]:
                added[-1] = (last[0], max(last[1], t1))
            else:
                added.append((t0, t1))
        covered = _union(covered, added)
    return total


def _gaps(covered: list[tuple[float, float]], ends: list[float], t0: float, t1: float) -> list[tuple[float, float]]:
    """The parts of [t0, t1] (or the instant t0) that no interval of ``covered`` holds."""
    i = bisect.bisect_right(ends, t0)
    if t1 <= t0:
        inside = i < len(covered) and covered[i][0] <= t0
        return [] if inside else [(t0, t0)]
    gaps: list[tuple[float, float]] = []
    at = t0
    while i < len(covered) and covered[i][0] < t1:
        a, b = covered[i]
        if a > at:
            gaps.append((at, a))
        at = max(at, b)
        i += 1
    if at < t1:
        gaps.append((at, t1))
    return gaps


def _union(a: list[tuple[float, float]], b: list[tuple[float, float]]) -> list[tuple[float, float]]:
    out: list[tuple[float, float]] = []
    for start, end in sorted(a + b):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def set_priority(conn: sqlcipher3.Connection, order: list[str]) -> None:
    """Make ``order`` (source keys, preferred first) the vault's source priority, and regroup every reading.

    Inside the caller's transaction.  An empty list returns to the default order.
    """
    if order:
        conn.execute(
            "INSERT INTO kv(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (PRIORITY_KEY, json.dumps(order)),
        )
    else:
        conn.execute("DELETE FROM kv WHERE key = ?", (PRIORITY_KEY,))
    rebuild(conn)


def rebuild(conn: sqlcipher3.Connection) -> None:
    """Derive every reading again (after a change of priority, or to repair the layer)."""
    conn.execute("INSERT OR IGNORE INTO readings_dirty(rid) SELECT rid FROM readings")
    conn.execute(
        "INSERT OR IGNORE INTO readings_dirty(rid) SELECT rowid FROM records WHERE domain IN ('health', 'fitness')"
    )
    conn.execute("DELETE FROM readings_daily")
    if conn.execute("PRAGMA user_version").fetchone()[0] >= series.SCHEMA_VERSION:
        conn.execute(
            "INSERT INTO series_dirty(series, lo, hi) SELECT series, min(t0), max(coalesce(t1, t0)) FROM samples "
            "GROUP BY series"
        )
    settle(conn)

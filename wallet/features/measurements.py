"""Health measurements across sources: one type for equivalent codes, series read in SQL.

The same quantity arrives under different names: a hospital's FHIR Observation says
LOINC 8867-4, an Apple Health export ``HKQuantityTypeIdentifierHeartRate``, Fitbit
the kind ``heart_rate``.  :data:`TYPES` maps each of these to one
:class:`MeasurementType` with a human name and a display unit, so that a view can
put them side by side, each with its source named.

Records with a number that fit no known type are still listed, as "other"
types keyed by their code (``code:<system>|<code>``) or, uncoded, by their kind
(``kind:<kind>``).

Everything here is Qt-free; the desktop view (``wallet.ui.health_view``) calls
:func:`measurement_types`, :func:`samples` and :func:`daily` on a worker thread.
A person may have a million heart-rate samples: :func:`daily` aggregates them
per day and source in SQL (count, min, avg, max), so only a few thousand rows
ever leave the database.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from wallet.store.vault import Vault

LOINC = "http://loinc.org"
LOINC_SYSTEMS: tuple[str, ...] = (LOINC, "LOINC", "urn:oid:2.16.840.1.113883.6.1")
"""How records name LOINC: FHIR records carry the short name "LOINC", Fitbit's the URL."""
_IN_LOINC = "r.code_system IN ({})".format(",".join("?" * len(LOINC_SYSTEMS)))
OTHER_CODE = "code:"
OTHER_KIND = "kind:"

# FHIR blood-pressure panels carry no value of their own: the numbers are in components.
BP_PANELS: tuple[str, ...] = ("85354-6", "55284-4", "35094-2")
SYSTOLIC = "8480-6"
DIASTOLIC = "8462-4"

RAW_LIMIT = 2000
"""At most this many single measurements are read at once (newest first)."""
DAILY_LIMIT = 5000
"""At most this many days (per source) of daily aggregates are read."""


@dataclass(frozen=True)
class MeasurementType:
    """One kind of measurement, whatever its source calls it."""

    key: str
    name: str
    unit: str
    loinc: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    """Record kinds (HealthKit identifiers, Fitbit / Google Fit kinds) that are this type."""
    component: str | None = None
    """For blood pressure: the LOINC code of this part inside a FHIR panel."""


TYPES: tuple[MeasurementType, ...] = (
    MeasurementType(
        "heart_rate", "Heart rate", "bpm", ("8867-4",), ("HKQuantityTypeIdentifierHeartRate", "heart_rate")
    ),
    MeasurementType(
        "resting_heart_rate",
        "Resting heart rate",
        "bpm",
        ("40443-4",),
        ("HKQuantityTypeIdentifierRestingHeartRate", "resting_heart_rate"),
    ),
    MeasurementType(
        "blood_pressure_systolic",
        "Blood pressure (systolic)",
        "mmHg",
        (SYSTOLIC,),
        ("HKQuantityTypeIdentifierBloodPressureSystolic", "blood_pressure_systolic"),
        component=SYSTOLIC,
    ),
    MeasurementType(
        "blood_pressure_diastolic",
        "Blood pressure (diastolic)",
        "mmHg",
        (DIASTOLIC,),
        ("HKQuantityTypeIdentifierBloodPressureDiastolic", "blood_pressure_diastolic"),
        component=DIASTOLIC,
    ),
    MeasurementType(
        "body_weight", "Body weight", "kg", ("29463-7", "3141-9"), ("HKQuantityTypeIdentifierBodyMass", "body_weight")
    ),
    MeasurementType(
        "body_height", "Body height", "cm", ("8302-2",), ("HKQuantityTypeIdentifierHeight", "body_height", "height")
    ),
    MeasurementType("bmi", "Body mass index", "kg/m2", ("39156-5",), ("HKQuantityTypeIdentifierBodyMassIndex", "bmi")),
    MeasurementType("steps", "Steps", "steps", ("55423-8",), ("HKQuantityTypeIdentifierStepCount", "steps")),
    MeasurementType("steps_daily", "Steps per day", "steps", ("41950-7",), ("steps_daily",)),
    MeasurementType(
        "body_temperature",
        "Body temperature",
        "°C",
        ("8310-5", "8331-1", "8332-9"),
        ("HKQuantityTypeIdentifierBodyTemperature", "body_temperature"),
    ),
    MeasurementType(
        "oxygen_saturation",
        "Oxygen saturation (SpO2)",
        "%",
        ("59408-5", "2708-6", "20564-1"),
        ("HKQuantityTypeIdentifierOxygenSaturation", "oxygen_saturation", "spo2"),
    ),
    MeasurementType(
        "blood_glucose",
        "Blood glucose",
        "mg/dL",
        ("2339-0", "2345-7", "15074-8", "41653-7"),
        ("HKQuantityTypeIdentifierBloodGlucose", "blood_glucose"),
    ),
    MeasurementType(
        "respiratory_rate",
        "Respiratory rate",
        "breaths/min",
        ("9279-1",),
        ("HKQuantityTypeIdentifierRespiratoryRate", "respiratory_rate"),
    ),
)

BY_KEY: dict[str, MeasurementType] = {t.key: t for t in TYPES}
_BY_LOINC: dict[str, MeasurementType] = {code: t for t in TYPES for code in t.loinc}
_BY_KIND: dict[str, MeasurementType] = {kind: t for t in TYPES for kind in t.kinds}
KNOWN_KINDS: tuple[str, ...] = tuple(_BY_KIND)


def classify(kind: str, code_system: str | None, code: str | None) -> str:
    """The measurement key of a record with a value: a :data:`TYPES` key or an "other" key."""
    if code_system in LOINC_SYSTEMS and code in _BY_LOINC:
        return _BY_LOINC[code].key
    if kind in _BY_KIND:
        return _BY_KIND[kind].key
    if code_system and code:
        return f"{OTHER_CODE}{code_system}|{code}"
    return f"{OTHER_KIND}{kind}"


@dataclass(frozen=True)
class TypeSummary:
    """A measurement type a person has, with how many values and over which dates."""

    key: str
    name: str
    unit: str | None
    count: int
    first: str | None
    last: str | None
    known: bool


# Bank amounts and kWh readings carry values too; measurements are health and fitness only.
MEASUREMENT_DOMAINS = "r.domain IN ('health', 'fitness')"


def _merge(a: str | None, b: str | None, pick: Any) -> str | None:
    vals = [v for v in (a, b) if v]
    return pick(vals) if vals else None


def measurement_types(vault: Vault, person_id: str | None) -> list[TypeSummary]:
    """The measurement types of ``person_id`` (everyone for None), known types first."""
    where = [
        MEASUREMENT_DOMAINS,
        "(r.value IS NOT NULL OR ({} AND r.code IN ({})))".format(_IN_LOINC, ",".join("?" * len(BP_PANELS))),
    ]
    args: list[Any] = [*LOINC_SYSTEMS, *BP_PANELS]
    if person_id:
        where.insert(0, "r.person_id = ?")
        args.insert(0, person_id)
    sql = (
        "SELECT r.kind, r.code_system, r.code, count(*), min(r.start), max(r.start), min(r.title), min(r.unit), "
        "count(r.value) FROM records r WHERE " + " AND ".join(where) + " GROUP BY r.kind, r.code_system, r.code"
    )
    found: dict[str, dict[str, Any]] = {}
    for kind, system, code, n, first, last, title, unit, n_values in vault.conn.execute(sql, args):
        if system in LOINC_SYSTEMS and code in BP_PANELS and not n_values:
            keys = ["blood_pressure_systolic", "blood_pressure_diastolic"]
        else:
            keys = [classify(str(kind), system, code)]
        for key in keys:
            entry = found.setdefault(key, {"count": 0, "first": None, "last": None, "title": title, "unit": unit})
            entry["count"] += int(n)
            entry["first"] = _merge(entry["first"], first, min)
            entry["last"] = _merge(entry["last"], last, max)
    out: list[TypeSummary] = []
    for key, e in found.items():
        known = key in BY_KEY
        if known:
            t = BY_KEY[key]
            name, unit = t.name, t.unit
        else:
            name = str(e["title"] or key.split(":", 1)[1])
            if key.startswith(OTHER_KIND):
                name = humanize_kind(key[len(OTHER_KIND) :])
            unit = e["unit"]
        out.append(TypeSummary(key, name, unit, e["count"], e["first"], e["last"], known))
    order = {t.key: i for i, t in enumerate(TYPES)}
    out.sort(key=lambda s: (0, order[s.key], "") if s.known else (1, 0, s.name.casefold()))
    return out


def humanize_kind(kind: str) -> str:
    """``HKQuantityTypeIdentifierDistanceWalkingRunning`` -> "Distance walking running"; ``activity_summary`` ->
    "Activity summary"."""
    for prefix in ("HKQuantityTypeIdentifier", "HKCategoryTypeIdentifier", "HKCorrelationTypeIdentifier"):
        if kind.startswith(prefix) and len(kind) > len(prefix):
            kind = kind[len(prefix) :]
            break
    words = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", kind.replace("_", " ")).split()
    if not words:
        return kind
    text = " ".join(w if w.isupper() else w.lower() for w in words)
    return text[0].upper() + text[1:]


def _type_filter(key: str) -> tuple[str, list[Any]]:
    """SQL (over ``records r``) selecting the valued records of measurement ``key``."""
    if key in BY_KEY:
        t = BY_KEY[key]
        parts: list[str] = []
        args: list[Any] = []
        if t.loinc:
            parts.append("({} AND r.code IN ({}))".format(_IN_LOINC, ",".join("?" * len(t.loinc))))
            args += [*LOINC_SYSTEMS, *t.loinc]
        if t.kinds:
            # A kind of this type counts unless its LOINC code says it is another type.
            others = [c for c in _BY_LOINC if c not in t.loinc]
            parts.append(
                "(r.kind IN ({}) AND NOT (coalesce(r.code_system, '') IN ({}) "
                "AND coalesce(r.code, '') IN ({})))".format(
                    ",".join("?" * len(t.kinds)), ",".join("?" * len(LOINC_SYSTEMS)), ",".join("?" * len(others))
                )
            )
            args += [*t.kinds, *LOINC_SYSTEMS, *others]
        return "(" + " OR ".join(parts) + ")", args
    known_codes = list(_BY_LOINC)
    not_known_kind = "r.kind NOT IN ({})".format(",".join("?" * len(KNOWN_KINDS)))
    if key.startswith(OTHER_CODE):
        system, _, code = key[len(OTHER_CODE) :].partition("|")
        if system in LOINC_SYSTEMS and code in known_codes:
            return "0", []
        return f"(r.code_system = ? AND r.code = ? AND {not_known_kind})", [system, code, *KNOWN_KINDS]
    if key.startswith(OTHER_KIND):
        kind = key[len(OTHER_KIND) :]
        return "(r.kind = ? AND (r.code_system IS NULL OR r.code IS NULL))", [kind]
    raise ValueError(f"unknown measurement type {key!r}")


def _where(key: str, person_id: str | None, source: str | None) -> tuple[str, list[Any]]:
    clause, args = _type_filter(key)
    clauses = [MEASUREMENT_DOMAINS, "r.value IS NOT NULL", clause]
    if person_id:
        clauses.insert(0, "r.person_id = ?")
        args = [person_id, *args]
    if source:
        clauses.append("r.source || ' · ' || r.connector = ?")
        args.append(source)
    return " WHERE " + " AND ".join(clauses), args


def source_label(source: str, connector: str) -> str:
    """How a source is named in the view: file (or service) and connector."""
    return f"{source} · {connector}"


@dataclass(frozen=True)
class Sample:
    """One measurement."""

    start: str
    value: float
    unit: str | None
    source: str
    record_id: str


@dataclass(frozen=True)
class DailyValue:
    """The measurements of one day from one source."""

    day: str
    source: str
    unit: str | None
    count: int
    minimum: float
    average: float
    maximum: float


def count(vault: Vault, key: str, person_id: str | None, source: str | None = None) -> int:
    """How many values of measurement ``key`` (FHIR blood-pressure panels included)."""
    where, args = _where(key, person_id, source)
    n = int(vault.conn.execute(f"SELECT count(*) FROM records r{where}", args).fetchone()[0])
    return n + len(_panel_samples(vault, key, person_id, source))


def sources(vault: Vault, key: str, person_id: str | None) -> list[str]:
    """The sources that hold measurement ``key``, by label."""
    where, args = _where(key, person_id, None)
    rows = vault.conn.execute(f"SELECT DISTINCT r.source, r.connector FROM records r{where}", args)
    labels = {source_label(s, c) for s, c in rows}
    labels |= {s.source for s in _panel_samples(vault, key, person_id, None)}
    return sorted(labels, key=str.casefold)


def _panel_samples(vault: Vault, key: str, person_id: str | None, source: str | None) -> list[Sample]:
    """Systolic or diastolic values inside FHIR blood-pressure panels (which have no value)."""
    t = BY_KEY.get(key)
    if t is None or t.component is None:
        return []
    clauses = ["r.value IS NULL", _IN_LOINC, "r.code IN ({})".format(",".join("?" * len(BP_PANELS)))]
    args: list[Any] = [*LOINC_SYSTEMS, *BP_PANELS]
    if person_id:
        clauses.append("r.person_id = ?")
        args.append(person_id)
    if source:
        clauses.append("r.source || ' · ' || r.connector = ?")
        args.append(source)
    sql = (
        "SELECT r.id, r.start, r.source, r.connector, json_extract(r.data, '$.payload.component') FROM records r"
        " WHERE " + " AND ".join(clauses) + " ORDER BY r.start DESC LIMIT ?"
    )
    args.append(RAW_LIMIT * 10)
    out: list[Sample] = []
    for rid, start, src, connector, components in vault.conn.execute(sql, args):
        if not start or not components:
            continue
        for comp in json.loads(components):
            if not isinstance(comp, dict):
                continue
            codes = [c.get("code") for c in (comp.get("code") or {}).get("coding", []) if isinstance(c, dict)]
            quantity = comp.get("valueQuantity")
            if t.component in codes and isinstance(quantity, dict) and isinstance(quantity.get("value"), int | float):
                out.append(
                    Sample(
                        str(start),
                        float(quantity["value"]),
                        quantity.get("unit") or quantity.get("code"),
                        source_label(src, connector),
                        str(rid),
                    )
                )
    return out


def samples(
    vault: Vault, key: str, person_id: str | None, source: str | None = None, limit: int = RAW_LIMIT
) -> list[Sample]:
    """The newest ``limit`` single measurements of ``key``, newest first."""
    where, args = _where(key, person_id, source)
    sql = (
        f"SELECT r.start, r.value, r.unit, r.source, r.connector, r.id FROM records r{where}"
        " ORDER BY r.start DESC LIMIT ?"
    )
    out = [
        Sample(str(start or ""), float(value), unit, source_label(src, conn), str(rid))
        for start, value, unit, src, conn, rid in vault.conn.execute(sql, [*args, limit])
    ]
    out += _panel_samples(vault, key, person_id, source)
    out.sort(key=lambda s: s.start, reverse=True)
    return out[:limit]


def daily(
    vault: Vault,
    key: str,
    person_id: str | None,
    source: str | None = None,
    *,
    local_time: bool = True,
    limit: int = DAILY_LIMIT,
) -> list[DailyValue]:
    """Per day, source and unit: count, min, average and max, computed in SQL; newest day first.

    Days are this computer's local days (``local_time``) or UTC days.
    """
    where, args = _where(key, person_id, source)
    day = "date(r.start, 'localtime')" if local_time else "substr(r.start, 1, 10)"
    sql = (
        f"SELECT {day} AS day, r.source, r.connector, r.unit, count(*), min(r.value), avg(r.value), max(r.value)"
        f" FROM records r{where} AND r.start IS NOT NULL"
        " GROUP BY day, r.source, r.connector, r.unit ORDER BY day DESC LIMIT ?"
    )
    out = [
        DailyValue(str(d), source_label(src, conn), unit, int(n), float(lo), float(avg), float(hi))
        for d, src, conn, unit, n, lo, avg, hi in vault.conn.execute(sql, [*args, limit])
    ]
    panel = _panel_samples(vault, key, person_id, source)
    if panel:
        out += aggregate(panel, local_time=local_time)
        out.sort(key=lambda v: (v.day, v.source), reverse=True)
    return out


def _day_of(stamp: str, local_time: bool) -> str:
    when = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return (when.astimezone() if local_time else when.astimezone(UTC)).date().isoformat()


def aggregate(items: Iterable[Sample], *, local_time: bool = True) -> list[DailyValue]:
    """The same daily aggregates as :func:`daily`, for samples already in memory."""
    groups: dict[tuple[str, str, str | None], list[float]] = {}
    for s in items:
        groups.setdefault((_day_of(s.start, local_time), s.source, s.unit), []).append(s.value)
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

    When one source reported one day in two units, the unit with more values is kept.
    """
    cells: dict[tuple[str, str], DailyValue] = {}
    for v in values:
        old = cells.get((v.day, v.source))
        if old is None or v.count > old.count:
            cells[(v.day, v.source)] = v
    days = sorted({v.day for v in values}, reverse=True)
    names = sorted({v.source for v in values}, key=str.casefold)
    return Pivot(days, names, cells)

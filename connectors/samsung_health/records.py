"""Rows of Samsung Health's CSVs as records: which data types are read, their units and zones.

=================================================  ===========================================================
data type (preamble)                               records
=================================================  ===========================================================
``com.samsung.shealth.tracker.heart_rate``,        ``heart_rate`` (bpm, LOINC 8867-4); a row with a
``com.samsung.health.heart_rate``                  ``binning_data`` blob gives the blob's per-minute readings
                                                   instead of the row's average
``com.samsung.shealth.tracker.pedometer_step_      ``steps`` over the row's interval (LOINC 55423-8)
count``, ``com.samsung.health.step_count``
``com.samsung.shealth.step_daily_trend``,          ``steps_daily``, date-only (LOINC 41950-7): the merged row
``com.samsung.shealth.tracker.pedometer_day_       of a day (``source_type`` -2), never added to the
summary``                                          per-device rows of that day
``com.samsung.health.sleep``, ``...shealth.sleep``  ``sleep``: the session, minutes from start to end
``com.samsung.health.sleep_stage``                 ``sleep_stage``: awake / light / deep / REM intervals
``com.samsung.health.weight``                      ``body_weight`` (kg), ``body_height`` (cm), ``body_fat`` (%)
``com.samsung.health.blood_pressure``              ``blood_pressure_systolic`` and ``_diastolic`` (mmHg,
                                                   paired by time), ``heart_rate`` from the pulse
``com.samsung.health.blood_glucose``               ``blood_glucose`` in mg/dL (Samsung Health stores mmol/L)
``com.samsung.shealth.tracker.oxygen_saturation``  ``oxygen_saturation`` (%)
``com.samsung.shealth.stress``                     ``stress``: Samsung's stress score (0-100), a kind of its own
=================================================  ===========================================================

Heart rate (the tracker's rows and their per-minute blobs) and interval steps are dense: they are yielded
as :class:`~wallet.samples.Samples`, one series per kind and device (``sourceName`` ``Samsung Health
(deviceuuid)``), handed over every few thousand samples and at the end of each file; a sample keeps the
row's ``min`` and ``max`` (a blob's ``heart_rate_min`` and ``_max``), a step row its ``distance`` and
``calorie``.  The pulse of a blood-pressure reading stays a record.

Times are ``YYYY-MM-DD hh:mm:ss.SSS`` in UTC; each row's ``time_offset`` (``UTC+0900``) is the zone the
person was in, and each record is shown at it (``options["times"] = "local"`` reads the times as the
local clock at that offset instead, for exports that write them so).  Day summaries give a day
(``day_time``: epoch milliseconds of that day's UTC midnight, or ``YYYY-MM-DD 00:00:00.000``): those
records are date-only.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from functools import cache
from typing import Any

from connectors.samsung_health.archive import Files, safe_blob_name
from connectors.samsung_health.csvstream import CsvStream
from wallet import limits
from wallet.errors import ConnectorError
from wallet.imports.connector import ProgressFn
from wallet.model import Domain, Provenance, Record, SkippedItem
from wallet.samples import Row, Samples
from wallet.terms import units

LOINC = "http://loinc.org"
CODES = {
    "heart_rate": ("8867-4", "Heart rate"),
    "steps": ("55423-8", "Number of steps"),
    "steps_daily": ("41950-7", "Number of steps in 24 hour Measured"),
    "sleep": ("93832-4", "Sleep duration"),
    "body_weight": ("29463-7", "Body weight"),
    "body_height": ("8302-2", "Body height"),
    "body_fat": ("41982-0", "Percentage of body fat Measured"),
    "blood_pressure_systolic": ("8480-6", "Systolic blood pressure"),
    "blood_pressure_diastolic": ("8462-4", "Diastolic blood pressure"),
    "blood_glucose": ("2339-0", "Glucose [Mass/volume] in Blood"),
    "oxygen_saturation": ("59408-5", "Oxygen saturation in Arterial blood by Pulse oximetry"),
}
DATA_TYPES: dict[str, str] = {
    "com.samsung.shealth.tracker.heart_rate": "heart_rate",
    "com.samsung.health.heart_rate": "heart_rate",
    "com.samsung.shealth.tracker.pedometer_step_count": "steps",
    "com.samsung.health.step_count": "steps",
    "com.samsung.shealth.step_daily_trend": "steps_daily",
    "com.samsung.shealth.tracker.pedometer_day_summary": "steps_daily",
    "com.samsung.health.sleep": "sleep",
    "com.samsung.shealth.sleep": "sleep",
    "com.samsung.health.sleep_stage": "sleep_stage",
    "com.samsung.shealth.sleep_stage": "sleep_stage",
    "com.samsung.health.weight": "weight",
    "com.samsung.health.blood_pressure": "blood_pressure",
    "com.samsung.health.blood_glucose": "blood_glucose",
    "com.samsung.shealth.tracker.oxygen_saturation": "oxygen_saturation",
    "com.samsung.health.oxygen_saturation": "oxygen_saturation",
    "com.samsung.shealth.stress": "stress",
    "com.samsung.health.stress": "stress",
}
"""The data types read, by the name the preamble gives (exact: ``...stress.histogram`` is another type)."""
SLEEP_STAGES = {"40001": "Awake", "40002": "Light sleep", "40003": "Deep sleep", "40004": "REM sleep"}
MERGED = "-2"
"""``source_type`` of a day summary's row that merges every device (Samsung's ``SOURCE_TYPE_ALL``)."""
READ_WORDS = "steps, heart rate, sleep, weight, blood pressure, glucose, SpO2 and stress"

_OFFSET = re.compile(r"^(?:UTC|GMT)?\s*([+-])(\d{1,2}):?(\d{2})$")
_EPOCH_MS = re.compile(r"^\d{11,14}$")


@cache
def glucose_mmol() -> float:
    """mg/dL per mmol/L of glucose; built on first use, as pint's unit registry costs about half a second."""
    return units.factor("mmol/L", "mg/dL", "glucose")[0]


def offset_zone(text: str | None) -> tzinfo | None:
    """``UTC+0900`` -> a fixed +09:00 zone; None when absent or not an offset (or beyond ±18 h)."""
    if not text:
        return None
    m = _OFFSET.match(text.strip())
    if not m:
        return None
    delta = timedelta(hours=int(m.group(2)), minutes=int(m.group(3)))
    if delta > timedelta(hours=18) or int(m.group(3)) >= 60:
        return None
    return timezone(-delta if m.group(1) == "-" else delta)


def instant(text: str, zone: tzinfo, local: bool) -> datetime:
    """A Samsung time (``2023-05-01 09:12:33.123`` in UTC, or epoch milliseconds) shown in ``zone``."""
    text = text.strip()
    if _EPOCH_MS.match(text):
        return datetime.fromtimestamp(int(text) / 1000, UTC).astimezone(zone)
    try:
        naive = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"not a Samsung Health time: {text[:30]!r}") from None
    if naive.tzinfo is not None:
        return naive.astimezone(zone)
    if local:
        return naive.replace(tzinfo=zone)
    return naive.replace(tzinfo=UTC).astimezone(zone)


def day_of(text: str) -> date:
    """A day summary's ``day_time``: epoch milliseconds of the day's UTC midnight, or ``YYYY-MM-DD ...``."""
    text = text.strip()
    if _EPOCH_MS.match(text):
        return datetime.fromtimestamp(int(text) / 1000, UTC).date()
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        raise ValueError(f"not a Samsung Health day: {text[:30]!r}") from None


def number(text: str | None) -> float | None:
    """A finite number from a cell, or None."""
    if text is None or text == "":
        return None
    try:
        value = float(text)
    except ValueError:
        return None
    return value if value == value and abs(value) != float("inf") else None


BATCH = 4000
"""Samples of one series handed over at once at most."""
STREAM_TITLES = {"heart_rate": "Heart rate", "steps": "Steps"}
"""The kinds read as samples, and their series' titles."""


def _extra(values: dict[str, Any]) -> str | None:
    """A sample's meaningful attributes (those that are numbers) as compact JSON, or None."""
    kept: dict[str, float] = {}
    for key, value in values.items():
        found = value if isinstance(value, int | float) and not isinstance(value, bool) else None
        if isinstance(value, str):
            found = number(value)
        if found is not None:
            kept[key] = found
    return json.dumps(kept, separators=(",", ":")) if kept else None


def _offset(when: datetime) -> int | None:
    """A sample's UTC offset in minutes (None for UTC itself)."""
    offset = when.utcoffset()
    return int(offset.total_seconds() // 60) if offset else None


def _g(value: float) -> str:
    return f"{round(value, 2):g}"


@dataclass
class _Tally:
    """Things left out of one file, told once each in the import report (not once per row)."""

    counts: dict[str, int] = field(default_factory=dict)

    def add(self, reason: str) -> None:
        self.counts[reason] = self.counts.get(reason, 0) + 1

    def items(self, where: str) -> Iterator[SkippedItem]:
        for reason, n in self.counts.items():
            yield SkippedItem(where=where, reason=f"{n} {reason}")


class FileReader:
    """Reads the CSVs of one source (a zip or one file) into records."""

    def __init__(
        self,
        prov: Provenance,
        files: Files,
        *,
        local_times: bool,
        progress: ProgressFn,
        total: int | None,
    ) -> None:
        self.prov = prov
        self.files = files
        self.local_times = local_times
        self.progress = progress
        self.total = total
        self.done_before = 0
        self.streams: dict[tuple[str, str, tuple[str, ...]], Samples] = {}
        """Samples being gathered, per (kind, source, the rows' notes)."""

    # ------------------------------------------------------------------ files

    def read_csv(self, name: str) -> Iterator[Record | Samples | SkippedItem]:
        """Every record and sample of the CSV ``name`` (a zip entry or the file itself)."""
        where = name.rsplit("/", 1)[-1]
        stream = CsvStream(
            lambda: self.files.open_csv(name),
            f"{self.files.name}: {where}" if where != self.files.name else where,
            lambda n: self.progress(self.done_before + n, self.total),
        )
        try:
            data_type = stream.preamble().data_type
            handler = DATA_TYPES.get(data_type)
            if handler is None:
                yield SkippedItem(
                    where=where, reason=f"{data_type}: not read by this connector (it reads {READ_WORDS})"
                )
            else:
                tally = _Tally()
                if handler == "steps_daily":
                    yield from self._daily_steps(stream, data_type, where, tally)
                else:
                    method = getattr(self, "_" + handler)
                    for line, row in stream.rows():
                        if handler != "heart_rate" and row.get("binning_data"):
                            tally.add(
                                f"{handler.replace('_', ' ')} binning_data blobs not read: they hold the same measure "
                                "minute by minute, and the row's own value is imported"
                            )
                        try:
                            yield from method(data_type, row, where, tally)
                        except (ValueError, KeyError, OverflowError) as exc:
                            yield SkippedItem(where=f"{where} line {line}", reason=str(exc)[:160] or type(exc).__name__)
                    yield from self.flush()
                yield from tally.items(where)
        finally:
            self.done_before += self.files.csv_size(name)

    # ------------------------------------------------------------------ helpers

    def _zone(self, row: dict[str, str]) -> tuple[tzinfo, list[str]]:
        zone = offset_zone(row.get("time_offset"))
        if zone is None:
            return UTC, ["no time_offset in this row: shown in UTC"]
        if self.local_times:
            return zone, ["times read as the local clock at the row's time_offset (option times=local)"]
        return zone, []

    def _time(self, row: dict[str, str], column: str, zone: tzinfo) -> datetime:
        text = row.get(column)
        if not text:
            raise ValueError(f"no {column}")
        return instant(text, zone, self.local_times)

    def _record(
        self,
        kind: str,
        title: str,
        start: datetime,
        end: datetime | None,
        value: float | None,
        unit: str | None,
        payload: dict[str, Any],
        original: str,
        warnings: list[str] | None = None,
        *,
        date_only: bool = False,
    ) -> Record:
        code = CODES.get(kind)
        coded = {"code_system": LOINC, "code": code[0], "code_display": code[1]} if code else {}
        update: dict[str, Any] = {"original_id": original}
        if warnings:
            update["warnings"] = [*self.prov.warnings, *warnings]
        return Record(
            domain=Domain.FITNESS,
            kind=kind,
            title=title,
            start=start,
            end=end if end is not None and end != start else None,
            date_only=date_only,
            value=value,
            unit=unit,
            payload=payload,
            provenance=self.prov.model_copy(update=update),
            **coded,
        )

    def _sample(self, kind: str, source: str, notes: list[str], row: Row) -> Iterator[Samples]:
        """Add a sample to its series; hand the batch over when it is full."""
        key = (kind, source, tuple(notes))
        batch = self.streams.get(key)
        if batch is None:
            code = CODES[kind]
            prov = self.prov.model_copy(update={"warnings": [*self.prov.warnings, *notes]}) if notes else self.prov
            unit = "bpm" if kind == "heart_rate" else "steps"
            batch = self.streams[key] = Samples(
                Domain.FITNESS, kind, STREAM_TITLES[kind], unit, source, prov, code_system=LOINC, code=code[0]
            )
        batch.rows.append(row)
        if len(batch.rows) >= BATCH:
            del self.streams[key]
            yield batch

    def flush(self) -> Iterator[Samples]:
        """Hand over every series' gathered samples (at the end of each file)."""
        batches = [b for b in self.streams.values() if b.rows]
        self.streams.clear()
        yield from batches

    @staticmethod
    def _source(row: dict[str, str]) -> str:
        device = row.get("deviceuuid")
        return f"Samsung Health ({device})" if device else "Samsung Health"

    @staticmethod
    def _payload(data_type: str, row: dict[str, str]) -> dict[str, Any]:
        device = row.get("deviceuuid")
        source = f"Samsung Health ({device})" if device else "Samsung Health"
        return {"dataType": data_type, "sourceName": source, **row}

    @staticmethod
    def _original(data_type: str, row: dict[str, str], part: str = "") -> str:
        uuid = row.get("datauuid")
        base = f"{data_type}:{uuid}" if uuid else f"{data_type}@{row.get('start_time') or row.get('day_time')}"
        return f"{base}:{part}" if part else base

    # ------------------------------------------------------------------ data types

    def _heart_rate(self, data_type: str, row: dict[str, str], where: str, tally: _Tally) -> Iterator[Samples]:
        zone, notes = self._zone(row)
        start = self._time(row, "start_time", zone)
        end = self._time(row, "end_time", zone) if row.get("end_time") else None
        source = self._source(row)
        blob_name = safe_blob_name(row.get("binning_data", ""))
        if blob_name is not None:
            bins = list(self._bins(data_type, blob_name, zone, tally))
            if bins:
                for row_ in bins:
                    yield from self._sample("heart_rate", source, notes, row_)
                return
        bpm = number(row.get("heart_rate"))
        if bpm is None or bpm <= 0:
            raise ValueError("no heart rate (heart_rate empty or 0)")
        t0 = start.timestamp()
        t1 = end.timestamp() if end is not None and end != start else None
        extra = _extra({k: row[k] for k in ("min", "max") if row.get(k)})
        yield from self._sample("heart_rate", source, notes, (t0, t1, bpm, _offset(start), extra))

    def _bins(self, data_type: str, blob_name: str, zone: tzinfo, tally: _Tally) -> Iterator[Row]:
        """The per-minute readings of a heart-rate row's ``binning_data`` blob (nothing when it cannot be read)."""
        found = self.files.blob(data_type, blob_name)
        if isinstance(found, str):
            tally.add(f"heart-rate binning_data blobs {found}: those rows' averages are imported instead")
            return
        try:
            doc = limits.load_json(found, blob_name)
        except ConnectorError as exc:
            reason = str(exc).split(": ", 1)[-1]
            tally.add(f"heart-rate binning_data blobs unreadable ({reason}): those rows' averages are imported instead")
            return
        if not isinstance(doc, list):
            tally.add("heart-rate binning_data blobs not a JSON list: those rows' averages are imported instead")
            return
        for item in doc:
            if not isinstance(item, dict):
                tally.add("heart-rate bins not a JSON object: left out")
                continue
            bpm = item.get("heart_rate")
            t0, t1 = item.get("start_time"), item.get("end_time")
            if isinstance(bpm, bool) or not isinstance(bpm, int | float) or not 0 < bpm < 1000:
                tally.add("heart-rate bins without a heart rate: left out")
                continue
            if isinstance(t0, bool) or not isinstance(t0, int | float) or not 0 < t0 < 1e14:
                tally.add("heart-rate bins without a start_time: left out")
                continue
            start = datetime.fromtimestamp(t0 / 1000, UTC).astimezone(zone)
            end = None
            if isinstance(t1, int | float) and not isinstance(t1, bool) and t0 < t1 < 1e14:
                end = t1 / 1000
            extra = _extra({k: item[k] for k in ("heart_rate_min", "heart_rate_max") if k in item})
            yield (t0 / 1000, end, float(bpm), _offset(start), extra)

    def _steps(self, data_type: str, row: dict[str, str], where: str, tally: _Tally) -> Iterator[Samples]:
        count = number(row.get("count") or row.get("step_count"))
        if count is None:
            raise ValueError("no step count")
        if count <= 0:
            tally.add("step rows with no steps: left out")
            return
        zone, notes = self._zone(row)
        start = self._time(row, "start_time", zone)
        end = self._time(row, "end_time", zone) if row.get("end_time") else None
        t0 = start.timestamp()
        t1 = end.timestamp() if end is not None and end != start else None
        extra = _extra({k: row[k] for k in ("distance", "calorie") if row.get(k)})
        yield from self._sample("steps", self._source(row), notes, (t0, t1, count, _offset(start), extra))

    def _daily_steps(
        self, stream: CsvStream, data_type: str, where: str, tally: _Tally
    ) -> Iterator[Record | SkippedItem]:
        """Day totals: per day, the merged row (``source_type`` -2) when there is one, else the one device row
        (or, of several devices and no merged row, the largest count); the others are left out, never added."""
        days: dict[date, tuple[bool, int, float]] = {}  # day -> (has merged row, chosen line, its count)
        for line, row in stream.rows():
            try:
                day = day_of(row.get("day_time") or row.get("start_time") or "")
            except ValueError:
                continue
            count = number(row.get("count") or row.get("step_count"))
            if count is None:
                continue
            merged = row.get("source_type") == MERGED
            had = days.get(day)
            if had is None or (merged and not had[0]) or (merged == had[0] and not merged and count > had[2]):
                days[day] = (merged, line, count)
        for line, row in stream.rows():
            try:
                day = day_of(row.get("day_time") or row.get("start_time") or "")
            except ValueError as exc:
                yield SkippedItem(where=f"{where} line {line}", reason=str(exc))
                continue
            count = number(row.get("count") or row.get("step_count"))
            if count is None:
                yield SkippedItem(where=f"{where} line {line}", reason="no step count")
                continue
            chosen = days.get(day)
            if chosen is None or chosen[1] != line:
                if chosen is not None and chosen[0]:
                    tally.add("per-device day rows left out: the day's merged row (source_type -2) is imported")
                else:
                    tally.add("day rows of another device left out (no merged row that day): the largest is imported")
                continue
            zone = offset_zone(row.get("time_offset")) or UTC
            start = datetime(day.year, day.month, day.day, tzinfo=zone)
            title = f"Steps {_g(count)} steps on {day.isoformat()}"
            payload = self._payload(data_type, row)
            original = f"{data_type}:{day.isoformat()}"
            yield self._record("steps_daily", title, start, None, count, "steps", payload, original, date_only=True)

    def _sleep(self, data_type: str, row: dict[str, str], where: str, tally: _Tally) -> Iterator[Record]:
        zone, notes = self._zone(row)
        start = self._time(row, "start_time", zone)
        end = self._time(row, "end_time", zone)
        minutes = round((end - start).total_seconds() / 60, 2)
        if minutes <= 0:
            raise ValueError("a sleep that ends before it starts")
        hours, rest = divmod(round(minutes), 60)
        title = f"Sleep {hours} h {rest:02d} min"
        payload = self._payload(data_type, row)
        yield self._record("sleep", title, start, end, minutes, "min", payload, self._original(data_type, row), notes)

    def _sleep_stage(self, data_type: str, row: dict[str, str], where: str, tally: _Tally) -> Iterator[Record]:
        zone, notes = self._zone(row)
        start = self._time(row, "start_time", zone)
        end = self._time(row, "end_time", zone)
        minutes = round((end - start).total_seconds() / 60, 2)
        if minutes <= 0:
            raise ValueError("a sleep stage that ends before it starts")
        stage = row.get("stage", "")
        label = SLEEP_STAGES.get(stage, f"Sleep stage {stage}" if stage else "Sleep stage")
        payload = {**self._payload(data_type, row), "stageName": label}
        title = f"{label}, {_g(minutes)} min"
        original = self._original(data_type, row)
        yield self._record("sleep_stage", title, start, end, minutes, "min", payload, original, notes)

    def _weight(self, data_type: str, row: dict[str, str], where: str, tally: _Tally) -> Iterator[Record]:
        zone, notes = self._zone(row)
        start = self._time(row, "start_time", zone)
        payload = self._payload(data_type, row)
        produced = False
        for column, kind, unit, word in (
            ("weight", "body_weight", "kg", "Weight"),
            ("height", "body_height", "cm", "Height"),
            ("body_fat", "body_fat", "%", "Body fat"),
        ):
            value = number(row.get(column))
            if value is None or value <= 0:
                continue
            produced = True
            title = f"{word} {_g(value)} {unit}"
            original = self._original(data_type, row, column)
            yield self._record(kind, title, start, None, value, unit, payload, original, notes)
        if not produced:
            raise ValueError("no weight, height or body fat")

    def _blood_pressure(self, data_type: str, row: dict[str, str], where: str, tally: _Tally) -> Iterator[Record]:
        zone, notes = self._zone(row)
        start = self._time(row, "start_time", zone)
        payload = self._payload(data_type, row)
        systolic, diastolic = number(row.get("systolic")), number(row.get("diastolic"))
        if systolic is None and diastolic is None:
            raise ValueError("no systolic or diastolic pressure")
        pair = f"{_g(systolic) if systolic else '?'}/{_g(diastolic) if diastolic else '?'} mmHg"
        for value, kind, word in (
            (systolic, "blood_pressure_systolic", "systolic"),
            (diastolic, "blood_pressure_diastolic", "diastolic"),
        ):
            if value is not None and value > 0:
                title = f"Blood pressure {pair} ({word})"
                original = self._original(data_type, row, word)
                yield self._record(kind, title, start, None, value, "mmHg", payload, original, notes)
        pulse = number(row.get("pulse"))
        if pulse is not None and pulse > 0:
            title = f"Heart rate {_g(pulse)} bpm (pulse with blood pressure)"
            original = self._original(data_type, row, "pulse")
            yield self._record("heart_rate", title, start, None, pulse, "bpm", payload, original, notes)

    def _blood_glucose(self, data_type: str, row: dict[str, str], where: str, tally: _Tally) -> Iterator[Record]:
        zone, notes = self._zone(row)
        start = self._time(row, "start_time", zone)
        value = number(row.get("glucose"))
        if value is None or value <= 0:
            raise ValueError("no glucose value")
        stated = (row.get("glucose_unit") or row.get("unit") or "").strip().lower().replace(" ", "")
        if not stated:
            notes = [*notes, "glucose in mmol/L, Samsung Health's unit (the row names none); converted to mg/dL"]
            mmol = True
        elif stated in ("mmol/l", "mmol"):
            mmol = True
        elif stated in ("mg/dl", "mg"):
            mmol = False
        else:
            raise ValueError(f"glucose in an unknown unit {stated[:20]!r}")
        mg = round(value * glucose_mmol(), 1) if mmol else value
        payload = self._payload(data_type, row)
        shown = f" ({_g(value)} mmol/L)" if mmol else ""
        title = f"Blood glucose {_g(mg)} mg/dL{shown}"
        yield self._record(
            "blood_glucose", title, start, None, mg, "mg/dL", payload, self._original(data_type, row), notes
        )

    def _oxygen_saturation(self, data_type: str, row: dict[str, str], where: str, tally: _Tally) -> Iterator[Record]:
        zone, notes = self._zone(row)
        start = self._time(row, "start_time", zone)
        end = self._time(row, "end_time", zone) if row.get("end_time") else None
        value = number(row.get("spo2"))
        if value is None or value <= 0:
            raise ValueError("no SpO2 value (spo2 empty or 0)")
        title = f"SpO2 {_g(value)} %"
        payload = self._payload(data_type, row)
        original = self._original(data_type, row)
        yield self._record("oxygen_saturation", title, start, end, value, "%", payload, original, notes)

    def _stress(self, data_type: str, row: dict[str, str], where: str, tally: _Tally) -> Iterator[Record]:
        zone, notes = self._zone(row)
        start = self._time(row, "start_time", zone)
        end = self._time(row, "end_time", zone) if row.get("end_time") else None
        score = number(row.get("score"))
        if score is None:
            raise ValueError("no stress score")
        title = f"Stress score {_g(score)}"
        payload = self._payload(data_type, row)
        yield self._record("stress", title, start, end, score, None, payload, self._original(data_type, row), notes)

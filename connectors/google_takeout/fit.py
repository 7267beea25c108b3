"""Google Fit in Google Takeout: ``Daily activity metrics.csv``, the per-day CSVs and ``All Sessions/*.json``.

Google Fit's API shut down in 2025, so Takeout (``Takeout/Fit/``) is the way out.  Three kinds of file:

* ``Daily activity metrics/Daily activity metrics.csv``: one row per day.  The days are the
  person's local days and the file does not say in which zone: they are read as dates
  (``date_only``), at midnight in ``options["timezone"]`` or this computer's zone, which every
  record's provenance names.
* ``Daily activity metrics/YYYY-MM-DD.csv``: one row per 15 minutes of that day, times with their
  offset (``00:15:00.000+01:00``); the date is the file's name.  Its steps, distance, calories and
  average heart rate are dense: they are yielded as :class:`~wallet.samples.Samples` (one series per
  kind, source ``Google Fit``; a heart-rate sample keeps the quarter hour's ``min`` and ``max``), the
  rest of the row as records.
* ``All Sessions/<start>_<ACTIVITY>.json``: one workout each, with its aggregates
  (steps, distance, energy, active minutes).

Columns are found by their English names; Takeout localises them to the account's language, so a
header of the same width as the English layout whose names are not known is read by position
(the layout has not changed since 2019), and that assumption is recorded.

The coarse location Google Fit adds (``Low/High latitude/longitude (deg)``: the day's or the
quarter hour's bounding box) is kept, marked: a ``location_bounds`` record whose payload holds
it under ``location``, the key a share leaves out unless the person chooses to send it.

Units come from the column names (``Distance (m)``, ``Calories (kcal)``, ``... duration (ms)``).
Google Fit's calories are all the energy spent (resting included), so they are ``calories``,
not active energy.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from connectors.fitness import system_zone
from wallet import limits
from wallet.errors import ConnectorError
from wallet.imports.connector import Connector, ImportContext, Source
from wallet.model import Domain, Provenance, Record, SkippedItem
from wallet.samples import Samples

LOINC = "http://loinc.org"
ACTIVITY_NAMES = "https://developers.google.com/fit/rest/v1/reference/activity-types#name"
"""Code system of a session's activity: Google Fit's activity type, by name (``walking``)."""

# The English header of Daily activity metrics.csv, in order (Takeout 2019-2025).  A per-day file
# has "Start time", "End time" in place of "Date" and the same columns after them.
DAILY_COLUMNS: tuple[str, ...] = (
    "Date",
    "Move Minutes count",
    "Calories (kcal)",
    "Distance (m)",
    "Heart Points",
    "Heart Minutes",
    "Average heart rate (bpm)",
    "Max heart rate (bpm)",
    "Min heart rate (bpm)",
    "Low latitude (deg)",
    "Low longitude (deg)",
    "High latitude (deg)",
    "High longitude (deg)",
    "Average oxygen saturation (%)",
    "Max oxygen saturation (%)",
    "Min oxygen saturation (%)",
    "Average supplemental oxygen flow rate (L/min)",
    "Max supplemental oxygen flow rate (L/min)",
    "Min supplemental oxygen flow rate (L/min)",
    "Oxygen therapy administration mode",
    "Oxygen saturation system",
    "Oxygen saturation measurement method",
    "Average speed (m/s)",
    "Max speed (m/s)",
    "Min speed (m/s)",
    "Step count",
    "Average weight (kg)",
    "Max weight (kg)",
    "Min weight (kg)",
    "Biking duration (ms)",
    "Inactive duration (ms)",
    "Walking duration (ms)",
    "Running duration (ms)",
    "Hiking duration (ms)",
    "Tennis duration (ms)",
    "Weight lifting duration (ms)",
    "Other duration (ms)",
)

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_CLOCK = re.compile(r"^\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[+-]\d{2}:\d{2}|Z)$")
_DAY_FILE = re.compile(r"(\d{4}-\d{2}-\d{2})(?:\s*\(\d+\))?\.csv$", re.IGNORECASE)
_DURATION = re.compile(r"^(.+) duration \(ms\)$")

# (kind, column, unit, LOINC code or None, title word); per-day files give intervals, the daily file days
_SIMPLE = (
    ("steps", "Step count", "steps", "55423-8", "Steps"),
    ("distance", "Distance (m)", "m", None, "Distance"),
    ("calories", "Calories (kcal)", "kcal", None, "Calories"),
    ("active_minutes", "Move Minutes count", "min", None, "Move minutes"),
    ("heart_points", "Heart Points", "points", None, "Heart points"),
)
_DAILY_KIND = {
    "steps": ("steps_daily", "41950-7"),
    "distance": ("distance_daily", None),
    "calories": ("calories_daily", None),
}
_AVERAGED = (
    # kind, (average, max, min) columns, unit, LOINC for a single reading, title word
    ("heart_rate", "heart rate (bpm)", "bpm", "8867-4", "Heart rate"),
    ("body_weight", "weight (kg)", "kg", "29463-7", "Weight"),
    ("oxygen_saturation", "oxygen saturation (%)", "%", "59408-5", "Oxygen saturation"),
)
_BOX = {
    "Low latitude (deg)": "low_latitude",
    "Low longitude (deg)": "low_longitude",
    "High latitude (deg)": "high_latitude",
    "High longitude (deg)": "high_longitude",
}
STREAMED = {"steps", "distance", "calories", "heart_rate"}
"""The kinds of a per-day file's quarter hours that are yielded as samples."""
SOURCE = "Google Fit"
"""The series' source: the files do not name the phone or watch."""
BATCH = 4000
"""Samples of one series handed over at once at most."""
SESSION_METRICS = {
    "com.google.step_count.delta": ("steps", "steps"),
    "com.google.distance.delta": ("distance", "m"),
    "com.google.calories.expended": ("energy", "kcal"),
    "com.google.active_minutes": ("active_minutes", "min"),
    "com.google.heart_minutes.summary": ("heart_minutes", "min"),
    "com.google.speed.summary": ("speed", "m/s"),
}


def _sample(
    streams: dict[str, Samples],
    kind: str,
    title: str,
    unit: str,
    code: str | None,
    prov: Provenance,
    start: datetime,
    end: datetime,
    value: float,
    extra: str | None,
) -> None:
    """Add a quarter hour's value to its kind's series in ``streams``."""
    batch = streams.get(kind)
    if batch is None:
        batch = streams[kind] = Samples(
            Domain.FITNESS, kind, title, unit, SOURCE, prov, code_system=LOINC if code else None, code=code
        )
    offset = start.utcoffset()
    tz = int(offset.total_seconds() // 60) if offset else None
    batch.rows.append((start.timestamp(), end.timestamp(), value, tz, extra))


def _zone(options: dict[str, Any]) -> tuple[tzinfo, str]:
    given = options.get("timezone")
    if given:
        try:
            return ZoneInfo(str(given)), f"Google Fit days are local days; read in {given} (from the import options)"
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ConnectorError(f"unknown time zone {given!r} (use an IANA name such as Europe/Berlin)") from exc
    zone, label = system_zone()
    return zone, f"Google Fit days are local days; read in {label} (this computer's zone: none was given)"


def _float(text: str | None) -> float | None:
    if text is None or not text.strip():
        return None
    try:
        value = float(text)
    except ValueError:
        return None
    return value if value == value and abs(value) != float("inf") else None


def _text_lines(source: Source) -> Iterator[str]:
    """The file's lines as text, streamed; invalid UTF-8 is one readable error."""
    with source.open() as fh:
        text = io.TextIOWrapper(fh, encoding="utf-8-sig", newline="")
        try:
            yield from text
        except UnicodeDecodeError as exc:
            raise ConnectorError(f"{source.name}: not UTF-8 text (byte {exc.start}): is this a Takeout CSV?") from None


class GoogleFitTakeoutConnector(Connector):
    """Google Fit's Takeout files: daily metrics CSV, per-day CSVs (15-minute rows) and session JSON."""

    id = "google_fit_takeout"
    name = "Google Fit (Google Takeout)"
    version = "1"
    domains = (Domain.FITNESS,)
    accepts = "Google Takeout Fit: Daily activity metrics.csv, the per-day CSVs, All Sessions/*.json"
    extensions = (".csv", ".json")

    def identify(self, source: Source) -> bool:
        """A CSV whose header has Google Fit's unit-bearing columns (``(kcal)``, ``(ms)``) and whose first
        cell is a date or a time with offset; or session JSON with ``fitnessActivity`` and ``aggregate``."""
        try:
            text = source.head_text()
        except Exception:
            return False
        return self._shape(source, text) is not None

    @staticmethod
    def _shape(source: Source, text: str) -> str | None:
        stripped = text.lstrip()
        if stripped.startswith("{"):
            if '"resourceType"' in text or "TimeNanos" in text:
                return None
            if '"fitnessActivity"' in text and '"startTime"' in text and '"aggregate"' in text:
                return "session"
            return None
        lines = text.splitlines()
        if len(lines) < 2:
            return None
        header = lines[0].split(",")
        first = lines[1].split(",")[0]
        english = header[0] in ("Date", "Start time") and "Step count" in header
        localised = "(kcal)" in lines[0] and "(ms)" in lines[0] and len(header) in (37, 38)
        if not (english or localised):
            return None
        if _DATE.match(first) and len(header) == len(DAILY_COLUMNS):
            return "daily"
        if _CLOCK.match(first) and _DAY_FILE.search(source.name):
            return "day"
        return None

    def read(self, source: Source, context: ImportContext) -> Iterator[Record | Samples | SkippedItem]:
        """The Connector contract: the file's rows (or the session) as records, a per-day file's steps, distance,
        calories and heart rate as samples; CSVs streamed row by row."""
        try:
            head = source.head_text()
        except Exception as exc:
            raise ConnectorError(f"{source.name}: unreadable ({exc})") from None
        raw = source.head[:4096]
        if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in raw:
            raise ConnectorError(f"{source.name}: UTF-16 or binary, not the UTF-8 text Takeout writes")
        shape = self._shape(source, head)
        if shape == "session":
            yield from self._session(source)
            return
        if shape is None:
            if head.lstrip().startswith("{"):
                raise ConnectorError(f"{source.name}: not a Google Fit session (no fitnessActivity and aggregate)")
            if not _DAY_FILE.search(source.name) and head[:5] not in ("Date,",):
                raise ConnectorError(f"{source.name}: not a Google Fit Takeout CSV (its header is not Google Fit's)")
            raise ConnectorError(f"{source.name}: not a Google Fit Takeout CSV (unexpected columns or first row)")
        yield from self._csv(source, shape, context)

    # ------------------------------------------------------------------ CSV

    def _csv(self, source: Source, shape: str, context: ImportContext) -> Iterator[Record | Samples | SkippedItem]:
        rows = csv.reader(_text_lines(source))
        header = next(rows, None)
        if not header:
            raise ConnectorError(f"{source.name}: empty")
        names, note = self._names(header, shape)
        warnings = [note] if note else []
        zone: tzinfo = UTC
        day: date | None = None
        if shape == "daily":
            zone, zone_note = _zone(context.options)
            warnings.append(zone_note)
        else:
            m = _DAY_FILE.search(source.name)
            assert m is not None  # _shape checked it
            day = date.fromisoformat(m.group(1))
        prov = Provenance(**self.provenance(source), warnings=warnings)
        size = source.size
        produced = 0
        streams: dict[str, Samples] | None = None if shape == "daily" else {}
        sampled = False
        for number, row in enumerate(rows, start=2):
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(names):
                raise ConnectorError(
                    f"{source.name}: line {number} has {len(row)} columns, the header {len(names)}: "
                    "is the file cut short?"
                )
            cells = dict(zip(names, row, strict=True))
            try:
                if shape == "daily":
                    start, end = self._day_bounds(cells["Date"], zone)
                else:
                    assert day is not None
                    start, end = self._interval(day, cells["Start time"], cells["End time"])
            except ValueError as exc:
                yield SkippedItem(where=f"line {number}", reason=str(exc)[:120])
                continue
            for rec in self._row(cells, start, end, shape == "daily", prov, streams):
                produced += 1
                yield rec
            if streams:
                sampled = True
                for kind, batch in list(streams.items()):
                    if len(batch) >= BATCH:
                        del streams[kind]
                        yield batch
            if number % 500 == 0:
                context.progress(min(number * 120, size), size)
        if streams:
            yield from (batch for batch in streams.values() if batch.rows)
        if not produced and not sampled:
            raise ConnectorError(f"{source.name}: no Google Fit values in this file (every cell is empty)")

    @staticmethod
    def _names(header: list[str], shape: str) -> tuple[list[str], str | None]:
        header = [h.strip() for h in header]
        english = list(DAILY_COLUMNS) if shape == "daily" else ["Start time", "End time", *DAILY_COLUMNS[1:]]
        if header == english:
            return header, None
        if set(english[1:]) & set(header) and header[0] == english[0]:
            return header, None  # English, columns added or reordered: read by name
        if len(header) == len(english):
            return english, (
                "the column names are not English (Takeout in another language); read by position "
                "in Google Fit's documented order"
            )
        raise ConnectorError("unexpected columns for a Google Fit Takeout CSV")

    @staticmethod
    def _day_bounds(text: str, zone: tzinfo) -> tuple[datetime, datetime]:
        if not _DATE.match(text.strip()):
            raise ValueError(f"not a date: {text.strip()[:20]!r}")
        day = date.fromisoformat(text.strip())
        start = datetime.combine(day, datetime.min.time()).replace(tzinfo=zone)
        return start, datetime.combine(day + timedelta(days=1), datetime.min.time()).replace(tzinfo=zone)

    @staticmethod
    def _interval(day: date, start_text: str, end_text: str) -> tuple[datetime, datetime]:
        start_text, end_text = start_text.strip(), end_text.strip()
        if not (_CLOCK.match(start_text) and _CLOCK.match(end_text)):
            raise ValueError(f"not a time with offset: {start_text[:30]!r}")
        start = datetime.fromisoformat(f"{day.isoformat()}T{start_text.replace('Z', '+00:00')}")
        end = datetime.fromisoformat(f"{day.isoformat()}T{end_text.replace('Z', '+00:00')}")
        if end <= start:  # the last quarter hour ends at 00:00 of the next day
            end += timedelta(days=1)
        return start, end

    def _row(
        self,
        cells: dict[str, str],
        start: datetime,
        end: datetime,
        daily: bool,
        prov: Provenance,
        streams: dict[str, Samples] | None = None,
    ) -> Iterator[Record]:
        """A row's records; with ``streams`` (a per-day file), its dense values go to their series there instead."""
        label = start.date().isoformat() if daily else f"{start.strftime('%Y-%m-%d %H:%M')}"
        when = {"start": start, "end": end, "date_only": daily}
        base_id = start.date().isoformat() if daily else start.isoformat()
        for kind, column, unit, loinc, word in _SIMPLE:
            value = _float(cells.get(column))
            if value is None:
                continue
            code = loinc
            if daily:
                kind, code = _DAILY_KIND.get(kind, (kind, None))
            elif streams is not None and kind in STREAMED:
                _sample(streams, kind, word, unit, code, prov, start, end, value, None)
                continue
            extra: dict[str, Any] = {"column": column, "value": cells[column]}
            if column == "Heart Points" and _float(cells.get("Heart Minutes")) is not None:
                extra["heart_minutes"] = _float(cells.get("Heart Minutes"))
            yield self._record(
                kind, f"{word} {round(value, 2):g} {unit}, {label}", value, unit, code, when, extra, prov, base_id
            )
        for kind, suffix, unit, loinc, word in _AVERAGED:
            average = _float(cells.get(f"Average {suffix}"))
            if average is None:
                continue
            if not daily and streams is not None and kind in STREAMED:
                spread = {k: _float(cells.get(f"{k.capitalize()} {suffix}")) for k in ("min", "max")}
                kept = {k: v for k, v in spread.items() if v is not None}
                note = json.dumps(kept, separators=(",", ":")) if kept else None
                _sample(streams, kind, word, unit, loinc, prov, start, end, average, note)
                continue
            extra = {
                "statistic": "average",
                "average": average,
                "max": _float(cells.get(f"Max {suffix}")),
                "min": _float(cells.get(f"Min {suffix}")),
            }
            # a day's average is not one reading: its own kind; a quarter hour's is read as one
            rkind, code = (f"{kind}_daily", None) if daily and kind != "body_weight" else (kind, loinc)
            title = f"{word} {round(average, 2):g} {unit} (average), {label}"
            yield self._record(rkind, title, average, unit, code, when, extra, prov, base_id)
        for column, value_text in cells.items():
            m = _DURATION.match(column)
            minutes = _float(value_text)
            if not m or minutes is None or m.group(1) == "Inactive":
                continue
            minutes = round(minutes / 60000, 3)
            name = m.group(1)
            extra = {"column": column, "value": value_text, "activity": name}
            yield self._record(
                "activity",
                f"{name}, {minutes:g} min, {label}",
                minutes,
                "min",
                None,
                when,
                extra,
                prov,
                base_id,
                code_display=name,
            )
        box = {key: _float(cells.get(column)) for column, key in _BOX.items()}
        if all(v is not None for v in box.values()):
            yield self._record(
                "location_bounds",
                f"Area moved in, {label}",
                None,
                None,
                None,
                when,
                {"location": {"bounding_box": box}},
                prov,
                base_id,
            )

    def _record(
        self,
        kind: str,
        title: str,
        value: float | None,
        unit: str | None,
        loinc: str | None,
        when: dict[str, Any],
        payload: dict[str, Any],
        prov: Provenance,
        base_id: str,
        code_display: str | None = None,
    ) -> Record:
        coded: dict[str, Any] = {}
        if loinc:
            coded = {"code_system": LOINC, "code": loinc}
        if code_display:
            coded["code_display"] = code_display
        original = f"{kind}:{payload.get('activity') or ''}@{base_id}"
        return Record(
            domain=Domain.FITNESS,
            kind=kind,
            title=title,
            value=value,
            unit=unit,
            payload=payload,
            provenance=prov.model_copy(update={"original_id": original}),
            **when,
            **coded,
        )

    # ------------------------------------------------------------------ sessions

    def _session(self, source: Source) -> Iterator[Record]:
        doc = limits.load_json(source.read_bytes(limit=limits.MAX_JSON_DOCUMENT_BYTES), source.name)
        if not isinstance(doc, dict) or not isinstance(doc.get("fitnessActivity"), str):
            raise ConnectorError(f"{source.name}: not a Google Fit session (no fitnessActivity)")
        try:
            start = datetime.fromisoformat(str(doc["startTime"]).replace("Z", "+00:00"))
            end = datetime.fromisoformat(str(doc["endTime"]).replace("Z", "+00:00"))
        except (KeyError, ValueError) as exc:
            raise ConnectorError(f"{source.name}: the session's startTime/endTime are not ISO times") from exc
        if start.tzinfo is None or end.tzinfo is None:
            raise ConnectorError(f"{source.name}: the session's times carry no offset")
        activity = doc["fitnessActivity"]
        summary: dict[str, Any] = {}
        for item in doc.get("aggregate") or []:
            if not isinstance(item, dict) or item.get("metricName") not in SESSION_METRICS:
                continue
            key, unit = SESSION_METRICS[str(item["metricName"])]
            value = _float(str(item.get("floatValue", item.get("intValue", ""))))
            if value is not None:
                summary[key] = {"value": value, "unit": unit}
        minutes = round((end - start).total_seconds() / 60, 3)
        duration = doc.get("duration")
        if isinstance(duration, str) and duration.endswith("s") and _float(duration[:-1]) is not None:
            minutes = round((_float(duration[:-1]) or 0) / 60, 3)  # active time, pauses left out
        summary["duration"] = {"value": minutes, "unit": "min"}
        label = activity.replace("_", " ").replace(".", " ").capitalize()
        parts = [f"{label} workout"]
        if "distance" in summary:
            parts.append(f"{summary['distance']['value'] / 1000:.2f} km")
        if "energy" in summary:
            parts.append(f"{summary['energy']['value']:.0f} kcal")
        payload = dict(doc)
        payload["summary"] = summary
        yield Record(
            domain=Domain.FITNESS,
            kind="workout",
            title=", ".join(parts),
            start=start,
            end=end,
            value=minutes,
            unit="min",
            code_system=ACTIVITY_NAMES,
            code=activity,
            code_display=label,
            payload=payload,
            provenance=Provenance(**self.provenance(source, original_id=f"session@{start.isoformat()}")),
        )

"""Fitbit Web API and Google Fit JSON: steps, heart rate, sleep, activities, body weight.

Units and time zones are made explicit on every record:

* **Fitbit** writes local date-times without an offset.  They are read in the
  zone given in ``options["timezone"]``, else the user profile's ``timezone``
  when the payload carries one, else the zone of this computer; every record's
  ``provenance.warnings`` says which zone was assumed and why.  Weight and
  distance follow the account's unit system, which the payload does not state:
  metric (kg, km) is assumed unless ``options["units"]`` is ``"en_US"``
  (pounds, miles) or ``"en_GB"`` (stone, kilometres), as in Fitbit's unit
  table; the assumption is recorded too.  Intraday data (``activities-heart-intraday``,
  ``activities-steps-intraday`` ...) is dense: it is yielded as :class:`~wallet.samples.Samples`
  (one series per resource, source ``Fitbit``), every few thousand samples and at its end.
* **Google Fit** gives instants as nanoseconds since the epoch (decimal
  strings); they become UTC datetimes, and the exact nanoseconds stay in a record's
  payload.  Google Fit's units are fixed by its data types (kg, kcal, m, bpm).  Its heart-rate,
  step, calorie and distance points are dense: they are yielded as :class:`~wallet.samples.Samples`
  (one series per kind, source ``Google Fit``, each sample keeping its ``originDataSourceId``).

Everything lands in :attr:`Domain.FITNESS`, including body weight: it is a
measurement the person's tracker or scale logged, and it carries LOINC code
29463-7 so health views can find it by code.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from wallet import limits
from wallet.errors import ConnectorError
from wallet.imports.connector import Connector, ImportContext, Source
from wallet.model import Domain, Provenance, Record, SkippedItem
from wallet.samples import Samples
from wallet.terms.names import google_fit_source

MAX_INPUT = limits.MAX_JSON_DOCUMENT_BYTES
LOINC = "http://loinc.org"

# kind -> (LOINC code, display)
CODES = {
    "steps": ("55423-8", "Number of steps"),
    "steps_daily": ("41950-7", "Number of steps in 24 hour Measured"),
    "heart_rate": ("8867-4", "Heart rate"),
    "resting_heart_rate": ("40443-4", "Heart rate --resting"),
    "body_weight": ("29463-7", "Body weight"),
    "bmi": ("39156-5", "Body mass index (BMI) [Ratio]"),
    "sleep": ("93832-4", "Sleep duration"),
    # no code for "calories": Fitbit's and Google Fit's calories are all the energy spent, resting included;
    # LOINC 41981-2 is what the wallet reads as *active* energy (wallet.terms.measures), so it would mislabel them
}

FITBIT_SOURCE = "Fitbit"
"""The source of an intraday series: the files do not name the tracker."""
GOOGLE_SOURCE = "Google Fit"
"""The source of a Google Fit series (each sample keeps the data source Google Fit names)."""
GOOGLE_STREAMS = {"heart_rate": "Heart rate", "steps": "Steps", "calories": "Calories", "distance": "Distance"}
"""Google Fit kinds yielded as samples, and their series' titles."""
SAMPLES_BATCH = 4000
"""Samples of one series handed over at once at most."""

_HEAD_START = re.compile(r"^\ufeff?\s*[\[{]")
_TAKEOUT_SLEEP = re.compile(r"^sleep-\d{4}-\d{2}-\d{2}(?: \(\d+\))?\.json$")


def _code(kind: str) -> dict[str, Any]:
    if kind in CODES:
        code, display = CODES[kind]
        return {"code_system": LOINC, "code": code, "code_display": display}
    return {}


def _load_json(source: Source) -> Any:
    if source.size > MAX_INPUT:  # parsed JSON takes ten to fifteen times its size: see wallet.limits
        raise ConnectorError(f"{source.name}: {limits.mb(source.size)} is over the {limits.mb(MAX_INPUT)} limit")
    return limits.load_json(source.read_bytes(limit=MAX_INPUT), source.name)


def _num(value: Any) -> float | None:
    """A number from a JSON number or a numeric string (Fitbit time series use strings)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return None
    return None


# --------------------------------------------------------------------------- time zones


def system_zone() -> tuple[tzinfo, str]:
    """This computer's zone, with DST rules where its name can be found."""
    name = os.environ.get("TZ", "").lstrip(":")
    if not name:
        try:
            target = os.path.realpath("/etc/localtime")
            if "zoneinfo/" in target:
                name = target.split("zoneinfo/", 1)[1]
        except OSError:
            name = ""
    if name:
        try:
            return ZoneInfo(name), name
        except (ZoneInfoNotFoundError, ValueError):
            pass
    local = datetime.now().astimezone().tzinfo or UTC
    return local, f"{datetime.now().astimezone().strftime('%z')} (fixed offset of this computer)"


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ConnectorError(f"unknown time zone {name!r} (use an IANA name such as Europe/Berlin)") from exc


def fitbit_zone(payload: Any, options: dict[str, Any]) -> tuple[tzinfo, str]:
    """The zone for Fitbit's offset-less times and a sentence saying where it came from."""
    given = options.get("timezone")
    if given:
        return _zone(str(given)), f"Fitbit times have no offset; read in {given} (from the import options)"
    if isinstance(payload, dict):
        user = payload.get("user")
        tz = user.get("timezone") if isinstance(user, dict) else payload.get("timezone")
        if isinstance(tz, str) and tz:
            return _zone(tz), f"Fitbit times have no offset; read in {tz} (from the Fitbit user profile)"
    zone, label = system_zone()
    return zone, f"Fitbit times have no offset; read in {label} (this computer's zone: none was given)"


# --------------------------------------------------------------------------- Fitbit


FITBIT_SERIES_UNITS = {
    "steps": "steps",
    "calories": "kcal",
    "caloriesBMR": "kcal",
    "activityCalories": "kcal",
    "floors": "floors",
    "minutesSedentary": "min",
    "minutesLightlyActive": "min",
    "minutesFairlyActive": "min",
    "minutesVeryActive": "min",
}

_FITBIT_KEYS = re.compile(r'"(activities-[A-Za-z]+(?:-intraday)?|sleep|weight|activities|fat)"\s*:\s*[\[{]')


def _units(options: dict[str, Any]) -> tuple[str, str, str]:
    """(weight unit, distance unit, note) for the account's unit system."""
    system = str(options.get("units") or "metric")
    if system == "en_US":
        return "lb", "mi", "Fitbit units: en_US (pounds, miles), from the import options"
    if system == "en_GB":
        return "st", "km", "Fitbit units: en_GB (stone, kilometres), from the import options"
    if system != "metric":
        raise ConnectorError(f"unknown Fitbit unit system {system!r} (metric, en_US or en_GB)")
    given = "from the import options" if options.get("units") else "assumed: the payload does not say"
    return "kg", "km", f"Fitbit units: metric (kilograms, kilometres), {given}"


class FitbitConnector(Connector):
    """Fitbit Web API JSON: step/heart/other time series (daily and intraday), sleep logs,
    activity logs and weight logs.  Times are local without offset (see the module notes)."""

    id = "fitbit"
    name = "Fitbit (Web API JSON)"
    version = "1"
    domains = (Domain.FITNESS,)
    accepts = "Fitbit Web API JSON: activities-* time series, intraday, sleep, activity and weight logs"
    extensions = (".json",)
    max_size = MAX_INPUT  # refused by its size before it is hashed or read

    def identify(self, source: Source) -> bool:
        """JSON whose keys are Fitbit's (``activities-steps``, ``sleep`` with ``dateOfSleep``,
        ``weight`` with ``logId``, ``activities`` with ``activityParentId``); never FHIR or Google Fit."""
        try:
            text = source.head_text()
        except Exception:
            return False
        if not _HEAD_START.match(text) or '"resourceType"' in text or "TimeNanos" in text:
            return False
        if '"verifiableCredential"' in text:
            return False
        for m in _FITBIT_KEYS.finditer(text):
            key = m.group(1)
            if key.startswith("activities-"):
                return True
            if key == "sleep" and '"dateOfSleep"' in text:
                return True
            if key in ("weight", "fat") and '"logId"' in text:
                return True
            if key == "activities" and ('"activityParentId"' in text or '"activityId"' in text):
                return True
        stripped = text.lstrip("\ufeff \t\r\n")
        if _TAKEOUT_SLEEP.match(source.name):  # Fitbit's account archive: connectors.google_takeout (its zone rules)
            return False
        return stripped.startswith("[") and '"dateOfSleep"' in text and '"logId"' in text

    def read(self, source: Source, context: ImportContext) -> Iterator[Record | Samples | SkippedItem]:
        """The Connector contract: one Fitbit export JSON file's records, in the person's time zone and units."""
        doc = _load_json(source)
        try:
            zone, tz_note = fitbit_zone(doc, context.options)
            weight_unit, distance_unit, unit_note = _units(context.options)
        except ConnectorError as exc:
            raise ConnectorError(f"{source.name}: {exc}") from None
        prov = Provenance(**self.provenance(source), warnings=[tz_note])
        reader = _FitbitReader(self, source, zone, prov, weight_unit, distance_unit, unit_note)
        if isinstance(doc, list):
            if not doc or not all(isinstance(x, dict) and "dateOfSleep" in x for x in doc):
                raise ConnectorError(f"{source.name}: a JSON list that is not a list of Fitbit sleep logs")
            yield from reader.sleep(doc)
            return
        if not isinstance(doc, dict):
            raise ConnectorError(f"{source.name}: not a Fitbit JSON object")
        produced = False
        try:
            for item in reader.document(doc):
                produced = True
                yield item
        except (TypeError, ValueError, ArithmeticError, AttributeError, KeyError) as exc:
            raise ConnectorError(f"{source.name}: unreadable Fitbit data ({str(exc)[:120]})") from None
        if not produced:
            raise ConnectorError(f"{source.name}: no Fitbit steps, heart rate, sleep, activity or weight data found")


class _FitbitReader:
    def __init__(
        self,
        connector: FitbitConnector,
        source: Source,
        zone: tzinfo,
        prov: Provenance,
        weight_unit: str,
        distance_unit: str,
        unit_note: str,
    ) -> None:
        self.connector = connector
        self.source = source
        self.zone = zone
        self.prov = prov
        self.weight_unit = weight_unit
        self.distance_unit = distance_unit
        self.unit_note = unit_note

    # -- helpers
    def local(self, day: str, clock: str = "00:00:00") -> datetime:
        try:
            naive = datetime.fromisoformat(f"{day}T{clock}")
        except ValueError as exc:
            raise ValueError(f"bad Fitbit date/time {str(day)[:20]!r} {str(clock)[:20]!r}") from exc
        if naive.tzinfo is not None:
            return naive
        return naive.replace(tzinfo=self.zone)

    def local_dt(self, value: Any) -> datetime:
        if not isinstance(value, str):
            raise ValueError("missing Fitbit date-time")
        try:
            naive = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError as exc:
            raise ValueError(f"bad Fitbit date-time {value[:40]!r}") from exc
        return naive if naive.tzinfo else naive.replace(tzinfo=self.zone)

    def day_bounds(self, day: str) -> tuple[datetime, datetime]:
        start = self.local(day)
        d = date.fromisoformat(day) + timedelta(days=1)
        return start, datetime.combine(d, datetime.min.time()).replace(tzinfo=self.zone)

    def record(
        self, kind: str, title: str, original_id: str | None = None, unit_note: bool = False, **fields: Any
    ) -> Record:
        prov = self.prov
        if original_id is not None or unit_note:
            warnings = [*prov.warnings, self.unit_note] if unit_note else prov.warnings
            prov = prov.model_copy(update={"original_id": original_id, "warnings": warnings})
        return Record(domain=Domain.FITNESS, kind=kind, title=title, provenance=prov, **{**_code(kind), **fields})

    def _each(
        self, where: str, items: Any, one: Callable[[int, Any], Iterator[Record | SkippedItem]]
    ) -> Iterator[Record | SkippedItem]:
        """Run ``one`` for every item; an item that cannot be read is skipped, not fatal."""
        if not isinstance(items, list):
            yield SkippedItem(where=where, reason="not a list")
            return
        for i, item in enumerate(items):
            try:
                out = list(one(i, item))
            except (TypeError, ValueError, ArithmeticError, AttributeError, KeyError) as exc:
                yield SkippedItem(where=f"{where}[{i}]", reason=f"unreadable: {str(exc)[:120] or type(exc).__name__}")
                continue
            yield from out

    # -- document
    def document(self, doc: dict[str, Any]) -> Iterator[Record | Samples | SkippedItem]:
        for key, value in doc.items():
            if key.startswith("activities-") and key.endswith("-intraday"):
                continue
            if key.startswith("activities-") and isinstance(value, list):
                resource = key[len("activities-") :]
                yield from self.series(resource, value)
                intraday = doc.get(f"{key}-intraday")
                if isinstance(intraday, dict):
                    yield from self.intraday(resource, value, intraday)
        if isinstance(doc.get("sleep"), list):
            yield from self.sleep(doc["sleep"])
        if isinstance(doc.get("weight"), list):
            yield from self.weight(doc["weight"])
        if isinstance(doc.get("activities"), list):
            yield from self.activities(doc["activities"], doc.get("summary"))

    def series(self, resource: str, rows: list[Any]) -> Iterator[Record | SkippedItem]:
        def one(i: int, row: Any) -> Iterator[Record | SkippedItem]:
            if not isinstance(row, dict) or not isinstance(row.get("dateTime"), str):
                yield SkippedItem(where=f"activities-{resource}[{i}]", reason="no dateTime")
                return
            day = row["dateTime"]
            start, end = self.day_bounds(day)
            value = row.get("value")
            if resource == "heart":
                yield from self.heart_day(day, start, end, row)
                return
            number = _num(value)
            if number is None:
                yield SkippedItem(where=f"activities-{resource}[{i}]", reason="value is not a number")
                return
            unit: str | None
            if resource == "steps":
                kind, unit = "steps_daily", "steps"
            elif resource == "distance":
                kind, unit = "distance_daily", self.distance_unit
            elif resource == "elevation":
                kind, unit = "elevation_daily", "m" if self.distance_unit == "km" else "ft"
            else:
                kind, unit = f"{resource}_daily", FITBIT_SERIES_UNITS.get(resource)
            label = f"{number:g} {unit}" if unit else f"{number:g}"
            yield self.record(
                kind,
                f"{resource.capitalize()} on {day}: {label}",
                original_id=f"{resource}:{day}",
                unit_note=resource in ("distance", "elevation"),
                start=start,
                end=end,
                date_only=True,
                value=number,
                unit=unit,
                payload={"dateTime": day, "value": value, "resource": resource, "granularity": "day"},
            )

        yield from self._each(f"activities-{resource}", rows, one)

    def heart_day(self, day: str, start: datetime, end: datetime, row: dict[str, Any]) -> Iterator[Record]:
        value = row.get("value")
        resting = _num(value.get("restingHeartRate")) if isinstance(value, dict) else _num(value)
        if resting is None:
            return
        yield self.record(
            "resting_heart_rate",
            f"Resting heart rate on {day}: {resting:g} bpm",
            original_id=f"heart:{day}",
            start=start,
            end=end,
            date_only=True,
            value=resting,
            unit="bpm",
            payload=row,
        )

    def intraday(
        self, resource: str, daily: list[Any], block: dict[str, Any]
    ) -> Iterator[Record | Samples | SkippedItem]:
        days = [str(r["dateTime"]) for r in daily if isinstance(r, dict) and isinstance(r.get("dateTime"), str)]
        if len(days) != 1:
            yield SkippedItem(
                where=f"activities-{resource}-intraday",
                reason="intraday data needs exactly one day in the parent series",
            )
            return
        day = days[0]
        interval = _num(block.get("datasetInterval")) or 1
        dtype = block.get("datasetType", "minute")
        step = timedelta(seconds=interval) if dtype == "second" else timedelta(minutes=interval)
        if dtype == "hour":
            step = timedelta(hours=interval)
        kind, unit = {"steps": ("steps", "steps"), "heart": ("heart_rate", "bpm")}.get(
            resource, (resource, FITBIT_SERIES_UNITS.get(resource))
        )

        where = f"activities-{resource}-intraday"
        points = block.get("dataset")
        if not isinstance(points, list):
            yield SkippedItem(where=where, reason="not a list")
            return
        title = "Heart rate" if kind == "heart_rate" else resource.capitalize()
        batch: Samples | None = None
        for i, point in enumerate(points):
            if not isinstance(point, dict) or not isinstance(point.get("time"), str):
                yield SkippedItem(where=f"{where}[{i}]", reason="no time")
                continue
            number = _num(point.get("value"))
            if number is None:
                yield SkippedItem(where=f"{where}[{i}]", reason="value is not a number")
                continue
            try:
                start = self.local(day, point["time"])
            except ValueError as exc:
                yield SkippedItem(where=f"{where}[{i}]", reason=f"unreadable: {str(exc)[:120]}")
                continue
            if batch is None:
                code = CODES.get(kind)
                batch = Samples(
                    Domain.FITNESS,
                    kind,
                    title,
                    unit,
                    FITBIT_SOURCE,
                    self.prov,
                    code_system=LOINC if code else None,
                    code=code[0] if code else None,
                )
            offset = start.utcoffset()
            tz = int(offset.total_seconds() // 60) if offset is not None else None
            t0 = start.timestamp()
            batch.rows.append((t0, t0 + step.total_seconds(), number, tz, None))
            if len(batch.rows) >= SAMPLES_BATCH:
                yield batch
                batch = None
        if batch is not None:
            yield batch

    def sleep(self, logs: list[Any]) -> Iterator[Record | SkippedItem]:
        def one(i: int, log: Any) -> Iterator[Record | SkippedItem]:
            if not isinstance(log, dict) or "startTime" not in log:
                yield SkippedItem(where=f"sleep[{i}]", reason="no startTime")
                return
            start = self.local_dt(log["startTime"])
            end = self.local_dt(log["endTime"]) if log.get("endTime") else None
            if end is None and _num(log.get("duration")) is not None:
                end = start + timedelta(milliseconds=float(log["duration"]))
            asleep = _num(log.get("minutesAsleep"))
            hours, minutes = divmod(int(asleep or 0), 60)
            main = " (main sleep)" if log.get("isMainSleep") else ""
            yield self.record(
                "sleep",
                f"Sleep {hours} h {minutes:02d} min{main}",
                original_id=str(log.get("logId")) if log.get("logId") is not None else None,
                start=start,
                end=end,
                value=asleep,
                unit="min",
                payload=log,
            )

        yield from self._each("sleep", logs, one)

    def weight(self, logs: list[Any]) -> Iterator[Record | SkippedItem]:
        def one(i: int, log: Any) -> Iterator[Record | SkippedItem]:
            if not isinstance(log, dict) or not isinstance(log.get("date"), str):
                yield SkippedItem(where=f"weight[{i}]", reason="no date")
                return
            when = self.local(log["date"], str(log.get("time") or "00:00:00"))
            log_id = str(log["logId"]) if log.get("logId") is not None else None
            weight = _num(log.get("weight"))
            if weight is not None:
                yield self.record(
                    "body_weight",
                    f"Weight {weight:g} {self.weight_unit}",
                    original_id=log_id,
                    unit_note=True,
                    start=when,
                    value=weight,
                    unit=self.weight_unit,
                    payload=log,
                )
            bmi = _num(log.get("bmi"))
            if bmi is not None:
                yield self.record(
                    "bmi",
                    f"BMI {bmi:g}",
                    original_id=log_id,
                    start=when,
                    value=bmi,
                    unit="kg/m2",
                    payload={
                        "bmi": log.get("bmi"),
                        "logId": log.get("logId"),
                        "date": log["date"],
                        "time": log.get("time"),
                    },
                )

        yield from self._each("weight", logs, one)

    def activities(self, items: list[Any], summary: Any) -> Iterator[Record | SkippedItem]:
        days: set[str] = set()

        def one(i: int, act: Any) -> Iterator[Record | SkippedItem]:
            if not isinstance(act, dict) or not isinstance(act.get("startDate"), str):
                yield SkippedItem(where=f"activities[{i}]", reason="no startDate")
                return
            days.add(act["startDate"])
            clock = str(act.get("startTime") or "00:00")
            if len(clock) == 5:
                clock += ":00"
            start = self.local(act["startDate"], clock)
            duration_ms = _num(act.get("duration"))
            end = start + timedelta(milliseconds=duration_ms) if duration_ms is not None else None
            minutes = duration_ms / 60000 if duration_ms is not None else None
            name = str(act.get("name") or act.get("activityParentName") or "Activity")
            payload = dict(act)
            if act.get("hasStartTime") is False:
                payload["note"] = "Fitbit says no start time was recorded; the start shown is Fitbit's placeholder"
            payload["units"] = {"distance": self.distance_unit, "calories": "kcal", "duration": "ms"}
            title = f"{name}, {minutes:g} min" if minutes is not None else name
            yield self.record(
                "activity",
                title,
                original_id=str(act["logId"]) if act.get("logId") is not None else None,
                unit_note="distance" in act,
                start=start,
                end=end,
                value=minutes,
                unit="min",
                code_display=name,
                payload=payload,
            )

        yield from self._each("activities", items, one)
        if isinstance(summary, dict):
            if len(days) != 1:
                yield SkippedItem(where="summary", reason="the day of the summary is not in the file")
                return
            day = next(iter(days))
            start, end = self.day_bounds(day)
            steps = _num(summary.get("steps"))
            if steps is not None:
                yield self.record(
                    "steps_daily",
                    f"Steps on {day}: {steps:g} steps",
                    original_id=f"steps:{day}",
                    start=start,
                    end=end,
                    date_only=True,
                    value=steps,
                    unit="steps",
                    payload={
                        "dateTime": day,
                        "value": summary.get("steps"),
                        "resource": "steps",
                        "granularity": "day",
                        "from": "activity summary",
                    },
                )
            calories = _num(summary.get("caloriesOut"))
            if calories is not None:
                yield self.record(
                    "calories_daily",
                    f"Calories on {day}: {calories:g} kcal",
                    original_id=f"calories:{day}",
                    start=start,
                    end=end,
                    date_only=True,
                    value=calories,
                    unit="kcal",
                    payload={
                        "dateTime": day,
                        "value": summary.get("caloriesOut"),
                        "resource": "calories",
                        "granularity": "day",
                        "from": "activity summary",
                    },
                )


# --------------------------------------------------------------------------- Google Fit

GOOGLE_TYPES: dict[str, tuple[str, str | None]] = {
    "com.google.step_count.delta": ("steps", "steps"),
    "com.google.heart_rate.bpm": ("heart_rate", "bpm"),
    "com.google.weight": ("body_weight", "kg"),
    "com.google.calories.expended": ("calories", "kcal"),
    "com.google.distance.delta": ("distance", "m"),
    "com.google.height": ("body_height", "m"),
    "com.google.body.fat.percentage": ("body_fat", "%"),
    "com.google.speed": ("speed", "m/s"),
    "com.google.active_minutes": ("active_minutes", "min"),
    "com.google.heart_minutes": ("heart_points", "points"),
    "com.google.activity.segment": ("activity", "min"),
    "com.google.sleep.segment": ("sleep", "min"),
    "com.google.location.sample": ("location_sample", None),
}

# The common Google Fit activity type codes (developers.google.com/fit/rest/v1/reference/activity-types).
GOOGLE_ACTIVITIES = {
    0: "In vehicle",
    1: "Biking",
    2: "On foot",
    3: "Still (not moving)",
    4: "Unknown",
    5: "Tilting",
    7: "Walking",
    8: "Running",
    9: "Aerobics",
    10: "Badminton",
    13: "Basketball",
    14: "Biathlon",
    15: "Handbiking",
    16: "Mountain biking",
    17: "Road biking",
    18: "Spinning",
    19: "Stationary biking",
    20: "Utility biking",
    21: "Boxing",
    22: "Calisthenics",
    24: "Dancing",
    25: "Elliptical",
    26: "Fencing",
    27: "Football (American)",
    28: "Football (Australian)",
    29: "Football (Soccer)",
    33: "Golf",
    35: "Hiking",
    37: "Horseback riding",
    38: "Housework",
    39: "Jumping rope",
    40: "Kayaking",
    44: "Martial arts",
    45: "Meditation",
    47: "Pilates",
    51: "Rowing machine",
    52: "Rugby",
    54: "Sailing",
    56: "Running on sand",
    57: "Running (treadmill)",
    58: "Scuba diving",
    59: "Skateboarding",
    60: "Skating",
    63: "Skiing",
    68: "Squash",
    69: "Stair climbing",
    72: "Sleeping",
    80: "Strength training",
    82: "Swimming (pool)",
    83: "Swimming",
    84: "Swimming (open water)",
    87: "Tennis",
    88: "Treadmill (walking or running)",
    89: "Volleyball",
    93: "Walking (fitness)",
    95: "Walking (treadmill)",
    100: "Yoga",
    108: "Other",
    109: "Light sleep",
    110: "Deep sleep",
    111: "REM sleep",
    112: "Awake (during sleep cycle)",
    113: "Crossfit",
    114: "HIIT",
    115: "Interval training",
    116: "Walking (stroller)",
    117: "Elevator",
    118: "Escalator",
    119: "Archery",
    120: "Softball",
    122: "Guided breathing",
}
SLEEP_STAGES = {1: "Awake", 2: "Sleep", 3: "Out of bed", 4: "Light sleep", 5: "Deep sleep", 6: "REM sleep"}


def nanos_to_utc(value: Any) -> datetime:
    """A Google Fit nanosecond timestamp (decimal string or int) as an aware UTC datetime."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise ValueError("not a nanosecond timestamp")
    text = str(value).strip()
    if not text.isdigit() or len(text) > 20:
        raise ValueError(f"not a nanosecond timestamp: {text[:24]!r}")
    nanos = int(text)
    return datetime(1970, 1, 1, tzinfo=UTC) + timedelta(microseconds=nanos // 1000)


def _google_values(point: dict[str, Any]) -> list[dict[str, Any]]:
    values = point.get("value")
    if isinstance(values, list):
        return [v for v in values if isinstance(v, dict)]
    fit = point.get("fitValue")  # Google Takeout "All data" files
    if isinstance(fit, list):
        return [v["value"] for v in fit if isinstance(v, dict) and isinstance(v.get("value"), dict)]
    return []


def _scalar(value: dict[str, Any]) -> float | None:
    for key in ("fpVal", "intVal"):
        if key in value:
            return _num(value[key])
    return None


class GoogleFitConnector(Connector):
    """Google Fit REST datasets (``point`` lists, aggregate ``bucket`` responses) and Google Takeout
    "Fit/All data" JSON (``Data Points``).  Times are nanoseconds since the epoch, read as UTC."""

    id = "google_fit"
    name = "Google Fit (JSON)"
    version = "1"
    domains = (Domain.FITNESS,)
    accepts = "Google Fit JSON datasets (REST API or Takeout 'All data'): steps, heart rate, activity, weight ..."
    extensions = (".json",)
    max_size = MAX_INPUT  # refused by its size before it is hashed or read

    def identify(self, source: Source) -> bool:
        """JSON carrying Google Fit's ``startTimeNanos`` together with ``dataTypeName`` or a
        ``dataSourceId``; never FHIR or Fitbit."""
        try:
            text = source.head_text()
        except Exception:
            return False
        if not _HEAD_START.match(text) or '"resourceType"' in text:
            return False
        if '"startTimeNanos"' not in text:
            return False
        return '"dataTypeName"' in text or '"dataSourceId"' in text or '"Data Points"' in text

    def read(self, source: Source, context: ImportContext) -> Iterator[Record | Samples | SkippedItem]:
        """The Connector contract: a record per Google Fit data point, heart rate, steps, calories and distance as
        samples of their series; an unreadable point is skipped, not fatal."""
        doc = _load_json(source)
        prov = Provenance(**self.provenance(source))
        produced = False
        streams: dict[tuple[str, str], Samples] = {}
        for where, point in _google_points(doc):
            produced = True
            try:
                sampled = self._sample(point, prov, streams)
                if sampled is None:
                    yield self._point(point, prov)
                elif len(sampled) >= SAMPLES_BATCH:
                    del streams[(sampled.kind, sampled.source)]
                    yield sampled
            except (ValueError, KeyError, TypeError, ArithmeticError, AttributeError) as exc:
                yield SkippedItem(where=where, reason=str(exc)[:120] or type(exc).__name__)
        yield from (batch for batch in streams.values() if batch.rows)
        if not produced:
            raise ConnectorError(f"{source.name}: no Google Fit data points found")

    @staticmethod
    def _sample(point: dict[str, Any], prov: Provenance, streams: dict[tuple[str, str], Samples]) -> Samples | None:
        """A dense point added to its kind's series (which is returned); None for a point that is a record."""
        kind, unit = GOOGLE_TYPES.get(str(point.get("dataTypeName") or ""), ("", None))
        if kind not in GOOGLE_STREAMS:
            return None
        values = _google_values(point)
        number = _scalar(values[0]) if values else None
        if number is None:
            return None  # a record, which says what is missing
        start = nanos_to_utc(point.get("startTimeNanos"))
        end = nanos_to_utc(point.get("endTimeNanos", point.get("startTimeNanos")))
        origin = point.get("originDataSourceId")
        # one series per app or device that wrote the points (Strava's and Nike's runs stay two sources), named
        # as records of the same points are (wallet.terms.names)
        app = google_fit_source({"originDataSourceId": origin})
        source = f"{GOOGLE_SOURCE} ({app})" if app else GOOGLE_SOURCE
        batch = streams.get((kind, source))
        if batch is None:
            code = CODES.get(kind)
            batch = streams[(kind, source)] = Samples(
                Domain.FITNESS,
                kind,
                GOOGLE_STREAMS[kind],
                unit,
                source,
                prov,
                code_system=LOINC if code else None,
                code=code[0] if code else None,
            )
        extra = json.dumps({"originDataSourceId": str(origin)}, separators=(",", ":")) if origin else None
        t0, t1 = start.timestamp(), end.timestamp()
        batch.rows.append((t0, t1 if t1 != t0 else None, number, None, extra))
        return batch

    def _point(self, point: dict[str, Any], prov: Provenance) -> Record:
        start = nanos_to_utc(point.get("startTimeNanos"))
        end = nanos_to_utc(point.get("endTimeNanos", point.get("startTimeNanos")))
        dtype = str(point.get("dataTypeName") or "")
        if not dtype:
            raise ValueError("no dataTypeName")
        values = _google_values(point)
        kind, unit = GOOGLE_TYPES.get(dtype, (dtype, None))
        payload = dict(point)
        payload["startTimeUtc"] = start.isoformat()
        payload["endTimeUtc"] = end.isoformat()
        minutes = round((end - start).total_seconds() / 60, 3)
        fields: dict[str, Any] = {"start": start, "end": end if end != start else None, "unit": unit}
        if kind in ("activity", "sleep"):
            code = int(_scalar(values[0]) or 0) if values else None
            names = SLEEP_STAGES if kind == "sleep" else GOOGLE_ACTIVITIES
            label = names.get(code, f"activity type {code}") if code is not None else "unknown activity"
            if kind == "activity" and code in (72, 109, 110, 111, 112):
                kind = "sleep"
            payload["activityName"] = label
            title = f"{label}, {minutes:g} min"
            fields.update(
                value=minutes,
                code_system="https://developers.google.com/fit/activity-types",
                code=str(code),
                code_display=label,
            )
        elif kind == "location_sample":
            coords = [_scalar(v) for v in values]
            fields_order = ["latitude", "longitude", "accuracy_m", "altitude_m"]
            payload["location"] = dict(zip(fields_order, coords, strict=False))
            title = "Location sample"
        else:
            number = _scalar(values[0]) if values else None
            if number is None:
                raise ValueError(f"{dtype}: no numeric value")
            fields["value"] = number
            fields.update(_code(kind))
            pretty = {
                "steps": "Steps",
                "heart_rate": "Heart rate",
                "body_weight": "Weight",
                "calories": "Calories",
            }.get(kind, kind.replace("_", " ").capitalize())
            title = f"{pretty} {round(number, 2):g} {unit or ''}".strip()
        origin = point.get("originDataSourceId")
        prov = prov.model_copy(update={"original_id": f"{dtype}@{point.get('startTimeNanos')}"})
        return Record(
            domain=Domain.FITNESS,
            kind=kind,
            title=title,
            payload=payload,
            provenance=prov,
            text=str(origin) if origin else None,
            **fields,
        )


def _google_points(doc: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every data point of a dataset, an aggregate response or a Takeout file."""
    if isinstance(doc, list):
        for i, item in enumerate(doc):
            for where, p in _google_points(item):
                yield f"[{i}].{where}", p
        return
    if not isinstance(doc, dict):
        return
    for key in ("point", "Data Points"):
        if isinstance(doc.get(key), list):
            for i, p in enumerate(doc[key]):
                if isinstance(p, dict):
                    yield f"{key}[{i}]", p
    for key in ("bucket", "dataset"):
        if isinstance(doc.get(key), list):
            for i, item in enumerate(doc[key]):
                for where, p in _google_points(item):
                    yield f"{key}[{i}].{where}", p


__all__ = ["FitbitConnector", "GoogleFitConnector", "fitbit_zone", "nanos_to_utc", "system_zone"]

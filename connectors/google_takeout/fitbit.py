"""Fitbit in Google Takeout (and the older Fitbit account export): ``Global Export Data/*.json``.

The files are JSON arrays, one per day (``heart_rate-YYYY-MM-DD.json``) or per about thirty days
(``steps-``, ``calories-``, ``sleep-``, ``weight-``), pretty-printed (``"key" : value``).  They are read
element by element, so memory stays flat however long the array.

* ``heart_rate``: ``{"dateTime": "05/18/15 05:25:00", "value": {"bpm": 114, "confidence": 0}}`` every 5-15 s:
  ``heart_rate`` records (LOINC 8867-4);
* ``steps``, ``calories``: one value a minute as a string: ``steps`` (LOINC 55423-8; a minute without a
  step is not a reading and is left out) and ``calories`` (Fitbit's calories include the resting
  energy, so they are not active energy);
* ``sleep``: the Web API's sleep logs: ``sleep`` records (minutes asleep);
* ``weight``: ``{"logId", "weight", "bmi", "fat", "date": "05/18/15", "time"}``: ``body_weight``, ``bmi``
  and ``body_fat`` records;
* ``resting_heart_rate``: one a day, ``{"dateTime": "02/28/24 00:00:00", "value": {"date": "02/28/24",
  "value": 52.27, "error": 6.79}}``: ``resting_heart_rate`` records (LOINC 40443-4) of that local day, the
  estimate's ``error`` kept; a day without an estimate (value 0, date null) is not a reading;
* ``distance``: one value a minute as a string, like steps.  **The unit is not documented** and is not
  confirmed by a real file: it is read as centimetres (Fitbit's older export tools wrote centimetres), and
  every record's provenance says that it is assumed; ``options["fitbit_distance_unit"]`` (``cm``, ``m``)
  changes it.

Newer archives (Fitbit in Google Takeout since 2023) also hold per-kind CSVs in folders named
``Physical Activity_GoogleData`` and the like, each with a ``*_readme.txt`` that documents it:
``heart_rate_YYYY-MM-DD.csv`` and ``daily_resting_heart_rate_YYYY-MM-DD.csv`` (``timestamp,beats per
minute``), ``steps_`` (``timestamp,steps``), ``distance_`` (``timestamp,distance``, metres per the readme),
``calories_`` (``timestamp,calories``).  Their ``timestamp`` is UTC (``2024-10-27T00:00:04Z``); one without a
zone is read like the JSON's times.  The Google Takeout archive connector reads the CSVs after the JSON and
gives each the span the JSON of its kind covered (``options["fitbit_covered"]``): rows in that span hold the
same readings and are left out, said in one line; handed in alone, a CSV is read whole.

Times are local and carry no offset (``MM/DD/YY HH:MM:SS``, two-digit years).  They are read in the
zone given in ``options["timezone"]``, else the ``timezone`` of the account's ``Profile.csv`` when the
archive has one beside the file, else this computer's zone; each record's provenance says which.
Weight is in the account's unit, which the file does not state: ``options["units"]`` (``metric``,
``en_US`` pounds, ``en_GB`` stone), else the profile's weight unit, else metric (said as assumed).
Inside a zip (:class:`~wallet.imports.archive.MemberSource`) the profile is looked up in the same zip.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from connectors.fitness import system_zone
from wallet.errors import ConnectorError
from wallet.imports.archive import MemberSource
from wallet.imports.connector import Connector, ImportContext, Source
from wallet.model import Domain, Provenance, Record, SkippedItem
from wallet.samples import Row, Samples

LOINC = "http://loinc.org"
TAKEOUT_FILE = re.compile(
    r"^(heart_rate|resting_heart_rate|steps|distance|calories|sleep|weight)-(\d{4}-\d{2}-\d{2})(?: \(\d+\))?\.json$"
)
"""The file names of the archive's ``Global Export Data`` this connector reads."""
CSV_FILE = re.compile(
    r"^(heart_rate|daily_resting_heart_rate|steps|distance|calories)_(\d{4}-\d{2}-\d{2})(?: \(\d+\))?\.csv$"
)
"""The per-kind CSVs of newer archives (``Physical Activity_GoogleData/heart_rate_2024-10-27.csv``)."""
CSV_COLUMNS = {
    "heart_rate": ("beats per minute", "heart_rate", "bpm", "Heart rate"),
    "daily_resting_heart_rate": ("beats per minute", "resting_heart_rate", "bpm", "Resting heart rate"),
    "steps": ("steps", "steps", "steps", "Steps"),
    "distance": ("distance", "distance", "m", "Distance"),
    "calories": ("calories", "calories", "kcal", "Calories"),
}
"""CSV kind -> (value column, record kind, unit, title word); units as each file's readme states them."""
_SIGNS = {
    "heart_rate": ('"bpm"', '"dateTime"'),
    "resting_heart_rate": ('"dateTime"', '"error"'),
    "steps": ('"dateTime"', '"value"'),
    "distance": ('"dateTime"', '"value"'),
    "calories": ('"dateTime"', '"value"'),
    "sleep": ('"dateOfSleep"', '"logId"'),
    "weight": ('"logId"', '"weight"'),
}
DISTANCE_UNITS = ("cm", "m")
CODES = {
    "heart_rate": ("8867-4", "Heart rate"),
    "resting_heart_rate": ("40443-4", "Heart rate --resting"),
    "steps": ("55423-8", "Number of steps"),
    "sleep": ("93832-4", "Sleep duration"),
    "body_weight": ("29463-7", "Body weight"),
    "bmi": ("39156-5", "Body mass index (BMI) [Ratio]"),
    "body_fat": ("41982-0", "Percentage of body fat Measured"),
}
STREAMS = {"heart_rate": "Heart rate", "steps": "Steps", "calories": "Calories", "distance": "Distance"}
"""The dense kinds (a value every few seconds or every minute), yielded as :class:`~wallet.samples.Samples`
(with their series title); daily values, sleep and weight stay records."""
SOURCE = "Fitbit"
"""The series' source: the files do not name the tracker."""
BATCH = 4000
"""Samples of one series handed over at once at most."""
_PROFILE_NAMES = ("Personal & Account/Profile.csv", "Your Profile/Profile.csv", "Profile.csv")
_CHUNK = 1 << 16


def json_kind(name: str) -> str | None:
    """``resting_heart_rate`` for ``resting_heart_rate-2024-03-09.json``: the data a Global Export Data file holds."""
    m = TAKEOUT_FILE.match(name)
    return m.group(1) if m else None


def csv_kind(name: str) -> str | None:
    """The same for a newer archive's CSV (``daily_resting_heart_rate_2024-03-09.csv`` -> ``resting_heart_rate``)."""
    m = CSV_FILE.match(name)
    if not m:
        return None
    return "resting_heart_rate" if m.group(1) == "daily_resting_heart_rate" else m.group(1)


def _stamp(text: Any, zone: tzinfo) -> datetime:
    """``MM/DD/YY HH:MM:SS`` (or ``MM/DD/YY`` and a separate time) in ``zone``."""
    if not isinstance(text, str):
        raise ValueError("no dateTime")
    text = text.strip()
    for fmt in ("%m/%d/%y %H:%M:%S", "%m/%d/%Y %H:%M:%S", "%Y-%m-%dT%H:%M:%S.%f", "%Y-%m-%dT%H:%M:%S"):
        try:
            return datetime.strptime(text, fmt).replace(tzinfo=zone)
        except ValueError:
            continue
    raise ValueError(f"not a Fitbit date-time: {text[:30]!r}")


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            return None
        return number if number == number and abs(number) != float("inf") else None
    return None


def iter_json_array(source: Source, context: ImportContext) -> Iterator[Any]:
    """The elements of a JSON array file, one at a time (the whole array is never held).

    Invalid UTF-8, a file that is not an array, or one that ends inside it is one readable error."""
    decoder = json.JSONDecoder()
    size = source.size
    with source.open() as fh:
        text = codecs.getincrementaldecoder("utf-8-sig")()
        buf = ""
        pos = 0
        done = 0
        eof = False

        def more() -> bool:
            nonlocal buf, pos, done, eof
            if eof:
                return False
            chunk = fh.read(_CHUNK)
            done += len(chunk)
            try:
                buf = buf[pos:] + text.decode(chunk, final=not chunk)
            except UnicodeDecodeError:
                raise ConnectorError(f"{source.name}: not UTF-8 text (near byte {done})") from None
            pos = 0
            eof = not chunk
            context.progress(done, size)
            return True

        def skip_space() -> bool:
            nonlocal pos
            while True:
                while pos < len(buf) and buf[pos] in " \t\r\n":
                    pos += 1
                if pos < len(buf):
                    return True
                if not more():
                    return False

        if not skip_space() or buf[pos] != "[":
            raise ConnectorError(f"{source.name}: not a JSON array (a Fitbit export file is one)")
        pos += 1
        first = True
        while True:
            if not skip_space():
                raise ConnectorError(f"{source.name}: the file ends before its array does: is it cut short?")
            if buf[pos] == "]":
                return
            if not first:
                if buf[pos] != ",":
                    raise ConnectorError(f"{source.name}: not valid JSON near byte {done}")
                pos += 1
                if not skip_space():
                    raise ConnectorError(f"{source.name}: the file ends before its array does: is it cut short?")
            first = False
            while True:
                try:
                    value, end = decoder.raw_decode(buf, pos)
                except json.JSONDecodeError:
                    if more():
                        continue
                    raise ConnectorError(f"{source.name}: the file ends inside an entry: is it cut short?") from None
                if end == len(buf) and not eof and isinstance(value, int | float):
                    more()  # a number cut at the chunk's end: read on and decode it whole
                    continue
                pos = end
                break
            yield value


def _profile_row(text: str) -> dict[str, str]:
    for row in csv.DictReader(io.StringIO(text)):
        return {str(k).strip(): str(v or "").strip() for k, v in row.items() if k}
    return {}


def _profile(source: Source) -> tuple[dict[str, str], str | None]:
    """The account's Profile.csv found beside the file in the archive (first row), and where it was."""
    if isinstance(source, MemberSource):  # an entry of the zip: its profile is in the same zip
        for up in (".", "..", "../.."):
            for name in _PROFILE_NAMES:
                data = source.sibling(f"{up}/{name}", 1 << 20)
                if data is None:
                    continue
                try:
                    found = _profile_row(data.decode("utf-8-sig"))
                except (UnicodeDecodeError, csv.Error):
                    continue
                if found:
                    return found, name
        return {}, None
    if source.path is None:
        return {}, None
    for folder in list(source.path.parents)[:3]:
        for name in _PROFILE_NAMES:
            path = folder / name
            try:
                if not path.is_file() or path.stat().st_size > 1 << 20:
                    continue
                with path.open(encoding="utf-8-sig", newline="") as fh:
                    row = next(csv.DictReader(fh), None)
            except (OSError, UnicodeDecodeError, csv.Error):
                continue
            if row:
                return {str(k).strip(): str(v or "").strip() for k, v in row.items() if k}, str(Path(name))
    return {}, None


def _zone(options: dict[str, Any], profile: dict[str, str], where: str | None) -> tuple[tzinfo, str]:
    given = options.get("timezone")
    if given:
        label = f"Fitbit times have no offset; read in {given} (from the import options)"
        name = str(given)
    elif profile.get("timezone"):
        name = profile["timezone"]
        label = f"Fitbit times have no offset; read in {name} (from the archive's {where})"
    else:
        zone, computer = system_zone()
        return zone, f"Fitbit times have no offset; read in {computer} (this computer's zone: none was given)"
    try:
        return ZoneInfo(name), label
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ConnectorError(f"unknown time zone {name!r} (use an IANA name such as Europe/Berlin)") from exc


def _weight_unit(options: dict[str, Any], profile: dict[str, str], where: str | None) -> tuple[str, str]:
    given = str(options.get("units") or "")
    table = {"metric": "kg", "en_US": "lb", "en_GB": "st"}
    if given:
        if given not in table:
            raise ConnectorError(f"unknown Fitbit unit system {given!r} (metric, en_US or en_GB)")
        return table[given], f"Fitbit weight in {table[given]} ({given}, from the import options)"
    stated = profile.get("weight_unit", "").upper()
    from_profile = {"POUND": "lb", "EN_US": "lb", "LB": "lb", "STONE": "st", "EN_GB": "st", "METRIC": "kg"}
    if stated in from_profile or stated.startswith("KILO"):
        unit = from_profile.get(stated, "kg")
        return unit, f"Fitbit weight in {unit} (from the archive's {where})"
    return "kg", "Fitbit weight in kg: assumed, the file does not say (import with units=en_US for pounds)"


class FitbitTakeoutConnector(Connector):
    """Fitbit's account archive (Google Takeout ``Fitbit/Global Export Data``): heart rate, resting heart rate,
    steps, distance, calories, sleep and weight JSON, and the newer per-kind CSVs, in the account's time zone."""

    id = "fitbit_takeout"
    name = "Fitbit (Google Takeout archive)"
    version = "1"
    domains = (Domain.FITNESS,)
    accepts = (
        "Fitbit Takeout Global Export Data: heart_rate-, resting_heart_rate-, steps-, distance-, calories-, sleep-, "
        "weight-*.json; heart_rate_, daily_resting_heart_rate_, steps_, distance_, calories_*.csv"
    )
    extensions = (".json", ".csv")

    def identify(self, source: Source) -> bool:
        """A file named as in ``Global Export Data`` (``heart_rate-2015-05-18.json``) holding a JSON array
        with that kind's keys, or a newer archive's CSV (``heart_rate_2024-10-27.csv``) with its header."""
        m = TAKEOUT_FILE.match(source.name)
        c = CSV_FILE.match(source.name)
        if not (m or c):
            return False
        try:
            text = source.head_text()
        except Exception:
            return False
        if c:
            header = [h.strip().lower() for h in text.lstrip("\ufeff").split("\n", 1)[0].split(",")]
            return len(header) >= 2 and header[0] == "timestamp" and CSV_COLUMNS[c.group(1)][0] in header
        if not text.lstrip().startswith("["):
            return False
        assert m is not None
        return all(sign in text for sign in _SIGNS[m.group(1)])

    def read(self, source: Source, context: ImportContext) -> Iterator[Record | Samples | SkippedItem]:
        """The Connector contract: heart rate, steps, distance and calories as samples of one series per file
        (handed over every few thousand), resting heart rate, sleep and weight as one record per entry."""
        m = TAKEOUT_FILE.match(source.name)
        c = CSV_FILE.match(source.name)
        if not (m or c):
            raise ConnectorError(
                f"{source.name}: not a file name of Fitbit's Global Export Data (heart_rate-YYYY-MM-DD.json ...) "
                "or of its CSVs (heart_rate_YYYY-MM-DD.csv ...)"
            )
        profile, where = _profile(source)
        try:
            zone, zone_note = _zone(context.options, profile, where)
            unit, unit_note = _weight_unit(context.options, profile, where)
            distance_unit, distance_note = _distance_unit(context.options)
        except ConnectorError as exc:
            raise ConnectorError(f"{source.name}: {exc}") from None
        if c:
            covered = _covered(context.options.get("fitbit_covered"))
            yield from self._csv(source, c.group(1), zone, zone_note, context, covered)
            return
        assert m is not None
        kind = m.group(1)
        warnings = [zone_note, unit_note] if kind == "weight" else [zone_note]
        if kind == "distance":
            warnings.append(distance_note)
            unit = distance_unit
        prov = Provenance(**self.provenance(source), warnings=warnings)
        produced = 0
        if kind in STREAMS:
            batch = self._series(kind, unit, prov)
            for index, item in enumerate(iter_json_array(source, context)):
                try:
                    row = self._sample(kind, item, zone)
                except (ValueError, TypeError, KeyError, AttributeError, OverflowError) as exc:
                    yield SkippedItem(where=f"[{index}]", reason=str(exc)[:120] or type(exc).__name__)
                    continue
                if row is None:
                    continue
                batch.rows.append(row)
                produced += 1
                if len(batch.rows) >= BATCH:
                    yield batch
                    batch = self._series(kind, unit, prov)
            if batch.rows:
                yield batch
            if not produced:
                raise ConnectorError(f"{source.name}: no Fitbit {kind.replace('_', ' ')} entries in this file")
            return
        for index, item in enumerate(iter_json_array(source, context)):
            try:
                out = list(self._entry(kind, item, zone, unit, prov))
            except (ValueError, TypeError, KeyError, AttributeError, OverflowError) as exc:
                yield SkippedItem(where=f"[{index}]", reason=str(exc)[:120] or type(exc).__name__)
                continue
            produced += len(out)
            yield from out
        if not produced:
            raise ConnectorError(f"{source.name}: no Fitbit {kind.replace('_', ' ')} entries in this file")

    @staticmethod
    def _series(kind: str, unit: str, prov: Provenance) -> Samples:
        """An empty batch of the one series a file of a dense kind holds."""
        unit = {"heart_rate": "bpm", "steps": "steps", "calories": "kcal"}.get(kind, unit)
        code = CODES.get(kind)
        return Samples(
            Domain.FITNESS,
            kind,
            STREAMS[kind],
            unit,
            SOURCE,
            prov,
            code_system=LOINC if code else None,
            code=code[0] if code else None,
        )

    @staticmethod
    def _sample(kind: str, item: Any, zone: tzinfo) -> Row | None:
        """One entry of a dense kind as a sample; None for a minute without steps or distance (not a reading)."""
        if not isinstance(item, dict):
            raise ValueError("an entry that is not an object")
        when = _stamp(item.get("dateTime"), zone)
        t0 = when.timestamp()
        if kind == "heart_rate":
            value = item.get("value")
            if not isinstance(value, dict):
                raise ValueError("no value object")
            bpm = _number(value.get("bpm"))
            if bpm is None:
                raise ValueError("no bpm")
            confidence = value.get("confidence")
            extra = None if confidence is None else json.dumps({"confidence": confidence}, separators=(",", ":"))
            return (t0, None, bpm, _offset(when), extra)
        number = _number(item.get("value"))
        if number is None:
            raise ValueError("value is not a number")
        if kind in ("steps", "distance") and number == 0:
            return None
        return (t0, t0 + 60.0, number, _offset(when), None)

    def _entry(self, kind: str, item: Any, zone: tzinfo, unit: str, prov: Provenance) -> Iterator[Record]:
        if not isinstance(item, dict):
            raise ValueError("an entry that is not an object")
        if kind == "resting_heart_rate":
            value = item.get("value")
            if not isinstance(value, dict):
                raise ValueError("no value object")
            bpm = _number(value.get("value"))
            if not value.get("date") or not bpm:
                return  # a day without an estimate
            start = _stamp(f"{value['date']} 00:00:00", zone)
            local_day = start.date()
            end = datetime.combine(local_day + timedelta(days=1), datetime.min.time()).replace(tzinfo=zone)
            payload = {"dateTime": item.get("dateTime"), "value": value}
            title = f"Resting heart rate on {local_day.isoformat()}: {round(bpm):d} bpm"
            yield self._record(kind, title, start, end, bpm, "bpm", payload, prov, date_only=True)
        elif kind == "sleep":
            start = _stamp(item.get("startTime"), zone)
            end = _stamp(item.get("endTime"), zone)
            asleep = _number(item.get("minutesAsleep"))
            hours, minutes = divmod(int(asleep or 0), 60)
            main = " (main sleep)" if item.get("mainSleep") else ""
            title = f"Sleep {hours} h {minutes:02d} min{main}"
            yield self._record("sleep", title, start, end, asleep, "min", dict(item), prov, item.get("logId"))
        elif kind == "weight":
            day = item.get("date")
            clock = item.get("time") or "00:00:00"
            when = _stamp(f"{day} {clock}", zone)
            base = {k: item.get(k) for k in ("logId", "date", "time", "source") if k in item}
            weight = _number(item.get("weight"))
            if weight is not None:
                payload = {**base, "weight": item.get("weight")}
                title = f"Weight {weight:g} {unit}"
                yield self._record("body_weight", title, when, None, weight, unit, payload, prov, item.get("logId"))
            bmi = _number(item.get("bmi"))
            if bmi is not None:
                payload = {**base, "bmi": item.get("bmi")}
                yield self._record("bmi", f"BMI {bmi:g}", when, None, bmi, "kg/m2", payload, prov, item.get("logId"))
            fat = _number(item.get("fat"))
            if fat is not None:
                payload = {**base, "fat": item.get("fat")}
                title = f"Body fat {round(fat, 1):g} %"
                yield self._record("body_fat", title, when, None, fat, "%", payload, prov, item.get("logId"))

    def _record(
        self,
        kind: str,
        title: str,
        start: datetime,
        end: datetime | None,
        value: float | None,
        unit: str,
        payload: dict[str, Any],
        prov: Provenance,
        log_id: Any = None,
        date_only: bool = False,
    ) -> Record:
        code = CODES.get(kind)
        coded = {"code_system": LOINC, "code": code[0], "code_display": code[1]} if code else {}
        original = f"{kind}:{log_id}" if log_id is not None else f"{kind}@{start.isoformat()}"
        return Record(
            domain=Domain.FITNESS,
            kind=kind,
            title=title,
            start=start,
            end=end,
            date_only=date_only,
            value=value,
            unit=unit,
            payload=payload,
            provenance=prov.model_copy(update={"original_id": original}),
            **coded,
        )

    # ------------------------------------------------------------------ the newer per-kind CSVs

    def _csv(
        self,
        source: Source,
        name: str,
        zone: tzinfo,
        zone_note: str,
        context: ImportContext,
        covered: tuple[datetime, datetime] | None,
    ) -> Iterator[Record | Samples | SkippedItem]:
        column, kind, unit, _ = CSV_COLUMNS[name]
        batch: Samples | None = None
        size = source.size
        prov: Provenance | None = None
        produced = 0
        left_out = 0
        with source.open() as fh:
            text = io.TextIOWrapper(fh, encoding="utf-8-sig", newline="")
            try:
                rows = csv.reader(text)
                header = [h.strip().lower() for h in next(rows, [])]
                if not header or header[0] != "timestamp" or column not in header:
                    raise ConnectorError(
                        f"{source.name}: not a Fitbit {name.replace('_', ' ')} CSV (header timestamp,{column})"
                    )
                at = header.index(column)
                for number, row in enumerate(rows, start=2):
                    if not row or not any(cell.strip() for cell in row):
                        continue
                    if len(row) != len(header):
                        raise ConnectorError(
                            f"{source.name}: line {number} has {len(row)} columns, the header {len(header)}: "
                            "is the file cut short?"
                        )
                    try:
                        when, zoned = _csv_time(row[0], zone)
                        value = _number(row[at].strip())
                        if value is None:
                            raise ValueError(f"{column} is not a number: {row[at].strip()[:20]!r}")
                    except (ValueError, OverflowError) as exc:
                        yield SkippedItem(where=f"line {number}", reason=str(exc)[:120])
                        continue
                    if prov is None:  # the first row says whether the file's times carry their zone
                        note = "Fitbit CSV times are UTC (they end in Z)" if zoned else zone_note
                        prov = Provenance(**self.provenance(source), warnings=[note])
                    if kind in ("steps", "distance") and value == 0:
                        continue
                    if covered is not None and _within(kind, when, row[0], covered):
                        left_out += 1
                        continue
                    payload = {"timestamp": row[0], column: row[at]}
                    if kind == "resting_heart_rate":
                        day = date.fromisoformat(row[0].strip()[:10])
                        start = datetime.combine(day, datetime.min.time()).replace(tzinfo=zone)
                        end = start.replace(tzinfo=None) + timedelta(days=1)
                        title = f"Resting heart rate on {day.isoformat()}: {round(value):d} bpm"
                        yield self._record(
                            kind, title, start, end.replace(tzinfo=zone), value, unit, payload, prov, date_only=True
                        )
                    else:
                        if batch is None:
                            batch = self._series(kind, unit, prov)
                        batch.rows.append((when.timestamp(), None, value, _offset(when), None))
                        if len(batch.rows) >= BATCH:
                            yield batch
                            batch = None
                    produced += 1
                    if number % 2000 == 0:
                        context.progress(min(fh.tell(), size), size)
            except UnicodeDecodeError:
                raise ConnectorError(f"{source.name}: not UTF-8 text; Fitbit writes its CSVs in UTF-8") from None
            except csv.Error as exc:
                raise ConnectorError(f"{source.name}: not a readable CSV ({exc})") from None
        if batch is not None and batch.rows:
            yield batch
        if left_out and covered is not None:
            yield SkippedItem(
                where="rows",
                reason=(
                    f"{left_out} of its rows not read: from {covered[0].date()} to {covered[1].date()} the archive's "
                    "JSON of the same kind was read (the same readings)"
                ),
            )
        if not produced and not left_out:
            raise ConnectorError(f"{source.name}: no Fitbit {name.replace('_', ' ')} values in this file")


def _offset(when: datetime) -> int | None:
    """A sample's UTC offset in minutes (None for a time in UTC itself)."""
    if when.tzinfo is UTC:
        return None
    offset = when.utcoffset()
    return None if offset is None else int(offset.total_seconds() // 60)


def _covered(value: Any) -> tuple[datetime, datetime] | None:
    """The option ``fitbit_covered`` (two ISO times): the span another file of the same kind was read for."""
    if not isinstance(value, list | tuple) or len(value) != 2:
        return None
    try:
        first, last = (datetime.fromisoformat(str(v)) for v in value)
    except ValueError:
        return None
    return (first, last) if first.tzinfo is not None and last.tzinfo is not None else None


def _within(kind: str, when: datetime, text: str, covered: tuple[datetime, datetime]) -> bool:
    """Whether a CSV row falls in the covered span: by its day for a daily value, else by its time."""
    if kind == "resting_heart_rate":
        return covered[0].date() <= date.fromisoformat(text.strip()[:10]) <= covered[1].date()
    return covered[0] <= when <= covered[1]


def _csv_time(text: str, zone: tzinfo) -> tuple[datetime, bool]:
    """A CSV ``timestamp`` (``2024-10-27T00:00:04Z``), and whether it carried its zone (else read in ``zone``)."""
    text = text.strip()
    if not re.match(r"^\d{4}-\d{2}-\d{2}", text):
        raise ValueError(f"not a timestamp: {text[:30]!r}")
    value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if value.tzinfo is not None:
        return value.astimezone(UTC) if text.endswith("Z") else value, True
    return value.replace(tzinfo=zone), False


def _distance_unit(options: dict[str, Any]) -> tuple[str, str]:
    given = str(options.get("fitbit_distance_unit") or "")
    if given:
        if given not in DISTANCE_UNITS:
            raise ConnectorError(f"unknown Fitbit distance unit {given!r} (cm or m)")
        return given, f"Fitbit distance in {given} (from the import options)"
    return "cm", (
        "Fitbit distance read as centimetres: assumed, unconfirmed (Fitbit does not document the unit of "
        "distance-*.json; import with fitbit_distance_unit=m if the totals look a hundred times too small)"
    )

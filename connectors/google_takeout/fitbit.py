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
  and ``body_fat`` records.

Times are local and carry no offset (``MM/DD/YY HH:MM:SS``, two-digit years).  They are read in the
zone given in ``options["timezone"]``, else the ``timezone`` of the account's ``Profile.csv`` when the
archive has one beside the file, else this computer's zone; each record's provenance says which.
Weight is in the account's unit, which the file does not state: ``options["units"]`` (``metric``,
``en_US`` pounds, ``en_GB`` stone), else the profile's weight unit, else metric (said as assumed).
"""

from __future__ import annotations

import codecs
import csv
import json
import re
from collections.abc import Iterator
from datetime import datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from connectors.fitness import system_zone
from wallet.errors import ConnectorError
from wallet.imports.connector import Connector, ImportContext, Source
from wallet.model import Domain, Provenance, Record, SkippedItem

LOINC = "http://loinc.org"
TAKEOUT_FILE = re.compile(r"^(heart_rate|steps|calories|sleep|weight)-(\d{4}-\d{2}-\d{2})(?: \(\d+\))?\.json$")
"""The file names of the archive's ``Global Export Data`` this connector reads."""
_SIGNS = {
    "heart_rate": ('"bpm"', '"dateTime"'),
    "steps": ('"dateTime"', '"value"'),
    "calories": ('"dateTime"', '"value"'),
    "sleep": ('"dateOfSleep"', '"logId"'),
    "weight": ('"logId"', '"weight"'),
}
CODES = {
    "heart_rate": ("8867-4", "Heart rate"),
    "steps": ("55423-8", "Number of steps"),
    "sleep": ("93832-4", "Sleep duration"),
    "body_weight": ("29463-7", "Body weight"),
    "bmi": ("39156-5", "Body mass index (BMI) [Ratio]"),
    "body_fat": ("41982-0", "Percentage of body fat Measured"),
}
_PROFILE_NAMES = ("Personal & Account/Profile.csv", "Your Profile/Profile.csv", "Profile.csv")
_CHUNK = 1 << 16


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


def _profile(source: Source) -> tuple[dict[str, str], str | None]:
    """The account's Profile.csv found beside the file in the archive (first row), and where it was."""
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
    """Fitbit's account archive (Google Takeout ``Fitbit/Global Export Data``): heart rate, steps, calories,
    sleep and weight JSON, in the account's time zone."""

    id = "fitbit_takeout"
    name = "Fitbit (Google Takeout archive)"
    version = "1"
    domains = (Domain.FITNESS,)
    accepts = "Fitbit Takeout Global Export Data: heart_rate-, steps-, calories-, sleep-, weight-*.json"
    extensions = (".json",)

    def identify(self, source: Source) -> bool:
        """A file named as in ``Global Export Data`` (``heart_rate-2015-05-18.json``) holding a JSON array
        with that kind's keys."""
        m = TAKEOUT_FILE.match(source.name)
        if not m:
            return False
        try:
            text = source.head_text()
        except Exception:
            return False
        if not text.lstrip().startswith("["):
            return False
        return all(sign in text for sign in _SIGNS[m.group(1)])

    def read(self, source: Source, context: ImportContext) -> Iterator[Record | SkippedItem]:
        """The Connector contract: one record per entry (heart rate, steps, calories, sleep, weight), streamed."""
        m = TAKEOUT_FILE.match(source.name)
        if not m:
            raise ConnectorError(
                f"{source.name}: not a file name of Fitbit's Global Export Data (heart_rate-YYYY-MM-DD.json ...)"
            )
        kind = m.group(1)
        profile, where = _profile(source)
        try:
            zone, zone_note = _zone(context.options, profile, where)
            unit, unit_note = _weight_unit(context.options, profile, where)
        except ConnectorError as exc:
            raise ConnectorError(f"{source.name}: {exc}") from None
        warnings = [zone_note, unit_note] if kind == "weight" else [zone_note]
        prov = Provenance(**self.provenance(source), warnings=warnings)
        produced = 0
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

    def _entry(self, kind: str, item: Any, zone: tzinfo, unit: str, prov: Provenance) -> Iterator[Record]:
        if not isinstance(item, dict):
            raise ValueError("an entry that is not an object")
        if kind == "heart_rate":
            when = _stamp(item.get("dateTime"), zone)
            value = item.get("value")
            if not isinstance(value, dict):
                raise ValueError("no value object")
            bpm = _number(value.get("bpm"))
            if bpm is None:
                raise ValueError("no bpm")
            payload = {"dateTime": item["dateTime"], "confidence": value.get("confidence")}
            yield self._record("heart_rate", f"Heart rate {bpm:g} bpm", when, None, bpm, "bpm", payload, prov)
        elif kind in ("steps", "calories"):
            when = _stamp(item.get("dateTime"), zone)
            number = _number(item.get("value"))
            if number is None:
                raise ValueError("value is not a number")
            if kind == "steps" and number == 0:
                return
            unit_word = "steps" if kind == "steps" else "kcal"
            word = "Steps" if kind == "steps" else "Calories"
            payload = {"dateTime": item["dateTime"], "value": item["value"], "granularity": "minute"}
            end = when + timedelta(minutes=1)
            title = f"{word} {round(number, 2):g} {unit_word}"
            yield self._record(kind, title, when, end, number, unit_word, payload, prov)
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
            value=value,
            unit=unit,
            payload=payload,
            provenance=prov.model_copy(update={"original_id": original}),
            **coded,
        )

"""FIT files (Garmin, COROS, Wahoo, Strava ...): activities and daily monitoring, decoded with fitdecode.

FIT is the binary format of sports watches and bike computers.  The file is read as a stream
(fitdecode yields one message at a time), so memory stays flat whatever its size; only an
activity's track points are kept until its summary is written.

What becomes records:

* each ``session`` message (one per sport of an activity): a ``workout`` record, the same kind
  as Apple Health's workouts, with its duration in minutes as the value, distance and energy in
  ``payload["summary"]``, and the GPS track (``record`` messages with a position) attached as
  GPX, as Apple Health routes are;
What becomes samples (:class:`~wallet.samples.Samples`, one series per kind, its source the device
the ``file_id`` names, handed over every few thousand samples and at the end):

* each ``record`` message with a heart rate: a ``heart_rate`` sample (LOINC 8867-4, bpm);
* ``monitoring`` messages (a watch's all-day file): the counters they carry are cumulative
  since the start of the day (per activity type), so each becomes the difference to the one
  before: ``steps`` (walking and running cycles, LOINC 55423-8), ``calories_active`` (kcal)
  and ``distance`` (m), each sample keeping its ``activity_type``; a heart rate in them becomes a
  ``heart_rate`` sample.

FIT times are UTC (seconds since 1989-12-31); the 16-bit ``timestamp_16`` of monitoring
messages is completed from the last full timestamp, as the FIT SDK describes.

Real files are not always well formed.  A field whose size does not fit its type (COROS) is
read as raw bytes; a wrong checksum is kept as a warning on the workout records; a header that
claims more data than the file holds, or a file damaged part-way (the Strava Android app),
keeps what was read before the damage and reports the rest as one skipped item.  A file of
which nothing can be read raises :class:`~wallet.errors.ConnectorError`.
"""

from __future__ import annotations

import json
import struct
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import IO, TYPE_CHECKING, Any

from wallet.errors import ConnectorError
from wallet.imports.connector import Connector, ImportContext, Source
from wallet.model import Attachment, Domain, Provenance, Record, SkippedItem
from wallet.samples import Row, Samples

if TYPE_CHECKING:
    import fitdecode

LOINC = "http://loinc.org"
FIT_SPORT = "https://developer.garmin.com/fit/protocol/sport"
"""The code system of a workout's sport: FIT's ``sport`` enumeration, by name."""
FIT_EPOCH = datetime(1989, 12, 31, tzinfo=UTC)
SEMICIRCLE = 180.0 / 2**31

CODES = {
    "heart_rate": ("8867-4", "Heart rate"),
    "steps": ("55423-8", "Number of steps"),
    "calories_active": ("41981-2", "Calories burned"),
}

# what fitdecode's decoding raises on bytes that are not what a definition says (with fitdecode's own FitError)
_DECODE_ERRORS = (struct.error, ValueError, KeyError, IndexError, TypeError, OverflowError)

TITLES = {"heart_rate": "Heart rate", "steps": "Steps", "calories_active": "Active energy", "distance": "Distance"}
"""The series' titles, per kind."""
BATCH = 4000
"""Samples of one series handed over at once at most."""

_STEP_TYPES = ("walking", "running")
"""Monitoring activity types whose ``cycles`` are steps (the FIT profile's ``steps`` subfield)."""


def _fields(msg: fitdecode.FitDataMessage) -> dict[str, Any]:
    """A data message's named values (unknown and empty fields left out)."""
    out: dict[str, Any] = {}
    for fd in msg.fields:
        if fd.value is None or fd.name.startswith("unknown"):
            continue
        out.setdefault(fd.name, fd.value)
    return out


def _json_value(value: Any) -> Any:
    """A decoded FIT value as JSON can hold it."""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, tuple | list):
        return [_json_value(v) for v in value]
    if isinstance(value, float) and value != value:  # NaN
        return None
    if isinstance(value, int | float | str | bool) or value is None:
        return value
    return str(value)


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _human(name: Any) -> str:
    return str(name).replace("_", " ").capitalize()


@dataclass
class _Session:
    """A session summary waiting for its track points (they may come after it, or before)."""

    fields: dict[str, Any]
    start: datetime
    end: datetime | None


@dataclass
class _State:
    """What one pass over a FIT file keeps between messages."""

    device: dict[str, Any] = field(default_factory=dict)
    file_type: str | None = None
    sessions: list[_Session] = field(default_factory=list)
    laps: int = 0
    points: list[tuple[datetime, float, float, float | None]] = field(default_factory=list)
    last_time: datetime | None = None
    last_monitoring: datetime | None = None
    counters: dict[tuple[str, str], float] = field(default_factory=dict)
    streams: dict[str, Samples] = field(default_factory=dict)
    """Samples being gathered, per kind."""
    useful: int = 0
    warnings: list[str] = field(default_factory=list)


class FitFileConnector(Connector):
    """FIT activity and monitoring files from Garmin, COROS, Wahoo, Strava and other devices and apps."""

    id = "fit"
    name = "FIT files (Garmin, COROS, Wahoo, Strava)"
    version = "1"
    domains = (Domain.FITNESS,)
    accepts = "FIT activity files (workouts, heart rate, GPS track) and monitoring files (steps, energy)"
    extensions = (".fit",)

    def identify(self, source: Source) -> bool:
        """A FIT header: size 12 or 14 in byte 0 and ``.FIT`` at bytes 8-11."""
        try:
            head = source.head
        except Exception:
            return False
        return len(head) >= 12 and head[0] in (12, 14) and head[8:12] == b".FIT"

    def read(self, source: Source, context: ImportContext) -> Iterator[Record | Samples | SkippedItem]:
        """The Connector contract: workouts as records, heart rate and monitoring counters as samples, streamed
        message by message."""
        size = source.size
        state = _State()
        prov = Provenance(**self.provenance(source))
        with source.open() as fh:
            yield from self._messages(source, fh, size, state, prov, context)
        yield from (batch for batch in state.streams.values() if batch.rows)
        state.streams.clear()
        if state.sessions:
            prov = prov.model_copy(update={"warnings": list(state.warnings)})
            yield from self._workouts(state, prov)
        if not state.useful:
            what = f" (file type {state.file_type})" if state.file_type else ""
            raise ConnectorError(f"{source.name}: no activity or monitoring data in this FIT file{what}")

    # ------------------------------------------------------------------ the stream

    def _messages(
        self, source: Source, fh: IO[bytes], size: int, state: _State, prov: Provenance, context: ImportContext
    ) -> Iterator[Samples | SkippedItem]:
        import fitdecode  # loaded on first use, not with the connector list

        decode_errors = (fitdecode.FitError, *_DECODE_ERRORS)
        reader = fitdecode.FitReader(
            fh, check_crc=fitdecode.CrcCheck.READONLY, error_handling=fitdecode.ErrorHandling.IGNORE
        )
        frames = iter(reader)
        count = 0
        claimed = 0
        while True:
            try:
                frame = next(frames)
            except StopIteration:
                break
            except decode_errors as exc:
                if isinstance(exc, fitdecode.FitEOFError):
                    reason = f"the file ends early, at byte {size}: it is incomplete"
                else:
                    reason = str(exc)[:160] or type(exc).__name__
                if not state.useful:
                    raise ConnectorError(f"{source.name}: not a readable FIT file ({reason})") from None
                done = fh.tell() if not fh.closed else size
                yield SkippedItem(
                    where=f"byte {done} of {size}",
                    reason=f"the FIT file is damaged here; what follows could not be read ({reason})",
                )
                state.warnings.append("the FIT file is damaged part-way: only what came before the damage was read")
                break
            count += 1
            if count % 2000 == 0:
                context.progress(fh.tell() if not fh.closed else size, size)
            if isinstance(frame, fitdecode.FitHeader):
                claimed += frame.header_size + frame.body_size + 2  # header, data, checksum
                if frame.crc_matched is False:
                    state.warnings.append("the FIT header's checksum does not match")
                continue
            if isinstance(frame, fitdecode.FitCRC):
                if not frame.matched:
                    state.warnings.append("the FIT file's checksum does not match: it may have been altered")
                continue
            if isinstance(frame, fitdecode.FitDataMessage):
                yield from self._message(frame, state, prov)
        if claimed > size:
            state.warnings.append(f"the FIT header announces {claimed} bytes with its checksum; the file holds {size}")
        context.progress(size, size)

    def _message(self, msg: fitdecode.FitDataMessage, state: _State, prov: Provenance) -> Iterator[Samples]:
        values = _fields(msg)
        stamp = values.get("timestamp")
        if isinstance(stamp, datetime):
            state.last_time = stamp.astimezone(UTC)
        name = msg.name
        if name == "file_id":
            state.file_type = str(values.get("type")) if values.get("type") is not None else None
            state.device = {
                k: _json_value(v)
                for k, v in values.items()
                if k in ("manufacturer", "serial_number", "time_created") or k.endswith("product")
            }
            state.device.pop("serial_number", None)  # identifies the watch, not what was measured
        elif name == "session":
            self._session(values, state)
        elif name == "lap":
            state.laps += 1
        elif name == "record":
            yield from self._record(values, state, prov)
        elif name == "monitoring_info":
            state.counters.clear()
            state.last_monitoring = state.last_time
        elif name == "monitoring":
            yield from self._monitoring(msg, values, state, prov)

    def _session(self, values: dict[str, Any], state: _State) -> None:
        start = values.get("start_time")
        if not isinstance(start, datetime):
            return
        start = start.astimezone(UTC)
        elapsed = _number(values.get("total_elapsed_time"))
        end = start + timedelta(seconds=elapsed) if elapsed is not None else None
        state.sessions.append(_Session(values, start, end))
        state.useful += 1

    def _record(self, values: dict[str, Any], state: _State, prov: Provenance) -> Iterator[Samples]:
        when = state.last_time
        if when is None:
            return
        lat, lon = values.get("position_lat"), values.get("position_long")
        if isinstance(lat, int) and isinstance(lon, int):
            alt = _number(values.get("enhanced_altitude", values.get("altitude")))
            state.points.append((when, lat * SEMICIRCLE, lon * SEMICIRCLE, alt))
        bpm = _number(values.get("heart_rate"))
        if bpm is not None and bpm > 0:
            state.useful += 1
            yield from self._sample(state, prov, "heart_rate", "bpm", (when.timestamp(), None, bpm, None, None))

    def _monitoring(
        self, msg: fitdecode.FitDataMessage, values: dict[str, Any], state: _State, prov: Provenance
    ) -> Iterator[Samples]:
        ts16 = values.get("timestamp_16")
        if "timestamp" not in values and isinstance(ts16, int) and state.last_time is not None:
            last = int((state.last_time - FIT_EPOCH).total_seconds())
            state.last_time = FIT_EPOCH + timedelta(seconds=last + ((ts16 - (last & 0xFFFF)) & 0xFFFF))
        when = state.last_time
        if when is None:
            return
        since = state.last_monitoring or when
        state.last_monitoring = when
        activity = str(values.get("activity_type") or "generic")
        extra = json.dumps({"activity_type": activity}, separators=(",", ":"))
        t0, t1 = since.timestamp(), when.timestamp()
        end = t1 if t1 != t0 else None
        if activity in _STEP_TYPES and msg.has_field("cycles"):
            raw = msg.get_field("cycles").raw_value
            steps = self._delta(state, (activity, "steps"), _number(raw))
            if steps:
                state.useful += 1
                yield from self._sample(state, prov, "steps", "steps", (t0, end, steps, None, extra))
        kcal = self._delta(state, (activity, "active_calories"), _number(values.get("active_calories")))
        if kcal:
            state.useful += 1
            yield from self._sample(state, prov, "calories_active", "kcal", (t0, end, kcal, None, extra))
        metres = self._delta(state, (activity, "distance"), _number(values.get("distance")))
        if metres:
            state.useful += 1
            yield from self._sample(state, prov, "distance", "m", (t0, end, round(metres, 3), None, extra))
        bpm = _number(values.get("heart_rate"))
        if bpm is not None and bpm > 0:
            state.useful += 1
            yield from self._sample(state, prov, "heart_rate", "bpm", (t1, None, bpm, None, None))

    @staticmethod
    def _delta(state: _State, key: tuple[str, str], total: float | None) -> float | None:
        """The increase of a counter that is cumulative since the start of the day (a smaller value: a new day)."""
        if total is None:
            return None
        before = state.counters.get(key, 0.0)
        state.counters[key] = total
        return total - before if total >= before else total

    @staticmethod
    def _sample(state: _State, prov: Provenance, kind: str, unit: str, row: Row) -> Iterator[Samples]:
        """Add a sample to its kind's series; hand the batch over when it is full."""
        batch = state.streams.get(kind)
        if batch is None:
            code = CODES.get(kind)
            batch = state.streams[kind] = Samples(
                Domain.FITNESS,
                kind,
                TITLES[kind],
                unit,
                _device_name(state.device),
                prov,
                code_system=LOINC if code else None,
                code=code[0] if code else None,
            )
            device = {k: v for k, v in state.device.items() if k != "time_created"}  # the same for every file
            if device:
                batch.meta["device"] = json.dumps(device, separators=(",", ":"), sort_keys=True)
        batch.rows.append(row)
        if len(batch.rows) >= BATCH:
            del state.streams[kind]
            yield batch

    # ------------------------------------------------------------------ workouts

    def _workouts(self, state: _State, prov: Provenance) -> Iterator[Record]:
        sessions = sorted(state.sessions, key=lambda s: s.start)
        tracks: list[list[tuple[datetime, float, float, float | None]]] = [[] for _ in sessions]
        for point in state.points:
            index = len(sessions) - 1
            for i, s in enumerate(sessions):
                if s.end is not None and s.start <= point[0] <= s.end:
                    index = i
                    break
            tracks[index].append(point)
        for session, track in zip(sessions, tracks, strict=True):
            yield self._workout(session, track, state, prov)

    def _workout(
        self,
        session: _Session,
        track: list[tuple[datetime, float, float, float | None]],
        state: _State,
        prov: Provenance,
    ) -> Record:
        v = session.fields
        sport = str(v.get("sport") or "generic")
        sub = v.get("sub_sport")
        seconds = _number(v.get("total_timer_time")) or _number(v.get("total_elapsed_time"))
        minutes = round(seconds / 60, 3) if seconds is not None else None
        metres = _number(v.get("total_distance"))
        kcal = _number(v.get("total_calories"))
        summary = {
            "duration": {"value": minutes, "unit": "min"} if minutes is not None else None,
            "distance": {"value": round(metres / 1000, 5), "unit": "km"} if metres is not None else None,
            "energy": {"value": kcal, "unit": "kcal"} if kcal is not None else None,
        }
        payload: dict[str, Any] = {
            "sport": sport,
            "summary": summary,
            "device": state.device,
            "laps": state.laps,
            "session": {
                k: _json_value(x)
                for k, x in v.items()
                if k not in _POSITIONS and not (isinstance(x, tuple) and all(y is None for y in x))
            },
        }
        location = _location(v)
        if location:
            payload["location"] = location
        if sub is not None:
            payload["sub_sport"] = str(sub)
        label = _human(sport)
        parts = [f"{label} workout"]
        if metres:
            parts.append(f"{metres / 1000:.2f} km")
        if kcal:
            parts.append(f"{kcal:g} kcal")
        attachments: list[Attachment] = []
        if track:
            payload["route"] = {"points": len(track), "attachment": "GPX"}
            attachments.append(
                Attachment(
                    name=f"route_{session.start.strftime('%Y-%m-%dT%H.%M.%S')}.gpx",
                    media_type="application/gpx+xml",
                    data=_gpx(track),
                )
            )
        return Record(
            domain=Domain.FITNESS,
            kind="workout",
            title=", ".join(parts),
            start=session.start,
            end=session.end,
            value=minutes,
            unit="min",
            code_system=FIT_SPORT,
            code=sport,
            code_display=label,
            payload=payload,
            attachments=attachments,
            provenance=prov.model_copy(update={"original_id": f"session@{session.start.isoformat()}"}),
        )


_POSITIONS = {
    "start_position_lat": ("start", "latitude"),
    "start_position_long": ("start", "longitude"),
    "end_position_lat": ("end", "latitude"),
    "end_position_long": ("end", "longitude"),
    "nec_lat": ("bounding_box", "high_latitude"),
    "nec_long": ("bounding_box", "high_longitude"),
    "swc_lat": ("bounding_box", "low_latitude"),
    "swc_long": ("bounding_box", "low_longitude"),
}
"""A session's positions (semicircles): kept under the payload's ``location`` key, in degrees, so that
what leaves in a share can leave them out (see docs/wearable-exports.md)."""


def _device_name(device: dict[str, Any]) -> str:
    """The series' source: the maker and product the ``file_id`` names (``garmin fenix5``), else ``FIT file``."""
    product = next((str(v) for k, v in sorted(device.items()) if k.endswith("product") and v is not None), "")
    name = " ".join(str(part) for part in (device.get("manufacturer"), product) if part)
    return name or "FIT file"


def _location(values: dict[str, Any]) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    for key, (group, axis) in _POSITIONS.items():
        raw = values.get(key)
        if isinstance(raw, int) and not isinstance(raw, bool):
            out.setdefault(group, {})[axis] = round(raw * SEMICIRCLE, 7)
    return out


def _gpx(track: list[tuple[datetime, float, float, float | None]]) -> bytes:
    """A GPX 1.1 track from the activity's positions."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<gpx version="1.1" creator="MyData Wallet (from a FIT file)" xmlns="http://www.topografix.com/GPX/1/1">',
        "<trk><trkseg>",
    ]
    for when, lat, lon, alt in track:
        ele = f"<ele>{alt:.1f}</ele>" if alt is not None else ""
        stamp = when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        lines.append(f'<trkpt lat="{lat:.7f}" lon="{lon:.7f}">{ele}<time>{stamp}</time></trkpt>')
    lines.append("</trkseg></trk></gpx>")
    return ("\n".join(lines) + "\n").encode("utf-8")


__all__ = ["FitFileConnector"]

"""Apple Watch electrocardiograms: ``electrocardiograms/ecg_YYYY-MM-DD[_N].csv``, one record each."""

from __future__ import annotations

import csv
import io
import posixpath
import re
import unicodedata
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from connectors.apple_health.healthkit import parse_date
from wallet.errors import ConnectorError
from wallet.imports.connector import ImportContext
from wallet.model import Attachment, Domain, Provenance, Record, SkippedItem

if TYPE_CHECKING:
    from connectors.apple_health.export import _Export

MAX_ECG_BYTES = 20 * 1024**2
"""Largest ECG CSV read (a real 30 s recording at 512 Hz is about 150 KB)."""

#
# What the Apple Watch ECG app writes (one file per recording): "Key,Value" header rows,
# blank lines, then one voltage per line (about 15,360 for 30 s at ~512 Hz):
#
#     Name,<name>                      (a bare "Name" when the name is not set)
#     Date of Birth,"Feb 5, 1952"
#     Recorded Date,2020-02-05 09:14:40 -0400
#     Classification,Sinus Rhythm
#     Symptoms,Rapid, pounding, or fluttering heartbeat,Dizziness   (unquoted commas)
#     Software Version,1.51
#     Device,"Watch5,4"
#     Sample Rate,512.844 hertz
#     Lead,Lead I
#     Unit,µV
#     -48.673
#
# The header names, and the decimal mark of the values, follow the phone's language: a German
# export writes "Aufzeichnungsdatum,2025-03-01 10:15:00 +0100", "Messrate,512 Hertz" and
# samples such as "57,992".

ECG_KIND = "HKElectrocardiogram"
MAX_ECG_HEADER_LINES = 64
"""More non-sample lines than this before the first sample: not an ECG (a real header has about 12)."""
MAX_ECG_HEADER_LINE = 4096

_ECG_KEYS = {
    # English
    "name": "name",
    "date of birth": "dateOfBirth",
    "recorded date": "recordedDate",
    "classification": "classification",
    "symptoms": "symptoms",
    "software version": "softwareVersion",
    "device": "device",
    "sample rate": "sampleRate",
    "lead": "lead",
    "unit": "unit",
    # German, as observed in real exports
    "geburtstag": "dateOfBirth",
    "aufzeichnungsdatum": "recordedDate",
    "klassifizierung": "classification",
    "symptome": "symptoms",
    "softwareversion": "softwareVersion",
    "gerät": "device",
    "messrate": "sampleRate",
    "ableitung": "lead",
    "einheit": "unit",
}
"""Header names (NFC, case-folded) -> payload key.  Names in any other language stay in
``payload.header`` as exported; the recording time is then found by its format."""

_ECG_SAMPLE = re.compile(rb"[+-]?\d+(?:[.,]\d+)?")
_APPLE_DATE = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} [+-]\d{4}")
_QUANTITY = re.compile(r"([+-]?\d+(?:[.,]\d+)?)\s*(\S.*)?")
_HERTZ = {"hz", "hertz"}
_MICROVOLT = {"μv", "uv"}  # casefold() turns the micro sign U+00B5 into U+03BC


class _EcgError(Exception):
    """An ECG file that cannot be read (becomes a SkippedItem)."""


def _header_row(line: str) -> tuple[str, str]:
    """``Device,"Watch5,4"`` -> ("Device", "Watch5,4"); an unquoted value keeps its commas; a bare
    ``Name`` -> ("Name", "")."""
    try:
        row = next(csv.reader([line]))
    except (csv.Error, StopIteration):
        row = line.split(",")
    return (row[0].strip(), ",".join(row[1:]).strip()) if row else ("", "")


def _quantity(text: str) -> tuple[float, str] | None:
    """``512 hertz`` -> (512.0, "hertz"); ``511,422 Hertz`` (decimal comma) -> (511.422, "Hertz")."""
    match = _QUANTITY.fullmatch(text.strip())
    if not match:
        return None
    return float(match.group(1).replace(",", ".")), (match.group(2) or "").strip()


def _only(values: list[str]) -> str | None:
    return values[0] if len(values) == 1 else None


def parse_ecg_csv(data: bytes) -> tuple[dict[str, Any], datetime, list[str]]:
    """The header of an Apple Watch ECG CSV and the number of its voltage samples.

    Samples are counted line by line, never kept (the CSV itself is the record's
    attachment).  Returns (payload, recording start, warnings); raises
    :class:`_EcgError` with a reason for a file that is not a readable ECG.
    """
    header: dict[str, str] = {}
    fields: dict[str, str] = {}
    header_lines = samples = 0
    for lineno, raw in enumerate(io.BytesIO(data), 1):
        line = raw.strip()
        if lineno == 1:
            line = line.removeprefix(b"\xef\xbb\xbf")
        if not line:
            continue
        if _ECG_SAMPLE.fullmatch(line):
            samples += 1
            continue
        if samples:
            raise _EcgError(f"line {lineno} is not a voltage sample (damaged or truncated file)")
        header_lines += 1
        if header_lines > MAX_ECG_HEADER_LINES or len(line) > MAX_ECG_HEADER_LINE:
            raise _EcgError("no voltage samples after the first lines: not an Apple Watch ECG")
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            raise _EcgError(f"line {lineno} is not UTF-8 text: not an Apple Watch ECG") from None
        key, value = _header_row(text)
        header.setdefault(key, value)
        canonical = _ECG_KEYS.get(unicodedata.normalize("NFC", key).casefold())
        if canonical:
            fields.setdefault(canonical, value)
    if not samples:
        raise _EcgError(
            "no voltage samples; the file ends after its header (truncated?)" if header else "the file is empty"
        )

    warnings: list[str] = []
    recorded = fields.get("recordedDate")
    if recorded is None:
        recorded = _only([v for v in header.values() if _APPLE_DATE.fullmatch(v)])
        if recorded is None:
            raise _EcgError("no Recorded Date in the header: not an Apple Watch ECG")
        warnings.append(
            "the ECG header is in a language this connector does not know: the recording time is "
            "the header's only date-time, the classification is not identified (see payload.header)"
        )
    try:
        start = parse_date(recorded)
    except ValueError:
        start = None
    if start is None:
        raise _EcgError(f"unreadable Recorded Date {recorded[:40]!r}")

    rate_text = fields.get("sampleRate")
    if rate_text is None:
        rate_text = _only([v for v in header.values() if (q := _quantity(v)) and q[1].casefold() in _HERTZ])
    unit = fields.get("unit")
    if unit is None:
        unit = _only([v for v in header.values() if v.casefold() in _MICROVOLT])
    payload: dict[str, Any] = {"header": header, "recordedDate": recorded}
    for key in ("classification", "symptoms", "softwareVersion", "device", "lead"):
        if key in fields:
            payload[key] = fields[key]
    if unit is not None:
        payload["unit"] = unit
    payload["samples"] = samples
    rate = _quantity(rate_text) if rate_text else None
    if rate is not None and 0 < rate[0] <= 100_000:
        duration = samples / rate[0]
        payload["sampleRate"] = {"value": rate[0], "unit": rate[1] or None}
        payload["durationSeconds"] = round(duration, 3)
        if duration < 25:
            warnings.append(
                f"only {samples} samples ({duration:.1f} s at {rate[0]:g} Hz) where an Apple Watch "
                "records 30 s: the file may have been cut short"
            )
    else:
        warnings.append(
            f"sample rate {rate_text!r} not understood; the duration is unknown"
            if rate_text
            else "no sample rate in the header; the duration is unknown"
        )
    return payload, start, warnings


def _ecg_record(ref: str, data: bytes, provenance: Provenance) -> Record:
    payload, start, warnings = parse_ecg_csv(data)
    payload = {"file": ref, **payload}
    classification = payload.get("classification") or None
    symptoms = payload.get("symptoms") or None
    duration = payload.get("durationSeconds")
    text = "; ".join(([classification] if classification else []) + ([f"Symptoms: {symptoms}"] if symptoms else []))
    return Record(
        domain=Domain.HEALTH,
        kind=ECG_KIND,
        title=f"ECG: {classification}" if classification else "ECG",
        start=start,
        end=start + timedelta(seconds=duration) if duration else None,
        text=text or None,
        payload=payload,
        attachments=[Attachment(name=posixpath.basename(ref), media_type="text/csv", data=data)],
        provenance=provenance.model_copy(update={"original_id": ref, "warnings": warnings}),
    )


def electrocardiograms(
    export: _Export, context: ImportContext, provenance: Provenance
) -> Iterator[Record | SkippedItem]:
    """One record per ``electrocardiograms/*.csv``; a file that cannot be read is a SkippedItem."""
    for ref in export.ecg_files():
        if context.is_cancelled():
            return
        size = export.size_of(ref) or 0
        if size > MAX_ECG_BYTES:
            yield SkippedItem(
                where=ref,
                reason=(
                    f"{size / 1024**2:.0f} MB, over the {MAX_ECG_BYTES // 1024**2} MB limit for one ECG file "
                    "(a 30 s recording is about 150 KB); not read"
                ),
            )
            continue
        try:
            data = export.read_file(ref, MAX_ECG_BYTES)
        except ConnectorError as exc:  # a damaged zip member: the other files may still read
            yield SkippedItem(where=ref, reason=str(exc))
            continue
        if data is None:
            yield SkippedItem(where=ref, reason="the file cannot be read")
            continue
        try:
            yield _ecg_record(ref, data, provenance)
        except _EcgError as exc:
            yield SkippedItem(where=ref, reason=f"not imported: {exc}")

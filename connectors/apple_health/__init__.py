"""Apple Health export: ``export.zip`` or its ``export.xml`` (iPhone "Export All Health Data").

The XML is stream-parsed with defusedxml's hardened expat driver: Apple's
internal DTD is accepted, but any entity declaration (billion laughs, XXE) or
external reference is refused.  No element tree is built: the expat callbacks
keep only the top-level element being read (a ``Record`` with its
``MetadataEntry`` children, a ``Workout`` with its events ...), so memory stays
flat whatever the size of the file.

What becomes what (see ``docs/apple-health.md`` for the full mapping):

* ``Record`` with ``HKQuantityTypeIdentifier...``: a numeric record (value + unit);
  ``HKCategoryTypeIdentifier...``: its category value as code/text;
* ``Correlation`` (blood pressure, food): one record listing its parts (the parts
  also appear as top-level ``Record`` elements, so they are not repeated);
* ``Workout``: duration as the value; distance, energy, events, statistics and
  routes in the payload; route GPX files (or inline ``Location`` points, old
  exports) as attachments;
* ``ActivitySummary``: one record per day (active energy as the value);
* ``Me``: date of birth, biological sex, blood type ... as ``profile`` records;
* ``clinical-records/*.json`` (FHIR) inside the zip: read by the FHIR connector
  through ``context.delegate``;
* ``electrocardiograms/ecg_*.csv`` (Apple Watch ECG): one ``HKElectrocardiogram``
  record each (header fields, sample count and rate in the payload), the CSV itself
  kept as a ``text/csv`` attachment so the waveform is not lost;
* ``export_cda.xml`` (an HL7 CDA copy of the same data): skipped with a reason when it
  sits beside export.xml; given on its own it ends with one error that says what to
  import instead.
"""

from __future__ import annotations

import csv
import io
import posixpath
import re
import unicodedata
import uuid
import zipfile
import zlib
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import IO, Any, ClassVar
from xml.sax import SAXParseException
from xml.sax.handler import feature_string_interning

from defusedxml import DefusedXmlException, DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml.expatreader import DefusedExpatParser

from wallet.errors import ConnectorError
from wallet.imports.connector import Connector, ImportContext, Source
from wallet.model import Attachment, Domain, PersonHint, Provenance, Record, SkippedItem

HEALTHKIT = "https://developer.apple.com/documentation/healthkit"
CHUNK = 256 * 1024
"""Bytes fed to expat at a time; the records of one chunk are yielded before the next is read."""
MAX_UNCOMPRESSED = 32 * 1024**3
"""Default cap on the total uncompressed size of an export zip (option ``max_uncompressed_bytes``)."""
MAX_RATIO = 200
"""Largest compression ratio accepted for a zip member over 1 MiB (real exports are about 20:1)."""
MAX_MEMBER_READ = 16 * 1024**2
"""Largest route GPX or FHIR JSON file read into memory from an export."""
MAX_ECG_BYTES = 20 * 1024**2
"""Largest ECG CSV read (a real 30 s recording at 512 Hz is about 150 KB)."""
MAX_TAG_BYTES = 4 * 1024**2
"""export.xml's elements are a few hundred bytes; expat holds a tag until it ends, and its attributes
take twenty times their size once Python has them, so a longer run without an element is refused."""
CDA_NAME = "export_cda.xml"
ECG_FOLDER = "electrocardiograms"

_SKIP_PREFIXES = ("__MACOSX/",)

# ---------------------------------------------------------------------------
# What each HealthKit type is: domain and human title
# ---------------------------------------------------------------------------

_FITNESS_QUANTITIES = {
    "StepCount",
    "DistanceWalkingRunning",
    "DistanceCycling",
    "DistanceSwimming",
    "DistanceWheelchair",
    "DistanceDownhillSnowSports",
    "DistanceRowing",
    "DistancePaddleSports",
    "DistanceCrossCountrySkiing",
    "DistanceSkatingSports",
    "BasalEnergyBurned",
    "ActiveEnergyBurned",
    "FlightsClimbed",
    "NikeFuel",
    "AppleExerciseTime",
    "AppleMoveTime",
    "AppleStandTime",
    "PushCount",
    "SwimmingStrokeCount",
    "VO2Max",
    "PhysicalEffort",
    "CyclingCadence",
    "CyclingPower",
    "CyclingSpeed",
    "CyclingFunctionalThresholdPower",
    "RunningSpeed",
    "RunningPower",
    "RunningStrideLength",
    "RunningVerticalOscillation",
    "RunningGroundContactTime",
    "UnderwaterDepth",
    "WaterTemperature",
    "TimeInDaylight",
    "EstimatedWorkoutEffortScore",
    "WorkoutEffortScore",
    "CrossCountrySkiingSpeed",
    "PaddleSportsSpeed",
    "RowingSpeed",
}
_FITNESS_CATEGORIES = {"AppleStandHour", "MindfulSession", "SleepAnalysis", "HandwashingEvent", "ToothbrushingEvent"}

_TITLES = {
    "HKQuantityTypeIdentifierStepCount": "Step count",
    "HKQuantityTypeIdentifierHeartRate": "Heart rate",
    "HKQuantityTypeIdentifierRestingHeartRate": "Resting heart rate",
    "HKQuantityTypeIdentifierWalkingHeartRateAverage": "Walking heart rate average",
    "HKQuantityTypeIdentifierHeartRateVariabilitySDNN": "Heart rate variability (SDNN)",
    "HKQuantityTypeIdentifierBodyMassIndex": "Body mass index",
    "HKQuantityTypeIdentifierBodyMass": "Body weight",
    "HKQuantityTypeIdentifierBloodPressureSystolic": "Blood pressure (systolic)",
    "HKQuantityTypeIdentifierBloodPressureDiastolic": "Blood pressure (diastolic)",
    "HKQuantityTypeIdentifierOxygenSaturation": "Blood oxygen saturation",
    "HKQuantityTypeIdentifierVO2Max": "VO2 max",
    "HKQuantityTypeIdentifierDistanceWalkingRunning": "Walking + running distance",
    "HKQuantityTypeIdentifierAppleExerciseTime": "Exercise time",
    "HKQuantityTypeIdentifierAppleStandTime": "Stand time",
    "HKQuantityTypeIdentifierAppleMoveTime": "Move time",
    "HKQuantityTypeIdentifierActiveEnergyBurned": "Active energy",
    "HKQuantityTypeIdentifierBasalEnergyBurned": "Resting energy",
    "HKQuantityTypeIdentifierEnvironmentalAudioExposure": "Environmental sound levels",
    "HKQuantityTypeIdentifierHeadphoneAudioExposure": "Headphone audio levels",
    "HKCategoryTypeIdentifierAppleStandHour": "Stand hour",
    "HKCorrelationTypeIdentifierBloodPressure": "Blood pressure",
    "HKCorrelationTypeIdentifierFood": "Food",
    "HKCharacteristicTypeIdentifierDateOfBirth": "Date of birth",
    "HKCharacteristicTypeIdentifierBiologicalSex": "Biological sex",
    "HKCharacteristicTypeIdentifierBloodType": "Blood type",
    "HKCharacteristicTypeIdentifierFitzpatrickSkinType": "Fitzpatrick skin type",
    "HKCharacteristicTypeIdentifierWheelchairUse": "Wheelchair use",
    "HKCharacteristicTypeIdentifierCardioFitnessMedicationsUse": "Cardio fitness medications use",
    "HKCharacteristicTypeIdentifierActivityMoveMode": "Activity move mode",
}
_VALUE_TEXT = {
    "HKBloodTypeAPositive": "A+",
    "HKBloodTypeANegative": "A-",
    "HKBloodTypeBPositive": "B+",
    "HKBloodTypeBNegative": "B-",
    "HKBloodTypeABPositive": "AB+",
    "HKBloodTypeABNegative": "AB-",
    "HKBloodTypeOPositive": "O+",
    "HKBloodTypeONegative": "O-",
    "HKBiologicalSexMale": "male",
    "HKBiologicalSexFemale": "female",
    "HKBiologicalSexOther": "other",
}
_PREFIXES = (
    "HKQuantityTypeIdentifier",
    "HKCategoryTypeIdentifier",
    "HKCorrelationTypeIdentifier",
    "HKCharacteristicTypeIdentifier",
    "HKWorkoutActivityType",
    "HKDataType",
    "HKWorkoutEventType",
)
_WORD = re.compile(r"[A-Z]+[0-9]*(?=[A-Z][a-z]|$)|[A-Z]?[a-z]+|[A-Z]+[0-9]*|[0-9]+")
_KEEP_CASE = re.compile(r"^[A-Z0-9]{2,}$")


def humanize(identifier: str) -> str:
    """``HKQuantityTypeIdentifierDietaryFatTotal`` -> ``Dietary fat total``."""
    for prefix in _PREFIXES:
        if identifier.startswith(prefix):
            identifier = identifier[len(prefix) :]
            break
    words = _WORD.findall(identifier) or [identifier]
    out = [w if _KEEP_CASE.match(w) else w.lower() for w in words]
    text = " ".join(out)
    return text[:1].upper() + text[1:]


def _type_info(type_id: str) -> tuple[Domain, str]:
    title = _TITLES.get(type_id) or humanize(type_id)
    short = type_id
    for prefix in _PREFIXES[:3]:
        if type_id.startswith(prefix):
            short = type_id[len(prefix) :]
            break
    if type_id.startswith("HKQuantityTypeIdentifier"):
        fitness = short in _FITNESS_QUANTITIES or short.startswith("Dietary")
    elif type_id.startswith("HKCategoryTypeIdentifier"):
        fitness = short in _FITNESS_CATEGORIES
    else:
        fitness = type_id == "HKCorrelationTypeIdentifierFood"
    return (Domain.FITNESS if fitness else Domain.HEALTH), title


def _category_text(type_id: str, value: str) -> str:
    if value in _VALUE_TEXT:
        return _VALUE_TEXT[value]
    short = type_id.removeprefix("HKCategoryTypeIdentifier")
    rest = value.removeprefix("HKCategoryValue")
    if rest != value:
        rest = rest.removeprefix(short) or rest
        return humanize(rest)
    return value


_VALUE_PREFIXES = (
    "HKBiologicalSex",
    "HKBloodType",
    "HKFitzpatrickSkinType",
    "HKWheelchairUse",
    "HKActivityMoveMode",
    "HKCardioFitnessMedicationsUse",
)


def _characteristic_text(raw: str) -> str:
    """``HKBloodTypeANegative`` -> ``A-``, ``HKFitzpatrickSkinTypeIII`` -> ``III``, ``HKWheelchairUseNo`` -> ``No``."""
    if raw in _VALUE_TEXT:
        return _VALUE_TEXT[raw]
    for prefix in _VALUE_PREFIXES:
        if raw.startswith(prefix) and len(raw) > len(prefix):
            return humanize(raw[len(prefix) :])
    return raw


# ---------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------

_fromiso = datetime.fromisoformat


def parse_date(text: str | None) -> datetime | None:
    """``2019-01-01 08:00:00 -0500`` (and the older ``20140104084300-0800``) to an aware datetime.

    Returns ``None`` for a missing value; raises ``ValueError`` for one without
    a time zone or that cannot be read.
    """
    if not text:
        return None
    if len(text) == 25 and text[19] == " ":
        value = _fromiso(text[:19] + text[20:])
    elif len(text) == 19 and text[14] in "+-" and text.isascii():
        value = datetime.strptime(text, "%Y%m%d%H%M%S%z")
    else:
        value = _fromiso(text.strip())
    if value.tzinfo is None:
        raise ValueError(f"date without time zone: {text!r}")
    return value


def _number(text: str | None) -> float | None:
    if text is None or text == "":
        return None
    try:
        return float(text)
    except ValueError:
        return None


# ---------------------------------------------------------------------------
# The export container: a zip, an export.xml with its folder, or bare bytes
# ---------------------------------------------------------------------------


class _Export:
    """Access to export.xml and the files beside it (routes, clinical records)."""

    name: str
    size: int | None

    def open_xml(self) -> IO[bytes]:
        raise NotImplementedError

    def read_file(self, ref: str, limit: int = MAX_MEMBER_READ) -> bytes | None:
        """The file at ``ref`` (relative to the export folder), or None when absent or over ``limit`` bytes."""
        return None

    def size_of(self, ref: str) -> int | None:
        """Size in bytes of the file at ``ref``, or None when there is no such file."""
        return None

    def clinical_files(self) -> list[str]:
        return []

    def ecg_files(self) -> list[str]:
        """``electrocardiograms/*.csv`` beside export.xml, sorted."""
        return []

    def close(self) -> None:
        pass


def _safe_relative(ref: str) -> str | None:
    """``/workout-routes/x.gpx`` -> ``workout-routes/x.gpx``; None if it would leave the folder."""
    ref = ref.replace("\\", "/").lstrip("/")
    norm = posixpath.normpath(ref) if ref else ""
    if not norm or norm == "." or norm.startswith("../") or norm == ".." or ":" in norm.split("/")[0]:
        return None
    return norm


class _FileExport(_Export):
    def __init__(self, source: Source) -> None:
        self.source = source
        self.name = source.name
        self.size = source.size
        self.folder = source.path.parent if source.path is not None else None

    def open_xml(self) -> IO[bytes]:
        return self.source.open()

    def _path(self, ref: str) -> Path | None:
        """The regular file at ``ref`` inside the export folder (symbolic links out of it refused)."""
        rel = _safe_relative(ref)
        if self.folder is None or rel is None:
            return None
        path = self.folder / rel
        try:
            if not path.resolve().is_relative_to(self.folder.resolve()):
                return None  # a symbolic link out of the export folder
            return path if path.is_file() else None
        except OSError:
            return None

    def read_file(self, ref: str, limit: int = MAX_MEMBER_READ) -> bytes | None:
        path = self._path(ref)
        if path is None:
            return None
        try:
            if path.stat().st_size > limit:
                return None
            with path.open("rb") as fh:
                data = fh.read(limit + 1)
        except OSError:
            return None
        return None if len(data) > limit else data

    def size_of(self, ref: str) -> int | None:
        path = self._path(ref)
        try:
            return path.stat().st_size if path is not None else None
        except OSError:
            return None

    def _listing(self, folder: str, suffix: str) -> list[str]:
        if self.folder is None or not (self.folder / folder).is_dir():
            return []
        return sorted(
            f"{folder}/{p.name}"
            for p in (self.folder / folder).iterdir()
            if p.suffix.lower() == suffix and not p.name.startswith("._") and p.is_file()
        )

    def clinical_files(self) -> list[str]:
        return self._listing("clinical-records", ".json")

    def ecg_files(self) -> list[str]:
        return self._listing(ECG_FOLDER, ".csv")


class _ZipExport(_Export):
    def __init__(self, source: Source, max_total: int) -> None:
        self.name = source.name
        self._fh = source.open()
        try:
            self.zf = zipfile.ZipFile(self._fh)
            infos = self.zf.infolist()
        except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, OSError) as exc:
            self._fh.close()
            raise ConnectorError(f"{source.name}: not a readable zip archive (truncated or damaged: {exc})") from exc
        try:
            self._check(infos, max_total)
        except ConnectorError:
            self.close()
            raise
        self.members = {i.filename: i for i in infos if not i.is_dir()}
        xml = sorted(
            (n for n in self.members if posixpath.basename(n) == "export.xml" and not n.startswith(_SKIP_PREFIXES)),
            key=lambda n: (n.count("/"), n),
        )
        if not xml:
            cda = [n for n in self.members if posixpath.basename(n) == CDA_NAME and not n.startswith(_SKIP_PREFIXES)]
            self.close()
            if cda:
                raise ConnectorError(
                    f"{source.name}: this zip holds {cda[0]} but no export.xml; export_cda.xml is an HL7 CDA "
                    "copy of the Apple Health data that this connector does not read. Import the complete "
                    "export.zip the iPhone wrote (with apple_health_export/export.xml) instead"
                )
            raise ConnectorError(f"{source.name}: no apple_health_export/export.xml inside this zip")
        self.xml_info = self.members[xml[0]]
        self.base = posixpath.dirname(xml[0])
        self.size = self.xml_info.file_size

    def _check(self, infos: list[zipfile.ZipInfo], max_total: int) -> None:
        total = 0
        for info in infos:
            name = info.filename
            parts = name.replace("\\", "/").split("/")
            if _safe_relative(name) is None or name.startswith(("/", "\\")) or ".." in parts:
                raise ConnectorError(
                    f"{self.name}: zip entry {name!r} points outside the export folder; refusing the archive"
                )
            if info.flag_bits & 0x1:
                raise ConnectorError(
                    f"{self.name}: zip entry {name!r} is encrypted; export the data again without a password"
                )
            total += info.file_size
            if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                ratio = info.file_size // max(info.compress_size, 1)
                raise ConnectorError(
                    f"{self.name}: zip entry {name!r} expands {ratio}:1 (limit {MAX_RATIO}:1); "
                    "this looks like a zip bomb, refusing it"
                )
        if total > max_total:
            raise ConnectorError(
                f"{self.name}: the archive would expand to {total // 1024**2} MB, over the "
                f"{max_total // 1024**2} MB limit (possible zip bomb; raise max_uncompressed_bytes if genuine)"
            )

    def open_xml(self) -> IO[bytes]:
        return self.zf.open(self.xml_info)

    def _member(self, rel: str) -> str:
        return f"{self.base}/{rel}" if self.base else rel

    def _info(self, ref: str) -> zipfile.ZipInfo | None:
        rel = _safe_relative(ref)
        return None if rel is None else self.members.get(self._member(rel))

    def read_file(self, ref: str, limit: int = MAX_MEMBER_READ) -> bytes | None:
        info = self._info(ref)
        if info is None or info.file_size > limit:
            return None
        try:
            with self.zf.open(info) as fh:
                data = fh.read(limit + 1)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
            raise ConnectorError(f"{self.name}: zip entry {info.filename!r} is damaged ({exc})") from exc
        return None if len(data) > limit else data

    def size_of(self, ref: str) -> int | None:
        info = self._info(ref)
        return None if info is None else info.file_size

    def _listing(self, folder: str, suffix: str) -> list[str]:
        prefix = self._member(f"{folder}/")
        return sorted(
            n[len(self.base) + 1 if self.base else 0 :]
            for n in self.members
            if n.startswith(prefix) and n.lower().endswith(suffix) and "/._" not in n
        )

    def clinical_files(self) -> list[str]:
        return self._listing("clinical-records", ".json")

    def ecg_files(self) -> list[str]:
        return self._listing(ECG_FOLDER, ".csv")

    def close(self) -> None:
        self.zf.close()
        self._fh.close()


# ---------------------------------------------------------------------------
# The streaming parser
# ---------------------------------------------------------------------------

_Node = tuple[str, dict[str, str], list[Any]]


class _Parser(DefusedExpatParser):  # type: ignore[misc]
    """defusedxml's expat driver (entities and external references refused, internal DTD
    allowed), with the element callbacks wired straight to :class:`_Builder`."""

    def __init__(self, builder: _Builder | _NullBuilder) -> None:
        super().__init__(forbid_dtd=False, forbid_entities=True, forbid_external=True)
        self.builder = builder
        self.setFeature(feature_string_interning, True)

    def reset(self) -> None:
        super().reset()
        p = self._parser
        p.StartElementHandler = self.builder.start
        p.EndElementHandler = self.builder.end
        p.CharacterDataHandler = None
        p.ProcessingInstructionHandler = None
        p.StartNamespaceDeclHandler = None
        p.EndNamespaceDeclHandler = None

    @property
    def error_byte(self) -> int:
        return int(getattr(self._parser, "ErrorByteIndex", -1))

    @property
    def event_byte(self) -> int:
        """Where expat reported its last element (outside a callback it stays there)."""
        return int(getattr(self._parser, "CurrentByteIndex", -1))


class _Builder:
    """Turns top-level elements of ``HealthData`` into records as expat reports them."""

    def __init__(self, connector: AppleHealthConnector, export: _Export, provenance: Provenance) -> None:
        self.connector = connector
        self.export = export
        self.prov = provenance
        self.out: list[Record] = []
        self.depth = 0
        self.stack: list[_Node] = []
        self.types: dict[str, tuple[Domain, str]] = {}
        self.export_tz: Any = None
        self.pending_warnings: list[str] = []
        self.seen_root = False
        self.clinical_elements = 0
        self.id_prefix = uuid.uuid4().hex[:20]
        """Record ids: a random prefix per import plus a counter (unique, and cheaper than uuid4 each)."""
        self.count = 0

    # expat callbacks -------------------------------------------------------
    def start(self, name: str, attrs: dict[str, str]) -> None:
        self.depth += 1
        depth = self.depth
        if depth == 1:
            if name != "HealthData":
                raise ConnectorError(f"{self.export.name}: not an Apple Health export (root element is <{name}>)")
            self.seen_root = True
            return
        node: _Node = (name, attrs, [])
        if depth > 2:
            if self.stack:
                self.stack[-1][2].append(node)
            else:  # pragma: no cover - depth > 2 always has a parent
                return
        self.stack.append(node)

    def end(self, name: str) -> None:
        depth = self.depth
        self.depth -= 1
        if depth < 2:
            return
        node = self.stack.pop()
        if depth == 2:
            self.emit(node)

    # conversion ------------------------------------------------------------
    def info(self, type_id: str) -> tuple[Domain, str]:
        found = self.types.get(type_id)
        if found is None:
            found = self.types[type_id] = _type_info(type_id)
        return found

    def provenance(self, warnings: list[str] | None) -> Provenance:
        if self.pending_warnings:
            warnings = [*self.pending_warnings, *(warnings or [])]
            self.pending_warnings = []
        if not warnings:
            return self.prov
        return self.prov.model_copy(update={"warnings": warnings})

    def dates(self, attrs: dict[str, str], warnings: list[str]) -> tuple[datetime | None, datetime | None]:
        try:
            start = parse_date(attrs.get("startDate"))
            end_text = attrs.get("endDate")
            end = start if end_text == attrs.get("startDate") else parse_date(end_text)
        except ValueError:
            warnings.append(f"unreadable dates {attrs.get('startDate')!r} - {attrs.get('endDate')!r}")
            return None, None
        return start, end

    def add(self, **fields: Any) -> None:
        # Full validation: measured faster than ``model_construct`` (whose default
        # factories inspect signatures on every call) and keeps every record valid.
        self.count += 1
        self.out.append(Record(id=f"{self.id_prefix}{self.count:012x}", **fields))

    def emit(self, node: _Node) -> None:
        name, attrs, children = node
        if name == "Record":
            self.record(attrs, children)
        elif name == "Workout":
            self.workout(attrs, children)
        elif name == "ActivitySummary":
            self.activity_summary(attrs)
        elif name == "Correlation":
            self.correlation(attrs, children)
        elif name == "Me":
            self.me(attrs)
        elif name == "ExportDate":
            try:
                when = parse_date(attrs.get("value"))
            except ValueError:
                when = None
            self.export_tz = when.tzinfo if when else None
        elif name == "ClinicalRecord":
            self.clinical_elements += 1  # the FHIR JSON in clinical-records/ carries the data
        else:
            self.generic(name, attrs, children)

    def record(self, attrs: dict[str, str], children: list[Any]) -> None:
        type_id = attrs.get("type", "")
        if not type_id:
            self.generic("Record", attrs, children)
            return
        domain, title = self.info(type_id)
        warnings: list[str] = []
        start, end = self.dates(attrs, warnings)
        payload: dict[str, Any] = attrs
        if children:
            _children_into(payload, children)
        raw = attrs.get("value")
        # The payload keeps every attribute exactly as exported (sourceName, device, the
        # date strings with their offset, the value as written ...), so nothing a source said
        # is lost.  (Dropping type/dates/value/unit, which fields repeat, measured ~10% faster
        # and ~15% smaller in a full vault import of 300k records; fidelity was preferred.)
        if type_id.startswith("HKCategoryTypeIdentifier"):
            text = _category_text(type_id, raw) if raw else None
            self.add(
                domain=domain,
                kind=type_id,
                title=title,
                start=start,
                end=end,
                code_system=HEALTHKIT if raw else None,
                code=raw,
                code_display=text,
                text=text,
                payload=payload,
                provenance=self.provenance(warnings),
            )
            return
        value = _number(raw)
        if raw is not None and value is None:
            warnings.append(f"value {raw!r} is not a number")
        unit = attrs.get("unit")
        self.add(
            domain=domain,
            kind=type_id,
            title=title,
            start=start,
            end=end,
            value=value,
            unit=unit,
            payload=payload,
            provenance=self.provenance(warnings),
        )

    def correlation(self, attrs: dict[str, str], children: list[Any]) -> None:
        type_id = attrs.get("type", "")
        domain, title = self.info(type_id)
        warnings: list[str] = []
        start, end = self.dates(attrs, warnings)
        payload: dict[str, Any] = attrs
        parts: list[dict[str, Any]] = []
        rest = []
        for child in children:
            if child[0] == "Record":
                part = dict(child[1])
                if child[2]:
                    _children_into(part, child[2])
                parts.append(part)
            else:
                rest.append(child)
        if rest:
            _children_into(payload, rest)
        payload["records"] = parts
        text = None
        if type_id == "HKCorrelationTypeIdentifierBloodPressure":
            by = {p.get("type"): p for p in parts}
            sys_ = by.get("HKQuantityTypeIdentifierBloodPressureSystolic", {})
            dia = by.get("HKQuantityTypeIdentifierBloodPressureDiastolic", {})
            if sys_.get("value") and dia.get("value"):
                text = f"{sys_['value']}/{dia['value']} {sys_.get('unit') or dia.get('unit') or 'mmHg'}"
        else:
            text = (
                "; ".join(
                    f"{humanize(p.get('type', ''))}: {p.get('value', '')} {p.get('unit', '')}".strip() for p in parts
                )
                or None
            )
        self.add(
            domain=domain,
            kind=type_id,
            title=title,
            start=start,
            end=end,
            text=text,
            payload=payload,
            provenance=self.provenance(warnings),
        )

    def workout(self, attrs: dict[str, str], children: list[Any]) -> None:
        activity = attrs.get("workoutActivityType", "HKWorkoutActivityTypeOther")
        warnings: list[str] = []
        start, end = self.dates(attrs, warnings)
        payload: dict[str, Any] = dict(attrs)
        events: list[dict[str, Any]] = []
        stats: list[dict[str, Any]] = []
        activities: list[dict[str, Any]] = []
        routes: list[dict[str, Any]] = []
        attachments: list[Attachment] = []
        metadata: dict[str, str] = {}
        other: list[Any] = []
        for child in children:
            cname, cattrs, _grand = child
            if cname == "MetadataEntry":
                metadata[cattrs.get("key", "")] = cattrs.get("value", "")
            elif cname == "WorkoutEvent":
                events.append(_node_dict(child))
            elif cname == "WorkoutStatistics":
                stats.append(_node_dict(child))
            elif cname == "WorkoutActivity":
                activities.append(_node_dict(child))
            elif cname == "WorkoutRoute":
                route, attachment, warning = self.route(child, len(routes))
                routes.append(route)
                if attachment is not None:
                    attachments.append(attachment)
                if warning:
                    warnings.append(warning)
            else:
                other.append(child)
        if metadata:
            payload["metadata"] = metadata
        if events:
            payload["events"] = events
        if stats:
            payload["statistics"] = stats
        if activities:
            payload["activities"] = activities
        if routes:
            payload["routes"] = routes
        if other:
            _children_into(payload, other)
        duration = _number(attrs.get("duration"))
        distance = _measure(attrs.get("totalDistance"), attrs.get("totalDistanceUnit"))
        energy = _measure(attrs.get("totalEnergyBurned"), attrs.get("totalEnergyBurnedUnit"))
        for stat in stats:  # iOS 16+ exports give distance and energy only as statistics
            stype = str(stat.get("type", ""))
            if distance is None and stype.startswith("HKQuantityTypeIdentifierDistance"):
                distance = _measure(stat.get("sum"), stat.get("unit"))
            elif energy is None and stype == "HKQuantityTypeIdentifierActiveEnergyBurned":
                energy = _measure(stat.get("sum"), stat.get("unit"))
        unit = attrs.get("durationUnit")
        if duration is None and start is not None and end is not None:
            duration, unit = round((end - start).total_seconds() / 60, 3), "min"
        payload["summary"] = {
            "duration": _measure_value(duration, unit),
            "distance": distance,
            "energy": energy,
        }
        title = f"{humanize(activity)} workout"
        parts = [title]
        if distance:
            parts.append(f"{distance['value']:g} {distance['unit'] or ''}".strip())
        if energy:
            parts.append(f"{energy['value']:g} {energy['unit'] or ''}".strip())
        self.add(
            domain=Domain.FITNESS,
            kind="workout",
            title=title,
            start=start,
            end=end,
            value=duration,
            unit=unit,
            code_system=HEALTHKIT,
            code=activity,
            code_display=humanize(activity),
            text=", ".join(parts),
            payload=payload,
            attachments=attachments,
            provenance=self.provenance(warnings),
        )

    def route(self, node: _Node, index: int) -> tuple[dict[str, Any], Attachment | None, str | None]:
        _, attrs, children = node
        route: dict[str, Any] = dict(attrs)
        refs = [c[1].get("path", "") for c in children if c[0] == "FileReference"]
        locations = [c[1] for c in children if c[0] == "Location"]
        meta = {c[1].get("key", ""): c[1].get("value", "") for c in children if c[0] == "MetadataEntry"}
        if meta:
            route["metadata"] = meta
        if refs:
            ref = refs[0]
            route["file"] = ref
            data = self.export.read_file(ref)
            if data is None:
                return route, None, f"workout route file {ref} is not in the export"
            return route, Attachment(name=posixpath.basename(ref), media_type="application/gpx+xml", data=data), None
        if locations:
            route["points"] = len(locations)
            name = f"route_{(attrs.get('startDate') or str(index))[:19].replace(' ', '_').replace(':', '.')}.gpx"
            return route, Attachment(name=name, media_type="application/gpx+xml", data=_gpx(locations)), None
        return route, None, None

    def activity_summary(self, attrs: dict[str, str]) -> None:
        day = attrs.get("dateComponents", "")
        warnings: list[str] = []
        start = end = None
        try:
            midnight = datetime.fromisoformat(day)
            tz = self.export_tz
            if tz is None:
                from datetime import UTC

                tz = UTC
                warnings.append("no ExportDate time zone; the day is taken as UTC")
            start = midnight.replace(tzinfo=tz)
            end = start + timedelta(days=1)
        except ValueError:
            warnings.append(f"unreadable day {day!r}")
        except OverflowError:  # 9999-12-31: the day has no end the vault can hold (the pipeline says so)
            end = None
        energy = _number(attrs.get("activeEnergyBurned"))
        bits = []
        if energy is not None:
            bits.append(
                f"move {attrs.get('activeEnergyBurned')}/{attrs.get('activeEnergyBurnedGoal', '?')} "
                f"{attrs.get('activeEnergyBurnedUnit', 'kcal')}"
            )
        if attrs.get("appleExerciseTime"):
            bits.append(f"exercise {attrs['appleExerciseTime']}/{attrs.get('appleExerciseTimeGoal', '?')} min")
        if attrs.get("appleStandHours"):
            bits.append(f"stand {attrs['appleStandHours']}/{attrs.get('appleStandHoursGoal', '?')} h")
        self.add(
            domain=Domain.FITNESS,
            kind="activity_summary",
            title=f"Activity rings {day}".strip(),
            start=start,
            end=end,
            value=energy,
            unit=attrs.get("activeEnergyBurnedUnit") if energy is not None else None,
            text=", ".join(bits) or None,
            payload=dict(attrs),
            provenance=self.provenance(warnings),
        )

    def me(self, attrs: dict[str, str]) -> None:
        # Content hashes are what the vault deduplicates on, and "Biological sex: male" alone
        # would be the same record for two people: every characteristic carries the date of
        # birth too (the one that practically never changes), so two people's profiles differ.
        dob = attrs.get("HKCharacteristicTypeIdentifierDateOfBirth") or None
        hint = _me_hint(attrs)  # whose export this is: matched to the vault's people by the pipeline
        for key in sorted(attrs):
            raw = attrs[key]
            if not raw or raw.endswith("NotSet") or not key.startswith("HKCharacteristicTypeIdentifier"):
                continue
            title = _TITLES.get(key) or humanize(key)
            text = _characteristic_text(raw)
            self.add(
                domain=Domain.PROFILE,
                kind=key,
                title=title,
                code_system=HEALTHKIT,
                code=raw,
                code_display=text,
                text=f"{title}: {text}",
                payload={"characteristic": key, "value": raw, "dateOfBirth": dob},
                provenance=self.provenance(None),
                person_hint=hint,
            )

    def generic(self, name: str, attrs: dict[str, str], children: list[Any]) -> None:
        warnings: list[str] = []
        start, end = self.dates(attrs, warnings)
        payload: dict[str, Any] = dict(attrs)
        if children:
            _children_into(payload, children)
        self.add(
            domain=Domain.HEALTH,
            kind=name,
            title=humanize(name),
            start=start,
            end=end,
            payload=payload,
            provenance=self.provenance(warnings),
        )


ME_KEY = "apple-health:Me"
"""The subject key of an export's owner (the ``Me`` element)."""
_SEX_OF = {"HKBiologicalSexMale": "male", "HKBiologicalSexFemale": "female", "HKBiologicalSexOther": "other"}


def _me_hint(attrs: dict[str, str]) -> PersonHint:
    """What ``Me`` says of the export's owner: no name, a birth date and a sex when set."""
    raw = attrs.get("HKCharacteristicTypeIdentifierDateOfBirth") or ""
    try:
        born = date.fromisoformat(raw[:10]) if raw else None
    except ValueError:
        born = None
    sex = _SEX_OF.get(attrs.get("HKCharacteristicTypeIdentifierBiologicalSex", ""))
    return PersonHint(subject_key=ME_KEY, birth_date=born, sex=sex, sole=True)


def _measure(value: Any, unit: Any) -> dict[str, Any] | None:
    number = _number(value) if isinstance(value, str) else value
    if number is None:
        return None
    return {"value": number, "unit": unit}


def _measure_value(value: float | None, unit: str | None) -> dict[str, Any] | None:
    return None if value is None else {"value": value, "unit": unit}


def _node_dict(node: _Node) -> dict[str, Any]:
    out: dict[str, Any] = dict(node[1])
    if node[2]:
        _children_into(out, node[2])
    return out


def _children_into(target: dict[str, Any], children: list[Any]) -> None:
    """MetadataEntry children become ``metadata``; anything else a list per element name."""
    for child in children:
        name, attrs, _grand = child
        if name == "MetadataEntry":
            target.setdefault("metadata", {})[attrs.get("key", "")] = attrs.get("value", "")
        else:
            target.setdefault(name, []).append(_node_dict(child))


def _xml_attr(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")


def _gpx(locations: list[dict[str, str]]) -> bytes:
    """A GPX 1.1 track from inline ``Location`` elements (exports from before iOS 12)."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<gpx version="1.1" creator="MyData Wallet (from Apple Health inline route)" '
        'xmlns="http://www.topografix.com/GPX/1/1">',
        "<trk><trkseg>",
    ]
    for loc in locations:
        when = ""
        try:
            dt = parse_date(loc.get("date"))
            if dt is not None:
                from datetime import UTC

                when = f"<time>{dt.astimezone(UTC).strftime('%Y-%m-%dT%H:%M:%SZ')}</time>"
        except ValueError:
            pass
        ele = f"<ele>{_xml_attr(loc['altitude'])}</ele>" if loc.get("altitude") else ""
        lines.append(
            f'<trkpt lat="{_xml_attr(loc.get("latitude", ""))}" lon="{_xml_attr(loc.get("longitude", ""))}">'
            f"{ele}{when}</trkpt>"
        )
    lines.append("</trkseg></trk></gpx>")
    return ("\n".join(lines) + "\n").encode("utf-8")


_CONTROL_BYTES = bytes(b for b in range(0x20) if b not in (0x09, 0x0A, 0x0D))
"""C0 control characters XML 1.0 forbids; some iOS exports contain U+000B in metadata values.
(UTF-8 multi-byte sequences never contain bytes below 0x80, so deleting them is safe.)"""
MAX_PROLOG = 4 * 1024 * 1024


def _read_prolog(fh: IO[bytes], head: bytes) -> bytes:
    """Extend ``head`` until it holds the whole internal DTD subset (Apple's is ~10-20 KB)."""
    start = head.find(b"<!DOCTYPE")
    if start < 0:
        return head
    while head.find(b"]>", start) < 0 and len(head) < MAX_PROLOG:
        more = fh.read(CHUNK)
        if not more:
            break
        head += more
    return head


def _repair_prolog(chunk: bytes) -> tuple[bytes, str | None]:
    """Blank out Apple's internal DTD subset when it is malformed (iOS 16, "HealthKit Export
    Version: 12": the ATTLIST of VisionPrescription is never closed) so that the data still reads.

    Only a subset that declares no entity is touched: one with ``<!ENTITY`` goes to the
    parser unchanged and is refused there.  Line numbers are kept (newlines stay).
    """
    start = chunk.find(b"<!DOCTYPE")
    if start < 0 or start > 4096:
        return chunk, None
    open_ = chunk.find(b"[", start)
    end = chunk.find(b"]>", start)
    if open_ < 0 or end < 0 or open_ > end:
        return chunk, None
    subset = chunk[open_ + 1 : end]
    if b"<!ENTITY" in subset:
        return chunk, None
    probe = _Parser(_NullBuilder())
    try:
        probe.feed(chunk[: end + 2] + b"<HealthData/>")
        probe.close()
        return chunk, None
    except SAXParseException:
        pass
    except (DefusedXmlException, LookupError):  # LookupError: an unknown encoding, which the parse then names
        return chunk, None
    blank = b"\n" * subset.count(b"\n")
    return (
        chunk[: open_ + 1] + blank + chunk[end:],
        "Apple's DTD at the top of export.xml is malformed (a known iOS 16 export defect); it was ignored",
    )


class _NullBuilder:
    """Element callbacks that do nothing (for checking a prolog)."""

    def start(self, name: str, attrs: dict[str, str]) -> None:
        pass

    def end(self, name: str) -> None:
        pass


def _describe_xml_error(name: str, exc: SAXParseException, window: bytes, window_start: int, error_byte: int) -> str:
    line, col = exc.getLineNumber(), exc.getColumnNumber()
    message = exc.getMessage()
    pos = error_byte - window_start
    if 0 <= pos < len(window):
        snippet = window[max(0, pos - 4) : pos + 8]
        try:
            window[max(0, pos - 3) : pos + 4].decode("utf-8")
            bad_utf8 = False
        except UnicodeDecodeError:
            bad_utf8 = any(b >= 0x80 for b in snippet)
        if bad_utf8:
            return f"{name}: export.xml is not valid UTF-8 (bad byte sequence at line {line}, column {col})"
    if "truncated" in message or "no element found" in message or "unclosed token" in message:
        return f"{name}: export.xml ends early (truncated at line {line}, column {col}: {message})"
    return f"{name}: export.xml is not well-formed XML (line {line}, column {col}: {message})"


def _describe_entity_error(name: str, exc: EntitiesForbidden | ExternalReferenceForbidden) -> str:
    system_id = getattr(exc, "sysid", None) or getattr(exc, "system_id", None)
    entity = getattr(exc, "name", None)
    if system_id or isinstance(exc, ExternalReferenceForbidden):
        what = f"external entity {entity!r}" if entity else "external DTD or entity"
        return (
            f"{name}: export.xml refers to an {what} ({system_id}); "
            "refused: reading it could leak local files (XXE). Apple exports never contain one"
        )
    return (
        f"{name}: export.xml declares the XML entity {entity!r}; refused: entity expansion "
        '("billion laughs") protection. Apple exports never declare entities'
    )


# ---------------------------------------------------------------------------
# Electrocardiograms: electrocardiograms/ecg_YYYY-MM-DD[_N].csv
# ---------------------------------------------------------------------------
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


def _is_apple_cda(source: Source) -> bool:
    """Apple's export_cda.xml: its name, or the document id Apple gives it."""
    return source.name.lower() == CDA_NAME or b'extension="Health Export CDA"' in source.head


def _cda_refusal(source: Source) -> str:
    if _is_apple_cda(source):
        return (
            f"{source.name}: this is Apple Health's export_cda.xml, an HL7 CDA copy of the same data as "
            "export.xml; it is not imported (it would only duplicate that data). Import export.xml from "
            "the same folder, or the whole export.zip, instead"
        )
    return (
        f"{source.name}: not an Apple Health export (root element is <ClinicalDocument>, an HL7 CDA "
        "document); import Apple Health's export.xml or export.zip instead"
    )


class AppleHealthConnector(Connector):
    """Apple Health "Export All Health Data": export.zip or export.xml."""

    id: ClassVar[str] = "apple_health"
    name: ClassVar[str] = "Apple Health export"
    version: ClassVar[str] = "1"
    domains: ClassVar[tuple[Domain, ...]] = (Domain.HEALTH, Domain.FITNESS, Domain.PROFILE)
    accepts: ClassVar[str] = "Apple Health export.zip (Health app > profile > Export All Health Data) or its export.xml"
    extensions: ClassVar[tuple[str, ...]] = (".zip", ".xml")

    def identify(self, source: Source) -> bool:
        """An export.xml has a ``<HealthData`` root near the top; an export.zip starts with
        a local file header of the ``apple_health_export/`` folder.  Apple's export_cda.xml is
        claimed too, so that importing it says what to import instead (``read`` refuses it)."""
        head = source.head
        if head.startswith(b"PK\x03\x04"):
            return b"apple_health_export/" in head[:4096]
        if source.suffix not in (".xml", ""):
            return False
        if b"<ClinicalDocument" in head:
            return _is_apple_cda(source)
        return b"<HealthData" in head

    def read(self, source: Source, context: ImportContext) -> Iterator[Record | SkippedItem]:
        """Stream the records of an Apple Health export (see the module docstring)."""
        max_total = int(context.options.get("max_uncompressed_bytes", MAX_UNCOMPRESSED))
        is_zip = source.head.startswith(b"PK")
        if not is_zip and b"<ClinicalDocument" in source.head and b"<HealthData" not in source.head:
            raise ConnectorError(_cda_refusal(source))
        export: _Export = _ZipExport(source, max_total) if is_zip else _FileExport(source)
        try:
            provenance = Provenance(**self.provenance(source))
            if export.size_of(CDA_NAME) is not None:
                yield SkippedItem(
                    where=CDA_NAME,
                    reason=(
                        "same data as export.xml, in HL7 CDA form: not imported a second time "
                        "(it would duplicate every record)"
                    ),
                )
            pending: list[str] = []
            if context.delegate is None:  # the clinical records cannot be read: a warning, on the first record
                yield from self._clinical(export, context, pending)
            # export.xml first: its Me (whose export this is) comes before any record that names no one
            # (the ECGs), so the pipeline places those with the export's owner
            builder = _Builder(self, export, provenance)
            builder.pending_warnings = pending
            yield from self._parse(export, builder, context)
            yield from self._electrocardiograms(export, context, provenance)
            if context.delegate is not None:
                yield from self._clinical(export, context, pending)
        finally:
            export.close()

    def _clinical(self, export: _Export, context: ImportContext, warnings: list[str]) -> Iterator[Record | SkippedItem]:
        files = export.clinical_files()
        if not files:
            return
        if context.delegate is None:
            warnings.append(
                f"{len(files)} FHIR clinical record files in clinical-records/ were skipped: "
                "no FHIR reader is available in this import"
            )
            return
        for ref in files:
            data = export.read_file(ref)
            if data is None:
                yield SkippedItem(where=ref, reason=f"larger than {MAX_MEMBER_READ // 1024**2} MB")
                continue
            try:
                yield from context.delegate("fhir", Source(data=data, name=f"{export.name}/{ref}"))
            except ConnectorError as exc:
                yield SkippedItem(where=ref, reason=str(exc))

    def _electrocardiograms(
        self, export: _Export, context: ImportContext, provenance: Provenance
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

    def _parse(self, export: _Export, builder: _Builder, context: ImportContext) -> Iterator[Record]:
        parser = _Parser(builder)
        total = export.size
        done = 0  # bytes of export.xml read (progress)
        fed = 0  # bytes given to expat (after control characters are removed)
        out = builder.out
        try:
            fh = export.open_xml()
        except (zipfile.BadZipFile, zlib.error, OSError) as exc:
            raise ConnectorError(f"{export.name}: cannot open export.xml ({exc})") from exc
        first = True
        with fh:
            while True:
                if context.is_cancelled():
                    return
                try:
                    raw = fh.read(CHUNK)
                    if first:
                        raw = _read_prolog(fh, raw)
                except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
                    raise ConnectorError(f"{export.name}: the zip is damaged or truncated ({exc})") from exc
                done += len(raw)
                chunk = raw.translate(None, _CONTROL_BYTES)
                if len(chunk) != len(raw):
                    builder.pending_warnings.append(
                        f"{len(raw) - len(chunk)} control character(s) that XML does not allow were removed "
                        "from export.xml here (a known defect of some iOS exports)"
                    )
                if first:
                    first = False
                    chunk, note = _repair_prolog(chunk)
                    if note:
                        builder.pending_warnings.append(note)
                try:
                    if chunk:
                        parser.feed(chunk)
                    else:
                        parser.close()
                except SAXParseException as exc:
                    raise ConnectorError(_describe_xml_error(export.name, exc, chunk, fed, parser.error_byte)) from None
                except (EntitiesForbidden, ExternalReferenceForbidden) as exc:
                    raise ConnectorError(_describe_entity_error(export.name, exc)) from None
                except (DTDForbidden, DefusedXmlException) as exc:
                    raise ConnectorError(f"{export.name}: refused unsafe XML ({exc})") from None
                except LookupError as exc:  # <?xml ... encoding="NaN"?>: Python has no such codec
                    raise ConnectorError(
                        f"{export.name}: the XML declares an encoding Python does not know ({exc})"
                    ) from None
                fed += len(chunk)
                if chunk and fed - max(parser.event_byte, 0) > MAX_TAG_BYTES:  # expat holds an unfinished tag
                    raise ConnectorError(
                        f"{export.name}: more than {MAX_TAG_BYTES // 1024**2} MB without an element ending "
                        "(one tag or attribute that long is the limit); not an export as the Health app writes it"
                    )
                if out:
                    yield from out
                    out.clear()
                context.progress(done, total)
                if not chunk:
                    break
        if not builder.seen_root:
            raise ConnectorError(f"{export.name}: not an Apple Health export (no <HealthData> element)")

"""Apple Health export connector: samples (golden files), mapping, hostile input, memory.

Regenerate the golden files after an intended change with::

    UPDATE_GOLDEN=1 .venv/bin/pytest -q tests/test_apple_health.py
"""

from __future__ import annotations

import hashlib
import importlib.util
import io
import json
import tracemalloc
import zipfile
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from conftest import DEMO, as_records
from golden_support import check_golden

from connectors.apple_health import AppleHealthConnector, humanize, parse_date
from wallet.errors import ConnectorError
from wallet.imports.connector import ImportContext, Source
from wallet.model import Domain, Provenance, Record, SkippedItem

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures" / "apple_health"
GOLDEN = HERE / "golden" / "apple_health"
DOGSHEEP_FOLDER = FIXTURES / "dogsheep-healthkit-to-sqlite" / "zip_contents"
SAMPLES = {
    "tdda_export6s3sample": DEMO / "export6s3sample.xml",
    "dogsheep_export": FIXTURES / "dogsheep-healthkit-to-sqlite" / "export.xml",
    "dogsheep_zip_contents_export": DOGSHEEP_FOLDER / "apple_health_export" / "export.xml",
    "alxdrcirilo_export_xml": FIXTURES / "alxdrcirilo-apple-health-parser" / "export.xml",
    "alxdrcirilo_export_zip": FIXTURES / "alxdrcirilo-apple-health-parser" / "export.zip",
}
GPX = DOGSHEEP_FOLDER / "apple_health_export" / "workout-routes" / "route_2019-06-11_3.00pm.gpx"


def _read(source: Source, context: ImportContext | None = None) -> list[Record]:
    """Records, and samples as the records they stand for (sample_records), in the order read."""
    return as_records(AppleHealthConnector().read(source, context or ImportContext()))


def _zip(entries: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as zf:
        for name, data in entries.items():
            info = zipfile.ZipInfo(name, date_time=(2024, 6, 1, 8, 0, 0))
            info.compress_type = compression
            zf.writestr(info, data)
    return buf.getvalue()


def dogsheep_zip() -> bytes:
    """The dogsheep ``zip_contents`` folder as the export.zip the iPhone would write."""
    base = DOGSHEEP_FOLDER / "apple_health_export"
    return _zip(
        {
            "apple_health_export/export.xml": (base / "export.xml").read_bytes(),
            "apple_health_export/workout-routes/route_2019-06-11_3.00pm.gpx": GPX.read_bytes(),
        }
    )


def _bench_module() -> Any:
    path = HERE.parent / "benchmarks" / "bench_apple_health.py"
    spec = importlib.util.spec_from_file_location("bench_apple_health", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# ----------------------------------------------------------------------------- golden files


def _summary(records: list[Record]) -> dict[str, Any]:
    first: dict[str, Record] = {}
    for rec in records:
        first.setdefault(rec.kind, rec)
    return {
        "records": len(records),
        "by_kind": dict(sorted(Counter(r.kind for r in records).items())),
        "by_domain": dict(sorted(Counter(r.domain.value for r in records).items())),
        "first_of_each_kind": [
            {
                "kind": r.kind,
                "domain": r.domain.value,
                "title": r.title,
                "start": r.start.isoformat() if r.start else None,
                "end": r.end.isoformat() if r.end else None,
                "value": r.value,
                "unit": r.unit,
                "code": r.code,
                "text": r.text,
                "attachments": [
                    {"name": a.name, "media_type": a.media_type, "sha256": a.sha256} for a in r.attachments
                ],
                "warnings": r.provenance.warnings,
                "payload_keys": sorted(r.payload),
            }
            for _, r in sorted(first.items())
        ],
        "content_hashes_sha256": hashlib.sha256(
            "\n".join(sorted(r.content_hash for r in records)).encode()
        ).hexdigest(),
    }


GOLDEN_CASES: dict[str, Any] = {**SAMPLES, "dogsheep_zip_layout": "zip"}


@pytest.mark.parametrize("sample", sorted(GOLDEN_CASES))
def test_golden(sample: str) -> None:
    if sample == "dogsheep_zip_layout":
        source = Source(data=dogsheep_zip(), name="export.zip")
    else:
        source = Source(GOLDEN_CASES[sample])
    assert AppleHealthConnector().identify(source)
    got = _summary(_read(source))
    check_golden(got, GOLDEN / f"{sample}.json", indent=2, sort_keys=True)


# ----------------------------------------------------------------------------- mapping


def test_internal_dtd_sample_reads_with_tz_aware_dates() -> None:
    records = _read(Source(SAMPLES["tdda_export6s3sample"]))
    steps = [r for r in records if r.kind == "HKQuantityTypeIdentifierStepCount"]
    assert len(steps) == 10
    assert steps[0].title == "Step count" and steps[0].domain is Domain.FITNESS
    assert steps[0].value == 329 and steps[0].unit == "count"
    assert steps[0].start is not None and steps[0].start.utcoffset() == timedelta(hours=1)
    assert steps[0].start.isoformat() == "2014-09-13T10:27:54+01:00"
    assert steps[0].payload["sourceName"] == "Health"
    # a step count is a sample of its series: when the phone wrote it down (creationDate) is not kept
    assert "creationDate" not in steps[0].payload
    workout = next(r for r in records if r.kind == "workout")
    assert workout.title == "Other workout" and workout.unit == "min"
    assert workout.value == pytest.approx(31.7368, abs=1e-3)
    assert workout.payload["summary"]["energy"] == {"value": pytest.approx(139.317), "unit": "kcal"}
    rings = [r for r in records if r.kind == "activity_summary"]
    assert [r.start.isoformat() for r in rings if r.start] == ["2016-04-14T00:00:00+01:00", "2016-04-15T00:00:00+01:00"]
    assert rings[0].value == pytest.approx(700.698) and rings[0].unit == "kcal"


def test_heart_rate_device_and_metadata() -> None:
    records = _read(Source(SAMPLES["dogsheep_export"]))
    hr = next(r for r in records if r.kind == "HKQuantityTypeIdentifierHeartRate")
    assert hr.title == "Heart rate" and hr.domain is Domain.HEALTH
    assert (hr.value, hr.unit) == (72.0, "count/min")
    assert hr.start is not None and hr.start.isoformat() == "2018-09-10T02:28:55-07:00"
    assert hr.payload["device"].startswith("<<HKDevice: 0x282a45810>, name:Apple Watch")
    assert hr.payload["metadata"] == {"HKMetadataKeyHeartRateMotionContext": "0"}
    bmi = next(r for r in records if r.kind == "HKQuantityTypeIdentifierBodyMassIndex")
    assert bmi.domain is Domain.HEALTH and bmi.title == "Body mass index"
    assert bmi.payload["metadata"]["Withings Link"].endswith("userid=12345&date=482685932&type=1")


def test_inline_route_becomes_gpx_attachment() -> None:
    records = _read(Source(SAMPLES["dogsheep_export"]))
    workout = next(r for r in records if r.kind == "workout")
    assert workout.title == "Running workout" and workout.code == "HKWorkoutActivityTypeRunning"
    assert workout.payload["summary"]["distance"]["unit"] == "mi"
    assert workout.payload["metadata"]["HKTimeZone"] == "America/Los_Angeles"
    assert workout.payload["routes"][0]["sourceName"] == "Simon’s iPhone"
    assert workout.payload["routes"][0]["points"] == 2
    [gpx] = workout.attachments
    assert gpx.media_type == "application/gpx+xml"
    text = gpx.data.decode()
    assert text.count("<trkpt") == 2 and 'lat="37.7777"' in text and "<time>2016-11-14T14:25:44Z</time>" in text


def test_route_file_attached_from_folder_and_zip() -> None:
    expected = hashlib.sha256(GPX.read_bytes()).hexdigest()
    for source in (Source(SAMPLES["dogsheep_zip_contents_export"]), Source(data=dogsheep_zip(), name="export.zip")):
        workout = next(r for r in _read(source) if r.kind == "workout")
        [att] = workout.attachments
        assert att.name == "route_2019-06-11_3.00pm.gpx" and att.sha256 == expected
        assert workout.payload["routes"][0]["file"] == "/workout-routes/route_2019-06-11_3.00pm.gpx"
        assert workout.provenance.warnings == []


def test_missing_route_file_is_a_warning() -> None:
    xml = (DOGSHEEP_FOLDER / "apple_health_export" / "export.xml").read_bytes()
    records = _read(Source(data=_zip({"apple_health_export/export.xml": xml}), name="export.zip"))
    workout = next(r for r in records if r.kind == "workout")
    assert workout.attachments == []
    assert workout.provenance.warnings == [
        "workout route file /workout-routes/route_2019-06-11_3.00pm.gpx is not in the export"
    ]


def test_zip_skips_macos_junk_and_reads_categories_and_profile() -> None:
    records = _read(Source(SAMPLES["alxdrcirilo_export_zip"]))
    assert len(records) == 12
    sleep = [r for r in records if r.kind == "HKCategoryTypeIdentifierSleepAnalysis"]
    assert [r.text for r in sleep] == ["In bed", "Asleep core"]
    assert sleep[0].code == "HKCategoryValueSleepAnalysisInBed" and sleep[0].value is None
    assert sleep[0].title == "Sleep analysis"
    profile = {r.kind: r for r in records if r.domain is Domain.PROFILE}
    assert profile["HKCharacteristicTypeIdentifierBloodType"].code_display == "A-"
    assert profile["HKCharacteristicTypeIdentifierBiologicalSex"].code_display == "male"
    assert profile["HKCharacteristicTypeIdentifierDateOfBirth"].code == "1990-05-20"
    assert "HKCharacteristicTypeIdentifierFitzpatrickSkinType" not in profile  # "NotSet" says nothing
    xml_records = _read(Source(SAMPLES["alxdrcirilo_export_xml"]))
    assert [r.content_hash for r in records] == [r.content_hash for r in xml_records]


SYNTHETIC = b"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE HealthData [
<!ELEMENT HealthData (ExportDate,Me,(Record|Correlation|Workout|ActivitySummary|ClinicalRecord)*)>
<!ATTLIST HealthData locale CDATA #REQUIRED>
]>
<HealthData locale="en_US">
 <ExportDate value="2024-03-01 09:00:00 -0500"/>
 <Me HKCharacteristicTypeIdentifierDateOfBirth="" HKCharacteristicTypeIdentifierBiologicalSex="HKBiologicalSexNotSet"
     HKCharacteristicTypeIdentifierBloodType="HKBloodTypeNotSet"/>
 <Record type="HKQuantityTypeIdentifierBloodPressureSystolic" sourceName="Cuff" unit="mmHg"
   startDate="2024-02-01 08:00:00 -0500" endDate="2024-02-01 08:00:00 -0500" value="121"/>
 <Record type="HKQuantityTypeIdentifierBloodPressureDiastolic" sourceName="Cuff" unit="mmHg"
   startDate="2024-02-01 08:00:00 -0500" endDate="2024-02-01 08:00:00 -0500" value="79"/>
 <Correlation type="HKCorrelationTypeIdentifierBloodPressure" sourceName="Cuff"
   startDate="2024-02-01 08:00:00 -0500" endDate="2024-02-01 08:00:00 -0500">
  <MetadataEntry key="HKWasUserEntered" value="1"/>
  <Record type="HKQuantityTypeIdentifierBloodPressureSystolic" sourceName="Cuff" unit="mmHg"
    startDate="2024-02-01 08:00:00 -0500" endDate="2024-02-01 08:00:00 -0500" value="121"/>
  <Record type="HKQuantityTypeIdentifierBloodPressureDiastolic" sourceName="Cuff" unit="mmHg"
    startDate="2024-02-01 08:00:00 -0500" endDate="2024-02-01 08:00:00 -0500" value="79"/>
 </Correlation>
 <Record type="HKQuantityTypeIdentifierStepCount" sourceName="Phone" unit="count"
   startDate="2024-02-01 08:00:00 -0500" endDate="2024-02-01 08:05:00 -0500" value="100"/>
 <Record type="HKQuantityTypeIdentifierStepCount" sourceName="Watch" unit="count"
   startDate="2024-02-01 08:00:00 -0500" endDate="2024-02-01 08:05:00 -0500" value="100"/>
 <Workout workoutActivityType="HKWorkoutActivityTypeCycling" duration="30" durationUnit="min" sourceName="Watch"
   startDate="2024-02-02 07:00:00 -0500" endDate="2024-02-02 07:30:00 -0500">
  <WorkoutEvent type="HKWorkoutEventTypePause" date="2024-02-02 07:10:00 -0500"/>
  <WorkoutEvent type="HKWorkoutEventTypeResume" date="2024-02-02 07:12:00 -0500"/>
  <WorkoutActivity uuid="A1" startDate="2024-02-02 07:00:00 -0500" endDate="2024-02-02 07:30:00 -0500" duration="30"
    durationUnit="min">
   <WorkoutStatistics type="HKQuantityTypeIdentifierHeartRate" startDate="2024-02-02 07:00:00 -0500"
     endDate="2024-02-02 07:30:00 -0500" average="140" unit="count/min"/>
  </WorkoutActivity>
  <WorkoutStatistics type="HKQuantityTypeIdentifierDistanceCycling" startDate="2024-02-02 07:00:00 -0500"
    endDate="2024-02-02 07:30:00 -0500" sum="12.5" unit="km"/>
  <WorkoutStatistics type="HKQuantityTypeIdentifierActiveEnergyBurned" startDate="2024-02-02 07:00:00 -0500"
    endDate="2024-02-02 07:30:00 -0500" sum="310" unit="kcal"/>
  <WorkoutRoute sourceName="Watch" startDate="2024-02-02 07:00:00 -0500" endDate="2024-02-02 07:30:00 -0500">
   <FileReference path="/workout-routes/route_2024-02-02_7.00am.gpx"/>
  </WorkoutRoute>
 </Workout>
 <ClinicalRecord type="HKClinicalTypeIdentifierLabResultRecord" identifier="obs-1" sourceName="Clinic"
   fhirVersion="4.0.1" receivedDate="2024-02-03 10:00:00 -0500"
   resourceFilePath="/clinical-records/Observation-1.json"/>
 <Audiogram sourceName="Test" startDate="2024-02-04 10:00:00 -0500" endDate="2024-02-04 10:10:00 -0500">
  <SensitivityPoint frequencyValue="1000" frequencyUnit="Hz" leftEarValue="20" leftEarUnit="dBHL"/>
 </Audiogram>
</HealthData>
"""

OBSERVATION = json.dumps(
    {
        "resourceType": "Observation",
        "id": "obs-1",
        "status": "final",
        "code": {"coding": [{"system": "http://loinc.org", "code": "2339-0", "display": "Glucose"}], "text": "Glucose"},
        "effectiveDateTime": "2024-02-03T09:00:00-05:00",
        "valueQuantity": {"value": 95, "unit": "mg/dL", "system": "http://unitsofmeasure.org", "code": "mg/dL"},
    }
).encode()


def synthetic_zip(**extra: bytes) -> bytes:
    return _zip(
        {
            "apple_health_export/export.xml": SYNTHETIC,
            "apple_health_export/workout-routes/route_2024-02-02_7.00am.gpx": GPX.read_bytes(),
            "apple_health_export/clinical-records/Observation-1.json": OBSERVATION,
            "__MACOSX/apple_health_export/._export.xml": b"\x00\x05\x16\x07junk",
            **extra,
        }
    )


def test_correlation_workout_statistics_and_unknown_elements() -> None:
    records = _read(Source(data=synthetic_zip(), name="export.zip"))
    kinds = Counter(r.kind for r in records)
    # the correlation's nested records are the top-level ones again: not repeated
    assert kinds["HKQuantityTypeIdentifierBloodPressureSystolic"] == 1
    bp = next(r for r in records if r.kind == "HKCorrelationTypeIdentifierBloodPressure")
    assert bp.title == "Blood pressure" and bp.text == "121/79 mmHg" and bp.domain is Domain.HEALTH
    assert [p["value"] for p in bp.payload["records"]] == ["121", "79"]
    workout = next(r for r in records if r.kind == "workout")
    summary = workout.payload["summary"]
    assert summary["distance"] == {"value": 12.5, "unit": "km"}
    assert summary["energy"] == {"value": 310.0, "unit": "kcal"}
    assert [e["type"] for e in workout.payload["events"]] == ["HKWorkoutEventTypePause", "HKWorkoutEventTypeResume"]
    assert workout.payload["activities"][0]["WorkoutStatistics"][0]["average"] == "140"
    assert len(workout.attachments) == 1
    audiogram = next(r for r in records if r.kind == "Audiogram")
    assert audiogram.domain is Domain.HEALTH and audiogram.payload["SensitivityPoint"][0]["frequencyValue"] == "1000"
    assert not any(r.domain is Domain.PROFILE for r in records)  # every characteristic is NotSet/empty
    # same steps from two devices: two records, two hashes
    steps = [r for r in records if r.kind == "HKQuantityTypeIdentifierStepCount"]
    assert len({r.content_hash for r in steps}) == 2


def test_clinical_records_without_delegate_are_a_provenance_warning() -> None:
    records = _read(Source(data=synthetic_zip(), name="export.zip"))
    warned = [r for r in records if r.provenance.warnings]
    assert len(warned) == 1
    assert "1 FHIR clinical record files in clinical-records/ were skipped" in warned[0].provenance.warnings[0]
    assert not any(r.kind == "Observation" for r in records)


def test_clinical_records_go_through_the_delegate() -> None:
    calls: list[tuple[str, str, bytes]] = []

    def delegate(connector_id: str, source: Source) -> Iterator[Record | SkippedItem]:
        calls.append((connector_id, source.name, source.read_bytes()))
        if "broken" in source.name:
            raise ConnectorError(f"{source.name}: not FHIR")
        prov = Provenance(connector_id="fhir", connector_version="1", source_name=source.name)
        yield Record(domain=Domain.HEALTH, kind="Observation", title="Glucose", provenance=prov)

    items = list(
        AppleHealthConnector().read(
            Source(data=synthetic_zip(**{"apple_health_export/clinical-records/broken.json": b"{"}), name="export.zip"),
            ImportContext(delegate=delegate),
        )
    )
    assert [c[0] for c in calls] == ["fhir", "fhir"]
    assert calls[0][1] == "export.zip/clinical-records/Observation-1.json" and calls[0][2] == OBSERVATION
    assert sum(1 for r in items if isinstance(r, Record) and r.kind == "Observation") == 1
    skipped = [i for i in items if isinstance(i, SkippedItem)]
    assert len(skipped) == 1 and skipped[0].where == "clinical-records/broken.json" and "not FHIR" in skipped[0].reason
    assert not any(r.provenance.warnings for r in items if isinstance(r, Record))


def test_full_pipeline_with_fhir_delegate(vault: Any) -> None:
    from wallet.imports.pipeline import import_source

    source = Source(data=synthetic_zip(), name="export.zip")
    report = import_source(vault, source, connector_id="apple_health")
    assert report.error is None and report.added == 8
    assert report.by_kind.get("Observation") == 1
    assert report.by_kind.get("workout") == 1
    workout = vault.records(kind="workout")[0]
    assert vault.get(workout.id).title == "Cycling workout"
    again = import_source(vault, Source(data=synthetic_zip(), name="export.zip"), connector_id="apple_health")
    assert again.added == 0 and again.duplicates == report.added


def test_progress_reports_bytes() -> None:
    seen: list[tuple[int, int | None]] = []
    _read(Source(SAMPLES["tdda_export6s3sample"]), ImportContext(progress=lambda d, t: seen.append((d, t))))
    size = SAMPLES["tdda_export6s3sample"].stat().st_size
    assert seen and seen[-1] == (size, size)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_identify() -> None:
    connector = AppleHealthConnector()
    assert connector.identify(Source(SAMPLES["dogsheep_export"]))  # no XML declaration, no DTD
    assert connector.identify(Source(data=dogsheep_zip(), name="export.zip"))
    # Apple's export_cda.xml is claimed so that importing it says what to import instead (read refuses it);
    # any other CDA document is not
    assert connector.identify(Source(data=b'<?xml version="1.0"?><ClinicalDocument/>', name="export_cda.xml"))
    assert not connector.identify(Source(data=b'<?xml version="1.0"?><ClinicalDocument/>', name="summary.xml"))
    assert not connector.identify(Source(data=_zip({"docs/readme.txt": b"hello"}), name="other.zip"))
    assert not connector.identify(Source(GPX))


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2019-01-01 08:00:00 -0500", "2019-01-01T08:00:00-05:00"),
        ("2024-06-01 08:10:05 +0200", "2024-06-01T08:10:05+02:00"),
        ("20140104084300-0800", "2014-01-04T08:43:00-08:00"),
        ("2016-04-18 15:56:05 +0000", "2016-04-18T15:56:05+00:00"),
    ],
)
def test_parse_date(text: str, iso: str) -> None:
    value = parse_date(text)
    assert value is not None and value.isoformat() == iso


def test_parse_date_refuses_naive() -> None:
    with pytest.raises(ValueError, match="time zone"):
        parse_date("2019-01-01 08:00:00")


def test_titles() -> None:
    assert humanize("HKQuantityTypeIdentifierDietaryFatTotal") == "Dietary fat total"
    assert humanize("HKQuantityTypeIdentifierHeartRateVariabilitySDNN") == "Heart rate variability SDNN"
    assert humanize("HKWorkoutActivityTypeHighIntensityIntervalTraining") == "High intensity interval training"


# ----------------------------------------------------------------------------- determinism, memory


@pytest.mark.slow
def test_hashes_deterministic_and_distinct(tmp_path: Path) -> None:
    path = tmp_path / "export.xml"
    _bench_module().generate(path, 3000)
    first = _read(Source(path))
    second = _read(Source(path))
    assert len(first) >= 3000
    assert [r.content_hash for r in first] == [r.content_hash for r in second]
    assert len({r.content_hash for r in first}) == len(first)
    assert len({r.id for r in first}) == len(first)


def _peak_traced(path: Path) -> int:
    tracemalloc.start()
    try:
        for _ in AppleHealthConnector().read(Source(path), ImportContext()):
            pass
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.slow
def test_memory_stays_flat(tmp_path: Path) -> None:
    bench = _bench_module()
    small, large = tmp_path / "small.xml", tmp_path / "large.xml"
    bench.generate(small, 2_000)
    bench.generate(large, 20_000)
    assert large.stat().st_size > 9 * small.stat().st_size
    peak_small, peak_large = _peak_traced(small), _peak_traced(large)
    # a reader that kept its records or the element tree would need ~10x here
    assert peak_large < 1.5 * peak_small + 512 * 1024, (peak_small, peak_large)


# ----------------------------------------------------------------------------- hostile input

GOOD_XML = (FIXTURES / "alxdrcirilo-apple-health-parser" / "export.xml").read_bytes()


def _error(data: bytes, name: str, **options: Any) -> str:
    with pytest.raises(ConnectorError) as info:
        _read(Source(data=data, name=name), ImportContext(options=options))
    message = str(info.value)
    assert "Traceback" not in message
    return message


def test_xxe_external_entity_refused() -> None:
    data = (
        b'<?xml version="1.0"?>\n<!DOCTYPE HealthData [\n<!ENTITY xxe SYSTEM "file:///etc/passwd">\n]>\n'
        b'<HealthData locale="en"><Record type="HKQuantityTypeIdentifierStepCount" sourceName="&xxe;" '
        b'startDate="2024-01-01 00:00:00 +0000" endDate="2024-01-01 00:00:00 +0000" value="1"/></HealthData>'
    )
    message = _error(data, "export.xml")
    assert "external entity" in message and "XXE" in message and "file:///etc/passwd" in message


def test_external_dtd_refused() -> None:
    data = (
        b'<?xml version="1.0"?>\n<!DOCTYPE HealthData SYSTEM "http://127.0.0.1:9/evil.dtd">\n'
        b'<HealthData locale="en"><ExportDate value="2024-01-01 00:00:00 +0000"/></HealthData>'
    )
    message = _error(data, "export.xml")
    assert "external DTD or entity (http://127.0.0.1:9/evil.dtd)" in message


def test_billion_laughs_refused() -> None:
    entities = b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1)) * 10) for i in range(1, 10))
    data = (
        b'<?xml version="1.0"?>\n<!DOCTYPE HealthData [<!ENTITY lol0 "lol">' + entities + b"]>\n"
        b'<HealthData locale="en"><Record type="x" sourceName="&lol9;" startDate="" endDate=""/></HealthData>'
    )
    message = _error(data, "export.xml")
    assert "billion laughs" in message and "'lol0'" in message


def test_zip_slip_refused() -> None:
    data = _zip({"apple_health_export/export.xml": GOOD_XML, "apple_health_export/../../evil.sh": b"echo owned"})
    message = _error(data, "export.zip")
    assert "points outside the export folder" in message and "evil.sh" in message
    absolute = _zip({"apple_health_export/export.xml": GOOD_XML, "/etc/cron.d/evil": b"x"})
    assert "points outside the export folder" in _error(absolute, "export.zip")


def test_zip_bomb_ratio_refused() -> None:
    data = _zip(
        {
            "apple_health_export/export.xml": GOOD_XML,
            "apple_health_export/workout-routes/bomb.gpx": b"\0" * (20 * 1024 * 1024),
        }
    )
    assert len(data) < 100_000
    message = _error(data, "export.zip")
    assert "zip bomb" in message and "bomb.gpx" in message


def test_zip_total_size_cap() -> None:
    data = _zip({"apple_health_export/export.xml": GOOD_XML})
    message = _error(data, "export.zip", max_uncompressed_bytes=1000)
    assert "over the 0 MB limit" in message and "possible zip bomb" in message


def test_truncated_zip_refused() -> None:
    data = _zip({"apple_health_export/export.xml": GOOD_XML * 4})
    message = _error(data[: len(data) // 2], "export.zip")
    assert "not a readable zip archive (truncated or damaged" in message


def test_damaged_zip_member_refused() -> None:
    data = bytearray(_zip({"apple_health_export/export.xml": GOOD_XML * 20}))
    start = data.index(b"apple_health_export/export.xml") + 40
    data[start : start + 200] = b"\x00" * 200  # corrupt the deflate stream, keep the directory
    message = _error(bytes(data), "export.zip")
    assert "damaged or truncated" in message or "not well-formed" in message


def test_invalid_utf8_refused() -> None:
    data = GOOD_XML.replace(b"Alexandre's iPhone", b"Alexandre\xff\xfes iPhone")
    message = _error(data, "export.xml")
    assert "not valid UTF-8" in message and "line 40" in message
    zipped = _zip({"apple_health_export/export.xml": data})
    assert "not valid UTF-8" in _error(zipped, "export.zip")


def test_truncated_xml_refused() -> None:
    message = _error(GOOD_XML[:2000], "export.xml")
    assert "ends early" in message


def test_not_an_export() -> None:
    assert "root element is <ClinicalDocument>" in _error(b"<ClinicalDocument/>", "export.xml")
    assert "no apple_health_export/export.xml" in _error(_zip({"apple_health_export/x.txt": b"x"}), "e.zip")


def test_conformance_bad_samples_present() -> None:
    bad = HERE / "conformance" / "apple_health" / "bad"
    names = {p.name for p in bad.iterdir()}
    assert {
        "xxe_external_entity.xml",
        "billion_laughs.xml",
        "zip_slip.zip",
        "zip_bomb.zip",
        "truncated.zip",
        "invalid_utf8.xml",
    } <= names


# ----------------------------------------------------------------------------- real-world export defects

IOS16_DTD = b"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE HealthData [
<!-- HealthKit Export Version: 12 -->
<!ELEMENT HealthData (ExportDate,Me,(Record|Correlation|Workout|ActivitySummary|ClinicalRecord|VisionPrescription)*)>
<!ATTLIST HealthData
  locale CDATA #REQUIRED
>
<!ELEMENT VisionPrescription ((RightEye|LeftEye|Attachment|MetadataEntry)*)>
<!ATTLIST VisionPrescription
  type             CDATA #REQUIRED
  dateIssued       CDATA #REQUIRED
  expirationDate   CDATA #IMPLIED
  brand            CDATA #IMPLIED
<!ELEMENT RightEye EMPTY>
<!ATTLIST RightEye
  sphere           CDATA #IMPLIED
  sphereUnit       CDATA #IMPLIED
>
<!ELEMENT LeftEye EMPTY>
<!ATTLIST LeftEye
  sphere           CDATA #IMPLIED
  sphereUnit       CDATA #IMPLIED
>
>
]>
<HealthData locale="en_US">
 <ExportDate value="2022-11-01 10:00:00 -0700"/>
 <Record type="HKQuantityTypeIdentifierStepCount" sourceName="Phone" unit="count"
   startDate="2022-10-01 08:00:00 -0700" endDate="2022-10-01 08:05:00 -0700" value="120"/>
</HealthData>
"""


def test_ios16_malformed_dtd_is_ignored_with_a_warning() -> None:
    [rec] = _read(Source(data=IOS16_DTD, name="export.xml"))
    assert rec.value == 120
    assert rec.provenance.warnings == [
        "Apple's DTD at the top of export.xml is malformed (a known iOS 16 export defect); it was ignored"
    ]


def test_malformed_dtd_with_an_entity_is_still_refused() -> None:
    data = IOS16_DTD.replace(b"<!ELEMENT LeftEye EMPTY>", b'<!ENTITY xxe SYSTEM "file:///etc/passwd">')
    message = _error(data, "export.xml")  # not repaired: the parser stops at the DTD's syntax error
    assert "not well-formed XML (line 14" in message


def test_vertical_tab_in_values_is_removed() -> None:
    data = GOOD_XML.replace(b'value="Europe/Amsterdam"', b'value="Europe/\x0bAmsterdam"', 1)
    records = _read(Source(data=data, name="export.xml"))
    assert len(records) == 12
    sleep = next(r for r in records if r.kind == "HKCategoryTypeIdentifierSleepAnalysis")
    assert sleep.payload["metadata"]["HKTimeZone"] == "Europe/Amsterdam"
    assert any("control character" in w for r in records for w in r.provenance.warnings)


def test_profile_records_of_two_people_do_not_collide() -> None:
    def me(dob: str) -> bytes:
        return (
            f'<HealthData locale="en"><Me HKCharacteristicTypeIdentifierDateOfBirth="{dob}" '
            'HKCharacteristicTypeIdentifierBiologicalSex="HKBiologicalSexFemale"/></HealthData>'
        ).encode()

    first = {r.kind: r.content_hash for r in _read(Source(data=me("1980-01-01"), name="export.xml"))}
    second = {r.kind: r.content_hash for r in _read(Source(data=me("2012-05-05"), name="export.xml"))}
    sex = "HKCharacteristicTypeIdentifierBiologicalSex"
    assert first[sex] != second[sex]


def test_route_reference_cannot_leave_the_export_folder(tmp_path: Path) -> None:
    folder = tmp_path / "apple_health_export"
    (folder / "workout-routes").mkdir(parents=True)
    secret = tmp_path / "secret.txt"
    secret.write_text("not for the vault")
    (folder / "workout-routes" / "link.gpx").symlink_to(secret)
    xml = (DOGSHEEP_FOLDER / "apple_health_export" / "export.xml").read_bytes()
    for ref in (b"/workout-routes/link.gpx", b"/workout-routes/../../secret.txt"):
        (folder / "export.xml").write_bytes(xml.replace(b"/workout-routes/route_2019-06-11_3.00pm.gpx", ref))
        workout = next(r for r in _read(Source(folder / "export.xml")) if r.kind == "workout")
        assert workout.attachments == []
        assert "is not in the export" in workout.provenance.warnings[0]


# ----------------------------------------------------------------------------- electrocardiograms, export_cda.xml

ECG_DIR = FIXTURES / "synthetic-ecg"  # synthetic, written for this project (see tests/fixtures/LICENSES.md)
ECG_EN = "electrocardiograms/ecg_2024-02-05.csv"
ECG_DE = "electrocardiograms/ecg_2024-02-06_1.csv"
CDA = ECG_DIR / "export_cda.xml"
SHORT_WARNING = (
    "only {n} samples ({s} s at {hz} Hz) where an Apple Watch records 30 s: the file may have been cut short"
)


def _export_files(**extra: bytes) -> dict[str, bytes]:
    """The files of an export folder: export.xml, export_cda.xml, two ECGs, a route (and ``extra``)."""
    return {
        "export.xml": SYNTHETIC,
        "export_cda.xml": CDA.read_bytes(),
        ECG_EN: (ECG_DIR / "ecg_2024-02-05.csv").read_bytes(),
        ECG_DE: (ECG_DIR / "ecg_2024-02-06_1.csv").read_bytes(),
        "workout-routes/route_2024-02-02_7.00am.gpx": GPX.read_bytes(),
        **extra,
    }


def _as_zip(tmp_path: Path, files: dict[str, bytes]) -> Source:
    tmp_path.mkdir(parents=True, exist_ok=True)
    path = tmp_path / "export.zip"
    path.write_bytes(_zip({f"apple_health_export/{name}": data for name, data in files.items()}))
    return Source(path)


def _as_folder(tmp_path: Path, files: dict[str, bytes]) -> Source:
    folder = tmp_path / "apple_health_export"
    for name, data in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    return Source(folder / "export.xml")


LAYOUTS = {"zip": _as_zip, "folder": _as_folder}


def _items(source: Source) -> tuple[list[Record], list[SkippedItem]]:
    items = list(AppleHealthConnector().read(source, ImportContext()))
    return as_records(items), [i for i in items if isinstance(i, SkippedItem)]


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_ecg_becomes_a_record_with_its_csv_attached(tmp_path: Path, layout: str) -> None:
    records, skipped = _items(LAYOUTS[layout](tmp_path, _export_files()))
    ecgs = {r.payload["file"]: r for r in records if r.kind == "HKElectrocardiogram"}
    assert sorted(ecgs) == [ECG_EN, ECG_DE]
    ecg = ecgs[ECG_EN]
    assert ecg.domain is Domain.HEALTH and ecg.title == "ECG: Sinus Rhythm"
    assert ecg.start is not None and ecg.start.isoformat() == "2024-02-05T08:15:40-05:00"
    assert ecg.end is not None and (ecg.end - ecg.start) == timedelta(seconds=0.75)  # 384 samples at 512 Hz
    # the unquoted commas of Symptoms are kept, the quoted ones of Device and Date of Birth unquoted
    assert ecg.text == "Sinus Rhythm; Symptoms: Rapid, pounding, or fluttering heartbeat,Dizziness"
    payload = ecg.payload
    assert payload["samples"] == 384
    assert payload["sampleRate"] == {"value": 512.0, "unit": "hertz"}
    assert (payload["lead"], payload["unit"], payload["device"]) == ("Lead I", "µV", "Watch6,1")
    assert payload["header"]["Date of Birth"] == "Jan 2, 1980"
    assert payload["header"]["Recorded Date"] == "2024-02-05 08:15:40 -0500"
    assert len(json.dumps(payload)) < 1500  # the header and counts, not the 384 samples
    [csv] = ecg.attachments
    assert (csv.name, csv.media_type) == ("ecg_2024-02-05.csv", "text/csv")
    assert csv.data == (ECG_DIR / "ecg_2024-02-05.csv").read_bytes()
    assert ecg.provenance.original_id == ECG_EN
    assert ecg.provenance.warnings == [SHORT_WARNING.format(n=384, s="0.8", hz="512")]  # the fixture is short
    # export.xml is read as before, beside the ECGs
    assert Counter(r.kind for r in records)["workout"] == 1
    assert [s.where for s in skipped] == ["export_cda.xml"]


def test_ecg_zip_and_folder_give_the_same_records(tmp_path: Path) -> None:
    from_zip, _ = _items(_as_zip(tmp_path / "z", _export_files()))
    from_folder, _ = _items(_as_folder(tmp_path / "f", _export_files()))
    assert sorted(r.content_hash for r in from_zip) == sorted(r.content_hash for r in from_folder)
    assert len(from_zip) == len(_read(Source(data=SYNTHETIC, name="export.xml"))) + 2


def test_german_ecg_header_and_decimal_commas(tmp_path: Path) -> None:
    records, _ = _items(_as_zip(tmp_path, _export_files()))
    ecg = next(r for r in records if r.payload.get("file") == ECG_DE)
    assert ecg.title == "ECG: Sinusrhythmus" and ecg.text == "Sinusrhythmus"  # "Symptome," is empty
    assert ecg.start is not None and ecg.start.isoformat() == "2024-02-06T19:02:11+01:00"
    # "Messrate,511,422<no-break space>hertz": decimal comma, and the samples are written "-40,000"
    assert ecg.payload["sampleRate"] == {"value": 511.422, "unit": "hertz"}
    assert ecg.payload["samples"] == 300 and ecg.payload["durationSeconds"] == round(300 / 511.422, 3)
    assert (ecg.payload["lead"], ecg.payload["unit"], ecg.payload["classification"]) == (
        "Ableitung I",
        "µV",
        "Sinusrhythmus",
    )
    assert ecg.payload["header"]["Geburtstag"] == "02.01.1980"
    assert ecg.provenance.warnings == [SHORT_WARNING.format(n=300, s="0.6", hz="511.422")]  # names all known


def test_full_length_ecg_has_no_warning(tmp_path: Path) -> None:
    lines = (ECG_DIR / "ecg_2024-02-05.csv").read_bytes().splitlines(keepends=True)
    first_sample = lines.index(b"\n", 12) + 1  # the blank line after "Unit,µV"
    full = b"".join(lines[:first_sample] + lines[first_sample:] * 40)  # 15,360 samples = 30 s at 512 Hz
    records, _ = _items(_as_zip(tmp_path, {"export.xml": SYNTHETIC, ECG_EN: full}))
    [ecg] = [r for r in records if r.kind == "HKElectrocardiogram"]
    assert ecg.payload["samples"] == 15360 and ecg.payload["durationSeconds"] == 30.0
    assert ecg.end is not None and ecg.start is not None and ecg.end - ecg.start == timedelta(seconds=30)
    assert ecg.provenance.warnings == []


def test_unknown_header_language_keeps_the_header_and_finds_the_time(tmp_path: Path) -> None:
    data = (ECG_DIR / "ecg_2024-02-05.csv").read_bytes()
    for english, other in (
        (b"Recorded Date", b"Xx Date"),
        (b"Classification", b"Xx Class"),
        (b"Sample Rate", b"Xx Rate"),
        (b"Unit,", b"Xx Unit,"),
    ):
        data = data.replace(english, other)
    records, _ = _items(_as_zip(tmp_path, {"export.xml": SYNTHETIC, ECG_EN: data}))
    [ecg] = [r for r in records if r.kind == "HKElectrocardiogram"]
    assert ecg.title == "ECG" and ecg.start is not None and ecg.start.isoformat() == "2024-02-05T08:15:40-05:00"
    assert ecg.payload["header"]["Xx Class"] == "Sinus Rhythm"
    assert ecg.payload["sampleRate"] == {"value": 512.0, "unit": "hertz"} and ecg.payload["unit"] == "µV"
    assert "language this connector does not know" in ecg.provenance.warnings[0]


def test_unreadable_ecg_files_are_skipped_and_the_rest_imports(tmp_path: Path) -> None:
    good = (ECG_DIR / "ecg_2024-02-05.csv").read_bytes()
    header_only = b"".join(good.splitlines(keepends=True)[:13])
    bad = {
        "electrocardiograms/ecg_2024-03-01.csv": header_only,  # cut after its header
        "electrocardiograms/ecg_2024-03-02.csv": good[:150],  # cut inside the header
        "electrocardiograms/ecg_2024-03-03.csv": bytes(range(256)) * 8,  # binary garbage
        "electrocardiograms/ecg_2024-03-04.csv": good[:600] + b"\x00\x01garbage\n-12.5\n",  # garbage among samples
        "electrocardiograms/ecg_2024-03-05.csv": b"",
        "electrocardiograms/ecg_2024-03-06.csv": good.replace(b"2024-02-05 08:15:40 -0500", b"yesterday"),
        "electrocardiograms/ecg_2024-03-07.csv": b"a,b\n" * 100 + b"1\n",  # not an ECG header at all
    }
    records, skipped = _items(_as_zip(tmp_path, _export_files(**bad)))
    reasons = {s.where: s.reason for s in skipped}
    assert set(reasons) == {*bad, "export_cda.xml"}
    assert "ends after its header" in reasons["electrocardiograms/ecg_2024-03-01.csv"]
    assert "ends after its header" in reasons["electrocardiograms/ecg_2024-03-02.csv"]
    assert "not UTF-8" in reasons["electrocardiograms/ecg_2024-03-03.csv"]
    assert "is not a voltage sample" in reasons["electrocardiograms/ecg_2024-03-04.csv"]
    assert "empty" in reasons["electrocardiograms/ecg_2024-03-05.csv"]
    assert "unreadable Recorded Date 'yesterday'" in reasons["electrocardiograms/ecg_2024-03-06.csv"]
    assert "not an Apple Watch ECG" in reasons["electrocardiograms/ecg_2024-03-07.csv"]
    assert all(r.startswith("not imported: ") for w, r in reasons.items() if w != "export_cda.xml")
    ecgs = sorted(r.payload["file"] for r in records if r.kind == "HKElectrocardiogram")
    assert ecgs == [ECG_EN, ECG_DE]
    assert len(records) == len(_read(Source(data=SYNTHETIC, name="export.xml"))) + 2


def test_damaged_ecg_zip_member_is_skipped(tmp_path: Path) -> None:
    source = _as_zip(tmp_path, _export_files())
    assert source.path is not None
    data = bytearray(source.path.read_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as zf:
        info = zf.getinfo(f"apple_health_export/{ECG_EN}")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start + 20 : start + 60] = b"\xff" * 40  # corrupt the deflate stream, keep the directory
    records, skipped = _items(Source(data=bytes(data), name="export.zip"))
    [damaged] = [s for s in skipped if s.where == ECG_EN]
    assert "is damaged" in damaged.reason
    assert [r.payload["file"] for r in records if r.kind == "HKElectrocardiogram"] == [ECG_DE]
    assert any(r.kind == "workout" for r in records)


def test_oversized_ecg_file_is_not_read(tmp_path: Path) -> None:
    source = _as_folder(tmp_path, _export_files())
    huge = tmp_path / "apple_health_export" / "electrocardiograms" / "ecg_2024-03-09.csv"
    with huge.open("wb") as fh:
        fh.truncate(21 * 1024**2)  # sparse: never read, refused by its size
    records, skipped = _items(source)
    [big] = [s for s in skipped if s.where == "electrocardiograms/ecg_2024-03-09.csv"]
    assert "over the 20 MB limit for one ECG file" in big.reason
    assert len([r for r in records if r.kind == "HKElectrocardiogram"]) == 2


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_export_cda_beside_export_xml_is_skipped_with_its_reason(tmp_path: Path, layout: str) -> None:
    records, skipped = _items(LAYOUTS[layout](tmp_path, _export_files()))
    [cda] = skipped
    assert cda.where == "export_cda.xml"
    assert cda.reason == (
        "same data as export.xml, in HL7 CDA form: not imported a second time (it would duplicate every record)"
    )
    # the CDA's systolic reading is not a second record
    assert Counter(r.kind for r in records)["HKQuantityTypeIdentifierBloodPressureSystolic"] == 1
    without = _export_files()
    del without["export_cda.xml"]
    assert _items(LAYOUTS[layout](tmp_path / "without", without))[1] == []


def test_export_cda_alone_is_one_clear_error(tmp_path: Path) -> None:
    from wallet.imports import registry

    expected = (
        "export_cda.xml: this is Apple Health's export_cda.xml, an HL7 CDA copy of the same data as "
        "export.xml; it is not imported (it would only duplicate that data). Import export.xml from the "
        "same folder, or the whole export.zip, instead"
    )
    folder = _as_folder(tmp_path, _export_files())
    alone = Source(folder.path.parent / "export_cda.xml") if folder.path else None
    assert alone is not None
    # identified (so the user is not told "no connector recognises this file"), then refused
    assert registry.choose(alone).id == "apple_health"
    with pytest.raises(ConnectorError) as info:
        list(AppleHealthConnector().read(alone, ImportContext()))
    assert str(info.value) == expected  # not a single ECG or record is yielded before
    renamed = Source(data=CDA.read_bytes(), name="health.xml")  # Apple's document id is enough
    assert AppleHealthConnector().identify(renamed)
    assert "this is Apple Health's export_cda.xml" in _error(CDA.read_bytes(), "health.xml")
    only_cda = _zip({"apple_health_export/export_cda.xml": CDA.read_bytes()})
    message = _error(only_cda, "export.zip")
    assert "holds apple_health_export/export_cda.xml but no export.xml" in message
    assert "Import the complete export.zip" in message


def test_export_cda_alone_changes_nothing_in_the_vault(vault: Any) -> None:
    from wallet.imports.pipeline import import_source

    with pytest.raises(ConnectorError, match=r"Import export\.xml from the same folder"):
        import_source(vault, Source(CDA))
    assert vault.records() == []


def test_full_pipeline_with_ecgs(vault: Any, tmp_path: Path) -> None:
    from wallet.imports.pipeline import import_source

    report = import_source(vault, _as_zip(tmp_path, _export_files()), connector_id="apple_health")
    assert report.error is None and report.by_kind.get("HKElectrocardiogram") == 2
    assert [s.where for s in report.skipped] == ["export_cda.xml"]
    ecg = next(r for r in vault.records(kind="HKElectrocardiogram") if r.title == "ECG: Sinus Rhythm")
    [csv] = vault.get(ecg.id).attachments
    assert csv.media_type == "text/csv" and csv.data == (ECG_DIR / "ecg_2024-02-05.csv").read_bytes()
    again = import_source(vault, _as_zip(tmp_path / "again", _export_files()), connector_id="apple_health")
    assert again.added == 0 and again.duplicates == report.added

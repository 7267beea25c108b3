"""Samsung Health's personal data download (connectors/samsung_health/).

Regenerate the golden file with ``UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_samsung_health.py`` and review the diff.
No licensed real download exists (see /work/shared/samples/fitness-real/SOURCES.md); the fixtures in
tests/fixtures/samsung_health/ were written for this project in the layout public parsers document: the preamble
line, type-prefixed headers, trailing commas, a BOM before one header, CRLF in one file, UTC times with a
``time_offset`` column, ``source_type`` -2 day rows, and a ``jsons/`` heart-rate blob named by a CSV row.
"""

from __future__ import annotations

import json
import shutil
import tracemalloc
import zipfile
from collections import Counter
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from conftest import as_records, expand_samples
from golden_support import check_golden

from connectors.samsung_health import SamsungHealthConnector
from wallet.errors import ConnectorError, WalletError
from wallet.imports import registry
from wallet.imports.connector import ImportContext, Source
from wallet.imports.pipeline import import_source
from wallet.model import Record, SkippedItem
from wallet.samples import Samples
from wallet.store.vault import Vault
from wallet.terms import measures

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures" / "samsung_health"
FOLDER = FIXTURES / "samsunghealth_demo_20230502101500"
ZIP = FIXTURES / "samsunghealth_demo_20230502101500.zip"
FOLDER_FILES = sorted(p for p in FOLDER.rglob("*") if p.is_file())
BAD = sorted((HERE / "conformance" / "samsung_health" / "bad").iterdir())
KST = timezone(timedelta(hours=9))
EDT = timezone(timedelta(hours=-4))
HR_CSV = "com.samsung.shealth.tracker.heart_rate.20230502101500.csv"


def read(src: Path | Source, **options: Any) -> list[Record | SkippedItem]:
    """What the connector yields, samples expanded to the records they stand for (sample_records), in order."""
    return list(expand_samples(read_raw(src, **options)))


def read_raw(src: Path | Source, **options: Any) -> list[Record | Samples | SkippedItem]:
    source = src if isinstance(src, Source) else Source(src)
    return list(SamsungHealthConnector().read(source, ImportContext(options=options)))


def records(src: Path | Source, **options: Any) -> list[Record]:
    return as_records(read_raw(src, **options))


def skipped(src: Path | Source, **options: Any) -> list[SkippedItem]:
    return [r for r in read(src, **options) if isinstance(r, SkippedItem)]


def by_kind(recs: list[Record], kind: str) -> list[Record]:
    return [r for r in recs if r.kind == kind]


def folder_records(folder: Path) -> list[Record]:
    """What ``mydata-wallet import FOLDER`` reads: every file of the folder, each on its own."""
    out: list[Record] = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        out += records(path)
    return out


@pytest.fixture(scope="module")
def zipped() -> list[Record]:
    return records(ZIP)


# --------------------------------------------------------------------------- detection


@pytest.mark.slow
def test_the_zip_and_every_file_of_the_folder_are_claimed_by_samsung_health_only() -> None:
    assert list(registry.detect(Source(ZIP))) == ["samsung_health"]
    for path in FOLDER_FILES:
        assert list(registry.detect(Source(path))) == ["samsung_health"], path.name


def test_other_csvs_zips_and_json_are_not_claimed(tmp_path: Path) -> None:
    plain = tmp_path / "com.samsung.health.weight.1.csv"
    plain.write_text("start_time,weight\n2023-05-01 00:00:00.000,60\n", encoding="utf-8")
    other_zip = tmp_path / "photos.zip"
    with zipfile.ZipFile(other_zip, "w") as zf:
        zf.writestr("DCIM/a.txt", "x")
    loose_json = tmp_path / "x.json"
    loose_json.write_text('[{"start_time": 1}]', encoding="utf-8")
    for path in (plain, other_zip, loose_json):
        assert not SamsungHealthConnector().identify(Source(path)), path.name


# --------------------------------------------------------------------------- values, units, kinds


def test_each_type_maps_to_its_measurement_type_in_canonical_units(zipped: list[Record]) -> None:
    (weight,) = by_kind(zipped, "body_weight")
    (height,) = by_kind(zipped, "body_height")
    (fat,) = by_kind(zipped, "body_fat")
    assert (weight.value, weight.unit, weight.code) == (68.2, "kg", "29463-7")
    assert (height.value, height.unit, fat.value, fat.unit) == (172, "cm", 21.4, "%")
    (glucose,) = by_kind(zipped, "blood_glucose")
    # Samsung Health stores mmol/L: 5.6 mmol/L of glucose is 100.9 mg/dL (molar mass 180.16 g/mol)
    assert (glucose.value, glucose.unit) == (100.9, "mg/dL")
    assert glucose.payload["glucose"] == "5.6" and "mmol/L" in glucose.provenance.warnings[-1]
    (spo2,) = by_kind(zipped, "oxygen_saturation")
    assert (spo2.value, spo2.unit, spo2.start) == (97, "%", datetime(2023, 5, 1, 1, 0, tzinfo=KST))
    for r in (weight, height, fat, glucose, spo2):
        key = measures.classify(r.kind, r.code_system, r.code)
        assert measures.BY_KEY[key].unit in (r.unit, "%", "kg", "cm")


def test_blood_pressure_is_a_pair_at_one_instant_and_the_pulse_a_heart_rate(zipped: list[Record]) -> None:
    (sys_,) = by_kind(zipped, "blood_pressure_systolic")
    (dia,) = by_kind(zipped, "blood_pressure_diastolic")
    assert (sys_.value, dia.value, sys_.unit) == (128, 82, "mmHg")
    assert sys_.start == dia.start == datetime(2023, 5, 1, 8, 0, tzinfo=KST)
    assert measures.part_of(sys_.kind, sys_.code_system, sys_.code) == "systolic"
    assert measures.part_of(dia.kind, dia.code_system, dia.code) == "diastolic"
    assert sys_.payload["sourceName"] == dia.payload["sourceName"]  # paired by source and time
    pulse = [r for r in by_kind(zipped, "heart_rate") if "pulse" in r.title]
    assert [(p.value, p.start) for p in pulse] == [(71, sys_.start)]


def test_sleep_session_stages_and_stress_are_their_own_kinds(zipped: list[Record]) -> None:
    (sleep,) = by_kind(zipped, "sleep")
    assert sleep.start == datetime(2023, 4, 30, 23, 30, tzinfo=KST)
    assert sleep.end == datetime(2023, 5, 1, 6, 45, tzinfo=KST)
    assert (sleep.value, sleep.unit, sleep.title) == (435, "min", "Sleep 7 h 15 min")
    stages = by_kind(zipped, "sleep_stage")
    assert [(s.payload["stageName"], s.value) for s in stages] == [
        ("Light sleep", 30),
        ("Deep sleep", 70),
        ("Awake", 5),
        ("REM sleep", 45),
    ]
    (stress,) = by_kind(zipped, "stress")
    assert (stress.value, stress.unit) == (42, None)
    assert measures.classify("stress", None, None) == measures.OTHER_KIND + "stress"


def test_interval_steps_keep_their_interval_and_leave_out_zero_rows(zipped: list[Record]) -> None:
    steps = by_kind(zipped, "steps")
    assert [(s.value, s.start, s.end) for s in steps] == [
        (812, datetime(2023, 5, 1, 9, 0, tzinfo=KST), datetime(2023, 5, 1, 9, 10, tzinfo=KST)),
        (1204, datetime(2023, 5, 1, 10, 0, tzinfo=KST), datetime(2023, 5, 1, 10, 10, tzinfo=KST)),
    ]
    assert any("1 step rows with no steps" in s.reason for s in skipped(ZIP))


# --------------------------------------------------------------------------- zones and times


def test_times_are_utc_shown_at_each_rows_time_offset(zipped: list[Record]) -> None:
    hr = [r for r in by_kind(zipped, "heart_rate") if "pulse" not in r.title]
    first = hr[0]
    # 2023-05-01 00:12:33.123 UTC with UTC+0900
    assert first.start == datetime(2023, 5, 1, 0, 12, 33, 123000, tzinfo=UTC)
    assert first.start is not None and first.start.utcoffset() == timedelta(hours=9)
    travel = [r for r in hr if r.value == 95]
    assert [r.start for r in travel] == [datetime(2023, 5, 1, 10, 0, tzinfo=EDT)]  # UTC-0400 that row
    assert travel[0].start is not None and travel[0].start.utcoffset() == timedelta(hours=-4)


def test_times_local_option_reads_the_clock_at_the_offset_and_says_so() -> None:
    path = FOLDER / "com.samsung.health.weight.20230502101500.csv"
    (weight, *_) = records(path, times="local")
    assert weight.start == datetime(2023, 4, 30, 22, 5, tzinfo=KST)
    assert "option times=local" in weight.provenance.warnings[-1]
    with pytest.raises(ConnectorError, match="times is utc or local"):
        read(path, times="Asia/Seoul")


def test_a_row_without_time_offset_is_in_utc_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "com.samsung.health.weight.1.csv"
    path.write_text(
        "com.samsung.health.weight,6302004,8\nstart_time,weight,\n2023-04-30 22:05:00.000,68.2,\n", encoding="utf-8"
    )
    (weight,) = records(path)
    assert weight.start == datetime(2023, 4, 30, 22, 5, tzinfo=UTC) and weight.start.utcoffset() == timedelta(0)
    assert weight.provenance.warnings == ["no time_offset in this row: shown in UTC"]


# --------------------------------------------------------------------------- the -2 rule


def test_daily_steps_take_the_merged_row_and_never_add_the_device_rows(zipped: list[Record]) -> None:
    daily = by_kind(zipped, "steps_daily")
    days = Counter(r.start.date() for r in daily if r.start is not None)
    assert all(n == 1 for n in days.values()), days  # one total per day, never merged + devices
    got = {r.start.date(): r.value for r in daily if r.start is not None}
    # 05-01: the -2 row (9120), not 4000 + 6100; 04-30: the -2 row although a device row says the same;
    # 05-02: no merged row, two devices: the larger one, not their sum
    assert got == {date(2023, 5, 1): 9120, date(2023, 4, 30): 7000, date(2023, 5, 2): 3500}
    assert all(r.date_only and r.payload.get("source_type") in ("-2", "4") for r in daily)
    reasons = [s.reason for s in skipped(ZIP)]
    assert "3 per-device day rows left out: the day's merged row (source_type -2) is imported" in reasons
    assert any(r.startswith("1 day rows of another device left out") for r in reasons)


def test_the_rule_does_not_depend_on_row_order(tmp_path: Path) -> None:
    src = FOLDER / "com.samsung.shealth.step_daily_trend.20230502101500.csv"
    preamble, header, *rows = src.read_text(encoding="utf-8").splitlines()
    flipped = tmp_path / src.name
    flipped.write_text("\n".join([preamble, header, *reversed(rows)]) + "\n", encoding="utf-8")
    got = sorted((r.start, r.value) for r in records(flipped))
    assert got == sorted((r.start, r.value) for r in records(src))


# --------------------------------------------------------------------------- the jsons/ blob


def test_the_heart_rate_blob_replaces_the_rows_average_with_its_minutes(zipped: list[Record]) -> None:
    bins = [r for r in by_kind(zipped, "heart_rate") if "heart_rate_min" in r.payload.get("metadata", {})]
    assert [(r.value, r.start, r.end) for r in bins] == [
        (58, datetime(2023, 5, 1, 12, 0, tzinfo=KST), datetime(2023, 5, 1, 12, 0, 59, tzinfo=KST)),
        (63.5, datetime(2023, 5, 1, 12, 1, tzinfo=KST), datetime(2023, 5, 1, 12, 1, 59, tzinfo=KST)),
        (77, datetime(2023, 5, 1, 12, 2, tzinfo=KST), datetime(2023, 5, 1, 12, 2, 59, tzinfo=KST)),
    ]
    assert not [r for r in by_kind(zipped, "heart_rate") if r.value == 66]  # the row's own average


def test_heart_rate_and_interval_steps_are_series_per_device_and_the_pulse_a_record() -> None:
    items = read_raw(ZIP)
    series = [s for s in items if isinstance(s, Samples)]
    assert {(s.kind, s.unit, s.source) for s in series} >= {
        ("heart_rate", "bpm", "Samsung Health (dev-watch-1)"),
        ("steps", "steps", "Samsung Health (dev-phone-1)"),
    }
    rows = [row for s in series for row in s.rows]
    assert {row[3] for row in rows} == {540, -240}  # each row's time_offset: UTC+0900, one UTC-0400
    extras = [json.loads(row[4]) for s in series if s.kind == "steps" for row in s.rows if row[4]]
    assert extras and all(set(e) <= {"distance", "calorie"} for e in extras)
    assert {"distance": 590.5, "calorie": 25.1} in extras
    pulse = [r for r in items if isinstance(r, Record) and r.kind == "heart_rate"]
    assert pulse and all("pulse" in r.title for r in pulse)  # a blood-pressure reading's pulse stays a record


def test_without_its_blob_the_row_average_is_kept_and_the_report_says_why(tmp_path: Path) -> None:
    alone = tmp_path / HR_CSV
    shutil.copy(FOLDER / HR_CSV, alone)
    hr = records(alone)
    assert 66 in [r.value for r in hr] and not [r for r in hr if "heart_rate_min" in r.payload.get("metadata", {})]
    reasons = [s.reason for s in skipped(alone)]
    assert any("1 heart-rate binning_data blobs not found" in r and "averages are imported" in r for r in reasons)


def test_a_hostile_blob_is_skipped_with_its_reason_and_the_rest_imported(tmp_path: Path) -> None:
    folder = tmp_path / FOLDER.name
    shutil.copytree(FOLDER, folder)
    (blob,) = (folder / "jsons").rglob("*.json")
    blob.write_text("[" * 5000 + "]" * 5000, encoding="utf-8")
    hr = records(folder / HR_CSV)
    assert 66 in [r.value for r in hr]
    assert any("unreadable" in s.reason and "nested" in s.reason for s in skipped(folder / HR_CSV))


def test_the_blob_file_itself_is_claimed_and_only_reported(zipped: list[Record]) -> None:
    (blob,) = (FOLDER / "jsons").rglob("*.json")
    (item,) = read(blob)
    assert isinstance(item, SkippedItem) and "com.samsung.shealth.tracker.heart_rate" in item.reason


def test_types_not_read_are_reported_once_per_file() -> None:
    reasons = [s.reason for s in skipped(ZIP)]
    assert sum("com.samsung.shealth.exercise: not read" in r for r in reasons) == 1
    assert any(r.startswith("1 stress binning_data blobs not read") for r in reasons)


# --------------------------------------------------------------------------- zip, folder, re-import


def test_the_zip_and_the_folder_give_the_same_records(zipped: list[Record]) -> None:
    from_folder = folder_records(FOLDER)
    assert len(zipped) == 24
    assert sorted(r.content_hash for r in zipped) == sorted(r.content_hash for r in from_folder)
    assert {r.provenance.source_name for r in zipped} == {ZIP.name}


def test_reimport_is_all_duplicates_whichever_form(vault: Vault) -> None:
    first = import_source(vault, Source(ZIP))
    assert first.connector_id == "samsung_health" and first.added == 24 and first.duplicates == 0
    again = import_source(vault, Source(ZIP))
    assert (again.added, again.duplicates) == (0, 24)
    added = duplicates = 0
    for path in FOLDER_FILES:
        report = import_source(vault, Source(path))
        added, duplicates = added + report.added, duplicates + report.duplicates
    assert (added, duplicates) == (0, 24)
    assert vault.count() + vault.sample_count() == 24  # heart rate and interval steps are samples


def test_imported_readings_land_in_their_measurement_types(vault: Vault) -> None:
    from wallet.features import measurements

    import_source(vault, Source(ZIP))
    holder = vault.holder()
    person = holder.id if holder is not None else None
    keys = {t.key for t in measurements.measurement_types(vault, person)}
    assert {"heart_rate", "steps", "steps_daily", "body_weight", "blood_pressure", "blood_glucose"} <= keys
    bp = measurements.samples(vault, "blood_pressure", person)
    assert [(s.value, s.value2) for s in bp] == [(128, 82)]


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize("path", BAD, ids=lambda p: p.name)
def test_bad_input_one_readable_error_and_the_vault_as_it_was(path: Path, vault: Vault) -> None:
    with pytest.raises(ConnectorError) as info:
        read(path)
    message = str(info.value)
    assert message.startswith(path.name) and "\n" not in message and "Traceback" not in message
    import_source(vault, Source(ZIP))
    before = vault.count()
    with pytest.raises(WalletError):
        import_source(vault, Source(path), connector_id="samsung_health")
    assert vault.count() == before


def test_one_damaged_file_in_the_zip_is_reported_and_the_others_read(tmp_path: Path) -> None:
    path = tmp_path / "samsunghealth_x_20230502101500.zip"
    cp949 = HERE / "conformance" / "samsung_health" / "bad" / "com.samsung.health.weight.cp949.csv"
    with zipfile.ZipFile(path, "w") as zf:
        zf.write(FOLDER / HR_CSV, f"x/{HR_CSV}")
        zf.write(cp949, "x/com.samsung.health.weight.20230502101500.csv")
    items = read(path)
    assert len([r for r in items if isinstance(r, Record) and r.kind == "heart_rate"]) == 3
    (bad,) = [s for s in items if isinstance(s, SkippedItem) and "weight" in s.where]
    assert "not UTF-8 text (line 3)" in bad.reason and "the rest of the download is read" in bad.reason
    with zipfile.ZipFile(path, "w") as zf:  # nothing readable at all: one error, as for a single file
        zf.write(cp949, "x/com.samsung.health.weight.20230502101500.csv")
    with pytest.raises(ConnectorError, match=r"^samsunghealth_x_20230502101500\.zip: .*not UTF-8"):
        read(path)


def test_a_huge_line_is_refused_without_reading_it_whole(tmp_path: Path) -> None:
    path = tmp_path / "com.samsung.health.weight.1.csv"
    with path.open("wb") as fh:
        fh.write(b"com.samsung.health.weight,6302004,8\nstart_time,weight,comment,\n2023-04-30 22:05:00.000,68.2,")
        fh.write(b"x" * (3 * 1024 * 1024))
    with pytest.raises(ConnectorError, match="longer than 1 MB"):
        read(path)


def test_an_encrypted_or_oversized_zip_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConnectorError, match="expand"):
        read(ZIP, max_uncompressed_bytes=1000)
    with pytest.raises(ConnectorError, match="a number of bytes"):
        read(ZIP, max_uncompressed_bytes="lots")


@pytest.mark.slow
def test_dense_heart_rate_streams_with_flat_memory(tmp_path: Path) -> None:
    path = tmp_path / "com.samsung.shealth.tracker.heart_rate.1.csv"
    rows = 20_000
    start = datetime(2023, 1, 1, tzinfo=UTC)
    with path.open("w", encoding="utf-8") as fh:
        fh.write("com.samsung.shealth.tracker.heart_rate,6302004,8\n")
        fh.write(
            "com.samsung.health.heart_rate.start_time,com.samsung.health.heart_rate.heart_rate,"
            "com.samsung.health.heart_rate.time_offset,com.samsung.health.heart_rate.datauuid,"
            "com.samsung.health.heart_rate.comment,\n"
        )
        for i in range(rows):
            t = (start + timedelta(seconds=10 * i)).strftime("%Y-%m-%d %H:%M:%S.000")
            fh.write(f"{t},{60 + i % 40},UTC+0900,{i:032x},{'quiet evening at home ' * 20},\n")
    size = path.stat().st_size
    tracemalloc.start()
    n = 0
    for item in SamsungHealthConnector().read(Source(path), ImportContext()):
        n += len(item) if isinstance(item, Samples) else isinstance(item, Record)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert n == rows
    assert size > 8 * 1024 * 1024 and peak < size / 4, (size, peak)


# --------------------------------------------------------------------------- golden


def test_golden(zipped: list[Record]) -> None:
    view = []
    for r in read(ZIP):
        d = r.model_dump(mode="json", exclude={"id"})
        if isinstance(r, Record):
            d["provenance"].pop("imported_at", None)
        view.append(d)
    json.dumps(view)
    check_golden(view, HERE / "golden" / "samsung_health" / "samsunghealth_demo_20230502101500.json", sort_keys=True)

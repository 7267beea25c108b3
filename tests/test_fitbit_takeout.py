"""Fitbit's account archive in Google Takeout (connectors/google_takeout/fitbit.py).

Regenerate the golden files with ``UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_fitbit_takeout.py`` and review the diff.
No licensed real archive exists (see /work/shared/samples/fitness-real/SOURCES.md); the fixtures were written for
this project in the layout recorded there (``MM/DD/YY`` times, ``"key" : value`` pretty-printing, per-day and
per-month files).  ``Profile.csv`` holds only the two columns read (``timezone``, ``weight_unit``) among made-up ones.
"""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from conftest import as_records, expand_samples
from golden_support import check_golden

from connectors.fitness import FitbitConnector
from connectors.google_takeout import FitbitTakeoutConnector
from connectors.google_takeout.fitbit import iter_json_array
from wallet.errors import ConnectorError, WalletError
from wallet.imports import registry
from wallet.imports.connector import ImportContext, Source
from wallet.imports.pipeline import import_source
from wallet.model import Record, SkippedItem
from wallet.samples import Samples
from wallet.store.vault import Vault
from wallet.terms import measures

HERE = Path(__file__).parent
ARCHIVE = HERE / "fixtures" / "google_takeout" / "Fitbit"
DATA = ARCHIVE / "Global Export Data"
FILES = sorted(DATA.iterdir())
GOOGLE_DATA = ARCHIVE / "Physical Activity_GoogleData"
CSVS = sorted(GOOGLE_DATA.iterdir())
BAD = HERE / "conformance" / "fitbit_takeout" / "bad"
NY = ZoneInfo("America/New_York")


def read(src: Path | Source, **options: Any) -> list[Record | SkippedItem]:
    """What the connector yields, samples expanded to the records they stand for (sample_records), in order."""
    return list(expand_samples(read_raw(src, **options)))


def read_raw(src: Path | Source, **options: Any) -> list[Record | Samples | SkippedItem]:
    source = src if isinstance(src, Source) else Source(src)
    return list(FitbitTakeoutConnector().read(source, ImportContext(options=options)))


def records(src: Path | Source, **options: Any) -> list[Record]:
    return as_records(read_raw(src, **options))


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_each_file_is_claimed_by_fitbit_takeout_only(path: Path) -> None:
    assert list(registry.detect(Source(path))) == ["fitbit_takeout"]


def test_web_api_sleep_still_goes_to_the_fitbit_connector() -> None:
    web = HERE / "fixtures" / "fitness" / "fitbit" / "fitbit-sleep-date.json"
    assert FitbitConnector().identify(Source(web)) and not FitbitTakeoutConnector().identify(Source(web))


def test_two_digit_years_in_the_profile_zone_across_daylight_saving() -> None:
    hr = records(DATA / "heart_rate-2024-03-09.json")
    assert hr[0].start == datetime(2024, 3, 9, 1, 59, tzinfo=NY)
    assert hr[0].start is not None and hr[0].start.utcoffset() == timedelta(hours=-5)
    assert hr[-1].start is not None and hr[-1].start.utcoffset() == timedelta(hours=-4)  # EDT from 2024-03-10
    assert [r.value for r in hr] == [62, 61, 63, 64, 58]
    assert all(r.code == "8867-4" and r.unit == "bpm" for r in hr)
    assert "America/New_York (from the archive's Personal & Account/Profile.csv)" in hr[0].provenance.warnings[0]


def test_options_win_over_the_profile_and_without_either_this_computer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (rec, *_) = records(DATA / "heart_rate-2024-03-09.json", timezone="Asia/Seoul")
    assert rec.start == datetime(2024, 3, 9, 1, 59, tzinfo=ZoneInfo("Asia/Seoul"))
    lone = tmp_path / "heart_rate-2024-03-09.json"
    shutil.copy(DATA / lone.name, lone)
    monkeypatch.setenv("TZ", "Europe/Berlin")
    (rec, *_) = records(lone)
    assert rec.start == datetime(2024, 3, 9, 1, 59, tzinfo=ZoneInfo("Europe/Berlin"))
    assert "this computer's zone" in rec.provenance.warnings[0]
    with pytest.raises(ConnectorError, match="unknown time zone"):
        read(lone, timezone="Mars/Olympus")


def test_weight_unit_from_the_profile_and_kinds_land_with_apple_health() -> None:
    recs = records(DATA / "weight-2024-03-09.json")
    weights = [r for r in recs if r.kind == "body_weight"]
    assert [(r.value, r.unit) for r in weights] == [(165.4, "lb"), (165.0, "lb")]
    body_weight = next(t for t in measures.TYPES if t.key == "body_weight")
    assert weights[0].code in body_weight.loinc
    assert {r.kind for r in recs} == {"body_weight", "bmi", "body_fat"}
    assert any("lb (from the archive's" in w for w in weights[0].provenance.warnings)
    kg = [r for r in records(DATA / "weight-2024-03-09.json", units="metric") if r.kind == "body_weight"]
    assert kg[0].unit == "kg"


def test_steps_leave_out_minutes_without_steps() -> None:
    steps = records(DATA / "steps-2024-03-09.json")
    assert [(r.start, r.value) for r in steps] == [
        (datetime(2024, 3, 9, 8, 1, tzinfo=NY), 57),
        (datetime(2024, 3, 9, 8, 2, tzinfo=NY), 112),
    ]
    assert all(r.end == r.start + timedelta(minutes=1) for r in steps if r.start)


def test_dense_kinds_are_series_of_samples_handed_over_in_batches() -> None:
    (hr,) = read_raw(DATA / "heart_rate-2024-03-09.json")
    assert isinstance(hr, Samples)
    assert (hr.kind, hr.title, hr.unit, hr.source, hr.code) == ("heart_rate", "Heart rate", "bpm", "Fitbit", "8867-4")
    assert hr.rows[0][2:] == (62.0, -300, '{"confidence":2}')  # EST, Fitbit's confidence kept per sample
    assert hr.rows[-1][3] == -240  # EDT
    assert measures.classify(hr.kind, hr.code_system, hr.code) == "heart_rate"
    (rhr, *_) = read_raw(DATA / "resting_heart_rate-2024-03-09.json")
    assert isinstance(rhr, Record)  # a daily value stays a record
    body = ",".join(
        f'{{"dateTime" : "03/09/24 {i // 60 % 24:02d}:{i % 60:02d}:00", "value" : "1"}}' for i in range(9001)
    )
    batches = read_raw(Source(data=f"[{body}]".encode(), name="steps-2024-03-09.json"), timezone="UTC")
    assert [len(b) for b in batches if isinstance(b, Samples)] == [4000, 4000, 1001]
    assert isinstance(batches[0], Samples) and batches[0].rows[0] == (
        datetime(2024, 3, 9, tzinfo=UTC).timestamp(),
        datetime(2024, 3, 9, 0, 1, tzinfo=UTC).timestamp(),
        1.0,
        0,
        None,
    )
    (csv_hr,) = read_raw(GOOGLE_DATA / "heart_rate_2024-10-27.csv")
    assert isinstance(csv_hr, Samples) and [r[3] for r in csv_hr.rows] == [None, None, None]  # UTC times


def test_sleep_log() -> None:
    (rec,) = records(DATA / "sleep-2024-03-09.json")
    assert (rec.kind, rec.value, rec.unit) == ("sleep", 402, "min")
    assert rec.start == datetime(2024, 3, 8, 23, 31, tzinfo=NY) and rec.end == datetime(2024, 3, 9, 7, 2, 30, tzinfo=NY)


def test_streaming_reader_handles_entries_across_chunk_edges() -> None:
    # 20 000 entries (about 1.3 MB): the reader sees them in 64 KiB chunks, cut anywhere
    body = ",".join(f'{{"dateTime" : "03/09/24 00:00:00", "value" : "{i}"}}' for i in range(20000))
    src = Source(data=f"[{body}]".encode(), name="steps-2024-03-09.json")
    values = [int(item["value"]) for item in iter_json_array(src, ImportContext())]
    assert values == list(range(20000))
    numbers = Source(data=("[" + ",".join(str(10**12 + i) for i in range(9000)) + "]").encode(), name="n.json")
    assert list(iter_json_array(numbers, ImportContext())) == [10**12 + i for i in range(9000)]


def test_resting_heart_rate_one_per_local_day_and_days_without_an_estimate_left_out() -> None:
    recs = records(DATA / "resting_heart_rate-2024-03-09.json")
    assert [(r.start, r.end, r.date_only) for r in recs] == [
        (datetime(2024, 3, 9, tzinfo=NY), datetime(2024, 3, 10, tzinfo=NY), True),
        (datetime(2024, 3, 11, tzinfo=NY), datetime(2024, 3, 12, tzinfo=NY), True),
    ]
    assert [round(r.value or 0, 2) for r in recs] == [58.61, 57.2]
    assert all(r.kind == "resting_heart_rate" and r.code == "40443-4" and r.unit == "bpm" for r in recs)
    assert recs[0].payload["value"]["error"] == pytest.approx(6.787, abs=1e-3)
    assert measures.classify(recs[0].kind, recs[0].code_system, recs[0].code) == "resting_heart_rate"


def test_distance_unit_is_assumed_and_says_so() -> None:
    recs = records(DATA / "distance-2024-03-09.json")
    assert [(r.value, r.unit) for r in recs] == [(4125, "cm"), (8060, "cm")]  # the minute without distance left out
    assert any("assumed, unconfirmed" in w for w in recs[0].provenance.warnings)
    metres = records(DATA / "distance-2024-03-09.json", fitbit_distance_unit="m")
    assert metres[0].unit == "m" and "from the import options" in metres[0].provenance.warnings[-1]
    with pytest.raises(ConnectorError, match="unknown Fitbit distance unit"):
        read(DATA / "distance-2024-03-09.json", fitbit_distance_unit="furlong")


@pytest.mark.parametrize("path", CSVS, ids=lambda p: p.name)
def test_each_csv_is_claimed_by_fitbit_takeout_only(path: Path) -> None:
    assert list(registry.detect(Source(path))) == ["fitbit_takeout"]


def test_newer_archive_csvs_times_in_utc_and_units_from_their_readme() -> None:
    hr = records(GOOGLE_DATA / "heart_rate_2024-10-27.csv")
    assert [(r.start, r.value, r.kind, r.code) for r in hr] == [
        (datetime(2024, 10, 27, 0, 0, 4, tzinfo=UTC), 65.0, "heart_rate", "8867-4"),
        (datetime(2024, 10, 27, 0, 0, 9, tzinfo=UTC), 62.0, "heart_rate", "8867-4"),
        (datetime(2024, 10, 27, 0, 0, 14, tzinfo=UTC), 61.0, "heart_rate", "8867-4"),
    ]
    assert "UTC" in hr[0].provenance.warnings[0]
    rhr = records(GOOGLE_DATA / "daily_resting_heart_rate_2024-10-01.csv")
    assert [(r.kind, r.date_only, r.value) for r in rhr] == [
        ("resting_heart_rate", True, 59.3),
        ("resting_heart_rate", True, 58.8),
    ]
    assert rhr[0].start == datetime(2024, 10, 1, tzinfo=NY)  # the day, in the profile's zone
    steps = records(GOOGLE_DATA / "steps_2024-10-27.csv")
    assert [r.value for r in steps] == [88, 104]  # a minute without steps is not a reading
    assert [(r.value, r.unit) for r in records(GOOGLE_DATA / "distance_2024-10-27.csv")] == [(61.2, "m"), (72.5, "m")]
    calories = records(GOOGLE_DATA / "calories_2024-10-27.csv")
    assert [(r.value, r.unit, r.code) for r in calories] == [(1.01, "kcal", None), (4.62, "kcal", None)]


def test_a_csv_cut_short_or_of_another_shape_is_one_error(tmp_path: Path) -> None:
    cut = tmp_path / "heart_rate_2024-10-27.csv"
    cut.write_text("timestamp,beats per minute\n2024-10-27T00:00:04Z,65.0\n2024-10-27T00:00:09Z", encoding="utf-8")
    with pytest.raises(ConnectorError, match="line 3 has 1 columns"):
        read(cut)
    other = tmp_path / "steps_2024-10-27.csv"
    other.write_text("date,count\n2024-10-27,5\n", encoding="utf-8")
    assert not FitbitTakeoutConnector().identify(Source(other))
    with pytest.raises(ConnectorError, match="not a Fitbit steps CSV"):
        read(other)
    bad_time = tmp_path / "calories_2024-10-27.csv"
    bad_time.write_text("timestamp,calories\nyesterday,1.0\n2024-10-27T07:00:00Z,2.0\n", encoding="utf-8")
    items = read(bad_time)
    assert isinstance(items[0], SkippedItem) and items[0].where == "line 2"
    assert [r.value for r in items if isinstance(r, Record)] == [2.0]


@pytest.mark.parametrize("path", sorted(BAD.iterdir()), ids=lambda p: p.name)
def test_bad_input_one_readable_error_and_nothing_written(path: Path, vault: Vault) -> None:
    with pytest.raises(ConnectorError) as info:
        read(path, timezone="UTC")
    message = str(info.value)
    assert message.startswith(path.name) and "\n" not in message
    before = vault.count()
    with pytest.raises(WalletError):
        import_source(vault, Source(path), connector_id="fitbit_takeout", options={"timezone": "UTC"})
    assert vault.count() == before


@pytest.mark.parametrize("path", [*FILES, *CSVS], ids=lambda p: p.name)
def test_golden(path: Path) -> None:
    view = []
    for r in read(path):
        d = r.model_dump(mode="json", exclude={"id"})
        if isinstance(r, Record):
            d["provenance"].pop("imported_at", None)
        view.append(d)
    check_golden(view, HERE / "golden" / "fitbit_takeout" / (path.stem + ".json"), sort_keys=True)

"""FIT files (connectors/fit_files): real Garmin, COROS and Strava files with their quirks.

Regenerate the golden files with ``UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_fit_files.py`` and review the diff.
The fenix 5 run is checked against python-fitparse's reference decode of the same file
(``garmin-fenix-5-run-records.csv``, written by fitparse's authors), not against our own output.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import fitdecode
import pytest
from conftest import as_records, expand_samples
from golden_support import check_golden

from connectors.fit_files import FitFileConnector
from wallet.errors import ConnectorError, WalletError
from wallet.imports import registry
from wallet.imports.connector import ImportContext, Source
from wallet.imports.pipeline import import_source
from wallet.model import Record, SkippedItem
from wallet.samples import Samples
from wallet.store.vault import Vault
from wallet.terms import measures

HERE = Path(__file__).parent
FIX = HERE / "fixtures" / "fit"
BAD = HERE / "conformance" / "fit" / "bad"
GOLDEN = HERE / "golden" / "fit"
FENIX = FIX / "garmin-fenix-5-run.fit"
COROS = FIX / "coros-pace-2-cycling-misaligned-fields.fit"
STRAVA = FIX / "strava-android-app-201.10-b1218918.fit"
MONITORING = FIX / "MonitoringFile.fit"
FILES = [FENIX, COROS, STRAVA, MONITORING]


def read(path: Path) -> list[Record | SkippedItem]:
    """What the connector yields, samples expanded to the records they stand for (sample_records), in order."""
    return list(expand_samples(read_raw(path)))


def read_raw(path: Path) -> list[Record | Samples | SkippedItem]:
    return list(FitFileConnector().read(Source(path), ImportContext()))


def records(path: Path) -> list[Record]:
    return as_records(read_raw(path))


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_each_file_is_claimed_by_the_fit_connector_only(path: Path) -> None:
    assert list(registry.detect(Source(path))) == ["fit"]


def test_fenix_heart_rate_matches_fitparse_reference_decode() -> None:
    recs = records(FENIX)
    hr = {r.start: r.value for r in recs if r.kind == "heart_rate"}
    with (FIX / "garmin-fenix-5-run-records.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 21 == len(hr)
    for row in rows:
        # "Sun Jun 11 07:34:09 PDT 2017": PDT is UTC-7
        when = datetime.strptime(row["timestamp"].replace(" PDT", ""), "%a %b %d %H:%M:%S %Y")
        when = when.replace(tzinfo=UTC).replace(hour=when.hour + 7)
        assert hr[when] == float(row["heart_rate"])
    assert all(r.unit == "bpm" and r.code == "8867-4" for r in recs if r.kind == "heart_rate")


def test_fenix_route_matches_fitparse_reference_positions() -> None:
    (workout,) = [r for r in records(FENIX) if r.kind == "workout"]
    (gpx,) = workout.attachments
    assert gpx.media_type == "application/gpx+xml"
    points = re.findall(r'<trkpt lat="([-0-9.]+)" lon="([-0-9.]+)">', gpx.data.decode())
    with (FIX / "garmin-fenix-5-run-records.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(points) == len(rows)
    for (lat, lon), row in zip(points, rows, strict=True):
        # semicircles to degrees: 180 / 2**31 (FIT protocol)
        assert float(lat) == pytest.approx(int(row["position_lat"]) * 180 / 2**31, abs=1e-7)
        assert float(lon) == pytest.approx(int(row["position_long"]) * 180 / 2**31, abs=1e-7)
    assert workout.code == "running" and workout.unit == "min"
    assert workout.payload["summary"]["distance"]["unit"] == "km"
    # the last reference row's cumulative distance (m) is the session's total, within a metre
    assert workout.payload["summary"]["distance"]["value"] * 1000 == pytest.approx(float(rows[-1]["distance"]), abs=1)


def test_fit_kinds_land_in_the_same_measurement_types_as_apple_health() -> None:
    kinds = {r.kind: r for path in (FENIX, MONITORING) for r in records(path)}
    for kind, key in (("heart_rate", "heart_rate"), ("steps", "steps"), ("calories_active", "active_energy")):
        mtype = next(t for t in measures.TYPES if kind in t.kinds)
        assert mtype.key == key
        assert kinds[kind].code in mtype.loinc


def test_coros_misaligned_fields_are_read() -> None:
    out = read(COROS)
    assert not [x for x in out if isinstance(x, SkippedItem)]
    (workout,) = [r for r in out if isinstance(r, Record) and r.kind == "workout"]
    assert workout.code == "cycling"
    assert workout.payload["device"]["manufacturer"] == "coros"
    assert workout.title.startswith("Cycling workout, 32.15 km")


def test_strava_damaged_file_keeps_what_came_before_the_damage() -> None:
    out = read(STRAVA)
    skipped = [x for x in out if isinstance(x, SkippedItem)]
    assert len(skipped) == 1 and "damaged" in skipped[0].reason
    (workout,) = [r for r in out if isinstance(r, Record)]
    assert workout.code == "running" and workout.payload["device"]["manufacturer"] == "strava"
    warnings = " ".join(workout.provenance.warnings)
    assert "damaged part-way" in warnings
    assert "announces 78252 bytes" in warnings and "holds 78233" in warnings  # 14 + 78236 + 2 claimed


def test_monitoring_steps_are_differences_of_the_daily_counter() -> None:
    recs = records(MONITORING)
    steps = [r for r in recs if r.kind == "steps"]
    # an independent look with fitdecode: walking/running cycles (raw: steps) are cumulative for the day
    # (one counter per activity type; this file holds one day, so each counter's last value is its day)
    highest: dict[str, int] = {}
    with fitdecode.FitReader(str(MONITORING), check_crc=fitdecode.CrcCheck.DISABLED) as reader:
        for frame in reader:
            if isinstance(frame, fitdecode.FitDataMessage) and frame.name == "monitoring" and frame.has_field("cycles"):
                kind = frame.get_value("activity_type")
                assert kind in ("walking", "running")
                highest[kind] = max(highest.get(kind, 0), frame.get_field("cycles").raw_value)
    assert sum(r.value or 0 for r in steps) == sum(highest.values())
    for kind, total in highest.items():
        assert sum(r.value or 0 for r in steps if r.payload["metadata"]["activity_type"] == kind) == total
    assert all(r.end is not None and r.start is not None and r.start < r.end for r in steps)
    assert all(r.unit == "steps" and r.code == "55423-8" for r in steps)


def test_dense_streams_are_series_of_samples_named_by_the_device() -> None:
    items = read_raw(FENIX)
    (hr,) = [s for s in items if isinstance(s, Samples)]
    assert (hr.kind, hr.title, hr.unit, hr.code) == ("heart_rate", "Heart rate", "bpm", "8867-4")
    assert hr.source == "garmin fenix5" and '"manufacturer":"garmin"' in hr.meta["device"]
    assert "time_created" not in hr.meta["device"] and all(row[3] is None and row[4] is None for row in hr.rows)
    assert [r.kind for r in items if isinstance(r, Record)] == ["workout"]  # the workout stays a record
    batches = [s for s in read_raw(MONITORING) if isinstance(s, Samples)]
    assert {s.kind for s in batches} >= {"steps", "calories_active"}
    assert all(0 < len(s) <= 4000 for s in batches)
    assert all(s.source == batches[0].source for s in batches)
    assert all(
        json.loads(row[4] or "{}").keys() == {"activity_type"} for s in batches if s.kind == "steps" for row in s.rows
    )


@pytest.mark.parametrize("path", sorted(BAD.iterdir()), ids=lambda p: p.name)
def test_bad_input_one_readable_error_and_nothing_written(path: Path, vault: Vault) -> None:
    with pytest.raises(ConnectorError) as info:
        read(path)
    message = str(info.value)
    assert message.startswith(path.name) and "\n" not in message and "Traceback" not in message
    before = vault.count()
    with pytest.raises(WalletError):
        import_source(vault, Source(path), connector_id="fit")
    assert vault.count() == before


def test_truncated_after_data_keeps_the_records_and_says_so() -> None:
    data = FENIX.read_bytes()
    out = list(FitFileConnector().read(Source(data=data[:3000], name="cut.fit"), ImportContext()))
    skipped = [x for x in out if isinstance(x, SkippedItem)]
    assert len(skipped) == 1 and "ends early" in skipped[0].reason
    assert [r for r in out if isinstance(r, Samples) and r.kind == "heart_rate" and r.rows]


def _golden_view(items: list[Record | SkippedItem], limit: int | None = None) -> dict[str, Any]:
    out: list[dict[str, Any]] = []
    kinds: dict[str, int] = {}
    for r in items:
        key = r.kind if isinstance(r, Record) else "skipped"
        kinds[key] = kinds.get(key, 0) + 1
        if limit is not None and isinstance(r, Record) and r.kind != "workout" and kinds[key] > limit:
            continue
        d = r.model_dump(mode="json", exclude={"id", "attachments"})
        if isinstance(r, Record):
            d["provenance"].pop("imported_at", None)
            d["attachments"] = [
                {"name": a.name, "media_type": a.media_type, "sha256": hashlib.sha256(a.data).hexdigest()}
                for a in r.attachments
            ]
        out.append(d)
    return {"counts": kinds, "items": out}


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_golden(path: Path) -> None:
    view = _golden_view(read(path), limit=5 if path == COROS else None)
    check_golden(view, GOLDEN / (path.stem + ".json"), sort_keys=True)

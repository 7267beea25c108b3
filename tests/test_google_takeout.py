"""Google Fit in Google Takeout (connectors/google_takeout): daily metrics, per-day CSVs, sessions; location in shares.

Regenerate the golden files with ``UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_google_takeout.py`` and review the diff.
``Daily activity metrics.csv`` is a real export (see tests/fixtures/LICENSES.md); the per-day CSV and the
session were written for this project from Takeout's documented layout.
"""

from __future__ import annotations

import csv
import json
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from conftest import as_records, expand_samples
from golden_support import check_golden
from share_support import fill, request

from connectors.google_takeout import GoogleFitTakeoutConnector
from wallet.errors import ConnectorError, WalletError
from wallet.features.share.bundle import build_data
from wallet.features.share.selection import prepare, summary_lines
from wallet.features.share.templates import Selection
from wallet.imports import registry
from wallet.imports.connector import ImportContext, Source
from wallet.imports.pipeline import import_source
from wallet.model import Record, SkippedItem
from wallet.samples import Samples
from wallet.store.vault import Vault
from wallet.terms import measures

HERE = Path(__file__).parent
FIT = HERE / "fixtures" / "google_takeout" / "Fit"
DAILY = FIT / "Daily activity metrics" / "Daily activity metrics.csv"
DAY = FIT / "Daily activity metrics" / "2024-03-02.csv"
SESSION = FIT / "All Sessions" / "2024-03-03T08_10_00+09_00_RUNNING.json"
BAD = HERE / "conformance" / "google_fit_takeout" / "bad"
LONDON = "Europe/London"


def read(path: Path | Source, **options: Any) -> list[Record | SkippedItem]:
    """What the connector yields, samples expanded to the records they stand for (sample_records), in order."""
    return list(expand_samples(read_raw(path, **options)))


def read_raw(path: Path | Source, **options: Any) -> list[Record | Samples | SkippedItem]:
    source = path if isinstance(path, Source) else Source(path)
    return list(GoogleFitTakeoutConnector().read(source, ImportContext(options=options)))


def records(path: Path | Source, **options: Any) -> list[Record]:
    return as_records(read_raw(path, **options))


@pytest.mark.parametrize("path", [DAILY, DAY, SESSION], ids=lambda p: p.name)
def test_each_file_is_claimed_by_google_fit_takeout_only(path: Path) -> None:
    assert list(registry.detect(Source(path))) == ["google_fit_takeout"]


def test_daily_values_match_the_csv_cells() -> None:
    """Every non-empty cell of the real file becomes the record the layout says, as a date in the given zone."""
    recs = records(DAILY, timezone=LONDON)
    by = {(r.kind, r.start.date() if r.start else None): r for r in recs if r.kind != "activity"}
    with DAILY.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 1252
    checked = 0
    for row in rows:
        day = date.fromisoformat(row["Date"])
        for kind, column in (
            ("steps_daily", "Step count"),
            ("distance_daily", "Distance (m)"),
            ("calories_daily", "Calories (kcal)"),
            ("body_weight", "Average weight (kg)"),
            ("heart_rate_daily", "Average heart rate (bpm)"),
        ):
            if row[column]:
                rec = by[(kind, day)]
                assert rec.value == float(row[column])  # full precision kept
                assert rec.date_only and rec.start == datetime(day.year, day.month, day.day, tzinfo=ZoneInfo(LONDON))
                checked += 1
            else:
                assert (kind, day) not in by
    assert checked > 3000
    # the published row of 2023-08-20: 11746 steps, 7931.08 m, walking 6544999 ms
    assert by[("steps_daily", date(2023, 8, 20))].value == 11746
    walk = [r for r in recs if r.kind == "activity" and r.start and r.start.date() == date(2023, 8, 20)]
    assert [(r.code_display, r.value) for r in walk] == [("Walking", round(6544999 / 60000, 3))]


def test_daily_kinds_land_where_apple_health_and_fitbit_do() -> None:
    recs = {r.kind: r for r in records(DAILY, timezone=LONDON)}
    weight = next(t for t in measures.TYPES if t.key == "body_weight")
    assert recs["body_weight"].code in weight.loinc and recs["body_weight"].unit == "kg"
    steps_daily = next(t for t in measures.TYPES if t.key == "steps_daily")
    assert recs["steps_daily"].code in steps_daily.loinc
    # a day's average heart rate is not a heart-rate reading
    assert recs["heart_rate_daily"].code is None


def test_zone_is_recorded_and_defaults_to_this_computer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Asia/Seoul")
    rec = records(DAILY)[0]
    assert rec.start == datetime(2020, 6, 16, tzinfo=ZoneInfo("Asia/Seoul"))
    assert any("Asia/Seoul (this computer's zone" in w for w in rec.provenance.warnings)
    with pytest.raises(ConnectorError, match="unknown time zone"):
        read(DAILY, timezone="Mars/Olympus")


def test_bounding_boxes_are_kept_apart_under_location() -> None:
    recs = records(DAILY, timezone=LONDON)
    boxes = [r for r in recs if r.kind == "location_bounds"]
    assert len(boxes) == 375  # SOURCES.md: bounding boxes on 375 days
    assert boxes[0].payload == {
        "location": {
            "bounding_box": {
                "low_latitude": 51.49800491333008,
                "low_longitude": -0.02070629969239235,
                "high_latitude": 51.50614547729492,
                "high_longitude": -0.01631380058825016,
            }
        }
    }
    assert not any("latitude" in json.dumps(r.payload) for r in recs if r.kind != "location_bounds")


def test_per_day_file_uses_the_offsets_and_the_file_name() -> None:
    recs = records(DAY)
    kst = timezone(timedelta(hours=9))
    steps = [r for r in recs if r.kind == "steps"]
    assert [(r.start, r.value) for r in steps] == [
        (datetime(2024, 3, 2, 8, 0, tzinfo=kst), 1104),
        (datetime(2024, 3, 2, 8, 15, tzinfo=kst), 87),
    ]
    assert all(r.code == "55423-8" and not r.date_only for r in steps)
    last = [r for r in recs if r.kind == "calories"][-1]
    assert last.end == datetime(2024, 3, 3, 0, 0, tzinfo=kst)  # 23:45 to 00:00 ends on the next day
    (hr,) = [r for r in recs if r.kind == "heart_rate"]
    assert (hr.value, hr.code, hr.payload["metadata"]["max"], hr.payload["metadata"]["min"]) == (
        104.2,
        "8867-4",
        121,
        88,
    )


def test_per_day_file_quarter_hours_are_series_the_rest_records() -> None:
    items = read_raw(DAY)
    series = {s.kind: s for s in items if isinstance(s, Samples)}
    assert set(series) == {"steps", "distance", "calories", "heart_rate"}
    assert all(s.source == "Google Fit" and len(s) > 0 for s in series.values())
    assert series["steps"].unit == "steps" and series["steps"].code == "55423-8"
    assert all(row[3] == 540 and row[1] is not None and row[1] - row[0] == 900 for row in series["steps"].rows)
    assert series["heart_rate"].rows[0][4] == '{"min":88.0,"max":121.0}'
    assert all(row[4] is None for row in series["calories"].rows)
    kinds = {r.kind for r in items if isinstance(r, Record)}
    assert not kinds & set(series) and kinds  # move minutes, heart points, activities stay records


def test_session_is_a_workout() -> None:
    (rec,) = records(SESSION)
    assert rec.kind == "workout" and rec.code == "running"
    assert rec.start == datetime(2024, 3, 2, 23, 10, tzinfo=UTC)
    assert rec.value == 36.5 and rec.unit == "min"  # duration 2190 s
    assert rec.payload["summary"]["distance"] == {"value": 6012.7, "unit": "m"}


def test_localised_header_is_read_by_position_and_said() -> None:
    text = DAILY.read_text(encoding="utf-8").splitlines()
    header = (
        text[0].replace("Date", "Fecha").replace("Step count", "Pasos").replace("Calories (kcal)", "Calorías (kcal)")
    )
    data = "\n".join([header, *text[1:40]]) + "\n"
    recs = records(Source(data=data.encode("utf-8"), name="Métricas de actividad diarias.csv"), timezone=LONDON)
    assert recs and any("read by position" in w for w in recs[0].provenance.warnings)
    assert {r.kind for r in recs} >= {"calories_daily", "steps_daily"}


@pytest.mark.parametrize("path", sorted(BAD.iterdir()), ids=lambda p: p.name)
def test_bad_input_one_readable_error_and_nothing_written(path: Path, vault: Vault) -> None:
    with pytest.raises(ConnectorError) as info:
        read(path, timezone=LONDON)
    message = str(info.value)
    assert message.startswith(path.name) and "\n" not in message
    before = vault.count()
    with pytest.raises(WalletError):
        import_source(vault, Source(path), connector_id="google_fit_takeout", options={"timezone": LONDON})
    assert vault.count() == before


def _bundle_text(vault: Vault, holder: str, include_location: bool) -> tuple[str, list[str]]:
    req = request(holder, "custom", selection=Selection(domains=["fitness"]), include_location=include_location)
    plan = prepare(vault, req)
    members, _notes = build_data(vault, plan, "b-1", datetime(2025, 1, 1, tzinfo=UTC))
    text = "".join(m.data.decode("utf-8", "replace") for m in members if m.name.endswith(".ndjson"))
    return text, [m.name for m in members]


def test_location_leaves_in_a_share_only_when_chosen(vault: Vault) -> None:
    holder, _other = fill(vault)
    import_source(vault, Source(DAY), connector_id="google_fit_takeout", person=holder)
    fenix = HERE / "fixtures" / "fit" / "garmin-fenix-5-run.fit"
    import_source(vault, Source(fenix), connector_id="fit", person=holder)
    text, names = _bundle_text(vault, holder, include_location=False)
    assert "Area moved in" in text and "Running workout" in text  # the records leave ...
    assert "latitude" not in text and "37.5665" not in text  # ... without where the person was
    assert not [n for n in names if n.endswith(".gpx")]
    text, names = _bundle_text(vault, holder, include_location=True)
    assert "37.5665" in text and "bounding_box" in text
    assert [n for n in names if n.endswith(".gpx")]
    for chosen, said in ((False, "left out"), (True, "sent")):
        plan = prepare(
            vault, request(holder, "custom", selection=Selection(domains=["fitness"]), include_location=chosen)
        )
        assert f"Location (GPS routes, workout positions, areas moved in): {said}" in summary_lines(plan)


@pytest.mark.parametrize("path", [DAY, SESSION], ids=lambda p: p.name)
def test_golden(path: Path) -> None:
    items = read(path, timezone=LONDON)
    view = []
    for r in items:
        d = r.model_dump(mode="json", exclude={"id"})
        if isinstance(r, Record):
            d["provenance"].pop("imported_at", None)
        view.append(d)
    check_golden(view, HERE / "golden" / "google_fit_takeout" / (path.stem + ".json"), sort_keys=True)


def test_golden_daily_summary() -> None:
    """The real file: counts per kind and the first and last records of each kind."""
    recs = records(DAILY, timezone=LONDON)
    counts: dict[str, int] = {}
    ends: dict[str, list[dict[str, Any]]] = {}
    for r in recs:
        counts[r.kind] = counts.get(r.kind, 0) + 1
        d = r.model_dump(mode="json", exclude={"id"})
        d["provenance"].pop("imported_at", None)
        ends.setdefault(r.kind, [d, d])[1] = d
    check_golden(
        {"counts": counts, "first_and_last": ends},
        HERE / "golden" / "google_fit_takeout" / "Daily activity metrics.json",
        sort_keys=True,
    )

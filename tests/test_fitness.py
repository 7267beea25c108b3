"""Fitbit and Google Fit JSON connectors.

Regenerate the golden files with ``UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_fitness.py``.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from conftest import DEMO, as_records, expand_samples
from golden_support import check_golden

from connectors.fitness import FitbitConnector, GoogleFitConnector, nanos_to_utc
from connectors.shc import SmartHealthCardConnector
from wallet.errors import ConnectorError
from wallet.imports.connector import Connector, ImportContext, Source
from wallet.model import Domain, Record, SkippedItem
from wallet.samples import Samples

HERE = Path(__file__).parent
FIX = HERE / "fixtures" / "fitness"
FITBIT_DEMO = (DEMO / "fitbit-activities-steps-timeseries.json", DEMO / "fitbit-body-log-weight.json")
FITBIT = sorted([*(FIX / "fitbit").iterdir(), *FITBIT_DEMO], key=lambda p: p.name)
GOOGLE = sorted((FIX / "googlefit").iterdir())
NY = "America/New_York"


def read(connector: Connector, src: Path | Source, **options: Any) -> list[Record | SkippedItem]:
    """What the connector yields, samples expanded to the records they stand for (sample_records), in order."""
    return list(expand_samples(read_raw(connector, src, **options)))


def read_raw(connector: Connector, src: Path | Source, **options: Any) -> list[Record | Samples | SkippedItem]:
    source = src if isinstance(src, Source) else Source(src)
    return list(connector.read(source, ImportContext(options=options)))


def records(connector: Connector, src: Path | Source, **options: Any) -> list[Record]:
    return as_records(read_raw(connector, src, **options))


def data(obj: Any, name: str = "x.json") -> Source:
    return Source(data=json.dumps(obj).encode(), name=name)


# ------------------------------------------------------------------ identify


@pytest.mark.parametrize("path", FITBIT + GOOGLE, ids=lambda p: p.name)
def test_each_sample_is_claimed_by_exactly_its_connector(path: Path) -> None:
    src = Source(path)
    claimed = [c.id for c in (FitbitConnector(), GoogleFitConnector(), SmartHealthCardConnector()) if c.identify(src)]
    assert claimed == (["fitbit"] if path in FITBIT else ["google_fit"])


def test_fhir_and_cards_are_not_claimed() -> None:
    fhir = data(
        {
            "resourceType": "Bundle",
            "type": "collection",
            "entry": [{"resource": {"resourceType": "Observation", "valueQuantity": {"value": 3}}}],
        }
    )
    card = Source(DEMO / "example-00-e-file.smart-health-card")
    # A FHIR Observation that happens to mention Fitbit-like words is still FHIR.
    sneaky = data({"resourceType": "Observation", "note": [{"text": '"activities-steps": ['}]})
    for src in (fhir, card, sneaky):
        assert not FitbitConnector().identify(src)
        assert not GoogleFitConnector().identify(src)


def test_identify_needs_the_right_keys() -> None:
    assert not FitbitConnector().identify(data({"sleep": "well"}))  # no dateOfSleep
    assert not FitbitConnector().identify(data({"weight": [{"value": 3}]}))  # no logId
    assert not GoogleFitConnector().identify(data({"point": [{"startTime": "1"}]}))
    assert GoogleFitConnector().identify(data({"Data Source": "x", "Data Points": [{"startTimeNanos": "1"}]}))


# ------------------------------------------------------------------ Fitbit time zones and units


def test_timezone_from_options_is_used_and_recorded() -> None:
    recs = records(FitbitConnector(), FIX / "fitbit" / "fitbit-sleep-date.json", timezone=NY)
    main = next(r for r in recs if r.payload.get("isMainSleep"))
    assert main.start == datetime(2016, 12, 13, 1, 16, tzinfo=ZoneInfo(NY))
    assert main.start is not None and main.start.utcoffset() == timedelta(hours=-5)
    assert main.end == datetime(2016, 12, 13, 3, 14, tzinfo=ZoneInfo(NY))
    assert main.value == 112 and main.unit == "min"
    assert any("America/New_York (from the import options)" in w for w in main.provenance.warnings)


def test_daylight_saving_time_follows_the_zone() -> None:
    recs = records(FitbitConnector(), DEMO / "fitbit-body-log-weight.json", timezone=NY)
    weight = [r for r in recs if r.kind == "body_weight"]
    assert weight[0].start == datetime(2015, 5, 13, 18, 28, 59, tzinfo=ZoneInfo(NY))
    assert weight[0].start is not None and weight[0].start.utcoffset() == timedelta(hours=-4)  # EDT in May


def test_timezone_from_the_user_profile() -> None:
    payload = {
        "user": {"timezone": "Asia/Seoul"},
        "weight": [{"date": "2015-05-13", "time": "08:00:00", "logId": 1, "weight": 60}],
    }
    (rec,) = records(FitbitConnector(), data(payload))
    assert rec.start == datetime(2015, 5, 12, 23, 0, tzinfo=UTC)
    assert any("Asia/Seoul (from the Fitbit user profile)" in w for w in rec.provenance.warnings)
    # options win over the profile
    (rec,) = records(FitbitConnector(), data(payload), timezone="UTC")
    assert rec.start == datetime(2015, 5, 13, 8, 0, tzinfo=UTC)


def test_timezone_falls_back_to_this_computer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Asia/Seoul")
    recs = records(FitbitConnector(), DEMO / "fitbit-activities-steps-timeseries.json")
    assert recs[0].start == datetime(2015, 8, 23, tzinfo=ZoneInfo("Asia/Seoul"))
    assert any("Asia/Seoul (this computer's zone" in w for w in recs[0].provenance.warnings)


def test_unknown_timezone_is_one_readable_error() -> None:
    with pytest.raises(ConnectorError, match="unknown time zone 'Mars/Olympus'"):
        read(FitbitConnector(), FIX / "fitbit" / "fitbit-sleep-date.json", timezone="Mars/Olympus")


def test_weight_units_are_explicit() -> None:
    recs = records(FitbitConnector(), DEMO / "fitbit-body-log-weight.json", timezone=NY)
    kinds = [r.kind for r in recs]
    assert kinds.count("body_weight") == 4 and kinds.count("bmi") == 4
    w = next(r for r in recs if r.kind == "body_weight")
    assert (w.value, w.unit, w.domain, w.code) == (56.7, "kg", Domain.FITNESS, "29463-7")
    assert any("assumed" in x for x in w.provenance.warnings)
    w_us = next(
        r
        for r in records(FitbitConnector(), DEMO / "fitbit-body-log-weight.json", timezone=NY, units="en_US")
        if r.kind == "body_weight"
    )
    assert w_us.unit == "lb"
    with pytest.raises(ConnectorError, match="unknown Fitbit unit system"):
        read(FitbitConnector(), DEMO / "fitbit-body-log-weight.json", units="imperial")


def test_steps_series_strings_and_intraday_numbers() -> None:
    recs = records(FitbitConnector(), FIX / "fitbit" / "fitbit-activities-steps-1d-1m-intraday.json", timezone=NY)
    daily = [r for r in recs if r.kind == "steps_daily"]
    minute = [r for r in recs if r.kind == "steps"]
    assert [r.value for r in daily] == [3212.0]
    assert [r.value for r in minute] == [7.0, 0.0, 52.0]
    assert minute[2].start == datetime(2015, 8, 21, 14, 28, tzinfo=ZoneInfo(NY))
    assert minute[2].end == minute[2].start + timedelta(minutes=1)
    assert all(r.unit == "steps" for r in recs)


def test_intraday_is_a_series_of_samples_and_the_day_a_record() -> None:
    items = read_raw(FitbitConnector(), FIX / "fitbit" / "fitbit-activities-heart-1d-1m-intraday.json", timezone=NY)
    (hr,) = [s for s in items if isinstance(s, Samples)]
    assert (hr.kind, hr.title, hr.unit, hr.source, hr.code) == ("heart_rate", "Heart rate", "bpm", "Fitbit", "8867-4")
    assert all(row[1] is not None and row[1] - row[0] == 60 and row[4] is None for row in hr.rows)
    assert {row[3] for row in hr.rows} <= {-300, -240}  # New York
    assert [r.kind for r in items if isinstance(r, Record)] == ["resting_heart_rate"]
    body = {
        "activities-steps": [{"dateTime": "2024-03-09", "value": "9001"}],
        "activities-steps-intraday": {
            "dataset": [{"time": f"{i // 3600:02d}:{i // 60 % 60:02d}:{i % 60:02d}", "value": 1} for i in range(9001)],
            "datasetInterval": 1,
            "datasetType": "second",
        },
    }
    batches = [s for s in read_raw(FitbitConnector(), data(body), timezone=NY) if isinstance(s, Samples)]
    assert [len(b) for b in batches] == [4000, 4000, 1001]


def test_heart_rate_intraday() -> None:
    recs = records(FitbitConnector(), FIX / "fitbit" / "fitbit-activities-heart-1d-1m-intraday.json", timezone=NY)
    hr = [r for r in recs if r.kind == "heart_rate"]
    assert [r.value for r in hr] == [64, 63, 64, 65, 65]
    assert all(r.unit == "bpm" and r.code == "8867-4" for r in hr)


def test_activities_and_day_summary() -> None:
    recs = records(
        FitbitConnector(), FIX / "fitbit" / "fitbit-activities-date-multiple-in-activities-list.json", timezone=NY
    )
    acts = [r for r in recs if r.kind == "activity"]
    assert [r.code_display for r in acts] == ["Run", "Swimming", "Walk"]
    run = acts[0]
    assert run.start == datetime(2015, 6, 23, 11, 55, tzinfo=ZoneInfo(NY))
    assert run.value == 24 and run.unit == "min"
    assert run.payload["units"]["distance"] == "km"
    assert acts[1].value is None  # swimming has no duration
    assert "no start time" in acts[2].payload["note"]
    (steps,) = [r for r in recs if r.kind == "steps_daily"]
    assert steps.value == 15242


def test_summary_without_a_known_day_is_skipped() -> None:
    out = read(FitbitConnector(), data({"activities": [{"activityId": 1, "logId": 2}], "summary": {"steps": 5}}))
    assert all(isinstance(x, SkippedItem) for x in out)
    assert {x.where for x in out if isinstance(x, SkippedItem)} == {"activities[0]", "summary"}


def test_fitbit_bad_values_are_skipped_not_fatal() -> None:
    out = read(
        FitbitConnector(),
        data(
            {
                "activities-steps": [
                    {"dateTime": "2015-08-23", "value": "lots"},
                    {"dateTime": "2015-08-24", "value": "3"},
                ]
            }
        ),
        timezone=NY,
    )
    assert isinstance(out[0], SkippedItem) and "not a number" in out[0].reason
    assert isinstance(out[1], Record) and out[1].value == 3


def test_fitbit_bad_date_skips_that_item_only() -> None:
    out = read(
        FitbitConnector(),
        data(
            {
                "weight": [
                    {"date": "13/05/2015", "logId": 1, "weight": 3},
                    {"date": "2015-05-13", "logId": 2, "weight": 4},
                ]
            }
        ),
        timezone=NY,
    )
    assert isinstance(out[0], SkippedItem)
    assert out[0].where == "weight[0]" and "bad Fitbit date/time" in out[0].reason
    assert [r.value for r in out if isinstance(r, Record)] == [4]


def test_mutated_fitness_json_never_raises_a_raw_exception() -> None:
    import random

    rng = random.Random(20261121)  # fixed seed: the same mutations on every run
    keys = [
        "value",
        "dateTime",
        "time",
        "startTime",
        "endTime",
        "date",
        "logId",
        "weight",
        "duration",
        "startDate",
        "startTimeNanos",
        "endTimeNanos",
        "dataTypeName",
        "intVal",
        "fpVal",
        "dataset",
        "datasetInterval",
    ]
    scalars: list[Any] = [None, True, 10**20, -1, 1e300, "", "x", "2015-08-23", "24:00:00", "99999999999999999999"]

    def junk(depth: int = 0) -> Any:
        pick = rng.randrange(5 if depth < 2 else 3)
        if pick == 3:
            return [junk(depth + 1) for _ in range(rng.randrange(3))]
        if pick == 4:
            return {rng.choice(keys): junk(depth + 1) for _ in range(rng.randrange(4))}
        return rng.choice(scalars)

    def mutate(obj: Any, depth: int = 0) -> None:
        if isinstance(obj, dict) and obj:
            key = rng.choice(list(obj))
            if depth > 2 or rng.random() < 0.3:
                obj[key] = junk()
            else:
                mutate(obj[key], depth + 1)
        elif isinstance(obj, list) and obj:
            j = rng.randrange(len(obj))
            if depth > 2 or rng.random() < 0.3:
                obj[j] = junk()
            else:
                mutate(obj[j], depth + 1)

    samples = [json.loads(p.read_text()) for p in FITBIT + GOOGLE]
    for _ in range(1500):  # enough to have found two real bugs in an earlier version
        doc = json.loads(json.dumps(rng.choice(samples)))
        for _ in range(rng.randint(1, 3)):
            mutate(doc)
        src = data(doc)
        for connector in (FitbitConnector(), GoogleFitConnector()):
            try:
                read(connector, src, timezone=NY)
            except ConnectorError as exc:
                assert str(exc).startswith("x.json: ")


# ------------------------------------------------------------------ Google Fit


def test_nanoseconds_become_utc() -> None:
    assert nanos_to_utc("1436565497687316406") == datetime(2015, 7, 10, 21, 58, 17, 687316, tzinfo=UTC)
    for bad in ("-1", "12a", "9" * 25, 1.5, None):
        with pytest.raises(ValueError):
            nanos_to_utc(bad)


def test_google_steps() -> None:
    recs = records(GoogleFitConnector(), FIX / "googlefit" / "googlefit-merge-step-deltas.json")
    assert sorted(r.value for r in recs) == [0, 17, 184, 4146]
    assert next(r for r in recs if r.value == 17).start == datetime(2015, 7, 10, 21, 58, 17, 687316, tzinfo=UTC)
    assert all(r.kind == "steps" and r.unit == "steps" and r.domain == Domain.FITNESS for r in recs)
    # samples of a series per app that wrote them, each keeping the data source Google Fit names for it (to the
    # microsecond, not nanosecond)
    batches = list(read_raw(GoogleFitConnector(), FIX / "googlefit" / "googlefit-merge-step-deltas.json"))
    assert all(isinstance(s, Samples) and s.code == "55423-8" for s in batches)
    assert "Google Fit (com.nike.plusgps)" in {s.source for s in batches if isinstance(s, Samples)}
    nike = [r for r in recs if "nike" in r.payload["metadata"]["originDataSourceId"]]
    assert nike and nike[0].payload["metadata"]["originDataSourceId"].startswith("derived:com.google.step_count.delta")


def test_google_activity_segments_are_named() -> None:
    recs = records(GoogleFitConnector(), FIX / "googlefit" / "googlefit-merge-activity-segments.json")
    assert [r.code_display for r in recs] == ["Walking", "Aerobics", "Running"]
    assert recs[2].value == 30 and recs[2].unit == "min"


def test_google_weight_and_heart_rate_units() -> None:
    w = records(GoogleFitConnector(), FIX / "googlefit" / "googlefit-merge-weight.json")
    assert [(r.kind, r.unit) for r in w] == [("body_weight", "kg")] * 3
    hr = records(GoogleFitConnector(), FIX / "googlefit" / "googlefit-merge-heart-rate.json")
    assert [(r.value, r.unit) for r in hr] == [(54, "bpm"), (58, "bpm")]


def test_google_takeout_and_aggregate_shapes() -> None:
    takeout = {
        "Data Source": "derived:com.google.step_count.delta:x",
        "Data Points": [
            {
                "fitValue": [{"value": {"intVal": 12}}],
                "originDataSourceId": "raw:x",
                "endTimeNanos": 1420099260000000000,
                "dataTypeName": "com.google.step_count.delta",
                "startTimeNanos": 1420099200000000000,
                "modifiedTimeMillis": 1,
            }
        ],
    }
    (rec,) = records(GoogleFitConnector(), data(takeout))
    assert (rec.value, rec.start) == (12, datetime(2015, 1, 1, 8, 0, tzinfo=UTC))
    aggregate = {
        "bucket": [
            {
                "startTimeMillis": "1",
                "dataset": [
                    {
                        "dataSourceId": "x",
                        "point": [
                            {
                                "startTimeNanos": "1420099200000000000",
                                "endTimeNanos": "1420099260000000000",
                                "dataTypeName": "com.google.sleep.segment",
                                "value": [{"intVal": 5}],
                            }
                        ],
                    }
                ],
            }
        ]
    }
    (rec,) = records(GoogleFitConnector(), data(aggregate))
    assert (rec.kind, rec.code_display, rec.value) == ("sleep", "Deep sleep", 1)


def test_google_bad_point_is_skipped() -> None:
    out = read(
        GoogleFitConnector(),
        data(
            {
                "dataSourceId": "x",
                "point": [
                    {"startTimeNanos": "soon", "dataTypeName": "com.google.weight", "value": [{"fpVal": 3}]},
                    {"startTimeNanos": "1420099200000000000", "dataTypeName": "com.google.weight", "value": []},
                    {
                        "startTimeNanos": "1420099200000000000",
                        "dataTypeName": "com.google.weight",
                        "value": [{"fpVal": 3}],
                    },
                ],
            }
        ),
    )
    assert [type(x).__name__ for x in out] == ["SkippedItem", "SkippedItem", "Record"]


# ------------------------------------------------------------------ golden files


def _golden_view(items: list[Record | SkippedItem]) -> list[dict[str, Any]]:
    out = []
    for r in items:
        d = r.model_dump(mode="json", exclude={"id"})
        if isinstance(r, Record):
            d["provenance"].pop("imported_at", None)
        out.append(d)
    return out


@pytest.mark.parametrize("path", FITBIT + GOOGLE, ids=lambda p: p.name)
def test_golden(path: Path) -> None:
    is_fitbit = path in FITBIT
    connector: Connector = FitbitConnector() if is_fitbit else GoogleFitConnector()
    view = _golden_view(read(connector, path, timezone=NY))
    check_golden(view, HERE / "golden" / connector.id / (path.stem + ".json"), sort_keys=True)


def test_total_calories_are_not_tagged_as_active_energy() -> None:
    """Fitbit's and Google Fit's calories count resting energy too: no LOINC 41981-2 (the wallet's active energy)."""
    from wallet.terms import measures

    fitbit = {
        "activities-calories": [{"dateTime": "2024-03-09", "value": "2101"}],
        "activities-calories-intraday": {
            "dataset": [{"time": "08:00:00", "value": 1.25}],
            "datasetInterval": 1,
            "datasetType": "minute",
        },
    }
    got = records(FitbitConnector(), Source(data=json.dumps(fitbit).encode(), name="calories.json"), timezone=NY)
    google = records(GoogleFitConnector(), FIX / "googlefit" / "googlefit-merge-calories-expended.json")
    calories = [r for r in [*got, *google] if r.kind in ("calories", "calories_daily")]
    assert {r.kind for r in calories} == {"calories", "calories_daily"} and len(google) >= 2
    for rec in calories:
        assert rec.code is None and rec.code_system is None
        assert measures.classify(rec.kind, rec.code_system, rec.code) != "active_energy"
    # what is active energy still is: a FIT file's active calories keep the code
    assert measures.classify("calories_active", "http://loinc.org", "41981-2") == "active_energy"

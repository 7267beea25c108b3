"""The coherent layer (wallet.store.readings): canonical units, one reading per moment, pairs, daily totals."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schema_support import downgrade_to

from wallet.features import measurements
from wallet.model import Domain, Provenance, Record
from wallet.store import migrations, readings
from wallet.store.vault import Vault

KST = timezone(timedelta(hours=9))
T = datetime(2024, 3, 25, 8, 0, tzinfo=KST)


def _rec(
    kind: str,
    value: float | None,
    unit: str | None,
    *,
    connector: str = "apple_health",
    source: str = "Jane's Apple Watch",
    start: datetime = T,
    end: datetime | None = None,
    code: str | None = None,
    payload: dict[str, Any] | None = None,
    device: str | None = None,
) -> Record:
    body: dict[str, Any] = dict(payload or {})
    if connector == "apple_health":
        body.setdefault("sourceName", source)
        if device:
            body["device"] = device
    return Record(
        domain=Domain.HEALTH,
        kind=kind,
        title=kind,
        start=start,
        end=end,
        value=value,
        unit=unit,
        code_system="http://loinc.org" if code else None,
        code=code,
        payload=body,
        provenance=Provenance(connector_id=connector, connector_version="1", source_name=f"{connector}.file"),
    )


def _fhir_hr(value: float, start: datetime, performer: str = "Seoul Hospital") -> Record:
    return _rec(
        "Observation",
        value,
        "/min",
        connector="fhir",
        start=start,
        code="8867-4",
        payload={"resourceType": "Observation", "performer": [{"display": performer}]},
    )


def _rows(vault: Vault) -> list[tuple[Any, ...]]:
    return vault.conn.execute(
        "SELECT mtype, value, value2, unit, source, main, grp FROM readings ORDER BY rid"
    ).fetchall()


def test_same_heart_rate_from_watch_phone_and_hospital_counts_once(vault: Vault) -> None:
    watch = _rec("HKQuantityTypeIdentifierHeartRate", 72, "count/min", device="<<HKDevice>, name:Apple Watch>")
    phone = _rec(
        "HKQuantityTypeIdentifierHeartRate", 72, "count/min", source="Jane's iPhone", start=T + timedelta(seconds=5)
    )
    hospital = _fhir_hr(72, T)
    other = _rec("HKQuantityTypeIdentifierHeartRate", 95, "count/min", start=T + timedelta(hours=1))
    vault.add_records([watch, phone, hospital, other])
    rows = _rows(vault)
    assert len(rows) == 4  # nothing is lost
    same = [r for r in rows if r[1] == 72]
    assert len(same) == 3
    assert len({r[6] for r in same}) == 1  # one group
    assert [r[6] for r in rows if r[1] == 95] != [same[0][6]]
    assert [r[4] for r in same if r[5]] == ["Seoul Hospital"]  # the hospital's measurement is preferred
    daily = measurements.daily(vault, "heart_rate", None)
    assert [(d.count, d.average) for d in daily] == [(2, pytest.approx((72 + 95) / 2))]
    # the timeline lists the reading once: the other two records are shadows
    shadows = vault.conn.execute("SELECT count(*) FROM records WHERE shadow = 1").fetchone()[0]
    assert shadows == 2


def test_person_order_of_sources_changes_the_main_reading(vault: Vault) -> None:
    watch = _rec("HKQuantityTypeIdentifierHeartRate", 72, "count/min", device="<<HKDevice>, name:Apple Watch>")
    hospital = _fhir_hr(73, T)
    vault.add_records([watch, hospital])
    with vault.transaction() as conn:
        readings.set_priority(conn, ["Jane's Apple Watch"])
    main = vault.conn.execute("SELECT source FROM readings WHERE main").fetchall()
    assert main == [("Jane's Apple Watch",)]
    with vault.transaction() as conn:
        readings.set_priority(conn, [])
    assert vault.conn.execute("SELECT source FROM readings WHERE main").fetchall() == [("Seoul Hospital",)]


def test_pounds_and_kilograms_share_one_series_in_kg(vault: Vault) -> None:
    lb = _rec("HKQuantityTypeIdentifierBodyMass", 154.3, "lb", source="Scale")
    kg = _rec("HKQuantityTypeIdentifierBodyMass", 70.2, "kg", source="Scale", start=T + timedelta(days=1))
    vault.add_records([lb, kg])
    values = vault.conn.execute("SELECT value, unit FROM readings ORDER BY t0").fetchall()
    assert values[0] == (pytest.approx(69.9885, abs=1e-3), "kg")
    assert values[1] == (pytest.approx(70.2), "kg")
    assert {d.unit for d in measurements.daily(vault, "body_weight", None)} == {"kg"}


def test_glucose_in_mmol_per_litre_is_shown_in_mg_per_dl(vault: Vault) -> None:
    vault.add_records([_rec("Observation", 5.55, "mmol/L", connector="fhir", code="2339-0", payload={})])
    (value, unit) = vault.conn.execute("SELECT value, unit FROM readings").fetchone()
    assert unit == "mg/dL"
    assert value == pytest.approx(100.0, abs=0.1)


def test_a_unit_that_cannot_be_converted_is_kept_as_it_is(vault: Vault) -> None:
    vault.add_records([_rec("HKQuantityTypeIdentifierBodyMass", 12, "furlongs-per-fortnight")])
    assert vault.conn.execute("SELECT value, unit FROM readings").fetchone() == (12, "furlongs-per-fortnight")


def test_blood_pressure_is_one_reading_from_two_records_a_panel_or_a_correlation(vault: Vault) -> None:
    sys_ = _rec("HKQuantityTypeIdentifierBloodPressureSystolic", 128, "mmHg", source="Omron")
    dia = _rec("HKQuantityTypeIdentifierBloodPressureDiastolic", 82, "mmHg", source="Omron")
    corr = _rec(
        "HKCorrelationTypeIdentifierBloodPressure",
        None,
        None,
        source="Omron",
        payload={
            "records": [
                {"type": "HKQuantityTypeIdentifierBloodPressureSystolic", "value": "128", "unit": "mmHg"},
                {"type": "HKQuantityTypeIdentifierBloodPressureDiastolic", "value": "82", "unit": "mmHg"},
            ]
        },
    )
    panel = _rec(
        "Observation",
        None,
        None,
        connector="fhir",
        code="85354-9",
        start=T + timedelta(days=2),
        payload={
            "component": [
                {
                    "code": {"coding": [{"system": "http://loinc.org", "code": "8480-6"}]},
                    "valueQuantity": {"value": 131},
                },
                {
                    "code": {"coding": [{"system": "http://loinc.org", "code": "8462-4"}]},
                    "valueQuantity": {"value": 85},
                },
            ]
        },
    )
    vault.add_records([sys_, dia, corr, panel])
    rows = vault.conn.execute(
        "SELECT value, value2, main FROM readings WHERE mtype = 'blood_pressure' ORDER BY t0, rid"
    )
    got = rows.fetchall()
    assert [(v, v2) for v, v2, _ in got] == [(128, 82), (128, 82), (131, 85)]
    assert sum(m for *_, m in got) == 2  # the export's two copies of one reading count once
    assert [s.text for s in measurements.samples(vault, "blood_pressure", None)] == ["131/85 mmHg", "128/82 mmHg"]


def test_overlapping_steps_from_phone_and_watch_are_not_summed_twice(vault: Vault) -> None:
    hour = timedelta(hours=1)
    watch = _rec(
        "HKQuantityTypeIdentifierStepCount", 1000, "count", device="<<HKDevice>, name:Apple Watch>", end=T + hour
    )
    phone = _rec("HKQuantityTypeIdentifierStepCount", 900, "count", source="Jane's iPhone", end=T + hour)
    later = _rec(
        "HKQuantityTypeIdentifierStepCount", 300, "count", source="Jane's iPhone", start=T + hour, end=T + 2 * hour
    )
    vault.add_records([watch, phone, later])
    (day,) = measurements.daily(vault, "steps", None)
    assert day.total == pytest.approx(1300)


def test_merged_total_takes_the_uncovered_part_of_a_worse_source() -> None:
    # a better source covers the first half of the worse one's hour: half of 600 is added
    assert readings.merged_total([(0, 3600, 1000, 1), (0, 7200, 1200, 2)]) == pytest.approx(1600)
    assert readings.merged_total([]) == 0


def test_deleting_the_main_reading_promotes_another(vault: Vault) -> None:
    watch = _rec("HKQuantityTypeIdentifierHeartRate", 72, "count/min", device="<<HKDevice>, name:Apple Watch>")
    hospital = _fhir_hr(72, T)
    vault.add_records([watch, hospital])
    vault.delete_record(hospital.id)
    assert vault.conn.execute("SELECT source, main FROM readings").fetchall() == [("Jane's Apple Watch", 1)]
    assert vault.conn.execute("SELECT count(*) FROM records WHERE shadow = 1").fetchone()[0] == 0


def test_the_day_is_the_day_where_it_happened(vault: Vault) -> None:
    # 23:30 UTC on the 24th is 08:30 on the 25th in Seoul: a reading from Seoul belongs to the 25th
    vault.add_records(
        [_rec("HKQuantityTypeIdentifierHeartRate", 60, "count/min", start=datetime(2024, 3, 25, 8, 30, tzinfo=KST))]
    )
    assert vault.conn.execute("SELECT day FROM readings").fetchone() == ("2024-03-25",)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["A", "B", "C"]),
            st.integers(min_value=0, max_value=600),
            st.integers(min_value=60, max_value=64),
        ),
        min_size=1,
        max_size=25,
    )
)
def test_grouping_never_loses_a_record_and_counts_each_group_once(
    vault: Vault, items: list[tuple[str, int, int]]
) -> None:
    with vault.transaction() as conn:
        conn.execute("DELETE FROM records")
    recs = [
        _rec("HKQuantityTypeIdentifierHeartRate", v, "count/min", source=s, start=T + timedelta(seconds=sec))
        for s, sec, v in items
    ]
    vault.add_records(recs)
    n_records = vault.conn.execute("SELECT count(*) FROM records").fetchone()[0]
    groups = vault.conn.execute("SELECT count(DISTINCT grp), sum(main), count(*) FROM readings").fetchone()
    assert groups[2] == n_records  # every record has its reading
    assert groups[0] == groups[1]  # one main reading per group
    shadows = vault.conn.execute("SELECT count(*) FROM records WHERE shadow = 1").fetchone()[0]
    assert shadows == n_records - groups[1]


def test_a_schema_5_vault_gets_its_readings_when_opened(vault: Vault, vault_dir: Any) -> None:
    from conftest import PASSPHRASE

    watch = _rec("HKQuantityTypeIdentifierHeartRate", 72, "count/min", device="<<HKDevice>, name:Apple Watch>")
    vault.add_records([watch, _fhir_hr(72, T), _rec("HKQuantityTypeIdentifierBodyMass", 154.3, "lb")])
    # Make it what schema 5 was: no readings, no shadow column, no triggers (nor anything later).
    downgrade_to(vault.conn, 5)
    vault.close()
    with Vault.open(vault_dir, PASSPHRASE) as again:
        assert again.schema_version == migrations.LATEST
        got = again.conn.execute("SELECT mtype, round(value, 2), main FROM readings ORDER BY mtype, main").fetchall()
        # the watch's heart rate is a sample of its series now (schema 7), the hospital's a reading
        assert got == [("body_weight", 69.99, 1), ("heart_rate", 72.0, 1)]
        assert again.sample_count() == 1
        assert measurements.count(again, "heart_rate", None) == 1  # the same heart rate, counted once


def test_the_cli_lists_sources_and_reorders_them(vault: Vault, vault_dir: Any) -> None:
    from conftest import run_cli

    watch = _rec("HKQuantityTypeIdentifierHeartRate", 72, "count/min", device="<<HKDevice>, name:Apple Watch>")
    vault.add_records([watch, _fhir_hr(72, T)])
    vault.close()
    listed = run_cli(vault_dir, "sources", "list")
    assert listed.returncode == 0, listed.stderr
    lines = listed.stdout.splitlines()
    assert lines[0].startswith("  1. Seoul Hospital") and "Jane's Apple Watch" in lines[1]
    moved = run_cli(vault_dir, "sources", "prefer", "Jane's Apple Watch")
    assert moved.returncode == 0, moved.stderr
    assert run_cli(vault_dir, "sources", "list").stdout.splitlines()[0].startswith("  1. Jane's Apple Watch")
    wrong = run_cli(vault_dir, "sources", "prefer", "nobody")
    assert wrong.returncode != 0 and "sources list" in wrong.stderr and "Traceback" not in wrong.stderr
    with Vault.open(vault_dir, __import__("conftest").PASSPHRASE) as again:
        assert again.conn.execute("SELECT source FROM readings WHERE main").fetchall() == [("Jane's Apple Watch",)]


def _main_values(vault: Vault) -> list[tuple[Any, ...]]:
    return vault.conn.execute("SELECT person_id, value, main FROM readings ORDER BY rid").fetchall()


def test_changing_the_first_reading_of_a_group_regroups_the_rest(vault: Vault) -> None:
    watch = _rec("HKQuantityTypeIdentifierHeartRate", 72, "count/min", device="<<HKDevice>, name:Apple Watch>")
    vault.add_records([watch])
    vault.add_records([_rec("HKQuantityTypeIdentifierHeartRate", 72, "count/min", source="Jane's iPhone")])
    assert [m for *_, m in _main_values(vault)] == [1, 0]
    changed = vault.get(watch.id)
    changed.value = 130
    vault.update_record(changed)
    assert sorted((v, m) for _p, v, m in _main_values(vault)) == [(72, 1), (130, 1)]  # two readings now
    assert vault.conn.execute("SELECT count(*) FROM records WHERE shadow = 1").fetchone() == (0,)
    assert measurements.count(vault, "heart_rate", None) == 2


def test_moving_a_record_to_another_person_splits_its_group(vault: Vault) -> None:
    from wallet.model import Person

    watch = _rec("HKQuantityTypeIdentifierHeartRate", 72, "count/min", device="<<HKDevice>, name:Apple Watch>")
    vault.add_records([watch, _rec("HKQuantityTypeIdentifierHeartRate", 72, "count/min", source="Jane's iPhone")])
    kid = Person(name="Kid")
    vault.save_person(kid)
    vault.move_records([watch.id], kid.id)
    holder = vault.holder().id
    assert measurements.count(vault, "heart_rate", holder) == 1
    assert measurements.count(vault, "heart_rate", kid.id) == 1
    assert vault.conn.execute("SELECT count(DISTINCT grp), sum(main) FROM readings").fetchone() == (2, 2)


@pytest.mark.parametrize("systolic_first", [True, False])
def test_blood_pressure_halves_imported_apart_still_make_one_reading(vault: Vault, systolic_first: bool) -> None:
    sys_ = _rec("HKQuantityTypeIdentifierBloodPressureSystolic", 128, "mmHg", source="Omron")
    dia = _rec("HKQuantityTypeIdentifierBloodPressureDiastolic", 82, "mmHg", source="Omron")
    for rec in (sys_, dia) if systolic_first else (dia, sys_):
        vault.add_records([rec])
    rows = vault.conn.execute("SELECT value, value2 FROM readings").fetchall()
    assert rows == [(128, 82)]
    assert vault.conn.execute("SELECT count(*) FROM records WHERE shadow = 1").fetchone() == (1,)
    (day,) = measurements.daily(vault, "blood_pressure", None)
    assert measurements.summary_text(day) == "128/82 mmHg"


def test_values_a_reading_cannot_hold_are_left_out_not_fatal(vault: Vault) -> None:
    vault.add_records(
        [
            _rec("HKQuantityTypeIdentifierBodyMass", float("inf"), "kg"),
            _rec("HKQuantityTypeIdentifierBodyMass", 70, "kg", start=T + timedelta(days=1)),
        ]
    )
    assert vault.conn.execute("SELECT value FROM readings").fetchall() == [(70,)]


@pytest.mark.parametrize(
    ("code", "value", "unit", "mtype", "expected"),
    [
        ("14749-6", 5.55, "mmol/L", "blood_glucose", 100.0),  # 1 mmol/L glucose = 18.016 mg/dL
        ("14647-2", 5.17, "mmol/L", "total_cholesterol", 199.9),  # 1 mmol/L cholesterol = 38.67 mg/dL
        ("14927-8", 1.69, "mmol/L", "triglycerides", 149.7),  # 1 mmol/L triglycerides = 88.57 mg/dL
        ("14682-9", 88.4, "umol/L", "creatinine", 1.0),  # 1 mg/dL creatinine = 88.4 umol/L
        ("59261-8", 48, "mmol/mol", "hba1c", 6.54),  # IFCC 48 mmol/mol = NGSP 6.5 %
        ("2339-0", 100, "mg/dL", "blood_glucose", 100.0),
    ],
)
def test_laboratory_values_in_si_units_join_their_type_in_its_unit(
    vault: Vault, code: str, value: float, unit: str, mtype: str, expected: float
) -> None:
    vault.add_records([_rec("Observation", value, unit, connector="fhir", code=code, payload={})])
    got = vault.conn.execute("SELECT mtype, value FROM readings").fetchone()
    assert got[0] == mtype
    assert got[1] == pytest.approx(expected, abs=0.06)


def _merged_by_cells(items: list[tuple[float, float, float, int]]) -> float:
    """merged_total worked out cell by cell: each unit of time counts once, from the best covering reading."""
    order = sorted(range(len(items)), key=lambda i: (items[i][3], items[i][0], items[i][1], items[i][2]))
    total = 0.0
    for k in range(0, 100):
        for i in order:
            t0, t1, value, _rank = items[i]
            if t1 > t0 and t0 <= k < t1:
                total += value / (t1 - t0)
                break
    for pos, i in enumerate(order):
        t0, t1, value, rank = items[i]
        if t1 <= t0 and not any(
            items[j][0] <= t0 < items[j][1] for j in order[:pos] if items[j][3] <= rank and items[j][1] > items[j][0]
        ):
            total += value
    return total


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 90), st.integers(0, 10), st.integers(0, 1000), st.integers(1, 3)).map(
            lambda t: (float(t[0]), float(t[0] + t[1]), float(t[2]), t[3])
        ),
        max_size=20,
    )
)
def test_merged_total_counts_each_moment_once_from_the_best_source(
    items: list[tuple[float, float, float, int]],
) -> None:
    assert readings.merged_total(items) == pytest.approx(_merged_by_cells(items), abs=1e-6)

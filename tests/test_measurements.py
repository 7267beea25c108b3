"""Health measurements (wallet.features.measurements): equivalent codes merged into one type, daily summaries.

No Qt here; tests/test_health_view.py shows the same data in the app and imports the samples below.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from wallet.features import measurements as m
from wallet.imports.connector import Source
from wallet.imports.pipeline import import_source
from wallet.model import Domain, Person, Provenance, Record
from wallet.samples import Samples

FHIR_HR = {
    "resourceType": "Bundle",
    "type": "collection",
    "entry": [
        {
            "fullUrl": "urn:uuid:p1",
            "resource": {"resourceType": "Patient", "id": "p1", "name": [{"family": "Kim", "given": ["Minji"]}]},
        },
        {
            "fullUrl": "urn:uuid:o1",
            "resource": {
                "resourceType": "Observation",
                "id": "o1",
                "status": "final",
                "code": {"coding": [{"system": "http://loinc.org", "code": "8867-4", "display": "Heart rate"}]},
                "subject": {"reference": "urn:uuid:p1"},
                "effectiveDateTime": "2024-03-01T09:00:00+09:00",
                "valueQuantity": {"value": 64, "unit": "/min", "system": "http://unitsofmeasure.org", "code": "/min"},
            },
        },
    ],
}

APPLE_XML = b"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE HealthData [
<!ELEMENT HealthData (ExportDate,Me,(Record|Correlation|Workout|ActivitySummary|ClinicalRecord)*)>
]>
<HealthData locale="en_US">
 <ExportDate value="2024-03-05 10:00:00 +0900"/>
 <Me HKCharacteristicTypeIdentifierDateOfBirth="" HKCharacteristicTypeIdentifierBiologicalSex="HKBiologicalSexNotSet"/>
 <Record type="HKQuantityTypeIdentifierHeartRate" sourceName="Watch" unit="count/min"
 startDate="2024-03-01 10:00:00 +0900"
 endDate="2024-03-01 10:00:00 +0900" value="71"/>
 <Record type="HKQuantityTypeIdentifierHeartRate" sourceName="Watch" unit="count/min"
 startDate="2024-03-02 10:00:00 +0900"
 endDate="2024-03-02 10:00:00 +0900" value="75"/>
 <Record type="HKQuantityTypeIdentifierBodyMass" sourceName="Scale" unit="kg"
 startDate="2024-03-02 10:00:00 +0900"
 endDate="2024-03-02 10:00:00 +0900" value="61.5"/>
</HealthData>
"""


def import_both(vault) -> None:
    holder = vault.holder().id
    import_source(vault, Source(data=json.dumps(FHIR_HR).encode(), name="hospital.json"), "fhir", person=holder)
    import_source(vault, Source(data=APPLE_XML, name="export.xml"), "apple_health", person=holder)


def many_heart_rates(n: int, source: str = "watch.json") -> list[Record]:
    start = datetime(2024, 1, 1, tzinfo=UTC)
    prov = Provenance(connector_id="fitbit", connector_version="1", source_name=source)
    return [
        Record(
            domain=Domain.FITNESS,
            kind="heart_rate",
            title="Heart rate",
            start=start + timedelta(minutes=7 * i),
            value=float(60 + i % 40),
            unit="bpm",
            code_system=m.LOINC,
            code="8867-4",
            provenance=prov,
        )
        for i in range(n)
    ]


def test_classify_merges_equivalent_codes():
    assert m.classify("Observation", m.LOINC, "8867-4") == "heart_rate"
    assert m.classify("HKQuantityTypeIdentifierHeartRate", None, None) == "heart_rate"
    assert m.classify("heart_rate", m.LOINC, "8867-4") == "heart_rate"
    assert m.classify("body_weight", None, None) == "body_weight"
    assert m.classify("Observation", "LOINC", "29463-7") == "body_weight"
    assert m.classify("Observation", m.LOINC, "9999-9") == "code:http://loinc.org|9999-9"
    assert m.classify("distance", None, None) == "distance"  # Fitbit's distance is walking and running distance
    assert m.classify("floors", None, None) == "kind:floors"


def test_heart_rate_from_fhir_and_apple_health_is_one_type(vault):
    import_both(vault)
    types = {t.key: t for t in m.measurement_types(vault, vault.holder().id)}
    assert types["heart_rate"].count == 3
    assert types["body_weight"].count == 1


def test_many_values_are_summarised_per_day_in_sql(vault):
    vault.add_records(many_heart_rates(5000))
    person = vault.holder().id
    assert m.count(vault, "heart_rate", person) == 5000
    daily = m.daily(vault, "heart_rate", person, local_time=False)
    # 5,000 samples 7 minutes apart span 25 UTC days; the aggregates cover every sample.
    assert len(daily) == 25
    assert sum(d.count for d in daily) == 5000
    assert min(d.minimum for d in daily) == 60 and max(d.maximum for d in daily) == 99
    first = next(d for d in daily if d.day == "2024-01-01")
    expected = [60 + i % 40 for i in range(5000) if i * 7 < 24 * 60]
    assert first.count == len(expected)
    assert first.average == pytest.approx(sum(expected) / len(expected))
    assert len(m.samples(vault, "heart_rate", person)) == m.RAW_LIMIT


def test_fhir_blood_pressure_panel_components_are_read(vault):
    prov = Provenance(connector_id="fhir", connector_version="1", source_name="bp.json")

    def part(code: str, value: int) -> dict:
        quantity = {"value": value, "unit": "mm[Hg]"}
        return {"code": {"coding": [{"system": m.LOINC, "code": code}]}, "valueQuantity": quantity}

    panel = {"resourceType": "Observation", "component": [part("8480-6", 121), part("8462-4", 79)]}
    vault.add_records(
        [
            Record(
                domain=Domain.HEALTH,
                kind="Observation",
                title="Blood pressure",
                start=datetime(2024, 2, 1, tzinfo=UTC),
                code_system=m.LOINC,
                code="85354-9",
                payload=panel,
                provenance=prov,
            )
        ]
    )
    person = vault.holder().id
    keys = [t.key for t in m.measurement_types(vault, person)]
    assert keys == ["blood_pressure"]  # one reading of two numbers, not two unrelated lists
    (sample,) = m.samples(vault, "blood_pressure", person)
    assert (sample.value, sample.value2, sample.text) == (121.0, 79.0, "121/79 mmHg")
    day = m.daily(vault, "blood_pressure", person)[0]
    assert (day.average, day.average2, m.summary_text(day)) == (121.0, 79.0, "121/79 mmHg")


def test_bank_amounts_and_energy_readings_are_not_measurements(vault):
    when = datetime(2024, 3, 1, tzinfo=UTC)
    prov = Provenance(connector_id="manual", connector_version="1", source_name="t")
    vault.add_records(
        [
            Record(
                domain=Domain.FINANCE,
                kind="transaction",
                title="Coffee",
                value=-4500,
                unit="KRW",
                start=when,
                provenance=prov,
            ),
            Record(
                domain=Domain.ENERGY,
                kind="interval_reading",
                title="Electricity",
                value=1.2,
                unit="kWh",
                start=when,
                provenance=prov,
            ),
            Record(
                domain=Domain.FITNESS,
                kind="steps",
                title="Steps",
                value=1200,
                unit="steps",
                start=when,
                provenance=prov,
            ),
        ]
    )
    names = [t.name for t in m.measurement_types(vault, vault.holder().id)]
    assert len(names) == 1 and "Transaction" not in " ".join(names) and "Electricity" not in " ".join(names)


def test_a_days_step_total_merges_overlaps_in_utc_days_as_in_local_days(vault):
    """Steps a watch (a series) and a phone (records) both counted: each moment once, from the better source,
    whether days are local or UTC, as the readings layer's maintained total has it."""
    noon = datetime(2024, 3, 25, 12, 0, tzinfo=UTC)  # the same day in UTC and in its own zone
    t = noon.timestamp()
    prov = Provenance(connector_id="apple_health", connector_version="1", source_name="export.xml")
    watch = Samples(Domain.HEALTH, "HKQuantityTypeIdentifierStepCount", "Steps", "count", "Jane's Apple Watch", prov)
    watch.rows = [(t, t + 600, 600.0, 0, None)]
    watch.meta["device"] = "<<HKDevice>, name:Apple Watch>"
    vault.add_samples([watch])

    def phone(minutes: int, value: float) -> Record:
        start = noon + timedelta(minutes=minutes)
        return Record(
            domain=Domain.HEALTH,
            kind="HKQuantityTypeIdentifierStepCount",
            title="Steps",
            start=start,
            end=start + timedelta(minutes=10),
            value=value,
            unit="count",
            payload={"sourceName": "Jane's iPhone"},
            provenance=prov,
        )

    # 12:05-12:15, half of it under the watch's 12:00-12:10; 12:10-12:20, half of it under the phone's own 12:05-12:15
    vault.add_records([phone(5, 500), phone(10, 300)])
    [(maintained,)] = vault.conn.execute("SELECT total FROM readings_daily WHERE mtype = 'steps'").fetchall()
    assert maintained == pytest.approx(600 + 250 + 150)
    for local_time in (True, False):
        [day] = m.daily(vault, "steps", None, local_time=local_time)
        assert (day.day, day.total) == ("2024-03-25", pytest.approx(maintained)), local_time
    [phone_day] = m.daily(vault, "steps", None, "Jane's iPhone", local_time=False)
    assert phone_day.total == pytest.approx(500 + 150)  # one source's own overlap, once
    # a second person's watch at the same moments: everyone's total is each person's, added (not merged across people)
    child = Person(name="Minji")
    vault.save_person(child)
    theirs = Samples(Domain.HEALTH, "HKQuantityTypeIdentifierStepCount", "Steps", "count", "Minji's Apple Watch", prov)
    theirs.rows = [(t, t + 600, 400.0, 0, None)]
    theirs.person_id = child.id
    vault.add_samples([theirs])
    for local_time in (True, False):
        [day] = m.daily(vault, "steps", None, local_time=local_time)
        assert day.total == pytest.approx(maintained + 400), local_time
        [own] = m.daily(vault, "steps", child.id, local_time=local_time)
        assert own.total == pytest.approx(400), local_time

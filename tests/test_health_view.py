"""Health measurements: equivalent codes merged into one type, sources side by side (pytest-qt, offscreen)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

pytest.importorskip("PySide6.QtWidgets", reason="the desktop app needs PySide6")
pytest.importorskip("pytestqt", reason="the desktop app tests need pytest-qt")

from PySide6.QtGui import QAction
from ui_support import open_window

from wallet.features import measurements as m
from wallet.imports.connector import Source
from wallet.imports.pipeline import import_source
from wallet.model import Domain, Provenance, Record
from wallet.ui.health_view import HealthView, open_health_view

WAIT = 20000

FHIR_HR = {
    "resourceType": "Bundle",
    "type": "collection",
    "entry": [
        {"fullUrl": "urn:uuid:p1", "resource": {"resourceType": "Patient", "id": "p1",
                                                "name": [{"family": "Kim", "given": ["Minji"]}]}},
        {"fullUrl": "urn:uuid:o1", "resource": {
            "resourceType": "Observation", "id": "o1", "status": "final",
            "code": {"coding": [{"system": "http://loinc.org", "code": "8867-4", "display": "Heart rate"}]},
            "subject": {"reference": "urn:uuid:p1"},
            "effectiveDateTime": "2024-03-01T09:00:00+09:00",
            "valueQuantity": {"value": 64, "unit": "/min", "system": "http://unitsofmeasure.org", "code": "/min"}}},
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


pytestmark = pytest.mark.usefixtures("gui_env")  # conftest.py: GUI-thread gc, temporary QSettings, English


def import_both(vault) -> None:
    holder = vault.holder().id
    import_source(vault, Source(data=json.dumps(FHIR_HR).encode(), name="hospital.json"), "fhir", person=holder)
    import_source(vault, Source(data=APPLE_XML, name="export.xml"), "apple_health", person=holder)


def wait_table(qtbot, view: HealthView, rows: int) -> None:
    qtbot.waitUntil(lambda: not view.loading and view.table.rowCount() == rows, timeout=WAIT)


def cells(view: HealthView) -> list[list[str]]:
    t = view.table
    return [[(t.item(r, c).text() if t.item(r, c) else "") for c in range(t.columnCount())]
            for r in range(t.rowCount())]


def headers(view: HealthView) -> list[str]:
    return [view.table.horizontalHeaderItem(c).text() for c in range(view.table.columnCount())]


def test_classify_merges_equivalent_codes():
    assert m.classify("Observation", m.LOINC, "8867-4") == "heart_rate"
    assert m.classify("HKQuantityTypeIdentifierHeartRate", None, None) == "heart_rate"
    assert m.classify("heart_rate", m.LOINC, "8867-4") == "heart_rate"
    assert m.classify("body_weight", None, None) == "body_weight"
    assert m.classify("Observation", "LOINC", "29463-7") == "body_weight"
    assert m.classify("Observation", m.LOINC, "9999-9") == "code:http://loinc.org|9999-9"
    assert m.classify("distance", None, None) == "kind:distance"


def test_heart_rate_from_fhir_and_apple_health_is_one_type_with_both_sources(qtbot, vault, vault_dir):
    import_both(vault)
    types = {t.key: t for t in m.measurement_types(vault, vault.holder().id)}
    assert types["heart_rate"].count == 3
    assert types["body_weight"].count == 1

    window = open_window(qtbot, vault_dir, vault)
    # Through the menu entry that the main window offers once this module exists.
    action = next(a for a in window.findChildren(QAction) if a.text() == "&Health measurements...")
    assert action.isVisible()
    action.trigger()
    view = window.health_view
    assert isinstance(view, HealthView) and view.isVisible()
    qtbot.waitUntil(lambda: view.type_list.count() > 0, timeout=WAIT)
    items = [view.type_list.item(i).text() for i in range(view.type_list.count())]
    assert items[0] == "Heart rate (3)"
    assert view.select_type("heart_rate")
    # Few values: each measurement, newest first, with its source named.
    qtbot.waitUntil(lambda: view.mode.currentData() == "each", timeout=WAIT)
    wait_table(qtbot, view, 3)
    assert headers(view) == ["Date", "Value", "Unit", "Source"]
    rows = cells(view)
    assert [r[1] for r in rows] == ["75", "71", "64"]
    sources = {r[3] for r in rows}
    assert sources == {"export.xml · apple_health", "hospital.json · fhir"}
    assert {r[2] for r in rows} == {"count/min", "/min"}

    # The daily summary: one column per source, side by side on 2024-03-01.
    view.mode.setCurrentIndex(view.mode.findData("daily"))
    view._load_series()
    qtbot.waitUntil(lambda: not view.loading and view.table.columnCount() == 3, timeout=WAIT)
    assert headers(view)[1:] == ["export.xml · apple_health", "hospital.json · fhir"]
    by_day = {r[0]: r for r in cells(view)}
    # The FHIR value (09:00 +09:00) and the first Apple one (10:00 +09:00) fall on the same local day here
    # (00:00 and 01:00 UTC) unless this computer's zone is between UTC-1 and UTC.
    fhir_day = m._day_of("2024-03-01T00:00:00.000000Z", True)
    assert "64" in by_day[fhir_day][2]
    assert any("71" in r[1] for r in by_day.values())

    # The source filter narrows the table to one source.
    view.source.setCurrentIndex(view.source.findData("hospital.json · fhir"))
    view.mode.setCurrentIndex(view.mode.findData("each"))
    view._load_series()
    wait_table(qtbot, view, 1)
    assert cells(view)[0][1:] == ["64", "/min", "hospital.json · fhir"]

    # The menu entry again brings the open window forward; locking closes it.
    action.trigger()
    assert window.health_view is view
    closed = []
    view.destroyed.connect(lambda: closed.append(True))
    window.lock()
    qtbot.waitUntil(lambda: bool(closed), timeout=WAIT)


def many_heart_rates(n: int, source: str = "watch.json") -> list[Record]:
    start = datetime(2024, 1, 1, tzinfo=UTC)
    prov = Provenance(connector_id="fitbit", connector_version="1", source_name=source)
    return [
        Record(domain=Domain.FITNESS, kind="heart_rate", title="Heart rate", start=start + timedelta(minutes=7 * i),
               value=float(60 + i % 40), unit="bpm", code_system=m.LOINC, code="8867-4", provenance=prov)
        for i in range(n)
    ]


def test_many_values_are_summarised_per_day_in_sql(qtbot, vault, vault_dir):
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

    window = open_window(qtbot, vault_dir, vault)
    view = open_health_view(window)
    qtbot.waitUntil(lambda: view.type_list.count() == 1, timeout=WAIT)
    qtbot.waitUntil(lambda: not view.loading and view.total == 5000 and view.table.rowCount() > 0, timeout=WAIT)
    assert view.mode.currentData() == "daily"
    assert headers(view) == ["Day", "watch.json · fitbit"]
    assert 25 <= view.table.rowCount() <= 26  # local days: 25, or 26 across a day boundary
    assert "5,000 values" in view.heading.text()
    view.close()


def test_fhir_blood_pressure_panel_components_are_read(vault):
    prov = Provenance(connector_id="fhir", connector_version="1", source_name="bp.json")

    def part(code: str, value: int) -> dict:
        quantity = {"value": value, "unit": "mm[Hg]"}
        return {"code": {"coding": [{"system": m.LOINC, "code": code}]}, "valueQuantity": quantity}

    panel = {"resourceType": "Observation", "component": [part("8480-6", 121), part("8462-4", 79)]}
    vault.add_records([Record(domain=Domain.HEALTH, kind="Observation", title="Blood pressure",
                              start=datetime(2024, 2, 1, tzinfo=UTC), code_system=m.LOINC, code="85354-6",
                              payload=panel, provenance=prov)])
    person = vault.holder().id
    keys = [t.key for t in m.measurement_types(vault, person)]
    assert keys == ["blood_pressure_systolic", "blood_pressure_diastolic"]
    assert [s.value for s in m.samples(vault, "blood_pressure_systolic", person)] == [121.0]
    assert [s.value for s in m.samples(vault, "blood_pressure_diastolic", person)] == [79.0]
    assert m.daily(vault, "blood_pressure_systolic", person)[0].average == 121.0


def test_bank_amounts_and_energy_readings_are_not_measurements(vault):
    when = datetime(2024, 3, 1, tzinfo=UTC)
    prov = Provenance(connector_id="manual", connector_version="1", source_name="t")
    vault.add_records([
        Record(domain=Domain.FINANCE, kind="transaction", title="Coffee", value=-4500, unit="KRW", start=when,
               provenance=prov),
        Record(domain=Domain.ENERGY, kind="interval_reading", title="Electricity", value=1.2, unit="kWh", start=when,
               provenance=prov),
        Record(domain=Domain.FITNESS, kind="steps", title="Steps", value=1200, unit="steps", start=when,
               provenance=prov),
    ])
    names = [t.name for t in m.measurement_types(vault, vault.holder().id)]
    assert len(names) == 1 and "Transaction" not in " ".join(names) and "Electricity" not in " ".join(names)

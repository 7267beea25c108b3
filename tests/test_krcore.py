"""KR Core (HL7 Korea) FHIR: profiles recognised, Korean code systems and displays, the same kinds as other FHIR."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import FIXTURES
from golden_support import check_golden

from connectors.fhir import FhirConnector, krcore
from wallet.features import measurements as m
from wallet.imports.connector import ImportContext, Source
from wallet.imports.pipeline import import_source
from wallet.model import Record
from wallet.terms import measures, names

BUNDLE = FIXTURES / "krcore" / "krcore-examples-bundle.json"
WEIGHT = FIXTURES / "krcore" / "krcore-bodyweight-example-01.json"
NHIS = FIXTURES / "nhis_checkup" / "nhis_ccr_20241105.xml"
GOLDEN = Path(__file__).parent / "golden" / "krcore"


def read(source: Source) -> list[Record]:
    return [r for r in FhirConnector().read(source, ImportContext()) if isinstance(r, Record)]


def by_kind(records: list[Record]) -> dict[str, list[Record]]:
    out: dict[str, list[Record]] = {}
    for r in records:
        out.setdefault(r.kind, []).append(r)
    return out


def test_golden() -> None:
    """Regenerate with: UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_krcore.py"""
    got = [
        {
            "kind": r.kind,
            "title": r.title,
            "code": f"{r.code_system}|{r.code}",
            "display": r.code_display,
            "value": r.value,
            "unit": r.unit,
            "start": r.start.isoformat() if r.start else None,
            "tags": r.tags,
            "subject": r.subject_key,
            "warnings": r.provenance.warnings,
        }
        for r in read(Source(BUNDLE))
    ]
    check_golden(got, GOLDEN / "krcore-examples-bundle.json")


def test_every_example_is_valid_fhir_and_claims_its_kr_core_profile() -> None:
    records = read(Source(BUNDLE))
    assert len(records) == 11
    assert all(not r.provenance.warnings for r in records)  # the hand translation validates as FHIR R4
    profiles = {r.kind: r.tags for r in records if r.kind != "Observation"}
    assert profiles["Patient"] == ["krcore:krcore-patient"]
    assert profiles["Condition"] == ["krcore:krcore-condition-encounter-diagnosis"]
    assert profiles["Immunization"] == ["krcore:krcore-immunization"]
    assert sorted(t for r in records if r.kind == "Observation" for t in r.tags) == [
        "krcore:krcore-bloodpressure",
        "krcore:krcore-bodyweight",
        "krcore:krcore-observation-laboratory-result",
    ]


def test_profile_is_read_from_meta_profile() -> None:
    url = krcore.PROFILE_PREFIX + "krcore-bodyweight"
    assert krcore.profile({"meta": {"profile": [url]}}) == "krcore-bodyweight"
    assert krcore.profile({"meta": {"profile": [url + "|2.0.0"]}}) == "krcore-bodyweight"
    assert krcore.profile({"meta": {"profile": ["http://hl7.org/fhir/us/core/StructureDefinition/x"]}}) is None
    assert krcore.profile({"meta": {"profile": "not a list"}}) is None
    assert krcore.profile({}) is None


def test_korean_code_systems_and_their_korean_displays() -> None:
    kinds = by_kind(read(Source(BUNDLE)))
    (cond,) = kinds["Condition"]
    assert (cond.code_system, cond.code, cond.code_display, cond.title) == (
        "KCD-8",
        "N20.1",
        "요관의 결석",
        "요관의 결석",
    )
    for lang in ("ko", "en"):  # a KCD-8 code is named by its Korean display whatever the language
        assert names.code_name(cond.code_system, cond.code, cond.code_display, lang) == "요관의 결석"
    (med,) = kinds["Medication"]
    assert (med.code_system, med.code) == ("HIRA EDI medication", "653400910")
    assert med.code_display == "케토라신정(케토롤락트로메타민)_(10mg/1정)"
    (report,) = kinds["DiagnosticReport"]
    assert (report.code_system, report.code) == ("HIRA EDI procedure", "D0301026")
    (org,) = kinds["Organization"]
    assert (org.code_system, org.code, org.code_display) == ("HIRA organization type", "01", "상급종합병원")
    (imm,) = kinds["Immunization"]
    assert (imm.code_system, imm.code, imm.code_display) == ("KR Core vaccination type", "13", "인플루엔자")
    assert "혈색소" in (kinds["Observation"][2].text or "")  # HIRA EDI component names are searchable


def test_canonical_urls_are_the_ig_ones() -> None:
    assert krcore.KCD8 == "http://www.hl7korea.or.kr/CodeSystem/kostat-kcd-8"
    assert krcore.HIRA_EDI_PROCEDURE == "http://www.hl7korea.or.kr/CodeSystem/hira-edi-procedure"
    assert krcore.KPIS_KD_CODE == "http://www.hl7korea.or.kr/CodeSystem/kpis-kdcode"


def _condition(codings: list[dict[str, str]]) -> dict[str, object]:
    return {"resourceType": "Condition", "id": "c", "code": {"coding": codings}, "subject": {"reference": "Patient/p"}}


def test_a_korean_coding_beside_an_international_one_gives_the_korean_display() -> None:
    icd = {"system": "http://hl7.org/fhir/sid/icd-10", "code": "N20.1", "display": "Calculus of ureter"}
    kcd = {"system": krcore.KCD8, "code": "N20.1", "display": "요관의 결석"}
    (rec,) = read(Source(data=json.dumps(_condition([icd, kcd])).encode(), name="c.json"))
    assert (rec.code_system, rec.code_display) == ("KCD-8", "요관의 결석")
    # without a Korean coding nothing changes: the first coding names the concept, as before
    snomed = {"system": "http://snomed.info/sct", "code": "95570007", "display": "Kidney stone"}
    (plain,) = read(Source(data=json.dumps(_condition([icd, snomed])).encode(), name="c.json"))
    assert (plain.code_system, plain.code_display) == ("ICD-10", "Calculus of ureter")


def test_loinc_wins_over_a_hira_code_so_the_measurement_type_is_kept() -> None:
    obs = {
        "resourceType": "Observation",
        "id": "hb",
        "status": "final",
        "code": {
            "coding": [
                {"system": krcore.HIRA_EDI_PROCEDURE, "code": "D0002050", "display": "혈색소[광전비색법]"},
                {"system": "http://loinc.org", "code": "718-7", "display": "Hemoglobin"},
            ]
        },
        "effectiveDateTime": "2023-04-25",
        "valueQuantity": {"value": 14.78, "unit": "g/dL", "system": "http://unitsofmeasure.org", "code": "g/dL"},
    }
    (rec,) = read(Source(data=json.dumps(obs).encode(), name="hb.json"))
    assert (rec.code_system, rec.code) == ("LOINC", "718-7")
    assert measures.classify(rec.kind, rec.code_system, rec.code) == "hemoglobin"


def test_kr_core_vital_signs_land_in_their_measurement_types(vault) -> None:
    person = vault.holder().id
    import_source(vault, Source(BUNDLE), "fhir", person=person)
    (bp,) = m.samples(vault, "blood_pressure", person)
    assert (bp.value, bp.value2, bp.text) == (109.0, 44.0, "109/44 mmHg")
    (weight,) = m.samples(vault, "body_weight", person)
    assert (weight.value, weight.unit, weight.local_start[:10]) == (55.0, "kg", "2021-01-01")


FHIR_WEIGHT = {
    "resourceType": "Observation",
    "id": "w1",
    "status": "final",
    "code": {"coding": [{"system": "http://loinc.org", "code": "29463-7", "display": "Body weight"}]},
    "effectiveDateTime": "2023-06-01T08:00:00Z",
    "valueQuantity": {"value": 72.5, "unit": "kg", "system": "http://unitsofmeasure.org", "code": "kg"},
}


def test_kr_core_and_nhis_weights_land_with_a_loinc_fhir_weight(vault) -> None:
    person = vault.holder().id
    import_source(vault, Source(data=json.dumps(FHIR_WEIGHT).encode(), name="hospital.json"), "fhir", person=person)
    import_source(vault, Source(WEIGHT), "fhir", person=person)
    import_source(vault, Source(NHIS), "nhis_checkup", person=person)
    got = sorted((s.local_start[:10], s.value, s.unit) for s in m.samples(vault, "body_weight", person))
    assert got == [
        ("2021-01-01", 55.0, "kg"),  # KR Core body weight
        ("2022-10-28", 68.4, "kg"),  # NHIS 건강검진 체중
        ("2023-06-01", 72.5, "kg"),  # plain FHIR, LOINC 29463-7
        ("2024-10-12", 70.1, "kg"),  # NHIS 건강검진 체중 (몸무게)
    ]
    weights = [t for t in m.measurement_types(vault, person) if t.key == "body_weight"]
    assert len(weights) == 1 and weights[0].count == 4


@pytest.mark.parametrize("path", [BUNDLE, WEIGHT], ids=lambda p: p.name)
def test_identified_as_fhir(path: Path) -> None:
    assert FhirConnector().identify(Source(path))

"""FHIR R4 connector: what each sample yields, NDJSON, leniency, bad input."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from conftest import DEMO, FIXTURES
from golden_support import check_golden

from connectors.fhir import FhirConnector, parse_fhir_datetime
from wallet.errors import ConnectorError
from wallet.imports.connector import ImportContext, Source
from wallet.model import Domain, Record

GOLDEN = Path(__file__).parent / "golden" / "fhir"
SYNTHEA = [*(FIXTURES / "fhir-synthea").glob("*.json"), DEMO / "Liz_Conn_27c911c6-f045-4ffa-af5d-6eba57ac94b2.json"]
IPS = [*(FIXTURES / "fhir-ips").glob("*.json"), DEMO / "Bundle-IPS-examples-Bundle-01.json"]
SAMPLES = sorted(SYNTHEA, key=lambda p: p.name) + sorted(IPS, key=lambda p: p.name)


def read(path: Path) -> list[Record]:
    return [r for r in FhirConnector().read(Source(path), ImportContext()) if isinstance(r, Record)]


def summary(records: list[Record]) -> dict[str, object]:
    patient = next((r for r in records if r.kind == "Patient"), None)
    return {
        "records": len(records),
        "by_kind": dict(sorted(Counter(r.kind for r in records).items())),
        "with_warnings": sum(1 for r in records if r.provenance.warnings),
        "patient": patient.person_hint.model_dump(mode="json") if patient and patient.person_hint else None,
        "conditions": sorted({r.title for r in records if r.kind == "Condition"}),
        "first_observation": next(
            (
                {
                    "title": r.title,
                    "start": r.start.isoformat() if r.start else None,
                    "value": r.value,
                    "unit": r.unit,
                    "code": f"{r.code_system}|{r.code}",
                }
                for r in records
                if r.kind == "Observation" and r.value is not None
            ),
            None,
        ),
    }


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_golden(path: Path) -> None:
    """Regenerate with: UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_fhir.py"""
    got = summary(read(path))
    check_golden(got, GOLDEN / (path.stem + ".json"), indent=2)


def test_every_sample_resource_is_kept() -> None:
    for path in SAMPLES:
        doc = json.loads(path.read_text(encoding="utf-8"))
        assert len(read(path)) == len(doc["entry"]), path.name


def test_records_carry_subject_and_codes() -> None:
    recs = read(DEMO / "Liz_Conn_27c911c6-f045-4ffa-af5d-6eba57ac94b2.json")
    patient = next(r for r in recs if r.kind == "Patient")
    assert patient.domain is Domain.PROFILE
    assert patient.person_hint and patient.person_hint.name == "Liz Conn"
    conditions = [r for r in recs if r.kind == "Condition"]
    assert conditions and all(r.subject_key == patient.subject_key for r in conditions)
    assert all(r.code_system == "SNOMED CT" for r in conditions)
    obs = [r for r in recs if r.kind == "Observation" and r.code_system == "LOINC"]
    assert obs and all(r.start and r.start.tzinfo for r in obs)


def test_lenient_validation_keeps_resource_with_warnings(tmp_path: Path) -> None:
    path = tmp_path / "odd.json"
    path.write_text(
        json.dumps(
            {
                "resourceType": "Observation",
                "status": "final",
                "issued": "yesterday",
                "code": {"text": "Something"},
                "valueQuantity": {"value": 5, "unit": "mg"},
            }
        )
    )
    (rec,) = read(path)
    assert rec.provenance.warnings and "issued" in rec.provenance.warnings[0]
    assert rec.payload["issued"] == "yesterday"
    assert rec.value == 5.0


def test_ndjson_streams_and_skips_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "Observation.ndjson"
    good = {"resourceType": "Observation", "id": "1", "status": "final", "code": {"text": "x"}}
    path.write_text(json.dumps(good) + "\n{broken\n\n" + json.dumps({**good, "id": "2"}) + "\n[1,2]\n")
    items = list(FhirConnector().read(Source(path), ImportContext()))
    assert [type(i).__name__ for i in items] == ["Record", "SkippedItem", "Record", "SkippedItem"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'{"resourceType": "Bundle", "entry": [', "not valid JSON"),
        (b'\xff\xfe{"resourceType": "Patient"}', "not UTF-8"),
        (b'{"hello": "world", "resourceType": 1}', "not a FHIR resource"),
    ],
)
def test_bad_input(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(ConnectorError, match=message):
        read(path)


def test_identify() -> None:
    c = FhirConnector()
    assert c.identify(Source(FIXTURES / "fhir-ips" / "Bundle-bundle-minimal.json"))
    assert not c.identify(Source(data=b'{"verifiableCredential": ["x"], "resourceType": "x"}', name="a.json"))
    assert not c.identify(Source(data=b"<xml/>", name="a.json"))
    assert not c.identify(Source(data=b'{"activities-steps": []}', name="steps.json"))


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2019", "2019-01-01T00:00:00+00:00"),
        ("2019-05", "2019-05-01T00:00:00+00:00"),
        ("2019-05-06", "2019-05-06T00:00:00+00:00"),
        ("2019-05-06T07:08:09+09:00", "2019-05-06T07:08:09+09:00"),
        ("2019-05-06T07:08:09Z", "2019-05-06T07:08:09+00:00"),
        ("not a date", None),
    ],
)
def test_dates(text: str, iso: str | None) -> None:
    parsed = parse_fhir_datetime(text)
    assert (parsed.isoformat() if parsed else None) == iso


def test_one_odd_resource_is_skipped_not_the_whole_bundle(tmp_path: Path) -> None:
    path = tmp_path / "odd-bundle.json"
    path.write_text(
        json.dumps(
            {
                "resourceType": "Bundle",
                "type": "collection",
                "entry": [
                    {"resource": {"resourceType": "Patient", "id": "p", "name": [{"family": 5, "given": ["Ann", 7]}]}},
                    {"resource": {"resourceType": "Condition", "id": "c1", "code": {"text": 5}}},
                    {"resource": {"resourceType": "Condition", "id": "c2", "code": {"text": "Asthma"}}},
                ],
            }
        )
    )
    items = list(FhirConnector().read(Source(path), ImportContext()))
    kinds = [(type(i).__name__, getattr(i, "title", getattr(i, "where", ""))) for i in items]
    assert kinds[0] == ("Record", "Patient: Ann 7")
    assert kinds[1][0] == "SkippedItem" and "Condition/c1" in kinds[1][1]
    assert kinds[2] == ("Record", "Asthma")

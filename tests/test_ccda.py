"""C-CDA R2.1 connector: HL7's example documents (CCD 1, CCD 2, discharge summary) mapped to FHIR records."""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from golden_support import check_golden

from connectors.ccda import CcdaConnector
from connectors.fhir import FhirConnector, validation_warnings
from wallet.errors import ConnectorError
from wallet.features import measurements
from wallet.features.share.ips import build_ips
from wallet.imports import registry
from wallet.imports.connector import ImportContext, Source
from wallet.imports.pipeline import import_source
from wallet.model import Domain, Person, Record, SkippedItem
from wallet.store.vault import Vault
from wallet.terms.measures import classify

ROOT = Path(__file__).resolve().parent
FIXTURES = ROOT / "fixtures" / "ccda"
BAD = ROOT / "conformance" / "ccda" / "bad"
GOLDEN = ROOT / "golden" / "ccda"
CCD1, CCD2, DISCHARGE = FIXTURES / "CCD-1.xml", FIXTURES / "CCD-2.xml", FIXTURES / "Discharge_Summary.xml"
APPLE_CDA = ROOT / "fixtures" / "apple_health" / "synthetic-ecg" / "export_cda.xml"


def read_all(path: Path) -> list[Record | SkippedItem]:
    return list(CcdaConnector().read(Source(path), ImportContext()))


def records(path: Path) -> list[Record]:
    return [r for r in read_all(path) if isinstance(r, Record)]


def skipped(path: Path) -> list[SkippedItem]:
    return [r for r in read_all(path) if isinstance(r, SkippedItem)]


def of(recs: list[Record], kind: str) -> list[Record]:
    return [r for r in recs if r.kind == kind]


def by_code(recs: list[Record], code: str) -> list[Record]:
    return [r for r in recs if r.code == code]


@pytest.mark.parametrize(
    ("path", "counts"),
    [
        (
            CCD1,
            {
                "Patient": 1,
                "Condition": 4,
                "AllergyIntolerance": 2,
                "MedicationStatement": 2,
                "Observation": 13,
                "Immunization": 5,
                "Procedure": 3,
                "Encounter": 1,
                "document": 1,
            },
        ),
        (CCD2, {"Patient": 1, "AllergyIntolerance": 1, "Procedure": 3, "Observation": 9, "document": 1}),
        (
            DISCHARGE,
            {
                "Patient": 1,
                "Condition": 4,
                "AllergyIntolerance": 3,
                "MedicationStatement": 1,
                "Observation": 4,
                "Immunization": 2,
                "Procedure": 1,
                "document": 1,
            },
        ),
    ],
    ids=lambda v: v.name if isinstance(v, Path) else "",
)
def test_counts_per_kind(path: Path, counts: dict[str, int]) -> None:
    assert Counter(r.kind for r in records(path)) == counts


@pytest.mark.parametrize("path", [CCD1, CCD2, DISCHARGE], ids=lambda p: p.name)
def test_every_payload_is_valid_fhir_with_the_patient_as_subject(path: Path) -> None:
    recs = records(path)
    patient = of(recs, "Patient")[0]
    for rec in recs:
        if rec.kind == "document":
            assert rec.domain is Domain.DOCUMENTS
            continue
        assert rec.payload["resourceType"] == rec.kind
        assert validation_warnings(rec.payload) == [], rec.title
        assert rec.provenance.connector_id == "ccda" and rec.provenance.warnings == []
        assert rec.subject_key == patient.subject_key


def test_problems() -> None:
    conditions = of(records(CCD1), "Condition")
    assert [c.code for c in conditions] == ["233604007", "29857009", "194828000", "233604007"]
    assert {c.code_system for c in conditions} == {"SNOMED CT"}
    first = conditions[0].payload
    assert first["clinicalStatus"]["coding"][0]["code"] == "resolved"  # it has an end
    assert first["onsetDateTime"] == "2013-07-03"
    # the sample's own typo (narrative: Aug 14, 2013) is kept as written, not corrected
    assert first["abatementDateTime"] == "2008-08-14"
    assert conditions[1].payload["clinicalStatus"]["coding"][0]["code"] == "active"
    assert conditions[1].start == datetime(2007, 4, 14, tzinfo=UTC) and conditions[1].date_only


def test_discharge_diagnoses_found_by_template_id() -> None:
    """The discharge diagnosis section has the local code C-CDAV2-DDN: it is told by its templateId."""
    conditions = of(records(DISCHARGE), "Condition")
    categories = Counter(c.payload["category"][0]["coding"][0]["code"] for c in conditions)
    assert categories == {"encounter-diagnosis": 2, "problem-list-item": 2}
    assert {c.code for c in conditions} == {"74400008", "35064005"}


def test_allergies() -> None:
    penicillin, codeine = of(records(CCD1), "AllergyIntolerance")
    assert (penicillin.code_system, penicillin.code, penicillin.title) == ("RxNorm", "70618", "Penicillin")
    reaction = penicillin.payload["reaction"][0]
    assert reaction["manifestation"][0]["coding"][0]["code"] == "422587007"  # nausea
    assert reaction["severity"] == "mild"
    assert penicillin.payload["clinicalStatus"]["coding"][0]["code"] == "active"
    assert penicillin.start == datetime(1998, 5, 1, tzinfo=UTC) and penicillin.date_only
    assert codeine.code == "2670"


def test_no_known_allergies_is_not_an_allergy_to_substance() -> None:
    """CCD-2 negates 'allergy to substance': that is 'no known allergy', not a refuted allergy to 'Substance'."""
    (nka,) = of(records(CCD2), "AllergyIntolerance")
    assert (nka.code_system, nka.code, nka.title) == ("SNOMED CT", "716186003", "No known allergy")
    assert "verificationStatus" not in nka.payload


def test_medications() -> None:
    albuterol, atenolol = of(records(CCD1), "MedicationStatement")
    assert (albuterol.code_system, albuterol.code) == ("RxNorm", "573621")
    assert albuterol.payload["status"] == "active"
    assert albuterol.payload["effectiveDateTime"] == "2011-01-03" and albuterol.date_only
    dosage = albuterol.payload["dosage"][0]
    assert dosage["timing"] == {"repeat": {"period": 6, "periodUnit": "h"}}
    assert dosage["doseAndRate"] == [{"doseQuantity": {"value": 2}}]
    assert albuterol.payload["reasonCode"][0]["coding"][0]["display"] == "Asthma"
    assert atenolol.code == "197380"
    # the discharge medication (an act wrapping the medication activity) keeps its time and offset
    (ibuprofen,) = of(records(DISCHARGE), "MedicationStatement")
    assert ibuprofen.code == "197806"
    assert ibuprofen.start == datetime(2014, 9, 16, 13, 0, tzinfo=timezone(timedelta(hours=-5)))
    assert not ibuprofen.date_only


def test_results_values_units_reference_ranges() -> None:
    recs = records(CCD1)
    labs = [r for r in of(recs, "Observation") if r.payload["category"][0]["coding"][0]["code"] == "laboratory"]
    assert [r.code for r in labs] == ["718-7", "6690-2", "777-3", "4544-3", "789-8"]
    hgb = labs[0]
    assert (hgb.code_system, hgb.value, hgb.unit) == ("LOINC", 13.2, "g/dL")
    assert hgb.start == datetime(2008, 3, 19, 8, 30, tzinfo=timezone(timedelta(hours=-8))) and not hgb.date_only
    assert hgb.payload["referenceRange"][0]["low"]["value"] == 12.0
    assert hgb.payload["interpretation"][0]["coding"][0]["code"] == "N"
    assert {r.unit for r in labs} == {"g/dL", "10*9/L", "%", "10*12/L"}


def test_null_flavor_values_are_skipped_with_their_reason() -> None:
    (bun,) = skipped(CCD1)
    assert "Urea nitrogen" in bun.where and bun.reason == "no result: nullFlavor NI (no information)"
    reasons = {s.where.split(": ", 1)[1]: s.reason for s in skipped(CCD2)}
    assert reasons["MEDICATIONS"] == "section has no entries (nullFlavor NI (no information))"
    assert reasons["PROBLEMS"] == "section has no entries (nullFlavor NI (no information))"
    leukocytes = next(k for k in reasons if "Leukocytes" in k)
    assert "\u200b" not in leukocytes and "[#/volume]" in leukocytes  # the zero-width space is gone
    assert reasons[leukocytes] == "no result: nullFlavor NA (not applicable)"


def test_vital_signs_land_in_measurement_types() -> None:
    vitals = [r for r in of(records(CCD2), "Observation")]
    got = {classify(r.kind, r.code_system, r.code): (r.value, r.unit) for r in vitals}
    assert got == {
        "blood_pressure": (80.0, "mm[Hg]"),  # systolic 120 and diastolic 80 share the key; the last wins here
        "heart_rate": (80.0, "/min"),
        "body_temperature": (37.2, "Cel"),
        "respiratory_rate": (18.0, "/min"),
        "body_height": (170.2, "cm"),
        "body_weight": (108.863, "kg"),
        "bmi": (37.58, "kg/m2"),
        "oxygen_saturation": (98.0, "%"),
    }
    assert all(r.payload["category"][0]["coding"][0]["code"] == "vital-signs" for r in vitals)


def test_immunizations() -> None:
    shots = of(records(CCD1), "Immunization")
    assert [s.code for s in shots] == ["88", "88", "33", "103", "45"]
    assert {s.code_system for s in shots} == {"CVX"}
    assert [s.payload["status"] for s in shots] == ["completed", "not-done", "completed", "not-done", "completed"]
    refused = shots[3].payload["statusReason"]["coding"][0]
    assert (refused["system"], refused["code"]) == ("http://terminology.hl7.org/CodeSystem/v3-ActReason", "PATOBJ")
    # a month stays a month
    assert shots[0].payload["occurrenceDateTime"] == "1999-11"
    assert shots[0].start == datetime(1999, 11, 1, tzinfo=UTC) and shots[0].date_only
    # two entries of the sample share one <id>: still two resources with their own ids
    assert len({s.payload["id"] for s in shots}) == 5


def test_procedures_and_encounters() -> None:
    recs = records(CCD1)
    assert [p.code for p in of(recs, "Procedure")] == ["73761001", "274025005", "274025005"]
    (visit,) = of(recs, "Encounter")
    assert (visit.code, visit.payload["class"]["code"]) == ("99213", "AMB")
    assert visit.code_system == "http://www.ama-assn.org/go/cpt"
    assert visit.start == datetime(2012, 9, 27, 13, 0, tzinfo=timezone(timedelta(hours=-5)))
    laparoscopy = of(records(CCD2), "Procedure")[0]
    assert (laparoscopy.code, laparoscopy.title) == ("6025007", "Laparoscopic appendectomy")


def test_person_hint() -> None:
    patient = of(records(CCD1), "Patient")[0]
    hint = patient.person_hint
    assert hint is not None and hint.sole
    assert (hint.name, hint.given, hint.family) == ("Eve Betterhalf", "Eve", "Betterhalf")
    assert (hint.birth_date, hint.sex) == (date(1975, 5, 1), "female")
    assert hint.identifiers == ["urn:oid:2.16.840.1.113883.4.1|444222222"]
    assert patient.domain is Domain.PROFILE and patient.date_only


def test_document_attachment_and_text_rendering() -> None:
    doc = records(CCD1)[-1]
    assert (doc.kind, doc.title) == ("document", "Patient Chart Summary")
    original, rendering = doc.attachments
    assert original.data == CCD1.read_bytes() and original.media_type == "application/xml"
    assert (rendering.name, rendering.media_type) == ("CCD-1.txt", "text/plain")
    text = rendering.data.decode("utf-8")
    assert text == doc.text
    assert text.startswith("Patient Chart Summary\n")
    assert "Patient: Eve Betterhalf" in text and "Date: 2013-08-15 10:30 -08:00" in text
    for title in ("ALLERGIES AND ADVERSE REACTIONS", "MEDICATIONS", "RESULTS", "VITAL SIGNS", "INSURANCE PROVIDERS"):
        assert f"\n{title}\n" in text
    assert "Penicillin | Nausea" in text  # a narrative table row
    assert "  - Pneumonia (onset July 3, 2013; resolution Aug 14, 2013) [authored Aug 14, 2013]" in text  # a list
    assert "<" not in text and "CDA.xsl" not in text  # no markup, no stylesheet
    assert doc.start == datetime(2013, 8, 15, 12, tzinfo=UTC) and doc.date_only
    assert doc.payload["issuer"] == "Good Health HIE"
    assert doc.payload["cda"]["code"] == "34133-9" and len(doc.payload["cda"]["sections"]) == 15
    assert doc.subject_key == of(records(CCD1), "Patient")[0].subject_key
    ccd2 = records(CCD2)[-1].text or ""
    assert "\u200b" not in ccd2 and "Leukocytes [#/volume] in Blood by Manual count" in ccd2


def test_reading_twice_gives_the_same_records() -> None:
    first, second = records(DISCHARGE), records(DISCHARGE)
    assert [r.content_hash for r in first] == [r.content_hash for r in second]
    assert [r.payload.get("id") for r in first] == [r.payload.get("id") for r in second]


def test_namespace_prefix_is_read() -> None:
    xml = (
        b'<?xml version="1.0" encoding="UTF-8"?>\n<cda:ClinicalDocument xmlns:cda="urn:hl7-org:v3">'
        b"<cda:id root='1.2.3' extension='x'/><cda:title>Referral</cda:title><cda:effectiveTime value='20240102'/>"
        b"<cda:recordTarget><cda:patientRole><cda:patient><cda:name><cda:given>Ann</cda:given>"
        b"<cda:family>Lee</cda:family></cda:name><cda:administrativeGenderCode code='F'/>"
        b"<cda:birthTime value='1980'/></cda:patient></cda:patientRole></cda:recordTarget>"
        b"</cda:ClinicalDocument>"
    )
    source = Source(data=xml, name="referral.xml")
    assert CcdaConnector().identify(source)
    recs = [r for r in CcdaConnector().read(source, ImportContext()) if isinstance(r, Record)]
    assert [r.kind for r in recs] == ["Patient", "document"]
    assert recs[0].payload["birthDate"] == "1980" and recs[0].person_hint and recs[0].person_hint.name == "Ann Lee"


def test_apple_health_export_cda_is_not_claimed() -> None:
    """Apple's export_cda.xml is a CDA too (even with the CCD templateId): the Apple Health connector explains it."""
    source = Source(APPLE_CDA)
    assert not CcdaConnector().identify(source)
    assert registry.candidates(source) == ["apple_health"]
    renamed = Source(data=APPLE_CDA.read_bytes(), name="health.xml")  # told by Apple's document id too
    assert not CcdaConnector().identify(renamed)
    with pytest.raises(ConnectorError, match=r"export\.xml"):
        list(CcdaConnector().read(renamed, ImportContext()))
    assert registry.candidates(Source(CCD1)) == ["ccda"]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("truncated.xml", "the file is truncated"),
        ("wrong-root.xml", "the root element is <Bundle>"),
        ("billion-laughs.xml", "declares a DTD or entities"),
        ("external-entity.xml", "declares a DTD or entities"),
        ("wrong-encoding.xml", "is the file in the encoding it declares (UTF-8)?"),
        ("deeply-nested.xml", "nested more than 400 levels deep"),
    ],
)
def test_bad_input_leaves_the_vault_as_it_was(vault: Vault, name: str, message: str) -> None:
    before = vault.conn.execute("SELECT count(*) FROM records").fetchone()[0]
    with pytest.raises(ConnectorError, match=re.escape(message)):
        import_source(vault, Source(BAD / name), connector_id="ccda")
    assert vault.conn.execute("SELECT count(*) FROM records").fetchone()[0] == before == 0


def test_a_ccda_vital_sign_and_the_same_fhir_observation_are_one_measurement_type(vault: Vault) -> None:
    """CCD-2's weight (LOINC 3141-9, kg) and a FHIR body weight (29463-7, [lb_av]) both land in body_weight."""
    import_source(vault, Source(CCD2), connector_id="ccda")
    fhir = {
        "resourceType": "Observation",
        "id": "w1",
        "status": "final",
        "category": [
            {
                "coding": [
                    {"system": "http://terminology.hl7.org/CodeSystem/observation-category", "code": "vital-signs"}
                ]
            }
        ],
        "code": {"coding": [{"system": "http://loinc.org", "code": "29463-7", "display": "Body weight"}]},
        "effectiveDateTime": "2015-01-05T09:00:00-05:00",
        "valueQuantity": {"value": 240, "unit": "lb", "system": "http://unitsofmeasure.org", "code": "[lb_av]"},
    }
    import_source(vault, Source(data=json.dumps(fhir).encode(), name="weight.json"), connector_id="fhir")
    weights = measurements.samples(vault, "body_weight", None)
    assert sorted((round(s.value or 0, 2), s.unit) for s in weights) == [(108.86, "kg"), (108.86, "kg")]
    ccda = [r for r in vault.records(kind="Observation") if r.code == "3141-9"]
    direct = [r for r in FhirConnector().records_from_resource(fhir, Source(data=b"{}", name="w.json"))]
    assert ccda and direct and isinstance(direct[0], Record)
    assert (ccda[0].kind, ccda[0].code_system) == (direct[0].kind, direct[0].code_system) == ("Observation", "LOINC")
    bp = measurements.samples(vault, "blood_pressure", None)
    assert [(s.value, s.value2) for s in bp] == [(120.0, 80.0)]  # systolic and diastolic entries pair up


def test_share_ips_carries_the_ccda_records() -> None:
    recs = records(DISCHARGE)
    patient = of(recs, "Patient")[0]
    clinical = [r for r in recs if r.kind not in ("Patient", "document")]
    person = Person(name="Isabella Jones")
    keys = {patient.provenance.original_id or "", patient.subject_key or ""}
    bundle, notes = build_ips(person, [patient.payload], keys, clinical, frozenset(), "b1")
    assert notes == []
    composition = bundle["entry"][0]["resource"]
    counts = {s["code"]["coding"][0]["code"]: len(s.get("entry", [])) for s in composition["section"]}
    assert counts["11450-4"] == 4 and counts["48765-2"] == 3 and counts["10160-0"] == 1
    assert counts["11369-6"] == 2 and counts["47519-4"] == 1 and counts["8716-3"] == 4


def _summary(items: list[Record | SkippedItem]) -> dict[str, object]:
    out: list[dict[str, object]] = []
    for item in items:
        if isinstance(item, SkippedItem):
            out.append({"skipped": item.where, "reason": item.reason})
            continue
        out.append(
            {
                "kind": item.kind,
                "title": item.title,
                "start": item.start.isoformat() if item.start else None,
                "date_only": item.date_only,
                "value": item.value,
                "unit": item.unit,
                "code": f"{item.code_system}|{item.code}" if item.code else None,
                "status": item.payload.get("status"),
            }
        )
    return {"records": out}


@pytest.mark.parametrize("path", [CCD1, CCD2, DISCHARGE], ids=lambda p: p.name)
def test_golden(path: Path) -> None:
    """Regenerate with: UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_ccda.py -k golden"""
    check_golden(_summary(read_all(path)), GOLDEN / f"{path.stem}.json", indent=1)


def test_imported_as_a_new_user_shows_in_the_emergency_record(vault: Vault) -> None:
    from wallet.features.emergency.content import gather
    from wallet.features.emergency.model import Section

    report = import_source(vault, Source(CCD1))  # detected, not named
    assert report.connector_id == "ccda"
    holder = vault.holder()
    assert (holder.name, holder.birth_date) == ("Eve Betterhalf", date(1975, 5, 1))
    summary = gather(vault, today=date(2014, 1, 1))
    allergies = {i.text for i in summary.section(Section.ALLERGIES)}
    assert any("Penicillin" in t for t in allergies) and any("codeine" in t for t in allergies)
    assert len(summary.section(Section.MEDICATIONS)) == 2
    assert {i.text for i in summary.section(Section.PROBLEMS)} >= {"Angina"}
    (doc,) = vault.records(kind="document")
    assert doc.person_id == holder.id
    stored = vault.attachments(doc.id)
    assert sorted(a.media_type for a in stored) == ["application/xml", "text/plain"]
    assert next(a for a in stored if a.media_type == "application/xml").data == CCD1.read_bytes()

"""Medical ID: model, FHIR shaping, storage as records, CLI."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from fhir.resources.R4B.allergyintolerance import AllergyIntolerance
from fhir.resources.R4B.condition import Condition as FhirCondition
from fhir.resources.R4B.device import Device as FhirDevice
from fhir.resources.R4B.medicationstatement import MedicationStatement
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.patient import Patient
from fhir.resources.R4B.relatedperson import RelatedPerson

from wallet.errors import NotFound
from wallet.features import medical_id as mid
from wallet.model import Domain, Person, Provenance, Record
from wallet.store import audit as audit_mod
from wallet.store.vault import Vault

PASSPHRASE = "correct horse battery staple"


def full_id() -> mid.MedicalId:
    return mid.MedicalId(
        blood_type="AB-",
        allergies=[
            mid.Allergy(substance="페니실린", severity="severe", reaction="두드러기, 호흡곤란", category="medication"),
            mid.Allergy(substance="Lactose", type="intolerance", severity="mild"),
            mid.Allergy(substance="Peanuts"),
        ],
        conditions=[mid.Condition(name="Type 1 diabetes", since="2001-04-03", note="insulin pump")],
        medications=[mid.Medication(name="Insulin aspart", dose="via pump"), mid.Medication(name="Aspirin")],
        devices=[mid.Device(name="Insulin pump", note="remove before MRI")],
        contacts=[
            mid.EmergencyContact(name="김민지", phone="+82 10-1234-5678", relationship="배우자"),
            mid.EmergencyContact(name="Sam", phone="555-0100"),
        ],
        organ_donor=True,
        preferred_language="한국어",
        notes="Carries glucagon in the left pocket.",
        advance_directives=[mid.AdvanceDirective(description="Living will", location="desk drawer")],
    )


def holder_id(vault: Vault) -> str:
    return vault.holder().id


# ------------------------------------------------------------------ model


def test_blood_type_is_normalised_and_checked() -> None:
    assert mid.MedicalId(blood_type="ab pos").blood_type == "AB+"
    assert mid.MedicalId(blood_type="0-").blood_type == "O-"
    with pytest.raises(ValueError, match="blood_type"):
        mid.MedicalId(blood_type="C+")
    with pytest.raises(ValueError, match="severity"):
        mid.Allergy(substance="x", severity="deadly")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        mid.Allergy(substance="   ")


# ------------------------------------------------------------------ FHIR shaping

VALIDATORS: dict[str, Any] = {
    "AllergyIntolerance": AllergyIntolerance,
    "Condition": FhirCondition,
    "MedicationStatement": MedicationStatement,
    "Device": FhirDevice,
    "RelatedPerson": RelatedPerson,
    "Observation": Observation,
    "Patient": Patient,
}


def test_records_are_fhir_shaped_and_validate() -> None:
    records = mid.to_records("p1", full_id())
    seen = set()
    for rec in records:
        rtype = rec.payload.get("resourceType")
        if rtype is None:
            assert rec.kind in ("medical_id_notes", "advance_directive")
            continue
        VALIDATORS[rtype].model_validate(rec.payload)
        seen.add(rtype)
    assert seen == set(VALIDATORS)
    health = {r.kind for r in records if r.domain == Domain.HEALTH}
    assert health == {"AllergyIntolerance", "Condition", "MedicationStatement", "Device"}
    profile = {r.kind for r in records if r.domain == Domain.PROFILE}
    assert profile == {
        "Observation",
        "organ_donor",
        "preferred_language",
        "medical_id_notes",
        "RelatedPerson",
        "advance_directive",
    }
    for rec in records:
        assert rec.provenance.connector_id == "manual"
        assert rec.provenance.source_name == "Medical ID"
        assert "medical-id" in rec.tags
        assert rec.person_id == "p1"


def test_allergy_resource_details() -> None:
    res = mid.allergy_resource("p1", 0, mid.Allergy(substance="페니실린", severity="severe", reaction="두드러기"))
    assert res["code"]["text"] == "페니실린"
    # the reaction's severity as the person recorded it; criticality (future risk) was never assessed
    assert "criticality" not in res
    assert res["reaction"][0]["severity"] == "severe"
    assert res["reaction"][0]["manifestation"][0]["text"] == "두드러기"
    assert res["patient"]["reference"] == "Patient/p1"


def test_records_round_trip_without_a_vault() -> None:
    medical = full_id()
    assert mid.from_records(mid.to_records("p1", medical)) == medical


# ------------------------------------------------------------------ vault


def test_save_and_load_round_trip_korean(vault: Vault) -> None:
    pid = holder_id(vault)
    assert mid.load(vault, pid).is_empty()
    medical = full_id()
    written = mid.save(vault, pid, medical)
    assert written == len(mid.to_records(pid, medical))
    loaded = mid.load(vault, pid)
    assert loaded == medical
    assert loaded.allergies[0].substance == "페니실린"
    assert [r.title for r in vault.search("페니실린")] == ["Allergy: 페니실린, severe"]


def test_save_replaces_the_previous_hand_entered_set(vault: Vault) -> None:
    pid = holder_id(vault)
    mid.save(vault, pid, full_id())
    smaller = mid.MedicalId(blood_type="O+", allergies=[mid.Allergy(substance="Latex")])
    mid.save(vault, pid, smaller)
    assert mid.load(vault, pid) == smaller
    manual = vault.records(person_id=pid, connector="manual")
    assert sorted(r.title for r in manual) == ["Allergy: Latex", "Blood type O+"]
    mid.save(vault, pid, mid.MedicalId())
    assert vault.records(person_id=pid, connector="manual") == []


def test_more_than_ten_entries_keep_their_order(vault: Vault) -> None:
    pid = holder_id(vault)
    medical = mid.MedicalId(medications=[mid.Medication(name=f"drug {i}") for i in range(12)])
    mid.save(vault, pid, medical)
    assert [m.name for m in mid.load(vault, pid).medications] == [f"drug {i}" for i in range(12)]
    numbers = [e.index for e in mid.overview(vault, pid) if e.section == "medications"]
    assert numbers == list(range(1, 13))


def _imported_allergy(person_id: str, substance: str, status: str = "active") -> Record:
    payload = {
        "resourceType": "AllergyIntolerance",
        "id": "a1",
        "patient": {"reference": "Patient/x"},
        "clinicalStatus": {"coding": [{"code": status}]},
        "code": {"text": substance},
    }
    return Record(
        domain=Domain.HEALTH,
        kind="AllergyIntolerance",
        title=f"Allergy: {substance}",
        payload=payload,
        person_id=person_id,
        provenance=Provenance(connector_id="fhir", connector_version="1", source_name="hospital.json"),
    )


def test_imported_records_are_kept_and_shown_beside(vault: Vault) -> None:
    pid = holder_id(vault)
    vault.add_records([_imported_allergy(pid, "Penicillin"), _imported_allergy(pid, "Pollen", "resolved")])
    mid.save(vault, pid, mid.MedicalId(allergies=[mid.Allergy(substance="Penicillin", severity="severe")]))
    mid.save(vault, pid, mid.MedicalId(allergies=[mid.Allergy(substance="Penicillin", severity="moderate")]))
    allergies = vault.records(person_id=pid, kind="AllergyIntolerance")
    assert sorted(r.provenance.connector_id for r in allergies) == ["fhir", "fhir", "manual"]
    entries = [e for e in mid.overview(vault, pid) if e.section == "allergies"]
    assert [(e.text, e.manual) for e in entries] == [
        ("Allergy: Penicillin, moderate", True),
        ("Allergy: Penicillin", False),
    ]
    assert entries[1].source == "imported from hospital.json (fhir)"
    assert mid.load(vault, pid).allergies[0].severity == "moderate"  # imported ones never leak into the model


def test_people_have_separate_medical_ids(vault: Vault) -> None:
    child = Person(name="아이")
    vault.save_person(child)
    pid = holder_id(vault)
    same = mid.MedicalId(allergies=[mid.Allergy(substance="Peanuts")])
    mid.save(vault, pid, same)
    mid.save(vault, child.id, same)  # identical content for two people: both stored
    assert mid.load(vault, pid) == mid.load(vault, child.id) == same
    mid.save(vault, child.id, mid.MedicalId())
    assert mid.load(vault, pid) == same
    with pytest.raises(NotFound):
        mid.load(vault, "nobody")


def test_save_is_audited_without_personal_values(vault: Vault) -> None:
    pid = holder_id(vault)
    mid.save(vault, pid, full_id())
    entries = [e for e in audit_mod.entries(vault.conn) if e["action"] == "medical-id.save"]
    assert len(entries) == 1
    detail = json.dumps(entries[0]["detail"], ensure_ascii=False)
    assert entries[0]["detail"]["counts"]["allergies"] == 3
    for value in ("페니실린", "AB-", "김민지", "+82", "glucagon", "한국어", "Insulin"):
        assert value not in detail
    assert audit_mod.verify(vault.conn) == []


def test_failed_save_leaves_the_previous_set(vault: Vault, monkeypatch: pytest.MonkeyPatch) -> None:
    pid = holder_id(vault)
    mid.save(vault, pid, full_id())

    def boom(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("disk full")

    monkeypatch.setattr(vault, "add_records", boom)
    with pytest.raises(RuntimeError):
        mid.save(vault, pid, mid.MedicalId(blood_type="O+"))
    monkeypatch.undo()
    assert mid.load(vault, pid) == full_id()


# ------------------------------------------------------------------ CLI


@pytest.fixture
def cli_vault(vault_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    from wallet.store.keys import KdfParams

    v, _ = Vault.create(vault_dir, PASSPHRASE, kdf=KdfParams.floor())
    v.close()
    monkeypatch.setenv("MYDATA_WALLET_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("MYDATA_WALLET_VAULT", str(vault_dir))
    return vault_dir


def run(*args: str) -> Any:
    from wallet.cli import cli

    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result


@pytest.mark.slow
def test_cli_edit_and_show(cli_vault: Path) -> None:
    assert run("medical-id", "set-blood-type", "o+").exit_code == 0
    r = run("medical-id", "add-allergy", "페니실린", "--severity", "severe", "--reaction", "두드러기")
    assert r.exit_code == 0, r.output
    assert run("medical-id", "add-allergy", "Latex", "--intolerance").exit_code == 0
    assert run("medical-id", "add-condition", "Asthma", "--since", "2010-01-02").exit_code == 0
    assert run("medical-id", "add-medication", "Salbutamol", "--dose", "2 puffs as needed").exit_code == 0
    assert run("medical-id", "add-device", "Pacemaker").exit_code == 0
    r = run("medical-id", "add-contact", "김민지", "--phone", "010-1234-5678", "--relationship", "배우자")
    assert r.exit_code == 0
    assert run("medical-id", "set-donor", "yes").exit_code == 0
    assert run("medical-id", "set-language", "ko").exit_code == 0
    assert run("medical-id", "set-notes", "Asthma spray in bag").exit_code == 0
    shown = run("medical-id", "show")
    assert "Blood type O+" in shown.output
    assert "1. Allergy: 페니실린, severe  [entered by hand]" in shown.output
    assert "2. Intolerance: Latex" in shown.output
    data = json.loads(run("medical-id", "show", "--json").output)
    m = data["medical_id"]
    assert m["allergies"][0] == {
        "substance": "페니실린",
        "type": "allergy",
        "severity": "severe",
        "reaction": "두드러기",
        "category": None,
    }
    assert m["contacts"][0]["relationship"] == "배우자"
    assert (m["blood_type"], m["organ_donor"], m["preferred_language"]) == ("O+", True, "ko")
    assert m["medications"][0]["dose"] == "2 puffs as needed"
    assert run("medical-id", "remove", "allergy", "1").exit_code == 0
    m = json.loads(run("medical-id", "show", "--json").output)["medical_id"]
    assert [a["substance"] for a in m["allergies"]] == ["Latex"]


def test_cli_errors_are_one_line(cli_vault: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from wallet.cli import main

    with pytest.raises(SystemExit) as info:
        main(["medical-id", "remove", "allergy", "3"])
    assert info.value.code == 1
    err = capsys.readouterr().err
    assert err.strip() == "mydata-wallet: there is no allergy number 3 (there are 0)"
    with pytest.raises(SystemExit) as info:
        main(["medical-id", "add-condition", "Asthma", "--since", "yesterday"])
    assert info.value.code == 2
    assert "not a date" in capsys.readouterr().err
    with pytest.raises(SystemExit) as info:
        main(["medical-id", "show", "--person", "nobody"])
    assert info.value.code == 1
    assert "no person named 'nobody'" in capsys.readouterr().err


def test_cli_person_option(cli_vault: Path) -> None:
    with Vault.open(cli_vault, PASSPHRASE) as v:
        v.save_person(Person(name="Mina"))
    assert run("medical-id", "add-allergy", "Eggs", "--person", "Mina").exit_code == 0
    mina = json.loads(run("medical-id", "show", "--json", "--person", "Mina").output)["medical_id"]
    holder = json.loads(run("medical-id", "show", "--json").output)["medical_id"]
    assert [a["substance"] for a in mina["allergies"]] == ["Eggs"]
    assert holder["allergies"] == []


def test_cli_invalid_entry_is_a_usage_error(cli_vault: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from wallet.cli import main

    with pytest.raises(SystemExit) as info:
        main(["medical-id", "add-allergy", "   "])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert "allergies.0.substance" in err
    assert "Traceback" not in err
    with pytest.raises(SystemExit) as info:
        main(["medical-id", "add-contact", "Sam", "--phone", "1" * 60])
    assert info.value.code == 2
    assert "contacts.0.phone" in capsys.readouterr().err


def test_apple_health_blood_type_shows_beside_the_hand_entered_one(vault: Vault, tmp_path: Path) -> None:
    from test_emergency import _apple_export

    from wallet.imports.connector import Source
    from wallet.imports.pipeline import import_source

    import_source(vault, Source(_apple_export(tmp_path, "HKBloodTypeONegative")))
    pid = holder_id(vault)
    mid.save(vault, pid, mid.MedicalId(blood_type="B+"))
    entries = [(e.text, e.manual, e.source) for e in mid.overview(vault, pid) if e.section == "blood_type"]
    assert ("Blood type: O-", False, "imported from export.xml (apple_health)") in entries
    assert [e for e in entries if e[1]] == [("Blood type B+", True, "entered by hand")]


def test_a_resource_is_named_by_its_concept_else_its_reference() -> None:
    coded = {"code": {"coding": [{"system": "http://snomed.info/sct", "display": "Penicillin"}]}}
    assert mid.resource_name(coded) == "Penicillin"
    assert mid.resource_name({"medicationCodeableConcept": {"text": "Metformin 500 mg"}}) == "Metformin 500 mg"
    assert mid.resource_name({"medicationReference": {"reference": "#m1", "display": "Aspirin"}}) == "Aspirin"
    assert mid.resource_name({"medicationReference": {"reference": "#m1"}}) is None


# --------------------------------------------------------------------------- issue 18: names and blood type


def fhir_bundle(path: Path, *resources: dict[str, Any]) -> Path:
    """A FHIR collection Bundle of ``resources`` (each with a urn:uuid fullUrl from its id) written to ``path``."""
    entries = [{"fullUrl": f"urn:uuid:{r['id']}", "resource": r} for r in resources]
    path.write_text(json.dumps({"resourceType": "Bundle", "type": "collection", "entry": entries}), encoding="utf-8")
    return path


def medication_bundle(path: Path) -> Path:
    """A MedicationRequest and a MedicationStatement that name their medication only by reference."""
    return fhir_bundle(
        path,
        {
            "resourceType": "Medication",
            "id": "5f0d2c1e-0000-4000-8000-000000000001",
            "code": {"coding": [{"system": "http://www.nlm.nih.gov/research/umls/rxnorm", "code": "860975",
                                 "display": "Metformin 500 MG Oral Tablet"}]},
        },
        {
            "resourceType": "MedicationRequest",
            "id": "5f0d2c1e-0000-4000-8000-000000000002",
            "status": "active",
            "intent": "order",
            "medicationReference": {"reference": "urn:uuid:5f0d2c1e-0000-4000-8000-000000000001"},
            "subject": {"display": "the patient"},
            "authoredOn": "2024-05-02",
        },
        {
            "resourceType": "MedicationStatement",
            "id": "5f0d2c1e-0000-4000-8000-000000000003",
            "status": "active",
            "contained": [{"resourceType": "Medication", "id": "m1", "code": {"text": "Warfarin 5 mg tablet"}}],
            "medicationReference": {"reference": "#m1"},
            "subject": {"display": "the patient"},
        },
    )  # fmt: skip


def test_imported_medications_are_named_by_the_medication_they_refer_to(vault: Vault, tmp_path: Path) -> None:
    from wallet.imports.connector import Source
    from wallet.imports.pipeline import import_source

    pid = holder_id(vault)
    import_source(vault, Source(medication_bundle(tmp_path / "meds.json")), "fhir", person=pid)
    request = vault.records(person_id=pid, kind="MedicationRequest")[0]
    assert request.title == "MedicationRequest"  # the import could not name it: the Medical ID has to
    names = sorted(e.text for e in mid.overview(vault, pid) if e.section == "medications")
    assert names == ["Metformin 500 MG Oral Tablet", "Warfarin 5 mg tablet"]
    assert mid.medication_name(request, mid.medication_index(vault)) == "Metformin 500 MG Oral Tablet"
    assert mid.medication_name(request) is None  # without the Medication records there is no name to give
    # a resource type is never a name: with nothing to go on, the entry keeps the title it has
    bare = request.model_copy(update={"payload": {"resourceType": "MedicationRequest"}})
    assert mid.entry_name(bare) == "MedicationRequest"


def test_imported_names_lose_snomed_semantic_tags(vault: Vault) -> None:
    pid = holder_id(vault)
    rec = _imported_allergy(pid, "Penicillin")
    rec.title = "Substance with penicillin structure (substance)"
    assert mid.entry_name(rec) == "Substance with penicillin structure"
    rec.title = "Allergy: Penicillin"
    assert mid.entry_name(rec) == "Allergy: Penicillin"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A+", ("A", "+")),
        ("Blood group A Rh(D) positive", ("A", "+")),
        ("AB neg", ("AB", "-")),
        ("O Rh-", ("O", "-")),
        ("B형 Rh+", ("B", "+")),
        ("O형 Rh 음성", ("O", "-")),
        ("Negative", (None, "-")),
        ("Group AB", ("AB", None)),
        ("see the lab report", (None, None)),
    ],
)
def test_blood_group_words(text: str, expected: tuple[str | None, str | None]) -> None:
    assert mid.parse_blood_group(text) == expected


def _blood_observation(oid: str, loinc: str, value: dict[str, Any], when: str) -> dict[str, Any]:
    return {
        "resourceType": "Observation",
        "id": oid,
        "status": "final",
        "code": {"coding": [{"system": "http://loinc.org", "code": loinc}]},
        "subject": {"display": "the patient"},
        "effectiveDateTime": when,
        **value,
    }


def test_blood_type_from_separate_abo_and_rh_observations(vault: Vault, tmp_path: Path) -> None:
    from wallet.imports.connector import Source
    from wallet.imports.pipeline import import_source

    pid = holder_id(vault)
    assert mid.imported_blood_type(vault, pid) is None
    snomed_b = {"coding": [{"system": "http://snomed.info/sct", "code": "112149005", "display": "Blood group B"}]}
    path = fhir_bundle(
        tmp_path / "lab.json",
        _blood_observation("0b1d0000-0000-4000-8000-000000000001", "883-9", {"valueCodeableConcept": snomed_b},
                           "2019-03-04"),
        _blood_observation("0b1d0000-0000-4000-8000-000000000002", "10331-7",
                           {"valueCodeableConcept": {"text": "Negative"}}, "2019-03-05"),
    )  # fmt: skip
    import_source(vault, Source(path), "fhir", person=pid)
    known = mid.imported_blood_type(vault, pid)
    assert known is not None
    assert (known.text, known.blood_type, known.source, known.connector) == ("B-", "B-", "lab.json", "fhir")
    assert known.when == date(2019, 3, 5) and len(known.record_ids) == 2
    shown = sorted(e.text for e in mid.overview(vault, pid) if e.section == "blood_type")
    assert shown == ["ABO group: B", "Rh type: Rh-"]

    # a newer ABO+Rh Observation with its value in words is taken as a whole
    newer = fhir_bundle(
        tmp_path / "card.json",
        _blood_observation("0b1d0000-0000-4000-8000-000000000003", "882-1",
                           {"valueString": "Blood group O Rh(D) positive"}, "2023-01-02"),
    )  # fmt: skip
    import_source(vault, Source(newer), "fhir", person=pid)
    known = mid.imported_blood_type(vault, pid)
    assert known is not None and (known.blood_type, known.source, known.when) == ("O+", "card.json", date(2023, 1, 2))
    # the hand-entered blood type is kept apart: this reads imports only, load() has the person's own
    mid.save(vault, pid, mid.MedicalId(blood_type="AB+"))
    assert mid.load(vault, pid).blood_type == "AB+"
    assert mid.imported_blood_type(vault, pid) == known

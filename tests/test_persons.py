"""Every record goes to the person its own data names (issue 13, "People").

FHIR ``subject``/``patient`` references, ``urn:uuid:`` ones too, are resolved across the whole file
whatever the order of its entries; a file whose person facts contradict the person it would join
stops with the choice to make (``--person``), never merging silently; a share built for one person
holds no record of another.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from conftest import DEMO, FIXTURES, PASSPHRASE

from wallet.cli.hints import say
from wallet.errors import ChoosePerson, PersonMatchUncertain
from wallet.imports import persons
from wallet.imports.connector import Source
from wallet.imports.pipeline import import_source
from wallet.model import Person, PersonHint
from wallet.store.keys import KdfParams
from wallet.store.vault import Vault

IPS = FIXTURES / "fhir-ips"
SYNTHEA = FIXTURES / "fhir-synthea"
ECG = FIXTURES / "apple_health" / "synthetic-ecg" / "ecg_2024-02-05.csv"


def snapshot(vault: Vault) -> tuple[Any, ...]:
    conn = vault.conn
    return (
        conn.execute("SELECT id, data, is_holder FROM persons ORDER BY id").fetchall(),
        conn.execute("SELECT id, person_id, content_hash FROM records ORDER BY id").fetchall(),
    )


def owners(vault: Vault) -> dict[str, set[str]]:
    """Person label -> the kinds of the records filed under them."""
    out: dict[str, set[str]] = {}
    for p in vault.persons():
        out[p.label] = {r.kind for r in vault.records(person_id=p.id)}
    return out


def patient(ident: str, given: str, family: str, birth: str | None, gender: str | None = None) -> dict[str, Any]:
    res: dict[str, Any] = {
        "resourceType": "Patient",
        "id": ident,
        "identifier": [{"system": "urn:test:mrn", "value": ident}],
        "name": [{"family": family, "given": [given]}],
    }
    if birth:
        res["birthDate"] = birth
    if gender:
        res["gender"] = gender
    return res


def write_bundle(path: Path, entries: list[dict[str, Any]], kind: str = "collection") -> Path:
    path.write_text(json.dumps({"resourceType": "Bundle", "type": kind, "entry": entries}))
    return path


def condition(ident: str, subject: str, text: str) -> dict[str, Any]:
    return {
        "fullUrl": f"urn:uuid:cond-{ident}",
        "resource": {
            "resourceType": "Condition",
            "id": f"cond-{ident}",
            "subject": {"reference": subject},
            "code": {"text": text},
        },
    }


def document(tmp_path: Path) -> Path:
    """An IPS-like document Bundle: the Composition first, naming its Patient by urn:uuid; the Patient after the
    records about her; an Organization naming no one; a nested Bundle whose Observation names the same patient."""
    pid = "urn:uuid:5f0c8a36-0000-4000-8000-00000000a1a1"
    entries = [
        {
            "fullUrl": "urn:uuid:comp-1",
            "resource": {
                "resourceType": "Composition",
                "id": "comp-1",
                "status": "final",
                "type": {"coding": [{"system": "http://loinc.org", "code": "60591-5"}]},
                "subject": {"reference": pid},
                "date": "2024-01-01",
                "title": "Patient Summary of Ana Ortiz",
            },
        },
        condition("1", pid, "Asthma"),
        {"fullUrl": "urn:uuid:org-1", "resource": {"resourceType": "Organization", "id": "org-1", "name": "Clinic"}},
        {
            "fullUrl": "urn:uuid:nested",
            "resource": {
                "resourceType": "Bundle",
                "type": "collection",
                "entry": [
                    {
                        "fullUrl": "urn:uuid:obs-1",
                        "resource": {
                            "resourceType": "Observation",
                            "id": "obs-1",
                            "status": "final",
                            "code": {"text": "Heart rate"},
                            "subject": {"reference": pid},
                        },
                    }
                ],
            },
        },
        {"fullUrl": pid, "resource": patient("ana", "Ana", "Ortiz", "1990-04-04", "female")},
    ]
    return write_bundle(tmp_path / "document.json", entries, kind="document")


def test_document_with_composition_before_patient_goes_to_its_patient(vault: Vault, tmp_path: Path) -> None:
    holder = vault.holder()
    holder.name, holder.birth_date = "Jin Park", date(1970, 1, 1)
    vault.save_person(holder)
    report = import_source(vault, Source(document(tmp_path)))
    ana = vault.resolve_person("Ana Ortiz")
    assert not ana.is_holder and ana.birth_date == date(1990, 4, 4)
    assert owners(vault) == {
        "Jin Park": set(),
        "Ana Ortiz": {"Composition", "Condition", "Observation", "Organization", "Patient"},
    }
    assert report.people == ["new person: Ana Ortiz (born 1990-04-04, female)"]
    assert "new person: Ana Ortiz" in report.summary()


def test_empty_holder_takes_the_only_patient_of_a_file_and_the_report_says_so(vault: Vault, tmp_path: Path) -> None:
    report = import_source(vault, Source(document(tmp_path)))
    holder = vault.holder()
    assert holder.name == "Ana Ortiz" and len(vault.persons()) == 1
    assert vault.count(person_id=holder.id) == 5
    assert report.people == ["the holder is now Ana Ortiz (born 1990-04-04, female), the only patient of this file"]


def several_patients(tmp_path: Path) -> Path:
    """Two patients in one collection; records about B come before B's Patient entry."""
    a, b = "urn:uuid:pat-a", "urn:uuid:pat-b"
    entries = [
        condition("b1", b, "Otitis of B"),
        {"fullUrl": a, "resource": patient("a", "Min", "Kim", "1980-01-01")},
        condition("a1", a, "Asthma of A"),
        condition("b2", "Patient/b", "Eczema of B"),  # a relative reference to the same patient
        {"fullUrl": b, "resource": patient("b", "Ha", "Lee", "2015-05-05")},
        condition("a2", "Patient/a", "Hay fever of A"),
    ]
    return write_bundle(tmp_path / "two.json", entries)


def conditions_of(vault: Vault, person: Person) -> list[str]:
    return sorted(r.code_display or "" for r in vault.records(person_id=person.id, kind="Condition"))


def test_several_patients_in_one_file_each_get_their_own_records(vault: Vault, tmp_path: Path) -> None:
    report = import_source(vault, Source(several_patients(tmp_path)))
    kim, lee = vault.resolve_person("Min Kim"), vault.resolve_person("Ha Lee")
    assert conditions_of(vault, kim) == ["Asthma of A", "Hay fever of A"]
    assert conditions_of(vault, lee) == ["Eczema of B", "Otitis of B"]
    # two people in the file: which one is the holder is not guessed, the holder stays empty
    holder = vault.holder()
    assert holder.id not in {kim.id, lee.id} and persons.is_empty(holder)
    assert vault.count(person_id=holder.id) == 0
    assert sorted(report.people) == ["new person: Ha Lee (born 2015-05-05)", "new person: Min Kim (born 1980-01-01)"]


def test_chosen_person_takes_the_files_patient_but_not_a_different_one(vault: Vault, tmp_path: Path) -> None:
    child = Person(name="Little Kim")
    vault.save_person(child)
    import_source(vault, Source(several_patients(tmp_path)), person=child.id)
    # the first patient of the file is the chosen one; Ha Lee, a different person, is placed by her own data
    assert conditions_of(vault, vault.person(child.id)) == ["Asthma of A", "Hay fever of A"]
    assert conditions_of(vault, vault.resolve_person("Ha Lee")) == ["Eczema of B", "Otitis of B"]


@pytest.mark.parametrize(
    ("birth", "gender", "differs"),
    [
        ("1981-01-01", "female", "the birth dates differ (1981-01-01 in the file, 1980-01-01 in the vault)"),
        ("1980-01-01", "male", "the sexes differ (male in the file, female in the vault)"),
    ],
)
def test_same_identifier_with_contradicting_facts_is_asked(
    vault: Vault, tmp_path: Path, birth: str, gender: str, differs: str
) -> None:
    first = write_bundle(tmp_path / "a.json", [{"resource": patient("a", "Min", "Kim", "1980-01-01", "female")}])
    import_source(vault, Source(first))
    kim = vault.resolve_person("Min Kim")
    before = snapshot(vault)
    other = write_bundle(tmp_path / "b.json", [{"resource": patient("a", "Min", "Kim", birth, gender)}])
    with pytest.raises(PersonMatchUncertain) as info:
        import_source(vault, Source(other))
    assert snapshot(vault) == before
    err = info.value
    assert [c.id for c in err.candidates] == [kim.id] and err.reasons == [differs]
    assert err.patient.name == "Min Kim"
    assert isinstance(err.hint, ChoosePerson) and "--person" not in str(err)
    assert say(err).endswith("; choose with --person NAME|ID (or --person new)")  # the CLI's words
    assert kim.id in str(err) and differs in str(err) and "\n" not in str(err)


def test_a_missing_fact_is_no_contradiction(vault: Vault, tmp_path: Path) -> None:
    import_source(vault, Source(write_bundle(tmp_path / "a.json", [{"resource": patient("a", "Min", "Kim", None)}])))
    again = write_bundle(tmp_path / "b.json", [{"resource": patient("a", "Min", "Kim", "1980-01-01", "female")}])
    import_source(vault, Source(again))
    kim = vault.resolve_person("Min Kim")
    assert len(vault.persons()) == 1 and (kim.birth_date, kim.sex) == (date(1980, 1, 1), "female")


def test_other_name_for_the_same_identifier_is_asked(vault: Vault, tmp_path: Path) -> None:
    import_source(vault, Source(write_bundle(tmp_path / "a.json", [{"resource": patient("a", "Min", "Kim", None)}])))
    renamed = write_bundle(tmp_path / "b.json", [{"resource": patient("a", "Ana", "Ortiz", None)}])
    with pytest.raises(PersonMatchUncertain, match="the names differ"):
        import_source(vault, Source(renamed))
    report = import_source(vault, Source(renamed), person=persons.NEW)
    assert report.people == ["new person: Ana Ortiz"]


def test_contradictions() -> None:
    hint = PersonHint(subject_key="x", name="Liz Conn", birth_date=date(1986, 11, 28), sex="female")
    assert persons.contradictions(hint, Person(name="Liz", sex="F")) == []  # fewer words, "F": no contradiction
    assert persons.contradictions(hint, Person()) == []
    assert persons.contradictions(hint, Person(sex="unknown")) == []  # "unknown" says nothing
    assert persons.contradictions(hint, Person(name="Ann Conn")) == [
        "the names differ (Liz Conn in the file, Ann Conn in the vault)"
    ]
    ids = PersonHint(subject_key="x", identifiers=["urn:ssn|1", "|free"])
    assert persons.contradictions(ids, Person(identifiers=["urn:ssn|2"])) == ["the identifiers of urn:ssn differ"]
    assert persons.contradictions(ids, Person(identifiers=["urn:mrn|2", "|other"])) == []


# ----------------------------------------------------------------------------- Apple Health's Me

APPLE = """<?xml version="1.0" encoding="UTF-8"?>
<HealthData locale="en_US">
 <ExportDate value="2024-03-01 09:00:00 -0500"/>
 <Me HKCharacteristicTypeIdentifierDateOfBirth="{dob}" HKCharacteristicTypeIdentifierBiologicalSex="{sex}"
     HKCharacteristicTypeIdentifierBloodType="HKBloodTypeAPositive"/>
 <Record type="HKQuantityTypeIdentifierStepCount" sourceName="Phone" unit="count"
   startDate="2024-02-01 08:00:00 -0500" endDate="2024-02-01 08:05:00 -0500" value="100"/>
</HealthData>
"""


def apple_export(folder: Path, dob: str, sex: str, clinical: str | None = None) -> Path:
    """An export folder: export.xml with its Me, an ECG (which names no one, read beside export.xml) and,
    with ``clinical`` (a name), the clinical records of the phone's owner: a Patient born on ``dob`` and
    an Observation about them."""
    (folder / "electrocardiograms").mkdir(parents=True)
    shutil.copy(ECG, folder / "electrocardiograms" / ECG.name)
    (folder / "export.xml").write_text(APPLE.format(dob=dob, sex=sex))
    if clinical:
        given, family = clinical.split()
        gender = "male" if sex.endswith("Male") else "female"
        records = folder / "clinical-records"
        records.mkdir()
        (records / "Patient-1.json").write_text(json.dumps(patient("p1", given, family, dob, gender)))
        observation = {
            "resourceType": "Observation",
            "id": "o1",
            "status": "final",
            "code": {"text": "Glucose"},
            "subject": {"reference": "Patient/p1"},
        }
        (records / "Observation-1.json").write_text(json.dumps(observation))
    return folder / "export.xml"


APPLE_KINDS = {
    "HKCharacteristicTypeIdentifierDateOfBirth",
    "HKCharacteristicTypeIdentifierBiologicalSex",
    "HKCharacteristicTypeIdentifierBloodType",
    "HKElectrocardiogram",
}
APPLE_SERIES = ["HKQuantityTypeIdentifierStepCount"]
"""The export's step count: a sample of its series (docs/series.md), not a record."""
CLINICAL_KINDS = {"Patient", "Observation"}


@pytest.fixture
def cli_vault(vault_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    Vault.create(vault_dir, PASSPHRASE, kdf=KdfParams.floor())[0].close()
    monkeypatch.setenv("MYDATA_WALLET_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("MYDATA_WALLET_VAULT", str(vault_dir))
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    yield vault_dir


def cli(*args: str) -> int:
    from wallet.cli import main

    try:
        main(list(args))
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0


@pytest.mark.slow
def test_apple_me_contradicting_the_holder_stops_the_cli_then_goes_to_a_new_person(
    cli_vault: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    liz = DEMO / "Liz_Conn_27c911c6-f045-4ffa-af5d-6eba57ac94b2.json"  # the holder: Liz Conn, born 1986-11-28, female
    assert cli("import", str(liz)) == 0
    capsys.readouterr()
    with Vault.open(cli_vault, PASSPHRASE) as v:
        before = snapshot(v)
        holder = v.holder()
    export = apple_export(tmp_path / "apple_health_export", "1965-07-31", "HKBiologicalSexMale", "Jin Park")

    assert cli("import", str(export)) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("mydata-wallet: the person of this file (born 1965-07-31, male)")
    assert f"Liz Conn ({holder.id}, born 1986-11-28)" in err and "the birth dates differ" in err
    assert "the sexes differ" in err and "--person" in err and "Traceback" not in err
    with Vault.open(cli_vault, PASSPHRASE) as v:
        assert snapshot(v) == before

    assert cli("import", str(export), "--person", "new") == 0
    out = capsys.readouterr().out
    assert (
        "(new person: (born 1965-07-31, male); " in out and " takes name Jin Park, identifiers from this file)" in out
    )
    with Vault.open(cli_vault, PASSPHRASE) as v:
        [new] = [p for p in v.persons() if not p.is_holder]  # the export's clinical records are its owner's
        assert (new.name, new.birth_date, new.sex) == ("Jin Park", date(1965, 7, 31), "male")
        assert {r.kind for r in v.records(person_id=new.id)} == APPLE_KINDS | CLINICAL_KINDS  # the ECG too
        assert [x.kind for x in v.series_list(new.id)] == APPLE_SERIES
        assert v.count(person_id=holder.id) == 73 and v.count(person_id=holder.id, kind="Observation") > 0
        assert not APPLE_KINDS & {r.kind for r in v.records(person_id=holder.id)}
        assert not v.series_list(holder.id)
        assert v.holder() == holder


def test_apple_me_agreeing_with_the_holder_joins_the_holder(vault: Vault, tmp_path: Path) -> None:
    holder = vault.holder()
    holder.name, holder.sex = "Jin Park", "male"  # no birth date yet: a missing fact is no contradiction
    vault.save_person(holder)
    report = import_source(vault, Source(apple_export(tmp_path / "e", "1965-07-31", "HKBiologicalSexMale")))
    assert len(vault.persons()) == 1
    assert {r.kind for r in vault.records(person_id=holder.id)} == APPLE_KINDS
    assert [x.kind for x in vault.series_list(holder.id)] == APPLE_SERIES
    assert vault.holder().birth_date == date(1965, 7, 31)
    assert report.people == ["the holder takes birth date 1965-07-31 from this file"]
    # another export of someone else: asked, not merged (the holder would have two birth dates)
    with pytest.raises(PersonMatchUncertain) as info:
        import_source(vault, Source(apple_export(tmp_path / "f", "2001-02-03", "HKBiologicalSexFemale")))
    assert [c.id for c in info.value.candidates] == [holder.id]
    assert vault.count(kind="HKCharacteristicTypeIdentifierDateOfBirth") == 1


# ----------------------------------------------------------------------------- the samples, and sharing


@pytest.fixture(scope="module")
def everyone(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Vault]:
    """The five IPS samples and the five Synthea patients in one vault."""
    folder = tmp_path_factory.mktemp("everyone") / "vault"
    v, _ = Vault.create(folder, PASSPHRASE, kdf=KdfParams.floor())
    ips = sorted([*IPS.glob("*.json"), DEMO / "Bundle-IPS-examples-Bundle-01.json"], key=lambda p: p.name)
    synthea = sorted(
        [*SYNTHEA.glob("*.json"), DEMO / "Liz_Conn_27c911c6-f045-4ffa-af5d-6eba57ac94b2.json"], key=lambda p: p.name
    )
    for path in ips + synthea:
        report = import_source(v, Source(path))
        assert report.error is None, report.summary()
    try:
        yield v
    finally:
        v.close()


def _patient_refs(payload: Any) -> set[str]:
    """The patients a resource names: its subject/patient/beneficiary references."""
    refs = set()
    for key in ("subject", "patient", "beneficiary"):
        ref = payload.get(key)
        if isinstance(ref, dict) and isinstance(ref.get("reference"), str):
            refs.add(ref["reference"])
    return refs


@pytest.mark.slow
def test_samples_put_every_record_under_its_own_person(everyone: Vault) -> None:
    people = {p.id: p for p in everyone.persons()}
    assert sorted(p.label for p in people.values()) == [
        "Chet Thompson",
        "Clemente Kreiger",
        "Gustavo Mejía",
        "James Judge",
        "Kermit Trantow",
        "Liz Conn",
        "Martha DeLarosa",
        "Patricia JORDANA",
    ]
    # each file's patient: who they are, from the Patient resource of that file
    who: dict[tuple[str, str], str] = {}
    for rec in everyone.records(kind="Patient"):
        for key in (rec.provenance.original_id or "", f"Patient/{rec.payload.get('id')}"):
            who[(rec.provenance.source_name, key)] = rec.person_id or ""
    checked = 0
    for rec in everyone.records():
        source = rec.provenance.source_name
        files_patients = {pid for (src, _), pid in who.items() if src == source}
        assert len(files_patients) == 1, source  # each sample is about one patient
        assert rec.person_id in files_patients, (source, rec.kind)  # what names no one stays with its file
        for ref in _patient_refs(rec.payload):
            key = ref if ref.startswith("urn:") else "Patient/" + ref.rsplit("Patient/", 1)[-1]
            assert who.get((source, key)) == rec.person_id, (source, rec.kind, ref)
            checked += 1
    assert checked > 300  # the references were followed (the Compositions' too), not skipped


@pytest.mark.parametrize("template", ["hospital", "custom", "research"])
@pytest.mark.slow
def test_a_share_for_one_person_never_holds_another_persons_record(everyone: Vault, template: str) -> None:
    from share_support import request

    from wallet.features.share.bundle import Sent, build_data
    from wallet.features.share.selection import prepare
    from wallet.features.share.templates import Selection

    patient_ids = {
        p.id: {str(r.payload.get("id")) for r in everyone.records(person_id=p.id, kind="Patient")}
        for p in everyone.persons()
    }
    every_domain = Selection(domains=["health", "profile", "fitness", "documents", "finance", "energy"])
    for person in everyone.persons():
        sel = every_domain if template != "hospital" else Selection()
        plan = prepare(everyone, request(person.id, template, selection=sel))
        assert plan.records or template == "hospital"
        assert {r.person_id for r in plan.records} <= {person.id}, person.label
        sent = Sent()
        members, _notes = build_data(everyone, plan, "b-1", datetime(2025, 1, 1, tzinfo=UTC), sent)
        assert {r.person_id for r in sent.records} <= {person.id}
        data = b"".join(m.data for m in members)
        for other, ids in patient_ids.items():
            if other != person.id:
                assert not any(i.encode() in data for i in ids), (person.label, "holds", other)


# ----------------------------------------------------------------------------- SMART Health Cards

SHC_EXAMPLE = FIXTURES / "shc" / "examples" / "example-00-d-jws.txt"


def card_file(tmp_path: Path, *people: tuple[str, str]) -> Path:
    """A .smart-health-card file of one card per (family name, birth date): the example card's
    vaccinations, signed with a key of this test (so unverified, which still imports)."""
    import base64

    from joserfc.jwk import ECKey

    from connectors.shc import inflate
    from wallet.features.emergency.shc import sign

    body = SHC_EXAMPLE.read_text().strip().split(".")[1]
    example = json.loads(inflate(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))))
    key = ECKey.generate_key("P-256")
    tokens = []
    for family, birth in people:
        card = json.loads(json.dumps(example))
        first = card["vc"]["credentialSubject"]["fhirBundle"]["entry"][0]["resource"]
        first["name"][0]["family"], first["birthDate"] = family, birth
        tokens.append(sign(json.dumps(card).encode(), key, "test-key"))
    path = tmp_path / "cards.smart-health-card"
    path.write_text(json.dumps({"verifiableCredential": tokens}))
    return path


def test_each_card_of_a_file_goes_to_its_own_person(vault: Vault, tmp_path: Path) -> None:
    report = import_source(
        vault, Source(card_file(tmp_path, ("Anyperson", "1951-01-20"), ("Otherperson", "1985-03-03")))
    )
    assert report.error is None
    john, other = vault.resolve_person("John B. Anyperson"), vault.resolve_person("John B. Otherperson")
    assert vault.count(person_id=john.id, kind="Immunization") == 3
    assert vault.count(person_id=other.id, kind="Immunization") == 3
    assert persons.is_empty(vault.holder())  # two people on the cards: neither is taken for the holder


def test_cards_of_one_person_fill_the_empty_holder(vault: Vault, tmp_path: Path) -> None:
    same = ("Anyperson", "1951-01-20")
    import_source(vault, Source(card_file(tmp_path, same, same)))
    assert [p.label for p in vault.persons()] == ["John B. Anyperson"]
    assert vault.count(person_id=vault.holder().id, kind="Immunization") == 3  # the same three, once


def test_apple_export_with_clinical_records_fills_an_empty_holder_once(vault: Vault, tmp_path: Path) -> None:
    report = import_source(vault, Source(apple_export(tmp_path / "e", "1965-07-31", "HKBiologicalSexMale", "Jin Park")))
    holder = vault.holder()
    assert len(vault.persons()) == 1 and (holder.name, holder.birth_date) == ("Jin Park", date(1965, 7, 31))
    assert {r.kind for r in vault.records(person_id=holder.id)} == APPLE_KINDS | CLINICAL_KINDS
    assert [x.kind for x in vault.series_list(holder.id)] == APPLE_SERIES
    assert report.people == [
        "the holder takes birth date 1965-07-31, sex male from this file",
        "the holder takes name Jin Park, identifiers from this file",
    ]

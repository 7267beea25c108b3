"""The pre-screen (wallet.features.trials.match) on real Synthea patients imported into a vault, and the places.

Patients: tests/fixtures/fhir-synthea/Kermit_Trantow_* (male, born 1993-06-21; Hypertension active, Childhood asthma
resolved; latest BMI 22.45, blood pressure 188/115, eGFR 110.4 on 2019-06-17) and resources/demo/Liz_Conn_* (female,
Hypertension).  Studies: the real records of tests/fixtures/trials/, and one hypertension study written for this test
(the real PALLAS record with its conditions and eligibility text replaced).
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from wallet.errors import WalletError
from wallet.features.trials.match import match_all, match_study, synonyms
from wallet.features.trials.model import Site, Study, TrialMatch
from wallet.features.trials.places import UnknownPlace, haversine_km, resolve_place, site_distances
from wallet.features.trials.study import parse_studies
from wallet.imports.connector import Source
from wallet.imports.pipeline import import_source
from wallet.store.keys import KdfParams
from wallet.store.vault import Vault

HERE = Path(__file__).parent
TRIALS = HERE / "fixtures" / "trials"
KERMIT = HERE / "fixtures" / "fhir-synthea" / "Kermit_Trantow_f1a650a5-737e-4fd7-828e-03c3348b9524.json"
LIZ = HERE.parent / "resources" / "demo" / "Liz_Conn_27c911c6-f045-4ffa-af5d-6eba57ac94b2.json"
SEEN = date(2019, 9, 1)  # ten weeks after Kermit's last visit: his readings are fresh


def _studies(name: str) -> list[Study]:
    return parse_studies((TRIALS / name).read_bytes(), name)


PALLAS = _studies("NCT02513394_reduced.json")[0]

# written for this test in the style of real records (see tests/fixtures/LICENSES.md)
HYPERTENSION = replace(
    PALLAS,
    nct_id="NCT09999991",
    title="A study written for this test",
    status="RECRUITING",
    conditions=("Hypertension",),
    keywords=("blood pressure",),
    mesh_terms=("Hypertension", "Vascular Diseases"),
    healthy_volunteers=False,
    minimum_age="18 Years",
    maximum_age="65 Years",
    eligibility=(
        "Inclusion Criteria:\n\n* Body mass index (BMI) between 18.5 and 35 kg/m2\n"
        "* SBP < 160 mmHg and DBP < 100 mmHg at screening\n* eGFR ≥ 45 mL/min/1.73 m2\n"
        "* HbA1c ≤ 9%\n* Able to attend all visits\n\nExclusion Criteria:\n\n"
        "* Uncontrolled hypertension (>150/90 mmHg)\n* BMI > 40 kg/m2\n* Pregnant or breastfeeding women\n"
    ),
)


@pytest.fixture(scope="module")
def kermit(tmp_path_factory: pytest.TempPathFactory) -> object:
    vault, _ = Vault.create(
        tmp_path_factory.mktemp("k") / "vault", "correct horse battery staple", kdf=KdfParams.floor()
    )
    import_source(vault, Source(data=KERMIT.read_bytes(), name=KERMIT.name), "fhir")
    yield vault
    vault.close()


def _by_text(match: TrialMatch) -> dict[str, tuple[str, str, tuple[str, ...]]]:
    return {r.criterion.text: (r.criterion.kind, r.status, r.record_ids) for r in match.results}


def _every_met_points_at_a_record(vault: Vault, match: TrialMatch) -> None:
    ids = [i for r in match.results if r.status != "unknown" for i in r.record_ids]
    found = vault.records_by_id(ids)
    assert set(ids) == set(found), "a result points at a record the vault does not hold"
    for r in match.results:
        if r.status == "unknown":
            assert r.record_ids == ()
        if r.status == "met" and r.criterion.kind in (
            "bmi",
            "egfr",
            "blood_pressure",
            "hba1c",
            "creatinine",
            "condition",
            "healthy_volunteers",
        ):
            assert r.record_ids, f"{r.criterion.text}: met from a value without its record"


@pytest.mark.slow  # the module's Synthea import: about a second, once
def test_real_study_for_a_real_patient(kermit: Vault) -> None:
    person = kermit.holder()
    match = match_study(kermit, person, PALLAS, near=resolve_place("Busan"), today=SEEN)
    _every_met_points_at_a_record(kermit, match)
    got = {(r.criterion.kind, r.criterion.inclusion): r for r in match.results}
    assert got["status", True].status == "not_met"  # ACTIVE_NOT_RECRUITING
    assert "ACTIVE_NOT_RECRUITING" in got["status", True].explanation
    ages = [r for r in match.results if r.criterion.kind == "age"]
    assert [r.status for r in ages] == ["met", "met"]  # the structured minimum and the bullet "Age ≥18 years"
    assert ages[0].value_text == "26 years" and ages[0].record_ids == ()
    # no breast cancer in his vault: unknown, never not_met
    assert got["condition", True].status == "unknown"
    assert "may not hold every diagnosis" in got["condition", True].explanation
    assert got["healthy_volunteers", True].status == "unknown"
    assert got["ecog", True].status == "unknown"
    assert got["creatinine", True].status == "unknown"
    assert "No Creatinine reading" in got["creatinine", True].explanation
    assert [r.status for r in match.results if r.criterion.kind == "pregnancy"] == ["unknown", "unknown"]
    assert match.verdict == "unlikely"
    assert "Signed informed consent prior to study specific procedures." in match.to_ask
    assert "Exclusion: Prior therapy with any CDK inhibitor." in match.to_ask
    # the three Seoul sites (the city-centre point 37.566,126.9784) come first from Busan, about 330 km away
    first = match.sites[:3]
    assert {s.site.country for s in first} == {"Korea, Republic of"}
    assert all(s.km is not None and 320 < s.km < 335 for s in first)
    assert match.sites[3].site.city == "Osaka" and match.sites[3].km == pytest.approx(592, abs=2)  # then Japan


@pytest.mark.slow  # the module's Synthea import: about a second, once
def test_written_hypertension_study_checklist(kermit: Vault) -> None:
    person = kermit.holder()
    match = match_study(kermit, person, HYPERTENSION, today=SEEN)
    _every_met_points_at_a_record(kermit, match)
    table = _by_text(match)
    hypertension = [r for r in kermit.records(person_id=person.id, kind="Condition") if r.code == "38341003"]
    assert len(hypertension) == 1
    assert table["Conditions: Hypertension"] == ("condition", "met", (hypertension[0].id,))
    assert table["Healthy volunteers: not accepted"][1:] == ("met", (hypertension[0].id,))
    assert table["Recruitment status: RECRUITING"][1] == "met"
    assert table["Age: minimum 18 Years, maximum 65 Years"][1] == "met"

    kind, status, ids = table["Body mass index (BMI) between 18.5 and 35 kg/m2"]
    assert status == "met"
    (bmi,) = kermit.records_by_id(ids).values()
    assert bmi.value == pytest.approx(22.454, abs=0.01) and bmi.start is not None
    assert bmi.start.date() == date(2019, 6, 17)
    # 188/115 mmHg: not within < 160 / < 100, and inside the excluded > 150/90
    assert table["SBP < 160 mmHg and DBP < 100 mmHg at screening"][1] == "not_met"
    kind, status, ids = table["Uncontrolled hypertension (>150/90 mmHg)"]
    assert (kind, status) == ("blood_pressure", "not_met") and len(ids) == 1
    excluded = next(r for r in match.results if r.criterion.text.startswith("Uncontrolled"))
    assert "This exclusion applies" in excluded.explanation and excluded.value_text == "188.1/115.5 mmHg"
    # BMI 22.45 is not > 40: the exclusion is "met", and says the person is not excluded by it
    not_excluded = next(r for r in match.results if r.criterion.text == "BMI > 40 kg/m2")
    assert not_excluded.status == "met" and "Not excluded by this criterion" in not_excluded.explanation
    assert table["eGFR ≥ 45 mL/min/1.73 m2"][1] == "met"
    assert table["HbA1c ≤ 9%"] == ("hba1c", "unknown", ())
    assert match.to_ask == ("Able to attend all visits",)
    assert match.verdict == "unlikely"


@pytest.mark.slow  # the module's Synthea import: about a second, once
def test_old_readings_are_not_used(kermit: Vault) -> None:
    match = match_study(kermit, kermit.holder(), HYPERTENSION, today=date(2026, 12, 7))
    bmi = next(r for r in match.results if r.criterion.text.startswith("Body mass index"))
    assert bmi.status == "unknown" and bmi.record_ids == ()
    assert "2019-06-17" in bmi.explanation and "7 years old" in bmi.explanation
    age = next(r for r in match.results if r.criterion.kind == "age")
    assert age.value_text == "33 years" and age.status == "met"
    # the condition does not go stale: a diagnosis is a record, not a reading
    assert next(r for r in match.results if r.criterion.kind == "condition").status == "met"


@pytest.mark.slow  # the module's Synthea import: about a second, once
def test_korean_explanations(kermit: Vault) -> None:
    match = match_study(kermit, kermit.holder(), HYPERTENSION, today=SEEN, lang="ko")
    excluded = next(r for r in match.results if r.criterion.text.startswith("Uncontrolled"))
    assert "제외 기준에 해당합니다" in excluded.explanation


def test_sex_and_a_second_patient(vault: Vault) -> None:
    import_source(vault, Source(data=LIZ.read_bytes(), name=LIZ.name), "fhir")
    liz = vault.holder()
    assert liz.sex == "female"
    women = replace(HYPERTENSION, sex="FEMALE", maximum_age=None)
    match = match_study(vault, liz, women, today=date(2018, 10, 1))
    sex = next(r for r in match.results if r.criterion.kind == "sex")
    assert sex.status == "met"
    _every_met_points_at_a_record(vault, match)
    assert next(r for r in match.results if r.criterion.kind == "condition").status == "met"
    men = replace(women, sex="MALE")
    assert next(r for r in match_study(vault, liz, men).results if r.criterion.kind == "sex").status == "not_met"


def _creatinine_bundle(value: float, high: float) -> bytes:
    """A patient and one serum creatinine with its laboratory range: written for the test."""
    return json.dumps(
        {
            "resourceType": "Bundle",
            "type": "collection",
            "entry": [
                {
                    "fullUrl": "urn:uuid:p1",
                    "resource": {
                        "resourceType": "Patient",
                        "id": "p1",
                        "name": [{"family": "Kim", "given": ["Minji"]}],
                        "gender": "female",
                        "birthDate": "1970-05-01",
                    },
                },
                {
                    "fullUrl": "urn:uuid:o1",
                    "resource": {
                        "resourceType": "Observation",
                        "id": "o1",
                        "status": "final",
                        "code": {
                            "coding": [
                                {
                                    "system": "http://loinc.org",
                                    "code": "2160-0",
                                    "display": "Creatinine [Mass/volume] in Serum or Plasma",
                                }
                            ]
                        },
                        "subject": {"reference": "urn:uuid:p1"},
                        "effectiveDateTime": "2026-11-02T09:00:00+09:00",
                        "valueQuantity": {
                            "value": value,
                            "unit": "mg/dL",
                            "system": "http://unitsofmeasure.org",
                            "code": "mg/dL",
                        },
                        "referenceRange": [
                            {"low": {"value": 0.5, "unit": "mg/dL"}, "high": {"value": high, "unit": "mg/dL"}}
                        ],
                    },
                },
            ],
        }
    ).encode()


@pytest.mark.parametrize(("value", "status", "shown"), [(0.9, "met", "0.75 x ULN"), (1.5, "unknown", "1.25 x ULN")])
def test_creatinine_against_the_laboratory_range(vault: Vault, value: float, status: str, shown: str) -> None:
    import_source(vault, Source(data=_creatinine_bundle(value, 1.2), name="lab.json"), "fhir")
    person = vault.holder()
    match = match_study(vault, person, PALLAS, today=date(2026, 12, 7))
    creat = next(r for r in match.results if r.criterion.kind == "creatinine")
    assert creat.status == status
    assert shown in (creat.value_text or "")
    if status == "met":
        (rec,) = vault.records_by_id(creat.record_ids).values()
        assert rec.value == pytest.approx(value)
    else:  # above the ULN, but the bullet allows a creatinine clearance >= 60 instead: not decided
        assert "alternative" in creat.explanation and creat.record_ids == ()
    _every_met_points_at_a_record(vault, match)


@pytest.mark.slow  # the module's Synthea import: about a second, once
def test_match_all_orders_possible_unknown_unlikely_then_by_distance(kermit: Vault) -> None:
    busan = Site("Pusan National University Hospital", "Busan", "Korea, Republic of", lat=35.1, lon=129.03)
    seoul = Site("Seoul National University Hospital", "Seoul", "Korea, Republic of", lat=37.566, lon=126.9784)
    base = replace(HYPERTENSION, eligibility="", maximum_age=None, sites=(seoul,))
    possible = replace(base, nct_id="NCT09999992")
    unknown_far = replace(base, nct_id="NCT09999993", eligibility="Inclusion Criteria:\n\n* HbA1c ≤ 9%")
    unknown_near = replace(unknown_far, nct_id="NCT09999994", sites=(busan, seoul))
    ordered = match_all(
        kermit, kermit.holder(), [PALLAS, unknown_far, possible, unknown_near], near=resolve_place("부산"), today=SEEN
    )
    assert [m.study.nct_id for m in ordered] == ["NCT09999992", "NCT09999994", "NCT09999993", "NCT02513394"]
    assert [m.verdict for m in ordered] == ["possible", "unknown", "unknown", "unlikely"]
    assert ordered[1].sites[0].site == busan and ordered[1].sites[0].km is not None and ordered[1].sites[0].km < 1


@pytest.mark.parametrize(
    ("record_text", "study_term", "same"),
    [
        ("Diabetes mellitus type 2 (disorder)", "Type 2 Diabetes", True),
        ("제2형 당뇨병", "T2DM", True),
        ("Malignant neoplasm of breast (disorder)", "Breast Neoplasms", True),
        ("Triple negative breast cancer", "Breast Cancer", True),
        ("Prediabetes", "Diabetes Mellitus", False),
        ("Type 1 diabetes mellitus", "Type 2 Diabetes", False),
        ("Childhood asthma", "Asthma", True),
        ("만성 폐쇄성 폐질환", "COPD", True),
    ],
)
def test_synonyms(record_text: str, study_term: str, same: bool) -> None:
    table = synonyms()
    mine = table.widened(table.canonical(record_text))
    assert bool(mine & table.canonical(study_term)) is same


def test_a_type_2_diabetes_record_counts_for_a_diabetes_study_not_the_reverse() -> None:
    table = synonyms()
    assert "diabetes" in table.widened(table.canonical("Diabetes mellitus type 2 (disorder)"))
    assert "type 2 diabetes" not in table.widened(table.canonical("Diabetes mellitus"))


@pytest.mark.parametrize(
    ("text", "lat", "lon"),
    [
        ("Seoul", 37.566, 126.9784),
        ("서울", 37.566, 126.9784),
        ("서울특별시", 37.566, 126.9784),
        ("Busan", 35.10168, 129.03004),
        ("부산", 35.10168, 129.03004),
        ("Busan, KR", 35.10168, 129.03004),
        ("35.1, 129.03", 35.1, 129.03),
    ],
)
def test_resolve_place(text: str, lat: float, lon: float) -> None:
    assert resolve_place(text) == pytest.approx((lat, lon), abs=1e-4)


@pytest.mark.parametrize("text", ["Qwertyville", "91,10", "Busan, Narnia"])
def test_unknown_place(text: str) -> None:
    with pytest.raises(UnknownPlace) as caught:
        resolve_place(text)
    assert isinstance(caught.value, WalletError)
    assert "\n" not in str(caught.value) and len(str(caught.value)) > 20


def test_haversine_known_distances() -> None:
    # Seoul-Busan city centres about 325-330 km; London-Paris 343.5 km (great circle, mean radius)
    assert 320 < haversine_km(resolve_place("Seoul"), resolve_place("Busan")) < 335
    assert haversine_km((51.5074, -0.1278), (48.8566, 2.3522)) == pytest.approx(343.5, abs=1.0)
    assert haversine_km((0.0, 0.0), (0.0, 180.0)) == pytest.approx(20015.1, abs=1.0)  # half the circumference


def test_site_distances_from_busan() -> None:
    nowhere = Site("No coordinates", "Somewhere", "Korea, Republic of")
    study = replace(PALLAS, sites=(nowhere, *PALLAS.sites))
    sites = site_distances(study, resolve_place("Busan"))
    assert len(sites) == len(PALLAS.sites) + 1
    kms = [s.km for s in sites]
    known = [k for k in kms if k is not None]
    assert known == sorted(known) and kms == [*known, *[None] * (len(kms) - len(known))]  # no coordinates: last
    assert next(s for s in sites if s.site == nowhere).km is None
    assert [s.site.city for s in sites[:3]] == ["Seoul", "Seoul", "Seoul"]


@pytest.mark.slow
def test_cli_match(vault_dir: Path, vault: Vault) -> None:
    from conftest import run_cli

    assert run_cli(vault_dir, "import", str(KERMIT)).returncode == 0
    assert run_cli(vault_dir, "trials", "import", str(TRIALS / "NCT02513394_reduced.json")).returncode == 0
    r = run_cli(vault_dir, "trials", "match", "NCT02513394", "--near", "부산")
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert "nothing was sent" in lines[0]
    assert lines[2].startswith("NCT02513394  unlikely  (")
    assert (
        "  nearest site: Seoul National University Hospital, Hematology-Medical Oncology, Seoul, "
        "Korea, Republic of: 330 km" in lines
    )
    assert "  [not met] Recruitment status: ACTIVE_NOT_RECRUITING" in lines
    assert "    - Signed informed consent prior to study specific procedures." in lines

    as_json = json.loads(run_cli(vault_dir, "trials", "match", "--json", "--near", "35.1,129.03").stdout)
    (study,) = as_json["studies"]
    assert study["verdict"] == "unlikely" and study["nearest_sites"][0]["city"] == "Seoul"
    met_ids = [i for res in study["results"] if res["status"] != "unknown" for i in res["record_ids"]]
    assert set(met_ids) <= {rec.id for rec in vault.records()}

    bad = run_cli(vault_dir, "trials", "match", "--near", "Qwertyville")
    assert bad.returncode != 0 and "Traceback" not in bad.stderr
    assert "no city named 'Qwertyville'" in bad.stderr

"""Adults' values against published guideline categories (wallet.features.insights.guidelines).

The golden table holds both sides of every cut-off of every guideline, with the category and level the
published guideline gives there (KSH 2022, ACC/AHA 2017, KDA 2023, ADA 2025, KSoLA 2022, NCEP ATP III,
KSSO 2022, WHO, KDIGO 2012); it is written from the publications, not from the data file.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from wallet.features import measurements as m
from wallet.features.insights import guidelines as g
from wallet.features.insights.references import ReferenceError
from wallet.imports.connector import Source
from wallet.imports.pipeline import import_source
from wallet.model import Domain, Provenance, Record

FIXTURES = Path(__file__).parent / "fixtures"
SYNTHEA = FIXTURES / "fhir-synthea" / "Gustavo_Mejía_59a8543c-e24f-4a01-b28b-47ccde6bc11d.json"
IPS = FIXTURES / "fhir-ips" / "Bundle-bundle-ips-all-sections.json"

# (guideline, value, value2, sex, expected category, expected level)
GOLDEN = [
    # Korean Society of Hypertension 2022: "or" rows take the higher category; >=140 and <90 is isolated systolic.
    ("ksh2022", 119, 79, None, "normal", 0),
    ("ksh2022", 120, 79, None, "elevated", 1),
    ("ksh2022", 129, 79, None, "elevated", 1),
    ("ksh2022", 130, 79, None, "prehypertension", 1),
    ("ksh2022", 119, 80, None, "prehypertension", 1),
    ("ksh2022", 125, 85, None, "prehypertension", 1),
    ("ksh2022", 139, 89, None, "prehypertension", 1),
    ("ksh2022", 139, 90, None, "grade1", 2),
    ("ksh2022", 120, 99, None, "grade1", 2),
    ("ksh2022", 159, 99, None, "grade1", 2),
    ("ksh2022", 159, 100, None, "grade2", 3),
    ("ksh2022", 160, 95, None, "grade2", 3),
    ("ksh2022", 125, 105, None, "grade2", 3),
    ("ksh2022", 140, 89, None, "isolated_systolic", 2),
    ("ksh2022", 159, 60, None, "isolated_systolic", 2),
    ("ksh2022", 160, 89, None, "isolated_systolic", 3),  # systolic in the grade 2 range: level of grade 2
    ("ksh2022", 140, 90, None, "grade1", 2),  # diastolic 90: no longer isolated
    # ACC/AHA 2017
    ("accaha2017", 119, 79, None, "normal", 0),
    ("accaha2017", 120, 79, None, "elevated", 1),
    ("accaha2017", 129, 79, None, "elevated", 1),
    ("accaha2017", 130, 79, None, "stage1", 2),
    ("accaha2017", 119, 80, None, "stage1", 2),
    ("accaha2017", 139, 89, None, "stage1", 2),
    ("accaha2017", 140, 70, None, "stage2", 3),
    ("accaha2017", 125, 90, None, "stage2", 3),
    ("accaha2017", 180, 120, None, "stage2", 3),
    ("accaha2017", 181, 80, None, "crisis", 3),
    ("accaha2017", 130, 121, None, "crisis", 3),
    # Fasting plasma glucose, mg/dL (KDA 2023 and ADA 2025 agree)
    ("kda2023_fpg", 99, None, None, "normal", 0),
    ("kda2023_fpg", 100, None, None, "impaired_fasting_glucose", 1),
    ("kda2023_fpg", 125, None, None, "impaired_fasting_glucose", 1),
    ("kda2023_fpg", 126, None, None, "diabetes_range", 2),
    ("ada2025_fpg", 99.9, None, None, "normal", 0),
    ("ada2025_fpg", 100, None, None, "impaired_fasting_glucose", 1),
    ("ada2025_fpg", 125.9, None, None, "impaired_fasting_glucose", 1),
    ("ada2025_fpg", 126, None, None, "diabetes_range", 2),
    # HbA1c, %
    ("kda2023_hba1c", 5.6, None, None, "normal", 0),
    ("kda2023_hba1c", 5.7, None, None, "prediabetes", 1),
    ("kda2023_hba1c", 6.4, None, None, "prediabetes", 1),
    ("kda2023_hba1c", 6.5, None, None, "diabetes_range", 2),
    ("ada2025_hba1c", 5.6, None, None, "normal", 0),
    ("ada2025_hba1c", 5.7, None, None, "prediabetes", 1),
    ("ada2025_hba1c", 6.4, None, None, "prediabetes", 1),
    ("ada2025_hba1c", 6.5, None, None, "diabetes_range", 2),
    # Lipids, mg/dL (KSoLA 2022 and NCEP ATP III share the cut-offs)
    *[
        (f"{ref}_ldl", v, None, None, key, level)
        for ref in ("ksola2022", "atp3")
        for v, key, level in [
            (99, "optimal", 0),
            (100, "near_optimal", 0),
            (129, "near_optimal", 0),
            (130, "borderline_high", 1),
            (159, "borderline_high", 1),
            (160, "high", 2),
            (189, "high", 2),
            (190, "very_high", 3),
        ]
    ],
    *[
        (f"{ref}_total_cholesterol", v, None, None, key, level)
        for ref in ("ksola2022", "atp3")
        for v, key, level in [
            (199, "desirable", 0),
            (200, "borderline_high", 1),
            (239, "borderline_high", 1),
            (240, "high", 2),
        ]
    ],
    *[
        (f"{ref}_hdl", v, None, None, key, level)
        for ref in ("ksola2022", "atp3")
        for v, key, level in [(39, "low", -1), (40, "between", 0), (59, "between", 0), (60, "high", 0)]
    ],
    *[
        (f"{ref}_triglycerides", v, None, None, key, level)
        for ref in ("ksola2022", "atp3")
        for v, key, level in [
            (149, "normal", 0),
            (150, "borderline_high", 1),
            (199, "borderline_high", 1),
            (200, "high", 2),
            (499, "high", 2),
            (500, "very_high", 3),
        ]
    ],
    # BMI, kg/m2: KSSO 2022 (Asian cut-offs) and WHO
    ("ksso2022_bmi", 18.4, None, None, "underweight", -1),
    ("ksso2022_bmi", 18.5, None, None, "normal", 0),
    ("ksso2022_bmi", 22.9, None, None, "normal", 0),
    ("ksso2022_bmi", 23.0, None, None, "pre_obesity", 1),
    ("ksso2022_bmi", 24.9, None, None, "pre_obesity", 1),
    ("ksso2022_bmi", 25.0, None, None, "obesity1", 2),
    ("ksso2022_bmi", 29.9, None, None, "obesity1", 2),
    ("ksso2022_bmi", 30.0, None, None, "obesity2", 3),
    ("ksso2022_bmi", 34.9, None, None, "obesity2", 3),
    ("ksso2022_bmi", 35.0, None, None, "obesity3", 3),
    ("who_bmi", 18.4, None, None, "underweight", -1),
    ("who_bmi", 18.5, None, None, "normal", 0),
    ("who_bmi", 24.9, None, None, "normal", 0),
    ("who_bmi", 25.0, None, None, "pre_obesity", 1),
    ("who_bmi", 29.9, None, None, "pre_obesity", 1),
    ("who_bmi", 30.0, None, None, "obesity1", 2),
    ("who_bmi", 34.9, None, None, "obesity1", 2),
    ("who_bmi", 35.0, None, None, "obesity2", 3),
    ("who_bmi", 39.9, None, None, "obesity2", 3),
    ("who_bmi", 40.0, None, None, "obesity3", 3),
    # Waist circumference, cm (KSSO): 90 men, 85 women
    ("ksso2022_waist", 89, None, "male", "below_cutoff", 0),
    ("ksso2022_waist", 90, None, "male", "abdominal_obesity", 1),
    ("ksso2022_waist", 84, None, "female", "below_cutoff", 0),
    ("ksso2022_waist", 85, None, "female", "abdominal_obesity", 1),
    ("ksso2022_waist", 87, None, "male", "below_cutoff", 0),
    ("ksso2022_waist", 87, None, "F", "abdominal_obesity", 1),
    ("ksso2022_waist", 87, None, "여성", "abdominal_obesity", 1),
    # eGFR, mL/min/1.73 m2 (KDIGO 2012)
    ("kdigo2012", 14, None, None, "G5", -3),
    ("kdigo2012", 15, None, None, "G4", -3),
    ("kdigo2012", 29, None, None, "G4", -3),
    ("kdigo2012", 30, None, None, "G3b", -2),
    ("kdigo2012", 44, None, None, "G3b", -2),
    ("kdigo2012", 45, None, None, "G3a", -2),
    ("kdigo2012", 59, None, None, "G3a", -2),
    ("kdigo2012", 60, None, None, "G2", -1),
    ("kdigo2012", 89, None, None, "G2", -1),
    ("kdigo2012", 90, None, None, "G1", 0),
    ("kdigo2012", 120, None, None, "G1", 0),
]


@pytest.mark.parametrize(("gid", "value", "value2", "sex", "key", "level"), GOLDEN)
def test_golden_boundaries(gid, value, value2, sex, key, level):
    cat = g.categorise(gid, value, value2, sex=sex)
    assert cat is not None
    assert (cat.key, cat.level) == (key, level)


def test_golden_table_covers_every_guideline_and_category():
    seen: dict[str, set[str]] = {}
    for gid, *_rest, key, _level in GOLDEN:
        seen.setdefault(gid, set()).add(key)
    for gid, guideline in g.guidelines().items():
        assert seen.get(gid) == {r.key for r in guideline.rules}, gid


def test_korean_guidelines_come_first():
    assert g.guidelines_for("blood_pressure") == ["ksh2022", "accaha2017"]
    assert g.guidelines_for("bmi") == ["ksso2022_bmi", "who_bmi"]
    assert g.guidelines_for("blood_glucose") == ["kda2023_fpg", "ada2025_fpg"]
    assert g.guidelines_for("ldl") == ["ksola2022_ldl", "atp3_ldl"]
    assert g.guidelines_for("egfr") == ["kdigo2012"]
    assert g.guidelines_for("heart_rate") == []


def test_every_guideline_uses_a_known_reference_and_type():
    from wallet.features.insights.references import references

    for guideline in g.guidelines().values():
        assert guideline.reference in references()
        assert guideline.measurement in m.BY_KEY
        assert all(r.label and r.label_ko for r in guideline.rules)


def test_rule_text_is_the_matched_rule_in_both_languages():
    cat = g.categorise("ksh2022", 128, 84)
    assert cat is not None
    assert cat.key == "prehypertension"  # systolic alone says "elevated": the diastolic's higher category wins
    assert cat.rule == "systolic 130–139 or diastolic 80–89 mmHg"
    assert cat.rule_in("ko") == "수축기 130–139 또는 이완기 80–89 mmHg"
    assert (cat.label_in("en"), cat.label_in("ko")) == ("Prehypertension", "고혈압 전단계")
    assert (cat.band, cat.band2) == ((None, 120), (None, 80))
    isolated = g.categorise("ksh2022", 150, 80)
    assert isolated is not None
    assert isolated.rule == "systolic ≥140 and diastolic <90 mmHg"
    assert isolated.label_ko == "수축기단독고혈압"
    bmi = g.categorise("ksso2022_bmi", 24)
    assert bmi is not None
    assert (bmi.rule, bmi.band, bmi.label_ko) == ("23–24.9 kg/m²", (18.5, 23), "비만 전단계")
    a1c = g.categorise("ada2025_hba1c", 6.0)
    assert a1c is not None and a1c.rule == "5.7–6.4%"
    crisis = g.categorise("accaha2017", 185, 100)
    assert crisis is not None and crisis.rule == "systolic >180 or diastolic >120 mmHg"
    waist = g.categorise("ksso2022_waist", 86, sex="female")
    assert waist is not None
    assert (waist.rule, waist.rule_ko, waist.band) == ("women ≥85 cm", "여성 ≥85 cm", (None, 85))
    hdl = g.categorise("atp3_hdl", 50)
    assert hdl is not None and hdl.band == (40, None)


def test_what_cannot_be_placed():
    assert g.categorise("ksso2022_waist", 95) is None  # needs sex
    assert g.categorise("ksso2022_waist", 95, sex="other") is None
    assert g.categorise("ksh2022", 130) is None  # a pair without its diastolic
    assert g.categorise("kdigo2012", float("nan")) is None
    with pytest.raises(ReferenceError, match="no guideline 'nope'"):
        g.categorise("nope", 1)


# ---- records -------------------------------------------------------------------------------------------------

PROV = Provenance(connector_id="fhir", connector_version="1", source_name="lab.json")


def obs(code: str, value: float | None, unit: str, when: datetime, title: str = "", payload: dict | None = None):
    return Record(
        domain=Domain.HEALTH,
        kind="Observation",
        title=title or code,
        start=when,
        value=value,
        unit=unit,
        code_system=m.LOINC,
        code=code,
        payload=payload or {},
        provenance=PROV,
    )


def bp(systolic: float, diastolic: float, when: datetime) -> Record:
    def part(code: str, value: float) -> dict:
        return {"code": {"coding": [{"system": m.LOINC, "code": code}]}, "valueQuantity": {"value": value}}

    panel = {"resourceType": "Observation", "component": [part("8480-6", systolic), part("8462-4", diastolic)]}
    return obs("85354-9", None, "mm[Hg]", when, "Blood pressure", panel)


def day(n: int) -> datetime:
    return datetime(2024, 1, n, 8, tzinfo=UTC)


def set_sex(vault, sex: str | None):
    holder = vault.holder().model_copy(update={"sex": sex})
    vault.save_person(holder)
    return vault.person(holder.id)


def by(standings, guideline_ref: str, measurement: str):
    (found,) = [s for s in standings if s.reference.id == guideline_ref and s.measurement == measurement]
    return found


def test_adult_standings_bilingual_on_a_vault(vault):
    vault.add_records(
        [
            bp(118, 76, day(1)),
            bp(134, 86, day(5)),  # the latest
            obs("8280-0", 92, "cm", day(5), "Waist"),
            obs("39156-5", 23.4, "kg/m2", day(5), "BMI"),
            obs("4548-4", 5.9, "%", day(5), "HbA1c"),
            obs("33914-3", 52, "mL/min/{1.73_m2}", day(5), "eGFR"),
        ]
    )
    person = set_sex(vault, "male")
    en = g.adult_standings(vault, person)
    assert [(s.measurement, s.reference.id) for s in en] == [
        ("blood_pressure", "ksh2022"),
        ("blood_pressure", "accaha2017"),
        ("bmi", "ksso2022"),
        ("bmi", "who_bmi"),
        ("waist", "ksso2022"),
        ("hba1c", "kda2023"),
        ("hba1c", "ada2025"),
        ("egfr", "kdigo2012"),
    ]
    ksh = by(en, "ksh2022", "blood_pressure")
    assert (ksh.value_text, ksh.category, ksh.level, ksh.when) == ("134/86 mmHg", "prehypertension", 1, "2024-01-05")
    assert ksh.result.startswith("Prehypertension (one reading;")
    assert ksh.formula == "systolic 130–139 or diastolic 80–89 mmHg"
    assert ksh.band == (None, 120)
    acc = by(en, "accaha2017", "blood_pressure")
    assert (acc.category, acc.level, acc.result.split(" (")[0]) == ("stage1", 2, "Stage 1 hypertension")
    assert (by(en, "ksso2022", "bmi").category, by(en, "who_bmi", "bmi").category) == ("pre_obesity", "normal")
    waist = by(en, "ksso2022", "waist")
    assert (waist.category, waist.formula) == ("abdominal_obesity", "men ≥90 cm")
    assert by(en, "kdigo2012", "egfr").category == "G3a"
    assert by(en, "kda2023", "hba1c").category == "prediabetes"

    ko = g.adult_standings(vault, person, "ko")
    ksh_ko = by(ko, "ksh2022", "blood_pressure")
    assert ksh_ko.name == "혈압"
    assert ksh_ko.result.startswith("고혈압 전단계 (한 번의 측정값")
    assert ksh_ko.formula == "수축기 130–139 또는 이완기 80–89 mmHg"
    assert by(ko, "ksso2022", "bmi").result == "비만 전단계"
    assert by(ko, "ksso2022", "waist").result == "복부비만"
    assert by(ko, "kdigo2012", "egfr").result.startswith("G3a: 경도-중등도 감소")
    assert ksh_ko.as_dict()["reference"]["name_ko"] == "대한고혈압학회 2022 고혈압 진료지침"


def test_waist_without_sex_says_so(vault):
    vault.add_records([obs("8280-0", 88, "cm", day(2), "Waist")])
    person = set_sex(vault, None)
    (waist,) = g.adult_standings(vault, person)
    assert (waist.category, waist.level) == (None, 0)
    assert waist.result == (
        "The cut-off depends on sex (men ≥90 cm, women ≥85 cm); this person's sex is not recorded as male or female."
    )
    (ko,) = g.adult_standings(vault, person, "ko")
    assert "성별" in ko.result and "남성 ≥90 cm" in ko.result


def test_glucose_not_fasting_then_a_fasting_value(vault):
    vault.add_records([obs("2339-0", 135, "mg/dL", day(10), "Glucose [Mass/volume] in Blood")])
    person = vault.holder()
    kda, ada = g.adult_standings(vault, person)
    assert (kda.reference.id, ada.reference.id) == ("kda2023", "ada2025")
    for s in (kda, ada):
        assert (s.category, s.level, s.value_text) == (None, 0, "135 mg/dL")
        assert "fasting plasma glucose" in s.result and "not marked as fasting" in s.result
    assert "공복" in g.adult_standings(vault, person, "ko")[0].result

    # An older fasting value (LOINC 1558-6) is the one the categories apply to, not the newer random one.
    vault.add_records([obs("1558-6", 104, "mg/dL", day(3), "Fasting glucose")])
    kda, ada = g.adult_standings(vault, person)
    assert (kda.category, kda.value_text, kda.when) == ("impaired_fasting_glucose", "104 mg/dL", "2024-01-03")
    assert kda.result.startswith("Impaired fasting glucose (prediabetes)")
    assert ada.formula == "100–125 mg/dL"


@pytest.mark.parametrize(
    ("title", "code", "fasting"),
    [
        ("Fasting blood sugar", "2339-0", True),
        ("공복혈당", "2339-0", True),
        ("Glucose, non-fasting", "2339-0", False),
        ("Glucose [Mass/volume] in Blood", "2339-0", False),
        ("Glucose", "1558-6", True),
        ("Glucose", "14771-0", True),
    ],
)
def test_is_fasting(title, code, fasting):
    assert g.is_fasting(obs(code, 90, "mg/dL", day(1), title)) is fasting


def test_computed_bmi_when_weight_is_newer(vault):
    vault.add_records(
        [
            obs("39156-5", 21.0, "kg/m2", day(1), "BMI"),
            obs("8302-2", 170, "cm", day(1), "Height"),
            obs("29463-7", 75.1, "kg", day(9), "Weight"),
        ]
    )
    ksso, who = g.adult_standings(vault, vault.holder())
    assert ksso.value_text == "26.0 kg/m²"  # 75.1 / 1.7² = 25.99: KSSO class 1 obesity, WHO pre-obesity
    assert (ksso.category, who.category) == ("obesity1", "pre_obesity")
    assert ksso.record_id is None and len(ksso.sources) == 2
    assert ksso.formula == "25–29.9 kg/m²; BMI = 75.1 kg / (1.70 m)²"


def test_bp_history_newest_first(vault):
    vault.add_records([bp(118, 76, day(1)), bp(145, 85, day(2)), bp(162, 101, day(3))])
    person = vault.holder()
    history = g.bp_history(vault, person)
    assert [(s.value, s.value2, c.key) for s, c in history] == [
        (162, 101, "grade2"),
        (145, 85, "isolated_systolic"),
        (118, 76, "normal"),
    ]
    assert [c.key for _, c in g.bp_history(vault, person, "accaha2017")] == ["stage2", "stage2", "normal"]
    with pytest.raises(ReferenceError):
        g.bp_history(vault, person, "kdigo2012")


def test_readings_taken_before_18_are_not_placed_in_adult_categories(vault):
    """An adult today (born 2000) whose newest blood pressure was taken at 12: no adult category for it, in
    adult_standings, where_i_stand (which no longer compares it with anything) and bp_history; a reading taken on
    the 18th birthday is placed."""
    from datetime import date

    from wallet.features.insights.standing import where_i_stand

    holder = vault.holder().model_copy(update={"birth_date": date(2000, 3, 15), "sex": "female"})
    vault.save_person(holder)
    person = vault.person(holder.id)
    at_12 = datetime(2012, 6, 1, 8, tzinfo=UTC)
    vault.add_records(
        [bp(142, 95, at_12), obs("29463-7", 40.0, "kg", at_12, "Weight"), obs("8302-2", 150, "cm", at_12)]
    )
    assert g.adult_standings(vault, person) == []
    assert where_i_stand(vault, person) == []
    assert g.bp_history(vault, person) == []
    assert g.taken_as_adult(person, "2018-03-14") is False and g.taken_as_adult(person, "2018-03-15") is True

    vault.add_records([bp(118, 76, datetime(2018, 3, 15, 8, tzinfo=UTC))])  # the 18th birthday
    standings = g.adult_standings(vault, person)
    assert [(s.reference.id, s.category, s.when) for s in standings] == [
        ("ksh2022", "normal", "2018-03-15"),
        ("accaha2017", "normal", "2018-03-15"),
    ]
    assert [(s.value, c.key) for s, c in g.bp_history(vault, person)] == [(118, "normal")]
    # without a birth date every reading counts (the person is taken as an adult)
    unknown = vault.person(holder.id).model_copy(update={"birth_date": None})
    assert {s.when for s in g.adult_standings(vault, unknown)} == {"2018-03-15", "2012-06-01"}


# ---- the laboratory's own range ------------------------------------------------------------------------------


# The shape of the FHIR specification's example Observation f001 (glucose), with its referenceRange.
def mmol(value: float) -> dict:
    return {"value": value, "unit": "mmol/l", "system": "http://unitsofmeasure.org", "code": "mmol/L"}


FHIR_GLUCOSE = {
    "resourceType": "Bundle",
    "type": "collection",
    "entry": [
        {
            "fullUrl": "urn:uuid:p1",
            "resource": {"resourceType": "Patient", "id": "p1", "name": [{"family": "Heuvel", "given": ["Pieter"]}]},
        },
        {
            "fullUrl": "urn:uuid:f001",
            "resource": {
                "resourceType": "Observation",
                "id": "f001",
                "status": "final",
                "code": {
                    "coding": [
                        {"system": "http://loinc.org", "code": "15074-8", "display": "Glucose [Moles/volume] in Blood"}
                    ]
                },
                "subject": {"reference": "urn:uuid:p1"},
                "effectiveDateTime": "2013-04-02T09:30:10+01:00",
                "valueQuantity": mmol(6.3),
                "referenceRange": [{"low": mmol(3.1), "high": mmol(6.2)}],
            },
        },
    ],
}


def test_lab_range_from_an_imported_fhir_observation(vault):
    holder = vault.holder().id
    import_source(vault, Source(data=json.dumps(FHIR_GLUCOSE).encode(), name="lab.json"), "fhir", person=holder)
    (rec,) = [r for r in vault.records() if r.code == "15074-8"]
    assert g.lab_range(rec) == "3.1–6.2 mmol/l"
    kda, _ada = g.adult_standings(vault, vault.holder())
    assert kda.own_range == "3.1–6.2 mmol/l"
    assert kda.category is None  # 15074-8 is a glucose in blood, not said to be fasting
    assert kda.value_text == "113.5 mg/dL"  # 6.3 mmol/L in the canonical unit


def test_lab_range_placeholder_in_the_ips_example(vault):
    # The IPS example's lipid Observations carry referenceRange [{"text": "NA"}]: no range.
    holder = vault.holder().id
    import_source(vault, Source(data=IPS.read_bytes(), name=IPS.name), "fhir", person=holder)
    ldl = [r for r in vault.records() if r.code == "39469-2"]
    assert ldl and ldl[0].payload["referenceRange"] == [{"text": "NA"}]
    assert g.lab_range(ldl[0]) is None


@pytest.mark.parametrize(
    ("ranges", "text"),
    [
        ([{"low": {"value": 70, "unit": "mg/dL"}, "high": {"value": 99, "unit": "mg/dL"}}], "70–99 mg/dL"),
        ([{"low": {"value": 40, "code": "mg/dL"}}], "≥40 mg/dL"),
        ([{"high": {"value": 5.6, "unit": "%"}, "text": "non-diabetic"}], "≤5.6 % (non-diabetic)"),
        ([{"text": "Negative"}], "Negative"),
        ([{"text": "NA"}], None),
        ("not a list", None),
        (
            [{"low": {"value": 13}, "high": {"value": 17, "unit": "g/dL"}}, {"text": "women 12-16"}],
            "13–17 g/dL; women 12-16",
        ),
    ],
)
def test_lab_range_shapes(ranges, text):
    rec = obs("2345-7", 90, "mg/dL", day(1), payload={"referenceRange": ranges})
    assert g.lab_range(rec) == text


def test_adult_standings_on_a_synthea_patient(vault):
    """A real (synthetic) record: Synthea's Gustavo Mejía, whose newest values are of 2020-03-26."""
    holder = vault.holder().id
    import_source(vault, Source(data=SYNTHEA.read_bytes(), name=SYNTHEA.name), "fhir", person=holder)
    person = vault.holder()
    standings = g.adult_standings(vault, person)
    got = {(s.measurement, s.reference.id): (s.value_text, s.category) for s in standings}
    # Newest values in the file: BP 118.3/74.3, BMI 28.9, LDL 62.1, HDL 72.7, TG 127.4, total cholesterol 160.3.
    assert got[("blood_pressure", "ksh2022")] == ("118.3/74.3 mmHg", "normal")
    assert got[("bmi", "ksso2022")] == ("28.9 kg/m²", "obesity1")
    assert got[("bmi", "who_bmi")] == ("28.9 kg/m²", "pre_obesity")
    assert got[("ldl", "ksola2022")] == ("62.1 mg/dL", "optimal")
    assert got[("hdl", "atp3")] == ("72.7 mg/dL", "high")
    assert got[("triglycerides", "ksola2022")] == ("127.4 mg/dL", "normal")
    assert got[("total_cholesterol", "atp3")] == ("160.3 mg/dL", "desirable")
    assert all(s.when == "2020-03-26" for s in standings)

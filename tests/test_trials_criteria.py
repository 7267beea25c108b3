"""Eligibility text to criteria (wallet.features.trials.criteria): a golden table of bullets and what they parse to.

The REAL rows are bullets of the sample records in tests/fixtures/trials/ (NCT02513394, PALLAS; NCT02576665, Toca 6),
checked inside the parse of their whole eligibility text; the WRITTEN rows were written for this test in the style of
real records, for the kinds the samples lack (BMI, HbA1c, eGFR per 1.73 m², blood pressure...).
"""

from __future__ import annotations

import json
from copy import deepcopy
from dataclasses import replace
from pathlib import Path

import pytest

from wallet.features.trials.criteria import (
    BROADER,
    EITHER,
    alternatives,
    classify,
    diastolic_inclusive,
    either,
    ifcc_to_ngsp,
    parse_criteria,
    structured_criteria,
)
from wallet.features.trials.model import Criterion, Study
from wallet.features.trials.study import parse_studies

FIXTURES = Path(__file__).parent / "fixtures" / "trials"


def _study(name: str) -> Study:
    return parse_studies((FIXTURES / name).read_bytes(), name)[0]


PALLAS = "NCT02513394_reduced.json"
TOCA = "biomcp_get_nct02576665_partial.json"

# (fixture, bullet as the parse gives it, inclusion, kind, low, high, unit, low_inclusive, high_inclusive)
REAL = [
    (PALLAS, "Age ≥18 years (or per national guidelines).", True, "age", 18, None, "years", True, True),
    (PALLAS, "ECOG performance status 0-1.", True, "ecog", 0, 1, "", True, True),
    (
        PALLAS,
        "Serum creatinine below the upper limit of the institutional normal range (ULN) or creatinine clearance "
        "≥ 60 mL/min/1.73 m2 for patients with serum creatinine levels above institutional ULN.",
        True,
        "creatinine",
        None,
        1.0,
        "xULN",
        True,
        False,
    ),
    (
        PALLAS,
        "Pregnant women, or women of childbearing potential without a negative pregnancy test within 14 days prior to "
        "randomization.",
        False,
        "pregnancy",
        None,
        None,
        None,
        True,
        True,
    ),
    (PALLAS, "Hemoglobin ≥ 10g/dL", True, "other", None, None, None, True, True),  # not HbA1c
    (
        PALLAS,
        "Patients with Stage I or IV breast cancer are not eligible.",
        False,
        "other",
        None,
        None,
        None,
        True,
        True,
    ),
    (
        PALLAS,
        "Patients must either be initiating or have already started adjuvant hormonal treatment.",  # "-...-" bullet
        True,
        "other",
        None,
        None,
        None,
        True,
        True,
    ),
    (TOCA, "Patient is between 18 and 75 years of age, inclusive.", True, "age", 18, 75, "years", True, True),
    (
        TOCA,
        "Kidney: estimated glomerular filtration rate (Cockcroft-Gault) ≥ 50 mL/min.",  # nested bullet
        True,
        "egfr",
        50,
        None,
        "mL/min",  # Cockcroft-Gault: a clearance, not per 1.73 m²
        True,
        True,
    ),
    (
        TOCA,
        "Patient has an ECOG Performance Status score of 0 or 1 (solid tumors) or KPS score ≥ 70 (rHGG).",
        True,
        "ecog",
        0,
        1,
        "",
        True,
        True,
    ),
    (TOCA, "Patient is breast feeding.", False, "pregnancy", None, None, None, True, True),
    (
        TOCA,
        "Patient has a history of other malignancy, unless the patient has been disease free for at least 5 years. "
        "Adequately treated basal cell carcinoma or squamous cell skin cancer is acceptable regardless of time, "
        "as well as localized prostate carcinoma or cervical carcinoma in situ, after curative treatment.",
        False,
        "other",  # "at least 5 years" is no age
        None,
        None,
        None,
        True,
        True,
    ),
    (
        TOCA,
        "Patient has an estimated life expectancy of at least 6 months.",
        True,
        "other",
        None,
        None,
        None,
        True,
        True,
    ),
]

# written for the test, in the style of real records: (bullet, inclusion, kind, low, high, unit, low_incl, high_incl)
WRITTEN = [
    ("Men and women aged 18 to 75 years", True, "age", 18, 75, "years", True, True),
    (">= 18 years of age", True, "age", 18, None, "years", True, True),
    ("18 years of age or older", True, "age", 18, None, "years", True, True),
    ("Younger than 40 years old", False, "age", None, 40, "years", True, False),
    ("Body mass index (BMI) between 18.5 and 35 kg/m2", True, "bmi", 18.5, 35, "kg/m²", True, True),
    ("BMI ≥ 30 kg/m²", True, "bmi", 30, None, "kg/m²", True, True),
    ("BMI > 40 kg/m2 at screening", False, "bmi", 40, None, "kg/m²", False, True),
    ("HbA1c 7.0%-10.5% at screening", True, "hba1c", 7.0, 10.5, "%", True, True),
    ("HbA1c ≤ 9%", True, "hba1c", None, 9.0, "%", True, True),
    ("Glycated hemoglobin (HbA1c) of 7.5% to 11.0% (inclusive)", True, "hba1c", 7.5, 11.0, "%", True, True),
    ("eGFR ≥ 45 mL/min/1.73 m2 (CKD-EPI)", True, "egfr", 45, None, "mL/min/1.73m²", True, True),
    ("eGFR < 30 mL/min/1.73 m2", False, "egfr", None, 30, "mL/min/1.73m²", True, False),
    ("Serum creatinine > 1.5 mg/dL (men) ", False, "creatinine", 1.5, None, "mg/dL", False, True),
    ("Serum creatinine ≤ 1.5 x ULN", True, "creatinine", None, 1.5, "xULN", True, True),
    ("ECOG PS ≤ 2", True, "ecog", 0, 2, "", True, True),
    ("Eastern Cooperative Oncology Group (ECOG) performance status of 0, 1 or 2", True, "ecog", 0, 2, "", True, True),
    ("Pregnant or breastfeeding women", False, "pregnancy", None, None, None, True, True),
    ("Lactating women", False, "pregnancy", None, None, None, True, True),
    ("Patients with an activating EGFR mutation", True, "other", None, None, None, True, True),  # the gene
    ("Type 2 diabetes diagnosed at least 6 months before screening", True, "other", None, None, None, True, True),
    ("HbA1c measured in the last 3 months", True, "other", None, None, None, True, True),  # a measure, no range
    ("History of hypertension", False, "other", None, None, None, True, True),
    # each number has the unit written right after it: the other unit in brackets is not applied to it
    ("HbA1c ≥ 6.5% (48 mmol/mol)", True, "hba1c", 6.5, None, "%", True, True),
    ("HbA1c between 7.0% and 10.5% (53-91 mmol/mol)", True, "hba1c", 7.0, 10.5, "%", True, True),
    ("HbA1c ≥ 48 mmol/mol (6.5%)", True, "hba1c", 6.54, None, "%", True, True),  # 0.09148 x 48 + 2.152
    ("HbA1c 53-91 mmol/mol (7.0-10.5%)", True, "hba1c", 7.0, 10.48, "%", True, True),  # 7.0004, 10.4767
    ("Serum creatinine ≤ 1.5 mg/dL (133 µmol/L)", True, "creatinine", None, 1.5, "mg/dL", True, True),
    ("Serum creatinine ≤ 133 µmol/L (1.5 mg/dL)", True, "creatinine", None, 1.5, "mg/dL", True, True),  # 133/88.42
    # the ECOG grades end at "and"; a number with a time unit is no grade
    ("ECOG ≤ 1 and life expectancy > 12 weeks", True, "ecog", 0, 1, "", True, True),
    ("ECOG ≤ 2 and life expectancy ≥ 3 months", True, "ecog", 0, 2, "", True, True),
    ("ECOG performance status 0 or 1, life expectancy of 3 months or more", True, "ecog", 0, 1, "", True, True),
    ("ECOG performance status of 0, 1 and 2", True, "ecog", 0, 2, "", True, True),
]


@pytest.mark.parametrize(("fixture", "text", "inclusion", "kind", "low", "high", "unit", "li", "hi"), REAL)
def test_real_bullets(
    fixture: str,
    text: str,
    inclusion: bool,
    kind: str,
    low: float | None,
    high: float | None,
    unit: str | None,
    li: bool,
    hi: bool,
) -> None:
    parsed = parse_criteria(_study(fixture).eligibility)
    found = [c for c in parsed if c.text == text]
    assert len(found) == 1, f"{text!r} not one bullet of the parse"
    c = found[0]
    assert (c.inclusion, c.kind, c.low, c.high, c.unit) == (inclusion, kind, low, high, unit)
    if kind not in ("other", "pregnancy"):
        assert (c.low_inclusive, c.high_inclusive) == (li, hi)


@pytest.mark.parametrize(("text", "inclusion", "kind", "low", "high", "unit", "li", "hi"), WRITTEN)
def test_written_bullets(
    text: str, inclusion: bool, kind: str, low: float | None, high: float | None, unit: str | None, li: bool, hi: bool
) -> None:
    section = "Inclusion Criteria:" if inclusion else "Exclusion Criteria:"
    (c,) = parse_criteria(f"{section}\n\n* {text}\n")
    assert (c.inclusion, c.kind, c.low, c.high, c.unit) == (inclusion, kind, low, high, unit)
    if kind not in ("other", "pregnancy"):
        assert (c.low_inclusive, c.high_inclusive) == (li, hi)


def test_hba1c_in_mmol_per_mol_is_converted_by_the_master_equation() -> None:
    # written for the test
    c = classify("HbA1c between 53 and 86 mmol/mol", True)
    assert c.kind == "hba1c" and c.unit == "%"
    assert c.low == pytest.approx(0.09148 * 53 + 2.152, abs=0.01) == pytest.approx(7.0, abs=0.01)
    assert c.high == pytest.approx(10.02, abs=0.01)
    assert ifcc_to_ngsp(48) == pytest.approx(6.54, abs=0.01)  # 48 mmol/mol: the 6.5 % diagnostic threshold
    assert classify("HbA1c > 75 mmol/mol", False).low == pytest.approx(9.01, abs=0.01)


def test_creatinine_in_umol_per_l_is_mg_per_dl() -> None:
    # written for the test
    c = classify("Serum creatinine ≤ 133 µmol/L", True)
    assert (c.kind, c.unit) == ("creatinine", "mg/dL")
    assert c.high == pytest.approx(133 / 88.42, abs=0.01)


@pytest.mark.parametrize(
    ("text", "low", "high", "li", "hi", "dia_low", "dia_high"),
    [  # written for the test
        ("SBP < 160 mmHg and DBP < 100 mmHg at screening", None, 160, True, False, None, 100),
        ("Uncontrolled hypertension (>150/90 mmHg despite treatment)", 150, None, False, True, 90, None),
        ("Systolic blood pressure ≥ 140 mmHg or diastolic blood pressure ≥ 90 mmHg", 140, None, True, True, 90, None),
        ("Blood pressure ≤ 140/90 mmHg", None, 140, True, True, None, 90),
    ],
)
def test_blood_pressure(
    text: str, low: float | None, high: float | None, li: bool, hi: bool, dia_low: float | None, dia_high: float | None
) -> None:
    c = classify(text, True)
    assert (c.kind, c.unit) == ("blood_pressure", "mmHg")
    assert (c.low, c.high, c.low_inclusive, c.high_inclusive, c.value2_low, c.value2_high) == (
        low,
        high,
        li,
        hi,
        dia_low,
        dia_high,
    )


@pytest.mark.parametrize(
    ("text", "sys", "dia", "dia_inclusive", "joined_by_or"),
    [  # written for the test: the diastolic has its own inclusive ends, and "or" is not "and"
        ("SBP ≤ 140 mmHg and DBP < 90 mmHg", (None, 140), (None, 90), (True, False), False),
        ("SBP 130-179 mmHg or DBP 80-109 mmHg", (130, 179), (80, 109), (True, True), True),
        ("SBP < 160 mmHg and DBP ≤ 100 mmHg", (None, 160), (None, 100), (True, True), False),
        ("Uncontrolled hypertension (>150/90 mmHg)", (150, None), (90, None), (False, True), True),
        ("Blood pressure ≤ 140/90 mmHg", (None, 140), (None, 90), (True, True), False),
    ],
)
def test_blood_pressure_diastolic_flags_and_joiner(
    text: str,
    sys: tuple[float | None, float | None],
    dia: tuple[float | None, float | None],
    dia_inclusive: tuple[bool, bool],
    joined_by_or: bool,
) -> None:
    c = classify(text, True)
    assert ((c.low, c.high), (c.value2_low, c.value2_high)) == (sys, dia)
    assert diastolic_inclusive(c) == dia_inclusive
    assert either(c) is joined_by_or and (EITHER in c.terms) is joined_by_or


def test_sections_and_bullets_of_real_texts() -> None:
    pallas = parse_criteria(_study(PALLAS).eligibility)
    assert [c.inclusion for c in pallas].count(True) == 21  # 19 bullets, a free paragraph and a "-...-" line
    assert [c.inclusion for c in pallas].count(False) == 13
    assert (
        "FFPE tumor tissue block must be confirmed to be received at the central sample repository prior to "
        "randomization." in [c.text for c in pallas]
    )
    toca = parse_criteria(_study(TOCA).eligibility)
    assert [c.inclusion for c in toca].count(True) == 16  # 13 numbered, 3 nested under 6.
    assert [c.inclusion for c in toca].count(False) == 15  # 12 numbered, 3 nested under 7.
    # Markdown escapes undone: "\\[ie, ≥ 12 months ...\\]" reads "[ie, ≥ 12 months ...]"
    assert any("[ie, ≥ 12 months" in c.text for c in toca)
    assert not any("\\" in c.text for c in toca)


def test_nested_and_mixed_bullets() -> None:
    text = (  # written for the test
        "Key Inclusion Criteria:\n\n1. Adults aged 40 years or older\n2. Adequate organ function:\n"
        "   * HbA1c ≤ 10%\n   - eGFR ≥ 30 mL/min/1.73 m2\n\n"
        "Key Exclusion Criteria:\n\n* BMI ≥ 45 kg/m2\n  continued on a second line\n* Pregnant women"
    )
    parsed = parse_criteria(text)
    assert [(c.kind, c.inclusion) for c in parsed] == [
        ("age", True),
        ("other", True),
        ("hba1c", True),
        ("egfr", True),
        ("bmi", False),
        ("pregnancy", False),
    ]
    assert parsed[4].text == "BMI ≥ 45 kg/m2 continued on a second line"


def test_alternatives() -> None:
    pallas = parse_criteria(_study(PALLAS).eligibility)
    (creat,) = [c for c in pallas if c.kind == "creatinine"]
    assert alternatives(creat) == ("egfr",)
    assert alternatives(classify("Serum creatinine ≤ 1.5 mg/dL", True)) == ()
    assert alternatives(classify("Serum creatinine > 1.5 mg/dL (men)", False)) == ()


@pytest.mark.parametrize(
    ("text", "kind", "low", "alt"),
    [  # written for the test: a second limit the parse does not keep is an alternative, never dropped silently
        ("BMI ≥ 30 kg/m2, or ≥ 27 kg/m2 with at least one weight-related comorbidity", "bmi", 30, ("bmi",)),
        ("Fasting plasma glucose ≥126 mg/dL or HbA1c ≥6.5%", "hba1c", 6.5, ("glucose",)),
        ("Serum creatinine > 1.5 mg/dL (men) or > 1.4 mg/dL (women)", "creatinine", 1.5, ("sex",)),
        ("Serum creatinine > 1.5 mg/dL for men, > 1.4 mg/dL for women", "creatinine", 1.5, ("sex",)),
        ("HbA1c between 7.0% and 10.5% (53-91 mmol/mol)", "hba1c", 7.0, ()),  # the same range twice: no alternative
        ("BMI ≥ 30 kg/m2; age ≥ 18 years or older", "bmi", 30, ()),  # another clause
    ],
)
def test_a_second_limit_is_an_alternative(text: str, kind: str, low: float, alt: tuple[str, ...]) -> None:
    c = classify(text, True)
    assert (c.kind, c.low) == (kind, low)
    assert alternatives(c) == alt


def test_structured_criteria_of_real_records() -> None:
    toca = structured_criteria(_study(TOCA))
    (age,) = [c for c in toca if c.kind == "age"]
    assert (age.low, age.high, age.unit) == (18, 75, "years")
    assert not [c for c in toca if c.kind in ("sex", "healthy_volunteers")]  # sex ALL; healthy volunteers not stated
    pallas = structured_criteria(_study(PALLAS))
    kinds = [c.kind for c in pallas]
    assert kinds == ["age", "healthy_volunteers", "condition"]  # healthyVolunteers: false
    (cond,) = [c for c in pallas if c.kind == "condition"]
    assert cond.terms[:2] == ("Breast Cancer", "Breast Neoplasms")  # condition, then MeSH
    assert "Palbociclib" in cond.terms  # keywords too


def test_structured_age_in_months_and_sex() -> None:
    study = Study(
        "NCT00000000",
        "written for the test",
        "RECRUITING",
        minimum_age="6 Months",
        maximum_age="17 Years",
        sex="FEMALE",
    )
    low, high, sex = structured_criteria(study)
    # each end in its own unit: "17 Years" is any age of 17 whole years (as 204 months it would end at 17)
    assert (low.kind, low.low, low.high, low.unit, low.text) == ("age", 6, None, "months", "Age: minimum 6 Months")
    assert (high.kind, high.low, high.high, high.unit, high.text) == ("age", None, 17, "years", "Age: maximum 17 Years")
    assert (sex.kind, sex.terms) == ("sex", ("female",))
    (same,) = structured_criteria(replace(study, minimum_age="12 Years", sex="ALL"))
    assert (same.low, same.high, same.unit, same.text) == (12, 17, "years", "Age: minimum 12 Years, maximum 17 Years")
    assert structured_criteria(Study("NCT00000001", "t", "RECRUITING")) == []


def _diabetes_study(meshes: list[str], ancestors: list[str]) -> Study:
    """The real PALLAS record with its conditions and MeSH browse branch replaced (written for the test)."""
    raw = deepcopy(_study(PALLAS).raw)
    raw["protocolSection"]["conditionsModule"] = {"conditions": ["Type 2 Diabetes"]}
    raw["derivedSection"]["conditionBrowseModule"] = {
        "meshes": [{"id": "D0", "term": t} for t in meshes],
        "ancestors": [{"id": "D1", "term": t} for t in ancestors],
    }
    return parse_studies(raw, "written")[0]


def test_mesh_ancestors_are_marked_broader_not_the_studys_own_terms() -> None:
    study = _diabetes_study(["Diabetes Mellitus, Type 2"], ["Diabetes Mellitus", "Endocrine System Diseases"])
    assert study.mesh_terms == ("Diabetes Mellitus, Type 2", "Diabetes Mellitus", "Endocrine System Diseases")
    (cond,) = [c for c in structured_criteria(study) if c.kind == "condition"]
    assert cond.terms == (
        "Type 2 Diabetes",
        "Diabetes Mellitus, Type 2",
        BROADER + "Diabetes Mellitus",
        BROADER + "Endocrine System Diseases",
    )
    # a heading that is one of the record's own meshes stays its own, even when also listed as an ancestor
    both = _diabetes_study(["Diabetes Mellitus, Type 2", "Diabetes Mellitus"], ["Diabetes Mellitus"])
    (cond,) = [c for c in structured_criteria(both) if c.kind == "condition"]
    assert "Diabetes Mellitus" in cond.terms and BROADER + "Diabetes Mellitus" not in cond.terms


def test_other_and_empty() -> None:
    assert parse_criteria("") == []
    assert parse_criteria("Inclusion Criteria:\n\n*\n* \n") == []
    c = classify("Signed informed consent", True)
    assert c == Criterion("other", "Signed informed consent", True)


def test_loaded_json_is_the_fixture() -> None:
    # the golden rows read the same text the registry sent (not a re-typed copy)
    raw = json.loads((FIXTURES / TOCA).read_text(encoding="utf-8"))
    assert raw["protocolSection"]["eligibilityModule"]["eligibilityCriteria"] == _study(TOCA).eligibility

"""Eligibility text to criteria (wallet.features.trials.criteria): a golden table of bullets and what they parse to.

The REAL rows are bullets of the sample records in tests/fixtures/trials/ (NCT02513394, PALLAS; NCT02576665, Toca 6),
checked inside the parse of their whole eligibility text; the WRITTEN rows were written for this test in the style of
real records, for the kinds the samples lack (BMI, HbA1c, eGFR per 1.73 m², blood pressure...).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from wallet.features.trials.criteria import alternatives, classify, ifcc_to_ngsp, parse_criteria, structured_criteria
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
    age, sex = structured_criteria(study)
    assert (age.kind, age.low, age.high, age.unit) == ("age", 6, 204, "months")
    assert (sex.kind, sex.terms) == ("sex", ("female",))
    assert structured_criteria(Study("NCT00000001", "t", "RECRUITING")) == []


def test_other_and_empty() -> None:
    assert parse_criteria("") == []
    assert parse_criteria("Inclusion Criteria:\n\n*\n* \n") == []
    c = classify("Signed informed consent", True)
    assert c == Criterion("other", "Signed informed consent", True)


def test_loaded_json_is_the_fixture() -> None:
    # the golden rows read the same text the registry sent (not a re-typed copy)
    raw = json.loads((FIXTURES / TOCA).read_text(encoding="utf-8"))
    assert raw["protocolSection"]["eligibilityModule"]["eligibilityCriteria"] == _study(TOCA).eligibility

"""wallet.terms.units: UCUM codes, display, and conversions checked against published values.

Golden values and where they are published:
* glucose 100 mg/dL = 5.55 mmol/L (factor 0.0555), total cholesterol 200 mg/dL = 5.17 mmol/L
  (0.02586), triglycerides 150 mg/dL = 1.69 mmol/L (0.01129), creatinine 1.0 mg/dL = 88.4 µmol/L,
  BUN 14 mg/dL = 5.0 mmol/L urea (0.357), uric acid 1 mg/dL = 59.48 µmol/L, bilirubin 1 mg/dL =
  17.1 µmol/L, calcium 10 mg/dL = 2.495 mmol/L (0.2495): AMA Manual of Style, SI conversion table
  (Young DS, Ann Intern Med 1987;106:114-129); the cholesterol and triglyceride cut-offs as
  printed by NCEP ATP III (200 mg/dL = 5.17 mmol/L, 150 mg/dL = 1.69 mmol/L); KDIGO (88.4).
* HbA1c 6.5 % = 48 mmol/mol, 7.0 % = 53 mmol/mol, 5.7 % = 39 mmol/mol: the IFCC-NGSP
  conversion table (www.ngsp.org/ifccngsp.asp; ADA Standards of Care).
* 1 lb = 0.45359237 kg exactly, 1 mi = 1.609344 km exactly, 1 in = 2.54 cm exactly (the 1959
  international yard and pound); 1 kcal (thermochemical) = 4.184 kJ exactly; 98.6 °F = 37 °C;
  1 mmHg = 133.322 Pa (NIST SP 811).
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wallet.terms import units
from wallet.terms.units import ANALYTES, UnitError, convert, display_unit, factor, to_ucum

FIXTURES = Path(__file__).parent / "fixtures"

# --------------------------------------------------------------------------- to_ucum

TO_UCUM = {
    # Apple Health (HealthKit's HKUnit strings, as exported)
    "count/min": "/min",
    "count": "{count}",
    "lb": "[lb_av]",
    "kg": "kg",
    "g": "g",
    "cm": "cm",
    "in": "[in_i]",
    "ft": "[ft_i]",
    "m": "m",
    "km": "km",
    "mi": "[mi_i]",
    "mg/dL": "mg/dL",
    "mmol<180.1558800000541>/L": "mmol/L",
    "%": "%",
    "degC": "Cel",
    "degF": "[degF]",
    "kcal": "kcal",
    "Cal": "kcal",
    "kJ": "kJ",
    "mmHg": "mm[Hg]",
    "ms": "ms",
    "min": "min",
    "hr": "h",
    "mL/(kg*min)": "mL/(kg.min)",
    "dBASPL": "dB[SPL]",
    "L/min": "L/min",
    "mcg": "ug",
    "IU": "[iU]",
    "kcal/hr·kg": "kcal/(kg.h)",
    "km/hr": "km/h",
    # Fitbit, Google Fit
    "bpm": "/min",
    "steps": "{steps}",
    "percent": "%",
    "BPM": "/min",
    # Green Button
    "Wh": "W.h",
    "kWh": "kW.h",
    "m3": "m3",
    # FHIR: UCUM codes pass through as they are
    "/min": "/min",
    "[lb_av]": "[lb_av]",
    "Cel": "Cel",
    "mm[Hg]": "mm[Hg]",
    "mmol/L": "mmol/L",
    "umol/L": "umol/L",
    "10*9/L": "10*9/L",
    "kg/m2": "kg/m2",
    "mL/min/{1.73_m2}": "mL/min/{1.73_m2}",
    "{beats}/min": "{beats}/min",
    # laboratory spellings
    "µmol/L": "umol/L",
    "10^9/L": "10*9/L",
    "mg/dl": "mg/dL",
    # not units: returned unchanged, never an error
    "KRW": "KRW",
    "": "",
    "no unit at all": "no unit at all",
}


@pytest.mark.parametrize(("raw", "ucum"), TO_UCUM.items())
def test_to_ucum_golden(raw: str, ucum: str) -> None:
    assert to_ucum(raw) == ucum


def test_to_ucum_none() -> None:
    assert to_ucum(None) is None


def test_every_healthkit_unit_in_the_fixtures_is_in_the_golden_table() -> None:
    """Each ``unit="..."`` in the Apple Health test exports has a checked UCUM code."""
    found = {
        m.group(1)
        for path in (FIXTURES / "apple_health").rglob("*.xml")
        for m in re.finditer(r'\bunit="([^"]*)"', path.read_text(encoding="utf-8", errors="replace"))
    }
    assert {"count", "count/min", "kcal", "min", "mmHg"} <= found  # the grep still finds them
    assert found <= TO_UCUM.keys(), found - TO_UCUM.keys()
    for raw in found:
        assert units._is_ucum(to_ucum(raw) or ""), raw


@pytest.mark.parametrize("code", sorted({v for v in TO_UCUM.values() if v and v != "KRW" and " " not in v}))
def test_every_code_to_ucum_gives_is_ucum_pint_reads(code: str) -> None:
    scale, offset = factor(code, code)
    assert (scale, offset) == (1.0, 0.0)
    units._quantity(code)  # pint and ucumvert read it


# --------------------------------------------------------------------------- display


@pytest.mark.parametrize(
    ("ucum", "shown"),
    [
        ("/min", "/min"),
        ("mm[Hg]", "mmHg"),
        ("[lb_av]", "lb"),
        ("Cel", "°C"),
        ("[degF]", "°F"),
        ("{count}", ""),
        ("1", ""),
        ("{steps}", "steps"),
        ("kcal", "kcal"),
        ("mg/dL", "mg/dL"),
        ("%", "%"),
        ("kg/m2", "kg/m²"),
        ("umol/L", "µmol/L"),
        ("ug", "µg"),
        ("10*9/L", "10⁹/L"),
        ("mL/(kg.min)", "mL/(kg·min)"),
        ("kW.h", "kWh"),
        ("[in_i]", "in"),
        ("[mi_i]", "mi"),
        (None, ""),
        ("something else", "something else"),
    ],
)
def test_display_unit(ucum: str | None, shown: str) -> None:
    assert display_unit(ucum) == shown
    if ucum not in ("s", "min", "h", "d", "wk", "mo", "a"):
        assert display_unit(ucum, "ko") == shown


def test_display_korean_durations() -> None:
    assert display_unit("min", "ko") == "분"
    assert display_unit("h", "ko") == "시간"
    assert display_unit("min") == "min"
    assert display_unit("/min", "ko") == "/min"


# --------------------------------------------------------------------------- conversions

GOLDEN = [
    # value, from, to, analyte, published value, tolerance (the published value's last digit)
    (100, "mg/dL", "mmol/L", "glucose", 5.55, 0.01),
    (200, "mg/dL", "mmol/L", "cholesterol", 5.17, 0.01),
    (150, "mg/dL", "mmol/L", "triglycerides", 1.69, 0.01),
    (1.0, "mg/dL", "umol/L", "creatinine", 88.4, 0.05),
    (14, "mg/dL", "mmol/L", "urea_nitrogen", 5.0, 0.05),
    (1, "mg/dL", "umol/L", "uric_acid", 59.48, 0.01),
    (1, "mg/dL", "umol/L", "bilirubin", 17.1, 0.05),
    (10, "mg/dL", "mmol/L", "calcium", 2.495, 0.001),
    (126, "mg/dL", "mmol<180.1558800000541>/L", "glucose", 7.0, 0.05),
    (6.5, "%", "mmol/mol", "hba1c", 48, 0.5),
    (7.0, "%", "mmol/mol", "hba1c", 53, 0.5),
    (5.7, "%", "mmol/mol", "hba1c", 39, 0.5),
    (48, "mmol/mol", "%", "hba1c", 6.5, 0.05),
    (154.3, "lb", "kg", None, 69.99, 0.005),
    (154.3, "[lb_av]", "kg", None, 69.99, 0.005),
    (98.6, "degF", "Cel", None, 37.0, 1e-9),
    (37, "Cel", "[degF]", None, 98.6, 1e-9),
    (0, "Cel", "K", None, 273.15, 1e-9),
    (5, "mi", "km", None, 8.047, 0.0005),
    (1, "in", "cm", None, 2.54, 1e-12),
    (1, "kcal", "kJ", None, 4.184, 1e-12),
    (1, "Cal", "kJ", None, 4.184, 1e-12),
    (1, "mmHg", "kPa", None, 0.133322, 1e-6),
    (1, "kWh", "Wh", None, 1000, 1e-9),
    (90, "min", "hr", None, 1.5, 1e-12),
    (72, "count/min", "bpm", None, 72, 0),
    (500, "mcg", "mg", None, 0.5, 1e-12),
    (98, "%", "1", None, 0.98, 1e-12),
    (1000, "count", "steps", None, 1000, 0),
]


@pytest.mark.parametrize(("value", "source", "target", "analyte", "published", "tol"), GOLDEN)
def test_golden_conversions(
    value: float, source: str, target: str, analyte: str | None, published: float, tol: float
) -> None:
    assert convert(value, source, target, analyte) == pytest.approx(published, abs=tol)


def test_hba1c_is_the_master_equation() -> None:
    # IFCC = (NGSP - 2.15) x 10.929, and back
    assert factor("%", "mmol/mol", "hba1c") == pytest.approx((10.929, -2.15 * 10.929))
    assert convert(convert(6.5, "%", "mmol/mol", "hba1c"), "mmol/mol", "%", "hba1c") == pytest.approx(6.5)


def test_factor_is_scale_and_offset() -> None:
    scale, offset = factor("degF", "Cel")
    assert scale == pytest.approx(5 / 9)
    assert offset == pytest.approx(-32 * 5 / 9)
    assert factor("lb", "kg") == (pytest.approx(0.45359237), 0.0)


def test_factor_is_cached() -> None:
    factor.cache_clear()
    factor("mg/dL", "mmol/L", "glucose")
    factor("mg/dL", "mmol/L", "glucose")
    info = factor.cache_info()
    assert (info.hits, info.misses) == (1, 1)


def test_analytes() -> None:
    assert {
        "glucose",
        "cholesterol",
        "triglycerides",
        "creatinine",
        "urea_nitrogen",
        "uric_acid",
        "bilirubin",
        "calcium",
        "hba1c",
    } == ANALYTES


@pytest.mark.parametrize(
    ("source", "target", "analyte", "message"),
    [
        ("mmol/L", "kg", None, "cannot convert mmol/L to kg"),
        ("mg/dL", "mmol/L", None, "without knowing what is measured"),
        ("mmol<180.1558800000541>/L", "mg/dL", None, "without knowing what is measured"),
        ("mg/dL", "mmol/L", "hemoglobin", "no molar mass known for hemoglobin"),
        ("%", "mmol/mol", None, "hba1c"),
        ("kg", "km", None, "cannot convert kg to km"),
        ("Cel", "kg", None, "cannot convert Cel to kg"),
        ("/min", "kg", "glucose", "cannot convert /min to kg"),
        ("KRW", "USD", None, "unknown unit KRW"),
        ("no unit", "kg", None, "unknown unit no unit"),
        ("", "kg", None, "no unit"),
        ("dB[SPL]", "Pa", None, "cannot convert dB[SPL] to Pa"),  # logarithmic: no scale and offset
        ("\x1b]0;title\x07kg", "g", None, "unknown unit ?]0;title?kg"),
    ],
)
def test_incompatible_units_raise_a_readable_error(source: str, target: str, analyte: str | None, message: str) -> None:
    with pytest.raises(UnitError) as caught:
        factor(source, target, analyte)
    assert message in str(caught.value)
    assert isinstance(caught.value, ValueError)
    assert "\x1b" not in str(caught.value)


def test_import_leaves_pint_unloaded_and_the_app_registry_alone() -> None:
    """The registry is built on first use, in a process of its own so the test sees a fresh import."""
    import subprocess
    import sys

    code = (
        "import sys, wallet.terms.units as u\n"
        "assert 'pint' not in sys.modules and 'ucumvert' not in sys.modules\n"
        "u.factor('lb', 'kg')\n"
        "import pint\n"
        "try:\n"
        "    pint.get_application_registry().get().parse_units('peripheral_vascular_resistance_unit')\n"
        "except pint.UndefinedUnitError:\n"
        "    pass\n"
        "else:\n"
        "    raise SystemExit('ucumvert definitions were loaded into the application registry')\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# --------------------------------------------------------------------------- round trips

PAIRS = [
    ("mg/dL", "mmol/L", "glucose"),
    ("mg/dL", "mmol/L", "cholesterol"),
    ("mg/dL", "mmol/L", "triglycerides"),
    ("mg/dL", "umol/L", "creatinine"),
    ("mg/dL", "mmol/L", "urea_nitrogen"),
    ("mg/dL", "umol/L", "uric_acid"),
    ("mg/dL", "umol/L", "bilirubin"),
    ("mg/dL", "mmol/L", "calcium"),
    ("%", "mmol/mol", "hba1c"),
    ("lb", "kg", None),
    ("degF", "Cel", None),
    ("Cel", "K", None),
    ("mi", "km", None),
    ("in", "cm", None),
    ("ft", "m", None),
    ("kcal", "kJ", None),
    ("kWh", "Wh", None),
    ("mmHg", "kPa", None),
    ("hr", "min", None),
    ("ms", "s", None),
    ("mL/(kg*min)", "L/(kg.h)", None),
    ("mcg", "mg", None),
    ("%", "1", None),
]


@settings(max_examples=300, deadline=None)
@given(
    pair=st.sampled_from(PAIRS),
    value=st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False),
    reverse=st.booleans(),
)
def test_round_trip(pair: tuple[str, str, str | None], value: float, reverse: bool) -> None:
    a, b, analyte = pair
    if reverse:
        a, b = b, a
    there = convert(value, a, b, analyte)
    back = convert(there, b, a, analyte)
    assert math.isclose(back, value, rel_tol=1e-9, abs_tol=1e-9)

"""Units: every unit as UCUM, what a person reads for it, and the conversion between any two.

Sources write units their own way: Apple Health ``count/min``, ``lb``, ``degF`` and
``mmol<180.1558800000541>/L``; Fitbit and Google Fit ``bpm``, ``steps``, ``percent``; Green
Button ``kWh``; FHIR records UCUM codes (``/min``, ``[lb_av]``, ``Cel``, ``mm[Hg]``).
:func:`to_ucum` turns each into its UCUM code (https://ucum.org/ucum), :func:`display_unit`
turns a UCUM code into what a person reads, and :func:`factor` / :func:`convert` give the
conversion between two units as ``to = from * scale + offset``.

Where molar and mass units meet (glucose in mmol/L or mg/dL) the conversion depends on what is
measured: the ``analyte`` argument names it (:data:`ANALYTES`), and without it such a
conversion is refused.  HbA1c's two scales, NGSP/DCCT % and IFCC mmol/mol, are not a unit
conversion at all but the IFCC–NGSP master equation, under ``analyte="hba1c"``.

The conversions themselves come from pint, with UCUM codes parsed by ucumvert (a full UCUM
grammar, built from the official ``ucum-essence.xml``, plus pint definitions for every UCUM
unit): UCUM's grammar (``mL/(kg.min)``, ``10*9/L``, ``{beats}/min``, ``mm[Hg]``) is more than a
table of a few names could cover, and pint is the maintained Python library for units.
ucumvert is small (pure Python, with lark) and gets UCUM right where pint alone reads
``[pH]`` as picohenry or ``B`` as a byte.  Both load lazily: importing this module costs
nothing; the first conversion builds the registry (about a second), and :func:`factor` is
cached per pair of units, so a large import pays pint's price once per pair, not per value.
"""

from __future__ import annotations

import math
import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pint

    Quantity = pint.Quantity[Any]


class UnitError(ValueError):
    """A unit is unknown, or two units cannot be converted into each other; the message says which."""


# ----------------------------------------------------------------------------- analytes

# Molar masses in g/mol, for conversions between molar (mmol/L, µmol/L) and mass (mg/dL) units.
# Each is the one behind the SI conversion factors laboratories publish (AMA Manual of Style,
# "SI Conversion Calculator" / Young DS, Ann Intern Med 1987;106:114-129), checked against the
# molecular formula with IUPAC standard atomic weights (PubChem's computed molecular weight).
_MOLAR_MASS: dict[str, float] = {
    # C6H12O6, PubChem CID 5793: 180.156 g/mol; mg/dL x 0.0555 = mmol/L.
    "glucose": 180.156,
    # C27H46O, PubChem CID 5997: 386.65 g/mol; total, HDL and LDL cholesterol alike: mg/dL x 0.02586 = mmol/L.
    "cholesterol": 386.65,
    # Triglycerides are reported as triolein (C57H104O6), 885.7 g/mol by the laboratory convention
    # behind mg/dL x 0.01129 = mmol/L (AMA SI table; NCEP ATP III).
    "triglycerides": 885.7,
    # C4H7N3O, PubChem CID 588: 113.12 g/mol; mg/dL x 88.4 = µmol/L (KDIGO, AMA SI table).
    "creatinine": 113.12,
    # Blood urea nitrogen is the nitrogen of urea: two N per urea molecule, 2 x 14.007 = 28.014 g/mol,
    # so BUN mg/dL x 0.357 = urea mmol/L (AMA SI table).
    "urea_nitrogen": 28.014,
    # C5H4N4O3, PubChem CID 1175: 168.11 g/mol; mg/dL x 59.48 = µmol/L (AMA SI table).
    "uric_acid": 168.11,
    # C33H36N4O6, PubChem CID 5280352: 584.66 g/mol; mg/dL x 17.1 = µmol/L (AMA SI table).
    "bilirubin": 584.66,
    # Ca, IUPAC standard atomic weight 40.078; mg/dL x 0.2495 = mmol/L (AMA SI table).
    "calcium": 40.078,
}

# HbA1c: the IFCC-NGSP master equation, IFCC (mmol/mol) = (NGSP (%) - 2.15) x 10.929
# (Hoelzel W et al., Clin Chem 2004;50:166-174; IFCC/NGSP, www.ngsp.org/ifccngsp.asp).
_HBA1C = "hba1c"
_HBA1C_SLOPE = 10.929
_HBA1C_INTERCEPT = 2.15
_NGSP = "%"
_IFCC = "mmol/mol"

ANALYTES: frozenset[str] = frozenset({*_MOLAR_MASS, _HBA1C})
"""What ``analyte`` may name: the measured substances whose molar and mass units convert."""


# ----------------------------------------------------------------------------- to_ucum

# Units as sources write them, to UCUM. Case matters here: HealthKit's "Cal" is the food
# calorie (kcal), "cal" the small calorie.
_EXACT: dict[str, str] = {
    # Apple Health (HKUnit unit strings)
    "count": "{count}",
    "count/min": "/min",
    "count/s": "/s",
    "count/hr": "/h",
    "lb": "[lb_av]",
    "oz": "[oz_av]",
    "st": "[stone_av]",
    "in": "[in_i]",
    "ft": "[ft_i]",
    "yd": "[yd_i]",
    "mi": "[mi_i]",
    "degC": "Cel",
    "degF": "[degF]",
    "Cal": "kcal",
    "mmHg": "mm[Hg]",
    "cmAq": "cm[H2O]",
    "inHg": "[in_i'Hg]",
    "hr": "h",
    "mcg": "ug",
    "mcL": "uL",
    "mcS": "uS",
    "IU": "[iU]",
    "fl_oz_us": "[foz_us]",
    "fl_oz_imp": "[foz_br]",
    "cup_us": "[cup_us]",
    "cup_imp": "[cup_br]",
    "pt_us": "[pt_us]",
    "pt_imp": "[pt_br]",
    "dBASPL": "dB[SPL]",
    "kcal/hr·kg": "kcal/(kg.h)",
    "km/hr": "km/h",
    "mi/hr": "[mi_i]/h",
    # Green Button (ESPI): watt-hours written as one word
    "Wh": "W.h",
    "kWh": "kW.h",
    "MWh": "MW.h",
}

# Words (Fitbit, Google Fit, hand-written CSVs) whose case does not matter.
_WORDS: dict[str, str] = {
    "bpm": "/min",
    "beats/min": "/min",
    "brpm": "/min",
    "breaths/min": "/min",
    "steps": "{steps}",
    "step": "{steps}",
    "count": "{count}",
    "percent": "%",
    "kilograms": "kg",
    "kilogram": "kg",
    "grams": "g",
    "pounds": "[lb_av]",
    "lbs": "[lb_av]",
    "meters": "m",
    "metres": "m",
    "kilometers": "km",
    "kilometres": "km",
    "miles": "[mi_i]",
    "feet": "[ft_i]",
    "inches": "[in_i]",
    "calories": "kcal",
    "kcal": "kcal",
    "kj": "kJ",
    "minutes": "min",
    "seconds": "s",
    "hours": "h",
    "celsius": "Cel",
    "fahrenheit": "[degF]",
    "°c": "Cel",
    "℃": "Cel",
    "°f": "[degF]",
    "℉": "[degF]",
    "mg/dl": "mg/dL",
    "g/dl": "g/dL",
    "mmol/l": "mmol/L",
    "umol/l": "umol/L",
    "kwh": "kW.h",
    "mmhg": "mm[Hg]",
}

# Atoms inside compound units (HealthKit's "mL/(kg*min)", "mg/dL·hr").
_ATOMS: dict[str, str] = {
    "hr": "h",
    "lb": "[lb_av]",
    "oz": "[oz_av]",
    "in": "[in_i]",
    "ft": "[ft_i]",
    "yd": "[yd_i]",
    "mi": "[mi_i]",
    "mcg": "ug",
    "mcL": "uL",
    "degC": "Cel",
    "degF": "[degF]",
    "Cal": "kcal",
    "IU": "[iU]",
    "mmHg": "mm[Hg]",
    "Wh": "W.h",
    "kWh": "kW.h",
}

# HealthKit writes molar units with the molar mass it used: "mmol<180.1558800000541>/L".
_MOLAR_MASS_TAG = re.compile(r"(mol)<[0-9.eE+-]*>")
_SPLIT = re.compile(r"([/*·().])")
_MICRO = str.maketrans({"µ": "u", "μ": "u"})


@lru_cache(maxsize=1024)
def to_ucum(text: str | None) -> str | None:
    """The UCUM code for a unit as a source writes it; text it does not know comes back unchanged.

    ``None`` stays ``None``; UCUM codes pass through as they are.  Never raises.  A spelling that
    needs rewriting (``mL/(kg*min)``) is checked against the UCUM grammar, which loads on first use.
    """
    if text is None:
        return None
    unit = text.strip()
    if unit in _EXACT:
        return _EXACT[unit]
    if unit.casefold() in _WORDS:
        return _WORDS[unit.casefold()]
    rewritten = _rewrite(unit)
    if rewritten in _EXACT:
        return _EXACT[rewritten]
    if rewritten != text and _is_ucum(rewritten):
        return rewritten
    return text


def _rewrite(unit: str) -> str:
    """Spelling a source uses in compound units, rewritten as UCUM (not yet checked)."""
    unit = _MOLAR_MASS_TAG.sub(r"\1", unit.translate(_MICRO))
    unit = unit.replace(" ", "").replace("10^", "10*").replace("^", "")
    if "[" in unit or "{" in unit:
        return unit
    parts = _SPLIT.split(unit)
    out: list[str] = []
    for i, part in enumerate(parts):
        if part in ("*", "·"):
            out.append("*" if part == "*" and i > 0 and parts[i - 1] == "10" else ".")  # 10*9: UCUM's power of ten
        else:
            out.append(_ATOMS.get(part, part))
    joined = "".join(out)
    # a count in a numerator is UCUM's unity: "count/min" is "/min"
    if joined.startswith("count/"):
        joined = joined[len("count") :]
    return joined


def _is_ucum(code: str) -> bool:
    """Whether ``code`` is valid UCUM syntax (the grammar, not whether pint knows every atom)."""
    try:
        _engine().parse(code)
    except Exception:  # ucumvert raises lark's errors for text that is not UCUM
        return False
    return True


# ----------------------------------------------------------------------------- display

_DISPLAY: dict[str, str] = {
    "[lb_av]": "lb",
    "[oz_av]": "oz",
    "[stone_av]": "st",
    "[in_i]": "in",
    "[ft_i]": "ft",
    "[yd_i]": "yd",
    "[mi_i]": "mi",
    "Cel": "°C",
    "[degF]": "°F",
    "mm[Hg]": "mmHg",
    "cm[H2O]": "cmH2O",
    "[in_i'Hg]": "inHg",
    "[iU]": "IU",
    "[IU]": "IU",
    "[foz_us]": "fl oz",
    "[foz_br]": "fl oz",
    "[cup_us]": "cup",
    "[pt_us]": "pt",
    "dB[SPL]": "dB",
    "W.h": "Wh",
    "kW.h": "kWh",
    "MW.h": "MWh",
    "1": "",
    "{count}": "",
    "a": "yr",
}
# Whole units that are words in Korean (durations); everything else reads the same in both.
_DISPLAY_KO: dict[str, str] = {
    "s": "초",
    "min": "분",
    "h": "시간",
    "d": "일",
    "wk": "주",
    "mo": "개월",
    "a": "년",
}
_SUPERSCRIPT = str.maketrans("0123456789-+", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺")
_EXPONENT = re.compile(r"^(?P<atom>.*?[A-Za-z\]*'])(?P<exp>[+-]?\d+)$")


def display_unit(ucum: str | None, lang: str = "en") -> str:
    """What a person reads for a UCUM unit: ``mm[Hg]`` → ``mmHg``, ``Cel`` → ``°C``, ``[lb_av]`` → ``lb``.

    Generic, not per measurement (``/min`` stays ``/min``; heart rate's ``bpm`` is the
    measurement's display).  A count (``1``, ``{count}``) reads as nothing.  ``lang`` is
    ``"en"`` or ``"ko"``; Korean differs only for durations standing alone (``min`` → ``분``).
    Never raises: a unit it does not know is shown as it is.
    """
    if ucum is None:
        return ""
    code = ucum.strip()
    if lang == "ko" and code in _DISPLAY_KO:
        return _DISPLAY_KO[code]
    if code in _DISPLAY:
        return _DISPLAY[code]
    return "".join(_display_token(token) for token in _tokens(code))


def _tokens(code: str) -> list[str]:
    """A UCUM code split at its operators (``.``, ``/``, parentheses) outside brackets and braces."""
    tokens: list[str] = []
    current = ""
    depth = 0
    for ch in code:
        if ch in "[{":
            depth += 1
        elif ch in "]}":
            depth = max(0, depth - 1)
        if depth == 0 and ch in "./()":
            if current:
                tokens.append(current)
            tokens.append(ch)
            current = ""
        else:
            current += ch
    if current:
        tokens.append(current)
    return tokens


def _display_token(token: str) -> str:
    """One token of a UCUM code as read: atoms by name, ``.`` as ``·``, exponents raised."""
    if token == ".":  # noqa: S105 (an operator, not a password)
        return "·"
    if token in ("/", "(", ")"):
        return token
    if token.startswith("{") and token.endswith("}"):
        inner = token[1:-1]
        return "" if inner == "count" else inner
    if "{" in token and token.endswith("}"):  # an annotated atom: kg{body} reads kg
        token = token[: token.index("{")]
    if token.startswith("10*") or token.startswith("10^"):
        return "10" + token[3:].translate(_SUPERSCRIPT)
    match = _EXPONENT.match(token)
    if match:
        return _display_atom(match["atom"]) + match["exp"].translate(_SUPERSCRIPT)
    return _display_atom(token)


def _display_atom(atom: str) -> str:
    """One UCUM atom as read, with ``u`` as ``µ`` where it is the micro prefix."""
    if atom in _DISPLAY:
        return _DISPLAY[atom]
    if atom.startswith("u") and len(atom) > 1 and (atom[1:] in _MICRO_BASES or atom[1:] in _DISPLAY):
        return "µ" + _DISPLAY.get(atom[1:], atom[1:])
    return atom


_MICRO_BASES = frozenset({"g", "L", "l", "mol", "m", "s", "V", "S", "U", "eq", "kat", "Pa"})


# ----------------------------------------------------------------------------- conversion


@dataclass(frozen=True)
class _Engine:
    """pint's registry with UCUM's units, and ucumvert's UCUM parser feeding it."""

    registry: pint.UnitRegistry[Any]
    parser: Any
    transformer: Any

    def parse(self, code: str) -> Any:
        """The parse tree of a UCUM code (raises ucumvert's InvalidUcumError)."""
        from ucumvert import parse_ucum

        return parse_ucum(code, self.parser)

    def quantity(self, code: str) -> Quantity:
        """A UCUM code as a pint quantity (``mg/dL`` → ``1.0 milligram / deciliter``)."""
        result = self.transformer.transform(self.parse(code))
        if isinstance(result, self.registry.Quantity):
            return result
        if isinstance(result, self.registry.Unit):
            return self.registry.Quantity(1, result)
        # an annotation alone ("{count}", "{steps}") is unity in UCUM; ucumvert returns its token
        return self.registry.Quantity(1, "")


_ENGINE: _Engine | None = None
_ENGINE_LOCK = threading.Lock()


def _engine() -> _Engine:
    """The registry and parser, built on first use (about a second) and shared by all threads."""
    global _ENGINE
    if _ENGINE is None:
        with _ENGINE_LOCK:
            if _ENGINE is None:
                _ENGINE = _build_engine()
    return _ENGINE


def _build_engine() -> _Engine:
    """A registry of its own (pint's application registry is left alone), with ucumvert's UCUM definitions."""
    from pathlib import Path

    import pint
    import ucumvert
    from ucumvert import UcumToPintTransformer, get_ucum_parser

    registry: pint.UnitRegistry[Any] = pint.UnitRegistry(cache_folder=None)
    registry.load_definitions(Path(ucumvert.__file__).parent / "pint_ucum_defs.txt")
    return _Engine(registry, get_ucum_parser(), UcumToPintTransformer(ureg=registry))


def _shown(unit: str) -> str:
    """A unit for a message: at most 40 characters, control characters replaced."""
    text = "".join(ch if ch.isprintable() else "?" for ch in unit)
    return text if len(text) <= 40 else text[:39] + "…"


def _quantity(code: str) -> Quantity:
    """A UCUM code as a quantity, or :class:`UnitError` naming the unit."""
    if not code:
        raise UnitError("no unit given")
    try:
        return _engine().quantity(code)
    except UnitError:
        raise
    except Exception as error:  # lark's and pint's errors, for text that is not a unit
        raise UnitError(f"unknown unit {_shown(code)}") from error


@lru_cache(maxsize=4096)
def factor(from_unit: str, to_unit: str, analyte: str | None = None) -> tuple[float, float]:
    """``(scale, offset)`` such that a value in ``to_unit`` is ``value * scale + offset``.

    Both units may be raw (as a source writes them) or UCUM.  ``analyte`` (one of
    :data:`ANALYTES`) is needed where molar and mass units meet, and for HbA1c's % and
    mmol/mol.  Cached: call it once per pair and convert any number of values with the result.
    Raises :class:`UnitError` when a unit is unknown or the two do not convert.
    """
    source = to_ucum(from_unit) or ""
    target = to_ucum(to_unit) or ""
    name = analyte.strip().casefold() if analyte else None
    if source == target and source:
        return 1.0, 0.0
    if name == _HBA1C and {source, target} == {_NGSP, _IFCC}:
        if source == _NGSP:
            return _HBA1C_SLOPE, -_HBA1C_INTERCEPT * _HBA1C_SLOPE
        return 1 / _HBA1C_SLOPE, _HBA1C_INTERCEPT
    q_from = _quantity(source)
    q_to = _quantity(target)
    words = f"{_shown(from_unit)} to {_shown(to_unit)}"
    if q_from.dimensionless and q_to.dimensionless and _is_ratio_of_amounts(q_from) != _is_ratio_of_amounts(q_to):
        raise UnitError(
            f"cannot convert {words}: a percentage and an amount ratio (mol/mol) are different scales"
            + ("; for HbA1c say analyte 'hba1c'" if name is None else "")
        )
    if q_from.dimensionality != q_to.dimensionality:
        q_from = q_from * _molar_mass(q_from, q_to, name, words)
    return _affine(q_from, q_to, words)


def _is_ratio_of_amounts(q: Quantity) -> bool:
    """Whether a dimensionless unit is a ratio of amounts of substance (mmol/mol)."""
    registry = _engine().registry
    amount = registry.Quantity(1, "mol").dimensionality
    return any(registry.Quantity(1, name).dimensionality == amount for name, _power in q.unit_items())


def _molar_mass(q_from: Quantity, q_to: Quantity, analyte: str | None, words: str) -> Quantity:
    """The analyte's molar mass (g/mol), or its inverse, that takes a molar unit to a mass one or back."""
    registry = _engine().registry
    molar = registry.Quantity(1, "g/mol")
    molar_dim = molar.dimensionality
    meet = [power for power in (1, -1) if q_from.dimensionality * molar_dim**power == q_to.dimensionality]
    if not meet:
        raise UnitError(f"cannot convert {words}")
    if analyte is None:
        raise UnitError(f"cannot convert {words} without knowing what is measured (e.g. glucose, cholesterol)")
    if analyte not in _MOLAR_MASS:
        raise UnitError(f"cannot convert {words}: no molar mass known for {_shown(analyte)}")
    mass: Quantity = registry.Quantity(_MOLAR_MASS[analyte], "g/mol") ** meet[0]
    return mass


def _affine(q_from: Quantity, q_to: Quantity, words: str) -> tuple[float, float]:
    """Scale and offset of pint's conversion, checked to be affine (decibels, for one, are not)."""
    registry = _engine().registry

    def convert_one(x: float) -> float:
        value = registry.Quantity(x * float(q_from.magnitude), q_from.units)
        return float(value.to(q_to.units).magnitude) / float(q_to.magnitude)

    try:
        offset = convert_one(0.0)
        # with an offset (temperatures), the slope over a wide span loses less to rounding
        scale = convert_one(1.0) if offset == 0 else (convert_one(1e6) - offset) / 1e6
        probes = [(x, convert_one(x)) for x in (100.0, -7.5)]
    except Exception as error:  # pint's DimensionalityError, OffsetUnitCalculusError, ...
        raise UnitError(f"cannot convert {words}") from error
    for x, y in probes:
        if not math.isclose(y, x * scale + offset, rel_tol=1e-9, abs_tol=1e-9):
            raise UnitError(f"cannot convert {words}: not a proportional conversion")
    if not (math.isfinite(scale) and math.isfinite(offset)) or scale == 0:
        raise UnitError(f"cannot convert {words}")
    return scale, offset


def convert(value: float, from_unit: str, to_unit: str, analyte: str | None = None) -> float:
    """``value`` in ``from_unit`` expressed in ``to_unit`` (see :func:`factor`)."""
    scale, offset = factor(from_unit, to_unit, analyte)
    return value * scale + offset

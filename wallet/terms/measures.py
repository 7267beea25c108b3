"""Measurement types: one name, one canonical unit and one grouping rule per quantity, whatever the source.

The same quantity arrives under different names: a hospital's FHIR Observation says LOINC
8867-4, an Apple Health export ``HKQuantityTypeIdentifierHeartRate``, Fitbit the kind
``heart_rate``.  :data:`TYPES` maps each of these to one :class:`MeasurementType` with a
Korean and an English name, the canonical unit (UCUM) every view, chart, share and printout
shows, and the tolerances under which two readings from different sources are the same
reading (:mod:`wallet.store.readings` groups them as records are imported).

Records with a number that fit no known type still get a reading, keyed by their code
(``code:<system>|<code>``) or, uncoded, by their kind (``kind:<kind>``), in their own unit.
"""

from __future__ import annotations

from dataclasses import dataclass

LOINC = "http://loinc.org"
LOINC_SYSTEMS: tuple[str, ...] = (LOINC, "LOINC", "urn:oid:2.16.840.1.113883.6.1")
"""How records name LOINC: FHIR records carry the URL, some files the short name "LOINC"."""
OTHER_CODE = "code:"
OTHER_KIND = "kind:"

BP_PANELS: tuple[str, ...] = ("85354-9", "55284-4", "35094-2")
"""FHIR blood-pressure panels: no value of their own, the numbers are in components."""
SYSTOLIC = "8480-6"
DIASTOLIC = "8462-4"
BP_CORRELATION = "HKCorrelationTypeIdentifierBloodPressure"
BP_SYSTOLIC_KIND = "HKQuantityTypeIdentifierBloodPressureSystolic"
BP_DIASTOLIC_KIND = "HKQuantityTypeIdentifierBloodPressureDiastolic"


@dataclass(frozen=True)
class MeasurementType:
    """One kind of measurement, whatever its source calls it."""

    key: str
    name: str
    name_ko: str
    unit: str
    """The canonical unit, UCUM: every reading of this type is converted to it."""
    display: str
    """The canonical unit as a person reads it (``bpm`` for ``/min``)."""
    loinc: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    """Record kinds (HealthKit identifiers, Fitbit / Google Fit kinds) that are this type."""
    analyte: str | None = None
    """For laboratory values: what is measured, so molar and mass units convert (wallet.terms.units)."""
    cumulative: bool = False
    """Counted over intervals (steps, distance, energy): overlapping intervals from several
    sources are merged by priority, never summed twice."""
    seconds: float = 60.0
    """Two readings from different sources this close in time may be the same reading."""
    tolerance: float = 0.0
    """... when their values (canonical unit) differ by at most this much (or ``relative``)."""
    relative: float = 0.01
    unitless: bool = False
    """A count: whatever word the source uses for its unit (count, steps), the number is kept."""
    paired: bool = False
    """Two numbers per reading (systolic/diastolic), shown as one: ``128/82 mmHg``."""

    def label(self, lang: str = "en") -> str:
        """The name in ``lang`` (``ko`` or ``en``)."""
        return self.name_ko if lang == "ko" else self.name


def _t(
    key: str,
    name: str,
    name_ko: str,
    unit: str,
    display: str,
    loinc: tuple[str, ...],
    kinds: tuple[str, ...],
    **kw: object,
) -> MeasurementType:
    return MeasurementType(key, name, name_ko, unit, display, loinc, kinds, **kw)  # type: ignore[arg-type]


_HK = "HKQuantityTypeIdentifier"

TYPES: tuple[MeasurementType, ...] = (
    _t(
        "heart_rate",
        "Heart rate",
        "심박수",
        "/min",
        "bpm",
        ("8867-4",),
        (f"{_HK}HeartRate", "heart_rate"),
        tolerance=1,
        seconds=10,
    ),
    _t(
        "resting_heart_rate",
        "Resting heart rate",
        "안정 시 심박수",
        "/min",
        "bpm",
        ("40443-4",),
        (f"{_HK}RestingHeartRate", "resting_heart_rate"),
        tolerance=1,
        seconds=3600,
    ),
    _t(
        "blood_pressure",
        "Blood pressure",
        "혈압",
        "mm[Hg]",
        "mmHg",
        (SYSTOLIC, DIASTOLIC, *BP_PANELS),
        (BP_SYSTOLIC_KIND, BP_DIASTOLIC_KIND, BP_CORRELATION, "blood_pressure_systolic", "blood_pressure_diastolic"),
        tolerance=1,
        paired=True,
        seconds=120,
    ),
    _t(
        "body_weight",
        "Body weight",
        "체중",
        "kg",
        "kg",
        ("29463-7", "3141-9"),
        (f"{_HK}BodyMass", "body_weight", "weight"),
        tolerance=0.1,
        relative=0.002,
        seconds=600,
    ),
    _t(
        "body_height",
        "Body height",
        "키",
        "cm",
        "cm",
        ("8302-2", "8306-3"),
        (f"{_HK}Height", "body_height", "height"),
        tolerance=0.5,
        seconds=86400,
    ),
    _t(
        "bmi",
        "Body mass index",
        "체질량지수",
        "kg/m2",
        "kg/m²",
        ("39156-5",),
        (f"{_HK}BodyMassIndex", "bmi"),
        tolerance=0.1,
        seconds=600,
    ),
    _t(
        "body_fat",
        "Body fat",
        "체지방률",
        "%",
        "%",
        ("41982-0",),
        (f"{_HK}BodyFatPercentage", "body_fat"),
        tolerance=0.2,
        seconds=600,
    ),
    _t(
        "waist",
        "Waist circumference",
        "허리둘레",
        "cm",
        "cm",
        ("8280-0", "56086-2"),
        (f"{_HK}WaistCircumference",),
        tolerance=0.5,
        seconds=86400,
    ),
    _t(
        "head_circumference",
        "Head circumference",
        "머리둘레",
        "cm",
        "cm",
        ("9843-4", "8287-5"),
        (),
        tolerance=0.2,
        seconds=86400,
    ),
    _t(
        "steps",
        "Steps",
        "걸음 수",
        "{steps}",
        "steps",
        ("55423-8",),
        (f"{_HK}StepCount", "steps"),
        cumulative=True,
        unitless=True,
    ),
    _t(
        "steps_daily",
        "Steps per day",
        "하루 걸음 수",
        "{steps}",
        "steps",
        ("41950-7",),
        ("steps_daily",),
        unitless=True,
        seconds=3600,
    ),
    _t(
        "distance",
        "Walking and running distance",
        "걷기 및 달리기 거리",
        "km",
        "km",
        ("41953-1",),
        (f"{_HK}DistanceWalkingRunning", "distance"),
        cumulative=True,
    ),
    _t(
        "active_energy",
        "Active energy",
        "활동 에너지",
        "kcal",
        "kcal",
        ("41981-2",),
        (f"{_HK}ActiveEnergyBurned", "calories_active"),
        cumulative=True,
    ),
    _t(
        "body_temperature",
        "Body temperature",
        "체온",
        "Cel",
        "°C",
        ("8310-5", "8331-1", "8332-9"),
        (f"{_HK}BodyTemperature", "body_temperature"),
        tolerance=0.1,
        seconds=300,
    ),
    _t(
        "oxygen_saturation",
        "Oxygen saturation (SpO2)",
        "산소포화도",
        "%",
        "%",
        ("59408-5", "2708-6", "20564-1", "2710-2"),  # 2710-2: by oximetry, capillary (C-CDA vital signs)
        (f"{_HK}OxygenSaturation", "oxygen_saturation", "spo2"),
        tolerance=1,
    ),
    _t(
        "blood_glucose",
        "Blood glucose",
        "혈당",
        "mg/dL",
        "mg/dL",
        ("2339-0", "2345-7", "15074-8", "41653-7", "1558-6", "14749-6", "14743-9", "14771-0"),
        (f"{_HK}BloodGlucose", "blood_glucose"),
        analyte="glucose",
        tolerance=1,
        seconds=300,
    ),
    _t(
        "hba1c",
        "HbA1c",
        "당화혈색소",
        "%",
        "%",
        ("4548-4", "17856-6", "59261-8"),
        (),
        analyte="hba1c",
        tolerance=0.1,
        seconds=86400,
    ),
    _t(
        "total_cholesterol",
        "Total cholesterol",
        "총콜레스테롤",
        "mg/dL",
        "mg/dL",
        ("2093-3", "14647-2"),
        (),
        analyte="cholesterol",
        tolerance=1,
        seconds=86400,
    ),
    _t(
        "hdl",
        "HDL cholesterol",
        "HDL 콜레스테롤",
        "mg/dL",
        "mg/dL",
        ("2085-9", "14646-4"),
        (),
        analyte="cholesterol",
        tolerance=1,
        seconds=86400,
    ),
    _t(
        "ldl",
        "LDL cholesterol",
        "LDL 콜레스테롤",
        "mg/dL",
        "mg/dL",
        ("18262-6", "13457-7", "2089-1", "39469-2", "22748-8"),
        (),
        analyte="cholesterol",
        tolerance=1,
        seconds=86400,
    ),
    _t(
        "triglycerides",
        "Triglycerides",
        "중성지방",
        "mg/dL",
        "mg/dL",
        ("2571-8", "14927-8"),
        (),
        analyte="triglycerides",
        tolerance=1,
        seconds=86400,
    ),
    _t(
        "creatinine",
        "Creatinine",
        "크레아티닌",
        "mg/dL",
        "mg/dL",
        ("2160-0", "38483-4", "14682-9"),
        (),
        analyte="creatinine",
        tolerance=0.02,
        seconds=86400,
    ),
    _t(
        "egfr",
        "eGFR",
        "사구체여과율",
        "mL/min/{1.73_m2}",
        "mL/min/1.73m²",
        ("33914-3", "62238-1", "48642-3", "48643-1", "69405-9"),
        (),
        tolerance=1,
        seconds=86400,
    ),
    _t(
        "urea_nitrogen",
        "Blood urea nitrogen",
        "혈중요소질소",
        "mg/dL",
        "mg/dL",
        ("3094-0", "6299-2", "14937-7"),
        (),
        analyte="urea_nitrogen",
        tolerance=0.5,
        seconds=86400,
    ),
    _t(
        "uric_acid",
        "Uric acid",
        "요산",
        "mg/dL",
        "mg/dL",
        ("3084-1", "14933-6"),
        (),
        analyte="uric_acid",
        tolerance=0.1,
        seconds=86400,
    ),
    _t(
        "bilirubin",
        "Total bilirubin",
        "총빌리루빈",
        "mg/dL",
        "mg/dL",
        ("1975-2", "14631-6"),
        (),
        analyte="bilirubin",
        tolerance=0.1,
        seconds=86400,
    ),
    _t(
        "calcium",
        "Calcium",
        "칼슘",
        "mg/dL",
        "mg/dL",
        ("17861-6", "2000-8"),
        (),
        analyte="calcium",
        tolerance=0.1,
        seconds=86400,
    ),
    _t("hemoglobin", "Hemoglobin", "혈색소", "g/dL", "g/dL", ("718-7",), (), tolerance=0.1, seconds=86400),
    _t("ast", "AST", "AST (간수치)", "U/L", "U/L", ("1920-8",), (), tolerance=1, seconds=86400),
    _t("alt", "ALT", "ALT (간수치)", "U/L", "U/L", ("1742-6",), (), tolerance=1, seconds=86400),
    _t("ggt", "Gamma-GT", "감마지티피", "U/L", "U/L", ("2324-2",), (), tolerance=1, seconds=86400),
    _t(
        "respiratory_rate",
        "Respiratory rate",
        "호흡수",
        "/min",
        "breaths/min",
        ("9279-1",),
        (f"{_HK}RespiratoryRate", "respiratory_rate"),
        tolerance=1,
    ),
    _t(
        "hrv",
        "Heart rate variability (SDNN)",
        "심박 변이도 (SDNN)",
        "ms",
        "ms",
        ("80404-7",),
        (f"{_HK}HeartRateVariabilitySDNN",),
        tolerance=1,
    ),
)

BY_KEY: dict[str, MeasurementType] = {t.key: t for t in TYPES}
BY_LOINC: dict[str, MeasurementType] = {code: t for t in TYPES for code in t.loinc}
BY_KIND: dict[str, MeasurementType] = {kind: t for t in TYPES for kind in t.kinds}
KNOWN_KINDS: tuple[str, ...] = tuple(BY_KIND)


def classify(kind: str, code_system: str | None, code: str | None) -> str:
    """The measurement key of a record with a value: a :data:`TYPES` key or an "other" key."""
    if code_system in LOINC_SYSTEMS and code in BY_LOINC:
        return BY_LOINC[code].key
    if kind in BY_KIND:
        return BY_KIND[kind].key
    if code_system and code:
        return f"{OTHER_CODE}{code_system}|{code}"
    return f"{OTHER_KIND}{kind}"


def part_of(kind: str, code_system: str | None, code: str | None) -> str:
    """Which number of a paired reading a record gives: ``value``, ``systolic``, ``diastolic``,
    ``panel`` (a FHIR panel with both in components) or ``correlation`` (Apple Health's pair)."""
    loinc = code if code_system in LOINC_SYSTEMS else None
    if loinc in BP_PANELS:
        return "panel"
    if kind == BP_CORRELATION:
        return "correlation"
    if loinc == SYSTOLIC or kind in (BP_SYSTOLIC_KIND, "blood_pressure_systolic"):
        return "systolic"
    if loinc == DIASTOLIC or kind in (BP_DIASTOLIC_KIND, "blood_pressure_diastolic"):
        return "diastolic"
    return "value"


def type_label(key: str, lang: str = "en", fallback: str | None = None) -> str:
    """The name of measurement ``key``; for an "other" key, ``fallback`` (the record's own title) or the key."""
    known = BY_KEY.get(key)
    if known is not None:
        return known.label(lang)
    return fallback or key.split(":", 1)[-1]

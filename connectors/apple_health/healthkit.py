"""HealthKit's vocabulary: what each type identifier is (domain, title), value texts, dates and numbers."""

from __future__ import annotations

import re
from datetime import datetime

from wallet.model import Domain

HEALTHKIT = "https://developer.apple.com/documentation/healthkit"

# ---------------------------------------------------------------------------
# What each HealthKit type is: domain and human title
# ---------------------------------------------------------------------------

_FITNESS_QUANTITIES = {
    "StepCount",
    "DistanceWalkingRunning",
    "DistanceCycling",
    "DistanceSwimming",
    "DistanceWheelchair",
    "DistanceDownhillSnowSports",
    "DistanceRowing",
    "DistancePaddleSports",
    "DistanceCrossCountrySkiing",
    "DistanceSkatingSports",
    "BasalEnergyBurned",
    "ActiveEnergyBurned",
    "FlightsClimbed",
    "NikeFuel",
    "AppleExerciseTime",
    "AppleMoveTime",
    "AppleStandTime",
    "PushCount",
    "SwimmingStrokeCount",
    "VO2Max",
    "PhysicalEffort",
    "CyclingCadence",
    "CyclingPower",
    "CyclingSpeed",
    "CyclingFunctionalThresholdPower",
    "RunningSpeed",
    "RunningPower",
    "RunningStrideLength",
    "RunningVerticalOscillation",
    "RunningGroundContactTime",
    "UnderwaterDepth",
    "WaterTemperature",
    "TimeInDaylight",
    "EstimatedWorkoutEffortScore",
    "WorkoutEffortScore",
    "CrossCountrySkiingSpeed",
    "PaddleSportsSpeed",
    "RowingSpeed",
}
_FITNESS_CATEGORIES = {"AppleStandHour", "MindfulSession", "SleepAnalysis", "HandwashingEvent", "ToothbrushingEvent"}

_TITLES = {
    "HKQuantityTypeIdentifierStepCount": "Step count",
    "HKQuantityTypeIdentifierHeartRate": "Heart rate",
    "HKQuantityTypeIdentifierRestingHeartRate": "Resting heart rate",
    "HKQuantityTypeIdentifierWalkingHeartRateAverage": "Walking heart rate average",
    "HKQuantityTypeIdentifierHeartRateVariabilitySDNN": "Heart rate variability (SDNN)",
    "HKQuantityTypeIdentifierBodyMassIndex": "Body mass index",
    "HKQuantityTypeIdentifierBodyMass": "Body weight",
    "HKQuantityTypeIdentifierBloodPressureSystolic": "Blood pressure (systolic)",
    "HKQuantityTypeIdentifierBloodPressureDiastolic": "Blood pressure (diastolic)",
    "HKQuantityTypeIdentifierOxygenSaturation": "Blood oxygen saturation",
    "HKQuantityTypeIdentifierVO2Max": "VO2 max",
    "HKQuantityTypeIdentifierDistanceWalkingRunning": "Walking + running distance",
    "HKQuantityTypeIdentifierAppleExerciseTime": "Exercise time",
    "HKQuantityTypeIdentifierAppleStandTime": "Stand time",
    "HKQuantityTypeIdentifierAppleMoveTime": "Move time",
    "HKQuantityTypeIdentifierActiveEnergyBurned": "Active energy",
    "HKQuantityTypeIdentifierBasalEnergyBurned": "Resting energy",
    "HKQuantityTypeIdentifierEnvironmentalAudioExposure": "Environmental sound levels",
    "HKQuantityTypeIdentifierHeadphoneAudioExposure": "Headphone audio levels",
    "HKCategoryTypeIdentifierAppleStandHour": "Stand hour",
    "HKCorrelationTypeIdentifierBloodPressure": "Blood pressure",
    "HKCorrelationTypeIdentifierFood": "Food",
    "HKCharacteristicTypeIdentifierDateOfBirth": "Date of birth",
    "HKCharacteristicTypeIdentifierBiologicalSex": "Biological sex",
    "HKCharacteristicTypeIdentifierBloodType": "Blood type",
    "HKCharacteristicTypeIdentifierFitzpatrickSkinType": "Fitzpatrick skin type",
    "HKCharacteristicTypeIdentifierWheelchairUse": "Wheelchair use",
    "HKCharacteristicTypeIdentifierCardioFitnessMedicationsUse": "Cardio fitness medications use",
    "HKCharacteristicTypeIdentifierActivityMoveMode": "Activity move mode",
}
_VALUE_TEXT = {
    "HKBloodTypeAPositive": "A+",
    "HKBloodTypeANegative": "A-",
    "HKBloodTypeBPositive": "B+",
    "HKBloodTypeBNegative": "B-",
    "HKBloodTypeABPositive": "AB+",
    "HKBloodTypeABNegative": "AB-",
    "HKBloodTypeOPositive": "O+",
    "HKBloodTypeONegative": "O-",
    "HKBiologicalSexMale": "male",
    "HKBiologicalSexFemale": "female",
    "HKBiologicalSexOther": "other",
}
_PREFIXES = (
    "HKQuantityTypeIdentifier",
    "HKCategoryTypeIdentifier",
    "HKCorrelationTypeIdentifier",
    "HKCharacteristicTypeIdentifier",
    "HKWorkoutActivityType",
    "HKDataType",
    "HKWorkoutEventType",
)
_WORD = re.compile(r"[A-Z]+[0-9]*(?=[A-Z][a-z]|$)|[A-Z]?[a-z]+|[A-Z]+[0-9]*|[0-9]+")
_KEEP_CASE = re.compile(r"^[A-Z0-9]{2,}$")


def humanize(identifier: str) -> str:
    """``HKQuantityTypeIdentifierDietaryFatTotal`` -> ``Dietary fat total``."""
    for prefix in _PREFIXES:
        if identifier.startswith(prefix):
            identifier = identifier[len(prefix) :]
            break
    words = _WORD.findall(identifier) or [identifier]
    out = [w if _KEEP_CASE.match(w) else w.lower() for w in words]
    text = " ".join(out)
    return text[:1].upper() + text[1:]


def _type_info(type_id: str) -> tuple[Domain, str]:
    title = _TITLES.get(type_id) or humanize(type_id)
    short = type_id
    for prefix in _PREFIXES[:3]:
        if type_id.startswith(prefix):
            short = type_id[len(prefix) :]
            break
    if type_id.startswith("HKQuantityTypeIdentifier"):
        fitness = short in _FITNESS_QUANTITIES or short.startswith("Dietary")
    elif type_id.startswith("HKCategoryTypeIdentifier"):
        fitness = short in _FITNESS_CATEGORIES
    else:
        fitness = type_id == "HKCorrelationTypeIdentifierFood"
    return (Domain.FITNESS if fitness else Domain.HEALTH), title


def _category_text(type_id: str, value: str) -> str:
    if value in _VALUE_TEXT:
        return _VALUE_TEXT[value]
    short = type_id.removeprefix("HKCategoryTypeIdentifier")
    rest = value.removeprefix("HKCategoryValue")
    if rest != value:
        rest = rest.removeprefix(short) or rest
        return humanize(rest)
    return value


_VALUE_PREFIXES = (
    "HKBiologicalSex",
    "HKBloodType",
    "HKFitzpatrickSkinType",
    "HKWheelchairUse",
    "HKActivityMoveMode",
    "HKCardioFitnessMedicationsUse",
)


def _characteristic_text(raw: str) -> str:
    """``HKBloodTypeANegative`` -> ``A-``, ``HKFitzpatrickSkinTypeIII`` -> ``III``, ``HKWheelchairUseNo`` -> ``No``."""
    if raw in _VALUE_TEXT:
        return _VALUE_TEXT[raw]
    for prefix in _VALUE_PREFIXES:
        if raw.startswith(prefix) and len(raw) > len(prefix):
            return humanize(raw[len(prefix) :])
    return raw


# ---------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------

_fromiso = datetime.fromisoformat


def parse_date(text: str | None) -> datetime | None:
    """``2019-01-01 08:00:00 -0500`` (and the older ``20140104084300-0800``) to an aware datetime.

    Returns ``None`` for a missing value; raises ``ValueError`` for one without
    a time zone or that cannot be read.
    """
    if not text:
        return None
    if len(text) == 25 and text[19] == " ":
        value = _fromiso(text[:19] + text[20:])
    elif len(text) == 19 and text[14] in "+-" and text.isascii():
        value = datetime.strptime(text, "%Y%m%d%H%M%S%z")
    else:
        value = _fromiso(text.strip())
    if value.tzinfo is None:
        raise ValueError(f"date without time zone: {text!r}")
    return value


_MINUTES = {f"{h:02d}:{m:02d}": h * 3600 + m * 60 for h in range(24) for m in range(60)}
_SIXTY = {f"{n:02d}": n for n in range(60)}


class FastClock:
    """Apple's ``2019-01-01 08:00:00 -0500`` to (Unix seconds, UTC offset in minutes), fast.

    A day with its offset is parsed once (by :func:`parse_date`, with its checks) and remembered;
    the time of day is then read by looking up its ``hh:mm`` and its seconds (which also checks them).
    Anything not of that exact shape goes to :func:`parse_date`, and raises ``ValueError`` as it does.
    """

    __slots__ = ("days",)

    def __init__(self) -> None:
        self.days: dict[str, tuple[float, int, str]] = {}
        """By ``2019-01-01 `` (the date and the space after it): the day's start as Unix seconds, its
        offset in minutes, and the offset as written (`` -0500``), which the text must end with."""

    def parse(self, text: str) -> tuple[float, int | None]:
        """The instant and its offset; ``ValueError`` for a date that cannot be read or has no zone."""
        if len(text) == 25 and text[16] == ":":
            day = self.days.get(text[:11])
            if day is not None and text.endswith(day[2]):
                hm = _MINUTES.get(text[11:16])
                sec = _SIXTY.get(text[17:19])
                if hm is not None and sec is not None:
                    return day[0] + hm + sec, day[1]
        when = parse_date(text)
        if when is None:
            raise ValueError("no date")
        offset = when.utcoffset()
        minutes = None if offset is None else int(offset.total_seconds()) // 60
        t = when.timestamp()
        if len(text) == 25 and text[10] == " " and text[19] == " " and minutes is not None and not when.microsecond:
            if len(self.days) > 100_000:
                self.days.clear()
            # the day of the last offset read (a day with two, when clocks change, is read the slow way at times)
            self.days[text[:11]] = (t - (when.hour * 3600 + when.minute * 60 + when.second), minutes, text[19:])
        return t, minutes


def _number(text: str | None) -> float | None:
    if text is None or text == "":
        return None
    try:
        return float(text)
    except ValueError:
        return None

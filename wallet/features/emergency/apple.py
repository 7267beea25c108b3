"""Apple Health's "Me" characteristics (blood type, date of birth, biological sex) as emergency record items.

:mod:`connectors.apple_health` stores each as a record whose kind names the characteristic
(``HKCharacteristicTypeIdentifierBloodType`` ...) and whose value is Apple's constant
(``HKBloodTypeAPositive`` ...).  :data:`READERS` maps each kind to its reader.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from wallet.features.emergency.fhir_readers import _birth_date_item, _blood_type_item, _fhir_date, _sex_item
from wallet.features.emergency.model import Section, _Builder
from wallet.model import Record

_APPLE_BLOOD = {
    f"HKBloodType{name}{sign}": f"{name}{'+' if sign == 'Positive' else '-'}"
    for name in ("A", "B", "AB", "O")
    for sign in ("Positive", "Negative")
}


def _apple_blood_type(b: _Builder, rec: Record, res: dict[str, Any], source: Any, _m: Any, _t: date) -> None:
    """Apple Health's ``Me`` blood type (``HKBloodTypeAPositive`` ...)."""
    text = _APPLE_BLOOD.get(str(res.get("value") or rec.code or ""))
    if text:
        b.single(Section.BLOOD_TYPE, _blood_type_item(text, source, rec.id))


def _apple_birth_date(b: _Builder, rec: Record, res: dict[str, Any], source: Any, _m: Any, _t: date) -> None:
    born = _fhir_date(res.get("value") or rec.code)
    if born:
        b.single(Section.BIRTH_DATE, _birth_date_item(born, source))


_APPLE_SEX = {"HKBiologicalSexFemale": "female", "HKBiologicalSexMale": "male", "HKBiologicalSexOther": "other"}


def _apple_sex(b: _Builder, rec: Record, res: dict[str, Any], source: Any, _m: Any, _t: date) -> None:
    sex = _APPLE_SEX.get(str(res.get("value") or rec.code or ""))
    if sex:
        b.single(Section.SEX, _sex_item(sex, source))


READERS: dict[str, Any] = {
    # Apple Health's Me characteristics (connectors.apple_health): the kind names them
    "HKCharacteristicTypeIdentifierBloodType": _apple_blood_type,
    "HKCharacteristicTypeIdentifierDateOfBirth": _apple_birth_date,
    "HKCharacteristicTypeIdentifierBiologicalSex": _apple_sex,
}
"""The reader of each Apple Health characteristic, by record kind."""

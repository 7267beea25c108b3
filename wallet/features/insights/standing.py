"""Where a person stands: each of their latest values against the published reference that fits them.

:class:`Standing` is the one shape every comparison has, whether a child's weight as a z-score
against the WHO growth standards (:mod:`.growth`) or an adult's blood pressure as a guideline
category (:mod:`.guidelines`); :func:`where_i_stand` gathers them for one person.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from wallet.features.insights.references import Reference

if TYPE_CHECKING:
    from wallet.model import Person
    from wallet.store.vault import Vault

ADULT_FROM_YEARS = 18
"""Adult guidelines apply to readings taken at this age (completed years) or older."""
GROWTH_BELOW_YEARS = 20
"""Growth references apply to readings taken below this age (completed years)."""


@dataclass(frozen=True)
class Standing:
    """Where one value stands against one published reference.  Facts, not advice."""

    measurement: str
    """The measurement type key (wallet.terms.measures: ``body_weight``, ``blood_pressure``, ``bmi``...)."""
    name: str
    """What was compared, as a person reads it: "Weight for age", "Blood pressure"."""
    value_text: str
    """The value compared, in its canonical unit: ``12.4 kg``, ``128/82 mmHg``."""
    when: str
    """The day of the reading (ISO date, in the zone it happened in)."""
    record_id: str | None
    """The record read; None for a value computed from several (a BMI from weight and height)."""
    reference: Reference
    result: str
    """What the reference says of the value: "Stage 1 hypertension", "z = 1.23, 89th percentile"."""
    category: str | None = None
    """The category's key (``normal``, ``stage1``...), None for a growth z-score."""
    level: int = 0
    """0 within the reference's normal or desirable range; 1, 2, 3 further above it; -1, -2 below it."""
    formula: str = ""
    """How the result was reached: the LMS formula with the L, M, S used, or the rule that matched."""
    z: float | None = None
    percentile: float | None = None
    band: tuple[float | None, float | None] | None = None
    """The reference's normal range in the canonical unit (for a chart's band), when it has one."""
    own_range: str | None = None
    """The range the laboratory printed with the result (FHIR ``referenceRange``), shown first."""
    sources: list[str] = field(default_factory=list)
    """The record ids the value came from (a computed BMI: the weight's and the height's)."""

    def as_dict(self) -> dict[str, Any]:
        """The standing as JSON-ready fields (``mydata-wallet insights --json``)."""
        return {
            "measurement": self.measurement,
            "name": self.name,
            "value": self.value_text,
            "when": self.when,
            "record_id": self.record_id,
            "result": self.result,
            "category": self.category,
            "level": self.level,
            "formula": self.formula,
            "z": self.z,
            "percentile": self.percentile,
            "band": list(self.band) if self.band else None,
            "own_range": self.own_range,
            "sources": self.sources,
            "reference": self.reference.as_dict(),
        }


def where_i_stand(vault: Vault, person: Person, lang: str = "en") -> list[Standing]:
    """Every comparison that fits ``person``: growth z-scores for a child (under 20 today, by the birth date),
    guideline categories for an adult (18 and over today, or when the birth date is unknown).

    What counts is also the age *on the day of each reading*: growth references only for readings taken under 20,
    adult guidelines only for readings taken at 18 or older (an adult's blood pressure measured at 12 is not put
    in an adult category)."""
    from wallet.features.insights.growth import child_standings
    from wallet.features.insights.guidelines import adult_standings

    age = years_on(person.birth_date, date.today()) if person.birth_date else None
    out: list[Standing] = []
    if age is not None and age < GROWTH_BELOW_YEARS:
        out.extend(child_standings(vault, person, lang))
    if age is None or age >= ADULT_FROM_YEARS:
        out.extend(adult_standings(vault, person, lang))
    return out


def years_on(birth: date, on: date) -> int:
    """Age in completed years on ``on`` (a birthday on 29 February is reached on 1 March in other years)."""
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def age_years(birth: date, on: date) -> float:
    """Age in years on ``on`` (days / 365.25, as growth references count it)."""
    return (on - birth).days / 365.25

"""The shapes of the trial pre-screen: a study as the wallet keeps it, a parsed criterion, and a match.

These are the contract between the parser of study records (:mod:`.study`), the criterion parser
(:mod:`.criteria`), the matcher (:mod:`.match`) and the front ends.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Status = Literal["met", "not_met", "unknown"]


@dataclass(frozen=True)
class Site:
    """A place a study recruits at (ClinicalTrials.gov ``contactsLocationsModule.locations[]``)."""

    facility: str
    city: str
    country: str
    state: str = ""
    status: str = ""
    """The site's recruitment status (``RECRUITING``...), when the record gives it."""
    lat: float | None = None
    lon: float | None = None


@dataclass(frozen=True)
class Study:
    """One ClinicalTrials.gov study, reduced to what the pre-screen reads; ``raw`` is the record as received."""

    nct_id: str
    title: str
    status: str
    """The overall status, as the registry spells it (``RECRUITING``, ``ACTIVE_NOT_RECRUITING``...)."""
    conditions: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    mesh_terms: tuple[str, ...] = ()
    """Condition MeSH terms and their ancestors (``derivedSection``), when the record has them."""
    minimum_age: str | None = None
    """As written (``18 Years``, ``6 Months``); None when the record states none."""
    maximum_age: str | None = None
    sex: str = "ALL"
    """``ALL``, ``FEMALE`` or ``MALE``."""
    healthy_volunteers: bool | None = None
    eligibility: str = ""
    """The eligibility criteria text (Markdown-ish: ``Inclusion Criteria:`` and ``*`` bullets)."""
    sites: tuple[Site, ...] = ()
    phases: tuple[str, ...] = ()
    last_update: str | None = None
    url: str = ""
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True)
class Criterion:
    """One eligibility criterion as parsed from the text (or from the record's structured fields)."""

    kind: str
    """What it is about: ``age``, ``sex``, ``healthy_volunteers``, ``condition``, ``bmi``, ``hba1c``, ``egfr``,
    ``creatinine``, ``blood_pressure``, ``ecog``, ``pregnancy``, or ``other`` (not parsed: to ask the study team)."""
    text: str
    """The criterion as the study wrote it (one bullet), or the structured field it came from."""
    inclusion: bool = True
    """True for an inclusion criterion, False for an exclusion one (a met exclusion rules the person out)."""
    low: float | None = None
    high: float | None = None
    """The range the criterion states, in ``unit`` (either end open when None); inclusive unless said otherwise."""
    unit: str | None = None
    low_inclusive: bool = True
    high_inclusive: bool = True
    value2_low: float | None = None
    value2_high: float | None = None
    """For blood pressure: the diastolic range beside the systolic one (low/high)."""
    terms: tuple[str, ...] = ()
    """For ``condition``: the condition words the criterion names."""


@dataclass(frozen=True)
class CriterionResult:
    """A criterion checked against the vault: met, not met or unknown, with the record it used."""

    criterion: Criterion
    status: Status
    explanation: str
    """What was compared: "HbA1c 7.1 % on 2024-03-02 is within 7.0-10.5 %"."""
    record_ids: tuple[str, ...] = ()
    """The records the decision read (empty for unknown, or for the person's own age and sex)."""
    value_text: str | None = None
    """The value used, as shown (``7.1 %``, ``54 years``)."""
    when: str | None = None


@dataclass(frozen=True)
class SiteDistance:
    """A site and how far it is from the place the person gave (None when either has no coordinates)."""

    site: Site
    km: float | None


@dataclass(frozen=True)
class TrialMatch:
    """The pre-screen of one study for one person: every criterion checked, the rest listed to ask about."""

    study: Study
    person_id: str
    results: tuple[CriterionResult, ...]
    to_ask: tuple[str, ...]
    """Criteria the wallet could not read as a rule, to ask the study team about."""
    sites: tuple[SiteDistance, ...] = ()
    """The study's sites, nearest first when a place was given."""

    @property
    def met(self) -> int:
        """How many criteria are met (an exclusion is "met" when the person is not excluded by it)."""
        return sum(1 for r in self.results if r.status == "met")

    @property
    def not_met(self) -> int:
        """How many criteria are not met."""
        return sum(1 for r in self.results if r.status == "not_met")

    @property
    def unknown(self) -> int:
        """How many criteria could not be decided from the vault."""
        return sum(1 for r in self.results if r.status == "unknown")

    @property
    def verdict(self) -> Literal["possible", "unlikely", "unknown"]:
        """``unlikely`` when any criterion is not met; ``possible`` when all are met; else ``unknown``."""
        if self.not_met:
            return "unlikely"
        return "possible" if not self.unknown else "unknown"

"""The emergency record's model: its sections, items and summary, and the builder that collects them.

An :class:`EmergencySummary` is a flat list of :class:`EmergencyItem`, each with an id so the person
can leave it out.  :func:`wallet.features.emergency.content.gather` makes one: the readers of
:mod:`~wallet.features.emergency.fhir_readers` and :mod:`~wallet.features.emergency.apple` add items
to a ``_Builder``, which keeps one item per single-valued section (hand-entered or imported, as
preferred).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from wallet.features.emergency.labels import Lang, both, has_term
from wallet.model import Record

MANUAL_CONNECTOR = "manual"
MEDICAL_ID_TAG = "medical-id"
RECENT_IMMUNIZATION_YEARS = 10
MAX_IMMUNIZATIONS = 8


class Section(StrEnum):
    """The sections of an emergency record, in printed order; the value keys translations and the audit log."""

    NAME = "name"
    BIRTH_DATE = "birth_date"
    SEX = "sex"
    BLOOD_TYPE = "blood_type"
    ALLERGIES = "allergies"
    PROBLEMS = "problems"
    MEDICATIONS = "medications"
    DEVICES = "devices"
    IMMUNIZATIONS = "immunizations"
    CONTACTS = "contacts"
    ORGAN_DONATION = "organ_donation"
    DIRECTIVES = "directives"
    LANGUAGE = "language"


SINGLE_SECTIONS = (
    Section.NAME,
    Section.BIRTH_DATE,
    Section.SEX,
    Section.BLOOD_TYPE,
    Section.ORGAN_DONATION,
    Section.LANGUAGE,
)
LIST_SECTIONS = (
    Section.ALLERGIES,
    Section.PROBLEMS,
    Section.MEDICATIONS,
    Section.DEVICES,
    Section.IMMUNIZATIONS,
    Section.CONTACTS,
    Section.DIRECTIVES,
)
# What an empty section says.  An absent list must never read as a negative
# statement: "none known" is printed only for an explicit record that there are
# none (an AllergyIntolerance coded 716186003 "No known allergy", an item of its
# own), an empty section says "not recorded", and a section the holder left items
# out of says how many (see :func:`empty_text` and :func:`left_out_text`).
EMPTY_KEY: dict[Section, str] = {s: "not_recorded" for s in LIST_SECTIONS}
# "No known allergy" (SNOMED CT 716186003) and "No known allergies" (160244002): printed as "none known".
NO_KNOWN_ANY_ALLERGY = {"716186003", "160244002"}


class Reaction(BaseModel):
    """One recorded reaction to an allergen: its manifestations and, if recorded, its severity."""

    model_config = ConfigDict(extra="forbid")

    manifestations: list[str] = Field(default_factory=list)
    severity: str | None = None
    """``mild``/``moderate``/``severe`` as recorded."""


class EmergencyItem(BaseModel):
    """One line of the emergency record."""

    model_config = ConfigDict(extra="forbid")

    id: str
    """Stable within one summary; used to leave the item out (``--exclude ID``)."""
    section: Section
    text: str
    """The value as recorded (an allergy's name, a person's name, ``A+``)."""
    term_key: str | None = None
    """When the value is a fixed word (sex, yes/no, a language), its key in :mod:`labels`."""
    detail: str | None = None
    """Dose, reactions, relationship: as recorded."""
    detail_key: str | None = None
    """A fixed word describing the item (a relationship code), translated when printed."""
    severity: str | None = None
    """``high``/``low``/``unable-to-assess`` criticality or ``severe``/``moderate``/``mild``."""
    phone: str | None = None
    when: date | None = None
    source: Literal["manual", "imported"] = "imported"
    record_id: str | None = None
    statement: bool = False
    """A negative statement ("no known food allergy"), not an allergy."""
    code_system: str | None = None
    code: str | None = None
    criticality: str | None = None
    """An allergy's ``criticality`` exactly as recorded (``high``/``low``/``unable-to-assess``), else None."""
    reactions: list[Reaction] = Field(default_factory=list)
    """An allergy's reactions as recorded: what happened and how severe it was."""
    clinical_status: str | None = None
    """The recorded clinical status code (``active``, ``recurrence`` ...), when there was one."""
    verification_status: str | None = None
    """The recorded verification status code (``confirmed``, ``unconfirmed`` ...), when there was one."""

    @property
    def critical(self) -> bool:
        """Whether the item is marked high risk on the printout (severity high or severe)."""
        return self.severity in {"high", "severe"}

    def value(self, lang: Lang) -> str:
        """The printed value: translated if it is a fixed word."""
        if self.term_key and has_term(self.term_key):
            return both(self.term_key, lang)
        return self.text

    def describe(self, lang: Lang, with_severity: bool = True) -> str:
        """``Penicillin (HIGH RISK / 고위험) - hives``: one line of text."""
        out = self.value(lang)
        extra: list[str] = []
        if with_severity and self.severity and has_term(f"sev_{self.severity}"):
            extra.append(both(f"sev_{self.severity}", lang))
        if self.detail_key and has_term(self.detail_key):
            extra.append(both(self.detail_key, lang))
        if self.detail:
            extra.append(self.detail)
        if self.when and self.section in {Section.IMMUNIZATIONS, Section.DIRECTIVES}:
            extra.append(self.when.isoformat())
        if extra:
            out += " (" + "; ".join(extra) + ")"
        if self.phone:
            out += f"  ☎ {self.phone}"
        return out


class EmergencySummary(BaseModel):
    """Everything an emergency record of one person shows, item by item."""

    model_config = ConfigDict(extra="forbid")

    person_id: str
    made_on: date
    items: list[EmergencyItem] = Field(default_factory=list)
    excluded: list[str] = Field(default_factory=list)
    """Ids the person chose to leave out (already removed from ``items``)."""
    left_out: dict[Section, int] = Field(default_factory=dict)
    """How many items of each section the person left out (printed, so a gap never reads as "none")."""
    unreadable: int = 0
    """Records that were too malformed to read (each is skipped, the printout says how many)."""

    def section(self, section: Section) -> list[EmergencyItem]:
        """The items of ``section``, in printed order (empty when nothing is recorded)."""
        return [i for i in self.items if i.section == section]

    def single(self, section: Section) -> EmergencyItem | None:
        """The one item of a single-valued section (blood type, name ...), or None when not recorded."""
        found = self.section(section)
        return found[0] if found else None

    def item(self, item_id: str) -> EmergencyItem | None:
        """The item with id ``item_id``, or None (it may have been left out)."""
        return next((i for i in self.items if i.id == item_id), None)

    def without(self, ids: Iterable[str]) -> EmergencySummary:
        """A copy without the given items.  Unknown ids raise ``KeyError`` (a typo must not print an item)."""
        wanted = list(dict.fromkeys(ids))
        known = {i.id for i in self.items}
        unknown = [i for i in wanted if i not in known]
        if unknown:
            raise KeyError(", ".join(unknown))
        drop = set(wanted)
        left_out = dict(self.left_out)
        for i in self.items:
            if i.id in drop:
                left_out[i.section] = left_out.get(i.section, 0) + 1
        return self.model_copy(
            update={
                "items": [i for i in self.items if i.id not in drop],
                "excluded": [*self.excluded, *wanted],
                "left_out": left_out,
            }
        )

    def left_out_of(self, section: Section) -> int:
        """How many items of ``section`` the person left out."""
        return self.left_out.get(section, 0)

    def counts(self) -> dict[str, int]:
        """Items per section (for the audit log: numbers, no values)."""
        out = {s.value: 0 for s in Section}
        for i in self.items:
            out[i.section.value] += 1
        return out

    def audit_detail(self) -> dict[str, Any]:
        """What the audit log says of this summary: counts only, never a medical value."""
        return {
            "person": self.person_id,
            "items": len(self.items),
            "excluded": len(self.excluded),
            "manual": sum(1 for i in self.items if i.source == "manual"),
            "counts": {k: v for k, v in self.counts().items() if v},
        }


# --------------------------------------------------------------------- building
class _Builder:
    def __init__(self, prefer_manual: bool) -> None:
        self.prefer_manual = prefer_manual
        self.items: list[EmergencyItem] = []
        self.singles: dict[Section, EmergencyItem] = {}
        self._ids: set[str] = set()
        self.unreadable = 0

    def new_id(self, prefix: str, rec: Record | None, suffix: str = "") -> str:
        base = f"{prefix}-{rec.id[:8]}" if rec is not None else prefix
        base += suffix
        candidate, n = base, 2
        while candidate in self._ids:
            candidate = f"{base}-{n}"
            n += 1
        self._ids.add(candidate)
        return candidate

    def single(self, section: Section, item: EmergencyItem) -> None:
        held = self.singles.get(section)
        if held is None:
            self.singles[section] = item
            return
        if held.source == item.source:
            return  # the first (newest) of the same kind stays
        manual_new = item.source == "manual"
        if manual_new == self.prefer_manual:
            self.singles[section] = item

    def add(self, item: EmergencyItem) -> None:
        self.items.append(item)

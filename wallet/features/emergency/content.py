"""What goes on an emergency record: gathered from one person's records in the vault.

Imported FHIR records (AllergyIntolerance, active Conditions, active
MedicationStatements/Requests, Devices, recent Immunizations, Patient,
RelatedPerson, advance-directive Consents and DocumentReferences, blood-group
Observations) and the hand-entered Medical ID (records with
``provenance.connector_id == "manual"`` and the tag ``medical-id``, FHIR-shaped
payloads) are turned into an :class:`EmergencySummary`: a flat list of
:class:`EmergencyItem`, each with an id so the person can leave it out.

Hand-entered facts win over imported ones: a hand-entered blood type, name or
organ-donation choice replaces the imported one, a hand-entered allergy with
the same name replaces the imported one, and a hand-entered record that links
to an imported record (``Record.links``) replaces that record.  Pass
``prefer_manual=False`` to let imported single facts win instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from wallet.features.emergency.labels import Lang, both, has_term, term
from wallet.model import Person, Record

if TYPE_CHECKING:
    from wallet.store.vault import Vault

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


# --------------------------------------------------------------------- FHIR helpers
# (?<!\s): a match starts where a run of spaces starts, not inside it (from every position of a long
# run, the scan was quadratic: a display of a million spaces would have taken hours).
_SNOMED_TAG = re.compile(
    r"(?<!\s)\s*\((substance|finding|disorder|situation|medicinal product|physical object|product|procedure|"
    r"qualifier value|observable entity|regime/therapy|clinical drug|morphologic abnormality|"
    r"medicinal product form|event)\)\s*$",
    re.IGNORECASE,
)
NO_KNOWN_CODES = {"716186003", "409137002", "429625007", "428607008", "1150004", "160244002"}
BLOOD_GROUP_LOINC = {"882-1", "883-9", "10331-7", "34474-7", "34475-4"}
BLOOD_GROUP_SNOMED = {
    "278149003": "A+",
    "278152006": "A-",
    "278150003": "AB+",
    "278153001": "AB-",
    "278151004": "B+",
    "278154007": "B-",
    "278147001": "O+",
    "278148006": "O-",
    "112144000": "A",
    "112149005": "B",
    "58460004": "O",
    "165743006": "AB",
}
LANGUAGE_NAMES = {
    "korean": "lang_ko",
    "한국어": "lang_ko",
    "한국말": "lang_ko",
    "ko": "lang_ko",
    "english": "lang_en",
    "영어": "lang_en",
    "en": "lang_en",
    "japanese": "lang_ja",
    "일본어": "lang_ja",
    "chinese": "lang_zh",
    "중국어": "lang_zh",
    "vietnamese": "lang_vi",
    "베트남어": "lang_vi",
}
DIRECTIVE_CODES = {"dnr", "acd", "polst", "npp", "hipaa-restrictions", "42348-3", "75320-2", "64298-3", "59284-0"}


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _clean(text: str) -> str:
    text = _SNOMED_TAG.sub("", text.strip())
    text = re.sub(r"^Product containing (only |precisely )?", "", text)
    return " ".join(text.split())


def concept_text(concept: Any) -> str | None:
    """A CodeableConcept's words: its text, else its first coding's display (SNOMED tags removed)."""
    if isinstance(concept, list):
        for c in concept:
            found = concept_text(c)
            if found:
                return found
        return None
    if not isinstance(concept, dict):
        return None
    if isinstance(concept.get("text"), str) and concept["text"].strip():
        return _clean(concept["text"])
    for coding in _list(concept.get("coding")):
        if isinstance(coding, dict) and isinstance(coding.get("display"), str) and coding["display"].strip():
            return _clean(coding["display"])
    for coding in _list(concept.get("coding")):
        if isinstance(coding, dict) and coding.get("code"):
            return str(coding["code"])
    return None


def codes(concept: Any) -> set[str]:
    """Every code in a CodeableConcept (or a list of them), whatever its system; empty for anything else."""
    out: set[str] = set()
    items = concept if isinstance(concept, list) else [concept]
    for c in items:
        if isinstance(c, dict):
            for coding in _list(c.get("coding")):
                if isinstance(coding, dict) and coding.get("code"):
                    out.add(str(coding["code"]))
    return out


def _first_code(concept: Any) -> tuple[str | None, str | None]:
    if isinstance(concept, dict):
        for coding in _list(concept.get("coding")):
            if isinstance(coding, dict) and coding.get("code"):
                return coding.get("system"), str(coding["code"])
    return None, None


def status_code(value: Any) -> str | None:
    """``clinicalStatus`` and the like: a CodeableConcept or a plain code."""
    if isinstance(value, str):
        return value
    found = codes(value)
    return sorted(found)[0] if found else None


def _name(value: Any) -> str | None:
    """A HumanName or a list of them, as one string."""
    if isinstance(value, list):
        chosen = next((n for n in value if isinstance(n, dict) and n.get("use") == "official"), None)
        if chosen is None:
            chosen = next((n for n in value if isinstance(n, dict)), None)
        value = chosen
    if not isinstance(value, dict):
        return None
    if isinstance(value.get("text"), str) and value["text"].strip():
        return str(value["text"]).strip()
    given = [str(g) for g in _list(value.get("given")) if g]
    family = value.get("family")
    if isinstance(family, str) and family in given:
        given.remove(family)
    parts = [*given, family] if isinstance(family, str) else given
    return " ".join(p for p in parts if p) or None


def _phone(telecom: Any) -> str | None:
    if not isinstance(telecom, list):
        return None
    points = [t for t in telecom if isinstance(t, dict) and t.get("value")]
    for wanted in ("phone", "sms", "other"):
        for use in ("mobile", "home", "work", None):
            for t in points:
                if t.get("system") == wanted and (use is None or t.get("use") == use):
                    return str(t["value"])
    return None


def _fhir_date(value: Any) -> date | None:
    if isinstance(value, dict):
        value = value.get("start") or value.get("end")
    if not isinstance(value, str) or len(value) < 4:
        return None
    try:
        if len(value) == 4:
            return date(int(value), 1, 1)
        if len(value) == 7:
            return date(int(value[:4]), int(value[5:7]), 1)
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _number(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def dose_text(resource: dict[str, Any]) -> str | None:
    """A medication's dose in words: the dosage text, else quantity and timing."""
    dosages = resource.get("dosage") or resource.get("dosageInstruction") or []
    if not isinstance(dosages, list):
        return None
    parts: list[str] = []
    for dosage in dosages[:2]:
        if not isinstance(dosage, dict):
            continue
        if isinstance(dosage.get("text"), str) and dosage["text"].strip():
            parts.append(" ".join(dosage["text"].split()))
            continue
        bits: list[str] = []
        for dr in _list(dosage.get("doseAndRate")):
            q = dr.get("doseQuantity") if isinstance(dr, dict) else None
            if isinstance(q, dict) and q.get("value") is not None:
                bits.append(f"{_number(q['value'])} {q.get('unit') or q.get('code') or ''}".strip())
        timing = dosage.get("timing")
        repeat = timing.get("repeat") if isinstance(timing, dict) else None
        if isinstance(repeat, dict) and repeat.get("periodUnit"):
            times = repeat.get("frequency") or repeat.get("count") or 1
            period = repeat.get("period") or 1
            per = f"{_number(period)}{repeat['periodUnit']}" if period != 1 else str(repeat["periodUnit"])
            bits.append(f"{_number(times)}×/{per}")
        if isinstance(timing, dict) and isinstance(timing.get("code"), dict):
            found = concept_text(timing["code"])
            if found:
                bits.append(found)
        if dosage.get("asNeededBoolean"):
            bits.append("PRN")
        if bits:
            parts.append(", ".join(bits))
    return "; ".join(parts) or None


# --------------------------------------------------------------------- gathering
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


def _is_manual(rec: Record) -> bool:
    return rec.provenance.connector_id == MANUAL_CONNECTOR and MEDICAL_ID_TAG in rec.tags


def _resource(rec: Record) -> dict[str, Any]:
    payload = rec.payload
    return payload if isinstance(payload, dict) else {}


def _manual_records(vault: Vault, person_id: str) -> list[Record]:
    found = vault.records(person_id=person_id, connector=MANUAL_CONNECTOR)
    return [r for r in found if _is_manual(r)]


def _load_medical_id(vault: Vault, person_id: str) -> Any | None:
    """The person's :class:`wallet.features.medical_id.MedicalId`, or None when that module cannot give it."""
    try:
        from wallet.features import medical_id
    except ImportError:  # pragma: no cover - the module ships with the wallet
        return None
    try:
        return medical_id.load(vault, person_id)
    except Exception:  # an unreadable Medical ID must not stop an emergency printout: read the records
        return None


def _manual_from_medical_id(b: _Builder, mid: Any, records: list[Record]) -> None:
    """Items from a hand-entered Medical ID (``wallet.features.medical_id.MedicalId``)."""
    by_oid = {r.provenance.original_id or "": r.id for r in records}

    def rid(oid: str) -> str | None:
        return by_oid.get(oid)

    if getattr(mid, "blood_type", None):
        b.single(Section.BLOOD_TYPE, _blood_type_item(str(mid.blood_type), "manual", rid("blood_type")))
    if getattr(mid, "organ_donor", None) is not None:
        b.single(
            Section.ORGAN_DONATION,
            _yes_no_item("organ-donation", Section.ORGAN_DONATION, "yes" if mid.organ_donor else "no", "manual"),
        )
    if getattr(mid, "preferred_language", None):
        b.single(Section.LANGUAGE, _language_item({"text": str(mid.preferred_language)}, "manual"))
    for i, a in enumerate(getattr(mid, "allergies", None) or []):
        b.add(
            EmergencyItem(
                id=f"allergy-m{i + 1}",
                section=Section.ALLERGIES,
                text=a.substance,
                detail=a.reaction,
                severity=a.severity,
                reactions=[Reaction(manifestations=[a.reaction], severity=a.severity)] if a.reaction else [],
                source="manual",
                record_id=rid(f"allergies/{i}"),
            )
        )
    for i, c in enumerate(getattr(mid, "conditions", None) or []):
        b.add(
            EmergencyItem(
                id=f"problem-m{i + 1}",
                section=Section.PROBLEMS,
                text=c.name,
                source="manual",
                record_id=rid(f"conditions/{i}"),
            )
        )
    for i, m in enumerate(getattr(mid, "medications", None) or []):
        b.add(
            EmergencyItem(
                id=f"medication-m{i + 1}",
                section=Section.MEDICATIONS,
                text=m.name,
                detail=m.dose,
                source="manual",
                record_id=rid(f"medications/{i}"),
            )
        )
    for i, d in enumerate(getattr(mid, "devices", None) or []):
        b.add(
            EmergencyItem(
                id=f"device-m{i + 1}",
                section=Section.DEVICES,
                text=d.name,
                detail=d.note,
                source="manual",
                record_id=rid(f"devices/{i}"),
            )
        )
    for i, c in enumerate(getattr(mid, "contacts", None) or []):
        b.add(
            EmergencyItem(
                id=f"contact-m{i + 1}",
                section=Section.CONTACTS,
                text=c.name,
                detail=c.relationship,
                detail_key=None if c.relationship else "rel_C",
                phone=c.phone,
                source="manual",
                record_id=rid(f"contacts/{i}"),
            )
        )
    for i, d in enumerate(getattr(mid, "advance_directives", None) or []):
        b.add(
            EmergencyItem(
                id=f"directive-m{i + 1}",
                section=Section.DIRECTIVES,
                text=d.description,
                detail=d.location,
                source="manual",
                record_id=rid(f"advance_directives/{i}"),
            )
        )


def gather(
    vault: Vault,
    person_id: str | None = None,
    *,
    prefer_manual: bool = True,
    today: date | None = None,
) -> EmergencySummary:
    """The emergency summary of one person (the holder when ``person_id`` is None)."""
    person: Person = vault.person(person_id) if person_id else vault.holder()
    today = today or datetime.now().astimezone().date()
    # Only the kinds a handler reads: a person may have a million step counts.
    imported = [r for r in vault.records(person_id=person.id, kinds=list(_HANDLERS)) if not _is_manual(r)]
    imported = _subjectless_devices(vault, person.id, imported)
    manual = _manual_records(vault, person.id)
    superseded = {link for r in manual for link in r.links}
    imported = [r for r in imported if r.id not in superseded]
    b = _Builder(prefer_manual)

    # medications referenced by statements can sit with any person (a Medication has no subject)
    meds_by_ref: dict[str, list[Record]] = {}
    for med in vault.records(kind="Medication"):
        res = _resource(med)
        keys = {med.provenance.original_id or "", f"Medication/{res.get('id', '')}"}
        for key in keys:
            if key and not key.endswith("/"):
                meds_by_ref.setdefault(key, []).append(med)

    # person facts first, so records can add what the person lacks
    if person.name:
        b.single(Section.NAME, EmergencyItem(id="name", section=Section.NAME, text=person.name))
    if person.birth_date:
        b.single(Section.BIRTH_DATE, _birth_date_item(person.birth_date, "imported"))
    if person.sex:
        b.single(Section.SEX, _sex_item(person.sex, "imported"))

    mid = _load_medical_id(vault, person.id) if manual else None
    if mid is not None:
        _manual_from_medical_id(b, mid, manual)
    else:
        for rec in manual:
            _take(b, rec, "manual", meds_by_ref, today)
    for rec in imported:
        _take(b, rec, "imported", meds_by_ref, today)

    return _finish(b, person.id, today)


def _subjectless_devices(vault: Vault, person_id: str, imported: list[Record]) -> list[Record]:
    """Attribute a Device that names no patient to the patient of the file it came from.

    Import gives records without a subject to the vault's holder, so the hip
    prosthesis in someone else's IPS document would otherwise print on the
    holder's emergency record.  A file with exactly one patient decides.
    """
    owners: dict[str, set[str]] = {}
    for rec in vault.records(kind="Patient"):
        if rec.provenance.source_sha256 and rec.person_id:
            owners.setdefault(rec.provenance.source_sha256, set()).add(rec.person_id)

    def belongs(rec: Record) -> bool:
        who = owners.get(rec.provenance.source_sha256 or "")
        if who is None or len(who) != 1:
            return rec.person_id == person_id
        return person_id in who

    def subjectless(rec: Record) -> bool:
        res = _resource(rec)
        return rec.kind == "Device" and not res.get("patient") and not rec.subject_key and not _is_manual(rec)

    kept = [r for r in imported if not subjectless(r) or belongs(r)]
    have = {r.id for r in kept}
    for rec in vault.records(kind="Device"):
        if rec.id not in have and rec.person_id != person_id and subjectless(rec) and belongs(rec):
            kept.append(rec)
    return kept


def _blood_type_item(text: str, source: Literal["manual", "imported"], record_id: str | None) -> EmergencyItem:
    return EmergencyItem(id="blood-type", section=Section.BLOOD_TYPE, text=text, source=source, record_id=record_id)


def _birth_date_item(born: date, source: Literal["manual", "imported"]) -> EmergencyItem:
    return EmergencyItem(id="birth-date", section=Section.BIRTH_DATE, text=born.isoformat(), source=source)


def _sex_item(value: str, source: Literal["manual", "imported"]) -> EmergencyItem:
    key = f"sex_{value.lower()}"
    return EmergencyItem(
        id="sex", section=Section.SEX, text=value, term_key=key if has_term(key) else None, source=source
    )


def _take(
    b: _Builder,
    rec: Record,
    source: Literal["manual", "imported"],
    meds_by_ref: dict[str, list[Record]],
    today: date,
) -> None:
    res = _resource(rec)
    rt = str(res.get("resourceType") or rec.kind)
    handler = _HANDLERS.get(rt)
    if handler is None:
        return
    try:
        handler(b, rec, res, source, meds_by_ref, today)
    except (TypeError, ValueError, AttributeError, KeyError, IndexError):
        # a malformed record is skipped and counted, never the end of an emergency printout
        b.unreadable += 1


def _patient(b: _Builder, rec: Record, res: dict[str, Any], source: Any, _m: Any, _t: date) -> None:
    name = _name(res.get("name"))
    if name:
        b.single(Section.NAME, EmergencyItem(id="name", section=Section.NAME, text=name, source=source))
    born = _fhir_date(res.get("birthDate"))
    if born:
        b.single(Section.BIRTH_DATE, _birth_date_item(born, source))
    if isinstance(res.get("gender"), str):
        b.single(Section.SEX, _sex_item(res["gender"], source))
    comms = [c for c in _list(res.get("communication")) if isinstance(c, dict)]
    comms.sort(key=lambda c: not c.get("preferred"))
    if comms:
        b.single(Section.LANGUAGE, _language_item(comms[0].get("language"), source))
    for ext in _list(res.get("extension")):
        if isinstance(ext, dict) and "organ" in str(ext.get("url", "")).lower():
            value = _ext_value(ext)
            if value:
                b.single(Section.ORGAN_DONATION, _yes_no_item("organ-donation", Section.ORGAN_DONATION, value, source))
    for n, contact in enumerate(c for c in _list(res.get("contact")) if isinstance(c, dict)):
        cname = _name(contact.get("name")) or (contact.get("organization") or {}).get("display")
        phone = _phone(contact.get("telecom"))
        if not cname and not phone:
            continue
        rel_text, rel_key = _relationship(contact.get("relationship"))
        b.add(
            EmergencyItem(
                id=b.new_id("contact", rec, f"-{n + 1}"),
                section=Section.CONTACTS,
                text=cname or phone or "",
                detail=rel_text,
                detail_key=rel_key,
                phone=phone,
                source=source,
                record_id=rec.id,
            )
        )


def _language_item(concept: Any, source: Literal["manual", "imported"]) -> EmergencyItem:
    _system, code = _first_code(concept)
    text = concept_text(concept) or code or ""
    key = f"lang_{(code or '').split('-')[0].lower()}"
    if not has_term(key):
        key = LANGUAGE_NAMES.get(_fold(text), key)
    return EmergencyItem(
        id="language",
        section=Section.LANGUAGE,
        text=text,
        term_key=key if has_term(key) else None,
        source=source,
    )


def _ext_value(ext: dict[str, Any]) -> str | None:
    for key, value in ext.items():
        if key.startswith("value"):
            if isinstance(value, bool):
                return "yes" if value else "no"
            if isinstance(value, dict):
                return concept_text(value)
            return str(value)
    return None


def _yes_no_item(item_id: str, section: Section, value: str, source: Literal["manual", "imported"]) -> EmergencyItem:
    low = value.strip().lower()
    key = "yes" if low in {"yes", "true", "y", "예", "네"} else "no" if low in {"no", "false", "n", "아니오"} else None
    return EmergencyItem(id=item_id, section=section, text=value, term_key=key, source=source)


def _relationship(concepts: Any) -> tuple[str | None, str | None]:
    if not isinstance(concepts, list):
        concepts = [concepts] if concepts else []
    for concept in concepts:
        for code in sorted(codes(concept)):
            if has_term(f"rel_{code}"):
                return None, f"rel_{code}"
    text = concept_text(concepts)
    return text, None


def _related_person(b: _Builder, rec: Record, res: dict[str, Any], source: Any, _m: Any, _t: date) -> None:
    if res.get("active") is False:
        return
    name = _name(res.get("name"))
    phone = _phone(res.get("telecom"))
    if not name and not phone:
        return
    rel_text, rel_key = _relationship(res.get("relationship"))
    b.add(
        EmergencyItem(
            id=b.new_id("contact", rec),
            section=Section.CONTACTS,
            text=name or phone or "",
            detail=rel_text,
            detail_key=rel_key,
            phone=phone,
            source=source,
            record_id=rec.id,
        )
    )


def _allergy(b: _Builder, rec: Record, res: dict[str, Any], source: Any, _m: Any, _t: date) -> None:
    if status_code(res.get("clinicalStatus")) in {"inactive", "resolved"}:
        return
    if status_code(res.get("verificationStatus")) in {"refuted", "entered-in-error"}:
        return
    text = concept_text(res.get("code")) or rec.title
    severity = res.get("criticality") if isinstance(res.get("criticality"), str) else None
    # the Medical ID writes a criticality derived from the severity the holder chose: not a recorded one
    criticality = severity if source != "manual" else None
    manifestations: list[str] = []
    rank = {"mild": 1, "moderate": 2, "severe": 3}
    worst = None
    reactions: list[Reaction] = []
    for reaction in _list(res.get("reaction")):
        if not isinstance(reaction, dict):
            continue
        sev = reaction.get("severity")
        if isinstance(sev, str) and sev in rank and (worst is None or rank[sev] > rank[worst]):
            worst = sev
        these: list[str] = []
        for m in _list(reaction.get("manifestation")):
            found = concept_text(m)
            if found and found not in these:
                these.append(found)
            if found and found not in manifestations:
                manifestations.append(found)
        if these:
            reactions.append(Reaction(manifestations=these, severity=sev if sev in rank else None))
    if severity != "high" and worst is not None:
        severity = worst
    system, code = _first_code(res.get("code"))
    found_codes = codes(res.get("code"))
    b.add(
        EmergencyItem(
            id=b.new_id("allergy", rec),
            section=Section.ALLERGIES,
            text=text,
            term_key="none_known" if found_codes & NO_KNOWN_ANY_ALLERGY else None,
            detail=", ".join(manifestations) or None,
            severity=severity,
            source=source,
            record_id=rec.id,
            statement=bool(found_codes & NO_KNOWN_CODES),
            code_system=system,
            code=code,
            criticality=criticality if criticality in {"high", "low", "unable-to-assess"} else None,
            reactions=reactions,
            clinical_status=status_code(res.get("clinicalStatus")),
            verification_status=status_code(res.get("verificationStatus")),
        )
    )


def _condition(b: _Builder, rec: Record, res: dict[str, Any], source: Any, _m: Any, _t: date) -> None:
    clinical = status_code(res.get("clinicalStatus"))
    if clinical is None:
        if res.get("abatementDateTime") or res.get("abatementPeriod") or res.get("abatementString"):
            return
    elif clinical not in {"active", "recurrence", "relapse"}:
        return
    if status_code(res.get("verificationStatus")) in {"refuted", "entered-in-error"}:
        return
    system, code = _first_code(res.get("code"))
    b.add(
        EmergencyItem(
            id=b.new_id("problem", rec),
            section=Section.PROBLEMS,
            text=concept_text(res.get("code")) or rec.title,
            source=source,
            record_id=rec.id,
            code_system=system,
            code=code,
            clinical_status=clinical,
        )
    )


def _medication(
    b: _Builder, rec: Record, res: dict[str, Any], source: Any, meds: dict[str, list[Record]], _t: date
) -> None:
    status = _str(res.get("status"))
    if status not in {"active", "intended", "on-hold", None}:
        return
    intents = {None, "order", "plan", "original-order"}
    if res.get("resourceType") == "MedicationRequest" and _str(res.get("intent")) not in intents:
        return
    concept = res.get("medicationCodeableConcept")
    text = concept_text(concept)
    if text is None:
        ref = (
            (res.get("medicationReference") or {}).get("reference")
            if isinstance(res.get("medicationReference"), dict)
            else None
        )
        med_res = _resolve_medication(rec, res, ref, meds)
        if med_res is not None:
            concept = med_res.get("code")
            text = concept_text(concept)
        if text is None and isinstance(res.get("medicationReference"), dict):
            display = res["medicationReference"].get("display")
            text = str(display) if display else None
    system, code = _first_code(concept)
    b.add(
        EmergencyItem(
            id=b.new_id("medication", rec),
            section=Section.MEDICATIONS,
            text=text or rec.title,
            detail=dose_text(res),
            source=source,
            record_id=rec.id,
            code_system=system,
            code=code,
        )
    )


def _resolve_medication(
    rec: Record, res: dict[str, Any], ref: Any, meds: dict[str, list[Record]]
) -> dict[str, Any] | None:
    if not isinstance(ref, str):
        return None
    if ref.startswith("#"):
        for contained in _list(res.get("contained")):
            if isinstance(contained, dict) and contained.get("id") == ref[1:]:
                return contained
        return None
    candidates = meds.get(ref) or meds.get("Medication/" + ref.rsplit("/", 1)[-1]) or []
    same_source = [m for m in candidates if m.provenance.source_sha256 == rec.provenance.source_sha256]
    pool = same_source or candidates
    return _resource(pool[0]) if pool else None


def _device(b: _Builder, rec: Record, res: dict[str, Any], source: Any, _m: Any, _t: date) -> None:
    if _str(res.get("status")) in {"inactive", "entered-in-error"}:
        return
    text = concept_text(res.get("type"))
    if text is None:
        names = [n.get("name") for n in _list(res.get("deviceName")) if isinstance(n, dict) and n.get("name")]
        text = str(names[0]) if names else rec.title
    detail = None
    for udi in _list(res.get("udiCarrier")):
        if isinstance(udi, dict) and udi.get("deviceIdentifier"):
            detail = f"UDI {udi['deviceIdentifier']}"
            break
    b.add(
        EmergencyItem(
            id=b.new_id("device", rec),
            section=Section.DEVICES,
            text=text,
            detail=detail,
            source=source,
            record_id=rec.id,
        )
    )


def _immunization(b: _Builder, rec: Record, res: dict[str, Any], source: Any, _m: Any, today: date) -> None:
    if _str(res.get("status")) not in {"completed", None}:
        return
    when = _fhir_date(res.get("occurrenceDateTime")) or (rec.start.date() if rec.start else None)
    if when is not None and when < today - timedelta(days=365 * RECENT_IMMUNIZATION_YEARS):
        return
    system, code = _first_code(res.get("vaccineCode"))
    b.add(
        EmergencyItem(
            id=b.new_id("immunization", rec),
            section=Section.IMMUNIZATIONS,
            text=concept_text(res.get("vaccineCode")) or rec.title,
            when=when,
            source=source,
            record_id=rec.id,
            code_system=system,
            code=code,
        )
    )


def _observation(b: _Builder, rec: Record, res: dict[str, Any], source: Any, _m: Any, _t: date) -> None:
    found = codes(res.get("code"))
    title = (concept_text(res.get("code")) or rec.title or "").lower()
    if _str(res.get("status")) in {"entered-in-error", "cancelled"}:
        return
    if found & BLOOD_GROUP_LOINC or "blood type" in title or "blood group" in title or "혈액형" in title:
        text = _blood_type(res)
        if text:
            b.single(Section.BLOOD_TYPE, _blood_type_item(text, source, rec.id))
    elif "organ don" in title or "장기 기증" in title or "장기기증" in title:
        value = _ext_value({k: v for k, v in res.items() if k.startswith("value")})
        if value:
            b.single(Section.ORGAN_DONATION, _yes_no_item("organ-donation", Section.ORGAN_DONATION, value, source))
    elif "language" in title or "언어" in title:
        concept = res.get("valueCodeableConcept")
        if concept:
            b.single(Section.LANGUAGE, _language_item(concept, source))


MAX_BLOOD_TYPE_TEXT = 64
"""Longer text is no blood group ("blood group AB Rh(D) positive" is 31 characters): kept as written."""
_BLOOD_RE = re.compile(
    r"\s*(?:blood group\s+)?(AB|A|B|O)\s*(?:Rh\s*\(?D?\)?\s*)?(positive|negative|pos|neg|\+|-)?\s*", re.I
)


def _blood_type(res: dict[str, Any]) -> str | None:
    concept = res.get("valueCodeableConcept")
    for code in codes(concept):
        if code in BLOOD_GROUP_SNOMED:
            return BLOOD_GROUP_SNOMED[code]
    text = concept_text(concept) if concept else res.get("valueString")
    if not isinstance(text, str):
        return None
    compact = " ".join(text.split())  # the pattern's \s* around optional parts backtracks quadratically
    m = _BLOOD_RE.fullmatch(compact) if len(compact) <= MAX_BLOOD_TYPE_TEXT else None
    if m:
        sign = (m.group(2) or "").lower()
        return m.group(1).upper() + ("+" if sign in {"positive", "pos", "+"} else "-" if sign else "")
    return text


def _consent(b: _Builder, rec: Record, res: dict[str, Any], source: Any, _m: Any, _t: date) -> None:
    if _str(res.get("status")) not in {"active", None}:
        return
    category = res.get("category")
    if not (codes(category) & DIRECTIVE_CODES or codes(res.get("scope")) & {"adr"} or source == "manual"):
        return
    provision: dict[str, Any] = res["provision"] if isinstance(res.get("provision"), dict) else {}
    text = concept_text(provision.get("code")) or concept_text(category) or rec.title
    b.add(
        EmergencyItem(
            id=b.new_id("directive", rec),
            section=Section.DIRECTIVES,
            text=text,
            detail=concept_text(category) if concept_text(category) != text else None,
            when=_fhir_date(res.get("dateTime")),
            source=source,
            record_id=rec.id,
        )
    )


def _document(b: _Builder, rec: Record, res: dict[str, Any], source: Any, _m: Any, _t: date) -> None:
    if _str(res.get("status")) not in {"current", None}:
        return
    if not codes(res.get("type")) & DIRECTIVE_CODES:
        return
    b.add(
        EmergencyItem(
            id=b.new_id("directive", rec),
            section=Section.DIRECTIVES,
            text=concept_text(res.get("type")) or rec.title,
            detail=str(res["description"]) if isinstance(res.get("description"), str) else None,
            when=_fhir_date(res.get("date")),
            source=source,
            record_id=rec.id,
        )
    )


def _manual_directive(b: _Builder, rec: Record, res: dict[str, Any], source: Any, _m: Any, _t: date) -> None:
    text = res.get("description") or rec.title
    b.add(
        EmergencyItem(
            id=b.new_id("directive", rec),
            section=Section.DIRECTIVES,
            text=str(text),
            detail=str(res["location"]) if res.get("location") else None,
            source=source,
            record_id=rec.id,
        )
    )


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


_HANDLERS: dict[str, Any] = {
    "advance_directive": _manual_directive,
    "Patient": _patient,
    "RelatedPerson": _related_person,
    "AllergyIntolerance": _allergy,
    "Condition": _condition,
    "MedicationStatement": _medication,
    "MedicationRequest": _medication,
    "Device": _device,
    "Immunization": _immunization,
    "Observation": _observation,
    "Consent": _consent,
    "DocumentReference": _document,
    # Apple Health's Me characteristics (connectors.apple_health): the kind names them
    "HKCharacteristicTypeIdentifierBloodType": _apple_blood_type,
    "HKCharacteristicTypeIdentifierDateOfBirth": _apple_birth_date,
    "HKCharacteristicTypeIdentifierBiologicalSex": _apple_sex,
}


def _dedupe(items: Sequence[EmergencyItem], key_fn: Any) -> list[EmergencyItem]:
    """Keep the first item per key, a hand-entered one before an imported one."""
    ordered = sorted(items, key=lambda i: i.source != "manual")
    seen: set[Any] = set()
    out = []
    for item in ordered:
        key = key_fn(item)
        if key in seen:
            continue
        seen.add(key)
        out.append(item)
    return out


def _fold(text: str | None) -> str:
    return " ".join((text or "").casefold().split())


def _finish(b: _Builder, person_id: str, today: date) -> EmergencySummary:
    sev_rank = {"high": 0, "severe": 0, "moderate": 1, "unable-to-assess": 2, None: 3, "low": 4, "mild": 4}
    by_section: dict[Section, list[EmergencyItem]] = {s: [] for s in LIST_SECTIONS}
    for item in b.items:
        by_section[item.section].append(item)

    def text_key(i: EmergencyItem) -> Any:
        return (_fold(i.text), _fold(i.detail) if i.section == Section.CONTACTS else "")

    allergies = _dedupe(by_section[Section.ALLERGIES], text_key)
    real = [a for a in allergies if not a.statement]
    # "no known allergy" statements only when nothing contradicts them
    allergies = real or [a for a in allergies if a.statement]
    allergies.sort(key=lambda a: (sev_rank.get(a.severity, 3), a.source != "manual"))
    problems = _dedupe(by_section[Section.PROBLEMS], text_key)
    meds = _dedupe(by_section[Section.MEDICATIONS], text_key)
    devices = _dedupe(by_section[Section.DEVICES], text_key)
    immunizations = sorted(by_section[Section.IMMUNIZATIONS], key=lambda i: i.when or date.min, reverse=True)
    immunizations = _dedupe(immunizations, lambda i: i.code or _fold(i.text))[:MAX_IMMUNIZATIONS]
    contacts = _dedupe(by_section[Section.CONTACTS], lambda i: (_fold(i.text), _fold(i.phone)))
    contacts.sort(key=lambda c: (c.source != "manual", c.detail_key not in {"rel_C", "rel_N"}))
    directives = _dedupe(by_section[Section.DIRECTIVES], text_key)

    items: list[EmergencyItem] = []
    for section in (Section.NAME, Section.BIRTH_DATE, Section.SEX, Section.BLOOD_TYPE):
        if section in b.singles:
            items.append(b.singles[section])
    items += allergies + problems + meds + devices + immunizations + contacts
    for section in (Section.ORGAN_DONATION,):
        if section in b.singles:
            items.append(b.singles[section])
    items += directives
    if Section.LANGUAGE in b.singles:
        items.append(b.singles[Section.LANGUAGE])
    return EmergencySummary(person_id=person_id, made_on=today, items=items, unreadable=b.unreadable)


# --------------------------------------------------------------------- text
SECTION_TITLE_KEYS: dict[Section, str] = {
    Section.NAME: "name",
    Section.BIRTH_DATE: "birth_date",
    Section.SEX: "sex",
    Section.BLOOD_TYPE: "blood_type",
    Section.ALLERGIES: "allergies",
    Section.PROBLEMS: "problems",
    Section.MEDICATIONS: "medications",
    Section.DEVICES: "devices",
    Section.IMMUNIZATIONS: "immunizations",
    Section.CONTACTS: "contacts",
    Section.ORGAN_DONATION: "organ_donation",
    Section.DIRECTIVES: "directives",
    Section.LANGUAGE: "language",
}
PRINT_ORDER = (
    Section.NAME,
    Section.BIRTH_DATE,
    Section.SEX,
    Section.BLOOD_TYPE,
    Section.ALLERGIES,
    Section.PROBLEMS,
    Section.MEDICATIONS,
    Section.DEVICES,
    Section.CONTACTS,
    Section.ORGAN_DONATION,
    Section.DIRECTIVES,
    Section.IMMUNIZATIONS,
    Section.LANGUAGE,
)


def unreadable_note(count: int) -> str:
    """The note, in English and Korean, that ``count`` records could not be read and are missing from the record."""
    return (
        f"{count} record(s) could not be read and are not shown: check them in the wallet / "
        f"읽을 수 없는 기록 {count}개는 표시되지 않았습니다"
    )


def left_out_text(count: int, lang: Lang, short: bool = False) -> str:
    """``2 item(s) left out by the holder / 작성자가 2개 항목을 뺐습니다`` (``short``: for the QR code)."""
    return both("left_out_short" if short else "left_out", lang, sep="/" if short else " / ").format(n=count)


def empty_text(section: Section, lang: Lang, left_out: int = 0) -> str:
    """What an empty section says: how many items the holder left out, else "not recorded".

    Never "none known": that is printed only for an explicit "no known allergy" record (an item).
    """
    if left_out:
        return left_out_text(left_out, lang)
    return both(EMPTY_KEY.get(section, "not_recorded"), lang)


def render_text(summary: EmergencySummary, lang: Lang = "ko", with_ids: bool = True) -> str:
    """The summary as plain text, exactly what will be printed (for the consent step)."""
    lines = [f"{both('title', lang)}  ({both('made_on', lang)} {summary.made_on.isoformat()})", ""]
    for section in PRINT_ORDER:
        found = summary.section(section)
        title = both(SECTION_TITLE_KEYS[section], lang)
        if section in SINGLE_SECTIONS:
            item = found[0] if found else None
            value = item.value(lang) if item else empty_text(section, lang, summary.left_out_of(section))
            mark = f"  [{item.id}]" if item and with_ids else ""
            manual = f"  ({term('hand_entered', lang)})" if item and item.source == "manual" else ""
            lines.append(f"{title}: {value}{manual}{mark}")
            continue
        lines.append(f"{title}:")
        left_out = summary.left_out_of(section)
        if not found:
            lines.append(f"    {empty_text(section, lang, left_out)}")
        for item in found:
            mark = f"  [{item.id}]" if with_ids else ""
            manual = f"  ({term('hand_entered', lang)})" if item.source == "manual" else ""
            lines.append(f"  - {item.describe(lang)}{manual}{mark}")
        if found and left_out:
            lines.append(f"    ({left_out_text(left_out, lang)})")
    if summary.excluded:
        lines += ["", f"left out: {len(summary.excluded)} item(s)"]
    if summary.unreadable:
        lines += ["", unreadable_note(summary.unreadable)]
    return "\n".join(lines)

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

The model is :mod:`~wallet.features.emergency.model`, the readers of records
:mod:`~wallet.features.emergency.fhir_readers` and :mod:`~wallet.features.emergency.apple`,
the plain text :mod:`~wallet.features.emergency.text`; this module gathers, and
re-exports the names callers use.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Literal

from wallet.features.emergency import apple, fhir_readers
from wallet.features.emergency.fhir_readers import (
    _birth_date_item,
    _blood_type_item,
    _fold,
    _language_item,
    _resource,
    _sex_item,
    _yes_no_item,
)
from wallet.features.emergency.model import (
    EMPTY_KEY,
    LIST_SECTIONS,
    MANUAL_CONNECTOR,
    MAX_IMMUNIZATIONS,
    MEDICAL_ID_TAG,
    NO_KNOWN_ANY_ALLERGY,
    RECENT_IMMUNIZATION_YEARS,
    SINGLE_SECTIONS,
    EmergencyItem,
    EmergencySummary,
    Reaction,
    Section,
    _Builder,
)
from wallet.features.emergency.text import (
    PRINT_ORDER,
    SECTION_TITLE_KEYS,
    empty_text,
    left_out_text,
    render_text,
    unreadable_note,
)
from wallet.model import Person, Record

if TYPE_CHECKING:
    from wallet.store.vault import Vault

__all__ = [
    "EMPTY_KEY",
    "LIST_SECTIONS",
    "MANUAL_CONNECTOR",
    "MAX_IMMUNIZATIONS",
    "MEDICAL_ID_TAG",
    "NO_KNOWN_ANY_ALLERGY",
    "PRINT_ORDER",
    "RECENT_IMMUNIZATION_YEARS",
    "SECTION_TITLE_KEYS",
    "SINGLE_SECTIONS",
    "EmergencyItem",
    "EmergencySummary",
    "Reaction",
    "Section",
    "empty_text",
    "gather",
    "left_out_text",
    "render_text",
    "unreadable_note",
]


# --------------------------------------------------------------------- gathering
def _is_manual(rec: Record) -> bool:
    return rec.provenance.connector_id == MANUAL_CONNECTOR and MEDICAL_ID_TAG in rec.tags


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


_HANDLERS: dict[str, Any] = {**fhir_readers.READERS, **apple.READERS}


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

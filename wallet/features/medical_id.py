"""Medical ID: the emergency facts a person enters by hand.

The Medical ID is kept as ordinary records of the vault, so it is searched,
exported and audited like everything else:

* :attr:`Domain.PROFILE`: blood type (an Observation, LOINC 882-1), organ
  donation, preferred language (a Patient ``communication``), free notes,
  advance directives, and emergency contacts (RelatedPerson);
* :attr:`Domain.HEALTH`: AllergyIntolerance, Condition, MedicationStatement
  and Device, shaped as FHIR R4B resources.

Every record has ``provenance.connector_id == "manual"``, source name
"Medical ID" and the tag ``medical-id``.  :func:`save` replaces the previous
hand-entered set of that person in one transaction and never touches records
imported from elsewhere; :func:`overview` shows both, each with its source.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from wallet.errors import WalletError
from wallet.model import Domain, Provenance, Record

if TYPE_CHECKING:
    from wallet.store.vault import Vault

CONNECTOR_ID = "manual"
SOURCE_NAME = "Medical ID"
TAG = "medical-id"
VERSION = "1"
EXT_SEVERITY = "https://mydata-wallet.invalid/fhir/StructureDefinition/medical-id-severity"
EXT_LOCATION = "https://mydata-wallet.invalid/fhir/StructureDefinition/document-location"
LOINC = "http://loinc.org"

BloodType = Literal["A+", "A-", "B+", "B-", "AB+", "AB-", "O+", "O-"]
BLOOD_TYPES: tuple[str, ...] = ("A+", "A-", "B+", "B-", "AB+", "AB-", "O+", "O-")
Severity = Literal["mild", "moderate", "severe"]
SEVERITIES: tuple[str, ...] = ("mild", "moderate", "severe")


class _Item(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Allergy(_Item):
    """An allergy or intolerance as the person enters it: the substance, and how bad the reaction is."""

    substance: str = Field(min_length=1, max_length=200)
    type: Literal["allergy", "intolerance"] = "allergy"
    severity: Severity | None = None
    reaction: str | None = Field(default=None, max_length=500)
    category: Literal["food", "medication", "environment", "biologic"] | None = None


class Condition(_Item):
    """A health problem the person has, such as diabetes or epilepsy."""

    name: str = Field(min_length=1, max_length=200)
    since: date | None = None
    note: str | None = Field(default=None, max_length=1000)


class Medication(_Item):
    """A medication the person takes, with the dose in their own words."""

    name: str = Field(min_length=1, max_length=200)
    dose: str | None = Field(default=None, max_length=200)
    """Free text as on the package: "10 mg once a day"."""
    note: str | None = Field(default=None, max_length=1000)


class Device(_Item):
    """A device in or on the body that responders must know of."""

    name: str = Field(min_length=1, max_length=200)
    """What it is: "pacemaker", "insulin pump", "cochlear implant"."""
    note: str | None = Field(default=None, max_length=1000)


class EmergencyContact(_Item):
    """Someone to call in an emergency."""

    name: str = Field(min_length=1, max_length=200)
    phone: str = Field(min_length=1, max_length=50)
    relationship: str | None = Field(default=None, max_length=100)


class AdvanceDirective(_Item):
    """A decision about treatment made in advance, and where its signed document is kept."""

    description: str = Field(min_length=1, max_length=1000)
    """E.g. "Do not resuscitate", "Living will"."""
    location: str | None = Field(default=None, max_length=500)
    """Where the signed document is kept."""


class MedicalId(_Item):
    """What first responders and clinicians should know, as the person entered it."""

    blood_type: BloodType | None = None
    allergies: list[Allergy] = Field(default_factory=list)
    conditions: list[Condition] = Field(default_factory=list)
    medications: list[Medication] = Field(default_factory=list)
    devices: list[Device] = Field(default_factory=list)
    contacts: list[EmergencyContact] = Field(default_factory=list)
    organ_donor: bool | None = None
    preferred_language: str | None = Field(default=None, max_length=100)
    notes: str | None = Field(default=None, max_length=4000)
    advance_directives: list[AdvanceDirective] = Field(default_factory=list)

    @field_validator("blood_type", mode="before")
    @classmethod
    def _blood(cls, value: Any) -> Any:
        if isinstance(value, str):
            v = value.strip().upper().replace(" ", "").replace("POS", "+").replace("NEG", "-")
            v = v.replace("0", "O")
            return v or None
        return value

    def is_empty(self) -> bool:
        """True when nothing at all has been entered (every field at its default)."""
        return self == MedicalId()


# Which list holds which kind, for CLI and records.
LISTS: dict[str, str] = {
    "allergy": "allergies",
    "condition": "conditions",
    "medication": "medications",
    "device": "devices",
    "contact": "contacts",
    "directive": "advance_directives",
}


# --------------------------------------------------------------------------- FHIR shaping


def _rid(person_id: str, part: str, index: int = 0) -> str:
    return f"medical-id-{person_id}-{part}-{index}"[:64]


def _patient(person_id: str) -> dict[str, str]:
    return {"reference": f"Patient/{person_id}"}


def allergy_resource(person_id: str, index: int, item: Allergy) -> dict[str, Any]:
    """The ``index``-th hand-entered allergy of a person as a FHIR AllergyIntolerance."""
    res: dict[str, Any] = {
        "resourceType": "AllergyIntolerance",
        "id": _rid(person_id, "allergy", index),
        "clinicalStatus": {
            "coding": [
                {"system": "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical", "code": "active"}
            ]
        },
        "verificationStatus": {
            "coding": [
                {
                    "system": "http://terminology.hl7.org/CodeSystem/allergyintolerance-verification",
                    "code": "unconfirmed",
                }
            ],
            "text": "entered by the patient",
        },
        "type": item.type,
        "code": {"text": item.substance},
        "patient": _patient(person_id),
    }
    if item.category:
        res["category"] = [item.category]
    if item.severity:
        # the severity of the reaction the person had, not FHIR criticality (the risk of a future severe
        # reaction, which nobody assessed here): a moderate reaction is no "criticality: low" (issue 13)
        res["extension"] = [{"url": EXT_SEVERITY, "valueCode": item.severity}]
    if item.reaction:
        reaction: dict[str, Any] = {"manifestation": [{"text": item.reaction}]}
        if item.severity:
            reaction["severity"] = item.severity
        res["reaction"] = [reaction]
    return res


def condition_resource(person_id: str, index: int, item: Condition) -> dict[str, Any]:
    """The ``index``-th hand-entered condition of a person as an active FHIR Condition."""
    res: dict[str, Any] = {
        "resourceType": "Condition",
        "id": _rid(person_id, "condition", index),
        "clinicalStatus": {
            "coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-clinical", "code": "active"}]
        },
        "code": {"text": item.name},
        "subject": _patient(person_id),
    }
    if item.since:
        res["onsetDateTime"] = item.since.isoformat()
    if item.note:
        res["note"] = [{"text": item.note}]
    return res


def medication_resource(person_id: str, index: int, item: Medication) -> dict[str, Any]:
    """The ``index``-th hand-entered medication of a person as an active FHIR MedicationStatement."""
    res: dict[str, Any] = {
        "resourceType": "MedicationStatement",
        "id": _rid(person_id, "medication", index),
        "status": "active",
        "medicationCodeableConcept": {"text": item.name},
        "subject": _patient(person_id),
    }
    if item.dose:
        res["dosage"] = [{"text": item.dose}]
    if item.note:
        res["note"] = [{"text": item.note}]
    return res


def device_resource(person_id: str, index: int, item: Device) -> dict[str, Any]:
    """The ``index``-th hand-entered device of a person as a FHIR Device."""
    res: dict[str, Any] = {
        "resourceType": "Device",
        "id": _rid(person_id, "device", index),
        "status": "active",
        "deviceName": [{"name": item.name, "type": "user-friendly-name"}],
        "patient": _patient(person_id),
    }
    if item.note:
        res["note"] = [{"text": item.note}]
    return res


def contact_resource(person_id: str, index: int, item: EmergencyContact) -> dict[str, Any]:
    """The ``index``-th emergency contact of a person as a FHIR RelatedPerson."""
    res: dict[str, Any] = {
        "resourceType": "RelatedPerson",
        "id": _rid(person_id, "contact", index),
        "active": True,
        "patient": _patient(person_id),
        "name": [{"text": item.name}],
        "telecom": [{"system": "phone", "value": item.phone}],
        "relationship": [
            {
                "coding": [
                    {
                        "system": "http://terminology.hl7.org/CodeSystem/v2-0131",
                        "code": "C",
                        "display": "Emergency Contact",
                    }
                ]
            }
        ],
    }
    if item.relationship:
        res["relationship"].append({"text": item.relationship})
    return res


def blood_type_resource(person_id: str, blood_type: str) -> dict[str, Any]:
    """The person's blood type as a FHIR Observation (LOINC 882-1)."""
    return {
        "resourceType": "Observation",
        "id": _rid(person_id, "blood-type"),
        "status": "final",
        "code": {
            "coding": [{"system": LOINC, "code": "882-1", "display": "ABO and Rh group [Type] in Blood"}],
            "text": "Blood type",
        },
        "subject": _patient(person_id),
        "valueCodeableConcept": {"text": blood_type},
    }


def donor_resource(person_id: str, donor: bool) -> dict[str, Any]:
    """The person's organ-donation choice as a FHIR Observation with a yes/no value."""
    return {
        "resourceType": "Observation",
        "id": _rid(person_id, "organ-donor"),
        "status": "final",
        "code": {"text": "Organ donor"},
        "subject": _patient(person_id),
        "valueBoolean": donor,
    }


def language_resource(person_id: str, language: str) -> dict[str, Any]:
    """The person's preferred language as a partial FHIR Patient (``communication`` only)."""
    return {
        "resourceType": "Patient",
        "id": person_id[:64],
        "communication": [{"language": {"text": language}, "preferred": True}],
    }


def notes_payload(person_id: str, notes: str) -> dict[str, Any]:
    """The person's free notes as a record payload (not FHIR: no resource fits them)."""
    return {"medical_id": "notes", "subject": f"Patient/{person_id}", "text": notes}


def directive_payload(person_id: str, index: int, item: AdvanceDirective) -> dict[str, Any]:
    """The ``index``-th advance directive as a record payload (not FHIR), with where its document is kept."""
    payload: dict[str, Any] = {
        "medical_id": "advance_directive",
        "subject": f"Patient/{person_id}",
        "index": index,
        "description": item.description,
    }
    if item.location:
        payload["location"] = item.location
    return payload


def to_records(person_id: str, medical_id: MedicalId, now: datetime | None = None) -> list[Record]:
    """The records that hold ``medical_id`` for ``person_id``."""
    stamp = now or datetime.now(UTC)

    def rec(domain: Domain, kind: str, title: str, payload: dict[str, Any], original_id: str, **extra: Any) -> Record:
        prov = Provenance(
            connector_id=CONNECTOR_ID,
            connector_version=VERSION,
            source_name=SOURCE_NAME,
            original_id=original_id,
            imported_at=stamp,
        )
        return Record(
            domain=domain,
            kind=kind,
            title=title,
            payload=payload,
            provenance=prov,
            person_id=person_id,
            tags=[TAG],
            **extra,
        )

    out: list[Record] = []
    m = medical_id
    if m.blood_type:
        out.append(
            rec(
                Domain.PROFILE,
                "Observation",
                f"Blood type {m.blood_type}",
                blood_type_resource(person_id, m.blood_type),
                "blood_type",
                code_system=LOINC,
                code="882-1",
                code_display="ABO and Rh group",
                text=m.blood_type,
            )
        )
    if m.organ_donor is not None:
        out.append(
            rec(
                Domain.PROFILE,
                "organ_donor",
                "Organ donor: " + ("yes" if m.organ_donor else "no"),
                donor_resource(person_id, m.organ_donor),
                "organ_donor",
            )
        )
    if m.preferred_language:
        out.append(
            rec(
                Domain.PROFILE,
                "preferred_language",
                f"Preferred language: {m.preferred_language}",
                language_resource(person_id, m.preferred_language),
                "preferred_language",
            )
        )
    if m.notes:
        out.append(
            rec(
                Domain.PROFILE,
                "medical_id_notes",
                "Medical ID notes",
                notes_payload(person_id, m.notes),
                "notes",
                text=m.notes,
            )
        )
    for i, c in enumerate(m.contacts):
        rel = f" ({c.relationship})" if c.relationship else ""
        out.append(
            rec(
                Domain.PROFILE,
                "RelatedPerson",
                f"Emergency contact: {c.name}{rel}",
                contact_resource(person_id, i, c),
                f"contacts/{i}",
                text=c.phone,
            )
        )
    for i, d in enumerate(m.advance_directives):
        out.append(
            rec(
                Domain.PROFILE,
                "advance_directive",
                f"Advance directive: {d.description[:80]}",
                directive_payload(person_id, i, d),
                f"advance_directives/{i}",
                text=d.location,
            )
        )
    for i, a in enumerate(m.allergies):
        sev = f", {a.severity}" if a.severity else ""
        out.append(
            rec(
                Domain.HEALTH,
                "AllergyIntolerance",
                f"{a.type.capitalize()}: {a.substance}{sev}",
                allergy_resource(person_id, i, a),
                f"allergies/{i}",
                code_display=a.substance,
                text=a.reaction,
            )
        )
    for i, cond in enumerate(m.conditions):
        out.append(
            rec(
                Domain.HEALTH,
                "Condition",
                f"Condition: {cond.name}",
                condition_resource(person_id, i, cond),
                f"conditions/{i}",
                code_display=cond.name,
                text=cond.note,
            )
        )
    for i, med in enumerate(m.medications):
        dose = f" ({med.dose})" if med.dose else ""
        out.append(
            rec(
                Domain.HEALTH,
                "MedicationStatement",
                f"Medication: {med.name}{dose}",
                medication_resource(person_id, i, med),
                f"medications/{i}",
                code_display=med.name,
                text=med.note,
            )
        )
    for i, dev in enumerate(m.devices):
        out.append(
            rec(
                Domain.HEALTH,
                "Device",
                f"Implanted device: {dev.name}",
                device_resource(person_id, i, dev),
                f"devices/{i}",
                code_display=dev.name,
                text=dev.note,
            )
        )
    return out


# --------------------------------------------------------------------------- reading back


def resource_name(payload: dict[str, Any]) -> str | None:
    """What a FHIR resource names: its medication or code in words, else its medication reference's display."""
    named = _text(payload.get("medicationCodeableConcept") or payload.get("code"))
    reference = payload.get("medicationReference")
    if named is None and isinstance(reference, dict) and reference.get("display"):
        named = str(reference["display"])
    return named


def _text(concept: Any) -> str | None:
    if isinstance(concept, dict):
        if concept.get("text"):
            return str(concept["text"])
        for c in concept.get("coding", []) or []:
            if isinstance(c, dict) and c.get("display"):
                return str(c["display"])
    return None


def _note(res: dict[str, Any]) -> str | None:
    notes = res.get("note") or []
    return str(notes[0]["text"]) if notes and isinstance(notes[0], dict) and notes[0].get("text") else None


def _index(rec: Record) -> int:
    oid = rec.provenance.original_id or ""
    tail = oid.rsplit("/", 1)[-1]
    return int(tail) if tail.isdigit() else 0


def from_records(records: list[Record]) -> MedicalId:
    """Rebuild a :class:`MedicalId` from its hand-entered records."""
    data: dict[str, Any] = {name: [] for name in LISTS.values()}
    ordered = sorted(records, key=lambda r: (r.provenance.original_id or "").rsplit("/", 1)[0] + f"/{_index(r):06d}")
    for rec in ordered:
        p = rec.payload
        oid = rec.provenance.original_id or ""
        if oid == "blood_type":
            data["blood_type"] = _text(p.get("valueCodeableConcept"))
        elif oid == "organ_donor":
            data["organ_donor"] = bool(p.get("valueBoolean"))
        elif oid == "preferred_language":
            comm = (p.get("communication") or [{}])[0]
            data["preferred_language"] = _text(comm.get("language"))
        elif oid == "notes":
            data["notes"] = p.get("text")
        elif oid.startswith("contacts/"):
            rel = [r for r in p.get("relationship", []) if isinstance(r, dict) and r.get("text")]
            data["contacts"].append(
                {
                    "name": _text((p.get("name") or [{}])[0]) or "",
                    "phone": ((p.get("telecom") or [{}])[0]).get("value", ""),
                    "relationship": rel[0]["text"] if rel else None,
                }
            )
        elif oid.startswith("advance_directives/"):
            data["advance_directives"].append({"description": p.get("description", ""), "location": p.get("location")})
        elif oid.startswith("allergies/"):
            severity = None
            for ext in p.get("extension", []) or []:
                if isinstance(ext, dict) and ext.get("url") == EXT_SEVERITY:
                    severity = ext.get("valueCode")
            reactions = p.get("reaction") or []
            reaction = _text((reactions[0].get("manifestation") or [{}])[0]) if reactions else None
            category = (p.get("category") or [None])[0]
            data["allergies"].append(
                {
                    "substance": _text(p.get("code")) or "",
                    "type": p.get("type", "allergy"),
                    "severity": severity,
                    "reaction": reaction,
                    "category": category,
                }
            )
        elif oid.startswith("conditions/"):
            data["conditions"].append(
                {"name": _text(p.get("code")) or "", "since": p.get("onsetDateTime"), "note": _note(p)}
            )
        elif oid.startswith("medications/"):
            dosage = p.get("dosage") or []
            data["medications"].append(
                {
                    "name": _text(p.get("medicationCodeableConcept")) or "",
                    "dose": dosage[0].get("text") if dosage else None,
                    "note": _note(p),
                }
            )
        elif oid.startswith("devices/"):
            names = p.get("deviceName") or [{}]
            data["devices"].append({"name": names[0].get("name", ""), "note": _note(p)})
    return MedicalId.model_validate(data)


# --------------------------------------------------------------------------- vault


def _manual_records(vault: Vault, person_id: str) -> list[Record]:
    return [r for r in vault.records(person_id=person_id, connector=CONNECTOR_ID) if TAG in r.tags]


def load(vault: Vault, person_id: str) -> MedicalId:
    """The person's hand-entered Medical ID (empty when none was saved)."""
    vault.person(person_id)  # raises NotFound for an unknown person
    return from_records(_manual_records(vault, person_id))


def save(vault: Vault, person_id: str, medical_id: MedicalId) -> int:
    """Replace the person's hand-entered Medical ID; returns the number of records written.

    Imported records (from a hospital's FHIR export, a health card ...) are never
    touched.  The audit entry says what was saved in counts, never the values.
    """
    vault.person(person_id)
    new = to_records(person_id, medical_id)
    with vault.transaction():
        old = _manual_records(vault, person_id)
        for rec in old:
            vault.delete_record(rec.id)
        added, duplicates = vault.add_records(new)
        if duplicates:
            raise WalletError("Medical ID: two entries are identical; remove one and save again")
        vault.audit(
            "medical-id.save",
            {
                "person": person_id,
                "replaced": len(old),
                "records": added,
                "counts": {name: len(getattr(medical_id, name)) for name in LISTS.values()},
                "fields": sorted(
                    name
                    for name in ("blood_type", "organ_donor", "preferred_language", "notes")
                    if getattr(medical_id, name) is not None
                ),
            },
        )
    return added


# --------------------------------------------------------------------------- overview


@dataclass(frozen=True)
class Entry:
    """One line of the Medical ID as shown: what, and where it came from."""

    section: str
    text: str
    source: str
    record_id: str
    manual: bool
    index: int | None = None


IMPORTED_KINDS: dict[str, tuple[str, ...]] = {
    "allergies": ("AllergyIntolerance",),
    "conditions": ("Condition",),
    "medications": ("MedicationStatement", "MedicationRequest"),
    "devices": ("Device",),
}
_INACTIVE = {"inactive", "resolved", "remission", "entered-in-error", "stopped", "completed", "cancelled", "refuted"}


def _status(payload: dict[str, Any]) -> str | None:
    status = payload.get("clinicalStatus")
    if isinstance(status, dict):
        codes = [c.get("code") for c in status.get("coding", []) or [] if isinstance(c, dict)]
        return str(codes[0]) if codes else None
    raw = payload.get("status")
    return str(raw) if isinstance(raw, str) else None


APPLE_BLOOD_TYPE = "HKCharacteristicTypeIdentifierBloodType"


def _imported_from(rec: Record) -> str:
    return f"imported from {rec.provenance.source_name} ({rec.provenance.connector_id})"


def overview(vault: Vault, person_id: str, limit: int = 200) -> list[Entry]:
    """Hand-entered entries and current imported ones, each with its source."""
    entries: list[Entry] = []
    manual = _manual_records(vault, person_id)
    for rec in sorted(manual, key=lambda r: ((r.provenance.original_id or "").split("/")[0], _index(r))):
        oid = rec.provenance.original_id or ""
        section = oid.split("/", 1)[0]
        index = _index(rec) + 1 if "/" in oid else None
        entries.append(Entry(section, rec.title, "entered by hand", rec.id, True, index))
    for section, kinds in IMPORTED_KINDS.items():
        for kind in kinds:
            for rec in vault.records(person_id=person_id, domain=Domain.HEALTH, kind=kind, limit=limit):
                if rec.provenance.connector_id == CONNECTOR_ID:
                    continue
                if (_status(rec.payload) or "").lower() in _INACTIVE:
                    continue
                source = _imported_from(rec)
                if rec.provenance.verification:
                    source += f", {rec.provenance.verification.get('status', 'unverified')}"
                entries.append(Entry(section, rec.title, source, rec.id, False))
    for rec in vault.records(person_id=person_id, kind="Observation", limit=limit):
        if rec.code == "882-1" and rec.provenance.connector_id != CONNECTOR_ID:
            entries.append(Entry("blood_type", rec.title, _imported_from(rec), rec.id, False))
    # Apple Health's Me blood type (its text reads "Blood type: A+")
    for rec in vault.records(person_id=person_id, kind=APPLE_BLOOD_TYPE, limit=limit):
        entries.append(Entry("blood_type", rec.text or rec.title, _imported_from(rec), rec.id, False))
    return entries

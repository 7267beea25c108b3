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

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from wallet.errors import WalletError
from wallet.features.emergency.fhir_readers import BLOOD_GROUP_SNOMED
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


# --------------------------------------------------------------------------- names of imported entries

MEDICATION_KINDS = ("MedicationStatement", "MedicationRequest")
_SEMANTIC_TAG = re.compile(
    r"(?<!\s)\s*\((substance|finding|disorder|situation|medicinal product|physical object|product|procedure|"
    r"qualifier value|observable entity|clinical drug|medicinal product form)\)$",
    re.IGNORECASE,
)
"""A SNOMED CT display's semantic tag ("Gout (disorder)"): a word for terminologists, not for people."""


def _names_nothing(rec: Record) -> bool:
    """Whether a record's title is no name: empty or only its resource type ("MedicationStatement")."""
    title = (rec.title or "").strip()
    return not title or title == rec.kind


def medication_index(vault: Vault) -> dict[str, list[Record]]:
    """Every imported FHIR Medication, by the references a statement may use to point at it.

    Keys are the record's original id (a bundle's ``fullUrl`` such as ``urn:uuid:...``) and
    ``Medication/<id>``.  A Medication has no subject, so it may sit with any person.
    """
    index: dict[str, list[Record]] = {}
    for med in vault.records(kind="Medication"):
        rid = med.payload.get("id") if isinstance(med.payload, dict) else None
        for key in {med.provenance.original_id or "", f"Medication/{rid}" if rid else ""}:
            if key:
                index.setdefault(key, []).append(med)
    return index


def _referenced_medication(rec: Record, reference: str, index: dict[str, list[Record]] | None) -> dict[str, Any] | None:
    """The Medication resource a ``medicationReference`` points at: contained, else imported (same file first)."""
    if reference.startswith("#"):
        for contained in rec.payload.get("contained") or []:
            if isinstance(contained, dict) and contained.get("id") == reference[1:]:
                return contained
        return None
    if not index:
        return None
    candidates = index.get(reference) or index.get("Medication/" + reference.rstrip("/").rsplit("/", 1)[-1]) or []
    same_file = [m for m in candidates if m.provenance.source_sha256 == rec.provenance.source_sha256]
    pool = same_file or candidates
    return pool[0].payload if pool else None


def medication_name(rec: Record, index: dict[str, list[Record]] | None = None) -> str | None:
    """The name of the medication a MedicationStatement or MedicationRequest is about.

    Its ``medicationCodeableConcept`` in words; else the Medication its ``medicationReference``
    points at (a contained one, or one imported from the same file, looked up in ``index`` from
    :func:`medication_index`); else the reference's ``display``.  None when nothing names it.
    """
    payload = rec.payload
    named = _text(payload.get("medicationCodeableConcept"))
    if named:
        return named
    reference = payload.get("medicationReference")
    if not isinstance(reference, dict):
        return None
    target = reference.get("reference")
    if isinstance(target, str) and target:
        med = _referenced_medication(rec, target, index)
        if med is not None:
            named = _text(med.get("code"))
            if named:
                return named
    return str(reference["display"]) if reference.get("display") else None


def entry_name(rec: Record, medications: dict[str, list[Record]] | None = None) -> str:
    """How an imported entry is named to a person: its title, never a bare resource type.

    A title that says only the resource type is replaced by what the resource names (for a
    medication, the Medication it refers to); a SNOMED CT semantic tag ("(disorder)") is dropped.
    """
    name = rec.title
    if _names_nothing(rec):
        found = medication_name(rec, medications) if rec.kind in MEDICATION_KINDS else resource_name(rec.payload)
        name = found or resource_name(rec.payload) or name
    return _SEMANTIC_TAG.sub("", name.strip()) or name


def _day(rec: Record) -> date | None:
    start = rec.start
    if start is None:
        return None
    return start if not isinstance(start, datetime) else start.date()


# --------------------------------------------------------------------------- imported blood type

BLOOD_GROUP_LOINC = {"882-1": "abo_rh", "883-9": "abo", "10331-7": "rh"}
"""LOINC codes of blood-group Observations: ABO and Rh group, ABO group, Rh type."""
BLOOD_GROUP_LABELS = {"882-1": "Blood type", "883-9": "ABO group", "10331-7": "Rh type"}
_SNOMED_BLOOD = {**BLOOD_GROUP_SNOMED, "10828004": "+", "260385009": "-"}
"""SNOMED CT answers of blood-group Observations (group with RhD, group alone, and Positive/Negative)."""
_APPLE_BLOOD = {
    f"HKBloodType{group}{sign}": f"{group}{'+' if sign == 'Positive' else '-'}"
    for group in ("A", "B", "AB", "O")
    for sign in ("Positive", "Negative")
}
_ABO = re.compile(r"(?<![A-Za-z])(AB|A|B|O)(?![a-z])")
_NEGATIVE = re.compile(r"neg|음성", re.IGNORECASE)
_POSITIVE = re.compile(r"pos|양성", re.IGNORECASE)
_SIGN = re.compile(r"(?:AB|A|B|O|Rh|RhD|\))\s*([+-])")
MAX_BLOOD_TEXT = 80


@dataclass(frozen=True)
class BloodGroupPart:
    """What one record says of the blood group: the ABO group, the RhD sign, or both, and its words."""

    abo: str | None
    rh: str | None
    text: str


def parse_blood_group(text: str) -> tuple[str | None, str | None]:
    """(ABO group, Rh sign) in words such as "A+", "Blood group A Rh(D) positive", "O형 Rh-", "Negative"."""
    compact = " ".join(text.split())[:MAX_BLOOD_TEXT]
    group = _ABO.search(compact)
    rh = None
    if _NEGATIVE.search(compact):
        rh = "-"
    elif _POSITIVE.search(compact):
        rh = "+"
    else:
        sign = _SIGN.search(compact) or re.fullmatch(r"\s*([+-])\s*", compact)
        rh = sign.group(1) if sign else None
    return (group.group(1) if group else None), rh


def blood_group_part(rec: Record) -> BloodGroupPart | None:
    """What an imported blood-group record says: a FHIR Observation (LOINC 882-1, 883-9, 10331-7) with a
    coded or written value, or Apple Health's Me blood type.  None when it has no value."""
    payload = rec.payload if isinstance(rec.payload, dict) else {}
    if rec.kind == APPLE_BLOOD_TYPE:
        value = _APPLE_BLOOD.get(str(payload.get("value") or rec.code or ""))
        return BloodGroupPart(value[:-1], value[-1], value) if value else None
    what = BLOOD_GROUP_LOINC.get(rec.code or "", "abo_rh")
    concept = payload.get("valueCodeableConcept")
    abo = rh = None
    if isinstance(concept, dict):
        for coding in concept.get("coding") or []:
            coded = _SNOMED_BLOOD.get(str(coding.get("code"))) if isinstance(coding, dict) else None
            if coded:
                group = coded.rstrip("+-")
                abo = abo or group or None
                rh = rh or (coded[-1] if coded[-1] in "+-" else None)
    text = _text(concept) or (payload.get("valueString") if isinstance(payload.get("valueString"), str) else None)
    if text and (abo is None or rh is None):
        words_abo, words_rh = parse_blood_group(text)
        abo, rh = abo or words_abo, rh or words_rh
    if what == "abo":
        rh = None
    elif what == "rh":
        abo = None
    if abo:
        shown = abo + (rh or "")
    elif rh:
        shown = "Rh" + rh
    elif text:
        shown = text
    else:
        return None
    return BloodGroupPart(abo, rh, shown)


@dataclass(frozen=True)
class KnownBloodType:
    """The blood type imported records give: its value, and where and when it was found."""

    text: str
    """As shown: "A+", or what is known ("A", Rh not given; or the source's own words)."""
    blood_type: str | None
    """One of :data:`BLOOD_TYPES` when both the ABO group and the RhD sign are known."""
    source: str
    """The file or source the value came from (two joined by " + " when group and Rh came apart)."""
    connector: str
    when: date | None
    record_ids: tuple[str, ...]


def _blood_group_records(vault: Vault, person_id: str, limit: int = 200) -> list[Record]:
    """The person's imported blood-group Observations, newest first (by the kind index, then the code)."""
    codes = list(BLOOD_GROUP_LOINC)
    rows = vault.conn.execute(
        "SELECT id FROM records WHERE kind = 'Observation' AND +person_id = ? "
        f"AND code IN ({', '.join('?' * len(codes))}) AND connector IS NOT ? ORDER BY start DESC LIMIT ?",
        [person_id, *codes, CONNECTOR_ID, limit],
    ).fetchall()
    out = [vault.get(str(r[0])) for r in rows]
    return [r for r in out if str(r.payload.get("status") or "") not in {"entered-in-error", "cancelled"}]


def imported_blood_type(vault: Vault, person_id: str) -> KnownBloodType | None:
    """The blood type that imported records give for a person, with its source; None when none does.

    The newest Observation giving both group and Rh (LOINC 882-1) or Apple Health's Me blood type wins;
    otherwise the newest ABO group (883-9) and Rh type (10331-7) are put together.  A hand-entered blood
    type is not looked at here: :func:`load` has it, and it wins over this one wherever both are shown.
    """
    full: list[tuple[Record, BloodGroupPart]] = []
    words: list[tuple[Record, BloodGroupPart]] = []
    abo: tuple[Record, BloodGroupPart] | None = None
    rh: tuple[Record, BloodGroupPart] | None = None
    records = _blood_group_records(vault, person_id)
    records += vault.records(person_id=person_id, kind=APPLE_BLOOD_TYPE, limit=5)
    records.sort(key=lambda r: _day(r) or date.min, reverse=True)  # stable: newest first, each day as stored
    for rec in records:
        part = blood_group_part(rec)
        if part is None:
            continue
        if part.abo and part.rh:
            full.append((rec, part))
        elif part.abo:
            abo = abo or (rec, part)
        elif part.rh:
            rh = rh or (rec, part)
        else:
            words.append((rec, part))

    def known(pairs: list[tuple[Record, BloodGroupPart]], text: str) -> KnownBloodType:
        first = pairs[0][0]
        sources = " + ".join(dict.fromkeys(r.provenance.source_name for r, _ in pairs))
        days = [d for d in (_day(r) for r, _ in pairs) if d is not None]
        return KnownBloodType(
            text=text,
            blood_type=text if text in BLOOD_TYPES else None,
            source=sources,
            connector=first.provenance.connector_id,
            when=max(days) if days else None,
            record_ids=tuple(r.id for r, _ in pairs),
        )

    if full:
        return known(full[:1], full[0][1].text)
    if abo is not None:
        pairs = [abo] if rh is None else [abo, rh]
        return known(pairs, (abo[1].abo or "") + (rh[1].rh or "" if rh else ""))
    if rh is not None:
        return known([rh], rh[1].text)
    if words:  # words that name no group ("see the report"): shown as the source wrote them
        return known(words[:1], words[0][1].text)
    return None


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
    when: date | None = None
    """The day the source gives (an onset, a measurement), for imported entries."""


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
    meds: dict[str, list[Record]] | None = None
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
                if kind in MEDICATION_KINDS and meds is None and _names_nothing(rec):
                    meds = medication_index(vault)
                text = entry_name(rec, meds)
                entries.append(Entry(section, text, source, rec.id, False, when=_day(rec)))
    for rec in _blood_group_records(vault, person_id, limit):
        part = blood_group_part(rec)
        value = part.text if part is not None else None
        text = f"{BLOOD_GROUP_LABELS.get(rec.code or '', 'Blood type')}: {value}" if value else rec.title
        entries.append(Entry("blood_type", text, _imported_from(rec), rec.id, False, when=_day(rec)))
    # Apple Health's Me blood type (its text reads "Blood type: A+")
    for rec in vault.records(person_id=person_id, kind=APPLE_BLOOD_TYPE, limit=limit):
        entries.append(Entry("blood_type", rec.text or rec.title, _imported_from(rec), rec.id, False))
    return entries

"""FHIR output: the HL7 International Patient Summary document and plain FHIR resources.

Every resource written is a copy of what was imported, with:

* fresh ``urn:uuid`` ids (``fullUrl`` and ``id``), so internal ids of the
  source system do not travel;
* references rewritten to the copies in the same output; a reference to the
  person (any ``Patient``) points at the one Patient written; a reference to
  something not being shared becomes a display-only Reference, so nothing
  dangles;
* ``meta`` and the source's narratives (``text``) dropped, ``note`` dropped
  when free-text notes are left out;
* validated with ``fhir.resources`` (R4B models); one that does not validate
  is not written as FHIR (see :func:`sanitize`).

The IPS document follows the IPS section rules: the Composition is the first
entry (LOINC 60591-5), the Patient follows, Problems (11450-4), Allergies and
Intolerances (48765-2) and Medication Summary (10160-0) are always present -
with ``emptyReason`` and the narrative "No information available" when the
vault knows nothing for them - and Immunizations (11369-6), Results
(30954-2), Procedures (47519-4), Medical Devices (46264-8) and Vital Signs
(8716-3) are present where known.  Elements the IPS profiles require are
filled truthfully where the copy lacks them (:func:`ips_required`): a
MedicationStatement without a date gets ``effective[x]`` as the
data-absent-reason ``unknown``, and each Device of the Medical Devices section
is listed through a DeviceUseStatement (:func:`device_use_statement`), as the
section's profile asks.
"""

from __future__ import annotations

import copy
import html
import uuid
from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError

from wallet import __version__
from wallet.errors import validation_problems
from wallet.features.share.selection import is_fhir, observation_category
from wallet.model import Person, Record

LOINC = "http://loinc.org"
DAR = "http://hl7.org/fhir/StructureDefinition/data-absent-reason"
EMPTY_REASON = {
    "coding": [
        {
            "system": "http://terminology.hl7.org/CodeSystem/list-empty-reason",
            "code": "unavailable",
            "display": "Unavailable",
        }
    ],
    "text": "No information available",
}

# (key, LOINC code, LOINC display, title, mandatory)
SECTIONS: tuple[tuple[str, str, str, str, bool], ...] = (
    ("problems", "11450-4", "Problem list - Reported", "Problems", True),
    ("allergies", "48765-2", "Allergies and adverse reactions Document", "Allergies and Intolerances", True),
    ("medications", "10160-0", "History of Medication use Narrative", "Medication Summary", True),
    ("immunizations", "11369-6", "History of Immunization Narrative", "Immunizations", False),
    ("results", "30954-2", "Relevant diagnostic tests/laboratory data Narrative", "Results", False),
    ("procedures", "47519-4", "History of Procedures Document", "History of Procedures", False),
    ("devices", "46264-8", "History of medical device use", "Medical Devices", False),
    ("vitals", "8716-3", "Vital signs", "Vital Signs", False),
    ("past", "11348-0", "History of Past illness Narrative", "History of Past Illness", False),
)
EMPTY_TEXT = {
    "problems": "There is no information available about the subject's health problems or disabilities.",
    "allergies": "There is no information available regarding the subject's allergy conditions.",
    "medications": "There is no information available about the subject's medication use or administration.",
}
ACTIVE_CONDITION = frozenset({"active", "recurrence", "relapse"})


class FhirOutputError(Exception):
    """A resource or Bundle does not validate (a bug or an unusable source resource)."""


def new_urn() -> str:
    """A fresh random ``urn:uuid:`` for a resource in an outgoing bundle (nothing links it to the vault's ids)."""
    return f"urn:uuid:{uuid.uuid4()}"


def validate(resource: dict[str, Any]) -> None:
    """Raise FhirOutputError unless ``resource`` validates with fhir.resources R4B."""
    from fhir.resources.R4B import get_fhir_model_class

    try:
        model = get_fhir_model_class(str(resource.get("resourceType")))
        model.model_validate(resource)
    except ValidationError as exc:
        raise FhirOutputError(validation_problems(exc, root=str(resource.get("resourceType")), limit=1)[0]) from exc
    except (KeyError, ValueError, TypeError) as exc:
        raise FhirOutputError(f"{resource.get('resourceType')}: {str(exc).splitlines()[0]}") from exc


def section_of(rec: Record) -> str | None:
    """The IPS section a record belongs in (problems, allergies, results ...), or None when it has none."""
    kind = rec.kind
    if kind == "Condition":
        status = None
        for coding in (rec.payload.get("clinicalStatus") or {}).get("coding") or []:
            status = (coding or {}).get("code")
        return "problems" if status is None or status in ACTIVE_CONDITION else "past"
    if kind == "AllergyIntolerance":
        return "allergies"
    if kind in ("MedicationStatement", "MedicationRequest"):
        return "medications"
    if kind == "Immunization":
        return "immunizations"
    if kind == "Procedure":
        return "procedures"
    if kind in ("Device", "DeviceUseStatement"):
        return "devices"
    if kind == "Observation":
        return "vitals" if observation_category(rec) == "vital-signs" else "results"
    if kind == "DiagnosticReport":
        return "results"
    return None


class Rewriter:
    """Copies resources for output: new ids, rewritten references, identifying fields removed."""

    def __init__(self, records: list[Record], patient_urn: str, omitted: frozenset[str]) -> None:
        self.patient_urn = patient_urn
        self.omitted = omitted
        self.patient_keys: set[str] = set()
        self.urns: dict[str, str] = {}
        self.targets: dict[str, str] = {}
        for rec in records:
            urn = new_urn()
            self.urns[rec.id] = urn
            for key in self._keys(rec):
                self.targets[key] = urn

    @staticmethod
    def _keys(rec: Record) -> set[str]:
        keys = set()
        if rec.provenance.original_id:
            keys.add(rec.provenance.original_id)
            tail = rec.provenance.original_id.rstrip("/").split("/")
            if len(tail) >= 2 and not rec.provenance.original_id.startswith("urn:"):
                keys.add("/".join(tail[-2:]))
        rid = rec.payload.get("id")
        if isinstance(rid, str):
            keys.add(f"{rec.kind}/{rid}")
        return keys

    def _reference(self, ref: dict[str, Any]) -> dict[str, Any]:
        target = ref.get("reference")
        assert isinstance(target, str)
        if target.startswith("#"):
            return ref
        norm = target.split("/_history")[0]
        short = "/".join(norm.rstrip("/").split("/")[-2:]) if "/" in norm and not norm.startswith("urn:") else norm
        out = {k: v for k, v in ref.items() if k not in ("reference", "identifier")}
        if short.startswith("Patient/") or ref.get("type") == "Patient" or self._is_patient(norm):
            out["reference"] = self.patient_urn
            if "name" in self.omitted:
                out.pop("display", None)
            return out
        urn = self.targets.get(norm) or self.targets.get(short)
        if urn:
            out["reference"] = urn
            return out
        kind = short.split("/")[0] if "/" in short and not short.startswith("urn:") else "resource"
        out.setdefault("display", f"{kind} (not included in this share)")
        return out

    def _is_patient(self, target: str) -> bool:
        return target in self.patient_keys

    def set_patient_keys(self, keys: set[str]) -> None:
        """The references that mean the person being shared: they are rewritten to point at the bundle's patient."""
        self.patient_keys = set(keys)

    def _walk(self, value: Any, top: bool) -> Any:
        if isinstance(value, dict):
            if isinstance(value.get("reference"), str):
                value = self._reference(value)
            out: dict[str, Any] = {}
            for key, item in value.items():
                if key == "meta":
                    continue
                if key == "text" and top:
                    continue  # the source's narrative: stale ids and links, maybe more than the data says
                if key == "note" and "notes" in self.omitted:
                    continue
                if key == "identifier" and top and "identifier" in self.omitted:
                    continue  # record-level identifiers can embed a record number
                if key == "contained" and isinstance(item, list):
                    out[key] = [self._walk(c, True) for c in item]
                    continue
                out[key] = self._walk(item, False)
            return out
        if isinstance(value, list):
            return [self._walk(v, False) for v in value]
        return value

    def resource(self, rec: Record) -> dict[str, Any]:
        """A copy of the record's resource for output: its new id, references and identifying fields rewritten."""
        res: dict[str, Any] = self._walk(copy.deepcopy(rec.payload), True)
        res["id"] = self.urns[rec.id].removeprefix("urn:uuid:")
        return res


def _absent(reason: str = "unknown") -> dict[str, Any]:
    return {"extension": [{"url": DAR, "valueCode": reason}]}


def ips_required(res: dict[str, Any], rec: Record) -> dict[str, Any]:
    """Fill what an IPS profile requires and the copy lacks, truthfully.

    MedicationStatement (IPS): ``effective[x]`` 1..1, the record's date or the data-absent-reason
    ``unknown`` (hand-entered medications have no date).  DeviceUseStatement (IPS): ``timing[x]``
    1..1, likewise.  Device (IPS): ``type`` 1..1, the device's own name as text when it has no type."""
    if res.get("resourceType") == "MedicationStatement" and not any(
        k.startswith(("effective", "_effective")) for k in res
    ):
        if rec.start is not None:
            res["effectiveDateTime"] = rec.start.isoformat()
        else:
            res["_effectiveDateTime"] = _absent()
    elif res.get("resourceType") == "DeviceUseStatement" and not any(k.startswith(("timing", "_timing")) for k in res):
        res["_timingDateTime"] = _absent()
    elif res.get("resourceType") == "Device" and not res.get("type"):
        names = [n.get("name") for n in res.get("deviceName") or [] if isinstance(n, dict) and n.get("name")]
        if names:
            res["type"] = {"text": names[0]}
    return res


def device_use_statement(device: dict[str, Any], device_urn: str, patient_urn: str, urn: str) -> dict[str, Any]:
    """The IPS DeviceUseStatement for a Device known to be used by the patient (a Medical ID device)."""
    status = {"active": "active", "inactive": "completed", "entered-in-error": "entered-in-error"}.get(
        str(device.get("status")), "active"
    )
    return {
        "resourceType": "DeviceUseStatement",
        "id": urn.removeprefix("urn:uuid:"),
        "status": status,
        "subject": {"reference": patient_urn},
        "_timingDateTime": _absent(),
        "device": {"reference": device_urn},
    }


def patient_resource(
    person: Person, patient_payloads: list[dict[str, Any]], omitted: frozenset[str], urn: str, ips: bool
) -> dict[str, Any]:
    """The one Patient written: built from the person and their imported Patient resources.

    Left-out fields are absent; in an IPS document (where name and birth date
    are required) they carry the data-absent-reason ``masked``.
    """
    res: dict[str, Any] = {"resourceType": "Patient", "id": urn.removeprefix("urn:uuid:")}
    first = patient_payloads[0] if patient_payloads else {}
    if "identifier" not in omitted:
        idents = []
        seen = set()
        for p in patient_payloads:
            for ident in p.get("identifier") or []:
                if isinstance(ident, dict) and ident.get("value"):
                    key = (ident.get("system"), ident.get("value"))
                    if key not in seen:
                        seen.add(key)
                        idents.append({k: v for k, v in ident.items() if k in ("use", "type", "system", "value")})
        for text in person.identifiers:
            system, _, value = text.partition("|")
            if value and (system or None, value) not in seen:
                seen.add((system or None, value))
                idents.append({"system": system, "value": value} if system else {"value": value})
        if idents:
            res["identifier"] = idents
    if "name" not in omitted:
        names = first.get("name")
        if isinstance(names, list) and names:
            res["name"] = [{k: v for k, v in n.items() if k != "extension"} for n in names if isinstance(n, dict)]
        elif person.family or person.given or person.name:
            name: dict[str, Any] = {}
            if person.name:
                name["text"] = person.name
            if person.family:
                name["family"] = person.family
            if person.given:
                name["given"] = person.given.split()
            res["name"] = [name]
    if ("name" in omitted or "name" not in res) and ips:
        res["name"] = [{"extension": [{"url": DAR, "valueCode": "masked" if "name" in omitted else "unknown"}]}]
    if "telecom" not in omitted and first.get("telecom"):
        res["telecom"] = first["telecom"]
    gender = person.sex or first.get("gender")
    if gender in ("male", "female", "other", "unknown"):
        res["gender"] = gender
    birth = person.birth_date.isoformat() if person.birth_date else first.get("birthDate")
    if "birthDate" not in omitted and birth:
        res["birthDate"] = birth
    elif ips:
        res["_birthDate"] = {"extension": [{"url": DAR, "valueCode": "masked" if birth else "unknown"}]}
    if "address" not in omitted and first.get("address"):
        res["address"] = first["address"]
    if first.get("deceasedDateTime") and "birthDate" not in omitted:
        res["deceasedDateTime"] = first["deceasedDateTime"]
    elif first.get("deceasedBoolean") is not None:
        res["deceasedBoolean"] = first["deceasedBoolean"]
    validate(res)
    return res


def _narrative(rows: list[tuple[str, str]]) -> dict[str, str]:
    body = "".join(f"<tr><td>{html.escape(t)}</td><td>{html.escape(d)}</td></tr>" for t, d in rows)
    div = (
        '<div xmlns="http://www.w3.org/1999/xhtml"><table><thead><tr><th>Item</th><th>Date</th></tr></thead>'
        f"<tbody>{body}</tbody></table></div>"
    )
    return {"status": "generated", "div": div}


def _text_div(text: str) -> dict[str, str]:
    return {"status": "generated", "div": f'<div xmlns="http://www.w3.org/1999/xhtml">{html.escape(text)}</div>'}


def build_ips(
    person: Person,
    patient_payloads: list[dict[str, Any]],
    patient_keys: set[str],
    records: list[Record],
    omitted: frozenset[str],
    bundle_id: str,
    now: datetime | None = None,
    sent: list[Record] | None = None,
) -> tuple[dict[str, Any], list[str]]:
    """An IPS document Bundle; returns it and notes about records that could not be included.

    ``sent``, when given, receives the records that are in the document."""
    now = now or datetime.now(UTC)
    stamp = now.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    patient_urn = new_urn()
    device_urn = new_urn()
    comp_urn = new_urn()
    notes: list[str] = []
    ips_records = [r for r in records if is_fhir(r) and (section_of(r) is not None or r.kind == "Medication")]
    for r in records:
        if r not in ips_records:
            notes.append(f"{r.id[:12]} ({r.kind}) has no place in an IPS document and was not included in it")
    rw = Rewriter(ips_records, patient_urn, omitted)
    rw.set_patient_keys(patient_keys)
    entries: list[dict[str, Any]] = []
    by_section: dict[str, list[tuple[str, Record]]] = {}
    for rec in ips_records:
        res = ips_required(rw.resource(rec), rec)
        try:
            validate(res)
        except FhirOutputError as exc:
            notes.append(f"{rec.id[:12]} ({rec.kind}) does not validate as FHIR R4 and was left out: {exc}")
            continue
        urn = rw.urns[rec.id]
        entries.append({"fullUrl": urn, "resource": res})
        if sent is not None:
            sent.append(rec)
        if rec.kind == "Medication":
            continue  # referenced from the medication entries, not listed in a section
        if rec.kind == "Device":
            # The IPS Medical Devices section lists DeviceUseStatements, each pointing at its Device.
            use_urn = new_urn()
            use = device_use_statement(res, urn, patient_urn, use_urn)
            validate(use)
            entries.append({"fullUrl": use_urn, "resource": use})
            urn = use_urn
        by_section.setdefault(section_of(rec) or "", []).append((urn, rec))
    patient = patient_resource(person, patient_payloads, omitted, patient_urn, ips=True)
    device = {
        "resourceType": "Device",
        "id": device_urn.removeprefix("urn:uuid:"),
        "deviceName": [{"name": "MyData Wallet", "type": "user-friendly-name"}],
        "version": [{"value": __version__}],
    }
    sections = []
    for key, code, display, title, mandatory in SECTIONS:
        items = by_section.get(key, [])
        if not items and not mandatory:
            continue
        section: dict[str, Any] = {
            "title": title,
            "code": {"coding": [{"system": LOINC, "code": code, "display": display}]},
        }
        if items:
            section["text"] = _narrative([(r.title, r.start.date().isoformat() if r.start else "") for _, r in items])
            section["entry"] = [{"reference": urn} for urn, _ in items]
        else:
            section["text"] = _text_div(EMPTY_TEXT[key])
            section["emptyReason"] = copy.deepcopy(EMPTY_REASON)
        sections.append(section)
    composition = {
        "resourceType": "Composition",
        "id": comp_urn.removeprefix("urn:uuid:"),
        "text": _text_div(f"Patient summary assembled by MyData Wallet on {stamp[:10]} from the person's own records."),
        "status": "final",
        "type": {"coding": [{"system": LOINC, "code": "60591-5", "display": "Patient summary Document"}]},
        "subject": {"reference": patient_urn},
        "date": stamp,
        "author": [{"reference": device_urn, "display": "MyData Wallet (assembled for the patient)"}],
        "title": f"Patient summary as of {stamp[:10]}",
        "section": sections,
    }
    bundle = {
        "resourceType": "Bundle",
        "id": bundle_id,
        "identifier": {"system": "urn:ietf:rfc:3986", "value": f"urn:uuid:{bundle_id}"},
        "type": "document",
        "timestamp": stamp,
        "entry": [
            {"fullUrl": comp_urn, "resource": composition},
            {"fullUrl": patient_urn, "resource": patient},
            {"fullUrl": device_urn, "resource": device},
            *entries,
        ],
    }
    from fhir.resources.R4B.bundle import Bundle

    try:
        Bundle.model_validate(bundle)
    except ValidationError as exc:
        raise FhirOutputError(f"the IPS Bundle does not validate: {validation_problems(exc, limit=1)[0]}") from exc
    return bundle, notes


def fhir_resources(
    person: Person,
    patient_payloads: list[dict[str, Any]],
    patient_keys: set[str],
    records: list[Record],
    omitted: frozenset[str],
) -> tuple[list[dict[str, Any]], list[Record], list[str]]:
    """(FHIR resources to write, records that are not valid FHIR, notes).

    The first resource is the Patient (with left-out fields absent)."""
    patient_urn = new_urn()
    fhir_recs = [r for r in records if is_fhir(r) and r.kind != "Patient"]
    rw = Rewriter(fhir_recs, patient_urn, omitted)
    rw.set_patient_keys(patient_keys)
    out = [patient_resource(person, patient_payloads, omitted, patient_urn, ips=False)]
    rest: list[Record] = [r for r in records if r not in fhir_recs]
    notes: list[str] = []
    for rec in fhir_recs:
        res = rw.resource(rec)
        try:
            validate(res)
        except FhirOutputError as exc:
            notes.append(f"{rec.id[:12]} ({rec.kind}) does not validate as FHIR R4; sent as a wallet record: {exc}")
            rest.append(rec)
            continue
        out.append(res)
    return out, rest, notes

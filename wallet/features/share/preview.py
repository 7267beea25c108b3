"""The values that leave: a preview of each record and of the identifying fields, before approval.

The consent dialog shows these so that the person sees values, not only field names.  They are
taken from the same code that writes the bundle (:mod:`wallet.features.share.bundle`): the Patient
is built by :func:`wallet.features.share.ips.patient_resource` with the fields left out as ticked,
a FHIR record's values are read from the resource that is sent, and a record that is not FHIR
shows the fields :func:`wallet.features.share.bundle` writes for it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from wallet.features.share import ips
from wallet.features.share.selection import Plan, is_fhir
from wallet.model import Person, Record

if TYPE_CHECKING:
    from wallet.store.vault import Vault

SENT_AS_FHIR = "fhir"
"""The record leaves as a FHIR resource (data/ips.json or data/resources.ndjson)."""
SENT_AS_RECORD = "record"
"""The record leaves as a wallet record (data/records.ndjson)."""
NOT_SENT = "not-sent"
"""The record has no place in the bundle of this template (a hospital share sends an IPS document only)."""

ALWAYS_SENT = ("gender", "deceased")
"""Patient fields that a share sends whenever they are known (no tick box leaves them out)."""


@dataclass(frozen=True)
class RecordPreview:
    """What one record sends: how (``SENT_AS_*`` or ``NOT_SENT``) and its values as ``(key, text)`` rows.

    The keys are ``title``, ``date``, ``value``, ``code``, ``notes`` and ``documents``; a front end
    names them in its language."""

    form: str
    rows: list[tuple[str, str]] = field(default_factory=list)

    def get(self, key: str) -> str | None:
        """The text of the row ``key``, or None when the record sends no such value."""
        return next((text for k, text in self.rows if k == key), None)


def patient_payloads(vault: Vault, person_id: str) -> list[dict[str, Any]]:
    """The imported Patient resources of the person: what the written Patient is built from."""
    return [r.payload for r in vault.records(person_id=person_id, kind="Patient") if r.payload]


def number(value: Any) -> str:
    """A number as it is written to the bundle's JSON (an integral float without ``.0``)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _concept(value: Any) -> str:
    """A CodeableConcept (or Coding) as text: its text, else the first display, else the first code."""
    if not isinstance(value, dict):
        return ""
    if value.get("text"):
        return str(value["text"])
    codings = value.get("coding") or ([value] if "code" in value or "display" in value else [])
    for coding in codings:
        if isinstance(coding, dict) and coding.get("display"):
            return str(coding["display"])
    for coding in codings:
        if isinstance(coding, dict) and coding.get("code"):
            return str(coding["code"])
    return ""


def _fhir_value(res: dict[str, Any]) -> str:
    """The value[x] of a FHIR resource (an Observation, or one of its components) as text."""
    if isinstance(res.get("valueQuantity"), dict):
        q = res["valueQuantity"]
        unit = q.get("unit") or q.get("code") or ""
        return f"{q.get('comparator', '')}{number(q.get('value'))} {unit}".strip()
    if isinstance(res.get("valueCodeableConcept"), dict):
        return _concept(res["valueCodeableConcept"])
    for key in ("valueString", "valueBoolean", "valueInteger", "valueDateTime", "valueTime"):
        if key in res:
            return number(res[key])
    return ""


def fhir_value(res: dict[str, Any]) -> str:
    """The value a FHIR resource states: its value[x], or its components' values (blood pressure)."""
    own = _fhir_value(res)
    parts = [own] if own else []
    for comp in res.get("component") or []:
        if isinstance(comp, dict) and (text := _fhir_value(comp)):
            name = _concept(comp.get("code"))
            parts.append(f"{name}: {text}" if name else text)
    return "; ".join(parts)


def _notes(res: dict[str, Any]) -> str:
    return "\n".join(str(n["text"]) for n in res.get("note") or [] if isinstance(n, dict) and n.get("text"))


def _dates(rec: Record) -> str:
    if rec.start is None:
        return ""
    first = rec.start.date().isoformat() if rec.date_only else rec.start.isoformat(sep=" ", timespec="minutes")
    if rec.end is None or rec.end == rec.start:
        return first
    last = rec.end.date().isoformat() if rec.date_only else rec.end.isoformat(sep=" ", timespec="minutes")
    return f"{first} .. {last}"


def _code(rec: Record) -> str:
    code = f"{rec.code_system or ''} {rec.code or ''}".strip()
    if rec.code_display and code:
        return f"{rec.code_display} ({code})"
    return rec.code_display or code


def record_preview(
    rec: Record, template: str, omitted: frozenset[str], attachments: list[str] | None = None
) -> RecordPreview:
    """What ``rec`` sends in a share of ``template`` with the identifying fields ``omitted`` left out.

    ``attachments`` are the names of the record's files that are sent (a wallet record sends them under
    documents/); the ``documents`` row names them, or counts them for a research share.
    """
    fhir = is_fhir(rec) and rec.kind != "Patient"
    if template == "hospital" and not (fhir and (ips.section_of(rec) is not None or rec.kind == "Medication")):
        return RecordPreview(NOT_SENT, [("title", rec.title)])
    rows: list[tuple[str, str]] = [("title", rec.title)]
    if dates := _dates(rec):
        rows.append(("date", dates))
    if fhir:
        value = fhir_value(rec.payload)
        notes = "" if "notes" in omitted else _notes(rec.payload)
    else:
        value = f"{number(rec.value)} {rec.unit or ''}".strip() if rec.value is not None else ""
        notes = "" if "notes" in omitted else (rec.text or "")
    if value:
        rows.append(("value", value))
    if code := _code(rec):
        rows.append(("code", code))
    if notes:
        rows.append(("notes", notes))
    if not fhir and attachments:  # a research share names its files by number only (0001.pdf)
        rows.append(("documents", str(len(attachments)) if template == "research" else ", ".join(attachments)))
    return RecordPreview(SENT_AS_FHIR if fhir else SENT_AS_RECORD, rows)


def _human_name(name: dict[str, Any]) -> str:
    if name.get("text"):
        return str(name["text"])
    words = [
        *(name.get("prefix") or []),
        *(name.get("given") or []),
        name.get("family") or "",
        *(name.get("suffix") or []),
    ]
    return " ".join(str(w) for w in words if w)


def _address(addr: dict[str, Any]) -> str:
    if addr.get("text"):
        text = str(addr["text"])
    else:
        words = [*(addr.get("line") or []), addr.get("city"), addr.get("district"), addr.get("state")]
        words += [addr.get("postalCode"), addr.get("country")]
        text = ", ".join(str(w) for w in words if w)
    for ext in addr.get("extension") or []:  # the geolocation extension: map coordinates
        parts = {e.get("url"): e.get("valueDecimal") for e in ext.get("extension") or [] if isinstance(e, dict)}
        if "latitude" in parts and "longitude" in parts:
            text += f" [{number(parts['latitude'])}, {number(parts['longitude'])}]"
    return text


def _identifier(ident: dict[str, Any]) -> str:
    label = _concept(ident.get("type")) or str(ident.get("system") or "")
    return f"{ident.get('value')} ({label})" if label else str(ident.get("value"))


def patient_sent(
    person: Person, payloads: list[dict[str, Any]], template: str, omitted: frozenset[str]
) -> dict[str, Any]:
    """The Patient resource a share of ``template`` writes, with the fields ``omitted`` left out."""
    return ips.patient_resource(person, payloads, omitted, "urn:uuid:preview", ips=template == "hospital")


def identifying_values(patient: dict[str, Any]) -> dict[str, list[str]]:
    """The values of a written Patient per identifying field (and the ALWAYS_SENT ones), as text.

    A field that is not sent (left out, or masked with a data-absent-reason) has no entry."""
    out: dict[str, list[str]] = {}
    names = [_human_name(n) for n in patient.get("name") or [] if isinstance(n, dict)]
    if names := [n for n in names if n]:
        out["name"] = names
    if patient.get("birthDate"):
        out["birthDate"] = [str(patient["birthDate"])]
    if addresses := [_address(a) for a in patient.get("address") or [] if isinstance(a, dict)]:
        out["address"] = addresses
    telecom = [
        f"{t.get('system', '')}: {t.get('value')}".lstrip(": ")
        for t in patient.get("telecom") or []
        if isinstance(t, dict) and t.get("value")
    ]
    if telecom:
        out["telecom"] = telecom
    if idents := [_identifier(i) for i in patient.get("identifier") or [] if isinstance(i, dict) and i.get("value")]:
        out["identifier"] = idents
    if patient.get("gender"):
        out["gender"] = [str(patient["gender"])]
    if patient.get("deceasedDateTime"):
        out["deceased"] = [str(patient["deceasedDateTime"])]
    elif patient.get("deceasedBoolean") is not None:
        out["deceased"] = [str(patient["deceasedBoolean"]).lower()]
    return out


def plan_identifying_values(vault: Vault, plan: Plan) -> dict[str, list[str]]:
    """The identifying values the share of ``plan`` sends about its person, as it is ticked now."""
    payloads = patient_payloads(vault, plan.person.id)
    return identifying_values(patient_sent(plan.person, payloads, plan.request.template, plan.omitted))

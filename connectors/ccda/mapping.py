"""C-CDA R2.1 entries as FHIR R4 resources, the way the wallet's FHIR connector keeps them.

A section is told by its LOINC code (11450-4 problems, 48765-2 allergies, 10160-0 medications,
30954-2 results, 8716-3 vital signs, 11369-6 immunizations, 47519-4 procedures, 46240-8
encounters, and the admission/discharge diagnoses and medications of a discharge summary), or,
when the code is missing or local (the HL7 discharge summary's ``C-CDAV2-DDN``), by its
templateId.  Each entry becomes the FHIR resource the HL7 "C-CDA on FHIR" guide maps it to
(Condition, AllergyIntolerance, MedicationStatement, Observation, Immunization, Procedure,
Encounter), with codes in FHIR's code-system URLs, quantities in the document's UCUM units and
dates at the precision the document gave (``20080320`` stays a date).

An item with no usable content (a ``nullFlavor`` where its code or value should be) is not
made up: it is returned as a :class:`Skip` with the reason.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any
from xml.etree.ElementTree import Element

from connectors.ccda.narrative import V3, clean, inline_text, local

XSI_TYPE = "{http://www.w3.org/2001/XMLSchema-instance}type"

SYSTEMS = {
    "2.16.840.1.113883.6.1": "http://loinc.org",
    "2.16.840.1.113883.6.96": "http://snomed.info/sct",
    "2.16.840.1.113883.6.88": "http://www.nlm.nih.gov/research/umls/rxnorm",
    "2.16.840.1.113883.12.292": "http://hl7.org/fhir/sid/cvx",
    "2.16.840.1.113883.6.59": "http://hl7.org/fhir/sid/cvx",
    "2.16.840.1.113883.6.90": "http://hl7.org/fhir/sid/icd-10-cm",
    "2.16.840.1.113883.6.3": "http://hl7.org/fhir/sid/icd-10",
    "2.16.840.1.113883.6.103": "http://hl7.org/fhir/sid/icd-9-cm",
    "2.16.840.1.113883.6.104": "http://hl7.org/fhir/sid/icd-9-cm",
    "2.16.840.1.113883.6.4": "http://www.cms.gov/Medicare/Coding/ICD10",
    "2.16.840.1.113883.6.12": "http://www.ama-assn.org/go/cpt",
    "2.16.840.1.113883.6.69": "http://hl7.org/fhir/sid/ndc",
    "2.16.840.1.113883.4.9": "http://fdasis.nlm.nih.gov",
    "2.16.840.1.113883.12.227": "http://hl7.org/fhir/sid/mvx",
    "2.16.840.1.113883.3.26.1.1": "http://ncicb.nci.nih.gov/xml/owl/EVS/Thesaurus.owl",
    "2.16.840.1.113883.6.8": "http://unitsofmeasure.org",
    "2.16.840.1.113883.5.4": "http://terminology.hl7.org/CodeSystem/v3-ActCode",
    "2.16.840.1.113883.5.83": "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation",
    "2.16.840.1.113883.5.112": "http://terminology.hl7.org/CodeSystem/v3-RouteOfAdministration",
    "2.16.840.1.113883.5.1": "http://terminology.hl7.org/CodeSystem/v3-AdministrativeGender",
    "2.16.840.1.113883.5.8": "http://terminology.hl7.org/CodeSystem/v3-ActReason",
    "2.16.840.1.113883.6.101": "http://nucc.org/provider-taxonomy",
    "2.16.840.1.113883.6.259": "https://www.cdc.gov/nhsn/cdaportal/terminology/codesystem/hsloc.html",
}
UCUM = "http://unitsofmeasure.org"
DAR = "http://hl7.org/fhir/StructureDefinition/data-absent-reason"
CATEGORY_OBS = "http://terminology.hl7.org/CodeSystem/observation-category"
NULL_FLAVORS = {
    "NI": "no information",
    "NA": "not applicable",
    "UNK": "unknown",
    "ASKU": "asked but unknown",
    "NAV": "temporarily unavailable",
    "NASK": "not asked",
    "MSK": "masked",
    "OTH": "other",
    "NINF": "negative infinity",
    "PINF": "positive infinity",
    "TRC": "trace",
    "QS": "sufficient quantity",
    "NP": "not present",
}

# section key -> (LOINC codes, section templateId roots)
SECTIONS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "problems": (("11450-4",), ("2.16.840.1.113883.10.20.22.2.5", "2.16.840.1.113883.10.20.22.2.5.1")),
    "past_problems": (("11348-0",), ("2.16.840.1.113883.10.20.22.2.20",)),
    "admission_diagnosis": (("46241-6", "42347-5"), ("2.16.840.1.113883.10.20.22.2.43",)),
    "discharge_diagnosis": (("11535-2", "78375-3"), ("2.16.840.1.113883.10.20.22.2.24",)),
    "allergies": (("48765-2",), ("2.16.840.1.113883.10.20.22.2.6", "2.16.840.1.113883.10.20.22.2.6.1")),
    "medications": (("10160-0",), ("2.16.840.1.113883.10.20.22.2.1", "2.16.840.1.113883.10.20.22.2.1.1")),
    "admission_medications": (("42346-7",), ("2.16.840.1.113883.10.20.22.2.44",)),
    "discharge_medications": (
        ("10183-2", "75311-1"),
        ("2.16.840.1.113883.10.20.22.2.11", "2.16.840.1.113883.10.20.22.2.11.1"),
    ),
    "results": (("30954-2",), ("2.16.840.1.113883.10.20.22.2.3", "2.16.840.1.113883.10.20.22.2.3.1")),
    "vital_signs": (("8716-3",), ("2.16.840.1.113883.10.20.22.2.4", "2.16.840.1.113883.10.20.22.2.4.1")),
    "immunizations": (("11369-6",), ("2.16.840.1.113883.10.20.22.2.2", "2.16.840.1.113883.10.20.22.2.2.1")),
    "procedures": (("47519-4",), ("2.16.840.1.113883.10.20.22.2.7", "2.16.840.1.113883.10.20.22.2.7.1")),
    "encounters": (("46240-8",), ("2.16.840.1.113883.10.20.22.2.22", "2.16.840.1.113883.10.20.22.2.22.1")),
}
BY_CODE = {code: key for key, (codes, _) in SECTIONS.items() for code in codes}
BY_TEMPLATE = {root: key for key, (_, roots) in SECTIONS.items() for root in roots}

T_PROBLEM_OBS = "2.16.840.1.113883.10.20.22.4.4"
T_PROBLEM_STATUS = "2.16.840.1.113883.10.20.22.4.6"
T_ALLERGY_OBS = "2.16.840.1.113883.10.20.22.4.7"
T_REACTION = "2.16.840.1.113883.10.20.22.4.9"
T_SEVERITY = "2.16.840.1.113883.10.20.22.4.8"
T_ALLERGY_STATUS = "2.16.840.1.113883.10.20.22.4.28"
T_CRITICALITY = "2.16.840.1.113883.10.20.22.4.145"
T_INDICATION = "2.16.840.1.113883.10.20.22.4.19"

STATUS_VALUES = {"55561003": "active", "73425007": "inactive", "413322009": "resolved"}
SEVERITY = {
    "255604002": "mild",
    "6736007": "moderate",
    "24484000": "severe",
    "371923003": "mild",
    "371924009": "severe",
}
CRITICALITY = {"CRITL": "low", "CRITH": "high", "CRITU": "unable-to-assess"}
# SNOMED "propensity" codes of an allergy observation's value: (category, type)
ALLERGY_TYPES: dict[str, tuple[str | None, str | None]] = {
    "416098002": ("medication", "allergy"),
    "59037007": ("medication", "intolerance"),
    "419511003": ("medication", None),
    "414285001": ("food", "allergy"),
    "235719002": ("food", "intolerance"),
    "418471000": ("food", None),
    "426232007": ("environment", None),
    "419199007": (None, "allergy"),
    "420134006": (None, None),
    "418038007": (None, None),
}
NO_KNOWN = {
    "medication": ("409137002", "No known drug allergy"),
    "food": ("429625007", "No known food allergy"),
    "environment": ("428607008", "No known environmental allergy"),
    None: ("716186003", "No known allergy"),
}
GENERIC_ALLERGENS = {"105590001", "410942007", "413477004"}
"""Allergen codes meaning "a substance" / "drug or medicament": negated, they say "no known allergy"."""

_TS = re.compile(r"^(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\.\d+)?([+-]\d{4})?$")


@dataclass(frozen=True)
class Skip:
    """One entry not imported, and why."""

    where: str
    reason: str


def v3(path: str) -> str:
    """An ElementTree path with every step in the HL7 v3 namespace (``a/b`` -> ``{urn}a/{urn}b``)."""
    return "/".join(step if step in (".", "..", "*") else f"{V3}{step}" for step in path.split("/"))


def templates(el: Element) -> set[str]:
    """The templateId roots of an element."""
    return {t.get("root", "") for t in el.findall(f"{V3}templateId")}


def attr(el: Element, child: str, name: str = "code") -> str | None:
    """An attribute of ``el``'s first ``child`` element (in the v3 namespace), or None."""
    found = el.find(f"{V3}{child}")
    return found.get(name) if found is not None else None


def null_reason(el: Element | None) -> str | None:
    """``nullFlavor UNK (unknown)`` when ``el`` carries one, else None."""
    if el is None:
        return None
    flavor = el.get("nullFlavor")
    if not flavor:
        return None
    meaning = NULL_FLAVORS.get(flavor)
    return f"nullFlavor {flavor}" + (f" ({meaning})" if meaning else "")


class Document:
    """A parsed C-CDA document and what its entries need: the narrative ids and the default offset."""

    def __init__(self, root: Element, doc_key: str) -> None:
        self.root = root
        self.doc_key = doc_key
        self.references: dict[str, str] = {}
        for el in root.iter():
            ref_id = el.get("ID")
            if ref_id:
                self.references.setdefault(ref_id, inline_text(el))
        when = root.find(f"{V3}effectiveTime")
        match = _TS.match((when.get("value") or "").strip()) if when is not None else None
        self.offset = _offset(match.group(8)) if match and match.group(8) else None
        """The document's own UTC offset, given to its times that have none (FHIR asks for one)."""
        self.patient_id = self.make_id("patient")
        self.patient_ref = {"reference": f"urn:uuid:{self.patient_id}"}

    def make_id(self, *parts: str) -> str:
        """A stable FHIR id (a UUID made from the document and the parts): reading twice gives the same ids."""
        digest = hashlib.sha256("|".join((self.doc_key, *parts)).encode()).hexdigest()
        return f"{digest[:8]}-{digest[8:12]}-5{digest[13:16]}-a{digest[17:20]}-{digest[20:32]}"

    # ------------------------------------------------------------- data types

    def text_of(self, el: Element | None) -> str | None:
        """Text of an ``originalText``/``text`` element: its own words, or the narrative it references."""
        if el is None:
            return None
        ref = el.find(f"{V3}reference")
        if ref is not None and (ref.get("value") or "").startswith("#"):
            found = self.references.get((ref.get("value") or "")[1:])
            if found:
                return found
        own = clean((el.text or "") + "".join((c.tail or "") for c in el))
        return own or None

    def coding(self, el: Element) -> dict[str, Any] | None:
        """One FHIR Coding of a CD/CE element, or None when it has no code."""
        code = clean(el.get("code"))
        if not code or el.get("nullFlavor"):
            return None
        oid = el.get("codeSystem") or ""
        coding: dict[str, Any] = {"system": SYSTEMS.get(oid, f"urn:oid:{oid}" if oid else None), "code": code}
        if not coding["system"]:
            del coding["system"]
        display = clean(el.get("displayName"))
        if display:
            coding["display"] = display
        return coding

    def concept(self, el: Element | None) -> dict[str, Any] | None:
        """A CodeableConcept from a CD/CE element and its translations; None when it holds neither code nor text."""
        if el is None:
            return None
        codings = [c for c in [self.coding(el), *(self.coding(t) for t in el.findall(f"{V3}translation"))] if c]
        text = self.text_of(el.find(f"{V3}originalText"))
        if not codings and not text:
            return None
        concept: dict[str, Any] = {}
        if codings:
            concept["coding"] = codings
        if text:
            concept["text"] = text
        return concept

    def ts(self, el: Element | None) -> str | None:
        """A CDA TS (``200803200930-0800``, ``20080320``, ``1975``) as a FHIR date or dateTime, precision kept."""
        if el is None or el.get("nullFlavor"):
            return None
        match = _TS.match((el.get("value") or "").strip())
        if not match:
            return None
        year, month, day, hour, minute, second, fraction, zone = match.groups()
        if hour is None:
            return "-".join(p for p in (year, month, day) if p)
        if month is None or day is None:
            return None
        offset = _offset(zone) if zone else self.offset or "+00:00"
        time = f"{hour}:{minute or '00'}:{second or '00'}{fraction or ''}"
        return f"{year}-{month}-{day}T{time}{offset}"

    def period(self, el: Element | None) -> tuple[str | None, str | None]:
        """(start, end) of an IVL_TS or a TS."""
        if el is None:
            return None, None
        if el.get("value"):
            single = self.ts(el)
            return single, None
        return self.ts(el.find(f"{V3}low")) or self.ts(el.find(f"{V3}center")), self.ts(el.find(f"{V3}high"))

    def effective(self, owner: Element, prefix: str) -> dict[str, Any]:
        """``{prefix}DateTime`` or ``{prefix}Period`` from an element's first interval effectiveTime."""
        times = [t for t in owner.findall(f"{V3}effectiveTime") if "PIVL" not in (t.get(XSI_TYPE) or "")]
        start, end = self.period(times[0] if times else None)
        if start and end and end != start:
            return {f"{prefix}Period": {"start": start, "end": end}}
        if start:
            return {f"{prefix}DateTime": start}
        if end:
            return {f"{prefix}Period": {"end": end}}
        return {}

    def identifiers(self, owner: Element) -> list[dict[str, Any]]:
        """FHIR identifiers from an element's ``<id>`` (``urn:uuid:``/``urn:oid:`` when only a root)."""
        out: list[dict[str, Any]] = []
        for el in owner.findall(f"{V3}id"):
            root, ext = el.get("root"), el.get("extension")
            if not root or el.get("nullFlavor"):
                continue
            if ext:
                out.append({"system": f"urn:oid:{root}" if _is_oid(root) else root, "value": ext})
            elif re.fullmatch(r"[0-9a-fA-F-]{36}", root):
                out.append({"system": "urn:ietf:rfc:3986", "value": f"urn:uuid:{root.lower()}"})
            elif _is_oid(root):
                out.append({"system": "urn:ietf:rfc:3986", "value": f"urn:oid:{root}"})
        return out

    def resource_id(self, owner: Element, *fallback: str) -> str:
        """The resource's id: from the entry's own ``<id>`` and where it is in the document."""
        ids = [f"{i.get('root')}|{i.get('extension') or ''}" for i in owner.findall(f"{V3}id") if i.get("root")]
        # with its position too: an id repeated in one document (CCD-1's immunizations) stays two resources
        return self.make_id(local(owner), *ids[:1], *fallback)

    def quantity(self, el: Element) -> dict[str, Any] | None:
        """A FHIR Quantity from a PQ (UCUM unit kept as the document wrote it), or None."""
        number = _number(el.get("value"))
        if number is None:
            return None
        quantity: dict[str, Any] = {"value": number}
        unit = clean(el.get("unit"))
        if unit and unit != "1":
            quantity.update(unit=unit, system=UCUM, code=unit)
        return quantity

    def value(self, el: Element) -> dict[str, Any] | None:
        """An observation's ``value[x]`` by its ``xsi:type`` (PQ, CD/CE, ST, INT, REAL, BL, IVL_PQ, TS)."""
        kind = (el.get(XSI_TYPE) or "").rsplit(":", 1)[-1]
        if kind == "PQ" or (not kind and el.get("unit")):
            quantity = self.quantity(el)
            return {"valueQuantity": quantity} if quantity else None
        if kind in ("INT", "REAL"):
            number = _number(el.get("value"))
            if number is None:
                return None
            return {"valueInteger": int(number)} if kind == "INT" else {"valueQuantity": {"value": number}}
        if kind in ("CD", "CE", "CV", "CO", "CS"):
            concept = self.concept(el)
            return {"valueCodeableConcept": concept} if concept else None
        if kind == "BL":
            flag = el.get("value")
            return {"valueBoolean": flag == "true"} if flag in ("true", "false") else None
        if kind == "IVL_PQ":
            low, high = el.find(f"{V3}low"), el.find(f"{V3}high")
            span = {
                k: q
                for k, q in (
                    ("low", self.quantity(low) if low is not None else None),
                    ("high", self.quantity(high) if high is not None else None),
                )
                if q
            }
            return {"valueRange": span} if span else None
        if kind in ("TS", "IVL_TS"):
            when = self.ts(el) or self.period(el)[0]
            return {"valueDateTime": when} if when else None
        text = self.text_of(el) if kind in ("ST", "ED", "") else None
        return {"valueString": text} if text else None


def _offset(zone: str) -> str:
    return f"{zone[:3]}:{zone[3:]}"


def _is_oid(root: str) -> bool:
    return bool(re.fullmatch(r"[0-2](\.\d+)+", root))


def _number(text: str | None) -> int | float | None:
    if not text:
        return None
    try:
        number = Decimal(text.strip())
    except InvalidOperation:
        return None
    if not number.is_finite():
        return None
    return int(number) if number == number.to_integral_value() and "." not in text else float(number)


def section_kind(section: Element) -> str | None:
    """Which of the mapped sections this is: by LOINC code first, then by templateId; None for the others."""
    code = section.find(f"{V3}code")
    if code is not None and code.get("code") in BY_CODE:
        return BY_CODE[code.get("code", "")]
    for root in templates(section):
        if root in BY_TEMPLATE:
            return BY_TEMPLATE[root]
    return None


def section_title(section: Element) -> str:
    """A section's title, or its code's name."""
    title = section.find(f"{V3}title")
    code = section.find(f"{V3}code")
    return (inline_text(title) if title is not None else "") or clean(
        code.get("displayName") if code is not None else ""
    )


def clinical_statements(entry: Element) -> list[Element]:
    """The act, observation, organizer, procedure, encounter or substanceAdministration an entry holds."""
    return [
        c
        for c in entry
        if local(c)
        in ("act", "observation", "organizer", "procedure", "encounter", "substanceAdministration", "supply")
    ]


def related(el: Element, name: str, template: str | None = None) -> Iterator[Element]:
    """The ``name`` elements of ``el``'s entryRelationships (with ``template`` among their templateIds)."""
    for rel in el.findall(f"{V3}entryRelationship"):
        for child in rel.findall(f"{V3}{name}"):
            if template is None or template in templates(child):
                yield child


def status_from(el: Element, template: str) -> str | None:
    """active / inactive / resolved from a status observation (problem status, allergy status)."""
    for obs in related(el, "observation", template):
        value = obs.find(f"{V3}value")
        if value is not None and value.get("code") in STATUS_VALUES:
            return STATUS_VALUES[value.get("code", "")]
    return None


class Mapper:
    """Turns the entries of the mapped sections into FHIR resources."""

    def __init__(self, doc: Document, source_name: str) -> None:
        self.doc = doc
        self.source_name = source_name

    def section(self, kind: str, section: Element, index: int) -> Iterator[dict[str, Any] | Skip]:
        """The resources of one section (``kind`` from :func:`section_kind`), skips with their reasons."""
        title = section_title(section) or kind
        where = f"{self.source_name}: {title}"
        if section.get("nullFlavor") and not section.findall(f"{V3}entry"):
            yield Skip(where, f"section has no entries ({null_reason(section)})")
            return
        for n, entry in enumerate(section.findall(f"{V3}entry"), start=1):
            for statement in clinical_statements(entry):
                yield from self._entry(kind, statement, f"{where} entry {n}", (str(index), str(n)))

    def _entry(self, kind: str, el: Element, where: str, pos: tuple[str, ...]) -> Iterator[dict[str, Any] | Skip]:
        if kind in ("problems", "past_problems", "admission_diagnosis", "discharge_diagnosis"):
            yield from self._problems(kind, el, where, pos)
        elif kind == "allergies":
            yield from self._allergies(el, where, pos)
        elif kind in ("medications", "admission_medications", "discharge_medications"):
            yield from self._medications(el, where, pos)
        elif kind in ("results", "vital_signs"):
            yield from self._observations(kind, el, where, pos)
        elif kind == "immunizations":
            yield from self._immunization(el, where, pos)
        elif kind == "procedures":
            yield from self._procedure(el, where, pos)
        elif kind == "encounters":
            yield from self._encounter(el, where, pos)

    # ------------------------------------------------------------- problems

    def _problems(self, kind: str, el: Element, where: str, pos: tuple[str, ...]) -> Iterator[dict[str, Any] | Skip]:
        if local(el) == "observation":
            yield self._condition(kind, el, None, where, pos)
            return
        found = list(related(el, "observation", T_PROBLEM_OBS))
        if not found:  # an act with problem observations that omit their templateId
            found = [o for o in related(el, "observation") if o.find(f"{V3}value") is not None]
        if not found:
            yield Skip(where, "no problem observation in this entry")
        for i, obs in enumerate(found):
            yield self._condition(kind, obs, el, where, (*pos, str(i)))

    def _condition(
        self, kind: str, obs: Element, concern: Element | None, where: str, pos: tuple[str, ...]
    ) -> dict[str, Any] | Skip:
        value = obs.find(f"{V3}value")
        code = self.doc.concept(value)
        if code is None:
            return Skip(where, f"problem without a code ({null_reason(value) or 'no value'})")
        res: dict[str, Any] = {"resourceType": "Condition", "id": self.doc.resource_id(obs, *pos)}
        ids = self.doc.identifiers(obs)
        if ids:
            res["identifier"] = ids
        status = status_from(obs, T_PROBLEM_STATUS)
        start, end = self.doc.period(obs.find(f"{V3}effectiveTime"))
        if status is None and end:
            status = "resolved"
        if status is None and concern is not None:
            concern_status = attr(concern, "statusCode")
            status = {"active": "active", "completed": "resolved", "suspended": "inactive"}.get(concern_status or "")
        if status:
            res["clinicalStatus"] = _cc("http://terminology.hl7.org/CodeSystem/condition-clinical", status)
        if obs.get("negationInd") == "true":
            res["verificationStatus"] = _cc("http://terminology.hl7.org/CodeSystem/condition-ver-status", "refuted")
        category = (
            "encounter-diagnosis" if kind in ("admission_diagnosis", "discharge_diagnosis") else ("problem-list-item")
        )
        res["category"] = [_cc("http://terminology.hl7.org/CodeSystem/condition-category", category)]
        res["code"] = code
        res["subject"] = dict(self.doc.patient_ref)
        if start:
            res["onsetDateTime"] = start
        if end:
            res["abatementDateTime"] = end
        return res

    # ------------------------------------------------------------- allergies

    def _allergies(self, el: Element, where: str, pos: tuple[str, ...]) -> Iterator[dict[str, Any] | Skip]:
        found = [el] if local(el) == "observation" else list(related(el, "observation", T_ALLERGY_OBS))
        if not found:
            found = list(related(el, "observation"))
        if not found:
            yield Skip(where, "no allergy observation in this entry")
        for i, obs in enumerate(found):
            yield self._allergy(obs, el if obs is not el else None, where, (*pos, str(i)))

    def _allergy(
        self, obs: Element, concern: Element | None, where: str, pos: tuple[str, ...]
    ) -> dict[str, Any] | Skip:
        value = obs.find(f"{V3}value")
        category, kind = ALLERGY_TYPES.get((value.get("code") if value is not None else None) or "", (None, None))
        allergen_el = obs.find(v3("participant/participantRole/playingEntity/code"))
        allergen = self.doc.concept(allergen_el)
        negated = obs.get("negationInd") == "true"
        res: dict[str, Any] = {"resourceType": "AllergyIntolerance", "id": self.doc.resource_id(obs, *pos)}
        ids = self.doc.identifiers(obs)
        if ids:
            res["identifier"] = ids
        if negated and (allergen is None or allergen_el is None or allergen_el.get("code") in GENERIC_ALLERGENS):
            code, display = NO_KNOWN[category]
            allergen = {
                "coding": [{"system": "http://snomed.info/sct", "code": code, "display": display}],
                "text": display,
            }
            negated = False
        if allergen is None:
            return Skip(where, f"allergy without an allergen ({null_reason(allergen_el) or 'no code'})")
        status = status_from(obs, T_ALLERGY_STATUS)
        if status is None and concern is not None:
            concern_status = attr(concern, "statusCode")
            status = {"active": "active", "completed": "resolved", "suspended": "inactive"}.get(concern_status or "")
        if status:
            res["clinicalStatus"] = _cc("http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical", status)
        if negated:
            res["verificationStatus"] = _cc(
                "http://terminology.hl7.org/CodeSystem/allergyintolerance-verification", "refuted"
            )
        if kind:
            res["type"] = kind
        if category:
            res["category"] = [category]
        for crit in related(obs, "observation", T_CRITICALITY):
            crit_code = attr(crit, "value")
            if crit_code in CRITICALITY:
                res["criticality"] = CRITICALITY[crit_code or ""]
        res["code"] = allergen
        res["patient"] = dict(self.doc.patient_ref)
        start, _ = self.doc.period(obs.find(f"{V3}effectiveTime"))
        if start:
            res["onsetDateTime"] = start
        reactions = []
        for reaction in related(obs, "observation", T_REACTION):
            manifestation = self.doc.concept(reaction.find(f"{V3}value"))
            if manifestation is None:
                continue
            item: dict[str, Any] = {"manifestation": [manifestation]}
            for sev in related(reaction, "observation", T_SEVERITY):
                sev_code = attr(sev, "value")
                if sev_code in SEVERITY:
                    item["severity"] = SEVERITY[sev_code or ""]
            reactions.append(item)
        if reactions:
            res["reaction"] = reactions
        return res

    # ------------------------------------------------------------- medications

    def _medications(self, el: Element, where: str, pos: tuple[str, ...]) -> Iterator[dict[str, Any] | Skip]:
        if local(el) == "substanceAdministration":
            yield self._medication(el, where, pos)
            return
        found = list(related(el, "substanceAdministration"))  # a discharge medication act wraps its activity
        if not found:
            yield Skip(where, "no medication activity in this entry")
        for i, admin in enumerate(found):
            yield self._medication(admin, where, (*pos, str(i)))

    def _medication(self, admin: Element, where: str, pos: tuple[str, ...]) -> dict[str, Any] | Skip:
        code_el = admin.find(v3("consumable/manufacturedProduct/manufacturedMaterial/code"))
        medication = self.doc.concept(code_el)
        if medication is None:
            return Skip(where, f"medication without a code or name ({null_reason(code_el) or 'no code'})")
        status_code = attr(admin, "statusCode") or ""
        if admin.get("negationInd") == "true":
            status = "not-taken"
        else:
            status = {
                "active": "active",
                "completed": "completed",
                "aborted": "stopped",
                "suspended": "on-hold",
                "nullified": "entered-in-error",
                "cancelled": "not-taken",
            }.get(status_code, "intended" if admin.get("moodCode") == "INT" else "unknown")
        res: dict[str, Any] = {"resourceType": "MedicationStatement", "id": self.doc.resource_id(admin, *pos)}
        ids = self.doc.identifiers(admin)
        if ids:
            res["identifier"] = ids
        res["status"] = status
        res["medicationCodeableConcept"] = medication
        res["subject"] = dict(self.doc.patient_ref)
        res.update(self.doc.effective(admin, "effective"))
        dosage: dict[str, Any] = {}
        text = self.doc.text_of(admin.find(f"{V3}text"))
        if text:
            dosage["text"] = text
        for timing in admin.findall(f"{V3}effectiveTime"):
            if "PIVL" in (timing.get(XSI_TYPE) or ""):
                period = timing.find(f"{V3}period")
                number = _number(period.get("value")) if period is not None else None
                unit = (period.get("unit") or "").strip() if period is not None else ""
                if number is not None and unit in ("s", "min", "h", "d", "wk", "mo", "a"):
                    dosage["timing"] = {"repeat": {"period": number, "periodUnit": unit}}
        route = self.doc.concept(admin.find(f"{V3}routeCode"))
        if route:
            dosage["route"] = route
        dose_el = admin.find(f"{V3}doseQuantity")
        dose = self.doc.quantity(dose_el) if dose_el is not None else None
        if dose:
            dosage["doseAndRate"] = [{"doseQuantity": dose}]
        if dosage:
            res["dosage"] = [dosage]
        reasons = [
            c
            for c in (self.doc.concept(o.find(f"{V3}value")) for o in related(admin, "observation", T_INDICATION))
            if c
        ]
        if reasons:
            res["reasonCode"] = reasons
        return res

    # ------------------------------------------------------------- results and vital signs

    def _observations(
        self, kind: str, el: Element, where: str, pos: tuple[str, ...]
    ) -> Iterator[dict[str, Any] | Skip]:
        if local(el) == "observation":
            yield self._observation(kind, el, where, pos)
            return
        found = [c for comp in el.findall(f"{V3}component") for c in comp.findall(f"{V3}observation")]
        if not found:
            yield Skip(where, "no observation in this entry")
        for i, obs in enumerate(found):
            yield self._observation(kind, obs, where, (*pos, str(i)))

    def _observation(self, kind: str, obs: Element, where: str, pos: tuple[str, ...]) -> dict[str, Any] | Skip:
        code_el = obs.find(f"{V3}code")
        code = self.doc.concept(code_el)
        label = (code or {}).get("text") or next((c.get("display") for c in (code or {}).get("coding", [])), None)
        if code is None:
            return Skip(where, f"observation without a code ({null_reason(code_el) or 'no code'})")
        value_el = obs.find(f"{V3}value")
        value = self.doc.value(value_el) if value_el is not None else None
        if value is None:
            why = null_reason(value_el) or ("no value" if value_el is None else "a value that could not be read")
            return Skip(f"{where} ({label or code_el.get('code') if code_el is not None else ''})", f"no result: {why}")
        status_code = attr(obs, "statusCode") or ""
        status = {
            "completed": "final",
            "active": "preliminary",
            "aborted": "cancelled",
            "cancelled": "cancelled",
            "nullified": "entered-in-error",
        }.get(status_code, "unknown")
        category = "vital-signs" if kind == "vital_signs" else "laboratory"
        res: dict[str, Any] = {"resourceType": "Observation", "id": self.doc.resource_id(obs, *pos)}
        ids = self.doc.identifiers(obs)
        if ids:
            res["identifier"] = ids
        res["status"] = status
        res["category"] = [_cc(CATEGORY_OBS, category)]
        res["code"] = code
        res["subject"] = dict(self.doc.patient_ref)
        res.update(self.doc.effective(obs, "effective"))
        res.update(value)
        interpretations = [c for c in (self.doc.concept(i) for i in obs.findall(f"{V3}interpretationCode")) if c]
        if interpretations:
            res["interpretation"] = interpretations
        ranges = []
        for rng in obs.findall(v3("referenceRange/observationRange")):
            value_rng = rng.find(f"{V3}value")
            item: dict[str, Any] = {}
            if value_rng is not None:
                for end in ("low", "high"):
                    q_el = value_rng.find(f"{V3}{end}")
                    quantity = self.doc.quantity(q_el) if q_el is not None else None
                    if quantity:
                        item[end] = quantity
            text = self.doc.text_of(rng.find(f"{V3}text"))
            if text:
                item["text"] = text
            if item:
                ranges.append(item)
        if ranges:
            res["referenceRange"] = ranges
        return res

    # ------------------------------------------------------------- immunizations

    def _immunization(self, el: Element, where: str, pos: tuple[str, ...]) -> Iterator[dict[str, Any] | Skip]:
        if local(el) != "substanceAdministration":
            yield Skip(where, f"not an immunization activity (a {local(el)})")
            return
        code_el = el.find(v3("consumable/manufacturedProduct/manufacturedMaterial/code"))
        vaccine = self.doc.concept(code_el)
        if vaccine is None:
            yield Skip(where, f"immunization without a vaccine code ({null_reason(code_el) or 'no code'})")
            return
        res: dict[str, Any] = {"resourceType": "Immunization", "id": self.doc.resource_id(el, *pos)}
        ids = self.doc.identifiers(el)
        if ids:
            res["identifier"] = ids
        refused = el.get("negationInd") == "true"
        res["status"] = "not-done" if refused else "completed"
        if refused:
            reason = next((self.doc.concept(o.find(f"{V3}code")) for o in related(el, "observation")), None)
            if reason:
                res["statusReason"] = reason
        res["vaccineCode"] = vaccine
        res["patient"] = dict(self.doc.patient_ref)
        when = self.doc.effective(el, "occurrence")
        if "occurrencePeriod" in when:
            when = {"occurrenceDateTime": when["occurrencePeriod"].get("start") or when["occurrencePeriod"]["end"]}
        res.update(when or {"occurrenceString": "unknown"})
        lot_el = el.find(v3("consumable/manufacturedProduct/manufacturedMaterial/lotNumberText"))
        lot = inline_text(lot_el) if lot_el is not None else ""
        if lot:
            res["lotNumber"] = lot
        route = self.doc.concept(el.find(f"{V3}routeCode"))
        if route:
            res["route"] = route
        dose_el = el.find(f"{V3}doseQuantity")
        dose = self.doc.quantity(dose_el) if dose_el is not None else None
        if dose and "unit" in dose:
            res["doseQuantity"] = dose
        yield res

    # ------------------------------------------------------------- procedures

    def _procedure(self, el: Element, where: str, pos: tuple[str, ...]) -> Iterator[dict[str, Any] | Skip]:
        code_el = el.find(f"{V3}code")
        code = self.doc.concept(code_el)
        if code is None:
            yield Skip(where, f"procedure without a code ({null_reason(code_el) or 'no code'})")
            return
        status_code = attr(el, "statusCode") or ""
        status = (
            "not-done"
            if el.get("negationInd") == "true"
            else {
                "completed": "completed",
                "active": "in-progress",
                "aborted": "stopped",
                "cancelled": "not-done",
                "new": "preparation",
                "held": "on-hold",
                "suspended": "on-hold",
                "nullified": "entered-in-error",
            }.get(status_code, "unknown")
        )
        res: dict[str, Any] = {"resourceType": "Procedure", "id": self.doc.resource_id(el, *pos)}
        ids = self.doc.identifiers(el)
        if ids:
            res["identifier"] = ids
        res["status"] = status
        res["code"] = code
        res["subject"] = dict(self.doc.patient_ref)
        res.update(self.doc.effective(el, "performed"))
        sites = [c for c in (self.doc.concept(s) for s in el.findall(f"{V3}targetSiteCode")) if c]
        if sites:
            res["bodySite"] = sites
        yield res

    # ------------------------------------------------------------- encounters

    def _encounter(self, el: Element, where: str, pos: tuple[str, ...]) -> Iterator[dict[str, Any] | Skip]:
        if local(el) != "encounter":
            yield Skip(where, f"not an encounter activity (a {local(el)})")
            return
        code_el = el.find(f"{V3}code")
        kind = self.doc.concept(code_el)
        res: dict[str, Any] = {"resourceType": "Encounter", "id": self.doc.resource_id(el, *pos)}
        ids = self.doc.identifiers(el)
        if ids:
            res["identifier"] = ids
        res["status"] = "finished" if el.get("moodCode", "EVN") == "EVN" else "planned"
        act_codes = [c for c in (kind or {}).get("coding", []) if c.get("system", "").endswith("v3-ActCode")]
        res["class"] = act_codes[0] if act_codes else {"extension": [{"url": DAR, "valueCode": "unknown"}]}
        if kind:
            res["type"] = [kind]
        res["subject"] = dict(self.doc.patient_ref)
        start, end = self.doc.period(next(iter(el.findall(f"{V3}effectiveTime")), None))
        if start or end:
            res["period"] = {k: v for k, v in (("start", start), ("end", end)) if v}
        reasons = [
            c for c in (self.doc.concept(o.find(f"{V3}value")) for o in related(el, "observation", T_INDICATION)) if c
        ]
        if reasons:
            res["reasonCode"] = reasons
        places = [
            clean(name.text)
            for name in el.findall(v3("participant/participantRole/playingEntity/name"))
            if clean(name.text)
        ]
        if places:
            res["location"] = [{"location": {"display": p}} for p in places]
        if kind is None and not start:
            yield Skip(where, f"encounter without a type or a date ({null_reason(code_el) or 'no code'})")
            return
        yield res


def _cc(system: str, code: str) -> dict[str, Any]:
    return {"coding": [{"system": system, "code": code}]}


def patient_resource(doc: Document) -> dict[str, Any]:
    """The document's patient (recordTarget) as a FHIR Patient."""
    role = doc.root.find(v3("recordTarget/patientRole"))
    res: dict[str, Any] = {"resourceType": "Patient", "id": doc.patient_id}
    if role is None:
        return res
    ids = doc.identifiers(role)
    if ids:
        res["identifier"] = ids
    patient = role.find(f"{V3}patient")
    if patient is None:
        return res
    names = []
    for name in patient.findall(f"{V3}name"):
        given = [clean(g.text) for g in name.findall(f"{V3}given") if clean(g.text)]
        family = " ".join(clean(f.text) for f in name.findall(f"{V3}family") if clean(f.text))
        entry: dict[str, Any] = {}
        use = {"L": "official", "C": "official", "P": "nickname", "BR": "maiden", "OR": "official"}.get(
            (name.get("use") or "").split(" ")[0]
        )
        if use:
            entry["use"] = use
        if family:
            entry["family"] = family
        if given:
            entry["given"] = given
        if not given and not family and clean(name.text):
            entry["text"] = clean(name.text)
        if entry.keys() - {"use"}:
            names.append(entry)
    if names:
        res["name"] = names
    gender = attr(patient, "administrativeGenderCode")
    if gender:
        res["gender"] = {"M": "male", "F": "female", "UN": "other"}.get(gender, "unknown")
    birth = doc.ts(patient.find(f"{V3}birthTime"))
    if birth:
        res["birthDate"] = birth[:10]
    return res

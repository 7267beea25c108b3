"""C-CDA R2.1 documents (a CCD, a discharge summary, a referral note) from a US-style hospital record.

The entries of the sections the wallet shows (problems, allergies, medications, results, vital
signs, immunizations, procedures, encounters; see :mod:`connectors.ccda.mapping`) become FHIR R4
resources, read exactly as the FHIR connector reads FHIR: the same kinds (Condition,
AllergyIntolerance, MedicationStatement, Observation, Immunization, Procedure, Encounter), the
same code systems, values, units and payloads, so views, shares (the IPS export) and the
emergency record treat them alike, and a vital sign lands in the same measurement type as the
FHIR Observation of the same reading.  The patient (recordTarget) becomes a Patient with its
PersonHint.  The document itself is kept as a document record: the original XML as an
attachment, with a plain-text rendering of its sections (titles and narrative) beside it,
searchable; its HTML/XSL is never rendered.

Why not a converter library: ``ccda-to-fhir`` 0.3 (PyPI, alpha) was tried against HL7's
samples; it mints random UUIDs on every run (the same file would not give the same records
twice, so re-importing would duplicate), drops the discharge medications and the admission and
discharge diagnoses of the discharge summary, and parses with lxml's default parser (entities
expanded), a new binary dependency.  The mapping here follows the "C-CDA on FHIR" guide for the
sections above only.

Security: parsed with defusedxml with DTDs forbidden (no entity expansion, no external
entities), a size limit and a nesting limit.  Apple Health's ``export_cda.xml`` (a CDA copy of
export.xml, with the id extension ``Health Export CDA``) is not claimed: the Apple Health
connector explains it.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Iterator
from typing import Any, ClassVar
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from connectors.ccda.mapping import Document, Mapper, Skip, patient_resource, section_kind, section_title, v3
from connectors.ccda.narrative import V3, inline_text, render
from connectors.fhir import FhirConnector
from wallet import limits
from wallet.errors import ConnectorError
from wallet.imports.connector import Connector, ImportContext, Source
from wallet.model import Attachment, Domain, Provenance, Record, SkippedItem

MAX_BYTES = 16 * 1024 * 1024
"""A C-CDA is read whole (ElementTree, several times its size in memory); hospital CCDs are a few MB."""
MAX_NESTING = limits.MAX_DOCUMENT_NESTING
APPLE_CDA_NAME = "export_cda.xml"
APPLE_CDA_MARK = b'extension="Health Export CDA"'
_ROOT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?ClinicalDocument[\s>/]")
DOCUMENT_KINDS = {
    "34133-9": "Continuity of Care Document",
    "18842-5": "Discharge summary",
    "57133-1": "Referral note",
    "11488-4": "Consultation note",
    "34117-2": "History and physical note",
    "11506-3": "Progress note",
    "28570-0": "Procedure note",
    "11504-8": "Operative note",
    "18748-4": "Diagnostic imaging report",
    "34746-8": "Care plan",
}


def is_apple_cda(source: Source) -> bool:
    """Apple Health's export_cda.xml (by its name or the id Apple gives it): a copy of export.xml."""
    return source.name.lower() == APPLE_CDA_NAME or APPLE_CDA_MARK in source.head


def parse(source: Source) -> tuple[Element, bytes]:
    """The document's root element and its bytes, parsed safely; ConnectorError naming the problem for bad input."""
    data = source.read_bytes(MAX_BYTES)
    depth = 0
    root: Element | None = None
    try:
        for event, el in iterparse(io.BytesIO(data), events=("start", "end"), forbid_dtd=True):
            if event == "start":
                depth += 1
                root = el if root is None else root
                if depth > MAX_NESTING:
                    raise ConnectorError(f"{source.name}: {limits.too_deep(MAX_NESTING)}")
            else:
                depth -= 1
    except DefusedXmlException as exc:
        raise ConnectorError(
            f"{source.name}: refused, the XML declares a DTD or entities ({type(exc).__name__}); "
            "a C-CDA document has none"
        ) from exc
    except ParseError as exc:
        raise ConnectorError(f"{source.name}: not well-formed XML ({_parse_problem(exc)})") from exc
    if root is None:
        raise ConnectorError(f"{source.name}: empty document")
    if root.tag != f"{V3}ClinicalDocument":
        found = root.tag.replace(V3, "")
        raise ConnectorError(
            f"{source.name}: not an HL7 C-CDA document (the root element is <{found}>, not <ClinicalDocument> "
            "in the urn:hl7-org:v3 namespace)"
        )
    return root, data


def _parse_problem(exc: ParseError) -> str:
    line, column = getattr(exc, "position", (0, 0))
    text = str(exc).split(":", 1)[0]
    if "no element found" in text or "unclosed token" in text:
        return f"it ends early, at line {line}: the file is truncated"
    if "invalid token" in text or "encoding" in text:
        return f"line {line}, column {column}: {text}; is the file in the encoding it declares (UTF-8)?"
    return f"line {line}, column {column}: {text}"


class _FhirRecords(FhirConnector):
    """The FHIR connector's record making, signed as this connector's in provenance."""

    id = "ccda"
    version = "1"


class CcdaConnector(Connector):
    """HL7 C-CDA R2.1 documents, mapped to the FHIR records the FHIR connector makes."""

    id: ClassVar[str] = "ccda"
    name: ClassVar[str] = "C-CDA health record (CCD, discharge summary, referral note)"
    version: ClassVar[str] = _FhirRecords.version
    domains: ClassVar[tuple[Domain, ...]] = (Domain.HEALTH, Domain.PROFILE, Domain.DOCUMENTS)
    accepts: ClassVar[str] = (
        "HL7 C-CDA R2.1 XML: a Continuity of Care Document (CCD), a discharge summary, a referral note"
    )
    extensions: ClassVar[tuple[str, ...]] = (".xml", ".cda", ".ccd", ".ccda")
    max_size: ClassVar[int | None] = MAX_BYTES

    def identify(self, source: Source) -> bool:
        """An XML file whose root is ``<ClinicalDocument>`` in the HL7 v3 namespace (any prefix), not Apple's copy."""
        if source.suffix not in (*self.extensions, ""):
            return False
        head = source.head
        return bool(_ROOT.search(head[:16384])) and b"urn:hl7-org:v3" in head and not is_apple_cda(source)

    def read(self, source: Source, context: ImportContext) -> Iterator[Record | SkippedItem]:
        """The patient, the mapped entries as FHIR records, then the document with its text rendering."""
        if is_apple_cda(source):
            raise ConnectorError(
                f"{source.name}: this is Apple Health's export_cda.xml, a CDA copy of the same data as export.xml; "
                "import export.xml or the whole export.zip with the Apple Health connector instead"
            )
        validate = bool(context.options.get("validate", True))
        root, data = parse(source)
        context.progress(source.size, source.size)
        doc = Document(root, _doc_key(root, source))
        patient = patient_resource(doc)
        entries: list[dict[str, Any]] = [{"fullUrl": f"urn:uuid:{doc.patient_id}", "resource": patient}]
        skipped: list[SkippedItem] = []
        mapper = Mapper(doc, source.name)
        body = root.find(v3("component/structuredBody"))
        sections = [] if body is None else _sections(body)
        for index, section in enumerate(sections):
            kind = section_kind(section)
            if kind is None:
                continue
            for item in mapper.section(kind, section, index):
                if isinstance(item, Skip):
                    skipped.append(SkippedItem(where=item.where, reason=item.reason))
                else:
                    entries.append({"fullUrl": f"urn:uuid:{item['id']}", "resource": item})
        bundle = {"resourceType": "Bundle", "type": "collection", "entry": entries}
        records = _FhirRecords()
        records._long_texts_possible = source.size > limits.MAX_TEXT_CHARS
        patient_key = f"Patient/{doc.patient_id}"
        yield from records.records_from_resource(bundle, source, validate)
        yield from skipped
        yield self._document(root, data, source, patient_key, sections)

    def _document(
        self, root: Element, data: bytes, source: Source, patient_key: str, sections: list[Element]
    ) -> Record:
        """The document record: the original XML and its plain-text rendering as attachments."""
        text = render(root)
        title_el = root.find(f"{V3}title")
        code = root.find(f"{V3}code")
        code_value = code.get("code") if code is not None else None
        title = (inline_text(title_el) if title_el is not None else "") or DOCUMENT_KINDS.get(
            code_value or "", "Clinical document"
        )
        when = doc_date(root)
        custodian = root.find(v3("custodian/assignedCustodian/representedCustodianOrganization/name"))
        stem = source.name.rsplit(".", 1)[0] or "document"
        payload: dict[str, Any] = {
            "doc_type": "other",
            "issuer": inline_text(custodian) if custodian is not None else None,
            "date": when,
            "amount": None,
            "currency": None,
            "tags": ["c-cda"],
            "media_type": "application/xml",
            "size": len(data),
            "title": title,
            "cda": {
                "code": code_value,
                "kind": DOCUMENT_KINDS.get(code_value or ""),
                "sections": [section_title(s) for s in sections],
                "text_attachment": f"{stem}.txt",
            },
        }
        from wallet.document_fields import apply_metadata

        rec = Record(
            domain=Domain.DOCUMENTS,
            kind="document",
            title=title,
            text=text[: limits.MAX_TEXT_CHARS],
            payload=payload,
            attachments=[
                Attachment(name=source.name, media_type="application/xml", data=data),
                Attachment(name=f"{stem}.txt", media_type="text/plain", data=text.encode("utf-8")),
            ],
            provenance=Provenance(**self.provenance(source, original_id=_doc_id(root))),
            subject_key=patient_key,
        )
        apply_metadata(rec, {**payload, "file_name": source.name})
        return rec


def _sections(body: Element) -> list[Element]:
    """Every section of the body, nested ones after their parent."""
    out: list[Element] = []
    stack = [c.find(f"{V3}section") for c in reversed(body.findall(f"{V3}component"))]
    while stack:
        section = stack.pop()
        if section is None:
            continue
        out.append(section)
        stack.extend(c.find(f"{V3}section") for c in reversed(section.findall(f"{V3}component")))
    return out


def _doc_id(root: Element) -> str | None:
    ident = root.find(f"{V3}id")
    if ident is None or not ident.get("root"):
        return None
    return f"{ident.get('root')}|{ident.get('extension') or ''}".rstrip("|")


def _doc_key(root: Element, source: Source) -> str:
    """What the resources' ids are made from: the document's own id, else the file's content."""
    return _doc_id(root) or hashlib.sha256(source.sha256.encode()).hexdigest()


def doc_date(root: Element) -> str | None:
    """The document's date (``effectiveTime``), as an ISO date."""
    when = root.find(f"{V3}effectiveTime")
    value = (when.get("value") or "") if when is not None else ""
    if len(value) >= 8 and value[:8].isdigit():
        return f"{value[:4]}-{value[4:6]}-{value[6:8]}"
    return None

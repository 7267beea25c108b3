"""FHIR R4 JSON: Bundles (collection, transaction, document, searchset, ...), single
resources and NDJSON (Bulk Data export).

Lenient on input: every resource is kept as imported, and a resource that does
not validate with ``fhir.resources`` (R4B models, which read R4 content) is
kept with its validation problems recorded in its provenance warnings, rather
than dropping real-world data.
"""

from __future__ import annotations

import itertools
import json
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

from pydantic import ValidationError

from wallet import limits
from wallet.errors import ConnectorError, validation_problems
from wallet.imports.connector import Connector, ImportContext, Source
from wallet.model import Domain, PersonHint, Provenance, Record, SkippedItem

from . import krcore, worker

MAX_JSON_BYTES = limits.MAX_JSON_DOCUMENT_BYTES  # one JSON document; NDJSON streams at any size

CODE_SYSTEMS = {
    "http://loinc.org": "LOINC",
    "http://snomed.info/sct": "SNOMED CT",
    "http://www.nlm.nih.gov/research/umls/rxnorm": "RxNorm",
    "http://hl7.org/fhir/sid/cvx": "CVX",
    "http://hl7.org/fhir/sid/icd-10": "ICD-10",
    "http://hl7.org/fhir/sid/icd-10-cm": "ICD-10-CM",
    "http://www.whocc.no/atc": "ATC",
    "http://unitsofmeasure.org": "UCUM",
    **krcore.CODE_SYSTEMS,  # KR Core: KCD-8, HIRA EDI, KPIS ... (connectors/fhir/krcore.py)
}

_ID_PREFIX = uuid.uuid4().hex[:16]
_ids = itertools.count()
"""A record's id: random for the process, then counted (a uuid4 per record costs a system call, and the
pipeline gives an imported record its own id anyway)."""

PROFILE_KINDS = {"Patient", "RelatedPerson", "Person"}
START_FIELDS = (
    "effectiveDateTime",
    "effectivePeriod",
    "effectiveInstant",
    "onsetDateTime",
    "onsetPeriod",
    "performedDateTime",
    "performedPeriod",
    "occurrenceDateTime",
    "period",
    "authoredOn",
    "recordedDate",
    "issued",
    "billablePeriod",
    "created",
    "date",
    "dateAsserted",
    "birthDate",
)
END_FIELDS = ("effectivePeriod", "onsetPeriod", "performedPeriod", "period", "billablePeriod", "abatementDateTime")


def parse_fhir_datetime(value: Any, end: bool = False) -> datetime | None:
    """FHIR date, dateTime or instant into an aware datetime (date-only means UTC midnight)."""
    if not isinstance(value, str) or not value:
        return None
    text = value.strip()
    try:
        if len(text) == 4:
            return datetime(int(text), 1, 1, tzinfo=UTC)
        if len(text) == 7:
            return datetime(int(text[:4]), int(text[5:7]), 1, tzinfo=UTC)
        if len(text) == 10:
            d = date.fromisoformat(text)
            return datetime(d.year, d.month, d.day, tzinfo=UTC)
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def fhir_date_only(value: Any) -> bool:
    """True for a FHIR ``date`` (``2019``, ``2019-03``, ``2019-03-11``): a day at most, no time of day."""
    return isinstance(value, str) and 0 < len(value.strip()) <= 10


def _first_coding(concept: Any) -> tuple[str | None, str | None, str | None, str | None]:
    """(system, code, display, text) of a CodeableConcept."""
    if not isinstance(concept, dict):
        return None, None, None, None
    codings = concept.get("coding") or []
    if not isinstance(codings, list):
        codings = []
    # a concept with a Korean coding (KR Core) is named by LOINC, else by the Korean coding and its Korean display
    coding = krcore.preferred_coding(codings) or (codings[0] if codings and isinstance(codings[0], dict) else {})
    return coding.get("system"), coding.get("code"), coding.get("display"), concept.get("text")


def _concept(resource: dict[str, Any]) -> Any:
    for key in (
        "code",
        "vaccineCode",
        "medicationCodeableConcept",
        "type",
        "category",
        "class",
        "relationship",
    ):
        value = resource.get(key)
        if isinstance(value, list):
            value = value[0] if value else None
        if isinstance(value, dict) and ("coding" in value or "text" in value):
            return value
    return None


def human_name(names: Any) -> tuple[str | None, str | None, str | None]:
    """(full name, given, family) from a FHIR HumanName list, preferring the official one."""
    if not isinstance(names, list) or not names:
        return None, None, None
    chosen = next((n for n in names if isinstance(n, dict) and n.get("use") == "official"), names[0])
    if not isinstance(chosen, dict):
        return None, None, None
    given_parts = chosen.get("given") or []
    given = " ".join(str(g) for g in given_parts) if isinstance(given_parts, list) else str(given_parts)
    family = chosen.get("family") if isinstance(chosen.get("family"), str) else None
    text = chosen.get("text") if isinstance(chosen.get("text"), str) else None
    full = text or " ".join(p for p in (given, family) if p) or None
    return full, given or None, family


def _period_part(value: Any, end: bool) -> Any:
    if isinstance(value, dict):
        return value.get("end" if end else "start")
    return None if end else value


def _title(rt: str, resource: dict[str, Any], display: str | None, text: str | None) -> str:
    if rt == "Patient":
        name = human_name(resource.get("name"))[0]
        return f"Patient: {name}" if name else "Patient"
    if rt in {"Organization", "Location"} and resource.get("name"):
        return f"{rt}: {resource['name']}"
    if rt in {"Practitioner", "RelatedPerson"}:
        name = human_name(resource.get("name"))[0]
        return f"{rt}: {name}" if name else rt
    label = text or display
    return f"{label}" if label else rt


class FhirConnector(Connector):
    """FHIR R4 JSON health records."""

    id = "fhir"
    name = "FHIR health records"
    version = "1"
    domains = (Domain.HEALTH, Domain.PROFILE)
    accepts = "FHIR R4 JSON: a Bundle (collection, transaction, document, searchset), a single resource, or NDJSON"
    extensions = (".json", ".ndjson", ".fhir")
    _long_texts_possible = True
    """Whether the document or line being read is long enough to hold a text over limits.MAX_TEXT_CHARS
    (then each resource is walked before it is validated; a small one cannot hold one)."""

    def identify(self, source: Source) -> bool:
        """A JSON object or NDJSON line whose first keys include ``resourceType``."""
        if source.suffix not in {".json", ".ndjson", ".fhir", ".jsonl", ""}:
            return False
        head = source.head_text().lstrip()
        if not head.startswith("{"):
            return False
        first_line = head.split("\n", 1)[0]
        if source.suffix in {".ndjson", ".jsonl"}:
            try:
                first = json.loads(first_line)
                return isinstance(first, dict) and "resourceType" in first
            except (ValueError, RecursionError):
                return False
        return '"resourceType"' in head[:4096] and not any(
            k in head[:4096] for k in ('"verifiableCredential"', '"credentialSubject"')
        )

    def read(self, source: Source, context: ImportContext) -> Iterator[Record | SkippedItem]:
        """Records for every resource; Patients carry a PersonHint for the pipeline."""
        validate = bool(context.options.get("validate", True))
        if source.suffix in {".ndjson", ".jsonl"} or self._looks_ndjson(source):
            yield from self._read_ndjson(source, context, validate)
            return
        if source.size > MAX_JSON_BYTES:
            raise ConnectorError(
                f"{source.name}: {limits.mb(source.size)} is over the {limits.mb(MAX_JSON_BYTES)} limit for one "
                "FHIR JSON document; FHIR NDJSON (one resource a line) has no size limit"
            )
        data = source.read_bytes(MAX_JSON_BYTES)
        doc = limits.load_json(data, source.name)
        self._long_texts_possible = len(data) > limits.MAX_TEXT_CHARS
        if not isinstance(doc, dict) or not isinstance(doc.get("resourceType"), str):
            raise ConnectorError(f"{source.name}: not a FHIR resource (no resourceType)")
        context.progress(len(data), len(data))
        yield from self.records_from_resource(doc, source, validate)

    @staticmethod
    def _looks_ndjson(source: Source) -> bool:
        lines = [ln for ln in source.head_text().splitlines() if ln.strip()]
        if len(lines) < 2:
            return False
        try:
            return all(isinstance(json.loads(ln), dict) for ln in lines[:2])
        except (ValueError, RecursionError):
            return False

    def _read_ndjson(self, source: Source, context: ImportContext, validate: bool) -> Iterator[Record | SkippedItem]:
        # a large file is validated in a second process while this one maps and stores (worker.py)
        helper = worker.start() if validate and source.size >= worker.MIN_BYTES else None
        finished = False
        try:
            if helper is None:
                yield from (item for item, _ in self._ndjson_items(source, context, validate, False))
            else:
                yield from worker.validated(self._ndjson_items(source, context, False, True), helper)
            finished = True
        finally:
            if helper is not None:  # at the end it has nothing left to do; else (cancelled, failed) ended at once
                helper.close(wait=finished)

    def _ndjson_items(
        self, source: Source, context: ImportContext, validate: bool, with_lines: bool
    ) -> Iterator[tuple[Record | SkippedItem, bytes | None]]:
        """Each line's item; ``with_lines``: each record (built unvalidated) with the line to validate."""
        total = source.size
        done = 0
        patients: dict[str, str] = {}
        with source.open() as fh:
            lineno = 0
            while True:
                raw, too_long = limits.read_line(fh)
                lineno += 1
                if too_long:
                    done = fh.tell() if fh.seekable() else done
                    yield SkippedItem(where=f"{source.name} line {lineno}", reason=limits.line_too_long()), None
                    continue
                if not raw:
                    break
                done += len(raw)
                if not raw.strip():
                    continue
                self._long_texts_possible = len(raw) > limits.MAX_TEXT_CHARS
                if limits.nesting_exceeds(raw):
                    too_deep = limits.too_deep(limits.MAX_DOCUMENT_NESTING)
                    yield SkippedItem(where=f"{source.name} line {lineno}", reason=too_deep), None
                    continue
                if lineno == 1:
                    raw = worker.without_bom(raw)  # as "utf-8-sig" reads it
                try:
                    resource = worker.loads_line(raw)
                except UnicodeDecodeError as exc:
                    where = f"{source.name} line {lineno}"
                    yield SkippedItem(where=where, reason=f"not UTF-8 text (byte {exc.start})"), None
                    continue
                except ConnectorError as exc:
                    yield SkippedItem(where=f"{source.name} line {lineno}", reason=str(exc).removeprefix(": ")), None
                    continue
                if not isinstance(resource, dict) or not isinstance(resource.get("resourceType"), str):
                    yield SkippedItem(where=f"{source.name} line {lineno}", reason="not a FHIR resource"), None
                    continue
                item = self._safe_record(resource, None, source, validate, patients)
                yield item, (raw if with_lines and isinstance(item, Record) else None)
                if lineno % 1000 == 0:
                    context.progress(done, total)
        context.progress(total, total)

    def records_from_resource(
        self, doc: dict[str, Any], source: Source, validate: bool = True
    ) -> Iterator[Record | SkippedItem]:
        """Records for a resource, or for every entry of a Bundle (nested Bundles too)."""
        if doc.get("resourceType") != "Bundle":
            yield self._safe_record(doc, None, source, validate, {}, sole=True)
            return
        # Every entry of the file, nested Bundles' too: a reference is resolved across the whole
        # file, and the patients come first (a document's Composition precedes its Patient), so
        # each record finds its person whatever the order of the entries.
        entries = list(_entries(doc))
        patients: dict[str, str] = {}
        keys: set[str] = set()
        for entry in entries:
            res = entry["resource"]
            if res.get("resourceType") == "Patient":
                key = self._patient_key(res, entry.get("fullUrl"))
                keys.add(key)
                if entry.get("fullUrl"):
                    patients[str(entry["fullUrl"])] = key
        sole = len(keys) == 1
        entries.sort(key=lambda e: e["resource"].get("resourceType") != "Patient")  # stable: patients first
        for entry in entries:
            yield self._safe_record(entry["resource"], entry.get("fullUrl"), source, validate, patients, sole=sole)

    @staticmethod
    def _patient_key(resource: dict[str, Any], full_url: Any) -> str:
        if resource.get("id"):
            return f"Patient/{resource['id']}"
        return str(full_url or "Patient/?")

    @staticmethod
    def _subject_key(resource: dict[str, Any], patients: dict[str, str]) -> str | None:
        for key in ("subject", "patient", "beneficiary"):
            ref = resource.get(key)
            if isinstance(ref, dict) and isinstance(ref.get("reference"), str):
                target: str = ref["reference"]
                if target in patients:
                    return patients[target]
                if "Patient/" in target:
                    return "Patient/" + target.rsplit("Patient/", 1)[1].split("/_history")[0]
                return target
        return None

    def _safe_record(
        self,
        resource: dict[str, Any],
        full_url: Any,
        source: Source,
        validate: bool,
        patients: dict[str, str],
        sole: bool = False,
    ) -> Record | SkippedItem:
        """One resource's record, or a SkippedItem saying why this one resource could not be read.

        ``sole``: the file names no other patient than this one (see ``PersonHint.sole``).
        """
        rid = resource.get("id")
        where = f"{source.name}: {resource.get('resourceType')}/{rid if isinstance(rid, str) else '?'}"
        # before validating: a huge text takes tens of times its size (only a large document or line can hold one)
        problem = limits.tree_problem(resource) if self._long_texts_possible else None
        if problem:
            return SkippedItem(where=where, reason=problem)
        try:
            return self._record(resource, full_url, source, validate, patients, sole)
        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            if isinstance(exc, ValidationError):
                reason = "; ".join(validation_problems(exc, limit=1))
            else:
                reason = f"{type(exc).__name__}: {exc}"
            return SkippedItem(where=where, reason=f"unreadable resource ({reason})")

    def _record(
        self,
        resource: dict[str, Any],
        full_url: Any,
        source: Source,
        validate: bool,
        patients: dict[str, str],
        sole: bool = False,
    ) -> Record:
        rt = str(resource["resourceType"])
        warnings = validation_warnings(resource) if validate else []
        system, code, display, text = _first_coding(_concept(resource))
        start = end = None
        date_only = False
        for key in START_FIELDS:
            if key in resource:
                raw_start = _period_part(resource[key], end=False)
                start = parse_fhir_datetime(raw_start)
                if start:
                    date_only = fhir_date_only(raw_start)
                    break
        for key in END_FIELDS:
            if isinstance(resource.get(key), dict) or key == "abatementDateTime":
                end = parse_fhir_datetime(_period_part(resource.get(key), end=True))
                if end:
                    break
        value = unit = None
        quantity = resource.get("valueQuantity")
        if isinstance(quantity, dict) and isinstance(quantity.get("value"), int | float):
            value = limits.as_float(quantity["value"])
            if value is None:
                warnings.append("valueQuantity.value is beyond the range of a number; kept in the payload only")
            unit = quantity.get("unit") or quantity.get("code")
        hint = None
        subject_key = self._subject_key(resource, patients)
        if rt == "Patient":
            full, given, family = human_name(resource.get("name"))
            ids = [
                f"{i.get('system', '')}|{i.get('value')}"
                for i in resource.get("identifier") or []
                if isinstance(i, dict) and i.get("value")
            ]
            birth = None
            if isinstance(resource.get("birthDate"), str):
                try:
                    birth = date.fromisoformat(resource["birthDate"][:10])
                except ValueError:
                    birth = None
            subject_key = self._patient_key(resource, full_url)
            hint = PersonHint(
                subject_key=subject_key,
                name=full,
                given=given,
                family=family,
                birth_date=birth,
                sex=resource.get("gender"),
                identifiers=ids,
                sole=sole,
            )
        notes = _search_extra(resource)
        kr_profile = krcore.profile(resource)
        return Record(
            id=f"{_ID_PREFIX}{next(_ids):016x}",
            domain=Domain.PROFILE if rt in PROFILE_KINDS else Domain.HEALTH,
            kind=rt,
            title=_title(rt, resource, display, text),
            start=start,
            end=end,
            date_only=date_only,
            value=value,
            unit=unit,
            code_system=CODE_SYSTEMS.get(system or "", system),
            code=code,
            code_display=display or text,
            text=notes or None,
            payload=resource,
            provenance=Provenance(
                **self.provenance(source, original_id=str(full_url or f"{rt}/{resource.get('id', '')}")),
                warnings=warnings,
            ),
            subject_key=subject_key,
            person_hint=hint,
            tags=[f"krcore:{kr_profile}"] if kr_profile else [],
        )


def _entries(bundle: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The entries of a Bundle holding a resource, in order; a nested Bundle's entries in its place."""
    for entry in bundle.get("entry") or []:
        if not isinstance(entry, dict) or not isinstance(entry.get("resource"), dict):
            continue
        if entry["resource"].get("resourceType") == "Bundle":
            yield from _entries(entry["resource"])
        else:
            yield entry


def _search_extra(resource: dict[str, Any]) -> str:
    parts: list[str] = []
    for comp in resource.get("component") or []:
        if isinstance(comp, dict):
            _, _, display, text = _first_coding(comp.get("code"))
            if display or text:
                parts.append(str(display or text))
    for note in resource.get("note") or []:
        if isinstance(note, dict) and note.get("text"):
            parts.append(str(note["text"]))
    for reaction in resource.get("reaction") or []:
        for manifestation in (reaction or {}).get("manifestation") or []:
            _, _, display, text = _first_coding(manifestation)
            if display or text:
                parts.append(str(display or text))
    if resource.get("resourceType") == "Composition" and resource.get("title"):
        parts.append(str(resource["title"]))
    return "\n".join(parts)


def validation_warnings(resource: dict[str, Any]) -> list[str]:
    """Problems fhir.resources finds in a resource (empty when it validates)."""
    from fhir.resources.R4B import get_fhir_model_class

    rt = str(resource.get("resourceType"))
    try:
        model = get_fhir_model_class(rt)
    except (KeyError, ValueError, AttributeError, ImportError):
        return [f"unknown FHIR resource type {rt!r}"]
    try:
        model.model_validate(resource)
    except ValidationError as exc:
        return validation_problems(exc, root=rt)
    except Exception as exc:  # fhir.resources raises assorted types on odd input
        return [f"{rt}: could not be validated ({type(exc).__name__}: {exc})"]
    return []

"""National health screening results (국민건강보험공단 건강검진) as people download them: ASTM CCR XML.

The 국민건강보험공단 (NHIS) gives a person's 일반건강검진 results for download (나의건강기록,
건강in "1차건강검진결과") as an ASTM E2369 Continuity of Care Record: the root
``<ccr:ContinuityOfCareRecord xmlns:ccr="urn:astm-org:CCR">``, a document id
``NHIS.YYYYMMDDhhmmss`` (the download time), and one ``Result`` per test under
``Body/VitalSigns`` (신장, 체중, 허리둘레, BMI, 시력, 청력) and ``Body/Results`` (혈압, 요단백,
혈액검사-...).  Each result names its test in Korean twice (``Type/Text`` such as
``혈액검사-공복혈당``, ``Description/Text`` such as ``공복혈당``), its screening date in
``DateTime/ExactDateTime`` (``YYYY-MM-DD``) and its value and unit in
``Test/TestResult/Value`` and ``Units/Unit`` (``mg/dl``, ``kg/㎡``; some values are text such
as ``정상/정상`` or ``음성``).  ``Source/Actor/ActorID`` may point at an ``Actors/Actor`` that
names the screening institution; the files seen leave these blocks empty.

Each result becomes one ``Observation`` record: its LOINC code from the reviewed table
``resources/terms/nhis_ccr_loinc.tsv`` where one fits, its Korean name, the screening date (a date,
in Korea's zone, docs/clock.md) and the institution when the file names one.  Systolic and diastolic
blood pressure of one screening become one record holding both (a FHIR blood-pressure panel), so
they land in the ``blood_pressure`` measurement type as one reading.  A text result is kept as text,
with no value.  Units are normalised (``kg/㎡`` -> ``kg/m2`` by NFKC, ``mg/dl`` -> ``mg/dL``).
The payload is the result as a FHIR R4 Observation, with the file's own names in ``note``.

Parsing goes through defusedxml (no DTD, entities or external references) with a nesting limit;
the file is small (44 KB for two screenings) and is refused above :data:`MAX_BYTES`.
"""

from __future__ import annotations

import math
import re
import unicodedata
import xml.etree.ElementTree as ET  # only for types and ParseError; parsing goes through defusedxml
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from functools import cache
from typing import Any, ClassVar

import defusedxml
import defusedxml.ElementTree as DET

from wallet.errors import ConnectorError
from wallet.imports.connector import Connector, ImportContext, Source
from wallet.model import Domain, Provenance, Record, SkippedItem
from wallet.resources import resource_path
from wallet.terms import units

CCR = "urn:astm-org:CCR"
_NS = f"{{{CCR}}}"
MAX_BYTES = 8 * 1024 * 1024
"""The largest file read: a real download is 44 KB for two screenings."""
MAX_DEPTH = 32
"""Elements nested deeper than this are refused (a CCR result is 7 levels deep)."""
KST = timezone(timedelta(hours=9), "KST")
"""Screening dates are days in Korea."""
LOINC = "LOINC"
"""The code system name records carry for LOINC (as the FHIR connector's records do)."""
LOINC_URL = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
LOCAL_SYSTEM = "NHIS 건강검진"
"""The code system of a result no LOINC code fits: its code is the test's Korean name."""
BP_PANEL = "85354-9"
SYSTOLIC = "8480-6"
DIASTOLIC = "8462-4"
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")
_PREFIXES = ("혈액검사-", "요검사-")
_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"


@dataclass(frozen=True)
class Mapping:
    """One reviewed row of ``resources/terms/nhis_ccr_loinc.tsv``."""

    key: str
    loinc: str | None
    """None: reviewed, no LOINC code fits."""
    file_unit: str
    ucum: str
    category: str
    check: str

    @property
    def verified(self) -> bool:
        """Whether the code was checked against published sources (see the table's ``check`` column)."""
        return self.check.startswith("verified")


def _norm(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).casefold().split())


@cache
def mapping_table() -> dict[str, Mapping]:
    """The reviewed table, keyed by the normalised test name."""
    table: dict[str, Mapping] = {}
    with resource_path("terms", "nhis_ccr_loinc.tsv").open(encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\r\n")
            if not line or line.startswith("#"):
                continue
            cells = [c.strip() for c in line.split("\t")]
            if len(cells) != 6:
                raise ValueError(f"resources/terms/nhis_ccr_loinc.tsv: {len(cells)} columns in {line!r}, expected 6")
            key, code, file_unit, ucum, category, check = cells
            table[_norm(key)] = Mapping(key, None if code == "-" else code, file_unit, ucum, category, check)
    return table


def find_mapping(description: str | None, type_text: str | None) -> Mapping | None:
    """The row for a result: by its Description/Text, else its Type/Text (with or without ``혈액검사-``)."""
    table = mapping_table()
    for name in (description, type_text):
        if not name:
            continue
        for candidate in (name, *(name[len(p) :] for p in _PREFIXES if name.startswith(p))):
            row = table.get(_norm(candidate))
            if row is not None:
                return row
    return None


def normalise_unit(text: str | None, row: Mapping | None = None) -> str | None:
    """The UCUM unit a file's unit means: the row's when it is the unit the table expects, else NFKC
    and the usual spellings (``kg/㎡`` -> ``kg/m2``, ``mg/dl`` -> ``mg/dL``); None when empty."""
    if text is None or not text.strip():
        return None
    raw = unicodedata.normalize("NFKC", text.strip())
    if row is not None and row.ucum and raw.casefold() == unicodedata.normalize("NFKC", row.file_unit).casefold():
        return row.ucum
    return units.to_ucum(raw) or raw


def parse_number(text: str | None) -> float | None:
    """The number a value holds (``173.0``, ``1,234``), or None for a text result (``정상/정상``)."""
    if text is None:
        return None
    cleaned = text.strip().replace(",", "")
    if not _NUMBER.fullmatch(cleaned):
        return None
    value = float(cleaned)
    return value if math.isfinite(value) else None


def _text(el: ET.Element | None, *path: str) -> str | None:
    """The stripped text at ``path`` below ``el`` (CCR element names, without the namespace), or None."""
    node = el
    for step in path:
        if node is None:
            return None
        node = node.find(_NS + step)
    if node is None or node.text is None:
        return None
    value = " ".join(node.text.split())
    return value or None


@dataclass
class _Result:
    object_id: str
    section: str
    type_text: str | None
    description: str | None
    day: date
    value_text: str | None
    unit_text: str | None
    institution: str | None
    row: Mapping | None

    @property
    def name(self) -> str:
        return (
            self.description
            if self.description and self.description not in ("SBP", "DBP")
            else (self.type_text or self.description or self.object_id)
        )


class NhisCheckupConnector(Connector):
    """국민건강보험공단 건강검진 results: the ASTM CCR XML that 나의건강기록 and 건강in give for download."""

    id: ClassVar[str] = "nhis_checkup"
    name: ClassVar[str] = "National health screening results (NHIS, 건강검진)"
    version: ClassVar[str] = "1"
    domains: ClassVar[tuple[Domain, ...]] = (Domain.HEALTH,)
    accepts: ClassVar[str] = "국민건강보험공단 건강검진 결과 XML (ASTM CCR, document id NHIS.YYYYMMDDhhmmss)"
    extensions: ClassVar[tuple[str, ...]] = (".xml",)
    max_size = MAX_BYTES

    def identify(self, source: Source) -> bool:
        """An XML head in the CCR namespace whose document id starts with ``NHIS.``."""
        head = source.head
        if CCR.encode() not in head or b"ContinuityOfCareRecord" not in head:
            return False
        if not head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
            return False
        return re.search(rb"CCRDocumentObjectID>\s*NHIS\.", head) is not None

    def read(self, source: Source, context: ImportContext) -> Iterator[Record | SkippedItem]:
        """One Observation record per result; a blood-pressure pair as one record holding both numbers."""
        root = self._parse(source)
        doc_id = _text(root, "CCRDocumentObjectID")
        if not doc_id:
            raise ConnectorError(f"{source.name}: not an NHIS health screening file: it has no CCRDocumentObjectID")
        body = root.find(_NS + "Body")
        actors = self._actors(root)
        results: list[_Result] = []
        skipped: list[SkippedItem] = []
        for section in ("VitalSigns", "Results"):
            holder = body.find(_NS + section) if body is not None else None
            if holder is None:
                continue
            for el in holder.findall(_NS + "Result"):
                item = self._result(el, section, actors, source.name)
                if isinstance(item, SkippedItem):
                    skipped.append(item)
                else:
                    results.append(item)
        if not results:
            if skipped:
                raise ConnectorError(f"{source.name}: no readable screening result ({skipped[0].reason})")
            raise ConnectorError(f"{source.name}: the file holds no screening results (Body/Results is empty)")
        context.progress(source.size, source.size)
        yield from skipped
        yield from self._records(results, doc_id, source)

    # -- parsing -------------------------------------------------------------

    def _parse(self, source: Source) -> ET.Element:
        name = source.name
        if source.size > MAX_BYTES:
            raise ConnectorError(
                f"{name}: larger than the {MAX_BYTES // (1024 * 1024)} MB a health screening file can be"
            )
        root: ET.Element | None = None
        depth = 0
        try:
            with source.open() as fh:
                for event, el in DET.iterparse(fh, events=("start", "end"), forbid_dtd=True):
                    if event == "end":
                        depth -= 1
                        continue
                    depth += 1
                    if depth > MAX_DEPTH:
                        raise ConnectorError(f"{name}: refused: elements nested deeper than {MAX_DEPTH} levels")
                    if root is None:
                        root = el
                        if el.tag != _NS + "ContinuityOfCareRecord":
                            raise ConnectorError(
                                f"{name}: not an NHIS health screening file: the root element is "
                                f"<{el.tag.rsplit('}', 1)[-1]}>, not a CCR ContinuityOfCareRecord"
                            )
        except defusedxml.DTDForbidden as exc:
            raise ConnectorError(f"{name}: refused: the file declares a DTD, which a screening file never has") from exc
        except defusedxml.EntitiesForbidden as exc:
            raise ConnectorError(f"{name}: refused: the file declares XML entities") from exc
        except defusedxml.ExternalReferenceForbidden as exc:
            raise ConnectorError(f"{name}: refused: the file refers to an external resource") from exc
        except defusedxml.DefusedXmlException as exc:
            raise ConnectorError(f"{name}: refused unsafe XML ({exc})") from exc
        except ET.ParseError as exc:
            raise ConnectorError(
                f"{name}: not well-formed XML ({exc}); a screening file is complete UTF-8 XML: was it cut short?"
            ) from exc
        except (ValueError, LookupError) as exc:  # an encoding expat does not know (EUC-KR declared)
            raise ConnectorError(f"{name}: unreadable XML ({exc})") from exc
        if root is None:
            raise ConnectorError(f"{name}: empty file")
        return root

    @staticmethod
    def _actors(root: ET.Element) -> dict[str, str]:
        """Actor id -> the name it gives (an organisation's, a person's, an information system's)."""
        names: dict[str, str] = {}
        holder = root.find(_NS + "Actors")
        for actor in holder.findall(_NS + "Actor") if holder is not None else []:
            actor_id = _text(actor, "ActorObjectID")
            name = (
                _text(actor, "Organization", "Name")
                or _text(actor, "InformationSystem", "Name")
                or _text(actor, "Person", "Name", "DisplayName")
            )
            if actor_id and name:
                names[actor_id] = name
        return names

    def _result(self, el: ET.Element, section: str, actors: dict[str, str], name: str) -> _Result | SkippedItem:
        object_id = _text(el, "CCRDataObjectID") or "?"
        where = f"{name}: {section}/Result {object_id}"
        type_text = _text(el, "Type", "Text")
        description = _text(el, "Description", "Text")
        when = _text(el, "DateTime", "ExactDateTime")
        if not (type_text or description):
            return SkippedItem(where=where, reason="the result names no test (Type/Text and Description/Text empty)")
        try:
            day = date.fromisoformat((when or "")[:10])
        except ValueError:
            return SkippedItem(where=where, reason=f"no screening date (DateTime/ExactDateTime is {when!r})")
        test = el.find(_NS + "Test")
        value_text = _text(test, "TestResult", "Value")
        unit_text = _text(test, "TestResult", "Units", "Unit")
        if value_text is None:
            return SkippedItem(where=where, reason="the result has no value (Test/TestResult/Value is empty)")
        institution = None
        for holder in (el, test):
            actor_id = _text(holder, "Source", "Actor", "ActorID")
            if actor_id and actor_id in actors:
                institution = actors[actor_id]
                break
        row = find_mapping(description, type_text)
        return _Result(object_id, section, type_text, description, day, value_text, unit_text, institution, row)

    # -- records -------------------------------------------------------------

    def _records(self, results: list[_Result], doc_id: str, source: Source) -> Iterator[Record]:
        pairs: dict[tuple[date, str | None], dict[str, _Result]] = {}
        for res in results:
            code = res.row.loinc if res.row else None
            bp_unit = normalise_unit(res.unit_text, res.row) in ("mm[Hg]", None)
            if code in (SYSTOLIC, DIASTOLIC) and bp_unit and parse_number(res.value_text) is not None:
                pairs.setdefault((res.day, res.institution), {}).setdefault(code, res)
        done: set[int] = set()
        for res in results:
            if id(res) in done:
                continue
            pair = pairs.get((res.day, res.institution), {})
            if pair.get(SYSTOLIC) is not None and pair.get(DIASTOLIC) is not None and res in pair.values():
                sys_res, dia_res = pair[SYSTOLIC], pair[DIASTOLIC]
                done.update((id(sys_res), id(dia_res)))
                yield self._bp_record(sys_res, dia_res, doc_id, source)
                continue
            done.add(id(res))
            yield self._record(res, doc_id, source)

    def _provenance(self, source: Source, object_id: str, warnings: list[str]) -> Provenance:
        return Provenance(**self.provenance(source, original_id=object_id), warnings=warnings)

    @staticmethod
    def _start(day: date) -> datetime:
        return datetime(day.year, day.month, day.day, tzinfo=KST)

    @staticmethod
    def _note(res: _Result) -> dict[str, str]:
        unit = f" {res.unit_text}" if res.unit_text else ""
        shown = " / ".join(t for t in (res.type_text, res.description) if t)
        return {"text": f"NHIS CCR {res.section} {res.object_id}: {shown} = {res.value_text}{unit}"}

    def _base_payload(self, res: _Result, doc_id: str) -> dict[str, Any]:
        category = res.row.category if res.row and res.row.category in ("vital-signs", "laboratory", "exam") else None
        payload: dict[str, Any] = {
            "resourceType": "Observation",
            "identifier": [{"system": "urn:nhis:ccr", "value": f"{doc_id}/{res.object_id}"}],
            "status": "final",
        }
        if category:
            payload["category"] = [{"coding": [{"system": _CATEGORY, "code": category}]}]
        payload["effectiveDateTime"] = res.day.isoformat()
        if res.institution:
            payload["performer"] = [{"display": res.institution}]
        return payload

    def _record(self, res: _Result, doc_id: str, source: Source) -> Record:
        row = res.row
        warnings: list[str] = []
        if row is None:
            warnings.append(f"no reviewed LOINC mapping for {res.name!r}: kept under its Korean name")
        elif row.loinc and not row.verified:
            warnings.append(
                f"LOINC {row.loinc} for {res.name!r}: {row.check.split(':', 1)[0]} (resources/terms/nhis_ccr_loinc.tsv)"
            )
        code_system, code = (LOINC, row.loinc) if row and row.loinc else (LOCAL_SYSTEM, res.name)
        number = parse_number(res.value_text)
        unit = normalise_unit(res.unit_text, row) if number is not None else None
        payload = self._base_payload(res, doc_id)
        coding = [{"system": LOINC_URL, "code": code}] if code_system == LOINC else []
        payload["code"] = {"coding": coding, "text": res.name} if coding else {"text": res.name}
        if number is not None:
            quantity: dict[str, Any] = {"value": number}
            if unit:
                quantity.update({"unit": unit, "system": UCUM, "code": unit})
            payload["valueQuantity"] = quantity
        else:
            payload["valueString"] = res.value_text
        payload["note"] = [self._note(res)]
        return Record(
            domain=Domain.HEALTH,
            kind="Observation",
            title=res.name,
            start=self._start(res.day),
            date_only=True,
            value=number,
            unit=unit,
            code_system=code_system,
            code=code,
            code_display=res.name,
            text=res.value_text if number is None else None,
            payload=payload,
            provenance=self._provenance(source, res.object_id, warnings),
            tags=["nhis-checkup"],
        )

    def _bp_record(self, sys_res: _Result, dia_res: _Result, doc_id: str, source: Source) -> Record:
        payload = self._base_payload(sys_res, doc_id)
        payload["code"] = {"coding": [{"system": LOINC_URL, "code": BP_PANEL}], "text": "혈압"}
        payload["component"] = [
            {
                "code": {"coding": [{"system": LOINC_URL, "code": code}], "text": res.type_text or res.name},
                "valueQuantity": {
                    "value": parse_number(res.value_text),
                    "unit": "mm[Hg]",
                    "system": UCUM,
                    "code": "mm[Hg]",
                },
            }
            for code, res in ((SYSTOLIC, sys_res), (DIASTOLIC, dia_res))
        ]
        payload["note"] = [self._note(sys_res), self._note(dia_res)]
        systolic, diastolic = parse_number(sys_res.value_text), parse_number(dia_res.value_text)
        return Record(
            domain=Domain.HEALTH,
            kind="Observation",
            title="혈압",
            start=self._start(sys_res.day),
            date_only=True,
            code_system=LOINC,
            code=BP_PANEL,
            code_display="혈압",
            text=f"{systolic:g}/{diastolic:g} mmHg" if systolic is not None and diastolic is not None else None,
            payload=payload,
            provenance=self._provenance(source, f"{sys_res.object_id}+{dia_res.object_id}", []),
            tags=["nhis-checkup"],
        )

"""Reading FHIR resources (and hand-entered Medical ID records) into emergency record items.

Each reader takes one record and its resource and adds what it says to a ``_Builder``: a Patient
its name, birth date, sex, language, organ-donation choice and contacts, an AllergyIntolerance an
allergy with its reactions, and so on; what is inactive, refuted or entered in error is left out.
:data:`READERS` maps a resource type to its reader.  A reader may raise on a malformed resource:
:func:`wallet.features.emergency.content.gather` skips that record and counts it.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any, Literal

from wallet.features.emergency.labels import has_term
from wallet.features.emergency.model import (
    NO_KNOWN_ANY_ALLERGY,
    RECENT_IMMUNIZATION_YEARS,
    EmergencyItem,
    Reaction,
    Section,
    _Builder,
)
from wallet.model import Record

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


def _resource(rec: Record) -> dict[str, Any]:
    payload = rec.payload
    return payload if isinstance(payload, dict) else {}


def _fold(text: str | None) -> str:
    return " ".join((text or "").casefold().split())


# --------------------------------------------------------------------- items
def _blood_type_item(text: str, source: Literal["manual", "imported"], record_id: str | None) -> EmergencyItem:
    return EmergencyItem(id="blood-type", section=Section.BLOOD_TYPE, text=text, source=source, record_id=record_id)


def _birth_date_item(born: date, source: Literal["manual", "imported"]) -> EmergencyItem:
    return EmergencyItem(id="birth-date", section=Section.BIRTH_DATE, text=born.isoformat(), source=source)


def _sex_item(value: str, source: Literal["manual", "imported"]) -> EmergencyItem:
    key = f"sex_{value.lower()}"
    return EmergencyItem(
        id="sex", section=Section.SEX, text=value, term_key=key if has_term(key) else None, source=source
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


def _yes_no_item(item_id: str, section: Section, value: str, source: Literal["manual", "imported"]) -> EmergencyItem:
    low = value.strip().lower()
    key = "yes" if low in {"yes", "true", "y", "예", "네"} else "no" if low in {"no", "false", "n", "아니오"} else None
    return EmergencyItem(id=item_id, section=section, text=value, term_key=key, source=source)


# --------------------------------------------------------------------- readers
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


def _ext_value(ext: dict[str, Any]) -> str | None:
    for key, value in ext.items():
        if key.startswith("value"):
            if isinstance(value, bool):
                return "yes" if value else "no"
            if isinstance(value, dict):
                return concept_text(value)
            return str(value)
    return None


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


READERS: dict[str, Any] = {
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
}
"""The reader of each record kind (a resource type, or ``advance_directive`` for a hand-entered one)."""

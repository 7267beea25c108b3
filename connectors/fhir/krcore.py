"""KR Core (HL7 Korea's national FHIR profile): its profiles and the Korean code systems it uses.

KR Core resources are FHIR R4 resources; what sets them apart is ``meta.profile`` (canonical
``http://www.hl7korea.or.kr/fhir/krcore/StructureDefinition/<id>``) and the national code systems
of their codings: KCD-8 diagnoses (통계청 한국표준질병·사인분류), HIRA EDI procedure, drug and
material codes (건강보험심사평가원), KPIS drug codes (의약품관리종합정보센터 KD 코드) and HIRA's
organisation and insurance types.  Their displays are Korean, as the national code lists name them
(``KCD-8 N20.1 "요관의 결석"``).

The canonical URLs are those of the KR Core IG (v2.0.0 draft, ``input/fsh/codesystems/*.fsh``):
code systems with their own ``^url`` are under ``http://www.hl7korea.or.kr/CodeSystem/``, those
without one under the IG's canonical, ``http://www.hl7korea.or.kr/fhir/krcore/CodeSystem/``.
"""

from __future__ import annotations

from typing import Any

KRCORE_CANONICAL = "http://www.hl7korea.or.kr/fhir/krcore"
PROFILE_PREFIX = f"{KRCORE_CANONICAL}/StructureDefinition/"
_HL7KR = "http://www.hl7korea.or.kr/CodeSystem/"

KCD8 = f"{_HL7KR}kostat-kcd-8"
HIRA_EDI_PROCEDURE = f"{_HL7KR}hira-edi-procedure"
HIRA_EDI_MEDICATION = f"{_HL7KR}hira-edi-medication"
KPIS_KD_CODE = f"{_HL7KR}kpis-kdcode"

CODE_SYSTEMS: dict[str, str] = {
    KCD8: "KCD-8",
    HIRA_EDI_PROCEDURE: "HIRA EDI procedure",
    HIRA_EDI_MEDICATION: "HIRA EDI medication",
    KPIS_KD_CODE: "KPIS KD code",
    f"{_HL7KR}hira-healthcare-organization-types": "HIRA organization type",
    f"{_HL7KR}hira-insurance-types": "HIRA insurance type",
    f"{KRCORE_CANONICAL}/CodeSystem/krcore-vcnt-types": "KR Core vaccination type",
    f"{KRCORE_CANONICAL}/CodeSystem/krcore-condition-category-types": "KR Core condition category",
}
"""The Korean national code systems KR Core uses: canonical URL -> the short name records carry."""

KOREAN_SYSTEMS: frozenset[str] = frozenset({*CODE_SYSTEMS, *CODE_SYSTEMS.values()})
"""A Korean code system, by URL or by the short name a record carries."""

_LOINC = "http://loinc.org"


def profile(resource: dict[str, Any]) -> str | None:
    """The KR Core profile id a resource claims in ``meta.profile`` (``krcore-bodyweight``), else None.

    A versioned canonical (``...|2.0.0``) counts too.
    """
    meta = resource.get("meta")
    profiles = meta.get("profile") if isinstance(meta, dict) else None
    if not isinstance(profiles, list):
        return None
    for url in profiles:
        if isinstance(url, str) and url.startswith(PROFILE_PREFIX):
            name = url[len(PROFILE_PREFIX) :].split("|", 1)[0]
            if name:
                return name
    return None


def preferred_coding(codings: list[Any]) -> dict[str, Any] | None:
    """Which coding of a concept that holds a Korean coding names it, else None (the first one does).

    LOINC first, so that a laboratory or vital-sign result keeps its measurement type; then the
    first coding of a Korean code system (KCD-8 beside an ICD-10 coding: the Korean display shows).
    """
    dicts = [c for c in codings if isinstance(c, dict)]
    if not any(c.get("system") in CODE_SYSTEMS for c in dicts):
        return None
    for wanted in (_LOINC, None):
        for coding in dicts:
            system = coding.get("system")
            if (system == _LOINC) if wanted else (system in CODE_SYSTEMS):
                return coding
    return None

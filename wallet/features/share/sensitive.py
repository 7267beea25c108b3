"""A small, documented classifier for special categories of health data.

Before anything leaves the vault, the consent summary highlights records that
touch one of five sensitive categories, so the person can look at them twice:

``mental_health``         mental and behavioural conditions, psychiatric drugs
``sexual_reproductive``   pregnancy, contraception, sexually transmitted infections, fertility
``hiv``                   HIV infection, HIV tests, antiretroviral drugs
``substance_use``         alcohol and drug use disorders, opioid substitution
``genetics``              genetic tests, chromosomal conditions, hereditary risk

and, outside health, every record of the social and entertainment domain
(``social``: posts, messages metadata, logins, what was listened to, watched
or browsed), which says much about a person and is never preselected.

How a record is classified (any match is enough; the result is a highlight,
never a decision - nothing is left out without the person unticking it).
The value sets are data, with their sources, in :mod:`wallet.features.share.sensitive_codes`.

1. Codes first: ICD-10 / ICD-10-CM / KCD-8 by category range (``F10``-``F19``
   substance use, other ``F`` codes and ``X60``-``X84`` mental health,
   ``B20``-``B24``/``Z21``/``R75`` HIV, ``O`` pregnancy, ``A50``-``A64``
   STIs, ``Z30``-``Z39`` contraception and pregnancy care, ``N46``/``N96``-
   ``N98`` infertility, ``Q90``-``Q99`` chromosomal conditions, ``Z14``/
   ``Z15`` genetic carrier and susceptibility), SNOMED CT and LOINC concept
   lists, ATC drug groups.  Every coding anywhere in the record counts.
2. Words second, in the record's title, code display, notes and the display
   and text of every coding: English whole words or phrases, case folded
   ("hiv" is a word of its own, so the allergy reaction "hives", "thrive" or
   "archive" are not HIV; "AIDS" only in capitals, so "hearing aids" is not),
   and Korean terms at the start of a word with any particle or suffix after
   them (우울증이, 임신중독증).  A few phrases that contain a word but mean
   something else are removed first ("ST depression", "respiratory
   depression").

Decisions, so that the same record always gets the same answer in the app,
the CLI and the consent receipt (all three call :func:`classify`):

* Cancer ("Malignant tumor of breast") is not one of the categories: the five
  categories are those of HL7's sensitivity policy codes (HIV, PSY, ETH/SUD,
  SEX/STD, GDIS), which consent rules single out; every diagnosis is health
  data and the whole share is shown anyway.  A hereditary cancer risk (BRCA)
  is flagged as genetics.
* 임신중독증 (pre-eclampsia) is a pregnancy condition, so it is flagged as
  sexual and reproductive health; 정신없이 ("busy"), 정신과 육체 ("mind and
  body"), 에이스 ("ace"), 유산균 (probiotics), 혈압 불안정 are not flagged:
  bare 정신, 불안, 유산 and 유전 are not terms, longer ones are (정신질환,
  정신건강의학과, 불안 장애, 자연 유산, 유전자).
* Tobacco use is not flagged (it appears in almost every encounter).

Known limits: only the listed concepts count, not their SNOMED CT
descendants (there is no terminology server); ICD-9 codes are not looked
up (only their display text is read); a record coded only with an
unlisted code and with no text is not recognised; a Korean compound written
without a space before the term (소아우울증) is not recognised.  The
classifier errs towards highlighting.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from wallet.features.share import sensitive_codes as data
from wallet.features.share.sensitive_codes import GENETICS, HIV, MENTAL, SEXUAL, SUBSTANCE
from wallet.model import Domain, Record

SOCIAL = "social"
"""The category of every record of :attr:`Domain.SOCIAL <wallet.model.Domain.SOCIAL>`."""

__all__ = [
    "GENETICS",
    "HIV",
    "LABELS",
    "MENTAL",
    "SEXUAL",
    "SOCIAL",
    "SUBSTANCE",
    "classify",
    "classify_code",
    "classify_text",
    "labels",
]

LABELS: dict[str, str] = {
    MENTAL: "mental health",
    SEXUAL: "sexual and reproductive health",
    HIV: "HIV",
    SUBSTANCE: "substance use",
    GENETICS: "genetics",
    SOCIAL: "social and entertainment activity",
}
_HEALTH_CATEGORIES = (MENTAL, SEXUAL, HIV, SUBSTANCE, GENETICS)


def _phrase(text: str) -> str:
    """A phrase as a pattern: its words in order, separated by spaces or hyphens."""
    return r"[\s\-]+".join(re.escape(w) for w in re.split(r"[\s\-]+", text.strip()))


def _english(words: tuple[str, ...], flags: int = re.IGNORECASE) -> re.Pattern[str]:
    return re.compile(
        r"(?<!\w)(?:" + "|".join(_phrase(w) for w in sorted(words, key=len, reverse=True)) + r")(?!\w)", flags
    )


def _korean(terms: tuple[str, ...]) -> re.Pattern[str]:
    # At the start of a word (no Hangul syllable right before it); a space in a term also matches none.
    parts = [r"\s*".join(re.escape(w) for w in term.split()) for term in sorted(terms, key=len, reverse=True)]
    return re.compile(r"(?<![\uac00-\ud7a3])(?:" + "|".join(parts) + ")")


_PATTERNS: dict[str, list[re.Pattern[str]]] = {
    cat: [_english(data.WORDS[cat]), _korean(data.KOREAN[cat])]
    + ([_english(data.WORDS_EXACT_CASE[cat], 0)] if cat in data.WORDS_EXACT_CASE else [])
    for cat in _HEALTH_CATEGORIES
}
_NOT_WORDS = _english(data.NOT_WORDS)


def _family(system: str) -> str:
    """Which code system a ``system`` names: URIs and plain names alike ("" when none is named,
    "other" for any other system, whose codes are not looked up)."""
    low = system.lower()
    if "icd-9" in low or "icd9" in low or "icd-o" in low:
        return "other"  # ICD-9 and ICD-O codes look like ICD-10 codes but mean something else
    if "icd" in low or "kcd" in low:
        return "icd"
    if "snomed" in low or low.endswith("/sct") or low == "sct":
        return "snomed"
    if "loinc" in low:
        return "loinc"
    if "whocc" in low or low == "atc" or low.endswith("/atc"):
        return "atc"
    return "" if not low.strip() else "other"


def _icd10(code: str) -> set[str]:
    head = code.strip().upper().replace(".", "")
    if len(head) < 3 or not head[0].isalpha():
        return set()
    cat3 = head[:3]
    found = {cat for cat, ranges in data.ICD10_RANGES.items() if any(a <= cat3 <= b for a, b in ranges)}
    found |= {cat for cat, codes in data.ICD10_CODES.items() if any(head.startswith(c) for c in codes)}
    return found


def _codings(value: Any) -> Iterator[tuple[str, str, str]]:
    """(system, code, display) of every Coding anywhere in a FHIR-like payload."""
    if isinstance(value, dict):
        if "code" in value and isinstance(value.get("code"), str) and ("system" in value or "display" in value):
            yield str(value.get("system") or ""), value["code"], str(value.get("display") or "")
        for key, item in value.items():
            if key in ("text", "div"):
                continue
            yield from _codings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _codings(item)


def _concept_texts(value: Any) -> Iterator[str]:
    """``text`` of CodeableConcepts (not narratives, which are XHTML)."""
    if isinstance(value, dict):
        if isinstance(value.get("text"), str) and "coding" in value:
            yield value["text"]
        for key, item in value.items():
            if key != "text":
                yield from _concept_texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from _concept_texts(item)


def classify_text(text: str) -> set[str]:
    """Categories named in free text by whole English words or phrases and Korean terms."""
    text = _NOT_WORDS.sub(" ", text)
    return {cat for cat, patterns in _PATTERNS.items() if any(p.search(text) for p in patterns)}


def classify_code(system: str, code: str) -> set[str]:
    """Categories of one code; a code without a system is looked up as SNOMED CT and LOINC (their
    forms do not collide), a code of another system (a local lab code) is not looked up."""
    family = _family(system)
    code = code.strip()
    found: set[str] = set()
    if family == "icd":
        found |= _icd10(code)
    if family in ("snomed", ""):
        found |= {cat for cat, codes in data.SNOMED.items() if code in codes}
    if family in ("loinc", ""):
        found |= {cat for cat, codes in data.LOINC.items() if code in codes}
    if family == "atc":
        found |= {cat for cat, prefixes in data.ATC_PREFIXES.items() if code.upper().startswith(prefixes)}
    return found


def classify(record: Record) -> set[str]:
    """The sensitive categories a record touches (empty for most records)."""
    found: set[str] = {SOCIAL} if record.domain is Domain.SOCIAL else set()
    if record.code:
        found |= classify_code(record.code_system or "", record.code)
    texts = [record.title, record.code_display or "", record.text or "", record.kind]
    for system, code, display in _codings(record.payload):
        found |= classify_code(system, code)
        texts.append(display)
    texts += list(_concept_texts(record.payload))
    found |= classify_text("\n".join(t for t in texts if t))
    return found


def labels(categories: set[str] | frozenset[str] | list[str]) -> str:
    """The sensitive categories in words, comma-separated (unknown ones left out)."""
    return ", ".join(LABELS[c] for c in sorted(categories) if c in LABELS)

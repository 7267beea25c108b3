"""A small, documented classifier for special categories of health data.

Before anything leaves the vault, the consent summary highlights records that
touch one of five sensitive categories, so the person can look at them twice:

``mental_health``         mental and behavioural conditions, psychiatric drugs
``sexual_reproductive``   pregnancy, contraception, sexually transmitted infections, fertility
``hiv``                   HIV infection, HIV tests, antiretroviral drugs
``substance_use``         alcohol and drug use disorders, opioid substitution
``genetics``              genetic tests, chromosomal conditions, hereditary risk

How a record is classified (any match is enough; the result is a highlight,
never a decision - nothing is left out without the person unticking it):

1. ICD-10 / ICD-10-CM codes by range (``F10``-``F19`` substance use, other
   ``F`` codes mental health, ``B20``-``B24``/``Z21``/``R75`` HIV, ``O``
   pregnancy, ``A50``-``A64`` STIs, ``Z30``-``Z39`` contraception and
   pregnancy care, ``N97`` infertility, ``Q90``-``Q99`` chromosomal
   conditions, ``Z14``/``Z15`` genetic carrier and susceptibility).
2. A short list of SNOMED CT and LOINC codes (below).
3. Keywords in the display text of every coding, the record's title and its
   notes (English, and a few Korean terms), matched at word starts and case
   folded.  Drug names cover the common antiretroviral, psychiatric,
   contraceptive and opioid-substitution medicines.

Known limits: tobacco use is not flagged (it appears in almost every
encounter); a condition coded only with a code not listed here and with no
display text is not recognised; keywords can over-flag (``mental status
exam``).  The classifier errs towards highlighting.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from wallet.model import Record

MENTAL = "mental_health"
SEXUAL = "sexual_reproductive"
HIV = "hiv"
SUBSTANCE = "substance_use"
GENETICS = "genetics"

LABELS: dict[str, str] = {
    MENTAL: "mental health",
    SEXUAL: "sexual and reproductive health",
    HIV: "HIV",
    SUBSTANCE: "substance use",
    GENETICS: "genetics",
}

# Exact codes (system-independent: SNOMED CT concept ids and LOINC codes do not collide in form).
CODES: dict[str, str] = {
    # SNOMED CT
    "86406008": HIV,  # Human immunodeficiency virus infection
    "165816005": HIV,  # HIV positive
    "62479008": HIV,  # AIDS
    "35489007": MENTAL,  # Depressive disorder
    "370143000": MENTAL,  # Major depressive disorder
    "36923009": MENTAL,  # Major depression, single episode
    "47505003": MENTAL,  # Posttraumatic stress disorder
    "197480006": MENTAL,  # Anxiety disorder
    "58214004": MENTAL,  # Schizophrenia
    "13746004": MENTAL,  # Bipolar disorder
    "7200002": SUBSTANCE,  # Alcoholism
    "66590003": SUBSTANCE,  # Alcohol dependence
    "6525002": SUBSTANCE,  # Dependent drug abuse
    "55680006": SUBSTANCE,  # Drug overdose
    "5602001": SUBSTANCE,  # Opioid abuse
    "72892002": SEXUAL,  # Normal pregnancy
    "19169002": SEXUAL,  # Miscarriage in first trimester
    "77386006": SEXUAL,  # Pregnant
    "8619003": SEXUAL,  # Infertile
    "41296002": GENETICS,  # Down syndrome (trisomy 21)
    # LOINC
    "75622-1": HIV,  # HIV 1 and 2 tests - Meaningful Use set
    "7917-8": HIV,  # HIV 1 Ab [Presence] in Serum
    "25836-8": HIV,  # HIV 1 RNA [#/volume] in Serum or Plasma by NAA
    "2106-3": SEXUAL,  # Choriogonadotropin (pregnancy test) in Urine
    "82810-3": SEXUAL,  # Pregnancy status
    "51969-4": GENETICS,  # Genetic analysis report
    "81247-9": GENETICS,  # Master HL7 genetic variant reporting panel
    "44249-1": MENTAL,  # PHQ-9 quick depression assessment panel
    "69737-5": MENTAL,  # GAD-7
    "72109-2": SUBSTANCE,  # AUDIT-C
    "82666-9": SUBSTANCE,  # DAST-10
}

# ICD-10 ranges: (first, last) inclusive on the 3-character category, and the category.
ICD10_RANGES: tuple[tuple[str, str, str], ...] = (
    ("F10", "F19", SUBSTANCE),
    ("F01", "F09", MENTAL),
    ("F20", "F99", MENTAL),
    ("B20", "B24", HIV),
    ("Z21", "Z21", HIV),
    ("R75", "R75", HIV),
    ("A50", "A64", SEXUAL),
    ("O00", "O9A", SEXUAL),
    ("Z30", "Z39", SEXUAL),
    ("N97", "N97", SEXUAL),
    ("Q90", "Q99", GENETICS),
    ("Z14", "Z15", GENETICS),
    ("Z71", "Z71", SUBSTANCE),  # counselling; only .4x/.5x are substance-related, checked below
)

KEYWORDS: dict[str, tuple[str, ...]] = {
    MENTAL: (
        "depress", "anxiety", "schizophren", "bipolar", "psychos", "psychot", "psychiatr", "suicid", "self-harm",
        "self harm", "post-traumatic stress", "posttraumatic stress", "ptsd", "eating disorder", "anorexia nervosa",
        "bulimi", "attention deficit", "adhd", "mental disorder", "mental health", "personality disorder",
        "obsessive-compulsive", "obsessive compulsive", "panic disorder", "autis",
        "sertraline", "fluoxetine", "citalopram", "escitalopram", "paroxetine", "venlafaxine", "duloxetine",
        "quetiapine", "olanzapine", "risperidone", "aripiprazole", "haloperidol", "clozapine", "lithium carbonate",
        "정신", "우울", "불안장애", "조현", "양극성",
    ),
    SEXUAL: (
        "pregnan", "contracept", "abortion", "miscarriage", "gonorrh", "chlamydia", "syphilis", "genital herpes",
        "sexually transmitted", "infertil", "in vitro fertili", "prenatal", "antenatal", "postpartum", "obstetric",
        "erectile", "levonorgestrel", "norethindrone", "ethinyl estradiol", "etonogestrel", "drospirenone",
        "intrauterine device", "임신", "피임", "성병", "불임", "난임",
    ),
    HIV: (
        "hiv", "human immunodeficiency virus", "acquired immunodeficiency", "antiretroviral", "efavirenz",
        "tenofovir", "emtricitabine", "lamivudine", "zidovudine", "dolutegravir", "raltegravir", "bictegravir",
        "abacavir", "에이즈", "인간면역결핍",
    ),
    SUBSTANCE: (
        "alcoholism", "alcohol abuse", "alcohol dependence", "alcohol use disorder", "drug abuse", "drug dependence",
        "substance abuse", "substance use", "opioid abuse", "opioid dependence", "opioid use disorder", "overdose",
        "cocaine", "heroin", "cannabis", "methamphetamine", "methadone", "buprenorphine", "naltrexone", "addiction",
        "알코올 의존", "알코올 중독", "마약", "약물 중독",
    ),
    GENETICS: (
        "genetic", "genom", "gene mutation", "brca", "chromosom", "karyotyp", "dna test", "hereditary",
        "carrier status", "exome", "trisomy", "down syndrome", "유전",
    ),
}

_PATTERNS: dict[str, re.Pattern[str]] = {
    cat: re.compile(r"(?<![a-z0-9])(?:" + "|".join(re.escape(w) for w in words) + ")", re.IGNORECASE)
    for cat, words in KEYWORDS.items()
}
_AIDS = re.compile(r"\bAIDS\b")  # upper case only: "hearing aids" is not HIV


def _icd10(code: str) -> str | None:
    head = code.strip().upper().replace(".", "")
    if len(head) < 3 or not head[0].isalpha():
        return None
    cat3 = head[:3]
    for first, last, category in ICD10_RANGES:
        if first <= cat3 <= last:
            if first == "Z71" and not (head.startswith("Z714") or head.startswith("Z715")):
                return None
            return category
    return None


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
    found = {cat for cat, pattern in _PATTERNS.items() if pattern.search(text)}
    if _AIDS.search(text):
        found.add(HIV)
    return found


def classify_code(system: str, code: str) -> set[str]:
    found: set[str] = set()
    if code in CODES:
        found.add(CODES[code])
    if "icd" in system.lower():
        icd = _icd10(code)
        if icd:
            found.add(icd)
    return found


def classify(record: Record) -> set[str]:
    """The sensitive categories a record touches (empty for most records)."""
    found: set[str] = set()
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
    return ", ".join(LABELS[c] for c in sorted(categories) if c in LABELS)

"""Medications that matter in an emergency, recognised by name or code.

A first responder must know about these even when nothing else fits: an
epinephrine auto-injector (anaphylaxis), anticoagulants and antiplatelets
(bleeding, surgery, stroke thrombolysis), insulin (hypoglycaemia) and
anti-epileptics (seizures, interactions).  The printout and both QR codes
put them first and never hide them behind "+N".

Matching is on the words as recorded (English, Korean, common brand names) and
on WHO ATC codes (B01A antithrombotics, A10A insulins, N03A antiepileptics,
C01CA24 epinephrine).  Sources: WHO ATC/DDD index 2024 (the groups named),
brand names from the EMA and MFDS (식약처) product registers.  Gabapentin and
pregabalin (N03AX12/N03AX16) are left out: mostly prescribed for pain, where
stopping them is not an emergency.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TypeVar

from wallet.features.emergency.content import EmergencyItem, Section

GROUPS: dict[str, tuple[str, ...]] = {
    "epinephrine": (
        "epinephrine",
        "adrenaline",
        "adrenalin",
        "epipen",
        "epi-pen",
        "auvi-q",
        "jext",
        "anapen",
        "emerade",
        "symjepi",
        "neffy",
        "에피네프린",
        "아드레날린",
        "에피펜",
        "젝스트",
    ),
    "anticoagulant": (
        "warfarin",
        "coumadin",
        "marevan",
        "phenprocoumon",
        "acenocoumarol",
        "heparin",
        "enoxaparin",
        "clexane",
        "lovenox",
        "dalteparin",
        "fragmin",
        "tinzaparin",
        "nadroparin",
        "fondaparinux",
        "apixaban",
        "eliquis",
        "rivaroxaban",
        "xarelto",
        "dabigatran",
        "pradaxa",
        "edoxaban",
        "lixiana",
        "savaysa",
        "clopidogrel",
        "plavix",
        "prasugrel",
        "effient",
        "ticagrelor",
        "brilinta",
        "brilique",
        "와파린",
        "쿠마딘",
        "헤파린",
        "에녹사파린",
        "아픽사반",
        "엘리퀴스",
        "리바록사반",
        "자렐토",
        "다비가트란",
        "프라닥사",
        "에독사반",
        "릭시아나",
        "클로피도그렐",
        "플라빅스",
        "프라수그렐",
        "티카그렐러",
        "브릴린타",
    ),
    "insulin": (
        "insulin",
        "glargine",
        "lantus",
        "toujeo",
        "lispro",
        "humalog",
        "aspart",
        "novorapid",
        "novolog",
        "fiasp",
        "detemir",
        "levemir",
        "degludec",
        "tresiba",
        "glulisine",
        "apidra",
        "humulin",
        "novolin",
        "인슐린",
        "란투스",
        "투제오",
        "휴마로그",
        "노보래피드",
        "레버미어",
        "트레시바",
    ),
    "antiepileptic": (
        "levetiracetam",
        "keppra",
        "valproate",
        "valproic",
        "divalproex",
        "depakote",
        "depakine",
        "orfiril",
        "carbamazepine",
        "tegretol",
        "oxcarbazepine",
        "trileptal",
        "lamotrigine",
        "lamictal",
        "phenytoin",
        "dilantin",
        "epanutin",
        "topiramate",
        "topamax",
        "lacosamide",
        "vimpat",
        "clobazam",
        "frisium",
        "onfi",
        "phenobarbital",
        "zonisamide",
        "zonegran",
        "perampanel",
        "fycompa",
        "brivaracetam",
        "briviact",
        "ethosuximide",
        "cenobamate",
        "레베티라세탐",
        "케프라",
        "발프로",
        "데파코트",
        "카르바마제핀",
        "테그레톨",
        "옥스카바제핀",
        "트리렙탈",
        "라모트리진",
        "라믹탈",
        "페니토인",
        "토피라메이트",
        "토파맥스",
        "라코사미드",
        "빔팻",
        "페노바르비탈",
        "조니사미드",
    ),
}
ATC_PREFIXES: dict[str, tuple[str, ...]] = {
    "epinephrine": ("C01CA24",),
    "anticoagulant": ("B01A",),
    "insulin": ("A10A",),
    "antiepileptic": ("N03A",),
}
ATC_EXCLUDED = ("N03AX12", "N03AX16")  # gabapentin, pregabalin
ATC_SYSTEMS = ("http://www.whocc.no/atc", "urn:oid:2.16.840.1.113883.6.73")

_WORD = re.compile(r"[\w-]+", re.UNICODE)


def emergency_group(item: EmergencyItem) -> str | None:
    """``epinephrine``, ``anticoagulant``, ``insulin`` or ``antiepileptic``; None for other items.

    Medications and devices (an auto-injector entered as a device) are looked at.
    """
    if item.section not in (Section.MEDICATIONS, Section.DEVICES):
        return None
    if item.code and item.code_system in ATC_SYSTEMS and not item.code.startswith(ATC_EXCLUDED):
        for group, prefixes in ATC_PREFIXES.items():
            if item.code.startswith(prefixes):
                return group
    text = item.text.casefold()
    words = set(_WORD.findall(text))
    for group, names in GROUPS.items():
        for name in names:
            # Latin names match whole words (not "heparinoid" cream); Hangul has no space before
            # a particle or a dose ("와파린정"), so a Korean name matches as a part of a word
            if name in words or (not name.isascii() and name in text):
                return group
    return None


def is_emergency_medication(item: EmergencyItem) -> bool:
    """Whether responders must know of it: an epinephrine, anticoagulant, insulin or antiepileptic drug (or device)."""
    return emergency_group(item) is not None


T = TypeVar("T", bound=EmergencyItem)


def emergency_first(items: Sequence[T]) -> list[T]:
    """The same items, those that matter in an emergency first (each part in its recorded order)."""
    return [i for i in items if is_emergency_medication(i)] + [i for i in items if not is_emergency_medication(i)]


def count_emergency(items: Iterable[EmergencyItem]) -> int:
    """How many of ``items`` are medications (or devices) a first responder must know of, such as an anticoagulant."""
    return sum(1 for i in items if is_emergency_medication(i))

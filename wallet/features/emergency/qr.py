"""QR codes of the emergency record.

* :func:`plain_text` - the critical items as compact plain text (UTF-8, byte
  mode), which an ordinary phone camera shows without any app.  Kept under
  :data:`MAX_PLAIN_BYTES` by shortening and then dropping the least critical
  items; allergies and the emergency contact go last.
* :func:`shc_qr` - a SMART Health Card (``shc:/`` numeric QR) made by
  :mod:`wallet.features.emergency.shc`.
"""

from __future__ import annotations

from typing import Any

import segno

from wallet.features.emergency.content import EmergencyItem, EmergencySummary, Section, left_out_text
from wallet.features.emergency.critical import count_emergency, emergency_first
from wallet.features.emergency.labels import Lang, both, has_term

MAX_PLAIN_BYTES = 600


def _cut(text: str, limit: int | None) -> str:
    text = " ".join(text.split())
    if limit is None or len(text) <= limit:
        return text
    return text[: max(1, limit - 1)].rstrip(" ,;(") + "…"


def _allergy(item: EmergencyItem, lang: Lang, limit: int | None, with_reaction: bool = True) -> str:
    # an explicit "no known allergy" record: "none known/알려진 것 없음", in both languages
    out = both(item.term_key, lang, sep="/") if item.term_key else _cut(item.text, limit)
    extra = []
    if item.severity and has_term("sev_" + item.severity):
        # in both languages: a reader of either must see how bad it is
        extra.append(both("sev_" + item.severity, lang, sep="/"))
    if with_reaction and item.detail:
        extra.append(_cut(item.detail, limit))
    if extra:
        out += f" ({'; '.join(extra)})"
    return out


def _med(item: EmergencyItem, limit: int | None, with_dose: bool) -> str:
    out = _cut(item.text, limit)
    if with_dose and item.detail:
        out += f" {_cut(item.detail, limit)}"
    return out


def _contact(item: EmergencyItem, limit: int | None) -> str:
    out = _cut(item.text, limit)
    if item.phone:
        out += f" {_cut(item.phone, None)}"
    return out


def _build(summary: EmergencySummary, lang: Lang, limit: int | None, keep: dict[Section, int], dose: bool) -> str:
    lines = ["EMERGENCY INFO / 응급 정보"]
    name = summary.single(Section.NAME)
    if name:
        lines.append(_cut(name.text, 60))
    facts = []
    dob = summary.single(Section.BIRTH_DATE)
    if dob:
        facts.append(f"DOB {_cut(dob.text, None)}")
    sex = summary.single(Section.SEX)
    if sex:
        facts.append(sex.text[:1].upper() if sex.term_key else _cut(sex.text, 10))
    blood = summary.single(Section.BLOOD_TYPE)
    if blood:
        facts.append(f"Blood {_cut(blood.text, 20)}")
    if facts:
        lines.append(" ".join(facts))

    def section(label: str, sec: Section, fmt: Any) -> None:
        # never "none known" for an empty list: "not recorded", or how many the holder left out
        items = summary.section(sec)
        if sec in (Section.MEDICATIONS, Section.DEVICES):
            items = emergency_first(items)  # kept first, and never behind "+N"
        left_out = summary.left_out_of(sec)
        note = left_out_text(left_out, lang, short=True) if left_out else None
        if not items:
            lines.append(f"{label}: {note or both('not_recorded', lang, sep='/')}")
            return
        shown = items[: keep.get(sec, len(items))]
        parts = [fmt(i) for i in shown]
        if len(items) > len(shown):
            parts.append(f"+{len(items) - len(shown)}")
        if note:
            parts.append(f"({note})")
        text = "; ".join(parts)
        lines.append(f"{label}: {text}")

    section("ALLERGIES/알레르기", Section.ALLERGIES, lambda i: _allergy(i, lang, limit, dose))
    section("Conditions/질환", Section.PROBLEMS, lambda i: _cut(i.text, limit))
    section("Meds/약", Section.MEDICATIONS, lambda i: _med(i, limit, dose))
    if summary.section(Section.DEVICES) or summary.left_out_of(Section.DEVICES):
        section("Devices/기기", Section.DEVICES, lambda i: _cut(i.text, limit))
    section("ICE/비상연락", Section.CONTACTS, lambda i: _contact(i, limit))
    directives = summary.section(Section.DIRECTIVES)
    if directives and keep.get(Section.DIRECTIVES, 1):
        lines.append("Directive/지시: " + "; ".join(_cut(d.text, limit) for d in directives[:2]))
    lines.append(f"({summary.made_on.isoformat()})")
    return "\n".join(lines)


def plain_text(summary: EmergencySummary, lang: Lang = "ko", max_bytes: int = MAX_PLAIN_BYTES) -> str:
    """Compact text of the critical items, at most ``max_bytes`` in UTF-8."""
    keep: dict[Section, int] = {}
    attempts: list[tuple[int | None, bool]] = [
        (None, True),
        (60, True),
        (40, True),
        (40, False),
        (28, False),
        (20, False),
    ]
    for limit, dose in attempts:
        text = _build(summary, lang, limit, keep, dose)
        if len(text.encode("utf-8")) <= max_bytes:
            return text
    # still too long: drop items, least critical first
    limit = 20
    counts = {s: len(summary.section(s)) for s in Section}
    for sec in (
        Section.DIRECTIVES,
        Section.DEVICES,
        Section.MEDICATIONS,
        Section.PROBLEMS,
        Section.CONTACTS,
        Section.ALLERGIES,
    ):
        # at least one allergy and one contact stay, and every medication (or device, for an
        # auto-injector) that matters in an emergency: those come first, so they are never "+N"
        floor = 1 if sec in {Section.CONTACTS, Section.ALLERGIES} else 0
        if sec in {Section.MEDICATIONS, Section.DEVICES}:
            floor = count_emergency(summary.section(sec))
        while counts[sec] > floor:
            counts[sec] -= 1
            keep[sec] = counts[sec]
            text = _build(summary, lang, limit, keep, False)
            if len(text.encode("utf-8")) <= max_bytes:
                return text
    for limit in (16, 12, 8):
        text = _build(summary, lang, limit, keep, False)
        if len(text.encode("utf-8")) <= max_bytes:
            return text
    data = text.encode("utf-8")[:max_bytes]
    return data.decode("utf-8", errors="ignore")


def plain_qr(text: str) -> segno.QRCode:
    """A byte-mode UTF-8 QR code (error correction at least M, raised when it costs no size)."""
    return segno.make(text, mode="byte", encoding="utf-8", eci=True, error="m", micro=False, boost_error=True)


def shc_numeric(jws: str) -> str:
    """The digits of a SMART Health Card QR: each character as ``ord(c) - 45``, two digits."""
    return "".join(f"{ord(c) - 45:02d}" for c in jws)


def shc_qr(jws: str) -> segno.QRCode:
    """``shc:/`` in byte mode, then the numeric digits; version 22 at most (the SHC limit), error L."""
    from segno import consts

    segments = [("shc:/", consts.MODE_BYTE), (shc_numeric(jws), consts.MODE_NUMERIC)]
    return segno.make(segments, error="l", micro=False, boost_error=False)  # type: ignore[arg-type]


def matrix(qr: segno.QRCode) -> list[list[bool]]:
    """The modules of a QR code (True = dark), without the quiet zone."""
    return [[bool(v) for v in row] for row in qr.matrix]

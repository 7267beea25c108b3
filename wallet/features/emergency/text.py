"""The emergency record as plain text: section titles, printed order, and what an empty section says.

:func:`render_text` is exactly what will be printed (shown at the consent step); the PDF
(:mod:`~wallet.features.emergency.pdf`) and the QR text (:mod:`~wallet.features.emergency.qr`)
use the same titles and wording.

Every line of the text is one line of the card: a line break inside a recorded value (a
medication name, a note; ``\n``, ``\r``, ``\u2028`` and every other separator
:meth:`str.splitlines` knows) is shown as `` / `` (:func:`one_line`), so a value cannot forge a
line of its own such as a fake "Allergies: none".
"""

from __future__ import annotations

from wallet.features.emergency.labels import Lang, both, term
from wallet.features.emergency.model import EMPTY_KEY, SINGLE_SECTIONS, EmergencySummary, Section

SECTION_TITLE_KEYS: dict[Section, str] = {
    Section.NAME: "name",
    Section.BIRTH_DATE: "birth_date",
    Section.SEX: "sex",
    Section.BLOOD_TYPE: "blood_type",
    Section.ALLERGIES: "allergies",
    Section.PROBLEMS: "problems",
    Section.MEDICATIONS: "medications",
    Section.DEVICES: "devices",
    Section.IMMUNIZATIONS: "immunizations",
    Section.CONTACTS: "contacts",
    Section.ORGAN_DONATION: "organ_donation",
    Section.DIRECTIVES: "directives",
    Section.LANGUAGE: "language",
}
PRINT_ORDER = (
    Section.NAME,
    Section.BIRTH_DATE,
    Section.SEX,
    Section.BLOOD_TYPE,
    Section.ALLERGIES,
    Section.PROBLEMS,
    Section.MEDICATIONS,
    Section.DEVICES,
    Section.CONTACTS,
    Section.ORGAN_DONATION,
    Section.DIRECTIVES,
    Section.IMMUNIZATIONS,
    Section.LANGUAGE,
)


LINE_BREAK_MARK = " / "


def one_line(text: str) -> str:
    """``text`` on one line: each run of line separators becomes :data:`LINE_BREAK_MARK` (text without any is kept)."""
    parts = text.splitlines()
    if len(parts) <= 1 and parts == [text]:
        return text
    return LINE_BREAK_MARK.join(part.strip() for part in parts if part.strip())


def unreadable_note(count: int) -> str:
    """The note, in English and Korean, that ``count`` records could not be read and are missing from the record."""
    return (
        f"{count} record(s) could not be read and are not shown: check them in the wallet / "
        f"읽을 수 없는 기록 {count}개는 표시되지 않았습니다"
    )


def left_out_text(count: int, lang: Lang, short: bool = False) -> str:
    """``2 item(s) left out by the holder / 작성자가 2개 항목을 뺐습니다`` (``short``: for the QR code)."""
    return both("left_out_short" if short else "left_out", lang, sep="/" if short else " / ").format(n=count)


def empty_text(section: Section, lang: Lang, left_out: int = 0) -> str:
    """What an empty section says: how many items the holder left out, else "not recorded".

    Never "none known": that is printed only for an explicit "no known allergy" record (an item).
    """
    if left_out:
        return left_out_text(left_out, lang)
    return both(EMPTY_KEY.get(section, "not_recorded"), lang)


def render_text(summary: EmergencySummary, lang: Lang = "ko", with_ids: bool = True) -> str:
    """The summary as plain text, exactly what will be printed (for the consent step)."""
    lines = [f"{both('title', lang)}  ({both('made_on', lang)} {summary.made_on.isoformat()})", ""]
    for section in PRINT_ORDER:
        found = summary.section(section)
        title = both(SECTION_TITLE_KEYS[section], lang)
        if section in SINGLE_SECTIONS:
            item = found[0] if found else None
            value = item.value(lang) if item else empty_text(section, lang, summary.left_out_of(section))
            mark = f"  [{item.id}]" if item and with_ids else ""
            manual = f"  ({term('hand_entered', lang)})" if item and item.source == "manual" else ""
            lines.append(one_line(f"{title}: {value}{manual}{mark}"))
            continue
        lines.append(f"{title}:")
        left_out = summary.left_out_of(section)
        if not found:
            lines.append(f"    {empty_text(section, lang, left_out)}")
        for item in found:
            mark = f"  [{item.id}]" if with_ids else ""
            manual = f"  ({term('hand_entered', lang)})" if item.source == "manual" else ""
            lines.append(f"  - {one_line(item.describe(lang))}{manual}{mark}")
        if found and left_out:
            lines.append(f"    ({left_out_text(left_out, lang)})")
    if summary.excluded:
        lines += ["", f"left out: {len(summary.excluded)} item(s)"]
    if summary.unreadable:
        lines += ["", unreadable_note(summary.unreadable)]
    return "\n".join(lines)

"""The emergency record as a PDF: a full page (A4 or Letter) or a fold-out wallet card.

Both are bilingual (the chosen language first, then the other of Korean and
English), set in NanumGothic (SIL OFL, ``resources/fonts/``) which reportlab
embeds as a subset, so Hangul prints the same on every machine.  Black on
white only; allergies come first and largest.  The QR codes are drawn as
vectors, so they stay sharp at any printer resolution.
"""

from __future__ import annotations

import io
import os
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal
from xml.sax.saxutils import escape

import segno
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Frame, KeepInFrame, Paragraph, Spacer, Table, TableStyle

from wallet.errors import WalletError
from wallet.features.emergency import qr as qrmod
from wallet.features.emergency.content import (
    LIST_SECTIONS,
    SECTION_TITLE_KEYS,
    EmergencyItem,
    EmergencySummary,
    Section,
    empty_text,
    left_out_text,
    unreadable_note,
)
from wallet.features.emergency.critical import count_emergency, emergency_first
from wallet.features.emergency.labels import Lang, both, has_term, order, term
from wallet.features.emergency.text import one_line
from wallet.resources import resource_path
from wallet.store.files import atomic_write

Format = Literal["a4", "letter", "card"]
FORMATS: tuple[Format, ...] = ("a4", "letter", "card")
FONT = "NanumGothic"
FONT_BOLD = "NanumGothic-Bold"
FONT_DIR = resource_path("fonts")
CARD_W = 85.6 * mm
CARD_H = 53.98 * mm
CARD_QR_BYTES = 328
"""The card's QR code is smaller, so it carries less: at most 328 bytes is QR version 13 at error
correction M (69 modules), 0.61 mm each on the card, which reads at 150 dpi."""
QR_MODULE = 0.64 * mm
"""The printed size of one QR module on the page: 3.8 pixels of a 150 dpi scan (a phone camera
or a fax-quality copy still reads it; 0.42 mm did not read with zbar at 150 dpi)."""
QR_MIN = 46 * mm
QR_MAX = 64 * mm


def qr_size(code: segno.QRCode, module: float = QR_MODULE) -> float:
    """How wide a QR code is printed: ``module`` per module, between :data:`QR_MIN` and :data:`QR_MAX`."""
    return float(max(QR_MIN, min(QR_MAX, len(qrmod.matrix(code)) * module)))


class FontMissing(WalletError):
    """The shipped Korean font is not where the wallet expects it."""


_registered = False
_charmap: set[int] = set()


def register_fonts() -> None:
    """Register NanumGothic (regular and bold) with reportlab, once."""
    global _registered
    if _registered:
        return
    regular, bold = FONT_DIR / "NanumGothic.ttf", FONT_DIR / "NanumGothicBold.ttf"
    for path in (regular, bold):
        if not path.is_file():
            raise FontMissing(f"the Korean font {path.name} is missing from {FONT_DIR}; reinstall MyData Wallet")
    font = TTFont(FONT, str(regular))
    pdfmetrics.registerFont(font)
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(bold)))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD)
    _charmap.update(font.face.charToGlyph.keys())
    _registered = True


def printable(text: str) -> str:
    """Text with every character the font lacks replaced by a close one (or ``?``)."""
    out = []
    for ch in text:
        if ord(ch) in _charmap or ch in "\n\t":
            out.append(ch)
            continue
        alt = unicodedata.normalize("NFKC", ch)
        if alt and all(ord(c) in _charmap for c in alt):
            out.append(alt)
            continue
        base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
        out.append(base if base and all(ord(c) in _charmap for c in base) else "?")
    return "".join(out)


def _x(text: str) -> str:
    """Escaped for a reportlab Paragraph, with unprintable characters replaced."""
    return escape(printable(text))


# ------------------------------------------------------------------------ styles
@dataclass(frozen=True)
class Styles:
    """The paragraph styles of the printout, all at one scale (smaller to make a record fit its page)."""

    heading: ParagraphStyle
    item: ParagraphStyle
    critical: ParagraphStyle
    allergy_heading: ParagraphStyle
    empty: ParagraphStyle
    small: ParagraphStyle


def styles(scale: float = 1.0) -> Styles:
    """The printout's paragraph styles, with every size and space multiplied by ``scale``."""

    def st(name: str, size: float, font: str = FONT, before: float = 0, after: float = 0, indent: float = 0) -> Any:
        return ParagraphStyle(
            name,
            fontName=font,
            fontSize=size * scale,
            leading=size * scale * 1.25,
            spaceBefore=before * scale,
            spaceAfter=after * scale,
            leftIndent=indent * scale,
            firstLineIndent=0,
            alignment=TA_LEFT,
            textColor=colors.black,
        )

    base = Styles(
        heading=st("heading", 11.5, FONT_BOLD, before=7, after=2),
        item=st("item", 10.5, indent=14),
        critical=st("critical", 15, FONT_BOLD, after=1, indent=8),
        allergy_heading=st("allergy_heading", 13, FONT_BOLD, after=3),
        empty=st("empty", 10.5, indent=8),
        small=st("small", 8),
    )
    base.item.bulletIndent = 4 * scale
    base.item.bulletFontName = FONT
    return base


def _severity_markup(item: EmergencyItem, lang: Lang) -> str:
    if item.severity and has_term(f"sev_{item.severity}"):
        text = _x(both(f"sev_{item.severity}", lang))
        return f" <b>[{text}]</b>" if item.critical else f" [{text}]"
    return ""


def _shorten(text: str, limit: int | None) -> str:
    return text if limit is None or len(text) <= limit else text[: limit - 1].rstrip() + "…"


def item_markup(
    item: EmergencyItem,
    lang: Lang,
    with_when: bool = True,
    max_detail: int | None = None,
    max_text: int | None = None,
) -> str:
    """One item as Paragraph markup: the value in bold, then what qualifies it."""
    out = f"<b>{_x(_shorten(one_line(item.value(lang)), max_text))}</b>"
    if item.section == Section.ALLERGIES:
        out += _severity_markup(item, lang)
    extra: list[str] = []
    if item.detail_key and has_term(item.detail_key):
        extra.append(_x(both(item.detail_key, lang)))
    if item.detail:
        extra.append(_x(_shorten(one_line(item.detail), max_detail)))
    if with_when and item.when and item.section in {Section.IMMUNIZATIONS, Section.DIRECTIVES}:
        extra.append(item.when.isoformat())
    if extra:
        out += " - " + "; ".join(extra)
    if item.phone:
        out += f"  <b>☎\u00a0{_x(one_line(item.phone))}</b>"
    return out


def _heading(section: Section, lang: Lang, st: Styles) -> Paragraph:
    return Paragraph(_x(both(SECTION_TITLE_KEYS[section], lang)), st.heading)


def _empty(summary: EmergencySummary, section: Section, lang: Lang, style: ParagraphStyle) -> Paragraph:
    """An empty section: "not recorded", or how many items the holder left out (never "none known")."""
    return Paragraph(_x(empty_text(section, lang, summary.left_out_of(section))), style)


def _left_out_note(summary: EmergencySummary, section: Section, lang: Lang, style: ParagraphStyle) -> list[Flowable]:
    """Below the items of a section the holder left some of out: how many (so the list is not read as complete)."""
    count = summary.left_out_of(section)
    return [Paragraph(_x(f"({left_out_text(count, lang)})"), style)] if count else []


def _single_value(summary: EmergencySummary, section: Section, lang: Lang) -> str:
    item = summary.single(section)
    return one_line(item.value(lang)) if item else empty_text(section, lang, summary.left_out_of(section))


# ------------------------------------------------------------------------ QR drawing
def draw_qr(c: Canvas, code: segno.QRCode, x: float, y: float, size: float) -> None:
    """Draw a QR code as black rectangles, ``size`` wide without its quiet zone, lower left at (x, y)."""
    rows = qrmod.matrix(code)
    n = len(rows)
    module = size / n
    c.saveState()
    c.setFillColor(colors.black)
    c.setStrokeColor(colors.black)
    path = c.beginPath()
    for r, row in enumerate(rows):
        col = 0
        while col < n:
            if not row[col]:
                col += 1
                continue
            start = col
            while col < n and row[col]:
                col += 1
            path.rect(x + start * module, y + (n - 1 - r) * module, (col - start) * module, module)
    c.drawPath(path, stroke=0, fill=1)
    c.restoreState()


# ------------------------------------------------------------------------ rendering
@dataclass
class Rendered:
    """A rendered PDF and what went on it."""

    data: bytes
    plain_text: str
    shc_jws: str | None
    notes: list[str]


def render(
    summary: EmergencySummary,
    fmt: Format = "a4",
    lang: Lang = "ko",
    shc_jws: str | None = None,
    shc_note: str | None = None,
    shc_beside: list[str] | None = None,
) -> Rendered:
    """Render the summary as PDF bytes (nothing is written to disk here)."""
    if fmt not in FORMATS:
        raise WalletError(f"unknown format {fmt!r} (choose {', '.join(FORMATS)})")
    register_fonts()
    text = qrmod.plain_text(summary, lang, CARD_QR_BYTES if fmt == "card" else qrmod.MAX_PLAIN_BYTES)
    notes: list[str] = []
    if shc_note:
        notes.append(shc_note)
    if summary.unreadable:
        notes.append(unreadable_note(summary.unreadable))
    buf = io.BytesIO()
    pagesize = LETTER if fmt == "letter" else A4
    c = Canvas(buf, pagesize=pagesize, pageCompression=1, initialFontName=FONT, initialFontSize=10)
    c.setTitle("Emergency medical information / 응급 의료 정보")
    c.setAuthor("MyData Wallet")
    c.setCreator("MyData Wallet")
    if fmt == "card":
        _card(c, summary, lang, text, shc_jws, notes, pagesize, shc_beside or [])
    else:
        _page(c, summary, lang, text, shc_jws, notes, pagesize, shc_beside or [])
    c.showPage()
    c.save()
    return Rendered(buf.getvalue(), text, shc_jws, notes)


def _page(
    c: Canvas,
    summary: EmergencySummary,
    lang: Lang,
    text: str,
    shc_jws: str | None,
    notes: list[str],
    pagesize: tuple[float, float],
    shc_beside: list[str],
) -> None:
    width, height = pagesize
    margin = 14 * mm
    inner = width - 2 * margin
    top = height - margin

    # title band: black with white letters
    band = 13 * mm
    c.setFillColor(colors.black)
    c.rect(margin, top - band, inner, band, stroke=0, fill=1)
    c.setFillColor(colors.white)
    c.setFont(FONT_BOLD, 17)
    first, second = order(lang)
    c.drawString(margin + 4 * mm, top - band + 4.3 * mm, printable(term("title", first)))
    c.setFont(FONT_BOLD, 11)
    c.drawRightString(margin + inner - 4 * mm, top - band + 4.8 * mm, printable(term("title", second)))
    c.setFillColor(colors.black)

    # identity block beside the plain-text QR code
    qr_code = qrmod.plain_qr(text)
    plain_size = qr_size(qr_code)
    qr_x = margin + inner - plain_size
    qr_top = top - band - 4 * mm
    draw_qr(c, qr_code, qr_x, qr_top - plain_size, plain_size)
    cap = ParagraphStyle("cap", fontName=FONT, fontSize=7, leading=8.5)
    cap_p = Paragraph(_x(both("qr_plain", lang, sep=" / ")), cap)
    _, cap_h = cap_p.wrap(plain_size, 30 * mm)
    cap_p.drawOn(c, qr_x, qr_top - plain_size - 1.5 * mm - cap_h)

    id_w = inner - plain_size - 6 * mm
    name_style = ParagraphStyle("name", fontName=FONT_BOLD, fontSize=22, leading=26)
    label_style = ParagraphStyle("label", fontName=FONT, fontSize=12, leading=16)
    ident: list[Flowable] = []
    name = summary.single(Section.NAME)
    ident.append(Paragraph(_x(_single_value(summary, Section.NAME, lang)), name_style))
    ident.append(Spacer(1, 2 * mm))
    for section in (Section.BIRTH_DATE, Section.SEX, Section.BLOOD_TYPE, Section.LANGUAGE):
        label = _x(both(SECTION_TITLE_KEYS[section], lang))
        value = _x(_single_value(summary, section, lang))
        if section == Section.BLOOD_TYPE and summary.single(section):
            big = ParagraphStyle("blood", parent=label_style, leading=21)
            ident.append(Paragraph(f"{label}: <font size=17><b>{value}</b></font>", big))
        else:
            ident.append(Paragraph(f"{label}: <b>{value}</b>", label_style))
    ident.append(Paragraph(f"{_x(both('made_on', lang))}: {summary.made_on.isoformat()}", label_style))
    ident_h = plain_size + 8 * mm
    Frame(margin, qr_top - ident_h, id_w, ident_h, 0, 0, 0, 0, showBoundary=0).addFromList(
        [KeepInFrame(id_w, ident_h, ident, mode="shrink")], c
    )

    # footer: the self-issued card and the disclaimer
    shc_code = qrmod.shc_qr(shc_jws) if shc_jws else None
    footer_h = qr_size(shc_code) + 6 * mm if shc_code is not None else 16 * mm
    footer_top = margin + footer_h
    _footer(c, summary, lang, shc_code, notes, margin, inner, footer_top, shc_beside)

    # body: allergies first, boxed; then everything else in two columns
    body_top = qr_top - ident_h - 3 * mm
    room = body_top - footer_top
    for scale in (1.0, 0.85, 0.7, 0.6):
        allergy_box = _allergy_box(summary, lang, styles(scale), inner)
        _, ah = allergy_box.wrap(inner, room)
        if ah <= room * 0.55:
            break
    allergy_box.drawOn(c, margin, body_top - ah)
    rest_top = body_top - ah - 2 * mm
    sections = (
        Section.CONTACTS,
        Section.PROBLEMS,
        Section.MEDICATIONS,
        Section.DEVICES,
        Section.DIRECTIVES,
        Section.ORGAN_DONATION,
        Section.IMMUNIZATIONS,
    )
    col_gap = 6 * mm
    col_w = (inner - col_gap) / 2
    avail = rest_top - footer_top - 2 * mm
    columns = [(margin, rest_top - avail, col_w, avail), (margin + col_w + col_gap, rest_top - avail, col_w, avail)]
    for scale in (1.0, 0.9, 0.8):
        if _place(None, _flow(summary, lang, styles(scale), sections), columns) == []:
            _place(c, _flow(summary, lang, styles(scale), sections), columns)
            return
    # too much for one page even in smaller type: continue on further pages, never smaller than this
    rest = _place(c, _flow(summary, lang, styles(0.8), sections), columns)
    c.setFont(FONT_BOLD, 9)
    c.drawRightString(margin + inner, footer_top + 1.5 * mm, printable(both("next_page", lang)))
    page_h = pagesize[1]
    full = page_h - 2 * margin - 12 * mm
    more = [(margin, margin, col_w, full), (margin + col_w + col_gap, margin, col_w, full)]
    while rest:
        c.showPage()
        c.setFont(FONT, 10)
        name = summary.single(Section.NAME)
        heading = f"{both('title', lang)} ({both('continued', lang)})" + (f" - {name.text}" if name else "")
        c.drawString(margin, page_h - margin - 5 * mm, printable(heading))
        before = len(rest)
        rest = _place(c, rest, more)
        if len(rest) == before:  # a single item taller than a column: shrink it rather than loop
            rest = _place(c, [KeepInFrame(col_w, full, [rest[0]], mode="shrink"), *rest[1:]], more)


def _place(c: Canvas | None, flow: list[Flowable], columns: list[tuple[float, float, float, float]]) -> list[Flowable]:
    """Lay ``flow`` into the columns in order (on ``c``, or a scratch canvas to measure); returns what is left."""
    canvas = c if c is not None else Canvas(io.BytesIO())
    pending = list(flow)
    for x, y, w, h in columns:
        frame = Frame(x, y, w, h, 0, 0, 0, 0)
        while pending and frame.add(pending[0], canvas, trySplit=0):
            pending.pop(0)
    return pending


def _allergy_box(summary: EmergencySummary, lang: Lang, st: Styles, width: float) -> Table:
    rows: list[list[Flowable]] = [[Paragraph(_x(both("allergies", lang)), st.allergy_heading)]]
    items = summary.section(Section.ALLERGIES)
    if not items:
        rows.append([_empty(summary, Section.ALLERGIES, lang, st.critical)])
    for item in items:
        style = st.critical if not item.statement else st.item
        rows.append([Paragraph(item_markup(item, lang), style)])
    if items:
        rows += [[p] for p in _left_out_note(summary, Section.ALLERGIES, lang, st.critical)]
    table = Table(rows, colWidths=[width])
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("BOX", (0, 0), (-1, -1), 2.2, colors.black),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
                ("LEFTPADDING", (0, 0), (-1, -1), 3 * mm),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3 * mm),
                ("TOPPADDING", (0, 0), (-1, -1), 1.2 * mm),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.2 * mm),
            ]
        )
    )
    return table


class _Stack(Flowable):  # type: ignore[misc]
    """Flowables drawn one under the other and moved as one (a heading with its first line)."""

    def __init__(self, parts: list[Flowable]) -> None:
        super().__init__()
        self.parts = parts
        self._sizes: list[tuple[float, float]] = []

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self._sizes = []
        total = 0.0
        for i, part in enumerate(self.parts):
            _, h = part.wrap(avail_width, avail_height)
            gap = part.getSpaceBefore() if i else 0.0
            self._sizes.append((h, gap))
            total += h + gap
        self.width, self.height = avail_width, total
        return avail_width, total

    def getSpaceBefore(self) -> float:
        return float(self.parts[0].getSpaceBefore()) if self.parts else 0.0

    def draw(self) -> None:
        y = self.height
        for part, (h, gap) in zip(self.parts, self._sizes, strict=True):
            y -= gap + h
            part.drawOn(self.canv, 0, y)


def _flow(summary: EmergencySummary, lang: Lang, st: Styles, sections: tuple[Section, ...]) -> list[Flowable]:
    """The sections as flowables; each heading is kept with its first line."""
    out: list[Flowable] = []
    for section in sections:
        head = _heading(section, lang, st)
        if section in LIST_SECTIONS:
            items = summary.section(section)
            if section in (Section.MEDICATIONS, Section.DEVICES):
                items = emergency_first(items)  # on the first page, before a long list of others
            lines: list[Flowable] = [Paragraph(item_markup(i, lang), st.item, bulletText="•") for i in items]
            if not lines:
                lines = [_empty(summary, section, lang, st.empty)]
            else:
                lines += _left_out_note(summary, section, lang, st.empty)
        else:
            lines = [Paragraph(f"<b>{_x(_single_value(summary, section, lang))}</b>", st.item)]
        out.append(_Stack([head, lines[0]]))
        out.extend(lines[1:])
    return out


def _footer(
    c: Canvas,
    summary: EmergencySummary,
    lang: Lang,
    shc_code: segno.QRCode | None,
    notes: list[str],
    margin: float,
    inner: float,
    footer_top: float,
    shc_beside: list[str],
) -> None:
    c.setLineWidth(0.6)
    c.line(margin, footer_top, margin + inner, footer_top)
    small = ParagraphStyle("foot", fontName=FONT, fontSize=7.5, leading=9.5)
    text_w = inner
    paras: list[Flowable] = []
    if shc_code is not None:
        size = qr_size(shc_code)
        draw_qr(c, shc_code, margin + inner - size, margin + 3 * mm, size)
        text_w = inner - size - 6 * mm
        paras.append(Paragraph(f"<b>{_x(both('qr_shc', lang, sep=' / '))}</b>", small))
        # beside the code: the key fingerprint, where the key is, what the code leaves out
        for line in shc_beside:
            paras.append(Paragraph(_x(line), small))
        paras.append(Spacer(1, 1.5 * mm))
    first, second = order(lang)
    paras.append(Paragraph(_x(term("self_reported", first)), small))
    paras.append(Paragraph(_x(term("self_reported", second)), small))
    for note in notes:
        paras.append(Paragraph(_x(note), small))
    h = footer_top - margin - 1.5 * mm
    Frame(margin, margin, text_w, h, 0, 0, 0, 0).addFromList([KeepInFrame(text_w, h, paras, mode="shrink")], c)
    del summary


# ------------------------------------------------------------------------ card
def _panel_items(
    summary: EmergencySummary, section: Section, lang: Lang, style: ParagraphStyle, limit: int, max_detail: int
) -> list[Flowable]:
    items = summary.section(section)
    if not items:
        return [Paragraph(_x(empty_text(section, lang, summary.left_out_of(section))), style)]
    if section in (Section.MEDICATIONS, Section.DEVICES):
        # an auto-injector, an anticoagulant, insulin, an anti-epileptic: first, and never "+N"
        items = emergency_first(items)
        limit = max(limit, count_emergency(items))
    bullet = ParagraphStyle(
        style.name + "-b", parent=style, leftIndent=style.fontSize * 1.1, bulletIndent=0, bulletFontName=FONT
    )
    out: list[Flowable] = [
        Paragraph(
            item_markup(i, lang, with_when=False, max_detail=max_detail, max_text=max_detail + 20),
            bullet,
            bulletText="•",
        )
        for i in items[:limit]
    ]
    if len(items) > limit:
        out.append(Paragraph(f"+{len(items) - limit} {_x(both('see_sheet', lang, sep='/'))}", style))
    return out + _left_out_note(summary, section, lang, style)


def _fit(builder: Any, w: float, h: float) -> list[Flowable]:
    """Flowables from ``builder(limit, scale)`` that fit ``w`` x ``h``: fewer items, then smaller type."""
    for limit, scale in ((12, 1.3), (12, 1.15), (12, 1.0), (6, 1.0), (6, 0.9), (4, 0.9), (3, 0.85), (2, 0.8)):
        flow: list[Flowable] = builder(limit, scale)
        total = 0.0
        for f in flow:
            _, fh = f.wrap(w, h)
            total += fh + f.getSpaceBefore() + f.getSpaceAfter()
        if total <= h:
            return flow
    return [KeepInFrame(w, h, builder(2, 0.8), mode="shrink")]


def _card(
    c: Canvas,
    summary: EmergencySummary,
    lang: Lang,
    text: str,
    shc_jws: str | None,
    notes: list[str],
    pagesize: tuple[float, float],
    shc_beside: list[str],
) -> None:
    width, height = pagesize
    total_w, total_h = 2 * CARD_W, 2 * CARD_H
    x0 = (width - total_w) / 2
    y0 = height - 20 * mm - total_h
    pad = 2.6 * mm

    # cut line around, fold lines between the four panels
    c.setLineWidth(0.5)
    c.setDash(4, 3)
    c.rect(x0, y0, total_w, total_h, stroke=1, fill=0)
    c.setDash(1, 2)
    c.line(x0 + CARD_W, y0, x0 + CARD_W, y0 + total_h)
    c.line(x0, y0 + CARD_H, x0 + total_w, y0 + CARD_H)
    c.setDash()
    guide = ParagraphStyle("guide", fontName=FONT, fontSize=8, leading=10)
    first, _second = order(lang)
    guide_text = (
        "바깥 점선(- - -)을 따라 자르고, 안쪽 점선(· · ·)을 따라 두 번 접어 지갑에 넣으십시오. / "
        "Cut along the dashed line, fold twice along the dotted lines, keep it in your wallet."
    )
    if first == "en":
        guide_text = " / ".join(reversed(guide_text.split(" / ")))
    gp = Paragraph(_x(guide_text), guide)
    gp.wrap(total_w, 20 * mm)
    gp.drawOn(c, x0, y0 + total_h + 2 * mm)

    pw, ph = CARD_W - 2 * pad, CARD_H - 2 * pad

    # panel 1 (top left): the front - title, name, birth date, blood type, QR
    px, py = x0 + pad, y0 + CARD_H + pad
    c.setFillColor(colors.black)
    band = 7 * mm
    c.rect(x0, y0 + 2 * CARD_H - band, CARD_W, band, stroke=0, fill=1)
    c.setFillColor(colors.white)
    c.setFont(FONT_BOLD, 12)
    c.drawString(x0 + pad, y0 + 2 * CARD_H - 5.1 * mm, printable(both("card_title", lang, sep=" / ")))
    c.setFillColor(colors.black)
    front_qr = ph - band  # version 13 at most (CARD_QR_BYTES): 0.61 mm modules
    draw_qr(c, qrmod.plain_qr(text), x0 + CARD_W - pad - front_qr, py, front_qr)
    left_w = pw - front_qr - 2 * mm

    def front(limit: int, scale: float) -> list[Flowable]:
        name_st = ParagraphStyle("cn", fontName=FONT_BOLD, fontSize=11 * scale, leading=13 * scale)
        small = ParagraphStyle("cs", fontName=FONT, fontSize=7 * scale, leading=9.5 * scale, spaceBefore=1.2)
        flow: list[Flowable] = [Paragraph(_x(_single_value(summary, Section.NAME, lang)), name_st)]
        for section in (Section.BIRTH_DATE, Section.SEX, Section.BLOOD_TYPE):
            flow.append(
                Paragraph(
                    f"{_x(both(SECTION_TITLE_KEYS[section], lang, sep='/'))}<br/>"
                    f"<font size={(10 if section == Section.BLOOD_TYPE else 8) * scale}>"
                    f"<b>{_x(_single_value(summary, section, lang))}</b></font>",
                    small,
                )
            )
        del limit
        return flow

    fh = ph - band
    Frame(px, py, left_w, fh, 0, 0, 0, 0).addFromList(_fit(front, left_w, fh), c)

    # panel 2 (top right): allergies, large; active problems
    def allergies(limit: int, scale: float) -> list[Flowable]:
        head = ParagraphStyle("ah", fontName=FONT_BOLD, fontSize=8.5 * scale, leading=10 * scale)
        big = ParagraphStyle("ab", fontName=FONT_BOLD, fontSize=9.5 * scale, leading=11.5 * scale)
        small = ParagraphStyle("as", fontName=FONT, fontSize=7.4 * scale, leading=9 * scale)
        flow: list[Flowable] = [Paragraph(_x(both("allergies_short", lang)), head)]
        flow += _panel_items(summary, Section.ALLERGIES, lang, big, limit, 30)
        flow.append(Spacer(1, 1.2 * mm))
        flow.append(Paragraph(_x(both("problems", lang)), head))
        flow += _panel_items(summary, Section.PROBLEMS, lang, small, limit, 30)
        return flow

    c.setLineWidth(1.6)
    c.rect(x0 + CARD_W + 1.2 * mm, y0 + CARD_H + 1.2 * mm, CARD_W - 2.4 * mm, CARD_H - 2.4 * mm, stroke=1, fill=0)
    Frame(x0 + CARD_W + pad, y0 + CARD_H + pad, pw, ph, 0, 0, 0, 0).addFromList(_fit(allergies, pw, ph), c)

    # panel 3 (bottom left): medications and devices
    def meds(limit: int, scale: float) -> list[Flowable]:
        head = ParagraphStyle("mh", fontName=FONT_BOLD, fontSize=8.5 * scale, leading=10 * scale)
        small = ParagraphStyle("ms", fontName=FONT, fontSize=7.4 * scale, leading=9 * scale)
        flow: list[Flowable] = [Paragraph(_x(both("medications_short", lang)), head)]
        flow += _panel_items(summary, Section.MEDICATIONS, lang, small, limit, 40)
        flow.append(Spacer(1, 1.2 * mm))
        flow.append(Paragraph(_x(both("devices", lang)), head))
        flow += _panel_items(summary, Section.DEVICES, lang, small, limit, 30)
        return flow

    Frame(x0 + pad, y0 + pad, pw, ph, 0, 0, 0, 0).addFromList(_fit(meds, pw, ph), c)

    # panel 4 (bottom right): contacts, organ donation, directives, language, date
    def contacts(limit: int, scale: float) -> list[Flowable]:
        head = ParagraphStyle("ch", fontName=FONT_BOLD, fontSize=8.5 * scale, leading=10 * scale)
        small = ParagraphStyle("cs2", fontName=FONT, fontSize=7.2 * scale, leading=8.8 * scale)
        tiny = ParagraphStyle("ct", fontName=FONT, fontSize=5.6 * scale, leading=6.6 * scale, spaceBefore=1)
        flow: list[Flowable] = [Paragraph(_x(both("contacts", lang)), head)]
        flow += _panel_items(summary, Section.CONTACTS, lang, small, min(limit, 3), 20)
        flow.append(Spacer(1, 1 * mm))
        for section in (Section.ORGAN_DONATION, Section.LANGUAGE):
            flow.append(
                Paragraph(
                    f"{_x(both(SECTION_TITLE_KEYS[section], lang, sep='/'))}: "
                    f"<b>{_x(_single_value(summary, section, lang))}</b>",
                    small,
                )
            )
        flow.append(Paragraph(f"<b>{_x(both('directives', lang, sep='/'))}</b>", small))
        flow += _panel_items(summary, Section.DIRECTIVES, lang, small, min(limit, 2), 30)
        flow.append(
            Paragraph(
                f"{_x(both('made_on', lang, sep='/'))} {summary.made_on.isoformat()}. "
                f"{_x(term('self_reported', first))}",
                tiny,
            )
        )
        return flow

    Frame(x0 + CARD_W + pad, y0 + pad, pw, ph, 0, 0, 0, 0).addFromList(_fit(contacts, pw, ph), c)

    # below the card: the self-issued SMART Health Card (a second cut-out) and notes
    below = y0 - 8 * mm
    small = ParagraphStyle("n", fontName=FONT, fontSize=8, leading=10)
    if shc_jws:
        code = qrmod.shc_qr(shc_jws)
        size = qr_size(code)
        draw_qr(c, code, x0, below - size, size)
        beside = [Paragraph(f"<b>{_x(both('qr_shc', lang, sep=' / '))}</b>", small)]
        beside += [Paragraph(_x(line), small) for line in shc_beside]
        top_y = below
        for p in beside:
            p.wrap(total_w - size - 6 * mm, 60 * mm)
            p.drawOn(c, x0 + size + 6 * mm, top_y - p.height)
            top_y -= p.height + 1 * mm
        below = min(below - size, top_y) - 6 * mm
    for note in notes:
        p = Paragraph(_x(note), small)
        p.wrap(total_w, 30 * mm)
        p.drawOn(c, x0, below - p.height)
        below -= p.height + 2 * mm


# ------------------------------------------------------------------------ writing
def write_atomic(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to ``path``: a temporary name in the same folder, fsync, then rename."""
    return atomic_write(path, data)

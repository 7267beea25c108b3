"""A C-CDA document as readable plain text: its header facts, each section's title and narrative.

The narrative ``<text>`` of a section is CDA's own small markup (paragraphs, lists, tables,
``content`` spans); it is written out as text, never rendered as HTML nor through the
document's XSL stylesheet, so nothing in the document runs or is fetched.
"""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element

V3 = "{urn:hl7-org:v3}"
ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))
"""Invisible characters some documents carry inside words (CCD-2: ``[#/\u200bvolume]``)."""
_SPACES = re.compile(r"[ \t\r\n\f\v]+")
_BLOCKS = {"paragraph", "list", "table", "caption", "thead", "tbody", "tfoot", "tr", "item", "footnote"}


def clean(text: str | None) -> str:
    """Text with invisible characters removed and runs of white space made one space."""
    if not text:
        return ""
    return _SPACES.sub(" ", text.translate(ZERO_WIDTH)).strip()


def local(el: Element) -> str:
    """An element's name without its namespace."""
    tag = el.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def inline_text(el: Element) -> str:
    """All the text inside ``el``, as one line (line breaks of ``<br/>`` kept as spaces)."""
    return clean("".join(el.itertext()))


def narrative_lines(text_el: Element) -> list[str]:
    """The lines of a section's narrative ``<text>``: paragraphs, list items, table rows."""
    lines: list[str] = []
    _block(text_el, lines, 0)
    return [ln for ln in lines if ln.strip()]


def _block(el: Element, lines: list[str], indent: int) -> None:
    """Write ``el``'s children: inline runs joined, blocks on lines of their own."""
    run: list[str] = [el.text or ""]

    def flush() -> None:
        line = clean("".join(run))
        if line:
            lines.append("  " * indent + line)
        run.clear()

    for child in el:
        name = local(child)
        if name == "br":
            flush()
        elif name == "table":
            flush()
            _table(child, lines, indent)
        elif name == "list":
            flush()
            ordered = child.get("listType") == "ordered"
            caption = next((c for c in child if local(c) == "caption"), None)
            if caption is not None and inline_text(caption):
                lines.append("  " * indent + inline_text(caption))
            for i, item in enumerate(c for c in child if local(c) == "item"):
                sub: list[str] = []
                _block(item, sub, 0)
                bullet = f"{i + 1}." if ordered else "-"
                for j, ln in enumerate(sub):
                    lines.append("  " * indent + (f"{bullet} " if j == 0 else "  ") + ln.strip())
        elif name == "renderMultiMedia":
            run.append(" [image] ")
        elif name in _BLOCKS:
            flush()
            _block(child, lines, indent)
        else:  # content, sub, sup, linkHtml, footnoteRef ...: inline
            run.append("".join(child.itertext()))
        run.append(child.tail or "")
    flush()


def _table(table: Element, lines: list[str], indent: int) -> None:
    """A table as lines of cells joined by `` | ``, its caption first."""
    for part in table:
        name = local(part)
        if name == "caption":
            lines.append("  " * indent + inline_text(part))
            continue
        rows = [part] if name == "tr" else [r for r in part if local(r) == "tr"]
        for row in rows:
            cells = [inline_text(c) for c in row if local(c) in ("td", "th")]
            if any(cells):
                lines.append("  " * indent + " | ".join(cells))


def readable_ts(value: str) -> str:
    """A CDA timestamp as people write it: ``201308151030-0800`` -> ``2013-08-15 10:30 -08:00``."""
    match = re.match(r"^(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(?:\d{2})?(?:\.\d+)?([+-]\d{4})?$", value.strip())
    if not match:
        return clean(value)
    year, month, day, hour, minute, zone = match.groups()
    text = "-".join(p for p in (year, month, day) if p)
    if hour:
        text += f" {hour}:{minute or '00'}"
        if zone:
            text += f" {zone[:3]}:{zone[3:]}"
    return text


def render(root: Element) -> str:
    """The whole document as plain text: title, header facts, then every section (nested ones indented)."""
    out: list[str] = []
    title = root.find(f"{V3}title")
    out.append(inline_text(title) if title is not None else "Clinical document")
    out.append("=" * max(len(out[0]), 8))
    for label, path in (
        ("Patient", f"{V3}recordTarget/{V3}patientRole/{V3}patient/{V3}name"),
        ("Custodian", f"{V3}custodian/{V3}assignedCustodian/{V3}representedCustodianOrganization/{V3}name"),
    ):
        found = root.find(path)
        if found is not None and inline_text(found):
            out.append(f"{label}: {inline_text(found)}")
    when = root.find(f"{V3}effectiveTime")
    if when is not None and when.get("value"):
        out.append(f"Date: {readable_ts(when.get('value') or '')}")
    body = root.find(f"{V3}component/{V3}structuredBody")
    if body is None:
        out.append("")
        out.append("(no structured body: the document's content is not text this wallet can show)")
        return "\n".join(out) + "\n"
    for comp in body.findall(f"{V3}component"):
        section = comp.find(f"{V3}section")
        if section is not None:
            _section(section, out, 0)
    return "\n".join(out).rstrip() + "\n"


def _section(section: Element, out: list[str], depth: int) -> None:
    title_el = section.find(f"{V3}title")
    code_el = section.find(f"{V3}code")
    title = inline_text(title_el) if title_el is not None else ""
    if not title and code_el is not None:
        title = clean(code_el.get("displayName")) or "Section"
    out.append("")
    out.append("  " * depth + (title or "Section"))
    out.append("  " * depth + ("-" if depth else "=") * max(len(title), 8))
    text_el = section.find(f"{V3}text")
    if text_el is not None:
        out.extend("  " * depth + ln for ln in narrative_lines(text_el))
    elif section.get("nullFlavor"):
        out.append("  " * depth + f"(no information: nullFlavor {section.get('nullFlavor')})")
    for comp in section.findall(f"{V3}component"):
        sub = comp.find(f"{V3}section")
        if sub is not None:
            _section(sub, out, depth + 1)

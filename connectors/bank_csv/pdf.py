"""Bank statements given as text-layer PDFs (IM뱅크/대구은행 거래내역조회), read into rows by position.

A PDF statement has no cells: its table is text drawn at x/y positions.  Each page's text
fragments are gathered with pypdf's text visitor (pypdf is already a dependency; its visitor
gives every fragment's position, which is all a table of single-line cells needs), grouped
into lines by their y, and a line below the column header is split into cells by the
header's x positions: a fragment belongs to the column whose header starts at or left of it
(right-aligned amounts start inside their column).  Lines above the header (the page's header
block: 고객명, 계좌번호, 현재잔액) stay rows of their own, so every page is one :class:`Table`
whose header the profile reader finds again: a repeated page header never becomes a
transaction.

Only a PDF whose first page carries every word of :data:`HEADER_WORDS` is a statement here;
any other PDF is left to the documents connector.  A PDF that is cut short (no ``%%EOF``
at its end) or that pypdf cannot read is refused with one message.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from typing import Any

from connectors.bank_csv.sheets import MAX_COLUMNS, Table
from wallet.errors import ConnectorError

MAGIC = b"%PDF-"
HEADER_WORDS = ("고객명", "계좌번호", "현재잔액", "거래일시", "거래후잔액")
"""Words the first page of a recognised statement holds (its header block and column header)."""
COLUMN_MARKERS = ("거래일시", "거래후잔액")
"""A line holding both is a table's column header."""
LINE_TOLERANCE = 2.0
"""Fragments whose baselines differ by less than this (points) are one line."""
COLUMN_SLACK = 3.0
"""A fragment starting this far left of a column's header still belongs to that column."""
MAX_PAGES = 500
PAGE_NUMBER = re.compile(r"(?:-\s*)?\d+\s*(?:/\s*\d+)?(?:\s*-)?")
"""A line holding only a page number (``2 / 11``, ``- 3 -``) is a footer, not a row."""


def is_pdf(head: bytes) -> bool:
    """Whether the bytes start like a PDF file."""
    return head.lstrip(b"\r\n\t ")[: len(MAGIC)] == MAGIC


def _damaged(name: str) -> ConnectorError:
    return ConnectorError(f"{name}: cannot be read as a PDF statement: the file is damaged or cut short")


Fragment = tuple[float, float, str]
"""x, y (points from the page's bottom-left) and text."""


def _fragments(page: Any) -> list[Fragment]:
    found: list[Fragment] = []

    def visit(text: str, cm: Sequence[float], tm: Sequence[float], font: Any, size: Any) -> None:
        text = " ".join(text.split())
        if not text:
            return
        x = cm[0] * tm[4] + cm[2] * tm[5] + cm[4]
        y = cm[1] * tm[4] + cm[3] * tm[5] + cm[5]
        found.append((float(x), float(y), text))

    page.extract_text(visitor_text=visit)
    return found


def _lines(fragments: list[Fragment]) -> list[list[Fragment]]:
    """Fragments grouped into lines, top of the page first, each line left to right."""
    lines: list[list[Fragment]] = []
    for frag in sorted(fragments, key=lambda f: (-f[1], f[0])):
        if lines and abs(lines[-1][0][1] - frag[1]) < LINE_TOLERANCE:
            lines[-1].append(frag)
        else:
            lines.append([frag])
    return [sorted(line) for line in lines]


def page_rows(fragments: list[Fragment]) -> list[list[str]]:
    """A page's rows of text cells: lines above the column header as they are, lines below split by its x positions."""
    rows: list[list[str]] = []
    starts: list[float] | None = None
    for line in _lines(fragments):
        texts = [t for _, _, t in line]
        if starts is None:
            rows.append(texts[:MAX_COLUMNS])
            if all(m in texts for m in COLUMN_MARKERS):
                starts = [x for x, _, _ in line][:MAX_COLUMNS]
            continue
        if len(texts) == 1 and PAGE_NUMBER.fullmatch(texts[0]):
            continue  # the page's footer
        cells = [""] * len(starts)
        for x, _, text in line:
            at = max((i for i, s in enumerate(starts) if s <= x + COLUMN_SLACK), default=0)
            cells[at] = f"{cells[at]} {text}".strip()
        rows.append(cells)
    return rows


def _reader(raw: bytes, name: str) -> Any:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    if not is_pdf(raw[:1024]) or b"%%EOF" not in raw[-1024:]:
        raise _damaged(name)
    try:
        reader = PdfReader(io.BytesIO(raw), strict=False)
        if reader.is_encrypted:
            raise ConnectorError(f"{name}: the PDF statement is password-protected; save it without a password first")
        return reader
    except PyPdfError:
        raise _damaged(name) from None


def read_pdf(raw: bytes, name: str, limit: int, pages: int = MAX_PAGES) -> list[Table]:
    """Each page of a PDF statement as a table of rows (at most ``limit`` rows in all)."""
    from pypdf.errors import PyPdfError

    reader = _reader(raw, name)
    tables: list[Table] = []
    left = limit
    try:
        count = len(reader.pages)
        if count > MAX_PAGES:
            raise ConnectorError(f"{name}: has {count} pages; PDF statements up to {MAX_PAGES} pages are read")
        for number, page in enumerate(reader.pages[:pages], start=1):
            rows = page_rows(_fragments(page))[:left]
            left -= len(rows)
            tables.append(Table(f"page {number}", rows))
            if left <= 0:
                break
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError):
        raise _damaged(name) from None
    return tables


def head_pdf(raw: bytes) -> list[Table] | None:
    """The first page's rows when it is a statement this connector reads (:data:`HEADER_WORDS`), else None."""
    try:
        tables = read_pdf(raw, "head", 200, pages=1)
    except ConnectorError:
        return None
    words = {c for t in tables for row in t.rows for c in row}
    text = " ".join(words)
    return tables if all(w in text for w in HEADER_WORDS) else None

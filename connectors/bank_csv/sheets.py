"""Statements that are spreadsheets rather than CSV text: ``.xlsx``, legacy ``.xls``, HTML saved as ``.xls``.

Korean banks and card companies give Excel files, and several of their ``.xls``
downloads (KB국민은행, 우리은행) are really HTML tables.  Each format is turned
into :class:`Table` objects (a sheet's rows as text cells) that the profile
reader of :mod:`connectors.bank_csv` reads exactly as it reads CSV rows:

* ``.xlsx`` with openpyxl (read-only, cached values, not formulas);
* legacy ``.xls`` (BIFF) with xlrd;
* HTML tables with the standard library's parser (every ``<tr>`` of the
  document in order, so title rows in another table simply precede the header);
* text-layer PDF statements (IM뱅크) by the positions of their text, see :mod:`connectors.bank_csv.pdf`;
* password-protected Office files (OOXML agile/standard encryption, as 토스뱅크
  and 카카오뱅크 give) are decrypted in memory with msoffcrypto-tool using the
  ``password`` option; the password is never stored, and neither is the
  decrypted file.

Cells become text: numbers without a float tail (``5500.0`` -> ``5500``), date
cells ``YYYY-MM-DD`` or ``YYYY-MM-DD HH:MM:SS`` (:data:`ISO_FORMATS`), times
``HH:MM:SS``.  Which format a file is in is told by its bytes, never by its
extension (a CSV named ``.xls`` stays CSV).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from html.parser import HTMLParser
from typing import Any

from wallet.errors import ConnectorError, ConnectorOption

MAX_ROWS = 50_000
"""Rows read from one sheet: more than any statement; bounds the memory a crafted file can take."""
MAX_COLUMNS = 64
MAX_UNPACKED = 64 * 1024 * 1024
"""An ``.xlsx`` whose parts unpack to more than this is refused before it is parsed (a ZIP bomb)."""
HEAD_ROWS = 40
"""Rows per sheet read to recognise a layout."""
ISO_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d")
"""How date cells of a spreadsheet are written as text (a date with no time of day: the second)."""

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = b"PK\x03\x04"


class PasswordNeeded(ConnectorError):
    """The statement is password-protected: the person types the password (asked, never stored)."""

    def __init__(self, message: str) -> None:
        super().__init__(message, hint=ConnectorOption("password", secret=True))


@dataclass
class Table:
    """One sheet (or an HTML document's table rows): its name and its rows of text cells."""

    name: str
    rows: list[list[str]]


@dataclass
class Opened:
    """A spreadsheet read into tables, with what the person should know about it."""

    tables: list[Table]
    format: str
    warnings: list[str] = field(default_factory=list)


def sniff(head: bytes) -> str:
    """``xlsx``, ``ole`` (legacy .xls or an encrypted Office file), ``html``, ``pdf`` or ``text``, from its bytes."""
    if head.lstrip(b"\r\n\t ").startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(_ZIP):
        return "xlsx" if b"xl/" in head or b"[Content_Types].xml" in head[:4096] else "text"
    if head.startswith(_OLE):
        return "ole"
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith(b"<") and (b"<table" in head.lower() or start.startswith((b"<html", b"<!doctype html"))):
        return "html"
    return "text"


def is_sheet(head: bytes) -> bool:
    """Whether the bytes are a spreadsheet or HTML table rather than CSV text."""
    return sniff(head) != "text"


# --------------------------------------------------------------------------- cells


def cell_text(value: Any) -> str:
    """A spreadsheet cell as text (see the module's docstring)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return value.strftime(ISO_FORMATS[1])
        return value.replace(microsecond=0).strftime(ISO_FORMATS[0])
    if isinstance(value, date):
        return value.strftime(ISO_FORMATS[1])
    if isinstance(value, time):
        return value.replace(microsecond=0).strftime("%H:%M:%S")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return format(Decimal(repr(value)), "f")
    return " ".join(str(value).split())


def _trim(rows: list[list[str]]) -> list[list[str]]:
    out = []
    for row in rows:
        cells = row[:MAX_COLUMNS]
        while cells and not cells[-1]:
            cells.pop()
        out.append(cells)
    return out


# --------------------------------------------------------------------------- readers


def _damaged(name: str, what: str) -> ConnectorError:
    return ConnectorError(f"{name}: cannot be read as {what}: the file is damaged or cut short")


def read_xlsx(raw: bytes | io.BufferedIOBase | io.BytesIO, name: str, limit: int = MAX_ROWS) -> list[Table]:
    """Every sheet of an ``.xlsx`` workbook (at most ``limit`` rows each)."""
    import zipfile

    import openpyxl

    stream = io.BytesIO(raw) if isinstance(raw, bytes) else raw
    try:
        with zipfile.ZipFile(stream) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except Exception:  # zipfile raises BadZipFile, EOFError, ValueError ... for a cut archive
        raise _damaged(name, "an Excel workbook (.xlsx)") from None
    if unpacked > MAX_UNPACKED:
        raise ConnectorError(
            f"{name}: the workbook unpacks to {unpacked // (1024 * 1024)} MB, more than a statement "
            f"({MAX_UNPACKED // (1024 * 1024)} MB); it is not read"
        )
    stream.seek(0)
    try:
        book = openpyxl.load_workbook(stream, read_only=True, data_only=True)
        try:
            tables = []
            for sheet in book.worksheets:
                rows: list[list[str]] = []
                for values in sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS):
                    rows.append([cell_text(v) for v in values])
                    if len(rows) >= limit:
                        break
                tables.append(Table(sheet.title, _trim(rows)))
        finally:
            book.close()
    except ConnectorError:
        raise
    except Exception:  # openpyxl and zipfile raise many types for a cut or damaged workbook
        raise _damaged(name, "an Excel workbook (.xlsx)") from None
    return tables


def read_xls(raw: bytes, name: str, limit: int = MAX_ROWS) -> list[Table]:
    """Every sheet of a legacy ``.xls`` (BIFF) workbook."""
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=raw, on_demand=True, logfile=io.StringIO())
        tables = []
        for index in range(book.nsheets):
            sheet = book.sheet_by_index(index)
            rows: list[list[str]] = []
            for r in range(min(sheet.nrows, limit)):
                cells = []
                for c in range(min(sheet.ncols, MAX_COLUMNS)):
                    cell = sheet.cell(r, c)
                    if cell.ctype == xlrd.XL_CELL_DATE:
                        try:
                            cells.append(cell_text(xlrd.xldate_as_datetime(cell.value, book.datemode)))
                        except (ValueError, OverflowError):
                            cells.append(cell_text(cell.value))
                    else:
                        cells.append(cell_text(cell.value))
                rows.append(cells)
            tables.append(Table(sheet.name, _trim(rows)))
            book.unload_sheet(index)
    except ConnectorError:
        raise
    except Exception:  # xlrd raises XLRDError, struct.error, IndexError ... for damaged files
        raise _damaged(name, "an Excel 97-2003 workbook (.xls)") from None
    return tables


class _TableParser(HTMLParser):
    """Every table row of an HTML document, in order; ``colspan`` keeps the columns in place."""

    def __init__(self, limit: int) -> None:
        super().__init__(convert_charrefs=True)
        self.limit = limit
        self.rows: list[list[str]] = []
        self.row: list[str] | None = None
        self.cell: list[str] | None = None
        self.span = 1
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self.skip += 1
        elif tag == "tr":
            self._end_row()
            self.row = []
        elif tag in ("td", "th"):
            self._end_cell()
            if self.row is None:
                self.row = []
            self.cell = []
            span = dict(attrs).get("colspan") or "1"
            self.span = min(int(span), MAX_COLUMNS) if span.strip().isdigit() and int(span) > 0 else 1
        elif tag == "br" and self.cell is not None:
            self.cell.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self.skip = max(0, self.skip - 1)
        elif tag in ("td", "th"):
            self._end_cell()
        elif tag in ("tr", "table"):
            self._end_row()

    def handle_data(self, data: str) -> None:
        if self.cell is not None and not self.skip:
            self.cell.append(data)

    def _end_cell(self) -> None:
        if self.cell is not None and self.row is not None:
            self.row.append(" ".join("".join(self.cell).replace("\xa0", " ").split()))
            self.row.extend([""] * (self.span - 1))
        self.cell = None
        self.span = 1

    def _end_row(self) -> None:
        self._end_cell()
        if self.row is not None and len(self.rows) < self.limit:
            self.rows.append(self.row)
        self.row = None

    def close(self) -> None:
        """Finish the document, keeping a last row left open."""
        super().close()
        self._end_row()


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)


def html_text(raw: bytes, name: str) -> tuple[str, str]:
    """An HTML statement's text and encoding: a BOM or valid UTF-8, else its declared charset, else CP949."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    declared = _META_CHARSET.search(raw[:4096])
    candidates = []
    if declared:
        charset = declared.group(1).decode("ascii").lower()
        candidates.append("cp949" if charset in ("euc-kr", "euc_kr", "ks_c_5601-1987", "ksc5601") else charset)
    candidates.append("cp949")
    for enc in candidates:
        try:
            return raw.decode(enc), enc
        except (UnicodeDecodeError, LookupError):
            continue
    raise ConnectorError(f"{name}: the HTML statement's text is neither UTF-8 nor CP949 (EUC-KR)")


def read_html(raw: bytes, name: str, limit: int = MAX_ROWS) -> tuple[list[Table], str]:
    """An HTML statement (``.xls`` that is a web page) as one table of every row, and its encoding."""
    text, encoding = html_text(raw, name)
    parser = _TableParser(limit)
    parser.feed(text)
    parser.close()
    return [Table("html", _trim(parser.rows))], encoding


def decrypt(raw: bytes, name: str, password: str | None) -> bytes | None:
    """The decrypted bytes of an encrypted Office file, None when the file is not encrypted.

    Raises :class:`PasswordNeeded` without a password or with a wrong one (one message that
    asks again), :class:`ConnectorError` when the file is damaged.
    """
    import msoffcrypto
    from msoffcrypto import exceptions as mso

    try:
        office = msoffcrypto.OfficeFile(io.BytesIO(raw))
        encrypted = office.is_encrypted()
    except Exception:  # olefile and msoffcrypto raise many types for files they cannot read
        return None  # not an Office file msoffcrypto knows: let the legacy .xls reader say what it is
    if not encrypted:
        return None
    if not password:
        raise PasswordNeeded(f"{name}: this statement is protected by a password")
    out = io.BytesIO()
    try:
        office.load_key(password=password)
        office.decrypt(out)
    except (mso.InvalidKeyError, mso.DecryptionError):
        raise PasswordNeeded(f"{name}: the password did not open this statement; type it again") from None
    except Exception:
        raise _damaged(name, "a password-protected Excel workbook") from None
    return out.getvalue()


def open_sheets(raw: bytes, name: str, password: str | None = None, limit: int = MAX_ROWS) -> Opened:
    """A spreadsheet statement's tables (decrypted first when it is protected)."""
    kind = sniff(raw[:65536])
    if kind == "ole":
        plain = decrypt(raw, name, password)
        if plain is not None:
            inner = sniff(plain[:65536])
            if inner == "xlsx":
                return Opened(read_xlsx(plain, name, limit), "xlsx (password-protected)")
            if inner == "ole":
                return Opened(read_xls(plain, name, limit), "xls (password-protected)")
            raise _damaged(name, "a password-protected Excel workbook")
        return Opened(read_xls(raw, name, limit), "xls")
    if kind == "xlsx":
        return Opened(read_xlsx(raw, name, limit), "xlsx")
    if kind == "html":
        tables, encoding = read_html(raw, name, limit)
        return Opened(tables, f"html ({encoding})")
    if kind == "pdf":
        from connectors.bank_csv.pdf import read_pdf

        return Opened(read_pdf(raw, name, limit), "pdf")
    raise ConnectorError(f"{name}: not a spreadsheet")


def head_tables(head: bytes, stream: Any = None) -> list[Table] | None:
    """The first rows of each table of a spreadsheet, for recognising its layout cheaply; None if unreadable.

    ``stream`` (a seekable binary file) lets an ``.xlsx`` be read without its whole content
    in ``head``.  An encrypted file gives no rows (``[]``): its layout shows only once it is opened.
    """
    kind = sniff(head)
    try:
        if kind == "xlsx":
            return read_xlsx(stream if stream is not None else head, "head", HEAD_ROWS)
        if kind == "html":
            return read_html(head, "head", HEAD_ROWS)[0]
        if kind == "pdf":  # only a statement's first page (connectors.bank_csv.pdf.HEADER_WORDS); other PDFs: None
            from connectors.bank_csv.pdf import head_pdf

            return head_pdf(stream.read() if stream is not None else head)
        if kind == "ole":
            data = stream.read() if stream is not None else head
            if decrypt_probe(data):
                return []
            return read_xls(data, "head", HEAD_ROWS)
    except ConnectorError:
        return None
    return None


def decrypt_probe(raw: bytes) -> bool:
    """Whether an OLE file is an encrypted Office document (nothing is decrypted)."""
    try:
        return decrypt(raw, "probe", None) is not None
    except PasswordNeeded:
        return True
    except ConnectorError:
        return False

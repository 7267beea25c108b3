"""Documents: PDF, JPEG, PNG and HEIC files kept inside the encrypted vault.

Each file becomes one record (``Domain.DOCUMENTS``, kind ``document``) whose
attachment holds the file's exact bytes, so the document lives in the
encrypted database and never beside it.  The payload holds its metadata:
``doc_type``, ``issuer``, ``date``, ``amount``, ``currency`` and ``tags``,
given by the user (``context.options``) or guessed from the document.

Choices (see docs/energy-and-documents.md):

* The file type is told by its magic bytes, never by its extension; a file
  whose content contradicts its extension is refused
  (``x.pdf is not a PDF: it looks like a PNG image``).
* A PDF's text is extracted with pypdf into ``Record.text`` so it can be
  searched.  Extraction has a page cap and a time budget checked between
  pages.  An encrypted PDF, or one pypdf cannot parse (damaged, truncated),
  is still stored - it is the user's document and another viewer may open
  it - with a warning that its text could not be extracted.
* A scan (a PNG, JPEG or HEIC photo, or a PDF without a text layer) is read
  by OCR with Tesseract in Korean and English (:mod:`connectors.documents.ocr`),
  through pipes: the text goes only into ``Record.text``, inside the vault.
  Without Tesseract the document is still stored, and its warning says what
  OCR needs.  Types, dates and amounts are guessed from that text as from a
  PDF's own.
* Files over :data:`MAX_BYTES` are refused with a clear message.
"""

from __future__ import annotations

import contextlib
import io
import logging
import re
import time
import warnings
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, ClassVar

from connectors.documents import ocr
from wallet.document_fields import (
    CURRENCY_SIGNS,
    DOC_TYPE_LABELS,
    DOC_TYPES,
    apply_metadata,
    guess_date,
    normalise_fields,
)
from wallet.errors import ConnectorError
from wallet.imports.connector import Connector, ImportContext, Source
from wallet.model import Attachment, Domain, Provenance, Record

__all__ = ["DOC_TYPES", "DOC_TYPE_LABELS", "DocumentConnector", "describe", "extract_pdf", "sniff"]

MAX_BYTES = 24 * 1024 * 1024
"""A document is held, hashed, stored as an attachment and written in one transaction: about 6 times
its size in memory, so 24 MB keeps an import under wallet.limits.MEMORY_BOUND_MB."""
MAX_PAGES = 500
"""Pages whose text is extracted; the rest of a longer PDF is stored but not indexed."""
MAX_TEXT_CHARS = 2_000_000
TEXT_SECONDS = 30.0
"""Time budget for text extraction, checked between pages."""

# kind -> (media type, what it is called in messages)
KINDS: dict[str, tuple[str, str]] = {
    "pdf": ("application/pdf", "a PDF"),
    "jpeg": ("image/jpeg", "a JPEG image"),
    "png": ("image/png", "a PNG image"),
    "heic": ("image/heic", "a HEIC image"),
}
EXTENSIONS: dict[str, str] = {
    ".pdf": "pdf",
    ".jpg": "jpeg",
    ".jpeg": "jpeg",
    ".jpe": "jpeg",
    ".jfif": "jpeg",
    ".png": "png",
    ".heic": "heic",
    ".heif": "heic",
    ".hif": "heic",
}
HEIF_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1"}

log = logging.getLogger(__name__)


def sniff(head: bytes) -> str | None:
    """The document kind (``pdf``, ``jpeg``, ``png``, ``heic``) from the first bytes, or None."""
    if head.startswith(b"%PDF-") or b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if len(head) >= 12 and head[4:8] == b"ftyp":
        size = int.from_bytes(head[0:4], "big")
        brands = {head[8:12]}
        end = min(max(size, 16), len(head), 256)
        brands.update(head[i : i + 4] for i in range(16, end - 3, 4))
        if head[8:12] in HEIF_BRANDS or (brands & HEIF_BRANDS and b"avif" not in brands):
            return "heic"
    return None


def describe(head: bytes) -> str:
    """What unrecognised content looks like, for error messages."""
    kind = sniff(head)
    if kind:
        return KINDS[kind][1]
    if not head:
        return "an empty file"
    signatures: list[tuple[bytes, str]] = [
        (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
        (b"GIF8", "a GIF image"),
        (b"%!PS", "a PostScript file"),
        (b"{\\rtf", "an RTF document"),
        (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document"),
        (b"II*\x00", "a TIFF image"),
        (b"MM\x00*", "a TIFF image"),
        (b"RIFF", "a RIFF file (WebP, WAV or AVI)"),
        (b"\x1f\x8b", "a gzip archive"),
        (b"7z\xbc\xaf", "a 7-Zip archive"),
        (b"BM", "a BMP image"),
    ]
    for sig, what in signatures:
        if head.startswith(sig):
            return what
    if len(head) >= 12 and head[4:8] == b"ftyp":
        brand = head[8:12].decode("ascii", "replace").strip()
        return "an AVIF image" if brand in ("avif", "avis") else f"an ISO media file (brand {brand!r}, e.g. a video)"
    text = head[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<!doctype html", b"<html")):
        return "an HTML page"
    if text.startswith(b"<"):
        return "an XML file"
    if text.startswith((b"{", b"[")):
        return "a JSON file"
    try:
        head[:4096].decode("utf-8")
    except UnicodeDecodeError:
        return "binary data of an unknown kind"
    return "a text file"


# ----------------------------------------------------------------- guessing


_TYPE_WORDS: list[tuple[str, tuple[str, ...]]] = [
    ("business_registration", ("business registration", "사업자등록증", "certificate of incorporation")),
    ("prescription", ("prescription", "처방전", "rx only", "sig:")),
    ("tax_document", ("tax return", "form w-2", "form 1099", "원천징수", "연말정산", "tax statement", "tax invoice")),
    (
        "medical_bill",
        ("medical bill", "patient account", "진료비", "진료비 영수증", "hospital bill", "explanation of benefits"),
    ),
    ("certificate", ("certificate", "증명서", "certify that")),
    ("contract", ("agreement", "contract", "계약서", "terms and conditions")),
    ("receipt", ("receipt", "영수증", "thank you for your purchase", "subtotal")),
]
_AMOUNT_PATTERNS = [
    re.compile(
        r"(?:grand total|total due|amount due|total|합\s*계\s*금\s*액|합\s*계|총\s*액|총\s*금\s*액|결\s*제\s*금\s*액"
        r"|청\s*구\s*금\s*액|납\s*부\s*(?:하?실|할)\s*금\s*액|수\s*납\s*금\s*액)\s*[:：]?\s*"
        r"(?P<cur>[$€£₩]|USD|EUR|GBP|KRW)?\s*(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d+(?:\.\d{1,2})?)\s*(?P<won>원)?",
        re.IGNORECASE,
    )
]


def guess_type(text: str) -> str | None:
    low = text.lower()
    for kind, words in _TYPE_WORDS:
        if any(w in low for w in words):
            return kind
    return None


_TRAILING_DOC_WORD = re.compile(r"\s*(영수증|처방전|진료비\s*영수증|receipt|invoice|prescription)\s*$", re.IGNORECASE)


def guess_issuer(text: str) -> str | None:
    """The first line of a receipt or bill is usually who issued it."""
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        if 3 <= len(line) <= 60 and any(ch.isalpha() for ch in line) and guess_date(line) is None:
            # "초록약국 영수증" / "Greenleaf Pharmacy Receipt": the issuer is the part before the document word
            trimmed = _TRAILING_DOC_WORD.sub("", line).strip(" -:|")
            return trimmed if len(trimmed) >= 2 else line
        return None
    return None


def guess_amount(text: str) -> tuple[Decimal, str | None] | None:
    best: tuple[Decimal, str | None] | None = None
    for pat in _AMOUNT_PATTERNS:
        for m in pat.finditer(text):
            try:
                amount = Decimal(m.group("num").replace(",", ""))
            except InvalidOperation:
                continue
            sign = m.group("cur") or m.group("won")
            currency = CURRENCY_SIGNS.get(sign, sign.upper()) if sign else None
            best = (amount, currency)  # the last "total" on a receipt is usually the one paid
    return best


# ----------------------------------------------------------------- PDF text

_NO_TEXT_NOTE = "has no extractable text (a scan?): it is stored but not searchable by content"


def extract_pdf(data: bytes, name: str, password: str | None = None) -> tuple[str | None, dict[str, Any], list[str]]:
    """(text or None, facts such as page count and PDF dates, warnings).

    ``password`` opens a PDF encrypted with a user password (for its text only:
    the stored file stays exactly as it was, encrypted)."""
    facts: dict[str, Any] = {}
    notes: list[str] = []
    try:
        from pypdf import PdfReader
        from pypdf.errors import PyPdfError
    except ImportError:  # pragma: no cover - pypdf is a declared dependency
        return None, facts, ["pypdf is not installed: the PDF's text could not be extracted"]
    pdf_errors = (
        PyPdfError,
        ValueError,
        KeyError,
        TypeError,
        AttributeError,
        IndexError,
        OverflowError,
        ZeroDivisionError,
        NotImplementedError,  # pypdf: "Unsupported filter /ASCII85Deco..." in a damaged object stream
    )
    deadline = time.monotonic() + TEXT_SECONDS
    pypdf_log = logging.getLogger("pypdf")
    old_level = pypdf_log.level
    pypdf_log.setLevel(logging.CRITICAL)  # pypdf's chatter about a damaged file is not for the user's log
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                reader = PdfReader(io.BytesIO(data), strict=False)
                if reader.is_encrypted:
                    facts["encrypted"] = True
                    try:
                        opened = bool(reader.decrypt(password or ""))
                    except (PyPdfError, NotImplementedError, ValueError, KeyError):
                        opened = False
                    if not opened:
                        notes.append(
                            f"{name} is encrypted with a password: stored, but its text could not be extracted"
                        )
                        return None, facts, notes
                pages = reader.pages
                facts["pages"] = len(pages)
                info_date = _pdf_date(reader)
                if info_date is not None:
                    facts["pdf_date"] = info_date.isoformat()
                parts: list[str] = []
                timed_out = False
                size = 0
                for i, page in enumerate(pages):
                    if i >= MAX_PAGES:
                        notes.append(f"only the first {MAX_PAGES} pages were indexed for search")
                        break
                    if time.monotonic() > deadline:
                        notes.append(
                            f"text extraction stopped after {i} pages (time limit): the rest is not searchable"
                        )
                        timed_out = True
                        break
                    try:
                        chunk = page.extract_text() or ""
                    except (*pdf_errors, RecursionError) as exc:
                        notes.append(f"the text of page {i + 1} could not be extracted ({type(exc).__name__})")
                        continue
                    parts.append(chunk)
                    size += len(chunk)
                    if size > MAX_TEXT_CHARS:
                        notes.append("the text is very long: only the first part is searchable")
                        break
                text = "\n".join(p.strip() for p in parts if p.strip())[:MAX_TEXT_CHARS]
                if not text and not timed_out:  # every page read, and no text: a scan (read by OCR)
                    notes.append(f"{name} {_NO_TEXT_NOTE}")
                return text or None, facts, notes
            except RecursionError:
                notes.append(f"{name} is malformed (too deeply nested): stored, but its text could not be extracted")
                return None, facts, notes
            except pdf_errors as exc:
                notes.append(f"{name} is damaged ({type(exc).__name__}): stored, but its text could not be extracted")
                return None, facts, notes
    finally:
        pypdf_log.setLevel(old_level)


def _pdf_date(reader: Any) -> date | None:
    try:
        meta = reader.metadata
        when = meta.creation_date if meta is not None else None
    except Exception:  # a malformed date in the info dictionary is not worth failing over
        return None
    return when.date() if isinstance(when, datetime) else None


def image_facts(data: bytes, kind: str) -> dict[str, Any]:
    """Pixel size and EXIF date of a JPEG/PNG when Pillow is available (it comes with reportlab)."""
    facts: dict[str, Any] = {}
    if kind not in ("jpeg", "png"):
        return facts
    try:
        from PIL import Image
    except ImportError:  # pragma: no cover
        return facts
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with Image.open(io.BytesIO(data)) as img:  # lazy: reads the header, not the pixels
                facts["width"], facts["height"] = img.size
                exif = img.getexif()
                raw = exif.get_ifd(0x8769).get(0x9003) or exif.get(0x0132)
                if isinstance(raw, str):
                    with contextlib.suppress(ValueError):
                        when = datetime.strptime(raw.strip()[:19], "%Y:%m:%d %H:%M:%S")
                        facts["exif_date"] = when.date().isoformat()
    except Exception:  # a damaged image is still stored; facts are optional
        return {}
    return facts


class DocumentConnector(Connector):
    """PDF, JPEG, PNG and HEIC documents (receipts, bills, prescriptions ...), told by content."""

    id: ClassVar[str] = "document"
    name: ClassVar[str] = "Documents (PDF and photos)"
    version: ClassVar[str] = "1"
    domains: ClassVar[tuple[Domain, ...]] = (Domain.DOCUMENTS, Domain.FINANCE)
    accepts: ClassVar[str] = "PDF, JPEG, PNG or HEIC files: receipts, bills, prescriptions, certificates ..."
    extensions: ClassVar[tuple[str, ...]] = tuple(EXTENSIONS)
    max_size = MAX_BYTES  # refused by its size before it is hashed or read
    generic = True  # any PDF or photo: a connector that recognises the content (a bank statement PDF) wins

    def identify(self, source: Source) -> bool:
        """Content that is a PDF/JPEG/PNG/HEIC, or a file named as one (so a mismatch is explained)."""
        if sniff(source.head) is not None:
            return True
        return source.suffix in EXTENSIONS

    def read(self, source: Source, context: ImportContext) -> Iterator[Record]:
        """The Connector contract: one record per file, its exact bytes attached, once size and type are checked.

        A 진료비 or 약제비 계산서·영수증 also gives a ``medical_receipt`` record (:mod:`.medical_receipt`)."""
        name = source.name
        fields = normalise_fields({k: v for k, v in context.options.items() if k in _OPTION_KEYS})
        size = source.size
        if size > MAX_BYTES:
            raise ConnectorError(
                f"{name} is {size / (1024 * 1024):.0f} MB; documents up to {MAX_BYTES // (1024 * 1024)} MB are accepted"
            )
        head = source.head
        kind = sniff(head)
        expected = EXTENSIONS.get(source.suffix)
        if kind is None:
            what = KINDS[expected][1] if expected else "a PDF, JPEG, PNG or HEIC file"
            raise ConnectorError(f"{name} is not {what}: it looks like {describe(head)}")
        if expected is not None and expected != kind:
            raise ConnectorError(f"{name} is not {KINDS[expected][1]}: it looks like {KINDS[kind][1]}")
        data = source.read_bytes(MAX_BYTES)
        context.progress(len(data), len(data))
        media_type = KINDS[kind][0]
        if kind == "heic" and data[8:12] == b"mif1":
            media_type = "image/heif"

        notes: list[str] = []
        text: str | None = None
        facts: dict[str, Any] = {}
        if kind == "pdf":
            password = context.options.get("pdf_password")
            text, facts, notes = extract_pdf(data, name, str(password) if password else None)
            scan = [n for n in notes if n.endswith(_NO_TEXT_NOTE)]  # every page read, and not a word: a scan
            if scan and facts.get("pages") and not (facts.get("encrypted") and password):
                # an image-only PDF: its pages are read by OCR instead (pdftoppm gets no password)
                notes = [n for n in notes if n not in scan]
                found = ocr.ocr_pdf(
                    data, name, int(facts["pages"]), progress=context.progress, is_cancelled=context.is_cancelled
                )
                text, notes = found.text, [*notes, *found.notes]
                if found.facts:
                    facts["ocr"] = found.facts
        else:
            facts = image_facts(data, kind)
            found = ocr.ocr_image(data, kind, name, progress=context.progress, is_cancelled=context.is_cancelled)
            text, notes = found.text, found.notes
            if found.facts:
                facts["ocr"] = found.facts

        payload: dict[str, Any] = {
            "doc_type": None,
            "issuer": None,
            "date": None,
            "amount": None,
            "currency": None,
            "tags": [],
            "media_type": media_type,
            "size": len(data),
            **{k: v for k, v in facts.items()},
        }
        guessed: list[str] = []
        payload.update({k: v for k, v in fields.items() if k != "title"})
        if fields.get("title"):
            payload["title"] = fields["title"]
        if "doc_type" not in fields:
            found_type = guess_type(text or "")
            payload["doc_type"] = found_type or "other"
            if found_type:
                guessed.append("doc_type")
        if "date" not in fields:
            found_date = guess_date(text or "")
            if found_date is not None:
                payload["date"] = found_date.isoformat()
                guessed.append("date")
            elif facts.get("exif_date") or facts.get("pdf_date"):
                payload["date"] = facts.get("exif_date") or facts.get("pdf_date")
                guessed.append("date")
        if "issuer" not in fields and text:
            found_issuer = guess_issuer(text)
            if found_issuer is not None:
                payload["issuer"] = found_issuer
                guessed.append("issuer")
        if "amount" not in fields:
            found_amount = guess_amount(text or "")
            if found_amount is not None:
                payload["amount"] = str(found_amount[0])
                guessed.append("amount")
                if "currency" not in fields and found_amount[1]:
                    payload["currency"] = found_amount[1]
                    guessed.append("currency")
        payload["guessed"] = guessed
        receipt = None
        from connectors.documents import medical_receipt  # its many patterns are compiled on first use

        if text and medical_receipt.recognise(text):
            # a text-layer PDF is read row by row as the form prints it; OCR's text already is
            rows = medical_receipt.pdf_rows_text(data) if kind == "pdf" and "ocr" not in facts else None
            receipt = medical_receipt.read_receipt(rows or text)
        if receipt is not None and not receipt.has_content():
            form = medical_receipt.FORMS[receipt.form]
            notes.append(f"{name} looks like a {form} but none of its fields could be read")
            receipt = None
        rec = Record(
            domain=Domain.DOCUMENTS,
            kind="document",
            title="Document",
            text=text,
            payload=payload,
            attachments=[Attachment(name=name, media_type=media_type, data=data)],
            provenance=Provenance(**self.provenance(source, warnings=notes)),
        )
        apply_metadata(rec, {**payload, "file_name": name})
        yield rec
        if receipt is not None:  # a medical bill receipt: its fields as a record of their own, linked to the file
            yield medical_receipt.receipt_record(receipt, rec, name)


_OPTION_KEYS = ("doc_type", "type", "issuer", "date", "amount", "currency", "tags", "title")

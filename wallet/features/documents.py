"""Documents in the vault: metadata, links between records, and export.

The :class:`~connectors.documents.DocumentConnector` stores each PDF or photo
as a record of kind ``document`` whose attachment holds the exact file, inside
the encrypted database.  This module (no Qt) edits that record's metadata,
links it to other records (a receipt to its prescription) and writes a copy
out of the vault when the user explicitly asks, recording that in the audit
log.  Thumbnails need an image/PDF renderer and live in the GUI layer.
"""

from __future__ import annotations

import os
import re
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wallet.errors import ConnectorError, NotFound, WalletError
from wallet.model import Attachment, Domain, Record

if TYPE_CHECKING:
    from wallet.store.vault import Vault

DOCUMENT_KIND = "document"


class MetadataError(ConnectorError):
    """Document metadata given by the user is not valid (a date that is no date ...)."""


DOC_TYPES: tuple[str, ...] = (
    "receipt",
    "medical_bill",
    "prescription",
    "certificate",
    "tax_document",
    "business_registration",
    "contract",
    "other",
)
DOC_TYPE_LABELS = {
    "receipt": "Receipt",
    "medical_bill": "Medical bill",
    "prescription": "Prescription",
    "certificate": "Certificate",
    "tax_document": "Tax document",
    "business_registration": "Business registration",
    "contract": "Contract",
    "other": "Document",
}


_DATE_PATTERNS = [
    re.compile(r"(?<!\d)(\d{4})[-./](\d{1,2})[-./](\d{1,2})(?!\d)"),
    re.compile(r"(\d{4})\s*년\s*(\d{1,2})\s*월\s*(\d{1,2})\s*일"),
]

_CURRENCY_SIGNS = {"$": "USD", "€": "EUR", "£": "GBP", "₩": "KRW", "원": "KRW"}


def guess_date(text: str) -> date | None:
    for pat in _DATE_PATTERNS:
        for m in pat.finditer(text):
            try:
                found = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                continue
            if 1900 <= found.year <= 2100:
                return found
    return None


def _parse_date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    try:
        return date.fromisoformat(text)
    except ValueError:
        found = guess_date(text)
        if found is None:
            raise MetadataError(f"the date {text!r} is not a date (use YYYY-MM-DD)") from None
        return found


def _parse_amount(value: Any) -> Decimal:
    try:
        amount = Decimal(str(value).replace(",", "").strip())
    except InvalidOperation:
        raise MetadataError(f"the amount {value!r} is not a number") from None
    if not amount.is_finite():
        raise MetadataError(f"the amount {value!r} is not a number")
    return amount


def _parse_tags(value: Any) -> list[str]:
    if value is None:
        return []
    items = value.split(",") if isinstance(value, str) else list(value)
    tags: list[str] = []
    for item in items:
        tag = str(item).strip()
        if tag and tag not in tags:
            tags.append(tag)
    return tags


def normalise_fields(fields: dict[str, Any]) -> dict[str, Any]:
    """Validate user-given metadata; returns payload values (JSON-friendly).

    Accepted keys: ``doc_type`` (or ``type``), ``issuer``, ``date``, ``amount``,
    ``currency``, ``tags``, ``title``.  ``None`` clears a field.
    """
    out: dict[str, Any] = {}
    for key, value in fields.items():
        if key == "type":
            key = "doc_type"
        if key not in ("doc_type", "issuer", "date", "amount", "currency", "tags", "title"):
            raise MetadataError(f"unknown document field {key!r}")
        if value is None:
            out[key] = [] if key == "tags" else None
        elif key == "doc_type":
            doc_type = str(value).strip().lower().replace("-", "_").replace(" ", "_")
            if doc_type not in DOC_TYPES:
                raise MetadataError(f"unknown document type {value!r} (choose from {', '.join(DOC_TYPES)})")
            out[key] = doc_type
        elif key == "date":
            out[key] = _parse_date(value).isoformat()
        elif key == "amount":
            out[key] = str(_parse_amount(value))
        elif key == "currency":
            cur = str(value).strip().upper()
            out[key] = _CURRENCY_SIGNS.get(cur, cur) or None
        elif key == "tags":
            out[key] = _parse_tags(value)
        else:
            out[key] = str(value).strip() or None
    return out


def apply_metadata(record: Record, payload: dict[str, Any]) -> None:
    """Set the record's title, start, value, unit and tags from its document payload."""
    doc_type = payload.get("doc_type") or "other"
    label = DOC_TYPE_LABELS.get(doc_type, "Document")
    name = payload.get("file_name") or "document"
    title = payload.get("title")
    if not title:
        title = f"{label}: {payload['issuer']}" if payload.get("issuer") else f"{label}: {name}"
    record.title = title
    when = payload.get("date")
    # A document date has no time of day; noon UTC keeps it on the same calendar day in almost every zone.
    record.start = datetime.fromisoformat(when).replace(hour=12, tzinfo=UTC) if when else None
    record.end = None
    amount = payload.get("amount")
    record.value = float(Decimal(amount)) if amount is not None else None
    record.unit = payload.get("currency") if amount is not None else None
    record.tags = list(payload.get("tags") or [])


# ----------------------------------------------------------------- vault operations


def _document(vault: Vault, document_id: str) -> Record:
    rec = vault.get(document_id)
    if rec.domain is not Domain.DOCUMENTS or rec.kind != DOCUMENT_KIND:
        raise WalletError(f"record {document_id} is not a document (it is a {rec.domain.value} {rec.kind})")
    return rec


def update_metadata(vault: Vault, record_id: str, **fields: Any) -> Record:
    """Change a document's ``doc_type``, ``issuer``, ``date``, ``amount``, ``currency``,
    ``tags`` or ``title``; ``None`` clears a field.  Returns the updated record.

    Edited fields stop counting as guessed.  The change is audited (field names only).
    """
    rec = _document(vault, record_id)
    changes = normalise_fields(fields)
    payload = dict(rec.payload)
    payload.update(changes)
    payload["guessed"] = [g for g in payload.get("guessed", []) if g not in changes]
    rec.payload = payload
    file_name = rec.attachments[0].name if rec.attachments else None
    apply_metadata(rec, {**payload, "file_name": file_name})
    rec.attachments = []  # update_record does not touch attachments; keep them out of the write
    with vault.transaction():
        vault.update_record(rec)
        vault.audit("document.edit", {"id": rec.id, "fields": sorted(changes)})
    return vault.get(rec.id)


def link(vault: Vault, document_id: str, other_record_id: str) -> None:
    """Link a document to another record; the link is stored on both records."""
    doc = _document(vault, document_id)
    other = vault.get(other_record_id)
    if doc.id == other.id:
        raise WalletError("a document cannot be linked to itself")
    with vault.transaction():
        for rec, target in ((doc, other.id), (other, doc.id)):
            if target not in rec.links:
                rec.links = [*rec.links, target]
                rec.attachments = []
                vault.update_record(rec)
        vault.audit("record.link", {"a": doc.id, "b": other.id})


def unlink(vault: Vault, record_id: str, other_record_id: str) -> None:
    """Remove a link between two records (from both sides)."""
    a = vault.get(record_id)
    with vault.transaction():
        try:
            b: Record | None = vault.get(other_record_id)
        except NotFound:
            b = None
        other_id = b.id if b is not None else other_record_id
        for rec, target in ((a, other_id), (b, a.id)):
            if rec is not None and target in rec.links:
                rec.links = [x for x in rec.links if x != target]
                rec.attachments = []
                vault.update_record(rec)
        vault.audit("record.unlink", {"a": a.id, "b": other_id})


def linked(vault: Vault, record_id: str) -> list[Record]:
    """The records linked to ``record_id`` (links to deleted records are skipped)."""
    rec = vault.get(record_id)
    out: list[Record] = []
    for other in rec.links:
        try:
            out.append(vault.get(other))
        except NotFound:
            continue
    return out


def documents(vault: Vault, person_id: str | None = None, doc_type: str | None = None) -> list[Record]:
    """Document records, newest first, optionally of one type."""
    recs = vault.records(person_id=person_id, domain=Domain.DOCUMENTS, kind=DOCUMENT_KIND)
    if doc_type is not None:
        recs = [r for r in recs if r.payload.get("doc_type") == doc_type]
    return recs


def document_file(vault: Vault, document_id: str) -> Attachment:
    """The stored file of a document (bytes stay in memory; nothing is written)."""
    rec = _document(vault, document_id)
    if not rec.attachments:
        raise WalletError(f"document {document_id} has no stored file")
    return rec.attachments[0]


def export_document(vault: Vault, document_id: str, out: str | os.PathLike[str], *, overwrite: bool = False) -> Path:
    """Write a document's file out of the vault: an explicit user act, audited.

    The copy is plaintext on disk, readable by anyone who can read ``out``;
    callers must only do this when the user asks.  ``out`` may be a folder
    (the stored file name is used).  Refuses to overwrite unless told.
    """
    att = document_file(vault, document_id)
    target = Path(out).expanduser()
    if target.is_dir():
        target = target / Path(att.name).name
    if target.exists() and not overwrite:
        raise WalletError(f"{target} already exists (use --force to overwrite)")
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | (0 if overwrite else os.O_EXCL)
    try:
        fd = os.open(target, flags, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(att.data)
    except OSError as exc:
        raise WalletError(f"cannot write {target}: {exc.strerror or exc}") from exc
    vault.audit("document.export", {"id": document_id, "sha256": att.sha256, "path": str(target.resolve())})
    return target

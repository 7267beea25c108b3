"""What a document record says about itself: its type, issuer, date, amount and tags.

Shared by the document connector (which guesses them from a file while importing)
and the documents feature (which lets the person edit them): both below the
features layer, so a connector never imports a feature.  No vault access here.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from wallet.errors import ConnectorError
from wallet.model import Record

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

CURRENCY_SIGNS = {"$": "USD", "€": "EUR", "£": "GBP", "₩": "KRW", "원": "KRW"}


def guess_date(text: str) -> date | None:
    """The first plausible date (years 1900-2100) written in a document's text, or None."""
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
            out[key] = CURRENCY_SIGNS.get(cur, cur) or None
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
    record.date_only = bool(when)  # shown as the date alone (docs/clock.md), never as 12:00 UTC
    record.end = None
    amount = payload.get("amount")
    record.value = float(Decimal(amount)) if amount is not None else None
    record.unit = payload.get("currency") if amount is not None else None
    record.tags = list(payload.get("tags") or [])

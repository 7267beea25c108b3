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
from pathlib import Path
from typing import TYPE_CHECKING, Any

# the document's own fields live below the features layer (the document connector uses them too);
# they are this feature's names as well, for its callers
from wallet.document_fields import (
    DOC_TYPE_LABELS,
    DOC_TYPES,
    DOCUMENT_KIND,
    MetadataError,
    apply_metadata,
    guess_date,
    normalise_fields,
)
from wallet.errors import NotFound, Overwrite, WalletError
from wallet.model import Attachment, Domain, Record
from wallet.store.files import write_out

if TYPE_CHECKING:
    from wallet.store.vault import Vault

__all__ = [
    "DOCUMENT_KIND",
    "DOC_TYPES",
    "DOC_TYPE_LABELS",
    "MetadataError",
    "apply_metadata",
    "document_file",
    "documents",
    "export_document",
    "guess_date",
    "link",
    "linked",
    "normalise_fields",
    "unlink",
    "update_metadata",
]

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
        raise WalletError(f"{target} already exists", hint=Overwrite())
    return write_out(vault, target, att.data, action="document.export", detail={"id": document_id}, overwrite=overwrite)

"""Helpers for the sharing tests (imported by tests/test_share_*.py)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from wallet.features.share.templates import Recipient, Selection, ShareRequest
from wallet.imports.connector import Source
from wallet.imports.pipeline import import_source
from wallet.model import Attachment, Domain, Provenance, Record
from wallet.store.vault import Vault

FIX = Path(__file__).parent / "fixtures"
SYNTHEA = FIX / "fhir-synthea" / "Clemente_Kreiger_1484a42d-0eaf-4654-9cbf-6b050a5cd73b.json"
IPS = FIX / "fhir-ips" / "Bundle-bundle-minimal.json"
# The smallest thing a PDF reader accepts; enough for a linked receipt.
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def fill(vault: Vault) -> tuple[str, str]:
    """Import the Synthea patient (becomes the holder) and the IPS patient (a new person)."""
    import_source(vault, Source(SYNTHEA))
    import_source(vault, Source(IPS), person="new")
    holder = vault.holder()
    other = next(p for p in vault.persons() if not p.is_holder)
    return holder.id, other.id


def add_receipt(vault: Vault, encounter: Record) -> Record:
    doc = Record(
        domain=Domain.DOCUMENTS,
        kind="document",
        title="Pharmacy receipt",
        start=encounter.start or datetime(2018, 9, 17, tzinfo=UTC),
        text="paid 12.50",
        attachments=[Attachment(name="receipt.pdf", media_type="application/pdf", data=PDF)],
        provenance=Provenance(connector_id="document", connector_version="1", source_name="receipt.pdf"),
        person_id=encounter.person_id,
        links=[encounter.id],
    )
    vault.add_records([doc])
    return doc


def request(person_id: str, template: str = "hospital", **kw: object) -> ShareRequest:
    sel = kw.pop("selection", None) or Selection()
    return ShareRequest(
        template=template,  # type: ignore[arg-type]
        person_id=person_id,
        recipient=kw.pop("recipient", None) or Recipient(name="Dr. Kim", organisation="Seoul General"),  # type: ignore[arg-type]
        purpose=str(kw.pop("purpose", "Referral to cardiology")),
        selection=sel,  # type: ignore[arg-type]
        **kw,  # type: ignore[arg-type]
    )

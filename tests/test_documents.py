"""Documents: the connector (magic bytes, PDF text, guesses), the vault side
(search, metadata edits, links, export) and the ``doc`` commands.

Samples are made by ``tests/fixtures/documents/make_samples.py`` (invented data).
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import DEMO

import connectors.documents as docmod
from connectors.documents import DocumentConnector, describe, sniff
from wallet.errors import ConnectorError, NotFound, WalletError
from wallet.features import documents
from wallet.imports.connector import ImportContext, Source
from wallet.imports.pipeline import import_source
from wallet.model import Domain, Provenance, Record
from wallet.store import audit
from wallet.store.vault import Vault

FIX = Path(__file__).parent / "fixtures" / "documents"
PASSPHRASE = "correct horse battery staple"  # the one the conftest ``vault`` fixture uses
BAD = Path(__file__).parent / "conformance" / "document" / "bad"


def _read(path: Path, **options: Any) -> Record:
    records = list(DocumentConnector().read(Source(path), ImportContext(options=options)))
    assert len(records) == 1
    return records[0]


def _read_data(data: bytes, name: str) -> Record:
    records = list(DocumentConnector().read(Source(data=data, name=name), ImportContext()))
    assert len(records) == 1
    return records[0]


def _add(vault: Vault, path: Path, **options: Any) -> Record:
    source = Source(path)
    report = import_source(vault, source, connector_id="document", options=options)
    assert report.added == 1, report.summary()
    [rec] = [r for r in documents.documents(vault) if r.provenance.source_sha256 == source.sha256]
    return rec


# ----------------------------------------------------------------- connector


def test_sniff_by_magic_bytes() -> None:
    assert sniff(b"%PDF-1.7\n") == "pdf"
    assert sniff(b"\xff\xd8\xff\xe0\x00\x10JFIF") == "jpeg"
    assert sniff(b"\x89PNG\r\n\x1a\n\x00\x00") == "png"
    assert sniff((24).to_bytes(4, "big") + b"ftypheic" + b"\x00" * 12) == "heic"
    assert sniff((24).to_bytes(4, "big") + b"ftypmif1" + b"\x00\x00\x00\x00mif1heic") == "heic"
    assert sniff((24).to_bytes(4, "big") + b"ftypavif" + b"\x00\x00\x00\x00avifmif1") is None
    assert sniff((24).to_bytes(4, "big") + b"ftypisom" + b"\x00" * 12) is None
    assert sniff(b"PK\x03\x04") is None
    assert describe(b"PK\x03\x04...") == "a ZIP archive (or an Office document)"


def test_english_receipt_text_and_guesses() -> None:
    rec = _read(FIX / "pharmacy_receipt_en.pdf")
    assert rec.domain is Domain.DOCUMENTS and rec.kind == "document"
    assert rec.text and "Amoxicillin" in rec.text
    p = rec.payload
    assert p["doc_type"] == "receipt"
    assert p["issuer"] == "Greenleaf Pharmacy"
    assert p["date"] == "2024-03-15"
    assert (p["amount"], p["currency"]) == ("17.35", "USD")
    assert set(p["guessed"]) == {"doc_type", "issuer", "date", "amount", "currency"}
    assert rec.title == "Receipt: Greenleaf Pharmacy"
    assert rec.value == pytest.approx(17.35) and rec.unit == "USD"
    # The file itself is the attachment, byte for byte.
    [att] = rec.attachments
    assert att.data == (FIX / "pharmacy_receipt_en.pdf").read_bytes()
    assert att.media_type == "application/pdf"


def test_korean_receipt_text_and_guesses() -> None:
    rec = _read(DEMO / "pharmacy_receipt_ko.pdf")
    assert rec.text and "초록약국" in rec.text and "타이레놀" in rec.text
    assert rec.payload["date"] == "2024-05-02"
    assert (rec.payload["amount"], rec.payload["currency"]) == ("12500", "KRW")
    assert rec.payload["doc_type"] == "receipt"
    assert rec.payload["issuer"] == "초록약국"  # "초록약국 영수증" without the word "receipt"


def test_options_override_guesses() -> None:
    rec = _read(
        FIX / "pharmacy_receipt_en.pdf",
        type="prescription",
        issuer="Dr. Example",
        date="2024-03-14",
        amount="20",
        currency="usd",
        tags="family, pharmacy",
    )
    p = rec.payload
    assert (p["doc_type"], p["issuer"], p["date"], p["amount"], p["currency"]) == (
        "prescription",
        "Dr. Example",
        "2024-03-14",
        "20",
        "USD",
    )
    assert p["tags"] == ["family", "pharmacy"] and rec.tags == ["family", "pharmacy"]
    assert p["guessed"] == []
    assert rec.title == "Prescription: Dr. Example"


def test_images_are_stored_with_their_size() -> None:
    png = _read(DEMO / "scan.png")
    jpg = _read(FIX / "photo.jpg")
    heic = _read(FIX / "header_only.heic")
    assert (png.attachments[0].media_type, png.payload["width"], png.payload["height"]) == ("image/png", 64, 48)
    assert jpg.attachments[0].media_type == "image/jpeg"
    assert heic.attachments[0].media_type == "image/heic"
    assert png.payload["doc_type"] == "other" and png.text is None
    assert png.title == "Document: scan.png"


def test_content_decides_not_extension() -> None:
    # A PDF without an extension (e.g. a download named "file") is still a PDF.
    data = (FIX / "pharmacy_receipt_en.pdf").read_bytes()
    rec = _read_data(data, "download")
    assert rec.attachments[0].media_type == "application/pdf"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("png_named_pdf.pdf", "png_named_pdf.pdf is not a PDF: it looks like a PNG image"),
        ("pdf_named_png.png", "pdf_named_png.png is not a PNG image: it looks like a PDF"),
        ("text_named_pdf.pdf", "text_named_pdf.pdf is not a PDF: it looks like a text file"),
        ("html_named_jpg.jpg", "html_named_jpg.jpg is not a JPEG image: it looks like an HTML page"),
        ("empty.pdf", "empty.pdf is not a PDF: it looks like an empty file"),
    ],
)
def test_wrong_content_for_extension(name: str, message: str) -> None:
    with pytest.raises(ConnectorError) as info:
        _read(BAD / name)
    assert str(info.value) == message


def test_size_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(docmod, "MAX_BYTES", 1024)
    with pytest.raises(ConnectorError, match=r"pharmacy_receipt_en\.pdf is 0 MB; documents up to 0 MB"):
        _read(FIX / "pharmacy_receipt_en.pdf")


def test_invalid_options_are_refused() -> None:
    with pytest.raises(ConnectorError, match="unknown document type 'bill'"):
        _read(DEMO / "scan.png", type="bill")
    with pytest.raises(ConnectorError, match="is not a date"):
        _read(DEMO / "scan.png", date="yesterday")
    with pytest.raises(ConnectorError, match="is not a number"):
        _read(DEMO / "scan.png", amount="lots")


def test_encrypted_pdf_is_stored_with_a_warning() -> None:
    rec = _read(FIX / "encrypted_receipt.pdf")
    assert rec.text is None
    assert rec.payload["encrypted"] is True
    assert any("encrypted with a password" in w for w in rec.provenance.warnings)
    assert rec.attachments[0].data == (FIX / "encrypted_receipt.pdf").read_bytes()
    # With its password the text is indexed; the stored file stays encrypted as it was.
    opened = _read(FIX / "encrypted_receipt.pdf", pdf_password="s3cret")
    assert opened.text and "Greenleaf Pharmacy" in opened.text
    assert opened.attachments[0].data == rec.attachments[0].data


def test_damaged_pdf_is_stored_with_a_warning() -> None:
    rec = _read(FIX / "truncated_receipt.pdf")
    assert rec.text is None
    assert any("stored, but its text could not be extracted" in w for w in rec.provenance.warnings)


def _pdf_pages(n: int) -> bytes:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, invariant=True)
    for i in range(n):
        c.drawString(72, 720, f"page number {i + 1}")
        c.showPage()
    c.save()
    return buf.getvalue()


def test_page_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(docmod, "MAX_PAGES", 2)
    rec = _read_data(_pdf_pages(4), "long.pdf")
    assert rec.text is not None and "page number 2" in rec.text and "page number 3" not in rec.text
    assert "only the first 2 pages were indexed for search" in rec.provenance.warnings


def test_time_budget_stops_extraction(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(docmod, "TEXT_SECONDS", -1.0)  # already over budget before the first page
    rec = _read_data(_pdf_pages(2), "slow.pdf")
    assert rec.text is None
    assert any("time limit" in w for w in rec.provenance.warnings)


@pytest.mark.parametrize(
    "body",
    [
        # a page tree whose kid is the tree itself
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[2 0 R]/Count 1>>endobj\n"
        b"trailer<</Root 1 0 R>>\n%%EOF",
        # a content stream claiming a huge length, then garbage
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/Contents 4 0 R>>endobj\n4 0 obj<</Length 99999999>>stream\n\x00\xff"
        b"\nendstream endobj\ntrailer<</Root 1 0 R>>\n%%EOF",
        b"%PDF-1.4\n" + b"[" * 5000 + b"\n%%EOF",
    ],
    ids=["page-tree-loop", "bogus-stream-length", "deep-nesting"],
)
def test_hostile_pdf_is_stored_not_crashing(body: bytes) -> None:
    rec = _read_data(body, "hostile.pdf")
    assert rec.attachments[0].data == body
    assert rec.provenance.warnings


def test_identify() -> None:
    c = DocumentConnector()
    assert c.identify(Source(DEMO / "scan.png"))
    assert c.identify(Source(data=b"%PDF-1.4 ...", name="noext"))
    assert not c.identify(Source(data=b"hello", name="notes.txt"))
    # A misnamed file is claimed so that the user is told what is wrong with it.
    assert c.identify(Source(BAD / "text_named_pdf.pdf"))


# ----------------------------------------------------------------- vault


def test_receipt_found_by_printed_word_and_kept_inside_the_vault(vault: Vault) -> None:
    rec = _add(vault, FIX / "pharmacy_receipt_en.pdf")
    _add(vault, DEMO / "pharmacy_receipt_ko.pdf")
    assert [r.id for r in vault.search("Amoxicillin")] == [rec.id]
    assert len(vault.search("타이레놀")) == 1
    stored = vault.get(rec.id)
    assert stored.attachments[0].data == (FIX / "pharmacy_receipt_en.pdf").read_bytes()
    # Nothing beside the vault's own files, and the PDF is not readable in them.
    vault.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    for f in vault.path.iterdir():
        assert f.name in {"vault.db", "vault.key", ".lock", "vault.db-wal", "vault.db-shm"}, f.name
        if f.is_file():
            assert b"Amoxicillin" not in f.read_bytes() and b"%PDF-" not in f.read_bytes()


def test_same_file_twice_is_a_duplicate(vault: Vault) -> None:
    _add(vault, DEMO / "scan.png")
    report = import_source(vault, Source(DEMO / "scan.png"), connector_id="document")
    assert (report.added, report.duplicates) == (0, 1)


def test_update_metadata(vault: Vault) -> None:
    rec = _add(vault, FIX / "pharmacy_receipt_en.pdf")
    updated = documents.update_metadata(
        vault, rec.id, doc_type="medical_bill", issuer="Example Clinic", amount="99.50", tags=["2024", "clinic"]
    )
    assert updated.title == "Medical bill: Example Clinic"
    assert updated.payload["doc_type"] == "medical_bill" and updated.value == pytest.approx(99.5)
    assert updated.tags == ["2024", "clinic"] and updated.payload["tags"] == ["2024", "clinic"]
    assert "issuer" not in updated.payload["guessed"] and "date" in updated.payload["guessed"]
    assert updated.attachments[0].data == (FIX / "pharmacy_receipt_en.pdf").read_bytes()
    assert [r.id for r in vault.search("Example Clinic")] == [rec.id]
    cleared = documents.update_metadata(vault, rec.id, amount=None, date=None)
    assert cleared.value is None and cleared.start is None and cleared.payload["date"] is None
    with pytest.raises(WalletError, match="is not a date"):
        documents.update_metadata(vault, rec.id, date="31/31/2024")
    with pytest.raises(WalletError, match="unknown document field"):
        documents.update_metadata(vault, rec.id, colour="red")
    actions = [e["action"] for e in audit.entries(vault.conn)]
    assert "document.edit" in actions


def _other_record(vault: Vault) -> Record:
    rec = Record(
        domain=Domain.HEALTH,
        kind="MedicationRequest",
        title="Amoxicillin 500mg",
        provenance=Provenance(connector_id="test", connector_version="1", source_name="test"),
    )
    vault.add_records([rec])
    return rec


def test_link_both_sides_and_unlink(vault: Vault) -> None:
    doc = _add(vault, FIX / "pharmacy_receipt_en.pdf")
    other = _other_record(vault)
    documents.link(vault, doc.id, other.id)
    documents.link(vault, doc.id, other.id)  # idempotent
    assert vault.get(doc.id).links == [other.id]
    assert vault.get(other.id).links == [doc.id]
    assert [r.id for r in documents.linked(vault, doc.id)] == [other.id]
    assert [r.id for r in documents.linked(vault, other.id)] == [doc.id]
    # Links do not lose the document's file.
    assert vault.get(doc.id).attachments
    with pytest.raises(NotFound):
        documents.link(vault, doc.id, "0" * 32)
    with pytest.raises(WalletError, match="itself"):
        documents.link(vault, doc.id, doc.id)
    with pytest.raises(WalletError, match="is not a document"):
        documents.link(vault, other.id, doc.id)
    documents.unlink(vault, other.id, doc.id)
    assert vault.get(doc.id).links == [] and vault.get(other.id).links == []


def test_linked_skips_deleted_records(vault: Vault) -> None:
    doc = _add(vault, DEMO / "scan.png")
    other = _other_record(vault)
    documents.link(vault, doc.id, other.id)
    vault.delete_record(other.id)
    assert documents.linked(vault, doc.id) == []


def test_export_is_explicit_and_audited(vault: Vault, tmp_path: Path) -> None:
    doc = _add(vault, FIX / "photo.jpg")
    out = tmp_path / "out"
    out.mkdir()
    target = documents.export_document(vault, doc.id, out)
    assert target == out / "photo.jpg"
    assert target.read_bytes() == (FIX / "photo.jpg").read_bytes()
    with pytest.raises(WalletError, match="already exists"):
        documents.export_document(vault, doc.id, target)
    entry = next(e for e in audit.entries(vault.conn) if e["action"] == "document.export")
    assert entry["detail"]["id"] == doc.id and entry["detail"]["path"] == str(target.resolve())


# ----------------------------------------------------------------- CLI


@pytest.fixture
def cli_env(vault: Vault, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = vault.path
    vault.close()
    monkeypatch.setenv("MYDATA_WALLET_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("MYDATA_WALLET_VAULT", str(folder))
    return folder


def _cli(*args: str) -> Any:
    from wallet.cli import cli
    from wallet.cli import documents as cli_documents

    if "doc" not in cli.commands:
        cli_documents.register(cli)
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.mark.slow
def test_cli_add_list_link_export(cli_env: Path, tmp_path: Path) -> None:
    res = _cli("doc", "add", str(FIX / "pharmacy_receipt_en.pdf"), "--type", "receipt", "--tag", "pharmacy,2024")
    assert res.exit_code == 0, res.output
    assert "1 added" in res.output and "Receipt: Greenleaf Pharmacy" in res.output
    listed = json.loads(_cli("doc", "list", "--json").output)
    assert len(listed) == 1 and listed[0]["tags"] == ["pharmacy", "2024"]
    doc_id = listed[0]["id"]
    res = _cli("doc", "edit", doc_id[:12], "--issuer", "Greenleaf Pharmacy Ltd")
    assert res.exit_code == 0 and "Greenleaf Pharmacy Ltd" in res.output
    with Vault.open(cli_env, PASSPHRASE) as v:
        other = _other_record(v)
    res = _cli("doc", "link", doc_id, other.id)
    assert res.exit_code == 0, res.output
    assert "Amoxicillin 500mg" in _cli("doc", "linked", doc_id).output
    out = tmp_path / "copy.pdf"
    res = _cli("doc", "export", doc_id, "--out", str(out))
    assert res.exit_code == 0 and out.read_bytes() == (FIX / "pharmacy_receipt_en.pdf").read_bytes()

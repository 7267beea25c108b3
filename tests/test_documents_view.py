"""The documents view (pytest-qt, offscreen): thumbnails, preview, metadata, links, export."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtWidgets", reason="the desktop app needs PySide6")
pytest.importorskip("pytestqt", reason="the desktop app tests need pytest-qt")

from conftest import DEMO, FIXTURES
from PySide6.QtWidgets import QFileDialog
from ui_support import open_window

from wallet.imports import pipeline
from wallet.imports.connector import Source
from wallet.model import Domain
from wallet.store import audit
from wallet.ui.documents_view import ROLE_ID, DocumentsView, open_documents_view, thumbnail
from wallet.ui.main_window import MainWindow

DOCS = FIXTURES / "documents"
PDF = DOCS / "pharmacy_receipt_en.pdf"
PNG = DEMO / "scan.png"
SYNTHEA = DEMO / "Liz_Conn_27c911c6-f045-4ffa-af5d-6eba57ac94b2.json"
WAIT = 20000
SHOTS = Path(os.environ.get("WALLET_SCREENSHOTS", "/tmp"))
needs_pdftoppm = pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler) is not installed")


pytestmark = pytest.mark.usefixtures("gui_env")  # conftest.py: GUI-thread gc, temporary QSettings, English


def import_documents(qtbot, window: MainWindow) -> None:
    window.imports.import_file(PDF, "document")
    window.imports.import_file(PNG, "document")
    qtbot.waitUntil(lambda: not window.imports.busy, timeout=WAIT * 3)


def open_view(qtbot, window: MainWindow, n: int) -> DocumentsView:
    view = open_documents_view(window)
    qtbot.waitUntil(lambda: not view.loading and view.list.count() == n, timeout=WAIT)
    qtbot.waitUntil(lambda: view.current is not None and not view.preview_loading, timeout=WAIT)
    return view


def select(qtbot, view: DocumentsView, file_name: str) -> None:
    for row in range(view.list.count()):
        rid = view.list.item(row).data(ROLE_ID)
        rec = view.main_window.vault.get(rid)
        if rec.attachments[0].name == file_name:
            view.list.setCurrentRow(row)
            qtbot.waitUntil(
                lambda rid=rid: view.current is not None and view.current.id == rid and not view.preview_loading,
                timeout=WAIT,
            )
            return
    raise AssertionError(f"{file_name} not in the list")


@needs_pdftoppm
@pytest.mark.slow
def test_thumbnails_preview_and_metadata(qtbot, vault, vault_dir):
    window = open_window(qtbot, vault_dir, vault)
    import_documents(qtbot, window)
    assert vault.count(domain=Domain.DOCUMENTS) == 2
    view = open_view(qtbot, window, 2)
    # a thumbnail for each: the PNG decoded, the PDF's first page rendered by pdftoppm
    assert len(view.thumbnails) == 2
    assert all(img is not None and not img.isNull() for img in view.thumbnails.values())
    assert all(max(img.width(), img.height()) <= 96 for img in view.thumbnails.values())

    select(qtbot, view, PDF.name)
    assert len(view.page_labels) >= 1  # the first page as an image
    assert "Greenleaf" in view.text_view.toPlainText()
    qtbot.waitUntil(lambda: view.page_labels[0].isVisible(), timeout=WAIT)
    assert not view.page_labels[0].pixmap().isNull()
    view.grab().save(str(SHOTS / "documents-view.png"))

    view.type_box.setCurrentIndex(view.type_box.findData("medical_bill"))
    view.issuer_edit.setText("Quokka Family Clinic")
    view.date_edit.setText("2024-05-17")
    view.amount_edit.setText("42.50")
    view.currency_edit.setText("usd")
    view.tags_edit.setText("tax, 2024")
    assert view.save_metadata()
    rec = vault.get(view.current.id)
    assert rec.payload["doc_type"] == "medical_bill"
    assert rec.payload["issuer"] == "Quokka Family Clinic"
    assert rec.payload["date"] == "2024-05-17"
    assert rec.payload["amount"] == "42.50" and rec.payload["currency"] == "USD"
    assert rec.tags == ["tax", "2024"]
    assert rec.title == "Medical bill: Quokka Family Clinic"
    # it persists: a new view on a reopened reader shows the edited values
    view.close()
    view2 = open_view(qtbot, window, 2)
    select(qtbot, view2, PDF.name)
    assert view2.issuer_edit.text() == "Quokka Family Clinic"
    assert view2.type_box.currentData() == "medical_bill"
    # the search index has the new issuer
    found = vault.search("Quokka")
    assert [r.id for r in found] == [rec.id]


@pytest.mark.slow
def test_invalid_metadata_is_refused_with_a_message(qtbot, vault, vault_dir):
    window = open_window(qtbot, vault_dir, vault)
    import_documents(qtbot, window)
    view = open_view(qtbot, window, 2)
    before = vault.get(view.current.id).payload
    view.date_edit.setText("yesterday-ish")
    assert not view.save_metadata()
    assert window.last_message is not None and "date" in window.last_message.text()
    assert vault.get(view.current.id).payload == before


@pytest.mark.slow
def test_link_to_a_fhir_encounter_and_unlink(qtbot, vault, vault_dir):
    pipeline.import_source(vault, Source(SYNTHEA), connector_id="fhir")
    encounters = vault.records(kind="Encounter", limit=1)
    assert encounters, "the Synthea sample has encounters"
    encounter = encounters[0]
    window = open_window(qtbot, vault_dir, vault)
    import_documents(qtbot, window)
    view = open_view(qtbot, window, 2)
    doc_id = view.current.id
    word = (encounter.title or "").split()[0]
    view.link_search.setText(word)
    view.run_link_search()
    qtbot.waitUntil(lambda: view.results_list.count() > 0, timeout=WAIT)
    for row in range(view.results_list.count()):
        if view.results_list.item(row).data(ROLE_ID) == encounter.id:
            view.results_list.setCurrentRow(row)
            break
    else:
        raise AssertionError("the encounter was not found by the search box")
    assert view.link_selected()
    assert [r.id for r in view.linked_records] == [encounter.id]
    assert encounter.id in vault.get(doc_id).links and doc_id in vault.get(encounter.id).links
    assert view.links_list.count() == 1
    view.grab().save(str(SHOTS / "documents-links.png"))
    view.links_list.setCurrentRow(0)
    assert view.unlink_selected()
    assert view.links_list.count() == 0
    assert vault.get(doc_id).links == [] and doc_id not in vault.get(encounter.id).links


@pytest.mark.slow
def test_add_document_through_the_import_flow_and_export(qtbot, vault, vault_dir, tmp_path, monkeypatch):
    window = open_window(qtbot, vault_dir, vault)
    view = open_view_empty(qtbot, window)
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(lambda *a, **k: ([str(PNG)], "")))
    view.add_documents()
    qtbot.waitUntil(lambda: not window.imports.busy, timeout=WAIT * 3)
    qtbot.waitUntil(lambda: view.list.count() == 1 and view.current is not None, timeout=WAIT)
    out = tmp_path / "out" / "copy.png"
    out.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(out), "")))
    view.export_current()  # written in the background
    qtbot.waitUntil(lambda: view.exported == out, timeout=WAIT)
    assert out.read_bytes() == PNG.read_bytes()
    exports = [e for e in audit.entries(vault.conn) if e["action"] == "document.export"]
    assert len(exports) == 1


def open_view_empty(qtbot, window: MainWindow) -> DocumentsView:
    view = open_documents_view(window)
    qtbot.waitUntil(lambda: not view.loading, timeout=WAIT)
    assert view.list.count() == 0 and view.current is None
    assert not view.save_button.isEnabled()
    return view


def test_heic_and_unknown_get_no_thumbnail():
    assert thumbnail((DOCS / "header_only.heic").read_bytes(), "image/heic") is None
    assert thumbnail(b"not an image", "image/png") is None
    img = thumbnail(PNG.read_bytes(), "image/png")
    assert img is not None and max(img.width(), img.height()) == 96


@pytest.mark.slow
def test_locking_closes_the_view(qtbot, vault, vault_dir):
    window = open_window(qtbot, vault_dir, vault)
    import_documents(qtbot, window)
    view = open_view(qtbot, window, 2)
    window.lock()
    qtbot.waitUntil(lambda: not view.isVisible(), timeout=WAIT)

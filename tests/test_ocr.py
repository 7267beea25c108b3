"""OCR of scanned documents (issue 22): receipts rendered here from known text with the bundled
NanumGothic, read back by Tesseract as PNG, HEIC and image-only PDF; searchable in the vault;
nothing written outside it; a missing Tesseract and a cancel mid-OCR.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageDraw, ImageFont

from connectors.documents import DocumentConnector, ocr
from wallet.errors import ImportCancelled
from wallet.imports.connector import ImportContext, Source
from wallet.imports.pipeline import import_source
from wallet.model import Record
from wallet.store.vault import Vault

FONT = Path(__file__).resolve().parent.parent / "resources" / "fonts" / "NanumGothic.ttf"

# invented receipts; the rare words (clinic and shop names) let the scans below look for leaks
KO_LINES = [
    "한빛내과의원",
    "진료비 영수증",
    "진료일자 2025-03-14",
    "본인부담금 12,300원",
    "비급여 5,000원",
    "합계 금액 17,300원",
]
EN_LINES = [
    "Quillfeather Pharmacy",
    "Receipt",
    "Date 2025-04-02",
    "Ibuprofen 200mg 8.50",
    "Bandages 4.25",
    "Total $12.75",
]
KO_WORDS = {"한빛내과의원", "진료비", "영수증", "본인부담금", "비급여", "합계"}
EN_WORDS = {"Quillfeather", "Pharmacy", "Receipt", "Ibuprofen", "Bandages", "Total"}

needs_tesseract = pytest.mark.skipif(
    isinstance(ocr.find_engine(), str) or shutil.which("pdftoppm") is None,
    reason="Tesseract with its kor and eng models, and pdftoppm, are needed (python3 dev.py test installs them)",
)


def render(lines: list[str], size: int = 32) -> Image.Image:
    """A white receipt with ``lines`` in NanumGothic, about 10 pt at 300 dpi; small, so OCR is quick."""
    font = ImageFont.truetype(str(FONT), size)
    step = int(size * 1.6)
    img = Image.new("L", (size * 25, step * len(lines) + 2 * size), 255)
    draw = ImageDraw.Draw(img)
    for i, line in enumerate(lines):
        draw.text((size, size + i * step), line, font=font, fill=0)
    return img


def png_bytes(img: Image.Image) -> bytes:
    out = io.BytesIO()
    img.save(out, format="PNG")
    return out.getvalue()


def image_pdf(img: Image.Image) -> bytes:
    """An image-only PDF (no text layer): the scan as one page, at 300 dpi."""
    out = io.BytesIO()
    img.convert("RGB").save(out, format="PDF", resolution=300.0)
    return out.getvalue()


def heic_bytes(img: Image.Image) -> bytes:
    import pillow_heif

    out = io.BytesIO()
    pillow_heif.from_pillow(img.convert("RGB")).save(out, quality=95)
    return out.getvalue()


def read_all(data: bytes, name: str, **context: Any) -> list[Record]:
    return list(DocumentConnector().read(Source(data=data, name=name), ImportContext(**context)))


def read(data: bytes, name: str, **context: Any) -> Record:
    """The document record (a medical bill receipt also gives its structured record, read_all has both)."""
    [rec] = [r for r in read_all(data, name, **context) if r.kind == "document"]
    return rec


def words_found(text: str | None, wanted: set[str]) -> set[str]:
    squeezed = (text or "").replace(" ", "")
    return {w for w in wanted if w.replace(" ", "") in squeezed}


# ----------------------------------------------------------------- reading


@needs_tesseract
def test_korean_receipt_png_is_read_and_its_fields_suggested() -> None:
    rec = read(png_bytes(render(KO_LINES)), "영수증.png")
    # OCR noise allowed: most key words, and the total and date exactly
    assert len(words_found(rec.text, KO_WORDS)) >= 5, rec.text
    assert rec.payload["doc_type"] == "medical_bill"
    assert rec.payload["date"] == "2025-03-14"
    assert Decimal(rec.payload["amount"]) == Decimal("17300")
    assert {"doc_type", "date", "amount"} <= set(rec.payload["guessed"])
    assert rec.payload["ocr"]["languages"] == "kor+eng"
    assert rec.payload["ocr"]["engine"].startswith("tesseract")
    assert rec.provenance.warnings == []


@needs_tesseract
def test_a_scanned_medical_bill_receipt_gives_its_structured_record() -> None:
    doc, receipt = read_all(png_bytes(render(KO_LINES)), "영수증.png")
    assert (doc.kind, receipt.kind) == ("document", "medical_receipt")
    assert receipt.links == [doc.id]
    p = receipt.payload
    assert p["form"] == "medical" and p["visit_start"] == "2025-03-14"
    # 합계 is what the patient paid: 본인부담금 + 비급여 (the form's arithmetic confirms it)
    assert p["amounts"] == {"covered_patient": "12300", "uncovered": "5000", "paid": "17300"}
    assert p["patient_share"] == "17300" and p["provider"]["name"] == "한빛내과의원"
    assert "paid" not in p["uncertain"]
    assert p["fields"]["covered_patient"]["source"].replace(" ", "") == "본인부담금12,300원"
    # the one warning says what this short receipt does not print
    [warning] = receipt.provenance.warnings
    assert "could not read" in warning and "공단부담금" in warning


@needs_tesseract
def test_english_receipt_pdf_without_text_layer_is_read() -> None:
    data = image_pdf(render(EN_LINES))
    assert b"Quillfeather" not in data  # a picture of the words, not the words
    progress: list[tuple[int, int | None]] = []
    rec = read(data, "scan.pdf", progress=lambda done, total: progress.append((done, total)))
    assert len(words_found(rec.text, EN_WORDS)) >= 5, rec.text
    assert rec.payload["doc_type"] == "receipt"
    assert rec.payload["date"] == "2025-04-02"
    assert (Decimal(rec.payload["amount"]), rec.payload["currency"]) == (Decimal("12.75"), "USD")
    assert rec.payload["ocr"]["pages"] == 1
    assert progress[-1] == (1, 1)  # the OCR's own progress, page by page
    # the "no extractable text (a scan?)" warning is gone once OCR has read it
    assert rec.provenance.warnings == []


@needs_tesseract
def test_korean_receipt_image_pdf_and_heic() -> None:
    img = render(KO_LINES)
    for data, name in ((image_pdf(img), "receipt.pdf"), (heic_bytes(img), "receipt.heic")):
        rec = read(data, name)
        assert len(words_found(rec.text, KO_WORDS)) >= 5, (name, rec.text)
        assert Decimal(rec.payload["amount"]) == Decimal("17300"), name


@needs_tesseract
def test_image_without_text_is_stored_without_warning() -> None:
    blank = Image.new("L", (200, 120), 255)
    rec = read(png_bytes(blank), "blank.png")
    assert rec.text is None
    assert rec.provenance.warnings == []
    assert rec.attachments[0].data == png_bytes(blank)


# ----------------------------------------------------------------- in the vault


def _scan_for(root: Path, needles: list[bytes], since: float) -> list[str]:
    """Files under ``root`` changed since ``since`` that hold one of ``needles`` (UTF-8 or UTF-16)."""
    hits = []
    forms = [n for needle in needles for n in (needle, needle.decode().encode("utf-16-le"))]
    for dirpath, _dirs, files in os.walk(root):
        for f in files:
            path = Path(dirpath) / f
            try:
                if path.is_symlink() or path.stat().st_mtime < since or path.stat().st_size > 50_000_000:
                    continue
                body = path.read_bytes()
            except OSError:
                continue
            if any(n in body for n in forms):
                hits.append(str(path))
    return hits


@needs_tesseract
def test_ocr_text_is_searchable_and_written_nowhere_outside_the_vault(
    vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    system_tmp = Path(tempfile.gettempdir())
    system_tmp_before = set(os.listdir(system_tmp))
    private_tmp = tmp_path / "tmp"  # where tesseract, pdftoppm and Python would put temporary files
    private_tmp.mkdir()
    monkeypatch.setenv("TMPDIR", str(private_tmp))
    monkeypatch.setattr(tempfile, "tempdir", str(private_tmp))
    scans = tmp_path / "scans"
    scans.mkdir()
    (scans / "ko.png").write_bytes(png_bytes(render(KO_LINES)))
    (scans / "en.pdf").write_bytes(image_pdf(render(EN_LINES)))
    started = time.time() - 1
    report = import_source(vault, Source(scans / "en.pdf"), connector_id="document")
    assert report.added == 1 and report.warnings == 0, report.summary()
    report = import_source(vault, Source(scans / "ko.png"), connector_id="document")
    # a short 진료비 영수증: its structured record says what it does not print (공단부담금 ...)
    assert report.by_kind == {"document": 1, "medical_receipt": 1} and report.warnings == 1, report.summary()

    [en] = vault.search("Quillfeather")
    assert en.provenance.source_name == "en.pdf"
    found = vault.search("한빛내과의원")
    assert sorted(r.kind for r in found) == ["document", "medical_receipt"]
    [ko] = [r for r in found if r.kind == "document"]
    assert ko.provenance.source_name == "ko.png"
    assert ko.value == 17300.0 and ko.unit == "KRW"

    assert list(private_tmp.iterdir()) == []  # nothing left in the temp dir the processes were given
    # no file anywhere in the test's folders (the vault's own files included: they are encrypted)
    # holds the recognised words; the scans themselves are pictures
    needles = [b"Quillfeather", "한빛내과의원".encode(), "본인부담금".encode()]
    assert _scan_for(tmp_path, needles, started) == []
    control = tmp_path / "control"  # the scan does find the words where they are written in plain text
    control.mkdir()
    (control / "note.txt").write_text("한빛내과의원 Quillfeather", encoding="utf-16")
    assert len(_scan_for(control, needles, started)) == 1
    # nor in what appeared meanwhile in the system's temp dir (other programs' files are only read)
    new = set(os.listdir(system_tmp)) - system_tmp_before
    assert [n for n in sorted(new) if _scan_for(system_tmp / n, needles, started)] == []


# ----------------------------------------------------------------- without Tesseract


def test_missing_tesseract_still_imports_and_says_what_ocr_needs(
    vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ocr.ENV_TESSERACT, str(tmp_path / "no" / "tesseract"))
    path = tmp_path / "receipt.png"
    path.write_bytes(png_bytes(render(EN_LINES, size=24)))
    report = import_source(vault, Source(path), connector_id="document")
    assert report.added == 1 and report.error is None
    assert report.warnings == 1 and "with warnings" in report.summary()
    [rec] = vault.records(kind="document")
    assert rec.text is None and "ocr" not in rec.payload
    [note] = rec.provenance.warnings
    assert "receipt.png" in note and "Tesseract" in note and "tesseract-ocr-kor" in note
    assert "\n" not in note

    pdf = tmp_path / "scan.pdf"
    pdf.write_bytes(image_pdf(render(EN_LINES, size=24)))
    report = import_source(vault, Source(pdf), connector_id="document")
    assert report.added == 1 and report.warnings == 1
    [rec] = [r for r in vault.records(kind="document") if r.provenance.source_name == "scan.pdf"]
    [note] = rec.provenance.warnings
    assert "scan" in note and "Tesseract" in note


def test_missing_language_model_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = tmp_path / "tesseract"
    fake.write_text('#!/bin/sh\nif [ "$1" = --list-langs ]; then printf "List of languages:\\neng\\nosd\\n"; fi\n')
    fake.chmod(0o755)
    monkeypatch.setenv(ocr.ENV_TESSERACT, str(fake))
    found = ocr.find_engine()
    assert isinstance(found, str) and "kor" in found and "tesseract-ocr-kor" in found
    assert "tesseract-ocr-eng" not in found


# ----------------------------------------------------------------- cancel


@needs_tesseract
def test_cancel_mid_ocr_kills_tesseract_and_leaves_the_vault_as_it_was(
    vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = tmp_path / "first.png"
    first.write_bytes(png_bytes(render(EN_LINES)))
    assert import_source(vault, Source(first), connector_id="document").added == 1
    before = [(r.id, r.content_hash) for r in vault.records()]

    cancelled = [False]
    started: list[subprocess.Popen[bytes]] = []
    real_popen = subprocess.Popen

    def popen(args: list[str], **kwargs: Any) -> subprocess.Popen[bytes]:
        proc = real_popen(args, **kwargs)
        if "stdin" in args and "stdout" in args:  # tesseract has started reading: the person presses Cancel
            started.append(proc)
            cancelled[0] = True
        return proc

    monkeypatch.setattr(ocr.subprocess, "Popen", popen)
    path = tmp_path / "second.png"
    path.write_bytes(png_bytes(render(KO_LINES)))
    t0 = time.monotonic()
    report = import_source(vault, Source(path), connector_id="document", cancel=lambda: cancelled[0])
    assert report.cancelled and report.added == 0
    assert time.monotonic() - t0 < 5
    assert started and started[0].returncode is not None and started[0].returncode < 0  # killed, not finished
    assert [(r.id, r.content_hash) for r in vault.records()] == before
    assert vault.search("한빛내과의원") == []


@needs_tesseract
def test_cancel_is_raised_by_the_connector_itself() -> None:
    # the connector contract: a cancel seen during OCR ends the read with ImportCancelled, no record
    with pytest.raises(ImportCancelled):
        read(image_pdf(render(EN_LINES, size=24)), "scan.pdf", is_cancelled=lambda: True)


# ----------------------------------------------------------------- in the app


@needs_tesseract
@pytest.mark.usefixtures("gui_env")
def test_app_reads_a_scan_on_a_worker_and_cancel_stops_it(
    qtbot: Any, vault: Vault, vault_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("pytestqt", reason="the desktop app tests need pytest-qt")
    import threading

    from ui_support import open_window

    from wallet.ui.documents_view import open_documents_view

    window = open_window(qtbot, vault_dir, vault)
    threads: list[threading.Thread] = []
    procs: list[subprocess.Popen[bytes]] = []
    real_popen = subprocess.Popen

    slow = [True]  # the first OCR run stands in for a long page: it reads the image, then waits to be stopped

    def popen(args: list[str], **kwargs: Any) -> subprocess.Popen[bytes]:
        ocr_run = "stdin" in args and "stdout" in args
        if ocr_run and slow[0]:
            proc = real_popen(["sh", "-c", "cat >/dev/null; exec sleep 60"], **kwargs)
        else:
            proc = real_popen(args, **kwargs)
        if ocr_run:
            threads.append(threading.current_thread())
            procs.append(proc)
        return proc

    monkeypatch.setattr(ocr.subprocess, "Popen", popen)
    progress: list[tuple[int, object]] = []
    window.imports.progress.connect(lambda done, total: progress.append((done, total)))

    # 1. cancelled while tesseract runs: the GUI thread stays free, the vault unchanged
    first = tmp_path / "first.pdf"
    first.write_bytes(image_pdf(render(KO_LINES)))
    window.imports.import_file(first, "document")
    qtbot.waitUntil(lambda: bool(procs), timeout=20000)
    window.imports.cancel()
    qtbot.waitUntil(lambda: not window.imports.busy, timeout=20000)
    assert threads[0] is not threading.main_thread()  # OCR ran on the import worker
    procs[0].wait(timeout=10)
    assert procs[0].returncode < 0  # killed mid-OCR
    assert vault.count() == 0
    slow[0] = False

    # 2. read to the end: the text is in the document's detail
    second = tmp_path / "second.png"
    second.write_bytes(png_bytes(render(KO_LINES)))
    window.imports.import_file(second, "document")
    qtbot.waitUntil(lambda: not window.imports.busy, timeout=30000)
    assert vault.count() == 2  # the document and the structured record of the 진료비 영수증 it is
    assert any(isinstance(total, int) and done == total == 1 for done, total in progress)  # OCR's own progress
    view = open_documents_view(window)
    qtbot.waitUntil(lambda: not view.loading and view.list.count() == 1 and view.current is not None, timeout=20000)
    assert "한빛내과의원" in view.text_view.toPlainText().replace(" ", "")
    view.close()


@needs_tesseract
def test_damaged_image_is_stored_with_one_note() -> None:
    data = png_bytes(render(EN_LINES, size=24))[:400]  # the header and a little: not decodable
    rec = read(data, "torn.png")
    assert rec.text is None and rec.attachments[0].data == data
    [note] = rec.provenance.warnings
    assert "torn.png" in note and "could not be decoded" in note

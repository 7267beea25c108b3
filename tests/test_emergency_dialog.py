"""Tools > Emergency record...: the consent step in the desktop app (offscreen Qt).

Rendering and writing run in the background (wallet.ui.workers); the ``dialog`` fixture runs them inline.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QDialog, QMainWindow
from test_emergency import fill, other_person

from wallet.features.emergency.content import Section
from wallet.store import audit as audit_mod
from wallet.store.vault import Vault
from wallet.ui import emergency_dialog as ed


class FakeWindow(QMainWindow):
    """The small surface the main window offers feature modules."""

    def __init__(self, vault: Vault, person_id: str | None = None) -> None:
        super().__init__()
        self.vault = vault
        self._person = person_id
        self.last_dialog: Any = None

    def current_person_id(self) -> str | None:
        return self._person


def _actions(vault: Vault) -> list[str]:
    return [str(e["action"]) for e in audit_mod.entries(vault.conn, limit=100)]


@pytest.fixture
def dialog(qtbot: Any, vault: Vault, inline_tasks: None) -> ed.EmergencyDialog:
    fill(vault)
    window = FakeWindow(vault)
    qtbot.addWidget(window)
    dlg = ed.open_emergency_dialog(window)
    assert dlg is not None and window.last_dialog is dlg
    dlg.test_window = window  # type: ignore[attr-defined]  # keep the parent alive as long as the dialog
    dlg.rerender()
    return dlg


@pytest.mark.slow
def test_lists_every_item_ticked_and_gates_output_on_review(dialog: ed.EmergencyDialog, tmp_path: Path) -> None:
    assert dialog.summary is not None
    ids = {i.id for i in dialog.summary.items}
    assert {str(c.data(0, ed.ROLE_ITEM)) for c in dialog._children()} == ids
    assert dialog.excluded_ids() == []
    assert dialog.cancel_button.isDefault()
    assert not dialog.save_button.isEnabled() and not dialog.print_button.isEnabled()
    assert not dialog.save_to(tmp_path / "x.pdf")  # not reviewed yet: nothing written
    assert not (tmp_path / "x.pdf").exists()
    dialog.reviewed.setChecked(True)
    assert dialog.save_button.isEnabled() and dialog.print_button.isEnabled()


@pytest.mark.slow
def test_unticking_leaves_the_item_out_and_asks_for_review_again(
    dialog: ed.EmergencyDialog, tmp_path: Path, qtbot: Any
) -> None:
    assert dialog.summary is not None
    penicillin = next(i for i in dialog.summary.section(Section.ALLERGIES) if i.text == "Penicillin")
    dialog.reviewed.setChecked(True)
    widget = dialog.item_widget(penicillin.id)
    assert widget is not None
    widget.setCheckState(0, Qt.CheckState.Unchecked)
    assert not dialog.reviewed.isChecked() and not dialog.save_button.isEnabled()
    dialog.rerender()
    assert dialog.prepared is not None
    assert penicillin.id not in {i.id for i in dialog.prepared.summary.items}
    assert "Penicillin" not in dialog.prepared.rendered.plain_text
    dialog.reviewed.setChecked(True)
    assert dialog.save_to(tmp_path / "sheet.pdf")
    out = dialog.saved_path
    assert out == tmp_path / "sheet.pdf" and out.read_bytes().startswith(b"%PDF")
    assert dialog.result() == QDialog.DialogCode.Accepted  # closes once written
    entry = next(e for e in audit_mod.entries(dialog.vault.conn, limit=50) if e["action"] == "emergency.print")
    assert entry["detail"]["excluded"] == 1 and entry["detail"]["output"] == "pdf"  # type: ignore[index]


@pytest.mark.slow
def test_cancel_writes_nothing_and_is_audited(dialog: ed.EmergencyDialog) -> None:
    dialog.reject()
    actions = _actions(dialog.vault)
    assert "emergency.cancel" in actions and "emergency.print" not in actions


@pytest.mark.slow
def test_person_and_language_switch(dialog: ed.EmergencyDialog) -> None:
    pid = other_person(dialog.vault)
    dialog.person_box.setCurrentIndex(dialog.person_box.findData(pid))
    dialog.rerender()
    assert dialog.prepared is not None
    assert dialog.prepared.summary.single(Section.NAME).text == "Martha DeLarosa"
    first = dialog.excluded_ids()
    assert first == []
    some = dialog._children()[0]
    some_id = str(some.data(0, ed.ROLE_ITEM))
    some.setCheckState(0, Qt.CheckState.Unchecked)
    dialog.lang_box.setCurrentIndex(dialog.lang_box.findData("en"))
    assert dialog.excluded_ids() == [some_id]  # kept across relabelling
    assert dialog.tree.topLevelItem(0).text(0).startswith("Name / 이름")


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs pdftoppm (poppler-utils) for the exact preview")
@pytest.mark.slow
def test_preview_is_the_pdf_page(dialog: ed.EmergencyDialog) -> None:
    assert dialog.preview_images and not dialog.preview_images[0].isNull()
    assert dialog.preview.pixmap() is not None and not dialog.preview.pixmap().isNull()
    assert "as it will be printed" in dialog.preview_note.text()


@pytest.mark.slow
def test_fallback_preview_without_pdftoppm(dialog: ed.EmergencyDialog, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ed, "page_images", lambda pdf, dpi: None)
    dialog.rerender()
    assert "Simplified preview" in dialog.preview_note.text()
    image = dialog.preview.pixmap().toImage()
    assert not image.isNull()
    assert _dark_pixels(image) > 100  # not blank: the QR code and the text are drawn in black


def _dark_pixels(image: QImage) -> int:
    return sum(
        1
        for x in range(0, image.width(), 5)
        for y in range(0, image.height(), 5)
        if image.pixelColor(x, y).lightness() < 100
    )


@pytest.mark.parametrize("exact", [True, False])
@pytest.mark.slow
def test_painting_for_the_printer(dialog: ed.EmergencyDialog, monkeypatch: pytest.MonkeyPatch, exact: bool) -> None:
    from PySide6.QtCore import QRectF
    from PySide6.QtPrintSupport import QPrinter

    if exact and shutil.which("pdftoppm") is None:
        pytest.skip("needs pdftoppm (poppler-utils) to print the exact PDF page")
    if not exact:
        monkeypatch.setattr(ed, "page_images", lambda pdf, dpi: None)
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    dialog.format_box.setCurrentIndex(dialog.format_box.findData("letter"))
    dialog.configure_printer(printer)
    assert printer.pageLayout().pageSize().id().name == "Letter"
    assert dialog.prepared is None  # the format changed: rendered again before anything is printed
    dialog.rerender()
    image = QImage(425, 550, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    dialog.paint_page(painter, QRectF(image.rect()), 50)
    painter.end()
    assert _dark_pixels(image) > 100
    dialog.reviewed.setChecked(True)
    dialog.record_printed()
    entry = next(e for e in audit_mod.entries(dialog.vault.conn, limit=50) if e["action"] == "emergency.print")
    assert entry["detail"]["output"] == "printer" and entry["detail"]["format"] == "letter"  # type: ignore[index]


def test_tools_menu_of_the_real_main_window_opens_the_dialog(qtbot: Any, vault: Vault) -> None:
    from wallet.ui.main_window import MainWindow

    fill(vault)
    window = MainWindow(vault.path, vault=vault)
    qtbot.addWidget(window)
    assert window.emergency_action.isVisible()
    window.emergency_action.trigger()
    dialog = window.last_dialog
    assert isinstance(dialog, ed.EmergencyDialog)
    assert dialog.person_id == window.current_person_id()
    dialog.reject()


def test_rendering_and_saving_leave_the_gui_thread(
    qtbot: Any, vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    fill(vault)
    threads: dict[str, threading.Thread] = {}
    prepare, export = ed.printout.prepare, ed.printout.export

    def spy_prepare(*args: Any, **kwargs: Any) -> Any:
        threads["prepare"] = threading.current_thread()
        return prepare(*args, **kwargs)

    def spy_export(*args: Any, **kwargs: Any) -> Any:
        threads["export"] = threading.current_thread()
        return export(*args, **kwargs)

    monkeypatch.setattr(ed.printout, "prepare", spy_prepare)
    monkeypatch.setattr(ed.printout, "export", spy_export)
    window = FakeWindow(vault)
    qtbot.addWidget(window)
    dlg = ed.open_emergency_dialog(window)
    assert dlg is not None
    assert dlg.summary is None and dlg.busy.isVisible()  # reading the record, then rendering it
    qtbot.waitUntil(lambda: dlg.prepared is not None, timeout=20000)
    assert threads["prepare"] is not threading.main_thread() and not dlg.busy.isVisible()
    dlg.reviewed.setChecked(True)
    assert dlg.save_to(tmp_path / "card.pdf")
    assert not dlg.save_button.isEnabled() and not dlg.cancel_button.isEnabled()
    dlg.reject()  # while writing the window only hides: the approved PDF is written and audited
    assert not dlg.isVisible()
    qtbot.waitUntil(lambda: dlg.saved_path is not None, timeout=20000)
    assert threads["export"] is not threading.main_thread()
    assert dlg.result() == QDialog.DialogCode.Accepted and "emergency.cancel" not in _actions(vault)

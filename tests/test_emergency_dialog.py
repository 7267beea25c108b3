"""Tools > Emergency record...: the consent step in the desktop app (offscreen Qt)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QMainWindow
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
def dialog(qtbot: Any, vault: Vault) -> ed.EmergencyDialog:
    fill(vault)
    window = FakeWindow(vault)
    qtbot.addWidget(window)
    dlg = ed.open_emergency_dialog(window)
    assert dlg is not None and window.last_dialog is dlg
    dlg.test_window = window  # type: ignore[attr-defined]  # keep the parent alive as long as the dialog
    dlg.rerender()
    return dlg


def test_lists_every_item_ticked_and_gates_output_on_review(dialog: ed.EmergencyDialog, tmp_path: Path) -> None:
    assert dialog.summary is not None
    ids = {i.id for i in dialog.summary.items}
    assert {str(c.data(0, ed.ROLE_ITEM)) for c in dialog._children()} == ids
    assert dialog.excluded_ids() == []
    assert dialog.cancel_button.isDefault()
    assert not dialog.save_button.isEnabled() and not dialog.print_button.isEnabled()
    assert dialog.save_to(tmp_path / "x.pdf") is None  # not reviewed yet: nothing written
    assert not (tmp_path / "x.pdf").exists()
    dialog.reviewed.setChecked(True)
    assert dialog.save_button.isEnabled() and dialog.print_button.isEnabled()


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
    out = dialog.save_to(tmp_path / "sheet.pdf")
    assert out is not None and out.read_bytes().startswith(b"%PDF")
    entry = next(e for e in audit_mod.entries(dialog.vault.conn, limit=50) if e["action"] == "emergency.print")
    assert entry["detail"]["excluded"] == 1 and entry["detail"]["output"] == "pdf"  # type: ignore[index]


def test_cancel_writes_nothing_and_is_audited(dialog: ed.EmergencyDialog) -> None:
    dialog.reject()
    actions = _actions(dialog.vault)
    assert "emergency.cancel" in actions and "emergency.print" not in actions


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
def test_preview_is_the_pdf_page(dialog: ed.EmergencyDialog) -> None:
    assert dialog.preview_images and not dialog.preview_images[0].isNull()
    assert dialog.preview.pixmap() is not None and not dialog.preview.pixmap().isNull()
    assert "as it will be printed" in dialog.preview_note.text()


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

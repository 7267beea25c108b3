"""Tools > Medical ID: hand-entered facts saved through medical_id.save; imported ones shown beside (pytest-qt)."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6.QtWidgets", reason="the desktop app needs PySide6")
pytest.importorskip("pytestqt", reason="the desktop app tests need pytest-qt")

from conftest import DEMO
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QInputMethodEvent
from PySide6.QtWidgets import QAbstractItemDelegate, QApplication, QComboBox, QLineEdit
from ui_support import open_window

from wallet.features import medical_id as mid
from wallet.imports.connector import Source
from wallet.imports.pipeline import import_source
from wallet.ui.main_window import MainWindow
from wallet.ui.medical_id_dialog import MedicalIdDialog, open_medical_id_dialog

WAIT = 20000
IPS = DEMO / "Bundle-IPS-examples-Bundle-01.json"


pytestmark = pytest.mark.usefixtures("gui_env")  # conftest.py: GUI-thread gc, temporary QSettings, English


def open_dialog(qtbot, vault_dir, vault) -> tuple[MainWindow, MedicalIdDialog]:
    window = open_window(qtbot, vault_dir, vault)
    dialog = open_medical_id_dialog(window)
    assert dialog is not None
    qtbot.waitUntil(lambda: not dialog.loading, timeout=WAIT)
    return window, dialog


def ime_commit(widget, text: str) -> None:
    """Type as a Korean input method does: composing, then committing the syllables."""
    widget.setFocus()
    QApplication.sendEvent(widget, QInputMethodEvent("ㅎ", []))
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


@pytest.mark.slow
def test_adds_a_korean_allergy_and_a_contact_and_saves(qtbot, vault, vault_dir):
    person = vault.holder().id
    _window, dialog = open_dialog(qtbot, vault_dir, vault)
    assert dialog.allergies.table.rowCount() == 0
    qtbot.mouseClick(dialog.allergies.add_button, Qt.MouseButton.LeftButton)
    # Typed into the cell's editor through the input method, as a person would.
    table = dialog.allergies.table
    table.editItem(table.item(0, 0))
    editor = table.viewport().findChild(QLineEdit)
    assert editor is not None
    ime_commit(editor, "페니실린")
    table.commitData(editor)
    table.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
    assert table.item(0, 0).text() == "페니실린"
    dialog.allergies.set_value(0, "severity", "severe")
    dialog.allergies.set_value(0, "reaction", "두드러기")
    row = dialog.contacts.add_row()
    dialog.contacts.set_value(row, "name", "김민수")
    dialog.contacts.set_value(row, "relationship", "남편")
    dialog.contacts.set_value(row, "phone", "010-1234-5678")
    dialog.blood_type.setCurrentIndex(dialog.blood_type.findData("A+"))
    ime_commit(dialog.language, "한국어")
    # An empty row added by mistake is ignored.
    dialog.medications.add_row()
    dialog.save()
    assert dialog.saved, dialog.status.text()
    assert dialog.result() == MedicalIdDialog.DialogCode.Accepted

    saved = mid.load(vault, person)
    assert [(a.substance, a.severity, a.reaction) for a in saved.allergies] == [("페니실린", "severe", "두드러기")]
    assert [(c.name, c.relationship, c.phone) for c in saved.contacts] == [("김민수", "남편", "010-1234-5678")]
    assert saved.blood_type == "A+"
    assert saved.preferred_language == "한국어"
    assert saved.medications == []

    # Opened again, the dialog shows what was saved.
    _window2, again = open_dialog(qtbot, vault_dir, vault)
    assert again.allergies.values() == [
        {"substance": "페니실린", "type": "allergy", "severity": "severe", "reaction": "두드러기"}
    ]
    assert again.contacts.values()[0]["name"] == "김민수"


def test_menu_entry_opens_the_dialog(qtbot, vault, vault_dir):
    window = open_window(qtbot, vault_dir, vault)
    action = next(a for a in window.findChildren(QAction) if a.text() == "&Medical ID...")
    assert action.isVisible()
    action.trigger()
    assert isinstance(window.last_dialog, MedicalIdDialog)
    assert window.last_dialog.person_id == vault.holder().id
    qtbot.waitUntil(lambda: not window.last_dialog.loading, timeout=WAIT)
    window.last_dialog.reject()


@pytest.mark.slow
def test_cancel_changes_nothing(qtbot, vault, vault_dir):
    person = vault.holder().id
    before = mid.MedicalId(blood_type="O-", allergies=[mid.Allergy(substance="땅콩", severity="moderate")])
    mid.save(vault, person, before)
    count = vault.count()
    _window, dialog = open_dialog(qtbot, vault_dir, vault)
    assert dialog.blood_type.currentData() == "O-"
    dialog.allergies.table.selectRow(0)
    dialog.allergies.remove_selected()
    assert dialog.allergies.values() == []
    dialog.contacts.add_row({"name": "Lee", "phone": "010"})
    dialog.blood_type.setCurrentIndex(dialog.blood_type.findData("AB+"))
    dialog.reject()
    assert not dialog.saved
    assert mid.load(vault, person) == before
    assert vault.count() == count


@pytest.mark.slow
def test_invalid_rows_are_reported_not_saved(qtbot, vault, vault_dir):
    person = vault.holder().id
    _window, dialog = open_dialog(qtbot, vault_dir, vault)
    row = dialog.contacts.add_row()
    dialog.contacts.set_value(row, "name", "No phone")
    dialog.save()
    assert not dialog.saved
    assert "contacts" in dialog.status.text() and "phone" in dialog.status.text()
    assert mid.load(vault, person).is_empty()


@pytest.mark.slow
def test_imported_allergies_show_read_only_with_their_source(qtbot, vault, vault_dir):
    person = vault.holder().id
    import_source(vault, Source(IPS), "fhir", person=person)
    imported = vault.records(person_id=person, kind="AllergyIntolerance")
    assert imported
    mid.save(vault, person, mid.MedicalId(allergies=[mid.Allergy(substance="Penicillin", severity="severe")]))

    _window, dialog = open_dialog(qtbot, vault_dir, vault)
    table = dialog.imported
    rows = [[table.item(r, c).text() for c in range(3)] for r in range(table.rowCount())]
    allergy_rows = [r for r in rows if r[0] == "Allergies"]
    assert allergy_rows, rows
    assert {r[1] for r in allergy_rows} >= {rec.title for rec in imported}
    assert all(IPS.name in r[2] and "fhir" in r[2] for r in allergy_rows)
    # The hand-entered one is in the editor, not among the imported.
    assert dialog.allergies.values()[0]["substance"] == "Penicillin"
    assert not any("hand" in r[2] or "Penicillin" in r[1] for r in rows)
    # Read-only: the imported table cannot be edited.
    assert table.editTriggers() == table.EditTrigger.NoEditTriggers
    severity = dialog.allergies.table.cellWidget(0, 2)
    assert isinstance(severity, QComboBox) and severity.currentData() == "severe"

"""Tools > Medical ID: hand-entered facts saved through medical_id.save; imported ones shown beside (pytest-qt)."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtWidgets", reason="the desktop app needs PySide6")
pytest.importorskip("pytestqt", reason="the desktop app tests need pytest-qt")

from conftest import DEMO
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QInputMethodEvent
from PySide6.QtWidgets import QAbstractItemDelegate, QAbstractItemView, QApplication, QComboBox, QLineEdit, QMessageBox
from test_medical_id import medication_bundle
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
    assert dialog.status.text().startswith("Saved at ")  # the page stays, and says it saved

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
    dialog.reject()  # as locking the vault closes the page: no question, nothing saved
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
    assert {r[1] for r in allergy_rows} >= {mid.entry_name(rec) for rec in imported}
    assert all(IPS.name in r[2] and "fhir" in r[2] for r in allergy_rows)
    # The hand-entered one is in the editor, not among the imported.
    assert dialog.allergies.values()[0]["substance"] == "Penicillin"
    assert not any("hand" in r[2] or "Penicillin" in r[1] for r in rows)
    # Read-only: the imported table cannot be edited.
    assert table.editTriggers() == table.EditTrigger.NoEditTriggers
    severity = dialog.allergies.table.cellWidget(0, 2)
    assert isinstance(severity, QComboBox) and severity.currentData() == "severe"


# --------------------------------------------------------------------------- issue 18 item 7


def cell_editor(table) -> QLineEdit:
    """The editor open in the table's current cell."""
    editor = table.indexWidget(table.currentIndex())
    assert isinstance(editor, QLineEdit), editor
    return editor


def imported_rows(dialog: MedicalIdDialog) -> list[list[str]]:
    table = dialog.imported
    return [[table.item(r, c).text() for c in range(3)] for r in range(table.rowCount())]


@pytest.mark.slow
def test_imported_medications_show_the_referenced_medications_name(qtbot, vault, vault_dir, tmp_path):
    person = vault.holder().id
    import_source(vault, Source(medication_bundle(tmp_path / "meds.json")), "fhir", person=person)
    import_source(vault, Source(IPS), "fhir", person=person)  # MedicationStatements pointing at urn:uuid Medications
    _window, dialog = open_dialog(qtbot, vault_dir, vault)
    medications = [r for r in imported_rows(dialog) if r[0] == "Medications"]
    names = {r[1] for r in medications}
    assert {"Metformin 500 MG Oral Tablet", "Warfarin 5 mg tablet"} <= names
    assert "Black Cohosh Extract herbal supplement" in names  # the IPS Medication's text
    assert not any(name.startswith("Medication") for name in names), names
    assert any("meds.json (fhir), 2024-05-02" in r[2] for r in medications)
    # the same medication from a second file is one row naming both files
    again = Path(__file__).parent / "fixtures" / "fhir-ips" / "Bundle-IPS-examples-Bundle-with-immunization.json"
    import_source(vault, Source(again), "fhir", person=person)
    _window2, dialog2 = open_dialog(qtbot, vault_dir, vault)
    cohosh = [r for r in imported_rows(dialog2) if r[1] == "Black Cohosh Extract herbal supplement"]
    assert len(cohosh) == 1 and IPS.name in cohosh[0][2] and again.name in cohosh[0][2]


@pytest.mark.slow
def test_an_imported_blood_group_fills_the_blood_type_with_its_source(qtbot, vault, vault_dir):
    person = vault.holder().id
    import_source(vault, Source(IPS), "fhir", person=person)  # LOINC 882-1, SNOMED "Blood group A Rh(D) positive"
    _window, dialog = open_dialog(qtbot, vault_dir, vault)
    assert dialog.blood_type.currentText() == "A+ (from your records)"
    assert dialog.blood_type.currentData() == ""  # shown, not entered by hand: saving keeps its source
    source = dialog.blood_source.text()
    assert dialog.blood_source.isVisibleTo(dialog)
    assert "A+" in source and IPS.name in source and "2015-10-10" in source
    assert ["Blood type", "Blood type: A+", f"{IPS.name} (fhir), 2015-10-10"] in imported_rows(dialog)

    # the person's own entry wins, and the imported one is still named beside it
    mid.save(vault, person, mid.MedicalId(blood_type="O-"))
    _window2, again = open_dialog(qtbot, vault_dir, vault)
    assert again.blood_type.currentText() == "O-"
    assert "The blood type you entered is used" in again.blood_source.text()
    assert "A+" in again.blood_source.text()


@pytest.mark.slow
def test_a_click_or_typing_edits_a_cell(qtbot, vault, vault_dir):
    person = vault.holder().id
    mid.save(vault, person, mid.MedicalId(allergies=[mid.Allergy(substance="Peanuts")]))
    _window, dialog = open_dialog(qtbot, vault_dir, vault)
    dialog.tabs.setCurrentWidget(dialog.allergies)
    table = dialog.allergies.table
    assert table.editTriggers() & QAbstractItemView.EditTrigger.SelectedClicked
    # one click on the Reaction cell opens its editor
    rect = table.visualRect(table.model().index(0, 3))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert table.state() == QAbstractItemView.State.EditingState
    qtbot.keyClicks(cell_editor(table), "hives")
    qtbot.keyClick(cell_editor(table), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.item(0, 3).text() == "hives", timeout=WAIT)  # committed by a queued call
    # typing on a selected cell replaces it, without a double-click or F2
    table.setCurrentCell(0, 0)  # moving there opens the editor too (CurrentChanged) ...
    assert table.state() == QAbstractItemView.State.EditingState
    qtbot.keyClick(cell_editor(table), Qt.Key.Key_Escape)  # ... closed again: the cell is only selected
    qtbot.waitUntil(lambda: table.state() != QAbstractItemView.State.EditingState, timeout=WAIT)
    qtbot.keyClick(table, "T")  # the first key opens the editor and goes into it, replacing "Peanuts"
    assert table.state() == QAbstractItemView.State.EditingState and cell_editor(table).text() == "T"
    qtbot.keyClicks(cell_editor(table), "ree nuts")  # (the focus is in the editor now; the test types there)
    qtbot.keyClick(cell_editor(table), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.item(0, 0).text() == "Tree nuts", timeout=WAIT)
    # a new row is ready for typing at once
    qtbot.mouseClick(dialog.allergies.add_button, Qt.MouseButton.LeftButton)
    assert table.currentRow() == 1
    qtbot.keyClicks(cell_editor(table), "Latex")
    dialog.save()  # the cell still being edited is taken over
    assert [a.substance for a in mid.load(vault, person).allergies] == ["Tree nuts", "Latex"]
    assert mid.load(vault, person).allergies[0].reaction == "hives"


@pytest.mark.slow
def test_save_says_saved_and_the_vault_holds_the_change(qtbot, vault, vault_dir):
    import re

    person = vault.holder().id
    window, dialog = open_dialog(qtbot, vault_dir, vault)
    save_button = dialog.buttons.button(dialog.buttons.StandardButton.Save)
    assert not save_button.isEnabled() and dialog.status.text() == ""  # nothing to save yet
    row = dialog.medications.add_row()
    dialog.medications.set_value(row, "name", "Metformin")
    assert save_button.isEnabled() and dialog.status.text() == "Unsaved changes"
    qtbot.mouseClick(save_button, Qt.MouseButton.LeftButton)
    assert re.fullmatch(r"Saved at \d\d:\d\d", dialog.status.text())
    assert "Medical ID saved at" in window.statusBar().currentMessage()
    assert not save_button.isEnabled()
    assert window.is_page(dialog) and dialog.isVisible()  # the page stays open
    assert [m.name for m in mid.load(vault, person).medications] == ["Metformin"]
    # an edit after saving is unsaved again; undoing it is not
    dialog.language.setText("Korean")
    assert dialog.status.text() == "Unsaved changes"
    dialog.language.setText("")
    assert dialog.status.text().startswith("Saved at ")


@pytest.mark.slow
def test_leaving_with_unsaved_changes_is_noted(qtbot, vault, vault_dir, monkeypatch):
    person = vault.holder().id
    window, dialog = open_dialog(qtbot, vault_dir, vault)
    dialog.blood_type.setCurrentIndex(dialog.blood_type.findData("B+"))
    # another section: the page keeps the change, and the status bar says it is not saved
    window.show_section("timeline")
    assert "not saved" in window.statusBar().currentMessage()
    assert open_medical_id_dialog(window) is dialog and dialog.has_unsaved_changes()
    # a page has no Close button, and Esc does not end it: nothing asked, nothing lost
    assert dialog.buttons.button(dialog.buttons.StandardButton.Cancel).isHidden()
    answers = [QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Discard]
    monkeypatch.setattr(MedicalIdDialog, "ask_leaving", lambda self: answers.pop(0))
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert window.is_page(dialog) and dialog.has_unsaved_changes() and len(answers) == 2
    # closing it (as a dialog's Close does) asks: Stay keeps the page, Discard closes it without saving
    dialog.close_page()
    assert window.is_page(dialog) and not answers[1:]
    dialog.close_page()
    assert not answers and not window.is_page(dialog)
    assert mid.load(vault, person).blood_type is None
    # Save from the question saves, then leaves
    _window2, again = open_dialog(qtbot, vault_dir, vault)
    again.blood_type.setCurrentIndex(again.blood_type.findData("B+"))
    monkeypatch.setattr(MedicalIdDialog, "ask_leaving", lambda self: QMessageBox.StandardButton.Save)
    again.close_page()
    assert mid.load(vault, person).blood_type == "B+"

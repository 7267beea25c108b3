"""Bank CSV dialogs (pytest-qt, offscreen): the encoding choice and the profile editor."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtWidgets", reason="the desktop app needs PySide6")
pytest.importorskip("pytestqt", reason="the desktop app tests need pytest-qt")

from conftest import DEMO
from PySide6.QtWidgets import QDialog, QMessageBox
from ui_support import open_window

from connectors.bank_csv import load_profiles, parse_profile_toml, save_profile
from connectors.bank_csv.qt import CsvProfilesDialog, EncodingDialog, open_csv_profiles_dialog, profiles_dialog
from wallet.model import Domain
from wallet.store.vault import Vault
from wallet.ui.main_window import MainWindow

UNCERTAIN = Path(__file__).parent / "conformance" / "bank_csv" / "bad" / "uncertain_encoding.csv"
KOREAN = DEMO / "kr_bank_cp949.csv"
WAIT = 20000
SHOTS = Path(os.environ.get("WALLET_SCREENSHOTS", "/tmp"))
MY_CZ = (
    'name = "my_cz"\ndelimiter = ";"\ndate_format = "%d.%m.%Y"\ntimezone = "Europe/Prague"\n'
    'decimal = ","\ncurrency = "CZK"\n[columns]\ndate = "Datum"\namount = "Částka"\ndescription = ["Popis"]\n'
)


pytestmark = pytest.mark.usefixtures("gui_env")  # conftest.py: GUI-thread gc, temporary QSettings, English


def wait_idle(qtbot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: not window.imports.busy, timeout=WAIT * 3)


def patch_encoding_dialog(monkeypatch, answer: str | None, seen: list[EncodingDialog]) -> None:
    def fake_exec(self: EncodingDialog) -> int:
        seen.append(self)
        if answer is None:
            return QDialog.DialogCode.Rejected
        self.choose(answer)
        self.grab().save(str(SHOTS / "csv-encoding-dialog.png"))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(EncodingDialog, "exec", fake_exec)


def texts(vault: Vault) -> list[str]:
    return sorted(r.text or r.title for r in vault.records(domain=Domain.FINANCE))


# ===================================================================== encoding
@pytest.mark.slow
def test_uncertain_encoding_asks_and_imports_with_the_chosen_one(qtbot, vault, vault_dir, monkeypatch):
    save_profile(vault, parse_profile_toml(MY_CZ))  # the person's own profile: detected from the header
    window = open_window(qtbot, vault_dir, vault)
    seen: list[EncodingDialog] = []
    patch_encoding_dialog(monkeypatch, "cp1250", seen)
    reports = []
    window.imports.report.connect(reports.append)
    window.import_files([UNCERTAIN])
    wait_idle(qtbot, window)
    assert len(seen) == 1
    dialog = seen[0]
    assert set(dialog.candidates) == {"cp1250", "cp1252"}
    # the first lines side by side, decoded with each candidate
    assert "Částka" in dialog.texts["cp1250"].toPlainText()
    assert "Částka" not in dialog.texts["cp1252"].toPlainText()
    assert "Nákup potravin" in dialog.texts["cp1250"].toPlainText()
    assert len(reports) == 1 and reports[0].added == 2
    assert texts(vault) == ["Nákup potravin", "Převod na účet"]


@pytest.mark.slow
def test_cancelling_the_encoding_choice_stores_nothing(qtbot, vault, vault_dir, monkeypatch):
    save_profile(vault, parse_profile_toml(MY_CZ))
    window = open_window(qtbot, vault_dir, vault)
    seen: list[EncodingDialog] = []
    patch_encoding_dialog(monkeypatch, None, seen)
    failures = []
    window.imports.failed.connect(lambda name, msg: failures.append((name, msg)))
    window.import_files([UNCERTAIN])
    wait_idle(qtbot, window)
    assert len(seen) == 1
    assert failures and "encoding" in failures[0][1]
    assert vault.count(domain=Domain.FINANCE) == 0


@pytest.mark.slow
def test_the_wrong_encoding_stores_no_garbled_text(qtbot, vault, vault_dir, monkeypatch):
    save_profile(vault, parse_profile_toml(MY_CZ))
    window = open_window(qtbot, vault_dir, vault)
    patch_encoding_dialog(monkeypatch, "cp1252", [])
    failures = []
    window.imports.failed.connect(lambda name, msg: failures.append((name, msg)))
    window.import_files([UNCERTAIN])
    wait_idle(qtbot, window)
    assert failures  # read as cp1252 the header has no "Částka": refused, not stored
    assert vault.count(domain=Domain.FINANCE) == 0


# ===================================================================== profile editor
@pytest.mark.slow
def test_profile_editor_previews_the_korean_cp949_file_and_saves(qtbot, vault, vault_dir):
    window = open_window(qtbot, vault_dir, vault)
    window.feature_actions[-1].trigger()  # Tools > CSV profiles...
    dialog = profiles_dialog(window)
    assert isinstance(dialog, CsvProfilesDialog)
    names = [dialog.profile_list.item(i).text() for i in range(dialog.profile_list.count())]
    assert "kr_bank" in names and "de_n26" in names
    dialog.select_profile("kr_bank")
    assert not dialog.editing and not dialog.name_edit.isEnabled()
    dialog.edit_copy()
    assert dialog.editing and dialog.name_edit.text() == "kr_bank_mine"
    dialog.set_csv_file(KOREAN)
    rows = dialog.last_preview["rows"]
    assert dialog.last_preview["encoding"] == "cp949" and dialog.last_preview["error"] is None
    assert rows and all(err is None for _line, _cells, err in rows)
    assert rows[0][1][1] == "-4500" and rows[0][1][3] == "스타벅스 광화문점"
    assert dialog.preview.rowCount() == len(rows)
    assert dialog.preview.item(0, 4).text() == "스타벅스 광화문점"
    dialog.grab().save(str(SHOTS / "csv-profile-editor.png"))

    # an edit that does not fit: every row shows its problem inline
    dialog.date_format_edit.setText("%d/%m/%Y")
    dialog.update_preview()
    rows = dialog.last_preview["rows"]
    assert rows and all(err and "does not match" in err for _line, _cells, err in rows)
    assert "does not match" in dialog.preview.item(0, 5).text()
    dialog.date_format_edit.setText("%Y.%m.%d %H:%M:%S")
    dialog.description_edit.setText("My bank")
    dialog.update_preview()
    assert all(err is None for _line, _cells, err in dialog.last_preview["rows"])

    saved = dialog.save()
    assert saved is not None and saved.name == "kr_bank_mine"
    profiles = load_profiles(vault)
    assert profiles["kr_bank_mine"].date_format == ["%Y.%m.%d %H:%M:%S"]
    assert profiles["kr_bank_mine"].description == "My bank"
    assert profiles["kr_bank_mine"].encoding == "cp949"


def test_asking_again_brings_the_same_editor(qtbot, vault, vault_dir):
    window = open_window(qtbot, vault_dir, vault)
    first = open_csv_profiles_dialog(window)
    window.feature_actions[-1].trigger()  # Tools > CSV profiles... again
    assert profiles_dialog(window) is first and open_csv_profiles_dialog(window) is first
    assert len(window.findChildren(CsvProfilesDialog)) == 1
    again = open_csv_profiles_dialog(window, csv_path=UNCERTAIN)  # a file starts its profile in the same editor
    assert again is first and again.editing and again.csv_path == UNCERTAIN
    first.close()
    assert open_csv_profiles_dialog(window) is not first  # a closed editor is not brought back


def test_a_built_in_name_is_not_overwritten(qtbot, vault, vault_dir):
    window = open_window(qtbot, vault_dir, vault)
    dialog = open_csv_profiles_dialog(window)
    dialog.select_profile("kr_bank")
    dialog.edit_copy()
    dialog.name_edit.setText("kr_bank")
    assert dialog.save() is None
    assert window.last_message is not None and "built-in" in window.last_message.text()
    assert vault.cache_get("csv-profile:kr_bank") is None


@pytest.mark.slow
def test_unrecognised_csv_offers_a_profile_then_imports(qtbot, vault, vault_dir, tmp_path):
    window = open_window(qtbot, vault_dir, vault)
    failures = []
    window.imports.failed.connect(lambda name, msg: failures.append((name, msg)))
    window.import_files([UNCERTAIN])
    wait_idle(qtbot, window)
    assert failures and "no connector" in failures[0][1]
    box = window.last_message
    offer = [b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.ActionRole]
    assert len(offer) == 1 and "CSV profile" in offer[0].text()
    offer[0].click()
    dialog = profiles_dialog(window)
    assert dialog.editing and dialog.csv_path == UNCERTAIN
    assert dialog.delimiter_box.currentData() == ";"  # guessed from the first line
    dialog.name_edit.setText("my_cz")
    dialog.encoding_box.setEditText("cp1250")
    dialog.column_boxes["date"].setEditText("Datum")
    dialog.column_boxes["amount"].setEditText("Částka")
    dialog.description_cols_edit.setText("Popis")
    dialog.date_format_edit.setText("%d.%m.%Y")
    dialog.decimal_box.setCurrentIndex(dialog.decimal_box.findData(","))
    dialog.currency_edit.setText("czk")
    dialog.signature_edit.setText("Datum, Popis, Částka")
    dialog.update_preview()
    rows = dialog.last_preview["rows"]
    assert [cells[1] for _l, cells, _e in rows] == ["-120.50", "-1000.00"]
    dialog.grab().save(str(SHOTS / "csv-profile-new.png"))
    dialog.save_and_import()
    wait_idle(qtbot, window)
    assert texts(vault) == ["Nákup potravin", "Převod na účet"]
    assert "my_cz" in load_profiles(vault)

"""File > Export everything... and File > Delete... in the app (pytest-qt, offscreen)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("PySide6.QtWidgets", reason="the desktop app needs PySide6")
pytest.importorskip("pytestqt", reason="the desktop app tests need pytest-qt")

from share_support import fill
from ui_support import open_window

from wallet.store.vault import KEY_NAME, Vault
from wallet.ui.delete_dialog import PERSON, VAULT, DeleteDialog
from wallet.ui.export_dialog import ExportDialog

WAIT = 20000

pytestmark = pytest.mark.usefixtures("gui_env", "inline_tasks")


def _action(window: object, text: str) -> object:
    from PySide6.QtGui import QAction

    [found] = [a for a in window.findChildren(QAction) if a.text() == text]  # type: ignore[attr-defined]
    return found


def test_export_everything_from_the_file_menu(qtbot: Any, vault: Vault, vault_dir: Path, tmp_path: Path) -> None:
    fill(vault)
    window = open_window(qtbot, vault_dir, vault)
    _action(window, "&Export everything...").trigger()  # type: ignore[attr-defined]
    dialog = window.findChild(ExportDialog)
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=WAIT)
    assert "unencrypted" in dialog.plan_label.text()
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "x.txt").write_text("x")
    dialog.folder.setText(str(busy))
    assert not dialog.export_button.isEnabled() and "not empty" in dialog.status.text()
    out = tmp_path / "export"
    dialog.folder.setText(str(out))
    assert dialog.export_button.isEnabled()
    dialog.export_button.click()
    qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=WAIT)
    assert (out / "manifest.jws").is_file() and (out / "README.txt").is_file()
    assert "signed manifest" in dialog.status.text()


def test_delete_a_person_needs_their_name_typed(qtbot: Any, vault: Vault, vault_dir: Path) -> None:
    holder, other = fill(vault)
    name = vault.person(other).name
    window = open_window(qtbot, vault_dir, vault)
    _action(window, "&Delete...").trigger()  # type: ignore[attr-defined]
    dialog = window.findChild(DeleteDialog)
    assert dialog is not None
    assert dialog.choice.checkedId() == PERSON and dialog.persons.currentData() == other
    assert not dialog.delete_button.isEnabled()
    assert "backups remain" in dialog.backups.text()
    dialog.confirm.setText("yes")
    assert not dialog.delete_button.isEnabled()
    dialog.confirm.setText(name)
    assert dialog.delete_button.isEnabled()
    dialog.delete_button.click()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT)
    assert [p.id for p in vault.persons()] == [holder]
    assert vault.count(person_id=other) == 0


def test_delete_the_whole_vault_returns_to_the_create_screen(qtbot: Any, vault: Vault, vault_dir: Path) -> None:
    from wallet.ui.gate import SetupWizard

    window = open_window(qtbot, vault_dir, vault)
    _action(window, "&Delete...").trigger()  # type: ignore[attr-defined]
    dialog = window.findChild(DeleteDialog)
    assert dialog is not None
    assert dialog.choice.checkedId() == VAULT  # nobody but the holder: the vault is the choice left
    dialog.confirm.setText("delete")
    assert not dialog.delete_button.isEnabled()
    dialog.confirm.setText("DELETE")
    dialog.delete_button.click()
    assert not (vault_dir / KEY_NAME).exists()
    assert window.vault is None
    qtbot.waitUntil(lambda: isinstance(window.gate, SetupWizard), timeout=WAIT)
    assert dialog.final_message is not None and "backups remain" in dialog.final_message.text()

"""Tools > Backup in the app: add a folder, back up, list the versions, verify (pytest-qt, offscreen)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

pytest.importorskip("PySide6.QtWidgets", reason="the desktop app needs PySide6")
pytest.importorskip("pytestqt", reason="the desktop app tests need pytest-qt")

from ui_support import open_window

from wallet.features import backup
from wallet.ui.backup_dialog import BackupDialog

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

    from wallet.store.vault import Vault

WAIT = 20000

pytestmark = pytest.mark.usefixtures("gui_env", "inline_tasks")


def test_back_up_to_a_folder_and_verify_from_the_app(
    qtbot: QtBot, vault: Vault, vault_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))  # the computer id is made there, not in the real HOME
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "home" / "share"))
    window = open_window(qtbot, vault_dir, vault)
    action = next(a for a in window.feature_actions if a.text() == "&Backup...")
    action.trigger()
    dialog = window.findChild(BackupDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.targets.count() == 0 and not dialog.run_now.isEnabled()
    assert dialog.status.text() == "No backup target yet: add a folder, a disk or a server."

    dialog.add_folder_target(str(tmp_path / "USB disk"))
    assert dialog.targets.count() == 1 and dialog.targets.currentItem().text().startswith("USB-disk: local ")
    dialog.back_up()
    qtbot.waitUntil(lambda: dialog.versions.count() == 1 and not dialog.busy, timeout=WAIT)
    assert dialog.status.text().startswith("Backed up: 0 records, encrypted.")
    assert len(backup.list_versions(backup.load_target(vault, "USB-disk"))) == 1
    dialog.verify()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=WAIT)
    assert dialog.status.text() == "The newest backup restores, opens and checks."

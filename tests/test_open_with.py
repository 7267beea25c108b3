""" "Open with" from the desktop (`mydata-wallet gui FILE`, the .desktop entry's %f): a share bundle is verified and a
SMART Health Card imported, once the vault is open - at once, or after the unlock."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtWidgets", reason="the desktop app needs PySide6")
pytest.importorskip("pytestqt", reason="the desktop app tests need pytest-qt")

from conftest import DEMO, PASSPHRASE
from share_support import fill, request
from ui_support import open_window

from wallet.features.share.bundle import create_share
from wallet.features.share.selection import prepare
from wallet.store.keys import KdfParams
from wallet.store.vault import Vault
from wallet.ui.verify_dialog import VerifyDialog

WAIT = 20000
pytestmark = pytest.mark.usefixtures("gui_env")


@pytest.mark.usefixtures("inline_tasks")
def test_a_bundle_opened_with_the_app_is_verified_after_the_unlock(qtbot, vault: Vault, vault_dir: Path, tmp_path):
    holder_id, _ = fill(vault)
    bundle = create_share(vault, prepare(vault, request(holder_id)), tmp_path / "share.zip").path
    vault.close()
    window = open_window(qtbot, vault_dir)  # locked: the unlock page first
    window.open_file_when_ready(bundle)
    assert window.vault is None and not isinstance(window.last_dialog, VerifyDialog)  # nothing before the unlock
    window.gate.passphrase.setText(PASSPHRASE)
    window.gate.attempt()
    qtbot.waitUntil(lambda: isinstance(window.last_dialog, VerifyDialog), timeout=WAIT)
    dialog = window.last_dialog
    assert isinstance(dialog, VerifyDialog)
    qtbot.waitUntil(lambda: dialog.verdict.text().startswith("Verified"), timeout=WAIT)


def test_a_health_card_opened_with_the_open_app_is_imported(qtbot, vault_dir: Path):
    vault, _ = Vault.create(vault_dir, PASSPHRASE, kdf=KdfParams.floor())
    window = open_window(qtbot, vault_dir, vault=vault)
    failures: list[tuple[str, str]] = []
    window.imports.failed.connect(lambda name, message: failures.append((name, message)))
    window.open_file_when_ready(DEMO / "example-00-e-file.smart-health-card")
    qtbot.waitUntil(lambda: bool(failures) or not window.imports.busy, timeout=WAIT)
    assert failures == []
    assert window.last_report is not None and window.last_report.connector_id == "smart_health_card"
    assert vault.count(kind="Immunization") >= 1


def test_the_desktop_entry_passes_the_file() -> None:
    entry = (Path(__file__).parents[1] / "packaging" / "linux" / "mydata-wallet.desktop").read_text(encoding="utf-8")
    assert "Exec=mydata-wallet gui %f" in entry.splitlines()

"""The unlock screen and failed unlocks counted beside the key file (wallet.store.unlocks)."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtWidgets", reason="the desktop app needs PySide6")
pytest.importorskip("pytestqt", reason="the desktop app tests need pytest-qt")

from conftest import PASSPHRASE
from ui_support import open_window

from wallet.store import audit, unlocks
from wallet.store import vault as vault_mod
from wallet.store.keys import KdfParams
from wallet.store.vault import Vault
from wallet.ui.gate import UnlockPage

WAIT = 20000
pytestmark = pytest.mark.usefixtures("gui_env")


@pytest.fixture
def closed_vault(vault_dir: Path) -> Path:
    v, _ = Vault.create(vault_dir, PASSPHRASE, kdf=KdfParams.floor())
    v.close()
    return vault_dir


@pytest.mark.slow
def test_failures_elsewhere_hold_the_unlock_screen_back(qtbot, closed_vault: Path) -> None:
    """Five failures a moment ago in another process (the CLI, another window): the pause is kept here too."""
    ahead = datetime.now(UTC) + timedelta(hours=1)  # the other process's clock ahead: the whole pause is left
    for _ in range(5):
        unlocks.record_failure(closed_vault, now=ahead)
    window = open_window(qtbot, closed_vault)
    page = window.gate
    assert isinstance(page, UnlockPage)
    assert page.failures == 5
    assert page.waiting == 4
    assert not page.unlock_button.isEnabled() and not page.passphrase.isEnabled()
    assert "5 failed unlock attempts" in page.error.text() and "Try again in 4 s" in page.error.text()


@pytest.mark.slow
def test_a_wrong_passphrase_is_counted_beside_the_key_file(qtbot, closed_vault: Path) -> None:
    window = open_window(qtbot, closed_vault)
    page = window.gate
    page.passphrase.setText("not the passphrase")
    page.attempt()
    qtbot.waitUntil(lambda: not page.busy, timeout=WAIT)
    assert "Wrong passphrase" in page.error.text()
    assert unlocks.read(closed_vault).count == 1 and page.failures == 1


@pytest.mark.slow
def test_the_next_unlock_shows_the_failed_attempts(qtbot, closed_vault: Path, monkeypatch) -> None:
    monkeypatch.setattr(vault_mod, "_sleep", lambda seconds: None)
    earlier = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
    for _ in range(3):
        unlocks.record_failure(closed_vault, now=earlier)
    window = open_window(qtbot, closed_vault)
    page = window.gate
    assert page.waiting == 0  # those were long ago
    page.passphrase.setText(PASSPHRASE)
    page.attempt()
    qtbot.waitUntil(lambda: window.vault is not None, timeout=WAIT)
    assert "3 failed unlock attempts since 2026-03-01 09:30 UTC" in page.notice
    assert window.last_message is not None and "3 failed unlock attempts" in window.last_message.text()
    entry = audit.entries(window.vault.conn, limit=2)
    assert entry[0]["action"] == "vault.unlock-failures" and entry[0]["detail"]["count"] == 3
    assert not (closed_vault / unlocks.COUNTER_NAME).exists()


@pytest.mark.slow
def test_a_read_only_vault_says_so_after_unlocking(qtbot, closed_vault: Path, monkeypatch) -> None:
    real_access = os.access
    monkeypatch.setattr(
        vault_mod.os, "access", lambda p, mode, **kw: False if mode == os.W_OK else real_access(p, mode, **kw)
    )
    window = open_window(qtbot, closed_vault)
    page = window.gate
    page.passphrase.setText(PASSPHRASE)
    page.attempt()
    qtbot.waitUntil(lambda: window.vault is not None, timeout=WAIT)
    assert window.vault.read_only
    assert "read-only" in page.notice and "not recorded in the audit log" in page.notice


def test_errors_of_sqlite_and_the_disk_read_plainly_in_the_app() -> None:
    import errno

    import sqlcipher3

    from wallet.ui.workers import readable_error

    corrupt = sqlcipher3.DatabaseError("database disk image is malformed")
    corrupt.sqlite_errorcode = 11
    assert readable_error(corrupt).startswith("the vault's database is damaged")
    assert "unexpected" not in readable_error(corrupt)
    assert readable_error(OSError(errno.ENOSPC, "No space left on device")).startswith("the disk is full")

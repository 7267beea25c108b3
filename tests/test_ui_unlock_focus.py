"""After the unlock the keyboard focus is where a person starts: the Home's first card, or Choose files... on
an empty vault (issue 18)."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6.QtWidgets", reason="the desktop app needs PySide6")
pytest.importorskip("pytestqt", reason="the desktop app tests need pytest-qt")

from conftest import PASSPHRASE
from PySide6.QtCore import Qt
from test_ui_app import WAIT, make_records
from ui_support import open_window

from wallet.store.keys import KdfParams
from wallet.store.vault import Vault
from wallet.ui.gate import UnlockPage
from wallet.ui.home import Card

pytestmark = [pytest.mark.usefixtures("gui_env"), pytest.mark.slow]


def unlock(qtbot, vault_dir):
    window = open_window(qtbot, vault_dir)
    window.activateWindow()
    page = window.gate
    assert isinstance(page, UnlockPage)
    page.passphrase.setText(PASSPHRASE)
    page.attempt()
    qtbot.waitUntil(lambda: window.vault is not None, timeout=WAIT)
    qtbot.waitUntil(lambda: window.home.complete, timeout=WAIT)
    return window


def test_focus_goes_to_the_first_home_card_and_stays_there(qtbot, vault_dir):
    v, _ = Vault.create(vault_dir, PASSPHRASE, kdf=KdfParams.floor())
    v.add_records(make_records(30))
    v.close()
    window = unlock(qtbot, vault_dir)
    first = next(iter(window.home.cards.values()))
    assert isinstance(window.focusWidget(), Card)
    assert window.focusWidget() is first and first.section == "medical_id"
    # Enter on it opens its section, as a click does
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Return)
    assert window.current_section() == "medical_id"
    # locked and unlocked again: the same start
    window.lock()
    assert window.focusWidget() is None or not isinstance(window.focusWidget(), Card)
    page = window.gate
    page.passphrase.setText(PASSPHRASE)
    page.attempt()
    qtbot.waitUntil(lambda: window.vault is not None and window.home.complete, timeout=WAIT)
    assert window.current_section() == "home"
    assert window.focusWidget() is next(iter(window.home.cards.values()))


def test_focus_keeps_its_card_when_the_home_is_read_again(qtbot, vault_dir):
    v, _ = Vault.create(vault_dir, PASSPHRASE, kdf=KdfParams.floor())
    v.add_records(make_records(30))
    v.close()
    window = unlock(qtbot, vault_dir)
    cards = list(window.home.cards.values())
    cards[1].setFocus()
    section = cards[1].section
    with qtbot.waitSignal(window.home.loaded, timeout=WAIT):
        window.home.load()
    qtbot.waitUntil(lambda: window.home.complete, timeout=WAIT)
    assert window.focusWidget() is window.home.cards[section]


def test_focus_on_an_empty_vault_is_choose_files(qtbot, vault_dir):
    Vault.create(vault_dir, PASSPHRASE, kdf=KdfParams.floor())[0].close()
    window = unlock(qtbot, vault_dir)
    assert window.home.data is not None and window.home.data.empty
    assert window.focusWidget() is window.home.drop_target.choose

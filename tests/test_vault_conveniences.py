"""Issue 18, items 8, 10, 11: passphrase fields and generator, passphrase change, keyboard, layout, dev.py Qt check."""

from __future__ import annotations

import importlib.util
import subprocess
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from wallet.store.passphrase import MIN_LENGTH, estimate, generate, generated_bits, word_list

ROOT = Path(__file__).resolve().parents[1]


# ================================================================ strength rule (no Qt)
def test_a_long_common_password_is_refused_as_guessable_not_as_short() -> None:
    """ "password123" has 11 characters: it is refused for being easy to guess, never for being short."""
    s = estimate("password123")
    assert len("password123") >= MIN_LENGTH
    assert not s.acceptable
    assert s.problem == "guessable"
    assert "short" not in s.hints


def test_short_and_empty_and_good_passphrases() -> None:
    assert estimate("x7#Qa").problem == "short"
    assert estimate("").problem == "empty"
    assert estimate("correct horse battery staple").problem is None


# ================================================================ generator (no Qt)
def test_word_lists_are_the_published_bip39_lists() -> None:
    """First and last words of the BIP-39 English and Korean lists (bitcoin/bips, bip-0039/*.txt)."""
    en, ko = word_list("en"), word_list("ko")
    assert len(en) == len(ko) == 2048
    assert (en[0], en[-1]) == ("abandon", "zoo")
    assert (ko[0], ko[-1]) == ("가격", "힘껏")  # composed syllables (the package stores them decomposed)
    assert len(set(ko)) == 2048
    assert generated_bits(6) == 66.0
    with pytest.raises(ValueError):
        word_list("xx")


@pytest.mark.parametrize("language", ["en", "ko"])
def test_generated_passphrases_have_n_listed_words_and_pass_the_rule(language: str) -> None:
    words = set(word_list(language))
    for n in (4, 6, 8):
        phrase = generate(n, language)
        parts = phrase.split(" ")
        assert len(parts) == n
        assert all(p in words for p in parts)
    for _ in range(5):
        assert estimate(generate(6, language)).acceptable
    assert generate(6, language) != generate(6, language)  # 66 random bits: equal only by a 2**-66 chance


# ================================================================ dev.py (no Qt)
def _dev() -> ModuleType:
    spec = importlib.util.spec_from_file_location("dev_under_test", ROOT / "dev.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_dev_finds_the_missing_xcb_libraries_from_dpkg() -> None:
    dev = _dev()
    asked: list[list[str]] = []

    def fake_dpkg(cmd: list[str], **_kw: Any) -> subprocess.CompletedProcess[str]:
        asked.append(cmd)
        out = "".join(
            f"{p}:amd64 install ok installed\n" if p not in {"libxcb-icccm4", "libxcb-keysyms1"} else ""
            for p in cmd[3:]
        )
        out += "libxcb-cursor0:i386 deinstall ok config-files\n"  # another architecture's leftovers
        return subprocess.CompletedProcess(cmd, 0, stdout=out, stderr="")

    missing = dev.dpkg_missing(dev.QT_XCB_LIBS, run=fake_dpkg)
    assert missing == ["libxcb-icccm4", "libxcb-keysyms1"]  # installed for amd64 is enough
    assert len(asked) == 1 and asked[0][:2] == ["dpkg-query", "-W"]
    assert dev.dpkg_missing([], run=fake_dpkg) == []
    # a package that is removed (config files left) counts as missing
    removed = dev.dpkg_missing(
        ["libxcb-cursor0"],
        run=lambda cmd, **kw: subprocess.CompletedProcess(cmd, 0, "libxcb-cursor0 deinstall ok config-files\n", ""),
    )
    assert removed == ["libxcb-cursor0"]
    # what the wheel's xcb plugin links to (ldd on libqxcb.so) is in the list
    for pkg in ("libxcb-cursor0", "libxcb-icccm4", "libxcb-keysyms1", "libxkbcommon-x11-0", "libegl1", "libgl1"):
        assert pkg in dev.QT_XCB_LIBS


def test_dev_run_prints_the_apt_line_when_not_root(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    dev = _dev()
    monkeypatch.setattr(dev.sys, "platform", "linux")
    monkeypatch.setattr(dev.shutil, "which", lambda name: f"/usr/bin/{name}")
    monkeypatch.setattr(dev, "can_apt", lambda: False)
    monkeypatch.setattr(dev, "dpkg_missing", lambda pkgs: ["libxcb-icccm4", "libxcb-keysyms1"])
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    ran: list[tuple[Any, ...]] = []
    monkeypatch.setattr(dev, "sh", lambda *a, **k: ran.append(a) or 0)
    dev.ensure_qt_runtime()
    out = capsys.readouterr().out
    assert "sudo apt-get install -y libxcb-icccm4 libxcb-keysyms1" in out
    assert ran == []
    # as root it installs them instead
    monkeypatch.setattr(dev, "can_apt", lambda: True)
    dev.ensure_qt_runtime()
    assert ran[-1][:2] == ("apt-get", "install") and ran[-1][-2:] == ("libxcb-icccm4", "libxcb-keysyms1")
    assert "sudo apt-get" not in capsys.readouterr().out
    # offscreen (the tests, CI): nothing is checked
    ran.clear()
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    dev.ensure_qt_runtime()
    assert ran == [] and capsys.readouterr().out == ""


# ================================================================ the GUI
pytest.importorskip("PySide6.QtWidgets", reason="the desktop app needs PySide6")
pytest.importorskip("pytestqt", reason="the desktop app tests need pytest-qt")

from conftest import PASSPHRASE  # noqa: E402
from PySide6.QtCore import QEvent, Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication, QKeyEvent  # noqa: E402
from PySide6.QtWidgets import QApplication, QLineEdit  # noqa: E402
from ui_support import open_window  # noqa: E402

from wallet.errors import WrongPassphrase  # noqa: E402
from wallet.store.keys import KdfParams  # noqa: E402
from wallet.store.vault import Vault  # noqa: E402
from wallet.ui.passfield import PassphraseEdit, caps_lock_suspected, fill_generated, strength_advice  # noqa: E402

NEW_PASSPHRASE = "lantern orbit velvet quarry"
WAIT = 20000


def _type(widget: QLineEdit, text: str, shift: bool) -> None:
    mods = Qt.KeyboardModifier.ShiftModifier if shift else Qt.KeyboardModifier.NoModifier
    key = Qt.Key(ord(text.upper())) if text.isascii() and text.isalpha() else Qt.Key.Key_unknown
    QApplication.sendEvent(widget, QKeyEvent(QEvent.Type.KeyPress, key, mods, text))


@pytest.mark.parametrize(
    ("text", "shift", "expected"),
    [
        ("A", False, True),  # upper case without Shift: Caps Lock is on
        ("a", True, True),  # lower case with Shift: Caps Lock is on (Shift inverts it)
        ("a", False, False),
        ("A", True, False),
        ("É", False, True),
        ("7", False, None),  # no case: tells nothing
        ("!", True, None),
        ("한", False, None),  # Hangul has no case
        ("", False, None),
    ],
)
def test_caps_lock_heuristic(text: str, shift: bool, expected: bool | None) -> None:
    assert caps_lock_suspected(text, shift) is expected


@pytest.mark.usefixtures("gui_env")
def test_passphrase_field_shows_hides_and_warns_of_caps_lock(qtbot) -> None:
    edit = PassphraseEdit()
    qtbot.addWidget(edit)
    assert edit.echoMode() == QLineEdit.EchoMode.Password
    edit.toggle_action.trigger()
    assert edit.echoMode() == QLineEdit.EchoMode.Normal and edit.toggle_action.text() == "Hide the passphrase"
    edit.toggle_action.trigger()
    assert edit.echoMode() == QLineEdit.EchoMode.Password and edit.toggle_action.text() == "Show the passphrase"

    assert not edit.caps_on
    _type(edit, "A", shift=False)
    assert edit.caps_on and not edit.caps_label.isHidden()
    _type(edit, "7", shift=False)  # no evidence: the warning stays
    assert edit.caps_on
    _type(edit, "a", shift=False)
    assert not edit.caps_on and edit.caps_label.isHidden()
    _type(edit, "a", shift=True)
    assert edit.caps_on
    assert edit.text() == "A7aa"  # the keys still type

    fill_generated("one two three four five six", edit)
    assert edit.text() == "one two three four five six" and edit.shown  # shown, to be written down


@pytest.mark.usefixtures("gui_env")
def test_strength_advice_says_why_a_passphrase_is_refused(qtbot) -> None:
    guessable = strength_advice(estimate("password123"))
    assert "too easy to guess" in guessable and "at least 8 characters" not in guessable
    assert "at least 8 characters" in strength_advice(estimate("x7#Qa"))
    assert "Too" not in strength_advice(estimate(generate()))


@pytest.mark.slow
@pytest.mark.usefixtures("gui_env", "inline_tasks")
def test_change_passphrase_from_settings_then_unlock_with_the_new_one(qtbot, vault: Vault, vault_dir: Path) -> None:
    from wallet.ui.dialogs import SettingsDialog
    from wallet.ui.gate import UnlockPage

    window = open_window(qtbot, vault_dir, vault=vault)
    settings = SettingsDialog(window)
    qtbot.addWidget(settings)
    assert "Recovery key: set" in settings.recovery_status.text()
    settings.passphrase_button.click()
    dialog = settings.passphrase_dialog
    assert not dialog.ok_button.isEnabled()
    dialog.old.setText("not the passphrase")
    dialog.new.setText("password123")
    dialog.confirm.setText("password123")
    assert not dialog.ok_button.isEnabled() and "too easy to guess" in dialog.hint.text()
    dialog.new.setText(NEW_PASSPHRASE)
    dialog.confirm.setText(NEW_PASSPHRASE + "x")
    assert not dialog.ok_button.isEnabled() and "differ" in dialog.hint.text()
    dialog.confirm.setText(NEW_PASSPHRASE)
    assert dialog.ok_button.isEnabled()
    dialog.ok_button.click()
    assert dialog.status.text() == "The current passphrase is wrong." and not dialog.done_ok
    dialog.old.setText(PASSPHRASE)
    dialog.ok_button.click()
    assert dialog.done_ok and "changed" in settings.passphrase_status.text()
    assert dialog.new.text() == "" and dialog.old.text() == ""  # nothing kept in the fields
    settings.reject()

    window.lock()
    page = window.gate
    assert isinstance(page, UnlockPage)
    page.passphrase.setText(PASSPHRASE)
    page.attempt()
    assert window.vault is None and "Wrong passphrase" in page.error.text()
    page.passphrase.setText(NEW_PASSPHRASE)
    page.attempt()
    assert window.vault is not None
    with pytest.raises(WrongPassphrase):
        Vault.read_keyfile(vault_dir).unlock(PASSPHRASE)


@pytest.mark.slow
@pytest.mark.usefixtures("gui_env", "inline_tasks")
def test_recovery_key_copy_clears_the_clipboard_later(qtbot, tmp_path: Path) -> None:
    from wallet.ui.gate import SetupWizard

    window = open_window(qtbot, tmp_path / "new")
    wizard = window.gate
    assert isinstance(wizard, SetupWizard)
    page = wizard.passphrase_page
    page.passphrase.setText("password123")
    page.confirm.setText("password123")
    assert not page.isComplete() and "too easy to guess" in page.hint.text()
    page.passphrase.setText(NEW_PASSPHRASE)
    page.confirm.setText(NEW_PASSPHRASE)
    assert page.isComplete()
    wizard.next()
    key = wizard.recovery_key
    assert key and wizard.recovery_page.copy_button.isEnabled()
    wizard.recovery_page.copy_button.click()
    assert QGuiApplication.clipboard().text() == key
    assert window.clipboard_guard.timer.isActive() and window.clipboard_guard.timer.interval() == 30_000
    window.clipboard_guard.timer.timeout.emit()  # as 30 s later
    assert QGuiApplication.clipboard().text() != key


@pytest.mark.slow
@pytest.mark.usefixtures("gui_env")
def test_tab_leaves_the_table_and_esc_clears_the_search(qtbot, vault: Vault, vault_dir: Path) -> None:
    window = open_window(qtbot, vault_dir, vault=vault)
    window.activateWindow()
    window.show_section("timeline")
    window.table.setFocus()
    qtbot.waitUntil(window.table.hasFocus, timeout=WAIT)
    assert not window.table.tabKeyNavigation()
    qtbot.keyClick(window.table, Qt.Key.Key_Tab)
    assert not window.table.hasFocus()  # on to the next widget, not the next cell

    window.focus_search()
    qtbot.waitUntil(window.search_field.hasFocus, timeout=WAIT)
    qtbot.keyClicks(window.search_field, "blood")
    assert window.search_field.text() == "blood"
    qtbot.keyClick(window.search_field, Qt.Key.Key_Escape)
    assert window.search_field.text() == ""
    assert window.table.hasFocus()  # back in the timeline


@pytest.mark.slow
@pytest.mark.usefixtures("gui_env")
def test_keyboard_shortcuts_dialog_lists_the_keys(qtbot, vault: Vault, vault_dir: Path) -> None:
    window = open_window(qtbot, vault_dir, vault=vault)
    window.shortcuts_action.trigger()
    dialog = window.last_dialog
    assert dialog is not None and dialog.windowTitle() == "Keyboard shortcuts"
    cells = [dialog.table.item(r, c).text() for r in range(dialog.table.rowCount()) for c in range(2)]
    assert "Ctrl+F" in cells and "Esc" in cells and "Ctrl+L" in cells
    assert any("Clear the search" in c for c in cells)


@pytest.mark.slow
@pytest.mark.usefixtures("gui_env")
def test_recent_vaults_are_offered_on_the_unlock_screen(qtbot, tmp_path: Path) -> None:
    from wallet.ui import i18n, recent
    from wallet.ui.gate import UnlockPage

    dirs = []
    for name in ("a", "b"):
        v, _ = Vault.create(tmp_path / name, PASSPHRASE, kdf=KdfParams.floor())
        v.close()
        dirs.append((tmp_path / name).resolve())
        recent.add_recent_vault(tmp_path / name)
    recent.add_recent_vault(tmp_path / "gone")  # no vault there: left out
    assert recent.recent_vaults() == [dirs[1], dirs[0]]
    window = open_window(qtbot, dirs[0])
    page = window.gate
    assert isinstance(page, UnlockPage)
    assert [page.recent_box.itemData(i) for i in range(1, page.recent_box.count())] == [str(dirs[1])]
    page.recent_box.activated.emit(1)
    assert window.vault_dir == dirs[1] and isinstance(window.gate, UnlockPage) and window.gate is not page
    # only paths, in a file of their own: the app's settings stay free of them, and no passphrase anywhere
    text = Path(recent.settings().fileName()).read_text()
    assert str(dirs[1]) in text and PASSPHRASE not in text
    assert str(dirs[1]) not in Path(i18n.settings().fileName()).read_text()


@pytest.mark.slow
@pytest.mark.usefixtures("gui_env")
def test_window_size_and_panes_are_remembered(qtbot, vault: Vault, vault_dir: Path) -> None:
    window = open_window(qtbot, vault_dir, vault=vault)
    window.resize(760, 560)  # within the offscreen screen (800x800): Qt fits a restored window to its screen
    window.splitter.setSizes([150, 500, 400])
    sizes = window.splitter.sizes()
    window.close()
    again = open_window(qtbot, vault_dir)
    # the offscreen screen is 800 px wide, under the window's minimum width: Qt fits the width, the height is kept
    assert again.height() == 560 and again.width() < 1280  # not the default 1280x800
    assert again.splitter.sizes() == sizes


@pytest.mark.slow
@pytest.mark.usefixtures("gui_env")
def test_the_title_column_stays_readable_at_1024x700(qtbot, vault: Vault, vault_dir: Path) -> None:
    from wallet.ui.columns import MIN_TITLE
    from wallet.ui.records_model import COL_DATE, COL_DOMAIN, COL_KIND, COL_SOURCE, COL_TITLE, COL_VALUE

    window = open_window(qtbot, vault_dir, vault=vault)
    window.show_section("timeline")
    window.resize(1024, 700)
    qtbot.waitUntil(lambda: window.width() == 1024 and window.column_fitter.narrow, timeout=WAIT)
    table = window.table
    qtbot.waitUntil(lambda: table.columnWidth(COL_TITLE) >= MIN_TITLE, timeout=WAIT)
    for col in (COL_DATE, COL_TITLE, COL_VALUE):
        assert not table.isColumnHidden(col)
    assert table.isColumnHidden(COL_DOMAIN)  # the first to give way (the sidebar shows the area)
    window.resize(2200, 1200)
    qtbot.waitUntil(lambda: not window.column_fitter.given_way, timeout=WAIT)
    for col in (COL_DOMAIN, COL_SOURCE, COL_KIND):
        assert not table.isColumnHidden(col)  # back when there is room

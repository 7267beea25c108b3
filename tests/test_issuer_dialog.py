"""Tools > Trusted issuer keys...: the issuer and fingerprints are shown before anything is kept (issue 14)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtWidgets", reason="the desktop app needs PySide6")
pytest.importorskip("pytestqt", reason="the desktop app tests need pytest-qt")

from PySide6.QtGui import QAction
from pytestqt.qtbot import QtBot
from ui_support import open_window

from wallet.imports import issuers
from wallet.store.vault import Vault
from wallet.ui.issuer_dialog import IssuerKeysDialog

pytestmark = pytest.mark.usefixtures("gui_env")

JWKS = Path(__file__).parent / "fixtures" / "shc" / "issuer" / "jwks.json"
ISS = "https://spec.smarthealth.cards/examples/issuer"
KID = "3Kfdg-XwP-7gXyywtUfUADwBumDOPKMQx-iELL11W9s"


@pytest.mark.slow
def test_menu_entry_shows_issuer_and_fingerprints_then_trusts(qtbot: QtBot, vault: Vault, vault_dir: Path) -> None:
    window = open_window(qtbot, vault_dir, vault)
    action = next(a for a in window.findChildren(QAction) if a.text() == "&Trusted issuer keys...")
    assert action.isVisible()
    action.trigger()
    dialog = window.issuer_dialog
    assert isinstance(dialog, IssuerKeysDialog)
    assert not dialog.trust_button.isEnabled()
    assert not dialog.trust_button.isDefault()
    dialog.set_file(JWKS)
    assert not dialog.trust_button.isEnabled()  # no issuer yet
    dialog.issuer_edit.setText(ISS)
    shown = dialog.preview.toPlainText()
    assert f"Issuer: {ISS}" in shown
    assert KID in shown
    assert issuers.trusted(vault, ISS) is None  # shown, not kept
    assert dialog.trust_button.isEnabled()
    dialog.trust_button.click()
    trusted = issuers.trusted(vault, ISS)
    assert trusted is not None
    assert KID in {k.fingerprint for k in trusted.keys}
    assert ISS in dialog.trusted_list.item(0).text()
    assert not dialog.trust_button.isEnabled()  # the same keys again: nothing to change
    dialog.forget(ISS)
    assert issuers.trusted(vault, ISS) is None
    assert dialog.trusted_list.count() == 0
    dialog.close()


def test_other_keys_for_a_trusted_issuer_say_what_goes(qtbot: QtBot, vault: Vault, tmp_path: Path) -> None:
    from joserfc.jwk import ECKey

    issuers.trust(vault, issuers.plan(vault, ISS, issuers.read_jwks_file(JWKS)))
    other = tmp_path / "other.json"
    public = ECKey.generate_key("P-256").as_dict(private=False)
    other.write_text(json.dumps({"keys": [public]}))
    dialog = IssuerKeysDialog(vault)
    qtbot.addWidget(dialog)
    dialog.set_file(other)
    dialog.issuer_edit.setText(ISS)
    shown = dialog.preview.toPlainText()
    assert "You already trust other keys for this issuer" in shown
    assert f"no longer:    {KID}" in shown
    assert dialog.trust_button.text() == "Replace the trusted keys"


def test_a_bad_key_file_is_one_line_and_nothing_can_be_trusted(qtbot: QtBot, vault: Vault, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{}")
    dialog = IssuerKeysDialog(vault)
    qtbot.addWidget(dialog)
    dialog.set_file(bad)
    dialog.issuer_edit.setText(ISS)
    assert dialog.preview.toPlainText() == f"{bad}: not a JWKS (a JSON object with a 'keys' list)"
    assert not dialog.trust_button.isEnabled()
    assert not dialog.trust()


def _other_jwks(tmp_path: Path, kid: str | None) -> tuple[Path, str]:
    from joserfc.jwk import ECKey

    public = ECKey.generate_key("P-256").as_dict(private=False)
    if kid is not None:
        public["kid"] = kid
    path = tmp_path / "other.json"
    path.write_text(json.dumps({"keys": [public]}))
    return path, issuers.read_jwks_file(path)[0].fingerprint


def test_the_list_shows_issuer_key_ids_and_when_trusted(qtbot: QtBot, vault: Vault, tmp_path: Path) -> None:
    path, fp = _other_jwks(tmp_path, "key-1")
    other = "https://issuer.example.org"
    issuers.trust(vault, issuers.plan(vault, ISS, issuers.read_jwks_file(JWKS)))
    issuers.trust(vault, issuers.plan(vault, other, issuers.read_jwks_file(path)))
    dialog = IssuerKeysDialog(vault)
    qtbot.addWidget(dialog)
    texts = {dialog.trusted_list.item(i).text().splitlines()[0]: dialog.trusted_list.item(i).text() for i in range(2)}
    assert set(texts) == {ISS, other}
    stamp = issuers.trusted(vault, other).trusted_at  # type: ignore[union-attr]
    assert f"trusted since {stamp.replace('T', ' ')}" in texts[other]
    assert f"key {fp} (key id key-1)" in texts[other]
    assert f"key {KID}" in texts[ISS] and "key-1" not in texts[ISS]


def test_forget_asks_first_and_cancel_keeps_the_issuer(qtbot: QtBot, vault: Vault) -> None:
    from PySide6.QtWidgets import QMessageBox

    issuers.trust(vault, issuers.plan(vault, ISS, issuers.read_jwks_file(JWKS)))
    dialog = IssuerKeysDialog(vault)
    qtbot.addWidget(dialog)
    dialog.forget_button.click()
    box = dialog.confirm_box
    assert box is not None and ISS in box.text()
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert issuers.trusted(vault, ISS) is not None  # asked, not done
    assert dialog.trusted_list.count() == 1
    dialog.forget_button.click()
    dialog.confirm_box.button(QMessageBox.StandardButton.Yes).click()  # type: ignore[union-attr]
    assert issuers.trusted(vault, ISS) is None
    assert dialog.trusted_list.count() == 0
    assert not dialog.forget_button.isEnabled()
    assert any(e["action"] == "issuer.forget" for e in vault.audit_entries())


def test_dialog_in_korean(qtbot: QtBot, vault: Vault, tmp_path: Path) -> None:
    import re

    from wallet.ui import i18n

    path, _fp = _other_jwks(tmp_path, None)
    issuers.trust(vault, issuers.plan(vault, ISS, issuers.read_jwks_file(JWKS)))
    assert i18n.install("ko")
    try:
        dialog = IssuerKeysDialog(vault)
        qtbot.addWidget(dialog)
        dialog.set_file(path)
        dialog.issuer_edit.setText(ISS)
        shown = dialog.preview.toPlainText()
        data = [ISS, _fp, *(k.fingerprint for k in issuers.read_jwks_file(JWKS))]
        without_data = shown
        for value in data:
            without_data = without_data.replace(value, "")
        assert re.search("[가-힣]", without_data), shown
        assert not re.search("[A-Za-z]{3,}", without_data), shown
        listed = dialog.trusted_list.item(0).text()
        for value in data:
            listed = listed.replace(value, "")
        assert re.search("[가-힣]", listed) and not re.search("[A-Za-z]{3,}", listed), listed
        assert dialog.windowTitle() != "Trusted issuer keys"
    finally:
        i18n.install("en")

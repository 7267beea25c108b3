"""Tools > Trusted issuer keys...: the issuer and fingerprints are shown before anything is kept (issue 14)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtWidgets", reason="the desktop app needs PySide6")
pytest.importorskip("pytestqt", reason="the desktop app tests need pytest-qt")

from PySide6.QtGui import QAction
from ui_support import open_window

from wallet.imports import issuers
from wallet.ui.issuer_dialog import IssuerKeysDialog

pytestmark = pytest.mark.usefixtures("gui_env")

JWKS = Path(__file__).parent / "fixtures" / "shc" / "issuer" / "jwks.json"
ISS = "https://spec.smarthealth.cards/examples/issuer"
KID = "3Kfdg-XwP-7gXyywtUfUADwBumDOPKMQx-iELL11W9s"


@pytest.mark.slow
def test_menu_entry_shows_issuer_and_fingerprints_then_trusts(qtbot, vault, vault_dir):
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


def test_other_keys_for_a_trusted_issuer_say_what_goes(qtbot, vault, tmp_path):
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


def test_a_bad_key_file_is_one_line_and_nothing_can_be_trusted(qtbot, vault, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{}")
    dialog = IssuerKeysDialog(vault)
    qtbot.addWidget(dialog)
    dialog.set_file(bad)
    dialog.issuer_edit.setText(ISS)
    assert dialog.preview.toPlainText() == f"{bad}: not a JWKS (a JSON object with a 'keys' list)"
    assert not dialog.trust_button.isEnabled()
    assert not dialog.trust()

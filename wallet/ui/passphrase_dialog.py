"""Settings > Change passphrase: the old one, the new one twice with its strength; the key work runs off the GUI thread.

Changing the passphrase rewraps the data key (:meth:`wallet.store.vault.Vault.change_passphrase`):
instant at any vault size, but checking the old passphrase and deriving the new key with Argon2id
take about a second each, so both run in :func:`wallet.ui.workers.run_task`.  The recovery key
stays valid.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from wallet.errors import WrongPassphrase
from wallet.store.keys import KdfParams
from wallet.store.passphrase import estimate
from wallet.store.vault import Vault
from wallet.ui.i18n import strength_label
from wallet.ui.passfield import PassphraseEdit, offer_generated, rule_text, strength_advice
from wallet.ui.workers import readable_error, run_task


def change_passphrase(vault: Vault, old: str, new: str, kdf: KdfParams | None = None) -> None:
    """Check ``old`` against the key file (WrongPassphrase if it is not the passphrase), then rewrap under ``new``."""
    vault.keyfile.unlock(old)
    vault.change_passphrase(new, kdf)


class ChangePassphraseDialog(QDialog):
    """Old passphrase, new passphrase twice, strength as typed; OK is enabled only for an acceptable new one."""

    def __init__(self, vault: Vault, parent: QWidget | None = None, kdf: KdfParams | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.kdf = kdf
        self.busy = False
        self.done_ok = False
        self.setWindowTitle(self.tr("Change passphrase"))
        self.setMinimumWidth(520)  # the rule and the strength advice wrap over a few lines, not a dozen
        layout = QVBoxLayout(self)
        rule = QLabel(rule_text())
        rule.setWordWrap(True)
        layout.addWidget(rule)
        form = QFormLayout()
        self.old = PassphraseEdit()
        self.old.setAccessibleName(self.tr("Current passphrase"))
        self.new = PassphraseEdit()
        self.new.setAccessibleName(self.tr("New passphrase"))
        self.confirm = PassphraseEdit()
        self.confirm.setAccessibleName(self.tr("Confirm the new passphrase"))
        form.addRow(self.tr("C&urrent passphrase:"), self.old)
        form.addRow("", self.old.caps_label)
        form.addRow(self.tr("&New passphrase:"), self.new)
        form.addRow("", self.new.caps_label)
        form.addRow(self.tr("&Confirm:"), self.confirm)
        form.addRow("", self.confirm.caps_label)
        self.meter = QProgressBar()
        self.meter.setRange(0, 4)
        self.meter.setTextVisible(True)
        self.meter.setAccessibleName(self.tr("Passphrase strength"))
        form.addRow(self.tr("Strength:"), self.meter)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        form.addRow("", self.hint)
        self.generate_button = QPushButton(self.tr("&Generate..."))
        self.generate_button.setAccessibleName(self.tr("Generate a passphrase"))
        self.generate_button.clicked.connect(lambda: offer_generated(self, self.new, self.confirm))
        form.addRow("", self.generate_button)
        layout.addLayout(form)
        self.busy_bar = QProgressBar()
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setVisible(False)
        self.busy_bar.setAccessibleName(self.tr("Changing the passphrase"))
        layout.addWidget(self.busy_bar)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName(self.tr("Passphrase change status"))
        layout.addWidget(self.status)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("C&hange"))
        self.buttons.accepted.connect(self.apply)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        for field in (self.old, self.new, self.confirm):
            field.textChanged.connect(self._changed)
        self._changed()

    def _changed(self) -> None:
        s = estimate(self.new.text())
        self.meter.setValue(s.score)
        self.meter.setFormat(strength_label(s.score))
        advice = strength_advice(s) if self.new.text() else ""
        if self.confirm.text() and self.confirm.text() != self.new.text():
            advice = (advice + " " + self.tr("The two new passphrases differ.")).strip()
        self.hint.setText(advice)
        self.ok_button.setEnabled(self.ready())

    def ready(self) -> bool:
        """Whether the fields allow a change: an old passphrase, an acceptable new one typed the same twice."""
        new = self.new.text()
        return (
            not self.busy
            and bool(self.old.text())
            and new == self.confirm.text()
            and new != self.old.text()
            and estimate(new).acceptable
        )

    def apply(self) -> None:
        """Check the old passphrase and rewrap the key under the new one, off the GUI thread."""
        if not self.ready():
            return
        self._set_busy(True)
        self.status.setText(self.tr("Changing the passphrase... (this takes a moment)"))
        run_task(
            change_passphrase,
            self.vault,
            self.old.text(),
            self.new.text(),
            self.kdf,
            on_done=self._done,
            on_error=self._failed,
        )

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.busy_bar.setVisible(busy)
        for w in (self.old, self.new, self.confirm, self.generate_button):
            w.setEnabled(not busy)
        self.ok_button.setEnabled(self.ready())

    def _done(self, _result: object) -> None:
        self._set_busy(False)
        self.done_ok = True
        for field in (self.old, self.new, self.confirm):
            field.clear()
        self.status.setText(self.tr("The passphrase is changed. The recovery key still works."))
        super().accept()

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        if isinstance(exc, WrongPassphrase):
            self.status.setText(self.tr("The current passphrase is wrong."))
            self.old.selectAll()
            self.old.setFocus()
        else:
            self.status.setText(
                self.tr("The passphrase could not be changed: {error}").format(error=readable_error(exc))
            )

    @override
    def reject(self) -> None:
        if not self.busy:
            super().reject()

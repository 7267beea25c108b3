"""Tools > Trusted issuer keys...: trust an issuer's key file, see and forget trusted issuers (issue 14).

A SMART Health Card is verified in later imports only by keys you trusted here: the dialog
shows the issuer and each key's fingerprint (and, for an issuer you already trust, which
keys would come and go) before anything is kept.  "Trust" is never the default button.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from wallet.errors import WalletError
from wallet.imports import issuers

if TYPE_CHECKING:
    from wallet.store.vault import Vault
    from wallet.ui.main_window import MainWindow


class IssuerKeysDialog(QDialog):
    """Shows the issuer keys trusted for SMART Health Cards and adds or forgets them, with what changes shown first."""

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.path: Path | None = None
        self.keys: list[issuers.IssuerKey] = []
        self.change: issuers.TrustChange | None = None
        self.setWindowTitle(self.tr("Trusted issuer keys"))
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "SMART Health Cards are verified in later imports only with keys you trust here. "
                "A key file given with one import verifies that import only."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.trusted_list = QListWidget()
        self.trusted_list.setAccessibleName(self.tr("Trusted issuers"))
        layout.addWidget(self.trusted_list)
        self.forget_button = QPushButton(self.tr("Forget the selected issuer"))
        self.forget_button.clicked.connect(self.ask_forget)
        layout.addWidget(self.forget_button)

        form = QFormLayout()
        row = QHBoxLayout()
        self.file_label = QLabel(self.tr("no key file chosen"))
        choose = QPushButton(self.tr("Choose key file..."))
        choose.clicked.connect(self._choose_file)
        row.addWidget(self.file_label, 1)
        row.addWidget(choose)
        form.addRow(self.tr("Issuer's keys (JWKS):"), row)
        self.issuer_edit = QLineEdit()
        self.issuer_edit.setPlaceholderText("https://")
        self.issuer_edit.setAccessibleName(self.tr("Issuer URL"))
        self.issuer_edit.textChanged.connect(self._update_preview)
        form.addRow(self.tr("Issuer URL (as its cards name it):"), self.issuer_edit)
        layout.addLayout(form)
        self.preview = QPlainTextEdit()
        self.preview.setReadOnly(True)
        self.preview.setAccessibleName(self.tr("Issuer and key fingerprints"))
        layout.addWidget(self.preview)
        self.buttons = QDialogButtonBox()
        self.trust_button = self.buttons.addButton(self.tr("Trust these keys"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.trust_button.setAutoDefault(False)
        self.trust_button.setEnabled(False)
        close = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setDefault(True)
        self.trust_button.clicked.connect(self.trust)
        close.clicked.connect(self.reject)
        layout.addWidget(self.buttons)
        self.last_message = ""
        self.confirm_box: QMessageBox | None = None
        self.refresh()

    # ------------------------------------------------------------------ state
    def refresh(self) -> None:
        """List the trusted issuers again with their key fingerprints."""
        self.trusted_list.clear()
        for item in issuers.all_trusted(self.vault):
            lines = [item.iss, self.tr("  trusted since {when}").format(when=self._when(item.trusted_at))]
            lines += [self.tr("  key {key}").format(key=self.key_text(k)) for k in item.keys]
            lines += [
                self.tr("  {crl}, kept {when}").format(crl=self.crl_text(c), when=self._when(c.kept_at))
                for c in item.crls.values()
            ]
            self.trusted_list.addItem("\n".join(lines))
            self.trusted_list.item(self.trusted_list.count() - 1).setData(Qt.ItemDataRole.UserRole, item.iss)
        if self.trusted_list.count() and self.trusted_list.currentItem() is None:
            self.trusted_list.setCurrentRow(0)
        self.forget_button.setEnabled(self.trusted_list.count() > 0)
        self._update_preview()

    def _when(self, stamp: str) -> str:
        return stamp.replace("T", " ") if stamp else self.tr("at an unknown time")

    def key_text(self, key: issuers.IssuerKey) -> str:
        """A key as shown: its fingerprint, and its key id when that differs."""
        if key.kid is None:
            return self.tr("{fingerprint} (no key id)").format(fingerprint=key.fingerprint)
        if key.kid == key.fingerprint:
            return key.fingerprint
        return self.tr("{fingerprint} (key id {kid})").format(fingerprint=key.fingerprint, kid=key.kid)

    def crl_text(self, crl: issuers.RevocationList) -> str:
        """A kept revocation list as shown: its key id, version counter and size."""
        if crl.ctr is None:
            return self.tr("revocation list for key {kid} (no ctr, {n} revoked id(s))").format(
                kid=crl.kid, n=len(crl.rids)
            )
        return self.tr("revocation list for key {kid} (ctr {ctr}, {n} revoked id(s))").format(
            kid=crl.kid, ctr=crl.ctr, n=len(crl.rids)
        )

    def change_lines(self, change: issuers.TrustChange) -> list[str]:
        """What the person is asked to confirm, one line each (the CLI's lines, translated)."""
        out = [self.tr("Issuer: {issuer}").format(issuer=change.iss)]
        if change.previous is None:
            out.append(self.tr("You do not trust any key of this issuer yet."))
        elif change.unchanged:
            out.append(self.tr("You already trust exactly these keys for this issuer."))
        elif not change.added and not change.removed:
            out.append(self.tr("You already trust these keys for this issuer."))
        else:
            out.append(self.tr("You already trust other keys for this issuer:"))
            out += [self.tr("  trusted now:  {key}").format(key=self.key_text(k)) for k in change.previous.keys]
        for k in change.keys:
            line = self.tr("  new key:      {key}") if k in change.added else self.tr("  kept:         {key}")
            out.append(line.format(key=self.key_text(k)))
        out += [self.tr("  no longer:    {key}").format(key=self.key_text(k)) for k in change.removed]
        before = change.previous.crls if change.previous else {}
        after = change.crls
        out += [self.tr("  kept:         {key}").format(key=self.crl_text(c)) for c in after.values()]
        dropped = [c for kid, c in before.items() if kid not in after]
        out += [self.tr("  drop:         {key}").format(key=self.crl_text(c)) for c in dropped]
        out.append(self.tr("Compare the fingerprints with what the issuer publishes before you trust them."))
        return out

    def set_file(self, path: Path) -> None:
        """Read the keys in ``path`` to trust; an unreadable file leaves no keys and a message."""
        self.path = path
        self.file_label.setText(path.name)
        try:
            self.keys = issuers.read_jwks_file(path)
            self.last_message = ""
        except WalletError as exc:
            self.keys = []
            self.last_message = str(exc)
        self._update_preview()

    def _choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Issuer's key file (JWKS)"), "", self.tr("JSON Web Key Sets (*.json *.jwks);;All files (*)")
        )
        if path:
            self.set_file(Path(path))

    def _update_preview(self) -> None:
        self.change = None
        iss = self.issuer_edit.text().strip()
        if self.last_message:
            self.preview.setPlainText(self.last_message)
        elif not self.keys:
            self.preview.setPlainText(self.tr("Choose the issuer's key file and give its URL."))
        elif not iss:
            self.preview.setPlainText(self.tr("Give the issuer's URL, exactly as its cards name it."))
        else:
            try:
                self.change = issuers.plan(self.vault, iss, self.keys)
            except WalletError as exc:
                self.preview.setPlainText(str(exc))
            else:
                self.preview.setPlainText("\n".join(self.change_lines(self.change)))
        ok = self.change is not None and not self.change.unchanged
        self.trust_button.setEnabled(ok)
        if ok and self.change is not None and self.change.previous is not None:
            self.trust_button.setText(self.tr("Replace the trusted keys"))
        else:
            self.trust_button.setText(self.tr("Trust these keys"))

    # ------------------------------------------------------------------ acts
    def trust(self) -> bool:
        """Keep the shown keys (the person pressed the button that says so)."""
        if self.change is None or self.change.unchanged:
            return False
        try:
            issuers.trust(self.vault, self.change)
        except WalletError as exc:
            self.last_message = str(exc)
            QMessageBox.warning(self, self.tr("Not trusted"), str(exc))
            return False
        self.last_message = ""
        self.refresh()
        return True

    def ask_forget(self) -> QMessageBox | None:
        """Ask before forgetting the selected issuer (None when none is selected)."""
        item = self.trusted_list.currentItem()
        if item is None:
            return None
        iss = str(item.data(Qt.ItemDataRole.UserRole))
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Forget the issuer"),
            self.tr(
                "Stop trusting the keys of {issuer}? Its cards are no longer verified in later imports "
                "(cards already imported stay as they are)."
            ).format(issuer=iss),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.button(QMessageBox.StandardButton.Yes).clicked.connect(lambda: self.forget(iss))
        box.open()
        self.confirm_box = box
        return box

    def forget(self, iss: str) -> None:
        """Stop trusting the issuer ``iss``: its cards are no longer verified in later imports."""
        issuers.forget(self.vault, iss)
        self.refresh()


def open_issuer_dialog(main_window: MainWindow) -> IssuerKeysDialog | None:
    """Open the dialog (non-modal) for the window's vault (None while it is locked)."""
    if main_window.vault is None:
        return None
    dialog = IssuerKeysDialog(main_window.vault, main_window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    main_window.issuer_dialog = dialog
    return dialog

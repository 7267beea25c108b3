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
        self.forget_button.clicked.connect(self._forget_selected)
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
        self.refresh()

    # ------------------------------------------------------------------ state
    def refresh(self) -> None:
        """List the trusted issuers again with their key fingerprints."""
        self.trusted_list.clear()
        for item in issuers.all_trusted(self.vault):
            fps = ", ".join(k.fingerprint for k in item.keys)
            crls = "".join(f"  —  {c.describe()}, kept {c.kept_at}" for c in item.crls.values())
            self.trusted_list.addItem(f"{item.iss}  —  {fps}{crls}")
            self.trusted_list.item(self.trusted_list.count() - 1).setData(Qt.ItemDataRole.UserRole, item.iss)
        self.forget_button.setEnabled(self.trusted_list.count() > 0)
        self._update_preview()

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
                self.preview.setPlainText("\n".join(self.change.lines()))
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

    def _forget_selected(self) -> None:
        item = self.trusted_list.currentItem()
        if item is None:
            return
        self.forget(str(item.data(Qt.ItemDataRole.UserRole)))

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

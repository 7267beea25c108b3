"""Verify...: check a share bundle (or a withdrawal notice) without a vault.

Shows every check by name (container, key, signature, each file's hash,
missing or extra files, consent receipt, expiry), what the bundle claims, and
what a self-signed bundle does and does not prove.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from wallet.features.share.verify import VerifyResult, verify_file
from wallet.ui.hints import advice
from wallet.ui.workers import run_task, show_error, with_reader

if TYPE_CHECKING:
    from wallet.store.vault import Vault
    from wallet.ui.main_window import MainWindow


class VerifyDialog(QDialog):
    """Checks a share bundle's signature and contents and says whose key signed it."""

    def __init__(self, parent: QWidget | None = None, known: Mapping[str, str] | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Verify a share bundle"))
        self.verify_result: VerifyResult | None = None
        self.known: dict[str, str] = dict(known or {})
        """Key fingerprints you know (the vault's own key, remembered holders and recipients)."""
        self.private_key: dict[str, Any] | None = None
        self._verifying: Path | None = None
        self._loading_keys = False
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.choose_button = choose = QPushButton(self.tr("Choose bundle..."))
        choose.clicked.connect(self._choose_bundle)
        key = QPushButton(self.tr("Recipient's private key..."))
        key.setToolTip(self.tr("Needed only for a bundle encrypted for you"))
        key.clicked.connect(self._choose_key)
        self.key_label = QLabel(self.tr("no private key"))
        row.addWidget(choose)
        row.addWidget(key)
        row.addWidget(self.key_label, 1)
        layout.addLayout(row)
        self.verdict = QLabel(self.tr("Choose a bundle to verify."))
        self.verdict.setWordWrap(True)
        self.verdict.setStyleSheet("font-size: 14pt; font-weight: bold;")
        layout.addWidget(self.verdict)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels([self.tr("Check"), self.tr("Result"), self.tr("Details")])
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        layout.addWidget(self.table, 2)
        self.claims = QLabel()
        self.claims.setWordWrap(True)
        self.claims.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.claims, 1)
        note = QLabel(
            self.tr(
                "A valid signature proves that the bundle is unchanged since it was made, and that it was made by "
                "whoever holds the key with this fingerprint. It does not prove that the data is true, nor who that "
                "person is in the real world: compare the key fingerprint with one you got from the holder in person "
                "or over another channel you trust."
            )
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.accept)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignRight)
        self.resize(760, 560)

    def load_known_keys(self, vault: Vault) -> None:
        """Read the keys ``vault`` knows (:func:`known_keys`) in the background; bundles can be chosen after."""
        from wallet.features.share.holders import known_keys

        self._loading_keys = True
        self.choose_button.setEnabled(False)
        run_task(with_reader(vault, known_keys), on_done=self._keys_loaded, on_error=self._keys_failed)

    def _keys_loaded(self, known: dict[str, str]) -> None:
        self.known.update(known)
        self._keys_done()

    def _keys_failed(self, exc: BaseException) -> None:
        self._keys_done()
        show_error(self, exc)

    def _keys_done(self) -> None:
        self._loading_keys = False
        self.choose_button.setEnabled(True)

    def _choose_bundle(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Share bundle"), "", self.tr("Share bundles (*.zip *.jwe *.json);;All files (*)")
        )
        if path:
            self.verify_path(Path(path))

    def _choose_key(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Your private key (JWK)"), "", self.tr("JSON Web Key (*.json *.jwk);;All files (*)")
        )
        if not path:
            return
        from wallet.errors import WalletError
        from wallet.imports.inputs import read_jwk_file

        try:  # the CLI's reading of verify --key: a regular file holding one private P-256 key
            self.set_private_key(read_jwk_file(path, private=True, name=Path(path).name))
        except (OSError, ValueError, WalletError) as exc:
            self.key_label.setText(self.tr("cannot read the key: {0}").format(exc))

    def set_private_key(self, jwk: dict[str, Any] | None) -> None:
        """Use ``jwk`` to open encrypted bundles, or none when None."""
        self.private_key = jwk
        self.key_label.setText(self.tr("private key loaded") if jwk else self.tr("no private key"))

    def verify_path(self, path: Path) -> VerifyResult | None:
        """Verify ``path`` in the background (reading, decrypting and hashing a large bundle takes a while).

        The result shows when it is ready; it is returned if ready by the time this returns
        (always when tests run tasks inline), else None.
        """
        self.verify_result = None
        self.choose_button.setEnabled(False)
        self.verdict.setText(self.tr("Verifying {0}...").format(path.name))
        self.verdict.setStyleSheet("font-size: 14pt; font-weight: bold;")
        self.table.setRowCount(0)
        self.claims.clear()
        decrypt_key, known = self.private_key, dict(self.known)
        self._verifying = path
        run_task(
            lambda: (path, verify_file(path, decrypt_key=decrypt_key, known=known)),
            on_done=self._verified,
            on_error=self._verify_failed,
        )
        return self.verify_result

    def _verify_failed(self, exc: BaseException) -> None:
        self.choose_button.setEnabled(not self._loading_keys)
        self.verdict.setText(self.tr("Could not verify the bundle."))
        show_error(self, exc)

    def _verified(self, outcome: tuple[Path, VerifyResult]) -> None:
        path, result = outcome
        self.choose_button.setEnabled(not self._loading_keys)
        if path != self._verifying:
            return  # another bundle was chosen meanwhile
        self.verify_result = result
        self.table.setRowCount(len(result.checks))
        bad = QBrush(QColor("#b00020"))
        for row, check in enumerate(result.checks):
            words = advice(check.hint) if check.hint else ""
            items = [
                QTableWidgetItem(check.item),
                QTableWidgetItem(self.tr("ok") if check.ok else self.tr("FAILED")),
                QTableWidgetItem(f"{check.message}. {words}" if words else check.message),
            ]
            for col, item in enumerate(items):
                if not check.ok:
                    item.setForeground(bad)
                self.table.setItem(row, col, item)
        if result.trusted:
            self.verdict.setText(self.tr("Verified: {0}, signed by {1}").format(path.name, result.known_as or ""))
            self.verdict.setStyleSheet("font-size: 14pt; font-weight: bold; color: #1b5e20;")
        elif result.ok:
            self.verdict.setText(
                self.tr(
                    "Signature valid, but signed by an unknown key {0}: not checked against anyone you know ({1})"
                ).format(result.signer or "", path.name)
            )
            self.verdict.setStyleSheet("font-size: 14pt; font-weight: bold; color: #8a4b00;")
        else:
            failed = ", ".join(c.item for c in result.failures)
            self.verdict.setText(self.tr("NOT verified: {0} (failed: {1})").format(path.name, failed))
            self.verdict.setStyleSheet("font-size: 14pt; font-weight: bold; color: #b00020;")
        claims = "<br>".join(f"<b>{k}:</b> {_esc(v)}" for k, v in result.claims.items())
        self.claims.setText(
            self.tr("What it claims (signed, not checked against the real world):") + "<br>" + claims if claims else ""
        )


def _esc(value: Any) -> str:
    import html

    return html.escape(str(value))


def open_verify_dialog(parent: MainWindow | None = None, known: Mapping[str, str] | None = None) -> VerifyDialog:
    """Open the dialog; without ``known``, the keys known to the parent window's open vault are used."""
    dialog = VerifyDialog(parent, known)
    if known is None:
        vault = parent.vault if parent is not None else None
        if vault is not None:
            dialog.load_known_keys(vault)
    dialog.open()
    return dialog

"""Settings and the audit log view."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)
from typing_extensions import override

from wallet.errors import KeyringUnavailable
from wallet.ui.i18n import settings
from wallet.ui.safety import DEFAULT_AUTOLOCK_MINUTES
from wallet.ui.workers import readable_error, run_task, with_reader

if TYPE_CHECKING:
    from wallet.store.vault import Vault
    from wallet.ui.main_window import MainWindow


def autolock_minutes() -> int:
    """Minutes of inactivity before the vault locks itself (0: never); a broken setting falls back to the default."""
    value = settings().value("autolock_minutes", DEFAULT_AUTOLOCK_MINUTES)
    try:
        return max(0, int(str(value)))
    except (TypeError, ValueError):
        return DEFAULT_AUTOLOCK_MINUTES


class SettingsDialog(QDialog):
    """Auto-lock minutes, language, and the remembered key.  Stored with QSettings (no personal data)."""

    def __init__(self, main_window: MainWindow) -> None:
        super().__init__(main_window)
        self.main_window = main_window
        self.setWindowTitle(self.tr("Settings"))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.autolock = QSpinBox()
        self.autolock.setRange(0, 240)
        self.autolock.setSuffix(self.tr(" min"))
        self.autolock.setSpecialValueText(self.tr("Never"))
        self.autolock.setValue(autolock_minutes())
        self.autolock.setAccessibleName(self.tr("Lock after minutes of inactivity"))
        form.addRow(self.tr("&Lock when idle for:"), self.autolock)
        self.language = QComboBox()
        self.language.setAccessibleName(self.tr("Language"))
        self.language.addItem(self.tr("System default"), "system")
        self.language.addItem("English", "en")
        self.language.addItem("한국어", "ko")
        current = str(settings().value("language", "system"))
        self.language.setCurrentIndex(max(0, self.language.findData(current)))
        form.addRow(self.tr("Lan&guage:"), self.language)
        layout.addLayout(form)

        row = QHBoxLayout()
        self.forget_button = QPushButton(self.tr("&Forget the remembered key"))
        self.forget_button.setAccessibleName(self.tr("Forget the key remembered on this computer"))
        self.forget_button.clicked.connect(self.forget)
        self.remember_button = QPushButton(self.tr("&Remember on this computer"))
        self.remember_button.setAccessibleName(self.tr("Remember on this computer"))
        self.remember_button.clicked.connect(self.remember)
        row.addWidget(self.remember_button)
        row.addWidget(self.forget_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.key_status = QLabel()
        self.key_status.setWordWrap(True)
        layout.addWidget(self.key_status)
        self._update_key_buttons()

        # the passphrase and the recovery key (wallet.ui.passphrase_dialog)
        row = QHBoxLayout()
        self.passphrase_button = QPushButton(self.tr("Change &passphrase..."))
        self.passphrase_button.setAccessibleName(self.tr("Change the vault passphrase"))
        self.passphrase_button.clicked.connect(self.change_passphrase)
        self.passphrase_button.setEnabled(main_window.vault is not None and not main_window.vault.read_only)
        row.addWidget(self.passphrase_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.passphrase_status = QLabel()
        self.passphrase_status.setWordWrap(True)
        layout.addWidget(self.passphrase_status)
        self.recovery_status = QLabel(self._recovery_text())
        self.recovery_status.setWordWrap(True)
        self.recovery_status.setAccessibleName(self.tr("Recovery key status"))
        layout.addWidget(self.recovery_status)

        # Settings > Backup: targets, the schedule, versions, restore, verify (wallet.ui.backup_dialog)
        row = QHBoxLayout()
        self.backup_button = QPushButton(self.tr("&Backup..."))
        self.backup_button.setAccessibleName(self.tr("Backup targets, schedule and restore"))
        self.backup_button.clicked.connect(self.open_backup)
        self.backup_button.setEnabled(main_window.vault is not None)
        row.addWidget(self.backup_button)
        row.addStretch(1)
        layout.addLayout(row)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _update_key_buttons(self) -> None:
        vault = self.main_window.vault
        remembered = bool(vault is not None and vault.keyfile.remembered)
        self.forget_button.setEnabled(vault is not None and remembered)
        self.remember_button.setEnabled(vault is not None and not remembered)
        if vault is None:
            self.key_status.setText("")
        elif remembered:
            self.key_status.setText(self.tr("The key is remembered on this computer: the vault opens without typing."))
        else:
            self.key_status.setText(self.tr("The key is not remembered: the passphrase is asked each time."))

    def _recovery_text(self) -> str:
        vault = self.main_window.vault
        if vault is None:
            return ""
        if not vault.keyfile.recovery_wrap:
            return self.tr("Recovery key: none. If the passphrase is forgotten, the vault cannot be opened.")
        return self.tr(
            "Recovery key: set. It was shown once, when the vault was created, and cannot be shown again; "
            "it keeps working after a passphrase change. Keep it away from this computer."
        )

    def open_backup(self) -> QDialog | None:
        """Settings > Backup: the same dialog as Tools > Backup..."""
        from wallet.ui.backup_dialog import open_backup_dialog

        self.backup_dialog = open_backup_dialog(self.main_window, parent=self)
        return self.backup_dialog

    def change_passphrase(self) -> None:
        """Open the passphrase change (old, new twice, strength); the key work runs off the GUI thread."""
        from wallet.ui.passphrase_dialog import ChangePassphraseDialog

        vault = self.main_window.vault
        if vault is None:
            return
        self.passphrase_dialog = ChangePassphraseDialog(vault, self, kdf=self.main_window.kdf)
        self.passphrase_dialog.accepted.connect(
            lambda: self.passphrase_status.setText(
                self.tr("The passphrase is changed. Use the new one from now on; the recovery key still works.")
            )
        )
        self.passphrase_dialog.open()

    def _set_remembered(self, on: bool) -> None:
        vault = self.main_window.vault
        if vault is None:
            return
        self.forget_button.setEnabled(False)
        self.remember_button.setEnabled(False)
        self.key_status.setText(self.tr("Asking the system keyring..."))
        run_task(vault.set_remembered, on, on_done=self._key_done, on_error=self._key_failed)

    def forget(self) -> None:
        """Remove the vault key from the system keyring, so the passphrase is asked again."""
        self._set_remembered(False)

    def remember(self) -> None:
        """Keep the vault key in the system keyring, so the vault opens without the passphrase."""
        self._set_remembered(True)

    def _key_done(self, _result: object) -> None:
        self._update_key_buttons()

    def _key_failed(self, exc: BaseException) -> None:
        self._update_key_buttons()
        if isinstance(exc, KeyringUnavailable):
            self.key_status.setText(self.tr("The system keyring is not available: {error}").format(error=str(exc)))
        else:
            self.key_status.setText(readable_error(exc))

    @override
    def accept(self) -> None:
        s = settings()
        s.setValue("autolock_minutes", self.autolock.value())
        old_language = str(s.value("language", "system"))
        new_language = str(self.language.currentData())
        s.setValue("language", new_language)
        s.sync()
        super().accept()
        self.main_window.settings_changed(language_changed=old_language != new_language)


class AuditDialog(QDialog):
    """The hash-chained audit log, newest first, with the result of checking the chain."""

    LIMIT = 2000

    def __init__(self, main_window: MainWindow) -> None:
        super().__init__(main_window)
        self.setWindowTitle(self.tr("Audit log"))
        self.resize(820, 520)
        layout = QVBoxLayout(self)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName(self.tr("Audit chain status"))
        layout.addWidget(self.status)
        self.table = QTableWidget(0, 4)
        self.table.setAccessibleName(self.tr("Audit log entries"))
        self.table.setHorizontalHeaderLabels([self.tr("#"), self.tr("Time"), self.tr("Action"), self.tr("Details")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.problems: list[str] | None = None
        """What is wrong with the chain (empty when intact); None until the check has run."""
        vault = main_window.vault
        if vault is None:
            return
        self.status.setText(self.tr("Checking the audit log..."))
        limit = self.LIMIT

        def read(reader: Vault) -> tuple[list[dict[str, Any]], list[str], int]:
            """The newest entries and the check of the whole hash chain: a long read on a large log."""
            return reader.audit_entries(limit=limit), reader.audit_problems(), reader.audit_count()

        run_task(with_reader(vault, read), on_done=self._loaded, on_error=self._failed)

    def _loaded(self, outcome: tuple[list[dict[str, Any]], list[str], int]) -> None:
        rows, self.problems, count = outcome
        self.table.setRowCount(len(rows))
        for i, e in enumerate(rows):
            when = e["time"][:19].replace("T", " ")
            detail = json.dumps(e["detail"], ensure_ascii=False)
            for col, value in enumerate((str(e["seq"]), when, e["action"], detail)):
                item = QTableWidgetItem(value)
                if col == 0:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(i, col, item)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        if self.problems:
            self.status.setText(self.tr("The chain is broken:") + "\n" + "\n".join(self.problems))
        else:
            text = self.tr("Chain intact: {n} entries, none altered or removed.").format(n=count)
            self.status.setText(text)

    def _failed(self, exc: BaseException) -> None:
        self.status.setText(self.tr("The audit log could not be read: {error}").format(error=readable_error(exc)))

"""Getting in: the create-vault wizard (first run) and the unlock screen (later runs).

Key derivation (Argon2id, about a second) and the OS keyring (may block for up
to 5 s) always run off the GUI thread.
"""

from __future__ import annotations

import html
import math
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont, QFontDatabase, QTextDocument
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)
from typing_extensions import override

from wallet.errors import KeyringUnavailable, WrongPassphrase
from wallet.store import keystore, unlocks
from wallet.store.keys import KdfParams
from wallet.store.passphrase import estimate, unlock_delay
from wallet.store.vault import Vault
from wallet.ui import recent
from wallet.ui.i18n import strength_label
from wallet.ui.passfield import PassphraseEdit, offer_generated, rule_text, strength_advice
from wallet.ui.workers import readable_error, run_task

if TYPE_CHECKING:
    from wallet.ui.safety import ClipboardGuard


def _error_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    label.setForegroundRole(label.foregroundRole())
    return label


# ============================================================== create wizard
class PassphrasePage(QWizardPage):
    """The first step of a new vault: a passphrase typed twice, its strength shown as it is typed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Choose a passphrase"))
        self.setSubTitle(
            self.tr(
                "Your vault is encrypted with a key protected by this passphrase. "
                "Nobody, not even the makers of this program, can open it without the passphrase or the recovery key."
            )
        )
        form = QFormLayout(self)
        self.rule = QLabel(rule_text())
        self.rule.setWordWrap(True)
        form.addRow(self.rule)
        self.passphrase = PassphraseEdit()
        self.passphrase.setAccessibleName(self.tr("Passphrase"))
        self.confirm = PassphraseEdit()
        self.confirm.setAccessibleName(self.tr("Confirm passphrase"))
        self.generate_button = QPushButton(self.tr("&Generate..."))
        self.generate_button.setAccessibleName(self.tr("Generate a passphrase"))
        self.generate_button.clicked.connect(lambda: offer_generated(self, self.passphrase, self.confirm))
        self.meter = QProgressBar()
        self.meter.setRange(0, 4)
        self.meter.setTextVisible(True)
        self.meter.setAccessibleName(self.tr("Passphrase strength"))
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.match = QLabel()
        form.addRow(self.tr("&Passphrase:"), self.passphrase)
        form.addRow("", self.passphrase.caps_label)
        form.addRow(self.tr("&Confirm:"), self.confirm)
        form.addRow("", self.confirm.caps_label)
        form.addRow("", self.generate_button)
        form.addRow(self.tr("Strength:"), self.meter)
        form.addRow("", self.hint)
        form.addRow("", self.match)
        self.passphrase.textChanged.connect(self._changed)
        self.confirm.textChanged.connect(self._changed)
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("Create vault"))
        self._changed()

    def _changed(self) -> None:
        s = estimate(self.passphrase.text())
        self.meter.setValue(s.score)
        self.meter.setFormat(strength_label(s.score))
        self.hint.setText(strength_advice(s))
        if self.confirm.text() and self.confirm.text() != self.passphrase.text():
            self.match.setText(self.tr("The two passphrases differ."))
        else:
            self.match.setText("")
        self.completeChanged.emit()

    @override
    def isComplete(self) -> bool:
        text = self.passphrase.text()
        return bool(text) and text == self.confirm.text() and estimate(text).acceptable


class RecoveryPage(QWizardPage):
    """Creates the vault and shows its recovery key once; the person must say it is stored before going on."""

    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__(wizard)
        self.owner = wizard
        self.setTitle(self.tr("Your recovery key"))
        self.setSubTitle(
            self.tr(
                "If you forget the passphrase, this key is the only way into the vault. "
                "It is shown only now: save it or print it, and keep it somewhere safe, away from this computer."
            )
        )
        layout = QVBoxLayout(self)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setAccessibleName(self.tr("Creating the vault"))
        self.status = QLabel(self.tr("Creating your vault..."))
        self.key_label = QLabel()
        self.key_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.key_label.setAccessibleName(self.tr("Recovery key"))
        self.key_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        mono.setPointSizeF(mono.pointSizeF() * 1.3)
        mono.setWeight(QFont.Weight.Bold)
        self.key_label.setFont(mono)
        buttons = QHBoxLayout()
        self.save_button = QPushButton(self.tr("&Save to a file..."))
        self.save_button.setAccessibleName(self.tr("Save the recovery key to a file"))
        self.print_button = QPushButton(self.tr("&Print..."))
        self.print_button.setAccessibleName(self.tr("Print the recovery key"))
        self.copy_button = QPushButton(self.tr("&Copy"))
        self.copy_button.setAccessibleName(self.tr("Copy the recovery key"))
        self.copy_button.setToolTip(self.tr("Copy the recovery key; the clipboard is cleared after 30 seconds"))
        self.save_button.clicked.connect(self.save_key)
        self.print_button.clicked.connect(self.print_key)
        self.copy_button.clicked.connect(self.copy_key)
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.print_button)
        buttons.addStretch(1)
        self.stored = QCheckBox(self.tr("I have stored the recovery key somewhere safe"))
        self.stored.setAccessibleName(self.tr("I have stored the recovery key"))
        self.stored.toggled.connect(self.completeChanged)
        self.error = _error_label()
        layout.addWidget(self.status)
        layout.addWidget(self.busy)
        layout.addWidget(self.key_label)
        layout.addLayout(buttons)
        layout.addWidget(self.stored)
        layout.addWidget(self.error)
        layout.addStretch(1)
        self._set_ready(False)

    def _set_ready(self, ready: bool) -> None:
        self.busy.setVisible(not ready and not self.error.text())
        for w in (self.copy_button, self.save_button, self.print_button, self.stored):
            w.setEnabled(ready)

    @override
    def initializePage(self) -> None:
        if self.owner.vault is not None or self.owner.creating:
            return
        self.owner.creating = True
        self.error.setText("")
        self.status.setText(self.tr("Creating your vault... (this takes a moment)"))
        self._set_ready(False)
        run_task(
            Vault.create,
            self.owner.vault_dir,
            self.owner.passphrase_page.passphrase.text(),
            kdf=self.owner.kdf,
            on_done=self._created,
            on_error=self._failed,
        )

    def _created(self, result: object) -> None:
        assert isinstance(result, tuple)
        vault, recovery = result
        self.owner.creating = False
        self.owner.vault = vault
        self.owner.recovery_key = recovery
        self.owner.passphrase_page.passphrase.clear()
        self.owner.passphrase_page.confirm.clear()
        self.key_label.setText(recovery)
        self.status.setText(self.tr("Your vault is ready. Write down or save this recovery key:"))
        self._set_ready(True)
        self.completeChanged.emit()

    def _failed(self, exc: BaseException) -> None:
        self.owner.creating = False
        self.status.setText("")
        self.error.setText(self.tr("The vault could not be created: {error}").format(error=readable_error(exc)))
        self._set_ready(False)

    @override
    def isComplete(self) -> bool:
        return self.owner.vault is not None and self.stored.isChecked()

    def recovery_text(self) -> str:
        """The recovery key with the vault's path and a warning, as saved or printed."""
        return (
            self.tr("MyData Wallet recovery key")
            + "\n\n"
            + (self.owner.recovery_key or "")
            + "\n\n"
            + self.tr("Vault: {path}").format(path=str(self.owner.vault_dir))
            + "\n"
            + self.tr("Keep this safe. Anyone with this key and your vault files can read your vault.")
            + "\n"
        )

    def copy_key(self) -> None:
        """Copy the recovery key; the clipboard is cleared after 30 seconds if it still holds it."""
        key = self.owner.recovery_key
        if not key:
            return
        copy = getattr(self.window(), "copy_to_clipboard", None)  # the main window's guard outlives the wizard
        if callable(copy):
            copy(key)
        else:
            if self.owner.clipboard_guard is None:
                from wallet.ui.safety import ClipboardGuard

                self.owner.clipboard_guard = ClipboardGuard(self.owner)
            self.owner.clipboard_guard.copy(key)
        self.status.setText(self.tr("Copied. The clipboard will be cleared in 30 seconds."))

    def save_key(self) -> None:
        """Ask where to save the recovery key as a text file, then write it."""
        target, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save the recovery key"), str(Path.home() / "mydata-wallet-recovery-key.txt")
        )
        if target:
            self.write_key(Path(target))

    def write_key(self, target: Path) -> bool:
        """Write the recovery key to ``target``; False (after a message) when it could not be written."""
        try:
            from wallet.store.files import atomic_write

            atomic_write(target, self.recovery_text().encode("utf-8"))
        except OSError as exc:
            QMessageBox.warning(self, self.tr("Could not save"), readable_error(exc))
            return False
        self.status.setText(self.tr("Saved to {path}.").format(path=str(target)))
        return True

    def print_key(self) -> None:
        """Print the recovery key, in large monospace so that it can be typed back."""
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() != QPrintDialog.DialogCode.Accepted:
            return
        doc = QTextDocument()
        body = html.escape(self.recovery_text()).replace("\n", "<br>")
        key = html.escape(self.owner.recovery_key or "")
        doc.setHtml(f"<p>{body}</p><p style='font-family:monospace; font-size:18pt'><b>{key}</b></p>")
        doc.print_(printer)


class RememberPage(QWizardPage):
    """The optional last step: keep the vault key in the system keyring to unlock without typing."""

    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__(wizard)
        self.owner = wizard
        self.setTitle(self.tr("Unlock without typing? (optional)"))
        self.setSubTitle(
            self.tr(
                "The key can be kept in this computer's keyring (the system's password store), "
                "so the vault opens when you log in to this computer. Anyone using your computer account could "
                "then open it. You can change this later in Settings."
            )
        )
        layout = QVBoxLayout(self)
        self.remember = QCheckBox(self.tr("&Remember on this computer"))
        self.remember.setAccessibleName(self.tr("Remember on this computer"))
        self.remember.toggled.connect(self._toggled)
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout.addWidget(self.remember)
        layout.addWidget(self.status)
        layout.addStretch(1)
        self.busy = False

    def _toggled(self, on: bool) -> None:
        vault = self.owner.vault
        if vault is None or self.busy:
            return
        self.busy = True
        self.remember.setEnabled(False)
        self.status.setText(self.tr("Asking the system keyring..."))
        self.completeChanged.emit()
        run_task(vault.set_remembered, on, on_done=self._done, on_error=self._failed)

    def _done(self, _result: object) -> None:
        self.busy = False
        self.remember.setEnabled(True)
        on = self.remember.isChecked()
        self.status.setText(
            self.tr("The key is remembered on this computer.") if on else self.tr("The key is not remembered.")
        )
        self.completeChanged.emit()

    def _failed(self, exc: BaseException) -> None:
        self.busy = False
        self.remember.blockSignals(True)
        self.remember.setChecked(False)
        self.remember.blockSignals(False)
        self.remember.setEnabled(True)
        if isinstance(exc, KeyringUnavailable):
            self.status.setText(
                self.tr("Cannot remember the key: {error}. You will type the passphrase each time.").format(
                    error=str(exc)
                )
            )
        else:
            self.status.setText(self.tr("Cannot remember the key: {error}").format(error=readable_error(exc)))
        self.completeChanged.emit()

    @override
    def isComplete(self) -> bool:
        return not self.busy


class SetupWizard(QWizard):
    """First run: passphrase, recovery key, optional keyring.  Emits ``created(vault)``."""

    created = Signal(object)
    restore_requested = Signal()
    """Restore from backup... was pressed instead of creating a vault."""

    def __init__(self, vault_dir: Path, kdf: KdfParams | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault_dir = vault_dir
        self.kdf = kdf
        self.vault: Vault | None = None
        self.recovery_key: str | None = None
        self.creating = False
        self.clipboard_guard: ClipboardGuard | None = None  # only when the wizard runs outside the main window
        self.setWindowTitle(self.tr("Create your vault"))
        self.setAccessibleName(self.tr("Create your vault"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButton, True)
        # a new computer: the vault may come back from a backup instead of being created
        self.setOption(QWizard.WizardOption.HaveCustomButton1, True)
        self.setButtonText(QWizard.WizardButton.CustomButton1, self.tr("Restore from &backup..."))
        self.customButtonClicked.connect(self._custom_clicked)
        # only before a vault is made: once it exists (the recovery key page), restoring is no longer offered
        self.currentIdChanged.connect(
            lambda page: self.button(QWizard.WizardButton.CustomButton1).setVisible(page == self.startId())
        )
        self.passphrase_page = PassphrasePage(self)
        self.recovery_page = RecoveryPage(self)
        self.remember_page = RememberPage(self)
        self.addPage(self.passphrase_page)
        self.addPage(self.recovery_page)
        self.addPage(self.remember_page)
        self.accepted.connect(self._finish)

    def _custom_clicked(self, which: int) -> None:
        if which == int(QWizard.WizardButton.CustomButton1.value):
            self.restore_requested.emit()

    def _finish(self) -> None:
        self.recovery_key = None
        self.recovery_page.key_label.clear()
        if self.vault is not None:
            self.created.emit(self.vault)


# =============================================================== unlock page
class UnlockPage(QWidget):
    """Later runs: passphrase (or recovery key), errors inline, growing delay after failures.

    Failures are counted beside the key file (:mod:`wallet.store.unlocks`), so the delay also holds
    after failures in another window or in the CLI, and survives a restart.  After the next
    successful unlock the count (now in the audit log) is shown.  Emits ``unlocked(vault)``.
    """

    unlocked = Signal(object)
    switch_requested = Signal(object)
    """Another recent vault was chosen (its Path): the window shows that vault's unlock screen instead."""
    restore_requested = Signal()
    """Restore from backup... was pressed (the window opens the restore dialog)."""

    def __init__(self, vault_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault_dir = vault_dir
        self.failures = 0
        self.busy = False
        self.notice = ""
        """What was said after the last successful unlock (failed attempts before it, a read-only vault)."""
        self._wait_left = 0
        self._error_base = ""
        self._countdown = QTimer(self)
        self._countdown.setInterval(1000)
        self._countdown.timeout.connect(self._tick)

        outer = QVBoxLayout(self)
        outer.addStretch(1)
        box = QWidget()
        box.setMinimumWidth(440)
        box.setMaximumWidth(560)
        layout = QVBoxLayout(box)
        title = QLabel(self.tr("MyData Wallet is locked"))
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        title.setFont(font)
        layout.addWidget(title)
        where = QLabel(self.tr("Vault: {path}").format(path=str(vault_dir)))
        where.setWordWrap(True)
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(where)
        self.recent_box = QComboBox()
        self.recent_box.setAccessibleName(self.tr("Recent vaults"))
        self.recent_box.setToolTip(self.tr("Open another vault used on this computer"))
        self.recent_box.addItem(self.tr("Other recent vaults..."), "")
        for other in recent.recent_vaults():
            if other != vault_dir.resolve():
                self.recent_box.addItem(str(other), str(other))
        self.recent_box.setVisible(self.recent_box.count() > 1)
        self.recent_box.activated.connect(self._recent_chosen)
        layout.addWidget(self.recent_box)
        self.passphrase = PassphraseEdit()
        self.passphrase.setPlaceholderText(self.tr("Passphrase"))
        self.passphrase.setAccessibleName(self.tr("Passphrase"))
        self.passphrase.returnPressed.connect(self.attempt)
        layout.addWidget(self.passphrase)
        layout.addWidget(self.passphrase.caps_label)
        self.use_recovery = QCheckBox(self.tr("Use the &recovery key instead"))
        self.use_recovery.setAccessibleName(self.tr("Use the recovery key instead"))
        self.use_recovery.toggled.connect(self._mode_changed)
        layout.addWidget(self.use_recovery)
        row = QHBoxLayout()
        self.unlock_button = QPushButton(self.tr("&Unlock"))
        self.unlock_button.setAccessibleName(self.tr("Unlock"))
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self.attempt)
        row.addWidget(self.unlock_button)
        row.addStretch(1)
        self.restore_button = QPushButton(self.tr("Restore from &backup..."))
        self.restore_button.clicked.connect(self.restore_requested.emit)
        row.addWidget(self.restore_button)
        layout.addLayout(row)
        self.busy_bar = QProgressBar()
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setVisible(False)
        self.busy_bar.setAccessibleName(self.tr("Unlocking"))
        layout.addWidget(self.busy_bar)
        self.error = _error_label()
        self.error.setAccessibleName(self.tr("Unlock error"))
        layout.addWidget(self.error)
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        h = QHBoxLayout()
        h.addStretch(1)
        h.addWidget(box)
        h.addStretch(1)
        outer.addLayout(h)
        outer.addStretch(2)

    def _recent_chosen(self, index: int) -> None:
        target = str(self.recent_box.itemData(index) or "")
        if target and not self.busy:
            self.switch_requested.emit(Path(target))

    def _mode_changed(self, recovery: bool) -> None:
        self.passphrase.clear()
        self.passphrase.set_shown(recovery)
        self.passphrase.setPlaceholderText(self.tr("Recovery key") if recovery else self.tr("Passphrase"))

    def reset(self) -> None:
        """Clear the field and messages; a pause still due from earlier failed attempts is started again."""
        self.passphrase.clear()
        self.error.setText("")
        self.status.setText("")
        self.passphrase.setFocus()
        # failures counted before this screen opened (another window, the CLI) still ask for a pause
        recorded = unlocks.read(self.vault_dir)
        self.failures = max(self.failures, recorded.count)
        wait = math.ceil(unlocks.seconds_to_wait(self.vault_dir))
        if wait > 0:
            self._error_base = self.tr("{n} failed unlock attempts.").format(n=recorded.count)
            self._start_wait(wait)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.busy_bar.setVisible(busy)
        self.passphrase.setEnabled(not busy and self._wait_left == 0)
        self.unlock_button.setEnabled(not busy and self._wait_left == 0)

    # ------------------------------------------------------------ remembered
    def try_remembered(self) -> bool:
        """Unlock with the key remembered in the OS keyring, if so set up.  Returns whether it tried."""
        try:
            keyfile = Vault.read_keyfile(self.vault_dir)
        except Exception as exc:
            self.error.setText(readable_error(exc))
            return False
        if not keyfile.remembered or self.busy:
            return False
        self.status.setText(self.tr("Unlocking with the key remembered on this computer..."))
        self._set_busy(True)
        run_task(
            _open_remembered, self.vault_dir, keyfile.vault_id, on_done=self._opened, on_error=self._remembered_failed
        )
        return True

    def _remembered_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self.status.setText(
            self.tr("The remembered key could not be used ({error}). Type your passphrase.").format(
                error=readable_error(exc)
            )
        )
        self.passphrase.setFocus()

    # -------------------------------------------------------------- typed
    def attempt(self) -> None:
        """Try the typed passphrase or recovery key off the GUI thread, unless a pause after failures is running."""
        text = self.passphrase.text()
        if self.busy or self._wait_left > 0 or not text:
            return
        self.error.setText("")
        self.status.setText(self.tr("Unlocking..."))
        self._set_busy(True)
        if self.use_recovery.isChecked():
            run_task(Vault.open, self.vault_dir, recovery_key=text, on_done=self._opened, on_error=self._failed)
        else:
            run_task(Vault.open, self.vault_dir, text, on_done=self._opened, on_error=self._failed)

    def _opened(self, vault: Vault | None) -> None:
        if vault is None:
            self._remembered_failed(KeyringUnavailable("no key is stored in the keyring"))
            return
        self.failures = 0
        self._set_busy(False)
        self.passphrase.clear()
        self.status.setText("")
        window = self.window()
        self.notice = self._notice(vault)
        self.unlocked.emit(vault)
        show_info = getattr(window, "show_info", None)
        if self.notice and callable(show_info):
            show_info(self.tr("Unlocked"), self.notice)

    def _notice(self, vault: Vault) -> str:
        """What the person must hear about this unlock: earlier failed attempts, a read-only vault."""
        parts = []
        failed = getattr(vault, "failed_unlocks", None)
        if isinstance(failed, unlocks.FailedUnlocks) and failed.count:
            since = failed.first.strftime("%Y-%m-%d %H:%M") + " UTC" if failed.first else "?"
            parts.append(
                self.tr(
                    "There were {n} failed unlock attempts since {since} (recorded in the audit log). "
                    "If that was not you, someone tried to open your vault."
                ).format(n=failed.count, since=since)
            )
        if getattr(vault, "read_only", False):
            parts.append(
                self.tr(
                    "The vault is read-only (a read-only disk or folder): it can be read, but nothing can be "
                    "changed, and this opening is not recorded in the audit log."
                )
            )
        return "\n\n".join(parts)

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self.status.setText("")
        if isinstance(exc, WrongPassphrase):
            message = self.tr("Wrong recovery key.") if self.use_recovery.isChecked() else self.tr("Wrong passphrase.")
            if exc.failed_attempts:  # counted beside the key file: the pause is the same for every process
                self.failures = exc.failed_attempts
                delay = math.ceil(unlocks.seconds_to_wait(self.vault_dir))
            else:  # a vault that cannot be written counts nothing there: count in this window
                self.failures += 1
                delay = math.ceil(unlock_delay(self.failures))
            self._error_base = message
            if delay:
                self._start_wait(delay)
                message += " " + self.tr("Try again in {n} s.").format(n=delay)
            self.error.setText(message)
            self.passphrase.selectAll()
            self.passphrase.setFocus()
        else:
            self.error.setText(self.tr("The vault could not be opened: {error}").format(error=readable_error(exc)))

    def _start_wait(self, seconds: int) -> None:
        self._wait_left = seconds
        self._set_busy(False)
        self._countdown.start()
        self.error.setText(self._error_base + " " + self.tr("Try again in {n} s.").format(n=seconds))

    def _tick(self) -> None:
        self._wait_left = max(0, self._wait_left - 1)
        if self._wait_left == 0:
            self._countdown.stop()
            self.error.setText(self._error_base)
            self._set_busy(False)
            self.passphrase.setFocus()
        else:
            self.error.setText(self._error_base + " " + self.tr("Try again in {n} s.").format(n=self._wait_left))

    @property
    def waiting(self) -> int:
        """Seconds left before another unlock attempt is allowed (0: none)."""
        return self._wait_left


def _open_remembered(vault_dir: Path, vault_id: str) -> Vault | None:
    key = keystore.recall_data_key(vault_id)
    if key is None:
        return None
    return Vault.open(vault_dir, data_key=key)

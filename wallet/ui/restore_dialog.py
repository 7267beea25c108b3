"""File > Restore from backup...: bring a vault back from a backup target and open it.

On a new computer (or after a lost disk): describe the target (a folder, WebDAV, SFTP, S3), list
its versions with their times and counts, choose the folder to restore into (a vault already there
is replaced only when that is ticked, and never the vault open in this window), type the passphrase
or the recovery key, Restore.  The download, the unlock and the check run on a worker with progress
and Cancel; the restored vault then opens in the window.  Reached from the File menu (on the unlock
and create screens too), from Tools > Backup, and from the notice that a target holds a newer
backup of this vault made on another computer.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
)
from typing_extensions import override

from wallet.features import backup
from wallet.store.vault import Vault
from wallet.terms.clock import format_when
from wallet.ui import backup_jobs, workers
from wallet.ui.backup_dialog import ProgressRow
from wallet.ui.backup_targets import ConnectionTester, TargetForm, explain

if TYPE_CHECKING:
    from wallet.ui.main_window import MainWindow


def default_folder(window: MainWindow) -> Path:
    """Where to restore: the window's folder when it holds no vault, else a new folder beside it."""
    here = window.vault_dir
    if not Vault.exists(here):
        return here
    return here.parent / f"{here.name}-restored-{date.today().isoformat()}"


class RestoreDialog(QDialog):
    """Target, versions, folder, passphrase or recovery key, Restore; the restored vault opens in ``window``."""

    def __init__(self, window: MainWindow, target: backup.Target | None = None, version_id: str | None = None) -> None:
        super().__init__(window)
        self.window_ = window
        self.fixed_target = target
        self.wanted_version = version_id
        self.busy = False
        self.job: backup_jobs.Job | None = None
        self.report: backup.RestoreReport | None = None
        self.setWindowTitle(self.tr("Restore from backup"))
        self.resize(640, 640)
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "Bring your vault back from a backup: choose where the backups are, a version and a folder, "
                "then unlock it with your passphrase or recovery key."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.form = TargetForm(self, ask_name=False)
        self.form.setVisible(target is None)
        layout.addWidget(self.form)
        if target is not None:
            where = QLabel(self.tr("Backups on {target}").format(target=f"{target.name}: {target.describe()}"))
            where.setWordWrap(True)
            layout.addWidget(where)
        row = QHBoxLayout()
        self.test_button = QPushButton(self.tr("&Test connection"))
        self.test_button.setVisible(target is None)
        self.list_button = QPushButton(self.tr("&List versions"))
        self.list_button.clicked.connect(self.list_versions)
        row.addWidget(self.test_button)
        row.addWidget(self.list_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.versions = QListWidget()
        self.versions.setAccessibleName(self.tr("Backup versions"))
        self.versions.currentRowChanged.connect(lambda _r: self._ready())
        layout.addWidget(self.versions, 1)

        folder_row = QHBoxLayout()
        folder_row.addWidget(QLabel(self.tr("Restore into:")))
        self.folder = QLineEdit(str(default_folder(window)))
        self.folder.setAccessibleName(self.tr("Folder to restore into"))
        self.folder.textChanged.connect(lambda _t: self._ready())
        folder_row.addWidget(self.folder, 1)
        browse = QPushButton(self.tr("C&hoose..."))
        browse.clicked.connect(self._choose_folder)
        folder_row.addWidget(browse)
        layout.addLayout(folder_row)
        self.replace = QCheckBox(self.tr("Replace the vault in that folder (what it holds now is lost)"))
        self.replace.toggled.connect(lambda _on: self._ready())
        layout.addWidget(self.replace)
        self.folder_note = QLabel()
        self.folder_note.setWordWrap(True)
        self.folder_note.setAccessibleName(self.tr("About the folder"))
        layout.addWidget(self.folder_note)
        self.secret = QLineEdit()
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret.setPlaceholderText(self.tr("Passphrase"))
        self.secret.setAccessibleName(self.tr("Passphrase or recovery key"))
        self.secret.textChanged.connect(lambda _t: self._ready())
        layout.addWidget(self.secret)
        self.use_recovery = QCheckBox(self.tr("Use the &recovery key instead"))
        self.use_recovery.toggled.connect(self._mode_changed)
        layout.addWidget(self.use_recovery)
        self.progress = ProgressRow(self)
        layout.addWidget(self.progress)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status.setAccessibleName(self.tr("Restore status"))
        layout.addWidget(self.status)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.restore_button = box.addButton(self.tr("&Restore"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore_button.clicked.connect(self.restore)
        box.rejected.connect(self.reject)
        layout.addWidget(box)
        self.tester = ConnectionTester(self.form, self.test_button, self.status)
        self._ready()
        if target is not None:
            self.list_versions()

    # ------------------------------------------------------------------ fields
    def target(self) -> backup.Target:
        """The target the backups are on (BackupError when the fields are incomplete)."""
        return self.fixed_target if self.fixed_target is not None else self.form.target()

    def dest(self) -> Path:
        """The folder to restore into."""
        return Path(self.folder.text().strip()).expanduser()

    def _choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Restore into this folder"))
        if folder:
            self.folder.setText(folder)

    def _mode_changed(self, recovery: bool) -> None:
        self.secret.clear()
        self.secret.setEchoMode(QLineEdit.EchoMode.Normal if recovery else QLineEdit.EchoMode.Password)
        self.secret.setPlaceholderText(self.tr("Recovery key") if recovery else self.tr("Passphrase"))

    def _open_here(self) -> bool:
        """Whether the folder is the one of the vault open in the window."""
        window = self.window_
        return window.vault is not None and self.dest().resolve() == window.vault_dir.resolve()

    def _ready(self) -> None:
        folder = self.folder.text().strip()
        exists = bool(folder) and Vault.exists(self.dest())
        self.replace.setEnabled(exists and not self._open_here())
        problem = ""
        if self._open_here():
            problem = self.tr(
                "That is the folder of the vault open now: lock it first, or restore into another folder."
            )
        elif exists and not self.replace.isChecked():
            problem = self.tr("A vault is already in that folder: choose another folder, or tick Replace.")
        self.folder_note.setText(problem)
        self.folder_note.setVisible(bool(problem))
        self.restore_button.setEnabled(
            not self.busy
            and not problem
            and bool(folder)
            and bool(self.secret.text())
            and self.versions.currentRow() >= 0
        )

    # ---------------------------------------------------------------- versions
    def list_versions(self) -> None:
        """List the target's versions (time, counts), off the GUI thread."""
        try:
            target = self.target()
        except Exception as exc:
            self.status.setText(workers.readable_error(exc))
            return
        self.busy = True
        self.versions.clear()
        self.status.setText(self.tr("Reading the versions..."))
        self._ready()
        workers.run_task(backup.list_versions, target, on_done=self._listed, on_error=self._list_failed)

    def _listed(self, versions: list[backup.Version]) -> None:
        self.busy = False
        self.versions.clear()
        for v in reversed(versions):
            when = format_when(v.time.astimezone(), seconds=True)
            item = QListWidgetItem(
                self.tr("{when}: {records} records, {people} people, {documents} documents").format(
                    when=when,
                    records=f"{v.records:,}",
                    people=v.counts.get("persons", 0),
                    documents=v.counts.get("attachments", 0),
                )
            )
            item.setData(Qt.ItemDataRole.UserRole, v.id)
            self.versions.addItem(item)
            if v.id == self.wanted_version:
                self.versions.setCurrentItem(item)
        if versions and self.versions.currentRow() < 0:
            self.versions.setCurrentRow(0)
        self.status.setText(
            self.tr("{n} versions. The newest is chosen.").format(n=len(versions))
            if versions
            else self.tr("No backups there.")
        )
        self._ready()

    def _list_failed(self, exc: BaseException) -> None:
        self.busy = False
        self.status.setText(explain(exc))
        self._ready()

    # ----------------------------------------------------------------- restore
    def restore(self) -> None:
        """Restore the chosen version into the folder and open it, off the GUI thread."""
        item = self.versions.currentItem()
        if item is None or self.busy or not self.restore_button.isEnabled():
            return
        target = self.target()
        version_id = str(item.data(Qt.ItemDataRole.UserRole))
        dest = self.dest()
        secret = self.secret.text()
        recovery = self.use_recovery.isChecked()
        force = self.replace.isChecked() and self.replace.isEnabled()
        window = self.window_
        # with no vault open, the app holds the lock of its own folder: the restore may write there
        held = window.vault is None and dest.resolve() == window.vault_dir.resolve()

        def run(
            transfer: backup_jobs.Transfer, cancel: backup_jobs.Cancel, stage: backup_jobs.Stage
        ) -> tuple[backup.RestoreReport, Vault | None]:
            report = backup.restore(
                target,
                dest,
                passphrase=None if recovery else secret,
                recovery_key=secret if recovery else None,
                version_id=version_id,
                force=force,
                progress=stage,
                transfer=transfer,
                cancel=cancel,
                locked_by_caller=held,
            )
            if report.problems:
                return report, None
            opened = Vault.open(dest, recovery_key=secret) if recovery else Vault.open(dest, secret)
            return report, opened

        self.busy = True
        self._ready()
        self.status.setText(self.tr("Restoring..."))
        self.job = backup_jobs.start(
            run,
            on_done=self._restored,
            on_error=self._failed,
            on_stage=self.progress.set_stage,
            on_bytes=self.progress.set_bytes,
        )
        if self.busy:
            self.progress.begin(self.job)

    def _restored(self, result: tuple[backup.RestoreReport, Vault | None]) -> None:
        report, vault = result
        self.busy = False
        self.job = None
        self.progress.end()
        self.report = report
        self.secret.clear()
        if vault is None:
            self.status.setText(
                self.tr("The restored copy did not check: {problem}").format(problem="; ".join(report.problems))
            )
            self._ready()
            return
        self.status.setText(self.tr("Restored and checked."))
        self.accept()
        open_restored(self.window_, report.folder or self.dest(), vault)

    def _failed(self, exc: BaseException) -> None:
        from wallet.errors import WrongPassphrase

        self.busy = False
        self.job = None
        self.progress.end()
        if isinstance(exc, WrongPassphrase):
            text = self.tr("Wrong recovery key.") if self.use_recovery.isChecked() else self.tr("Wrong passphrase.")
            self.status.setText(text + " " + self.tr("Nothing was restored."))
        else:
            self.status.setText(explain(exc))
        self._ready()

    @override
    def done(self, result: int) -> None:
        if self.job is not None:
            self.job.cancel()
        super().done(result)


def open_restored(window: MainWindow, folder: Path, vault: Vault) -> None:
    """Show the restored ``vault`` (in ``folder``) in ``window``: the vault open before is locked first."""
    if window.vault is not None:
        window.lock()
    window.vault_dir = folder
    window.folder_changed.emit()
    window.enter_vault(vault)
    window.show_info(
        QCoreApplication.translate("RestoreDialog", "Restored"),
        QCoreApplication.translate(
            "RestoreDialog", "The backup was restored into {folder}, checked and opened."
        ).format(folder=str(folder)),
    )


def open_restore_dialog(
    window: MainWindow, target: backup.Target | None = None, version_id: str | None = None
) -> RestoreDialog:
    """File > Restore from backup... (the vault need not be open)."""
    dialog = RestoreDialog(window, target=target, version_id=version_id)
    dialog.setModal(True)
    dialog.show()
    window.last_dialog = dialog
    return dialog

"""Tools > Backup (and Settings > Backup): targets, versions, backing up, verifying, restoring, the schedule.

The targets are listed on the left (a folder or disk, WebDAV, SFTP, S3-compatible storage; added
with :class:`~wallet.ui.backup_targets.AddTargetDialog`, which tests the connection), the chosen
target's versions on the right.  Everything slow (rclone talking to the target, the snapshot, a
verification) runs on a worker (wallet.ui.backup_jobs) with its step, the bytes sent and a Cancel.
Below, the automatic backups: after each import, daily while the app runs, a monthly verification,
and how the last backup and verification went (all kept in the vault, wallet.features.backup.schedule).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from wallet.features import backup
from wallet.features.backup import schedule
from wallet.features.backup.rclone import Rclone
from wallet.features.backup.service import Listing, RemoteStatus, scan, status_of
from wallet.terms.clock import format_when
from wallet.ui import backup_jobs, workers
from wallet.ui.backup_targets import AddTargetDialog, explain

if TYPE_CHECKING:
    from wallet.store.vault import Vault
    from wallet.ui.main_window import MainWindow

T = TypeVar("T")


def _folder_name(folder: str, taken: set[str]) -> str:
    """A target name from a folder's name (letters, digits, '-', '_', '.'), unique among ``taken``."""
    base = re.sub(r"[^A-Za-z0-9_.-]", "-", Path(folder).name).strip("-.")[:30] or "folder"
    name, n = base, 2
    while name in taken:
        name, n = f"{base}-{n}", n + 1
    return name


class ProgressRow(QWidget):
    """A running job's step, a bar of the bytes sent, and Cancel (hidden while nothing runs)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.stage = QLabel()
        self.bar = QProgressBar()
        self.bar.setAccessibleName(self.tr("Backup progress"))
        self.bar.setTextVisible(False)
        self.bytes = QLabel()
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setAccessibleName(self.tr("Cancel the backup"))
        row.addWidget(self.stage)
        row.addWidget(self.bar, 1)
        row.addWidget(self.bytes)
        row.addWidget(self.cancel_button)
        self.job: backup_jobs.Job | None = None
        self.cancel_button.clicked.connect(self.cancel)
        self.setVisible(False)

    def begin(self, job: backup_jobs.Job | None = None) -> None:
        """Show the row for a job that has started (the bar busy until bytes are heard)."""
        self.job = job
        self.bar.setRange(0, 0)
        self.bytes.clear()
        self.cancel_button.setEnabled(True)
        self.setVisible(True)

    def set_stage(self, text: str) -> None:
        """The step the job is on."""
        self.stage.setText(text)

    def set_bytes(self, done: int, total: int) -> None:
        """The bytes sent or received so far, of ``total``."""
        if total > 0:
            self.bar.setRange(0, 1000)
            self.bar.setValue(min(1000, done * 1000 // total))
        self.bytes.setText(backup_jobs.bytes_text(done, total))

    def cancel(self) -> None:
        """Cancel the job (it stops within a moment)."""
        if self.job is not None:
            self.job.cancel()
            self.cancel_button.setEnabled(False)
            self.stage.setText(self.tr("Cancelling..."))

    def end(self) -> None:
        """Hide the row."""
        self.job = None
        self.setVisible(False)


def outcome_text(outcome: schedule.Outcome | None, kind: str) -> str:
    """``Last backup: 2026-05-10 09:00 to nas: worked (123 records).``, translated."""
    from PySide6.QtCore import QCoreApplication

    if outcome is None:
        if kind == "backup":
            return QCoreApplication.translate("BackupDialog", "Last backup: none yet.")
        return QCoreApplication.translate("BackupDialog", "Last verification: none yet.")
    when = format_when(outcome.time.astimezone())
    if outcome.ok:
        result = QCoreApplication.translate("BackupDialog", "worked")
        if outcome.records is not None:
            result += " " + QCoreApplication.translate("BackupDialog", "({n} records)").format(n=f"{outcome.records:,}")
    else:
        result = QCoreApplication.translate("BackupDialog", "failed: {message}").format(message=outcome.message)
    if kind == "backup":
        text = QCoreApplication.translate("BackupDialog", "Last backup: {when} to {target}: {result}.")
    else:
        text = QCoreApplication.translate("BackupDialog", "Last verification: {when} of {target}: {result}.")
    return text.format(when=when, target=outcome.target, result=result)


class BackupDialog(QDialog):
    """The targets on the left, the chosen target's versions on the right, the actions and the schedule below."""

    def __init__(self, vault: Vault, parent: QWidget | None = None, window: MainWindow | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.window_ = window
        self.busy = False
        self.job: backup_jobs.Job | None = None
        self.add_dialog: AddTargetDialog | None = None
        self.confirm_box: QMessageBox | None = None
        self.setWindowTitle(self.tr("Backup"))
        self.resize(820, 600)
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "Backups are encrypted before they leave: they open only with your passphrase or recovery key. "
                "Keep them on a disk, a folder that is synced, a WebDAV or SFTP server, or S3-compatible storage."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        row = QHBoxLayout()
        self.targets = QListWidget()
        self.targets.setAccessibleName(self.tr("Backup targets"))
        self.targets.currentRowChanged.connect(lambda _row: self.load_versions())
        row.addWidget(self.targets, 1)
        self.versions = QListWidget()
        self.versions.setAccessibleName(self.tr("Backup versions"))
        row.addWidget(self.versions, 1)
        layout.addLayout(row)
        actions = QHBoxLayout()
        self.add_button = QPushButton(self.tr("&Add..."))
        self.add_button.setAccessibleName(self.tr("Add a backup target"))
        self.add_button.clicked.connect(self.open_add_dialog)
        self.remove_button = QPushButton(self.tr("&Remove"))
        self.remove_button.setAccessibleName(self.tr("Remove the backup target"))
        self.remove_button.clicked.connect(self.ask_remove)
        self.run_now = QPushButton(self.tr("&Back up now"))
        self.run_now.clicked.connect(self.back_up)
        self.check_now = QPushButton(self.tr("&Verify the newest"))
        self.check_now.clicked.connect(self.verify)
        self.restore_button = QPushButton(self.tr("Re&store..."))
        self.restore_button.setAccessibleName(self.tr("Restore a backup"))
        self.restore_button.clicked.connect(self.open_restore)
        for b in (self.add_button, self.remove_button, self.run_now, self.check_now, self.restore_button):
            actions.addWidget(b)
        actions.addStretch(1)
        layout.addLayout(actions)
        self.progress = ProgressRow(self)
        layout.addWidget(self.progress)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status.setAccessibleName(self.tr("Backup status"))
        layout.addWidget(self.status)

        group = QGroupBox(self.tr("Automatic backups"))
        form = QFormLayout(group)
        self.auto_target = QComboBox()
        self.auto_target.setAccessibleName(self.tr("Target of the automatic backups"))
        form.addRow(self.tr("Back up to:"), self.auto_target)
        self.after_import = QCheckBox(self.tr("After each import"))
        self.daily = QCheckBox(self.tr("Every day while the app is open"))
        self.monthly_verify = QCheckBox(self.tr("Verify the newest backup every month"))
        for check in (self.after_import, self.daily, self.monthly_verify):
            form.addRow("", check)
        self.last_backup = QLabel()
        self.last_backup.setWordWrap(True)
        self.last_verify = QLabel()
        self.last_verify.setWordWrap(True)
        form.addRow(self.last_backup)
        form.addRow(self.last_verify)
        layout.addWidget(group)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        box.rejected.connect(self.reject)
        layout.addWidget(box)
        self.load_targets()
        self.load_schedule()
        self.auto_target.currentIndexChanged.connect(lambda _i: self.save_schedule())
        for check in (self.after_import, self.daily, self.monthly_verify):
            check.toggled.connect(lambda _on: self.save_schedule())

    # ------------------------------------------------------------------ targets
    def load_targets(self, select: str | None = None) -> None:
        """List the vault's targets (read from the vault: quick, on the GUI thread)."""
        self.targets.clear()
        for t in backup.list_targets(self.vault):
            item = QListWidgetItem(f"{t.name}: {t.describe()}")
            item.setToolTip(t.describe())
            item.setData(Qt.ItemDataRole.UserRole, t.name)
            self.targets.addItem(item)
            if t.name == select:
                self.targets.setCurrentItem(item)
        if self.targets.count() and self.targets.currentRow() < 0:
            self.targets.setCurrentRow(0)
        self._enable()
        if not self.targets.count():
            self.versions.clear()
            self.status.setText(self.tr("No backup target yet: add a folder, a disk or a server."))

    def target(self) -> backup.Target | None:
        """The chosen target."""
        item = self.targets.currentItem()
        return None if item is None else backup.load_target(self.vault, str(item.data(Qt.ItemDataRole.UserRole)))

    def open_add_dialog(self) -> AddTargetDialog:
        """Open the dialog that adds a target (kind, settings, Test connection)."""
        dialog = AddTargetDialog(self.vault, self)
        dialog.accepted.connect(lambda: self._added(dialog))
        dialog.setModal(True)
        dialog.show()
        self.add_dialog = dialog
        return dialog

    def _added(self, dialog: AddTargetDialog) -> None:
        if dialog.saved is not None:
            self.load_targets(select=dialog.saved.name)
            self.load_schedule()

    def add_folder_target(self, folder: str) -> None:
        """Add ``folder`` as a target, named after it."""
        try:
            taken = {t.name for t in backup.list_targets(self.vault)}
            made = backup.make_target(_folder_name(folder, taken), "local", folder)
            backup.save_target(self.vault, made)
        except Exception as exc:
            self.status.setText(workers.readable_error(exc))
            return
        self.load_targets(select=made.name)
        self.load_schedule()

    def ask_remove(self) -> QMessageBox | None:
        """Ask before forgetting the chosen target (its backups stay where they are)."""
        target = self.target()
        if target is None:
            return None
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Remove the backup target"),
            self.tr("Forget the backup target {name}? Its backups stay where they are.").format(name=target.name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            self,
        )
        box.button(QMessageBox.StandardButton.Yes).clicked.connect(lambda: self.remove(target.name))
        box.open()
        self.confirm_box = box
        return box

    def remove(self, name: str) -> None:
        """Forget the target ``name`` (and stop the automatic backups to it)."""
        try:
            backup.remove_target(self.vault, name)
            plan = schedule.load_schedule(self.vault)
            if plan.target == name:
                schedule.save_schedule(self.vault, schedule.Schedule())
        except Exception as exc:
            self.status.setText(workers.readable_error(exc))
            return
        self.load_targets()
        self.load_schedule()
        if self.targets.count():
            self.status.setText(self.tr("Removed {name}.").format(name=name))

    # ----------------------------------------------------------------- versions
    def load_versions(self) -> None:
        """List the chosen target's versions, off the GUI thread."""
        self.versions.clear()
        target = self.target()
        if target is None or self.busy:
            return

        def read(v: Vault) -> tuple[Listing, RemoteStatus]:
            listing = scan(Rclone(target.remote()))
            return listing, status_of(v, target, listing, backup.computer_id())

        self._start(self.tr("Reading the versions..."))
        workers.run_task(workers.with_reader(self.vault, read), on_done=self._versions_read, on_error=self._failed)

    def _versions_read(self, found: tuple[Listing, RemoteStatus]) -> None:
        listing, status = found
        self._finish("")
        for v in reversed(listing.versions):
            when = format_when(v.time.astimezone(), seconds=True)
            self.versions.addItem(
                self.tr("{when}: {records} records, {people} people").format(
                    when=when, records=f"{v.records:,}", people=v.counts.get("persons", 0)
                )
            )
        if not listing.versions:
            self.status.setText(self.tr("No backups there yet."))
        elif status.newer_elsewhere:
            self.status.setText(
                self.tr(
                    "This target holds a newer backup of this vault made on another computer: this copy is behind "
                    "it. Restore that backup (Restore...) before backing up here."
                )
            )

    # ------------------------------------------------------------------ actions
    def back_up(self) -> None:
        """Back the vault up to the chosen target, off the GUI thread, with progress and Cancel."""
        target = self.target()
        if target is None or self.busy:
            return

        def run(
            v: Vault, transfer: backup_jobs.Transfer, cancel: backup_jobs.Cancel, stage: backup_jobs.Stage
        ) -> backup.BackupReport:
            return schedule.back_up_and_record(v, target, progress=stage, transfer=transfer, cancel=cancel)

        self._run_job(self.tr("Backing up..."), run, self._backed_up)

    def _backed_up(self, report: backup.BackupReport) -> None:
        self._job_over()
        self._after = self.tr("Backed up: {records} records, encrypted.").format(records=f"{report.version.records:,}")
        self.load_schedule()
        self.load_versions()  # its line keeps what was just done

    def verify(self) -> None:
        """Restore the newest version into a temporary folder, open it and check it, off the GUI thread."""
        target = self.target()
        if target is None or self.busy:
            return

        def run(
            v: Vault, transfer: backup_jobs.Transfer, cancel: backup_jobs.Cancel, stage: backup_jobs.Stage
        ) -> backup.RestoreReport:
            stage("verifying")
            return schedule.verify_and_record(v, target, transfer=transfer, cancel=cancel)

        self._run_job(self.tr("Verifying..."), run, self._verified)

    def _verified(self, report: backup.RestoreReport) -> None:
        self._job_over()
        self.load_schedule()
        if report.problems:
            self._finish(self.tr("The backup did not verify: {problem}").format(problem=report.problems[0]))
        else:
            self._finish(self.tr("The newest backup restores, opens and checks."))

    def open_restore(self) -> QDialog | None:  # the restore dialog
        """Restore one of the chosen target's versions into a folder, and open it."""
        from wallet.ui.restore_dialog import RestoreDialog

        target = self.target()
        if target is None or self.window_ is None:
            return None
        dialog = RestoreDialog(self.window_, target=target)
        dialog.setModal(True)
        dialog.show()
        return dialog

    # ------------------------------------------------------------------ schedule
    def load_schedule(self) -> None:
        """Show the automatic backups as kept in the vault, and how the last ones went."""
        plan = schedule.load_schedule(self.vault)
        widgets = (self.auto_target, self.after_import, self.daily, self.monthly_verify)
        for w in widgets:
            w.blockSignals(True)
        self.auto_target.clear()
        self.auto_target.addItem(self.tr("(none: only when asked)"), "")
        for t in backup.list_targets(self.vault):
            self.auto_target.addItem(t.name, t.name)
        self.auto_target.setCurrentIndex(max(0, self.auto_target.findData(plan.target)))
        self.after_import.setChecked(plan.after_import)
        self.daily.setChecked(plan.daily)
        self.monthly_verify.setChecked(plan.monthly_verify)
        for w in widgets:
            w.blockSignals(False)
        self._enable_schedule()
        self.last_backup.setText(outcome_text(schedule.last_outcome(self.vault, "backup"), "backup"))
        self.last_verify.setText(outcome_text(schedule.last_outcome(self.vault, "verify"), "verify"))

    def save_schedule(self) -> None:
        """Keep the automatic backups as set in the dialog (in the vault)."""
        plan = schedule.Schedule(
            target=str(self.auto_target.currentData() or ""),
            after_import=self.after_import.isChecked(),
            daily=self.daily.isChecked(),
            monthly_verify=self.monthly_verify.isChecked(),
        )
        try:
            schedule.save_schedule(self.vault, plan)
        except Exception as exc:
            self.status.setText(workers.readable_error(exc))
        self._enable_schedule()

    def _enable_schedule(self) -> None:
        chosen = bool(self.auto_target.currentData())
        for check in (self.after_import, self.daily, self.monthly_verify):
            check.setEnabled(chosen and not self.vault.read_only)

    # ------------------------------------------------------------------ helpers
    _after = ""

    def _run_job(
        self,
        text: str,
        fn: Callable[[Vault, backup_jobs.Transfer, backup_jobs.Cancel, backup_jobs.Stage], T],
        on_done: Callable[[T], None],
    ) -> None:
        self._start(text)
        self.job = backup_jobs.start(
            backup_jobs.with_reader(self.vault, fn),
            on_done=on_done,
            on_error=self._job_failed,
            on_stage=self.progress.set_stage,
            on_bytes=self.progress.set_bytes,
        )
        if self.job is not None and self.busy:
            self.progress.begin(self.job)
            self.progress.set_stage(text)

    def _job_over(self) -> None:
        self.busy = False
        self.job = None
        self.progress.end()

    def _job_failed(self, exc: BaseException) -> None:
        self._job_over()
        self.load_schedule()
        self._after = ""
        self._finish(explain(exc))

    def _start(self, text: str) -> None:
        self.busy = True
        self.status.setText(text)
        self._enable()

    def _finish(self, text: str) -> None:
        self.busy = False
        self.status.setText(text or self._after)
        self._after = ""
        self._enable()

    def _failed(self, exc: BaseException) -> None:
        self._after = ""
        self._finish(explain(exc))

    def _enable(self) -> None:
        has = self.targets.count() > 0
        for b in (self.run_now, self.check_now, self.remove_button, self.restore_button):
            b.setEnabled(has and not self.busy)
        self.add_button.setEnabled(not self.busy)

    @override
    def done(self, result: int) -> None:
        if self.job is not None:
            self.job.cancel()
        super().done(result)


def open_backup_dialog(window: MainWindow, parent: QWidget | None = None) -> BackupDialog | None:
    """Tools > Backup... (or Settings > Backup...), for the main window's open vault."""
    if window.vault is None:
        return None
    dialog = BackupDialog(window.vault, parent or window, window=window)
    dialog.setModal(True)
    dialog.show()
    return dialog

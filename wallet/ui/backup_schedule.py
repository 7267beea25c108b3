"""Automatic backups while the app runs: after each import, daily, and a monthly verification.

A :class:`BackupScheduler` belongs to the main window.  While a vault is open it looks every few
minutes (a QTimer) whether the schedule kept in the vault (wallet.features.backup.schedule) has a
backup or a verification due, and after a batch of imports that added something it backs up when
so set.  The work runs on a worker (wallet.ui.backup_jobs) with its step, the bytes sent and a
Cancel in the status bar; the outcome is kept in the vault and shown in Tools > Backup.

A little after unlocking, it also asks the vault's targets whether one holds a newer backup of
this vault made on another computer; if so it says so and offers to restore that backup.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QLabel, QMessageBox, QProgressBar, QPushButton

from wallet.errors import BackupConflict, BackupError, NotFound
from wallet.features import backup
from wallet.features.backup import schedule
from wallet.terms.clock import format_when
from wallet.ui import backup_jobs
from wallet.ui.backup_targets import failure_headline

if TYPE_CHECKING:
    from wallet.model import ImportReport
    from wallet.store.vault import Vault
    from wallet.ui.main_window import MainWindow

CHECK_MS = 10 * 60_000
"""How often the schedule is looked at while a vault is open."""
FIRST_CHECK_MS = 60_000
"""How long after unlocking the first look (and the question to the targets) comes."""

Newer = tuple[backup.Target, backup.RemoteStatus]


class BackupScheduler(QObject):
    """Runs the vault's automatic backups and verifications, and notices newer backups from elsewhere."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window_ = window
        self.job: backup_jobs.Job | None = None
        self.running = ""
        """What runs now: "backup", "verify", or "" (nothing)."""
        self.imported = False
        self.last_result = ""
        """The last automatic run's outcome in words (also shown in the status bar)."""
        self.notice: QMessageBox | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_MS)
        self.timer.timeout.connect(self.check)
        self.first = QTimer(self)
        self.first.setSingleShot(True)
        self.first.setInterval(FIRST_CHECK_MS)
        self.first.timeout.connect(self._first_look)
        window.unlocked.connect(self.start)
        window.locked.connect(self.stop)
        window.imports.report.connect(self._imported)
        window.imports.idle.connect(self._imports_idle)
        bar = window.statusBar()
        self.label = QLabel()
        self.bar = QProgressBar()
        self.bar.setMaximumWidth(200)
        self.bar.setTextVisible(False)
        self.bar.setAccessibleName(self.tr("Backup progress"))
        self.cancel_button = QPushButton(self.tr("Cancel backup"))
        self.cancel_button.setAccessibleName(self.tr("Cancel the backup"))
        self.cancel_button.clicked.connect(self.cancel)
        for w in (self.label, self.bar, self.cancel_button):
            bar.addPermanentWidget(w)
            w.setVisible(False)

    # ----------------------------------------------------------------- timers
    def start(self) -> None:
        """A vault was opened: look at the schedule regularly from now on."""
        self.timer.start()
        self.first.start()

    def stop(self) -> None:
        """The vault was locked: stop looking, cancel what runs."""
        self.timer.stop()
        self.first.stop()
        self.imported = False
        self.cancel()
        self._show(False)
        if self.notice is not None:
            self.notice.close()
            self.notice = None

    def _first_look(self) -> None:
        self.check_remote()
        self.check()

    def _vault(self) -> Vault | None:
        vault = self.window_.vault
        return vault if vault is not None and vault.is_open else None

    def _target(self, vault: Vault, plan: schedule.Schedule) -> backup.Target | None:
        if not plan.target:
            return None
        try:
            return backup.load_target(vault, plan.target)
        except NotFound:
            return None

    def check(self, now: datetime | None = None) -> str:
        """Start the verification or the backup that is due; what was started ("" for nothing)."""
        vault = self._vault()
        if vault is None or self.running or vault.read_only:
            return ""
        plan = schedule.load_schedule(vault)
        target = self._target(vault, plan)
        if target is None:
            return ""
        now = now or datetime.now(UTC)
        if schedule.backup_due(vault, plan, now):
            return self.run("backup", target, now)
        if schedule.verify_due(vault, plan, now):
            return self.run("verify", target, now)  # the next look, after the backup due at the same time
        return ""

    # ---------------------------------------------------------------- imports
    def _imported(self, report: ImportReport) -> None:
        if report.added:
            self.imported = True

    def _imports_idle(self) -> None:
        vault = self._vault()
        if vault is None or not self.imported:
            return
        plan = schedule.load_schedule(vault)
        target = self._target(vault, plan)
        if target is None or not plan.after_import or self.running:
            return  # while a backup runs, the flag stays: the next one follows it
        self.imported = False
        self.run("backup", target)

    # ------------------------------------------------------------------- runs
    def run(self, kind: str, target: backup.Target, now: datetime | None = None) -> str:
        """Back up to (``kind`` "backup") or verify (``kind`` "verify") ``target`` on a worker; returns ``kind``."""
        vault = self._vault()
        if vault is None or self.running:
            return ""

        def job(v: Vault, transfer: backup_jobs.Transfer, cancel: backup_jobs.Cancel, stage: backup_jobs.Stage) -> int:
            if kind == "verify":
                stage("verifying")
                report = schedule.verify_and_record(v, target, when=now, transfer=transfer, cancel=cancel)
                if report.problems:
                    raise BackupError(report.problems[0])
                return report.version.records
            done = schedule.back_up_and_record(v, target, when=now, progress=stage, transfer=transfer, cancel=cancel)
            return done.version.records

        self.running = kind
        self.label.setText(self._doing(kind, target.name))
        self.job = backup_jobs.start(
            backup_jobs.with_reader(vault, job),
            on_done=lambda records: self._done(kind, target.name, records),
            on_error=lambda exc: self._failed(kind, target.name, exc),
            on_stage=lambda text: self.label.setText(f"{self._doing(kind, target.name)} {text}"),
            on_bytes=self._bytes,
        )
        if self.running:
            self.bar.setRange(0, 0)
            self._show(True)
        return kind

    def _doing(self, kind: str, name: str) -> str:
        if kind == "verify":
            return self.tr("Verifying the backup on {target}:").format(target=name)
        return self.tr("Backing up to {target}:").format(target=name)

    def _bytes(self, done: int, total: int) -> None:
        if total > 0:
            self.bar.setRange(0, 1000)
            self.bar.setValue(min(1000, done * 1000 // total))
            self.bar.setToolTip(backup_jobs.bytes_text(done, total))

    def cancel(self) -> None:
        """Cancel the automatic backup or verification under way."""
        if self.job is not None:
            self.job.cancel()

    def _over(self) -> None:
        self.running = ""
        self.job = None
        self._show(False)

    def _done(self, kind: str, name: str, records: int) -> None:
        self._over()
        if kind == "verify":
            self.last_result = self.tr("The backup on {target} was verified.").format(target=name)
        else:
            self.last_result = self.tr("Backed up to {target}: {n} records.").format(target=name, n=f"{records:,}")
        self._say(self.last_result)
        if self.imported:  # imports finished while it ran
            self._imports_idle()

    def _failed(self, kind: str, name: str, exc: BaseException) -> None:
        self._over()
        if kind == "verify":
            text = self.tr("The automatic verification of {target} failed:").format(target=name)
        else:
            text = self.tr("The automatic backup to {target} failed:").format(target=name)
        self.last_result = f"{text} {failure_headline(exc)}"
        self._say(self.last_result)
        if isinstance(exc, BackupConflict):
            self.check_remote()  # a newer backup from another computer: offer it

    def _say(self, text: str) -> None:
        if self.window_.vault is not None:
            self.window_.statusBar().showMessage(text, 15000)

    def _show(self, on: bool) -> None:
        for w in (self.label, self.bar, self.cancel_button):
            w.setVisible(on)

    # ---------------------------------------------------- a newer backup elsewhere
    def check_remote(self) -> None:
        """Ask the vault's targets, on a worker, whether one holds a newer backup from another computer."""
        from wallet.ui import workers

        vault = self._vault()
        if vault is None:
            return
        targets = backup.list_targets(vault)
        if not targets:
            return

        def ask(v: Vault) -> Newer | None:
            computer = backup.computer_id()
            for t in targets:
                try:
                    status = backup.remote_status(v, t, computer=computer)
                except BackupError:
                    continue  # offline, or the server is down: nothing to say now
                if status.newer_elsewhere and status.newest is not None:
                    return t, status
            return None

        workers.run_task(workers.with_reader(vault, ask), on_done=self._remote_answered, on_error=lambda _exc: None)

    def _remote_answered(self, found: Newer | None) -> None:
        if found is None or self.window_.vault is None:
            return
        target, status = found
        newest = status.newest
        assert newest is not None
        text = self.tr(
            "{target} holds a newer backup of this vault, made on another computer on {when} ({n} records). "
            "This copy is behind it. Restore that backup into a new folder and open it?"
        ).format(target=target.name, when=format_when(newest.time.astimezone()), n=f"{newest.records:,}")
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("A newer backup"), text, parent=self.window_)
        restore_button = box.addButton(self.tr("&Restore it..."), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(self.tr("&Not now"), QMessageBox.ButtonRole.RejectRole)
        restore_button.clicked.connect(lambda: self.offer_restore(target, newest.id))
        box.open()
        self.notice = box

    def offer_restore(self, target: backup.Target, version_id: str) -> None:
        """Open the restore dialog on ``target`` with the version ``version_id`` chosen."""
        from wallet.ui.restore_dialog import open_restore_dialog

        open_restore_dialog(self.window_, target=target, version_id=version_id)

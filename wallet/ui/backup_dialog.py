"""Tools > Backup: the vault's backup targets, their versions, and backing up or verifying now.

Everything slow (rclone talking to the target, the snapshot, a verification) runs on a worker
(wallet.ui.workers); the dialog shows what happened in one line.  A folder or USB disk can be added
here; WebDAV, SFTP, S3 and the other storage services are set up with the command line for now
(``mydata-wallet backup add-target``), and restoring is done there too.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from wallet.features import backup
from wallet.features.backup.rclone import Rclone
from wallet.features.backup.service import Listing, RemoteStatus, scan, status_of
from wallet.terms.clock import format_when
from wallet.ui import workers

if TYPE_CHECKING:
    from wallet.store.vault import Vault
    from wallet.ui.main_window import MainWindow


def _folder_name(folder: str, taken: set[str]) -> str:
    """A target name from a folder's name (letters, digits, '-', '_', '.'), unique among ``taken``."""
    base = re.sub(r"[^A-Za-z0-9_.-]", "-", Path(folder).name).strip("-.")[:30] or "folder"
    name, n = base, 2
    while name in taken:
        name, n = f"{base}-{n}", n + 1
    return name


class BackupDialog(QDialog):
    """The targets on the left, the chosen target's versions on the right, and the actions below."""

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.busy = False
        self.setWindowTitle(self.tr("Backup"))
        self.resize(760, 440)
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "Backups are encrypted before they leave: they open only with your passphrase or recovery key. "
                "Storage services (WebDAV, SFTP, S3 and more) and restoring are set up with the command line."
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
        row.addWidget(self.versions, 2)
        layout.addLayout(row)
        actions = QHBoxLayout()
        self.add_folder = QPushButton(self.tr("Add a folder or disk..."))
        self.add_folder.clicked.connect(self.choose_folder)
        self.run_now = QPushButton(self.tr("Back up now"))
        self.run_now.clicked.connect(self.back_up)
        self.check_now = QPushButton(self.tr("Verify the newest"))
        self.check_now.clicked.connect(self.verify)
        for b in (self.add_folder, self.run_now, self.check_now):
            actions.addWidget(b)
        actions.addStretch(1)
        layout.addLayout(actions)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.status)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        box.rejected.connect(self.reject)
        layout.addWidget(box)
        self.load_targets()

    # ------------------------------------------------------------------ targets
    def load_targets(self, select: str | None = None) -> None:
        """List the vault's targets (read from the vault: quick, on the GUI thread)."""
        self.targets.clear()
        for t in backup.list_targets(self.vault):
            item = QListWidgetItem(f"{t.name}: {t.describe()}")
            item.setData(Qt.ItemDataRole.UserRole, t.name)
            self.targets.addItem(item)
            if t.name == select:
                self.targets.setCurrentItem(item)
        if self.targets.count() and self.targets.currentRow() < 0:
            self.targets.setCurrentRow(0)
        self._enable()
        if not self.targets.count():
            self.status.setText(self.tr("No backup target yet: add a folder or a disk."))

    def target(self) -> backup.Target | None:
        """The chosen target."""
        item = self.targets.currentItem()
        return None if item is None else backup.load_target(self.vault, str(item.data(Qt.ItemDataRole.UserRole)))

    def choose_folder(self) -> None:
        """Ask for a folder and add it as a target."""
        folder = QFileDialog.getExistingDirectory(self, self.tr("Back up into this folder"))
        if folder:
            self.add_folder_target(folder)

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

    # ----------------------------------------------------------------- versions
    def load_versions(self) -> None:
        """List the chosen target's versions, off the GUI thread."""
        self.versions.clear()
        target = self.target()
        if target is None:
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
                    "it. Restore that backup with the command line before backing up here."
                )
            )

    # ------------------------------------------------------------------ actions
    def back_up(self) -> None:
        """Back the vault up to the chosen target, off the GUI thread."""
        target = self.target()
        if target is None:
            return

        def run(v: Vault) -> backup.BackupReport:
            return backup.run_backup(v, target)

        self._start(self.tr("Backing up..."))
        workers.run_task(workers.with_reader(self.vault, run), on_done=self._backed_up, on_error=self._failed)

    def _backed_up(self, report: backup.BackupReport) -> None:
        self.busy = False
        self._after = self.tr("Backed up: {records} records, encrypted.").format(records=f"{report.version.records:,}")
        self.load_versions()  # its line keeps what was just done

    def verify(self) -> None:
        """Restore the newest version into a temporary folder, open it and check it, off the GUI thread."""
        target = self.target()
        if target is None:
            return

        def run(v: Vault) -> backup.RestoreReport:
            return backup.verify(v, target)

        self._start(self.tr("Verifying..."))
        workers.run_task(workers.with_reader(self.vault, run), on_done=self._verified, on_error=self._failed)

    def _verified(self, report: backup.RestoreReport) -> None:
        if report.problems:
            self._finish(self.tr("The backup did not verify: {problem}").format(problem=report.problems[0]))
        else:
            self._finish(self.tr("The newest backup restores, opens and checks."))

    # ------------------------------------------------------------------ helpers
    _after = ""

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
        self._finish(workers.readable_error(exc))

    def _enable(self) -> None:
        has = self.targets.count() > 0
        for b in (self.run_now, self.check_now):
            b.setEnabled(has and not self.busy)
        self.add_folder.setEnabled(not self.busy)


def open_backup_dialog(window: MainWindow) -> BackupDialog | None:
    """Tools > Backup..., for the main window's open vault."""
    if window.vault is None:
        return None
    dialog = BackupDialog(window.vault, window)
    dialog.setModal(True)
    dialog.show()
    return dialog

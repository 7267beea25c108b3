"""Setting up a backup target in the app: a folder or disk, WebDAV, SFTP or S3-compatible storage.

:class:`TargetForm` asks for what each kind needs (a WebDAV server's address, user and password; an
SFTP server's host, port, user and password or key file; an S3 endpoint, bucket, access key and
secret) and builds the target; "Test connection" lists the target's backups on a worker and says
plainly what failed (a wrong password, a server that does not answer, no room).  Passwords and
secret keys are kept only inside the encrypted vault, with the target (never in a file).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from wallet.errors import BackupAuthFailed, BackupCancelled, BackupError, BackupFull, BackupRefused, BackupUnreachable
from wallet.features import backup
from wallet.ui import workers

if TYPE_CHECKING:
    from wallet.store.vault import Vault

FOLDER, WEBDAV, SFTP, S3 = "local", "webdav", "sftp", "s3"
KINDS = (FOLDER, WEBDAV, SFTP, S3)


def failure_headline(exc: BaseException) -> str:
    """What went wrong with a target, in one short translated sentence (the details follow it)."""
    if isinstance(exc, BackupAuthFailed):
        return QCoreApplication.translate("BackupTargets", "Wrong user name, password or key: the server refused them.")
    if isinstance(exc, BackupUnreachable):
        return QCoreApplication.translate(
            "BackupTargets",
            "The server cannot be reached: check the address and the port, and that the server is running.",
        )
    if isinstance(exc, BackupRefused):
        return QCoreApplication.translate(
            "BackupTargets", "The remote refused the upload (it may be full or read-only)."
        )
    if isinstance(exc, BackupFull):
        return QCoreApplication.translate("BackupTargets", "The target is full: there is no room for the backup.")
    if isinstance(exc, BackupCancelled):
        return QCoreApplication.translate("BackupTargets", "Cancelled. Nothing half-done is taken for a backup.")
    if isinstance(exc, BackupError):
        return QCoreApplication.translate("BackupTargets", "The target could not be used.")
    return QCoreApplication.translate("BackupTargets", "Something went wrong.")


def explain(exc: BaseException) -> str:
    """The headline, then the details on a line of their own."""
    if isinstance(exc, BackupCancelled):
        return failure_headline(exc)
    return f"{failure_headline(exc)}\n{workers.readable_error(exc)}"


def _line(placeholder: str = "", secret: bool = False) -> QLineEdit:
    edit = QLineEdit()
    edit.setPlaceholderText(placeholder)
    if secret:
        edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


class TargetForm(QWidget):
    """The kind of storage and what it needs; :meth:`target` builds it (BackupError when incomplete)."""

    def __init__(self, parent: QWidget | None = None, *, ask_name: bool = True) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        top = QFormLayout()
        self.name = QLineEdit()
        self.name.setAccessibleName(self.tr("Target name"))
        self.name.setPlaceholderText(self.tr("e.g. nas, usb, cloud"))
        if ask_name:
            top.addRow(self.tr("&Name:"), self.name)
        self.kind = QComboBox()
        self.kind.setAccessibleName(self.tr("Kind of storage"))
        self.kind.addItem(self.tr("Folder or disk"), FOLDER)
        self.kind.addItem(self.tr("WebDAV (Nextcloud, ownCloud, a NAS)"), WEBDAV)
        self.kind.addItem(self.tr("SFTP (a server you reach with SSH)"), SFTP)
        self.kind.addItem(self.tr("S3-compatible storage"), S3)
        top.addRow(self.tr("&Kind:"), self.kind)
        layout.addLayout(top)
        self.pages = QStackedWidget()
        layout.addWidget(self.pages)

        # a folder or disk
        form = self._page()
        self.folder = _line(self.tr("A folder on this computer, a USB disk, a synced folder"))
        self.folder.setAccessibleName(self.tr("Folder"))
        browse = QPushButton(self.tr("&Choose..."))
        browse.clicked.connect(self._choose_folder)
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(browse)
        form.addRow(self.tr("Folder:"), row)

        # WebDAV
        form = self._page()
        self.dav_url = _line("https://cloud.example.org/remote.php/dav/files/me")
        self.dav_url.setAccessibleName(self.tr("WebDAV address"))
        self.dav_user = _line()
        self.dav_user.setAccessibleName(self.tr("WebDAV user name"))
        self.dav_password = _line(secret=True)
        self.dav_password.setAccessibleName(self.tr("WebDAV password"))
        self.dav_path = _line("backups/wallet")
        self.dav_path.setAccessibleName(self.tr("Folder on the WebDAV server"))
        form.addRow(self.tr("Address (URL):"), self.dav_url)
        form.addRow(self.tr("User:"), self.dav_user)
        form.addRow(self.tr("Password:"), self.dav_password)
        form.addRow(self.tr("Folder on the server:"), self.dav_path)

        # SFTP
        form = self._page()
        self.sftp_host = _line("nas.example.org")
        self.sftp_host.setAccessibleName(self.tr("SFTP host"))
        self.sftp_port = QSpinBox()
        self.sftp_port.setRange(1, 65535)
        self.sftp_port.setValue(22)
        self.sftp_port.setAccessibleName(self.tr("SFTP port"))
        self.sftp_user = _line()
        self.sftp_user.setAccessibleName(self.tr("SFTP user name"))
        self.sftp_password = _line(self.tr("Leave empty when a key file is used"), secret=True)
        self.sftp_password.setAccessibleName(self.tr("SFTP password"))
        self.sftp_key = _line(self.tr("Optional: a private key file, e.g. ~/.ssh/id_ed25519"))
        self.sftp_key.setAccessibleName(self.tr("SSH key file"))
        key_browse = QPushButton(self.tr("C&hoose..."))
        key_browse.clicked.connect(self._choose_key)
        key_row = QHBoxLayout()
        key_row.addWidget(self.sftp_key, 1)
        key_row.addWidget(key_browse)
        self.sftp_path = _line("backups/wallet")
        self.sftp_path.setAccessibleName(self.tr("Folder on the SFTP server"))
        form.addRow(self.tr("Host:"), self.sftp_host)
        form.addRow(self.tr("Port:"), self.sftp_port)
        form.addRow(self.tr("User:"), self.sftp_user)
        form.addRow(self.tr("Password:"), self.sftp_password)
        form.addRow(self.tr("Key file:"), key_row)
        form.addRow(self.tr("Folder on the server:"), self.sftp_path)

        # S3-compatible
        form = self._page()
        self.s3_endpoint = _line("https://s3.example.org")
        self.s3_endpoint.setAccessibleName(self.tr("S3 endpoint"))
        self.s3_bucket = _line()
        self.s3_bucket.setAccessibleName(self.tr("S3 bucket"))
        self.s3_access = _line()
        self.s3_access.setAccessibleName(self.tr("S3 access key"))
        self.s3_secret = _line(secret=True)
        self.s3_secret.setAccessibleName(self.tr("S3 secret key"))
        self.s3_path = _line("wallet")
        self.s3_path.setAccessibleName(self.tr("Folder in the bucket"))
        form.addRow(self.tr("Endpoint (URL):"), self.s3_endpoint)
        form.addRow(self.tr("Bucket:"), self.s3_bucket)
        form.addRow(self.tr("Access key:"), self.s3_access)
        form.addRow(self.tr("Secret key:"), self.s3_secret)
        form.addRow(self.tr("Folder in the bucket:"), self.s3_path)

        self.kind.currentIndexChanged.connect(self.pages.setCurrentIndex)
        note = QLabel(self.tr("Passwords and keys are kept only inside your encrypted vault, never in a file."))
        note.setWordWrap(True)
        layout.addWidget(note)

    def _page(self) -> QFormLayout:
        page = QWidget()
        form = QFormLayout(page)
        form.setContentsMargins(0, 0, 0, 0)
        self.pages.addWidget(page)
        return form

    def _choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Back up into this folder"))
        if folder:
            self.folder.setText(folder)

    def _choose_key(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("The SSH private key"))
        if path:
            self.sftp_key.setText(path)

    def set_kind(self, kind: str) -> None:
        """Show the fields of ``kind`` (one of :data:`KINDS`)."""
        self.kind.setCurrentIndex(max(0, self.kind.findData(kind)))

    def suggested_name(self) -> str:
        """The name typed, or one made from the kind."""
        typed = self.name.text().strip()
        if typed:
            return typed
        kind = str(self.kind.currentData())
        if kind == FOLDER:
            base = re.sub(r"[^A-Za-z0-9_.-]", "-", self.folder.text().rstrip("/\\").split("/")[-1]).strip("-.")
            return base[:30] or "folder"
        return kind

    def target(self) -> backup.Target:
        """The target described by the fields; BackupError when something needed is missing."""
        kind = str(self.kind.currentData())
        name = self.suggested_name()

        def need(edit: QLineEdit, what: str) -> str:
            text = edit.text().strip()
            if not text:
                raise BackupError(self.tr("Fill in: {what}").format(what=what))
            return text

        if kind == FOLDER:
            return backup.make_target(name, FOLDER, need(self.folder, self.tr("the folder")))
        if kind == WEBDAV:
            url = need(self.dav_url, self.tr("the address"))
            options = {"url": url, "vendor": "other"}
            if self.dav_user.text().strip():
                options["user"] = self.dav_user.text().strip()
            secrets = {"pass": self.dav_password.text()}
            return backup.make_target(name, WEBDAV, self.dav_path.text().strip(), options, secrets)
        if kind == SFTP:
            options = {
                "host": need(self.sftp_host, self.tr("the host")),
                "port": str(self.sftp_port.value()),
                "user": need(self.sftp_user, self.tr("the user")),
            }
            key = self.sftp_key.text().strip()
            if key:
                from pathlib import Path

                options["key_file"] = str(Path(key).expanduser())
            elif not self.sftp_password.text():
                raise BackupError(self.tr("Fill in: the password or a key file"))
            secrets = {"pass": self.sftp_password.text()}
            return backup.make_target(name, SFTP, self.sftp_path.text().strip(), options, secrets)
        endpoint = need(self.s3_endpoint, self.tr("the endpoint"))
        bucket = need(self.s3_bucket, self.tr("the bucket"))
        options = {
            "provider": "Other",
            "endpoint": endpoint,
            "access_key_id": need(self.s3_access, self.tr("the access key")),
        }
        path = "/".join(p for p in (bucket, self.s3_path.text().strip().strip("/")) if p)
        return backup.make_target(
            name, S3, path, options, {"secret_access_key": need(self.s3_secret, self.tr("the secret key"))}
        )


class ConnectionTester:
    """Test connection: list the target's backups on a worker and say what was found or what failed."""

    def __init__(self, form: TargetForm, button: QPushButton, status: QLabel) -> None:
        self.form = form
        self.button = button
        self.status = status
        self.busy = False
        self.result: bool | None = None
        button.clicked.connect(self.test)

    def test(self) -> None:
        """Build the target from the fields and try it, off the GUI thread."""
        try:
            target = self.form.target()
        except Exception as exc:
            self.result = False
            self.status.setText(workers.readable_error(exc))
            return
        self.busy = True
        self.result = None
        self.button.setEnabled(False)
        self.status.setText(QCoreApplication.translate("BackupTargets", "Trying {name}...").format(name=target.name))
        workers.run_task(backup.list_versions, target, on_done=self._reached, on_error=self._failed)

    def _reached(self, versions: list[backup.Version]) -> None:
        self.busy = False
        self.result = True
        self.button.setEnabled(True)
        if versions:
            self.status.setText(
                QCoreApplication.translate("BackupTargets", "Connected: {n} backups there.").format(n=len(versions))
            )
        else:
            self.status.setText(QCoreApplication.translate("BackupTargets", "Connected: no backups there yet."))

    def _failed(self, exc: BaseException) -> None:
        self.busy = False
        self.result = False
        self.button.setEnabled(True)
        self.status.setText(explain(exc))


class AddTargetDialog(QDialog):
    """Add a backup target to the vault: its kind and settings, Test connection, Save."""

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.saved: backup.Target | None = None
        self.setWindowTitle(self.tr("Add a backup target"))
        self.resize(560, 420)
        layout = QVBoxLayout(self)
        self.form = TargetForm(self)
        layout.addWidget(self.form)
        row = QHBoxLayout()
        self.test_button = QPushButton(self.tr("&Test connection"))
        row.addWidget(self.test_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status.setAccessibleName(self.tr("Connection status"))
        layout.addWidget(self.status)
        layout.addStretch(1)
        self.tester = ConnectionTester(self.form, self.test_button, self.status)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = box.addButton(self.tr("&Save"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.clicked.connect(self.save)
        box.rejected.connect(self.reject)
        layout.addWidget(box)

    def save(self) -> None:
        """Keep the target (with its secrets) in the vault."""
        try:
            target = self.form.target()
            backup.save_target(self.vault, target)
        except Exception as exc:
            self.status.setText(workers.readable_error(exc))
            return
        self.saved = target
        self.accept()

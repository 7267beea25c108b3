"""Settings > Backup, restoring, the schedule and deleting backups in the app (pytest-qt, offscreen).

Against real ``rclone serve webdav|sftp|s3`` servers on 127.0.0.1 (tests/backup_support.py).
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("PySide6.QtWidgets", reason="the desktop app needs PySide6")
pytest.importorskip("pytestqt", reason="the desktop app tests need pytest-qt")

from backup_support import PASSWORD, USER, Server, server_fixture
from conftest import PASSPHRASE
from share_support import fill
from ui_support import open_window

from wallet.errors import VaultLocked
from wallet.features import backup
from wallet.features.backup import rclone as rclone_mod
from wallet.features.backup import schedule
from wallet.model import Attachment, Domain, Provenance, Record
from wallet.store.keys import KdfParams
from wallet.store.vault import KEY_NAME, Vault, VaultFileLock
from wallet.ui.backup_dialog import BackupDialog
from wallet.ui.backup_targets import FOLDER, S3, SFTP, WEBDAV, AddTargetDialog
from wallet.ui.delete_dialog import VAULT, DeleteDialog
from wallet.ui.dialogs import SettingsDialog
from wallet.ui.restore_dialog import RestoreDialog

WAIT = 30000


@pytest.fixture(autouse=True)
def computer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """This test's computer: its own HOME, where the computer id is made."""
    return _home(tmp_path, monkeypatch, "home-a")


def _home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str) -> Path:
    home = tmp_path / name
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    return home


webdav = server_fixture("webdav")


def _note(title: str, data: bytes = b"") -> Record:
    typed = Provenance(connector_id="manual", connector_version="1", source_name="typed")
    note = Record(domain=Domain.DOCUMENTS, kind="note", title=title, provenance=typed)
    if data:
        note.attachments = [Attachment(name="scan.bin", media_type="application/octet-stream", data=data)]
    return note


def _backup_dialog_from_settings(window: Any) -> BackupDialog:
    settings = SettingsDialog(window)
    dialog = settings.open_backup()
    assert isinstance(dialog, BackupDialog) and dialog.isVisible()
    return dialog


def _fill_webdav(form: Any, server: Server, password: str) -> None:
    form.set_kind(WEBDAV)
    form.dav_url.setText(f"http://127.0.0.1:{server.port}")
    form.dav_user.setText(USER)
    form.dav_password.setText(password)
    form.dav_path.setText("wallet-backups")


@pytest.mark.usefixtures("gui_env", "inline_tasks")
def test_settings_backup_adds_targets_of_each_kind_tests_them_and_removes_one(
    qtbot: Any, vault: Vault, vault_dir: Path, tmp_path: Path, webdav: Server
) -> None:
    window = open_window(qtbot, vault_dir, vault)
    dialog = _backup_dialog_from_settings(window)
    assert dialog.targets.count() == 0 and not dialog.run_now.isEnabled()

    # WebDAV: a wrong password, then the right one
    add = dialog.open_add_dialog()
    assert isinstance(add, AddTargetDialog)
    add.form.name.setText("nas")
    _fill_webdav(add.form, webdav, "not-the-password")
    add.test_button.click()
    assert add.status.text().startswith("Wrong user name, password or key: the server refused them.\n")
    assert "not-the-password" not in add.status.text()
    add.form.dav_password.setText(PASSWORD)
    add.test_button.click()
    assert add.status.text() == "Connected: no backups there yet." and add.tester.result is True
    add.save_button.click()
    assert not add.isVisible() and dialog.targets.currentItem().text().startswith("nas: webdav http://127.0.0.1")
    saved = backup.load_target(vault, "nas")
    assert saved.secrets == {"pass": PASSWORD} and saved.options["user"] == USER  # the secret is in the vault

    # SFTP: a server that is not running
    sftp = Server.in_tmp("sftp", tmp_path)
    add = dialog.open_add_dialog()
    add.form.name.setText("ssh")
    add.form.set_kind(SFTP)
    add.form.sftp_host.setText("127.0.0.1")
    add.form.sftp_port.setValue(sftp.port)
    add.form.sftp_user.setText(USER)
    add.form.sftp_password.setText(PASSWORD)
    add.test_button.click()
    assert add.status.text().startswith("The server cannot be reached: check the address and the port")
    sftp.start()
    try:
        add.test_button.click()
        assert add.status.text() == "Connected: no backups there yet.", add.status.text()
        add.save_button.click()
    finally:
        sftp.stop()

    # S3-compatible, and a folder
    s3 = Server.in_tmp("s3", tmp_path).start()
    try:
        add = dialog.open_add_dialog()
        add.form.name.setText("cloud")
        add.form.set_kind(S3)
        add.form.s3_endpoint.setText(f"http://127.0.0.1:{s3.port}")
        add.form.s3_bucket.setText("bucket")
        add.form.s3_access.setText(USER)
        add.form.s3_secret.setText("wrong-secret")
        add.test_button.click()
        assert add.status.text().startswith("Wrong user name, password or key"), add.status.text()
        add.form.s3_secret.setText(PASSWORD)
        add.test_button.click()
        assert add.status.text() == "Connected: no backups there yet.", add.status.text()
        add.save_button.click()
        dialog.targets.setCurrentRow([t.name for t in backup.list_targets(vault)].index("cloud"))
        dialog.back_up()
        assert dialog.status.text().startswith("Backed up: 0 records, encrypted."), dialog.status.text()
        assert dialog.progress.bytes.text().endswith("(100%)")
    finally:
        s3.stop()
    add = dialog.open_add_dialog()
    add.form.set_kind(FOLDER)
    add.save_button.click()
    assert add.isVisible() and add.status.text() == "Fill in: the folder"
    add.form.folder.setText(str(tmp_path / "USB disk"))
    add.save_button.click()
    assert not add.isVisible()
    assert [t.name for t in backup.list_targets(vault)] == ["USB-disk", "cloud", "nas", "ssh"]

    dialog.resize(900, 720)
    dialog.grab().save(str(tmp_path / "backup.png"))
    dialog.grab().save("/tmp/backup.png")
    add_shot = dialog.open_add_dialog()
    _fill_webdav(add_shot.form, webdav, PASSWORD)
    add_shot.grab().save("/tmp/backup-add.png")
    add_shot.reject()

    # remove one: asked first
    dialog.targets.setCurrentRow([t.name for t in backup.list_targets(vault)].index("ssh"))
    box = dialog.ask_remove()
    assert box is not None and "ssh" in box.text()
    from PySide6.QtWidgets import QMessageBox

    box.button(QMessageBox.StandardButton.Yes).click()
    assert [t.name for t in backup.list_targets(vault)] == ["USB-disk", "cloud", "nas"]
    assert dialog.targets.count() == 3
    # no secret reached a file: the vault is ciphertext, the settings hold none
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert PASSWORD.encode() not in path.read_bytes(), path


def _action(window: Any, text: str) -> Any:
    from PySide6.QtGui import QAction

    [found] = [a for a in window.findChildren(QAction) if a.text() == text]
    return found


@pytest.mark.usefixtures("gui_env", "inline_tasks")
def test_restore_from_the_file_menu_on_a_new_computer_and_open_it(
    qtbot: Any, tmp_path: Path, webdav: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    old, recovery = Vault.create(tmp_path / "old-laptop", PASSPHRASE, kdf=KdfParams.floor())
    holder, other = fill(old)
    old.add_records([_note("a scan", secrets.token_bytes(20_000))])
    count, names = old.count(), sorted(p.name for p in old.persons())
    backup.save_target(old, webdav.target())
    first = backup.run_backup(old, webdav.target(), now=datetime.now(UTC) - timedelta(days=1))  # kept: another day
    old.add_records([_note("later")])
    newest = backup.run_backup(old, webdav.target())
    old.close()

    _home(tmp_path, monkeypatch, "home-b")  # another computer, with no vault yet
    new_dir = tmp_path / "new-laptop" / "vault"
    window = open_window(qtbot, new_dir)
    assert window.vault is None
    restore_action = _action(window, "&Restore from backup...")
    assert restore_action.isEnabled()  # on the create screen too
    from PySide6.QtWidgets import QWizard

    from wallet.ui.gate import SetupWizard, UnlockPage

    assert isinstance(window.gate, SetupWizard)
    window.gate.button(QWizard.WizardButton.CustomButton1).click()  # the create screen's Restore from backup...
    dialog = window.findChild(RestoreDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.folder.text() == str(new_dir)  # no vault there: restore right there
    _fill_webdav(dialog.form, webdav, "wrong")
    dialog.list_button.click()
    assert dialog.status.text().startswith("Wrong user name, password or key")
    dialog.form.dav_password.setText(PASSWORD)
    dialog.list_button.click()
    assert dialog.versions.count() == 2 and dialog.versions.currentRow() == 0  # the newest first, chosen
    assert f"{count + 1} records" in dialog.versions.item(0).text()
    assert "1 documents" in dialog.versions.item(0).text()
    assert not dialog.restore_button.isEnabled()  # no passphrase or recovery key yet
    dialog.versions.setCurrentRow(1)  # the older one
    dialog.use_recovery.setChecked(True)
    dialog.secret.setText("AAAAA-BBBBB-CCCCC-DDDDD-EEEEE-FFFFF-GGGGG-HHHHH")
    dialog.restore_button.click()
    assert dialog.status.text() == "Wrong recovery key. Nothing was restored."
    assert not Vault.exists(new_dir)
    dialog.secret.setText(recovery)
    dialog.restore_button.click()
    assert window.vault is not None and window.vault_dir == new_dir
    assert window.vault.count() == count and sorted(p.name for p in window.vault.persons()) == names
    assert window.vault.check() == []
    assert [t.name for t in backup.list_targets(window.vault)] == ["nas"]
    assert first.version.id != newest.version.id and holder and other

    # over an existing vault: refused unless ticked, and never the open one
    window.lock()
    assert isinstance(window.gate, UnlockPage)
    window.gate.restore_button.click()  # the unlock screen's Restore from backup...
    dialog = window.findChildren(RestoreDialog)[-1]
    assert dialog.isVisible()
    assert dialog.folder.text() != str(new_dir)  # a vault is there now: a new folder is proposed
    _fill_webdav(dialog.form, webdav, PASSWORD)
    dialog.list_button.click()
    dialog.folder.setText(str(new_dir))
    dialog.secret.setText(PASSPHRASE)
    assert not dialog.restore_button.isEnabled()
    assert "A vault is already in that folder" in dialog.folder_note.text()
    dialog.replace.setChecked(True)
    assert dialog.restore_button.isEnabled()
    dialog.restore_button.click()  # the app holds this folder's lock while locked: the restore may write there
    assert window.vault is not None and window.vault.count() == count + 1
    restore_action.trigger()
    dialog = window.findChildren(RestoreDialog)[-1]
    dialog.folder.setText(str(new_dir))
    assert not dialog.replace.isEnabled() and "lock it first" in dialog.folder_note.text()


@pytest.mark.usefixtures("gui_env", "inline_tasks")
def test_automatic_backups_after_imports_daily_and_a_monthly_verification(
    qtbot: Any, vault: Vault, vault_dir: Path, tmp_path: Path
) -> None:

    window = open_window(qtbot, vault_dir, vault)
    scheduler = window.backup_scheduler
    dialog = _backup_dialog_from_settings(window)
    dialog.add_folder_target(str(tmp_path / "usb"))
    assert not dialog.daily.isEnabled()  # no target chosen for the automatic backups yet
    assert dialog.last_backup.text() == "Last backup: none yet."
    dialog.auto_target.setCurrentIndex(dialog.auto_target.findData("usb"))
    for check in (dialog.daily, dialog.after_import, dialog.monthly_verify):
        assert check.isEnabled()
        check.setChecked(True)
    assert schedule.load_schedule(vault) == schedule.Schedule("usb", True, True, True)  # kept in the vault
    target = backup.load_target(vault, "usb")

    assert scheduler.check() == "backup"  # nothing backed up yet: due
    assert len(backup.list_versions(target)) == 1 and scheduler.last_result == "Backed up to usb: 0 records."
    assert scheduler.check() == "verify"  # a backup that was never verified
    assert scheduler.last_result == "The backup on usb was verified."
    assert scheduler.check() == ""  # nothing due
    later = datetime.now(UTC) + timedelta(days=31)
    assert scheduler.check(now=later) == "backup" and scheduler.check(now=later) == "verify"
    dialog.load_schedule()
    assert (
        dialog.last_backup.text().startswith("Last backup: ")
        and "to usb: worked (0 records)." in dialog.last_backup.text()
    )
    assert "of usb: worked" in dialog.last_verify.text()

    # a failure is kept and shown
    (tmp_path / "a-file").write_text("not a folder")
    backup.save_target(vault, backup.make_target("bad", "folder", str(tmp_path / "a-file" / "usb")))
    schedule.save_schedule(vault, schedule.Schedule("bad", daily=True))
    assert scheduler.check(now=later + timedelta(days=2)) == "backup"
    assert scheduler.last_result.startswith("The automatic backup to bad failed: The target could not be used.")
    dialog.load_schedule()
    assert "to bad: failed: " in dialog.last_backup.text()
    assert scheduler.check(now=later + timedelta(days=2, minutes=1)) == ""  # not tried again at once


@pytest.mark.usefixtures("gui_env", "inline_tasks")
def test_a_newer_backup_from_another_computer_is_offered_for_restore(
    qtbot: Any, tmp_path: Path, webdav: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    vault_a, recovery = Vault.create(tmp_path / "a", PASSPHRASE, kdf=KdfParams.floor())
    vault_a.add_records([_note("first")])
    target = webdav.target()
    backup.save_target(vault_a, target)
    backup.run_backup(vault_a, target)  # computer A (this HOME)
    # computer B restores it, adds a record, backs up
    backup.restore(target, tmp_path / "b", passphrase=PASSPHRASE)
    with Vault.open(tmp_path / "b", PASSPHRASE) as vault_b:
        vault_b.add_records([_note("second")])
        newer = backup.run_backup(vault_b, target, computer="b" * 32)

    window = open_window(qtbot, tmp_path / "a", vault_a)
    window.backup_scheduler.check_remote()
    box = window.backup_scheduler.notice
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert "nas holds a newer backup of this vault, made on another computer" in box.text()
    assert "(2 records)" in box.text()
    [restore_button] = [b for b in box.buttons() if b.text() == "&Restore it..."]
    restore_button.click()
    dialog = window.findChildren(RestoreDialog)[-1]
    assert dialog.isVisible() and not dialog.form.isVisible()  # the target is known
    chosen = dialog.versions.currentItem()
    assert chosen is not None and chosen.data(0x0100) == newer.version.id
    assert dialog.folder.text() != str(tmp_path / "a")  # into a new folder beside this one
    dialog.use_recovery.setChecked(True)
    dialog.secret.setText(recovery)
    dialog.restore_button.click()
    assert window.vault is not None and window.vault is not vault_a and window.vault.count() == 2
    assert not vault_a.is_open  # the vault open before was locked
    assert not backup.remote_status(window.vault, target).newer_elsewhere  # level with the target now


@pytest.mark.usefixtures("gui_env")
def test_a_backup_follows_an_import_that_added_records(
    qtbot: Any, vault: Vault, vault_dir: Path, tmp_path: Path
) -> None:
    from conftest import DEMO

    window = open_window(qtbot, vault_dir, vault)  # tasks on worker threads, as in the app
    scheduler = window.backup_scheduler
    target = backup.make_target("usb", "folder", str(tmp_path / "usb"))
    backup.save_target(vault, target)
    schedule.save_schedule(vault, schedule.Schedule("usb", after_import=True))
    assert scheduler.check() == ""  # only after imports: nothing due by the clock
    window.import_files([DEMO / "Liz_Conn_27c911c6-f045-4ffa-af5d-6eba57ac94b2.json"])
    qtbot.waitUntil(lambda: scheduler.last_result != "", timeout=WAIT * 3)
    assert scheduler.last_result.startswith("Backed up to usb: "), scheduler.last_result
    [version] = backup.list_versions(target)
    assert version.records == vault.count() > 0
    window.import_files([DEMO / "Liz_Conn_27c911c6-f045-4ffa-af5d-6eba57ac94b2.json"])  # nothing new: no backup
    qtbot.waitUntil(lambda: not window.imports.busy, timeout=WAIT * 3)
    assert not scheduler.running and [v.id for v in backup.list_versions(target)] == [version.id]


@pytest.mark.usefixtures("gui_env", "inline_tasks")
def test_deleting_the_vault_offers_to_delete_its_backups_and_keeps_the_folder_locked(
    qtbot: Any, vault_dir: Path, tmp_path: Path, webdav: Server
) -> None:
    from wallet.ui.app import WalletApp

    vault, _recovery = Vault.create(vault_dir, PASSPHRASE, kdf=KdfParams.floor())
    app = WalletApp(vault_dir)
    assert app.claim()
    try:
        target = webdav.target()
        backup.save_target(vault, target)
        backup.run_backup(vault, target)
        other, _ = Vault.create(tmp_path / "other", PASSPHRASE, kdf=KdfParams.floor())
        theirs = backup.run_backup(other, target, force=True)  # another vault's backup in the same folder stays
        other.close()
        window = app.open_window(vault)
        qtbot.addWidget(window)
        window.show()
        _action(window, "&Delete...").trigger()
        dialog = window.findChild(DeleteDialog)
        assert dialog is not None and dialog.choice.checkedId() == VAULT
        assert dialog.delete_backups.isVisibleTo(dialog) and not dialog.delete_backups.isChecked()
        assert dialog.delete_backups.text() == "Also delete this vault's backups on: nas"
        assert "backups remain" in dialog.backups.text()

        webdav.stop()  # unreachable: nothing is deleted, the vault stays
        dialog.delete_backups.setChecked(True)
        dialog.confirm.setText("DELETE")
        dialog.delete_button.click()
        assert (vault_dir / KEY_NAME).exists() and window.vault is vault
        assert dialog.status.text().startswith("The vault was not deleted, because some backups could not be deleted:")
        assert "nas: the backup target nas cannot be reached" in dialog.status.text()

        webdav.start()
        dialog.delete_button.click()
        assert not (vault_dir / KEY_NAME).exists() and window.vault is None
        assert [v.id for v in backup.list_versions(target)] == [theirs.version.id]
        assert dialog.final_message is not None
        assert dialog.final_message.text() == "The vault was deleted, and its backups:\nnas: 1 backups deleted."
        # the app holds the folder again: a second app cannot open a vault made there meanwhile
        assert app.vault_dir == vault_dir and vault_dir.is_dir()
        with pytest.raises(VaultLocked):
            VaultFileLock(vault_dir).acquire()
    finally:
        app.release()


@pytest.mark.usefixtures("gui_env", "inline_tasks")
def test_deleting_a_person_can_replace_the_backups(
    qtbot: Any, vault: Vault, vault_dir: Path, tmp_path: Path, webdav: Server
) -> None:
    holder, other = fill(vault)
    name = vault.person(other).name
    target = webdav.target()
    backup.save_target(vault, target)
    old = backup.run_backup(vault, target, now=datetime.now(UTC) - timedelta(days=2))
    window = open_window(qtbot, vault_dir, vault)
    _action(window, "&Delete...").trigger()
    dialog = window.findChild(DeleteDialog)
    assert dialog is not None and dialog.persons.currentData() == other
    assert dialog.delete_backups.text().startswith("Also replace the backups on nas: a new backup without them")
    dialog.delete_backups.setChecked(True)
    dialog.confirm.setText(name)
    dialog.delete_button.click()
    assert [p.id for p in vault.persons()] == [holder]
    [version] = backup.list_versions(target)
    assert version.id != old.version.id and version.counts["persons"] == 1
    assert dialog.backup_results == ["nas: backed up anew, 1 older backups deleted."]
    assert window.last_message is not None and "backed up anew" in window.last_message.text()


@pytest.mark.usefixtures("gui_env")
def test_a_backup_in_the_dialog_shows_its_bytes_and_can_be_cancelled(
    qtbot: Any, vault: Vault, vault_dir: Path, webdav: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    vault.add_records([_note("a scan", secrets.token_bytes(3 << 20))])
    backup.save_target(vault, webdav.target())
    window = open_window(qtbot, vault_dir, vault)  # tasks on worker threads, as in the app
    dialog = _backup_dialog_from_settings(window)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=WAIT)
    monkeypatch.setattr(rclone_mod, "EXTRA_ARGS", ["--bwlimit", "1M"])  # about 3 s to upload
    dialog.back_up()
    assert dialog.busy and dialog.progress.isVisible() and not dialog.run_now.isEnabled()
    qtbot.waitUntil(lambda: " of " in dialog.progress.bytes.text(), timeout=WAIT)
    assert dialog.progress.bar.maximum() == 1000
    dialog.progress.cancel_button.click()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=WAIT)
    assert dialog.status.text() == "Cancelled. Nothing half-done is taken for a backup."
    assert not dialog.progress.isVisible() and dialog.run_now.isEnabled()
    assert backup.list_versions(webdav.target()) == []
    assert schedule.last_outcome(vault, "backup") is None  # a cancel is not a failed backup
    monkeypatch.setattr(rclone_mod, "EXTRA_ARGS", [])
    dialog.back_up()
    qtbot.waitUntil(lambda: not dialog.busy and dialog.versions.count() == 1, timeout=WAIT * 2)
    assert dialog.status.text().startswith("Backed up: 1 records, encrypted.")


class _KeySftp(Server):
    """``rclone serve sftp`` that also takes the public key in ``keys`` (an authorized_keys file)."""

    def __init__(self, root: Path, home: Path, keys: Path) -> None:
        super().__init__("sftp", root, home)
        self.keys = keys

    def _flags(self) -> list[str]:
        return [*super()._flags(), "--authorized-keys", str(self.keys)]


@pytest.mark.usefixtures("gui_env", "inline_tasks")
def test_an_sftp_target_with_a_key_file_and_no_password(
    qtbot: Any, vault: Vault, vault_dir: Path, tmp_path: Path
) -> None:
    import shutil
    import subprocess

    if shutil.which("ssh-keygen") is None:
        pytest.skip("ssh-keygen is not installed")
    key = tmp_path / "id_ed25519"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(key)], check=True)
    server = _KeySftp(tmp_path / "sftp-storage", tmp_path / "sftp-home", key.with_suffix(".pub")).start()
    try:
        window = open_window(qtbot, vault_dir, vault)
        dialog = _backup_dialog_from_settings(window)
        add = dialog.open_add_dialog()
        add.form.name.setText("ssh")
        add.form.set_kind(SFTP)
        add.form.sftp_host.setText("127.0.0.1")
        add.form.sftp_port.setValue(server.port)
        add.form.sftp_user.setText(USER)
        add.test_button.click()
        assert add.status.text() == "Fill in: the password or a key file"
        other = tmp_path / "other_key"
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(other)], check=True)
        add.form.sftp_key.setText(str(other))  # a key the server does not know
        add.test_button.click()
        assert add.status.text().startswith("Wrong user name, password or key"), add.status.text()
        add.form.sftp_key.setText(str(key))
        add.test_button.click()
        assert add.status.text() == "Connected: no backups there yet.", add.status.text()
        add.save_button.click()
        target = backup.load_target(vault, "ssh")
        assert target.options["key_file"] == str(key) and "pass" not in target.secrets
        dialog.back_up()
        assert dialog.status.text().startswith("Backed up: 0 records, encrypted."), dialog.status.text()
        assert len(backup.list_versions(target)) == 1
    finally:
        server.stop()

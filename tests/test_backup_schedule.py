"""Backups with progress and cancel, a full WebDAV server, deleting a vault's backups, and the schedule.

Against real ``rclone serve webdav`` servers on 127.0.0.1 (tests/backup_support.py) and folders.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from backup_support import Server, server_fixture
from backup_support import tiny_disk_fixture as tiny_disk_fixture
from conftest import PASSPHRASE

from wallet.errors import BackupCancelled, BackupRefused
from wallet.features import backup
from wallet.features.backup import rclone as rclone_mod
from wallet.features.backup import schedule, service
from wallet.model import Attachment, Domain, Provenance, Record
from wallet.store.keys import KdfParams
from wallet.store.vault import Vault


@pytest.fixture(autouse=True)
def computer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """This test's computer: its own HOME, where the computer id is made."""
    home = tmp_path / "home-a"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    return home


webdav = server_fixture("webdav")


def _vault(folder: Path, big: int = 0) -> Vault:
    vault, _recovery = Vault.create(folder, PASSPHRASE, kdf=KdfParams.floor())
    typed = Provenance(connector_id="manual", connector_version="1", source_name="typed")
    note = Record(domain=Domain.DOCUMENTS, kind="note", title="a note", provenance=typed)
    if big:
        note.attachments = [
            Attachment(name="scan.bin", media_type="application/octet-stream", data=secrets.token_bytes(big))
        ]
    vault.add_records([note])
    return vault


def test_a_backup_reports_its_bytes_up_to_the_total(tmp_path: Path) -> None:
    vault = _vault(tmp_path / "vault", big=300_000)
    target = backup.make_target("usb", "folder", str(tmp_path / "usb"))
    seen: list[tuple[int, int]] = []
    report = backup.run_backup(vault, target, transfer=lambda done, total: seen.append((done, total)))
    parts = report.version.manifest["parts"]
    total = sum(int(p["bytes"]) for p in parts.values())
    assert seen and seen[-1] == (total, total)
    assert all(done <= t for done, t in seen) and [d for d, _ in seen] == sorted(d for d, _ in seen)
    assert backup.verify(vault, target, transfer=lambda d, t: None).problems == []
    vault.close()


@pytest.mark.slow
def test_a_cancelled_upload_is_no_backup_and_the_next_run_completes(
    tmp_path: Path, webdav: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    vault = _vault(tmp_path / "vault", big=3 << 20)
    target = webdav.target()
    monkeypatch.setattr(rclone_mod, "EXTRA_ARGS", ["--bwlimit", "1M"])  # about 3 s to upload
    seen: list[int] = []
    with pytest.raises(BackupCancelled):
        backup.run_backup(vault, target, transfer=lambda done, _total: seen.append(done), cancel=lambda: any(seen))
    assert any(seen)  # it was cancelled once bytes had gone, in the middle of the upload
    monkeypatch.setattr(rclone_mod, "EXTRA_ARGS", [])
    listing = service.scan(rclone_mod.Rclone(target.remote()))
    assert listing.versions == [] and len(listing.unfinished) == 1
    assert not (webdav.root / "wallet-backups" / service.LOCK_NAME).exists()  # the lock was given back
    report = backup.run_backup(vault, target)
    listing = service.scan(rclone_mod.Rclone(target.remote()))
    assert [v.id for v in listing.versions] == [report.version.id] and listing.unfinished == []
    vault.close()


def test_a_full_webdav_server_says_the_upload_was_refused(tmp_path: Path, tiny_disk: Path) -> None:
    # rclone serve webdav answers a write to a full disk with "405 Method Not Allowed"
    vault = _vault(tmp_path / "vault", big=400_000)
    server = Server.in_tmp("webdav", tmp_path, root=tiny_disk / "dav").start()
    try:
        target = server.target()
        with pytest.raises(BackupRefused) as info:
            backup.run_backup(vault, target)
        message = str(info.value)
        assert message.startswith("the backup target nas refused the upload (it may be full or read-only)"), message
        assert "\n" not in message
        assert backup.list_versions(target) == []
    finally:
        server.stop()
        vault.close()


def test_405_is_a_refused_upload_only_when_writing() -> None:
    rc = rclone_mod.Rclone(backup.make_target("usb", "folder", "/tmp/nowhere").remote())
    stderr = (
        b"ERROR : big.bin: Failed to copy: unchunked simple update failed: Method Not Allowed: 405 Method Not Allowed\n"
    )
    assert isinstance(rc.error(1, stderr, upload=True), BackupRefused)
    assert not isinstance(rc.error(1, stderr, upload=False), BackupRefused)
    assert rclone_mod._writes_remote(["copy", "/tmp/x", rclone_mod.REMOTE_NAME + ":versions/a.part"])
    assert not rclone_mod._writes_remote(["copyto", rclone_mod.REMOTE_NAME + ":versions/a/vault.db", "/tmp/x"])
    assert not rclone_mod._writes_remote(["lsjson", "--recursive", rclone_mod.REMOTE_NAME + ":versions"])


def test_delete_backups_removes_this_vaults_versions_only(tmp_path: Path, webdav: Server) -> None:
    mine = _vault(tmp_path / "mine")
    other = _vault(tmp_path / "other")
    target = webdav.target()
    first = backup.run_backup(mine, target, now=datetime(2026, 1, 1, 12, tzinfo=UTC))
    second = backup.run_backup(mine, target, now=datetime(2026, 2, 1, 12, tzinfo=UTC))
    theirs = backup.run_backup(other, target, force=True)  # another vault in the same folder (forced)
    assert len(backup.list_versions(target)) == 3
    kept = backup.delete_backups(target, mine.keyfile.vault_id, keep=frozenset({second.version.id}))
    assert kept == [first.version.id]
    assert {v.id for v in backup.list_versions(target)} == {second.version.id, theirs.version.id}
    gone = backup.delete_backups(target, mine.keyfile.vault_id)
    assert gone == [second.version.id]
    assert [v.id for v in backup.list_versions(target)] == [theirs.version.id]
    left = sorted(p.name for p in (webdav.root / "wallet-backups" / "versions").iterdir())
    assert left == [theirs.version.id]  # nothing of the deleted versions is left on the server's disk
    mine.close()
    other.close()


def test_the_schedule_is_kept_in_the_vault_and_says_when_a_backup_is_due(tmp_path: Path) -> None:
    vault = _vault(tmp_path / "vault")
    now = datetime(2026, 5, 10, 9, tzinfo=UTC)
    assert schedule.load_schedule(vault) == schedule.Schedule() and not schedule.Schedule().active
    plan = schedule.Schedule(target="usb", after_import=True, daily=True, monthly_verify=True)
    schedule.save_schedule(vault, plan)
    assert schedule.load_schedule(vault) == plan and plan.active
    assert schedule.backup_due(vault, plan, now)
    assert not schedule.verify_due(vault, plan, now)  # nothing backed up yet: nothing to verify
    schedule.record(vault, schedule.Outcome("backup", now, "usb", True, records=3))
    assert not schedule.backup_due(vault, plan, now + timedelta(hours=23))
    assert schedule.backup_due(vault, plan, now + timedelta(hours=24))
    assert schedule.verify_due(vault, plan, now)
    failed = schedule.Outcome("backup", now + timedelta(days=1), "usb", False, "the server does not answer")
    schedule.record(vault, failed)
    assert schedule.last_outcome(vault, "backup") == failed  # shown as the last result
    assert not schedule.backup_due(vault, plan, now + timedelta(days=1, minutes=1))  # no retry at once
    assert schedule.backup_due(vault, plan, now + timedelta(days=1, hours=1))  # the failure did not count
    schedule.record(vault, schedule.Outcome("verify", now, "usb", True))
    assert not schedule.verify_due(vault, plan, now + timedelta(days=29))
    assert schedule.verify_due(vault, plan, now + timedelta(days=30))
    assert not schedule.backup_due(vault, schedule.Schedule(target="usb"), now + timedelta(days=9))
    vault.close()
    with Vault.open(tmp_path / "vault", PASSPHRASE) as again:  # kept inside the vault
        assert schedule.load_schedule(again) == plan
        assert schedule.last_outcome(again, "verify") is not None

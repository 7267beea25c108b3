"""Encrypted backups (wallet.features.backup) against real storage servers on 127.0.0.1.

The servers are rclone's own (``rclone serve webdav`` and ``rclone serve sftp``, with a user and a
password), started by the tests on free ports and stopped after them.  A backup is restored on
"another computer" (a fresh HOME) with the recovery key and compared record by record and share by
share; a server killed in the middle of an upload leaves nothing that is listed as a backup; wrong
credentials give one readable line; a marker string from the imported data appears nowhere in the
server's storage folder.  The retention rule is checked against restic's documented meaning of
``--keep-daily 7 --keep-weekly 4 --keep-monthly 12``, worked out by hand below.
"""

from __future__ import annotations

import dataclasses
import json
import os
import secrets
import shutil
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from backup_support import PASSWORD, USER, Server, server_fixture
from backup_support import tiny_disk_fixture as tiny_disk_fixture
from conftest import PASSPHRASE, run_cli
from share_support import fill, request

from wallet.errors import (
    BackUpAnyway,
    BackupAuthFailed,
    BackupConflict,
    BackupError,
    BackupFull,
    BackupUnreachable,
    VaultExists,
    WrongPassphrase,
)
from wallet.features import backup
from wallet.features.backup import rclone as rclone_mod
from wallet.features.backup import service
from wallet.features.backup.retention import to_keep
from wallet.features.share.bundle import create_share
from wallet.features.share.receipts import list_shares
from wallet.features.share.selection import prepare
from wallet.model import Attachment, Domain, Provenance, Record
from wallet.store.keys import KdfParams
from wallet.store.vault import Vault

MARKER = "ZEBRA-MARKER-" + secrets.token_hex(6)
"""Text in an imported record; no byte of it may reach a server."""


@pytest.fixture(autouse=True)
def computer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """This test's "computer": its own HOME, so the computer id is made there and not in the real one."""
    home = tmp_path / "home-a"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    return home


def _another_computer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home-b"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    return home


webdav = server_fixture("webdav")
sftp = server_fixture("sftp")


# -------------------------------------------------------------------- data


def _new_vault(folder: Path) -> tuple[Vault, str]:
    return Vault.create(folder, PASSPHRASE, kdf=KdfParams.floor())


def _note(title: str) -> Record:
    typed = Provenance(connector_id="manual", connector_version="1", source_name="typed")
    return Record(domain=Domain.DOCUMENTS, kind="note", title=title, provenance=typed)


def _fill(vault: Vault, tmp_path: Path) -> None:
    """Synthea and IPS patients, a note carrying the marker, and one share."""
    holder_id, _other = fill(vault)
    note = Record(
        domain=Domain.DOCUMENTS,
        kind="note",
        title=f"Note {MARKER}",
        text=f"remember {MARKER}",
        start=datetime(2024, 5, 1, 9, 30, tzinfo=UTC),
        provenance=Provenance(connector_id="manual", connector_version="1", source_name="typed"),
        attachments=[Attachment(name="note.txt", media_type="text/plain", data=f"a {MARKER} b".encode())],
    )
    vault.add_records([note])
    create_share(vault, prepare(vault, request(holder_id)), tmp_path / "share.zip")


def _contents(vault: Vault) -> tuple[list[str], list[str], list[str]]:
    """Every record (with attachments), person and share receipt of the vault, as JSON texts to compare."""
    records = sorted(vault.get(r.id).model_dump_json() for r in vault.records())
    persons = sorted(p.model_dump_json() for p in vault.persons())
    shares = sorted(json.dumps(dataclasses.asdict(s), sort_keys=True) for s in list_shares(vault))
    return records, persons, shares


def _assert_no_plaintext(stored: bytes, vault_names: list[str]) -> None:
    assert stored, "nothing was stored"
    assert MARKER.encode() not in stored
    for name in vault_names:
        assert name.encode() not in stored, name
    assert b"SQLite format 3" not in stored


# -------------------------------------------------------------------- tests


@pytest.mark.slow
def test_webdav_backup_restores_on_another_computer_with_the_recovery_key(
    tmp_path: Path, webdav: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    vault, recovery = _new_vault(tmp_path / "vault")
    _fill(vault, tmp_path)
    target = webdav.target()
    backup.save_target(vault, target)
    before = _contents(vault)
    names = [p.name for p in vault.persons() if p.name]
    assert before[2] and len(names) == 2 and any(MARKER in r for r in before[0])

    report = backup.run_backup(vault, target)
    assert report.version.records == vault.count() and report.version.counts["shares"] == 1
    assert [v.id for v in backup.list_versions(target)] == [report.version.id]
    _assert_no_plaintext(webdav.stored_bytes(), names)
    assert backup.verify(vault, target).problems == []
    vault.close()
    shutil.rmtree(tmp_path / "vault")  # the laptop is lost

    _another_computer(tmp_path, monkeypatch)
    new_home = tmp_path / "new-laptop" / "vault"
    fresh = backup.make_target("nas", "webdav", target.path, dict(target.options), dict(target.secrets))
    with pytest.raises(WrongPassphrase):
        backup.restore(fresh, new_home, recovery_key="AAAAA-BBBBB-CCCCC-DDDDD-EEEEE-FFFFF-GGGGG-HHHHH")
    assert not new_home.exists() or not any(new_home.iterdir())  # a wrong key leaves nothing behind
    restored = backup.restore(fresh, new_home, recovery_key=recovery)
    assert restored.problems == [] and restored.version.id == report.version.id
    with Vault.open(new_home, PASSPHRASE) as back:
        assert back.check() == []
        assert _contents(back) == before
        assert [t.name for t in backup.list_targets(back)] == ["nas"]
        assert not backup.remote_status(back, fresh).newer_elsewhere
    with pytest.raises(VaultExists):
        backup.restore(fresh, new_home, passphrase=PASSPHRASE)


@pytest.mark.slow
def test_sftp_through_the_command_line(tmp_path: Path, sftp: Server, monkeypatch: pytest.MonkeyPatch) -> None:
    vault, recovery = _new_vault(tmp_path / "vault")
    _fill(vault, tmp_path)
    before = _contents(vault)
    names = [p.name for p in vault.persons() if p.name]
    vault.close()
    env = {
        "HOME": os.environ["HOME"],
        "XDG_DATA_HOME": os.environ["XDG_DATA_HOME"],
        "MYDATA_WALLET_BACKUP_PASS": PASSWORD,
    }
    spec = ["--type", "sftp", "--path", "wallet-backups", "--set", "host=127.0.0.1", "--set", f"port={sftp.port}"]
    spec += ["--set", f"user={USER}", "--set", "shell_type=none", "--secret", "pass"]
    done = run_cli(tmp_path / "vault", "backup", "add-target", "ssh", *spec, env=env)
    assert done.returncode == 0, done.stderr
    assert "ssh: sftp 127.0.0.1" in done.stdout and "pass set" in done.stdout and PASSWORD not in done.stdout
    done = run_cli(tmp_path / "vault", "backup", "run", env=env)
    assert done.returncode == 0 and "Backed up to ssh" in done.stdout, done.stderr
    listed = run_cli(tmp_path / "vault", "backup", "list", "--json", env=env)
    versions = json.loads(listed.stdout)["versions"]
    assert len(versions) == 1 and versions[0]["this_computer"] and versions[0]["counts"]["shares"] == 1
    _assert_no_plaintext(sftp.stored_bytes(), names)

    other = _another_computer(tmp_path, monkeypatch)
    env_b = {**env, "HOME": str(other), "XDG_DATA_HOME": str(other / ".local" / "share")}
    env_b["MYDATA_WALLET_RECOVERY_KEY"] = recovery
    dest = tmp_path / "laptop-b" / "vault"
    done = run_cli(dest, "backup", "restore", "--target", "ssh", *spec, "--recovery", passphrase=None, env=env_b)
    assert done.returncode == 0 and "opened and checked" in done.stdout, done.stderr
    with Vault.open(dest, PASSPHRASE) as back:
        assert _contents(back) == before
    done = run_cli(dest, "backup", "verify", env=env_b)
    assert done.returncode == 0 and done.stdout.startswith("ok: backup"), done.stderr


@pytest.mark.slow
def test_a_server_killed_mid_upload_leaves_no_backup_and_the_next_run_completes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    server = Server.in_tmp("webdav", tmp_path, root=tmp_path / "storage").start()
    big = secrets.token_bytes(3 << 20)  # 3 MB that do not compress
    try:
        vault, _ = _new_vault(tmp_path / "vault")
        scan_record = _note(f"Scan {MARKER}")
        scan_record.attachments = [Attachment(name="scan.bin", media_type="application/octet-stream", data=big)]
        vault.add_records([scan_record])
        target = server.target()
        # about 3 s to upload; a request that fails is not tried again (the test is about what is left, not retries)
        monkeypatch.setattr(rclone_mod, "EXTRA_ARGS", ["--bwlimit", "1M", "--low-level-retries", "1"])
        failure: list[BaseException] = []

        def run() -> None:
            try:
                backup.run_backup(vault, target)
            except BaseException as exc:
                failure.append(exc)

        worker = threading.Thread(target=run)
        worker.start()
        versions = server.root / "wallet-backups" / "versions"
        deadline = time.monotonic() + 30
        while not any(p.is_file() and p.stat().st_size > 0 for p in versions.rglob("*")):
            assert time.monotonic() < deadline and worker.is_alive(), "the upload never began"
            time.sleep(0.02)
        server.stop()  # mid-upload
        worker.join(timeout=60)
        assert not worker.is_alive()
        assert len(failure) == 1 and isinstance(failure[0], BackupUnreachable), failure
        assert "\n" not in str(failure[0])

        monkeypatch.setattr(rclone_mod, "EXTRA_ARGS", [])
        server.start()  # the same port and storage: what the killed upload left is there
        listing = service.scan(rclone_mod.Rclone(target.remote()))
        assert listing.versions == [] and len(listing.unfinished) == 1
        report = backup.run_backup(vault, target)
        listing = service.scan(rclone_mod.Rclone(target.remote()))
        assert [v.id for v in listing.versions] == [report.version.id] and listing.unfinished == []
        assert backup.verify(vault, target).problems == []
        vault.close()
    finally:
        server.stop()


@pytest.mark.slow
def test_s3_backup_prune_verify_restore(tmp_path: Path) -> None:
    server = Server.in_tmp("s3", tmp_path).start()
    try:
        vault, recovery = _new_vault(tmp_path / "vault")
        vault.add_records([_note(f"Note {MARKER}")])
        target = server.target()
        first = backup.run_backup(vault, target)
        second = backup.run_backup(vault, target)  # the same day: the daily rule keeps the newer one
        assert second.pruned == [first.version.id]
        assert [v.id for v in backup.list_versions(target)] == [second.version.id]
        assert backup.verify(vault, target).problems == []
        _assert_no_plaintext(server.stored_bytes(), [])
        vault.close()
        assert backup.restore(target, tmp_path / "restored", recovery_key=recovery).problems == []
        with pytest.raises(BackupAuthFailed):
            backup.list_versions(server.target(password="not-the-secret"))
    finally:
        server.stop()


def test_wrong_credentials_and_a_stopped_server_give_one_readable_line(tmp_path: Path, webdav: Server) -> None:
    with pytest.raises(BackupAuthFailed) as info:
        backup.list_versions(webdav.target(password="not-the-password"))
    message = str(info.value)
    assert message.startswith("the backup target nas refused the user name or password") and "\n" not in message
    assert "not-the-password" not in message
    vault, _ = _new_vault(tmp_path / "vault")
    vault.close()
    env = {"MYDATA_WALLET_BACKUP_PASS": "not-the-password"}
    args = ["--type", "webdav", "--set", f"url=http://127.0.0.1:{webdav.port}", "--set", f"user={USER}"]
    done = run_cli(tmp_path / "vault", "backup", "add-target", "nas", *args, "--secret", "pass", env=env)
    lines = done.stderr.strip().splitlines()
    assert done.returncode == 1 and len(lines) == 1, done.stderr
    assert lines[0].startswith("mydata-wallet: the backup target nas refused the user name or password")
    assert "backup add-target nas --replace" in lines[0]
    webdav.stop()
    with pytest.raises(BackupUnreachable) as stopped:
        backup.list_versions(webdav.target())
    assert "cannot be reached" in str(stopped.value) and "\n" not in str(stopped.value)


def test_a_full_disk_and_a_full_sftp_server_say_so(tmp_path: Path, tiny_disk: Path) -> None:
    vault, _ = _new_vault(tmp_path / "vault")  # its snapshot is larger than the 256 KB disk
    folder = backup.make_target("usb", "folder", str(tiny_disk / "usb"))
    server = Server.in_tmp("sftp", tmp_path, root=tiny_disk / "sftp").start()
    try:
        for target in (folder, server.target()):
            with pytest.raises(BackupError) as info:
                backup.run_backup(vault, target)
            if target is folder or isinstance(info.value, BackupFull):
                # A local disk always says ENOSPC. rclone's SFTP server says so too, or (about one run in
                # three here) closes the pipe mid-write ("read/write on closed pipe"): then all the wallet can
                # say is that the target failed, in one line, with nothing half-written listed.
                assert isinstance(info.value, BackupFull)
                assert str(info.value).startswith(f"the backup target {target.name} is full: no room for the backup")
            assert "\n" not in str(info.value)
            assert backup.list_versions(target) == []
    finally:
        server.stop()
        vault.close()


def test_a_full_remote_is_told_as_such() -> None:
    # rclone's own words when a WebDAV server's quota is used up (HTTP 507) and when a disk is full (ENOSPC)
    rc = rclone_mod.Rclone(backup.make_target("usb", "folder", "/tmp/nowhere").remote())
    dav = b'ERROR : vault.db: Failed to copy: 507 Insufficient Storage: "quota exceeded"\n'
    disk = b"ERROR : vault.db: Failed to copy: write /mnt/usb/vault.db: no space left on device\n"
    for stderr in (dav, disk):
        error = rc.error(1, stderr)
        assert isinstance(error, BackupFull) and str(error).startswith("the backup target usb is full"), error


@pytest.mark.slow
def test_two_computers_do_not_overwrite_each_other(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = backup.make_target("usb", "folder", str(tmp_path / "usb"))
    vault_a, recovery = _new_vault(tmp_path / "a")
    vault_a.add_records([_note("first")])
    backup.save_target(vault_a, target)
    first = backup.run_backup(vault_a, target, computer="a" * 32)

    # computer B restores that backup and goes on with it
    restored = backup.restore(target, tmp_path / "b", recovery_key=recovery)
    assert restored.problems == []
    with Vault.open(tmp_path / "b", PASSPHRASE) as vault_b:
        vault_b.add_records([_note("second")])
        second = backup.run_backup(vault_b, target, computer="b" * 32)
    assert second.version.records == first.version.records + 1

    status = backup.remote_status(vault_a, target, computer="a" * 32)
    assert status.newer_elsewhere and status.newest is not None and status.newest.id == second.version.id
    with pytest.raises(BackupConflict) as info:
        backup.run_backup(vault_a, target, computer="a" * 32)
    assert info.value.hint == BackUpAnyway() and "newer backup of this vault" in str(info.value)
    forced = backup.run_backup(vault_a, target, force=True, computer="a" * 32)
    assert forced.version.computer == "a" * 32

    # a fresh lock of another computer stops a run; another vault's backups in the folder too
    lock = {"computer": "c" * 32, "vault_id": "x", "time": datetime.now(UTC).isoformat(), "nonce": "n"}
    (tmp_path / "usb" / service.LOCK_NAME).write_text(json.dumps(lock))
    with pytest.raises(BackupConflict, match="another computer has been writing"):
        backup.run_backup(vault_a, target, computer="a" * 32)
    (tmp_path / "usb" / service.LOCK_NAME).unlink()
    other, _ = _new_vault(tmp_path / "other")
    with pytest.raises(BackupConflict, match="another vault's backups"):
        backup.run_backup(other, target, computer="a" * 32)
    other.close()
    vault_a.close()


def test_retention_keeps_what_restic_keeps() -> None:
    # One backup a day at noon UTC from Thursday 1 Jan 2026 (d00) to Tuesday 31 Mar (d89), and a second one
    # on 31 Mar at 18:00.  Daily: the newest of each of the last 7 days with backups (31 Mar is "late", then
    # 30..25 Mar = d88..d83); weekly: the newest of the ISO weeks 14 ("late"), 13 (Sunday 29 Mar, d87), 12
    # (22 Mar, d80) and 11 (15 Mar, d73); monthly: March ("late"), February (28 Feb, d58), January (31 Jan, d30).
    start = datetime(2026, 1, 1, 12, tzinfo=UTC)
    versions = [(f"d{i:02d}", start + timedelta(days=i)) for i in range(90)]
    versions.append(("late", datetime(2026, 3, 31, 18, tzinfo=UTC)))
    assert dict(versions)["d87"].date().isoformat() == "2026-03-29" and dict(versions)["d87"].isoweekday() == 7
    expected = {"late", "d88", "d87", "d86", "d85", "d84", "d83", "d80", "d73", "d58", "d30"}
    assert to_keep(versions) == expected
    assert to_keep(list(reversed(versions))) == expected  # the order given does not matter
    assert to_keep([]) == set()
    assert to_keep(versions, backup.Retention(daily=1, weekly=0, monthly=0)) == {"late"}


def test_prune_leaves_the_retention_set_on_the_target(tmp_path: Path) -> None:
    vault, _ = _new_vault(tmp_path / "vault")
    target = backup.make_target("usb", "folder", str(tmp_path / "usb"))
    first = backup.run_backup(vault, target, computer="a" * 32, now=datetime(2026, 3, 31, 18, tzinfo=UTC))
    versions = tmp_path / "usb" / "versions"
    made = {}
    for i in range(40):  # fake older versions: copies of the real one, each manifest with its own time
        when = datetime(2026, 2, 20, 12, tzinfo=UTC) + timedelta(days=i)
        vid = f"{when:%Y%m%dT%H%M%SZ}-{'a' * 8}-{i:04x}"
        shutil.copytree(versions / first.version.id, versions / vid)
        manifest = json.loads((versions / vid / "manifest.json").read_text())
        manifest["time"] = when.isoformat().replace("+00:00", "Z")
        (versions / vid / "manifest.json").write_text(json.dumps(manifest))
        made[vid] = when
    (versions / f"20260101T000000Z-{'a' * 8}-dead").mkdir()  # an unfinished upload of this computer
    (versions / f"20260101T000000Z-{'a' * 8}-dead" / "vault.db.part").write_bytes(b"x")
    everything = [(first.version.id, first.version.time), *made.items()]
    pruned = backup.prune(vault, target, computer="a" * 32)
    left = {v.id for v in backup.list_versions(target)}
    assert left == to_keep(everything) and len(pruned) == len(everything) - len(left)
    assert sorted(p.name for p in versions.iterdir()) == sorted(left)
    vault.close()

"""Read-only and full disks: said as such, never as damage, and the vault stays as it was.

The honest tests use real file systems: a small tmpfs filled up, and a tmpfs remounted
read-only (root ignores file permissions, but not a read-only mount).  Mounting needs root
and a machine that allows it; where it does not, those tests skip and say why, and the
others still exercise the same paths: SQLite's ``max_page_count`` gives a real
SQLITE_FULL, and the read-only decision is driven through ``os.access``.
"""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlcipher3
from conftest import DEMO, FIXTURES, PASSPHRASE, run_cli

from wallet.errors import DiskFull, VaultDamaged, VaultError, VaultReadOnly
from wallet.imports.connector import Source
from wallet.imports.pipeline import import_source
from wallet.model import Person
from wallet.store import audit
from wallet.store import files as fsutil
from wallet.store import vault as vault_mod
from wallet.store.keys import KdfParams
from wallet.store.vault import DB_NAME, KEY_NAME, Vault, VaultFileLock, storage_error

SYNTHEA = sorted(
    [*(FIXTURES / "fhir-synthea").glob("*.json"), DEMO / "Liz_Conn_27c911c6-f045-4ffa-af5d-6eba57ac94b2.json"],
    key=lambda p: p.name,
)


def _digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


def _one_line(r: subprocess.CompletedProcess[str]) -> str:
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    assert "Traceback" not in r.stderr and "internal error" not in r.stderr
    return lines[0]


class Tmpfs:
    """A small tmpfs mounted at ``path``; unmounted at the end."""

    def __init__(self, path: Path, size: str) -> None:
        self.path = path
        path.mkdir(parents=True, exist_ok=True)
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(path)],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            pytest.skip(f"cannot mount a tmpfs here ({done.stderr.strip() or done.returncode}): no real disk to fill")

    def remount_read_only(self) -> None:
        subprocess.run(["mount", "-o", "remount,ro", str(self.path)], check=True, capture_output=True)

    def fill(self, leave: int = 0) -> Path:
        """Fill the file system, then give back ``leave`` bytes."""
        filler = self.path / "filler"
        with filler.open("ab", buffering=0) as fh:
            try:
                while True:
                    fh.write(b"\0" * 65536)
            except OSError as exc:
                assert exc.errno == errno.ENOSPC
            try:
                while True:
                    fh.write(b"\0" * 512)
            except OSError:
                pass
            if leave:
                fh.truncate(max(0, filler.stat().st_size - leave))
        return filler

    def unmount(self) -> None:
        subprocess.run(["umount", "-l", str(self.path)], check=False, capture_output=True)


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[Any]:
    if shutil.which("mount") is None or (hasattr(os, "geteuid") and os.geteuid() != 0):
        pytest.skip("mounting a tmpfs needs root and mount(8): no real read-only or full disk to test on")
    made: list[Tmpfs] = []

    def make(size: str = "4m") -> Tmpfs:
        fs = Tmpfs(tmp_path / f"fs{len(made)}", size)
        made.append(fs)
        return fs

    yield make
    for fs in made:
        fs.unmount()


@pytest.fixture
def filled_vault(vault_dir: Path) -> Path:
    v, _ = Vault.create(vault_dir, PASSPHRASE, kdf=KdfParams.floor())
    import_source(v, Source(SYNTHEA[0]))
    v.close()
    return vault_dir


# ====================================================================== read-only


def _reads_only(vault: Vault, before: dict[str, str], folder: Path) -> None:
    """Reading works; every kind of write says read-only; nothing changes on disk."""
    assert vault.read_only
    first = vault.records(limit=3)[0]
    assert vault.count() > 0 and vault.get(first.id).title == first.title
    assert vault.check() == []
    audit_before = len(audit.entries(vault.conn))
    writes = [
        lambda: vault.audit("x", {}),
        lambda: vault.save_person(Person(name="Someone")),
        lambda: vault.cache_set("k", 1),
        lambda: vault.delete_record(vault.records(limit=1)[0].id),
        lambda: vault.change_passphrase("a brand new passphrase"),
        lambda: import_source(vault, Source(SYNTHEA[1])),
    ]
    for write in writes:
        with pytest.raises(VaultReadOnly, match="read-only"):
            write()
    with pytest.raises(sqlcipher3.OperationalError, match=r"readonly|read-only|query_only"):
        vault.conn.execute("DELETE FROM records")  # SQLite itself refuses, not only this code
    assert len(audit.entries(vault.conn)) == audit_before
    vault.close()
    after = _digest(folder)
    # where the folder can in fact be written (the os.access test), SQLite leaves its empty log and index
    wal = folder / (DB_NAME + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0
    assert {n: after[n] for n in (DB_NAME, KEY_NAME)} == {n: before[n] for n in (DB_NAME, KEY_NAME)}


@pytest.mark.slow
def test_a_vault_that_cannot_be_written_opens_read_only(filled_vault: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The decision: os.access says the folder or the database cannot be written (as for a read-only mount)."""
    real_access = os.access
    monkeypatch.setattr(
        vault_mod.os, "access", lambda p, mode, **kw: False if mode == os.W_OK else real_access(p, mode, **kw)
    )
    before = _digest(filled_vault)
    vault = Vault.open(filled_vault, PASSPHRASE)
    assert vault.failed_unlocks.count == 0
    _reads_only(vault, before, filled_vault)
    checked = Vault.open(filled_vault, PASSPHRASE, for_check=True)
    assert checked.read_only and checked.check() == []
    checked.close()
    assert {n: _digest(filled_vault)[n] for n in before} == before


def test_a_writable_vault_is_not_read_only(filled_vault: Path) -> None:
    with Vault.open(filled_vault, PASSPHRASE) as vault:
        assert not vault.read_only
        vault.audit("x", {})


@pytest.mark.slow
def test_a_vault_on_a_read_only_mount(filled_vault: Path, tmpfs: Any) -> None:
    fs = tmpfs()
    copy = fs.path / "vault"
    shutil.copytree(filled_vault, copy)
    fs.remount_read_only()
    before = _digest(copy)
    _reads_only(Vault.open(copy, PASSPHRASE), before, copy)
    # the CLI: reading commands work and say that nothing is recorded; writing ones say read-only
    listed = run_cli(copy, "records", "--all-people")
    assert listed.returncode == 0 and listed.stdout.strip()
    assert "read-only" in _one_line(listed) and "not recorded in the audit log" in listed.stderr
    assert run_cli(copy, "check").returncode == 0
    added = run_cli(copy, "persons", "add", "Someone")
    assert added.returncode == 1 and "read-only" in added.stderr.splitlines()[-1]
    assert "Traceback" not in added.stderr
    imported = run_cli(copy, "import", str(SYNTHEA[1]), str(SYNTHEA[2]))
    assert imported.returncode == 1
    assert imported.stderr.strip().splitlines()[-1].endswith("nothing can be imported into it")
    assert len(imported.stderr.strip().splitlines()) == 2  # the note, and one refusal for all the files
    passwd = run_cli(copy, "passwd", "--recovery")
    assert passwd.returncode != 0 and "Traceback" not in passwd.stderr
    wrong = run_cli(copy, "records", passphrase="not the passphrase")
    assert wrong.returncode == 3  # nothing can be counted on a read-only disk, but it is still said
    lock = VaultFileLock(copy)  # the app's one-window-per-vault lock does not stop a read-only vault
    lock.acquire()
    lock.release()
    assert _digest(copy) == before


def test_a_read_only_vault_left_with_its_log_is_refused_with_a_way_out(vault_dir: Path, tmpfs: Any) -> None:
    """A log left by a crash holds committed changes; reading without it would show the vault as it was before."""
    v, _ = Vault.create(vault_dir, PASSPHRASE, kdf=KdfParams.floor())
    fs = tmpfs()
    copy = fs.path / "vault"
    copy.mkdir()
    shutil.copy2(vault_dir / KEY_NAME, copy / KEY_NAME)
    shutil.copy2(vault_dir / DB_NAME, copy / DB_NAME)
    shutil.copy2(vault_dir / (DB_NAME + "-wal"), copy / (DB_NAME + "-wal"))  # copied while open
    v.close()
    assert (copy / (DB_NAME + "-wal")).stat().st_size > 0
    fs.remount_read_only()
    with pytest.raises(VaultReadOnly, match=r"not closed cleanly.*copy the vault folder"):
        Vault.open(copy, PASSPHRASE)


# ====================================================================== full disk


@pytest.mark.slow
def test_sqlite_full_during_an_import_is_a_full_disk_and_changes_nothing(filled_vault: Path) -> None:
    """SQLite's max_page_count makes the database "full" exactly as a full disk does (SQLITE_FULL)."""
    vault = Vault.open(filled_vault, PASSPHRASE)
    try:
        count, people = vault.count(), len(vault.persons())
        pages = vault.conn.execute("PRAGMA page_count").fetchone()[0]
        vault.conn.execute(f"PRAGMA max_page_count = {pages + 2}")
        with pytest.raises(DiskFull, match=r"disk .*is full; nothing was changed") as info:
            import_source(vault, Source(SYNTHEA[1]))
        assert not isinstance(info.value, VaultDamaged)
        assert "rollback" not in str(info.value)
        assert vault.count() == count and len(vault.persons()) == people
        assert not vault.conn.in_transaction
        vault.conn.execute("PRAGMA max_page_count = 4294967294")
        assert vault.check() == []
        report = import_source(vault, Source(SYNTHEA[1]))  # with room again, the same file goes in
        assert report.added > 0
    finally:
        vault.close()


def test_an_error_after_sqlite_rolled_back_by_itself_is_the_one_reported(filled_vault: Path) -> None:
    """After some errors (a full disk) SQLite ends the transaction itself; the ROLLBACK that follows
    must not replace the real error with "cannot rollback - no transaction is active"."""

    class Boom(Exception):
        pass

    with Vault.open(filled_vault, PASSPHRASE) as vault, pytest.raises(Boom), vault.transaction() as conn:
        conn.execute("ROLLBACK")  # as SQLite does by itself on SQLITE_FULL
        raise Boom()


def _sqlite_error(code: int, text: str) -> sqlcipher3.Error:
    exc = sqlcipher3.OperationalError(text)
    exc.sqlite_errorcode = code
    return exc


def test_sqlite_and_disk_errors_in_plain_words(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert isinstance(storage_error(_sqlite_error(13, "database or disk is full"), tmp_path), DiskFull)
    assert isinstance(storage_error(_sqlite_error(8, "attempt to write a readonly database"), tmp_path), VaultReadOnly)
    damaged = storage_error(_sqlite_error(11, "database disk image is malformed"), tmp_path)
    assert isinstance(damaged, VaultDamaged) and "database is damaged" in str(damaged)
    assert isinstance(storage_error(_sqlite_error(26, "file is not a database")), VaultDamaged)
    io = storage_error(_sqlite_error(10, "disk I/O error"), tmp_path)
    assert type(io) is VaultError and "disk reported an error" in str(io)
    # an I/O error with (almost) no room left is the full disk SQLite could not name
    monkeypatch.setattr(shutil, "disk_usage", lambda p: shutil._ntuple_diskusage(10**9, 10**9, 4096))
    assert isinstance(storage_error(_sqlite_error(10, "disk I/O error"), tmp_path), DiskFull)
    assert isinstance(storage_error(OSError(errno.ENOSPC, "No space left on device")), DiskFull)
    assert isinstance(storage_error(OSError(errno.EROFS, "Read-only file system")), VaultReadOnly)
    assert storage_error(_sqlite_error(19, "UNIQUE constraint failed")) is None
    assert storage_error(ValueError("x")) is None


def test_a_failed_creation_leaves_nothing_behind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The disk fills up while the key file is written (the last step): the folders made go too,
    and what was there before stays."""
    (tmp_path / "keep.txt").write_text("mine")

    def no_room(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(fsutil.os, "fsync", no_room)
    with pytest.raises(DiskFull, match="disk is full: the vault could not be created"):
        Vault.create(tmp_path / "a" / "b" / "vault", PASSPHRASE, kdf=KdfParams.floor())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.txt"]
    existing = tmp_path / "existing"
    existing.mkdir()
    with pytest.raises(DiskFull):
        Vault.create(existing, PASSPHRASE, kdf=KdfParams.floor())
    assert existing.is_dir() and list(existing.iterdir()) == []


def test_key_file_writes_on_a_full_disk_say_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_room(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    target = tmp_path / "f"
    target.write_bytes(b"before")
    monkeypatch.setattr(fsutil.os, "fsync", no_room)
    with pytest.raises(DiskFull, match="disk is full"):
        fsutil.atomic_write(target, b"after")
    assert target.read_bytes() == b"before" and sorted(p.name for p in tmp_path.iterdir()) == ["f"]


@pytest.mark.slow
def test_a_really_full_disk(filled_vault: Path, tmpfs: Any) -> None:
    fs = tmpfs("3m")
    copy = fs.path / "vault"
    shutil.copytree(filled_vault, copy)
    # init on the full disk: one line, and no empty folder left behind
    filler = fs.fill()
    made = run_cli(fs.path / "new" / "vault", "init")
    assert made.returncode == 1 and "Traceback" not in made.stderr
    assert made.stderr.strip().splitlines()[-1].startswith("mydata-wallet: the disk is full: the vault could not")
    assert not (fs.path / "new").exists()
    # opening writes its audit entry: a full disk is said, not "damaged"
    before = _digest(copy)
    opened = run_cli(copy, "records")
    assert opened.returncode == 1
    line = _one_line(opened)
    assert "is full; nothing was changed" in line and "damaged" not in line
    with pytest.raises(DiskFull):
        Vault.open(copy, PASSPHRASE)
    # an import that runs out of room: said, and the records are as they were
    filler.unlink()
    vault = Vault.open(copy, PASSPHRASE)
    try:
        count = vault.count()
        fs.fill(leave=64 * 1024)
        with pytest.raises(DiskFull, match="is full; nothing was changed"):
            for path in SYNTHEA[1:]:
                import_source(vault, Source(path))
        assert vault.count() == count
    finally:
        vault.close()
    (fs.path / "filler").unlink()
    with Vault.open(copy, PASSPHRASE) as again:
        assert again.count() == count and again.check() == []
    assert set(before) <= set(_digest(copy))

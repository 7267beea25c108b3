"""The vault: keys, passphrases, damage, and nothing readable on disk."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import stat
from pathlib import Path

import pytest
from conftest import DEMO, FIXTURES, PASSPHRASE

from wallet.errors import (
    CreateVault,
    VaultDamaged,
    VaultExists,
    VaultLocked,
    VaultNotFound,
    WeakKeyParameters,
    WrongPassphrase,
)
from wallet.imports.connector import Source
from wallet.imports.pipeline import import_source
from wallet.store import unlocks
from wallet.store.keys import KdfParams
from wallet.store.migrations import LATEST
from wallet.store.vault import DB_NAME, KEY_NAME, Vault, VaultFileLock


def _digest_folder(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


def test_create_and_reopen(vault: Vault, vault_dir: Path) -> None:
    holder = vault.holder()
    vault.close()
    with Vault.open(vault_dir, PASSPHRASE) as again:
        assert again.holder().id == holder.id
        assert again.schema_version == LATEST
        assert again.check() == []


def test_cannot_create_over_existing(vault: Vault, vault_dir: Path) -> None:
    with pytest.raises(VaultExists):
        Vault.create(vault_dir, "another passphrase", kdf=KdfParams.floor())


def test_wrong_passphrase_says_so_and_changes_nothing(vault: Vault, vault_dir: Path) -> None:
    """The vault's files stay as they were; the one thing written is the failure count beside them
    (wallet.store.unlocks), which holds a count and two times, nothing else."""
    vault.close()
    before = _digest_folder(vault_dir)
    with pytest.raises(WrongPassphrase, match="wrong passphrase"):
        Vault.open(vault_dir, "not the passphrase")
    after = _digest_folder(vault_dir)
    counter = after.pop(unlocks.COUNTER_NAME)
    assert counter and after == before
    assert set(json.loads((vault_dir / unlocks.COUNTER_NAME).read_text())) == {"count", "first", "last"}


def test_recovery_key_opens_and_resets_passphrase(vault_dir: Path) -> None:
    v, recovery = Vault.create(vault_dir, PASSPHRASE, kdf=KdfParams.floor())
    v.close()
    with pytest.raises(WrongPassphrase, match="recovery"):
        Vault.open(vault_dir, recovery_key="AAAAA-BBBBB-CCCCC-DDDDD-EEEEE-FFFFF-GGGGG-HHHHH")
    # typed in lower case and without dashes still works
    with Vault.open(vault_dir, recovery_key=recovery.replace("-", " ").lower()) as v2:
        v2.change_passphrase("a brand new passphrase")
    with Vault.open(vault_dir, "a brand new passphrase"):
        pass


@pytest.mark.slow
def test_change_passphrase_rewraps_key_only(vault: Vault, vault_dir: Path) -> None:
    vault.close()
    db_before = (vault_dir / DB_NAME).read_bytes()
    with Vault.open(vault_dir, PASSPHRASE) as v:
        # the open itself appends an audit entry; capture the database after that
        v.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db_before = (vault_dir / DB_NAME).read_bytes()
        key_before = (vault_dir / KEY_NAME).read_bytes()
        data_key = v.data_key
        v.keyfile.rewrap(data_key, "new passphrase here")
        v.keyfile.save(vault_dir / KEY_NAME)
        assert (vault_dir / DB_NAME).read_bytes() == db_before, "rewrapping must not touch the database"
        assert (vault_dir / KEY_NAME).read_bytes() != key_before
    with pytest.raises(WrongPassphrase):
        Vault.open(vault_dir, PASSPHRASE)
    Vault.open(vault_dir, "new passphrase here").close()


def test_key_file_below_the_floor_is_refused(vault: Vault, vault_dir: Path) -> None:
    vault.close()
    data = json.loads((vault_dir / KEY_NAME).read_text())
    data["kdf"]["memory_kib"] = 1024
    (vault_dir / KEY_NAME).write_text(json.dumps(data))
    with pytest.raises(WeakKeyParameters, match="below the safe minimum"):
        Vault.open(vault_dir, PASSPHRASE)


def test_damaged_database_is_not_a_wrong_passphrase(vault: Vault, vault_dir: Path) -> None:
    vault.close()
    db = vault_dir / DB_NAME
    raw = bytearray(db.read_bytes())
    raw[: 4096 * 2] = b"\x00" * (4096 * 2)
    db.write_bytes(bytes(raw))
    (vault_dir / (DB_NAME + "-wal")).unlink(missing_ok=True)
    with pytest.raises(VaultDamaged) as info:
        Vault.open(vault_dir, PASSPHRASE)
    assert not isinstance(info.value, WrongPassphrase)
    assert "damaged" in str(info.value)


def test_damaged_key_file(vault: Vault, vault_dir: Path) -> None:
    vault.close()
    (vault_dir / KEY_NAME).write_text("{ not json")
    with pytest.raises(VaultDamaged, match="key file"):
        Vault.open(vault_dir, PASSPHRASE)
    (vault_dir / KEY_NAME).unlink()
    with pytest.raises(VaultDamaged, match="lost its key file"):
        Vault.open(vault_dir, PASSPHRASE)


def test_no_vault(tmp_path: Path) -> None:
    with pytest.raises(VaultNotFound, match="no vault in") as info:
        Vault.open(tmp_path / "nothing", PASSPHRASE)
    assert isinstance(info.value.hint, CreateVault)


def test_nothing_readable_on_disk(vault: Vault, vault_dir: Path) -> None:
    import_source(vault, Source(DEMO / "Liz_Conn_27c911c6-f045-4ffa-af5d-6eba57ac94b2.json"))
    assert vault.search("hypertension"), "the sample's condition must be in the vault"
    # at least 4 bytes each: a 3-byte string turns up by chance in a few MB of ciphertext (it did: b"Liz")
    secrets = [b'"Liz"', b"Conn", b"Hypertension", b"hypertension", b"Massachusetts", "Liz".encode("utf-16-le")]
    for path in vault_dir.iterdir():
        content = path.read_bytes()
        for s in secrets:
            assert s not in content, f"{s!r} readable in {path.name}"
        assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0, f"{path.name} is readable by others"
    # the plain sqlite3 library cannot read it
    with pytest.raises(sqlite3.DatabaseError), sqlite3.connect(vault_dir / DB_NAME) as plain:
        plain.execute("SELECT * FROM sqlite_master").fetchall()


def test_cipher_settings(vault: Vault) -> None:
    assert vault.conn.execute("PRAGMA cipher_version").fetchone()[0]
    assert vault.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert vault.conn.execute("PRAGMA temp_store").fetchone()[0] == 2  # MEMORY


def test_close_drops_key(vault: Vault) -> None:
    key_buffer = vault._key
    vault.close()
    assert not vault.is_open
    assert all(b == 0 for b in key_buffer)
    with pytest.raises(VaultLocked):
        _ = vault.data_key


def test_one_app_per_vault(vault_dir: Path, vault: Vault) -> None:
    first = VaultFileLock(vault_dir)
    first.acquire()
    try:
        with pytest.raises(VaultLocked, match="already open"):
            VaultFileLock(vault_dir).acquire()
    finally:
        first.release()
    second = VaultFileLock(vault_dir)
    second.acquire()
    second.release()


def test_migrates_a_vault_made_by_schema_1(tmp_path: Path) -> None:
    """tests/fixtures/vault-schema1 was made by schema 1 (see tests/make_fixture_vault.py)."""
    import shutil

    folder = tmp_path / "old"
    shutil.copytree(FIXTURES / "vault-schema1", folder)
    for p in folder.iterdir():
        p.chmod(0o600)
    with Vault.open(folder, "fixture passphrase") as v:
        assert v.schema_version == LATEST
        assert v.count() == 2
        titles = {r.title for r in v.search("고혈압")}
        assert titles == {"고혈압약 복용"}, "records from schema 1 must be indexed for search by the migration"
        assert v.check() == []


def test_newer_schema_is_refused(vault: Vault, vault_dir: Path) -> None:
    vault.conn.execute("PRAGMA user_version = 99")
    vault.close()
    with pytest.raises(VaultDamaged, match="newer MyData Wallet"):
        Vault.open(vault_dir, PASSPHRASE)


def test_cache_roundtrip(vault: Vault) -> None:
    vault.cache_set("x:1", {"a": [1, "두"]})
    assert vault.cache_get("x:1") == {"a": [1, "두"]}
    assert vault.cache_keys("x:") == ["x:1"]
    vault.cache_delete("x:1")
    assert vault.cache_get("x:1") is None


@pytest.mark.parametrize(
    ("field", "value"), [("memory_kib", 4_000_000_000), ("parallelism", 100_000), ("time_cost", 100_000)]
)
def test_key_file_with_absurd_parameters_is_refused_quickly(
    vault: Vault, vault_dir: Path, field: str, value: int
) -> None:
    vault.close()
    data = json.loads((vault_dir / KEY_NAME).read_text())
    data["kdf"][field] = value
    (vault_dir / KEY_NAME).write_text(json.dumps(data))
    with pytest.raises(VaultDamaged, match="tampered"):
        Vault.open(vault_dir, PASSPHRASE)


@pytest.mark.slow
def test_page_size_is_recorded_and_used(vault: Vault, vault_dir: Path) -> None:
    """New vaults use 16 KB pages; the key file says so, because SQLCipher needs it before reading."""
    data = json.loads((vault_dir / KEY_NAME).read_text())
    assert data["database"] == {"page_size": 16384}
    assert int(vault.conn.execute("PRAGMA page_size").fetchone()[0]) == 16384
    vault.close()
    with Vault.open(vault_dir, PASSPHRASE) as again:
        assert again.count() == 0 and again.check() == []
        with again.reader() as reader:
            assert reader.conn.execute("SELECT count(*) FROM persons").fetchone()[0] == 1
    # a key file from before the page size was recorded means SQLCipher's default, 4096:
    # the 16 KB database then does not open, and says it is damaged, not a wrong passphrase
    del data["database"]
    (vault_dir / KEY_NAME).write_text(json.dumps(data))
    with pytest.raises(VaultDamaged):
        Vault.open(vault_dir, PASSPHRASE)


@pytest.mark.parametrize("size", [4000, 0, 131072, "big"])
def test_impossible_page_size_in_the_key_file_is_damage(vault: Vault, vault_dir: Path, size: object) -> None:
    vault.close()
    data = json.loads((vault_dir / KEY_NAME).read_text())
    data["database"]["page_size"] = size
    (vault_dir / KEY_NAME).write_text(json.dumps(data))
    with pytest.raises(VaultDamaged, match=r"page size|key file"):
        Vault.open(vault_dir, PASSPHRASE)


@pytest.mark.parametrize("database", [None, [], "16384"])
def test_malformed_database_entry_in_the_key_file_is_damage(vault: Vault, vault_dir: Path, database: object) -> None:
    vault.close()
    data = json.loads((vault_dir / KEY_NAME).read_text())
    data["database"] = database
    (vault_dir / KEY_NAME).write_text(json.dumps(data))
    with pytest.raises(VaultDamaged, match="key file"):
        Vault.open(vault_dir, PASSPHRASE)


def test_check_reads_an_old_schema_without_migrating_it(tmp_path: Path) -> None:
    """`check` opens without migrating: its look for records without their origin (schema 5)
    must not fail on a vault of schema 1."""
    import shutil

    folder = tmp_path / "old"
    shutil.copytree(FIXTURES / "vault-schema1", folder)
    for p in folder.iterdir():
        p.chmod(0o600)
    v = Vault.open(folder, "fixture passphrase", for_check=True)
    try:
        assert v.schema_version == 1
        assert v.check() == []
    finally:
        v.close()


def test_atomic_write_without_overwrite_keeps_an_existing_file(tmp_path: Path) -> None:
    from wallet.errors import WalletError
    from wallet.store.files import atomic_write

    target = tmp_path / "notice.json"
    atomic_write(target, b"first", overwrite=False)
    assert target.read_bytes() == b"first"
    with pytest.raises(WalletError, match=r"notice\.json already exists; nothing was written to it"):
        atomic_write(target, b"second", overwrite=False)
    assert target.read_bytes() == b"first"
    assert [p.name for p in tmp_path.iterdir()] == ["notice.json"]
    atomic_write(target, b"third")  # the default replaces, as before
    assert target.read_bytes() == b"third"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600

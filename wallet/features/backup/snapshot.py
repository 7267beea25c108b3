"""A backup's parts: a consistent snapshot of the open vault, its key file, and a manifest.

The snapshot is made with SQLite's online backup API on a connection of its own to the open
vault, into a new database keyed with the vault's own key: a consistent copy of one moment, never
a copy of a file being written, and ciphertext page by page (SQLCipher encrypts the copy as it
writes it; :func:`take` checks the file does not begin as a plaintext SQLite file does).  The key
file holds the data key wrapped by the passphrase and by the recovery key, so the backup opens
with either and with nothing else.

The manifest (JSON, not encrypted: it must be read to list versions before any unlock) holds no
personal data: the vault's id, its schema version, the time, the computer's random id, how many
rows each table holds, and the size and SHA-256 of each part.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlcipher3

from wallet import __version__
from wallet.errors import BackupDamaged, BackupError
from wallet.store.connection import connect
from wallet.store.keys import KeyFile
from wallet.store.rows import utc_iso
from wallet.store.vault import DB_NAME, KEY_NAME, Vault

MANIFEST_NAME = "manifest.json"
PARTS = (DB_NAME, KEY_NAME)
MANIFEST_FORMAT = 1
COUNTED_TABLES = (
    "persons",
    "records",
    "attachments",
    "imports",
    "shares",
    "origins",
    "kv",
    "audit",
    "series",
    "samples",
)
"""The tables whose rows the manifest counts (those the vault's schema has)."""
PLAINTEXT_HEADER = b"SQLite format 3\x00"
"""How an unencrypted SQLite file begins; a snapshot that does is never sent anywhere."""
_CHUNK = 1 << 20


@contextlib.contextmanager
def private_dir() -> Iterator[Path]:
    """A temporary folder only this user can open (0700), removed with everything in it afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="mydata-wallet-backup-"))
    try:
        os.chmod(folder, 0o700)
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def sha256_of(path: Path) -> str:
    """The SHA-256 of the file ``path``, in hex."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def table_counts(conn: sqlcipher3.Connection) -> dict[str, int]:
    """Rows in each of :data:`COUNTED_TABLES` that the database has."""
    present = {str(r[0]) for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    return {t: int(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]) for t in COUNTED_TABLES if t in present}


def is_ciphertext(path: Path) -> bool:
    """Whether the database file ``path`` is encrypted (it does not begin as a plaintext SQLite file)."""
    with path.open("rb") as fh:
        return fh.read(len(PLAINTEXT_HEADER)) != PLAINTEXT_HEADER


def take(vault: Vault, folder: Path, *, computer: str, now: datetime) -> dict[str, Any]:
    """Write the vault's snapshot and key file into ``folder``; returns the manifest (not yet written)."""
    db = folder / DB_NAME
    os.close(os.open(db, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    with vault.reader() as source:
        copy = connect(db, vault.data_key, vault.keyfile.db_page_size)
        try:
            source.conn.backup(copy)
            counts = table_counts(copy)
            schema = int(copy.execute("PRAGMA user_version").fetchone()[0])
            copy.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        finally:
            copy.close()
    for leftover in (DB_NAME + "-wal", DB_NAME + "-shm"):
        (folder / leftover).unlink(missing_ok=True)
    if not is_ciphertext(db):
        raise BackupError("the snapshot came out unencrypted; nothing was sent (this SQLite has no SQLCipher)")
    key = folder / KEY_NAME
    shutil.copyfile(vault.path / KEY_NAME, key)
    if KeyFile.load(key).vault_id != vault.keyfile.vault_id:
        raise BackupDamaged("the vault's key file changed while the backup was made; try again")
    return {
        "format": MANIFEST_FORMAT,
        "program": f"mydata-wallet {__version__}",
        "vault_id": vault.keyfile.vault_id,
        "schema_version": schema,
        "page_size": vault.keyfile.db_page_size,
        "time": utc_iso(now),
        "computer": computer,
        "counts": counts,
        "parts": {
            name: {"bytes": (folder / name).stat().st_size, "sha256": sha256_of(folder / name)} for name in PARTS
        },
    }


def manifest_bytes(manifest: dict[str, Any]) -> bytes:
    """The manifest as the file written last to a backup version."""
    return json.dumps(manifest, indent=1, sort_keys=True).encode("utf-8") + b"\n"


def check_parts(folder: Path, manifest: dict[str, Any]) -> None:
    """BackupDamaged unless each part in ``folder`` has the size and SHA-256 the manifest gives."""
    for name in PARTS:
        info = manifest["parts"][name]
        path = folder / name
        if not path.is_file() or path.stat().st_size != int(info["bytes"]) or sha256_of(path) != info["sha256"]:
            raise BackupDamaged(f"the backup's {name} does not match its manifest: the copy on the target is damaged")

"""Connecting to the vault's database, and SQLite's and the file system's errors in the user's words.

A connection carries the vault's key and settings (:func:`connect`); what goes wrong in storage,
a full disk, a read-only folder, a damaged file, becomes the matching
:class:`~wallet.errors.WalletError` (:func:`storage_error`).
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
from pathlib import Path

import sqlcipher3

from wallet.errors import CheckVault, DiskFull, VaultDamaged, VaultError, VaultReadOnly, WalletError

# SQLite's primary result codes (the bindings give these, not the extended ones)
_SQLITE_READONLY = 8
_SQLITE_IOERR = 10
_SQLITE_CORRUPT = 11
_SQLITE_FULL = 13
_SQLITE_CANTOPEN = 14
_SQLITE_NOTADB = 26
_LOW_SPACE = 1 << 20
"""Below this much free space an I/O error means a full disk (SQLite says "disk I/O error" when it
cannot grow its shared-memory file, "database or disk is full" only when a write runs out)."""


def _disk_is_full(folder: Path) -> bool:
    try:
        return shutil.disk_usage(folder).free < _LOW_SPACE
    except OSError:
        return False


def _full(folder: Path | None) -> DiskFull:
    where = f"the disk holding {folder} is full" if folder is not None else "the disk is full"
    return DiskFull(f"{where}; nothing was changed (free some space and try again)")


def read_only_error(folder: Path | None) -> VaultReadOnly:
    """The error that says the vault (in ``folder``) can be read but not changed."""
    where = f"the vault in {folder}" if folder is not None else "the vault"
    return VaultReadOnly(
        f"{where} is read-only (a read-only disk or folder): it can be read, but nothing can be changed in it"
    )


def storage_error(exc: BaseException, folder: Path | None = None) -> WalletError | None:
    """The user's words for an error of SQLite or of the file system; None when it is neither kind.

    ``folder``: the vault's folder, to tell a full disk behind an "I/O error" and to name it.
    """
    if isinstance(exc, WalletError):
        return exc
    if isinstance(exc, OSError):
        if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC), errno.EFBIG):
            return _full(folder)
        if exc.errno == errno.EROFS:
            return read_only_error(folder)
        return None
    if not isinstance(exc, sqlcipher3.Error):
        return None
    code = getattr(exc, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    if primary == _SQLITE_FULL or (primary == _SQLITE_IOERR and folder is not None and _disk_is_full(folder)):
        return _full(folder)
    if primary == _SQLITE_READONLY:
        return read_only_error(folder)
    if primary in (_SQLITE_CORRUPT, _SQLITE_NOTADB):
        return VaultDamaged(f"the vault's database is damaged ({exc})", hint=CheckVault())
    if primary == _SQLITE_IOERR:
        return VaultError(f"the disk reported an error while reading or writing the vault ({exc})")
    if primary == _SQLITE_CANTOPEN:
        return VaultError(f"the vault's database cannot be opened ({exc}): check that its folder can be read")
    return None


class _CannotOpenReadOnly(Exception):
    """SQLite cannot read this WAL database without writing its shared-memory file."""


def connect(db_path: Path, data_key: bytes, page_size: int = 4096, read_only: bool = False) -> sqlcipher3.Connection:
    """A connection with the vault's key and settings.  ``read_only``: opened so that nothing is written.

    A read-only vault closed cleanly has no write-ahead log, and is read as an immutable file;
    one with a log left over cannot be read without writing SQLite's shared-memory index, so it
    is refused with a way out, rather than read without its latest changes.
    """
    if read_only:
        try:
            return _connect_once(db_path, data_key, page_size, "?mode=ro")
        except _CannotOpenReadOnly:
            wal = db_path.with_name(db_path.name + "-wal")
            with contextlib.suppress(OSError):
                if wal.stat().st_size > 0:
                    raise VaultReadOnly(
                        f"the vault in {db_path.parent} is read-only and was not closed cleanly: its log {wal.name} "
                        "holds changes that cannot be read without writing; copy the vault folder to a disk that "
                        "can be written to open it"
                    ) from None
            return _connect_once(db_path, data_key, page_size, "?mode=ro&immutable=1")
    if not db_path.exists():
        # SQLite gives the WAL and journal the database file's mode: keep all of them owner-only.
        try:
            os.close(os.open(db_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        except OSError as exc:
            raise (storage_error(exc, db_path.parent) or exc) from exc
    return _connect_once(db_path, data_key, page_size, None)


def _connect_once(db_path: Path, data_key: bytes, page_size: int, uri_query: str | None) -> sqlcipher3.Connection:
    try:
        if uri_query is None:
            conn = sqlcipher3.connect(str(db_path), isolation_level=None, check_same_thread=False, timeout=30)
        else:
            target = db_path.resolve().as_uri() + uri_query
            conn = sqlcipher3.connect(target, uri=True, isolation_level=None, check_same_thread=False, timeout=30)
    except sqlcipher3.Error as exc:
        raise (storage_error(exc, db_path.parent) or VaultDamaged(f"cannot open the vault database: {exc}")) from exc
    try:
        conn.execute(f"PRAGMA key = \"x'{data_key.hex()}'\"")
        if page_size != 4096:  # must come before the first read; the key file records it
            conn.execute(f"PRAGMA cipher_page_size = {int(page_size)}")
        conn.execute("PRAGMA cipher_log_level = NONE")  # errors reach the user as one line, not SQLCipher's log
        version = conn.execute("PRAGMA cipher_version").fetchone()
        if not version or not version[0]:
            raise VaultDamaged("the SQLite library in use has no SQLCipher encryption; refusing to open the vault")
        if sqlcipher3.sqlite_version_info < (3, 45, 0):  # imports pass rows as JSONB (json_each, ->>)
            raise VaultError(
                f"this SQLCipher is built on SQLite {sqlcipher3.sqlite_version}; MyData Wallet needs 3.45 or newer "
                "(pip install -U sqlcipher3)"
            )
        conn.execute("PRAGMA cipher_memory_security = OFF")
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlcipher3.DatabaseError as exc:
            code = getattr(exc, "sqlite_errorcode", 0)
            if uri_query == "?mode=ro" and isinstance(code, int) and code & 0xFF == _SQLITE_CANTOPEN:
                raise _CannotOpenReadOnly() from exc
            mapped = storage_error(exc, db_path.parent)
            if mapped is not None and not isinstance(mapped, VaultDamaged):
                raise mapped from exc
            raise VaultDamaged(
                "the vault's database is damaged or is not a MyData Wallet database (the key file opened, "
                f"the database did not: {exc})"
            ) from exc
        conn.execute("PRAGMA temp_store = MEMORY")
        if uri_query is not None:  # read-only: no journal settings, and SQLite refuses any write
            conn.execute("PRAGMA query_only = ON")
            conn.execute("PRAGMA cache_size = -65536")
            conn.execute("PRAGMA foreign_keys = ON")
            return conn
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        # A larger page cache and fewer WAL checkpoints: every page read or written is
        # decrypted or encrypted, so touching fewer pages is what makes imports fast.  32 MB:
        # a 100,000-resource FHIR import took as long as with 64 MB (16.0-16.1 s against 15.9-19.0 s,
        # alternating) at 35 MB less peak memory, which an Apple Health import and its reading
        # worker need to stay under 200 MB together.
        conn.execute("PRAGMA cache_size = -32768")
        conn.execute("PRAGMA wal_autocheckpoint = 4096")
        conn.execute("PRAGMA journal_size_limit = 67108864")  # an import's long log is trimmed afterwards
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA secure_delete = ON")
    except BaseException:
        conn.close()
        raise
    return conn

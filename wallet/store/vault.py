"""The encrypted vault: one folder holding a SQLCipher database and a key file.

``vault.db``  SQLCipher 4 database, opened with the raw 256-bit data key.
``vault.key`` the data key wrapped by the passphrase and by the recovery key.

Nothing readable reaches the disk: the database, its WAL and journal are
encrypted by SQLCipher, temporary tables live in memory, and there are no
plaintext logs.  Every import, share and deletion is recorded in the
hash-chained audit log (:mod:`wallet.store.audit`).
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import secrets
import shutil
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import sqlcipher3

from wallet.errors import (
    DiskFull,
    NotFound,
    VaultDamaged,
    VaultError,
    VaultExists,
    VaultLocked,
    VaultNotFound,
    VaultReadOnly,
    WalletError,
    WrongPassphrase,
)
from wallet.model import Attachment, Domain, Person, Provenance, Record, compact_json, compact_json5, content_hash
from wallet.store import audit as audit_mod
from wallet.store import migrations, unlocks
from wallet.store.keys import NEW_VAULT_PAGE_SIZE, KdfParams, KeyFile

DB_NAME = "vault.db"
KEY_NAME = "vault.key"
LOCK_NAME = ".lock"
ENV_VAULT = "MYDATA_WALLET_VAULT"

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
_sleep = time.sleep  # the pause before an unlock after failed ones (tests replace it)


def _disk_is_full(folder: Path) -> bool:
    try:
        return shutil.disk_usage(folder).free < _LOW_SPACE
    except OSError:
        return False


def _full(folder: Path | None) -> DiskFull:
    where = f"the disk holding {folder} is full" if folder is not None else "the disk is full"
    return DiskFull(f"{where}; nothing was changed (free some space and try again)")


def _read_only(folder: Path | None) -> VaultReadOnly:
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
            return _read_only(folder)
        return None
    if not isinstance(exc, sqlcipher3.Error):
        return None
    code = getattr(exc, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    if primary == _SQLITE_FULL or (primary == _SQLITE_IOERR and folder is not None and _disk_is_full(folder)):
        return _full(folder)
    if primary == _SQLITE_READONLY:
        return _read_only(folder)
    if primary in (_SQLITE_CORRUPT, _SQLITE_NOTADB):
        return VaultDamaged(
            f"the vault's database is damaged ({exc}); run 'mydata-wallet check' to see what is affected"
        )
    if primary == _SQLITE_IOERR:
        return VaultError(f"the disk reported an error while reading or writing the vault ({exc})")
    if primary == _SQLITE_CANTOPEN:
        return VaultError(f"the vault's database cannot be opened ({exc}): check that its folder can be read")
    return None


def _writable(folder: Path) -> bool:
    """Whether this process may write the vault: its folder (for the write-ahead log) and its database.

    ``os.access`` says no for a read-only mount even to root, who otherwise ignores permissions.
    """
    return os.access(folder, os.W_OK) and os.access(folder / DB_NAME, os.W_OK)


def default_vault_dir() -> Path:
    """Where a vault lives unless ``--vault`` or ``MYDATA_WALLET_VAULT`` says otherwise."""
    env = os.environ.get(ENV_VAULT)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_path

    return user_data_path("mydata-wallet", appauthor=False) / "vault"


def utc_iso(value: datetime | None) -> str | None:
    """``2020-12-31T22:04:02.000000Z``: fixed width, so text order is time order."""
    if value is None:
        return None
    # isoformat is about a third faster than strftime and pads years below 1000 to four digits
    return value.astimezone(UTC).isoformat(timespec="microseconds")[:-6] + "Z"


def _as_utc_bound(value: date | datetime | None, end: bool = False) -> str | None:
    if value is None:
        return None
    if not isinstance(value, datetime):
        value = (
            datetime(value.year, value.month, value.day, 23, 59, 59, 999999, tzinfo=UTC)
            if end
            else datetime(value.year, value.month, value.day, tzinfo=UTC)
        )
    elif value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return utc_iso(value)


def fts_query(text: str) -> tuple[str | None, list[str]]:
    """Split a user's search into an FTS5 query (terms of 3+ characters) and short terms.

    The trigram index finds any substring of 3 or more characters, so ``고혈압``
    finds ``고혈압약``.  Shorter terms (``혈압`` is two Hangul syllables) are
    matched with LIKE instead.
    """
    long_terms: list[str] = []
    short_terms: list[str] = []
    for term in text.split():
        (long_terms if len(term) >= 3 else short_terms).append(term)
    query = " AND ".join('"' + t.replace('"', '""') + '"' for t in long_terms) or None
    return query, short_terms


class VaultFileLock:
    """An advisory lock on the vault folder: one running app per vault."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / LOCK_NAME
        self._fh: Any = None

    def acquire(self) -> None:
        try:
            fh = self.path.open("a+")
        except OSError as exc:
            if exc.errno not in (errno.EROFS, errno.EACCES, errno.EPERM):
                raise VaultError(f"cannot use the vault folder {self.path.parent}: {exc.strerror or exc}") from exc
            try:  # a read-only vault: an existing lock file still locks for reading
                fh = self.path.open("r")
            except OSError:
                return  # nothing to lock on a read-only folder without one; nobody can change the vault there
        try:
            if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
                import msvcrt

                msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)
            else:
                import fcntl

                fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            fh.close()
            raise VaultLocked("this vault is already open in another MyData Wallet window") from exc
        self._fh = fh

    def release(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None


class _SharedLock:
    __slots__ = ("guard", "lock", "waiting")

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.guard = threading.Lock()
        self.waiting = 0


_SHARED_LOCKS: dict[str, _SharedLock] = {}
_SHARED_LOCKS_GUARD = threading.Lock()


def _shared_lock(db_path: Path) -> _SharedLock:
    key = os.path.realpath(db_path)
    with _SHARED_LOCKS_GUARD:
        found = _SHARED_LOCKS.get(key)
        if found is None:
            found = _SHARED_LOCKS[key] = _SharedLock()
        return found


class Vault:
    """An open, unlocked vault.  Use :meth:`create` or :meth:`open`."""

    def __init__(self, path: Path, conn: sqlcipher3.Connection, keyfile: KeyFile, data_key: bytes) -> None:
        self.path = path
        self.conn = conn
        self.keyfile = keyfile
        self._key = bytearray(data_key)
        self._shared = _shared_lock(path / DB_NAME)
        self._tx_depth = 0
        self.read_only = False
        """Opened from a read-only disk or folder: reads work, writes raise VaultReadOnly, and the
        opening itself is not in the audit log."""
        self.failed_unlocks = unlocks.FailedUnlocks()
        """The failed unlock attempts counted before this opening (now in the audit log), to show."""

    # ----------------------------------------------------------------- opening
    @staticmethod
    def exists(path: Path) -> bool:
        return (path / KEY_NAME).is_file() and (path / DB_NAME).is_file()

    @classmethod
    def create(
        cls,
        path: str | os.PathLike[str],
        passphrase: str,
        *,
        kdf: KdfParams | None = None,
        schema_version: int | None = None,
    ) -> tuple[Vault, str]:
        """Create a vault; returns it open, and the recovery key to show once."""
        folder = Path(path).expanduser()
        if (folder / KEY_NAME).exists() or (folder / DB_NAME).exists():
            raise VaultExists(f"a vault already exists in {folder}")
        if not passphrase:
            raise VaultError("the passphrase must not be empty")
        data_key = secrets.token_bytes(32)
        keyfile, recovery = KeyFile.create(uuid.uuid4().hex, passphrase, data_key, kdf or KdfParams.calibrate())
        keyfile.db_page_size = NEW_VAULT_PAGE_SIZE
        # the folders this call makes, deepest first: a failed creation removes them again
        made = [p for p in (folder, *folder.parents) if not p.exists()]
        vault = None
        try:
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            conn = _connect(folder / DB_NAME, data_key, keyfile.db_page_size)
            vault = cls(folder, conn, keyfile, data_key)
            migrations.upgrade(conn, target=schema_version)
            with vault.transaction():
                conn.execute("INSERT INTO meta(key, value) VALUES ('vault_id', ?)", (keyfile.vault_id,))
                conn.execute("INSERT INTO meta(key, value) VALUES ('created', ?)", (utc_iso(datetime.now(UTC)),))
                holder = Person(is_holder=True)
                conn.execute(
                    "INSERT INTO persons(id, data, is_holder) VALUES (?, ?, 1)", (holder.id, holder.model_dump_json())
                )
            keyfile.save(folder / KEY_NAME)
            vault.audit("vault.create", {})
            from wallet.features.share.signing import holder_key

            holder_key(vault)  # the holder's signing key is made with the vault and kept inside it
        except BaseException as exc:
            if vault is not None:
                vault.close()
            for name in (DB_NAME, DB_NAME + "-wal", DB_NAME + "-shm", KEY_NAME):
                with contextlib.suppress(OSError):
                    (folder / name).unlink(missing_ok=True)
            for made_dir in made:
                with contextlib.suppress(OSError):
                    made_dir.rmdir()  # only if empty: what was there before stays
            mapped = storage_error(exc, folder if folder.exists() else None)
            if isinstance(mapped, DiskFull):
                raise DiskFull(
                    f"the disk is full: the vault could not be created in {folder}, and nothing was left behind"
                ) from exc
            if mapped is not None and mapped is not exc:
                raise mapped from exc
            if isinstance(exc, OSError):
                raise VaultError(f"the vault could not be created in {folder}: {exc.strerror or exc}") from exc
            raise
        assert vault is not None
        return vault, recovery

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str],
        passphrase: str | None = None,
        *,
        data_key: bytes | None = None,
        recovery_key: str | None = None,
        migrate: bool = True,
        for_check: bool = False,
    ) -> Vault:
        """Unlock a vault with its passphrase, its recovery key, or a remembered data key.

        ``for_check`` opens without migrating or writing anything (not even the audit
        entry for the opening), so that a damaged vault can still be examined.

        A vault on a read-only disk or in a folder this user cannot write opens read-only
        (:attr:`read_only`): nothing is written, not even the audit entry for the opening.
        A wrong passphrase or recovery key is counted beside the key file and slows the next
        try, in any process (:mod:`wallet.store.unlocks`); the next successful opening records the
        count in the audit log and keeps it in :attr:`failed_unlocks` to be shown.
        """
        folder = Path(path).expanduser()
        keyfile = cls.read_keyfile(folder)
        if not (folder / DB_NAME).is_file():
            raise VaultDamaged(f"the vault in {folder} has a key file but no database ({DB_NAME} is missing)")
        read_only = not _writable(folder)
        if data_key is None:
            data_key = cls._unlock(folder, keyfile, passphrase, recovery_key)
        conn = _connect(folder / DB_NAME, data_key, keyfile.db_page_size, read_only=read_only)
        vault = cls(folder, conn, keyfile, data_key)
        vault.read_only = read_only
        if for_check:
            return vault
        failures = unlocks.FailedUnlocks() if read_only else unlocks.read(folder)
        try:
            meta_id = vault.meta("vault_id")
            if meta_id is not None and meta_id != keyfile.vault_id:
                raise VaultDamaged("the key file belongs to another vault than this database")
            if read_only:
                version = migrations.current_version(conn)
                if migrate and version < migrations.LATEST:
                    raise VaultReadOnly(
                        f"the vault in {folder} is read-only and was written by an older MyData Wallet: it must be "
                        "upgraded, which writes to it; copy it to a disk that can be written to open it"
                    )
                migrations.upgrade(conn, target=version)  # refuses a newer schema, writes nothing
            else:
                if migrate:
                    migrations.upgrade(conn)
                vault._mark_interrupted_imports()
                with vault.transaction():
                    audit_mod.append(conn, "vault.open", {})
                    if failures.count:
                        audit_mod.append(conn, "vault.unlock-failures", failures.audit_detail())
        except sqlcipher3.DatabaseError as exc:
            vault.close()
            mapped = storage_error(exc, folder)
            if mapped is not None and not isinstance(mapped, VaultDamaged):
                raise mapped from exc
            raise VaultDamaged(
                f"the vault's database is damaged ({exc}); run 'mydata-wallet check' to see what is affected"
            ) from exc
        except BaseException:
            vault.close()
            raise
        if failures.count:
            unlocks.clear(folder, failures)
            vault.failed_unlocks = failures
        return vault

    @staticmethod
    def _unlock(folder: Path, keyfile: KeyFile, passphrase: str | None, recovery_key: str | None) -> bytes:
        """The data key from the passphrase or recovery key, after the pause earlier failures ask for."""
        if recovery_key is None and passphrase is None:
            raise ValueError("give a passphrase, a recovery key or a data key")
        wait = unlocks.seconds_to_wait(folder)
        if wait > 0:
            _sleep(wait)
        try:
            if recovery_key is not None:
                return keyfile.unlock_with_recovery(recovery_key)
            assert passphrase is not None
            return keyfile.unlock(passphrase)
        except WrongPassphrase as exc:
            state = unlocks.record_failure(folder)
            exc.failed_attempts = state.count
            exc.next_wait = unlocks.next_pause(state.count)
            raise

    @staticmethod
    def read_keyfile(folder: Path) -> KeyFile:
        try:
            return KeyFile.load(folder / KEY_NAME)
        except FileNotFoundError:
            if (folder / DB_NAME).exists():
                raise VaultDamaged(f"the vault in {folder} has lost its key file ({KEY_NAME})") from None
            raise VaultNotFound(f"no vault in {folder} (create one with: mydata-wallet init)") from None

    def connect_again(self) -> sqlcipher3.Connection:
        """A second connection to the same database, for a worker thread."""
        return _connect(self.path / DB_NAME, bytes(self._key), self.keyfile.db_page_size, read_only=self.read_only)

    @property
    def data_key(self) -> bytes:
        if not self._key:
            raise VaultLocked("the vault is locked")
        return bytes(self._key)

    @property
    def is_open(self) -> bool:
        return bool(self._key)

    def close(self) -> None:
        """Close the database and overwrite the key held in memory."""
        with contextlib.suppress(Exception):
            self.conn.close()
        for i in range(len(self._key)):
            self._key[i] = 0
        self._key = bytearray()

    def __enter__(self) -> Vault:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------- passphrases
    def change_passphrase(self, new_passphrase: str, kdf: KdfParams | None = None) -> None:
        """Rewrap the data key under a new passphrase.  Instant at any vault size."""
        if not new_passphrase:
            raise VaultError("the new passphrase must not be empty")
        if self.read_only:
            raise _read_only(self.path)
        self.keyfile.rewrap(self.data_key, new_passphrase, kdf)
        self.keyfile.save(self.path / KEY_NAME)
        self.audit("vault.passphrase-changed", {})

    def set_remembered(self, remembered: bool) -> None:
        from wallet.store import keystore

        if self.read_only:
            raise _read_only(self.path)
        if remembered:
            keystore.remember_data_key(self.keyfile.vault_id, self.data_key)
        else:
            keystore.forget_data_key(self.keyfile.vault_id)
        self.keyfile.remembered = remembered
        self.keyfile.save(self.path / KEY_NAME)
        self.audit("vault.remember" if remembered else "vault.forget", {})

    # ------------------------------------------------------------ transactions
    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlcipher3.Connection]:
        """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on any exception.  Nests.

        The lock is shared by every connection this process has to the same vault, so the
        app's own writes queue behind an import's batch instead of racing it for SQLite's lock.

        A full disk, a read-only vault or a damaged database comes out as the matching
        WalletError (:func:`storage_error`), after the rollback: nothing of the transaction stays.
        """
        if self.read_only:
            raise _read_only(self.path)
        shared = self._shared
        if not shared.lock.acquire(blocking=False):
            with shared.guard:
                shared.waiting += 1
            try:
                shared.lock.acquire()
            finally:
                with shared.guard:
                    shared.waiting -= 1
        try:
            if self._tx_depth:
                self._tx_depth += 1
                try:
                    yield self.conn
                finally:
                    self._tx_depth -= 1
                return
            try:
                self.conn.execute("BEGIN IMMEDIATE")
            except sqlcipher3.Error as exc:
                raise (storage_error(exc, self.path) or exc) from exc
            self._tx_depth = 1
            try:
                yield self.conn
            except BaseException as exc:
                self._tx_depth = 0
                self._rollback()
                mapped = storage_error(exc, self.path) if isinstance(exc, sqlcipher3.Error) else None
                if mapped is not None:
                    raise mapped from exc
                raise
            self._tx_depth = 0
            try:
                self.conn.execute("COMMIT")
            except sqlcipher3.Error as exc:
                self._rollback()
                raise (storage_error(exc, self.path) or exc) from exc
        finally:
            shared.lock.release()

    def _rollback(self) -> None:
        """Roll back if SQLite has not already (it does by itself after some errors, such as a full disk:
        a ROLLBACK then fails with "no transaction is active", which must not hide the error that counts)."""
        if self.conn.in_transaction:
            with contextlib.suppress(sqlcipher3.Error):
                self.conn.execute("ROLLBACK")

    def let_others_in(self, limit: float = 2.0) -> None:
        """Between the batches of a long import: wait while another thread waits to write.

        Without it the import begins its next transaction microseconds after each commit and
        SQLite's busy handler on another connection, which sleeps in steps, never gets a turn.
        """
        shared = self._shared
        deadline = time.monotonic() + limit
        while shared.waiting and time.monotonic() < deadline:
            time.sleep(0.005)

    def meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        self.conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, value))

    @property
    def schema_version(self) -> int:
        return migrations.current_version(self.conn)

    # ------------------------------------------------------------------- cache
    def cache_get(self, key: str) -> Any | None:
        row = self.conn.execute("SELECT value FROM kv WHERE key = ?", (key,)).fetchone()
        return None if row is None else json.loads(row[0])

    def cache_set(self, key: str, value: Any) -> None:
        with self.transaction():
            self.conn.execute("INSERT OR REPLACE INTO kv(key, value) VALUES (?, ?)", (key, json.dumps(value)))

    def cache_keys(self, prefix: str) -> list[str]:
        rows = self.conn.execute("SELECT key FROM kv WHERE substr(key, 1, ?) = ? ORDER BY key", (len(prefix), prefix))
        return [r[0] for r in rows]

    def cache_delete(self, key: str) -> None:
        with self.transaction():
            self.conn.execute("DELETE FROM kv WHERE key = ?", (key,))

    # ------------------------------------------------------------------- audit
    def audit(self, action: str, detail: dict[str, Any]) -> None:
        """Append an entry to the hash-chained audit log.  Never put personal values in ``detail``."""
        with self.transaction():
            audit_mod.append(self.conn, action, detail)

    # ----------------------------------------------------------------- persons
    def persons(self) -> list[Person]:
        rows = self.conn.execute("SELECT data FROM persons ORDER BY is_holder DESC, rowid")
        return [Person.model_validate_json(r[0]) for r in rows]

    def holder(self) -> Person:
        row = self.conn.execute("SELECT data FROM persons WHERE is_holder = 1").fetchone()
        if row is None:
            raise VaultDamaged("the vault has no holder")
        return Person.model_validate_json(row[0])

    def person(self, person_id: str) -> Person:
        row = self.conn.execute("SELECT data FROM persons WHERE id = ?", (person_id,)).fetchone()
        if row is None:
            raise NotFound(f"no person with id {person_id}")
        return Person.model_validate_json(row[0])

    def resolve_person(self, name_or_id: str | None) -> Person:
        """The person named or identified by ``name_or_id``; the holder for None."""
        if not name_or_id:
            return self.holder()
        people = self.persons()
        for p in people:
            if p.id == name_or_id:
                return p
        wanted = name_or_id.casefold()
        exact = [p for p in people if p.name and p.name.casefold() == wanted]
        if len(exact) == 1:
            return exact[0]
        partial = [p for p in people if p.name and wanted in p.name.casefold()]
        if len(partial) == 1:
            return partial[0]
        if exact or partial:
            names = ", ".join(f"{p.name} ({p.id})" for p in exact or partial)
            raise NotFound(f"{name_or_id!r} matches several people: {names}; use the id")
        raise NotFound(f"no person named {name_or_id!r} (see: mydata-wallet persons)")

    def save_person(self, person: Person) -> None:
        with self.transaction():
            self.conn.execute(
                "INSERT INTO persons(id, data, is_holder) VALUES (?, ?, ?) "
                "ON CONFLICT(id) DO UPDATE SET data = excluded.data, is_holder = excluded.is_holder",
                (person.id, person.model_dump_json(), int(person.is_holder)),
            )

    def move_records(self, record_ids: Sequence[str], person_id: str) -> int:
        self.person(person_id)
        with self.transaction():
            moved = 0
            for rid in record_ids:
                cur = self.conn.execute("UPDATE records SET person_id = ? WHERE id = ?", (person_id, rid))
                moved += cur.rowcount
            audit_mod.append(self.conn, "records.move", {"count": moved, "person": person_id})
        return moved

    # ----------------------------------------------------------------- records
    def add_records(self, records: Iterable[Record], import_id: str | None = None) -> tuple[int, int]:
        """Insert records in one transaction; returns (added, duplicates by content).

        A record without a person is the holder's.  Each record's ``id`` is set.
        """
        batch = RowBatch(import_id)
        holder_id = self.holder().id  # once, not once per record without a person
        for rec in records:
            if rec.person_id is None:
                rec.person_id = holder_id
            batch.add(rec)
        with self.transaction():
            added, _ = batch.write(self.conn)
        return added, batch.offered - added

    _COLUMNS = (
        "r.data, r.person_id, r.id, r.domain, r.kind, r.title, r.value, r.unit, r.code_system, r.code, "
        "o.connector_id, o.connector_version, o.source_name, o.source_sha256"
    )
    _FROM = "records r LEFT JOIN origins o ON o.id = r.origin"

    def _row_to_record(self, row: Sequence[Any], with_attachments: bool = False) -> Record:
        fields = json.loads(row[0])
        fields.update(zip(_COLUMN_FIELDS, row[2:10], strict=True))
        if row[10] is not None:  # the provenance shared by the records of one file (schema 5)
            origin = dict(zip(_ORIGIN_FIELDS, row[10:14], strict=True))
            own = fields.get("provenance")
            fields["provenance"] = {**origin, **own} if own else origin
        rec = Record.model_validate(fields)
        rec.person_id = row[1]
        if with_attachments:
            rec.attachments = self.attachments(rec.id)
        return rec

    def attachments(self, record_id: str) -> list[Attachment]:
        rows = self.conn.execute(
            "SELECT name, media_type, data FROM attachments WHERE record_id = ? ORDER BY rowid", (record_id,)
        )
        return [Attachment(name=r[0], media_type=r[1], data=bytes(r[2])) for r in rows]

    def _where(
        self,
        person_id: str | None,
        domain: Domain | str | None,
        kind: str | None,
        since: date | datetime | None,
        until: date | datetime | None,
        source: str | None,
        connector: str | None = None,
        kinds: Sequence[str] | None = None,
    ) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        args: list[Any] = []
        if person_id:
            clauses.append("r.person_id = ?")
            args.append(person_id)
        if domain:
            clauses.append("r.domain = ?")
            args.append(Domain(domain).value)
        if kind:
            clauses.append("r.kind = ?")
            args.append(kind)
        if kinds is not None:
            clauses.append(f"r.kind IN ({', '.join('?' * len(kinds))})" if kinds else "0")
            args.extend(kinds)
        if since is not None:
            clauses.append("r.start >= ?")
            args.append(_as_utc_bound(since))
        if until is not None:
            clauses.append("r.start <= ?")
            args.append(_as_utc_bound(until, end=True))
        if source:
            clauses.append("r.source = ?")
            args.append(source)
        if connector:
            clauses.append("r.connector = ?")
            args.append(connector)
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", args

    def records(
        self,
        person_id: str | None = None,
        domain: Domain | str | None = None,
        kind: str | None = None,
        since: date | datetime | None = None,
        until: date | datetime | None = None,
        source: str | None = None,
        limit: int | None = None,
        offset: int = 0,
        newest_first: bool = True,
        connector: str | None = None,
        kinds: Sequence[str] | None = None,
    ) -> list[Record]:
        """Records matching every filter given, newest first; ``kinds``: any of these kinds."""
        where, args = self._where(person_id, domain, kind, since, until, source, connector, kinds)
        order = "DESC" if newest_first else "ASC"
        sql = f"SELECT {self._COLUMNS} FROM {self._FROM}{where} ORDER BY r.start {order}, r.rowid {order}"
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            args += [limit, offset]
        return [self._row_to_record(row) for row in self.conn.execute(sql, args)]

    def count(
        self,
        person_id: str | None = None,
        domain: Domain | str | None = None,
        kind: str | None = None,
        since: date | datetime | None = None,
        until: date | datetime | None = None,
        source: str | None = None,
    ) -> int:
        where, args = self._where(person_id, domain, kind, since, until, source)
        return int(self.conn.execute(f"SELECT count(*) FROM records r{where}", args).fetchone()[0])

    def counts_by(self, *columns: str, person_id: str | None = None) -> list[tuple[Any, ...]]:
        """Counts grouped by columns of ``domain``, ``kind``, ``source``, ``connector``."""
        allowed = {"domain", "kind", "source", "connector", "person_id"}
        if not columns or not set(columns) <= allowed:
            raise ValueError(f"group by one of {sorted(allowed)}")
        cols = ", ".join(columns)
        where, args = self._where(person_id, None, None, None, None, None)
        rows = self.conn.execute(f"SELECT {cols}, count(*) FROM records r{where} GROUP BY {cols} ORDER BY {cols}", args)
        return [tuple(r) for r in rows]

    def get(self, record_id: str) -> Record:
        """A record by id (or by a unique id prefix of 6+ characters), with attachments."""
        row = self.conn.execute(f"SELECT {self._COLUMNS} FROM {self._FROM} WHERE r.id = ?", (record_id,)).fetchone()
        if row is None and len(record_id) >= 6:
            rows = self.conn.execute(
                f"SELECT {self._COLUMNS} FROM {self._FROM} WHERE substr(r.id, 1, ?) = ? LIMIT 2",
                (len(record_id), record_id),
            ).fetchall()
            row = rows[0] if len(rows) == 1 else None
        if row is None:
            raise NotFound(f"no record with id {record_id}")
        return self._row_to_record(row, with_attachments=True)

    def search(self, text: str, limit: int = 50, person_id: str | None = None, offset: int = 0) -> list[Record]:
        """Full-text search, Korean and English alike (trigram index; short terms by LIKE)."""
        query, short_terms = fts_query(text)
        if query is None and not short_terms:
            return []
        sql = f"SELECT {self._COLUMNS} FROM {self._FROM}"
        clauses: list[str] = []
        args: list[Any] = []
        if query is not None:
            sql += " JOIN records_fts f ON f.rowid = r.rowid"
            clauses.append("records_fts MATCH ?")
            args.append(query)
        for term in short_terms:
            escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            clauses.append("(r.title LIKE ? ESCAPE '\\' OR r.data LIKE ? ESCAPE '\\')")
            args += [f"%{escaped}%", f"%{escaped}%"]
        if person_id:
            clauses.append("r.person_id = ?")
            args.append(person_id)
        sql += " WHERE " + " AND ".join(clauses) + " ORDER BY r.start DESC LIMIT ? OFFSET ?"
        args += [limit, offset]
        try:
            rows = self.conn.execute(sql, args).fetchall()
        except sqlcipher3.OperationalError:
            return []
        return [self._row_to_record(row) for row in rows]

    def update_record(self, rec: Record) -> None:
        """Replace a record's stored fields (metadata edits, links).  Keeps its content hash."""
        row = self.conn.execute("SELECT rowid FROM records WHERE id = ?", (rec.id,)).fetchone()
        if row is None:
            raise NotFound(f"no record with id {rec.id}")
        with self.transaction():
            self.conn.execute(
                # the JSON now holds the whole provenance, so the row no longer needs its origin
                "UPDATE records SET domain = ?, kind = ?, title = ?, start = ?, end = ?, value = ?, unit = ?, "
                "code_system = ?, code = ?, data = ?, person_id = ?, origin = NULL WHERE id = ?",
                (
                    rec.domain.value,
                    rec.kind,
                    rec.title,
                    utc_iso(rec.start),
                    utc_iso(rec.end),
                    rec.value,
                    rec.unit,
                    rec.code_system,
                    rec.code,
                    _stored_json(rec),
                    rec.person_id or self.holder().id,
                    rec.id,
                ),
            )
            self.conn.execute("DELETE FROM records_fts WHERE rowid = ?", (row[0],))
            self.conn.execute("INSERT INTO records_fts(rowid, body) VALUES (?, ?)", (row[0], rec.search_text()))
            audit_mod.append(self.conn, "record.update", {"id": rec.id})

    def delete_record(self, record_id: str) -> None:
        row = self.conn.execute("SELECT rowid FROM records WHERE id = ?", (record_id,)).fetchone()
        if row is None:
            raise NotFound(f"no record with id {record_id}")
        with self.transaction():
            self.conn.execute("DELETE FROM records_fts WHERE rowid = ?", (row[0],))
            self.conn.execute("DELETE FROM attachments WHERE record_id = ?", (record_id,))
            self.conn.execute("DELETE FROM records WHERE id = ?", (record_id,))
            audit_mod.append(self.conn, "record.delete", {"id": record_id})

    # ----------------------------------------------------------------- imports
    def _mark_interrupted_imports(self) -> None:
        with self.transaction():
            self.conn.execute("UPDATE imports SET status = 'interrupted' WHERE status = 'running'")

    def imports(self) -> list[dict[str, Any]]:
        rows = self.conn.execute(
            "SELECT id, started, finished, connector, source, status, report FROM imports ORDER BY started DESC"
        )
        keys = ("id", "started", "finished", "connector", "source", "status", "report")
        out = []
        for r in rows:
            item = dict(zip(keys, r, strict=True))
            item["report"] = json.loads(item["report"]) if item["report"] else None
            out.append(item)
        return out

    # ------------------------------------------------------------------- check
    def check(self) -> list[str]:
        """Problems found in the database and the audit chain (empty when sound)."""
        try:
            return self._check()
        except sqlcipher3.DatabaseError as exc:
            return [f"the database cannot be read in full: {exc}"]

    def _check(self) -> list[str]:
        problems = [r[0] for r in self.conn.execute("PRAGMA integrity_check") if r[0] != "ok"]
        problems += [f"cipher: {r[0]}" for r in self.conn.execute("PRAGMA cipher_integrity_check")]
        problems += audit_mod.verify(self.conn)
        schema = self.schema_version  # check opens a vault of an older schema without migrating it
        if schema >= 2:  # the search index came with schema 2
            n_fts = self.conn.execute("SELECT count(*) FROM records_fts").fetchone()[0]
            n_rec = self.conn.execute("SELECT count(*) FROM records").fetchone()[0]
            if n_fts != n_rec:
                problems.append(f"search index holds {n_fts} entries for {n_rec} records")
        if schema >= 5:  # origins came with schema 5
            lost = self.conn.execute(
                "SELECT count(*) FROM records r WHERE r.origin IS NOT NULL "
                "AND NOT EXISTS (SELECT 1 FROM origins o WHERE o.id = r.origin)"
            ).fetchone()[0]
            if lost:
                problems.append(f"{lost} records name an origin (source file) that is missing")
        return problems


# Fields kept in their own columns, so not repeated in the stored JSON (order: _COLUMNS after person_id).
_COLUMN_FIELDS = ("id", "domain", "kind", "title", "value", "unit", "code_system", "code")
_NOT_IN_JSON = {"attachments", "person_id", *_COLUMN_FIELDS}


_ORIGIN_FIELDS = ("connector_id", "connector_version", "source_name", "source_sha256")
"""Provenance fields kept once per source file, in the ``origins`` table (schema 5)."""
_NOT_IN_JSON_WITH_ORIGIN = {**dict.fromkeys(_NOT_IN_JSON, True), "provenance": set(_ORIGIN_FIELDS)}
_NOT_IN_JSON_NOR_PROVENANCE = {*_NOT_IN_JSON, "provenance"}


_to_json = Record.__pydantic_serializer__.to_json
"""model_dump_json without its Python wrapper (a fifth of its time for a record)."""


_OWN_PROVENANCE = tuple(name for name in Provenance.model_fields if name not in _ORIGIN_FIELDS)
"""The rest of a provenance (original id, import time, warnings, a signature check ...)."""


def _stored_json(rec: Record, with_origin: bool = False) -> str:
    """The record's JSON as stored: with the whole provenance, or (``with_origin``: its row
    names an origin) only what is the record's own provenance, none at all when it has none."""
    exclude: Any = _NOT_IN_JSON
    if with_origin:
        prov = rec.provenance
        own = any(getattr(prov, name) for name in _OWN_PROVENANCE)
        exclude = _NOT_IN_JSON_WITH_ORIGIN if own else _NOT_IN_JSON_NOR_PROVENANCE
    return _to_json(rec, exclude=exclude, exclude_none=True, exclude_defaults=True).decode()


_OriginKey = tuple[str, str, str, str | None]
"""connector_id, connector_version, source_name, source_sha256"""


class WriteState:
    """What the chunks written in one transaction share; :meth:`finish` before committing."""

    def __init__(self) -> None:
        self.rowid: int | None = None
        """The first free rowid once known: inside one transaction nobody else inserts."""
        self.origins: dict[_OriginKey, int] = {}
        """Origins found or added, by key."""
        self.added: dict[int, int] = {}
        """Origins added in this transaction, with the rows added that use them."""

    def finish(self, conn: sqlcipher3.Connection) -> None:
        """Remove the origins this transaction added that no row uses (every record a repeat)."""
        unused = [(origin,) for origin, rows in self.added.items() if not rows]
        if unused:
            conn.executemany("DELETE FROM origins WHERE id = ?", unused)

    def origin(self, conn: sqlcipher3.Connection, key: _OriginKey, import_id: str | None) -> int:
        """The id of this import's origin row for ``key``, added when missing.

        Origins are per import, so undoing a failed import can delete its own.
        """
        found = self.origins.get(key)
        if found is None:
            row = conn.execute(
                "SELECT id FROM origins WHERE connector_id = ? AND connector_version = ? AND source_name = ? "
                "AND source_sha256 IS ? AND import_id IS ?",
                (*key, import_id),
            ).fetchone()
            if row is None:
                row = conn.execute(
                    "INSERT INTO origins(connector_id, connector_version, source_name, source_sha256, import_id) "
                    "VALUES (?, ?, ?, ?, ?) RETURNING id",
                    (*key, import_id),
                ).fetchone()
                self.added[int(row[0])] = 0
            found = self.origins[key] = int(row[0])
        return found


class RowBatch:
    """Records turned into rows and written with one statement per table.

    The rows travel as one JSON array read by SQLite's ``json_each``, so a batch of
    thousands of records is a handful of statements instead of two per record; while
    a statement runs, SQLite holds no Python lock, so another thread can prepare the
    next batch meanwhile (:class:`wallet.imports.writer.RecordWriter`).

    A record's id is derived from its person and content hash, so the primary key is
    the deduplication key: ``INSERT OR IGNORE`` skips what this person already has.
    """

    def __init__(self, import_id: str | None) -> None:
        self.import_id = import_id
        self.groups: dict[tuple[str, _OriginKey], _Group] = {}
        """Rows by person and origin: those go once per statement, not once per row."""
        self.ids: set[str] = set()
        self.offered = 0
        """Records given to :meth:`add`, repeats within the batch included."""
        self.size = 0
        """Approximate bytes held, to bound memory."""
        self.sealed: list[tuple[tuple[str, _OriginKey], Counter[str], list[_Attachment]]] = []
        self.infinite = False
        """A value is infinite: JSON has no word for it, JSON5's ``Infinity`` is used."""

    def add(self, rec: Record, set_id: bool = True) -> None:
        """Turn one record into a row (``rec.person_id`` must be set; ``rec.id`` is set unless told not to)."""
        person_id = rec.person_id
        if person_id is None:
            raise ValueError("a record must have a person before it is stored")
        chash = content_hash(rec)
        rid = record_id_for(person_id, chash)
        if set_id:
            rec.id = rid
        if rid in self.ids:
            self.offered += 1
            return  # the same content twice in one batch: a duplicate
        # what can fail for a record's content (a date beyond year 9999 in UTC, text that is not
        # Unicode, nesting deeper than the serialiser goes) fails here, before the batch changes
        data = _stored_json(rec, with_origin=True)
        start = utc_iso(rec.start)
        end = start if rec.end is rec.start else utc_iso(rec.end)
        self.offered += 1
        self.ids.add(rid)
        prov = rec.provenance
        key = (person_id, (prov.connector_id, prov.connector_version, prov.source_name, prov.source_sha256))
        group = self.groups.get(key)
        if group is None:
            group = self.groups[key] = _Group()
        value = rec.value
        if value is not None and value - value != 0.0:  # NaN or an infinity
            if value != value:  # NaN, which SQLite stores as NULL anyway
                value = None
            else:
                self.infinite = True
        group.rows.append(
            [
                rid,
                rec.domain,  # a StrEnum, written as its value
                rec.kind,
                rec.title,
                start,
                end,
                value,
                rec.unit,
                rec.code_system,
                rec.code,
                data,
            ]
        )
        group.bodies.append(rec.search_text())
        self.size += len(data) + 200
        for att in rec.attachments:
            group.attachments.append((rid, att.name, att.media_type, att.sha256, att.data))
            self.size += len(att.data)

    def seal(self) -> list[tuple[str, str]]:
        """The rows and their search texts as JSON texts, to pass to :meth:`write`; the rows are let go.

        This is the part that needs Python, so a background writer has the caller do it.
        """
        payload = []
        for key, group in self.groups.items():
            payload.append(((compact_json5 if self.infinite else compact_json)(group.rows), compact_json(group.bodies)))
            self.sealed.append((key, Counter(row[2] for row in group.rows), group.attachments))
        self.groups = {}
        self.ids = set()
        return payload

    def write(
        self, conn: sqlcipher3.Connection, payload: list[tuple[str, str]] | None = None, state: WriteState | None = None
    ) -> tuple[int, Counter[str]]:
        """Insert, inside the caller's transaction; returns (added, added per kind).

        ``state``: what earlier chunks of the same transaction found (the writer passes one
        per transaction).
        """
        if payload is None:
            payload = self.seal()
        own_state = state is None
        if state is None:
            state = WriteState()
        added = 0
        by_kind: Counter[str] = Counter()
        first = state.rowid
        for ((person_id, origin_key), kinds, attachments), (rows, bodies) in zip(self.sealed, payload, strict=True):
            # Row i gets rowid first + i, above every existing one, so the search index and
            # attachments find the new rows by rowid (a repeat skipped by OR IGNORE leaves a gap).
            if first is None:
                first = conn.execute("SELECT coalesce(max(rowid), 0) + 1 FROM records").fetchone()[0]
            origin = state.origin(conn, origin_key, self.import_id)
            args = (first, rows, person_id, origin_key[2], origin_key[0], self.import_id, origin)
            n = conn.execute(_INSERT_ROWS, args).rowcount
            if origin in state.added:
                state.added[origin] += n
            offered = kinds.total()
            if n:
                added += n
                # every row went in (the usual case): the search index needs no look-up of which
                conn.execute(_INSERT_FTS if n == offered else _INSERT_FTS_ADDED, (first, bodies))
                for att in attachments:
                    conn.execute(_INSERT_ATTACHMENT, (*att, att[0], first))
                if n != offered:
                    found = conn.execute(
                        "SELECT json_group_object(kind, n) FROM (SELECT kind, count(*) AS n FROM records "
                        "WHERE rowid >= ? GROUP BY kind)",
                        (first,),
                    ).fetchone()[0]
                    kinds = Counter(json.loads(found))
                by_kind.update(kinds)
            first += offered
        state.rowid = first
        if own_state:
            state.finish(conn)
        return added, by_kind


_Attachment = tuple[str, str, str, str, bytes]


class _Group:
    __slots__ = ("attachments", "bodies", "rows")

    def __init__(self) -> None:
        self.rows: list[list[Any]] = []
        self.bodies: list[str] = []
        self.attachments: list[_Attachment] = []


# Per row: the columns that differ; per statement: person, source, connector, import and origin.
# content_hash stays empty: the id is derived from it, and nothing reads it back.
_ROW_COLUMNS = "id, domain, kind, title, start, end, value, unit, code_system, code, data"
_INSERT_ROWS = (
    f"INSERT OR IGNORE INTO records(rowid, {_ROW_COLUMNS}, person_id, source, connector, import_id, origin, "
    "content_hash) SELECT ?1 + key, "
    + ", ".join(f"value->>{i}" for i in range(len(_ROW_COLUMNS.split(","))))
    + ", ?3, ?4, ?5, ?6, ?7, '' FROM json_each(jsonb(?2))"
)
_INSERT_FTS = "INSERT INTO records_fts(rowid, body) SELECT ?1 + key, value FROM json_each(?2)"
_INSERT_FTS_ADDED = (  # only the rows that OR IGNORE did not skip
    "INSERT INTO records_fts(rowid, body) SELECT r.rowid, b.value FROM json_each(?2) AS b "
    "JOIN records AS r ON r.rowid = ?1 + b.key"
)
_INSERT_ATTACHMENT = (
    "INSERT INTO attachments(record_id, name, media_type, sha256, data) SELECT ?, ?, ?, ?, ? "
    "WHERE (SELECT rowid FROM records WHERE id = ?) >= ?"
)


def record_id_for(person_id: str, chash: str) -> str:
    """The id of a record: one per person and content (the deduplication key)."""
    return hashlib.sha256(f"{person_id}:{chash}".encode()).hexdigest()[:32]


class _CannotOpenReadOnly(Exception):
    """SQLite cannot read this WAL database without writing its shared-memory file."""


def _connect(db_path: Path, data_key: bytes, page_size: int = 4096, read_only: bool = False) -> sqlcipher3.Connection:
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
        # decrypted or encrypted, so touching fewer pages is what makes imports fast.
        conn.execute("PRAGMA cache_size = -65536")
        conn.execute("PRAGMA wal_autocheckpoint = 4096")
        conn.execute("PRAGMA journal_size_limit = 67108864")  # an import's long log is trimmed afterwards
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA secure_delete = ON")
    except BaseException:
        conn.close()
        raise
    return conn

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
import json
import os
import secrets
import sys
import threading
import time
import uuid
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import sqlcipher3

from wallet.errors import (
    CheckVault,
    CreateVault,
    DiskFull,
    KeyringUnavailable,
    NotFound,
    SeeList,
    VaultDamaged,
    VaultError,
    VaultExists,
    VaultLocked,
    VaultNotFound,
    VaultReadOnly,
    WrongPassphrase,
)
from wallet.model import Attachment, Domain, ImportReport, Person, Record
from wallet.samples import Samples
from wallet.store import audit as audit_mod
from wallet.store import migrations, readings, search_index, series, unlocks
from wallet.store.connection import connect, read_only_error
from wallet.store.connection import storage_error as storage_error  # re-exported: the front ends use it
from wallet.store.keys import NEW_VAULT_PAGE_SIZE, KdfParams, KeyFile
from wallet.store.rows import COLUMN_FIELDS, ORIGIN_FIELDS, RowBatch, WriteState, stored_json
from wallet.store.rows import utc_iso as utc_iso  # re-exported: how the vault writes a time

DB_NAME = "vault.db"
KEY_NAME = "vault.key"
LOCK_NAME = ".lock"
ENV_VAULT = "MYDATA_WALLET_VAULT"

_sleep = time.sleep  # the pause before an unlock after failed ones (tests replace it)


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
    """Split a user's search into an FTS5 query (terms of 3+ characters) and short terms: the search plan
    before schema 8 (:meth:`Vault.search` now uses :mod:`wallet.store.search_index`), kept for comparison.

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
        """Take the lock; VaultLocked when the vault is already open in another MyData Wallet window."""
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
        """Let go of the lock (nothing happens when it is not held)."""
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
        """Whether ``path`` holds a vault: both its key file and its database."""
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
            conn = connect(folder / DB_NAME, data_key, keyfile.db_page_size)
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
            from wallet.store.signing_keys import holder_key

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
        conn = connect(folder / DB_NAME, data_key, keyfile.db_page_size, read_only=read_only)
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
            raise VaultDamaged(f"the vault's database is damaged ({exc})", hint=CheckVault()) from exc
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
        """The key file in ``folder``; VaultDamaged when only the database is left, VaultNotFound when neither is."""
        try:
            return KeyFile.load(folder / KEY_NAME)
        except FileNotFoundError:
            if (folder / DB_NAME).exists():
                raise VaultDamaged(f"the vault in {folder} has lost its key file ({KEY_NAME})") from None
            raise VaultNotFound(f"no vault in {folder}", hint=CreateVault()) from None

    def reader(self, *, writes: bool = False) -> Vault:
        """A second Vault object on its own connection to the same file, for a worker thread.

        It only reads (SQLite refuses a write: ``query_only``) unless ``writes`` is given (a
        share recorded from a worker); its transactions queue behind this vault's, as they share
        one lock.  The data key is copied now, so that locking this vault meanwhile does not race
        with the worker.  Close it when done (it is a context manager).
        """
        data_key = self.data_key
        conn = connect(self.path / DB_NAME, data_key, self.keyfile.db_page_size, read_only=self.read_only)
        if not writes:
            try:
                conn.execute("PRAGMA query_only = ON")
            except BaseException:
                conn.close()
                raise
        reader = Vault(self.path, conn, self.keyfile, data_key)
        reader.read_only = self.read_only
        return reader

    @property
    def data_key(self) -> bytes:
        """A copy of the key that opens the database; VaultLocked once the vault is closed."""
        if not self._key:
            raise VaultLocked("the vault is locked")
        return bytes(self._key)

    @property
    def is_open(self) -> bool:
        """Whether the vault is still unlocked (the key is overwritten when it closes)."""
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
            raise read_only_error(self.path)
        self.keyfile.rewrap(self.data_key, new_passphrase, kdf)
        self.keyfile.save(self.path / KEY_NAME)
        self.audit("vault.passphrase-changed", {})

    def set_remembered(self, remembered: bool) -> None:
        """Remember the data key in the OS keyring (opening without the passphrase), or forget it."""
        from wallet.store import keystore

        if self.read_only:
            raise read_only_error(self.path)
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
            raise read_only_error(self.path)
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
                readings.settle(self.conn)  # the coherent layer follows what this transaction changed
            except BaseException as exc:
                self._rollback()
                mapped = storage_error(exc, self.path) if isinstance(exc, sqlcipher3.Error) else None
                if mapped is not None:
                    raise mapped from exc
                raise
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
        """A value of the vault's own settings table, or None when unset."""
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        """Set one of the vault's own settings (not records), committed at once unless inside :meth:`transaction`."""
        self.conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, value))

    @property
    def schema_version(self) -> int:
        """The version of the database layout, to know which migrations have run."""
        return migrations.current_version(self.conn)

    # ------------------------------------------------------------------- cache
    def cache_get(self, key: str) -> Any | None:
        """The Cache contract: the JSON value stored under ``key``, or None."""
        row = self.conn.execute("SELECT value FROM kv WHERE key = ?", (key,)).fetchone()
        return None if row is None else json.loads(row[0])

    def cache_set(self, key: str, value: Any) -> None:
        """The Cache contract: store ``value`` as JSON under ``key``, committed at once."""
        with self.transaction():
            self.conn.execute("INSERT OR REPLACE INTO kv(key, value) VALUES (?, ?)", (key, json.dumps(value)))

    def cache_keys(self, prefix: str) -> list[str]:
        """The Cache contract: the keys that start with ``prefix``, sorted."""
        rows = self.conn.execute("SELECT key FROM kv WHERE substr(key, 1, ?) = ? ORDER BY key", (len(prefix), prefix))
        return [r[0] for r in rows]

    def cache_delete(self, key: str) -> None:
        """The Cache contract: remove ``key`` (absent is fine)."""
        with self.transaction():
            self.conn.execute("DELETE FROM kv WHERE key = ?", (key,))

    # ------------------------------------------------------------------- audit
    def audit(self, action: str, detail: dict[str, Any]) -> None:
        """Append an entry to the hash-chained audit log.  Never put personal values in ``detail``."""
        with self.transaction():
            audit_mod.append(self.conn, action, detail)

    def audit_entries(self, limit: int | None = None) -> list[dict[str, Any]]:
        """The audit log's entries, newest first (at most ``limit``), with their details decoded."""
        return audit_mod.entries(self.conn, limit=limit)

    def audit_problems(self) -> list[str]:
        """What is wrong with the audit log's hash chain (empty when it is intact)."""
        return audit_mod.verify(self.conn)

    def audit_count(self) -> int:
        """How many entries the audit log holds."""
        return int(self.conn.execute("SELECT count(*) FROM audit").fetchone()[0])

    # ----------------------------------------------------------------- persons
    def persons(self) -> list[Person]:
        """Everyone in the vault, the holder first, then in the order they were added."""
        rows = self.conn.execute("SELECT data FROM persons ORDER BY is_holder DESC, rowid")
        return [Person.model_validate_json(r[0]) for r in rows]

    def holder(self) -> Person:
        """The person whose vault it is; VaultDamaged if there is none."""
        row = self.conn.execute("SELECT data FROM persons WHERE is_holder = 1").fetchone()
        if row is None:
            raise VaultDamaged("the vault has no holder")
        return Person.model_validate_json(row[0])

    def person(self, person_id: str) -> Person:
        """The person with this id; NotFound otherwise."""
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
        raise NotFound(f"no person named {name_or_id!r}", hint=SeeList("persons"))

    def save_person(self, person: Person) -> None:
        """Add a person or replace what is stored of them."""
        with self.transaction():
            self.conn.execute(
                "INSERT INTO persons(id, data, is_holder) VALUES (?, ?, ?) "
                "ON CONFLICT(id) DO UPDATE SET data = excluded.data, is_holder = excluded.is_holder",
                (person.id, person.model_dump_json(), int(person.is_holder)),
            )

    def move_records(self, record_ids: Sequence[str], person_id: str) -> int:
        """File records under another person (NotFound if there is no such person); returns how many moved."""
        self.person(person_id)
        with self.transaction():
            moved = 0
            for rid in record_ids:
                search_index.delete_rows(self.conn, "r.id = ?", (rid,))  # its entry names its person
                cur = self.conn.execute("UPDATE records SET person_id = ? WHERE id = ?", (person_id, rid))
                search_index.add_rows(self.conn, "r.id = ?", (rid,))
                moved += cur.rowcount
            audit_mod.append(self.conn, "records.move", {"count": moved, "person": person_id})
        return moved

    def move_series(self, series_ids: Sequence[int], person_id: str) -> int:
        """File measurement series (:meth:`series_list`) under another person; returns how many samples moved.

        A series joins the person's series of the same kind, source and unit when there is one (a sample it
        already holds is kept once), else changes hands; the daily summaries of both persons follow at the commit.
        One transaction, in the audit log.  NotFound for an unknown person or series (nothing is changed).
        """
        self.person(person_id)
        ids = list(dict.fromkeys(int(i) for i in series_ids))
        with self.transaction() as conn:
            if self.schema_version < series.SCHEMA_VERSION:
                known: set[int] = set()
            else:
                rows = conn.execute(
                    "SELECT id FROM series WHERE id IN (SELECT value FROM json_each(?))", (json.dumps(ids),)
                )
                known = {int(r[0]) for r in rows}
            missing = [i for i in ids if i not in known]
            if missing:
                raise NotFound(f"no series with id {', '.join(map(str, missing))}")
            moved, repeats = series.move(conn, ids, person_id)
            detail = {"series": len(ids), "samples": moved, "repeats": repeats, "person": person_id}
            audit_mod.append(conn, "series.move", detail)
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

    def add_samples(self, items: Iterable[Samples], import_id: str | None = None) -> tuple[int, int]:
        """Insert samples into the series store in one transaction; returns (added, repeats or not stored).

        Samples without a person are the holder's.
        """
        chunk = series.SampleChunk(import_id)
        holder_id: str | None = None
        for item in items:
            if item.person_id is None:
                holder_id = holder_id or self.holder().id
                item.person_id = holder_id
            chunk.add(item)
        payload = chunk.seal()
        state = WriteState()
        with self.transaction() as conn:
            added, _ = chunk.write(conn, payload, state)
            state.finish(conn)
        return added, chunk.offered - added

    _COLUMNS = (
        "r.data, r.person_id, r.id, r.domain, r.kind, r.title, r.value, r.unit, r.code_system, r.code, "
        "o.connector_id, o.connector_version, o.source_name, o.source_sha256"
    )
    _FROM = "records r LEFT JOIN origins o ON o.id = r.origin"

    def _row_to_record(self, row: Sequence[Any], with_attachments: bool = False) -> Record:
        fields = json.loads(row[0])
        fields.update(zip(COLUMN_FIELDS, row[2:10], strict=True))
        if row[10] is not None:  # the provenance shared by the records of one file (schema 5)
            origin = dict(zip(ORIGIN_FIELDS, row[10:14], strict=True))
            own = fields.get("provenance")
            fields["provenance"] = {**origin, **own} if own else origin
        rec = Record.model_validate(fields)
        rec.person_id = row[1]
        if with_attachments:
            rec.attachments = self.attachments(rec.id)
        return rec

    def attachments(self, record_id: str) -> list[Attachment]:
        """A record's attached files (scans, photos, PDFs), in the order they were added."""
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
        once: bool = False,
    ) -> tuple[str, list[Any]]:
        clauses: list[str] = ["r.shadow IS NULL"] if once else []
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
        once: bool = False,
    ) -> list[Record]:
        """Records matching every filter given, newest first; ``kinds``: any of these kinds.

        ``once``: a measurement that several sources gave is listed once, from the preferred source
        (the others are shadows: wallet.store.readings).
        """
        where, args = self._where(person_id, domain, kind, since, until, source, connector, kinds, once)
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
        once: bool = False,
    ) -> int:
        """How many records match every filter given, without loading them (``once``: shadows left out)."""
        where, args = self._where(person_id, domain, kind, since, until, source)
        n = int(self.conn.execute(f"SELECT count(*) FROM records r{where}", args).fetchone()[0])
        if once:  # the few shadows, by their own index, rather than a look at every row for its mark
            where += (" AND " if where else " WHERE ") + "r.shadow IS NOT NULL"
            n -= int(self.conn.execute(f"SELECT count(*) FROM records r{where}", args).fetchone()[0])
        return n

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

    def records_by_id(self, record_ids: Sequence[str]) -> dict[str, Record]:
        """The records with these exact ids (without attachments), in one query; ids not found are left out."""
        rows = self.conn.execute(
            f"SELECT {self._COLUMNS} FROM {self._FROM} WHERE r.id IN (SELECT value FROM json_each(?))",
            (json.dumps(list(record_ids)),),
        )
        found = (self._row_to_record(row) for row in rows)
        return {rec.id: rec for rec in found}

    def search(self, text: str, limit: int = 50, person_id: str | None = None, offset: int = 0) -> list[Record]:
        """Records holding every word of ``text`` (any part of a word, of any length, upper or lower case
        alike; Korean and English), newest first (``start``; records without one last), a page of ``limit``
        after ``offset``; only ``person_id``'s records when given.  See :mod:`wallet.store.search_index`."""
        rowids = search_index.search(self.conn, text, limit, offset, person_id)
        if not rowids:
            return []
        rows = self.conn.execute(
            f"SELECT {self._COLUMNS} FROM {self._FROM} WHERE r.rowid IN (SELECT value FROM json_each(?)) "
            "ORDER BY r.start DESC, r.rowid DESC LIMIT ? OFFSET ?",
            (search_index.rowids_json(rowids), max(limit, 0), max(offset, 0)),
        )
        return [self._row_to_record(row) for row in rows]

    def update_record(self, rec: Record) -> None:
        """Replace a record's stored fields (metadata edits, links).  Keeps its content hash."""
        row = self.conn.execute("SELECT rowid FROM records WHERE id = ?", (rec.id,)).fetchone()
        if row is None:
            raise NotFound(f"no record with id {rec.id}")
        with self.transaction():
            search_index.delete_rows(self.conn, "r.rowid = ?", (row[0],))  # by its key: its start as it was
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
                    stored_json(rec),
                    rec.person_id or self.holder().id,
                    rec.id,
                ),
            )
            self.conn.execute("DELETE FROM records_fts WHERE rowid = ?", (row[0],))
            self.conn.execute("INSERT INTO records_fts(rowid, body) VALUES (?, ?)", (row[0], rec.search_text()))
            search_index.add_rows(self.conn, "r.rowid = ?", (row[0],))
            audit_mod.append(self.conn, "record.update", {"id": rec.id})

    def delete_record(self, record_id: str) -> None:
        """Delete a record with its search entry and attachments, in the audit log; NotFound if there is none."""
        row = self.conn.execute("SELECT rowid FROM records WHERE id = ?", (record_id,)).fetchone()
        if row is None:
            raise NotFound(f"no record with id {record_id}")
        with self.transaction():
            self.conn.execute("DELETE FROM records_fts WHERE rowid = ?", (row[0],))
            search_index.delete_rows(self.conn, "r.rowid = ?", (row[0],))
            self.conn.execute("DELETE FROM attachments WHERE record_id = ?", (record_id,))
            self.conn.execute("DELETE FROM records WHERE id = ?", (record_id,))
            audit_mod.append(self.conn, "record.delete", {"id": record_id})

    def _purge_search_index(self) -> None:
        """Merge the search index so the text of deleted rows leaves its segments (FTS5 keeps
        deleted terms until segments merge); with ``secure_delete`` the freed pages are zeroed."""
        self.conn.execute("INSERT INTO records_fts(records_fts) VALUES ('optimize')")
        search_index.optimize(self.conn)

    def delete_person_everything(self, person_id: str) -> dict[str, int]:
        """Delete a person (not the holder) with all their records, attachments, search entries,
        readings and share ledger entries (with the keys of their research shares), and the imports
        and file names (origins) that brought nothing else; in one transaction, in the audit log
        (the person's id and counts only); returns counts.

        Freed pages are overwritten (``secure_delete``), so nothing of the person stays readable
        even to someone holding the key; copies in backups remain until those are deleted.
        """
        person = self.person(person_id)
        if person.is_holder:
            raise VaultError("the holder cannot be deleted: delete the whole vault instead")
        self.conn.execute("PRAGMA secure_delete = ON")
        try:
            with self.transaction() as conn:
                their_imports = [
                    str(r[0])
                    for r in conn.execute(
                        "SELECT DISTINCT import_id FROM records WHERE person_id = ? AND import_id IS NOT NULL",
                        (person_id,),
                    )
                ]
                their_origins = [
                    int(r[0])
                    for r in conn.execute(
                        "SELECT DISTINCT origin FROM records WHERE person_id = ? AND origin IS NOT NULL", (person_id,)
                    )
                ]
                n_samples = 0
                if self.schema_version >= series.SCHEMA_VERSION:
                    their_origins += [
                        int(r[0])
                        for r in conn.execute(
                            "SELECT DISTINCT origin FROM samples WHERE series IN (SELECT id FROM series "
                            "WHERE person_id = ?) AND origin IS NOT NULL",
                            (person_id,),
                        )
                    ]
                    their_imports += [
                        str(r[0])
                        for r in conn.execute(
                            "SELECT DISTINCT import_id FROM origins WHERE import_id IS NOT NULL AND id IN "
                            "(SELECT value FROM json_each(?))",
                            (json.dumps(their_origins),),
                        )
                    ]
                    n_samples = series.delete_where(conn, "SELECT id FROM series WHERE person_id = ?", (person_id,))
                sub = "SELECT {col} FROM records WHERE person_id = ?"
                conn.execute(f"DELETE FROM records_fts WHERE rowid IN ({sub.format(col='rowid')})", (person_id,))
                search_index.delete_rows(conn, "r.person_id = ?", (person_id,))
                att = conn.execute(
                    f"DELETE FROM attachments WHERE record_id IN ({sub.format(col='id')})", (person_id,)
                ).rowcount
                n = conn.execute("DELETE FROM records WHERE person_id = ?", (person_id,)).rowcount
                conn.execute(  # the keys made for their research shares only
                    "DELETE FROM kv WHERE key IN (SELECT 'share-key:' || id FROM shares WHERE person_id = ?)",
                    (person_id,),
                )
                shares = conn.execute("DELETE FROM shares WHERE person_id = ?", (person_id,)).rowcount
                conn.execute("DELETE FROM persons WHERE id = ?", (person_id,))
                with_series = self.schema_version >= series.SCHEMA_VERSION
                in_use = series.origins_in_use(conn) if with_series else set()
                for origin in set(their_origins) - in_use:  # the file names their data came from, unless in use
                    conn.execute(
                        "DELETE FROM origins WHERE id = ? AND NOT EXISTS (SELECT 1 FROM records r WHERE r.origin = ?)",
                        (origin, origin),
                    )
                for import_id in set(their_imports):  # the imports that brought nothing else
                    conn.execute(
                        "DELETE FROM imports WHERE id = ? AND NOT EXISTS (SELECT 1 FROM records WHERE import_id = ?) "
                        "AND NOT EXISTS (SELECT 1 FROM origins WHERE import_id = ?)",
                        (import_id, import_id, import_id),
                    )
                self._purge_search_index()
                counts = {"records": n, "samples": n_samples, "attachments": att, "shares": shares}
                audit_mod.append(conn, "person.delete", {"person": person_id, **counts})
        finally:
            self.conn.execute("PRAGMA secure_delete = OFF")
        return counts

    def delete_source(self, import_id: str) -> dict[str, int]:
        """Delete everything one import brought (:meth:`imports` lists them): its records, their
        attachments, search entries and readings, its origins and the import itself; in the audit
        log; returns counts.  NotFound for an unknown import id (or a unique prefix of 6+ characters).

        Records the import offered that another import had already brought (duplicates) belong to
        that other import and stay.  People the import added stay (delete them by name).
        """
        rows = self.conn.execute(
            "SELECT id, connector FROM imports WHERE id = ? OR (length(?) >= 6 AND substr(id, 1, length(?)) = ?)",
            (import_id, import_id, import_id, import_id),
        ).fetchall()
        if len(rows) != 1:
            what = "several imports" if rows else "no import"
            raise NotFound(f"{what} with id {import_id} (the list of imports shows their ids)")
        full_id, connector = str(rows[0][0]), str(rows[0][1])
        self.conn.execute("PRAGMA secure_delete = ON")
        try:
            with self.transaction() as conn:
                n = int(conn.execute("SELECT count(*) FROM records WHERE import_id = ?", (full_id,)).fetchone()[0])
                att = int(
                    conn.execute(
                        "SELECT count(*) FROM attachments WHERE record_id IN "
                        "(SELECT id FROM records WHERE import_id = ?)",
                        (full_id,),
                    ).fetchone()[0]
                )
                n_samples = self.undo_import(full_id)
                conn.execute("DELETE FROM imports WHERE id = ?", (full_id,))
                self._purge_search_index()
                counts = {"records": n, "samples": n_samples, "attachments": att}
                audit_mod.append(conn, "source.delete", {"import": full_id, "connector": connector, **counts})
        finally:
            self.conn.execute("PRAGMA secure_delete = OFF")
        return counts

    def destroy(self) -> list[str]:
        """Delete the whole vault by crypto-erase; returns notes on what could not be removed.

        First the keys: the OS keyring entry is removed and the key file is overwritten with
        random bytes, synced and unlinked; without the data key the database is unreadable
        ciphertext.  Then the database and its companions are unlinked and the folder removed
        when nothing else is in it.  The deletion itself cannot be recorded in the vault's audit
        log (the log is inside what is destroyed); an entry is appended before, for a backup taken
        meanwhile.  Copies in backups remain until those are deleted too.  On a copy-on-write or
        flash file system the overwrite may not reach the old blocks: the key file there is still
        wrapped by the passphrase and the recovery key.
        """
        from wallet.store import keystore

        if self.read_only:
            raise read_only_error(self.path)
        notes: list[str] = []
        folder = self.path
        vault_id = self.keyfile.vault_id
        with contextlib.suppress(VaultError):
            self.audit("vault.delete", {})
        self.close()
        try:
            keystore.forget_data_key(vault_id)
        except KeyringUnavailable as exc:
            if self.keyfile.remembered:
                notes.append(f"the key remembered in the system keyring could not be removed: {exc}")
        key_path = folder / KEY_NAME
        try:
            size = max(key_path.stat().st_size, 1)
            fd = os.open(key_path, os.O_WRONLY)
            try:
                for _ in range(2):
                    os.lseek(fd, 0, os.SEEK_SET)
                    os.write(fd, secrets.token_bytes(size))
                    os.fsync(fd)
            finally:
                os.close(fd)
            key_path.unlink()
        except FileNotFoundError:
            pass
        except OSError as exc:
            raise VaultError(f"the key file {key_path} could not be destroyed: {exc.strerror or exc}") from exc
        companions = (DB_NAME + "-wal", DB_NAME + "-shm", DB_NAME + "-journal", unlocks.COUNTER_NAME, LOCK_NAME)
        for name in (DB_NAME, *companions):
            try:
                (folder / name).unlink(missing_ok=True)
            except OSError as exc:
                notes.append(f"{folder / name} could not be removed: {exc.strerror or exc}")
        try:
            folder.rmdir()
        except OSError:
            left = sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []
            if left:
                notes.append(f"the folder {folder} was kept: it holds other files ({', '.join(left[:5])})")
        return notes

    # ------------------------------------------------------------- series
    def series_list(self, person_id: str | None = None, mtype: str | None = None) -> list[series.SeriesInfo]:
        """The vault's measurement series (of one person, of one type), with their sample counts."""
        return series.series_list(self.conn, person_id, mtype)

    def series_samples(
        self,
        series_id: int,
        since: float | None = None,
        until: float | None = None,
        limit: int | None = None,
        newest_first: bool = False,
    ) -> list[series.SampleRow]:
        """Samples of one series (start, end, value, UTC offset in minutes, extra JSON), by a range scan."""
        return series.samples(self.conn, series_id, since, until, limit, newest_first)

    def sample_count(self, person_id: str | None = None) -> int:
        """How many samples the series store holds (of one person)."""
        return series.count(self.conn, person_id) if self.schema_version >= series.SCHEMA_VERSION else 0

    # ------------------------------------------------------ the coherent layer
    def reading_sources(self) -> list[tuple[str, int, int]]:
        """What produced the vault's measurements: (source key, priority rank, readings), preferred first.

        Keys are what the sources call themselves (``Jane's Apple Watch``, a hospital) or, for a file
        that names none, ``connector:origin`` (wallet.store.readings).
        """
        sql = "SELECT source, rank, 1 AS n FROM readings"
        if self.schema_version >= series.SCHEMA_VERSION:
            sql += " UNION ALL SELECT s.source, s.rank, d.n FROM series AS s JOIN series_daily AS d ON d.series = s.id"
        rows = self.conn.execute(
            f"SELECT source, min(rank), sum(n) FROM ({sql}) GROUP BY source ORDER BY min(rank), source"
        )
        return [(str(s), int(r), int(n)) for s, r, n in rows]

    def set_source_priority(self, order: Sequence[str]) -> None:
        """Prefer the sources in ``order`` (keys, best first) when several give the same reading; an
        empty order returns to the default (hospital, measuring device, phone, typed in).  Regroups every
        reading in one transaction, in the audit log."""
        with self.transaction() as conn:
            readings.set_priority(conn, list(order))
            audit_mod.append(conn, "readings.priority", {"sources": len(order)})

    # ----------------------------------------------------------------- imports
    def _mark_interrupted_imports(self) -> None:
        with self.transaction():
            self.conn.execute("UPDATE imports SET status = 'interrupted' WHERE status = 'running'")

    def imports(self) -> list[dict[str, Any]]:
        """Every import with its status and report, newest first."""
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

    def begin_import(self, import_id: str, started: datetime, connector_id: str, source: str, sha256: str) -> None:
        """Record an import as running (committed at once: a crash leaves it to read "interrupted")."""
        with self.transaction():
            self.conn.execute(
                "INSERT INTO imports(id, started, connector, source, source_sha256, status) "
                "VALUES (?,?,?,?,?, 'running')",
                (import_id, utc_iso(started), connector_id, source, sha256),
            )

    def undo_import(self, import_id: str) -> int:
        """Remove what an import added: its records, their search entries and attachments, its samples, its
        origins; returns how many samples went.

        Inside the caller's transaction when there is one (the pipeline restores the import's
        people in the same one).
        """
        with self.transaction() as conn:
            conn.execute(
                "DELETE FROM records_fts WHERE rowid IN (SELECT rowid FROM records WHERE import_id = ?)", (import_id,)
            )
            search_index.delete_rows(conn, "r.import_id = ?", (import_id,))
            conn.execute(
                "DELETE FROM attachments WHERE record_id IN (SELECT id FROM records WHERE import_id = ?)", (import_id,)
            )
            conn.execute("DELETE FROM records WHERE import_id = ?", (import_id,))
            samples = 0
            if self.schema_version >= series.SCHEMA_VERSION:
                samples = series.delete_where(
                    conn, "SELECT id FROM series", (), "SELECT id FROM origins WHERE import_id = ?", (import_id,)
                )
            conn.execute("DELETE FROM origins WHERE import_id = ?", (import_id,))
        return samples

    def finish_import(self, import_id: str, status: str, report: ImportReport) -> None:
        """Record how an import ended, with its report, and add it to the audit log (one transaction)."""
        with self.transaction() as conn:
            conn.execute(
                "UPDATE imports SET finished = ?, status = ?, report = ? WHERE id = ?",
                (utc_iso(datetime.now(UTC)), status, report.model_dump_json(), import_id),
            )
            audit_mod.append(
                conn,
                "import",
                {
                    "connector": report.connector_id,
                    "status": status,
                    "added": report.added,
                    "duplicates": report.duplicates,
                    "skipped": len(report.skipped),
                    "import": import_id,
                },
            )

    def delete_person(self, person_id: str) -> None:
        """Remove a person who has no records (a person an import added, when it is undone)."""
        with self.transaction():
            self.conn.execute("DELETE FROM persons WHERE id = ?", (person_id,))

    # -------------------------------------------------------- write-ahead log
    @property
    def page_size(self) -> int:
        """The database page size in bytes (the write-ahead log is measured in pages)."""
        return int(self.conn.execute("PRAGMA page_size").fetchone()[0])

    def wal_autocheckpoint(self, pages: int | None = None) -> int:
        """The pages the write-ahead log holds before SQLite copies it into the database (at a
        commit); with ``pages``, set it first (a long import sets it higher while it runs)."""
        if pages is not None:
            self.conn.execute(f"PRAGMA wal_autocheckpoint = {int(pages)}")
        return int(self.conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0])

    def checkpoint(self) -> None:
        """Copy the write-ahead log into the database now, without waiting for readers (PASSIVE)."""
        self.conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()

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
        if schema >= 8:  # the search index by date came with schema 8
            problems += search_index.problems(self.conn)
        if schema >= series.SCHEMA_VERSION:
            problems += series.problems(self.conn)
        if schema >= 5:  # origins came with schema 5
            lost = self.conn.execute(
                "SELECT count(*) FROM records r WHERE r.origin IS NOT NULL "
                "AND NOT EXISTS (SELECT 1 FROM origins o WHERE o.id = r.origin)"
            ).fetchone()[0]
            if lost:
                problems.append(f"{lost} records name an origin (source file) that is missing")
        return problems

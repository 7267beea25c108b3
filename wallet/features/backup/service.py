"""Back up, list, restore, verify and prune, on any target rclone reaches.

On the target, a backup folder holds::

    lock.json                     who is writing now (a computer's random id, the time)
    versions/<id>/vault.db        the snapshot: SQLCipher ciphertext
    versions/<id>/vault.key       the key file: the data key wrapped by passphrase and recovery key
    versions/<id>/manifest.json   written last: vault id, schema, time, counts, size and SHA-256 of each part

The snapshot and the key file are uploaded into a folder of a temporary name (``<id>.part``) that is
then moved into place, and the manifest last, likewise under a temporary name first: a version counts
only when its manifest is there and every part has the manifest's size, so an upload that failed
half-way is never taken for a backup (the next run on that computer clears it away).

Two computers: the lock file stops two from writing at once, and each manifest names the computer
that made it.  A vault remembers the last version it made or was restored from on each target; a
newer version there from another computer means this copy is behind, and backing it up is refused
unless forced (:class:`~wallet.errors.BackupConflict`).  :func:`remote_status` tells the app when to
offer a restore.
"""

from __future__ import annotations

import dataclasses
import json
import os
import secrets
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from wallet.errors import (
    BackUpAnyway,
    BackupCancelled,
    BackupConflict,
    BackupDamaged,
    BackupError,
    Overwrite,
    VaultExists,
)
from wallet.features.backup import snapshot
from wallet.features.backup.rclone import Rclone, Transfer, Watch
from wallet.features.backup.retention import Retention, to_keep
from wallet.features.backup.targets import Target, list_targets, save_target
from wallet.store.keys import KeyFile
from wallet.store.rows import utc_iso
from wallet.store.vault import DB_NAME, KEY_NAME, Vault, VaultFileLock

VERSIONS = "versions"
LOCK_NAME = "lock.json"
LOCK_STALE = timedelta(hours=6)
"""A lock older than this is taken to be left by a computer that stopped half-way."""
INCOMPLETE_STALE = timedelta(days=1)
"""Another computer's unfinished version older than this is cleared away by a prune."""
LAST_PREFIX = "backup-last:"
"""The vault's ``kv`` key for the last version it made or was restored from, per target."""
PARTIAL = ".part"
MANIFEST_MAX_BYTES = 1 << 20
_STAMP = "%Y%m%dT%H%M%SZ"

Progress = Callable[[str], None]
Cancel = Callable[[], bool]
"""Asked between steps and while rclone runs: true once the person has cancelled."""


def _rclone(target: Target, transfer: Transfer | None, cancel: Cancel | None) -> Rclone:
    """rclone for ``target``, watched when there is progress to report or a cancel to obey."""
    watch = Watch(transfer, cancel) if transfer is not None or cancel is not None else None
    return Rclone(target.remote(), watch)


def computer_id() -> str:
    """This computer's random id (made once, kept in the user's data folder): which computer made a backup."""
    from platformdirs import user_data_path

    path = user_data_path("mydata-wallet", appauthor=False) / "computer-id"
    try:
        text = path.read_text(encoding="ascii").strip()
        if len(text) == 32 and all(c in "0123456789abcdef" for c in text):
            return text
    except (OSError, UnicodeDecodeError):
        pass
    made = secrets.token_hex(16)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(made + "\n")
    return made


def _parse_time(text: str) -> datetime:
    value = datetime.fromisoformat(text)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


@dataclass(frozen=True)
class Version:
    """One complete backup on a target: its id (the folder name), time, vault, computer and counts."""

    id: str
    time: datetime
    vault_id: str
    schema_version: int
    computer: str
    counts: dict[str, int]
    manifest: dict[str, Any] = field(repr=False)

    @classmethod
    def from_manifest(cls, version_id: str, data: dict[str, Any]) -> Version:
        """The version described by its manifest ``data``; KeyError, TypeError or ValueError if malformed."""
        if int(data["format"]) != snapshot.MANIFEST_FORMAT:
            raise ValueError("unknown manifest format")
        for part in snapshot.PARTS:
            int(data["parts"][part]["bytes"])
            str(data["parts"][part]["sha256"])
        return cls(
            id=version_id,
            time=_parse_time(str(data["time"])),
            vault_id=str(data["vault_id"]),
            schema_version=int(data["schema_version"]),
            computer=str(data["computer"]),
            counts={str(k): int(v) for k, v in dict(data["counts"]).items()},
            manifest=data,
        )

    @property
    def records(self) -> int:
        """How many records the version holds."""
        return self.counts.get("records", 0)


@dataclass
class Listing:
    """What a target's backup folder holds: complete versions (oldest first) and unfinished ones' folders."""

    versions: list[Version]
    unfinished: list[str]
    files: dict[str, list[str]] = field(default_factory=dict)
    """The names of the files in each version's folder."""


def _new_version_id(now: datetime, computer: str) -> str:
    return f"{now.astimezone(UTC).strftime(_STAMP)}-{computer[:8]}-{secrets.token_hex(2)}"


def _version_started(version_id: str) -> datetime | None:
    try:
        return datetime.strptime(version_id.split("-", 1)[0], _STAMP).replace(tzinfo=UTC)
    except ValueError:
        return None


def scan(rc: Rclone) -> Listing:
    """The target's versions: complete ones (manifest present, every part of its size) and unfinished ones."""
    sizes: dict[str, dict[str, int]] = {}
    for entry in rc.files(VERSIONS):
        folder, _, name = str(entry.get("Path", "")).partition("/")
        if folder and name and "/" not in name:
            sizes.setdefault(folder, {})[name] = int(entry.get("Size", -1))
    versions: list[Version] = []
    unfinished: list[str] = []
    with snapshot.private_dir() as tmp:
        if any(snapshot.MANIFEST_NAME in names for names in sizes.values()):
            rc.download_matching(VERSIONS, tmp, f"/*/{snapshot.MANIFEST_NAME}")
        for folder, names in sorted(sizes.items()):
            local = tmp / folder / snapshot.MANIFEST_NAME
            size = names.get(snapshot.MANIFEST_NAME)
            if size is None or size > MANIFEST_MAX_BYTES or not local.is_file():
                unfinished.append(folder)
                continue
            try:
                version = Version.from_manifest(folder, json.loads(local.read_bytes()))
            except (KeyError, TypeError, ValueError):
                unfinished.append(folder)  # not a manifest this program wrote
                continue
            parts = version.manifest["parts"]
            if all(names.get(p) == int(parts[p]["bytes"]) for p in snapshot.PARTS):
                versions.append(version)
            else:
                unfinished.append(folder)
    versions.sort(key=lambda v: (v.time, v.id))
    return Listing(versions, unfinished, {folder: sorted(names) for folder, names in sizes.items()})


def list_versions(target: Target) -> list[Version]:
    """The complete backups on ``target``, oldest first (an upload that failed half-way is not one)."""
    return scan(Rclone(target.remote())).versions


# ------------------------------------------------------------------- the lock


def _take_lock(rc: Rclone, vault_id: str, computer: str, force: bool) -> str:
    """Write this computer's lock file; BackupConflict when another computer's fresh lock is there."""
    now = datetime.now(UTC)
    raw = rc.read(LOCK_NAME)
    if raw and not force:
        try:
            held = json.loads(raw)
            other, since = str(held["computer"]), _parse_time(str(held["time"]))
        except (KeyError, TypeError, ValueError):
            other, since = "", now - LOCK_STALE  # not a lock this program wrote: taken as stale
        if other != computer and now - since < LOCK_STALE:
            raise BackupConflict(
                f"another computer has been writing a backup to {rc.remote.name} since "
                f"{since.strftime('%Y-%m-%d %H:%M')} UTC; try again when it is done"
            )
    nonce = secrets.token_hex(8)
    lock = {"computer": computer, "vault_id": vault_id, "time": utc_iso(now), "nonce": nonce}
    rc.upload_bytes(json.dumps(lock).encode("utf-8"), LOCK_NAME)
    back = rc.read(LOCK_NAME)
    try:
        ours = back is not None and json.loads(back).get("nonce") == nonce
    except ValueError:
        ours = False
    if not ours:
        raise BackupConflict(f"another computer began a backup to {rc.remote.name} at the same moment; try again")
    return nonce


def _release_lock(rc: Rclone, nonce: str) -> None:
    """Remove the lock file if it is still this run's (also after a cancel)."""
    rc = rc.unwatched()
    try:
        raw = rc.read(LOCK_NAME)
        if raw is not None and json.loads(raw).get("nonce") == nonce:
            rc.delete(LOCK_NAME)
    except (BackupError, ValueError):
        pass  # a lock left behind goes stale; the error that matters is the one already raised


# ------------------------------------------------------------ two computers


def _last_known(vault: Vault, target: Target) -> datetime | None:
    data = vault.cache_get(LAST_PREFIX + target.name)
    try:
        return _parse_time(str(data["time"])) if isinstance(data, dict) else None
    except (KeyError, ValueError):
        return None


def _remember(vault: Vault, target: Target, version: Version) -> None:
    if not vault.read_only:
        vault.cache_set(LAST_PREFIX + target.name, {"version": version.id, "time": utc_iso(version.time)})


@dataclass(frozen=True)
class RemoteStatus:
    """How the target's backups stand against this vault."""

    newest: Version | None
    """The target's newest backup of this vault (None: there is none)."""
    newer_elsewhere: bool
    """The newest was made on another computer after this vault's last backup or restore: offer a restore."""
    other_vaults: int
    """Versions of other vaults in the same folder."""


def status_of(vault: Vault, target: Target, listing: Listing, computer: str) -> RemoteStatus:
    """How ``listing`` (a :func:`scan` of ``target``) stands against this vault, seen from ``computer``."""
    vault_id = vault.keyfile.vault_id
    mine = [v for v in listing.versions if v.vault_id == vault_id]
    newest = mine[-1] if mine else None
    last = _last_known(vault, target)
    newer = newest is not None and newest.computer != computer and (last is None or newest.time > last)
    return RemoteStatus(newest, newer, len(listing.versions) - len(mine))


def remote_status(vault: Vault, target: Target, *, computer: str | None = None) -> RemoteStatus:
    """Whether ``target`` holds a newer backup of this vault from another computer (and what is newest there)."""
    return status_of(vault, target, scan(Rclone(target.remote())), computer or computer_id())


# ------------------------------------------------------------------ backing up


@dataclass
class BackupReport:
    """What a backup run did: the version written and the versions pruned."""

    version: Version
    pruned: list[str]


def run_backup(
    vault: Vault,
    target: Target,
    *,
    force: bool = False,
    now: datetime | None = None,
    computer: str | None = None,
    retention: Retention | None = None,
    progress: Progress | None = None,
    transfer: Transfer | None = None,
    cancel: Cancel | None = None,
) -> BackupReport:
    """Back the open vault up to ``target`` as a new version, then prune by the retention rule.

    Refused (:class:`~wallet.errors.BackupConflict`) when another computer is writing there, when
    the folder holds another vault's backups, or when it holds a newer backup of this vault made on
    another computer, unless ``force``.  ``now`` stands for the time (tests of pruning).
    ``transfer`` hears the bytes uploaded; ``cancel`` stops the run (:class:`~wallet.errors.BackupCancelled`:
    what was half uploaded is not a version, and the next run clears it away).
    """
    say = progress or (lambda _text: None)
    computer = computer or computer_id()
    now = now or datetime.now(UTC)
    vault_id = vault.keyfile.vault_id
    rc = _rclone(target, transfer, cancel)
    say("connecting")
    nonce = _take_lock(rc, vault_id, computer, force)
    try:
        listing = scan(rc)
        if not force:
            status = status_of(vault, target, listing, computer)
            if status.other_vaults and status.newest is None:
                raise BackupConflict(
                    f"the backup folder of {target.name} holds another vault's backups; give each vault its own folder"
                )
            if status.newer_elsewhere and status.newest is not None:
                newest = status.newest
                raise BackupConflict(
                    f"{target.name} holds a newer backup of this vault, made on another computer at "
                    f"{newest.time.strftime('%Y-%m-%d %H:%M')} UTC ({newest.records} records): this copy is behind it",
                    hint=BackUpAnyway(),
                )
        version_id = _new_version_id(now, computer)
        folder = f"{VERSIONS}/{version_id}"
        with snapshot.private_dir() as tmp:
            say("taking a snapshot")
            manifest = snapshot.take(vault, tmp, computer=computer, now=now)
            say("uploading")
            rc.upload_folder(tmp, folder + PARTIAL)
            rc.move(folder + PARTIAL, folder)
            _check_cancel(cancel)
            say("writing the manifest")
            rc.upload_bytes(snapshot.manifest_bytes(manifest), f"{folder}/{snapshot.MANIFEST_NAME}{PARTIAL}")
            rc.move(f"{folder}/{snapshot.MANIFEST_NAME}{PARTIAL}", f"{folder}/{snapshot.MANIFEST_NAME}")
        version = Version.from_manifest(version_id, manifest)
        _remember(vault, target, version)
        if not vault.read_only:
            vault.audit("backup.run", {"target": target.name, "version": version_id, "records": version.records})
        say("pruning old versions")
        listing.versions.append(version)
        pruned = _prune(rc, listing, vault_id, retention, computer, now)
    finally:
        _release_lock(rc, nonce)
    return BackupReport(version, pruned)


def _prune(
    rc: Rclone, listing: Listing, vault_id: str, retention: Retention | None, computer: str, now: datetime
) -> list[str]:
    """Delete this vault's versions the rule does not keep, and unfinished uploads nobody is writing."""
    mine = [v for v in listing.versions if v.vault_id == vault_id]
    keep = to_keep([(v.id, v.time) for v in mine], retention)
    doomed = [v.id for v in mine if v.id not in keep]
    real_now = datetime.now(UTC)
    cleared = []
    for folder in listing.unfinished:
        started = _version_started(folder)
        own = folder.split("-")[1:2] == [computer[:8]]
        if own or started is None or real_now - started > INCOMPLETE_STALE:
            cleared.append(folder)
    if doomed:  # the manifests first: a version half deleted is no longer listed
        rc.delete_files(VERSIONS, [f"{d}/{snapshot.MANIFEST_NAME}" for d in doomed])
    rest = [
        f"{d}/{name}"
        for d in (*doomed, *cleared)
        for name in listing.files.get(d, [])
        if not (d in doomed and name == snapshot.MANIFEST_NAME)
    ]
    if rest:
        rc.delete_files(VERSIONS, rest)
    if doomed or cleared:
        rc.remove_empty_folders(VERSIONS)
    return doomed


def prune(
    vault: Vault, target: Target, *, retention: Retention | None = None, computer: str | None = None
) -> list[str]:
    """Prune ``target`` by the retention rule now (a backup run does it too); the ids of the versions deleted."""
    computer = computer or computer_id()
    rc = Rclone(target.remote())
    nonce = _take_lock(rc, vault.keyfile.vault_id, computer, False)
    try:
        pruned = _prune(rc, scan(rc), vault.keyfile.vault_id, retention, computer, datetime.now(UTC))
    finally:
        _release_lock(rc, nonce)
    if pruned and not vault.read_only:
        vault.audit("backup.prune", {"target": target.name, "versions": len(pruned)})
    return pruned


# ------------------------------------------------------- restoring, verifying


def _pick(listing: Listing, version_id: str | None, target: Target) -> Version:
    if not listing.versions:
        raise BackupError(f"there is no complete backup on {target.name}")
    if version_id is None:
        return listing.versions[-1]
    found = [v for v in listing.versions if v.id == version_id or v.id.startswith(version_id)]
    if len(found) != 1:
        raise BackupError(f"no single backup version {version_id!r} on {target.name}")
    return found[0]


def _fetch(rc: Rclone, version: Version, folder: Path) -> KeyFile:
    """Download a version's parts into ``folder`` and check them against the manifest; its key file."""
    for part in snapshot.PARTS:
        rc.download(f"{VERSIONS}/{version.id}/{part}", folder / part)
    snapshot.check_parts(folder, version.manifest)
    keyfile = KeyFile.load(folder / KEY_NAME)
    if keyfile.vault_id != version.vault_id:
        raise BackupDamaged("the backup's key file belongs to another vault than its manifest says")
    return keyfile


def _count_problems(expected: dict[str, int], found: dict[str, int], *, opened: bool) -> list[str]:
    """Differences between the manifest's counts and the copy's (``opened``: the audit log has grown since)."""
    problems = []
    for table, n in sorted(expected.items()):
        got = found.get(table)
        if table == "audit" and opened and got is not None and got >= n:
            continue
        if table == "kv" and opened and got is not None and got >= n:
            continue  # restoring remembers the target and the version
        if got != n:
            problems.append(f"{table}: the backup's manifest says {n} rows, the restored copy has {got}")
    return problems


@dataclass
class RestoreReport:
    """What a restore or a verification found: the version, the restored copy's counts, and any problems."""

    version: Version
    folder: Path | None
    counts: dict[str, int]
    problems: list[str]


def restore(
    target: Target,
    dest: Path,
    *,
    passphrase: str | None = None,
    recovery_key: str | None = None,
    version_id: str | None = None,
    force: bool = False,
    progress: Progress | None = None,
    transfer: Transfer | None = None,
    cancel: Cancel | None = None,
    locked_by_caller: bool = False,
) -> RestoreReport:
    """Restore a version (the newest by default) of ``target`` into the folder ``dest``, then open and check it.

    The backup is unlocked with ``passphrase`` or ``recovery_key`` before anything is written, so a
    wrong one leaves ``dest`` as it was.  A vault already in ``dest`` is replaced only with ``force``.
    The restored vault remembers ``target`` and this version (it is then level with the target).
    ``locked_by_caller``: the caller holds the folder lock of ``dest`` itself (the app, with no vault open).
    """
    say = progress or (lambda _text: None)
    if passphrase is None and recovery_key is None:
        raise ValueError("give a passphrase or a recovery key")
    dest = Path(dest).expanduser()
    if ((dest / KEY_NAME).exists() or (dest / DB_NAME).exists()) and not force:
        raise VaultExists(f"a vault already exists in {dest}; restoring would replace it", hint=Overwrite())
    rc = _rclone(target, transfer, cancel)
    say("listing versions")
    version = _pick(scan(rc), version_id, target)
    with snapshot.private_dir() as tmp:
        say(f"downloading {version.id}")
        keyfile = _fetch(rc, version, tmp)
        data_key = (
            keyfile.unlock_with_recovery(recovery_key) if recovery_key is not None else keyfile.unlock(str(passphrase))
        )
        _check_cancel(cancel)
        dest.mkdir(parents=True, exist_ok=True, mode=0o700)
        lock = VaultFileLock(dest)
        if not locked_by_caller:
            lock.acquire()  # VaultLocked when the vault being replaced is open in the app
        try:
            for leftover in (DB_NAME + "-wal", DB_NAME + "-shm"):
                (dest / leftover).unlink(missing_ok=True)
            for part in snapshot.PARTS:
                incoming = dest / (part + ".restoring")
                shutil.copyfile(tmp / part, incoming)
                os.chmod(incoming, 0o600)
                os.replace(incoming, dest / part)
        finally:
            lock.release()
    say("opening and checking")
    vault = Vault.open(dest, data_key=data_key)
    try:
        problems = vault.check()
        problems += _count_problems(version.counts, snapshot.table_counts(vault.conn), opened=True)
        if not problems:
            target = _known_as(vault, target)
            save_target(vault, target, replace=True)
            _remember(vault, target, version)
            vault.audit("backup.restore", {"target": target.name, "version": version.id})
        counts = snapshot.table_counts(vault.conn)
    finally:
        vault.close()
    return RestoreReport(version, dest, counts, problems)


def _known_as(vault: Vault, target: Target) -> Target:
    """``target`` under the name the restored vault already knows the same place by (no second entry for it)."""
    for known in list_targets(vault):
        if (known.kind, known.path, known.options) == (target.kind, target.path, target.options):
            return dataclasses.replace(target, name=known.name)
    return target


def verify(
    vault: Vault,
    target: Target,
    *,
    version_id: str | None = None,
    transfer: Transfer | None = None,
    cancel: Cancel | None = None,
) -> RestoreReport:
    """Restore a version (the newest by default) into a temporary folder, open it, check it, compare counts."""
    rc = _rclone(target, transfer, cancel)
    version = _pick(scan(rc), version_id, target)
    with snapshot.private_dir() as tmp:
        _fetch(rc, version, tmp)
        problems: list[str] = []
        counts: dict[str, int] = {}
        if version.vault_id != vault.keyfile.vault_id:
            problems.append("the backup is of another vault than the one open")
        else:
            copy = Vault.open(tmp, data_key=vault.data_key, for_check=True)
            try:
                problems += copy.check()
                counts = snapshot.table_counts(copy.conn)
                problems += _count_problems(version.counts, counts, opened=False)
            finally:
                copy.close()
    if not vault.read_only:
        vault.audit("backup.verify", {"target": target.name, "version": version.id, "ok": not problems})
    return RestoreReport(version, None, counts, problems)


def _check_cancel(cancel: Cancel | None) -> None:
    """BackupCancelled when the person has cancelled."""
    if cancel is not None and cancel():
        raise BackupCancelled("cancelled: nothing half-done is taken for a backup")


def delete_backups(target: Target, vault_id: str, *, keep: frozenset[str] = frozenset()) -> list[str]:
    """Delete every backup of the vault ``vault_id`` on ``target`` (but the versions in ``keep``); their ids.

    Another vault's backups in the same folder stay.  Each version's manifest goes first, so one
    deleted half-way is no longer listed.  The lock file is taken as for a backup.
    """
    rc = Rclone(target.remote())
    nonce = _take_lock(rc, vault_id, computer_id(), False)
    try:
        listing = scan(rc)
        doomed = [v.id for v in listing.versions if v.vault_id == vault_id and v.id not in keep]
        if doomed:
            rc.delete_files(VERSIONS, [f"{d}/{snapshot.MANIFEST_NAME}" for d in doomed])
            rest = [f"{d}/{n}" for d in doomed for n in listing.files.get(d, []) if n != snapshot.MANIFEST_NAME]
            if rest:
                rc.delete_files(VERSIONS, rest)
            rc.remove_empty_folders(VERSIONS)
    finally:
        _release_lock(rc, nonce)
    return doomed

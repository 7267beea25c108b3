"""Failed unlocks, counted across processes: a growing pause before each new try, and a report.

A wrong passphrase (or recovery key) is counted in a small file beside the key file,
``failed-unlocks.json``: the count and the times of the first and the last failure, nothing
else (no passphrase, no hash of one, nothing personal).  It has to live outside the encrypted
database, which cannot be read before the vault is unlocked.

* Before the next try, in any process (the CLI, the app, a script), the wallet waits
  :func:`wallet.store.passphrase.unlock_delay` seconds counted from the last failure (the first two
  mistakes cost nothing, then 1, 2, 4 ... at most 30 s).  Argon2id already makes every guess
  slow; this adds a pause that a new process does not reset.
* At the next successful unlock the count goes into the audit log, the person is shown it
  ("3 failed unlock attempts since ..."), and it is reset.

Limits, said plainly: someone who can write the vault folder can delete the file (and could
as well copy the vault away and guess elsewhere); on a read-only vault nothing can be counted.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

COUNTER_NAME = "failed-unlocks.json"
_MAX_BYTES = 4096


@dataclass(frozen=True)
class FailedUnlocks:
    """Failed unlock attempts since the last successful one."""

    count: int = 0
    first: datetime | None = None
    last: datetime | None = None

    def describe(self) -> str:
        """``3 failed unlock attempts since 2026-12-07 06:41 UTC`` (empty when none)."""
        if self.count <= 0:
            return ""
        noun = "attempt" if self.count == 1 else "attempts"
        since = f" since {self.first.strftime('%Y-%m-%d %H:%M')} UTC" if self.first else ""
        return f"{self.count} failed unlock {noun}{since}"

    def audit_detail(self) -> dict[str, object]:
        """The failed attempts for the audit log: how many, and the first and last time."""
        detail: dict[str, object] = {"count": self.count}
        if self.first:
            detail["first"] = self.first.isoformat(timespec="seconds")
        if self.last:
            detail["last"] = self.last.isoformat(timespec="seconds")
        return detail


def _parse_time(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def _parse(raw: bytes) -> FailedUnlocks:
    """What the file says; a damaged file counts as one failure (it only ever holds failures)."""
    if not raw.strip():
        return FailedUnlocks()
    try:
        data = json.loads(raw[:_MAX_BYTES])
        count = data["count"]
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            raise ValueError("count")
        return FailedUnlocks(min(count, 1_000_000), _parse_time(data.get("first")), _parse_time(data.get("last")))
    except (ValueError, KeyError, TypeError, RecursionError):
        return FailedUnlocks(1)


def _dump(state: FailedUnlocks) -> bytes:
    return json.dumps(
        {
            "count": state.count,
            "first": state.first.isoformat() if state.first else None,
            "last": state.last.isoformat() if state.last else None,
        }
    ).encode("ascii")


@contextlib.contextmanager
def _locked(folder: Path, create: bool) -> Iterator[int | None]:
    """The counter file's descriptor, locked against other processes (None: no file, or none can be made)."""
    path = folder / COUNTER_NAME
    flags = os.O_RDWR | (os.O_CREAT if create else 0) | getattr(os, "O_BINARY", 0)
    for _ in range(10):
        try:
            fd = os.open(path, flags, 0o600)
        except OSError:
            break
        try:
            if sys.platform != "win32":
                import fcntl

                with contextlib.suppress(OSError):  # a file system without locks: counted, less exactly
                    fcntl.flock(fd, fcntl.LOCK_EX)
                # another process may have removed the file while this one waited for the lock
                try:
                    named = os.stat(path)
                except FileNotFoundError:
                    continue
                held = os.fstat(fd)
                if (named.st_dev, named.st_ino) != (held.st_dev, held.st_ino):
                    continue
            yield fd
            return
        finally:
            os.close(fd)  # closing lets go of the lock
    yield None


def _read_fd(fd: int) -> FailedUnlocks:
    os.lseek(fd, 0, os.SEEK_SET)
    return _parse(os.read(fd, _MAX_BYTES))


def _write_fd(fd: int, state: FailedUnlocks) -> None:
    data = _dump(state)
    os.ftruncate(fd, 0)
    os.lseek(fd, 0, os.SEEK_SET)
    os.write(fd, data)
    os.fsync(fd)


def next_pause(count: int) -> float:
    """The pause before the next try after ``count`` failures (:func:`wallet.store.passphrase.unlock_delay`)."""
    from wallet.store.passphrase import unlock_delay  # imported here: it loads zxcvbn's word lists

    return unlock_delay(count)


def read(folder: Path) -> FailedUnlocks:
    """The failures recorded for the vault in ``folder`` (none when the file is missing or unreadable)."""
    try:
        raw = (folder / COUNTER_NAME).read_bytes()[:_MAX_BYTES]
    except OSError:
        return FailedUnlocks()
    return _parse(raw)


def seconds_to_wait(folder: Path, now: datetime | None = None) -> float:
    """How long the next unlock attempt must wait: the pause for the count, less the time since the last failure."""
    state = read(folder)
    pause = next_pause(state.count)
    if pause <= 0:
        return 0.0
    if state.last is None:
        return pause
    elapsed = ((now or datetime.now(UTC)) - state.last).total_seconds()
    return max(0.0, min(pause, pause - elapsed))


def record_failure(folder: Path, now: datetime | None = None) -> FailedUnlocks:
    """Count one more failed attempt.  Best effort: a vault that cannot be written counts nothing."""
    when = now or datetime.now(UTC)
    with _locked(folder, create=True) as fd:
        if fd is None:
            return FailedUnlocks()
        try:
            old = _read_fd(fd)
            new = FailedUnlocks(old.count + 1, old.first or when, when)
            _write_fd(fd, new)
        except OSError:
            return FailedUnlocks()
        return new


def clear(folder: Path, reported: FailedUnlocks) -> None:
    """After a successful unlock reported ``reported``: forget those failures (not any counted since)."""
    with _locked(folder, create=False) as fd:
        if fd is None:
            return
        with contextlib.suppress(OSError):
            current = _read_fd(fd)
            if current.count <= reported.count:
                os.ftruncate(fd, 0)
                os.unlink(folder / COUNTER_NAME)  # unlinked while locked: a waiting process then re-creates it
            else:
                _write_fd(fd, FailedUnlocks(current.count - reported.count, current.last, current.last))

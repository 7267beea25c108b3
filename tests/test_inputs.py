"""Files handed in are looked at with stat first: FIFOs and devices refused, sizes checked before hashing.

(Issue 14, points 5 and 9.)  A regression here would hang on a FIFO: each FIFO test has a
rescuer that writes to the pipe once someone opens it for reading, so a reader that should
never have opened it gets an answer and the test fails instead of hanging; the CLI tests run
in a child process whose timeout is the failure.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import DEMO

from connectors import shc
from wallet.errors import ConnectorError
from wallet.features.share.verify import verify_file
from wallet.imports.connector import Source
from wallet.imports.inputs import InputRefused, read_input, read_json_input
from wallet.imports.pipeline import import_source
from wallet.store import audit
from wallet.store.vault import Vault

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes (mkfifo) exist on POSIX systems only")

CARD = DEMO / "example-00-e-file.smart-health-card"


@contextlib.contextmanager
def fifo(path: Path) -> Iterator[Path]:
    """A named pipe; whenever something opens it for reading, it is sent "{}" and closed (so nothing hangs)."""
    os.mkfifo(path)
    stop = threading.Event()

    def rescue() -> None:
        while not stop.is_set():
            try:
                fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK)
            except OSError:  # ENXIO: nobody reads it
                stop.wait(0.05)
                continue
            with contextlib.suppress(OSError):
                os.write(fd, b"{}")
            os.close(fd)

    helper = threading.Thread(target=rescue, daemon=True)
    helper.start()
    try:
        yield path
    finally:
        stop.set()
        helper.join()


def test_read_input_refuses_a_fifo_a_device_and_a_folder(tmp_path: Path) -> None:
    with fifo(tmp_path / "pipe.json") as pipe, pytest.raises(InputRefused, match=r"pipe\.json: a named pipe \(FIFO\)"):
        read_input(pipe, 1024)
    if Path("/dev/zero").exists():
        with pytest.raises(InputRefused, match="zero: a character device, not a regular file"):
            read_input("/dev/zero", 1024)
    with pytest.raises(InputRefused, match="a folder"):
        read_input(tmp_path, 1024)
    big = tmp_path / "big.json"
    big.write_bytes(b"x" * 2048)
    with pytest.raises(InputRefused, match="larger than the 1 KB a file may have"):
        read_input(big, 1024)
    assert read_input(big, 4096) == b"x" * 2048


def test_import_of_a_fifo_is_refused_and_leaves_the_vault_as_it_was(vault: Vault, tmp_path: Path) -> None:
    before = len(audit.entries(vault.conn, limit=1000))
    with fifo(tmp_path / "card.smart-health-card") as pipe:
        link = tmp_path / "link.json"
        link.symlink_to(pipe)
        for path in (pipe, link):
            with pytest.raises(ConnectorError, match=r"a named pipe \(FIFO\), not a regular file"):
                import_source(vault, Source(path))
            with pytest.raises(ConnectorError, match=r"a named pipe \(FIFO\), not a regular file"):
                import_source(vault, Source(path), connector_id="smart_health_card")
    assert vault.count() == 0
    assert len(audit.entries(vault.conn, limit=1000)) == before


def test_a_huge_sparse_file_is_refused_by_its_size_before_hashing(
    vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    huge = tmp_path / "huge.smart-health-card"
    with huge.open("wb") as fh:
        fh.truncate(64 * 1024**3)  # 64 GB that take no room on disk

    def no_hashing(self: Source) -> str:
        raise AssertionError("the file was hashed before its size was checked")

    monkeypatch.setattr(Source, "sha256", property(no_hashing))
    with pytest.raises(ConnectorError, match=r"huge\.smart-health-card: larger than the 5 MB the SMART Health Card"):
        import_source(vault, Source(huge), connector_id="smart_health_card")
    assert vault.count() == 0


def test_jwks_and_revocation_files_must_be_regular_files(tmp_path: Path) -> None:
    with fifo(tmp_path / "jwks.json") as pipe:
        with pytest.raises(ConnectorError, match=r"JWKS file jwks\.json: a named pipe"):
            shc.load_jwks(str(pipe))
        with pytest.raises(ConnectorError, match=r"revocation list jwks\.json: a named pipe"):
            shc.load_crl(str(pipe))


def test_read_json_input_names_the_file_in_one_error(tmp_path: Path) -> None:
    good = tmp_path / "list.json"
    good.write_text('{"rids": []}')
    assert read_json_input(good, 100, what="revocation list") == {"rids": []}
    bad = tmp_path / "bad.json"
    bad.write_bytes(b"\xff{")
    with pytest.raises(InputRefused, match=r"^bad\.json: not a JSON key file$"):
        read_json_input(bad, 100, name="bad.json", what="key file")
    with pytest.raises(ConnectorError, match=r"list\.json: larger than the 1 KB a revocation list may have"):
        read_json_input(good, 5, what="revocation list")
    with fifo(tmp_path / "pipe.json") as pipe, pytest.raises(InputRefused, match="a named pipe"):
        read_json_input(pipe, 100)


def test_verify_file_refuses_a_fifo(tmp_path: Path) -> None:
    with fifo(tmp_path / "bundle.zip") as pipe:
        result = verify_file(pipe)
    assert not result.ok
    assert "bundle.zip: a named pipe (FIFO), not a regular file" in result.checks[0].message


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MYDATA_WALLET")}
    return subprocess.run(
        [sys.executable, "-m", "wallet.cli", *args],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        env=env,
        timeout=120,  # a command that read from the pipe or the device would never end: this fails the test
        check=False,
    )


@pytest.mark.slow
def test_cli_verify_refuses_fifos_and_devices(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "bundle.zip")  # nobody ever writes to it
    r = _cli("verify", str(tmp_path / "bundle.zip"))
    assert r.returncode == 1
    assert "bundle.zip: a named pipe (FIFO), not a regular file" in r.stdout + r.stderr
    if Path("/dev/zero").exists():
        r = _cli("verify", "/dev/zero")
        assert r.returncode == 1
        assert "zero: a character device, not a regular file" in r.stdout + r.stderr
        # a key file given with the bundle
        r = _cli("verify", str(CARD), "--key", "/dev/zero")
        assert r.returncode == 1
        assert (
            r.stderr.strip()
            == "mydata-wallet: /dev/zero: a character device, not a regular file; only regular files are read"
        )

"""The one audited way a file leaves the vault: written atomically, recorded once."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from wallet.errors import WalletError
from wallet.store import audit
from wallet.store.files import write_out
from wallet.store.vault import Vault


def _entries(vault: Vault, action: str) -> list[dict]:
    return [e for e in audit.entries(vault.conn) if e["action"] == action]


def test_the_file_is_written_and_recorded_once(vault: Vault, tmp_path: Path) -> None:
    target = tmp_path / "out.pdf"
    written = write_out(vault, target, b"%PDF-1.4", action="attachment.export", detail={"record": "r1"})
    assert written == target and target.read_bytes() == b"%PDF-1.4"
    assert target.stat().st_mode & 0o777 == 0o600
    [entry] = _entries(vault, "attachment.export")
    assert entry["detail"] == {
        "record": "r1",
        "path": str(target.resolve()),
        "sha256": hashlib.sha256(b"%PDF-1.4").hexdigest(),
        "bytes": 8,
    }
    assert audit.verify(vault.conn) == []


def test_an_existing_file_is_kept_unless_told(vault: Vault, tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_bytes(b"mine")
    with pytest.raises(WalletError, match="already exists"):
        write_out(vault, target, b"vault", action="document.export", detail={})
    assert target.read_bytes() == b"mine"
    assert _entries(vault, "document.export") == []
    write_out(vault, target, b"vault", action="document.export", detail={}, overwrite=True)
    assert target.read_bytes() == b"vault" and len(_entries(vault, "document.export")) == 1


def test_a_failed_write_leaves_no_file_and_no_entry(vault: Vault, tmp_path: Path) -> None:
    target = tmp_path / "missing-folder" / "out.txt"
    with pytest.raises(WalletError, match="does not exist"):
        write_out(vault, target, b"data", action="document.export", detail={})
    assert not target.parent.exists()
    assert _entries(vault, "document.export") == []


def test_a_failed_record_writes_no_file(vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    out.mkdir()
    target = out / "out.txt"

    def broken_append(*_args: object) -> None:
        raise WalletError("the audit log cannot be written")

    monkeypatch.setattr(audit, "append", broken_append)
    with pytest.raises(WalletError, match="audit log"):
        write_out(vault, target, b"data", action="document.export", detail={})
    assert list(out.iterdir()) == []


class _FailingCommit:
    """The vault's connection, except that COMMIT fails (as on a full disk)."""

    def __init__(self, conn: object) -> None:
        self._conn = conn

    def execute(self, sql: str, *args: object) -> object:
        if sql == "COMMIT":
            import sqlcipher3

            raise sqlcipher3.OperationalError("commit failed")
        return self._conn.execute(sql, *args)  # type: ignore[attr-defined]

    def __getattr__(self, name: str) -> object:
        return getattr(self._conn, name)


def test_a_failed_commit_removes_the_placed_file(vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The file is placed inside the transaction; when its entry does not commit, it goes again."""
    out = tmp_path / "out"
    out.mkdir()
    target = out / "out.txt"
    monkeypatch.setattr(vault, "conn", _FailingCommit(vault.conn))
    with pytest.raises(Exception, match="commit failed"):
        write_out(vault, target, b"data", action="document.export", detail={})
    assert list(out.iterdir()) == []
    monkeypatch.undo()
    assert _entries(vault, "document.export") == []


def test_also_commits_with_the_file_or_not_at_all(vault: Vault, tmp_path: Path) -> None:
    """What ``also`` records is in the same transaction: a failed write undoes it, a failed ``also`` writes nothing."""
    target = tmp_path / "missing-folder" / "out.txt"
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(WalletError, match="does not exist"):
        write_out(
            vault, target, b"data", action="share.create", detail={}, also=lambda: audit.append(vault.conn, "x", {})
        )
    assert _entries(vault, "x") == [] and _entries(vault, "share.create") == []

    def broken() -> None:
        raise WalletError("cannot record the receipt")

    with pytest.raises(WalletError, match="receipt"):
        write_out(vault, out / "out.txt", b"data", action="share.create", detail={}, also=broken)
    assert list(out.iterdir()) == [] and _entries(vault, "share.create") == []
    write_out(
        vault,
        out / "out.txt",
        b"data",
        action="share.create",
        detail={"n": 1},
        record_path=False,
        also=lambda: audit.append(vault.conn, "x", {}),
    )
    [entry] = _entries(vault, "share.create")
    assert entry["detail"] == {"n": 1, "sha256": hashlib.sha256(b"data").hexdigest(), "bytes": 4}
    assert len(_entries(vault, "x")) == 1

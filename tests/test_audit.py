"""The audit log is hash-chained: edits and removals are detected."""

from __future__ import annotations

import pytest

from wallet.store import audit
from wallet.store.vault import Vault


@pytest.fixture
def logged(vault: Vault) -> Vault:
    for i in range(5):
        vault.audit("test.event", {"n": i})
    assert audit.verify(vault.conn) == []
    return vault


def test_edited_entry_is_detected(logged: Vault) -> None:
    logged.conn.execute("UPDATE audit SET detail = '{\"n\": 99}' WHERE seq = 3")
    assert any("entry 3" in p and "altered" in p for p in logged.check())


def test_removed_entry_is_detected(logged: Vault) -> None:
    logged.conn.execute("DELETE FROM audit WHERE seq = 3")
    problems = audit.verify(logged.conn)
    assert any("missing" in p for p in problems)


def test_removed_last_entry_is_detected(logged: Vault) -> None:
    last = logged.conn.execute("SELECT max(seq) FROM audit").fetchone()[0]
    logged.conn.execute("DELETE FROM audit WHERE seq = ?", (last,))
    assert any("newest entries were removed" in p for p in audit.verify(logged.conn))


def test_entries_newest_first(logged: Vault) -> None:
    entries = audit.entries(logged.conn)
    assert [e["seq"] for e in entries] == sorted((e["seq"] for e in entries), reverse=True)
    assert entries[0]["detail"] == {"n": 4}


def test_removed_last_entry_stays_detected_after_more_appends(logged: Vault) -> None:
    last = logged.conn.execute("SELECT max(seq) FROM audit").fetchone()[0]
    logged.conn.execute("DELETE FROM audit WHERE seq = ?", (last,))
    logged.audit("vault.open", {})  # what the next open of the vault would do
    problems = audit.verify(logged.conn)
    assert any("missing" in p or "does not follow" in p for p in problems), problems


def test_missing_head_is_reported(logged: Vault) -> None:
    logged.conn.execute("DELETE FROM meta WHERE key = 'audit_head'")
    assert any("head is missing" in p for p in audit.verify(logged.conn))

"""Making a vault of an older schema for migration tests."""

from __future__ import annotations

import sqlcipher3

from wallet.store import migrations


def downgrade_to(conn: sqlcipher3.Connection, version: int) -> None:
    """Drop what the migrations after ``version`` made (found by making schema ``version`` afresh) and set the
    version: the vault then looks as that schema left it, with the rows it holds now."""
    fresh = sqlcipher3.connect(":memory:", isolation_level=None)
    migrations.upgrade(fresh, target=version)
    kept = {r[0] for r in fresh.execute("SELECT name FROM sqlite_master")}
    columns = {r[1] for r in fresh.execute("PRAGMA table_info(records)")}
    fresh.close()
    for kind in ("trigger", "index", "table"):
        for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = ?", (kind,)).fetchall():
            exists = conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (name,)).fetchone()
            if name not in kept and not name.startswith("sqlite_") and exists:
                conn.execute(f"DROP {kind.upper()} {name}")
    for (column,) in [(r[1],) for r in conn.execute("PRAGMA table_info(records)").fetchall()]:
        if column not in columns:
            conn.execute(f"ALTER TABLE records DROP COLUMN {column}")
    conn.execute(f"PRAGMA user_version = {version}")

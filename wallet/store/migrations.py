"""Schema versions of the vault database, applied in order, each in one transaction.

Append a migration; never edit one that has shipped.  ``PRAGMA user_version``
holds the version; a vault made by an earlier release is upgraded when opened.
"""

from __future__ import annotations

from collections.abc import Callable

import sqlcipher3

from wallet.errors import VaultDamaged
from wallet.store import readings, search_index, series


def _script(conn: sqlcipher3.Connection, sql: str) -> None:
    # executescript() would COMMIT the migration's transaction; run statements one by one.
    for statement in sql.split(";"):
        if statement.strip():
            conn.execute(statement)


def _v1(conn: sqlcipher3.Connection) -> None:
    _script(
        conn,
        """
        CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE persons(
            id TEXT PRIMARY KEY,
            data TEXT NOT NULL,
            is_holder INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE records(
            id TEXT PRIMARY KEY,
            person_id TEXT NOT NULL REFERENCES persons(id),
            domain TEXT NOT NULL,
            kind TEXT NOT NULL,
            title TEXT NOT NULL,
            start TEXT,
            end TEXT,
            value REAL,
            unit TEXT,
            code_system TEXT,
            code TEXT,
            source TEXT NOT NULL,
            connector TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            import_id TEXT,
            data TEXT NOT NULL
        );
        CREATE INDEX records_start ON records(start);
        CREATE INDEX records_person_domain ON records(person_id, domain, start);
        CREATE TABLE attachments(
            record_id TEXT NOT NULL REFERENCES records(id),
            name TEXT NOT NULL,
            media_type TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            data BLOB NOT NULL
        );
        CREATE INDEX attachments_record ON attachments(record_id);
        CREATE TABLE imports(
            id TEXT PRIMARY KEY,
            started TEXT NOT NULL,
            finished TEXT,
            connector TEXT NOT NULL,
            source TEXT NOT NULL,
            source_sha256 TEXT,
            status TEXT NOT NULL,
            report TEXT
        );
        CREATE TABLE audit(
            seq INTEGER PRIMARY KEY,
            ts TEXT NOT NULL,
            action TEXT NOT NULL,
            detail TEXT NOT NULL,
            prev TEXT NOT NULL,
            hash TEXT NOT NULL
        );
        CREATE TABLE kv(key TEXT PRIMARY KEY, value TEXT NOT NULL);
        """,
    )


def _v2(conn: sqlcipher3.Connection) -> None:
    # Full-text search: a trigram index finds any 3+ character substring, which
    # is what Korean needs (고혈압 inside 고혈압약) and works for English too.
    # Contentless: the text lives once, in records, inside the encrypted file.
    _script(
        conn,
        """
        CREATE VIRTUAL TABLE records_fts USING fts5(
            body, tokenize = 'trigram', content = '', contentless_delete = 1
        );
        CREATE INDEX records_kind ON records(kind, start);
        CREATE INDEX records_source ON records(source, start);
        """,
    )
    # Index what schema 1 stored, from its own columns and JSON (no import of today's model,
    # which may have changed since this migration was written).
    conn.execute(
        "INSERT INTO records_fts(rowid, body) SELECT rowid, concat_ws(char(10), title, "
        "json_extract(data, '$.code_display'), code, json_extract(data, '$.text')) FROM records"
    )


def _v3(conn: sqlcipher3.Connection) -> None:
    # Consent receipts and what each approved share sent (wallet.features.share.receipts).
    _script(
        conn,
        """
        CREATE TABLE shares(
            id TEXT PRIMARY KEY,
            bundle_id TEXT NOT NULL,
            created TEXT NOT NULL,
            expires TEXT,
            person_id TEXT,
            template TEXT NOT NULL,
            recipient TEXT NOT NULL,
            purpose TEXT NOT NULL,
            encrypted INTEGER NOT NULL,
            destination TEXT,
            receipt TEXT NOT NULL,
            receipt_jws TEXT NOT NULL,
            manifest TEXT NOT NULL,
            records TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'active',
            withdrawn TEXT,
            withdrawal_jws TEXT
        )
        """,
    )


def _v4(conn: sqlcipher3.Connection) -> None:
    # One person's timeline by date (the app's first screen) without scanning other people's rows.
    conn.execute("CREATE INDEX records_person_start ON records(person_id, start)")


def _v5(conn: sqlcipher3.Connection) -> None:
    # Where records came from (connector, its version, the file and its hash), once per file
    # instead of in every record's JSON: a million records of one export shared 190 bytes each.
    # Rows written before keep their whole provenance in their JSON (origin NULL).
    _script(
        conn,
        """
        CREATE TABLE origins(
            id INTEGER PRIMARY KEY,
            connector_id TEXT NOT NULL,
            connector_version TEXT NOT NULL,
            source_name TEXT NOT NULL,
            source_sha256 TEXT,
            import_id TEXT
        );
        CREATE INDEX origins_key ON origins(source_name, connector_id);
        ALTER TABLE records ADD COLUMN origin INTEGER
        """,
        # No REFERENCES: with foreign keys on, deleting an origin would scan every record (there
        # is no index on origin, which would cost every import); an origin is only deleted when
        # no record uses it (wallet.store.rows.WriteState, the undo of a failed import), and
        # Vault.check() looks for records whose origin is missing.
    )


def _v6(conn: sqlcipher3.Connection) -> None:
    # The coherent layer (wallet.store.readings): readings in canonical units grouped across sources,
    # daily summaries, the records' shadow mark and the triggers that keep them current.  The
    # readings of existing records are derived at the first commit after the upgrade (Vault.open's).
    readings.create(conn)


def _v7(conn: sqlcipher3.Connection) -> None:
    # Dense measurement series (wallet.store.series): samples as compact rows, not records.
    series.create(conn)


def _v8(conn: sqlcipher3.Connection) -> None:
    # Search in milliseconds for short terms (two-syllable Korean words, two letters): wallet.store.search_index.
    search_index.create(conn)


def _v9(conn: sqlcipher3.Connection) -> None:
    # series_daily.overlap (whether a day's intervals overlapped) was computed for every summary and never read.
    conn.execute("ALTER TABLE series_daily DROP COLUMN overlap")


MIGRATIONS: list[Callable[[sqlcipher3.Connection], None]] = [_v1, _v2, _v3, _v4, _v5, _v6, _v7, _v8, _v9]
LATEST = len(MIGRATIONS)


def current_version(conn: sqlcipher3.Connection) -> int:
    """The database's schema version (SQLite ``user_version``; 0 for a new database)."""
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def upgrade(conn: sqlcipher3.Connection, target: int | None = None) -> int:
    """Apply every migration above the database's version, up to ``target`` (latest)."""
    target = LATEST if target is None else target
    version = current_version(conn)
    if version > LATEST:
        raise VaultDamaged(
            f"this vault was written by a newer MyData Wallet (schema {version}; this version knows {LATEST}); "
            "update the program"
        )
    while version < target:
        migration = MIGRATIONS[version]
        conn.execute("BEGIN IMMEDIATE")
        try:
            migration(conn)
            conn.execute(f"PRAGMA user_version = {version + 1}")
        except BaseException:
            if conn.in_transaction:  # SQLite rolls back by itself after some errors (a full disk)
                conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
        version += 1
    return version

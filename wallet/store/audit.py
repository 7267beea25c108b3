"""The hash-chained audit log.

Each entry's hash covers its sequence number, time, action, detail and the
previous entry's hash; the newest hash and the count are kept in ``meta``.  An
edited entry breaks its hash, a removed one breaks the chain after it, and a
removed last entry no longer matches the head kept in ``meta``.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

import sqlcipher3

GENESIS = "0" * 64


def _digest(seq: int, ts: str, action: str, detail: str, prev: str) -> str:
    blob = json.dumps([seq, ts, action, detail, prev], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def _recorded_head(conn: sqlcipher3.Connection) -> tuple[int, str] | None:
    row = conn.execute("SELECT value FROM meta WHERE key = 'audit_head'").fetchone()
    if row is None:
        return None
    seq, _, digest = str(row[0]).partition(":")
    try:
        return int(seq), digest
    except ValueError:
        return None


def append(conn: sqlcipher3.Connection, action: str, detail: dict[str, Any]) -> None:
    """Append one entry.  The caller holds a transaction.

    The new entry follows the head recorded in ``meta``, not whatever row happens to
    be last, so removing the newest entries stays visible after later appends.
    """
    row = conn.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
    head = _recorded_head(conn)
    last_seq = int(row[0]) if row is not None else 0
    if head is not None:
        seq, prev = max(head[0], last_seq) + 1, head[1]
    elif row is not None:
        seq, prev = last_seq + 1, str(row[1])
    else:
        seq, prev = 1, GENESIS
    ts = datetime.now(UTC).isoformat(timespec="microseconds")
    text = json.dumps(detail, sort_keys=True, ensure_ascii=False, default=str)
    digest = _digest(seq, ts, action, text, prev)
    conn.execute(
        "INSERT INTO audit(seq, ts, action, detail, prev, hash) VALUES (?,?,?,?,?,?)",
        (seq, ts, action, text, prev, digest),
    )
    conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('audit_head', ?)", (f"{seq}:{digest}",))


def entries(conn: sqlcipher3.Connection, limit: int | None = None) -> list[dict[str, Any]]:
    """Audit log entries, newest first (at most ``limit``), with their details decoded."""
    sql = "SELECT seq, ts, action, detail, hash FROM audit ORDER BY seq DESC"
    args: tuple[int, ...] = ()
    if limit is not None:
        sql += " LIMIT ?"
        args = (limit,)
    return [
        {"seq": r[0], "time": r[1], "action": r[2], "detail": json.loads(r[3]), "hash": r[4]}
        for r in conn.execute(sql, args)
    ]


def verify(conn: sqlcipher3.Connection) -> list[str]:
    """Problems in the chain, as readable sentences; empty when intact."""
    problems: list[str] = []
    prev = GENESIS
    expected_seq = 1
    last = (0, GENESIS)
    for seq, ts, action, detail, prev_stored, digest in conn.execute(
        "SELECT seq, ts, action, detail, prev, hash FROM audit ORDER BY seq"
    ):
        if seq != expected_seq:
            problems.append(f"audit log: entries {expected_seq}..{seq - 1} are missing")
        if prev_stored != prev:
            problems.append(f"audit log: entry {seq} does not follow the entry before it (removed or reordered)")
        if _digest(seq, ts, action, detail, prev_stored) != digest:
            problems.append(f"audit log: entry {seq} ({action}) was altered")
        prev = digest
        expected_seq = seq + 1
        last = (seq, digest)
    head = _recorded_head(conn)
    if head is None and last[0] > 0:
        problems.append("audit log: its recorded head is missing (entries may have been removed)")
    elif head is not None and head != last:
        problems.append("audit log: the newest entries were removed (the chain ends before its recorded head)")
    return problems

"""The search index (schema 8, issue 17): any part of a word, of any length, newest first, in milliseconds.

A record's search text (:meth:`wallet.model.Record.search_text`) is case-folded one character at a
time and cut into words at white space.  Each word of *n* characters becomes *n* tokens: its *n-1*
character pairs (bigrams), in order, and a last token for its final character.  A search term of 2+
characters is then the phrase of its own pairs (pairs at consecutive positions: the term is a
substring of a word, exactly), a term of 1 character the prefix query of its character (every
character of a word begins a token).  ``혈압`` (one pair) finds ``고혈압약``, ``BP`` finds ``bp``,
and ``heart rate`` is ``"he ea ar rt" AND "ra at te"``.  A token names its characters by their
code points (four base-36 digits each), so FTS5's ``ascii`` tokenizer reads them as they are
written, whatever the script; a token naming the record's person lets the index filter by person.

The index's rowid is not the record's: it is the record's *key*, which sorts newest first
(the hour of the record's start, reversed, then its rowid, reversed; no start sorts last).  FTS5
yields its matches in rowid order and stops when the page is full, so a word found in half a
million records costs no more than a rare one.  Within one hour the key's order is by rowid, so
the search reads the rest of the last hour it reached and sorts those few by their exact start.

Contentless, like ``records_fts``: the text lives once, in ``records``, inside the encrypted
database.  Whatever writes, updates or deletes records keeps this index with them
(:mod:`wallet.store.rows`, :class:`wallet.store.vault.Vault`); ``Vault.check`` compares the two.
"""

from __future__ import annotations

import functools
import hashlib
import json
import time
from collections.abc import Iterable, Sequence
from itertools import pairwise
from typing import Any

import sqlcipher3

TABLE = "records_search"

_ROW_MASK = (1 << 32) - 1
"""A key's low 32 bits: the record's rowid, reversed (``_ROW_MASK - rowid``)."""
_TOP = 1 << 30
"""A key's high bits: ``_TOP - hour``, the hour counted from 0001-01-01 (1 up to 87.7 million), 0 without a start."""
_EPOCH_0001 = 62135596800
"""Seconds from 0001-01-01 to 1970-01-01."""


def key_sql(start: str = "start", rowid: str = "rowid") -> str:
    """The SQL expression of a record's key from its ``start`` text and ``rowid`` columns."""
    hour = f"coalesce((unixepoch({start}) + {_EPOCH_0001}) / 3600 + 1, 0)"
    return f"((({_TOP} - {hour}) << 32) | ({_ROW_MASK} - {rowid}))"


def rowid_sql(key: str) -> str:
    """The SQL expression of the record's rowid from a key."""
    return f"({_ROW_MASK} - ({key} & {_ROW_MASK}))"


def _hour_end(key: int) -> int:
    """The first key after every key of ``key``'s hour."""
    return ((key >> 32) + 1) << 32


# ------------------------------------------------------------------ text to tokens
_FINAL_SIGMA = "\u03a3"


def fold(text: str) -> str:
    """Lower case, one character at a time: never a change of length, never by context.

    ``str.lower`` turns ``İ`` into two characters and ``Σ`` into ``ς`` or ``σ`` by its place
    in the word; a substring search needs the same character for the same character anywhere
    (those that would grow stay as they are).
    """
    low = text.lower()
    if len(low) == len(text) and _FINAL_SIGMA not in text:
        return low
    return "".join(_fold_char(c) for c in text)


def _fold_char(c: str) -> str:
    low = c.lower()
    return low if len(low) == 1 else c


_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"
_END = "zzzz"
"""The second half of a word's last token (no character's code: the highest, U+10FFFF, is ``nvvj``)."""


class _Codes(dict[str, str]):
    """Each character's four base-36 digits, made on first use."""

    def __missing__(self, c: str) -> str:
        n = ord(c)
        code = "".join(_DIGITS[(n // 36**i) % 36] for i in (3, 2, 1, 0))
        self[c] = code
        return code


_CODES = _Codes()


class _Words(dict[str, str]):
    """Each (folded) word's tokens, made on first use: most words of a vault come again and again."""

    def __missing__(self, word: str) -> str:
        codes = [_CODES[c] for c in word]
        found = " ".join([*(a + b for a, b in pairwise(codes)), codes[-1] + _END])
        if len(self) >= 200_000:  # bounded: numbers, names and ids make ever new words
            self.clear()
        self[word] = found
        return found


_WORDS = _Words()


@functools.lru_cache(maxsize=256)
def person_token(person_id: str) -> str:
    """The token naming a person: ``x`` and a hash of the id (no character's code begins with x)."""
    return "x" + hashlib.sha256(person_id.encode()).hexdigest()[:20]


def tokens(text: str, person_id: str) -> str:
    """What the index holds for a record of ``person_id`` with this search text."""
    words = _WORDS
    # a word twice (the title and the code's display often are the same) once
    return " ".join([person_token(person_id), *[words[w] for w in dict.fromkeys(fold(text).split())]])


def terms(text: str) -> list[str]:
    """A search's terms, folded, each once, without those inside another (``ab abc`` is ``abc``)."""
    found = list(dict.fromkeys(fold(t) for t in text.split()))
    return [t for t in found if not any(t != other and t in other for other in found)]


def match_query(text: str | list[str], person_id: str | None = None) -> str | None:
    """The FTS5 query for a user's search (every term, as a substring, AND), or None for no term.

    ``text``: what the user typed, or its :func:`terms`.
    """
    parts = []
    for term in terms(text) if isinstance(text, str) else text:
        codes = [_CODES[c] for c in term]
        if len(codes) == 1:
            parts.append(f'"{codes[0]}" *')
        else:
            parts.append('"' + " ".join(a + b for a, b in pairwise(codes)) + '"')
    if not parts:
        return None
    if person_id is not None:
        parts.append(person_token(person_id))
    return " AND ".join(parts)


@functools.cache
def _folding_to() -> dict[str, tuple[str, ...]]:
    """For each folded character, the other characters that fold to it (``k``: ``K`` and the Kelvin sign)."""
    out: dict[str, list[str]] = {}
    for cp in range(_CASED_BELOW):
        c = chr(cp)
        low = _fold_char(c)
        if low != c:
            out.setdefault(low, []).append(c)
    return {k: tuple(v) for k, v in out.items()}


_CASED_BELOW = 0x20000
"""No character from here up has a lower case (the last, U+1E921, is Adlam's)."""


def _char_filter(chars: list[str]) -> tuple[str, list[str]]:
    """SQL over ``records r`` true when its search text holds each of these (folded) characters."""
    clauses = []
    args: list[str] = []
    for c in chars:
        variants = (c, *_folding_to().get(c, ()))
        clauses.append("(" + " OR ".join([f"instr({_TEXT_SQL}, ?)"] * len(variants)) + ")")
        args += variants
    return " AND ".join(clauses), args


SCAN_BUDGET = 0.03
"""Seconds a search of single characters reads records by date before it asks the index instead (0: never)."""


def _scan(conn: sqlcipher3.Connection, chars: list[str], person_id: str | None, need: int) -> list[int] | None:
    """A search of single characters only, by reading records newest first until the page is full: quick for
    a common character (``e``, whose prefix query would gather millions of tokens); None when it
    takes longer than :data:`SCAN_BUDGET` (a rare character, which the index finds quickly)."""
    if SCAN_BUDGET <= 0:
        return None
    where, args = _char_filter(chars)
    if person_id is not None:
        where = f"r.person_id = ? AND {where}"
        args = [person_id, *args]
    deadline = time.perf_counter() + SCAN_BUDGET
    conn.set_progress_handler(lambda: time.perf_counter() > deadline, 1000)
    try:
        rows = conn.execute(
            f"SELECT r.rowid FROM records r WHERE {where} ORDER BY r.start DESC, r.rowid DESC LIMIT ?", (*args, need)
        ).fetchall()
    except sqlcipher3.OperationalError as exc:
        if "interrupt" not in str(exc):
            raise
        return None
    finally:
        conn.set_progress_handler(None, 0)
    return [int(r[0]) for r in rows]


# ------------------------------------------------------------------ schema and upkeep
_TEXT_SQL = "concat_ws(char(10), r.title, r.data->>'$.code_display', r.code, r.data->>'$.text')"
"""A record's search text from its row (what ``Record.search_text`` joins)."""
_SOURCE_COLUMNS = f"{key_sql('r.start', 'r.rowid')}, r.person_id, {_TEXT_SQL}"
"""A record's key, person and search text, from its row."""


def create(conn: sqlcipher3.Connection) -> None:
    """Schema 8: the index, built from the records already stored (inside the migration's transaction)."""
    conn.execute(
        f"CREATE VIRTUAL TABLE {TABLE} USING fts5(body, tokenize = 'ascii', content = '', contentless_delete = 1)"
    )
    add_rows(conn, "1", ())


def add_rows(conn: sqlcipher3.Connection, where: str, args: Sequence[Any]) -> int:
    """Index the records of ``records r`` matching ``where`` (SQL over ``r``); returns how many."""
    cur = conn.execute(f"SELECT {_SOURCE_COLUMNS} FROM records r WHERE {where} AND r.rowid <= {_ROW_MASK}", args)
    n = 0
    while True:
        rows = cur.fetchmany(20_000)
        if not rows:
            return n
        rows.sort()  # in key order: FTS5 writes out its pending terms at every rowid below the one before
        conn.executemany(
            f"INSERT INTO {TABLE}(rowid, body) VALUES (?, ?)", [(k, tokens(t or "", p)) for k, p, t in rows]
        )
        n += len(rows)


def delete_rows(conn: sqlcipher3.Connection, where: str, args: Sequence[Any]) -> None:
    """Take the records of ``records r`` matching ``where`` out of the index (before they change or go)."""
    conn.execute(
        f"DELETE FROM {TABLE} WHERE rowid IN (SELECT {key_sql('r.start', 'r.rowid')} FROM records r WHERE {where})",
        args,
    )


INSERT_ADDED = (
    f"INSERT INTO {TABLE}(rowid, body) SELECT {key_sql('r.start', 'r.rowid')}, b.value->>1 "
    "FROM json_each(?2) AS b JOIN records AS r ON r.rowid = ?1 + b.key ORDER BY 1"
)
"""For :class:`wallet.store.rows.RowBatch`: row *i* of the batch has rowid ``?1 + i`` (if it was not a repeat),
``?2`` a JSON array of [search text, tokens] pairs.  In key order: FTS5 writes its pending terms out as a
new segment whenever a rowid comes below the one before (an export oldest first would do it at every row,
six times slower)."""


def optimize(conn: sqlcipher3.Connection) -> None:
    """Merge the index, so the tokens of deleted rows leave its pages."""
    conn.execute(f"INSERT INTO {TABLE}({TABLE}) VALUES ('optimize')")


def problems(conn: sqlcipher3.Connection) -> list[str]:
    """Where the index and the records disagree (for ``Vault.check``)."""
    n_index = int(conn.execute(f"SELECT count(*) FROM {TABLE}").fetchone()[0])
    n_rec = int(conn.execute("SELECT count(*) FROM records").fetchone()[0])
    if n_index != n_rec:
        return [f"the search index (by date) holds {n_index} entries for {n_rec} records"]
    # the same keys on both sides, told by a checksum of two scans (a look-up per entry takes a minute at a million)
    mod = 1_000_000_007
    in_index = conn.execute(f"SELECT sum(rowid % {mod}) FROM {TABLE}").fetchone()[0]
    in_records = conn.execute(f"SELECT sum({key_sql('start', 'rowid')} % {mod}) FROM records").fetchone()[0]
    if in_index != in_records:
        return ["the search index (by date) holds entries for no record (or for a record's former date)"]
    return []


# ------------------------------------------------------------------ searching
def search(
    conn: sqlcipher3.Connection, text: str, limit: int, offset: int = 0, person_id: str | None = None
) -> list[int] | None:
    """The rowids of the records that may be on the page asked for, or None when the search has no term.

    Every rowid returned matches; the page is these sorted by ``start DESC, rowid DESC`` (no start
    last), then ``offset`` skipped: the rest of the hour of the last match taken is included, whose
    exact order only the starts tell.
    """
    wanted = terms(text)
    if not wanted:
        return None
    need = max(offset, 0) + max(limit, 0)
    if need == 0 or any("\ud800" <= c <= "\udfff" for t in wanted for c in t):
        return []  # a lone surrogate is in no record: the database holds UTF-8
    longer = [t for t in wanted if len(t) > 1]
    chars = [t for t in wanted if len(t) == 1]
    if not longer:
        found = _scan(conn, chars, person_id, need)
        if found is not None:
            return found
        longer, chars = chars, []  # their prefix queries, then
    query = match_query(longer, person_id)
    if chars:  # single characters beside longer terms: tested on the longer terms' matches, not by prefix
        where, args = _char_filter(chars)
        sql = (
            f"SELECT s.rowid FROM {TABLE} s JOIN records r ON r.rowid = {rowid_sql('s.rowid')} "
            f"WHERE {TABLE} MATCH ? AND {where}"
        )
        params: list[Any] = [query, *args]
        order = " ORDER BY s.rowid"
        rowid = "s.rowid"
    else:
        sql, params, order, rowid = (
            f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH ?",
            [query],
            " ORDER BY rowid",
            "rowid",
        )
    keys = [int(r[0]) for r in conn.execute(sql + order + " LIMIT ?", (*params, need))]
    if len(keys) == need and keys[-1] >> 32 != _TOP:  # records without a start are in rowid order already
        last = keys[-1]
        more = f"{sql} AND {rowid} > ? AND {rowid} < ?{order}"
        keys += [int(r[0]) for r in conn.execute(more, (*params, last, _hour_end(last)))]
    return [_ROW_MASK - (k & _ROW_MASK) for k in keys]


def rowids_json(rowids: Iterable[int]) -> str:
    """Rowids as the JSON array a query reads with ``json_each``."""
    return json.dumps(list(rowids))

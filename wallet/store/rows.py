"""Records as rows of the vault's tables: the stored JSON and the batched inserts of an import.

A record is stored as a row of ``records`` (the fields searched and sorted by in their own
columns, the rest as compact JSON), a row of ``records_fts`` (its search text) and one of the
search index by date (:mod:`wallet.store.search_index`), its
attachments, and a shared ``origins`` row naming the source file.  :class:`RowBatch` turns
records into rows and writes thousands with a handful of statements; the import's writer
(:mod:`wallet.imports.writer`) prepares them on one thread and writes them on another.
:class:`~wallet.store.vault.Vault` reads them back.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from datetime import UTC, datetime
from typing import Any

import sqlcipher3

from wallet.model import Provenance, Record, compact_json, compact_json5, content_hash
from wallet.store import search_index


def utc_iso(value: datetime | None) -> str | None:
    """``2020-12-31T22:04:02.000000Z``: fixed width, so text order is time order."""
    if value is None:
        return None
    # isoformat is about a third faster than strftime and pads years below 1000 to four digits
    return value.astimezone(UTC).isoformat(timespec="microseconds")[:-6] + "Z"


# Fields kept in their own columns, so not repeated in the stored JSON (order: Vault._COLUMNS after person_id).
COLUMN_FIELDS = ("id", "domain", "kind", "title", "value", "unit", "code_system", "code")
_NOT_IN_JSON = {"attachments", "person_id", *COLUMN_FIELDS}


ORIGIN_FIELDS = ("connector_id", "connector_version", "source_name", "source_sha256")
"""Provenance fields kept once per source file, in the ``origins`` table (schema 5)."""
_NOT_IN_JSON_WITH_ORIGIN = {**dict.fromkeys(_NOT_IN_JSON, True), "provenance": set(ORIGIN_FIELDS)}
_NOT_IN_JSON_NOR_PROVENANCE = {*_NOT_IN_JSON, "provenance"}


_to_json = Record.__pydantic_serializer__.to_json
"""model_dump_json without its Python wrapper (a fifth of its time for a record)."""


_OWN_PROVENANCE = tuple(name for name in Provenance.model_fields if name not in ORIGIN_FIELDS)
"""The rest of a provenance (original id, import time, warnings, a signature check ...)."""


def stored_json(rec: Record, with_origin: bool = False) -> str:
    """The record's JSON as stored: with the whole provenance, or (``with_origin``: its row
    names an origin) only what is the record's own provenance, none at all when it has none."""
    exclude: Any = _NOT_IN_JSON
    if with_origin:
        prov = rec.provenance
        own = any(getattr(prov, name) for name in _OWN_PROVENANCE)
        exclude = _NOT_IN_JSON_WITH_ORIGIN if own else _NOT_IN_JSON_NOR_PROVENANCE
    return _to_json(rec, exclude=exclude, exclude_none=True, exclude_defaults=True).decode()


OriginKey = tuple[str, str, str, str | None]
"""connector_id, connector_version, source_name, source_sha256"""


class WriteState:
    """What the chunks written in one transaction share; :meth:`finish` before committing."""

    def __init__(self) -> None:
        self.rowid: int | None = None
        """The first free rowid once known: inside one transaction nobody else inserts."""
        self.origins: dict[OriginKey, int] = {}
        """Origins found or added, by key."""
        self.added: dict[int, int] = {}
        """Origins added in this transaction, with the rows added that use them."""
        self.series: dict[Any, tuple[int, dict[str, Any]]] = {}
        """Series found or added (wallet.store.series), by key, with their meta."""

    def finish(self, conn: sqlcipher3.Connection) -> None:
        """Remove the origins this transaction added that no row uses (every record a repeat)."""
        unused = [(origin,) for origin, rows in self.added.items() if not rows]
        if unused:
            conn.executemany("DELETE FROM origins WHERE id = ?", unused)

    def origin(self, conn: sqlcipher3.Connection, key: OriginKey, import_id: str | None) -> int:
        """The id of this import's origin row for ``key``, added when missing.

        Origins are per import, so undoing a failed import can delete its own.
        """
        found = self.origins.get(key)
        if found is None:
            row = conn.execute(
                "SELECT id FROM origins WHERE connector_id = ? AND connector_version = ? AND source_name = ? "
                "AND source_sha256 IS ? AND import_id IS ?",
                (*key, import_id),
            ).fetchone()
            if row is None:
                row = conn.execute(
                    "INSERT INTO origins(connector_id, connector_version, source_name, source_sha256, import_id) "
                    "VALUES (?, ?, ?, ?, ?) RETURNING id",
                    (*key, import_id),
                ).fetchone()
                self.added[int(row[0])] = 0
            found = self.origins[key] = int(row[0])
        return found


class RowBatch:
    """Records turned into rows and written with one statement per table.

    The rows travel as one JSON array read by SQLite's ``json_each``, so a batch of
    thousands of records is a handful of statements instead of two per record; while
    a statement runs, SQLite holds no Python lock, so another thread can prepare the
    next batch meanwhile (:class:`wallet.imports.writer.RecordWriter`).

    A record's id is derived from its person and content hash, so the primary key is
    the deduplication key: ``INSERT OR IGNORE`` skips what this person already has.
    """

    def __init__(self, import_id: str | None) -> None:
        self.import_id = import_id
        self.groups: dict[tuple[str, OriginKey], _Group] = {}
        """Rows by person and origin: those go once per statement, not once per row."""
        self.ids: set[str] = set()
        self.offered = 0
        """Records given to :meth:`add`, repeats within the batch included."""
        self.size = 0
        """Approximate bytes held, to bound memory."""
        self.sealed: list[tuple[tuple[str, OriginKey], Counter[str], list[_Attachment]]] = []
        self.infinite = False
        """A value is infinite: JSON has no word for it, JSON5's ``Infinity`` is used."""

    def add(self, rec: Record, set_id: bool = True) -> None:
        """Turn one record into a row (``rec.person_id`` must be set; ``rec.id`` is set unless told not to)."""
        person_id = rec.person_id
        if person_id is None:
            raise ValueError("a record must have a person before it is stored")
        chash = content_hash(rec)
        rid = record_id_for(person_id, chash)
        if set_id:
            rec.id = rid
        if rid in self.ids:
            self.offered += 1
            return  # the same content twice in one batch: a duplicate
        # what can fail for a record's content (a date beyond year 9999 in UTC, text that is not
        # Unicode, nesting deeper than the serialiser goes) fails here, before the batch changes
        data = stored_json(rec, with_origin=True)
        start = utc_iso(rec.start)
        end = start if rec.end is rec.start else utc_iso(rec.end)
        self.offered += 1
        self.ids.add(rid)
        prov = rec.provenance
        key = (person_id, (prov.connector_id, prov.connector_version, prov.source_name, prov.source_sha256))
        group = self.groups.get(key)
        if group is None:
            group = self.groups[key] = _Group()
        value = rec.value
        if value is not None and value - value != 0.0:  # NaN or an infinity
            if value != value:  # NaN, which SQLite stores as NULL anyway
                value = None
            else:
                self.infinite = True
        group.rows.append(
            [
                rid,
                rec.domain,  # a StrEnum, written as its value
                rec.kind,
                rec.title,
                start,
                end,
                value,
                rec.unit,
                rec.code_system,
                rec.code,
                data,
            ]
        )
        text = rec.search_text()
        group.bodies.append([text, search_index.tokens(text, person_id)])
        self.size += len(data) + 200
        for att in rec.attachments:
            group.attachments.append((rid, att.name, att.media_type, att.sha256, att.data))
            self.size += len(att.data)

    def seal(self) -> list[tuple[str, str]]:
        """The rows and their search texts as JSON texts, to pass to :meth:`write`; the rows are let go.

        This is the part that needs Python, so a background writer has the caller do it.
        """
        payload = []
        for key, group in self.groups.items():
            payload.append(((compact_json5 if self.infinite else compact_json)(group.rows), compact_json(group.bodies)))
            self.sealed.append((key, Counter(row[2] for row in group.rows), group.attachments))
        self.groups = {}
        self.ids = set()
        return payload

    def write(
        self, conn: sqlcipher3.Connection, payload: list[tuple[str, str]] | None = None, state: WriteState | None = None
    ) -> tuple[int, Counter[str]]:
        """Insert, inside the caller's transaction; returns (added, added per kind).

        ``state``: what earlier chunks of the same transaction found (the writer passes one
        per transaction).
        """
        if payload is None:
            payload = self.seal()
        own_state = state is None
        if state is None:
            state = WriteState()
        added = 0
        by_kind: Counter[str] = Counter()
        first = state.rowid
        for ((person_id, origin_key), kinds, attachments), (rows, bodies) in zip(self.sealed, payload, strict=True):
            # Row i gets rowid first + i, above every existing one, so the search index and
            # attachments find the new rows by rowid (a repeat skipped by OR IGNORE leaves a gap).
            if first is None:
                first = conn.execute("SELECT coalesce(max(rowid), 0) + 1 FROM records").fetchone()[0]
            origin = state.origin(conn, origin_key, self.import_id)
            args = (first, rows, person_id, origin_key[2], origin_key[0], self.import_id, origin)
            n = conn.execute(_INSERT_ROWS, args).rowcount
            if origin in state.added:
                state.added[origin] += n
            offered = kinds.total()
            if n:
                added += n
                # every row went in (the usual case): the search index needs no look-up of which
                conn.execute(_INSERT_FTS if n == offered else _INSERT_FTS_ADDED, (first, bodies))
                conn.execute(search_index.INSERT_ADDED, (first, bodies))
                for att in attachments:
                    conn.execute(_INSERT_ATTACHMENT, (*att, att[0], first))
                if n != offered:
                    found = conn.execute(
                        "SELECT json_group_object(kind, n) FROM (SELECT kind, count(*) AS n FROM records "
                        "WHERE rowid >= ? GROUP BY kind)",
                        (first,),
                    ).fetchone()[0]
                    kinds = Counter(json.loads(found))
                by_kind.update(kinds)
            first += offered
        state.rowid = first
        if own_state:
            state.finish(conn)
        return added, by_kind


_Attachment = tuple[str, str, str, str, bytes]


class _Group:
    __slots__ = ("attachments", "bodies", "rows")

    def __init__(self) -> None:
        self.rows: list[list[Any]] = []
        self.bodies: list[list[str]] = []
        self.attachments: list[_Attachment] = []


# Per row: the columns that differ; per statement: person, source, connector, import and origin.
# content_hash stays empty: the id is derived from it, and nothing reads it back.
_ROW_COLUMNS = "id, domain, kind, title, start, end, value, unit, code_system, code, data"
_INSERT_ROWS = (
    f"INSERT OR IGNORE INTO records(rowid, {_ROW_COLUMNS}, person_id, source, connector, import_id, origin, "
    "content_hash) SELECT ?1 + key, "
    + ", ".join(f"value->>{i}" for i in range(len(_ROW_COLUMNS.split(","))))
    + ", ?3, ?4, ?5, ?6, ?7, '' FROM json_each(jsonb(?2))"
)
# ?2: per row, [search text, the tokens of the search index by date (wallet.store.search_index)]
_INSERT_FTS = "INSERT INTO records_fts(rowid, body) SELECT ?1 + key, value->>0 FROM json_each(?2)"
_INSERT_FTS_ADDED = (  # only the rows that OR IGNORE did not skip
    "INSERT INTO records_fts(rowid, body) SELECT r.rowid, b.value->>0 FROM json_each(?2) AS b "
    "JOIN records AS r ON r.rowid = ?1 + b.key"
)
_INSERT_ATTACHMENT = (
    "INSERT INTO attachments(record_id, name, media_type, sha256, data) SELECT ?, ?, ?, ?, ? "
    "WHERE (SELECT rowid FROM records WHERE id = ?) >= ?"
)


def record_id_for(person_id: str, chash: str) -> str:
    """The id of a record: one per person and content (the deduplication key)."""
    return hashlib.sha256(f"{person_id}:{chash}".encode()).hexdigest()[:32]

"""The import pipeline: a connector's records into the vault, in batches.

* Each batch is one transaction, so a crash (even ``kill -9``) leaves the vault
  as it was after the last committed batch; a re-run skips what is there by
  content hash and completes the import.  Batches are written on a second
  thread while the next one is read (:mod:`wallet.imports.writer`).
* Records are deduplicated by content hash: importing the same file again adds 0.
* Patients named by a source are matched to the people of the vault.
* Progress is reported through a callback; cancel stops between batches.
* Any failure ends as a readable :class:`~wallet.errors.WalletError`; a bug in a
  connector is reported as such, never as a raw traceback.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import logging
import threading
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any, NoReturn

from pydantic import ValidationError
from pydantic_core import PydanticSerializationError

from wallet import __version__, limits
from wallet.errors import ConnectorError, ImportCancelled, WalletError, validation_problems
from wallet.imports import inputs, persons, registry
from wallet.imports.connector import Connector, ImportContext, ProgressFn, Source
from wallet.imports.writer import BATCH_ROWS, RecordWriter, WriteFailed
from wallet.model import ImportReport, Person, Record, SkippedItem
from wallet.samples import Samples
from wallet.store.vault import Vault

BATCH_SIZE = BATCH_ROWS
log = logging.getLogger(__name__)

GC_YOUNG_THRESHOLD = 50_000
"""Python's cyclic garbage collector looks at young objects every 700 allocations by default;
an import allocates a dozen containers per record (none in cycles: reference counting frees
them), so during an import it looks every 50,000: 4-5% of an Apple Health import's CPU."""
_gc_lock = threading.Lock()
_gc_users = 0
_gc_saved: tuple[int, int, int] | None = None


@contextlib.contextmanager
def _fewer_collections() -> Iterator[None]:
    """Raise the young-generation threshold while at least one import runs.

    (The desktop app turns automatic collection off and collects on the GUI thread itself,
    wallet.ui.workers.GuiThreadGc, which reads the threshold at each tick.)
    """
    global _gc_users, _gc_saved
    with _gc_lock:
        if _gc_users == 0:
            _gc_saved = gc.get_threshold()
            if _gc_saved[0]:  # 0 means automatic collection is off: leave it off
                gc.set_threshold(max(_gc_saved[0], GC_YOUNG_THRESHOLD), *_gc_saved[1:])
        _gc_users += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_users -= 1
            if _gc_users == 0 and _gc_saved is not None:
                gc.set_threshold(*_gc_saved)


def _delegating(
    depth: int, context_factory: Callable[[], ImportContext]
) -> Callable[[str, Source], Iterator[Record | Samples | SkippedItem]]:
    def delegate(connector_id: str, source: Source) -> Iterator[Record | Samples | SkippedItem]:
        if depth > 3:
            raise ConnectorError(f"{source.name}: nested too deeply")
        ctx = context_factory()
        ctx.delegate = _delegating(depth + 1, context_factory)
        return registry.get(connector_id).read(source, ctx)

    return delegate


def import_source(
    vault: Vault,
    source: Source,
    connector_id: str | None = None,
    person: Person | str | None = None,
    options: dict[str, Any] | None = None,
    progress: ProgressFn | None = None,
    cancel: Callable[[], bool] | None = None,
    batch_size: int = BATCH_SIZE,
) -> ImportReport:
    """Import one source; returns the report.  Raises WalletError for what stops it."""
    if source.path is not None:
        inputs.stat_input(source.path, source.name)  # a FIFO or device: said as such, not "no connector"
    # the app's detection too: a person's own saved settings (a CSV profile) count
    connector, detected = registry.resolve(source, connector_id, vault)
    options = {**detected, **(options or {})}
    target: Person | str | None = person
    if isinstance(person, str) and person != persons.NEW:
        target = vault.resolve_person(person)
    is_cancelled = cancel or (lambda: False)
    cache = SyncedCache(vault)  # run_import gives it the writer

    def make_context() -> ImportContext:
        return ImportContext(
            progress=progress or (lambda done, total: None),
            is_cancelled=is_cancelled,
            options=dict(options or {}),
            cache=cache,
        )

    context = make_context()
    context.delegate = _delegating(1, make_context)
    return run_import(vault, connector, source, context, target, batch_size)


@_fewer_collections()
def run_import(
    vault: Vault,
    connector: Connector,
    source: Source,
    context: ImportContext,
    person: Person | str | None = None,
    batch_size: int = BATCH_SIZE,
) -> ImportReport:
    """Read ``source`` with ``connector`` into the vault in batches; the report says what was added and skipped."""
    report = ImportReport(source=source.name, connector_id=connector.id)
    import_id = uuid.uuid4().hex
    started = datetime.now(UTC)
    if source.path is not None:  # by its size, before a byte is hashed (a sparse file may claim terabytes)
        size = inputs.stat_input(source.path, source.name).st_size
        if connector.max_size is not None and size > connector.max_size:
            raise ConnectorError(
                f"{source.name}: larger than the {inputs.size_text(connector.max_size)} the {connector.name} "
                "connector accepts; nothing was read"
            )
    try:
        source_hash = source.sha256
    except OSError as exc:
        raise ConnectorError(f"{source.name}: cannot read ({exc})") from exc
    same_file = _same_file_key(connector, source_hash, person, context.options)
    vault.begin_import(import_id, started, connector.id, source.name, source_hash)
    done_before = _done_before(vault, same_file)
    if done_before is not None:  # this very file, read completely before, nothing of it changed since
        report.duplicates, report.unchanged_since = done_before
        _finish(vault, import_id, "done", report)
        return report
    matcher = persons.Matcher(vault, person)
    writer = RecordWriter(vault, import_id, batch_rows=batch_size)
    if context.cache is vault:
        context.cache = SyncedCache(vault)
    if isinstance(context.cache, SyncedCache):
        context.cache.writer = writer
    status = "done"

    def write(item: Record) -> None:
        item = limits.tame(item)  # a date or number the vault cannot hold becomes text, with a warning
        try:
            handed = writer.add(item)
        except _UNSTORABLE as exc:  # the batch is unchanged: this record alone is repaired or skipped
            stored = _store_repaired(writer, item, exc)
            if isinstance(stored, SkippedItem):
                report.skipped.append(stored)
                return
            item, handed = stored
        if item.provenance.warnings:
            report.warnings += 1
        if handed and context.is_cancelled():
            raise ImportCancelled("import cancelled")

    try:
        for item in connector.read(source, context):
            if isinstance(item, SkippedItem):
                report.skipped.append(item)
                continue
            if item.person_hint is not None and not matcher.knows(item.person_hint):
                writer.sync()  # the writer commits and lets go of the connection: a person may be added
                with vault.transaction():
                    matcher.assign(item)
            else:
                matcher.assign(item)
            if isinstance(item, Samples):
                if item.provenance.warnings:
                    report.warnings += 1
                if writer.add_samples(item) and context.is_cancelled():
                    raise ImportCancelled("import cancelled")
                continue
            write(item)
        if context.is_cancelled():
            raise ImportCancelled("import cancelled")
        writer.finish()
    except ImportCancelled:
        writer.stop()
        report.cancelled = True
        status = "cancelled"
        error = writer.take_error()
        if error is not None:  # the writer had failed before the user cancelled: that is what to say
            _take_counts(report, writer)
            _failed(vault, import_id, connector, source, report, matcher, _as_exception(error))
    except Exception as exc:
        writer.stop()
        _take_counts(report, writer)
        _failed(vault, import_id, connector, source, report, matcher, exc)
    except BaseException:  # Ctrl+C: like a crash, the committed batches stay and the import reads "interrupted"
        writer.stop()
        raise
    _take_counts(report, writer)
    report.people = list(matcher.notes)
    _finish(vault, import_id, status, report)
    if status == "done" and same_file is not None and not report.error:
        _remember_file(vault, same_file, report, started)
    return report


SAME_FILE_PREFIX = "imported-file:"
"""kv keys: a file imported completely (connector, its version, the file's SHA-256, the person, the options)."""
CHANGES = (
    "person.delete",
    "record.delete",
    "record.update",
    "records.move",
    "series.move",
    "source.delete",
    "document.edit",
)
"""Audit actions after which a file imported before is read again (what it brought may be gone or changed)."""


def _same_file_key(
    connector: Connector, sha256: str | None, person: Person | str | None, options: dict[str, Any]
) -> str | None:
    """The key under which a complete import of this file, read this way, is remembered (None without a hash)."""
    if not sha256 or person == persons.NEW:  # a new person each time: always read
        return None
    whose = person.id if isinstance(person, Person) else (person or "")
    # how the file was read, without secrets (a workbook's password is never kept, not even hashed)
    shown = {k: v for k, v in options.items() if "password" not in k and k not in ("now",)}
    how = hashlib.sha256(json.dumps(shown, sort_keys=True, default=str).encode()).hexdigest()[:16]
    # the program's version too: a later release may read more from the same file (connectors seldom bump theirs)
    return f"{SAME_FILE_PREFIX}{connector.id}:{connector.version}:{__version__}:{sha256}:{whose}:{how}"


def _done_before(vault: Vault, key: str | None) -> tuple[int, str] | None:
    """(elements, day) of the complete import of the same file, when nothing it brought can have changed since:
    no deletion, edit or move in the audit log after it (then the file is read again, and repeats skipped)."""
    if key is None:
        return None
    found = vault.cache_get(key)
    if not isinstance(found, dict):
        return None
    changed = vault.conn.execute(
        "SELECT 1 FROM audit WHERE seq > ? AND action IN (SELECT value FROM json_each(?)) LIMIT 1",
        (int(found.get("audit", 0)), json.dumps(CHANGES)),
    ).fetchone()
    if changed is not None:
        return None
    return int(found.get("elements", 0)), str(found.get("day", ""))


def _remember_file(vault: Vault, key: str, report: ImportReport, started: datetime) -> None:
    seq = vault.conn.execute("SELECT coalesce(max(seq), 0) FROM audit").fetchone()[0]
    vault.cache_set(
        key,
        {"audit": int(seq), "elements": report.added + report.duplicates, "day": started.date().isoformat()},
    )


_UNSTORABLE = (ValueError, OverflowError, RecursionError, PydanticSerializationError)
"""What the vault's serialiser raises for a record's content (text that is not Unicode, nesting
deeper than it goes, a date beyond its range); the batch is unchanged then (RecordBatch.add)."""


def _store_repaired(writer: RecordWriter, item: Record, exc: Exception) -> tuple[Record, bool] | SkippedItem:
    """Store a record the vault refused, repaired (limits.repair), or say why it is skipped."""
    repaired = limits.repair(item)
    if isinstance(repaired, str):
        return limits.skipped(item, repaired)
    if repaired is item:  # nothing found to repair: the refusal stands, for this record only
        return limits.skipped(item, f"cannot be stored ({type(exc).__name__}: {str(exc)[:200]})")
    try:
        return repaired, writer.add(repaired)
    except _UNSTORABLE as again:
        return limits.skipped(item, f"cannot be stored ({type(again).__name__}: {str(again)[:200]})")


class SyncedCache:
    """The vault's small key-value cache as connectors see it during an import.

    The writer thread holds the vault's connection while a batch is open, so each
    call first has it commit and wait (:meth:`RecordWriter.sync`); without that, a
    connector caching a key mid-import would wait for the writer while the writer
    waits for the connector's next record.
    """

    def __init__(self, vault: Vault) -> None:
        self.vault = vault
        self.writer: RecordWriter | None = None

    def _sync(self) -> None:
        if self.writer is not None:
            self.writer.sync()

    def cache_get(self, key: str) -> Any | None:
        """The Cache contract, after the writer has committed."""
        self._sync()
        return self.vault.cache_get(key)

    def cache_set(self, key: str, value: Any) -> None:
        """The Cache contract, after the writer has committed."""
        self._sync()
        self.vault.cache_set(key, value)

    def cache_keys(self, prefix: str) -> list[str]:
        """The Cache contract, after the writer has committed."""
        self._sync()
        return self.vault.cache_keys(prefix)

    def cache_delete(self, key: str) -> None:
        """The Cache contract, after the writer has committed."""
        self._sync()
        self.vault.cache_delete(key)


def _as_exception(error: BaseException) -> Exception:
    return error if isinstance(error, Exception) else WalletError(f"the import stopped ({type(error).__name__})")


def _take_counts(report: ImportReport, writer: RecordWriter) -> None:
    report.added = writer.added
    report.duplicates = writer.duplicates
    report.by_kind = dict(writer.by_kind)
    if writer.dropped and not any(s.where == "samples" for s in report.skipped):
        report.skipped.append(
            SkippedItem(where="samples", reason=f"{writer.dropped} sample(s) without a finite time or value left out")
        )


def _failed(
    vault: Vault,
    import_id: str,
    connector: Connector,
    source: Source,
    report: ImportReport,
    matcher: persons.Matcher,
    exc: Exception,
) -> NoReturn:
    """Undo the import and raise what the user is to read."""
    if isinstance(exc, WriteFailed):
        exc = WriteFailed(f"{source.name}: {exc}")
    if isinstance(exc, WalletError):
        report.error = str(exc)
        _fail(vault, import_id, report, matcher)
        raise exc
    if isinstance(exc, ValidationError):
        problem = validation_problems(exc, limit=1)[0]
        report.error = f"{source.name}: the {connector.name} connector produced an invalid record ({problem})"
        _fail(vault, import_id, report, matcher)
        raise ConnectorError(report.error) from exc
    # a bug in a connector must not reach the user as a traceback
    log.debug("connector %s failed", connector.id, exc_info=exc)
    if isinstance(exc, OverflowError | RecursionError):
        # what the input asked for is beyond what Python can hold (a date past year 9999, nesting
        # thousands deep): a fact about the file, said as such; the fuzz tests look for these
        what = "nesting too deep" if isinstance(exc, RecursionError) else "a value out of range"
        report.error = (
            f"{source.name}: {what} in this file stopped the {connector.name} connector ({exc}); "
            "nothing was imported from it"
        )
        _fail(vault, import_id, report, matcher)
        raise ConnectorError(report.error) from exc
    report.error = (
        f"{source.name}: the {connector.name} connector failed unexpectedly ({type(exc).__name__}: {exc}); "
        "nothing was imported from it"
    )
    _fail(vault, import_id, report, matcher)
    raise ConnectorError(report.error) from exc


def _fail(vault: Vault, import_id: str, report: ImportReport, matcher: persons.Matcher) -> None:
    """Undo a failed import entirely, so that the vault is exactly as it was."""
    with vault.transaction():  # the records and the people together
        vault.undo_import(import_id)
        matcher.undo()
    report.added = 0
    report.by_kind = {}
    _finish(vault, import_id, "failed", report)


def _finish(vault: Vault, import_id: str, status: str, report: ImportReport) -> None:
    vault.finish_import(import_id, status, report)


def report_json(report: ImportReport) -> str:
    """The import report as indented JSON, non-ASCII text kept readable."""
    return json.dumps(report.model_dump(), ensure_ascii=False, indent=2)

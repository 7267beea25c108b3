"""The import pipeline: a connector's records into the vault, in batches.

* Each batch is one transaction, so a crash (even ``kill -9``) leaves the vault
  as it was after the last committed batch; a re-run skips what is there by
  content hash and completes the import.
* Records are deduplicated by content hash: importing the same file again adds 0.
* Patients named by a source are matched to the people of the vault.
* Progress is reported through a callback; cancel stops between batches.
* Any failure ends as a readable :class:`~wallet.errors.WalletError`; a bug in a
  connector is reported as such, never as a raw traceback.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError

from wallet import audit, persons, registry
from wallet.connector import Connector, ImportContext, ProgressFn, Source
from wallet.errors import ConnectorError, ImportCancelled, WalletError
from wallet.model import ImportReport, Person, Record, SkippedItem
from wallet.vault import Vault, utc_iso

BATCH_SIZE = 2000
log = logging.getLogger(__name__)


def _delegating(
    depth: int, context_factory: Callable[[], ImportContext]
) -> Callable[[str, Source], Iterator[Record | SkippedItem]]:
    def delegate(connector_id: str, source: Source) -> Iterator[Record | SkippedItem]:
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
    connector = registry.choose(source, connector_id)
    target: Person | str | None = person
    if isinstance(person, str) and person != persons.NEW:
        target = vault.resolve_person(person)
    is_cancelled = cancel or (lambda: False)

    def make_context() -> ImportContext:
        return ImportContext(
            progress=progress or (lambda done, total: None),
            is_cancelled=is_cancelled,
            options=dict(options or {}),
            cache=vault,
        )

    context = make_context()
    context.delegate = _delegating(1, make_context)
    return run_import(vault, connector, source, context, target, batch_size)


def run_import(
    vault: Vault,
    connector: Connector,
    source: Source,
    context: ImportContext,
    person: Person | str | None = None,
    batch_size: int = BATCH_SIZE,
) -> ImportReport:
    report = ImportReport(source=source.name, connector_id=connector.id)
    import_id = uuid.uuid4().hex
    started = datetime.now(UTC)
    try:
        source_hash = source.sha256
    except OSError as exc:
        raise ConnectorError(f"{source.name}: cannot read ({exc})") from exc
    with vault.transaction():
        vault.conn.execute(
            "INSERT INTO imports(id, started, connector, source, source_sha256, status) VALUES (?,?,?,?,?, 'running')",
            (import_id, utc_iso(started), connector.id, source.name, source_hash),
        )
    matcher = persons.Matcher(vault, person)
    status = "done"
    try:
        records = connector.read(source, context)
        for batch in _batches(records, batch_size, report):
            if context.is_cancelled():
                raise ImportCancelled("import cancelled")
            with vault.transaction():
                for rec in batch:
                    rec = matcher.assign(rec)
                    if vault._insert(rec, import_id):
                        report.added += 1
                        report.by_kind[rec.kind] = report.by_kind.get(rec.kind, 0) + 1
                    else:
                        report.duplicates += 1
                    if rec.provenance.warnings:
                        report.warnings += 1
            if context.is_cancelled():
                raise ImportCancelled("import cancelled")
    except ImportCancelled:
        report.cancelled = True
        status = "cancelled"
    except WalletError as exc:
        report.error = str(exc)
        _fail(vault, import_id, report, matcher)
        raise
    except ValidationError as exc:
        report.error = f"{source.name}: the {connector.name} connector produced an invalid record ({_first_error(exc)})"
        _fail(vault, import_id, report, matcher)
        raise ConnectorError(report.error) from exc
    except Exception as exc:  # a bug in a connector must not reach the user as a traceback
        log.debug("connector %s failed", connector.id, exc_info=True)
        report.error = (
            f"{source.name}: the {connector.name} connector failed unexpectedly ({type(exc).__name__}: {exc}); "
            "nothing was imported from it"
        )
        _fail(vault, import_id, report, matcher)
        raise ConnectorError(report.error) from exc
    _finish(vault, import_id, status, report)
    return report


def _fail(vault: Vault, import_id: str, report: ImportReport, matcher: persons.Matcher) -> None:
    """Undo a failed import entirely, so that the vault is exactly as it was."""
    with vault.transaction():
        conn = vault.conn
        conn.execute(
            "DELETE FROM records_fts WHERE rowid IN (SELECT rowid FROM records WHERE import_id = ?)", (import_id,)
        )
        conn.execute(
            "DELETE FROM attachments WHERE record_id IN (SELECT id FROM records WHERE import_id = ?)", (import_id,)
        )
        conn.execute("DELETE FROM records WHERE import_id = ?", (import_id,))
        matcher.undo()
    report.added = 0
    report.by_kind = {}
    _finish(vault, import_id, "failed", report)


def _first_error(exc: ValidationError) -> str:
    err = exc.errors()[0]
    return f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}"


def _batches(records: Iterable[Record | SkippedItem], size: int, report: ImportReport) -> Iterator[list[Record]]:
    batch: list[Record] = []
    for rec in records:
        if isinstance(rec, SkippedItem):
            report.skipped.append(rec)
            continue
        batch.append(rec)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _finish(vault: Vault, import_id: str, status: str, report: ImportReport) -> None:
    with vault.transaction():
        vault.conn.execute(
            "UPDATE imports SET finished = ?, status = ?, report = ? WHERE id = ?",
            (utc_iso(datetime.now(UTC)), status, report.model_dump_json(), import_id),
        )
        audit.append(
            vault.conn,
            "import",
            {
                "connector": report.connector_id,
                "status": status,
                "added": report.added,
                "duplicates": report.duplicates,
                "skipped": len(report.skipped),
                "import": import_id,
            },
        )


def report_json(report: ImportReport) -> str:
    return json.dumps(report.model_dump(), ensure_ascii=False, indent=2)

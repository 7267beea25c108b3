"""Writing an import's records on a background thread, in large transactions.

An import is two kinds of work: Python work (reading the source, validating
records, hashing them, turning them into rows) and SQLite work (B-trees, the
search index, and encrypting every page written).  SQLite releases Python's
lock while a statement runs, so :class:`RecordWriter` prepares rows on the
caller's thread while a second thread writes the ones before: on a machine with
two cores the two halves overlap instead of adding up.

Rows travel in chunks of :data:`CHUNK_ROWS` (one ``json_each`` statement each,
so memory stays small) and are committed every :data:`BATCH_ROWS` rows (a large
transaction writes each index page fewer times).  Each batch is one transaction,
so a crash leaves the vault as it was after the last committed batch.
"""

from __future__ import annotations

import itertools
import queue
import threading
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

import sqlcipher3

from wallet.errors import VaultError
from wallet.model import Record
from wallet.samples import Samples
from wallet.store.rows import RowBatch, WriteState
from wallet.store.series import SampleChunk

if TYPE_CHECKING:
    from wallet.store.vault import Vault

BATCH_ROWS = 100_000
"""Records per transaction.  Each commit writes every page the transaction touched, and
records' ids are random, so a batch touches most of the primary-key index: larger batches
write it fewer times.  Measured on a 1,000,000-record Apple Health import: 20,000 rows per
transaction 49 s and 5.3 GB written; 100,000 rows (with WAL_PAGES) 42 s and 3.5 GB; same
peak memory, as the page cache spills what does not fit."""
WAL_BYTES = 256 * 2**20
"""While an import runs, SQLite checkpoints its write-ahead log into the database once it
holds this much (instead of every 4,096 pages): a page written by several batches is copied
once.  A passive checkpoint at the end and ``journal_size_limit`` bring the log back down."""
CHUNK_ROWS = 2000
"""Records per statement (and per hand-over to the writer thread)."""
CHUNK_BYTES = 8 * 2**20
"""A chunk is also handed over once it holds about this much (attachments, long texts)."""
CHUNK_SAMPLES = 20_000
"""Samples per hand-over (one statement per series in it): samples are small, so chunks can be larger."""
QUEUE_CHUNKS = 3
"""Chunks that may wait for the writer: enough to keep it busy, few enough to bound memory."""

_COMMIT = "commit"
_Chunk = tuple[RowBatch, list[tuple[str, str]]] | tuple[SampleChunk, list[str]]


class WriteFailed(VaultError):
    """SQLite could not write a batch (a full disk, a damaged file)."""


class _Stopped(Exception):
    """The caller stopped the writer in the middle of a batch (rolled back)."""


class RecordWriter:
    """Adds records to a vault in batches, one transaction each, on a writer thread.

    ``add`` returns True when it has handed a chunk over (every couple of thousand
    records: a good moment to check for cancellation) and commits by itself when the
    batch is full; ``submit`` commits early.  ``finish`` commits what is left and
    waits.  ``stop`` waits for the batches already committed and rolls back the one
    being filled.  An error on the writer thread is raised by the next
    ``add``/``submit``/``sync``/``finish``, and again by each after it until
    ``take_error`` takes it (after ``stop``).
    ``background=False`` writes on the caller's thread (same results, no thread).
    """

    def __init__(
        self,
        vault: Vault,
        import_id: str | None,
        batch_rows: int = BATCH_ROWS,
        background: bool = True,
    ) -> None:
        self.vault = vault
        self.import_id = import_id
        self.batch_rows = max(1, batch_rows)
        self.chunk_rows = min(CHUNK_ROWS, self.batch_rows)
        self.added = 0
        self.duplicates = 0
        self.by_kind: Counter[str] = Counter()
        self.dropped = 0
        """Samples not stored: without a finite time or value."""
        self._chunk = RowBatch(import_id)
        self._samples = SampleChunk(import_id)
        self._pending: list[_Chunk] = []  # without a thread: the batch's chunks
        self._in_batch = 0
        self._error: BaseException | None = None
        self._queue: queue.Queue[_Chunk | str | threading.Event | None] | None = None
        self._thread: threading.Thread | None = None
        self._checkpoint_pages: int | None = vault.wal_autocheckpoint()
        vault.wal_autocheckpoint(max(WAL_BYTES // vault.page_size, self._checkpoint_pages))
        if background:
            self._queue = queue.Queue(maxsize=QUEUE_CHUNKS)
            self._thread = threading.Thread(target=self._run, name="mydata-wallet-writer", daemon=True)
            self._thread.start()

    # -- caller's thread ------------------------------------------------------
    def add(self, rec: Record) -> bool:
        """Add one record; True when a chunk was handed to the writer (check for cancellation then)."""
        chunk = self._chunk
        chunk.add(rec, set_id=False)  # nothing reads an imported record's id back; saves a model assignment
        n = chunk.offered
        if n < self.chunk_rows and chunk.size < CHUNK_BYTES and self._in_batch + n < self.batch_rows:
            return False
        self._hand_over()
        if self._in_batch >= self.batch_rows:
            self.submit()
        return True

    def add_samples(self, samples: Samples) -> bool:
        """Add samples of one series; True when a chunk was handed to the writer (check for cancellation then)."""
        chunk = self._samples
        chunk.add(samples)
        n = chunk.offered
        if n < CHUNK_SAMPLES and self._in_batch + n < self.batch_rows:
            return False
        self._hand_over_samples()
        if self._in_batch >= self.batch_rows:
            self.submit()
        return True

    def submit(self) -> None:
        """Commit the batch: everything added so far (written while the next batch fills)."""
        self._hand_over()
        self._hand_over_samples()
        if not self._in_batch:
            return
        self._in_batch = 0
        if self._queue is None:
            chunks, self._pending = self._pending, []
            self._write_batch(iter(chunks))
            return
        self._raise()
        self._queue.put(_COMMIT)

    def sync(self) -> None:
        """Commit what was added and wait until the writer is idle.

        Afterwards the caller may use the vault's connection itself (to add a person,
        to cache a key) until it adds the next record: the writer holds no transaction.
        """
        self.submit()
        if self._queue is not None:
            done = threading.Event()
            self._queue.put(done)
            done.wait()
        self._raise()

    def finish(self) -> None:
        """Commit everything added so far and wait for it; raises the writer's error, if any."""
        try:
            self.submit()
        finally:
            self._join()
        self._raise()

    def stop(self) -> None:
        """Wait for the batches already submitted; the batch being filled is not written."""
        self._chunk = RowBatch(self.import_id)
        self._samples = SampleChunk(self.import_id)
        self._pending = []
        self._in_batch = 0
        self._join()

    def take_error(self) -> BaseException | None:
        """The writer thread's error, if it had one (after :meth:`stop`)."""
        error, self._error = self._error, None
        return error

    def _hand_over(self) -> None:
        self._raise()
        chunk = self._chunk
        if not chunk.offered:
            return
        self._chunk = RowBatch(self.import_id)
        self._in_batch += chunk.offered
        item = (chunk, chunk.seal())
        if self._queue is None:
            self._pending.append(item)
        else:
            self._queue.put(item)

    def _hand_over_samples(self) -> None:
        self._raise()
        chunk = self._samples
        if not chunk.offered:
            return
        self._samples = SampleChunk(self.import_id)
        self._in_batch += chunk.offered
        self.dropped += chunk.dropped
        item: _Chunk = (chunk, chunk.seal())
        if self._queue is None:
            self._pending.append(item)
        else:
            self._queue.put(item)

    def _join(self) -> None:
        if self._queue is not None and self._thread is not None:
            self._queue.put(None)
            self._thread.join()
            self._queue = None
        if self._checkpoint_pages is not None:
            self.vault.wal_autocheckpoint(self._checkpoint_pages)
            self._checkpoint_pages = None
            # Copy the import's log into the database now, without waiting for readers (the
            # app's own connection may be reading); the log file shrinks at its next reset.
            self.vault.checkpoint()

    def _raise(self) -> None:
        # Sticky until take_error(): a connector that swallows one raise (a guarded cache call)
        # must not let the import carry on and report success while the writer drops its rows.
        if self._error is not None:
            raise self._error

    # -- writer thread --------------------------------------------------------
    def _run(self) -> None:
        q = self._queue
        assert q is not None

        def rest() -> Iterator[_Chunk]:  # the batch's further chunks, up to its commit
            while True:
                item = q.get()
                if item is None:
                    raise _Stopped
                if isinstance(item, str):  # _COMMIT
                    return
                if isinstance(item, threading.Event):  # pragma: no cover - sync() always commits first
                    item.set()
                    continue
                yield item

        try:
            while True:
                first = q.get()
                if first is None:
                    return
                if isinstance(first, threading.Event):  # sync(): everything before it is committed
                    first.set()
                    continue
                if isinstance(first, str):  # _COMMIT with nothing before it
                    continue
                self._write_batch(itertools.chain([first], rest()))
        except _Stopped:
            return
        except BaseException as exc:  # handed to the caller's thread, raised there
            if isinstance(exc, sqlcipher3.Error):
                wrapped = WriteFailed(f"the vault could not be written ({exc}); nothing was imported from it")
                wrapped.__cause__ = exc
                exc = wrapped
            self._error = exc
            while (item := q.get()) is not None:  # keep taking chunks so that the caller never blocks
                if isinstance(item, threading.Event):
                    item.set()

    def _write_batch(self, chunks: Iterable[_Chunk]) -> None:
        added = offered = 0
        by_kind: Counter[str] = Counter()
        state = WriteState()  # what the chunks of this transaction share (next rowid, origins)
        with self.vault.transaction() as conn:
            for chunk, payload in chunks:
                if isinstance(chunk, SampleChunk):
                    n, kinds = chunk.write(conn, payload, state)  # type: ignore[arg-type]
                    offered += chunk.offered - chunk.dropped
                else:
                    n, kinds = chunk.write(conn, payload, state)  # type: ignore[arg-type]
                    offered += chunk.offered
                added += n
                by_kind.update(kinds)
            state.finish(conn)
        # counted only once committed: a batch rolled back adds nothing to the report
        self.vault.let_others_in()  # the app's own writes wait at most one batch, not the whole import
        self.added += added
        self.duplicates += offered - added
        self.by_kind.update(by_kind)

"""Validating FHIR NDJSON with ``fhir.resources`` in a second process, while this one maps and stores.

Validation with ``fhir.resources`` is most of what reading a FHIR resource costs; the rest of an
import (mapping to records, hashing, the search index, SQLite) is the other part.  On a machine with
two cores the two run side by side: the reader sends the lines of the resources it has mapped to a
worker process in batches (:data:`BATCH_LINES`), and gives each record the warnings the worker found
for its line (by position) before passing it on, in the file's order.  Every resource is still
validated, by the same function (:func:`connectors.fhir.validation_warnings`) on the same resource
(parsed from the same bytes by :func:`loads_line`), so what is stored is what an import in one
process stores.

At most :data:`IN_FLIGHT` batches are with the worker (it always has the next one at hand) while the
reader maps the next and hands on the oldest answered, so the reader is a few batches ahead of what
it has passed on at most (bounded memory).  The worker takes batches in on a thread of its own, so
the reader never waits to write while the worker waits to write an answer (no deadlock).  When the worker
cannot start or stops (a frozen build, no Python executable, a crash), the batches left are validated
in this process, said in a debug log only.
"""

from __future__ import annotations

import codecs
import contextlib
import logging
import marshal
import os
import queue
import re
import signal
import subprocess
import sys
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from typing import IO, Any

import orjson

from wallet import limits
from wallet.imports import offload
from wallet.model import Record, SkippedItem

log = logging.getLogger(__name__)

MIN_BYTES = 4 * limits.MB
"""NDJSON this large or larger is validated in a worker process; a smaller file takes less time to
validate than a worker takes to start (importing pydantic and fhir.resources, about a second)."""
BATCH_LINES = 400
"""Resources sent to the worker at a time (about 0.1 s of its work)."""
BATCH_BYTES = 2 * limits.MB
"""A batch is also sent once its lines hold this many bytes."""
IN_FLIGHT = 2
"""Batches sent and not yet answered, at most: the worker always has the next one at hand."""
_LONG_DIGITS = re.compile(rb"\d{19}")


def loads_line(raw: bytes) -> Any:
    """One NDJSON line parsed exactly as ``limits.loads(raw.decode("utf-8"), "", "JSON")`` parses it.

    orjson parses a line several times faster; it is used only where it gives the same value: it
    refuses NaN, infinities, numbers beyond a float's range, escaped lone surrogates and invalid UTF-8
    (the json module's path then says or keeps them as today), and it would turn an integer beyond
    64 bits into a float, so a line with 19 digits in a row anywhere goes the json module's way.
    """
    if not _LONG_DIGITS.search(raw):
        try:
            return orjson.loads(raw)
        except orjson.JSONDecodeError:
            pass
    return limits.loads(raw.decode("utf-8"), "", "JSON")


def without_bom(raw: bytes) -> bytes:
    """The first line without its UTF-8 byte-order mark (as ``utf-8-sig`` decodes it)."""
    return raw[len(codecs.BOM_UTF8) :] if raw.startswith(codecs.BOM_UTF8) else raw


class Worker:
    """The worker process: :meth:`send` a batch of lines, then :meth:`receive` its warnings."""

    def __init__(self, process: subprocess.Popen[bytes]) -> None:
        self.process = process
        self._out: IO[bytes] | None = process.stdin
        self._in: IO[bytes] | None = process.stdout

    def send(self, lines: list[bytes]) -> bool:
        """Hand the worker a batch of lines; False when it is gone."""
        data = marshal.dumps(lines)
        if self._out is None:
            return False
        try:
            self._out.write(len(data).to_bytes(offload.HEADER, "little"))
            self._out.write(data)
            self._out.flush()
        except (OSError, ValueError) as exc:
            log.debug("FHIR validation worker stopped (%s); validating in this process", type(exc).__name__)
            return False
        return True

    def receive(self, count: int) -> list[list[str]] | None:
        """The warnings for each line of the batch sent last, or None when the worker is gone."""
        if self._in is None:
            return None
        try:
            size = int.from_bytes(offload.read_exact(self._in, offload.HEADER), "little")
            found = marshal.loads(offload.read_exact(self._in, size))  # noqa: S302 - from the worker this process started
        except (OSError, ValueError, EOFError, TypeError) as exc:
            log.debug(
                "FHIR validation worker stopped (%s, exit code %s); validating in this process",
                type(exc).__name__,
                self.process.poll(),
            )
            return None
        if not (
            isinstance(found, list)
            and len(found) == count
            and all(isinstance(w, list) and all(isinstance(t, str) for t in w) for w in found)
        ):
            log.debug("FHIR validation worker answered out of turn; validating in this process")
            return None
        return found

    def close(self, wait: bool = True) -> None:
        """End the worker: after its batch (``wait``) or at once; never leaves it running."""
        process = self.process
        if process.poll() is None:
            with contextlib.suppress(OSError, ValueError):
                if self._out is not None:
                    self._out.close()
            if not wait:
                process.kill()
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        for pipe in (self._out, self._in):
            with contextlib.suppress(OSError, ValueError):
                if pipe is not None:
                    pipe.close()


def worker_command() -> list[str] | None:
    """The command that starts a worker (:func:`wallet.imports.offload.worker_command`)."""
    return offload.worker_command(__name__)


def start() -> Worker | None:
    """A new worker process, or None when none can be started (said in a debug log only)."""
    command = worker_command()
    if command is None:
        log.debug("no program to run a FHIR validation worker with; validating in this process")
        return None
    try:
        process = offload.popen_worker(command)
    except (OSError, ValueError, subprocess.SubprocessError) as exc:
        log.debug("FHIR validation worker could not start (%s); validating in this process", type(exc).__name__)
        return None
    return Worker(process)


Item = Record | SkippedItem


def validated(items: Iterable[tuple[Item, bytes | None]], worker: Worker | None) -> Iterator[Item]:
    """The items in order, each record with a line given the warnings of its line's validation.

    ``items``: a record built without validation and the line it was read from (the worker validates
    it), or an item passed on as it is (``None``: a skipped line, a record already validated).
    The worker validates a batch while the next is read and mapped (and has one more waiting); with no
    worker (or once it has stopped) a batch is validated here.
    """
    sent: deque[tuple[list[tuple[Item, bool]], list[bytes]]] = deque()
    batch: list[tuple[Item, bool]] = []
    lines: list[bytes] = []
    size = 0
    for item, line in items:
        batch.append((item, line is not None))
        if line is not None:
            lines.append(line)
            size += len(line)
            if len(lines) >= BATCH_LINES or size >= BATCH_BYTES:
                if worker is not None and not worker.send(lines):
                    worker = None
                sent.append((batch, lines))
                batch, lines, size = [], [], 0
                if len(sent) > IN_FLIGHT:  # the oldest batch's answer, while the worker has the next ones
                    finished, worker = _warnings(worker, sent.popleft())
                    yield from finished
    if batch:
        if worker is not None and not worker.send(lines):
            worker = None
        sent.append((batch, lines))
    while sent:
        finished, worker = _warnings(worker, sent.popleft())
        yield from finished


def _warnings(
    worker: Worker | None, sent: tuple[list[tuple[Item, bool]], list[bytes]]
) -> tuple[list[Item], Worker | None]:
    """The batch sent last with its warnings in place, and the worker if it is still there."""
    batch, lines = sent
    found = worker.receive(len(lines)) if worker is not None and lines else None
    if found is None and lines:
        worker = None
        from . import validation_warnings

        found = [validation_warnings(loads_line(line)) for line in lines]
    position = 0
    out: list[Item] = []
    for item, has_line in batch:
        if has_line:
            assert isinstance(item, Record) and found is not None
            if found[position]:
                item.provenance.warnings[:0] = found[position]  # before the mapping's own, as in one process
            position += 1
        out.append(item)
    return out, worker


def serve() -> None:
    """The worker's loop: batches of lines from stdin, the warnings for each line to stdout, until EOF."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is for the import, which ends this process
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # whatever a library prints cannot garble the answers
    sys.stdout = sys.stderr
    inp = sys.stdin.buffer
    from . import validation_warnings

    # batches are read on a thread as they come: the reader, sending the next batch, never waits for
    # this process to finish writing an answer it is not reading yet (no deadlock on full pipes)
    batches: queue.Queue[list[bytes] | None] = queue.Queue()

    def take() -> None:
        try:
            while len(header := inp.read(offload.HEADER)) == offload.HEADER:
                size = int.from_bytes(header, "little")
                batches.put(marshal.loads(offload.read_exact(inp, size)))  # noqa: S302 - from the process that started this
        finally:
            batches.put(None)

    threading.Thread(target=take, daemon=True).start()
    while (lines := batches.get()) is not None:
        answers: list[list[str]] = []
        for line in lines:
            try:
                resource = loads_line(line)
            except Exception as exc:  # the reader parsed this line already: cannot happen
                answers.append([f"could not be validated ({type(exc).__name__})"])
                continue
            answers.append(validation_warnings(resource) if isinstance(resource, dict) else ["not a FHIR resource"])
        data = marshal.dumps(answers)
        out.write(len(data).to_bytes(offload.HEADER, "little") + data)
        out.flush()

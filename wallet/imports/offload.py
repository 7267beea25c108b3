"""Reading a large source in a second process, while this one stores what it reads.

An import is two kinds of work: reading the file (a parser's callbacks, turning elements into records
and samples) and storing (deduplication, the search index, SQLite).  In one process the two share one
interpreter lock, so on a machine with two cores they still take turns.  A connector whose reading is
most of the work (Apple Health's export.xml: millions of elements) hands it to :func:`read_elsewhere`:
a worker process runs the connector's reading function and sends what it yields back in batches,
while this process stores the previous ones.  What is stored is what a read in one process stores: the
same function, on the same file, its items in the same order.

* The function is named by module and name (``"connectors.apple_health.parser:read_export"``) and is
  called as ``function(*args, context=context)`` in the worker, where ``context`` forwards progress
  (``context.progress`` there reaches the import's progress here); it must yield items and may only
  use ``progress`` of its context.  The worker sends its items after each progress report (each
  chunk of the file) or every :data:`BATCH_ITEMS` items.
* Items travel pickled, from the process this one started, through its own pipe (the worker is
  this program, with the same rights: no boundary is crossed).
* The worker is a step ahead at most: a reader thread here holds :data:`AHEAD` batches; the pipe
  then blocks the worker, so memory stays bounded whatever the file's size.
* A :class:`~wallet.errors.ConnectorError` in the worker is raised here with its message; another
  exception is raised here as :class:`WorkerFailed` (the pipeline reports it as a connector's
  bug); a worker that stops without a word (killed, out of memory) is a ``ConnectorError`` that says
  so.  Cancelling the import ends the worker at once; so does closing the iterator.
* Where no worker can start (a frozen build has no Python to run one, the source is held in memory,
  the system refuses a process), :func:`read_elsewhere` returns None and the connector reads in this
  process as before (said in a debug log only).
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import os
import pickle
import queue
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from wallet.errors import ConnectorError
from wallet.imports.connector import ImportContext

log = logging.getLogger(__name__)

BATCH_ITEMS = 2000
"""Items sent at once at most (a chunk of the file usually holds fewer)."""
AHEAD = 4
"""Batches received and not yet taken, at most, before the worker waits."""
_HEADER = 8
_ROOT = str(Path(__file__).resolve().parents[2])
"""The folder holding the ``wallet`` and ``connectors`` packages, put first on the worker's path."""
_WORKER_CODE = "import sys; sys.path.insert(0, sys.argv[1]); from wallet.imports.offload import serve; serve()"


class WorkerFailed(RuntimeError):
    """An exception other than ``ConnectorError`` in the worker (a bug): its type and message."""


def worker_command() -> list[str] | None:
    """The command that starts a worker, or None where there is no Python to run it with."""
    if getattr(sys, "frozen", False) or not sys.executable:
        # a frozen build's executable is the app itself (running it would start another app)
        return None
    return [sys.executable, "-c", _WORKER_CODE, _ROOT]


def read_elsewhere(target: str, args: tuple[Any, ...], context: ImportContext, *, what: str) -> Iterator[Any] | None:
    """The items ``target(*args, context=...)`` yields, read in a worker process; None when none can start.

    ``what`` names the file in messages ("export.xml").  The worker has started when this returns.
    """
    command = worker_command()
    if command is None:
        log.debug("no Python executable for a reading worker; %s is read in this process", what)
        return None
    try:
        request = pickle.dumps((target, args), protocol=pickle.HIGHEST_PROTOCOL)
    except (pickle.PicklingError, TypeError, AttributeError) as exc:
        log.debug("the reading of %s cannot be handed to a worker (%s)", what, type(exc).__name__)
        return None
    try:
        process = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,  # a traceback may quote the file's content: not shown, not kept
            close_fds=True,
        )
    except (OSError, ValueError, subprocess.SubprocessError) as exc:
        log.debug("a reading worker could not start (%s); %s is read in this process", type(exc).__name__, what)
        return None
    return _receive(process, request, context, what)


def _receive(process: subprocess.Popen[bytes], request: bytes, context: ImportContext, what: str) -> Iterator[Any]:
    assert process.stdin is not None and process.stdout is not None
    messages: queue.Queue[bytes | None] = queue.Queue(maxsize=AHEAD)
    stop = threading.Event()
    inp = process.stdout

    def take() -> None:  # raw messages off the pipe, so the worker goes on while this process stores
        try:
            while not stop.is_set():
                header = inp.read(_HEADER)
                if len(header) != _HEADER:
                    break
                data = _read_exact(inp, int.from_bytes(header, "little"))
                while not stop.is_set():
                    try:
                        messages.put(data, timeout=0.2)
                        break
                    except queue.Full:
                        continue
        except (OSError, ValueError, EOFError):
            pass
        finally:
            with contextlib.suppress(queue.Full):
                messages.put(None, timeout=1)

    thread = threading.Thread(target=take, name="mydata-wallet-offload", daemon=True)
    finished = False
    try:
        try:
            process.stdin.write(request)
            process.stdin.close()
        except (OSError, ValueError):
            pass  # the worker is gone already: said below, when its output ends
        thread.start()
        while not finished:
            if context.is_cancelled():
                return
            try:
                data = messages.get(timeout=0.2)
            except queue.Empty:
                continue
            if data is None:
                break
            kind, *rest = pickle.loads(data)  # noqa: S301 - from the worker this process started, see the docstring
            if kind == "items":
                items, done, total = rest
                yield from items
                if done is not None:
                    context.progress(done, total)
            elif kind == "end":
                finished = True
            elif kind == "error":
                raise ConnectorError(rest[0])
            else:
                raise WorkerFailed(rest[0])
        if not finished:
            code = process.wait()
            raise ConnectorError(f"{what}: the process reading it stopped unexpectedly (exit code {code})")
    finally:
        stop.set()
        if finished:  # it has said its last word and is ending
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=5)
        if process.poll() is None:
            process.kill()
        with contextlib.suppress(OSError, ValueError):
            inp.close()
        process.wait()
        thread.join(timeout=5)


def _read_exact(fh: IO[bytes], size: int) -> bytes:
    parts = []
    left = size
    while left:
        part = fh.read(left)
        if not part:
            raise EOFError("the worker closed its output")
        parts.append(part)
        left -= len(part)
    return b"".join(parts)


class _Sender:
    """The worker's side: items gathered, sent after each progress report or every :data:`BATCH_ITEMS`."""

    def __init__(self, out: IO[bytes]) -> None:
        self.out = out
        self.items: list[Any] = []

    def send(self, message: tuple[Any, ...]) -> None:
        data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
        self.out.write(len(data).to_bytes(_HEADER, "little") + data)
        self.out.flush()

    def flush(self, done: int | None = None, total: int | None = None) -> None:
        if self.items or done is not None:
            self.send(("items", self.items, done, total))
            self.items = []


def serve() -> None:
    """The worker: read the request from stdin, run it, send its items to stdout, then ``end``."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is for the import, which ends this process
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # whatever a library prints cannot garble the answers
    sys.stdout = sys.stderr
    sender = _Sender(out)
    try:
        target, args = pickle.loads(sys.stdin.buffer.read())  # noqa: S301 - from the process that started this
        module, _, name = target.partition(":")
        function = getattr(importlib.import_module(module), name)
        context = ImportContext(progress=sender.flush)
        for item in function(*args, context=context):
            sender.items.append(item)  # a new list after each progress report (which sends the items so far)
            if len(sender.items) >= BATCH_ITEMS:
                sender.flush()
        sender.flush()
        sender.send(("end",))
    except ConnectorError as exc:
        sender.flush()
        sender.send(("error", str(exc)))
    except BrokenPipeError:
        pass  # the import ended (cancelled, or failed while storing): nothing to say
    except Exception as exc:
        with contextlib.suppress(BrokenPipeError):
            sender.flush()
            sender.send(("failed", f"{type(exc).__name__}: {exc}"))

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
* A worker that stops without a word (killed, out of memory) is a ``ConnectorError`` that says so.
  Cancelling the import ends the worker at once; so does closing the iterator.  The worker starts
  when the first item is asked for, so an iterator never advanced leaves no process behind.
* An exception in the worker is raised here as it was raised there (pickled: a
  :class:`~wallet.errors.ConnectorError` with its hint, a pydantic ``ValidationError``, an
  ``OverflowError``), so the pipeline words it as it words one from a read in this process; one that
  cannot be pickled is raised as :class:`WorkerFailed` with its type and message.
* Where no worker can start (the system refuses a process) or it ends with an error before its first
  word (a broken install or build), the function runs in this process, as it would without a worker
  (said in a debug log only).  A frozen build (the AppImage) starts itself as the
  worker: its entry point hands ``--mydata-wallet-worker MODULE`` to :func:`run_worker`.
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

from wallet.errors import ConnectorError, WalletError
from wallet.imports.connector import ImportContext

log = logging.getLogger(__name__)

BATCH_ITEMS = 2000
"""Items sent at once at most (a chunk of the file usually holds fewer)."""
AHEAD = 4
"""Batches received and not yet taken, at most, before the worker waits."""
HEADER = 8
"""Bytes of the length (little-endian) before each message on a worker's pipes (this module's and the FHIR one's)."""
_ROOT = str(Path(__file__).resolve().parents[2])
"""The folder holding the ``wallet`` and ``connectors`` packages, put first on the worker's path."""
WORKER_FLAG = "--mydata-wallet-worker"
"""How a frozen build is asked to run as a worker (``packaging/entry_point.py``)."""
WORKERS = frozenset({"wallet.imports.offload", "connectors.fhir.worker"})
"""The modules whose ``serve()`` a worker runs (nothing else can be named on its command line)."""


class WorkerFailed(RuntimeError):
    """An exception in the worker that could not be sent back as itself: its type and message."""


def worker_command(module: str) -> list[str] | None:
    """The command that starts a worker running ``module``'s ``serve()``; None where there is no program to run.

    ``-P``: the current folder is not put on the worker's path (a ``queue.py`` there must not shadow the
    standard library); this project's folder is, first.
    """
    if module not in WORKERS:
        raise ValueError(f"not a worker module: {module}")
    if not sys.executable:
        return None
    if getattr(sys, "frozen", False):  # the app itself, which runs the worker when asked (run_worker)
        return [sys.executable, WORKER_FLAG, module]
    code = f"import sys; sys.path.insert(0, sys.argv[1]); from {module} import serve; serve()"
    return [sys.executable, "-P", "-c", code, _ROOT]


def run_worker(module: str) -> None:
    """A frozen build's entry point for ``--mydata-wallet-worker MODULE``: run that worker, then exit."""
    if module not in WORKERS:
        raise SystemExit(2)
    importlib.import_module(module).serve()


def popen_worker(command: list[str]) -> subprocess.Popen[bytes]:
    """Start a worker with pipes on its stdin and stdout; its stderr goes nowhere (a traceback there may
    quote the file's content: not shown, not kept).  Raises ``OSError``, ``ValueError`` or
    ``subprocess.SubprocessError`` when it cannot start."""
    return subprocess.Popen(
        command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, close_fds=True
    )


def read_elsewhere(target: str, args: tuple[Any, ...], context: ImportContext, *, what: str) -> Iterator[Any]:
    """The items ``target(*args, context=...)`` yields (``target``: ``"module:function"``), read in a worker
    process while the caller stores them; in this process where no worker can start.

    ``what`` names the file in messages ("export.xml").  The worker starts with the first item asked for.
    """
    module, _, name = target.partition(":")
    command = worker_command(__name__)
    process = None
    if command is not None:
        try:
            process = popen_worker(command)
        except (OSError, ValueError, subprocess.SubprocessError) as exc:
            log.debug("a reading worker could not start (%s); %s is read in this process", type(exc).__name__, what)
    if process is not None:
        try:
            yield from _receive(process, pickle.dumps((target, args), protocol=pickle.HIGHEST_PROTOCOL), context, what)
            return
        except _Silent as exc:  # it could not run (a broken install or build): nothing was read yet
            log.debug("the reading worker ended at once (exit code %s); %s is read in this process", exc.code, what)
    yield from getattr(importlib.import_module(module), name)(*args, context=context)


class _Silent(Exception):
    """The worker ended with an error before its first word."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


def _receive(process: subprocess.Popen[bytes], request: bytes, context: ImportContext, what: str) -> Iterator[Any]:
    assert process.stdin is not None and process.stdout is not None
    messages: queue.Queue[bytes | None] = queue.Queue(maxsize=AHEAD)
    stop = threading.Event()
    inp = process.stdout

    def take() -> None:  # raw messages off the pipe, so the worker goes on while this process stores
        try:
            while not stop.is_set():
                header = inp.read(HEADER)
                if len(header) != HEADER:
                    break
                data = read_exact(inp, int.from_bytes(header, "little"))
                while not stop.is_set():
                    try:
                        messages.put(data, timeout=0.2)
                        break
                    except queue.Full:
                        continue
        except (OSError, ValueError, EOFError):
            pass
        finally:
            while not stop.is_set():  # the end, once there is room for it (the consumer may be storing)
                try:
                    messages.put(None, timeout=0.2)
                    break
                except queue.Full:
                    continue

    thread = threading.Thread(target=take, name="mydata-wallet-offload", daemon=True)
    finished = heard = False
    try:
        with contextlib.suppress(OSError, ValueError):  # the worker is gone already: said below, when its output ends
            process.stdin.write(request)
        with contextlib.suppress(OSError, ValueError):
            process.stdin.close()
        thread.start()
        while not finished:
            if context.is_cancelled():
                return
            try:
                data = messages.get(timeout=0.2)
            except queue.Empty:
                if thread.is_alive():
                    continue
                data = None  # the reader thread has ended and left nothing
            if data is None:
                break
            heard = True
            try:
                kind, *rest = pickle.loads(data)  # noqa: S301 - from the worker this process started, see the docstring
            except Exception as exc:  # e.g. an exception whose class cannot be made again from its arguments
                raise WorkerFailed(
                    f"an answer of the reading process could not be read ({type(exc).__name__})"
                ) from None
            if kind == "items":
                items, done, total = rest
                yield from items
                if done is not None:
                    context.progress(done, total)
            elif kind == "end":
                finished = True
            elif kind == "raise":
                raise rest[0]
            else:
                raise WorkerFailed(rest[0])
        if not finished:
            code = process.wait()
            if not heard and code > 0:
                raise _Silent(code)
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


def read_exact(fh: IO[bytes], size: int) -> bytes:
    """Exactly ``size`` bytes from a worker's pipe; ``EOFError`` when it closes before."""
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
        self.out.write(len(data).to_bytes(HEADER, "little") + data)
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
    except BrokenPipeError:
        pass  # the import ended (cancelled, or failed while storing): nothing to say
    except Exception as exc:
        with contextlib.suppress(BrokenPipeError):
            sender.flush()
            message: tuple[Any, ...] = ("raise", exc.with_traceback(None))
            try:
                pickle.loads(pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL))  # noqa: S301 - its own
            except Exception:  # it cannot travel as itself (cannot be pickled, or made again from its arguments)
                if isinstance(exc, WalletError):  # meant for the user: its words, as a connector's error
                    message = ("raise", ConnectorError(str(exc)))
                else:
                    message = ("failed", f"{type(exc).__name__}: {exc}")
            sender.send(message)

"""Background work for the GUI: a callable run on the thread pool, results back as signals.

Nothing slow runs on the GUI thread: key derivation, keyring calls, imports,
counts and searches over a large vault all go through :func:`run_task`.  Every
exception raised by the callable reaches the GUI as a readable message
(``failed``), never as a crash.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import gc
import logging
import queue
import threading
import time
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QTimer

from wallet.errors import WalletError
from wallet.store.vault import Vault

log = logging.getLogger(__name__)


def readable_error(exc: BaseException) -> str:
    """One line a person can read, for any exception."""
    if isinstance(exc, WalletError):
        return str(exc) or type(exc).__name__
    if isinstance(exc, MemoryError):
        return "the computer ran out of memory"
    from wallet.store.vault import storage_error

    mapped = storage_error(exc)  # SQLite or the disk: a full disk, a read-only vault, a damaged page
    if mapped is not None:
        return str(mapped)
    if isinstance(exc, OSError):
        return f"{exc.strerror or exc}" + (f": {exc.filename}" if getattr(exc, "filename", None) else "")
    return f"an unexpected problem occurred ({type(exc).__name__}: {exc})"


POLL_MS = 15
_results: queue.Queue[tuple[Task, str, Any]] = queue.Queue()


class _Hub(QObject):
    """Lives in the GUI thread and hands results to the callbacks there.

    Workers never touch Qt: they put ``(task, kind, payload)`` on a queue, which a timer on
    the GUI thread drains every few milliseconds while work is under way.  (Emitting signals
    with Python objects from worker threads left a reference-count error that aborted the
    interpreter at exit on a 1M-record vault.)  A callback whose QObject has been deleted
    meanwhile is skipped.
    """

    def __init__(self) -> None:
        super().__init__()
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.drain)

    def wake(self) -> None:
        if not self.timer.isActive():
            self.timer.start()

    def drain(self) -> None:
        while True:
            try:
                task, kind, payload = _results.get_nowait()
            except queue.Empty:
                break
            if kind == "progress":
                done, total = payload
                _call(task.on_progress, done, total)
                continue
            callback = task.on_done if kind == "done" else task.on_error
            # Drop the task's references to Qt objects here, on the GUI thread: the worker
            # may hold the last reference to the task, and a widget must never be freed there.
            task.on_done = task.on_error = task.on_progress = None
            _running.discard(task)
            _call(callback, payload)
            del callback
        if not _running and _results.empty():
            self.timer.stop()


def _call(callback: Callable[..., Any] | None, *args: Any) -> None:
    if callback is None:
        return
    owner = getattr(callback, "__self__", None)
    if isinstance(owner, QObject) and not shiboken6.isValid(owner):
        return
    try:
        callback(*args)
    except Exception:  # a bug in a callback must not stop the others
        log.exception("a background task's callback failed")


_hub: _Hub | None = None


def _get_hub() -> _Hub:
    global _hub
    if _hub is None:
        _hub = _Hub()
    return _hub


class Task:
    """Run ``fn(*args, **kwargs)`` off the GUI thread.

    If ``with_progress`` is set, ``fn`` gets a ``progress(done, total)`` keyword; with
    ``with_cancel`` it gets ``cancel``, a callable that turns true after :meth:`cancel`.
    """

    def __init__(
        self,
        fn: Callable[..., Any],
        *args: Any,
        with_progress: bool = False,
        with_cancel: bool = False,
        **kwargs: Any,
    ) -> None:
        self.fn = fn
        self.args = args
        self.kwargs = kwargs
        self.on_done: Callable[[Any], None] | None = None
        self.on_error: Callable[[BaseException], None] | None = None
        self.on_progress: Callable[[int, Any], None] | None = None
        self.cancel_event = threading.Event()
        self.done = threading.Event()
        if with_progress:
            self.kwargs["progress"] = self._progress
        if with_cancel:
            self.kwargs["cancel"] = self.cancel_event.is_set

    def _progress(self, done: int, total: int | None) -> None:
        _results.put((self, "progress", (int(done), total)))

    def cancel(self) -> None:
        self.cancel_event.set()

    def run(self) -> None:
        try:
            result = self.fn(*self.args, **self.kwargs)
        except BaseException as exc:  # every failure reaches the user as a message
            log.debug("background task failed", exc_info=True)
            _results.put((self, "error", exc))
        else:
            _results.put((self, "done", result))
        finally:
            self.done.set()


_running: set[Task] = set()
_pool = concurrent.futures.ThreadPoolExecutor(max_workers=4, thread_name_prefix="wallet-ui")


def run_task(
    fn: Callable[..., Any],
    *args: Any,
    on_done: Callable[[Any], None] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
    on_progress: Callable[[int, Any], None] | None = None,
    with_progress: bool = False,
    with_cancel: bool = False,
    **kwargs: Any,
) -> Task:
    """Start ``fn`` on a worker thread; the callbacks run later on the GUI thread."""
    task = Task(fn, *args, with_progress=with_progress, with_cancel=with_cancel, **kwargs)
    task.on_done, task.on_error, task.on_progress = on_done, on_error, on_progress
    _running.add(task)
    _get_hub().wake()
    _pool.submit(task.run)
    return task


def cancel_all() -> None:
    for task in list(_running):
        task.cancel()


def wait_all(timeout_ms: int = 30000) -> bool:
    """Wait for every running task (used when quitting)."""
    cancel_all()
    deadline = time.monotonic() + timeout_ms / 1000
    return all(task.done.wait(max(0.0, deadline - time.monotonic())) for task in list(_running))


def shutdown(timeout_ms: int = 30000) -> None:
    """Before the app exits: wait for the workers and drop what they sent."""
    global _hub
    wait_all(timeout_ms)
    while not _results.empty():
        with contextlib.suppress(queue.Empty):
            _results.get_nowait()
    _running.clear()
    if _hub is not None:
        hub, _hub = _hub, None
        hub.timer.stop()
        shiboken6.delete(hub)


# --------------------------------------------------------- garbage collection
class GuiThreadGc(QObject):
    """Cyclic garbage collection on the GUI thread only.

    Python's collector runs in whichever thread happens to allocate when a threshold is
    crossed.  With workers busy (imports, page reads), that is often a worker thread, and a
    Qt object found in a garbage cycle there (a closed window, say) would be destroyed off
    the GUI thread: a crash.  So automatic collection is switched off while the app runs and
    this timer collects on the GUI thread instead, with the same thresholds (read at each
    tick, so that an import's higher threshold applies here too).
    """

    def __init__(self, interval_ms: int = 250) -> None:
        super().__init__()
        self.was_enabled = gc.isenabled()
        gc.disable()
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.check)
        self.timer.start()

    def check(self) -> None:
        # the thresholds as they are now: an import raises the first while it runs (wallet.imports.pipeline)
        t0, t1, t2 = gc.get_threshold()
        c0, c1, c2 = gc.get_count()
        if t0 and c0 > t0:
            gc.collect(0)
            if c1 > t1:
                gc.collect(1)
                if c2 > t2:
                    gc.collect(2)

    def stop(self) -> None:
        self.timer.stop()
        gc.collect()
        if self.was_enabled:
            gc.enable()


# ---------------------------------------------------------------------- readers
def with_reader(path_vault: Vault, fn: Callable[[Vault], Any]) -> Callable[[], Any]:
    """A callable for :func:`run_task` that runs ``fn`` on its own connection.

    The key is copied now, on the GUI thread, so a lock that happens meanwhile
    does not race with the worker.
    """
    reader_key = path_vault.data_key
    path, keyfile = path_vault.path, path_vault.keyfile

    def job() -> Any:
        from wallet.store.vault import DB_NAME, _connect

        reader = Vault(path, _connect(path / DB_NAME, reader_key, keyfile.db_page_size), keyfile, reader_key)
        try:
            return fn(reader)
        finally:
            reader.close()

    return job


class LatestRead:
    """A series of background reads of which only the newest result is delivered.

    Each :meth:`start` (or :meth:`supersede`) makes the reads started before it stale:
    a stale result is dropped when it arrives (say the person was switched while the
    previous read was running).  Failures are always delivered.
    """

    def __init__(self) -> None:
        self.generation = 0

    def supersede(self) -> int:
        """Make every read under way stale; the new generation."""
        self.generation += 1
        return self.generation

    def start(
        self,
        vault: Vault,
        fn: Callable[[Vault], Any],
        *,
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
    ) -> Task:
        """Run ``fn`` on its own connection to ``vault`` (:func:`with_reader`); ``on_done`` gets its result."""
        generation = self.supersede()

        def done(result: Any) -> None:
            if generation == self.generation:
                _call(on_done, result)

        return run_task(with_reader(vault, fn), on_done=done, on_error=on_error)

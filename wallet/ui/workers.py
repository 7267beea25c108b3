"""Background work for the GUI: a callable run on the thread pool, results back on the GUI thread.

Nothing slow runs on the GUI thread: key derivation, keyring calls, imports,
counts and searches over a large vault, share preparation, signing and bundle
writing, PDF rendering all go through :func:`run_task`, the one background
helper (in the manner of Anki's ``QueryOp``)::

    run_task(with_reader(vault, lambda r: prepare(r, request)),
             on_done=self._prepared,           # gets the callable's result (typed: Task[T])
             on_error=self._failed,            # optional: without it, a warning box over ``parent``
             parent=self)

The callable must not touch widgets; the callbacks run later on the GUI thread.
Every exception raised by the callable reaches the GUI as a readable message
(:func:`readable_error`), never as a crash.  Tests run tasks inline, at once on
the calling thread, with :func:`inline` (the ``inline_tasks`` fixture; like
Picard's ``FakeThreadPool``), so dialog tests stay deterministic.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import gc
import logging
import queue
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer
from PySide6.QtWidgets import QMessageBox, QWidget

from wallet.errors import WalletError
from wallet.store.vault import Vault

log = logging.getLogger(__name__)


def readable_error(exc: BaseException) -> str:
    """One line a person can read, for any exception (and a hint's advice in the app's words below it)."""
    from wallet.ui.hints import say

    if isinstance(exc, WalletError):
        return say(exc) or type(exc).__name__
    if isinstance(exc, MemoryError):
        return "the computer ran out of memory"
    from wallet.store.vault import storage_error

    mapped = storage_error(exc)  # SQLite or the disk: a full disk, a read-only vault, a damaged page
    if mapped is not None:
        return say(mapped)
    if isinstance(exc, OSError):
        return f"{exc.strerror or exc}" + (f": {exc.filename}" if getattr(exc, "filename", None) else "")
    return f"an unexpected problem occurred ({type(exc).__name__}: {exc})"


POLL_MS = 15
_results: queue.Queue[tuple[Task[Any], str, Any]] = queue.Queue()


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


T = TypeVar("T")
Progress = Callable[[int, int | None], None]
"""A progress callback: ``(done, total)``, ``total`` None when unknown."""


class Task(Generic[T]):
    """Run ``fn(*args, **kwargs)`` off the GUI thread; its result (a ``T``) goes to ``on_done``.

    If ``with_progress`` is set, ``fn`` gets a ``progress(done, total)`` keyword; with
    ``with_cancel`` it gets ``cancel``, a callable that turns true after :meth:`cancel`.
    """

    def __init__(
        self,
        fn: Callable[..., T],
        *args: Any,
        with_progress: bool = False,
        with_cancel: bool = False,
        **kwargs: Any,
    ) -> None:
        self.fn = fn
        self.args = args
        self.kwargs = kwargs
        self.on_done: Callable[[T], None] | None = None
        self.on_error: Callable[[BaseException], None] | None = None
        self.on_progress: Progress | None = None
        self.cancel_event = threading.Event()
        self.done = threading.Event()
        if with_progress:
            self.kwargs["progress"] = self._progress
        if with_cancel:
            self.kwargs["cancel"] = self.cancel_event.is_set

    def _progress(self, done: int, total: int | None) -> None:
        _results.put((self, "progress", (int(done), total)))

    def cancel(self) -> None:
        """Ask the task to stop; ``fn`` sees it only if it was given ``cancel`` and checks it."""
        self.cancel_event.set()

    def run(self) -> None:
        """Run ``fn`` on the worker thread and post its result or error for the GUI thread."""
        try:
            result = self.fn(*self.args, **self.kwargs)
        except BaseException as exc:  # every failure reaches the user as a message
            log.debug("background task failed", exc_info=True)
            _results.put((self, "error", exc))
        else:
            _results.put((self, "done", result))
        finally:
            self.done.set()


class InlineExecutor:
    """Runs each task at once on the calling thread: tests, through :func:`inline`."""

    def submit(self, fn: Callable[[], None]) -> None:
        """Run ``fn`` now, on this thread."""
        fn()


_running: set[Task[Any]] = set()
_pool: concurrent.futures.Executor | InlineExecutor = concurrent.futures.ThreadPoolExecutor(
    max_workers=4, thread_name_prefix="wallet-ui"
)


@contextlib.contextmanager
def inline() -> Iterator[None]:
    """Run every task started inside at once, on this thread, callbacks included (tests).

    Like Picard's ``FakeThreadPool``: :func:`run_task` returns only after the task's
    ``on_done`` or ``on_error`` has run, so a dialog test reads the outcome right after
    the click that started it.
    """
    global _pool
    saved, _pool = _pool, InlineExecutor()
    try:
        yield
    finally:
        _pool = saved


last_error_box: QMessageBox | None = None
"""The most recent default error box (:func:`show_error`), kept alive here and read by tests."""


def show_error(parent: QWidget | None, exc: BaseException, title: str | None = None) -> QMessageBox:
    """The default failure of a background task: a warning box with :func:`readable_error`, not blocking."""
    global last_error_box
    if parent is not None and not shiboken6.isValid(parent):
        parent = None  # the window that started the task was closed meanwhile
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        title or QCoreApplication.translate("Workers", "Something went wrong"),
        readable_error(exc),
        QMessageBox.StandardButton.Ok,
        parent,
    )
    if parent is not None:
        box.setWindowModality(Qt.WindowModality.WindowModal)
    box.open()
    last_error_box = box
    return box


def run_task(
    fn: Callable[..., T],
    *args: Any,
    on_done: Callable[[T], None] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
    on_progress: Progress | None = None,
    parent: QWidget | None = None,
    with_progress: bool = False,
    with_cancel: bool = False,
    **kwargs: Any,
) -> Task[T]:
    """Start ``fn(*args, **kwargs)`` on a worker thread; the callbacks run later on the GUI thread.

    ``fn`` must not touch widgets.  ``on_done`` gets its result; ``on_error`` any exception it
    raised (without ``on_error``: :func:`show_error` over ``parent``); ``on_progress`` what
    ``fn`` reports through its ``progress`` keyword (``with_progress``).  A callback whose
    QObject was deleted meanwhile is skipped.
    """
    task: Task[T] = Task(fn, *args, with_progress=with_progress, with_cancel=with_cancel, **kwargs)
    if on_error is None:

        def on_error(exc: BaseException) -> None:
            show_error(parent, exc)

    task.on_done, task.on_error, task.on_progress = on_done, on_error, on_progress
    _running.add(task)
    hub = _get_hub()
    hub.wake()
    _pool.submit(task.run)
    if isinstance(_pool, InlineExecutor):
        hub.drain()  # deliver now: the caller sees the outcome when this returns
    return task


def cancel_all() -> None:
    """Ask every running task to stop (they finish in their own time; see :func:`wait_all`)."""
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
        """Collect the generations whose thresholds are crossed, here on the GUI thread."""
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
        """Stop the timer, collect once more and give collection back to Python as it was."""
        self.timer.stop()
        gc.collect()
        if self.was_enabled:
            gc.enable()


# ---------------------------------------------------------------------- readers
def with_reader(path_vault: Vault, fn: Callable[[Vault], T]) -> Callable[[], T]:
    """A callable for :func:`run_task` that runs ``fn`` on its own connection (:meth:`Vault.reader`).

    The connection is opened now, on the GUI thread (a fraction of a millisecond), so a lock
    that happens meanwhile does not race with the worker; a failure to open it reaches
    ``on_error`` like the job's own.  ``fn`` may write (a share is recorded from a worker).
    """
    try:
        reader = path_vault.reader(writes=True)
    except Exception as exc:
        failure = exc

        def failed() -> T:
            raise failure

        return failed

    def job() -> T:
        with reader:
            return fn(reader)

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
        fn: Callable[[Vault], T],
        *,
        on_done: Callable[[T], None],
        on_error: Callable[[BaseException], None],
    ) -> Task[T]:
        """Run ``fn`` on its own connection to ``vault`` (:func:`with_reader`); ``on_done`` gets its result."""
        generation = self.supersede()

        def done(result: T) -> None:
            if generation == self.generation:
                _call(on_done, result)

        return run_task(with_reader(vault, fn), on_done=done, on_error=on_error)

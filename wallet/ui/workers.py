"""Background work for the GUI: a callable run on the thread pool, results back as signals.

Nothing slow runs on the GUI thread: key derivation, keyring calls, imports,
counts and searches over a large vault all go through :func:`run_task`.  Every
exception raised by the callable reaches the GUI as a readable message
(``failed``), never as a crash.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QThreadPool, Signal

from wallet.errors import WalletError
from wallet.vault import Vault

log = logging.getLogger(__name__)


def readable_error(exc: BaseException) -> str:
    """One line a person can read, for any exception."""
    if isinstance(exc, WalletError):
        return str(exc) or type(exc).__name__
    if isinstance(exc, MemoryError):
        return "the computer ran out of memory"
    if isinstance(exc, OSError):
        return f"{exc.strerror or exc}" + (f": {exc.filename}" if getattr(exc, "filename", None) else "")
    return f"an unexpected problem occurred ({type(exc).__name__}: {exc})"


class TaskSignals(QObject):
    finished = Signal(object, object)  # task, result
    failed = Signal(object, object)  # task, exception
    progress = Signal(object, int, object)  # task, done, total


def _alive(callback: Callable[..., Any]) -> bool:
    owner = getattr(callback, "__self__", None)
    return owner is None or not isinstance(owner, QObject) or shiboken6.isValid(owner)


class _Hub(QObject):
    """Lives in the GUI thread and hands results to the callbacks there.

    Every task signal is connected to this one long-lived object (never to a widget
    that may be gone by the time a result arrives); a callback whose QObject has been
    deleted meanwhile is skipped.
    """

    def on_finished(self, task: Task, result: object) -> None:
        self._release(task)
        if task.on_done is not None and _alive(task.on_done):
            task.on_done(result)

    def on_failed(self, task: Task, exc: object) -> None:
        self._release(task)
        if task.on_error is not None and _alive(task.on_error):
            task.on_error(exc)

    def on_progress(self, task: Task, done: int, total: object) -> None:
        if task.on_progress is not None and _alive(task.on_progress):
            task.on_progress(done, total)

    @staticmethod
    def _release(task: Task) -> None:
        _running.discard(task)
        task.signals.deleteLater()


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
    The signal object is owned by the GUI-thread hub, so it is created and destroyed on
    the GUI thread only.
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
        hub = _get_hub()
        self.signals = TaskSignals(hub)
        self.signals.finished.connect(hub.on_finished)
        self.signals.failed.connect(hub.on_failed)
        self.signals.progress.connect(hub.on_progress)
        self.cancel_event = threading.Event()
        self.done = threading.Event()
        if with_progress:
            self.kwargs["progress"] = self._progress
        if with_cancel:
            self.kwargs["cancel"] = self.cancel_event.is_set

    def _progress(self, done: int, total: int | None) -> None:
        self.signals.progress.emit(self, int(done), total)

    def cancel(self) -> None:
        self.cancel_event.set()

    def run(self) -> None:
        try:
            result = self.fn(*self.args, **self.kwargs)
        except BaseException as exc:  # every failure reaches the user as a message
            log.debug("background task failed", exc_info=True)
            self.done.set()
            self.signals.failed.emit(self, exc)
        else:
            self.done.set()
            self.signals.finished.emit(self, result)


_running: set[Task] = set()


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
    """Start ``fn`` on the global thread pool; the callbacks run on the GUI thread."""
    task = Task(fn, *args, with_progress=with_progress, with_cancel=with_cancel, **kwargs)
    task.on_done, task.on_error, task.on_progress = on_done, on_error, on_progress
    _running.add(task)
    QThreadPool.globalInstance().start(task.run)
    return task


def cancel_all() -> None:
    for task in list(_running):
        task.cancel()


def wait_all(timeout_ms: int = 30000) -> bool:
    """Wait for every running task (used when quitting)."""
    cancel_all()
    return QThreadPool.globalInstance().waitForDone(timeout_ms)


# ---------------------------------------------------------------------- readers
def with_reader(path_vault: Vault, fn: Callable[[Vault], Any]) -> Callable[[], Any]:
    """A callable for :func:`run_task` that runs ``fn`` on its own connection.

    The key is copied now, on the GUI thread, so a lock that happens meanwhile
    does not race with the worker.
    """
    reader_key = path_vault.data_key
    path, keyfile = path_vault.path, path_vault.keyfile

    def job() -> Any:
        from wallet.vault import DB_NAME, _connect

        reader = Vault(path, _connect(path / DB_NAME, reader_key), keyfile, reader_key)
        try:
            return fn(reader)
        finally:
            reader.close()

    return job

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

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

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
    finished = Signal(object)
    failed = Signal(object)  # the exception
    progress = Signal(int, object)


class Task(QRunnable):
    """Run ``fn(*args, **kwargs)`` off the GUI thread.

    If ``fn`` accepts a ``progress`` keyword (``with_progress=True``) it gets a
    callable that emits :attr:`TaskSignals.progress`.  ``cancel_event`` is set
    by :meth:`cancel`; ``fn`` may receive it as ``cancel`` (``with_cancel=True``).
    """

    def __init__(
        self,
        fn: Callable[..., Any],
        *args: Any,
        with_progress: bool = False,
        with_cancel: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.fn = fn
        self.args = args
        self.kwargs = kwargs
        self.signals = TaskSignals()
        self.cancel_event = threading.Event()
        self.done = threading.Event()
        if with_progress:
            self.kwargs["progress"] = self._progress
        if with_cancel:
            self.kwargs["cancel"] = self.cancel_event.is_set

    def _progress(self, done: int, total: int | None) -> None:
        self.signals.progress.emit(int(done), total)

    def cancel(self) -> None:
        self.cancel_event.set()

    def run(self) -> None:
        try:
            result = self.fn(*self.args, **self.kwargs)
        except BaseException as exc:  # every failure reaches the user as a message
            log.debug("background task failed", exc_info=True)
            self.done.set()
            self.signals.failed.emit(exc)
            return
        self.done.set()
        self.signals.finished.emit(result)


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
    """Start ``fn`` on the global thread pool.  Callbacks must be methods of QObjects living
    in the GUI thread (so that Qt queues the call onto the GUI thread)."""
    task = Task(fn, *args, with_progress=with_progress, with_cancel=with_cancel, **kwargs)
    _running.add(task)
    if on_done is not None:
        task.signals.finished.connect(on_done)
    if on_error is not None:
        task.signals.failed.connect(on_error)
    if on_progress is not None:
        task.signals.progress.connect(on_progress)
    task.signals.finished.connect(task.signals.deleteLater)
    task.signals.failed.connect(task.signals.deleteLater)
    task.signals.finished.connect(lambda _r, t=task: _running.discard(t))
    task.signals.failed.connect(lambda _e, t=task: _running.discard(t))
    QThreadPool.globalInstance().start(task)
    return task


def cancel_all() -> None:
    for task in list(_running):
        task.cancel()


def wait_all(timeout_ms: int = 30000) -> bool:
    """Wait for every running task (used when quitting)."""
    cancel_all()
    return QThreadPool.globalInstance().waitForDone(timeout_ms)


# ---------------------------------------------------------------------- readers
def open_reader(vault: Vault) -> Vault:
    """A second, read-mostly Vault object on its own connection, for one background query.

    No audit entry and no migration: it shares the open vault's key file and key.
    Close it when done.
    """
    return Vault(vault.path, vault.connect_again(), vault.keyfile, vault.data_key)


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

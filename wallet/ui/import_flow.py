"""Importing files from the GUI: detect the connector, run the pipeline off the GUI thread, report.

The worker has its OWN connection (a second :class:`~wallet.store.vault.Vault`
object on the same file, :meth:`~wallet.store.vault.Vault.reader`) and closes it
at the end; the GUI thread keeps its own.  Progress comes back as signals; Cancel stops the
pipeline between batches (what was committed stays, consistently).
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QInputDialog, QMessageBox

from wallet.errors import PersonMatchUncertain
from wallet.imports import pipeline, registry
from wallet.imports.connector import Cache, Source
from wallet.model import ImportReport
from wallet.store.vault import Vault
from wallet.ui.plugins import GiveUp, Retry
from wallet.ui.workers import Task, readable_error, run_task, with_reader

if TYPE_CHECKING:
    from wallet.ui.main_window import MainWindow

PROGRESS_INTERVAL = 0.1  # seconds between progress signals


@dataclass
class Detected:
    """A file and the connectors that said they can read it, for the person to choose from when there are several."""

    path: Path
    candidates: list[tuple[str, str]]  # (id, human name)
    options: dict[str, dict[str, Any]] = field(default_factory=dict)
    """The connector options each candidate's detection found, by id (a bank CSV's own profile)."""


def detect(path: Path, saved: Cache | None = None) -> Detected:
    """Which connectors can read ``path`` (off the GUI thread: loading connectors takes a moment).

    The command line's detection (:func:`wallet.imports.registry.detect`): ``saved`` is the
    vault (a reader of its own), whose saved settings count, e.g. a bank CSV that only one of
    the person's own profiles describes is read by ``bank_csv`` with that profile.
    """
    found = registry.detect(Source(path), saved)
    classes = registry.connectors()
    return Detected(path, [(cid, classes[cid].name) for cid in found], found)


def run_import(
    worker_vault: Vault,
    path: Path,
    connector_id: str,
    person: str | None = None,
    progress: Callable[[int, int | None], None] | None = None,
    cancel: Callable[[], bool] | None = None,
    options: dict[str, Any] | None = None,
) -> ImportReport:
    """The worker, on ``worker_vault`` (its own connection, :meth:`Vault.reader`), which it closes at the end."""
    last = [0.0]

    def throttled(done: int, total: int | None) -> None:
        now = time.monotonic()
        if progress is not None and (now - last[0] >= PROGRESS_INTERVAL or (total is not None and done >= total)):
            last[0] = now
            progress(done, total)

    try:
        return pipeline.import_source(
            worker_vault,
            Source(path),
            connector_id=connector_id,
            person=person,
            options=options,
            progress=throttled,
            cancel=cancel,
        )
    finally:
        worker_vault.close()


class ImportController(QObject):
    """Imports a queue of files one after the other.

    Signals: ``started(name)``, ``progress(done, total)``, ``report(ImportReport)``,
    ``failed(name, message)``, ``idle()`` when the queue is empty.
    """

    started = Signal(str)
    progress = Signal(int, object)
    report = Signal(object)
    failed = Signal(str, str)
    idle = Signal()

    def __init__(self, main_window: MainWindow) -> None:
        super().__init__(main_window)
        self.main_window = main_window
        # (path, connector id or None to detect, options for the connector)
        self.queue: deque[tuple[Path, str | None, dict[str, Any]]] = deque()
        self.current: Task[Any] | None = None
        self.current_name = ""
        self.interactive = True
        self._pending: tuple[Path, str, dict[str, Any]] | None = None

    @property
    def busy(self) -> bool:
        """Whether an import is running or waiting in the queue."""
        return self.current is not None or bool(self.queue)

    def import_files(self, paths: list[Path], interactive: bool = True) -> None:
        """Queue ``paths`` for import; with ``interactive`` False nothing is asked (the first candidate is used,
        and a file whose person contradicts everyone it could join becomes a new person, as the CLI's demo does)."""
        self.interactive = interactive
        self.queue.extend((Path(p), None, {}) for p in paths)
        if self.current is None:
            self._next()

    def import_file(self, path: Path, connector_id: str | None = None, options: dict[str, Any] | None = None) -> None:
        """Queue one file read by a given connector (None: detect) with connector ``options``."""
        self.interactive = True
        self.queue.append((Path(path), connector_id, dict(options or {})))
        if self.current is None:
            self._next()

    def cancel(self) -> None:
        """Cancel the running import and drop the queue."""
        self.queue.clear()
        if self.current is not None:
            self.current.cancel()

    def _next(self) -> None:
        if not self.queue:
            self.current = None
            self.idle.emit()
            return
        path, connector_id, options = self.queue.popleft()
        self.current_name = path.name
        self.started.emit(path.name)
        if connector_id is not None:
            self.current = None
            self._start(path, connector_id, None, options)
            return
        vault = self.main_window.vault
        if vault is None or not vault.is_open:
            self.current = run_task(detect, path, on_done=self._detected, on_error=self._error)
            return
        # the vault's saved settings (CSV profiles) count: read on a connection of the worker's own
        job = with_reader(vault, lambda reader: detect(path, reader))
        self.current = run_task(job, on_done=self._detected, on_error=self._error)

    def _detected(self, det: Detected) -> None:
        if self.current is not None and self.current.cancel_event.is_set():
            self.current = None
            self.idle.emit()
            return
        if self.main_window.vault is None:
            self.current = None
            self.queue.clear()
            self.idle.emit()
            return
        if not det.candidates:
            from wallet.ui.import_summary import importable_text

            self._error_message(
                self.tr("{name}: no connector recognises this file.").format(name=det.path.name)
                + "\n\n"
                + importable_text()
            )
            self._offer_plugins(det.path)
            return
        connector_id = det.candidates[0][0]
        if len(det.candidates) > 1 and self.interactive:
            labels = [f"{name} ({cid})" for cid, name in det.candidates]
            choice, ok = QInputDialog.getItem(
                self.main_window,
                self.tr("Choose how to read the file"),
                self.tr("Several kinds of data fit {name}. Which is it?").format(name=det.path.name),
                labels,
                0,
                False,
            )
            if not ok:
                self.current = None
                self._next()
                return
            connector_id = det.candidates[labels.index(choice)][0]
        self._start(det.path, connector_id, None, det.options.get(connector_id, {}))

    def _start(self, path: Path, connector_id: str, person: str | None, options: dict[str, Any] | None = None) -> None:
        vault = self.main_window.vault
        if vault is None or not vault.is_open:
            self.current = None
            return
        options = dict(options or {})
        self._pending = (path, connector_id, options)
        extra: dict[str, Any] = {"options": options} if options else {}  # plain imports: as before
        try:
            worker_vault = vault.reader(writes=True)  # opened here, where the key is sure to be there
        except Exception as exc:
            self._error(exc)
            return
        self.current = run_task(
            run_import,
            worker_vault,
            path,
            connector_id,
            person,
            **extra,
            with_progress=True,
            with_cancel=True,
            on_done=self._done,
            on_error=self._error,
            on_progress=self._progress,
        )

    def _progress(self, done: int, total: object) -> None:
        self.progress.emit(done, total)

    def _done(self, report: ImportReport) -> None:
        self.current = None
        self.report.emit(report)
        self._next()

    def _error(self, exc: BaseException) -> None:
        if (
            isinstance(exc, PersonMatchUncertain)
            and self.interactive
            and self._pending is not None
            and self.main_window.vault is not None
        ):
            # the error carries the people to choose from: each is offered by name, id and birth date
            labels = [*(exc.describe(p) for p in exc.candidates), self.tr("A new person")]
            choice, ok = QInputDialog.getItem(
                self.main_window, self.tr("Whose records are these?"), exc.question, labels, 0, False
            )
            if ok and choice in labels:
                index = labels.index(choice)
                person = "new" if index == len(labels) - 1 else exc.candidates[index].id
                path, cid, options = self._pending
                self._start(path, cid, person, options)
                return
        if isinstance(exc, PersonMatchUncertain) and not self.interactive and self._pending is not None:
            path, cid, options = self._pending  # never merged silently, never asked: kept apart
            self._start(path, cid, "new", options)
            return
        if self._ask_plugin(exc):
            return
        self._error_message(readable_error(exc))

    def _ask_plugin(self, exc: BaseException) -> bool:
        """The connector's app part may turn its error into a question (a CSV's text encoding), then import again."""
        if not (self.interactive and self._pending is not None and self.main_window.vault is not None):
            return False
        path, cid, options = self._pending
        part = self.main_window.plugin_parts.get(cid)
        answer = part.answer_import_error(exc, path, options) if part is not None else None
        if isinstance(answer, GiveUp):
            self._error_message(answer.message)
            return True
        if isinstance(answer, Retry):
            self._start(path, cid, None, answer.options)
            return True
        return False

    def _offer_plugins(self, path: Path) -> None:
        """Add the plug-ins' offers (a bank CSV's "Set up a CSV profile...") to the failure message."""
        box = self.main_window.last_message
        if box is None or self.main_window.vault is None or not box.isVisible():
            return  # one of a batch: the batch's summary says what can be imported
        for part in self.main_window.plugin_parts.values():
            for action in part.unrecognised(path):
                button = box.addButton(action.text, QMessageBox.ButtonRole.ActionRole)
                button.setAccessibleName(action.accessible_name or action.text)
                button.clicked.connect(action.run)

    def _error_message(self, message: str) -> None:
        self.current = None
        self.failed.emit(self.current_name, message)
        self._next()

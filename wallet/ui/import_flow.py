"""Importing files from the GUI: detect the connector, run the pipeline off the GUI thread, report.

The worker opens its OWN connection (a second :class:`~wallet.store.vault.Vault`
object on the same file, from the data key) and closes it at the end; the GUI
thread keeps its own.  Progress comes back as signals; Cancel stops the
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
from wallet.imports.connector import Source
from wallet.model import ImportReport
from wallet.store.vault import Vault
from wallet.ui.workers import Task, readable_error, run_task

if TYPE_CHECKING:
    from wallet.ui.main_window import MainWindow

PROGRESS_INTERVAL = 0.1  # seconds between progress signals


@dataclass
class Detected:
    path: Path
    candidates: list[tuple[str, str]]  # (id, human name)
    options: dict[str, Any] = field(default_factory=dict)


CSV_SUFFIXES = (".csv", ".txt", ".dat", ".tsv")


def detect(path: Path, saved_profiles: list[Any] | None = None) -> Detected:
    """Which connectors can read ``path`` (off the GUI thread: loading connectors takes a moment).

    ``saved_profiles`` are the person's own CSV profiles (from the vault): a bank CSV that
    only one of them describes is read by ``bank_csv`` with that profile.
    """
    source = Source(path)
    found = registry.candidates(source)
    classes = registry.connectors()
    if not found and saved_profiles:
        from connectors.bank_csv import BankCsvConnector

        head = source.head
        if head and b"\x00" not in head[:4096]:
            profile = BankCsvConnector._detect_in_head(head, saved_profiles)
            if profile is not None and "bank_csv" in classes:
                return Detected(path, [("bank_csv", classes["bank_csv"].name)], {"profile": profile.name})
    return Detected(path, [(cid, classes[cid].name) for cid in found])


def run_import(
    vault_path: Path,
    data_key: bytes,
    path: Path,
    connector_id: str,
    person: str | None = None,
    progress: Callable[[int, int | None], None] | None = None,
    cancel: Callable[[], bool] | None = None,
    options: dict[str, Any] | None = None,
) -> ImportReport:
    """The worker: its own Vault object on its own connection, closed at the end."""
    worker_vault = Vault.open(vault_path, data_key=data_key, migrate=False)
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
        self.current: Task | None = None
        self.current_name = ""
        self.interactive = True
        self._pending: tuple[Path, str, dict[str, Any]] | None = None

    @property
    def busy(self) -> bool:
        return self.current is not None or bool(self.queue)

    def import_files(self, paths: list[Path], interactive: bool = True) -> None:
        self.interactive = interactive
        self.queue.extend((Path(p), None, {}) for p in paths)
        if self.current is None:
            self._next()

    def import_file(
        self, path: Path, connector_id: str | None = None, options: dict[str, Any] | None = None
    ) -> None:
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
        self.current = run_task(detect, path, self._saved_csv_profiles(), on_done=self._detected, on_error=self._error)

    def _saved_csv_profiles(self) -> list[Any]:
        """The person's own CSV profiles (small JSON in the vault), for detection."""
        vault = self.main_window.vault
        if vault is None:
            return []
        try:
            from connectors.bank_csv import builtin_profiles, load_profiles

            builtin = builtin_profiles()
            return [p for name, p in load_profiles(vault).items() if builtin.get(name) != p]
        except Exception:  # a damaged profile store must not stop importing
            return []

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
            self._error_message(
                self.tr("{name}: no connector recognises this file.").format(name=det.path.name)
            )
            if det.path.suffix.lower() in CSV_SUFFIXES:
                self._offer_csv_profile(det.path)
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
        self._start(det.path, connector_id, None, det.options)

    def _start(self, path: Path, connector_id: str, person: str | None, options: dict[str, Any] | None = None) -> None:
        vault = self.main_window.vault
        if vault is None or not vault.is_open:
            self.current = None
            return
        options = dict(options or {})
        self._pending = (path, connector_id, options)
        extra: dict[str, Any] = {"options": options} if options else {}  # plain imports: as before
        self.current = run_task(
            run_import,
            vault.path,
            vault.data_key,
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
        if self._ask_encoding(exc):
            return
        self._error_message(readable_error(exc))

    def _ask_encoding(self, exc: BaseException) -> bool:
        """A bank CSV whose encoding is uncertain: let the person choose, then import again."""
        from connectors.bank_csv import EncodingUncertain

        if not (isinstance(exc, EncodingUncertain) and self.interactive and self._pending is not None):
            return False
        if self.main_window.vault is None:
            return False
        from wallet.ui.csv_profile_dialog import choose_encoding

        path, cid, options = self._pending
        chosen = choose_encoding(self.main_window, path.name, exc.candidates, exc.previews, path)
        if chosen is None:
            self._error_message(self.tr("{name}: not imported, no text encoding was chosen.").format(name=path.name))
            return True
        self._start(path, cid, None, {**options, "encoding": chosen})
        return True

    def _offer_csv_profile(self, path: Path) -> None:
        """Add "Set up a CSV profile..." to the failure message of a CSV nobody recognised."""
        box = getattr(self.main_window, "last_message", None)
        if not isinstance(box, QMessageBox) or self.main_window.vault is None:
            return
        button = box.addButton(self.tr("Set up a CSV profile..."), QMessageBox.ButtonRole.ActionRole)
        button.setAccessibleName(self.tr("Set up a CSV profile"))
        window = self.main_window

        def open_editor() -> None:
            from wallet.ui.csv_profile_dialog import open_csv_profiles_dialog

            open_csv_profiles_dialog(window, csv_path=path)

        button.clicked.connect(open_editor)
        self.csv_offer_button = button

    def _error_message(self, message: str) -> None:
        self.current = None
        self.failed.emit(self.current_name, message)
        self._next()

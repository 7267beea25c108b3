"""File > Export everything...: the whole vault to a folder in open formats (wallet.features.export_all).

The dialog says what will be written (counted on a worker), asks for a new or empty folder, and
writes only after the person presses Export; the export runs on a worker with progress.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from wallet.features.export_all import ExportPlan, ExportResult, check_target, export_all, plan_export
from wallet.ui import workers

if TYPE_CHECKING:
    from wallet.store.vault import Vault
    from wallet.ui.main_window import MainWindow


class ExportDialog(QDialog):
    """What an export writes, where, and the button that writes it."""

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.outcome: ExportResult | None = None
        self.busy = False
        self.setWindowTitle(self.tr("Export everything"))
        self.resize(640, 420)
        layout = QVBoxLayout(self)
        self.plan_label = QLabel(self.tr("Counting what will be written..."))
        self.plan_label.setWordWrap(True)
        layout.addWidget(self.plan_label)
        row = QHBoxLayout()
        self.folder = QLineEdit()
        self.folder.setAccessibleName(self.tr("Export folder"))
        self.folder.setPlaceholderText(self.tr("A new or empty folder"))
        self.folder.textChanged.connect(self._changed)
        row.addWidget(self.folder, 1)
        self.browse = QPushButton(self.tr("Choose..."))
        self.browse.clicked.connect(self.choose)
        row.addWidget(self.browse)
        layout.addLayout(row)
        self.progress = QProgressBar()
        self.progress.setAccessibleName(self.tr("Export progress"))
        self.progress.hide()
        layout.addWidget(self.progress)
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.export_button = self.box.addButton(self.tr("Export"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.export_button.setEnabled(False)
        self.box.accepted.connect(self.start)
        self.box.rejected.connect(self.reject)
        layout.addWidget(self.box)
        self.plan: ExportPlan | None = None
        workers.run_task(workers.with_reader(vault, plan_export), on_done=self._planned, parent=self)

    def _planned(self, plan: ExportPlan) -> None:
        self.plan = plan
        self.plan_label.setText("\n".join(plan.lines()))
        self._changed()

    def choose(self) -> None:
        """Pick the folder; a folder that is not empty gets a new folder inside it."""
        picked = QFileDialog.getExistingDirectory(self, self.tr("Export everything to"), str(Path.home()))
        if picked:
            target = Path(picked)
            if any(target.iterdir()):
                target = target / "MyData Wallet export"
            self.folder.setText(str(target))

    def _changed(self) -> None:
        text = self.folder.text().strip()
        problem = ""
        if text:
            try:
                check_target(Path(text))
            except Exception as exc:  # the core's one readable line
                problem = workers.readable_error(exc)
        self.status.setText(problem)
        self.export_button.setEnabled(bool(text) and not problem and self.plan is not None and not self.busy)

    def start(self) -> None:
        """Write the export on a worker, with progress."""
        target = Path(self.folder.text().strip())
        self.busy = True
        self.export_button.setEnabled(False)
        self.folder.setEnabled(False)
        self.browse.setEnabled(False)
        self.progress.show()
        self.status.setText(self.tr("Writing..."))

        try:
            reader = self.vault.reader(writes=True)  # opened here, on the GUI thread (workers.with_reader)
        except Exception as exc:
            self._failed(exc)
            return

        def job(progress: workers.Progress) -> ExportResult:
            with reader:
                return export_all(reader, target, progress=progress)

        workers.run_task(
            job,
            on_done=self._done,
            on_error=self._failed,
            on_progress=self._progressed,
            with_progress=True,
        )

    def _progressed(self, done: int, total: int | None) -> None:
        self.progress.setRange(0, max(total or 0, done))
        self.progress.setValue(done)

    def _done(self, result: ExportResult) -> None:
        self.busy = False
        self.outcome = result
        self.progress.hide()
        self.status.setText(
            self.tr("Wrote {n} files to {folder}, with a signed manifest.").format(
                n=len(result.files), folder=str(result.folder)
            )
        )
        self.box.clear()
        self.box.addButton(QDialogButtonBox.StandardButton.Close).clicked.connect(self.accept)

    def _failed(self, exc: BaseException) -> None:
        self.busy = False
        self.progress.hide()
        self.folder.setEnabled(True)
        self.browse.setEnabled(True)
        self.status.setText(self.tr("Nothing was exported: {error}").format(error=workers.readable_error(exc)))
        self._changed()


def open_export_dialog(window: MainWindow) -> ExportDialog | None:
    """File > Export everything..., for the main window's open vault."""
    if window.vault is None:
        return None
    dialog = ExportDialog(window.vault, window)
    dialog.setModal(True)
    dialog.show()
    return dialog

"""Tools > Data sources: the order of preference of the watches, phones, hospitals and files.

When several sources give the same reading (the same heart rate from the watch, the phone and a
hospital file), the wallet counts it once, from the source highest in this list, as Apple Health's
data-source priority does.  Reordering regroups every reading (wallet.store.readings) on a worker.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from wallet.features.measurements import source_label
from wallet.ui import workers

if TYPE_CHECKING:
    from wallet.store.vault import Vault
    from wallet.ui.main_window import MainWindow


class SourcesDialog(QDialog):
    """The sources of the vault's measurements, preferred first; drag or use Up and Down to reorder."""

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.setWindowTitle(self.tr("Data sources"))
        self.resize(520, 420)
        self.busy = False
        self.reset_asked = False
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "When several sources give the same reading, it is counted once, from the source highest in this "
                "list. Nothing is deleted: the others stay visible in each record's details."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        row = QHBoxLayout()
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Sources in order of preference"))
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        row.addWidget(self.list, 1)
        buttons = QVBoxLayout()
        self.up = QPushButton(self.tr("Move up"))
        self.up.clicked.connect(lambda: self.shift(-1))
        self.down = QPushButton(self.tr("Move down"))
        self.down.clicked.connect(lambda: self.shift(1))
        self.reset = QPushButton(self.tr("Default order"))
        self.reset.setToolTip(self.tr("Hospital first, then measuring devices, then the phone, then what was typed in"))
        self.reset.clicked.connect(self.use_default)
        for b in (self.up, self.down, self.reset):
            buttons.addWidget(b)
        buttons.addStretch(1)
        row.addLayout(buttons)
        layout.addLayout(row)
        self.status = QLabel()
        layout.addWidget(self.status)
        self.box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.box.accepted.connect(self.save)
        self.box.rejected.connect(self.reject)
        layout.addWidget(self.box)
        self.load()

    def load(self) -> None:
        """Read the sources off the GUI thread."""
        self.status.setText(self.tr("Reading..."))

        def read(v: Vault) -> list[tuple[str, str, int]]:
            return [(key, source_label(v, key), n) for key, _rank, n in v.reading_sources()]

        workers.run_task(workers.with_reader(self.vault, read), on_done=self._loaded, parent=self)

    def _loaded(self, found: list[tuple[str, str, int]]) -> None:
        self.list.clear()
        for key, label, n in found:
            item = QListWidgetItem(self.tr("{source} ({n} readings)").format(source=label, n=f"{n:,}"))
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.list.addItem(item)
        self.status.setText("" if found else self.tr("No measurements yet."))
        if found:
            self.list.setCurrentRow(0)

    def order(self) -> list[str]:
        """The source keys as listed now."""
        return [str(self.list.item(i).data(Qt.ItemDataRole.UserRole)) for i in range(self.list.count())]

    def shift(self, step: int) -> None:
        """Move the chosen source up (-1) or down (1)."""
        row = self.list.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.list.count():
            return
        item = self.list.takeItem(row)
        self.list.insertItem(target, item)
        self.list.setCurrentRow(target)
        self.reset_asked = False

    def use_default(self) -> None:
        """Return to the default order when OK is pressed."""
        self.reset_asked = True
        self.status.setText(self.tr("The default order will be used."))

    def save(self) -> None:
        """Regroup every reading in the new order, off the GUI thread, then close."""
        order = [] if self.reset_asked else self.order()
        self.busy = True
        self.box.setEnabled(False)
        self.status.setText(self.tr("Regrouping the readings..."))

        def done(_result: object) -> None:
            self.busy = False
            self.accept()

        def failed(exc: BaseException) -> None:
            self.busy = False
            self.box.setEnabled(True)
            self.status.setText(workers.readable_error(exc))

        workers.run_task(
            workers.with_reader(self.vault, lambda v: v.set_source_priority(order)), on_done=done, on_error=failed
        )


def open_sources_dialog(window: MainWindow) -> SourcesDialog | None:
    """Tools > Data sources..., for the main window's open vault."""
    if window.vault is None:
        return None
    dialog = SourcesDialog(window.vault, window)
    dialog.setModal(True)
    dialog.finished.connect(lambda _code: window.refresh())
    dialog.show()
    return dialog

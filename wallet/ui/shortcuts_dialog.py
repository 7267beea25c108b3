"""Help > Keyboard shortcuts: every key the main window answers to, in a table."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)


def shortcuts() -> list[tuple[str, str]]:
    """(keys, what they do) for the main window, the keys in the platform's own notation."""

    def keys(seq: QKeySequence | str) -> str:
        return (QKeySequence(seq) if isinstance(seq, str) else seq).toString(QKeySequence.SequenceFormat.NativeText)

    return [
        (keys(QKeySequence(QKeySequence.StandardKey.Open)), QCoreApplication.translate("Shortcuts", "Import files")),
        (keys(QKeySequence(QKeySequence.StandardKey.Find)), QCoreApplication.translate("Shortcuts", "Search records")),
        (
            QCoreApplication.translate("Shortcuts", "Esc"),
            QCoreApplication.translate("Shortcuts", "Clear the search and go back to the timeline"),
        ),
        (
            keys("Ctrl+Shift+C"),
            QCoreApplication.translate(
                "Shortcuts", "Copy the value of the selected record (cleared from the clipboard after 30 s)"
            ),
        ),
        (keys(QKeySequence(QKeySequence.StandardKey.Refresh)), QCoreApplication.translate("Shortcuts", "Refresh")),
        (keys("Ctrl+L"), QCoreApplication.translate("Shortcuts", "Lock the vault now")),
        (
            keys(QKeySequence(QKeySequence.StandardKey.Preferences)) or keys("Ctrl+,"),
            QCoreApplication.translate("Shortcuts", "Settings"),
        ),
        (keys("Ctrl+Q"), QCoreApplication.translate("Shortcuts", "Quit")),
        (
            QCoreApplication.translate("Shortcuts", "Tab / Shift+Tab"),
            QCoreApplication.translate(
                "Shortcuts", "Move between the search, the filters, the timeline and the detail pane"
            ),
        ),
        (
            QCoreApplication.translate("Shortcuts", "Up / Down, Page Up / Page Down"),
            QCoreApplication.translate("Shortcuts", "Move through the timeline"),
        ),
        (
            keys("Ctrl+Home") + " / " + keys("Ctrl+End"),
            QCoreApplication.translate(
                "Shortcuts", "Newest / oldest record of the timeline (the oldest turns the order to oldest first)"
            ),
        ),
        (keys("Ctrl+G"), QCoreApplication.translate("Shortcuts", "Go to a date in the timeline")),
    ]


class ShortcutsDialog(QDialog):
    """The keyboard shortcuts of the main window."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        self.resize(640, 420)
        layout = QVBoxLayout(self)
        rows = shortcuts()
        self.table = QTableWidget(len(rows), 2)
        self.table.setAccessibleName(self.tr("Keyboard shortcuts"))
        self.table.setHorizontalHeaderLabels([self.tr("Keys"), self.tr("Does")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().setVisible(False)
        for i, (keys, what) in enumerate(rows):
            self.table.setItem(i, 0, QTableWidgetItem(keys))
            self.table.setItem(i, 1, QTableWidgetItem(what))
        self.table.resizeColumnToContents(0)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


def open_shortcuts(parent: QWidget) -> ShortcutsDialog:
    """Show the keyboard shortcuts (not modal: it can stay open beside the window)."""
    dialog = ShortcutsDialog(parent)
    dialog.show()
    return dialog

"""View > Go to date...: a small dialog asking for the day the timeline should show.

The timeline then starts at the newest record on or before that day (wallet.ui.main_window's
``go_to_date``), and the person scrolls on to older ones from there.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit, QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from wallet.ui.main_window import MainWindow


class GoToDateDialog(QDialog):
    """Asks for one day, with a calendar; :meth:`chosen` is the day picked."""

    def __init__(self, initial: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Go to date"))
        layout = QVBoxLayout(self)
        label = QLabel(self.tr("Show the timeline from this day back, newest record first:"))
        label.setWordWrap(True)
        layout.addWidget(label)
        self.date_edit = QDateEdit(QDate(initial.year, initial.month, initial.day))
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.date_edit.setAccessibleName(self.tr("Date"))
        label.setBuddy(self.date_edit)
        layout.addWidget(self.date_edit)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.date_edit.setFocus()

    def chosen(self) -> date:
        """The day picked."""
        qd = self.date_edit.date()
        return date(qd.year(), qd.month(), qd.day())


def open_go_to_date(window: MainWindow) -> GoToDateDialog:
    """Open the dialog (window-modal, not blocking) from the selected record's day, or today;
    on OK the timeline goes to the day picked."""
    rec = window.model.record_at(window.table.currentIndex().row())
    initial = rec.start.date() if rec is not None and rec.start is not None else date.today()
    dialog = GoToDateDialog(initial, window)
    dialog.accepted.connect(lambda: window.go_to_date(dialog.chosen()))
    window.last_dialog = dialog
    dialog.open()
    return dialog

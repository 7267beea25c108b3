"""View > Go to date...: a small dialog asking for the day the timeline should show.

The timeline then starts at the newest record on or before that day (wallet.ui.main_window's
``go_to_date``), and the person scrolls on to older ones from there.  Days are this computer's days
(its zone), as in the date filter: a record at 08:00 +09:00 on the 4th is on the 4th in Seoul.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit, QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from wallet.model import Record
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


def record_day(rec: Record) -> date | None:
    """The day a record is on for the timeline's dates: its date when it is a date only, else its day on this
    computer's clock (the days Go to date and the date filter count: wallet.ui.records_model.local_day_bounds)."""
    if rec.start is None:
        return None
    if rec.date_only or rec.start.tzinfo is None:
        return rec.start.date()
    try:
        return rec.start.astimezone().date()
    except (OverflowError, ValueError, OSError):  # at the ends of the range of dates
        return rec.start.date()


def open_go_to_date(window: MainWindow) -> GoToDateDialog:
    """Open the dialog (window-modal, not blocking) from the selected record's day, or today;
    on OK the timeline goes to the day picked."""
    rec = window.model.record_at(window.table.currentIndex().row())
    initial = record_day(rec) if rec is not None else None
    dialog = GoToDateDialog(initial or date.today(), window)
    dialog.accepted.connect(lambda: window.go_to_date(dialog.chosen()))
    window.last_dialog = dialog
    dialog.open()
    return dialog

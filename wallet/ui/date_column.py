"""The timeline's date column: wide enough for the dates shown, and cut cleanly when it is not.

A record from another zone is shown with its offset, ``2024-03-25 00:00 (+09:00)`` (docs/clock.md),
a third wider than the ``2024-03-25 00:00`` the column was sized for.  :class:`DateColumn` widens
the column to the widest date of the rows read so far (and narrows it back for a timeline without
offsets), unless the person has dragged its width themselves.  Where the text still does not fit
(a column made narrow by hand), :class:`DateDelegate` drops the offset first, then the time, so that
a cell shows ``2024-03-25 00:00`` or ``2024-03-25`` rather than ``2024-03-25 0...``; the tooltip
keeps the whole text.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QTableView
from typing_extensions import override

PADDING = 16
"""Pixels beside the text: the cell's margins, as the other columns are sized."""
MEASURED_ROWS = 2000
"""At most this many rows are measured (the first ones: the timeline's pages are read from the top)."""


def shortened(text: str, fits: Callable[[str], bool]) -> str:
    """``text`` if it fits; else without its offset ``(+09:00)``; else the date alone (its first 10 characters)."""
    if fits(text):
        return text
    if text.endswith(")") and " (" in text:
        without = text[: text.rindex(" (")]
        if fits(without):
            return without
        text = without
    return text[:10] if len(text) > 10 and text[4:5] == "-" else text


class DateDelegate(QStyledItemDelegate):
    """Draws a date cell that is too narrow without its offset, or as its date, instead of cutting it."""

    @override
    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        super().initStyleOption(option, index)
        text = option.text
        if not text:
            return
        metrics = QFontMetrics(option.font)
        widget = option.widget
        style = widget.style() if widget is not None else None
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, widget) + 1 if style else 4
        room = option.rect.width() - 2 * margin
        option.text = shortened(text, lambda t: metrics.horizontalAdvance(t) <= room)


class DateColumn(QObject):
    """Keeps ``column`` of ``table`` as wide as its widest date (never narrower than ``base``) while the person
    has not resized it; ``then`` runs after a change of width (the timeline's ColumnFitter)."""

    def __init__(self, table: QTableView, column: int, base: int, then: Callable[[], None] | None = None) -> None:
        super().__init__(table)
        self.table = table
        self.column = column
        self.base = base
        self.then = then
        self.auto_width = base
        """The width set here last: a different width was set by the person, and is kept."""
        table.setItemDelegateForColumn(column, DateDelegate(table))
        table.setColumnWidth(column, base)
        model = table.model()
        model.modelReset.connect(self.fit)
        model.rowsInserted.connect(lambda *_args: self.fit())

    def needed(self) -> int:
        """The width the dates of the rows read so far take (at least ``base``)."""
        model = self.table.model()
        metrics = self.table.fontMetrics()
        widest = self.base
        for row in range(min(model.rowCount(), MEASURED_ROWS)):
            text = model.data(model.index(row, self.column), Qt.ItemDataRole.DisplayRole)
            if text:
                widest = max(widest, metrics.horizontalAdvance(str(text)) + PADDING)
        return widest

    def fit(self) -> None:
        """Widen (or narrow back) the column to :meth:`needed`, unless the person set its width."""
        if self.table.columnWidth(self.column) != self.auto_width:
            return  # dragged by hand: the delegate shortens what does not fit
        width = self.needed()
        if width == self.auto_width:
            return
        self.auto_width = width
        self.table.setColumnWidth(self.column, width)
        if self.then is not None:
            self.then()


__all__ = ["DateColumn", "DateDelegate", "shortened"]

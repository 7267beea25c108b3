"""Keeps the timeline's title column readable in a narrow window: the least needed columns give way first.

From 1024x700 up the title column keeps at least :data:`MIN_TITLE` pixels: when the table is too
narrow for every column, the area column goes first (the sidebar shows it too), then the source,
then the kind; they come back when the table is wide enough again.  The date, title and value stay.
When the window becomes narrow, the splitter is shared once so that the table has most of the room.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QSplitter, QTableView
from typing_extensions import override

MIN_TITLE = 200
"""Pixels the title column keeps before another column gives way."""
NARROW = 1000
"""Below this splitter width (a window under about 1200 px) the table gets most of the room."""


class ColumnFitter(QObject):
    """Hides ``optional`` columns of ``table`` (first listed, first hidden) while its title would be too narrow."""

    def __init__(self, table: QTableView, title: int, optional: list[int]) -> None:
        super().__init__(table)
        self.table = table
        self.title = title
        self.optional = optional
        self.given_way: list[int] = []
        """The columns hidden for room (so that only these come back: others are hidden by the window)."""
        self.splitter: QSplitter | None = None
        self.narrow = False
        table.viewport().installEventFilter(self)

    def watch_splitter(self, splitter: QSplitter) -> None:
        """Share ``splitter`` (tree, table, detail) for the table when it gets narrow (once per narrowing)."""
        self.splitter = splitter
        splitter.installEventFilter(self)

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            if watched is self.splitter:
                self.share_splitter()
            else:
                self.fit()
        return False

    def share_splitter(self) -> None:
        """On becoming narrow, give the table two thirds of what the tree leaves; the person's drags stay."""
        splitter = self.splitter
        if splitter is None or splitter.count() != 3:
            return
        width = splitter.width()
        if width >= NARROW:
            self.narrow = False
            return
        if self.narrow:
            return  # shared once: a pane the person drags afterwards stays where it is put
        self.narrow = True
        tree = min(splitter.sizes()[0], max(140, width // 6))
        rest = width - tree - 2 * splitter.handleWidth()
        splitter.setSizes([tree, rest * 2 // 3, rest - rest * 2 // 3])

    def fit(self) -> None:
        """Hide or show the optional columns for the table's present width."""
        table = self.table
        available = table.viewport().width()
        # columns the window itself hides (the person column outside a search over everyone) stay as they are
        for col in list(self.given_way):
            table.setColumnHidden(col, False)
        self.given_way = []
        model = table.model()
        if model is None:
            return
        others = [c for c in range(model.columnCount()) if c != self.title and not table.isColumnHidden(c)]

        def used() -> int:
            return sum(table.columnWidth(c) for c in others)

        for col in self.optional:
            if available - used() >= MIN_TITLE:
                break
            if col in others:
                table.setColumnHidden(col, True)
                others.remove(col)
                self.given_way.append(col)

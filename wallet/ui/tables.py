"""One way to make the read-only lists of rows the views show (insights, goals, trials).

:func:`list_table` gives a :class:`QTableWidget` that reads like a list: whole rows are chosen,
nothing is edited, Tab leaves the table instead of walking its cells, no row numbers, one line per
row, columns as wide as their contents except the one that takes the rest.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget


def list_table(name: str, headers: Sequence[str], stretch: int = 0) -> QTableWidget:
    """A read-only table of ``headers`` called ``name`` (for screen readers); column ``stretch`` takes the rest."""
    table = QTableWidget(0, len(headers))
    table.setAccessibleName(name)
    table.setHorizontalHeaderLabels(list(headers))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setTabKeyNavigation(False)
    table.verticalHeader().setVisible(False)
    table.setWordWrap(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table

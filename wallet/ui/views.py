"""Opening a view window (health, transactions, energy, documents) over the main window: one way for all.

A view is a non-modal window of its own.  Asked for again while it is open, the same
window comes forward (refreshed) instead of a second one; closing it deletes it; locking
the vault closes it, so nothing of the vault stays on screen.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from wallet.ui.main_window import MainWindow

W = TypeVar("W", bound=QWidget)


def open_view(
    main_window: MainWindow,
    existing: W | None,
    make: Callable[[], W],
    *,
    reuse: Callable[[W], bool] | None = None,
    refresh: Callable[[W], None] | None = None,
) -> W:
    """``existing`` brought forward if it is still open (and ``reuse(existing)``), else a new one from ``make``.

    ``refresh`` runs on a view that is brought forward (it may show stale data).  The caller
    keeps the returned view on the main window (``main_window.finance_view = ...``).
    """
    # a closed view is not reused even before Qt has deleted it (deleteLater)
    alive = existing is not None and shiboken6.isValid(existing) and existing.isVisible()
    if existing is not None and alive and (reuse is None or reuse(existing)):
        if refresh is not None:
            refresh(existing)
        existing.show()
        existing.raise_()
        existing.activateWindow()
        return existing
    view = make()
    view.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    main_window.locked.connect(view.close)  # Lock now / auto-lock: what the window showed goes too
    view.show()
    return view


__all__ = ["open_view"]

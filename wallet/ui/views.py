"""Showing a view (health, money, energy, documents, sharing, Medical ID) in the main window: one way for all.

:func:`embed_view` makes a view the page of its section in the main window's sidebar of
sections: built when the section is first chosen, shown again (refreshed) afterwards, dropped on
lock.  :func:`open_view` opens a tool (a plug-in's editor) as a non-modal window of its own:
asked for again while it is open, the same window comes forward (refreshed) instead of a second
one; closing it deletes it; locking the vault closes it, so nothing of the vault stays on screen.
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


def embed_view(
    main_window: MainWindow,
    section: str,
    existing: W | None,
    make: Callable[[], W],
    *,
    reuse: Callable[[W], bool] | None = None,
    refresh: Callable[[W], None] | None = None,
) -> W:
    """Show a view as the page of ``section`` in the main window (its sidebar of sections).

    ``existing`` (the page the section already has) is shown again, ``refresh`` run on it, if it
    is still a page and ``reuse(existing)`` holds; otherwise it is dropped and ``make`` builds the
    section's page, once.  The caller keeps the returned view on the main window
    (``main_window.health_view = ...``).  Locking the vault drops every page (MainWindow.lock).
    """
    alive = existing is not None and shiboken6.isValid(existing) and main_window.is_page(existing)
    if existing is not None and alive and (reuse is None or reuse(existing)):
        if refresh is not None:
            refresh(existing)
        main_window.show_page(section, existing)
        return existing
    if existing is not None and alive:
        main_window.drop_page(existing)
    view = make()
    view.setWindowFlags(Qt.WindowType.Widget)  # a page, not a window of its own
    main_window.show_page(section, view)
    return view


__all__ = ["embed_view", "open_view"]

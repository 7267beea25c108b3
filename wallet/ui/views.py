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
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QWidget
from typing_extensions import override

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
    make_page(view)
    main_window.show_page(section, view)
    return view


PAGE_PROPERTY = "walletPage"
"""The Qt property :func:`make_page` sets on a view shown as a page of the main window."""


class _PageKeys(QObject):
    """Esc on a page does not end it as it ended the dialog it was: the page's ``page_escape`` runs (if any)."""

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Escape
            and not event.modifiers()
        ):
            escape = getattr(watched, "page_escape", None)
            if callable(escape):
                escape()
            return True  # not QDialog's reject(): the page stays
        return False


def make_page(view: QWidget) -> None:
    """Make ``view`` (built as a dialog) behave as a page: its ``as_page()`` runs (it hides its Close
    button), and Esc no longer closes it (a search it has may clear itself: ``page_escape()``)."""
    view.setProperty(PAGE_PROPERTY, True)
    as_page = getattr(view, "as_page", None)
    if callable(as_page):
        as_page()
    if isinstance(view, QDialog):
        view.installEventFilter(_PageKeys(view))


def is_embedded(view: QWidget) -> bool:
    """Whether ``view`` is shown as a page of the main window (not as a dialog of its own)."""
    return bool(view.property(PAGE_PROPERTY))


__all__ = ["PAGE_PROPERTY", "embed_view", "is_embedded", "make_page", "open_view"]

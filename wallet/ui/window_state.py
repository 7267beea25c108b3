"""The main window's size, position and pane widths, remembered between sessions with QSettings.

Only Qt's own geometry and splitter blobs are kept: no path, name or anything from a vault.
A blob that does not fit any more (another screen, a changed layout) is ignored by Qt.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray

from wallet.ui.i18n import settings

if TYPE_CHECKING:
    from wallet.ui.main_window import MainWindow

GEOMETRY_KEY = "window/geometry"
SPLITTER_KEY = "window/splitter"


def _blob(value: object) -> QByteArray | None:
    return value if isinstance(value, QByteArray) and not value.isEmpty() else None


def restore(window: MainWindow) -> None:
    """Give ``window`` the size and pane widths it had when last closed (if any were saved)."""
    s = settings()
    geometry = _blob(s.value(GEOMETRY_KEY))
    if geometry is not None:
        window.restoreGeometry(geometry)
    splitter = _blob(s.value(SPLITTER_KEY))
    if splitter is not None:
        window.splitter.restoreState(splitter)


def save(window: MainWindow) -> None:
    """Remember ``window``'s size, position and pane widths for the next session."""
    s = settings()
    s.setValue(GEOMETRY_KEY, window.saveGeometry())
    s.setValue(SPLITTER_KEY, window.splitter.saveState())
    s.sync()

"""Helpers for the desktop-app tests (pytest-qt, offscreen).

Import after ``pytest.importorskip("PySide6.QtWidgets")``: this module imports Qt.
The settings and garbage-collection set-up is the ``gui_env`` fixture in conftest.py.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from wallet.store.keys import KdfParams
from wallet.store.vault import Vault
from wallet.ui.main_window import MainWindow


def open_window(qtbot: Any, vault_dir: Path, vault: Vault | None = None, **kw: Any) -> MainWindow:
    """The main window on ``vault`` (floor KDF for anything it creates), shown and closed with the test."""
    window = MainWindow(vault_dir, vault=vault, kdf=KdfParams.floor(), **kw)
    qtbot.addWidget(window)
    window.show()
    return window

"""Recent vaults: the folders of the vaults opened on this computer, newest first, kept with QSettings.

Only folder paths are kept (never a passphrase, a key or anything from inside a vault), in a
settings file of their own (``recent-vaults.ini`` beside the app's settings), so the app's
settings stay free of paths; a folder that no longer holds a vault is left out when the list is read.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from wallet.store.vault import Vault
from wallet.ui.i18n import SETTINGS_ORG

KEY = "recent_vaults"
LIMIT = 8


def settings() -> QSettings:
    """The recent-vaults file (beside the app's settings, and moved with them in tests)."""
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, SETTINGS_ORG, "recent-vaults")


def _stored() -> list[str]:
    value = settings().value(KEY, [])
    if isinstance(value, str):  # QSettings gives a lone string for a one-item list
        return [value] if value else []
    if isinstance(value, list):
        return [str(v) for v in value if v]
    return []


def recent_vaults() -> list[Path]:
    """The folders of recently opened vaults that still hold a vault, newest first."""
    paths: list[Path] = []
    for text in _stored():
        path = Path(text)
        if path not in paths and Vault.exists(path):
            paths.append(path)
    return paths


def add_recent_vault(vault_dir: Path) -> None:
    """Put ``vault_dir`` first in the list of recent vaults (at most :data:`LIMIT` are kept)."""
    first = str(vault_dir.resolve())
    rest = [p for p in _stored() if p != first]
    s = settings()
    s.setValue(KEY, [first, *rest][:LIMIT])
    s.sync()

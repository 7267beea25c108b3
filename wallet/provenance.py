"""What this copy of the program is built from: its version and those of the libraries it runs on.

``mydata-wallet --version`` and the app's About box show the same lines (SQLCipher, Qt, Python), so a
report about a packaged build names what was inside it.  Nothing here imports Qt: the desktop app
passes the Qt version it runs (``qVersion()``); without it the version of the installed PySide6 is
read from its package metadata (PySide6's wheels bundle the Qt of their own version).
"""

from __future__ import annotations

import platform
import sys
from dataclasses import dataclass
from functools import cache
from importlib.metadata import PackageNotFoundError, version

from wallet import __version__

_QT_DISTRIBUTIONS = ("PySide6-Essentials", "PySide6")


@dataclass(frozen=True)
class BuildVersions:
    """The versions one build runs on; ``None`` where a library is not installed."""

    app: str
    sqlcipher: str | None
    sqlite: str | None
    qt: str | None
    pyside: str | None
    python: str
    frozen: bool

    def lines(self) -> list[str]:
        """One line each: the program first, then SQLCipher, Qt and Python."""
        kind = " (packaged build)" if self.frozen else ""
        sqlcipher = (
            f"SQLCipher {self.sqlcipher} (SQLite {self.sqlite})" if self.sqlcipher else "SQLCipher: not available"
        )
        if self.qt:
            qt = f"Qt {self.qt}" + (f" (PySide6 {self.pyside})" if self.pyside else "")
        else:
            qt = "Qt: not installed (the desktop app is not available)"
        return [f"mydata-wallet {self.app}{kind}", sqlcipher, qt, f"Python {self.python}"]


@cache
def _sqlcipher() -> tuple[str | None, str | None]:
    """SQLCipher's version as the library says it (``PRAGMA cipher_version``) and its SQLite's."""
    try:
        import sqlcipher3
    except ImportError:
        return None, None
    connection = sqlcipher3.connect(":memory:")
    try:
        row = connection.execute("PRAGMA cipher_version").fetchone()
    finally:
        connection.close()
    return (str(row[0]) if row and row[0] else None), sqlcipher3.sqlite_version


def _pyside() -> str | None:
    """The installed PySide6's version, from its metadata (Qt itself is not loaded)."""
    for name in _QT_DISTRIBUTIONS:
        try:
            return version(name)
        except PackageNotFoundError:
            continue
    return None


def build_versions(qt_runtime: str | None = None) -> BuildVersions:
    """This build's versions; ``qt_runtime``: the Qt version the running app reports (``qVersion()``)."""
    sqlcipher, sqlite = _sqlcipher()
    pyside = _pyside()
    # PySide6 x.y.z (or a hot-fix x.y.z.n) ships with Qt x.y.z: the first three parts name the bundled Qt
    qt = qt_runtime or (".".join(pyside.split(".")[:3]) if pyside else None)
    return BuildVersions(
        app=__version__,
        sqlcipher=sqlcipher,
        sqlite=sqlite,
        qt=qt,
        pyside=pyside,
        python=f"{platform.python_version()} ({platform.python_implementation()})",
        frozen=bool(getattr(sys, "frozen", False)),
    )

"""The app's door for plug-ins: each connector's optional Qt part.

A connector package may bring a ``qt.py`` beside its core (as an Electrum plugin
does): a subclass of :class:`QtPart`, registered in the entry-point group
``mydata_wallet.qt`` under the connector's id (see :mod:`wallet.imports.connector`)::

    [project.entry-points."mydata_wallet.qt"]
    bank_csv = "connectors.bank_csv.qt:BankCsvQt"

The main window makes one of each when it is built (:func:`load_parts`) and reaches
the plug-in only through these methods: its entries in the Tools menu, its answer
to an import of its own that stopped on a question, and its offers for a file that
no connector recognised.  A part that fails to load is logged and left out.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import entry_points
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from wallet.ui.main_window import MainWindow

GROUP = "mydata_wallet.qt"
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Action:
    """A menu entry or a button a plug-in offers: its (translated) text and what it does."""

    text: str
    run: Callable[[], object]
    accessible_name: str = ""


@dataclass(frozen=True)
class Retry:
    """Import the same file again with these connector options."""

    options: dict[str, Any]


@dataclass(frozen=True)
class GiveUp:
    """The file is not imported; tell the person this (translated) message."""

    message: str


class QtPart:
    """A connector's part in the app.  Subclass it in the plug-in's ``qt.py``; every method is optional."""

    connector_id = ""
    """Set by :func:`load_parts` from the entry-point name (the connector's id)."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window

    def tools(self) -> list[Action]:
        """Entries for the Tools menu (shown while a vault is open)."""
        return []

    def answer_import_error(self, error: BaseException, path: Path, options: dict[str, Any]) -> Retry | GiveUp | None:
        """An import by this connector stopped with ``error``: ask the person, if the error is a question.

        ``options`` are the connector options the import ran with.  Return :class:`Retry`
        to import again, :class:`GiveUp` to end with a message of the part's own, or None
        when the app should report the error as it is.
        """
        return None

    def unrecognised(self, path: Path) -> list[Action]:
        """What the part offers for a file that no connector recognised (buttons of the failure message)."""
        return []


@lru_cache(maxsize=1)
def part_classes() -> dict[str, type[QtPart]]:
    """Every loadable Qt part, by connector id."""
    found: dict[str, type[QtPart]] = {}
    for ep in sorted(entry_points(group=GROUP), key=lambda e: e.name):
        try:
            cls = ep.load()
            if not (isinstance(cls, type) and issubclass(cls, QtPart)):
                raise TypeError("not a subclass of wallet.ui.plugins.QtPart")
        except Exception as exc:  # a broken plug-in must not break the app
            log.warning("the app part of %s could not be loaded: %s", ep.name, exc)
            continue
        found.setdefault(ep.name, cls)
    return found


def load_parts(window: MainWindow) -> dict[str, QtPart]:
    """One part of each plug-in for ``window``, by connector id."""
    parts: dict[str, QtPart] = {}
    for cid, cls in part_classes().items():
        try:
            part = cls(window)
        except Exception as exc:  # a broken plug-in must not break the app
            log.warning("the app part of %s could not be started: %s", cid, exc)
            continue
        part.connector_id = cid
        parts[cid] = part
    return parts

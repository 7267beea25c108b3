"""Find connectors through the ``mydata_wallet.connectors`` entry-point group.

First-party connectors are registered in this project's ``pyproject.toml``
exactly as a third-party package registers its own, so there is one path.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import entry_points
from typing import Any

from wallet.errors import AmbiguousConnector, SeeList, UnsupportedInput
from wallet.imports.connector import Cache, Connector, Source

GROUP = "mydata_wallet.connectors"
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BrokenConnector:
    """A registered connector that failed to load; listed so the user can see it."""

    name: str
    target: str
    error: str


@lru_cache(maxsize=1)
def _load() -> tuple[dict[str, type[Connector]], tuple[BrokenConnector, ...]]:
    found: dict[str, type[Connector]] = {}
    broken: list[BrokenConnector] = []
    for ep in sorted(entry_points(group=GROUP), key=lambda e: e.name):
        try:
            cls = ep.load()
            if not (isinstance(cls, type) and issubclass(cls, Connector)):
                raise TypeError("not a subclass of wallet.imports.connector.Connector")
            if cls.id != ep.name:
                raise TypeError(f"entry point name {ep.name!r} differs from the connector id {cls.id!r}")
        except Exception as exc:  # a broken plug-in must not break the wallet
            log.warning("connector %s could not be loaded: %s", ep.name, exc)
            broken.append(BrokenConnector(ep.name, ep.value, f"{type(exc).__name__}: {exc}"))
            continue
        found.setdefault(ep.name, cls)
    return found, tuple(broken)


def reload() -> None:
    """Forget what was found (after installing a package at run time)."""
    _load.cache_clear()
    _load_one.cache_clear()


def connectors() -> dict[str, type[Connector]]:
    """Every loadable connector class, by id."""
    return dict(_load()[0])


def broken() -> tuple[BrokenConnector, ...]:
    """The registered connectors that failed to load, with the error (listed so the user can see them)."""
    return _load()[1]


def get(connector_id: str) -> Connector:
    """A new instance of the connector with this id; UnsupportedInput when none is installed.

    Only that connector's entry point is loaded when the others were not loaded yet (an import with
    ``--connector``, a connector delegating to another: a second or less of start-up saved).
    """
    cls = _load_one(connector_id) if _load.cache_info().currsize == 0 else connectors().get(connector_id)
    if cls is None:
        raise UnsupportedInput(f"no connector named {connector_id!r}", hint=SeeList("connectors"))
    return cls()


@lru_cache(maxsize=64)
def _load_one(connector_id: str) -> type[Connector] | None:
    """The class of one connector by its entry point, loaded alone (None when missing or broken)."""
    for ep in entry_points(group=GROUP, name=connector_id):
        try:
            cls = ep.load()
        except Exception as exc:  # a broken plug-in must not break the wallet
            log.warning("connector %s could not be loaded: %s", ep.name, exc)
            return None
        if isinstance(cls, type) and issubclass(cls, Connector) and cls.id == connector_id:
            return cls
        return None
    return None


def detect(source: Source, saved: Cache | None = None) -> dict[str, dict[str, Any]]:
    """The connectors that recognise ``source``, by id, each with the options it found.

    The one detection of the command line and the app: each connector's
    :meth:`~wallet.imports.connector.Connector.detect`, given the vault's saved
    settings (``saved``; a bank CSV that only a person's own profile describes).
    A connector that recognises the content beats one that takes any file of its
    type (:attr:`~wallet.imports.connector.Connector.generic`): a bank statement PDF
    is the bank connector's, not also the documents connector's.
    """
    found: dict[str, dict[str, Any]] = {}
    generic: set[str] = set()
    for cid, cls in connectors().items():
        try:
            options = cls().detect(source, saved)
        except Exception as exc:  # detect must not raise; treat as "not mine"
            log.warning("connector %s failed to identify %s: %s", cid, source.name, exc)
            continue
        if options is not None:
            found[cid] = dict(options)
            if getattr(cls, "generic", False) is True:
                generic.add(cid)
    if generic and len(generic) < len(found):
        return {cid: options for cid, options in found.items() if cid not in generic}
    return found


def candidates(source: Source, saved: Cache | None = None) -> list[str]:
    """Ids of the connectors that recognise ``source`` (see :func:`detect`)."""
    return list(detect(source, saved))


def resolve(
    source: Source, connector_id: str | None = None, saved: Cache | None = None
) -> tuple[Connector, dict[str, Any]]:
    """The connector for ``source`` (the named one, or the only one that recognises it) and its options."""
    if connector_id:
        return get(connector_id), {}
    found = detect(source, saved)
    if not found:
        raise UnsupportedInput(f"{source.name}: no connector recognises this file", hint=SeeList("connectors"))
    if len(found) > 1:
        raise AmbiguousConnector(source.name, list(found))
    [(cid, options)] = found.items()
    return get(cid), options


def choose(source: Source, connector_id: str | None = None, saved: Cache | None = None) -> Connector:
    """The connector for ``source``: the named one, or the only one that recognises it."""
    return resolve(source, connector_id, saved)[0]

"""Find connectors through the ``mydata_wallet.connectors`` entry-point group.

First-party connectors are registered in this project's ``pyproject.toml``
exactly as a third-party package registers its own, so there is one path.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import entry_points

from wallet.errors import AmbiguousConnector, UnsupportedInput
from wallet.imports.connector import Connector, Source

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


def connectors() -> dict[str, type[Connector]]:
    """Every loadable connector class, by id."""
    return dict(_load()[0])


def broken() -> tuple[BrokenConnector, ...]:
    return _load()[1]


def get(connector_id: str) -> Connector:
    classes = connectors()
    if connector_id not in classes:
        raise UnsupportedInput(f"no connector named {connector_id!r} (see: mydata-wallet connectors)")
    return classes[connector_id]()


def candidates(source: Source) -> list[str]:
    """Ids of the connectors whose ``identify`` accepts ``source``."""
    found = []
    for cid, cls in connectors().items():
        try:
            if cls().identify(source):
                found.append(cid)
        except Exception as exc:  # identify must not raise; treat as "not mine"
            log.warning("connector %s failed to identify %s: %s", cid, source.name, exc)
    return found


def choose(source: Source, connector_id: str | None = None) -> Connector:
    """The connector for ``source``: the named one, or the only one that identifies it."""
    if connector_id:
        return get(connector_id)
    found = candidates(source)
    if not found:
        raise UnsupportedInput(f"{source.name}: no connector recognises this file (see: mydata-wallet connectors)")
    if len(found) > 1:
        raise AmbiguousConnector(source.name, found)
    return get(found[0])

"""The connector contract: how data from one kind of source enters the wallet.

A connector is a small class in the spirit of beangulp's ``Importer``:

* class attributes describe it (:attr:`Connector.id`, :attr:`~Connector.name`,
  :attr:`~Connector.domains`, :attr:`~Connector.accepts`);
* :meth:`Connector.identify` cheaply says whether a source is its kind;
  :meth:`Connector.detect` (by default: ``identify``) may also consult what the
  person saved in the vault, and is the one detection the command line and the
  app share (:func:`wallet.imports.registry.detect`);
* :meth:`Connector.read` streams :class:`~wallet.model.Record` objects;
* an optional pydantic ``Settings`` model holds its options, and secrets go to
  the OS keyring through :meth:`ImportContext.credential`.

Connectors are discovered through the entry-point group
``mydata_wallet.connectors``; the first-party ones in ``connectors/`` register
exactly as a third-party package would::

    [project.entry-points."mydata_wallet.connectors"]
    my_bank = "my_package.module:MyBankConnector"

A connector is a plug-in in the shape of an Electrum plugin: a package whose core
(the connector, no Qt) may have two optional *parts* beside it, each registered
under the connector's id in its own entry-point group, so that the command line
and the app reach a plug-in only through these public doors:

* ``mydata_wallet.cli``: a function ``register(group: click.Group) -> None`` that
  adds the plug-in's commands to ``mydata-wallet`` (``my_package/cli.py``; it may
  use :mod:`wallet.cli`);
* ``mydata_wallet.qt``: a subclass of :class:`wallet.ui.plugins.QtPart` that gives
  the app the plug-in's menu entries and dialogs (``my_package/qt.py``, the only
  module of a plug-in that imports Qt; it may use :mod:`wallet.ui`)::

    [project.entry-points."mydata_wallet.cli"]
    my_bank = "my_package.cli:register"

    [project.entry-points."mydata_wallet.qt"]
    my_bank = "my_package.qt:MyBankQt"

A part is loaded only when its front end starts, and a part that fails to load
is logged and left out; the connector still imports.

A connector must raise :class:`~wallet.errors.ConnectorError` (or a subclass)
for input it cannot read, with a message that names the problem; any other
exception is a bug in the connector, and the pipeline reports it as such.
"""

from __future__ import annotations

import hashlib
import os
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, ClassVar, Protocol

from pydantic import BaseModel

from wallet.errors import ConnectorError
from wallet.model import Domain, Record, SkippedItem
from wallet.samples import Samples

HEAD_BYTES = 64 * 1024


class Source:
    """One input to import: a file on disk, or text given directly (a ``shc:/`` QR).

    ``head`` holds the first bytes for cheap identification; ``open`` gives a
    fresh binary stream each time it is called.
    """

    def __init__(
        self, path: str | os.PathLike[str] | None = None, *, data: bytes | None = None, name: str | None = None
    ) -> None:
        if (path is None) == (data is None):
            raise ValueError("give exactly one of path or data")
        self.path = Path(path) if path is not None else None
        self._data = data
        # a file name that is not valid UTF-8 comes as lone surrogates (os.fsdecode); it is kept readable (U+FFFD)
        # so that it can be stored and shown; the file itself is still opened by its real path
        raw_name = name or (self.path.name if self.path else "input")
        try:
            self.name = raw_name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        except UnicodeEncodeError:  # a lone surrogate that no file system gave (from a JSON escape, say)
            self.name = raw_name.encode("utf-8", "replace").decode("utf-8")
        self._head: bytes | None = None
        self._sha256: str | None = None

    @property
    def suffix(self) -> str:
        """Lower-case file extension including the dot, or '' for data."""
        return self.path.suffix.lower() if self.path else Path(self.name).suffix.lower()

    @property
    def size(self) -> int:
        """The size in bytes, from the file system for a file (nothing is read)."""
        if self._data is not None:
            return len(self._data)
        assert self.path is not None
        return self.path.stat().st_size

    def open(self) -> IO[bytes]:
        """A fresh binary stream from the start; a file that is not a regular file is refused before reading."""
        if self._data is not None:
            import io

            return io.BytesIO(self._data)
        assert self.path is not None
        from wallet.imports.inputs import open_input

        # regular files only: a FIFO or device handed in is refused before it is read (issue 14)
        return open_input(self.path, self.name)

    @property
    def head(self) -> bytes:
        """The first bytes, read once, for connectors to recognise the format."""
        if self._head is None:
            with self.open() as fh:
                self._head = fh.read(HEAD_BYTES)
        return self._head

    def head_text(self) -> str:
        """The head decoded leniently (BOM stripped), for sniffing only."""
        return self.head.decode("utf-8-sig", errors="replace")

    def read_bytes(self, limit: int | None = None) -> bytes:
        """Whole content; with ``limit``, refuse content larger than that (a file by its size, before reading)."""
        if limit is not None and self.path is not None:
            from wallet.imports.inputs import stat_input

            if stat_input(self.path, self.name).st_size > limit:
                raise ConnectorError(f"{self.name}: larger than the {limit // (1024 * 1024)} MB this connector accepts")
        with self.open() as fh:
            data = fh.read() if limit is None else fh.read(limit + 1)
        if limit is not None and len(data) > limit:
            raise ConnectorError(f"{self.name}: larger than the {limit // (1024 * 1024)} MB this connector accepts")
        return data

    @property
    def sha256(self) -> str:
        """The SHA-256 of the whole content, hex; computed once, reading in chunks."""
        if self._sha256 is None:
            h = hashlib.sha256()
            with self.open() as fh:
                for chunk in iter(lambda: fh.read(1 << 20), b""):
                    h.update(chunk)
            self._sha256 = h.hexdigest()
        return self._sha256

    def __repr__(self) -> str:
        return f"Source({self.name!r})"


ProgressFn = Callable[[int, int | None], None]


class Cache(Protocol):
    """The vault's encrypted key/value store as a connector sees it (values are JSON)."""

    def cache_get(self, key: str) -> Any | None:
        """The value stored under ``key``, or None when there is none."""

    def cache_set(self, key: str, value: Any) -> None:
        """Store ``value`` (JSON-serialisable) under ``key``, replacing what was there."""

    def cache_keys(self, prefix: str) -> list[str]:
        """The keys that start with ``prefix``."""

    def cache_delete(self, key: str) -> None:
        """Remove ``key``; nothing happens when it is absent."""


@dataclass
class ImportContext:
    """What a connector may use while reading.

    ``progress(done, total)`` reports units the connector chooses (bytes read is
    best for large files); ``is_cancelled()`` may be polled in long loops, though
    the pipeline also stops between records.  ``options`` carries per-import
    choices (a CSV profile name, a JWKS file ...); ``cache`` is the vault's
    key/value store for things like cached issuer keys (may be ``None``).
    """

    progress: ProgressFn = lambda done, total: None
    is_cancelled: Callable[[], bool] = lambda: False
    options: dict[str, Any] = field(default_factory=dict)
    cache: Cache | None = None
    delegate: Callable[[str, Source], Iterator[Record | Samples | SkippedItem]] | None = None
    """Read a nested source with another connector by id (e.g. the FHIR files
    inside an Apple Health export)."""

    def credential(self, connector_id: str, name: str) -> str | None:
        """A secret for a connector, from the OS keyring (None when absent)."""
        from wallet.store import keystore

        return keystore.get_secret(f"connector:{connector_id}", name)


class Connector(ABC):
    """Abstract base of every connector.  Subclass it and register an entry point."""

    id: ClassVar[str]
    """Stable identifier, also the entry-point name (``fhir``, ``ofx`` ...)."""
    name: ClassVar[str]
    """Human name shown to the user."""
    version: ClassVar[str] = "1"
    domains: ClassVar[tuple[Domain, ...]]
    accepts: ClassVar[str]
    """What it reads, in words, e.g. ``"FHIR R4 JSON: Bundle, resource or NDJSON"``."""
    extensions: ClassVar[tuple[str, ...]] = ()
    """File extensions it usually reads, for file dialogs."""
    Settings: ClassVar[type[BaseModel] | None] = None
    max_size: ClassVar[int | None] = None
    """The largest file it reads, in bytes (None: any size, streamed).  The pipeline refuses a
    larger file by its size before hashing or reading it."""
    generic: ClassVar[bool] = False
    """True for a connector that takes any file of a type without recognising its content (the
    documents connector keeps every PDF): when a connector that recognises the content also
    claims the file, detection gives it to that one (:func:`wallet.imports.registry.detect`)."""

    def __init__(self, settings: BaseModel | None = None) -> None:
        self.settings = settings

    @abstractmethod
    def identify(self, source: Source) -> bool:
        """Say, cheaply, whether ``source`` is this connector's kind of input.

        Look at ``source.suffix`` and ``source.head`` only; never read the
        whole file and never raise for input that is simply not ours.
        """

    def detect(self, source: Source, saved: Cache | None = None) -> dict[str, Any] | None:
        """Whether ``source`` is this connector's kind, knowing what the person saved; and how to read it.

        The detection both front ends use (:func:`wallet.imports.registry.detect`): a file the
        app recognises, ``mydata-wallet import`` recognises too.  ``saved`` is the vault's
        key/value store (None without a vault), where a connector keeps what the person taught
        it (the bank CSV connector's own profiles).  Returns None when the source is not ours,
        else the options to give :meth:`read` (usually ``{}``; options the person gives win).

        The default asks :meth:`identify`.  The same rules hold: cheap, and never raise.
        """
        return {} if self.identify(source) else None

    @abstractmethod
    def read(self, source: Source, context: ImportContext) -> Iterator[Record | Samples | SkippedItem]:
        """Yield the records in ``source``, streaming where the format allows.

        Dense measurement streams (heart rate every few seconds, steps every few minutes) may be
        yielded as :class:`~wallet.samples.Samples`: many samples of one series each, stored in
        the series store rather than as one record per sample.

        Yield a :class:`~wallet.model.SkippedItem` (where, reason) for one item
        that cannot be read but does not spoil the rest; the import report lists it.

        Raise :class:`~wallet.errors.ConnectorError` naming the problem when the
        input cannot be read.  Reading the same source twice must yield records
        with the same content hashes.
        """

    def provenance(self, source: Source, original_id: str | None = None, **extra: Any) -> dict[str, Any]:
        """Keyword arguments for a :class:`~wallet.model.Provenance` of ``source``."""
        return {
            "connector_id": self.id,
            "connector_version": self.version,
            "source_name": source.name,
            "source_sha256": source.sha256,
            "original_id": original_id,
            **extra,
        }

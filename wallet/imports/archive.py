"""Zip archives a connector reads (Apple Health's export.zip, Samsung Health's download, Spotify's data), checked
before anything is inflated.

:class:`CheckedZip` opens the archive of a :class:`~wallet.imports.connector.Source` and refuses it, with
one readable :class:`~wallet.errors.ConnectorError`, when it cannot be read (truncated or damaged), when
an entry's name would leave the archive's folder (``../x``, ``/etc/x``, ``C:x``), when an entry is
encrypted, when one entry expands more than :data:`MAX_RATIO` times its compressed size (a zip bomb),
or when the whole archive would expand beyond the connector's limit.  Entries are then inflated only
as they are read.
"""

from __future__ import annotations

import hashlib
import os
import posixpath
import zipfile
import zlib
from pathlib import Path
from typing import IO

from wallet import limits
from wallet.errors import ConnectorError
from wallet.imports.connector import Source
from wallet.imports.inputs import open_input

MAX_RATIO = 200
"""An entry of more than a megabyte that expands more than this many times its compressed size is refused."""


def safe_member(name: str) -> str | None:
    """``/workout-routes/x.gpx`` -> ``workout-routes/x.gpx``: a member name inside the archive's folder, or None
    when it would leave it (``..``, an absolute path, a drive letter)."""
    ref = name.replace("\\", "/")
    if ref.startswith("/") or ".." in ref.split("/"):
        return None
    norm = posixpath.normpath(ref) if ref else ""
    if not norm or norm == "." or norm.startswith("../") or norm == ".." or ":" in norm.split("/")[0]:
        return None
    return norm


class CheckedZip:
    """An open zip archive whose entries were checked (see the module); ``infos`` are its entries, folders included."""

    def __init__(
        self, source: Source, max_total: int, *, again: str = "export the data again without a password"
    ) -> None:
        self.name = source.name
        self._fh = source.open()
        try:
            self.zf = zipfile.ZipFile(self._fh)
            self.infos = self.zf.infolist()
        except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, OSError) as exc:
            self._fh.close()
            raise ConnectorError(f"{source.name}: not a readable zip archive (truncated or damaged: {exc})") from None
        try:
            self._check(max_total, again)
        except ConnectorError:
            self.close()
            raise

    def _check(self, max_total: int, again: str) -> None:
        total = 0
        for info in self.infos:
            name = info.filename
            if safe_member(name) is None:
                raise ConnectorError(f"{self.name}: zip entry {name!r} points outside the export folder; refusing it")
            if info.flag_bits & 0x1:
                raise ConnectorError(f"{self.name}: zip entry {name!r} is encrypted; {again}")
            total += info.file_size
            if info.file_size > limits.MB and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                ratio = info.file_size // max(info.compress_size, 1)
                raise ConnectorError(
                    f"{self.name}: zip entry {name!r} expands {ratio}:1 (limit {MAX_RATIO}:1); "
                    "this looks like a zip bomb, refusing it"
                )
        if total > max_total:
            raise ConnectorError(
                f"{self.name}: the archive would expand to {total // limits.MB} MB, over the "
                f"{max_total // limits.MB} MB limit (possible zip bomb; raise max_uncompressed_bytes if genuine)"
            )

    def open(self, info: zipfile.ZipInfo | str) -> IO[bytes]:
        """A stream of one entry, inflated as it is read."""
        return self.zf.open(info)

    def entry(self, name: str) -> zipfile.ZipInfo | None:
        """The entry of that (normalised) name, or None."""
        try:
            return self.zf.getinfo(name)
        except KeyError:
            return None

    def close(self) -> None:
        """Close the archive and its file."""
        self.zf.close()
        self._fh.close()


class MemberSource(Source):
    """One entry of a :class:`CheckedZip` as a :class:`~wallet.imports.connector.Source`, for a connector that
    reads a part of an archive (a Google Takeout zip hands ``Takeout/Fit/...`` to the Google Fit connector).

    ``name`` is the entry's base name (connectors recognise files by it), ``member`` its path inside the
    archive and ``location`` the archive's name and that path, for messages and provenance.  The entry is
    inflated only as it is read; nothing is written to disk.
    """

    def __init__(self, archive: CheckedZip | FolderArchive, info: zipfile.ZipInfo) -> None:
        self.member = safe_member(info.filename) or info.filename
        super().__init__(data=b"", name=posixpath.basename(self.member) or self.member)
        self.archive = archive
        self.info = info
        self.location = f"{archive.name}/{self.member}" if isinstance(archive, CheckedZip) else self.member

    @property
    def size(self) -> int:
        """The entry's uncompressed size, from the archive's directory."""
        return self.info.file_size

    def open(self) -> IO[bytes]:
        """A fresh stream of the entry, inflated as it is read."""
        return self.archive.open(self.info)

    def read_bytes(self, limit: int | None = None) -> bytes:
        """The whole entry; with ``limit``, an entry larger than that is refused by its size first."""
        if limit is not None and self.info.file_size > limit:
            raise ConnectorError(f"{self.location}: larger than the {limit // limits.MB} MB this connector accepts")
        with self.open() as fh:
            data = fh.read() if limit is None else fh.read(limit + 1)
        if limit is not None and len(data) > limit:
            raise ConnectorError(f"{self.location}: larger than the {limit // limits.MB} MB this connector accepts")
        return data

    def sibling(self, relative: str, limit: int) -> bytes | None:
        """The entry at ``relative`` (a path from this entry's folder, ``../Profile.csv``) when it exists in the
        archive and holds at most ``limit`` bytes; None otherwise (or when it cannot be read)."""
        wanted = safe_member(posixpath.normpath(posixpath.join(posixpath.dirname(self.member), relative)))
        if wanted is None:
            return None
        info = self.archive.entry(wanted)
        if info is None or info.is_dir() or info.file_size > limit:
            return None
        try:
            with self.archive.open(info) as fh:
                return fh.read(limit + 1)[:limit]
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ConnectorError):
            return None


class FolderSource(Source):
    """An unpacked archive handed in as a folder (``Takeout/``), for a connector that reads a whole archive.

    Its entries are the regular files under it (symbolic links and special files are left out, so nothing
    outside the folder is read), named from the folder's parent (``Takeout/Fit/...``).  It has no bytes of its
    own: ``head`` is empty, so connectors of single files never claim it, and ``sha256`` is that of its
    listing (each file's name and size), not of the files' contents.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        super().__init__(data=b"", name=Path(path).name or str(path))
        self.folder = Path(path)
        self._listing: list[zipfile.ZipInfo] | None = None

    @property
    def entries(self) -> list[zipfile.ZipInfo]:
        """The regular files under the folder, as entries named from its parent, sorted; listed once."""
        if self._listing is None:
            listing = []
            base = self.folder.parent
            for path in sorted(self.folder.rglob("*")):
                try:
                    if path.is_symlink() or not path.is_file():
                        continue
                    size = path.stat().st_size
                except OSError:
                    continue
                info = zipfile.ZipInfo(path.relative_to(base).as_posix())
                info.file_size = size
                listing.append(info)
            self._listing = listing
        return self._listing

    @property
    def sha256(self) -> str:
        """The SHA-256 of the listing: each file's name and size."""
        h = hashlib.sha256()
        for info in self.entries:
            h.update(f"{info.filename}\0{info.file_size}\n".encode("utf-8", "surrogateescape"))
        return h.hexdigest()


class FolderArchive:
    """A :class:`FolderSource` read as an archive: the same ``infos``, ``open``, ``entry`` and ``close`` as
    :class:`CheckedZip`, over the files on disk (each opened as every input is: regular files only)."""

    def __init__(self, source: FolderSource) -> None:
        self.name = source.name
        self.base = source.folder.parent
        self.infos = source.entries
        self._by_name = {info.filename: info for info in self.infos}

    def open(self, info: zipfile.ZipInfo | str) -> IO[bytes]:
        """The file of that entry."""
        name = info.filename if isinstance(info, zipfile.ZipInfo) else info
        return open_input(self.base / name, name)

    def entry(self, name: str) -> zipfile.ZipInfo | None:
        """The entry of that name, or None."""
        return self._by_name.get(name)

    def close(self) -> None:
        """Nothing is held open."""

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

import posixpath
import zipfile
import zlib
from typing import IO

from wallet import limits
from wallet.errors import ConnectorError
from wallet.imports.connector import Source

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

    def close(self) -> None:
        """Close the archive and its file."""
        self.zf.close()
        self._fh.close()

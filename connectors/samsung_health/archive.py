"""Where the export's files come from: the zip of the whole download, or one CSV of the unpacked folder.

Samsung Health writes the download as a folder ``samsunghealth_<user>_<YYYYMMDDhhmmss>/`` (people zip
it to move it to a computer): ``com.samsung.*.csv`` files at its top, per-record JSON blobs under
``jsons/<data type>/<first character>/<file>`` and pictures under ``files/``.  A CSV row names its
blob in a column (``binning_data``: ``<uuid>.binning_data.json``); :meth:`Files.blob` finds it beside the
CSV, in the folder or in the zip.

A zip is checked before a byte of it is inflated: entries that leave the folder (``../``), encrypted
entries, an entry that expands more than :data:`MAX_RATIO` times, and a total over
``max_uncompressed_bytes`` are refused with one message each.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
import zlib
from pathlib import Path
from typing import IO

from wallet.errors import ConnectorError
from wallet.imports.archive import CheckedZip
from wallet.imports.connector import Source

MAX_UNCOMPRESSED = 16 * 1024**3
"""Default cap on the total uncompressed size of an export zip (option ``max_uncompressed_bytes``)."""
"""Largest compression ratio accepted for a zip entry over 1 MiB (CSV and JSON inflate about 5-20 times)."""
MAX_BLOB = 4 * 1024**2
"""Largest JSON blob read (a day of per-minute heart rate is about 100 KB)."""

CSV_NAME = re.compile(r"^com\.samsung\.[A-Za-z0-9_.]+\.csv$")
"""The export's CSV files: ``com.samsung.health.weight.20230501123456.csv``."""
BLOB_NAME = re.compile(r"^[A-Za-z0-9_.-]+\.json$")
"""A blob's file name as a CSV cell gives it (no folders)."""
_SKIP = ("__MACOSX/",)


def safe_blob_name(cell: str) -> str | None:
    """The blob file name a CSV cell gives, or None when it is not a plain ``.json`` file name."""
    cell = cell.strip()
    if not BLOB_NAME.match(cell) or cell.startswith("."):
        return None
    return cell


class Files:
    """The CSV files to read and the blobs beside them."""

    name: str

    def csv_names(self) -> list[str]:
        """The export CSVs, in a stable order."""
        raise NotImplementedError

    def open_csv(self, name: str) -> IO[bytes]:
        """A fresh binary stream of the CSV ``name``."""
        raise NotImplementedError

    def csv_size(self, name: str) -> int:
        """The uncompressed size of the CSV ``name``."""
        raise NotImplementedError

    def blob(self, data_type: str, file_name: str) -> bytes | str:
        """The blob ``file_name`` of ``data_type`` (bytes), or why it cannot be read (text)."""
        raise NotImplementedError

    def close(self) -> None:
        """Let go of what was opened."""


class FileCsv(Files):
    """One CSV on disk (a file of the unpacked folder, or one handed in alone)."""

    def __init__(self, source: Source) -> None:
        self.source = source
        self.name = source.name
        self.folder = source.path.parent if source.path is not None else None

    def csv_names(self) -> list[str]:
        """The one CSV."""
        return [self.source.name]

    def open_csv(self, name: str) -> IO[bytes]:
        """The file, checked as every input is."""
        return self.source.open()

    def csv_size(self, name: str) -> int:
        """Its size on disk."""
        return self.source.size

    def blob(self, data_type: str, file_name: str) -> bytes | str:
        """``jsons/<data type>/<first character>/<file>`` beside the CSV (or ``jsons/<data type>/<file>``)."""
        if self.folder is None:
            return "the CSV was given without its folder"
        root = self.folder / "jsons"
        for path in (root / data_type / file_name[0] / file_name, root / data_type / file_name):
            try:
                if not path.is_file() or path.is_symlink():
                    continue
                if not path.resolve().is_relative_to(self.folder.resolve()):
                    continue
                size = path.stat().st_size
                if size > MAX_BLOB:
                    return f"larger than the {MAX_BLOB // 1024**2} MB a blob may have"
                with path.open("rb") as fh:
                    data = fh.read(MAX_BLOB + 1)
            except OSError as exc:
                return f"cannot be read ({exc.strerror or exc})"
            return data if len(data) <= MAX_BLOB else f"larger than the {MAX_BLOB // 1024**2} MB a blob may have"
        return "not found beside the CSV (jsons/ folder)"


class ZipExport(Files):
    """The zipped download: its CSVs (at the top of the export folder) and its ``jsons/`` blobs."""

    def __init__(self, source: Source, max_total: int) -> None:
        self.name = source.name
        self.archive = CheckedZip(source, max_total, again="download the data again and zip it without a password")
        self.zf = self.archive.zf
        infos = self.archive.infos
        files = [i for i in infos if not i.is_dir() and not i.filename.startswith(_SKIP)]
        self.csvs = {
            i.filename: i
            for i in files
            if CSV_NAME.match(posixpath.basename(i.filename)) and "jsons/" not in i.filename.split("/", 1)[-1]
        }
        if not self.csvs:
            self.close()
            raise ConnectorError(
                f"{source.name}: no com.samsung.*.csv files inside this zip; "
                "is it Samsung Health's personal data download?"
            )
        self.blobs: dict[tuple[str, str], zipfile.ZipInfo] = {}
        for info in files:
            parts = info.filename.split("/")
            if "jsons" in parts[:-2] and parts[-1].endswith(".json"):
                data_type = parts[parts.index("jsons") + 1]
                self.blobs.setdefault((data_type, parts[-1]), info)

    def csv_names(self) -> list[str]:
        """The CSV entries, sorted by file name."""
        return sorted(self.csvs, key=lambda n: (posixpath.basename(n), n))

    def open_csv(self, name: str) -> IO[bytes]:
        """The entry, inflated as it is read."""
        try:
            return self.zf.open(self.csvs[name])
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
            raise ConnectorError(f"{self.name}: zip entry {name!r} is damaged ({exc})") from None

    def csv_size(self, name: str) -> int:
        """The entry's uncompressed size."""
        return self.csvs[name].file_size

    def blob(self, data_type: str, file_name: str) -> bytes | str:
        """The ``jsons/<data type>/.../<file>`` entry."""
        info = self.blobs.get((data_type, file_name))
        if info is None:
            return "not found in the zip's jsons/ folder"
        if info.file_size > MAX_BLOB:
            return f"larger than the {MAX_BLOB // 1024**2} MB a blob may have"
        try:
            with self.zf.open(info) as fh:
                data = fh.read(MAX_BLOB + 1)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
            return f"damaged in the zip ({exc})"
        return data if len(data) <= MAX_BLOB else f"larger than the {MAX_BLOB // 1024**2} MB a blob may have"

    def close(self) -> None:
        """Close the archive and the file."""
        self.archive.close()


def jsons_data_type(path: Path) -> str | None:
    """For a blob file in an unpacked export (``.../jsons/<data type>/<c>/<file>.json``), its data type."""
    parts = path.parts
    for i in range(len(parts) - 2, max(len(parts) - 5, -1), -1):
        if parts[i] == "jsons" and i + 1 < len(parts) - 1 and parts[i + 1].startswith("com.samsung."):
            return parts[i + 1]
    return None

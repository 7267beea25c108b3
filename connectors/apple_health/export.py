"""The export container: a zip, an export.xml with its folder, or bare bytes; and Apple's export_cda.xml."""

from __future__ import annotations

import posixpath
import zipfile
import zlib
from pathlib import Path
from typing import IO

from wallet.errors import ConnectorError
from wallet.imports.archive import CheckedZip, safe_member
from wallet.imports.connector import Source

MAX_UNCOMPRESSED = 32 * 1024**3
"""Default cap on the total uncompressed size of an export zip (option ``max_uncompressed_bytes``)."""
"""Largest compression ratio accepted for a zip member over 1 MiB (real exports are about 20:1)."""
MAX_MEMBER_READ = 16 * 1024**2
"""Largest route GPX or FHIR JSON file read into memory from an export."""
CDA_NAME = "export_cda.xml"
ECG_FOLDER = "electrocardiograms"

_SKIP_PREFIXES = ("__MACOSX/",)


class _Export:
    """Access to export.xml and the files beside it (routes, clinical records)."""

    name: str
    size: int | None

    def open_xml(self) -> IO[bytes]:
        raise NotImplementedError

    def read_file(self, ref: str, limit: int = MAX_MEMBER_READ) -> bytes | None:
        """The file at ``ref`` (relative to the export folder), or None when absent or over ``limit`` bytes."""
        return None

    def size_of(self, ref: str) -> int | None:
        """Size in bytes of the file at ``ref``, or None when there is no such file."""
        return None

    def clinical_files(self) -> list[str]:
        return []

    def ecg_files(self) -> list[str]:
        """``electrocardiograms/*.csv`` beside export.xml, sorted."""
        return []

    def close(self) -> None:
        pass


def _safe_relative(ref: str) -> str | None:
    """``/workout-routes/x.gpx`` -> ``workout-routes/x.gpx``; None if it would leave the folder."""
    return safe_member(ref.replace("\\", "/").lstrip("/"))


class _FileExport(_Export):
    def __init__(self, source: Source) -> None:
        self.source = source
        self.name = source.name
        self.size = source.size
        self.folder = source.path.parent if source.path is not None else None

    def open_xml(self) -> IO[bytes]:
        return self.source.open()

    def _path(self, ref: str) -> Path | None:
        """The regular file at ``ref`` inside the export folder (symbolic links out of it refused)."""
        rel = _safe_relative(ref)
        if self.folder is None or rel is None:
            return None
        path = self.folder / rel
        try:
            if not path.resolve().is_relative_to(self.folder.resolve()):
                return None  # a symbolic link out of the export folder
            return path if path.is_file() else None
        except OSError:
            return None

    def read_file(self, ref: str, limit: int = MAX_MEMBER_READ) -> bytes | None:
        path = self._path(ref)
        if path is None:
            return None
        try:
            if path.stat().st_size > limit:
                return None
            with path.open("rb") as fh:
                data = fh.read(limit + 1)
        except OSError:
            return None
        return None if len(data) > limit else data

    def size_of(self, ref: str) -> int | None:
        path = self._path(ref)
        try:
            return path.stat().st_size if path is not None else None
        except OSError:
            return None

    def _listing(self, folder: str, suffix: str) -> list[str]:
        if self.folder is None or not (self.folder / folder).is_dir():
            return []
        return sorted(
            f"{folder}/{p.name}"
            for p in (self.folder / folder).iterdir()
            if p.suffix.lower() == suffix and not p.name.startswith("._") and p.is_file()
        )

    def clinical_files(self) -> list[str]:
        return self._listing("clinical-records", ".json")

    def ecg_files(self) -> list[str]:
        return self._listing(ECG_FOLDER, ".csv")


class _ZipExport(_Export):
    def __init__(self, source: Source, max_total: int) -> None:
        self.name = source.name
        self.archive = CheckedZip(source, max_total)
        self.zf = self.archive.zf
        infos = self.archive.infos
        self.members = {i.filename: i for i in infos if not i.is_dir()}
        xml = sorted(
            (n for n in self.members if posixpath.basename(n) == "export.xml" and not n.startswith(_SKIP_PREFIXES)),
            key=lambda n: (n.count("/"), n),
        )
        if not xml:
            cda = [n for n in self.members if posixpath.basename(n) == CDA_NAME and not n.startswith(_SKIP_PREFIXES)]
            self.close()
            if cda:
                raise ConnectorError(
                    f"{source.name}: this zip holds {cda[0]} but no export.xml; export_cda.xml is an HL7 CDA "
                    "copy of the Apple Health data that this connector does not read. Import the complete "
                    "export.zip the iPhone wrote (with apple_health_export/export.xml) instead"
                )
            raise ConnectorError(f"{source.name}: no apple_health_export/export.xml inside this zip")
        self.xml_info = self.members[xml[0]]
        self.base = posixpath.dirname(xml[0])
        self.size = self.xml_info.file_size

    def open_xml(self) -> IO[bytes]:
        return self.zf.open(self.xml_info)

    def _member(self, rel: str) -> str:
        return f"{self.base}/{rel}" if self.base else rel

    def _info(self, ref: str) -> zipfile.ZipInfo | None:
        rel = _safe_relative(ref)
        return None if rel is None else self.members.get(self._member(rel))

    def read_file(self, ref: str, limit: int = MAX_MEMBER_READ) -> bytes | None:
        info = self._info(ref)
        if info is None or info.file_size > limit:
            return None
        try:
            with self.zf.open(info) as fh:
                data = fh.read(limit + 1)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
            raise ConnectorError(f"{self.name}: zip entry {info.filename!r} is damaged ({exc})") from exc
        return None if len(data) > limit else data

    def size_of(self, ref: str) -> int | None:
        info = self._info(ref)
        return None if info is None else info.file_size

    def _listing(self, folder: str, suffix: str) -> list[str]:
        prefix = self._member(f"{folder}/")
        return sorted(
            n[len(self.base) + 1 if self.base else 0 :]
            for n in self.members
            if n.startswith(prefix) and n.lower().endswith(suffix) and "/._" not in n
        )

    def clinical_files(self) -> list[str]:
        return self._listing("clinical-records", ".json")

    def ecg_files(self) -> list[str]:
        return self._listing(ECG_FOLDER, ".csv")

    def close(self) -> None:
        self.archive.close()


def _is_apple_cda(source: Source) -> bool:
    """Apple's export_cda.xml: its name, or the document id Apple gives it."""
    return source.name.lower() == CDA_NAME or b'extension="Health Export CDA"' in source.head


def _cda_refusal(source: Source) -> str:
    if _is_apple_cda(source):
        return (
            f"{source.name}: this is Apple Health's export_cda.xml, an HL7 CDA copy of the same data as "
            "export.xml; it is not imported (it would only duplicate that data). Import export.xml from "
            "the same folder, or the whole export.zip, instead"
        )
    return (
        f"{source.name}: not an Apple Health export (root element is <ClinicalDocument>, an HL7 CDA "
        "document); import Apple Health's export.xml or export.zip instead"
    )

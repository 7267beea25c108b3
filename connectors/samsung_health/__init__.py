"""Samsung Health's personal data download (Settings > Download personal data).

The download is a folder ``samsunghealth_<user>_<YYYYMMDDhhmmss>/`` of ``com.samsung.health.*.csv`` and
``com.samsung.shealth.*.csv`` files with a ``jsons/`` folder of per-record JSON blobs.  This connector
reads the folder zipped (one import) or the folder itself (``mydata-wallet import FOLDER`` gives it
each file; the blobs are read with the CSV rows that name them), with the same records either way.
What is read, and how, is in :mod:`connectors.samsung_health.records`; the CSV layout in
:mod:`connectors.samsung_health.csvstream`; the zip and the blobs in :mod:`connectors.samsung_health.archive`.

Options: ``times`` (``utc``, the default, or ``local``: how the CSV's times are read) and
``max_uncompressed_bytes`` (the zip bomb guard).
"""

from __future__ import annotations

from collections.abc import Iterator

from connectors.samsung_health.archive import MAX_UNCOMPRESSED, FileCsv, Files, ZipExport, jsons_data_type
from connectors.samsung_health.csvstream import read_preamble
from connectors.samsung_health.records import READ_WORDS, FileReader
from wallet.errors import ConnectorError
from wallet.imports.connector import Connector, ImportContext, Source
from wallet.model import Domain, Provenance, Record, SkippedItem
from wallet.samples import Samples

__all__ = ["SamsungHealthConnector"]

_ZIP_MAGIC = b"PK\x03\x04"


class SamsungHealthConnector(Connector):
    """Samsung Health's personal data download: the zipped folder, or its ``com.samsung.*.csv`` files
    (steps, heart rate, sleep, weight, blood pressure, glucose, SpO2, stress), streamed."""

    id = "samsung_health"
    name = "Samsung Health (personal data download)"
    version = "1"
    domains = (Domain.FITNESS,)
    accepts = (
        "Samsung Health's personal data download: samsunghealth_<user>_<time>.zip, or its com.samsung.*.csv "
        "files (with jsons/ beside them)"
    )
    extensions = (".zip", ".csv")

    def identify(self, source: Source) -> bool:
        """A CSV whose line 1 is Samsung's preamble (``com.samsung.health.weight,6302004,8``), a zip whose
        first entry or own name is the download's, or a blob in an unpacked download's ``jsons/`` folder."""
        try:
            head = source.head
        except Exception:
            return False
        if head.startswith(_ZIP_MAGIC):
            if source.suffix != ".zip":
                return False
            named = source.name.lower().startswith("samsunghealth_")
            first = head[30 : 30 + int.from_bytes(head[26:28], "little")] if len(head) >= 30 else b""
            return named or b"com.samsung." in first or first.lower().startswith(b"samsunghealth_")
        if source.suffix == ".json":
            return (
                source.path is not None
                and jsons_data_type(source.path) is not None
                and head.lstrip()[:1] in (b"[", b"{")
            )
        if source.suffix not in (".csv", ""):
            return False
        first_line = head.split(b"\n", 1)[0][:300].decode("utf-8", "replace")
        return read_preamble(first_line) is not None

    def read(self, source: Source, context: ImportContext) -> Iterator[Record | Samples | SkippedItem]:
        """The Connector contract: every record and sample of the zip, or of the one CSV (with its blobs),
        streamed."""
        local = str(context.options.get("times") or "utc").lower()
        if local not in ("utc", "local"):
            raise ConnectorError(f"{source.name}: the option times is utc or local, not {local!r}")
        if source.suffix == ".json" and source.path is not None and not source.head.startswith(_ZIP_MAGIC):
            data_type = jsons_data_type(source.path) or "an unknown data type"
            yield SkippedItem(
                where=source.name,
                reason=(
                    f"a jsons/ blob of {data_type}: read with the CSV row that names it (heart rate), "
                    "or not needed (the row's own value is imported)"
                ),
            )
            return
        files: Files
        if source.head.startswith(_ZIP_MAGIC):
            try:
                cap = int(context.options.get("max_uncompressed_bytes") or MAX_UNCOMPRESSED)
            except (TypeError, ValueError):
                raise ConnectorError(f"{source.name}: max_uncompressed_bytes must be a number of bytes") from None
            files = ZipExport(source, cap)
        else:
            files = FileCsv(source)
        try:
            names = files.csv_names()
            total = sum(files.csv_size(n) for n in names)
            prov = Provenance(**self.provenance(source))
            reader = FileReader(prov, files, local_times=local == "local", progress=context.progress, total=total)
            produced = 0
            problems: list[str] = []
            for name in names:
                if context.is_cancelled():
                    return
                try:
                    for item in reader.read_csv(name):
                        produced += isinstance(item, Record | Samples)
                        yield item
                except ConnectorError as exc:
                    if not isinstance(files, ZipExport):
                        raise
                    # one damaged file of a download does not spoil the others (what it gave before stays)
                    problems.append(str(exc))
                    for batch in reader.flush():  # the samples read before the damage
                        produced += 1
                        yield batch
                    yield SkippedItem(where=name, reason=f"{exc} (the rest of the download is read)")
            if isinstance(files, ZipExport) and not produced:
                if problems:
                    raise ConnectorError(problems[0])
                raise ConnectorError(f"{source.name}: no {READ_WORDS} in this Samsung Health download")
        finally:
            files.close()

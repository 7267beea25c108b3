"""The connector: claims an export (``identify``) and streams its records (``read``)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from connectors.apple_health.builder import _Builder
from connectors.apple_health.clinical import clinical_records
from connectors.apple_health.ecg import electrocardiograms
from connectors.apple_health.export import (
    CDA_NAME,
    MAX_UNCOMPRESSED,
    _cda_refusal,
    _Export,
    _FileExport,
    _is_apple_cda,
    _ZipExport,
)
from connectors.apple_health.parser import parse_xml
from wallet.errors import ConnectorError
from wallet.imports.connector import Connector, ImportContext, Source
from wallet.imports.offload import read_elsewhere
from wallet.model import Domain, Provenance, Record, SkippedItem
from wallet.samples import Samples

OFFLOAD_BYTES = 8 * 1024**2
"""An export.xml this large or larger is read in a worker process while this one stores
(:mod:`wallet.imports.offload`); a smaller one takes less time to read than a worker to start."""


def _open_export(source: Source, max_total: int) -> _Export:
    return _ZipExport(source, max_total) if source.head.startswith(b"PK") else _FileExport(source)


def _xml_items(
    connector: AppleHealthConnector, export: _Export, provenance: Provenance, pending: list[str], context: ImportContext
) -> Iterator[Record | Samples]:
    """The records and samples of export.xml, the warnings ``pending`` going with the first of them."""
    builder = _Builder(connector, export, provenance)
    builder.pending_warnings = pending
    yield from parse_xml(export, builder, context)


def read_export(
    source: Source, max_total: int, provenance: Provenance, pending: list[str], *, context: ImportContext
) -> Iterator[Record | Samples]:
    """The records and samples of export.xml alone: what a worker process reads (:mod:`wallet.imports.offload`)."""
    export = _open_export(source, max_total)
    try:
        yield from _xml_items(AppleHealthConnector(), export, provenance, pending, context)
    finally:
        export.close()


class AppleHealthConnector(Connector):
    """Apple Health "Export All Health Data": export.zip or export.xml."""

    id: ClassVar[str] = "apple_health"
    name: ClassVar[str] = "Apple Health export"
    version: ClassVar[str] = "1"
    domains: ClassVar[tuple[Domain, ...]] = (Domain.HEALTH, Domain.FITNESS, Domain.PROFILE)
    accepts: ClassVar[str] = "Apple Health export.zip (Health app > profile > Export All Health Data) or its export.xml"
    extensions: ClassVar[tuple[str, ...]] = (".zip", ".xml")

    def identify(self, source: Source) -> bool:
        """An export.xml has a ``<HealthData`` root near the top; an export.zip starts with
        a local file header of the ``apple_health_export/`` folder.  Apple's export_cda.xml is
        claimed too, so that importing it says what to import instead (``read`` refuses it)."""
        head = source.head
        if head.startswith(b"PK\x03\x04"):
            return b"apple_health_export/" in head[:4096]
        if source.suffix not in (".xml", ""):
            return False
        if b"<ClinicalDocument" in head:
            return _is_apple_cda(source)
        return b"<HealthData" in head

    def read(self, source: Source, context: ImportContext) -> Iterator[Record | Samples | SkippedItem]:
        """Stream the records of an Apple Health export (see the package docstring)."""
        max_total = int(context.options.get("max_uncompressed_bytes", MAX_UNCOMPRESSED))
        is_zip = source.head.startswith(b"PK")
        if not is_zip and b"<ClinicalDocument" in source.head and b"<HealthData" not in source.head:
            raise ConnectorError(_cda_refusal(source))
        export = _open_export(source, max_total)
        try:
            provenance = Provenance(**self.provenance(source))
            if export.size_of(CDA_NAME) is not None:
                yield SkippedItem(
                    where=CDA_NAME,
                    reason=(
                        "same data as export.xml, in HL7 CDA form: not imported a second time "
                        "(it would duplicate every record)"
                    ),
                )
            pending: list[str] = []
            if context.delegate is None:  # the clinical records cannot be read: a warning, on the first record
                yield from clinical_records(export, context, pending)
            # export.xml first: its Me (whose export this is) comes before any record that names no one
            # (the ECGs), so the pipeline places those with the export's owner
            if source.path is not None and (export.size or 0) >= OFFLOAD_BYTES:
                yield from read_elsewhere(
                    f"{__name__}:read_export", (source, max_total, provenance, pending), context, what=export.name
                )
            else:
                yield from _xml_items(self, export, provenance, pending, context)
            yield from electrocardiograms(export, context, provenance)
            if context.delegate is not None:
                yield from clinical_records(export, context, pending)
        finally:
            export.close()

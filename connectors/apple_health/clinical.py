"""Clinical records: the FHIR JSON files in ``clinical-records/``, read by the FHIR connector (``context.delegate``)."""

from __future__ import annotations

from collections.abc import Iterator

from connectors.apple_health.export import MAX_MEMBER_READ, _Export
from wallet.errors import ConnectorError
from wallet.imports.connector import ImportContext, Source
from wallet.model import Record, SkippedItem
from wallet.samples import Samples


def clinical_records(
    export: _Export, context: ImportContext, warnings: list[str]
) -> Iterator[Record | Samples | SkippedItem]:
    """Hand ``clinical-records/*.json`` to the FHIR connector (``context.delegate``), or warn that none can."""
    files = export.clinical_files()
    if not files:
        return
    if context.delegate is None:
        warnings.append(
            f"{len(files)} FHIR clinical record files in clinical-records/ were skipped: "
            "no FHIR reader is available in this import"
        )
        return
    for ref in files:
        data = export.read_file(ref)
        if data is None:
            yield SkippedItem(where=ref, reason=f"larger than {MAX_MEMBER_READ // 1024**2} MB")
            continue
        try:
            yield from context.delegate("fhir", Source(data=data, name=f"{export.name}/{ref}"))
        except ConnectorError as exc:
            yield SkippedItem(where=ref, reason=str(exc))

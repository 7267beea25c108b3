"""A third-party connector: reads a ``weight.log`` of ``YYYY-MM-DD kg`` lines."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

from wallet.errors import ConnectorError
from wallet.imports.connector import Connector, ImportContext, Source
from wallet.model import Domain, Provenance, Record, SkippedItem


class WeightLogConnector(Connector):
    """Body weight from a plain text log."""

    id = "example_weight"
    name = "Example weight log"
    domains = (Domain.FITNESS,)
    accepts = "weight.log: one 'YYYY-MM-DD kg' per line"
    extensions = (".log",)

    def identify(self, source: Source) -> bool:
        """A ``.log`` file whose first line starts with the marker ``# weight log``."""
        return source.suffix == ".log" and source.head.startswith(b"# weight log")

    def read(self, source: Source, context: ImportContext) -> Iterator[Record | SkippedItem]:
        """One record per line."""
        try:
            lines = source.read_bytes(1 << 20).decode("utf-8").splitlines()[1:]
        except UnicodeDecodeError as exc:
            raise ConnectorError(f"{source.name}: not UTF-8") from exc
        for n, line in enumerate(lines, start=2):
            day, _, kg = line.partition(" ")
            try:
                when = datetime.fromisoformat(day).replace(tzinfo=UTC)
                value = float(kg)
            except ValueError:
                yield SkippedItem(where=f"{source.name} line {n}", reason="not 'YYYY-MM-DD kg'")
                continue
            yield Record(
                domain=Domain.FITNESS,
                kind="body_weight",
                title="Body weight",
                start=when,
                value=value,
                unit="kg",
                provenance=Provenance(**self.provenance(source, original_id=f"line {n}")),
            )

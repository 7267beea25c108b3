"""Turns the top-level elements of ``HealthData`` into records as expat reports them."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import TYPE_CHECKING, Any

from connectors.apple_health.activity import activity_summary
from connectors.apple_health.healthkit import FastClock, _type_info, parse_date
from connectors.apple_health.me import me
from connectors.apple_health.records import correlation, generic, record
from connectors.apple_health.workouts import workout
from wallet.errors import ConnectorError
from wallet.model import Domain, Provenance, Record, compact_json
from wallet.samples import STREAM_KINDS, Samples

if TYPE_CHECKING:
    from connectors.apple_health.connector import AppleHealthConnector
    from connectors.apple_health.export import _Export

_Node = tuple[str, dict[str, str], list[Any]]

SAMPLES_PER_BATCH = 5000
"""Samples of one series handed over at once at most (the parser also hands over after each chunk of the file)."""


class _Builder:
    """Turns top-level elements of ``HealthData`` into records as expat reports them."""

    def __init__(self, connector: AppleHealthConnector, export: _Export, provenance: Provenance) -> None:
        self.connector = connector
        self.export = export
        self.prov = provenance
        self.out: list[Record | Samples] = []
        self.streams: dict[tuple[str, str, str | None], Samples] = {}
        """Samples being gathered, per (type, source, unit)."""
        self.depth = 0
        self.stack: list[_Node] = []
        self.types: dict[str, tuple[Domain, str]] = {}
        self.export_tz: Any = None
        self.pending_warnings: list[str] = []
        self.seen_root = False
        self.clinical_elements = 0
        self.id_prefix = uuid.uuid4().hex[:20]
        """Record ids: a random prefix per import plus a counter (unique, and cheaper than uuid4 each)."""
        self.count = 0
        self.sampled: tuple[Samples, tuple[str, str, str | None]] | None = None
        """The series the element being read went to as a sample (until its end)."""
        self.clock = FastClock()

    # expat callbacks -------------------------------------------------------
    def start(self, name: str, attrs: dict[str, str]) -> None:
        self.depth += 1
        depth = self.depth
        if depth == 2 and name == "Record" and attrs.get("type") in STREAM_KINDS:
            self.sampled = self.sample(attrs)
        elif depth == 1:
            if name != "HealthData":
                raise ConnectorError(f"{self.export.name}: not an Apple Health export (root element is <{name}>)")
            self.seen_root = True
            return
        node: _Node = (name, attrs, [])
        if depth > 2:
            if self.stack:
                self.stack[-1][2].append(node)
            else:  # pragma: no cover - depth > 2 always has a parent
                return
        self.stack.append(node)

    def end(self, name: str) -> None:
        depth = self.depth
        self.depth -= 1
        if depth < 2:
            return
        node = self.stack.pop()
        if depth == 2:
            sampled = self.sampled
            if sampled is None:
                self.emit(node)
                return
            self.sampled = None
            batch, key = sampled
            if node[2] and not self._sample_children(batch, node[2]):
                batch.rows.pop()  # children other than metadata: kept whole, as a record
                self.emit(node)
            if len(batch.rows) >= SAMPLES_PER_BATCH:
                self.out.append(batch)
                del self.streams[key]

    # conversion ------------------------------------------------------------
    def info(self, type_id: str) -> tuple[Domain, str]:
        found = self.types.get(type_id)
        if found is None:
            found = self.types[type_id] = _type_info(type_id)
        return found

    def provenance(self, warnings: list[str] | None) -> Provenance:
        if self.pending_warnings:
            warnings = [*self.pending_warnings, *(warnings or [])]
            self.pending_warnings = []
        if not warnings:
            return self.prov
        return self.prov.model_copy(update={"warnings": warnings})

    def dates(self, attrs: dict[str, str], warnings: list[str]) -> tuple[datetime | None, datetime | None]:
        try:
            start = parse_date(attrs.get("startDate"))
            end_text = attrs.get("endDate")
            end = start if end_text == attrs.get("startDate") else parse_date(end_text)
        except ValueError:
            warnings.append(f"unreadable dates {attrs.get('startDate')!r} - {attrs.get('endDate')!r}")
            return None, None
        return start, end

    def add(self, **fields: Any) -> None:
        # Full validation: measured faster than ``model_construct`` (whose default
        # factories inspect signatures on every call) and keeps every record valid.
        self.count += 1
        self.out.append(Record(id=f"{self.id_prefix}{self.count:012x}", **fields))

    def sample(self, attrs: dict[str, str]) -> tuple[Samples, tuple[str, str, str | None]] | None:
        """Take a ``Record`` of a stream type as a sample of its series (its metadata children follow, see
        :meth:`end`); None when it must be a record instead (no number, unreadable dates: kept whole, with
        what they say).  The hot path of an import: a few microseconds per sample."""
        try:
            value = float(attrs["value"])
            if value - value != 0.0:  # NaN or an infinity: kept whole, as a record, with what it says
                return None
            start_text = attrs["startDate"]
            t0, tz = self.clock.parse(start_text)
            end_text = attrs["endDate"]
            t1 = None if end_text == start_text else self.clock.parse(end_text)[0]
        except (KeyError, ValueError):
            return None
        type_id = attrs["type"]
        source = attrs.get("sourceName") or "Apple Health"
        unit = attrs.get("unit")
        key = (type_id, source, unit)
        batch = self.streams.get(key)
        device = attrs.get("device")
        if batch is not None and device != batch.meta.get("device"):
            self.out.append(batch)  # another device (a software update): its description is kept per batch
            batch = None
        if batch is None:
            domain, title = self.info(type_id)
            # a warning about the file (a repaired DTD, control characters) goes with the first data after it
            prov = self.provenance(None) if self.pending_warnings else self.prov
            batch = self.streams[key] = Samples(domain, type_id, title, unit, source, prov)
            if device:
                batch.meta["device"] = device
            if version := attrs.get("sourceVersion"):
                batch.meta["sourceVersion"] = version
        batch.rows.append((t0, None if t1 == t0 else t1, value, tz, None))
        return batch, key

    @staticmethod
    def _sample_children(batch: Samples, children: list[Any]) -> bool:
        """Put a sample's metadata into its row as compact JSON; False when it has other children."""
        if any(child[0] != "MetadataEntry" for child in children):
            return False
        t0, t1, value, tz, _ = batch.rows[-1]
        batch.rows[-1] = (
            t0,
            t1,
            value,
            tz,
            compact_json({c[1].get("key", ""): c[1].get("value", "") for c in children}),
        )
        return True

    def flush(self) -> None:
        """Hand over every series' gathered samples (after each chunk of the file, so memory stays flat), except
        the one whose element is still open (its metadata may follow in the next chunk)."""
        keep = self.sampled[1] if self.sampled is not None else None
        for key, batch in list(self.streams.items()):
            if key != keep:
                self.out.append(batch)
                del self.streams[key]

    def emit(self, node: _Node) -> None:
        name, attrs, children = node
        if name == "Record":
            record(self, attrs, children)
        elif name == "Workout":
            workout(self, attrs, children)
        elif name == "ActivitySummary":
            activity_summary(self, attrs)
        elif name == "Correlation":
            correlation(self, attrs, children)
        elif name == "Me":
            me(self, attrs)
        elif name == "ExportDate":
            try:
                when = parse_date(attrs.get("value"))
            except ValueError:
                when = None
            self.export_tz = when.tzinfo if when else None
        elif name == "ClinicalRecord":
            self.clinical_elements += 1  # the FHIR JSON in clinical-records/ carries the data
        else:
            generic(self, name, attrs, children)

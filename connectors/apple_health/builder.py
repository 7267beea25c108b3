"""Turns the top-level elements of ``HealthData`` into records as expat reports them."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import TYPE_CHECKING, Any

from connectors.apple_health.activity import activity_summary
from connectors.apple_health.healthkit import _type_info, parse_date
from connectors.apple_health.me import me
from connectors.apple_health.records import correlation, generic, record
from connectors.apple_health.workouts import workout
from wallet.errors import ConnectorError
from wallet.model import Domain, Provenance, Record

if TYPE_CHECKING:
    from connectors.apple_health.connector import AppleHealthConnector
    from connectors.apple_health.export import _Export

_Node = tuple[str, dict[str, str], list[Any]]


class _Builder:
    """Turns top-level elements of ``HealthData`` into records as expat reports them."""

    def __init__(self, connector: AppleHealthConnector, export: _Export, provenance: Provenance) -> None:
        self.connector = connector
        self.export = export
        self.prov = provenance
        self.out: list[Record] = []
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

    # expat callbacks -------------------------------------------------------
    def start(self, name: str, attrs: dict[str, str]) -> None:
        self.depth += 1
        depth = self.depth
        if depth == 1:
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
            self.emit(node)

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

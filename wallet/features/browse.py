"""Paging one person's records over all areas by date, fast on a large vault.

``Vault.records(person_id=..., newest_first=...)`` without an area must sort every record
of the person (no index serves "one person's records by date": on a million records that
takes seconds).  Per area, the ``(person_id, domain, start)`` index serves the order, so
:class:`AreaMergePager` reads each area in chunks and merges the sorted streams.  The GUI's
timeline uses it; the CLI can too.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from wallet.model import Domain, Record

if TYPE_CHECKING:
    from wallet.store.vault import Vault

_EARLIEST = datetime(1, 1, 1, tzinfo=UTC)


@dataclass
class _Stream:
    domain: Domain
    offset: int = 0
    buffer: deque[Record] = field(default_factory=deque)
    exhausted: bool = False


@dataclass
class AreaMergePager:
    """Successive pages of ``person_id``'s records (optionally by kind, source, dates), by date.

    Records without a date come last when newest first, first when oldest first (as SQLite
    orders NULLs).  Keep one pager per filter and call :meth:`next_page` repeatedly.
    """

    person_id: str
    kind: str | None = None
    source: str | None = None
    since: date | None = None
    until: date | None = None
    newest_first: bool = True
    chunk: int = 200
    once: bool = False
    """A measurement several sources gave is listed once (Vault.records' ``once``)."""
    _streams: list[_Stream] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._streams = [_Stream(d) for d in Domain]

    def _fill(self, vault: Vault, stream: _Stream) -> None:
        batch = vault.records(
            person_id=self.person_id,
            domain=stream.domain,
            kind=self.kind,
            source=self.source,
            since=self.since,
            until=self.until,
            limit=self.chunk,
            offset=stream.offset,
            newest_first=self.newest_first,
            once=self.once,
        )
        stream.offset += len(batch)
        stream.buffer.extend(batch)
        if len(batch) < self.chunk:
            stream.exhausted = True

    @staticmethod
    def _key(rec: Record) -> tuple[int, datetime]:
        # undated below every date: last when newest first (max), first when oldest first (min)
        return (0, _EARLIEST) if rec.start is None else (1, rec.start)

    def next_page(self, vault: Vault, size: int) -> list[Record]:
        """Up to ``size`` more records; fewer means the end was reached."""
        page: list[Record] = []
        while len(page) < size:
            for stream in self._streams:
                if not stream.buffer and not stream.exhausted:
                    self._fill(vault, stream)
            live = [s for s in self._streams if s.buffer]
            if not live:
                break
            pick = max if self.newest_first else min
            best = pick(live, key=lambda s: self._key(s.buffer[0]))
            page.append(best.buffer.popleft())
        return page

"""The timeline: a table model that loads records a page at a time, in the background.

Opening a vault of a million records reads one page (``PAGE_SIZE`` rows) and
nothing else; the view asks for more (``canFetchMore``/``fetchMore``) as the
user scrolls.  Each page is read on a worker thread with its own connection,
because some filter shapes (one person of several, over all areas) cannot use
an index for the date order and take seconds on a large vault; the GUI thread
only inserts the rows.  Search results replace the pages while a search is active.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from typing_extensions import override

from wallet.features import series_days
from wallet.features.browse import AreaMergePager
from wallet.features.finance import record_amount
from wallet.features.measurements import reading_texts
from wallet.model import Record
from wallet.store.passphrase import Page, exhausted, next_page
from wallet.store.vault import Vault
from wallet.terms.clock import format_record_time
from wallet.terms.money import format_money, known_currency
from wallet.terms.names import kind_name, source_label
from wallet.terms.numbers import format_number as format_number  # re-exported: views use it
from wallet.ui import workers
from wallet.ui.i18n import current as current_language
from wallet.ui.i18n import domain_label

PAGE_SIZE = 200
_Index = QModelIndex | QPersistentModelIndex
_PageResult = tuple[int, Page, int, list[Record], dict[str, str], float | None]
"""generation, page, records read, rows to show (records and series days), reading texts, where the page ends"""


@dataclass(frozen=True)
class RecordFilter:
    """What the timeline shows."""

    person_id: str | None = None
    domain: str | None = None
    kind: str | None = None
    source: str | None = None
    since: date | None = None
    until: date | None = None
    newest_first: bool = True

    def with_(self, **changes: object) -> RecordFilter:
        """A copy with ``changes`` applied (the filter itself never changes)."""
        return replace(self, **changes)  # type: ignore[arg-type]

    def count(self, vault: Vault) -> int:
        """How many records the timeline lists for this filter (a reading several sources gave, once)."""
        return vault.count(**self._where(), once=True)

    def records(self, vault: Vault, limit: int, offset: int) -> list[Record]:
        """One page of what the timeline lists for this filter."""
        return vault.records(**self._where(), limit=limit, offset=offset, newest_first=self.newest_first, once=True)

    def bounds(self) -> tuple[datetime | None, datetime | None]:
        """The instants the date range covers: from the start of ``since`` to the end of ``until`` on this
        computer's clock (:func:`local_day_bounds`), not in UTC."""
        since = local_day_bounds(self.since)[0] if self.since is not None else None
        until = local_day_bounds(self.until)[1] if self.until is not None else None
        return since, until

    def _where(self) -> dict[str, Any]:
        since, until = self.bounds()
        return {
            "person_id": self.person_id,
            "domain": self.domain,
            "kind": self.kind,
            "source": self.source,
            "since": since,
            "until": until,
        }


def local_day_bounds(day: date) -> tuple[datetime, datetime]:
    """The first and last instant of ``day`` on this computer's clock (its zone, with summer time), aware.

    The day filter and Go to date count days as the person's computer does: a record at 08:00 +09:00
    on the 4th is on the 4th for someone in Seoul, though it is 23:00 UTC on the 3rd.  A record written
    in the computer's own offset is shown on that same day (docs/clock.md: a record's day is its day
    in its own zone).
    """
    start = datetime(day.year, day.month, day.day).astimezone()
    end = datetime(day.year, day.month, day.day, 23, 59, 59, 999999).astimezone()
    return start, end


COL_DATE, COL_TITLE, COL_VALUE, COL_DOMAIN, COL_KIND, COL_SOURCE = range(6)
COL_PERSON = 6
"""Whose record a row is: shown for a search over everyone (wallet.ui.whose), hidden otherwise."""


def format_value(rec: Record) -> str:
    """A record's value with its unit, as the timeline shows it; empty when it has no value."""
    if rec.value is None:
        return ""
    if known_currency(rec.unit):  # money by its currency's digits and symbol (wallet.terms.money)
        return format_money(record_amount(rec) or rec.value, rec.unit, current_language())
    return f"{format_number(rec.value)} {rec.unit or ''}".rstrip()


def format_when(rec: Record) -> str:
    """A record's start by the clock rule (docs/clock.md): in its own zone, with the offset when
    that is not this computer's; a date-only record as its date; empty when it has none."""
    return format_record_time(rec)


class RecordTableModel(QAbstractTableModel):
    """Signals: ``page_loaded(rows_now)`` after each page, ``load_failed(exception)``."""

    page_loaded = Signal(int)
    load_failed = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._vault: Vault | None = None
        self._filter = RecordFilter()
        self._rows: list[Record] = []
        self._reading_texts: dict[str, str] = {}
        """Measurements as the coherent layer reads them, by record id (filled by the page reads)."""
        self._done = True
        self._loading = False
        self._generation = 0
        self._search_mode = False
        self._pager: AreaMergePager | None = None
        self._replace = False
        self.pages_loaded = 0
        self._person_names: dict[str, str] = {}
        self._records_loaded = 0
        """Records read so far (the rows also hold series' day summaries: wallet.features.series_days)."""
        self._span_bound: float | None = None
        """Where the last page read ends in time: the next page's series days start there."""
        self._days_done = False

    # ------------------------------------------------------------------ feeding
    @property
    def filter(self) -> RecordFilter:
        """The filter the timeline shows now."""
        return self._filter

    def set_vault(self, vault: Vault | None, flt: RecordFilter | None = None) -> None:
        """Show ``vault``'s records under ``flt`` (all of them by default), from the first page."""
        self._vault = vault
        self.set_filter(flt or RecordFilter())

    def set_filter(self, flt: RecordFilter) -> None:
        """Show the records matching ``flt``.  The rows shown so far stay until the new first
        page arrives (read in the background), so the timeline never flashes empty."""
        self._generation += 1
        self._filter = flt
        self._loading = False
        self._done = self._vault is None or not self._vault.is_open
        self._replace = True
        if self._done:
            self.beginResetModel()
            self._rows = []
            self._search_mode = False
            self.pages_loaded = 0
            self.endResetModel()
        # one person over all areas: merge per-area queries, which the indexes serve
        since, until = flt.bounds()
        self._pager = (
            AreaMergePager(
                flt.person_id,
                kind=flt.kind,
                source=flt.source,
                since=since,
                until=until,
                newest_first=flt.newest_first,
                chunk=PAGE_SIZE,
                once=True,  # the same heart rate from watch, phone and hospital is one row
            )
            if flt.person_id and not flt.domain
            else None
        )
        self._records_loaded = 0
        self._span_bound = None
        self._days_done = False
        if not self._done:
            self.fetchMore(QModelIndex())

    def reload(self) -> None:
        """Read the timeline again from the first page (after an import or a change)."""
        self.set_filter(self._filter)

    def show_results(self, records: list[Record]) -> None:
        """Show search results (already complete) instead of pages."""
        self.beginResetModel()
        self._generation += 1
        self._loading = False
        self._replace = False
        self._rows = list(records)
        self._search_mode = True
        self._done = True
        self.endResetModel()

    def clear(self) -> None:
        """Show nothing and forget the vault (on lock); pages still being read are dropped when they arrive."""
        self.beginResetModel()
        self._generation += 1
        self._loading = False
        self._replace = False
        self._vault = None
        self._rows = []
        self._done = True
        self.endResetModel()

    def set_person_names(self, names: dict[str, str]) -> None:
        """The names the Person column shows, by person id."""
        self._person_names = dict(names)

    @property
    def search_mode(self) -> bool:
        """Whether the rows are search results rather than the timeline."""
        return self._search_mode

    def record_at(self, row: int) -> Record | None:
        """The record shown in ``row``, or None outside the loaded rows."""
        return self._rows[row] if 0 <= row < len(self._rows) else None

    # ---------------------------------------------------------------- lazy load
    @property
    def loading(self) -> bool:
        """Whether a page is being read in the background now."""
        return self._loading

    @override
    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._done and not self._loading

    @override
    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or self._done or self._loading or self._vault is None or not self._vault.is_open:
            return
        page: Page | None = next_page(0 if self._replace else self._records_loaded, PAGE_SIZE)
        if page is None:
            self._done = True
            return
        self._loading = True
        f, gen, pager = self._filter, self._generation, self._pager
        bound, days_done = (None, False) if self._replace else (self._span_bound, self._days_done)

        lang = current_language()

        def read(reader: Vault) -> _PageResult:
            found = (
                pager.next_page(reader, page.limit) if pager is not None else f.records(reader, page.limit, page.offset)
            )
            texts = reading_texts(reader, [r.id for r in found], lang)
            # the series' day summaries of the span of time this page covers (none when a file is filtered for)
            edge = series_days.page_span(found, exhausted(page, len(found)), f.newest_first)
            days: list[tuple[float, Record]] = []
            if not days_done and not f.source:
                flt = series_days.DayFilter(f.person_id, f.domain, f.kind, f.since, f.until)
                after, before = (edge, bound) if f.newest_first else (bound, edge)
                days = series_days.day_rows(reader, flt, after, before, f.newest_first, lang)
            return gen, page, len(found), series_days.merge(found, days, f.newest_first), texts, edge

        workers.run_task(workers.with_reader(self._vault, read), on_done=self._page_read, on_error=self._page_failed)

    def _page_read(self, result: _PageResult) -> None:
        gen, page, n_records, batch, texts, edge = result
        if gen != self._generation:
            return  # a newer filter, a search or a lock came in between
        self._reading_texts.update(texts)  # here, on the GUI thread that reads them
        self._loading = False
        self._done = exhausted(page, n_records)
        self._records_loaded = n_records if self._replace else self._records_loaded + n_records
        self._span_bound = edge
        self._days_done = edge is None
        if self._replace:  # the first page of a new filter replaces what was shown
            self.beginResetModel()
            self._replace = False
            self._search_mode = False
            self._rows = list(batch)
            self.pages_loaded = 1
            self.endResetModel()
            self.page_loaded.emit(len(self._rows))
            return
        self.pages_loaded += 1
        if batch:
            self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(batch) - 1)
            self._rows.extend(batch)
            self.endInsertRows()
        self.page_loaded.emit(len(self._rows))

    def _page_failed(self, exc: BaseException) -> None:
        self._loading = False
        self._done = True
        self.load_failed.emit(exc)

    # ------------------------------------------------------------------- model
    @override
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    @override
    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 7

    @override
    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        names = [
            QCoreApplication.translate("RecordTableModel", "Date"),
            QCoreApplication.translate("RecordTableModel", "Title"),
            QCoreApplication.translate("RecordTableModel", "Value"),
            QCoreApplication.translate("RecordTableModel", "Area"),
            QCoreApplication.translate("RecordTableModel", "Kind"),
            QCoreApplication.translate("RecordTableModel", "Source"),
            QCoreApplication.translate("RecordTableModel", "Person"),
        ]
        return names[section] if 0 <= section < len(names) else None

    @override
    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        rec = self._rows[index.row()]
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if col == COL_DATE:
                return format_when(rec)
            if col == COL_DOMAIN:
                return domain_label(rec.domain.value)
            if col == COL_KIND:
                return rec.kind if role == Qt.ItemDataRole.ToolTipRole else kind_name(rec.kind, current_language())
            if col == COL_TITLE:
                return rec.title
            if col == COL_VALUE:  # a measurement in its type's unit (the record's own: detail pane)
                return self._reading_texts.get(rec.id) or format_value(rec)
            if col == COL_SOURCE:
                if role == Qt.ItemDataRole.ToolTipRole:
                    return rec.provenance.source_name
                return source_label(rec, current_language())
            if col == COL_PERSON:
                return self._person_names.get(rec.person_id or "", rec.person_id or "")
        if role == Qt.ItemDataRole.TextAlignmentRole and col == COL_VALUE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return rec.id
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Only the date can be sorted: the vault pages by date, newest or oldest first."""
        if column != COL_DATE or self._search_mode:
            return
        newest = order == Qt.SortOrder.DescendingOrder
        if newest != self._filter.newest_first:
            self.set_filter(self._filter.with_(newest_first=newest))

"""Series in the timeline: one row per series and day (``Heart rate: 412 samples, 52-148 bpm``) that opens
into that day's samples.

The timeline lists records a page at a time (:mod:`wallet.ui.records_model`); each page covers a span of
time, and :func:`day_rows` gives the series days of that span, from the maintained daily summaries
(:mod:`wallet.store.series`), so a million samples never reach the timeline one by one and clinical
records, transactions and documents are never buried under them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from typing import TYPE_CHECKING

from wallet.model import Domain, Provenance, Record
from wallet.store import series as series_store
from wallet.terms.measures import BY_KEY, type_label
from wallet.terms.names import kind_name
from wallet.terms.numbers import format_number
from wallet.terms.units import display_unit

if TYPE_CHECKING:
    from wallet.store.vault import Vault

TAG = "series-day"
"""The tag of a day-summary row (not a stored record: its id is ``series:<series>:<day>``)."""
DAY_SAMPLES_LIMIT = 5000
"""At most this many samples of one day are listed in the detail pane."""

_TEXT = {
    "en": {"samples": "{n} samples", "one": "1 sample", "total": "{total} in {samples}"},
    "ko": {"samples": "샘플 {n}개", "one": "샘플 1개", "total": "{samples}, 합계 {total}"},
}


@dataclass(frozen=True)
class DayFilter:
    """Which series days a timeline page shows (its filter, and the span of time its records cover)."""

    person_id: str | None = None
    domain: str | None = None
    kind: str | None = None
    since: date | None = None
    """The first day shown: a series' day is its day in the source's own zone (docs/clock.md)."""
    until: date | None = None


def _unit(mtype: str, cunit: str | None, lang: str) -> str:
    t = BY_KEY.get(mtype)
    if t is not None and cunit == t.unit:
        return t.display
    return display_unit(cunit, lang) if cunit else ""


def day_rows(
    vault: Vault,
    flt: DayFilter,
    after: float | None,
    before: float | None,
    newest_first: bool = True,
    lang: str = "en",
) -> list[tuple[float, Record]]:
    """The series days whose last sample lies in (``after``, ``before``] (None: unbounded), each with its sort key
    (that last sample's time) and as a row the timeline can show, in the timeline's order."""
    if vault.schema_version < series_store.SCHEMA_VERSION:
        return []
    where: list[str] = ["1"]
    args: list[object] = []
    for column, value in (("s.person_id", flt.person_id), ("s.domain", flt.domain), ("s.kind", flt.kind)):
        if value:
            where.append(f"{column} = ?")
            args.append(value)
    for op, bound in ((">", after), ("<=", before)):
        if bound is not None:
            where.append(f"d.last {op} ?")
            args.append(bound)
    if flt.since is not None:
        where.append("d.day >= ?")
        args.append(flt.since.isoformat())
    if flt.until is not None:
        where.append("d.day <= ?")
        args.append(flt.until.isoformat())
    rows = vault.conn.execute(
        "SELECT s.id, s.person_id, s.domain, s.kind, s.mtype, s.source, s.connector, s.cunit, s.scale, s.offs, "
        "d.day, d.n, d.total, d.lo, d.avg, d.hi, d.last FROM series_daily AS d JOIN series AS s ON s.id = d.series "
        f"WHERE {' AND '.join(where)} ORDER BY d.last {'DESC' if newest_first else 'ASC'}, s.id",
        args,
    ).fetchall()
    out = []
    for (
        sid,
        person_id,
        domain,
        kind,
        mtype,
        source,
        connector,
        cunit,
        scale,
        offs,
        day,
        n,
        total,
        lo,
        avg,
        hi,
        last,
    ) in rows:
        t = BY_KEY.get(mtype)
        cumulative = t is not None and t.cumulative
        label = type_label(mtype, lang, kind_name(kind, lang))
        unit = _unit(mtype, cunit, lang)
        text = _TEXT.get(lang, _TEXT["en"])
        samples = text["one"] if n == 1 else text["samples"].format(n=f"{n:,}")

        def shown(v: float | None, scale: float = scale, offs: float = offs) -> str:
            return "?" if v is None else format_number(v * scale + offs)

        if cumulative and total is not None:
            summary = text["total"].format(
                total=f"{format_number(total * scale + n * offs)} {unit}".strip(), samples=samples
            )
            value = total * scale + n * offs
        else:
            span = shown(lo) if lo == hi else f"{shown(lo)}–{shown(hi)}"
            summary = f"{samples}, {span} {unit}".strip()
            value = (avg or 0.0) * scale + offs
        start = datetime.combine(date.fromisoformat(day), datetime.min.time(), UTC)
        rec = Record(
            id=f"series:{sid}:{day}",
            domain=Domain(domain),
            kind=kind,
            title=f"{label}: {summary}",
            start=start,
            end=start,
            date_only=True,
            value=value,
            unit=unit or None,
            payload={"series": sid, "day": day, "samples": n, "source": source},
            provenance=Provenance(connector_id=connector, connector_version="", source_name=source),
            person_id=person_id,
            tags=[TAG],
        )
        out.append((float(last), rec))
    return out


def day_samples(vault: Vault, rec: Record, lang: str = "en") -> list[tuple[str, str]]:
    """The samples of a day-summary row, as (time in the source's zone, value with unit), in time order."""
    series_id = int(rec.payload.get("series", 0))
    day = str(rec.payload.get("day", ""))
    row = vault.conn.execute("SELECT mtype, cunit, scale, offs FROM series WHERE id = ?", (series_id,)).fetchone()
    if row is None:
        return []
    mtype, cunit, scale, offs = row
    unit = _unit(mtype, cunit, lang)
    out = []
    for t0, t1, value, tz, _extra in series_store.day_samples(vault.conn, series_id, day)[:DAY_SAMPLES_LIMIT]:
        zone = timezone(timedelta(minutes=tz)) if tz is not None else UTC
        when = datetime.fromtimestamp(t0, zone).strftime("%H:%M:%S")
        if t1 is not None:
            when += "–" + datetime.fromtimestamp(t1, zone).strftime("%H:%M:%S")
        out.append((when, f"{format_number(value * scale + offs)} {unit}".strip()))
    return out


def is_day_row(rec: Record | None) -> bool:
    """Whether a timeline row is a series' day summary (not a stored record)."""
    return rec is not None and TAG in rec.tags and rec.id.startswith("series:")


def merge(records: list[Record], days: list[tuple[float, Record]], newest_first: bool) -> list[Record]:
    """A page's records and series days in one list, in the timeline's order (a record without a start last)."""
    if not days:
        return records
    keyed: list[tuple[float, int, Record]] = []
    for i, rec in enumerate(records):
        at = rec.start.timestamp() if rec.start is not None else (float("-inf") if newest_first else float("inf"))
        keyed.append((at, i, rec))
    keyed += [(at, len(records) + i, rec) for i, (at, rec) in enumerate(days)]
    keyed.sort(key=lambda k: (-k[0] if newest_first else k[0], k[1]))
    return [rec for _at, _i, rec in keyed]


def page_span(records: list[Record], last_page: bool, newest_first: bool) -> float | None:
    """Where a page of records ends in time (the far bound of its series days); None for the last page.

    A full page without a dated record ends at minus infinity: newest first, undated records come after every
    dated one (so every series day left goes before them); oldest first, before every dated one (none yet).
    """
    if last_page or not records:
        return None
    starts = [r.start.timestamp() for r in records if r.start is not None]
    if not starts:
        return float("-inf")
    return min(starts) if newest_first else max(starts)

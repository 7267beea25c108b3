"""Netflix's ``ViewingActivity.csv`` (Account > Download your personal information, ``CONTENT_INTERACTION/``).

Columns: ``Profile Name, Start Time, Duration, Attributes, Title, Supplemental Video Type, Device
Type, Bookmark, Latest Bookmark, Country``.  ``Start Time`` is UTC (``2023-01-15 20:31:05``; the
help file says so), ``Duration`` how long was watched (``00:42:10``), ``Title`` the show, season
and episode joined by ``": "`` (``Show: Season 1: Episode (Episode 3)``) or a film's name.
``Supplemental Video Type`` is empty for a programme and names trailers and previews
(``TRAILER``, ``HOOK``, ``TEASER_TRAILER``): those become ``netflix_preview`` records, the rest
``netflix_view``.  ``Country`` (``KR (South Korea)``) is kept under the payload's ``location``.
The file is read row by row.
"""

from __future__ import annotations

import codecs
import csv
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import ClassVar

from wallet.errors import ConnectorError
from wallet.imports.connector import Connector, ImportContext, Source
from wallet.model import Domain, Provenance, Record, SkippedItem

COLUMNS = ("Profile Name", "Start Time", "Duration", "Title")
"""The columns a viewing activity file must have (the others are kept when present)."""
_SEASON = re.compile(
    r"^(?P<show>.+?): (?:(?:Season|Series|Part|Volume|Chapter|Book|시즌|파트) ?\S+|Limited Series|미니시리즈)\b"
)


def show_of(title: str) -> str:
    """The show a Netflix title belongs to (``Show: Season 1: Ep`` -> ``Show``), or the title (a film)."""
    m = _SEASON.match(title)
    return m.group("show").strip() if m else title


def _duration(text: str) -> timedelta:
    parts = text.strip().split(":")
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        raise ValueError(f"Duration is not hours:minutes:seconds: {text[:20]!r}")
    h, m, s = (int(p) for p in parts)
    return timedelta(hours=h, minutes=m, seconds=s)


class NetflixConnector(Connector):
    """Netflix ViewingActivity.csv: one record per viewing, on the profile's timeline."""

    id = "netflix"
    name = "Netflix viewing activity"
    version = "1"
    domains: ClassVar[tuple[Domain, ...]] = (Domain.SOCIAL,)
    accepts = "Netflix ViewingActivity.csv (Download your personal information)"
    extensions = (".csv",)

    def identify(self, source: Source) -> bool:
        """A CSV whose header row has Netflix's viewing activity columns."""
        try:
            if source.suffix != ".csv":
                return False
            first = source.head_text().splitlines()[0] if source.head else ""
            return all(c in first for c in ("Profile Name", "Start Time", "Duration", "Title"))
        except Exception:
            return False

    def read(self, source: Source, context: ImportContext) -> Iterator[Record | SkippedItem]:
        """The Connector contract: one record per row, streamed."""
        prov = Provenance(**self.provenance(source))
        size = source.size
        produced = 0
        with source.open() as raw:
            text = codecs.getreader("utf-8-sig")(raw)
            reader = csv.reader(text)
            try:
                header = next(reader, None)
                if header is None:
                    raise ConnectorError(f"{source.name}: empty; expected Netflix's ViewingActivity.csv")
                names = [h.strip() for h in header]
                missing = [c for c in COLUMNS if c not in names]
                if missing:
                    raise ConnectorError(f"{source.name}: not Netflix's ViewingActivity.csv (no {', '.join(missing)})")
                for index, row in enumerate(reader, start=2):
                    if not any(cell.strip() for cell in row):
                        continue
                    if index % 500 == 0:
                        context.progress(raw.tell() if hasattr(raw, "tell") else 0, size)
                    try:
                        record = self._row(dict(zip(names, row, strict=False)), prov, index)
                    except (ValueError, TypeError, OverflowError) as exc:
                        yield SkippedItem(where=f"line {index}", reason=str(exc)[:120])
                        continue
                    produced += 1
                    yield record
            except UnicodeDecodeError:
                raise ConnectorError(
                    f"{source.name}: not UTF-8 text; Netflix writes ViewingActivity.csv in UTF-8"
                ) from None
            except csv.Error as exc:
                raise ConnectorError(f"{source.name}: not a readable CSV ({exc})") from None
        context.progress(size, size)
        if not produced:
            raise ConnectorError(f"{source.name}: no viewings in this file")

    def _row(self, row: dict[str, str], prov: Provenance, line: int) -> Record:
        title = (row.get("Title") or "").strip()
        if not title:
            raise ValueError("a row without a title")
        start = datetime.strptime((row.get("Start Time") or "").strip(), "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
        duration = _duration(row.get("Duration") or "")
        supplemental = (row.get("Supplemental Video Type") or "").strip()
        payload: dict[str, object] = {k: v for k, v in row.items() if k != "Country" and k}
        country = (row.get("Country") or "").strip()
        if country:
            payload["location"] = {"Country": country}
        payload.update({"creator": show_of(title), "work": title, "medium": "video"})
        return Record(
            domain=Domain.SOCIAL,
            kind="netflix_preview" if supplemental else "netflix_view",
            title=title,
            start=start,
            end=start + duration,
            value=duration.total_seconds(),
            unit="s",
            payload=payload,
            provenance=prov.model_copy(update={"original_id": f"line {line}"}),
        )

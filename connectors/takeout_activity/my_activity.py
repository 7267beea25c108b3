"""Google Takeout "My Activity" (Search, Chrome, YouTube, Maps ...), JSON and HTML, and YouTube's watch history.

Takeout writes one file per product, ``My Activity/<Product>/MyActivity.json`` (or ``.html``, the
default), and YouTube's ``history/watch-history.json``/``.html`` and ``search-history``: the same
format with the header ``YouTube``.  Each entry is one event:

* JSON: ``{"header": "YouTube", "title": "Watched <video>", "titleUrl", "subtitles": [{"name":
  <channel>, "url"}], "time": "2023-08-07T21:07:25.123Z", "products", "activityControls",
  "details", "locationInfos"}``; times are UTC.
* HTML: one ``outer-cell`` block per event: the header, then ``Visited&nbsp;<a href=...>`` (a
  second line with the channel for YouTube), then a date written in the account's language
  without a zone (``Jan 31, 2018, 10:54:50 PM``), sometimes with one (``... PM KST``,
  ``GMT+09:00``); a caption lists ``Products:`` and ``Locations:``.  A time without a zone is
  read in ``options["timezone"]``, else this computer's zone, and the record's provenance says so.

Kinds: ``youtube_watch`` (creator: the channel), ``youtube_search``, ``web_search``
(``Searched for``), ``web_visit`` (``Visited``), and ``google_activity`` for anything else (the
product is in the payload).  ``google.com/url?q=`` redirect links are unwrapped to the page
visited.  Where an event says where the person was (``locationInfos``, the HTML
``Locations:``), it is kept under the payload's ``location`` key, which a share leaves out
unless chosen.

Both forms are streamed: JSON element by element (ijson), HTML fed to the standard library's
incremental HTML parser in chunks, so a file of hundreds of megabytes keeps memory flat.
(``google-takeout-parser`` reads the same files and parsed the sample correctly, but it loads
an HTML file whole into BeautifulSoup, reads zoneless HTML times as UTC, keeps redirect links
wrapped, and brings IPython and a disk cache (cachew) with it; see the package docstring.)
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Generator, Iterator
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from html.parser import HTMLParser
from typing import Any, ClassVar
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from connectors.fitness import system_zone
from connectors.spotify import CountingReader, array_items, progress_of
from wallet.errors import ConnectorError
from wallet.imports.connector import Connector, ImportContext, Source
from wallet.model import Domain, Provenance, Record, SkippedItem

NAMES = re.compile(
    r"^(?:MyActivity|My Activity|watch-history|search-history|내활동|내 활동|시청 기록|검색 기록)"
    r"(?: \(\d+\))?\.(json|html?)$",
    re.IGNORECASE,
)
_CHUNK = 1 << 16
_ZONES = {
    "UTC": 0,
    "GMT": 0,
    "KST": 9 * 60,
    "JST": 9 * 60,
    "CET": 60,
    "CEST": 120,
    "BST": 60,
    "EST": -300,
    "EDT": -240,
    "CST": -360,
    "CDT": -300,
    "MST": -420,
    "MDT": -360,
    "PST": -480,
    "PDT": -420,
}
"""Zone abbreviations Takeout writes in English HTML dates, as minutes east of UTC."""
_EN_DATE = re.compile(
    r"^(?P<mon>[A-Z][a-z]{2}) (?P<day>\d{1,2}), (?P<year>\d{4}), "
    r"(?P<h>\d{1,2}):(?P<m>\d{2}):(?P<s>\d{2})\s*"
    r"(?P<ampm>[AP]M)(?:\s+(?P<zone>[A-Z]{2,5}|GMT[+-]\d{1,2}(?::?\d{2})?|UTC[+-]\d{1,2}(?::?\d{2})?))?$"
)
_KO_DATE = re.compile(
    r"^(?P<year>\d{4})\. ?(?P<mon>\d{1,2})\. ?(?P<day>\d{1,2})\. ?(?P<ampm>오전|오후) ?"
    r"(?P<h>\d{1,2}):(?P<m>\d{2}):(?P<s>\d{2})"
    r"(?:\s+(?P<zone>[A-Z]{2,5}|GMT[+-]\d{1,2}(?::?\d{2})?))?$"
)
_MONTHS = {
    m: i + 1 for i, m in enumerate(["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"])
}


def unwrap(url: str | None) -> str | None:
    """A ``google.com/url?q=<target>`` redirect as its target; other links as they are."""
    if not url:
        return url
    parts = urlsplit(url)
    if parts.netloc.endswith("google.com") and parts.path == "/url":
        target = parse_qs(parts.query).get("q") or parse_qs(parts.query).get("url")
        if target:
            return target[0]
    return url


def _zone_of(text: str | None) -> tzinfo | None:
    if not text:
        return None
    if text in _ZONES:
        return timezone(timedelta(minutes=_ZONES[text]))
    m = re.match(r"^(?:GMT|UTC)([+-])(\d{1,2}):?(\d{2})?$", text)
    if m:
        minutes = int(m.group(2)) * 60 + int(m.group(3) or 0)
        return timezone(timedelta(minutes=minutes if m.group(1) == "+" else -minutes))
    return None


def html_time(text: str, zone: tzinfo) -> tuple[datetime, bool]:
    """A date of the HTML form (English or Korean), and whether it named its zone (else read in ``zone``)."""
    text = " ".join(text.replace("\u202f", " ").split())
    m = _EN_DATE.match(text)
    if m:
        month = _MONTHS.get(m.group("mon"))
        if month is None:
            raise ValueError(f"not a date: {text[:40]!r}")
        pm = m.group("ampm") == "PM"
    else:
        m = _KO_DATE.match(text)
        if not m:
            raise ValueError(f"not a date this connector reads: {text[:40]!r}")
        month = int(m.group("mon"))
        pm = m.group("ampm") == "오후"
    hour = int(m.group("h")) % 12 + (12 if pm else 0)
    named = _zone_of(m.group("zone"))
    when = datetime(int(m.group("year")), month, int(m.group("day")), hour, int(m.group("m")), int(m.group("s")))
    return when.replace(tzinfo=named or zone), named is not None


def _zone(options: dict[str, Any]) -> tuple[tzinfo, str]:
    given = options.get("timezone")
    if given:
        try:
            return ZoneInfo(str(given)), f"times without a zone read in {given} (from the import options)"
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ConnectorError(f"unknown time zone {given!r} (use an IANA name such as Asia/Seoul)") from exc
    zone, name = system_zone()
    return zone, f"times without a zone read in {name} (this computer's zone: none was given)"


def classify(header: str, title: str) -> tuple[str, str]:
    """The record kind of an event and its title without the verb (``Watched``, ``Searched for``)."""
    title = title.replace("\xa0", " ").strip()
    verb, _, rest = title.partition(" ")
    youtube = header.lower().startswith("youtube")
    if title.startswith("Watched ") or (youtube and verb in ("시청함", "시청")):
        return ("youtube_watch" if youtube else "google_activity"), rest.strip() or title
    if title.startswith("Searched for "):
        return ("youtube_search" if youtube else "web_search"), title[len("Searched for ") :].strip()
    if title.startswith("Visited "):
        return "web_visit", rest.strip()
    return "google_activity", title


class _Cells(HTMLParser):
    """Collects the events of a My Activity HTML file as they are fed (``done`` is drained by the reader)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.done: list[dict[str, Any]] = []
        self._event: dict[str, Any] | None = None
        self._depth = 0
        self._cell: str | None = None
        self._cell_depth = 0
        self._lines: list[list[str]] = [[]]
        self._links: list[list[str]] = [[]]
        self._bold = False
        self._caption: list[tuple[bool, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        cls = dict(attrs).get("class") or ""
        if tag == "div":
            if "outer-cell" in cls.split():
                self._finish()
                self._event = {"header": "", "body": [], "links": [], "caption": [], "right": ""}
                self._depth = 0
            if self._event is not None:
                self._depth += 1
                if self._cell is None:
                    if "header-cell" in cls:
                        self._start_cell("header")
                    elif "content-cell" in cls and "mdl-typography--caption" in cls:
                        self._start_cell("caption")
                    elif "content-cell" in cls and "text-right" in cls:
                        self._start_cell("right")
                    elif "content-cell" in cls and not self._event["body"]:
                        self._start_cell("body")
                else:
                    self._cell_depth += 1
        elif self._cell is not None:
            if tag == "br":
                self._lines.append([])
                self._links.append([])
            elif tag == "a":
                href = dict(attrs).get("href")
                if href:
                    self._links[-1].append(href)
            elif tag == "b":
                self._bold = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "b":
            self._bold = False
        if tag != "div" or self._event is None:
            return
        if self._cell is not None:
            if self._cell_depth == 0:
                self._end_cell()
            else:
                self._cell_depth -= 1
        self._depth -= 1
        if self._depth == 0:
            self._finish()

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._lines[-1].append(data)
            if self._cell == "caption":
                self._caption.append((self._bold, data))

    def _start_cell(self, name: str) -> None:
        self._cell = name
        self._cell_depth = 0
        self._lines = [[]]
        self._links = [[]]
        self._caption = []

    def _end_cell(self) -> None:
        assert self._event is not None and self._cell is not None
        lines = ["".join(parts).replace("\xa0", " ").strip() for parts in self._lines]
        if self._cell == "header":
            self._event["header"] = " ".join(x for x in lines if x)
        elif self._cell == "body":
            keep = [(text, links) for text, links in zip(lines, self._links, strict=True) if text or links]
            self._event["body"] = [t for t, _ in keep]
            self._event["links"] = [ls for _, ls in keep]
        elif self._cell == "caption":
            self._event["caption"] = [x for x in lines if x]
        elif self._cell == "right":
            self._event["right"] = " ".join(x for x in lines if x)
        self._cell = None

    def _finish(self) -> None:
        if self._event is not None and (self._event["header"] or self._event["body"]):
            self.done.append(self._event)
        self._event = None
        self._cell = None


def _caption_fields(lines: list[str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    current = "details"
    for line in lines:
        if line.endswith(":") and len(line) < 40:
            current = line[:-1].strip().lower()
            continue
        out.setdefault(current, []).append(line)
    return out


class MyActivityConnector(Connector):
    """Google Takeout My Activity (any product) and YouTube watch and search history, JSON or HTML."""

    id = "google_my_activity"
    name = "Google My Activity / YouTube history (Takeout)"
    version = "1"
    domains: ClassVar[tuple[Domain, ...]] = (Domain.SOCIAL,)
    accepts = "Google Takeout My Activity (MyActivity.json/.html), YouTube watch-history.json/.html"
    extensions = (".json", ".html")

    def identify(self, source: Source) -> bool:
        """A Takeout activity file name (or a JSON/HTML file) whose head has My Activity's marks."""
        try:
            head = source.head_text()
            named = NAMES.match(source.name) is not None
            if source.suffix == ".json":
                text = head.lstrip("\ufeff \t\r\n")
                marks = '"header"' in head and '"title"' in head and '"time"' in head
                return text.startswith("[") and (marks or (named and text[1:].lstrip().startswith("]")))
            if source.suffix in (".html", ".htm"):
                return "outer-cell" in head and "mdl-grid" in head and (named or "My Activity" in head)
        except Exception:
            return False
        return False

    def read(self, source: Source, context: ImportContext) -> Iterator[Record | SkippedItem]:
        """The Connector contract: one record per event, streamed."""
        if source.suffix in (".html", ".htm"):
            zone, note = _zone(context.options)
            events: Iterator[tuple[int, dict[str, Any]]] = enumerate(self._html_events(source, context))
            produced = yield from self._records(source, events, zone, note, html=True)
        else:
            with source.open() as fh:
                reader = CountingReader(fh, progress_of(context, source.size))
                items = enumerate(array_items(reader, source.name, "a Google My Activity file"))
                produced = yield from self._records(source, items, UTC, None, html=False)
        if not produced:
            raise ConnectorError(f"{source.name}: no My Activity events in this file")

    def _records(
        self,
        source: Source,
        items: Iterator[tuple[int, Any]],
        zone: tzinfo,
        note: str | None,
        *,
        html: bool,
    ) -> Generator[Record | SkippedItem, None, int]:
        prov = Provenance(**self.provenance(source))
        produced = 0
        for index, item in items:
            try:
                record = self._html(item, prov, index, zone, note) if html else self._json(item, prov, index)
            except (ValueError, TypeError, KeyError, OverflowError) as exc:
                yield SkippedItem(where=f"[{index}]", reason=str(exc)[:120] or type(exc).__name__)
                continue
            produced += 1
            yield record
        return produced

    def _html_events(self, source: Source, context: ImportContext) -> Iterator[dict[str, Any]]:
        parser = _Cells()
        decoder = codecs.getincrementaldecoder("utf-8-sig")()
        size = source.size
        done = 0
        with source.open() as fh:
            while True:
                chunk = fh.read(_CHUNK)
                done += len(chunk)
                try:
                    text = decoder.decode(chunk, final=not chunk)
                except UnicodeDecodeError:
                    raise ConnectorError(f"{source.name}: not UTF-8 text (near byte {done})") from None
                parser.feed(text)
                context.progress(done, size)
                yield from parser.done
                parser.done.clear()
                if not chunk:
                    break
        parser.close()
        parser._finish()
        yield from parser.done

    def _record(
        self,
        kind: str,
        title: str,
        when: datetime,
        payload: dict[str, Any],
        prov: Provenance,
        index: int,
        url: str | None,
        warnings: list[str] | None = None,
    ) -> Record:
        update: dict[str, Any] = {"original_id": f"[{index}]"}
        if warnings:
            update["warnings"] = [*prov.warnings, *warnings]
        return Record(
            domain=Domain.SOCIAL,
            kind=kind,
            title=title or "(untitled)",
            start=when,
            text=url,
            payload=payload,
            provenance=prov.model_copy(update=update),
        )

    def _json(self, item: Any, prov: Provenance, index: int) -> Record:
        if not isinstance(item, dict):
            raise ValueError("an event that is not an object")
        header = str(item.get("header") or "")
        raw_title = item.get("title")
        if not isinstance(raw_title, str):
            raise ValueError("an event without a title")
        stamp = item.get("time")
        if not isinstance(stamp, str):
            raise ValueError("an event without a time")
        when = datetime.fromisoformat(stamp.strip().replace("Z", "+00:00"))
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        kind, title = classify(header, raw_title)
        subtitles = item.get("subtitles")
        if not isinstance(subtitles, list):
            subtitles = []
        creator = next((s.get("name") for s in subtitles if isinstance(s, dict) and s.get("name")), None)
        url = unwrap(item.get("titleUrl") if isinstance(item.get("titleUrl"), str) else None)
        payload = {k: v for k, v in item.items() if k != "locationInfos"}
        if item.get("locationInfos"):
            payload["location"] = item["locationInfos"]
        payload.update({"creator": creator, "work": title, "medium": "video" if kind == "youtube_watch" else None})
        if url:
            payload["url"] = url
        return self._record(kind, title, when, payload, prov, index, url)

    def _html(self, event: dict[str, Any], prov: Provenance, index: int, zone: tzinfo, note: str | None) -> Record:
        body: list[str] = event["body"]
        if len(body) < 2:
            raise ValueError("an event without a title and a date")
        when, named = html_time(body[-1], zone)
        header = event["header"]
        kind, title = classify(header, body[0])
        links: list[list[str]] = event["links"]
        url = unwrap(links[0][0]) if links and links[0] else None
        creator = body[1] if len(body) > 2 else None
        caption = _caption_fields(event["caption"])
        payload: dict[str, Any] = {"header": header, "title": body[0], "time": body[-1]}
        if url:
            payload["titleUrl"] = links[0][0]
            payload["url"] = url
        if creator:
            channel = links[1][0] if len(links) > 1 and links[1] else None
            payload["subtitles"] = [{"name": creator, **({"url": channel} if channel else {})}]
        if caption.get("products"):
            payload["products"] = caption["products"]
        if caption.get("details"):
            payload["details"] = caption["details"]
        if caption.get("locations"):
            payload["location"] = caption["locations"]
        payload.update({"creator": creator, "work": title, "medium": "video" if kind == "youtube_watch" else None})
        warnings = None if named or note is None else [note]
        return self._record(kind, title, when, payload, prov, index, url, warnings)

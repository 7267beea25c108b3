"""Spotify account data: streaming histories and the saved library, as social and entertainment records.

What Spotify's "Download your data" gives, as single files, a folder of them, or the zip:

* ``StreamingHistory0.json`` (the account data, last twelve months; newer downloads split it into
  ``StreamingHistory_music_0.json`` and ``StreamingHistory_podcast_0.json``): a JSON array of
  ``{"endTime": "2022-12-02 14:14", "artistName", "trackName", "msPlayed"}`` (podcasts:
  ``podcastName``, ``episodeName``).  ``endTime`` is UTC, to the minute, without a zone marker.
* ``Streaming_History_Audio_2023.json`` (the extended streaming history; older name
  ``endsong_0.json``) and ``Streaming_History_Video_*.json``: ``ts`` (ISO, UTC), ``ms_played``,
  ``master_metadata_track_name``, ``master_metadata_album_artist_name``,
  ``master_metadata_album_album_name``, ``spotify_track_uri``, ``episode_name``,
  ``episode_show_name``, ``audiobook_title`` ..., ``reason_start``/``reason_end``, ``shuffle``,
  ``skipped``, ``offline``, ``incognito_mode``, and where it was played from (``conn_country``,
  ``ip_addr``, ``platform``).
* ``YourLibrary.json``: saved ``tracks``, ``albums``, ``artists``, ``shows``, ``episodes`` and the
  banned ones.

One ``spotify_play`` record per play: title ``Artist - Track`` (``Show - Episode``), ``value`` the
seconds played.  Both histories give the time a play *ended* (Spotify's ReadMeFirst; a play of
three minutes that ended at 14:14 began at 14:11), so ``end`` is that time and ``start`` is
``end`` minus the milliseconds played.  The payload keeps the source's fields and adds
``creator`` (artist, show, author), ``work`` (track, episode, chapter) and ``medium``
(``music``, ``podcast``, ``audiobook``, ``video``), which :mod:`wallet.features.listening` reads.
Where a play came from (``conn_country``, ``ip_addr`` and their older ``_decrypted`` names) is
kept under the payload's ``location`` key, which a share leaves out unless the person chooses to
send it.  A play in a private session (``incognito_mode``) is kept, tagged ``incognito``.

Library entries are records of their own kinds (``spotify_library_track``, ``_album``,
``_artist``, ``_show``, ``_episode``, ``_banned_track``, ``_banned_artist``), without a time.

The histories are streamed (ijson): memory stays flat however long the history.
"""

from __future__ import annotations

import re
from collections.abc import Generator, Iterator
from datetime import UTC, datetime, timedelta
from typing import IO, Any, ClassVar

from connectors.spotify.streams import (
    ZIP_ERRORS,
    Archive,
    CountingReader,
    array_items,
    is_zip,
    progress_of,
    zip_names,
)
from wallet import limits
from wallet.errors import ConnectorError
from wallet.imports.connector import Connector, ImportContext, Source
from wallet.model import Domain, Provenance, Record, SkippedItem

BASIC = re.compile(r"^StreamingHistory(?:_(music|podcast))?_?\d*(?: \(\d+\))?\.json$", re.IGNORECASE)
EXTENDED = re.compile(
    r"^(?:Streaming_History_(Audio|Video)_.*|endsong_\d+|Streaming_History_\d+)(?: \(\d+\))?\.json$", re.IGNORECASE
)
LIBRARY = re.compile(r"^YourLibrary(?: \(\d+\))?\.json$", re.IGNORECASE)
PLAY = "spotify_play"
LIBRARY_KINDS = {
    "tracks": "spotify_library_track",
    "albums": "spotify_library_album",
    "artists": "spotify_library_artist",
    "shows": "spotify_library_show",
    "episodes": "spotify_library_episode",
    "bannedTracks": "spotify_library_banned_track",
    "bannedArtists": "spotify_library_banned_artist",
}
"""The record kind of each section of YourLibrary.json."""
LOCATION_FIELDS = ("conn_country", "ip_addr", "ip_addr_decrypted")
"""Fields of an extended history entry that say where it was played: kept under ``location``."""
MAX_LIBRARY_BYTES = limits.MAX_JSON_DOCUMENT_BYTES
_WHAT = "a Spotify streaming history"


def file_kind(name: str) -> str | None:
    """``basic``, ``extended``, ``video``, ``library`` or None: which Spotify file a (base) name is."""
    if BASIC.match(name):
        return "basic"
    m = EXTENDED.match(name)
    if m:
        return "video" if (m.group(1) or "").lower() == "video" else "extended"
    if LIBRARY.match(name):
        return "library"
    return None


def _looks_like(kind: str, head: str) -> bool:
    text = head.lstrip("\ufeff \t\r\n")
    if kind == "library":
        return text.startswith("{") and ('"tracks"' in head or '"artists"' in head or '"albums"' in head)
    if not text.startswith("["):
        return False
    if text[1:].lstrip() == "]" or len(text) < 3:
        return True  # an empty history is still one (read says so)
    if kind == "basic":
        return '"endTime"' in head and ('"msPlayed"' in head)
    return '"ts"' in head and '"ms_played"' in head


def _basic_time(text: Any) -> datetime:
    if not isinstance(text, str):
        raise ValueError("no endTime")
    for fmt in ("%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"):
        try:
            return datetime.strptime(text.strip(), fmt).replace(tzinfo=UTC)
        except ValueError:
            continue
    raise ValueError(f"endTime is not a date and time: {text[:30]!r}")


def _iso_time(text: Any) -> datetime:
    if not isinstance(text, str):
        raise ValueError("no ts")
    value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)  # Spotify's ts is UTC
    return value


def _ms(value: Any, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{field} is not a number")
    if value < 0 or value != value or value > 7 * 24 * 3600 * 1000:
        raise ValueError(f"{field} {value} is not a play's length")
    return int(value)


def _text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


class SpotifyConnector(Connector):
    """Spotify account data: streaming histories (basic and extended) and YourLibrary.json, single
    files or the downloaded zip."""

    id = "spotify"
    name = "Spotify (account data)"
    version = "1"
    domains: ClassVar[tuple[Domain, ...]] = (Domain.SOCIAL,)
    accepts = (
        "Spotify data download: StreamingHistory*.json, Streaming_History_Audio_*.json, YourLibrary.json, or the zip"
    )
    extensions = (".json", ".zip")

    def identify(self, source: Source) -> bool:
        """A file named as Spotify names them, whose first bytes hold that file's keys; or a zip holding one."""
        try:
            if source.suffix == ".zip" or is_zip(source):
                return is_zip(source) and any(file_kind(n.rsplit("/", 1)[-1]) for n in zip_names(source))
            kind = file_kind(source.name)
            return kind is not None and _looks_like(kind, source.head_text())
        except Exception:
            return False

    def read(self, source: Source, context: ImportContext) -> Iterator[Record | SkippedItem]:
        """The Connector contract: one record per play and per library entry, streamed."""
        if is_zip(source):
            yield from self._read_zip(source, context)
            return
        kind = file_kind(source.name)
        if kind is None:
            raise ConnectorError(
                f"{source.name}: not a Spotify file name (StreamingHistory0.json, Streaming_History_Audio_2023.json, "
                "YourLibrary.json)"
            )
        prov = Provenance(**self.provenance(source))
        with source.open() as fh:
            reader = CountingReader(fh, progress_of(context, source.size))
            produced = yield from self._file(kind, source.name, reader, prov, "")
        if not produced:
            raise ConnectorError(f"{source.name}: no Spotify plays or library entries in this file")

    def _read_zip(self, source: Source, context: ImportContext) -> Generator[Record | SkippedItem, None, None]:
        archive = Archive(source)
        try:
            members = archive.matching(lambda n: file_kind(n) is not None)
            if not members:
                raise ConnectorError(f"{source.name}: no Spotify history or library files inside this zip")
            total = sum(i.file_size for i in members) or None
            done_before = 0
            produced = 0
            prov = Provenance(**self.provenance(source))
            for info in members:
                base = info.filename.rsplit("/", 1)[-1]
                kind = file_kind(base)
                assert kind is not None
                where = f"{source.name}/{info.filename}"

                def report(done: int, before: int = done_before) -> None:
                    context.progress(before + done, total)

                try:
                    with archive.open(info) as fh:
                        reader = CountingReader(fh, report)
                        produced += yield from self._file(kind, where, reader, prov, f"{info.filename}:")
                except ZIP_ERRORS as exc:
                    raise ConnectorError(f"{source.name}: zip entry {info.filename!r} is damaged ({exc})") from None
                done_before += info.file_size
            if not produced:
                raise ConnectorError(f"{source.name}: no Spotify plays or library entries in this zip")
        finally:
            archive.close()

    def _file(
        self, kind: str, name: str, fh: IO[bytes] | CountingReader, prov: Provenance, member: str
    ) -> Generator[Record | SkippedItem, None, int]:
        """Records of one file; returns how many (as the generator's value)."""
        produced = 0
        if kind == "library":
            data = fh.read(MAX_LIBRARY_BYTES + 1)
            if len(data) > MAX_LIBRARY_BYTES:
                raise ConnectorError(f"{name}: over the {limits.mb(MAX_LIBRARY_BYTES)} a YourLibrary.json may have")
            library = limits.load_json(data, name, "JSON")
            if not isinstance(library, dict):
                raise ConnectorError(f"{name}: not a Spotify YourLibrary.json (an object with tracks, albums ...)")
            for section, entries in library.items():
                record_kind = LIBRARY_KINDS.get(section)
                if record_kind is None or not isinstance(entries, list):
                    continue
                for index, entry in enumerate(entries):
                    try:
                        yield self._library(record_kind, entry, prov, f"{member}{section}[{index}]")
                        produced += 1
                    except (ValueError, TypeError) as exc:
                        yield SkippedItem(where=f"{member}{section}[{index}]", reason=str(exc)[:120])
            return produced
        for index, item in enumerate(array_items(fh, name, _WHAT)):
            where = f"{member}[{index}]"
            try:
                if kind == "basic":
                    record = self._basic(item, prov, where)
                else:
                    record = self._extended(item, prov, where, video=kind == "video")
            except (ValueError, TypeError, OverflowError) as exc:
                yield SkippedItem(where=where, reason=str(exc)[:120] or type(exc).__name__)
                continue
            produced += 1
            yield record
        return produced

    def _play(
        self,
        end: datetime,
        ms: int,
        creator: str | None,
        work: str | None,
        medium: str,
        payload: dict[str, Any],
        prov: Provenance,
        where: str,
        tags: list[str] | None = None,
        uri: str | None = None,
    ) -> Record:
        title = " - ".join(p for p in (creator, work) if p) or "(unknown)"
        payload = {**payload, "creator": creator, "work": work, "medium": medium}
        return Record(
            domain=Domain.SOCIAL,
            kind=PLAY,
            title=title,
            start=end - timedelta(milliseconds=ms),
            end=end,
            value=ms / 1000,
            unit="s",
            code_system="spotify" if uri else None,
            code=uri,
            payload=payload,
            provenance=prov.model_copy(update={"original_id": where}),
            tags=tags or [],
        )

    def _basic(self, item: Any, prov: Provenance, where: str) -> Record:
        if not isinstance(item, dict):
            raise ValueError("an entry that is not an object")
        end = _basic_time(item.get("endTime"))
        ms = _ms(item.get("msPlayed"), "msPlayed")
        if "podcastName" in item or "episodeName" in item:
            creator, work, medium = _text(item.get("podcastName")), _text(item.get("episodeName")), "podcast"
        else:
            creator, work, medium = _text(item.get("artistName")), _text(item.get("trackName")), "music"
        if creator is None and work is None:
            raise ValueError("no artist and no track")
        return self._play(end, ms, creator, work, medium, dict(item), prov, where)

    def _extended(self, item: Any, prov: Provenance, where: str, video: bool) -> Record:
        if not isinstance(item, dict):
            raise ValueError("an entry that is not an object")
        end = _iso_time(item.get("ts"))
        ms = _ms(item.get("ms_played"), "ms_played")
        track = _text(item.get("master_metadata_track_name"))
        episode = _text(item.get("episode_name"))
        chapter = _text(item.get("audiobook_chapter_title")) or _text(item.get("audiobook_title"))
        uri: str | None
        if track is not None:
            creator, work, medium = _text(item.get("master_metadata_album_artist_name")), track, "music"
            uri = _text(item.get("spotify_track_uri"))
        elif episode is not None:
            creator, work, medium = _text(item.get("episode_show_name")), episode, "podcast"
            uri = _text(item.get("spotify_episode_uri"))
        elif chapter is not None:
            creator, work, medium = _text(item.get("audiobook_title")), chapter, "audiobook"
            uri = _text(item.get("audiobook_chapter_uri")) or _text(item.get("audiobook_uri"))
        else:
            raise ValueError("no track, episode or audiobook named (a play Spotify kept without its title)")
        if video:
            medium = "video"
        payload = {k: v for k, v in item.items() if k not in LOCATION_FIELDS}
        location = {k: item[k] for k in LOCATION_FIELDS if item.get(k) not in (None, "")}
        if location:
            payload["location"] = location
        tags = ["incognito"] if item.get("incognito_mode") is True else []
        return self._play(end, ms, creator, work, medium, payload, prov, where, tags, uri)

    def _library(self, kind: str, entry: Any, prov: Provenance, where: str) -> Record:
        if not isinstance(entry, dict):
            raise ValueError("an entry that is not an object")
        creator = _text(entry.get("artist")) or _text(entry.get("show"))
        work = _text(entry.get("track")) or _text(entry.get("album")) or _text(entry.get("name"))
        if kind == "spotify_library_album":
            work = _text(entry.get("album"))
        if creator is None and work is None:
            raise ValueError("an entry without a name")
        title = " - ".join(p for p in (creator, work) if p)
        uri = _text(entry.get("uri"))
        return Record(
            domain=Domain.SOCIAL,
            kind=kind,
            title=title,
            code_system="spotify" if uri else None,
            code=uri,
            payload={**entry, "creator": creator, "work": work},
            provenance=prov.model_copy(update={"original_id": where}),
        )


__all__ = ["CountingReader", "SpotifyConnector", "array_items", "file_kind", "progress_of"]

"""Listening and watching over time: hours per week, top artists and shows for a period.

Reads the plays of the social and entertainment domain (:attr:`~wallet.model.Domain.SOCIAL`):
Spotify plays (music, podcasts, audiobooks, video), Netflix viewings and YouTube watches.  A
play's connector puts ``creator`` (artist, show, channel), ``work`` (track, episode, video) and
``medium`` (``music``, ``podcast``, ``audiobook``, ``video``) in its payload; its time played is
``end - start`` (a YouTube watch has no end: it is counted as a play of no measured length).

Weeks are ISO weeks (Monday to Sunday) of the play's *start* in the zone given (by default this
computer's); a play that runs over midnight on Sunday counts wholly in the week it began.
Listening is music, podcasts and audiobooks; watching is video.  No Qt here: the CLI
(``mydata-wallet listening``) and any view call :func:`listening_summary` or the pure functions
:func:`plays_of`, :func:`weekly` and :func:`top`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING

from wallet.model import Domain, Record

if TYPE_CHECKING:
    from wallet.store.vault import Vault

PLAY_KINDS: tuple[str, ...] = ("spotify_play", "netflix_view", "youtube_watch")
"""The record kinds that are plays (a Netflix trailer, ``netflix_preview``, is not)."""
LISTENING_MEDIA = frozenset({"music", "podcast", "audiobook"})
WATCHING_MEDIA = frozenset({"video"})
SHOW_MEDIA = frozenset({"podcast", "video", "audiobook"})
"""Media whose creator is a show (a podcast, a series, a channel) rather than an artist."""
LABELS: dict[str, tuple[str, str]] = {
    "listening": ("Listening", "듣기"),
    "watching": ("Watching", "시청"),
    "music": ("Music", "음악"),
    "podcast": ("Podcasts", "팟캐스트"),
    "audiobook": ("Audiobooks", "오디오북"),
    "video": ("Video", "동영상"),
    "top_artists": ("Top artists", "많이 들은 아티스트"),
    "top_shows": ("Top shows", "많이 본 프로그램"),
}
"""English and Korean names of the categories, for front ends (``label(key, lang)``)."""


def label(key: str, lang: str = "en") -> str:
    """The name of a category (:data:`LABELS`) in ``lang`` ("en" or "ko"); the key when unknown."""
    names = LABELS.get(key)
    if names is None:
        return key
    return names[1] if lang == "ko" else names[0]


@dataclass(frozen=True)
class Play:
    """One play or viewing, as the summaries count it."""

    start: datetime
    seconds: float
    creator: str
    work: str
    medium: str
    kind: str


@dataclass(frozen=True)
class WeekUse:
    """One ISO week: hours of listening and of watching, and the number of plays."""

    week: str
    """``2023-W32``."""
    monday: date
    listening_hours: float
    watching_hours: float
    plays: int


@dataclass(frozen=True)
class TopItem:
    """An artist or show, with the hours and plays of a period."""

    name: str
    hours: float
    plays: int


@dataclass(frozen=True)
class ListeningSummary:
    """Listening and watching of a period: by week, in total, and the top artists and shows."""

    since: date | None
    until: date | None
    weeks: list[WeekUse] = field(default_factory=list)
    top_artists: list[TopItem] = field(default_factory=list)
    top_shows: list[TopItem] = field(default_factory=list)
    listening_hours: float = 0.0
    watching_hours: float = 0.0
    plays: int = 0


def _local_zone() -> tzinfo:
    return datetime.now().astimezone().tzinfo or UTC


def plays_of(records: Iterable[Record]) -> list[Play]:
    """The plays among ``records`` (social records of :data:`PLAY_KINDS` with a start), oldest first."""
    out: list[Play] = []
    for rec in records:
        if rec.domain is not Domain.SOCIAL or rec.kind not in PLAY_KINDS or rec.start is None:
            continue
        seconds = max(0.0, (rec.end - rec.start).total_seconds()) if rec.end is not None else 0.0
        payload = rec.payload
        medium = payload.get("medium") if isinstance(payload.get("medium"), str) else None
        creator = payload.get("creator") if isinstance(payload.get("creator"), str) else None
        work = payload.get("work") if isinstance(payload.get("work"), str) else None
        out.append(
            Play(
                start=rec.start,
                seconds=seconds,
                creator=creator or "(unknown)",
                work=work or rec.title,
                medium=medium or ("music" if rec.kind == "spotify_play" else "video"),
                kind=rec.kind,
            )
        )
    out.sort(key=lambda p: p.start)
    return out


def week_of(when: datetime, zone: tzinfo) -> tuple[str, date]:
    """The ISO week (``2023-W32``) of ``when`` in ``zone``, and its Monday."""
    day = when.astimezone(zone).date()
    year, week, weekday = day.isocalendar()
    return f"{year}-W{week:02d}", day - timedelta(days=weekday - 1)


def _in(play: Play, zone: tzinfo, since: date | None, until: date | None) -> bool:
    day = play.start.astimezone(zone).date()
    return (since is None or day >= since) and (until is None or day <= until)


def weekly(
    plays: Iterable[Play], zone: tzinfo | None = None, since: date | None = None, until: date | None = None
) -> list[WeekUse]:
    """Hours of listening and watching per ISO week, every week from the first to the last (empty ones as 0).

    ``since``/``until`` (days in ``zone``, inclusive) bound the plays counted; the weeks shown are
    those from ``since`` (else the first play) to ``until`` (else the last play)."""
    zone = zone or _local_zone()
    listening: dict[date, float] = defaultdict(float)
    watching: dict[date, float] = defaultdict(float)
    count: dict[date, int] = defaultdict(int)
    for play in plays:
        if not _in(play, zone, since, until):
            continue
        _, monday = week_of(play.start, zone)
        count[monday] += 1
        if play.medium in WATCHING_MEDIA:
            watching[monday] += play.seconds
        else:
            listening[monday] += play.seconds
    if not count and (since is None or until is None):
        return []
    first = since - timedelta(days=since.weekday()) if since else min(count)
    last = until - timedelta(days=until.weekday()) if until else max(count)
    out: list[WeekUse] = []
    monday = first
    while monday <= last:
        year, week, _ = monday.isocalendar()
        out.append(
            WeekUse(
                week=f"{year}-W{week:02d}",
                monday=monday,
                listening_hours=listening.get(monday, 0.0) / 3600,
                watching_hours=watching.get(monday, 0.0) / 3600,
                plays=count.get(monday, 0),
            )
        )
        monday += timedelta(days=7)
    return out


def top(
    plays: Iterable[Play],
    media: frozenset[str] | set[str],
    limit: int = 10,
    zone: tzinfo | None = None,
    since: date | None = None,
    until: date | None = None,
) -> list[TopItem]:
    """The creators (artists, shows) of ``media`` with the most hours in the period, then the most plays."""
    zone = zone or _local_zone()
    seconds: dict[str, float] = defaultdict(float)
    count: dict[str, int] = defaultdict(int)
    for play in plays:
        if play.medium not in media or not _in(play, zone, since, until):
            continue
        seconds[play.creator] += play.seconds
        count[play.creator] += 1
    ranked = sorted(seconds, key=lambda name: (-seconds[name], -count[name], name))
    return [TopItem(name=name, hours=seconds[name] / 3600, plays=count[name]) for name in ranked[:limit]]


def summarise(
    plays: list[Play],
    weeks: int | None = 12,
    zone: tzinfo | None = None,
    until: date | None = None,
    limit: int = 10,
) -> ListeningSummary:
    """The summary of the last ``weeks`` ISO weeks up to ``until`` (default: the day of the last play);
    ``weeks`` None: every play."""
    zone = zone or _local_zone()
    if not plays:
        return ListeningSummary(since=None, until=None)
    end = until or max(p.start for p in plays).astimezone(zone).date()
    end_sunday = end + timedelta(days=6 - end.weekday())
    since = None if weeks is None else end_sunday - timedelta(days=7 * weeks - 1)
    chosen = [p for p in plays if _in(p, zone, since, end_sunday)]
    by_week = weekly(chosen, zone, since, end_sunday) if since is not None else weekly(chosen, zone)
    return ListeningSummary(
        since=since if since is not None else (by_week[0].monday if by_week else None),
        until=end_sunday,
        weeks=by_week,
        top_artists=top(chosen, {"music"}, limit, zone),
        top_shows=top(chosen, SHOW_MEDIA, limit, zone),
        listening_hours=sum(p.seconds for p in chosen if p.medium in LISTENING_MEDIA) / 3600,
        watching_hours=sum(p.seconds for p in chosen if p.medium in WATCHING_MEDIA) / 3600,
        plays=len(chosen),
    )


def listening_summary(
    vault: Vault,
    person_id: str | None = None,
    weeks: int | None = 12,
    zone: tzinfo | None = None,
    until: date | None = None,
    limit: int = 10,
) -> ListeningSummary:
    """Listening and watching of a person (None: everyone) over the last ``weeks`` weeks of their plays."""
    records = vault.records(person_id=person_id, domain=Domain.SOCIAL, kinds=PLAY_KINDS, newest_first=False)
    return summarise(plays_of(records), weeks, zone, until, limit)

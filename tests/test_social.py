"""The social and entertainment domain: Spotify, Google My Activity / YouTube, Netflix, X/Twitter connectors,
listening per week, export-all and shares that never preselect it.

Regenerate the golden files with ``UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_social.py`` and review the diff.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import tracemalloc
import zipfile
from collections import Counter, defaultdict
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES, PASSPHRASE
from conftest import run_cli as run
from golden_support import check_golden
from share_support import fill, request

from connectors.spotify import SpotifyConnector
from connectors.takeout_activity import (
    MetaArchiveConnector,
    MyActivityConnector,
    NetflixConnector,
    TwitterArchiveConnector,
)
from connectors.takeout_activity.my_activity import html_time, unwrap
from connectors.takeout_activity.netflix import show_of
from wallet.errors import ConnectorError, WalletError
from wallet.features import listening as lf
from wallet.features.export_all import export_all
from wallet.features.share import sensitive
from wallet.features.share.selection import gather, prepare
from wallet.features.share.templates import Selection
from wallet.imports.connector import Connector, ImportContext, Source
from wallet.imports.pipeline import import_source
from wallet.model import Domain, Record, SkippedItem
from wallet.store.vault import KdfParams, Vault

DATA = FIXTURES / "social"
HERE = Path(__file__).parent
HISTORY = DATA / "StreamingHistory0.json"
EXTENDED = DATA / "Streaming_History_Audio_2023.json"
MINE = ("spotify", "google_my_activity", "netflix", "twitter_archive", "meta_archive")
META = DATA / "meta"


def read(connector: Connector, path: Path, **options: Any) -> list[Record | SkippedItem]:
    return list(connector.read(Source(path), ImportContext(options=options)))


def records(connector: Connector, path: Path, **options: Any) -> list[Record]:
    return [r for r in read(connector, path, **options) if isinstance(r, Record)]


# ------------------------------------------------------------------ Spotify


def test_basic_history_real_sample_one_record_per_play() -> None:
    raw = json.loads(HISTORY.read_text(encoding="utf-8"))
    got = read(SpotifyConnector(), HISTORY)
    assert len(raw) == 8833 and len(got) == 8833
    assert all(isinstance(r, Record) for r in got)
    recs = [r for r in got if isinstance(r, Record)]
    assert {r.domain for r in recs} == {Domain.SOCIAL} and {r.kind for r in recs} == {"spotify_play"}
    first, last = recs[0], recs[-1]
    # endTime is the end of the play, in UTC to the minute; start = end - msPlayed
    assert first.end == datetime(2022, 12, 2, 14, 14, tzinfo=UTC)
    assert first.start == first.end - timedelta(milliseconds=212)
    assert first.title == "Metro Boomin - Raindrops (Insane) [with Travis Scott]"
    assert last.end == datetime(2023, 5, 5, 14, 27, tzinfo=UTC) and last.title == "A$AP Ferg - Floor Seats"
    for item, rec in zip(raw, recs, strict=True):
        assert rec.end is not None and rec.start is not None
        assert (rec.end - rec.start) == timedelta(milliseconds=item["msPlayed"])
        assert rec.value == item["msPlayed"] / 1000 and rec.unit == "s"
        assert rec.payload["creator"] == item["artistName"] and rec.payload["work"] == item["trackName"]
    assert sum(1 for r in recs if r.value == 0) == sum(1 for i in raw if i["msPlayed"] == 0) == 474
    assert max(r.value or 0 for r in recs) == 4350.006
    unicode_titles = [r.title for r in recs if not r.title.isascii()]
    assert len(unicode_titles) == 107
    assert any("\u2019" in t for t in unicode_titles)  # curly apostrophes kept as they are


def test_extended_history_korean_podcast_incognito_and_location() -> None:
    got = read(SpotifyConnector(), EXTENDED)
    skipped = [r for r in got if isinstance(r, SkippedItem)]
    recs = [r for r in got if isinstance(r, Record)]
    assert len(recs) == 5 and [s.where for s in skipped] == ["[4]"]  # a 0 ms play Spotify kept without a title
    ditto, night, podcast, cafe, spring = recs
    assert night.title == "아이유 - 밤편지" and night.code == "spotify:track:0RJMSRwLtEAYyCS4ivOyH6"
    assert night.end == datetime(2023, 8, 7, 21, 11, 2, tzinfo=UTC)
    assert night.start == night.end - timedelta(milliseconds=180500)
    assert podcast.title == "월말 김어준 - 경제 뉴스 8월 둘째 주" and podcast.payload["medium"] == "podcast"
    assert podcast.value == 2400.0
    assert cafe.title == "Sigur Rós - Café del Mar – Energía"
    assert cafe.tags == ["incognito"] and cafe.payload["incognito_mode"] is True
    assert all(r.tags == [] for r in (ditto, night, podcast, spring))
    # where it was played from is kept apart, under the key a share leaves out
    assert cafe.payload["location"] == {"conn_country": "JP", "ip_addr": "198.51.100.4"}
    assert "ip_addr" not in cafe.payload and "conn_country" not in cafe.payload
    assert spring.payload["offline"] is True and spring.payload["reason_start"] == "playbtn"


def test_library_entries_are_their_own_kinds() -> None:
    recs = records(SpotifyConnector(), DATA / "YourLibrary.json")
    kinds = Counter(r.kind for r in recs)
    assert kinds == {
        "spotify_library_track": 203,
        "spotify_library_album": 67,
        "spotify_library_artist": 6,
        "spotify_library_episode": 1,
    }
    assert all(r.start is None for r in recs)
    assert recs[0].title == "Kanye West - Dark Fantasy" and recs[0].code == "spotify:track:7yNK27ZTpHew0c55VvIJgm"
    episode = next(r for r in recs if r.kind == "spotify_library_episode")
    assert episode.title == "The Mindset Meditation Podcast - 8Hours Deep Sleep Music for Peaceful Good Night Sleep"


def test_zip_reads_as_its_files_and_reports_progress(tmp_path: Path) -> None:
    archive = tmp_path / "my_spotify_data.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        z.write(HISTORY, "MyData/StreamingHistory0.json")
        z.write(DATA / "YourLibrary.json", "MyData/YourLibrary.json")
        z.writestr("MyData/Read Me First.pdf", b"%PDF-1.4")
    connector = SpotifyConnector()
    assert connector.identify(Source(archive))
    seen: list[tuple[int, int | None]] = []
    ctx = ImportContext(progress=lambda done, total: seen.append((done, total)))
    from_zip = [r for r in connector.read(Source(archive), ctx) if isinstance(r, Record)]
    separate = records(connector, HISTORY) + records(connector, DATA / "YourLibrary.json")
    assert [r.content_hash for r in from_zip] == [r.content_hash for r in separate]
    total = HISTORY.stat().st_size + (DATA / "YourLibrary.json").stat().st_size
    assert seen[-1] == (total, total) and all(b[0] >= a[0] for a, b in itertools.pairwise(seen))


def test_zip_bomb_and_zip_slip_are_refused(tmp_path: Path, vault: Vault) -> None:
    slip = tmp_path / "slip.zip"
    with zipfile.ZipFile(slip, "w") as z:
        z.writestr("../StreamingHistory0.json", HISTORY.read_bytes()[:100])
    with pytest.raises(ConnectorError, match="points outside the export folder"):
        read(SpotifyConnector(), slip)
    bomb = HERE / "conformance" / "spotify" / "bad" / "my_spotify_data.zip"
    with pytest.raises(ConnectorError, match="zip bomb"):
        read(SpotifyConnector(), bomb)
    with pytest.raises(WalletError):
        import_source(vault, Source(bomb), connector_id="spotify")
    assert vault.count() == 0


def test_a_long_history_is_streamed_with_flat_memory(tmp_path: Path) -> None:
    path = tmp_path / "Streaming_History_Audio_2020-2024.json"
    n = 60_000
    entry = (
        '{{"ts": "2023-01-01T00:{m:02d}:{s:02d}Z", "ms_played": {ms}, "master_metadata_track_name": "트랙 {i}", '
        '"master_metadata_album_artist_name": "Artist {a}", "master_metadata_album_album_name": "Album", '
        '"spotify_track_uri": "spotify:track:{i:022d}", "reason_start": "trackdone", "reason_end": "trackdone", '
        '"shuffle": false, "skipped": false, "incognito_mode": false, "conn_country": "KR"}}'
    )
    with path.open("w", encoding="utf-8") as fh:
        fh.write("[\n")
        fh.write(",\n".join(entry.format(m=i // 60 % 60, s=i % 60, ms=1000 + i, i=i, a=i % 50) for i in range(n)))
        fh.write("\n]\n")
    size = path.stat().st_size
    assert size > 15_000_000
    tracemalloc.start()
    try:
        count = 0
        for rec in SpotifyConnector().read(Source(path), ImportContext()):
            assert isinstance(rec, Record)
            count += 1
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == n
    assert peak < size / 5, f"peak {peak:,} bytes for a {size:,}-byte file: not streamed"


# ------------------------------------------------------------------ Google My Activity / YouTube


def test_my_activity_html_real_sample() -> None:
    recs = records(MyActivityConnector(), DATA / "MyActivity.html", timezone="Asia/Seoul")
    seoul = timezone(timedelta(hours=9))
    assert [(r.kind, r.title) for r in recs] == [
        ("web_visit", "https://productforums.google.com/forum/"),
        ("web_visit", "http://www.adobe.com/creativecloud.html"),
        ("web_search", "adobe creative cloud"),
    ]
    assert recs[0].start == datetime(2018, 1, 31, 22, 54, 50, tzinfo=seoul)
    assert recs[2].start == datetime(2017, 2, 8, 0, 32, 36, tzinfo=seoul)
    # the redirect is unwrapped to the page visited; the original link stays in the payload
    assert recs[1].text == "http://www.adobe.com/creativecloud.html"
    assert recs[1].payload["titleUrl"].startswith("https://www.google.com/url?q=")
    assert recs[2].payload["location"] == ["From your home: https://google.com/maps?q=25.800819,-80.186310"]
    assert recs[0].payload["products"] == ["Search"]
    assert all("Asia/Seoul" in " ".join(r.provenance.warnings) for r in recs)


def test_my_activity_html_youtube_cells_streamed_across_chunks() -> None:
    cell = (
        '<div class="outer-cell mdl-cell mdl-cell--12-col"><div class="mdl-grid">'
        '<div class="header-cell mdl-cell mdl-cell--12-col"><p class="mdl-typography--title">YouTube<br></p></div>'
        '<div class="content-cell mdl-cell mdl-cell--6-col mdl-typography--body-1">Watched&nbsp;'
        '<a href="https://www.youtube.com/watch?v=v{i}">영상 {i} &amp; more</a><br>'
        '<a href="https://www.youtube.com/channel/c{c}">채널 {c}</a><br>Mar {d}, 2024, 9:05:0{s} PM KST</div>'
        '<div class="content-cell mdl-cell mdl-cell--6-col mdl-typography--body-1 mdl-typography--text-right"></div>'
        '<div class="content-cell mdl-cell mdl-cell--12-col mdl-typography--caption"><b>Products:</b><br>'
        "&emsp;YouTube<br></div></div></div>"
    )
    body = "".join(cell.format(i=i, c=i % 3, d=1 + i % 28, s=i % 10) for i in range(3000))
    html = f'<html><head><title>My Activity</title></head><body><div class="mdl-grid">{body}</div></body></html>'
    src = Source(data=html.encode(), name="watch-history.html")
    assert MyActivityConnector().identify(src)
    recs = [
        r for r in MyActivityConnector().read(src, ImportContext(options={"timezone": "UTC"})) if isinstance(r, Record)
    ]
    assert len(recs) == 3000 and {r.kind for r in recs} == {"youtube_watch"}
    assert recs[7].title == "영상 7 & more" and recs[7].payload["creator"] == "채널 1"
    assert recs[7].start == datetime(2024, 3, 8, 21, 5, 7, tzinfo=timezone(timedelta(hours=9)))
    assert recs[7].provenance.warnings == []  # the date named its zone


def test_youtube_watch_history_json() -> None:
    recs = records(MyActivityConnector(), DATA / "watch-history.json")
    assert [r.kind for r in recs] == ["youtube_watch", "youtube_watch", "youtube_search", "web_visit"]
    lesson = recs[0]
    assert lesson.title == "한국어 배우기 - 1강" and lesson.payload["creator"] == "Talk To Me In Korean"
    assert lesson.start == datetime(2024, 3, 2, 12, 34, 56, 789000, tzinfo=UTC) and lesson.end is None
    assert recs[2].title == "김치찌개 레시피"
    assert recs[3].text == "https://example.org/page" and "locationInfos" not in recs[3].payload
    assert recs[3].payload["location"][0]["name"] == "From your places (Home)"


def test_html_dates_and_links() -> None:
    utc = UTC
    assert html_time("Jan 31, 2018, 10:54:50 PM", utc) == (datetime(2018, 1, 31, 22, 54, 50, tzinfo=utc), False)
    assert html_time("Feb 8, 2017, 12:32:39 AM", utc)[0] == datetime(2017, 2, 8, 0, 32, 39, tzinfo=utc)
    when, named = html_time("Aug 7, 2023, 9:07:25\u202fPM GMT+09:00", utc)
    assert named and when == datetime(2023, 8, 7, 21, 7, 25, tzinfo=timezone(timedelta(hours=9)))
    assert html_time("2023. 8. 7. 오후 9:07:25 KST", utc)[0] == datetime(
        2023, 8, 7, 21, 7, 25, tzinfo=timezone(timedelta(hours=9))
    )
    with pytest.raises(ValueError):
        html_time("yesterday", utc)
    assert unwrap("https://www.google.com/url?q=http://a.example/x%3Fy&usg=1") == "http://a.example/x?y"
    assert unwrap("https://example.org/url?q=x") == "https://example.org/url?q=x"


# ------------------------------------------------------------------ Netflix, X/Twitter


def test_netflix_viewing_activity() -> None:
    recs = records(NetflixConnector(), DATA / "ViewingActivity.csv")
    assert [r.kind for r in recs] == ["netflix_view", "netflix_view", "netflix_preview", "netflix_view", "netflix_view"]
    squid = recs[0]
    assert squid.title == "오징어 게임: 시즌 1: 무궁화 꽃이 피었습니다 (에피소드 1)"
    assert squid.payload["creator"] == "오징어 게임" and squid.payload["Profile Name"] == "민지"
    assert squid.start == datetime(2023, 1, 15, 20, 31, 5, tzinfo=UTC)
    assert squid.end == squid.start + timedelta(minutes=42, seconds=10) and squid.value == 2530
    assert squid.payload["location"] == {"Country": "KR (South Korea)"} and "Country" not in squid.payload
    assert recs[3].payload["creator"] == "Parasite"  # a film is its own show
    assert recs[4].payload["creator"] == "The Crown"
    assert show_of("Squid Game: Season 1: Hell (Episode 2)") == "Squid Game"
    assert show_of("Queen's Gambit: Limited Series: Openings (Episode 1)") == "Queen's Gambit"


def test_tweets_js(vault: Vault) -> None:
    recs = records(TwitterArchiveConnector(), DATA / "tweets.js")
    assert [r.code for r in recs] == ["1712345678901234567", "1701111111111111111", "1690000000000000001"]
    first, reply, retweet = recs
    assert first.text == "오늘 날씨 정말 좋다 #서울 산책 최고" and first.start == datetime(
        2023, 10, 12, 9, 30, tzinfo=UTC
    )
    assert reply.payload["reply"] is True and len(reply.title) == 80 and reply.title.endswith("…")
    assert retweet.payload["retweet"] is True and "☕" in retweet.title
    report = import_source(vault, Source(DATA / "tweets.js"))
    assert report.added == 3
    found = vault.search("산책")
    assert [r.code for r in found] == ["1712345678901234567"]


def test_facebook_and_instagram(vault: Vault) -> None:
    fb = META / "facebook"
    posts = records(MetaArchiveConnector(), fb / "your_posts__check_ins__photos_and_videos_1.json")
    # Meta escapes each UTF-8 byte as its own character: the text is repaired
    assert [p.title for p in posts] == ["한강 공원에서 자전거 🚲", "Worth reading.", "Minji Kim added a new photo."]
    assert posts[0].start == datetime(2023, 10, 10, 9, 30, tzinfo=UTC) and posts[0].kind == "facebook_post"
    assert posts[0].payload["title"] == "김민지 updated her status."
    comments = records(MetaArchiveConnector(), fb / "comments.json")
    assert comments[0].text == "축하해요! Congratulations" and comments[1].text is None
    logins = records(MetaArchiveConnector(), fb / "logins_and_logouts.json")
    assert [r.title for r in logins] == ["Facebook Login www.facebook.com", "Facebook Logout Facebook app"]
    assert logins[0].payload["location"] == {"ip_address": "203.0.113.50"} and "ip_address" not in logins[0].payload
    thread = fb / "messages" / "inbox" / "minji_abc123" / "message_1.json"
    messages = records(MetaArchiveConnector(), thread)
    senders = ["이서준", "김민지", "김민지"]
    assert [m.title for m in messages] == [f"Message from {name} in 이서준" for name in senders]
    assert messages[0].start == datetime(2023, 10, 12, 8, 40, 0, 123000, tzinfo=UTC)
    # metadata only: never the words of a message
    raw = thread.read_text(encoding="ascii")
    assert "\\u00eb\\u0082\\u00b4\\u00ec\\u009d\\u00bc" in raw  # 내일, as Meta writes it
    for m in messages:
        assert "내일" not in json.dumps(m.model_dump(mode="json"), ensure_ascii=False) and m.text is None
    assert [m.payload["characters"] for m in messages] == [len("내일 저녁 7시 어때?"), 0, len("좋아! 👍")]
    assert messages[1].payload["carries"] == ["photos"] and messages[0].payload["participants"] == 2
    ig = META / "instagram"
    ig_posts = records(MetaArchiveConnector(), ig / "posts_1.json")
    assert [p.title for p in ig_posts] == ["제주도 여행 #제주", "Instagram post (1 media)"]
    (comment,) = records(MetaArchiveConnector(), ig / "post_comments_1.json")
    assert comment.text == "멋져요 😍" and comment.payload["creator"] == "seojun.lee"
    (login,) = records(MetaArchiveConnector(), ig / "login_activity.json")
    assert login.start == datetime(2023, 10, 12, 9, 0, tzinfo=UTC) and "IP Address" in login.payload["location"]
    assert "IP Address" not in login.payload["string_map_data"]
    import_source(vault, Source(fb / "your_posts__check_ins__photos_and_videos_1.json"))
    assert [r.title for r in vault.search("자전거")] == ["한강 공원에서 자전거 🚲"]


# ------------------------------------------------------------------ bad input: one readable error, vault unchanged


BAD = [(cid, p) for cid in MINE for p in sorted((HERE / "conformance" / cid / "bad").iterdir())]


@pytest.mark.parametrize(("cid", "path"), BAD, ids=lambda v: v if isinstance(v, str) else v.name)
def test_bad_input_one_readable_error_and_nothing_written(cid: str, path: Path, vault: Vault) -> None:
    import_source(vault, Source(DATA / "ViewingActivity.csv"))
    before = vault.count()
    with pytest.raises(WalletError) as info:
        import_source(vault, Source(path), connector_id=cid)
    message = str(info.value)
    assert message and "\n" not in message and "Traceback" not in message
    assert vault.count() == before


# ------------------------------------------------------------------ golden files


GOLDEN = [
    (SpotifyConnector, EXTENDED),
    (SpotifyConnector, DATA / "YourLibrary.json"),
    (MyActivityConnector, DATA / "MyActivity.html"),
    (MyActivityConnector, DATA / "watch-history.json"),
    (NetflixConnector, DATA / "ViewingActivity.csv"),
    (TwitterArchiveConnector, DATA / "tweets.js"),
    (SpotifyConnector, HISTORY),
    (MetaArchiveConnector, META / "facebook" / "messages" / "inbox" / "minji_abc123" / "message_1.json"),
    (MetaArchiveConnector, META / "instagram" / "login_activity.json"),
    (MetaArchiveConnector, META / "facebook" / "your_posts__check_ins__photos_and_videos_1.json"),
]


def _view(items: list[Record | SkippedItem]) -> list[dict[str, Any]]:
    out = []
    for item in items:
        d = item.model_dump(mode="json", exclude={"id"})
        if isinstance(item, Record):
            d["provenance"].pop("imported_at", None)
        out.append(d)
    return out


@pytest.mark.parametrize(("cls", "path"), GOLDEN, ids=lambda v: v.name if isinstance(v, Path) else v.id)
def test_golden(cls: type[Connector], path: Path) -> None:
    items = read(cls(), path, timezone="UTC")
    if len(items) > 50:  # the long real history: its counts, both ends and every 500th play
        got: Any = {
            "count": len(items),
            "kinds": dict(Counter(getattr(i, "kind", "skipped") for i in items)),
            "sample": _view([items[0], *items[500::500], items[-1]]),
        }
    else:
        got = _view(items)
    check_golden(got, HERE / "golden" / cls.id / (path.stem + ".json"), sort_keys=True)


# ------------------------------------------------------------------ listening per week


def test_a_spotify_history_shows_listening_per_week(vault: Vault) -> None:
    import_source(vault, Source(HISTORY))
    raw = json.loads(HISTORY.read_text(encoding="utf-8"))
    hours: dict[str, float] = defaultdict(float)
    plays: Counter[str] = Counter()
    for item in raw:  # computed here from the raw JSON: the play began msPlayed before endTime (UTC)
        end = datetime.strptime(item["endTime"], "%Y-%m-%d %H:%M").replace(tzinfo=UTC)
        year, week, _ = (end - timedelta(milliseconds=item["msPlayed"])).isocalendar()
        hours[f"{year}-W{week:02d}"] += item["msPlayed"] / 3_600_000
        plays[f"{year}-W{week:02d}"] += 1
    summary = lf.listening_summary(vault, weeks=None, zone=UTC)
    got = {w.week: w for w in summary.weeks if w.plays}
    assert set(got) == set(hours) and len(got) > 20
    for week, expected in hours.items():
        assert got[week].listening_hours == pytest.approx(expected, abs=1e-9)
        assert got[week].plays == plays[week] and got[week].watching_hours == 0
    assert summary.plays == 8833
    assert summary.listening_hours == pytest.approx(sum(i["msPlayed"] for i in raw) / 3_600_000)
    # weeks without a play are listed as zero, Monday to Monday
    assert all((b.monday - a.monday).days == 7 for a, b in zip(summary.weeks, summary.weeks[1:], strict=False))
    by_artist: Counter[str] = Counter()
    for item in raw:
        by_artist[item["artistName"]] += item["msPlayed"]
    top = [name for name, _ in sorted(by_artist.items(), key=lambda kv: (-kv[1], kv[0]))[:5]]
    assert [t.name for t in summary.top_artists[:5]] == top
    assert summary.top_artists[0].hours == pytest.approx(by_artist[top[0]] / 3_600_000)


def test_last_weeks_and_watching(vault: Vault) -> None:
    import_source(vault, Source(EXTENDED))
    import_source(vault, Source(DATA / "ViewingActivity.csv"))
    import_source(vault, Source(DATA / "watch-history.json"))
    summary = lf.listening_summary(vault, weeks=2, zone=UTC, until=date(2023, 8, 20))
    assert [w.week for w in summary.weeks] == ["2023-W32", "2023-W33"]
    w32, w33 = summary.weeks
    assert w32.listening_hours == pytest.approx((215000 + 180500 + 2400000) / 3_600_000)  # Sunday 23:19 start
    assert w33.listening_hours == pytest.approx((95000 + 1800000) / 3_600_000)
    assert [t.name for t in summary.top_shows] == ["월말 김어준"]
    everything = lf.listening_summary(vault, weeks=None, zone=UTC)
    # Netflix's views are watching (not the trailer); a YouTube watch counts as a play without hours
    shows = {t.name: t for t in everything.top_shows}
    assert shows["Parasite"].hours == pytest.approx(1 + 55 / 60 + 20 / 3600)
    assert "Season 2 Teaser: Squid Game" not in shows
    assert shows["Talk To Me In Korean"].hours == 0 and shows["Talk To Me In Korean"].plays == 1
    netflix = (42 * 60 + 10) + 65 * 60 + (115 * 60 + 20) + 25 * 60
    assert everything.watching_hours == pytest.approx(netflix / 3600)
    assert lf.label("top_artists", "ko") == "많이 들은 아티스트"


def test_cli_imports_a_folder_and_shows_listening(tmp_path: Path) -> None:
    folder = tmp_path / "vault"
    Vault.create(folder, PASSPHRASE, kdf=KdfParams.floor())[0].close()
    download = tmp_path / "my_spotify_data" / "Spotify Extended Streaming History"
    download.mkdir(parents=True)
    (download / EXTENDED.name).write_bytes(EXTENDED.read_bytes())
    (download.parent / "ViewingActivity.csv").write_bytes((DATA / "ViewingActivity.csv").read_bytes())
    imported = run(folder, "import", str(download.parent))
    assert imported.returncode == 0, imported.stderr
    assert "Streaming_History_Audio_2023.json: 5 added" in imported.stdout
    assert "ViewingActivity.csv: 5 added" in imported.stdout
    r = run(folder, "listening", "--weeks", "2", "--until", "2023-08-20", "--utc", "--json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert [w["week"] for w in data["weeks"]] == ["2023-W32", "2023-W33"]
    assert data["weeks"][0]["plays"] == 3 and data["top_artists"][0]["name"] == "방탄소년단"
    text = run(folder, "listening", "--weeks", "0", "--utc", "--lang", "ko")
    assert text.returncode == 0 and "방탄소년단: 0.5시간, 1회" in text.stdout and "2023-W33" in text.stdout


# ------------------------------------------------------------------ shares and export-all


def test_share_templates_never_preselect_social_records(vault: Vault) -> None:
    holder, _other = fill(vault)
    import_source(vault, Source(EXTENDED), person=holder)
    import_source(vault, Source(DATA / "tweets.js"), person=holder)
    social = vault.records(person_id=holder, domain=Domain.SOCIAL)
    assert len(social) == 8
    everything = Selection(since=date(2000, 1, 1), until=date(2030, 1, 1))
    for req in (
        request(holder, "hospital"),
        request(holder, "hospital", selection=everything),
        request(holder, "custom", selection=everything),
        request(
            holder,
            "custom",
            selection=Selection(sources=["Clemente_Kreiger_1484a42d-0eaf-4654-9cbf-6b050a5cd73b.json"]),
        ),
        request(holder, "research", selection=Selection(domains=["health", "fitness"])),
        request(holder, "prescreen", selection=everything),
    ):
        chosen = gather(vault, req)
        assert not [r for r in chosen if r.domain is Domain.SOCIAL], req.template
    assert gather(vault, request(holder, "custom", selection=everything)), "the date range did select health records"
    # only when the person names them do they leave, and then they are flagged
    named = gather(vault, request(holder, "custom", selection=Selection(domains=["social"])))
    assert {r.id for r in named} == {r.id for r in social}
    plan = prepare(vault, request(holder, "custom", selection=Selection(kinds=["tweet"])))
    assert {r.kind for r in plan.records} == {"tweet"}
    assert all(sensitive.SOCIAL in sensitive.classify(r) for r in plan.records)
    assert "social and entertainment activity" in sensitive.labels({sensitive.SOCIAL})


def test_export_all_writes_social_records(vault: Vault, tmp_path: Path) -> None:
    import_source(vault, Source(EXTENDED))
    import_source(vault, Source(DATA / "ViewingActivity.csv"))
    out = tmp_path / "export"
    result = export_all(vault, out)
    assert result.counts["social_records"] == 10
    rows = list(csv.DictReader(io.StringIO((out / "social.csv").read_text(encoding="utf-8-sig"))))
    assert len(rows) == 10
    night = next(r for r in rows if r["title"] == "아이유 - 밤편지")
    assert night["creator"] == "아이유" and night["duration_seconds"] == "180.5" and night["kind"] == "spotify_play"
    assert night["start"] == "2023-08-07T21:08:01.500000+00:00"
    lines = [json.loads(x) for x in (out / "social.ndjson").read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 10 and {x["kind"] for x in lines} == {"spotify_play", "netflix_view", "netflix_preview"}
    squid = next(x for x in lines if x["title"].startswith("오징어"))
    assert squid["data"]["Device Type"] == "Samsung 2021 QLED TV"
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert {"social.csv", "social.ndjson"} <= {f["path"] for f in manifest["files"]}


def test_export_all_without_social_records_writes_no_social_files(vault: Vault, tmp_path: Path) -> None:
    out = tmp_path / "export"
    result = export_all(vault, out)
    assert result.counts["social_records"] == 0 and not (out / "social.csv").exists()

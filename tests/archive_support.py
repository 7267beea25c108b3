"""Account archives (Google Takeout, X, Meta zips) built from the small files already in tests/fixtures/.

The tests zip these at run time (``takeout_zip`` ...); the conformance samples in
``tests/conformance/{google_takeout_archive,twitter_archive_zip,meta_archive_zip}/`` are the same zips,
written by ``.venv/bin/python tests/archive_support.py`` (fixed dates, so the bytes are the same each time).
The committed zips hold only files written for this project (invented values); the real Google Fit CSV
(``Daily activity metrics.csv``, a real person's published data) goes only into zips built at run time.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
FIX = HERE / "fixtures"
TAKEOUT = FIX / "google_takeout"
SOCIAL = FIX / "social"
CONFORMANCE = HERE / "conformance"
WHEN = (2024, 3, 9, 10, 15, 0)

Entries = list[tuple[str, bytes]]


def write_zip(path: Path, entries: Entries) -> Path:
    """A zip of ``entries`` (name, bytes), deflated, with a fixed time: the same bytes every run."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in entries:
            info = zipfile.ZipInfo(name, WHEN)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, data)
    return path


def _tree(root: Path, under: str, skip: tuple[str, ...] = ()) -> Entries:
    return [
        (f"{under}/{p.relative_to(root).as_posix()}", p.read_bytes())
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name not in skip
    ]


def takeout_entries(*, real_fit_csv: bool = False, fitbit_json: bool = True) -> Entries:
    """Takeout/: Fitbit (JSON, CSVs, profile), Fit, YouTube history, My Activity (Chrome), and products not read."""
    skip = () if real_fit_csv else ("Daily activity metrics.csv",)
    fitbit = _tree(TAKEOUT / "Fitbit", "Takeout/Fitbit")
    if not fitbit_json:
        fitbit = [(n, d) for n, d in fitbit if "/Global Export Data/" not in n]
    return [
        ("Takeout/archive_browser.html", b"<html><body>Takeout</body></html>"),
        *fitbit,
        *_tree(TAKEOUT / "Fit", "Takeout/Fit", skip),
        ("Takeout/Fit/Activities/2024-03-03T08_10_00+09_00_RUNNING.tcx", b"<TrainingCenterDatabase/>"),
        ("Takeout/YouTube and YouTube Music/history/watch-history.json", (SOCIAL / "watch-history.json").read_bytes()),
        (
            "Takeout/YouTube and YouTube Music/subscriptions/subscriptions.csv",
            b"Channel Id,Channel Url,Channel Title\n",
        ),
        ("Takeout/My Activity/Chrome/MyActivity.html", (SOCIAL / "MyActivity.html").read_bytes()),
        ("Takeout/Google Photos/Photos from 2024/IMG_0001.jpg", b"\xff\xd8\xff\xe0 not really a photo"),
        ("Takeout/Google Photos/Photos from 2024/IMG_0001.jpg.json", b'{"title": "IMG_0001.jpg"}'),
        ("Takeout/Chrome/History.json", b'{"Browser History": []}'),
    ]


def twitter_entries() -> Entries:
    """An X archive: Your archive.html, data/manifest.js, data/tweets.js, likes, messages and a picture."""
    return [
        ("Your archive.html", b"<html><body>Your X archive</body></html>"),
        ("data/manifest.js", b'window.__THAR_CONFIG = {"userInfo": {"userName": "minji"}}'),
        ("data/tweets.js", (SOCIAL / "tweets.js").read_bytes()),
        ("data/like.js", b'window.YTD.like.part0 = [{"like": {"tweetId": "1"}}]'),
        ("data/direct-messages.js", b"window.YTD.direct_messages.part0 = []"),
        ("data/tweets_media/1712345678901234567-abc.jpg", b"\xff\xd8\xff\xe0 not really a photo"),
    ]


def facebook_entries() -> Entries:
    """Facebook's download (JSON) in the 2024 folders."""
    fb = SOCIAL / "meta" / "facebook"
    return [
        (
            "your_facebook_activity/posts/your_posts__check_ins__photos_and_videos_1.json",
            (fb / "your_posts__check_ins__photos_and_videos_1.json").read_bytes(),
        ),
        ("your_facebook_activity/comments_and_reactions/comments.json", (fb / "comments.json").read_bytes()),
        (
            "your_facebook_activity/messages/inbox/minji_abc123/message_1.json",
            (fb / "messages" / "inbox" / "minji_abc123" / "message_1.json").read_bytes(),
        ),
        ("your_facebook_activity/posts/media/photo_1.jpg", b"\xff\xd8\xff\xe0 not really a photo"),
        ("security_and_login_information/logins_and_logouts.json", (fb / "logins_and_logouts.json").read_bytes()),
        ("personal_information/profile_information/profile_information.json", b'{"profile_v2": {}}'),
    ]


def instagram_entries() -> Entries:
    """Instagram's download (JSON) in the 2024 folders."""
    ig = SOCIAL / "meta" / "instagram"
    return [
        ("your_instagram_activity/content/posts_1.json", (ig / "posts_1.json").read_bytes()),
        ("your_instagram_activity/comments/post_comments_1.json", (ig / "post_comments_1.json").read_bytes()),
        (
            "security_and_login_information/login_and_profile_creation/login_activity.json",
            (ig / "login_activity.json").read_bytes(),
        ),
        ("connections/followers_and_following/following.json", b'{"relationships_following": []}'),
    ]


def write_conformance_samples() -> None:
    """(Re)write the committed conformance zips."""
    good = CONFORMANCE / "google_takeout_archive" / "good"
    bad = CONFORMANCE / "google_takeout_archive" / "bad"
    full = write_zip(good / "takeout-20240309T101500Z-001.zip", takeout_entries())
    write_zip(
        bad / "takeout-20240309T101500Z-002.zip",
        [(n, d) for n, d in takeout_entries() if "/Google Photos/" in n or "/Chrome/History" in n],
    )
    data = full.read_bytes()
    (bad / "takeout-20240309T101500Z-003.zip").write_bytes(data[: len(data) // 2])  # cut in half
    write_zip(bad / "takeout-escaping.zip", [*takeout_entries()[:3], ("Takeout/../../evil.json", b"[]")])
    write_zip(CONFORMANCE / "twitter_archive_zip" / "good" / "twitter-2024-03-09-abc123.zip", twitter_entries())
    write_zip(
        CONFORMANCE / "twitter_archive_zip" / "bad" / "twitter-2024-03-09-likes-only.zip",
        [e for e in twitter_entries() if "tweets" not in e[0]],
    )
    meta = CONFORMANCE / "meta_archive_zip"
    write_zip(meta / "good" / "facebook-minji-20240309.zip", facebook_entries())
    write_zip(meta / "good" / "instagram-minji-20240309.zip", instagram_entries())
    write_zip(
        meta / "bad" / "facebook-minji-20240309-html.zip",
        [("your_facebook_activity/posts/your_posts_1.html", b"<html></html>"), ("index.html", b"<html></html>")],
    )


if __name__ == "__main__":
    write_conformance_samples()

"""Whole account archives as they are downloaded: the Google Takeout zip, the X (Twitter) archive zip and Meta's
"Download your information" zip (Facebook, Instagram).

Each is a zip of many files, most of which one of the wallet's single-file connectors already reads; these
connectors recognise the archive by its layout, hand every entry to that connector (see
:mod:`connectors.account_archives.engine`), and say, one line per part, what is not read.

* **Google Takeout** (``takeout-20240309T101500Z-001.zip``): ``Takeout/<product>/...``.  Read: ``Fit/``
  (``Daily activity metrics``, the per-day CSVs, ``All Sessions``: ``google_fit_takeout``; ``All Data``:
  ``google_fit``), ``Fitbit/`` (``Global Export Data`` JSON and the ``*_GoogleData`` CSVs: ``fitbit_takeout``;
  the account's ``Profile.csv`` in the archive gives the time zone; a CSV's rows within the times the JSON
  of the same kind covers are left out, one line saying so), ``My Activity/<product>/MyActivity.json``
  or ``.html`` and ``YouTube and YouTube Music/history/watch-history`` and ``search-history``
  (``google_my_activity``).  Entries are recognised by their own names and first bytes, so product folders
  in the account's language work too.  A Takeout split into several zips (``-001``, ``-002``) is imported
  zip by zip, each on its own (a Fitbit file whose ``Profile.csv`` is in another zip is read in the zone given
  as an option, else this computer's).  The unpacked ``Takeout`` folder, handed in as a folder
  (:class:`~wallet.imports.archive.FolderSource`: ``mydata-wallet import Takeout/``), is read the same way.
* **X** (``twitter-2024-03-09-<hash>.zip``): ``data/manifest.js``, ``data/tweets.js`` (``tweets-part1.js``
  ...) read by ``twitter_archive``; likes, direct messages and the rest are listed as not read.
* **Meta** (``facebook-<name>-<date>.zip``, ``instagram-<name>-<date>.zip``, JSON format): posts, comments,
  messages (metadata only) and logins read by ``meta_archive``, whatever folder a year's layout puts them in
  (``your_facebook_activity/posts/``, older ``posts/``); the HTML format is not read.
"""

from __future__ import annotations

import posixpath
import re
from datetime import UTC, datetime
from typing import Any, ClassVar

from pydantic import BaseModel

from connectors.account_archives.engine import ArchiveConnector, Plan, Routed
from connectors.google_takeout import csv_kind, json_kind
from connectors.takeout_activity import META_FILE_NAMES as META_NAMES
from wallet.model import Domain, Record
from wallet.samples import Samples

__all__ = ["GoogleTakeoutArchiveConnector", "MetaArchiveZipConnector", "TwitterArchiveZipConnector"]

_TAKEOUT_UNREAD = frozenset({"Google Photos", "Drive", "Mail"})
"""Product folders of nothing but the person's own files (photos, documents, mail): not opened to look."""


def _takeout_root(parts: list[str]) -> int | None:
    """Where ``Takeout`` is among an entry's first folders (0, or 1 when the zip holds one more folder around it)."""
    for i in (0, 1):
        if len(parts) > i + 1 and parts[i] == "Takeout":
            return i
    return None


class GoogleTakeoutArchiveConnector(ArchiveConnector):
    """A Google Takeout zip as downloaded (``Takeout/<product>/...``): Fit, Fitbit, My Activity and YouTube history
    read by their connectors, every other product listed as not read."""

    id = "google_takeout_archive"
    name = "Google Takeout archive (zip or unpacked folder)"
    version = "1"
    domains: ClassVar[tuple[Domain, ...]] = (Domain.FITNESS, Domain.SOCIAL)
    accepts = (
        "Google Takeout zip (takeout-*.zip) or its unpacked Takeout folder: Fit, Fitbit, My Activity, YouTube "
        "history; other products listed"
    )
    layout = "Google Takeout archive"
    file_name = re.compile(r"^takeout-\d{8}T\d{6}Z-\d+(?: \(\d+\))?\.zip$", re.IGNORECASE)
    hint = " (choose Fit, Fitbit, My Activity or YouTube and YouTube Music when you create the export)"

    def recognise(self, names: list[str]) -> bool:
        """Entries under ``Takeout/<product>/`` (the zip's top folder, or one folder down)."""
        return any(_takeout_root(n.split("/")) is not None for n in names)

    def recognise_folder(self, names: list[str]) -> bool:
        """The ``Takeout`` folder itself, or a folder holding nothing but it."""
        return bool(names) and all(_takeout_root(n.split("/")) is not None for n in names)

    def part_of(self, member: str) -> str:
        """``Takeout/<product>`` (``Takeout`` for the files beside the products, such as archive_browser.html)."""
        parts = member.split("/")
        root = _takeout_root(parts)
        if root is None:
            return parts[0] if len(parts) > 1 else "(top of the zip)"
        if len(parts) == root + 2:
            return "/".join(parts[: root + 1])
        return "/".join(parts[: root + 2])

    def ignored(self, member: str) -> bool:
        """``Takeout/archive_browser.html`` (the archive's index) and Fitbit's ``Profile.csv`` (read for the time
        zone and units of the Fitbit files)."""
        parts = member.split("/")
        return parts[-1] == "archive_browser.html" or (parts[-1] == "Profile.csv" and "Fitbit" in parts[:-1])

    def candidates(self, member: str) -> tuple[str, ...]:
        """By extension: JSON may be Fitbit, Fit, Fit's raw data points or My Activity; CSV Fit or Fitbit;
        HTML My Activity.  Photos, Drive and Mail are not looked into."""
        parts = member.split("/")
        root = _takeout_root(parts)
        if root is None or parts[root + 1] in _TAKEOUT_UNREAD:
            return ()
        ext = posixpath.splitext(member)[1].lower()
        if ext == ".json":
            return ("fitbit_takeout", "google_fit_takeout", "google_fit", "google_my_activity")
        if ext == ".csv":
            return ("google_fit_takeout", "fitbit_takeout")
        if ext in (".html", ".htm"):
            return ("google_my_activity",)
        return ()

    def __init__(self, settings: BaseModel | None = None) -> None:
        super().__init__(settings)
        self._covered: dict[str, tuple[datetime, datetime]] = {}

    def refine(self, plan: Plan) -> None:
        """Fitbit's CSVs (``heart_rate_2024-10-27.csv``) are read after every Fitbit JSON file, so that their
        rows within the times the JSON of the same kind covers can be left out (:meth:`entry_options`)."""
        self._covered = {}

        def late(entry: Routed) -> bool:
            return entry.connector_id == "fitbit_takeout" and csv_kind(entry.name) is not None

        plan.routed = [e for e in plan.routed if not late(e)] + [e for e in plan.routed if late(e)]

    def observe(self, entry: Routed, record: Record | Samples) -> None:
        """The first and last time of each kind the Fitbit JSON files hold (records and samples)."""
        if entry.connector_id != "fitbit_takeout" or json_kind(entry.name) is None:
            return
        if isinstance(record, Samples):
            if not record.rows:
                return
            starts = [row[0] for row in record.rows]
            low, high = datetime.fromtimestamp(min(starts), UTC), datetime.fromtimestamp(max(starts), UTC)
        elif record.start is None:
            return
        else:
            low = high = record.start
        first, last = self._covered.get(record.kind, (low, high))
        self._covered[record.kind] = (min(first, low), max(last, high))

    def entry_options(self, entry: Routed) -> dict[str, Any]:
        """For a Fitbit CSV: the times its kind's JSON covers (``fitbit_covered``), whose rows are not read again:
        the two hold the same readings, in different time bases."""
        kind = csv_kind(entry.name) if entry.connector_id == "fitbit_takeout" else None
        covered = self._covered.get(kind) if kind else None
        if covered is None:
            return {}
        return {"fitbit_covered": [covered[0].isoformat(), covered[1].isoformat()]}


_X_MARKS = re.compile(r"(?:^|/)data/(?:manifest|tweets(?:-part\d+)?)\.js$")


class TwitterArchiveZipConnector(ArchiveConnector):
    """An X (Twitter) archive zip as downloaded: its ``data/tweets.js`` read, the rest listed as not read."""

    id = "twitter_archive_zip"
    name = "X / Twitter archive (zip or unpacked folder)"
    version = "1"
    domains: ClassVar[tuple[Domain, ...]] = (Domain.SOCIAL,)
    accepts = "X/Twitter archive zip (twitter-*.zip with data/manifest.js, data/tweets.js)"
    layout = "X (Twitter) archive"
    file_name = re.compile(r"^twitter-\d{4}-\d{2}-\d{2}-[0-9a-f]+(?: \(\d+\))?\.zip$", re.IGNORECASE)

    def recognise(self, names: list[str]) -> bool:
        """A ``data/manifest.js`` or ``data/tweets.js`` entry (at the top, or one folder down)."""
        return any(_X_MARKS.search(n) and n.count("/") <= 2 for n in names)

    def recognise_folder(self, names: list[str]) -> bool:
        """The archive's folder (``data/manifest.js`` or ``data/tweets.js`` right inside it), or ``data`` itself."""
        return any(_X_MARKS.search(n) and (n.split("/")[1:2] == ["data"] or n.startswith("data/")) for n in names)

    def part_of(self, member: str) -> str:
        """``data/like`` for ``data/like.js``, ``data/tweets_media`` for its files, the top files as they are."""
        parts = member.split("/")
        if "data" in parts[:2]:
            i = parts.index("data")
            rest = parts[i + 1 :]
            if len(rest) == 1:
                stem = re.sub(r"-part\d+$", "", posixpath.splitext(rest[0])[0])
                return "/".join([*parts[:i], "data", stem])
            return "/".join(parts[: i + 2])
        return parts[0] if len(parts) > 1 else "(top of the zip)"

    def ignored(self, member: str) -> bool:
        """``Your archive.html`` and ``data/manifest.js``: the archive's index and its table of contents."""
        return member.split("/")[-1] in ("Your archive.html", "manifest.js")

    def candidates(self, member: str) -> tuple[str, ...]:
        """Only ``data/tweets*.js`` is a kind the wallet reads."""
        base = posixpath.basename(member)
        return ("twitter_archive",) if re.match(r"^tweets(?:-part\d+)?\.js$", base) else ()


_META_FOLDERS = frozenset(
    {
        "your_facebook_activity",
        "your_instagram_activity",
        "security_and_login_information",
        "logged_information",
        "personal_information",
        "messages",
        "posts",
        "comments",
        "content",
        "comments_and_reactions",
        "connections",
        "preferences",
        "media",
        "apps_and_websites_off_of_facebook",
        "activity_messages",
    }
)


def _meta_top(folder: str) -> bool:
    return folder in _META_FOLDERS or folder.startswith("your_") or folder.endswith("_information")


class MetaArchiveZipConnector(ArchiveConnector):
    """Meta's "Download your information" zip (Facebook or Instagram, JSON format): posts, comments, messages
    (metadata) and logins read, the rest listed as not read."""

    id = "meta_archive_zip"
    name = "Facebook / Instagram download (zip or unpacked folder)"
    version = "1"
    domains: ClassVar[tuple[Domain, ...]] = (Domain.SOCIAL,)
    accepts = "Facebook or Instagram 'Download your information' zip, JSON format"
    layout = "Facebook or Instagram download"
    file_name = re.compile(r"^(?:facebook|instagram)-[^/]+-\d{4}-?\d{2}-?\d{2}.*\.zip$", re.IGNORECASE)
    hint = " (choose the JSON format, not HTML, when you request the download)"

    def recognise(self, names: list[str]) -> bool:
        """A posts, comments, messages or logins file of the download, inside one of its folders; and not a
        Takeout or X archive."""
        found = False
        for n in names:
            parts = n.split("/")
            if _takeout_root(parts) is not None or _X_MARKS.search(n):
                return False
            if not found and META_NAMES.match(parts[-1]) and _META_FOLDERS & set(parts[:-1]):
                found = True
        return found

    def recognise_folder(self, names: list[str]) -> bool:
        """The download's folder: its posts, comments, messages or logins in the download's folders right inside it."""
        return self.recognise(names) and any(
            META_NAMES.match(n.rsplit("/", 1)[-1]) and len(n.split("/")) > 2 and _meta_top(n.split("/")[1])
            for n in names
        )

    def part_of(self, member: str) -> str:
        """The top folder, or its first two for ``your_*_activity``, ``*_information`` and ``messages``
        (under the download's own folder when it is one down: an unpacked folder, a zip of it)."""
        parts = member.split("/")
        root = 1 if len(parts) > 2 and parts[0] not in _META_FOLDERS and _meta_top(parts[1]) else 0
        prefix, parts = parts[:root], parts[root:]
        if len(parts) == 1:
            return "/".join(prefix) or "(top of the zip)"
        top = parts[0]
        if len(parts) > 2 and (top.startswith("your_") or top.endswith("_information") or top == "messages"):
            return "/".join([*prefix, *parts[:2]])
        return "/".join([*prefix, top])

    def candidates(self, member: str) -> tuple[str, ...]:
        """JSON files named as the meta_archive connector's."""
        return ("meta_archive",) if META_NAMES.match(posixpath.basename(member)) else ()

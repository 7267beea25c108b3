"""X (Twitter) archive: ``data/tweets.js`` (and ``tweets-part1.js`` ... for long histories).

The file is JavaScript that assigns one JSON array: ``window.YTD.tweets.part0 = [ {"tweet": {...}}, ...]``.
Each tweet has ``id_str``, ``created_at`` (``Wed Oct 10 20:19:24 +0000 2018``), ``full_text``,
``favorite_count``, ``retweet_count``, ``in_reply_to_screen_name``, ``entities`` ...  One ``tweet``
record each (a reply or a retweet is said in the payload), its text searchable, on the same
timeline as everything else.  The array after the ``=`` is streamed (ijson).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from typing import Any, ClassVar

from connectors.spotify import CountingReader, array_items, progress_of
from wallet.errors import ConnectorError
from wallet.imports.connector import Connector, ImportContext, Source
from wallet.model import Domain, Provenance, Record, SkippedItem

NAME = re.compile(r"^tweets(?:-part\d+)?(?: \(\d+\))?\.js$", re.IGNORECASE)
PREFIX = re.compile(rb"^\s*window\.YTD\.tweets\.part\d+\s*=\s*", re.ASCII)
_TITLE_CHARS = 80


class TwitterArchiveConnector(Connector):
    """An X/Twitter archive's tweets.js: one record per tweet."""

    id = "twitter_archive"
    name = "X / Twitter archive (tweets.js)"
    version = "1"
    domains: ClassVar[tuple[Domain, ...]] = (Domain.SOCIAL,)
    accepts = "X/Twitter archive data/tweets.js (window.YTD.tweets.part0 = [...])"
    extensions = (".js",)

    def identify(self, source: Source) -> bool:
        """A ``.js`` file that starts ``window.YTD.tweets.part<N> =``."""
        try:
            return source.suffix == ".js" and PREFIX.match(source.head.lstrip(b"\xef\xbb\xbf")) is not None
        except Exception:
            return False

    def read(self, source: Source, context: ImportContext) -> Iterator[Record | SkippedItem]:
        """The Connector contract: one record per tweet, streamed."""
        prov = Provenance(**self.provenance(source))
        produced = 0
        with source.open() as fh:
            head = fh.read(4096)
            m = PREFIX.match(head.lstrip(b"\xef\xbb\xbf"))
            if m is None:
                raise ConnectorError(f"{source.name}: not an X/Twitter tweets.js (no 'window.YTD.tweets.part0 =')")
            offset = len(head) - len(head.lstrip(b"\xef\xbb\xbf")) + m.end()
            fh.seek(offset)
            reader = CountingReader(fh, progress_of(context, source.size))
            for index, item in enumerate(array_items(reader, source.name, "an X/Twitter tweets.js")):
                try:
                    record = self._tweet(item, prov, index)
                except (ValueError, TypeError, KeyError, OverflowError) as exc:
                    yield SkippedItem(where=f"[{index}]", reason=str(exc)[:120] or type(exc).__name__)
                    continue
                produced += 1
                yield record
        if not produced:
            raise ConnectorError(f"{source.name}: no tweets in this file")

    def _tweet(self, item: Any, prov: Provenance, index: int) -> Record:
        tweet = item.get("tweet", item) if isinstance(item, dict) else None
        if not isinstance(tweet, dict):
            raise ValueError("an entry that is not a tweet object")
        text = tweet.get("full_text") or tweet.get("text")
        if not isinstance(text, str):
            raise ValueError("a tweet without text")
        created = tweet.get("created_at")
        if not isinstance(created, str):
            raise ValueError("a tweet without created_at")
        when = datetime.strptime(created.strip(), "%a %b %d %H:%M:%S %z %Y")
        one_line = " ".join(text.split())
        title = one_line if len(one_line) <= _TITLE_CHARS else one_line[: _TITLE_CHARS - 1] + "…"
        tweet_id = tweet.get("id_str") or tweet.get("id")
        payload = dict(tweet)
        payload["reply"] = bool(tweet.get("in_reply_to_status_id_str"))
        payload["retweet"] = one_line.startswith("RT @")
        return Record(
            domain=Domain.SOCIAL,
            kind="tweet",
            title=title or "(empty tweet)",
            start=when,
            text=text,
            code_system="https://x.com/i/status" if tweet_id else None,
            code=str(tweet_id) if tweet_id is not None else None,
            payload=payload,
            provenance=prov.model_copy(update={"original_id": str(tweet_id) if tweet_id else f"[{index}]"}),
        )

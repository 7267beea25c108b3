"""Facebook and Instagram "Download your information" (JSON format): posts, comments, messages metadata, logins.

The files this reads (their names have changed over the years; the structure tells them apart):

* Facebook posts ``your_posts__check_ins__photos_and_videos_1.json`` (older ``your_posts_1.json``): a
  list of ``{"timestamp": <epoch s>, "data": [{"post": <text>}], "title", "attachments"}``;
* Facebook comments ``comments.json``: ``{"comments_v2": [{"timestamp", "data": [{"comment":
  {"comment": <text>, "author"}}], "title"}]}``;
* messages ``messages/inbox/<thread>/message_1.json`` (Facebook and Instagram alike):
  ``{"participants": [{"name"}], "messages": [{"sender_name", "timestamp_ms", "content", ...}],
  "title", "thread_path"}``;
* Facebook logins ``logins_and_logouts.json``: ``{"account_accesses_v2": [{"action", "timestamp",
  "site", "ip_address"}]}``;
* Instagram posts ``posts_1.json``: a list of ``{"media": [{"uri", "creation_timestamp", "title"}],
  "title", "creation_timestamp"}``;
* Instagram comments ``post_comments_1.json``: a list of ``{"string_map_data": {"Comment": {"value"},
  "Media Owner": {"value"}, "Time": {"timestamp"}}}``;
* Instagram logins ``login_activity.json``: ``{"account_history_login_history": [{"title",
  "string_map_data": {"IP Address", "Time", "User Agent", ...}}]}``.

Messages are kept as *metadata*: who sent one, in which conversation, when, how long it was and what
it carried (a photo, a link), never its words: ``message`` records whose payload says the platform.
Posts and comments keep their text (searchable).  IP addresses of logins are kept under the
payload's ``location`` key, which a share leaves out unless chosen.

Meta writes every non-ASCII character as its UTF-8 bytes escaped one by one (``"\\u00ec\\u0095\\u0088"``
for 안), so text is repaired (Latin-1 back to bytes, read as UTF-8) where that gives valid UTF-8.
Each file is one JSON document read whole, within the limit for one document
(:data:`wallet.limits.MAX_JSON_DOCUMENT_BYTES`; Meta splits messages into ``message_1.json``,
``message_2.json`` ... long before that).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any, ClassVar

from wallet import limits
from wallet.errors import ConnectorError
from wallet.imports.connector import Connector, ImportContext, Source
from wallet.model import Domain, Provenance, Record, SkippedItem

NAMES = re.compile(
    r"^(?:your_posts.*|comments|message_\d+|logins_and_logouts|posts_\d+|post_comments_\d+|login_activity)"
    r"(?: \(\d+\))?\.json$",
    re.IGNORECASE,
)
_MARKS = (
    '"timestamp"',
    '"comments_v2"',
    '"participants"',
    '"account_accesses_v2"',
    '"creation_timestamp"',
    '"string_map_data"',
    '"account_history_login_history"',
)
_TITLE_CHARS = 80


def demojibake(value: Any) -> Any:
    """Meta's text repaired: strings of Latin-1 characters that are UTF-8 bytes read as UTF-8 (recursively)."""
    if isinstance(value, str):
        if value.isascii():
            return value
        try:
            return value.encode("latin-1").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            return value
    if isinstance(value, list):
        return [demojibake(v) for v in value]
    if isinstance(value, dict):
        return {demojibake(k): demojibake(v) for k, v in value.items()}
    return value


def _epoch(value: Any, millis: bool = False) -> datetime:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError("no timestamp")
    seconds = value / 1000 if millis else value
    return datetime.fromtimestamp(seconds, UTC)


def _short(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= _TITLE_CHARS else line[: _TITLE_CHARS - 1] + "…"


def _string_map(item: dict[str, Any]) -> dict[str, Any]:
    data = item.get("string_map_data")
    return data if isinstance(data, dict) else {}


def _map_value(data: dict[str, Any], key: str, field: str = "value") -> Any:
    entry = data.get(key)
    return entry.get(field) if isinstance(entry, dict) else None


class MetaArchiveConnector(Connector):
    """Facebook and Instagram "Download your information" JSON: posts, comments, message metadata, logins."""

    id = "meta_archive"
    name = "Facebook / Instagram (Download your information)"
    version = "1"
    domains: ClassVar[tuple[Domain, ...]] = (Domain.SOCIAL,)
    accepts = "Facebook/Instagram JSON download: posts, comments, messages (metadata), logins"
    extensions = (".json",)
    max_size = limits.MAX_JSON_DOCUMENT_BYTES

    def identify(self, source: Source) -> bool:
        """A file named as in the download whose head holds one of its structures' keys."""
        try:
            if not NAMES.match(source.name):
                return False
            head = source.head_text()
            return head.lstrip().startswith(("[", "{")) and any(mark in head for mark in _MARKS)
        except Exception:
            return False

    def read(self, source: Source, context: ImportContext) -> Iterator[Record | SkippedItem]:
        """The Connector contract: one record per post, comment, message or login."""
        data = demojibake(limits.load_json(source.read_bytes(limits.MAX_JSON_DOCUMENT_BYTES), source.name))
        context.progress(source.size, source.size)
        prov = Provenance(**self.provenance(source))
        where = str(getattr(source, "location", None) or source.path or source.name).lower()  # a zip entry: its path
        items = self._items(data, source.name, "instagram" if "instagram" in where else "facebook")
        produced = 0
        for index, (make, item) in enumerate(items):
            try:
                record = make(item, prov, index)
            except (ValueError, TypeError, KeyError, OverflowError, OSError) as exc:
                yield SkippedItem(where=f"[{index}]", reason=str(exc)[:120] or type(exc).__name__)
                continue
            produced += 1
            yield record
        if not produced:
            raise ConnectorError(f"{source.name}: no posts, comments, messages or logins in this file")

    def _items(self, data: Any, name: str, platform: str) -> list[tuple[Any, Any]]:
        if isinstance(data, dict):
            if isinstance(data.get("messages"), list) and "participants" in data:
                thread = {k: data.get(k) for k in ("title", "thread_path", "participants")}
                thread["platform"] = platform
                return [(self._message, (thread, m)) for m in data["messages"]]
            if isinstance(data.get("comments_v2"), list):
                return [(self._fb_comment, c) for c in data["comments_v2"]]
            if isinstance(data.get("account_accesses_v2"), list):
                return [(self._fb_login, a) for a in data["account_accesses_v2"]]
            if isinstance(data.get("account_history_login_history"), list):
                return [(self._ig_login, a) for a in data["account_history_login_history"]]
        if isinstance(data, list) and data and all(isinstance(x, dict) for x in data):
            first = data[0]
            if "string_map_data" in first:
                return [(self._ig_comment, c) for c in data]
            if "media" in first:
                return [(self._ig_post, p) for p in data]
            if "timestamp" in first:
                return [(self._fb_post, p) for p in data]
        raise ConnectorError(f"{name}: not a Facebook or Instagram file this connector reads (posts, comments, ...)")

    def _record(
        self,
        kind: str,
        title: str,
        when: datetime,
        payload: dict[str, Any],
        prov: Provenance,
        index: int,
        text: str | None = None,
    ) -> Record:
        return Record(
            domain=Domain.SOCIAL,
            kind=kind,
            title=title,
            start=when,
            text=text,
            payload=payload,
            provenance=prov.model_copy(update={"original_id": f"[{index}]"}),
        )

    def _fb_post(self, item: dict[str, Any], prov: Provenance, index: int) -> Record:
        when = _epoch(item.get("timestamp"))
        texts = [d["post"] for d in item.get("data") or [] if isinstance(d, dict) and isinstance(d.get("post"), str)]
        text = "\n".join(texts) or None
        title = _short(text) if text else str(item.get("title") or "Facebook post")
        return self._record("facebook_post", title, when, {**item, "platform": "facebook"}, prov, index, text)

    def _fb_comment(self, item: dict[str, Any], prov: Provenance, index: int) -> Record:
        when = _epoch(item.get("timestamp"))
        comment: dict[str, Any] = {}
        for d in item.get("data") or []:
            if isinstance(d, dict) and isinstance(d.get("comment"), dict):
                comment = d["comment"]
        text = comment.get("comment") if isinstance(comment.get("comment"), str) else None
        title = _short(text) if text else str(item.get("title") or "Facebook comment")
        return self._record("facebook_comment", title, when, {**item, "platform": "facebook"}, prov, index, text)

    def _fb_login(self, item: dict[str, Any], prov: Provenance, index: int) -> Record:
        when = _epoch(item.get("timestamp"))
        payload = {k: v for k, v in item.items() if k != "ip_address"}
        if item.get("ip_address"):
            payload["location"] = {"ip_address": item["ip_address"]}
        payload["platform"] = "facebook"
        title = " ".join(str(x) for x in ("Facebook", item.get("action") or "login", item.get("site") or "") if x)
        return self._record("facebook_login", title.strip(), when, payload, prov, index)

    def _ig_post(self, item: dict[str, Any], prov: Provenance, index: int) -> Record:
        media = [m for m in item.get("media") or [] if isinstance(m, dict)]
        stamp = item.get("creation_timestamp") or (media[0].get("creation_timestamp") if media else None)
        when = _epoch(stamp)
        caption = item.get("title") or (media[0].get("title") if media else None)
        text = caption if isinstance(caption, str) and caption else None
        title = _short(text) if text else f"Instagram post ({len(media)} media)"
        return self._record("instagram_post", title, when, {**item, "platform": "instagram"}, prov, index, text)

    def _ig_comment(self, item: dict[str, Any], prov: Provenance, index: int) -> Record:
        data = _string_map(item)
        when = _epoch(_map_value(data, "Time", "timestamp"))
        text = _map_value(data, "Comment")
        text = text if isinstance(text, str) and text else None
        owner = _map_value(data, "Media Owner")
        title = _short(text) if text else "Instagram comment"
        payload = {**item, "platform": "instagram", "creator": owner if isinstance(owner, str) else None}
        return self._record("instagram_comment", title, when, payload, prov, index, text)

    def _ig_login(self, item: dict[str, Any], prov: Provenance, index: int) -> Record:
        data = dict(_string_map(item))
        when = _epoch(_map_value(data, "Time", "timestamp"))
        ip = data.pop("IP Address", None)
        payload: dict[str, Any] = {**item, "string_map_data": data, "platform": "instagram"}
        if ip:
            payload["location"] = {"IP Address": ip}
        return self._record("instagram_login", "Instagram login", when, payload, prov, index)

    def _message(self, pair: tuple[dict[str, Any], Any], prov: Provenance, index: int) -> Record:
        thread, message = pair
        if not isinstance(message, dict):
            raise ValueError("a message that is not an object")
        when = _epoch(message.get("timestamp_ms"), millis=True)
        sender = str(message.get("sender_name") or "(unknown)")
        conversation = str(thread.get("title") or thread.get("thread_path") or "a conversation")
        content = message.get("content")
        carried = [
            k for k in ("photos", "videos", "audio_files", "files", "gifs", "sticker", "share") if message.get(k)
        ]
        participants = thread.get("participants") or []
        payload = {
            "platform": thread["platform"],
            "sender_name": sender,
            "conversation": conversation,
            "thread_path": thread.get("thread_path"),
            "participants": len(participants) if isinstance(participants, list) else None,
            "characters": len(content) if isinstance(content, str) else 0,
            "carries": carried,
            "type": message.get("type"),
        }
        return self._record("message", f"Message from {sender} in {conversation}", when, payload, prov, index)

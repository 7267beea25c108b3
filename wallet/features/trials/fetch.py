"""Studies fetched from the public ClinicalTrials.gov API v2, on the person's request, with only what they typed.

The query is built from a :class:`TrialQuery` alone - a condition, a place, the statuses wanted - and
never from the vault: :func:`preview` gives the exact URL before anything is sent, so the person sees
what leaves the computer, and :func:`fetch_studies` sends that URL (and, for the next pages, the same
URL with the registry's ``pageToken``).  The request carries no cookies (none are accepted from the
answers either), no credentials from ``~/.netrc`` and a plain ``User-Agent``.

Every failure is one :class:`~.study.TrialError`: no answer in time, an HTTP error, an answer that is
not JSON or not study records, or one over :data:`MAX_ANSWER_BYTES` (read in pieces and stopped there).
"""

from __future__ import annotations

import http.cookiejar
import json
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

import requests

from wallet import __version__
from wallet.features.trials.model import Study
from wallet.features.trials.study import API_URL as API_URL  # re-exported, as STATUSES: callers import them here
from wallet.features.trials.study import MAX_STUDY_BYTES, TrialError, enum, parse_studies
from wallet.features.trials.study import STATUSES as STATUSES
from wallet.limits import mb

MAX_ANSWER_BYTES = MAX_STUDY_BYTES
"""One page of answers read (a page of 20 full records is usually well under 1 MB)."""
MAX_QUERY_CHARS = 200
"""One typed value (condition, city, country)."""
MAX_PAGE_SIZE = 100
_CHUNK = 64 * 1024
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class TrialQuery:
    """What the person asks ClinicalTrials.gov for: a condition, optionally a place, and the statuses wanted."""

    condition: str
    country: str | None = None
    city: str | None = None
    status: tuple[str, ...] = ("RECRUITING",)
    page_size: int = 20


@dataclass(frozen=True)
class SearchResult:
    """What a search brought: the studies, how many the registry counts in all, and whether pages were left."""

    studies: list[Study]
    total: int | None
    """The registry's ``totalCount`` (None when it did not say)."""
    more: bool
    """True when the registry had more pages than were fetched."""


def _typed(value: str | None, what: str) -> str | None:
    if value is None or not value.strip():
        return None
    text = " ".join(value.split())
    if _CONTROL.search(text):
        raise TrialError(f"the {what} holds control characters")
    if len(text) > MAX_QUERY_CHARS:
        raise TrialError(f"the {what} is longer than {MAX_QUERY_CHARS} characters")
    return text


def query_params(q: TrialQuery) -> dict[str, str]:
    """The API's query parameters for ``q`` (``query.cond``, ``query.locn``, ``filter.overallStatus``...).

    TrialError for an empty condition, an unknown status, or a page size outside 1-100.
    """
    condition = _typed(q.condition, "condition")
    if condition is None:
        raise TrialError("say which condition to search for")
    params = {"format": "json", "query.cond": condition}
    place = ", ".join(p for p in (_typed(q.city, "city"), _typed(q.country, "country")) if p)
    if place:
        params["query.locn"] = place
    statuses = tuple(dict.fromkeys(enum(s) for s in q.status if s.strip()))
    unknown = [s for s in statuses if s not in STATUSES]
    if unknown:
        raise TrialError(f"unknown study status {unknown[0]!r} (one of {', '.join(STATUSES)})")
    if statuses:
        params["filter.overallStatus"] = "|".join(statuses)
    if not 1 <= q.page_size <= MAX_PAGE_SIZE:
        raise TrialError(f"the page size is between 1 and {MAX_PAGE_SIZE}, not {q.page_size}")
    params["pageSize"] = str(q.page_size)
    params["countTotal"] = "true"
    return params


def _url(base_url: str, params: dict[str, str]) -> str:
    return f"{base_url}?{urlencode(params, quote_via=quote)}"


def preview(q: TrialQuery, base_url: str = API_URL) -> str:
    """The exact URL :func:`fetch_studies` sends first, to show the person before anything leaves the computer."""
    return _url(base_url, query_params(q))


class _NoAuth(requests.auth.AuthBase):
    """No credentials: set on the session so that requests never adds any from ``~/.netrc``."""

    def __call__(self, r: requests.PreparedRequest) -> requests.PreparedRequest:
        return r


def _session() -> requests.Session:
    session = requests.Session()
    session.cookies.set_policy(http.cookiejar.DefaultCookiePolicy(allowed_domains=[]))  # keep none
    session.auth = _NoAuth()
    session.headers.update({"User-Agent": f"mydata-wallet/{__version__}", "Accept": "application/json"})
    return session


def _read(response: requests.Response, host: str) -> bytes:
    length = response.headers.get("Content-Length", "")
    if length.isdigit() and int(length) > MAX_ANSWER_BYTES:
        raise TrialError(f"{host} sent {mb(int(length))}, over the {mb(MAX_ANSWER_BYTES)} limit for one answer")
    body = bytearray()
    for chunk in response.iter_content(_CHUNK):
        body += chunk
        if len(body) > MAX_ANSWER_BYTES:
            raise TrialError(f"{host} sent more than {mb(MAX_ANSWER_BYTES)}, the limit for one answer; stopped there")
    return bytes(body)


def _get(session: requests.Session, url: str, host: str, timeout: float) -> dict[str, Any]:
    try:
        with session.get(url, timeout=timeout, stream=True) as response:
            if response.status_code >= 400:
                said = _said(response)
                if said[2:].strip().lower() == (response.reason or "").lower():
                    said = ""
                raise TrialError(f"{host} answered HTTP {response.status_code} {response.reason or ''}".rstrip() + said)
            body = _read(response, host)
            kind = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
    except requests.Timeout as exc:
        raise TrialError(f"{host} did not answer within {timeout:g} s; try again later") from exc
    except requests.RequestException as exc:
        raise TrialError(f"could not reach {host} ({type(exc).__name__}); is this computer online?") from exc
    try:
        value = json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise TrialError(f"{host} answered with something that is not JSON ({kind or 'no content type'})") from exc
    if not isinstance(value, dict) or not isinstance(value.get("studies"), list):
        raise TrialError(f"{host} answered JSON that is not a page of studies")
    return value


def _said(response: requests.Response) -> str:
    """The start of an error answer's text (the API explains a bad parameter there), or nothing."""
    try:
        text = next(response.iter_content(512), b"").decode("utf-8", "replace")
    except requests.RequestException:
        return ""
    text = " ".join(_CONTROL.sub(" ", text).split())[:200]
    return f": {text}" if text and not text.lstrip().startswith("<") else ""


def fetch_search(
    q: TrialQuery,
    *,
    base_url: str = API_URL,
    session: requests.Session | None = None,
    max_pages: int = 3,
    timeout: float = 20,
) -> SearchResult:
    """Search ClinicalTrials.gov for ``q``: up to ``max_pages`` pages, following ``nextPageToken``.

    The first request is :func:`preview`'s URL; each further one adds only the registry's ``pageToken``.
    ``session``: a ``requests.Session`` to send with (default: a new one that keeps no cookies).
    """
    params = query_params(q)
    host = urlsplit(base_url).hostname or base_url
    own = session is None
    sender = _session() if session is None else session
    studies: list[Study] = []
    total: int | None = None
    token: str | None = None
    seen: set[str] = set()
    more = False
    try:
        for page in range(max(1, max_pages)):
            url = _url(base_url, params if token is None else {**params, "pageToken": token})
            value = _get(sender, url, host, timeout)
            studies.extend(parse_studies(value, f"{host} (page {page + 1})"))
            if page == 0 and isinstance(value.get("totalCount"), int) and not isinstance(value["totalCount"], bool):
                total = value["totalCount"]
            nxt = value.get("nextPageToken")
            if not isinstance(nxt, str) or not nxt or len(nxt) > 1000 or nxt in seen:
                more = False
                break
            seen.add(nxt)
            token = nxt
            more = True
    finally:
        if own:
            sender.close()
    unique = list({s.nct_id: s for s in studies}.values())
    return SearchResult(unique, total, more)


def fetch_studies(
    q: TrialQuery,
    *,
    base_url: str = API_URL,
    session: requests.Session | None = None,
    max_pages: int = 3,
    timeout: float = 20,
) -> list[Study]:
    """The studies ClinicalTrials.gov finds for ``q`` (up to ``max_pages`` pages); see :func:`fetch_search`."""
    return fetch_search(q, base_url=base_url, session=session, max_pages=max_pages, timeout=timeout).studies

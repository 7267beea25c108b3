"""Reading functions for tests of wallet.imports.offload, run in its worker process (tests/ is put on its path)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

from wallet.errors import AmbiguousConnector, ConnectorError, ConnectorOption
from wallet.imports.connector import ImportContext


def counting(n: int, *, context: ImportContext) -> Iterator[Any]:
    """Yield 0..n-1, reporting progress every 100."""
    for i in range(n):
        yield i
        if i % 100 == 99:
            context.progress(i + 1, n)


def refusing(n: int, *, context: ImportContext) -> Iterator[Any]:
    """Yield n items, then refuse the file as a connector does."""
    yield from range(n)
    raise ConnectorError("sample.xml: not well-formed (line 3)")


def buggy(n: int, *, context: ImportContext) -> Iterator[Any]:
    """Yield n items, then fail as a bug does."""
    yield from range(n)
    raise KeyError("startDate")


def dying(n: int, *, context: ImportContext) -> Iterator[Any]:
    """Yield n items (sent), then end the process without a word, as the kernel's OOM killer would."""
    yield from range(n)
    context.progress(n, n)
    os._exit(9)


def endless(*, context: ImportContext) -> Iterator[Any]:
    """Never stop (until cancelled)."""
    i = 0
    while True:
        yield i
        i += 1
        if i % 1000 == 0:
            context.progress(i, 0)


def refusing_with_hint(*, context: ImportContext) -> Iterator[Any]:
    """Refuse with a hint, as a connector may."""
    yield 1
    raise ConnectorError("sample.xml: encrypted", hint=ConnectorOption("password", secret=True))


def invalid_record(*, context: ImportContext) -> Iterator[Any]:
    """Build a record pydantic refuses (as a connector's bug would)."""
    from wallet.model import Domain, Record

    yield Record(domain=Domain.HEALTH, kind="x", title="x", start="not a date")


class _Unpicklable(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.callback = lambda: None  # a lambda cannot be pickled


def unpicklable(*, context: ImportContext) -> Iterator[Any]:
    """Fail with an exception that cannot travel as itself."""
    yield 1
    raise _Unpicklable("strange state")


def dying_after_batches(batches: int, *, context: ImportContext) -> Iterator[Any]:
    """Send ``batches`` batches of 10 items (more than the reader holds), then end without a word."""
    for b in range(batches):
        yield from range(b * 10, b * 10 + 10)
        context.progress(b + 1, batches)
    os._exit(9)


def ambiguous(*, context: ImportContext) -> Iterator[Any]:
    """Fail with an error meant for the user whose class cannot be made again from its arguments."""
    yield 1
    raise AmbiguousConnector("sample.xml", ["fhir", "ccda"])

"""Reading functions for tests of wallet.imports.offload, run in its worker process (tests/ is put on its path)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

from wallet.errors import ConnectorError
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

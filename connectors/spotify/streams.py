"""Streaming helpers shared by the social and entertainment connectors: JSON arrays read element by
element (ijson), byte progress, and zip archives opened with the usual zip-bomb checks.

Account archives (a Spotify extended history, a Google My Activity file) run to hundreds of
megabytes, so nothing here holds a whole file: a JSON array is parsed as events by ijson's C
backend (yajl) and each element is built in Python with its depth checked, so a hostile file
nested a hundred thousand levels deep is one readable error, not a crash (ijson's own ``items``
builds a path string per level, which grows with the square of the depth).
"""

from __future__ import annotations

import math
import posixpath
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import IO, Any

import ijson

from wallet import limits
from wallet.errors import ConnectorError
from wallet.imports.archive import CheckedZip
from wallet.imports.connector import ImportContext, Source

"""A zip member may expand at most this many times its compressed size (more is a zip bomb)."""
MAX_UNCOMPRESSED = 8 * 1024 * limits.MB
"""The most an archive may expand to in all."""
_BOM = b"\xef\xbb\xbf"


class CountingReader:
    """A binary stream that reports the bytes read so far (progress by bytes)."""

    def __init__(self, fh: IO[bytes], report: Callable[[int], None]) -> None:
        self._fh = fh
        self._report = report
        self.done = 0

    def read(self, size: int = -1) -> bytes:
        """Read and report."""
        chunk = self._fh.read(size)
        self.done += len(chunk)
        self._report(self.done)
        return chunk


def skip_bom(fh: IO[bytes]) -> bytes:
    """The first bytes of ``fh`` after a UTF-8 byte-order mark (to be read before the rest)."""
    first = fh.read(3)
    return first[3:] if first.startswith(_BOM) else first


_LONG_DIGITS = re.compile(rb"[0-9]{%d}" % (limits.MAX_INT_DIGITS + 1))


class _Prefixed:
    """A stream that first gives ``head``, then the rest of ``fh``; it refuses a run of more than
    :data:`wallet.limits.MAX_INT_DIGITS` digits, which ijson's C backend cannot turn into a number
    (Python refuses the conversion and the backend then fails hard)."""

    def __init__(self, head: bytes, fh: Any, name: str) -> None:
        self._head = head
        self._fh = fh
        self._name = name
        self._tail = b""

    def read(self, size: int = -1) -> bytes:
        """Read ``head`` first, then from the stream."""
        if self._head:
            if size < 0:
                out, self._head = self._head + self._fh.read(), b""
            else:
                out, self._head = self._head[:size], self._head[size:]
        else:
            out = self._fh.read(size)
        out = bytes(out)
        if _LONG_DIGITS.search(self._tail + out):
            raise ConnectorError(
                f"{self._name}: a number of more than {limits.MAX_INT_DIGITS} digits; not a real export"
            )
        self._tail = out[-limits.MAX_INT_DIGITS :]
        return out


def array_items(fh: Any, name: str, what: str, max_depth: int | None = None) -> Iterator[Any]:
    """The elements of the JSON array that ``fh`` (binary) holds, one at a time.

    Not an array, invalid JSON, text that is not UTF-8, a file cut short, or an element nested
    deeper than ``max_depth`` (:data:`wallet.limits.MAX_NESTING`) is one ConnectorError naming
    ``name``; ``what`` says what the file should be ("a Spotify streaming history").
    """
    depth_limit = limits.MAX_NESTING if max_depth is None else max_depth
    head = skip_bom(fh)
    if head[:2] in (b"\xff\xfe", b"\xfe\xff") or head[:1] == b"\x00" or head[1:2] == b"\x00":
        raise ConnectorError(f"{name}: not UTF-8 text (UTF-16?); {what} is UTF-8 JSON")
    if not head.strip():
        raise ConnectorError(f"{name}: empty; expected {what} (a JSON array)")
    stream = _Prefixed(head, fh, name)
    events = ijson.basic_parse(stream)
    try:
        try:
            first = next(events)
        except StopIteration:
            raise ConnectorError(f"{name}: empty; expected {what} (a JSON array)") from None
        if first[0] != "start_array":
            raise ConnectorError(f"{name}: not {what} (the file is not a JSON array)")
        stack: list[Any] = []
        keys: list[str | None] = []
        for event, value in events:
            if event in ("start_map", "start_array"):
                if len(stack) >= depth_limit:
                    raise ConnectorError(f"{name}: an entry is {limits.too_deep(depth_limit)}")
                stack.append({} if event == "start_map" else [])
                keys.append(None)
                continue
            if event == "map_key":
                keys[-1] = value
                continue
            if event in ("end_map", "end_array"):
                if not stack:
                    return  # the end of the top array
                value = stack.pop()
                keys.pop()
            elif isinstance(value, Decimal):
                value = _number(value)
            if not stack:
                yield value
                continue
            parent = stack[-1]
            if isinstance(parent, dict):
                parent[keys[-1]] = value
            else:
                parent.append(value)
        raise ConnectorError(f"{name}: the file ends before its array does: is it cut short?")
    except ijson.IncompleteJSONError as exc:
        text = _message(exc)
        if "UTF8" in text or "utf-8" in text.lower():
            raise ConnectorError(f"{name}: not UTF-8 text; {what} is UTF-8 JSON") from None
        if "premature EOF" in text or "Incomplete" in text or "unexpected end" in text.lower():
            raise ConnectorError(f"{name}: the file ends inside an entry: is it cut short?") from None
        raise ConnectorError(f"{name}: not valid JSON ({text.splitlines()[0][:80]})") from None
    except ijson.JSONError as exc:
        raise ConnectorError(f"{name}: not valid JSON ({_message(exc).splitlines()[0][:80]})") from None
    except UnicodeDecodeError:
        raise ConnectorError(f"{name}: not UTF-8 text; {what} is UTF-8 JSON") from None
    except (ValueError, OverflowError) as exc:  # a number yajl cannot hand over (thousands of digits)
        raise ConnectorError(f"{name}: not valid JSON ({str(exc)[:80]})") from None


def _number(value: Decimal) -> float | str:
    """A JSON number with a fraction or exponent as a float, or its text when beyond a float's range."""
    try:
        number = float(value)
    except (OverflowError, ValueError):
        return str(value)
    return str(value) if math.isinf(number) or math.isnan(number) else number


def _message(exc: BaseException) -> str:
    """yajl's message as text (it may come as bytes)."""
    arg = exc.args[0] if exc.args else exc
    text = arg.decode("utf-8", "replace") if isinstance(arg, bytes) else str(arg)
    return text.strip() or type(exc).__name__


def progress_of(context: ImportContext, total: int | None) -> Callable[[int], None]:
    """A byte counter's report that forwards to the import's progress."""
    return lambda done: context.progress(done, total)


def is_zip(source: Source) -> bool:
    """Whether the source starts as a zip archive does (cheap)."""
    return source.head[:4] == b"PK\x03\x04"


def zip_names(source: Source) -> list[str]:
    """The member names of a zip archive (its central directory only), or [] when it is not readable."""
    try:
        with source.open() as fh, zipfile.ZipFile(fh) as zf:
            return [i.filename for i in zf.infolist() if not i.is_dir()]
    except (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError, ConnectorError):
        return []


class Archive:
    """A zip archive checked before reading: no member outside it, none encrypted, no zip bomb."""

    def __init__(self, source: Source, max_total: int = MAX_UNCOMPRESSED) -> None:
        self.name = source.name
        self.archive = CheckedZip(source, max_total, again="download it again")
        self.zf = self.archive.zf
        infos = self.archive.infos
        self.members = [i for i in infos if not i.is_dir()]

    def matching(self, predicate: Callable[[str], bool]) -> list[zipfile.ZipInfo]:
        """The members whose base name satisfies ``predicate``, by name."""
        return sorted((i for i in self.members if predicate(posixpath.basename(i.filename))), key=lambda i: i.filename)

    def open(self, info: zipfile.ZipInfo) -> IO[bytes]:
        """A stream of one member (a damaged member is a ConnectorError when read)."""
        return self.zf.open(info)

    def close(self) -> None:
        """Close the archive and its file."""
        self.archive.close()


ZIP_ERRORS: tuple[type[BaseException], ...] = (zipfile.BadZipFile, zlib.error, EOFError)
"""What a damaged zip member raises while it is read."""

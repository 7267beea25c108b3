"""The documented limits on input, and the checks that keep hostile input to one clear answer.

Every limit here is checked *before* the work that would exceed it, and each one ends in a
single readable message (a :class:`~wallet.errors.ConnectorError` for a whole file, a
:class:`~wallet.model.SkippedItem` for one record).  The numbers keep any single input to
any command under :data:`MEMORY_BOUND_MB` of memory (``benchmarks/bench_hostile.py`` measures
it); README.md lists them.

A single value that the vault cannot represent does not spoil the rest of a file:

* a date outside years 1-9999 once in UTC (``9999-12-31T23:59:59-05:00``, FHIR's common "no
  end", or ``0001-01-01T00:00:00+05:00``) is left out of the record's start/end and kept as
  text in the record's payload, with a warning on the record;
* a number beyond the range of a float (``1e400``, an amount of 400 digits) is left out of the
  record's value and kept as text in the payload, with a warning;
* text that is not Unicode (a lone surrogate such as ``"\\ud800"`` from a JSON escape) has
  those characters replaced by U+FFFD, with a warning;
* a record nested deeper than :data:`MAX_NESTING` or holding a text longer than
  :data:`MAX_TEXT_CHARS` is skipped, and the import report says why.
"""

from __future__ import annotations

import json
import math
import re
from datetime import UTC, datetime
from typing import IO, Any

from wallet.errors import ConnectorError
from wallet.model import Record, SkippedItem

MB = 1024 * 1024

MEMORY_BOUND_MB = 300
"""Peak memory (resident set) of one command on one input, whatever the input."""

MAX_JSON_DOCUMENT_BYTES = 10 * MB
"""One JSON document read whole (a FHIR Bundle or resource, a fitness export file).  Parsed
JSON takes ten to fifteen times its size in memory; larger FHIR data streams as NDJSON."""

MAX_LINE_BYTES = 16 * MB
"""One line of NDJSON, read with a bounded readline: a longer line is skipped, never read whole."""

MAX_NESTING = 64
"""Arrays and objects inside each other in one record's payload (FHIR resources nest about
ten deep).  A record the vault's serialiser refuses for its depth (past about 250 levels) is
skipped saying it is deeper than this, and so is a deeper one in a document or line long
enough to be walked for long texts; the rest of the file is imported."""

MAX_DOCUMENT_NESTING = 400
"""Arrays and objects inside each other in one JSON document or NDJSON line, checked by a cheap
scan before it is parsed (Python's parser recurses once per level)."""

MAX_TEXT_CHARS = 2 * MB
"""One text value of a record (a note, an inline attachment's base64).  Longer ones would
take tens of times their size while the record is validated, hashed and indexed."""

MAX_BUNDLE_BYTES = 48 * MB
"""A share bundle given to ``verify``: checking it holds the file, its decrypted content, its
members and the ZIP rebuilt to compare, about four copies at once."""

MAX_INT_DIGITS = 4300
"""Python's own limit for reading an integer from text; a longer one is kept as text."""

_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
_PAIR = re.compile(rb"\[\]|\{\}")
_SURROGATE = re.compile("[\ud800-\udfff]")


def mb(n: int) -> str:
    """A byte count as megabytes in words, to three significant digits."""
    return f"{n / MB:.3g} MB"


def nesting_exceeds(data: bytes, limit: int | None = None) -> bool:
    """Whether JSON text nests arrays/objects more than ``limit`` deep, without parsing it.

    Strings are blanked out, everything but brackets is dropped (C speed), then innermost
    pairs are removed one level a pass: at most ``limit`` passes over a shrinking text.
    Unbalanced brackets are left to the parser to report.  ``limit``: MAX_DOCUMENT_NESTING.
    """
    limit = MAX_DOCUMENT_NESTING if limit is None else limit
    if data.count(b"[") + data.count(b"{") <= limit:
        return False
    if b'"' in data:
        data = _STRING.sub(b"", data)
    brackets = data.translate(None, _NOT_BRACKETS)
    for _ in range(limit):
        if not brackets:
            return False
        shorter = _PAIR.sub(b"", brackets)
        if len(shorter) == len(brackets):
            return False  # unbalanced: not valid JSON, which the parser says better
        brackets = shorter
    return bool(brackets) and (b"[]" in brackets or b"{}" in brackets)


def _parse_int(text: str) -> int | str:
    return int(text) if len(text) <= MAX_INT_DIGITS else text


def _parse_float(text: str) -> float | str:
    value = float(text)
    return text if math.isinf(value) else value


def load_json(data: bytes, name: str, what: str = "JSON") -> Any:
    """Parse one JSON document within the limits, or raise ConnectorError with one line.

    Integers longer than :data:`MAX_INT_DIGITS` digits and numbers beyond a float's range
    are kept as their text.
    """
    if len(data) > MAX_JSON_DOCUMENT_BYTES:
        raise ConnectorError(
            f"{name}: {mb(len(data))} is over the {mb(MAX_JSON_DOCUMENT_BYTES)} limit for one {what} document"
        )
    if nesting_exceeds(data, MAX_DOCUMENT_NESTING):
        raise ConnectorError(f"{name}: {what} {too_deep(MAX_DOCUMENT_NESTING)}")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConnectorError(f"{name}: not UTF-8 text (byte {exc.start}); {what} must be UTF-8") from exc
    return loads(text, name, what)


def loads(text: str, name: str, what: str = "JSON") -> Any:
    """:func:`json.loads` with big numbers kept as text and every failure one ConnectorError."""
    try:
        return json.loads(text, parse_int=_parse_int, parse_float=_parse_float)
    except json.JSONDecodeError as exc:
        raise ConnectorError(f"{name}: not valid {what} ({exc.msg} at line {exc.lineno}, column {exc.colno})") from exc
    except RecursionError as exc:  # the scan was skipped (text given directly) or fooled
        raise ConnectorError(f"{name}: {what} nested too deeply") from exc
    except ValueError as exc:
        raise ConnectorError(f"{name}: not valid {what} ({exc})") from exc


def read_line(fh: IO[bytes], limit: int | None = None) -> tuple[bytes, bool]:
    """The next line of ``fh`` read with a bounded readline: ``(line, too_long)``.

    A line longer than ``limit`` bytes is not kept: its rest is read and dropped in pieces,
    ``(b"", True)`` is returned and the caller reports that line.  ``(b"", False)`` is the end.
    ``limit``: MAX_LINE_BYTES.
    """
    limit = MAX_LINE_BYTES if limit is None else limit
    line = fh.readline(limit + 1)
    if len(line) <= limit or line.endswith(b"\n"):
        return line, False
    while True:
        rest = fh.readline(MB)
        if not rest or rest.endswith(b"\n"):
            return b"", True


def as_float(value: int | float) -> float | None:
    """A JSON number as a float, or None when it is beyond a float's range (the payload keeps it)."""
    try:
        number = float(value)
    except OverflowError:
        return None
    return None if math.isinf(number) else number


def too_deep(limit: int | None = None) -> str:
    """Why nested data was refused: deeper than ``limit`` (MAX_NESTING by default)."""
    limit = MAX_NESTING if limit is None else limit
    return f"nested more than {limit} levels deep (the limit)"


def line_too_long(limit: int | None = None) -> str:
    """Why a line was skipped: longer than ``limit`` bytes (MAX_LINE_BYTES by default)."""
    limit = MAX_LINE_BYTES if limit is None else limit
    return f"line longer than {mb(limit)} (the limit for one line); skipped without reading it whole"


def tree_problem(value: Any, max_depth: int | None = None, max_chars: int | None = None) -> str | None:
    """Why a parsed value cannot become a record (deeper than MAX_NESTING, a text longer than
    MAX_TEXT_CHARS), or None."""
    max_depth = MAX_NESTING if max_depth is None else max_depth
    max_chars = MAX_TEXT_CHARS if max_chars is None else max_chars
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, str):
            if len(item) > max_chars:
                return f"a text of {mb(len(item))} is over the {mb(max_chars)} limit for one value"
        elif isinstance(item, dict | list):
            if depth >= max_depth:
                return too_deep(max_depth)
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children if isinstance(child, str | dict | list))
    return None


def _in_range(value: datetime | None) -> bool:
    if value is None or 1 < value.year < 9999:
        return True
    try:
        value.astimezone(UTC)
    except (OverflowError, ValueError):
        return False
    return True


def tame(record: Record) -> Record:
    """The record with values the vault cannot hold moved to its payload as text, with warnings.

    Cheap for the usual record (a year test and a float test); call it on every record.
    """
    start, end, value = record.start, record.end, record.value
    bad_value = value is not None and math.isinf(value)
    if _in_range(start) and _in_range(end) and not bad_value:
        return record
    update: dict[str, Any] = {}
    warnings = list(record.provenance.warnings)
    kept: dict[str, Any] = {}
    for field, when in (("start", start), ("end", end)):
        if not _in_range(when):
            assert when is not None
            update[field] = None
            kept[field] = when.isoformat()
            warnings.append(f"{field} {when.isoformat()} is outside years 1-9999 in UTC; kept as text only")
    if bad_value:
        update["value"] = None
        kept["value"] = str(value)
        warnings.append(f"value {value} is beyond the range of a number; kept as text only")
    return _with(record, update, warnings, kept)


def _with(record: Record, update: dict[str, Any], warnings: list[str], kept: dict[str, Any]) -> Record:
    payload = dict(record.payload)
    if kept and "resourceType" not in payload:  # a FHIR resource already holds the source's own text
        payload["_kept_as_text"] = {**payload.get("_kept_as_text", {}), **kept}
    update["payload"] = payload
    update["provenance"] = record.provenance.model_copy(update={"warnings": warnings})
    return record.model_copy(update=update)


def _clean(value: Any) -> tuple[Any, bool]:
    """``value`` with lone surrogates in its texts (keys too) replaced by U+FFFD; whether any were."""
    if isinstance(value, str):
        if value.isascii() or not _SURROGATE.search(value):
            return value, False
        return _SURROGATE.sub("\ufffd", value), True
    if isinstance(value, dict):
        out: dict[Any, Any] = {}
        changed = False
        for k, v in value.items():
            k2, c1 = _clean(k)
            v2, c2 = _clean(v)
            out[k2] = v2
            changed = changed or c1 or c2
        return (out if changed else value), changed
    if isinstance(value, list):
        pairs = [_clean(v) for v in value]
        if any(c for _, c in pairs):
            return [v for v, _ in pairs], True
        return value, False
    return value, False


def repair(record: Record) -> Record | str:
    """After the vault refused ``record``: a record it can hold, or why the record is skipped."""
    problem = tree_problem(record.payload)
    if problem:
        return problem
    fields = ("title", "unit", "code_system", "code", "code_display", "text", "subject_key", "kind")
    update: dict[str, Any] = {}
    for name in fields:
        cleaned, changed = _clean(getattr(record, name))
        if changed:
            update[name] = cleaned
    payload, changed = _clean(record.payload)
    prov_warnings, prov_changed = _clean(record.provenance.warnings)
    tags, tags_changed = _clean(record.tags)
    if tags_changed:
        update["tags"] = tags
    if not (update or changed or prov_changed):
        return record
    warnings = [*prov_warnings, "text that was not valid Unicode (lone surrogates) was replaced by \ufffd"]
    repaired = _with(record, update, warnings, {})
    return repaired.model_copy(update={"payload": payload if changed else repaired.payload})


def skipped(record: Record, reason: str) -> SkippedItem:
    """A record that cannot be kept, reported as a skipped item: where it came from, and ``reason``."""
    prov = record.provenance
    where = f"{prov.source_name}: {prov.original_id or record.kind}"
    return SkippedItem(where=_clean(where)[0], reason=reason)

"""Samsung Health's CSV files, streamed: the preamble line, the (prefixed) header, the rows.

A file of the personal-data export looks like this (``com.samsung.health.weight.20230501123456.csv``)::

    com.samsung.health.weight,6302004,8
    \ufeffcom.samsung.health.weight.start_time,com.samsung.health.weight.weight,...,time_offset,
    2023-05-01 09:12:33.123,68.2,...,UTC+0900,

* line 1, the *preamble*, names the data type, then two numbers (a schema number and a version);
* line 2 is the header (sometimes after a UTF-8 BOM); column names are often prefixed with the
  data type (``com.samsung.health.weight.weight``), and are read by their last dotted part;
* every line may end with a comma, which makes an empty last column; free text follows RFC 4180
  (quotes, commas and line breaks inside quotes).

Lines are read with a bounded readline (:data:`MAX_LINE`), so memory stays flat however long the
file and whatever it holds.
"""

from __future__ import annotations

import codecs
import csv
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import IO

from wallet import limits
from wallet.errors import ConnectorError

MAX_LINE = limits.MB
"""The longest line read (a Samsung Health row is well under a kilobyte; heavy data lives in ``jsons/``)."""

PREAMBLE = re.compile(r"^\ufeff?(com\.samsung\.[A-Za-z0-9_.]+),(-?\d+),(-?\d+),?\s*$")
"""Line 1 of every file of the export: the data type, a schema number and a version."""


@dataclass(frozen=True)
class Preamble:
    """What line 1 says: the data type (``com.samsung.health.weight``), schema number and version."""

    data_type: str
    schema: str
    version: str


def column_key(name: str) -> str:
    """``com.samsung.health.heart_rate.heart_rate`` -> ``heart_rate``; unprefixed names as they are."""
    name = name.strip().lstrip("\ufeff").strip()
    if name.startswith("com.samsung."):
        return name.rsplit(".", 1)[-1]
    return name


def read_preamble(first_line: str) -> Preamble | None:
    """The preamble in ``first_line``, or None when the line is not one."""
    m = PREAMBLE.match(first_line.strip("\r\n"))
    return Preamble(m.group(1), m.group(2), m.group(3)) if m else None


class CsvStream:
    """One export CSV opened for reading: its preamble, its header, then its rows (each a dict by column key).

    ``open_stream`` gives a fresh binary stream; ``name`` is used in messages.  Errors are one
    :class:`~wallet.errors.ConnectorError` naming the file: not UTF-8, no preamble, no header,
    a line over :data:`MAX_LINE`, a file cut inside its last row.
    """

    def __init__(self, open_stream: Callable[[], IO[bytes]], name: str, progress: Callable[[int], None]) -> None:
        self.open_stream = open_stream
        self.name = name
        self.progress = progress

    def _lines(self, fh: IO[bytes], state: dict[str, object]) -> Iterator[str]:
        decoder = codecs.getincrementaldecoder("utf-8")()
        done = 0
        number = 0
        while True:
            raw, too_long = limits.read_line(fh, MAX_LINE)
            number += 1
            if too_long:
                raise ConnectorError(
                    f"{self.name}: line {number} is longer than {limits.mb(MAX_LINE)}; "
                    "this is not a Samsung Health export file (nothing was imported from it)"
                )
            if not raw:
                try:
                    decoder.decode(b"", final=True)
                except UnicodeDecodeError:
                    raise ConnectorError(f"{self.name}: not UTF-8 text at its end: is it cut short?") from None
                return
            done += len(raw)
            try:
                text = decoder.decode(raw)
            except UnicodeDecodeError:
                raise ConnectorError(
                    f"{self.name}: not UTF-8 text (line {number}); Samsung Health writes its export in UTF-8"
                ) from None
            if "\x00" in text:
                raise ConnectorError(f"{self.name}: holds NUL characters (line {number}): not a UTF-8 CSV file")
            state["ended_with_newline"] = text.endswith("\n")
            self.progress(done)
            yield text

    def preamble(self) -> Preamble:
        """Line 1 only (for files this connector does not read row by row)."""
        with self.open_stream() as fh:
            lines = self._lines(fh, {})
            first = next(lines, "")
        found = read_preamble(first)
        if found is None:
            raise ConnectorError(
                f"{self.name}: line 1 is not a Samsung Health preamble (data type, number, version); "
                "is this a file of Samsung Health's personal data download?"
            )
        return found

    def rows(self) -> Iterator[tuple[int, dict[str, str]]]:
        """``(line number, row)`` for every row; a row is ``{column key: text}`` with empty cells left out."""
        with self.open_stream() as fh:
            state: dict[str, object] = {"ended_with_newline": True}
            lines = self._lines(fh, state)
            first = next(lines, "")
            if read_preamble(first) is None:
                raise ConnectorError(
                    f"{self.name}: line 1 is not a Samsung Health preamble (data type, number, version); "
                    "is this a file of Samsung Health's personal data download?"
                )
            reader = csv.reader(lines, strict=False)
            try:
                header = next(reader, None)
                if not header or not any(h.strip() for h in header):
                    raise ConnectorError(f"{self.name}: no header line after the preamble: is the file cut short?")
                keys = [column_key(h) for h in header]
                width = max(i for i, k in enumerate(keys) if k) + 1  # the trailing comma's empty column left out
                for fields in reader:
                    line = reader.line_num + 1  # the preamble is line 1
                    if not fields or not any(f.strip() for f in fields):
                        continue
                    if len(fields) < width and not state["ended_with_newline"]:
                        raise ConnectorError(
                            f"{self.name}: the file ends inside a row (line {line}): is it cut short? "
                            "Nothing was imported from it"
                        )
                    row = {k: v.strip() for k, v in zip(keys, fields, strict=False) if k and v.strip()}
                    yield line, row
            except csv.Error as exc:
                raise ConnectorError(f"{self.name}: not a readable CSV file ({exc})") from None

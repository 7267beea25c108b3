"""Text for a terminal, made safe in one place: every line the command line prints goes through here.

Text that came from a file or a bundle (titles, file names, payees, bank messages,
names and purposes in a share bundle) may carry characters a terminal acts on
instead of showing: ESC sequences (clear the screen, set the window title, move
the cursor, draw a fake "VERIFIED"), carriage returns and line feeds (overwrite
or forge whole lines), other C0 and C1 controls, and Unicode format characters
that reorder or hide text (right-to-left overrides, isolates, marks, zero-width
characters, tag characters). Those are shown escaped instead (``\\x1b``,
``\\n``, ``\\u202e``); so are lone surrogates (undecodable bytes of a file name).

* :func:`shown` escapes one value or one line, line feeds included.
* :func:`echo` prints one line; :func:`echo_lines` prints lines, each escaped on its own, so a
  line feed inside a value can never start a new line.
* :func:`echo_json` prints JSON whose strings carry the same characters as JSON escapes
  (``\\u001b``, ``\\u202e``), so the output stays valid JSON.

The command-line modules (``wallet/cli/*.py``) print only through these
functions; a test checks that no other printing call is left in them.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import click

_SHORT = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}

# Format characters that only join letters (Persian, Indic scripts, emoji sequences): they neither
# reorder nor hide text, so they stay as they are.
_JOINERS = frozenset({"\u200c", "\u200d"})


@lru_cache(maxsize=4096)
def unsafe(ch: str) -> bool:
    """True for a character a terminal may act on, or that reorders or hides text around it."""
    code = ord(ch)
    if code < 0x20 or 0x7F <= code <= 0x9F:
        return True  # C0 controls (ESC, CR, LF, BEL, BS, ...), DEL, C1 controls (CSI 0x9b, NEL 0x85, ...)
    if code < 0x7F:
        return False
    if ch in _JOINERS:
        return False
    # Cf: bidi embeddings, overrides, isolates and marks (U+202A-202E, U+2066-2069, U+200E/F,
    # U+061C), zero-width space, word joiner, soft hyphen, BOM, tag characters, ...
    # Cs: lone surrogates. Zl/Zp: U+2028/U+2029, which some terminals and viewers break lines at.
    return unicodedata.category(ch) in ("Cf", "Cs", "Zl", "Zp")


def _escape(ch: str) -> str:
    code = ord(ch)
    if ch in _SHORT:
        return _SHORT[ch]
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def shown(value: object) -> str:
    """``value`` as text that a terminal shows as it is: unsafe characters escaped, line feeds too."""
    text = value if isinstance(value, str) else str(value)
    if text.isprintable():  # no Cc, Cf, Cs, Zl, Zp (nor other non-printables) in it: nothing to escape
        return text
    return "".join(_escape(ch) if unsafe(ch) else ch for ch in text)


def _json_escape(ch: str) -> str:
    code = ord(ch)
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def json_text(data: Any, indent: int | None = 2) -> str:
    """JSON text (UTF-8 letters kept) in which every unsafe character inside a string is a JSON escape.

    ``json.dumps`` already escapes C0 controls, but not DEL, C1 controls, bidi overrides or lone
    surrogates; those are escaped here. The line feeds between lines of indented output stay.
    """
    text = json.dumps(data, ensure_ascii=False, indent=indent)
    if text.replace("\n", " ").isprintable():
        return text
    return "".join(_json_escape(ch) if ch != "\n" and unsafe(ch) else ch for ch in text)


def echo(message: object = "", err: bool = False, nl: bool = True) -> None:
    """Print one line (to stderr with ``err``); anything unsafe in it is shown escaped."""
    click.echo(shown(message), err=err, nl=nl)


def echo_lines(lines: Iterable[object], err: bool = False) -> None:
    """Print lines, each escaped on its own: only the line breaks between them are real."""
    for line in lines:
        echo(line, err=err)


def echo_text(text: str, err: bool = False) -> None:
    """Print text that the wallet itself laid out in several lines: split at its line feeds, each line escaped.

    Use it only for text whose line feeds are the wallet's own layout; a value that came from a file
    must reach it already passed through :func:`shown`.
    """
    echo_lines(text.split("\n"), err=err)


def echo_json(data: Any, err: bool = False, indent: int | None = 2) -> None:
    """Print ``data`` as JSON, unsafe characters as JSON escapes (see :func:`json_text`)."""
    click.echo(json_text(data, indent=indent), err=err)

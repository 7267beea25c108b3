"""Opening a file the user hands in (an import, a bundle to verify, a key file): regular files only.

A named pipe (FIFO) blocks a reader until someone writes to it, ``/dev/zero`` or
``/dev/urandom`` never end, and a sparse file can claim terabytes while taking no room on
disk.  So every such file is looked at with ``stat`` *before* a byte is read or hashed:

* anything but a regular file (FIFO, character or block device, socket, folder) is refused
  with one line naming what it is;
* a file larger than the caller's limit is refused by its size, before any reading;
* the file is opened without blocking (a FIFO swapped in after the look cannot hang the
  open) and checked again on the open descriptor, so what is read is what was checked.

Errors are :class:`InputRefused` (a :class:`~wallet.errors.ConnectorError`, hence a
:class:`~wallet.errors.WalletError`): one readable line.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import IO, Any

from wallet.errors import ConnectorError, WalletError

MB = 1024 * 1024


class InputRefused(ConnectorError):
    """A file handed in is not a regular file, is too large, or cannot be opened."""


def size_text(n: int) -> str:
    """``5 MB``, ``2 GB``: the limits as people read them."""
    if n >= 1024 * MB and n % (1024 * MB) == 0:
        return f"{n // (1024 * MB)} GB"
    return f"{n // MB} MB" if n >= MB else f"{max(1, n // 1024)} KB"


def _kind(mode: int) -> str | None:
    """What a non-regular file is, in words; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def check(st: os.stat_result, name: str, limit: int | None = None, what: str = "file") -> None:
    """Refuse what ``st`` describes unless it is a regular file of at most ``limit`` bytes."""
    kind = _kind(st.st_mode)
    if kind is not None:
        raise InputRefused(f"{name}: {kind}, not a regular file; only regular files are read")
    if limit is not None and st.st_size > limit:
        raise InputRefused(f"{name}: larger than the {size_text(limit)} a {what} may have; nothing was read")


def stat_input(
    path: str | os.PathLike[str], name: str | None = None, limit: int | None = None, what: str = "file"
) -> os.stat_result:
    """``stat`` a file handed in and :func:`check` it; nothing is opened."""
    label = name or Path(path).name or str(path)
    try:
        st = os.stat(path)
    except OSError as exc:
        raise InputRefused(f"{label}: cannot open ({exc.strerror or exc})") from exc
    check(st, label, limit, what)
    return st


def open_input(
    path: str | os.PathLike[str], name: str | None = None, limit: int | None = None, what: str = "file"
) -> IO[bytes]:
    """A binary stream of a regular file handed in, checked before (and just after) opening."""
    label = name or Path(path).name or str(path)
    stat_input(path, label, limit, what)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise InputRefused(f"{label}: cannot open ({exc.strerror or exc})") from exc
    try:
        check(os.fstat(fd), label, limit, what)  # the name may point elsewhere since the look
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_input(path: str | os.PathLike[str], limit: int, name: str | None = None, what: str = "file") -> bytes:
    """The whole content of a regular file of at most ``limit`` bytes (checked by size first)."""
    label = name or Path(path).name or str(path)
    with open_input(path, label, limit, what) as fh:
        try:
            data = fh.read(limit + 1)
        except OSError as exc:
            raise InputRefused(f"{label}: cannot read ({exc.strerror or exc})") from exc
    if len(data) > limit:  # it grew after the look
        raise InputRefused(f"{label}: larger than the {size_text(limit)} a {what} may have; nothing was read")
    return data


def read_json_input(
    path: str | os.PathLike[str],
    limit: int,
    *,
    name: str | None = None,
    what: str = "file",
    error: type[WalletError] = InputRefused,
) -> Any:
    """The JSON value in a small regular file handed in (a key file, a revocation list).

    The file is checked as :func:`read_input` does (regular file, at most ``limit`` bytes, by
    ``stat`` first), which raises :class:`InputRefused`; content that is not UTF-8 JSON is one
    ``error`` reading ``"<name>: not a JSON <what>"``.  ``name`` defaults to the path.
    """
    label = name or os.fspath(path)
    raw = read_input(path, limit, label, what)
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise error(f"{label}: not a JSON {what}") from None


def read_jwk_file(path: str | os.PathLike[str], *, private: bool = False, name: str | None = None) -> dict[str, Any]:
    """The P-256 key in a key file handed in: a JWK, or a JWKS holding exactly one EC key.

    ``private``: the file must hold a private key (opening an encrypted bundle); otherwise a
    public key, returned as its public members (``kty crv x y``).  Whatever is wrong (not a
    regular file, too large, not JSON, not a P-256 key, the wrong half) is one
    :class:`~wallet.errors.WalletError` naming the file (``name``, else its path).
    """
    from wallet import jose

    name = name or os.fspath(path)
    raw = read_input(path, jose.MAX_KEY_FILE, name, what="key file")
    return jose.jwk_from_json(raw, name, private=private)

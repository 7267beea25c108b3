"""Writing files so that a crash never leaves half a file under the real name.

:func:`atomic_write` is the primitive; :func:`write_out` is the one way data the user asked
for leaves the vault as a file (a document, an attachment, a share bundle, a withdrawal notice,
an emergency printout): written the same way and recorded in the audit log in one form.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wallet.errors import DiskFull, WalletError

if TYPE_CHECKING:
    from wallet.store.vault import Vault


def atomic_write(path: str | os.PathLike[str], data: bytes, mode: int = 0o600, overwrite: bool = True) -> Path:
    """Write ``data`` to a temporary name in the same folder, fsync, then rename over ``path``.

    The file is created with ``mode`` (owner-only by default).  Raises WalletError with a
    readable message when the folder is missing or the write fails; nothing is left behind.
    ``overwrite=False``: a file that exists at ``path`` (even one made a moment ago, after the
    caller looked) is never replaced; that is a WalletError too.
    """
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise WalletError(f"cannot write {target}: the folder {folder} does not exist")
    tmp = folder / f".{target.name}.{secrets.token_hex(4)}.part"
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if overwrite:
            os.replace(tmp, target)
        else:
            _place_new(tmp, target)
    except FileExistsError:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise WalletError(f"{target} already exists; nothing was written to it") from None
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC), errno.EFBIG):
            raise DiskFull(f"the disk is full: cannot write {target}; nothing was changed") from exc
        raise WalletError(f"cannot write {target}: {exc.strerror or exc}") from exc
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    with contextlib.suppress(OSError, AttributeError):
        dfd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)
    return target


def _place_new(tmp: Path, target: Path) -> None:
    """Move ``tmp`` to ``target`` only if nothing is there: FileExistsError otherwise.

    A hard link is made atomically and fails if the name exists; on a file system without
    hard links, the look and the rename leave a moment in between.
    """
    try:
        os.link(tmp, target)
    except FileExistsError:
        raise
    except OSError:
        if target.exists() or target.is_symlink():
            raise FileExistsError(target) from None
        os.replace(tmp, target)
        return
    tmp.unlink()


def write_out(
    vault: Vault,
    path: str | os.PathLike[str],
    data: bytes,
    *,
    action: str,
    detail: dict[str, Any],
    overwrite: bool = False,
    mode: int = 0o600,
    record_path: bool = True,
    also: Callable[[], object] | None = None,
) -> Path:
    """Write ``data`` out of the vault to ``path`` (an export the user asked for), audited.

    The copy is plaintext on disk: call this only when the user asks.  The file is written as
    :func:`atomic_write` writes it (owner-only by default; ``overwrite=False`` never replaces a
    file that exists), in one transaction with the audit entry ``action``: ``detail`` plus the
    file's ``path``, ``sha256`` and ``bytes``.  So the entry is there exactly when the file is:
    a failed write records nothing and leaves nothing, and a failed record removes the file.
    Never put personal values in ``detail``; ``record_path=False`` leaves the path out too
    (a file name can name the person).  ``also`` is called first in the same transaction, for
    what the vault records with the file (a consent receipt): it commits exactly when the
    entry does, and if it raises, nothing is written.
    """
    target = Path(path).expanduser()
    where = {"path": str(target.resolve())} if record_path else {}
    entry = {**detail, **where, "sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}
    written: Path | None = None
    try:
        with vault.transaction():
            if also is not None:
                also()
            vault.audit(action, entry)
            written = atomic_write(target, data, mode=mode, overwrite=overwrite)
        return written
    except BaseException:
        if written is not None:  # the file was placed but the entry did not commit
            with contextlib.suppress(OSError):
                written.unlink()
        raise

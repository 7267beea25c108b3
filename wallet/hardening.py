"""Process hardening applied before any key exists: no core dumps.

A core dump is a copy of the process memory on disk, readable by whoever reads
the folder it lands in (or by the system's crash collector).  After an unlock
that memory holds the passphrase, the database key and decrypted records, so
the wallet turns core dumps off for the whole process as the very first thing
its entry points do (:func:`disable_core_dumps`), before a passphrase is read
or a key is derived:

* POSIX: ``RLIMIT_CORE`` soft and hard limit 0 (inherited by child processes;
  the hard limit cannot be raised again by this process);
* Linux: also ``prctl(PR_SET_DUMPABLE, 0)``, which stops a ``core_pattern``
  pipe to a crash collector (systemd-coredump, apport) that ignores
  ``RLIMIT_CORE``, and keeps other processes of the same user from attaching
  with ptrace or reading ``/proc/<pid>/mem``;
* macOS: ``RLIMIT_CORE`` 0 is what ``launchd``/``ulimit -c 0`` use as well;
* Windows: nothing process-wide can be switched off without affecting other
  programs (Windows Error Reporting dumps are configured per executable, and
  the executable is Python's), so nothing is done there.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field

PR_SET_DUMPABLE = 4
PR_GET_DUMPABLE = 3


@dataclass
class HardeningResult:
    """What :func:`disable_core_dumps` managed to do (and what it could not, with the reason)."""

    core_limit_zero: bool = False
    not_dumpable: bool = False
    problems: list[str] = field(default_factory=list)


def _prctl(option: int, arg: int = 0) -> int:
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    prctl = libc.prctl
    prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]
    prctl.restype = ctypes.c_int
    result = int(prctl(option, arg, 0, 0, 0))
    if result < 0:
        raise OSError(ctypes.get_errno(), f"prctl({option}) failed")
    return result


def is_dumpable() -> bool | None:
    """Linux: ``prctl(PR_GET_DUMPABLE)`` != 0; None elsewhere."""
    if not sys.platform.startswith("linux"):
        return None
    return _prctl(PR_GET_DUMPABLE) != 0


def disable_core_dumps() -> HardeningResult:
    """Turn core dumps off for this process (see the module text).  Never raises."""
    result = HardeningResult()
    try:
        import resource
    except ImportError:  # Windows
        result.problems.append("no RLIMIT_CORE on this system")
    else:
        try:
            resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
            result.core_limit_zero = True
        except (OSError, ValueError) as exc:
            result.problems.append(f"RLIMIT_CORE: {exc}")
    if sys.platform.startswith("linux"):
        try:
            _prctl(PR_SET_DUMPABLE, 0)
            result.not_dumpable = not is_dumpable()
        except (OSError, AttributeError) as exc:
            result.problems.append(f"PR_SET_DUMPABLE: {exc}")
    return result

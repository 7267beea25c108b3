"""Passphrase strength, the unlock back-off schedule and record paging: logic shared by the GUI and the CLI.

Nothing here touches the vault or Qt.  Strength comes from zxcvbn (Dropbox's
estimator, the one KeePassXC uses): dictionaries of leaked passwords, names and
words, keyboard patterns, sequences, repeats and dates, mapped to a score of 0
(very weak) to 4 (strong).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from zxcvbn import zxcvbn

MIN_ACCEPTABLE_SCORE = 2
"""The create-vault wizard refuses passphrases scoring below this."""
MIN_LENGTH = 8


@dataclass(frozen=True)
class Strength:
    """An estimate of how hard a passphrase is to guess."""

    bits: float
    score: int
    """0 very weak, 1 weak, 2 fair, 3 good, 4 strong."""
    hints: tuple[str, ...]
    """Short English hints (the GUI translates them by key)."""

    @property
    def acceptable(self) -> bool:
        """Whether the passphrase is strong enough to protect a vault."""
        return self.score >= MIN_ACCEPTABLE_SCORE


def estimate(passphrase: str) -> Strength:
    """Estimate the strength of ``passphrase`` with zxcvbn."""
    if not passphrase:
        return Strength(0.0, 0, ("empty",))
    result: dict[str, Any] = zxcvbn(passphrase[:256])  # zxcvbn is slow on very long input
    bits = float(result["guesses_log10"]) * math.log2(10)
    score = int(result["score"])
    hints: list[str] = []
    if len(passphrase) < MIN_LENGTH:
        hints.append("short")
        score = min(score, 1)
    feedback = result.get("feedback") or {}
    warning = str(feedback.get("warning") or "").lower()
    if any(w in warning for w in ("common", "similar", "repeat", "sequence", "keyboard", "date", "year", "name")):
        hints.append("common")
    if score < 3:
        hints.append("words")
    return Strength(round(bits, 1), score, tuple(dict.fromkeys(hints)))


def unlock_delay(failures: int) -> float:
    """Seconds to wait before the next unlock attempt after ``failures`` wrong ones in a row.

    The first two mistakes cost nothing (typos happen); then 1, 2, 4, 8, 16 and at most 30 seconds.
    Argon2id already makes each guess slow; this adds a visible, growing pause on top.
    """
    if failures < 3:
        return 0.0
    return float(min(30, 2 ** (failures - 3)))


@dataclass(frozen=True)
class Page:
    """One page of a lazily loaded list."""

    offset: int
    limit: int


def next_page(loaded: int, page_size: int, total: int | None = None) -> Page | None:
    """The next page to load after ``loaded`` rows, or None when everything is loaded.

    ``total`` may be unknown (None): then loading stops when a page comes back short.
    """
    if page_size <= 0:
        raise ValueError("page_size must be positive")
    if total is not None and loaded >= total:
        return None
    limit = page_size if total is None else min(page_size, total - loaded)
    return Page(offset=loaded, limit=limit)


def exhausted(page: Page, returned: int) -> bool:
    """Whether a page that returned ``returned`` rows was the last one."""
    return returned < page.limit

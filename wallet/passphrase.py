"""Passphrase strength, the unlock back-off schedule and record paging: logic shared by the GUI and the CLI.

Nothing here touches the vault or Qt.  The strength estimate is deliberately
simple and conservative (no dictionary download): it estimates the guessing
entropy from the characters used, discounts repeats, runs and common words,
and maps the result to a score of 0 (very weak) to 4 (strong).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

# Words and fragments that make up a large share of leaked passwords; each found costs entropy.
_COMMON = (
    "password",
    "passwort",
    "qwerty",
    "asdf",
    "zxcv",
    "letmein",
    "welcome",
    "admin",
    "login",
    "iloveyou",
    "monkey",
    "dragon",
    "master",
    "secret",
    "abc",
    "123",
    "111",
    "000",
    "korea",
    "love",
    "사랑",
    "비밀번호",
)
_SEQUENCES = ("abcdefghijklmnopqrstuvwxyz", "0123456789", "qwertyuiopasdfghjklzxcvbnm")

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
        return self.score >= MIN_ACCEPTABLE_SCORE


def _pool_size(text: str) -> int:
    pool = 0
    if re.search(r"[a-z]", text):
        pool += 26
    if re.search(r"[A-Z]", text):
        pool += 26
    if re.search(r"[0-9]", text):
        pool += 10
    if re.search(r"[^a-zA-Z0-9\s\uac00-\ud7a3]", text):
        pool += 33
    if re.search(r"\s", text):
        pool += 1
    if re.search(r"[\uac00-\ud7a3]", text):
        pool += 2350  # the commonly used Hangul syllables
    return max(pool, 1)


def _effective_length(text: str) -> float:
    """Length with repeated characters and keyboard/alphabet runs discounted."""
    lower = text.lower()
    length = 0.0
    prev = ""
    run = 0
    for i, ch in enumerate(lower):
        if ch == prev:
            length += 0.25
            continue
        in_sequence = i > 0 and any(lower[i - 1 : i + 1] in seq for seq in _SEQUENCES)
        run = run + 1 if in_sequence else 0
        length += 0.35 if run >= 1 else 1.0
        prev = ch
    return length


def estimate(passphrase: str) -> Strength:
    """Estimate the strength of ``passphrase``."""
    if not passphrase:
        return Strength(0.0, 0, ("empty",))
    hints: list[str] = []
    bits = _effective_length(passphrase) * math.log2(_pool_size(passphrase))
    lower = passphrase.lower()
    for word in _COMMON:
        if word in lower:
            bits -= 10
            hints.append("common")
            break
    words = [w for w in re.split(r"[\s\-_.,]+", passphrase) if w]
    if len(words) >= 4:
        bits = max(bits, 11.0 * len(words))  # several words: at least a diceware-like estimate
    if len(passphrase) < MIN_LENGTH:
        hints.append("short")
        bits = min(bits, 27.0)
    bits = max(bits, 0.0)
    if bits < 28:
        score = 0
    elif bits < 40:
        score = 1
    elif bits < 55:
        score = 2
    elif bits < 75:
        score = 3
    else:
        score = 4
    if score < 3 and len(words) < 4:
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

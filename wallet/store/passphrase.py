"""Passphrase strength, the unlock back-off schedule and record paging: logic shared by the GUI and the CLI.

Nothing here touches the vault or Qt.  Strength comes from zxcvbn (Dropbox's
estimator, the one KeePassXC uses): dictionaries of leaked passwords, names and
words, keyboard patterns, sequences, repeats and dates, mapped to a score of 0
(very weak) to 4 (strong).
"""

from __future__ import annotations

import math
import secrets
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Any

from zxcvbn import zxcvbn

MIN_ACCEPTABLE_SCORE = 2
"""The create-vault wizard refuses passphrases scoring below this."""
MIN_LENGTH = 8
"""Shorter passphrases are refused whatever their score."""
RULE = (
    f"A vault passphrase needs at least {MIN_LENGTH} characters and must not be easy to guess "
    "(strength at least fair: not a common password, word, name, date or keyboard pattern)."
)
"""The one rule, in words: the GUI (translated) and the CLI say this, and :attr:`Strength.problem` applies it."""
GENERATED_WORDS = 6
"""Words in a generated passphrase: 6 words from 2048 make 66 random bits."""
WORD_LISTS = {"en": "english", "ko": "korean"}
"""The generator's languages and the BIP-39 word list of each (the ``mnemonic`` package's, 2048 words each)."""


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

    @property
    def problem(self) -> str | None:
        """Why the passphrase is refused: ``"empty"``, ``"short"`` (under MIN_LENGTH) or ``"guessable"``; None if fine.

        Only a passphrase under :data:`MIN_LENGTH` characters is called short: a long one that is
        refused (``password123``) is refused because it is easy to guess, and is said so.
        """
        if self.acceptable:
            return None
        if "empty" in self.hints:
            return "empty"
        return "short" if "short" in self.hints else "guessable"


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


@cache
def word_list(language: str = "en") -> tuple[str, ...]:
    """The generator's words for ``language`` (``en`` or ``ko``), NFC-normalised; ValueError for another language."""
    if language not in WORD_LISTS:
        raise ValueError(f"no word list for {language!r} (there are: {', '.join(WORD_LISTS)})")
    from mnemonic import Mnemonic  # the BIP-39 lists, kept by Trezor: 2048 distinct, common, unambiguous words

    # the Korean list is stored decomposed (NFKD jamo); composed syllables are what people type and read
    words = tuple(unicodedata.normalize("NFC", w) for w in Mnemonic(WORD_LISTS[language]).wordlist)
    return tuple(dict.fromkeys(words))


def generate(words: int = GENERATED_WORDS, language: str = "en", separator: str = " ") -> str:
    """A diceware-style passphrase: ``words`` words picked with :func:`secrets.choice` (each adds 11 bits)."""
    if words < 1:
        raise ValueError("a passphrase needs at least one word")
    choices = word_list(language)
    return separator.join(secrets.choice(choices) for _ in range(words))


def generated_bits(words: int, language: str = "en") -> float:
    """The entropy in bits of a passphrase of ``words`` words from :func:`word_list` (the guesser knows the list)."""
    return round(words * math.log2(len(word_list(language))), 1)


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

"""Money as shown everywhere: per currency, per language, from CLDR (through Babel).

Each currency has its own number of digits (KRW and JPY none, USD and EUR two, BHD three)
and its own symbol, placed where the language puts it; CLDR is the maintained source of
those facts, so the wallet keeps no table of its own.  An amount is never written in
scientific notation, and one with more digits than its currency uses (a KRW amount with
a fraction) keeps them rather than being rounded out of sight.

``format_money(Decimal("3200000"), "KRW")`` is ``₩3,200,000``;
``format_money(Decimal("3200000"), "KRW", style="code")`` is ``3,200,000 KRW`` (the CLI's
form, unambiguous in any terminal); an unknown currency code gets two decimals and the code.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Literal

from babel import Locale, UnknownLocaleError
from babel.numbers import format_currency, format_decimal, list_currencies

__all__ = ["MoneyStyle", "format_amount", "format_money", "known_currency", "to_decimal"]

MoneyStyle = Literal["symbol", "code", "number"]
"""``symbol``: ``₩3,200,000``; ``code``: ``3,200,000 KRW``; ``number``: ``3,200,000``
(for a column that names the currency)."""

_CODE = re.compile(r"^[A-Z]{3}$")
_CODE_PATTERN = "#,##0.00 ¤¤"
"""The number, a space and the ISO code (``¤¤``); Babel sets the digits per currency."""
_PLAIN = "#,##0.00"


@lru_cache(maxsize=32)
def _locale(lang: str) -> Locale:
    """Babel's locale for ``lang`` (``ko``, ``en``, ``ko_KR``, ``ko-KR``); English when unknown."""
    try:
        return Locale.parse(lang.replace("-", "_")) if lang else Locale("en")
    except (UnknownLocaleError, ValueError, TypeError):
        return Locale("en")


@lru_cache(maxsize=1)
def _currencies() -> frozenset[str]:
    return frozenset(list_currencies())


def known_currency(code: str | None) -> bool:
    """True for an ISO 4217 code CLDR knows (``KRW``, ``usd``)."""
    return bool(code) and (code or "").strip().upper() in _currencies()


def to_decimal(amount: Decimal | float | int | str) -> Decimal | None:
    """The amount as a Decimal: a float by its shortest repr (``0.1`` is ``0.1``, not its
    binary expansion); None for NaN, an infinity or text that is no number."""
    try:
        if isinstance(amount, Decimal):
            value = amount
        else:
            value = Decimal(repr(amount) if isinstance(amount, float) else amount)
    except (InvalidOperation, ValueError, TypeError):
        return None
    return value if value.is_finite() else None


def format_amount(amount: Decimal | float | int, lang: str = "en") -> str:
    """A number of money without a currency: grouped, at least two decimals (``-1,234.50``)."""
    value = to_decimal(amount)
    if value is None:
        return _not_a_number(amount)
    return format_decimal(value, _PLAIN, locale=_locale(lang), decimal_quantization=False)


def format_money(
    amount: Decimal | float | int,
    currency: str | None,
    lang: str = "en",
    style: MoneyStyle = "symbol",
    *,
    rounded: bool = False,
) -> str:
    """An amount of a currency as people of ``lang`` write it.

    ``style="symbol"``: the currency's symbol where the language puts it (``₩3,200,000``,
    ``-$12.50``, ``US$12.50`` in Korean); ``style="code"``: the number and the ISO code
    (``3,200,000 KRW``, ``-12.50 USD``); ``style="number"``: the number alone, with the
    currency's digits (``3,200,000``, for a column that names the currency).  The currency's
    own digits (CLDR), extra digits of the amount kept; never scientific notation.  No
    currency: the number alone with two decimals; a code CLDR does not know: two decimals
    and the code as given.  ``rounded``: to the currency's digits (a sum of a utility's
    fractions of a cent, shown as a bill shows it), half to even.
    """
    value = to_decimal(amount)
    code = (currency or "").strip()
    if value is None:
        text = _not_a_number(amount)
        return f"{text} {code}" if code else text
    locale = _locale(lang)
    if not code:
        return format_decimal(value, _PLAIN, locale=locale, decimal_quantization=rounded)
    upper = code.upper()
    if not _CODE.match(upper) or upper not in _currencies():
        number = format_decimal(value, _PLAIN, locale=locale, decimal_quantization=rounded)
        return number if style == "number" else f"{number} {code}"
    if style in ("code", "number"):
        pattern = _CODE_PATTERN if style == "code" else _PLAIN
        return format_currency(value, upper, pattern, locale=locale, currency_digits=True, decimal_quantization=rounded)
    return format_currency(value, upper, locale=locale, currency_digits=True, decimal_quantization=rounded)


def _not_a_number(amount: object) -> str:
    """NaN and the infinities as words, never as a made-up number; anything else as its text."""
    try:
        number = float(amount)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return str(amount)
    if math.isnan(number):
        return "NaN"
    if math.isinf(number):
        return "-∞" if number < 0 else "∞"
    return str(amount)

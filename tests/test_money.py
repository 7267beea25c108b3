"""Money as every view shows it (wallet.terms.money): CLDR's digits and symbols per currency and language.

The expected strings are CLDR's (Unicode CLDR, the data Babel ships): the currency's digits
(KRW and JPY 0, USD and EUR 2, BHD 3, ISO 4217's minor units), the symbol and where the
language puts it ("₩" in English and Korean, "US$" and "JP¥" in Korean, the standard
pattern "¤#,##0.00" for both), and "," / "." as group and decimal signs in both languages.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from babel.numbers import get_currency_precision

from wallet.terms.money import format_amount, format_money, known_currency, to_decimal

SALARY = Decimal("3200000")
COFFEE = Decimal("-12.5")

# (currency, language, symbol style of 3,200,000, symbol style of -12.5, code style of -12.5)
GOLDEN = [
    ("KRW", "en", "₩3,200,000", "-₩12.5", "-12.5 KRW"),
    ("KRW", "ko", "₩3,200,000", "-₩12.5", "-12.5 KRW"),
    ("USD", "en", "$3,200,000.00", "-$12.50", "-12.50 USD"),
    ("USD", "ko", "US$3,200,000.00", "-US$12.50", "-12.50 USD"),
    ("EUR", "en", "€3,200,000.00", "-€12.50", "-12.50 EUR"),
    ("EUR", "ko", "€3,200,000.00", "-€12.50", "-12.50 EUR"),
    ("JPY", "en", "¥3,200,000", "-¥12.5", "-12.5 JPY"),
    ("JPY", "ko", "JP¥3,200,000", "-JP¥12.5", "-12.5 JPY"),
]


@pytest.mark.parametrize(("currency", "lang", "salary", "coffee", "coded"), GOLDEN)
def test_golden_strings_in_english_and_korean(currency: str, lang: str, salary: str, coffee: str, coded: str) -> None:
    assert format_money(SALARY, currency, lang) == salary
    # a KRW or JPY amount with a fraction keeps it: rounding it away would hide what the source said
    assert format_money(COFFEE, currency, lang) == coffee
    assert format_money(COFFEE, currency, lang, style="code") == coded


def test_the_cli_form_of_a_korean_salary() -> None:
    assert format_money(SALARY, "KRW", style="code") == "3,200,000 KRW"
    assert format_money(Decimal("-12.50"), "USD", style="code") == "-12.50 USD"
    assert format_money(Decimal("-4500"), "KRW", "ko", style="number") == "-4,500"


@pytest.mark.parametrize("amount", [3.2e6, 3200000.0, Decimal("3.2E+6"), Decimal("3200000.00"), 3200000])
def test_never_scientific_notation(amount: float | Decimal | int) -> None:
    assert format_money(amount, "KRW", style="code") == "3,200,000 KRW"


def test_tiny_and_huge_amounts_are_written_out() -> None:
    assert format_money(1e-7, "USD", style="code") == "0.0000001 USD"
    assert format_money(Decimal("1E+15"), "USD", style="code") == "1,000,000,000,000,000.00 USD"


def test_currency_digits_follow_cldr() -> None:
    # ISO 4217 minor units, as CLDR carries them
    assert [get_currency_precision(c) for c in ("KRW", "JPY", "USD", "EUR", "BHD")] == [0, 0, 2, 2, 3]
    assert format_money(Decimal("1.5"), "BHD", style="code") == "1.500 BHD"
    assert format_money(Decimal("1"), "KRW", style="code") == "1 KRW"


def test_rounded_to_the_currency_as_a_bill_shows_it() -> None:
    assert format_money(Decimal("11.48274"), "USD", style="code", rounded=True) == "11.48 USD"
    assert format_money(Decimal("1234.6"), "KRW", style="code", rounded=True) == "1,235 KRW"


def test_unknown_or_missing_currency() -> None:
    assert format_money(Decimal("7"), "XYZ") == "7.00 XYZ"
    assert format_money(Decimal("7"), "points", style="code") == "7.00 points"
    assert format_money(Decimal("7"), None) == "7.00"
    assert format_money(Decimal("7"), "") == "7.00"
    assert format_money(Decimal("7"), "usd", style="code") == "7.00 USD"  # a code in lower case is still the code
    assert not known_currency("XYZ") and known_currency("krw") and not known_currency(None)


def test_not_a_number_is_said_not_invented() -> None:
    assert format_money(float("nan"), "KRW") == "NaN KRW"
    assert format_money(float("-inf"), "USD", style="code") == "-∞ USD"
    assert to_decimal(float("nan")) is None and to_decimal("abc") is None
    assert to_decimal(0.1) == Decimal("0.1")  # the float's shortest form, not its binary expansion


def test_an_unknown_language_falls_back_to_english() -> None:
    assert format_money(SALARY, "KRW", "zz") == "₩3,200,000"
    assert format_money(SALARY, "USD", "ko-KR") == "US$3,200,000.00"
    assert format_amount(Decimal("-1234.5")) == "-1,234.50"

"""Numbers as people read them (wallet.terms.numbers): separators, no exponent, ever."""

from __future__ import annotations

import pytest

from wallet.terms.numbers import format_number


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (3_200_000, "3,200,000"),
        (3.2e6, "3,200,000"),
        (0.5, "0.5"),
        (-1234.56789, "-1,234.5679"),
        (1e20, "100,000,000,000,000,000,000"),
        (1e-7, "0"),
        (float("nan"), "nan"),
        (float("-inf"), "-inf"),
    ],
)
def test_numbers_are_never_written_in_scientific_notation(value: float, text: str) -> None:
    assert format_number(value) == text
    assert "e+" not in format_number(value) and "e-" not in format_number(value)

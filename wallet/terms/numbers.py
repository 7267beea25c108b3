"""Numbers as people read them: thousands separated, never in scientific notation."""

from __future__ import annotations


def format_number(value: float) -> str:
    """Readable numbers: thousands separated, no exponent, at most 4 decimals (``1,234,567``, ``0.5``)."""
    if value != value or value in (float("inf"), float("-inf")):
        return str(value)  # nan, inf: said as they are, never as a made-up number
    if abs(value) >= 1e15:  # beyond float's exact integers: whole, with separators, never 1e+20
        return f"{value:,.0f}"
    if float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:,.4f}".rstrip("0").rstrip(".")

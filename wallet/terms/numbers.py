"""Numbers as people read them: thousands separated, never in scientific notation."""

from __future__ import annotations


def format_number(value: float) -> str:
    """Readable numbers: thousands separated, no exponent, at most 4 decimals (``1,234,567``, ``0.5``)."""
    if value != value or abs(value) >= 1e15:  # NaN or huge
        return f"{value:g}"
    if float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:,.4f}".rstrip("0").rstrip(".")

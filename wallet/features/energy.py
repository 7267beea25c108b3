"""Energy: daily/monthly totals of Green Button readings for the views.

A day of use is a *local* day: each reading keeps its meter's ESPI local time
parameters, which :class:`~wallet.espi_time.EspiTimeZone` turns into a
:class:`datetime.tzinfo` (that module sits below this one, since the Green
Button connector uses it too; its names are re-exported here).

No Qt here: the GUI and the CLI both call :func:`daily_totals` and
:func:`monthly_totals`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from decimal import Decimal
from typing import Any

from wallet.espi_time import DstRule, EspiTimeZone
from wallet.model import Record

__all__ = [
    "SUMMABLE_ACCUMULATION",
    "SUMMABLE_UNITS",
    "DstRule",
    "EnergyTotal",
    "EspiTimeZone",
    "daily_totals",
    "monthly_totals",
]

#: ``accumulationBehaviour`` values whose readings are amounts *per interval*
#: and so may be added up.  Cumulative register reads (1 bulkQuantity,
#: 3 cumulative, 9 summation) and instantaneous values (12) must not be.
SUMMABLE_ACCUMULATION = frozenset({None, "deltaData", "none"})
#: Units that are amounts (energy, volume), not rates; only these are summed.
SUMMABLE_UNITS = frozenset({"kWh", "Wh", "kVAh", "VAh", "kVArh", "VArh", "therm", "m3", "ft3", "US gal", "J"})


@dataclass(frozen=True)
class EnergyTotal:
    """Sum of the readings of one period (a local day or month) in one unit."""

    period: date
    """The local day, or the first day of the month for monthly totals."""
    commodity: str
    unit: str
    total: float
    readings: int
    cost: Decimal | None
    currency: str | None


def _local_start(record: Record, tz: tzinfo | None) -> datetime | None:
    if record.start is None:
        return None
    if tz is not None:
        return record.start.astimezone(tz)
    zone = EspiTimeZone.from_payload(record.payload)
    if zone is not None:
        return zone.local(record.start)
    return record.start  # the clock rule (docs/clock.md): the day in the reading's own offset


def _totals(records: Iterable[Record], tz: tzinfo | None, monthly: bool) -> list[EnergyTotal]:
    sums: dict[tuple[date, str, str], list[Any]] = {}
    for rec in records:
        if rec.kind != "interval_reading" or rec.value is None or rec.unit not in SUMMABLE_UNITS:
            continue
        if rec.payload.get("accumulation") not in SUMMABLE_ACCUMULATION:
            continue
        local = _local_start(rec, tz)
        if local is None:
            continue
        day = local.date().replace(day=1) if monthly else local.date()
        commodity = str(rec.payload.get("commodity") or "energy")
        key = (day, commodity, rec.unit)
        entry = sums.setdefault(key, [Decimal(0), 0, None, None])
        entry[0] += Decimal(repr(rec.value))
        entry[1] += 1
        cost = rec.payload.get("cost")
        if cost is not None:
            entry[2] = (entry[2] or Decimal(0)) + Decimal(str(cost))
            entry[3] = entry[3] or rec.payload.get("currency")
    return [
        EnergyTotal(day, commodity, unit, float(v[0]), v[1], v[2], v[3])
        for (day, commodity, unit), v in sorted(sums.items())
    ]


def daily_totals(records: Iterable[Record], tz: tzinfo | None = None) -> list[EnergyTotal]:
    """Per local day, commodity and unit: the sum of interval readings.

    ``tz`` forces one time zone; by default each reading's own
    ``LocalTimeParameters`` (kept in its payload) decide its day, else the
    offset the reading carries (docs/clock.md).
    Only per-interval amounts are summed: cumulative register reads,
    instantaneous values and rates (W, kW) are left out.
    """
    return _totals(records, tz, monthly=False)


def monthly_totals(records: Iterable[Record], tz: tzinfo | None = None) -> list[EnergyTotal]:
    """Like :func:`daily_totals`, per local calendar month (``period`` = 1st of the month)."""
    return _totals(records, tz, monthly=True)

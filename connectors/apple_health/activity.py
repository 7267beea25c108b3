"""``ActivitySummary``: one record per day, the activity rings (active energy as the value)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from connectors.apple_health.healthkit import _number
from wallet.model import Domain

if TYPE_CHECKING:
    from connectors.apple_health.builder import _Builder


def activity_summary(builder: _Builder, attrs: dict[str, str]) -> None:
    """An ``ActivitySummary``: the day's move, exercise and stand rings."""
    day = attrs.get("dateComponents", "")
    warnings: list[str] = []
    start = end = None
    try:
        midnight = datetime.fromisoformat(day)
        tz = builder.export_tz
        if tz is None:
            from datetime import UTC

            tz = UTC
            warnings.append("no ExportDate time zone; the day is taken as UTC")
        start = midnight.replace(tzinfo=tz)
        end = start + timedelta(days=1)
    except ValueError:
        warnings.append(f"unreadable day {day!r}")
    except OverflowError:  # 9999-12-31: the day has no end the vault can hold (the pipeline says so)
        end = None
    energy = _number(attrs.get("activeEnergyBurned"))
    bits = []
    if energy is not None:
        bits.append(
            f"move {attrs.get('activeEnergyBurned')}/{attrs.get('activeEnergyBurnedGoal', '?')} "
            f"{attrs.get('activeEnergyBurnedUnit', 'kcal')}"
        )
    if attrs.get("appleExerciseTime"):
        bits.append(f"exercise {attrs['appleExerciseTime']}/{attrs.get('appleExerciseTimeGoal', '?')} min")
    if attrs.get("appleStandHours"):
        bits.append(f"stand {attrs['appleStandHours']}/{attrs.get('appleStandHoursGoal', '?')} h")
    builder.add(
        domain=Domain.FITNESS,
        kind="activity_summary",
        title=f"Activity rings {day}".strip(),
        start=start,
        end=end,
        date_only=start is not None,  # a day (dateComponents), shown as that date
        value=energy,
        unit=attrs.get("activeEnergyBurnedUnit") if energy is not None else None,
        text=", ".join(bits) or None,
        payload=dict(attrs),
        provenance=builder.provenance(warnings),
    )

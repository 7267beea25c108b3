"""Local time of Green Button (NAESB ESPI) readings.

ESPI gives interval times as UTC epoch seconds and the meter's local time as
``LocalTimeParameters``: a standard offset (``tzOffset``), a DST offset
(``dstOffset``) and two bit-field rules saying when DST starts and ends.
:class:`EspiTimeZone` turns those into a :class:`datetime.tzinfo`.  The Green
Button connector uses it while importing and the energy feature when it adds
up a local day, so it lives here, below both.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from typing import Any

from typing_extensions import override


@dataclass(frozen=True)
class DstRule:
    """One decoded ESPI ``DstRuleType`` (``dstStartRule`` / ``dstEndRule``).

    Bits 0-11 seconds, 12-16 hour, 17-19 day of week (1 = Monday .. 7 = Sunday),
    20-24 day of month, 25-27 operator, 28-31 month.  Operators: 0 on the day
    of month; 1 the weekday on or after the day of month; 2-6 the first to
    fifth such weekday of the month; 7 the last such weekday.
    """

    month: int
    operator: int
    day_of_month: int
    day_of_week: int
    hour: int
    seconds: int

    @classmethod
    def parse(cls, text: str | None) -> DstRule | None:
        """Decode a hex rule; ``None`` when absent, disabled (FFFFFFFF) or invalid.

        Some utilities (the SCE bulk sample) write only the upper 16 bits
        (``B40E``); those are padded with zeros, which keeps month, operator
        and weekday and loses only the hour (read as midnight).
        """
        if not text:
            return None
        text = text.strip()
        if text.lower().startswith("0x"):
            text = text[2:]
        if not text or len(text) > 8:
            return None
        try:
            raw = int(text.ljust(8, "0"), 16)
        except ValueError:
            return None
        if raw == 0xFFFFFFFF:
            return None
        rule = cls(
            month=(raw >> 28) & 0xF,
            operator=(raw >> 25) & 0x7,
            day_of_month=(raw >> 20) & 0x1F,
            day_of_week=(raw >> 17) & 0x7,
            hour=(raw >> 12) & 0x1F,
            seconds=raw & 0xFFF,
        )
        if not 1 <= rule.month <= 12 or rule.hour > 23:
            return None
        if rule.operator == 0 and not 1 <= rule.day_of_month <= 31:
            return None
        if rule.operator >= 1 and not 1 <= rule.day_of_week <= 7:
            return None
        return rule

    def local_moment(self, year: int) -> datetime:
        """The naive local wall-clock moment this rule names in ``year``."""
        last = calendar.monthrange(year, self.month)[1]
        weekday = self.day_of_week - 1  # Python: Monday = 0
        if self.operator == 0:
            day = min(self.day_of_month, last)
        elif self.operator == 1:
            day = max(self.day_of_month, 1)
            while date(year, self.month, day).weekday() != weekday and day < last:
                day += 1
        elif self.operator == 7:
            day = last
            while date(year, self.month, day).weekday() != weekday:
                day -= 1
        else:
            first = 1
            while date(year, self.month, first).weekday() != weekday:
                first += 1
            day = first + 7 * (self.operator - 2)
            while day > last:
                day -= 7
        return datetime(year, self.month, day) + timedelta(hours=self.hour, seconds=self.seconds)


class EspiTimeZone(tzinfo):
    """A fixed standard offset plus an optional DST rule pair, as ESPI describes it.

    DST starts at the start rule's moment in local standard time and ends at
    the end rule's moment in local daylight time (the North American
    convention the ESPI samples follow).
    """

    def __init__(self, tz_offset: int, dst_offset: int = 0, start: DstRule | None = None, end: DstRule | None = None):
        self.std = timedelta(seconds=tz_offset)
        self.dst_delta = timedelta(seconds=dst_offset)
        self.start = start
        self.end = end

    @classmethod
    def from_payload(cls, payload: dict[str, Any]) -> EspiTimeZone | None:
        """The zone kept in a reading's payload (``tz_offset`` ...), or None."""
        off = payload.get("tz_offset")
        if not isinstance(off, int):
            return None
        dst = payload.get("dst_offset")
        return cls(
            off,
            dst if isinstance(dst, int) else 0,
            DstRule.parse(payload.get("dst_start_rule")),
            DstRule.parse(payload.get("dst_end_rule")),
        )

    def _in_dst_utc(self, utc_naive: datetime) -> bool:
        if not (self.start and self.end and self.dst_delta):
            return False
        year = (utc_naive + self.std).year
        begin = self.start.local_moment(year) - self.std
        finish = self.end.local_moment(year) - self.std - self.dst_delta
        if begin <= finish:
            return begin <= utc_naive < finish
        return utc_naive >= begin or utc_naive < finish  # southern hemisphere

    @override
    def utcoffset(self, dt: datetime | None) -> timedelta:
        if dt is None:
            return self.std
        # Called with local wall time; approximate by treating it as standard time.
        return self.std + (self.dst_delta if self._in_dst_utc(dt.replace(tzinfo=None) - self.std) else timedelta(0))

    @override
    def dst(self, dt: datetime | None) -> timedelta:
        return self.utcoffset(dt) - self.std

    @override
    def tzname(self, dt: datetime | None) -> str:
        off = self.utcoffset(dt)
        return str(timezone(off))

    @override
    def fromutc(self, dt: datetime) -> datetime:
        naive = dt.replace(tzinfo=None)
        offset = self.std + (self.dst_delta if self._in_dst_utc(naive) else timedelta(0))
        return (naive + offset).replace(tzinfo=self)

    def local(self, moment: datetime) -> datetime:
        """``moment`` (aware) as local time with a fixed-offset tzinfo."""
        naive = moment.astimezone(UTC).replace(tzinfo=None)
        offset = self.std + (self.dst_delta if self._in_dst_utc(naive) else timedelta(0))
        return (naive + offset).replace(tzinfo=timezone(offset))

    def __repr__(self) -> str:
        return f"EspiTimeZone({int(self.std.total_seconds())}, {int(self.dst_delta.total_seconds())})"

"""The one clock rule: how every view, the CLI, shares and printouts show and order times.

1. **Order by the instant.**  Records are compared and sorted as instants (UTC): a reading
   at 23:00Z and the same moment from a phone at 08:00+09:00 sort together.
   :func:`sort_key` is that order.
2. **Show a record in the zone it happened in.**  A time is shown with the offset its
   source gave (the vault keeps that offset: a record read back has the ``start`` it was
   imported with), and the offset is written beside it when it differs from this
   computer's at that moment: ``2024-03-25 00:00 (+09:00)``.  A record's *day* (for the
   transactions view, the day buckets of measurements, the share preview) is the day in
   its own zone (:func:`local_day`), so every view puts it on the same day.
3. **A date stays a date.**  A record whose source gave a date without a time of day
   (``Record.date_only``) is shown as that date, ``2019-03-11``, never with a made-up
   time nor moved to the day before by a time-zone conversion.

No Qt here; the rule is written down for people in ``docs/clock.md``.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Protocol

__all__ = [
    "Timed",
    "format_offset",
    "format_record_time",
    "format_when",
    "local_day",
    "local_day_of",
    "shows_offset",
    "sort_key",
]

_MISSING = datetime.min.replace(tzinfo=UTC)


class Timed(Protocol):
    """Anything with a start that may be a date only: a :class:`wallet.model.Record`."""

    @property
    def start(self) -> datetime | None:
        """When it happened (aware), or None."""

    @property
    def date_only(self) -> bool:
        """True when the source gave a date without a time of day."""


def format_offset(offset: timedelta | None) -> str:
    """``+09:00``, ``-04:30``, ``UTC`` for a zero offset (seconds kept when there are any)."""
    if not offset:
        return "UTC"
    sign = "-" if offset < timedelta(0) else "+"
    seconds = int(abs(offset).total_seconds())
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{sign}{hours:02d}:{minutes:02d}" + (f":{secs:02d}" if secs else "")


def shows_offset(when: datetime, local: tzinfo | None = None) -> bool:
    """True when ``when``'s own offset differs from the computer's (``local``, default this
    computer's zone) at that instant, so the offset must be written beside the time."""
    try:
        here = when.astimezone(local) if local is not None else when.astimezone()
    except (OverflowError, ValueError, OSError):  # years 1 and 9999 at the edges of the range
        return True
    return when.utcoffset() != here.utcoffset()


def format_when(
    when: datetime | None,
    *,
    date_only: bool = False,
    local: tzinfo | None = None,
    seconds: bool = False,
) -> str:
    """A time as shown everywhere: in its own zone, with its offset when that is not the computer's.

    ``2024-03-25 00:00`` (same offset as ``local``), ``2024-03-25 00:00 (+09:00)`` (another
    one), ``2024-03-25`` (``date_only``: the date the source gave), ``""`` for None.
    ``local`` is the computer's zone (the default) or any other to compare with; a naive
    ``when`` is taken as it is, without an offset.
    """
    if when is None:
        return ""
    if date_only:
        return when.date().isoformat()
    text = when.strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")
    if when.tzinfo is None or not shows_offset(when, local):
        return text
    return f"{text} ({format_offset(when.utcoffset())})"


def format_record_time(record: Timed, *, local: tzinfo | None = None, seconds: bool = False) -> str:
    """:func:`format_when` of a record's start, a date when the record is a date only."""
    return format_when(record.start, date_only=record.date_only, local=local, seconds=seconds)


def local_day(when: datetime, *, date_only: bool = False) -> date:
    """The calendar day of ``when`` in its own zone (the zone it happened in).

    A date-only record is midnight of its date in the zone the connector read it in, so
    this is that date too: ``date_only`` changes nothing and is accepted so callers can
    pass a record's flag along.
    """
    del date_only  # the day in the record's own zone is its date either way
    return when.date()


def local_day_of(record: Timed) -> date | None:
    """The day of a record in its own zone, or None when it has no time."""
    return local_day(record.start, date_only=record.date_only) if record.start is not None else None


def sort_key(when: datetime | None) -> datetime:
    """The instant in UTC, for sorting times of any offsets together; None sorts first."""
    if when is None:
        return _MISSING
    if when.tzinfo is None:
        return when.replace(tzinfo=UTC)
    try:
        return when.astimezone(UTC)
    except OverflowError:  # within a day of datetime.min or max: the end of the range it is near
        return _MISSING if when.year == 1 else datetime.max.replace(tzinfo=UTC)

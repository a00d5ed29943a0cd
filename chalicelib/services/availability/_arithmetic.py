"""Slot arithmetic across time zones: the runs of slots that fit between two wall-clock times of a day.

Pure: plain values in, plain values out, so every rule is tested without moto.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, time, timedelta
from zoneinfo import ZoneInfo

from chalicelib.services.core.times import Span, to_utc


def run_of_slots(
    day: date, start: time, end: time, duration_minutes: int, buffer_minutes: int, zone: ZoneInfo
) -> list[Span]:
    """The slots of ``duration`` separated by ``buffer`` that fit between two wall-clock times of one day.

    Stepping happens in real (UTC) time between the two instants, so a day when clocks change neither skips nor
    doubles a slot: the run simply has the real length of that day's opening hours.
    """
    first, last = to_utc(day, start, zone), to_utc(day, end, zone)
    step, length = timedelta(minutes=duration_minutes + buffer_minutes), timedelta(minutes=duration_minutes)
    spans: list[Span] = []
    cursor = first
    while cursor + length <= last:
        spans.append(Span(cursor, cursor + length))
        cursor += step
    return spans


def dates_between(first: date, last: date, weekdays: Iterable[int]) -> Iterator[date]:
    """Dates from ``first`` to ``last`` inclusive whose ISO weekday (1 = Monday) is in ``weekdays``."""
    wanted = set(weekdays)
    day = first
    while day <= last:
        if day.isoweekday() in wanted:
            yield day
        day += timedelta(days=1)

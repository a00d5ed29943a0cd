"""Slot arithmetic across time zones: the runs of slots that fit between two wall-clock times of a day, the wall
times a clock change skips, and when two weekly rules overlap.

Pure: plain values in, plain values out, so every rule is tested without moto.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from chalicelib.services.core.times import Span, to_utc

MIDNIGHT = time(0)
ONE_DAY = timedelta(days=1)
# How far ahead a weekly rule without an end is checked for wall times that do not exist: a year holds every clock
# change a zone makes.
CHECKED_AHEAD = timedelta(days=366)


def end_day(day: date, end: time) -> date:
    """The day an end time falls on: ``00:00`` as an end is midnight at the end of ``day`` (``24:00``)."""
    return day + ONE_DAY if end == MIDNIGHT else day


def wall_minutes(moment: time, *, end: bool = False) -> int:
    """Minutes since midnight; an end of ``00:00`` is 1440 (the end of the day)."""
    minutes = moment.hour * 60 + moment.minute
    return 24 * 60 if end and minutes == 0 else minutes


def run_of_slots(
    day: date, start: time, end: time, duration_minutes: int, buffer_minutes: int, zone: ZoneInfo
) -> list[Span]:
    """The slots of ``duration`` separated by ``buffer`` that fit between two wall-clock times of one day (an end of
    ``00:00`` is the day's end, midnight of the next day).

    Stepping happens in real (UTC) time between the two instants, so a day when clocks change neither skips nor
    doubles a slot: the run simply has the real length of that day's opening hours.
    """
    first, last = to_utc(day, start, zone), to_utc(end_day(day, end), end, zone)
    step, length = timedelta(minutes=duration_minutes + buffer_minutes), timedelta(minutes=duration_minutes)
    spans: list[Span] = []
    cursor = first
    while cursor + length <= last:
        spans.append(Span(cursor, cursor + length))
        cursor += step
    return spans


def skipped(day: date, wall: time, zone: ZoneInfo) -> bool:
    """Whether ``wall`` never shows on the clocks of ``zone`` on ``day`` (the hour skipped when clocks go forward)."""
    local = datetime.combine(day, wall).replace(tzinfo=zone)
    return local.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != local.replace(tzinfo=None)


@dataclass(frozen=True)
class MissingTime:
    """A wall time a run or rule names that does not exist on that day: what the 422 says."""

    day: date
    wall: time
    zone: str

    def sentence(self) -> str:
        gap_start = self.wall.replace(minute=0)
        return (
            f"{self.wall:%H:%M} does not exist in {self.zone} on {self.day.isoformat()}: the clocks skip the hour "
            f"from {gap_start:%H:%M} on that day; choose a start and end outside it"
        )


def missing_times(days: Iterable[date], start: time, end: time, zone: ZoneInfo) -> Iterator[MissingTime]:
    """Each start or end (an end of ``00:00`` meaning the next midnight) that a clock change skips on ``days``."""
    for day in days:
        if skipped(day, start, zone):
            yield MissingTime(day, start, str(zone))
        if skipped(end_day(day, end), end, zone):
            yield MissingTime(end_day(day, end), end, str(zone))


def dates_between(first: date, last: date, weekdays: Iterable[int]) -> Iterator[date]:
    """Dates from ``first`` to ``last`` inclusive whose ISO weekday (1 = Monday) is in ``weekdays``."""
    wanted = set(weekdays)
    day = first
    while day <= last:
        if day.isoweekday() in wanted:
            yield day
        day += timedelta(days=1)


@dataclass(frozen=True)
class WeeklyHours:
    """A weekly rule's hours: ISO weekdays, wall times (an end of ``00:00`` is the day's end) and validity."""

    weekdays: frozenset[int]
    start: time
    end: time
    valid_from: date
    valid_until: date | None

    def overlaps(self, other: WeeklyHours) -> bool:
        """Whether the two rules would open the same minutes on some day: a weekday in common, validity that meets
        and wall-clock hours that meet. Identical rules overlap; touching ones (09-12 and 12-15) do not."""
        if not self.weekdays & other.weekdays:
            return False
        if (self.valid_until is not None and self.valid_until < other.valid_from) or (
            other.valid_until is not None and other.valid_until < self.valid_from
        ):
            return False
        mine = (wall_minutes(self.start), wall_minutes(self.end, end=True))
        theirs = (wall_minutes(other.start), wall_minutes(other.end, end=True))
        return mine[0] < theirs[1] and theirs[0] < mine[1]

"""Pure booking rules: slot arithmetic across time zones, the appointment state machine, notice windows.

No AWS, no I/O: plain values in, plain values out, so every rule is tested without moto.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

QUANTUM_MINUTES = 5
MIN_DURATION, MAX_DURATION = 5, 240


@dataclass(frozen=True, order=True)
class Span:
    """A half-open interval [start, end) in UTC."""

    start: datetime
    end: datetime

    @property
    def minutes(self) -> int:
        return int((self.end - self.start).total_seconds() // 60)

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end


def to_utc(day: date, wall: time, zone: ZoneInfo) -> datetime:
    """The instant a wall-clock time on ``day`` means in ``zone``.

    A wall time that does not exist (the hour skipped when clocks go forward) moves forward by the gap; one that
    happens twice (clocks go back) means the first occurrence.
    """
    local = datetime.combine(day, wall).replace(tzinfo=zone, fold=0)
    instant = local.astimezone(UTC)
    if instant.astimezone(zone).replace(tzinfo=None) != local.replace(tzinfo=None):
        # In a gap the two folds read the wall time with the offsets before and after the change; the later
        # instant is the wall time moved forward by the gap (fold=1 alone would move it back).
        instant = max(instant, local.replace(fold=1).astimezone(UTC))
    return instant


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


def quanta(span: Span) -> list[datetime]:
    """The fixed 5-minute steps a span covers: two spans overlap exactly when they share a quantum."""
    step = timedelta(minutes=QUANTUM_MINUTES)
    start = floor_quantum(span.start)
    out = []
    while start < span.end:
        out.append(start)
        start += step
    return out


def floor_quantum(moment: datetime) -> datetime:
    moment = moment.astimezone(UTC).replace(second=0, microsecond=0)
    return moment - timedelta(minutes=moment.minute % QUANTUM_MINUTES)


def iso(moment: datetime) -> str:
    """The one textual form of an instant in keys: UTC, seconds, ``Z``."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_iso(text: str) -> datetime:
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        raise ValueError("a time needs an offset")
    return moment.astimezone(UTC)


# Appointment lifecycle ------------------------------------------------------------------------------------------

SCHEDULED, CONFIRMED, IN_PROGRESS, COMPLETED = "SCHEDULED", "CONFIRMED", "IN_PROGRESS", "COMPLETED"
CANCELLED, NO_SHOW = "CANCELLED", "NO_SHOW"
ACTIVE_STATUSES = (SCHEDULED, CONFIRMED, IN_PROGRESS)
ALL_STATUSES = (SCHEDULED, CONFIRMED, IN_PROGRESS, COMPLETED, CANCELLED, NO_SHOW)
PATIENT, DOCTOR, ADMIN = "patient", "doctor", "admin"

# (from, to) -> the roles that may make the move
TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    (SCHEDULED, CONFIRMED): frozenset({DOCTOR, ADMIN}),
    (CONFIRMED, IN_PROGRESS): frozenset({DOCTOR, ADMIN}),
    (IN_PROGRESS, COMPLETED): frozenset({DOCTOR, ADMIN}),
    (SCHEDULED, NO_SHOW): frozenset({DOCTOR, ADMIN}),
    (CONFIRMED, NO_SHOW): frozenset({DOCTOR, ADMIN}),
    (SCHEDULED, CANCELLED): frozenset({PATIENT, DOCTOR, ADMIN}),
    (CONFIRMED, CANCELLED): frozenset({PATIENT, DOCTOR, ADMIN}),
}


def may_move(current: str, target: str, role: str) -> bool:
    return role in TRANSITIONS.get((current, target), frozenset())


def sources_of(target: str, role: str) -> tuple[str, ...]:
    """The statuses from which ``role`` may move an appointment to ``target`` (the update's condition)."""
    return tuple(sorted(src for (src, dst), roles in TRANSITIONS.items() if dst == target and role in roles))


@dataclass(frozen=True)
class BookingWindow:
    min_notice: timedelta
    max_advance: timedelta


def booking_problem(start: datetime, now: datetime, window: BookingWindow) -> str | None:
    """Why a slot starting at ``start`` cannot be booked at ``now``, or None."""
    if start - now < window.min_notice:
        hours = window.min_notice.total_seconds() / 3600
        return f"appointments must be booked at least {hours:g} h before they start"
    if start - now > window.max_advance:
        return f"appointments can be booked at most {window.max_advance.days} days ahead"
    return None


def patient_may_cancel(start: datetime, now: datetime, notice: timedelta) -> bool:
    return start - now >= notice


def no_show_allowed(start: datetime, now: datetime) -> bool:
    """A no-show can only be recorded once the appointment has begun."""
    return now >= start

"""Pure booking rules: the appointment state machine, the booking window, notice periods.

No AWS, no I/O: plain values in, plain values out, so every rule is tested without moto.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

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

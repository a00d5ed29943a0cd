"""Pure booking rules: the appointment state machine and notice periods (the booking window is in core).

No AWS, no I/O: plain values in, plain values out, so every rule is tested without moto.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from chalicelib.vocabulary import AppointmentStatus, Role

A, R = AppointmentStatus, Role
STAFF = frozenset({R.DOCTOR, R.ADMIN})
ANYONE = frozenset({R.PATIENT, R.DOCTOR, R.ADMIN})

# (from, to) -> the roles that may make the move
TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    (A.SCHEDULED, A.CONFIRMED): STAFF,
    (A.CONFIRMED, A.IN_PROGRESS): STAFF,
    (A.IN_PROGRESS, A.COMPLETED): STAFF,
    (A.SCHEDULED, A.NO_SHOW): STAFF,
    (A.CONFIRMED, A.NO_SHOW): STAFF,
    (A.SCHEDULED, A.CANCELLED): ANYONE,
    (A.CONFIRMED, A.CANCELLED): ANYONE,
}


def may_move(current: str, target: str, role: str) -> bool:
    return role in TRANSITIONS.get((current, target), frozenset())


def sources_of(target: str, role: str) -> tuple[str, ...]:
    """The statuses from which ``role`` may move an appointment to ``target`` (the update's condition)."""
    return tuple(sorted(src for (src, dst), roles in TRANSITIONS.items() if dst == target and role in roles))


def patient_may_cancel(start: datetime, now: datetime, notice: timedelta) -> bool:
    return start - now >= notice


def no_show_allowed(start: datetime, now: datetime) -> bool:
    """A no-show can only be recorded once the appointment has begun."""
    return now >= start

"""Pure booking rules: the appointment state machine, what the clock allows and the notice periods (the booking
window is in core).

No AWS, no I/O: plain values in, plain values out, so every rule is tested without moto.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from chalicelib.vocabulary import ACTIVE_APPOINTMENT_STATUSES, AppointmentStatus, Role

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
# An appointment in one of these may be moved to another time (rescheduled).
MOVABLE = (A.SCHEDULED, A.CONFIRMED)
# Finished for good: nothing moves it again.
FINAL = (A.COMPLETED, A.CANCELLED, A.NO_SHOW)


@dataclass(frozen=True)
class Refusal:
    """Why the clock refuses a change: the error code clients branch on and a sentence for people."""

    code: str
    message: str


def may_move(current: str, target: str, role: str) -> bool:
    return role in TRANSITIONS.get((current, target), frozenset())


def sources_of(target: str, role: str) -> tuple[str, ...]:
    """The statuses from which ``role`` may move an appointment to ``target`` (the update's condition)."""
    return tuple(sorted(src for (src, dst), roles in TRANSITIONS.items() if dst == target and role in roles))


def is_over(end: datetime, now: datetime) -> bool:
    """The appointment's time has passed: it can no longer be cancelled or moved."""
    return now >= end


def is_upcoming(status: str, end: datetime, now: datetime) -> bool:
    """What "upcoming" lists: an active appointment whose end has not come (one under way is still upcoming)."""
    return status in ACTIVE_APPOINTMENT_STATUSES and not is_over(end, now)


def patient_may_cancel(start: datetime, now: datetime, notice: timedelta) -> bool:
    return start - now >= notice


def no_show_allowed(start: datetime, now: datetime) -> bool:
    """A no-show can only be recorded once the appointment has begun."""
    return now >= start


def start_allowed(start: datetime, now: datetime, early: timedelta) -> bool:
    """A visit can be started from ``early`` before its start (the patient is in the waiting room), not days ahead."""
    return now >= start - early


def status_change_refusal(target: str, start: datetime, now: datetime, *, early: timedelta) -> Refusal | None:
    """What the clock says about moving an appointment to ``target`` (the state machine is ``may_move``).

    Started from ``early`` before the start (and late too: a doctor records a visit after the fact); a no-show
    once begun. Completing needs IN_PROGRESS (the state machine), so a visit is completed only once started."""
    if target == A.IN_PROGRESS and not start_allowed(start, now, early):
        minutes = int(early.total_seconds() // 60)
        return Refusal("TOO_EARLY", f"a visit can be started at the earliest {minutes} minutes before its start")
    if target == A.NO_SHOW and not no_show_allowed(start, now):
        return Refusal("TOO_EARLY", "a no-show can only be recorded once the appointment has begun")
    return None


def cancel_refusal(part: str, start: datetime, end: datetime, now: datetime, *, notice: timedelta) -> Refusal | None:
    """Anyone cancels only before the end; a patient also only up to ``notice`` before the start."""
    if is_over(end, now):
        return Refusal("APPOINTMENT_OVER", "this appointment is over; it can no longer be cancelled")
    if part == R.PATIENT and not patient_may_cancel(start, now, notice):
        hours = notice.total_seconds() / 3600
        return Refusal("TOO_LATE", f"appointments can be cancelled online up to {hours:g} h before they start")
    return None


def move_refusal(part: str, start: datetime, end: datetime, now: datetime, *, notice: timedelta) -> Refusal | None:
    """Moving to another time: only before the end; a patient also only up to ``notice`` before the start."""
    if is_over(end, now):
        return Refusal("APPOINTMENT_OVER", "this appointment is over; it can no longer be moved")
    if part == R.PATIENT and not patient_may_cancel(start, now, notice):
        return Refusal("TOO_LATE", "this appointment is too close to move online")
    return None


def status_refusal(status: str, action: str) -> str | None:
    """Why an appointment in ``status`` cannot be cancelled or moved at all (409 INVALID_STATUS_CHANGE), or None.

    ``action`` is ``cancelled`` or ``moved``; the sentence says the appointment is over rather than that it changed
    meanwhile."""
    if action == "moved" and status in MOVABLE:
        return None
    if action == "cancelled" and status in (A.SCHEDULED, A.CONFIRMED):
        return None
    words: dict[str, str] = {
        A.CANCELLED: "was cancelled",
        A.COMPLETED: "is completed",
        A.NO_SHOW: "was recorded as a no-show",
        A.IN_PROGRESS: "is under way",
    }
    return f"this appointment {words.get(status, f'is {status}')}; it can no longer be {action}"

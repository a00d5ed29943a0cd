"""Reminders (by default) 24 hours and 1 hour before a SCHEDULED or CONFIRMED appointment, each sent at most once.

A 5-minute schedule enqueues the window in slices (``enqueue``), and the reminder queue's consumer runs each
slice (``run_slice``, which is ``run`` over the slice). It finds the appointments starting within the next 24 hours
(of the slice) with a Query per UTC day on the appointments' ``day-index`` (one or two, paged; never a scan) and
works out which reminder is due (``due_reminder``, a pure function):

- the 24-hour reminder while 1 h < start - now <= 24 h; the 1-hour reminder while 0 < start - now <= 1 h;
- a run that comes so late that the 24-hour window has passed sends only the 1-hour reminder: a "tomorrow" mail
  an hour before would only confuse. Once the 1-hour window has passed too, nothing is sent;
- no reminder for a time that was booked (or moved to) inside that reminder's window: the booking confirmation
  has just said it all. Booked 10 h ahead: no 24-hour reminder, the 1-hour one as usual.

Exactly once, whatever runs overlap, come late or are skipped: before sending, a run claims the reminder with a
conditional update (the appointment is still SCHEDULED or CONFIRMED, still starts when it was found to, the
reminder is not sent and not claimed by a live claim). Only one run can win it. After SES has taken the mail the
claim becomes ``*_sent_at``; if sending fails the claim is released and a later run tries again (while the
reminder is still due). A run that dies holding a claim leaves it to lapse after ``CLAIM``, then it is retried.
The same claim covers the SMS a patient with a confirmed number and ``sms_reminders`` on also gets (the doctor's
name and the local time only): it goes once with the mail, or alone for a patient who switched reminder mail off.
An SMS that fails after the mail went is logged, not retried (that would send the mail twice); one that fails
alone releases the claim like a failed mail.
A reschedule clears the flags (``booking.appointments.reset_on_move``), so the new time is reminded; a cancelled
appointment no longer matches the claim's condition.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from pynamodb.attributes import NumberAttribute
from pynamodb.exceptions import UpdateError

from chalicelib.adapters.mailer import Email
from chalicelib.adapters.queues import REMINDERS
from chalicelib.adapters.registry import adapters
from chalicelib.config import get_settings
from chalicelib.contracts.queues import ReminderSlice
from chalicelib.models.appointments import Appointment
from chalicelib.models.users import User
from chalicelib.observability import logger
from chalicelib.services import settings as platform
from chalicelib.services.accounts import mail_preferences as preferences
from chalicelib.services.accounts import phone
from chalicelib.services.booking import attendance
from chalicelib.services.booking.appointments import patient_may_change
from chalicelib.services.core import times
from chalicelib.services.core.dynamo import condition_failed
from chalicelib.services.core.people import users as accounts_of
from chalicelib.services.mail import _messages as messages
from chalicelib.services.mail.listener import appointment_url
from chalicelib.vocabulary import AccountStatus, AppointmentStatus

DAY_BEFORE = "24h"
HOUR_BEFORE = "1h"
LEADS = {DAY_BEFORE: timedelta(hours=24), HOUR_BEFORE: timedelta(hours=1)}
REMINDED_STATUSES = (AppointmentStatus.SCHEDULED, AppointmentStatus.CONFIRMED)
# Longer than sending one mail can take (the schedule's Lambda times out well before): a live claim is never lapsed.
CLAIM = timedelta(minutes=5)
BATCH = 50


@dataclass(frozen=True)
class Flags:
    claimed_until: NumberAttribute
    sent_at: NumberAttribute


FLAGS = {
    DAY_BEFORE: Flags(Appointment.reminder_24h_claimed_until, Appointment.reminder_24h_sent_at),
    HOUR_BEFORE: Flags(Appointment.reminder_1h_claimed_until, Appointment.reminder_1h_sent_at),
}


@dataclass
class RunReport:
    examined: int = 0
    sent: int = 0
    opted_out: int = 0
    already_claimed: int = 0
    failed: int = 0
    unfinished: int = 0
    sms_sent: int = 0

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


def leads() -> dict[str, timedelta]:
    """The two reminders' leads in force (platform setting ``reminder_offsets_minutes``, by default 24 h and 1 h):
    the earlier one is sent as ``DAY_BEFORE``, the later as ``HOUR_BEFORE``."""
    early, late = platform.current().reminder_offsets_minutes
    return {DAY_BEFORE: timedelta(minutes=early), HOUR_BEFORE: timedelta(minutes=late)}


def due_reminder(
    start: datetime, placed_at: datetime, now: datetime, sent: frozenset[str], lead: Mapping[str, timedelta] = LEADS
) -> str | None:
    """Which reminder is due now, if any (see the module's docstring). ``placed_at`` is when the appointment got
    its current start; ``sent`` the reminders already sent for it; ``lead`` the two reminders' leads."""
    left = start - now
    if left <= timedelta(0):
        return None
    if left <= lead[HOUR_BEFORE]:
        kind = HOUR_BEFORE
    elif left <= lead[DAY_BEFORE]:
        kind = DAY_BEFORE
    else:
        return None
    if kind in sent or placed_at > start - lead[kind]:
        return None
    return kind


def _sent(appointment: Appointment) -> frozenset[str]:
    return frozenset(kind for kind, flags in FLAGS.items() if getattr(appointment, flags.sent_at.attr_name) is not None)


def _placed_at(appointment: Appointment) -> datetime:
    return appointment.rescheduled_at or appointment.created_at


def upcoming(
    now: datetime, lead: Mapping[str, timedelta] = LEADS, within: tuple[datetime, datetime] | None = None
) -> Iterator[Appointment]:
    """Appointments that may still need a reminder: starting within 24 h (and in ``[start, end)`` of ``within``, a
    slice of the fan-out), SCHEDULED or CONFIRMED, 1-hour reminder not yet sent. One Query per UTC day the window
    touches; PynamoDB follows DynamoDB's 1 MB pages (some 1,500 appointments each), fetching the next only when the
    run gets there."""
    low_at, high_at = now, now + lead[DAY_BEFORE]
    if within is not None:
        low_at, high_at = max(low_at, within[0]), min(high_at, within[1])
    if high_at < low_at:
        return
    low, high = times.iso(low_at), times.iso(high_at)
    day = low_at.date()
    while day <= high_at.date():
        for appointment in Appointment.by_day.query(
            day.isoformat(),
            Appointment.start.between(low, high),
            filter_condition=Appointment.status.is_in(*REMINDED_STATUSES)
            & Appointment.reminder_1h_sent_at.does_not_exist(),
        ):
            # A slice's end belongs to the next slice (a filter may not name the index's sort key).
            if within is None or appointment.start < high:
                yield appointment
        day += timedelta(days=1)


def slices(now: datetime, lead: Mapping[str, timedelta], minutes: int) -> list[ReminderSlice]:
    """The reminder window, ``[now, now + the earlier lead]``, cut into slices of ``minutes`` for the fan-out; the
    last one reaches a minute past the window, so an appointment at its very end is in a slice."""
    end = now + lead[DAY_BEFORE] + timedelta(minutes=1)
    step = timedelta(minutes=minutes)
    out, start = [], now
    while start < end:
        out.append(ReminderSlice(start=start, end=min(start + step, end)))
        start += step
    return out


def enqueue() -> int:
    """The 5-minute schedule: one message per slice of the reminder window to the reminder queue (docs/architecture.md,
    "Fan-out over SQS"), whose consumer calls ``run_slice``. Reads nothing: the consumers Query their slices."""
    now = adapters().clock.now()
    bodies = [piece.model_dump_json() for piece in slices(now, leads(), get_settings().reminder_slice_minutes)]
    sent = adapters().queues.send(REMINDERS, bodies)
    logger.info("reminder slices enqueued", extra={"messages": sent})
    return sent


# A slice's time budget: a consumer's batch of 5 slices stays inside its 120 s timeout (handlers/queues.py); what a
# slice leaves undone is due again in the next run's slice five minutes later.
SLICE_BUDGET_SECONDS = 20.0


def run_slice(piece: ReminderSlice, *, budget_seconds: float = SLICE_BUDGET_SECONDS) -> RunReport:
    """One message of the reminder queue: ``run`` over the appointments starting in the slice, on the clock's now
    (a slice worked late sends what is due then). Each reminder is claimed as always, so slices of overlapping runs,
    or one slice delivered twice, send each reminder once."""
    return run(budget_seconds=budget_seconds, within=piece.span)


def run(*, budget_seconds: float = 150.0, within: tuple[datetime, datetime] | None = None) -> RunReport:
    """One pass over the window (or its slice ``within``). Safe to run late, skipped, twice or overlapping (see the
    module's docstring)."""
    now = adapters().clock.now()
    report = RunReport()
    stop_at = time.monotonic() + budget_seconds
    batch: list[tuple[Appointment, str]] = []
    lead = leads()
    for appointment in upcoming(now, lead, within):
        report.examined += 1
        kind = due_reminder(times.parse_iso(appointment.start), _placed_at(appointment), now, _sent(appointment), lead)
        if kind is None:
            continue
        if time.monotonic() > stop_at:
            report.unfinished += 1
            continue
        batch.append((appointment, kind))
        if len(batch) >= BATCH:
            _remind(batch, now, report)
            batch = []
    if batch:
        _remind(batch, now, report)
    if report.unfinished:
        logger.warning("reminder run out of time; the next run continues", extra={"unfinished": report.unfinished})
    return report


def _remind(batch: list[tuple[Appointment, str]], now: datetime, report: RunReport) -> None:
    people = accounts_of([a.patient_id for a, _ in batch] + [a.doctor_id for a, _ in batch])
    for appointment, kind in batch:
        patient, doctor = people.get(appointment.patient_id), people.get(appointment.doctor_id)
        if patient is None or doctor is None:
            logger.warning("reminder without its people", extra={"appointment_id": appointment.appointment_id})
            continue
        active = patient.status == AccountStatus.ACTIVE
        by_mail = active and preferences.wants(patient, preferences.REMINDERS)
        sms_to = phone.reminder_number(patient) if active else None
        if not by_mail and sms_to is None:
            # Recorded as done, so that later runs do not weigh it again; one write, no claim needed.
            report.opted_out += _settle(appointment, kind, now)
            continue
        claim = _claim(appointment, kind, now)
        if claim is None:
            report.already_claimed += 1
            continue
        if by_mail:
            try:
                adapters().mailer.send(reminder_email(appointment, kind, patient, doctor, now))
            except Exception:
                logger.exception("reminder not sent; released for the next run", extra=_log(appointment, kind))
                _release(appointment, kind, claim)
                report.failed += 1
                continue
        if sms_to is not None:
            try:
                adapters().sms.send(
                    sms_to, messages.sms_reminder(patient, doctor.name, times.parse_iso(appointment.start))
                )
                report.sms_sent += 1
            except Exception:
                logger.exception("reminder SMS not sent", extra=_log(appointment, kind))
                if not by_mail:  # nothing went: the next run tries again
                    _release(appointment, kind, claim)
                    report.failed += 1
                    continue
        _mark_sent(appointment, kind, claim, now)
        report.sent += 1


def _claimable(appointment: Appointment, kind: str, now: datetime) -> Any:
    flags = FLAGS[kind]
    return (
        Appointment.status.is_in(*REMINDED_STATUSES)
        & (Appointment.start == appointment.start)
        & flags.sent_at.does_not_exist()
        & (flags.claimed_until.does_not_exist() | (flags.claimed_until < int(now.timestamp())))
    )


def _claim(appointment: Appointment, kind: str, now: datetime) -> int | None:
    """Takes the reminder for this run; None if another run has it, it went already, or the appointment changed."""
    claim = int((now + CLAIM).timestamp())
    try:
        appointment.update(actions=[FLAGS[kind].claimed_until.set(claim)], condition=_claimable(appointment, kind, now))
    except UpdateError as exc:
        if condition_failed(exc):
            return None
        raise
    return claim


def _settle(appointment: Appointment, kind: str, now: datetime) -> int:
    try:
        appointment.update(
            actions=[FLAGS[kind].sent_at.set(int(now.timestamp()))], condition=_claimable(appointment, kind, now)
        )
    except UpdateError as exc:
        if condition_failed(exc):
            return 0
        raise
    return 1


def _mark_sent(appointment: Appointment, kind: str, claim: int, now: datetime) -> None:
    flags = FLAGS[kind]
    try:
        appointment.update(
            actions=[flags.sent_at.set(int(now.timestamp())), flags.claimed_until.remove()],
            condition=flags.claimed_until == claim,
        )
    except UpdateError:
        # The appointment was moved meanwhile (which cleared the claim): its new time gets its own reminders.
        logger.warning("reminder sent but not recorded", extra=_log(appointment, kind))


def _release(appointment: Appointment, kind: str, claim: int) -> None:
    flags = FLAGS[kind]
    try:
        appointment.update(actions=[flags.claimed_until.remove()], condition=flags.claimed_until == claim)
    except UpdateError:
        logger.warning("reminder claim not released; it lapses by itself", extra=_log(appointment, kind))


def _log(appointment: Appointment, kind: str) -> dict[str, str]:
    return {"appointment_id": appointment.appointment_id, "doctor_id": appointment.doctor_id, "reminder": kind}


def distance(kind: str, start: datetime, now: datetime, zone: str) -> tuple[int, int]:
    """How far off the appointment is: whole minutes, and calendar days on the patient's clock (the templates
    say "In 45 minutes", "Tomorrow", "On Friday" from these in the patient's language)."""
    tz = ZoneInfo(zone)
    minutes = round((start - now).total_seconds() / 60)
    return minutes, (start.astimezone(tz).date() - now.astimezone(tz).date()).days


def reminder_email(appointment: Appointment, kind: str, patient: User, doctor: User, now: datetime) -> Email:
    """The 24-hour reminder carries the attendance link; each offers cancelling or moving only while the patient
    still may (the cancellation notice), never inside it. Neither says why the patient is going."""
    start = times.parse_iso(appointment.start)
    minutes, days = distance(kind, start, now, patient.timezone)
    return messages.compose(
        patient,
        f"reminder-{kind}",
        "reminder",
        reminder=kind,
        minutes=minutes,
        days=days,
        doctor_name=doctor.name,
        start=start,
        appointment_url=appointment_url(appointment.appointment_id),
        attend_link=attendance.link_for(appointment) if kind == DAY_BEFORE else None,
        may_change=patient_may_change(appointment, now),
    )

"""Booking, cancelling and rescheduling, each one DynamoDB transaction (docs/architecture.md, "Holds and booking").

The database decides every race: the slot's condition, the lock's condition and the patient's time-quantum guards
are all checked inside the transaction that writes the appointment, so two patients can never hold one slot and
one patient can never hold two overlapping appointments, whatever the interleaving.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from pynamodb.exceptions import TransactWriteError
from pynamodb.expressions.update import Action

from chalicelib.adapters.registry import adapters
from chalicelib.caches import process_cache
from chalicelib.config import get_settings
from chalicelib.contracts.booking import AppointmentOut, BookingRequest
from chalicelib.errors import Conflict, DomainError, RuleViolation, SlotHeld
from chalicelib.models.appointments import Appointment
from chalicelib.models.doctors import Doctor
from chalicelib.models.slots import Slot, SlotHold
from chalicelib.models.unique_keys import UniqueKey
from chalicelib.observability import count, logger, tracer
from chalicelib.services.booking import _policy as policy
from chalicelib.services.booking.views import get_appointment, present, require_part
from chalicelib.services.core import announce, times
from chalicelib.services.core.authz import Principal
from chalicelib.services.core.booking_window import booking_problem, booking_window
from chalicelib.services.core.conditions import approved_doctor, hold_free_for, slot_free
from chalicelib.services.core.dynamo import transaction, unexplained
from chalicelib.services.core.slot_ids import SlotRef, decode_slot_id, patient_guard_keys
from chalicelib.services.holds.store import DoctorUnavailable, slot_refusal
from chalicelib.services.notifications import feed
from chalicelib.services.waitlist import queue
from chalicelib.vocabulary import AppointmentStatus, NotificationType, Role, SlotState

OVERLAP = "you already have an appointment at this time"
CANCELLED_NOTICE, MOVED_NOTICE = NotificationType.APPOINTMENT_CANCELLED, NotificationType.APPOINTMENT_RESCHEDULED


def _check_window(ref: SlotRef, now: datetime) -> None:
    problem = booking_problem(ref.span.start, now, booking_window())
    if problem:
        raise RuleViolation(problem, code="OUTSIDE_BOOKING_WINDOW")


def book(
    patient: Principal, request: BookingRequest, idempotency_key: str | None = None, lambda_context: Any = None
) -> AppointmentOut:
    """Books a slot for the patient. With an ``Idempotency-Key`` a retry answers the first result again.

    ``lambda_context`` lets powertools bound an in-progress record by the invocation's remaining time, so a
    retry after a timed-out attempt is not refused for the whole expiry window."""
    if not idempotency_key:
        return _book(patient.user_id, request)
    from aws_lambda_powertools.utilities.idempotency.exceptions import (
        IdempotencyAlreadyInProgressError,
        IdempotencyValidationError,
    )

    payload = {"patient_id": patient.user_id, "key": idempotency_key, **request.model_dump()}
    config, book_once = _idempotent_book()
    if lambda_context is not None:
        config.register_lambda_context(lambda_context)
    try:
        return AppointmentOut.model_validate(book_once(payload=payload))
    except IdempotencyValidationError as exc:
        raise RuleViolation(
            "this Idempotency-Key was already used for a different booking", code="IDEMPOTENCY_KEY_REUSED"
        ) from exc
    except IdempotencyAlreadyInProgressError as exc:
        raise Conflict("the same booking is already being processed", code="REQUEST_IN_PROGRESS") from exc


@process_cache
def _idempotent_book() -> tuple[Any, Any]:
    """Built on first use: the persistence layer makes its DynamoDB client when constructed."""
    from aws_lambda_powertools.utilities.idempotency import (
        DynamoDBPersistenceLayer,
        IdempotencyConfig,
        idempotent_function,
    )

    settings = get_settings()
    persistence = DynamoDBPersistenceLayer(table_name=settings.table_name("idempotency"))
    config = IdempotencyConfig(
        event_key_jmespath="[patient_id, key]",
        payload_validation_jmespath="[slot_id, reason_for_visit]",
        raise_on_no_idempotency_key=True,
        expires_after_seconds=settings.idempotency_seconds,
    )

    def book_once(payload: dict[str, Any]) -> dict[str, Any]:
        request = BookingRequest(slot_id=payload["slot_id"], reason_for_visit=payload["reason_for_visit"])
        return _book(payload["patient_id"], request).model_dump(mode="json")

    guarded = idempotent_function(data_keyword_argument="payload", persistence_store=persistence, config=config)
    return config, guarded(book_once)


@tracer.capture_method(capture_response=False)  # the answer carries the reason for the visit: never in a trace
def _book(patient_id: str, request: BookingRequest) -> AppointmentOut:
    """Books, and counts the outcome (``Bookings`` by ``outcome``: BOOKED or the refusal's error code)."""
    try:
        booked = _write_booking(patient_id, request)
    except DomainError as exc:
        count("Bookings", outcome=exc.code)
        raise
    count("Bookings", outcome="BOOKED")
    return booked


def _write_booking(patient_id: str, request: BookingRequest) -> AppointmentOut:
    ref = decode_slot_id(request.slot_id)
    now = adapters().clock.now()
    _check_window(ref, now)
    span = ref.span
    appointment = Appointment(
        appointment_id=uuid.uuid4().hex,
        patient_id=patient_id,
        doctor_id=ref.doctor_id,
        start=ref.start,
        end=times.iso(span.end),
        day=ref.start[:10],
        status=AppointmentStatus.SCHEDULED,
        reason_for_visit=request.reason_for_visit,
        sequence=0,
        created_at=now,
        updated_at=now,
    )
    tx = transaction()
    try:
        with tx:
            tx.delete(
                SlotHold(doctor_id=ref.doctor_id, start=ref.start),
                condition=hold_free_for(patient_id, now),
                part="hold",
            )
            tx.update(
                Slot(doctor_id=ref.doctor_id, start=ref.start),
                actions=[Slot.booked_by.set(patient_id), Slot.appointment_id.set(appointment.appointment_id)],
                condition=slot_free(ref),
                part="slot",
            )
            tx.condition_check(Doctor, ref.doctor_id, condition=approved_doctor(), part="approval")
            tx.save(appointment, condition=Appointment.appointment_id.does_not_exist(), part="appointment")
            notice = feed.entry(
                ref.doctor_id,
                NotificationType.NEW_APPOINTMENT,
                "New appointment",
                f"A patient booked {ref.start}",
                {"appointment_id": appointment.appointment_id, "start": ref.start},
            )
            tx.save(notice, part="notice")
            for key in patient_guard_keys(patient_id, span):
                tx.save(
                    UniqueKey(key=key, owner_id=appointment.appointment_id),
                    condition=UniqueKey.key.does_not_exist(),
                    part=f"guard:{key}",
                )
    except TransactWriteError as exc:
        failed = tx.cancellation(exc)
        if failed.failed("slot"):
            raise slot_refusal(ref) from exc
        if failed.failed("hold"):
            raise SlotHeld("another patient is holding this slot; try again in a few minutes") from exc
        if failed.failed("approval"):
            raise DoctorUnavailable("this doctor is not taking bookings") from exc
        if failed.failed("guard"):
            raise RuleViolation(OVERLAP, code="OVERLAPPING_APPOINTMENT") from exc
        raise unexplained(exc) from exc
    logger.info("appointment booked", extra={"appointment_id": appointment.appointment_id, "doctor_id": ref.doctor_id})
    announce.announce(
        announce.SlotChanged(announce.SLOT_BOOKED, ref, SlotState.BOOKED),
        announce.AppointmentChanged(announce.BOOKED, appointment, Role.PATIENT, notice),
    )
    return present([appointment], Role.PATIENT)[0]


@tracer.capture_method(capture_response=False)
def cancel(principal: Principal, appointment_id: str, reason: str) -> AppointmentOut:
    """Cancels and frees the slot in one transaction. Patients must cancel a notice period ahead."""
    appointment = get_appointment(appointment_id)
    part = require_part(appointment, principal, Role.PATIENT, Role.DOCTOR, Role.ADMIN)
    now = adapters().clock.now()
    start = times.parse_iso(appointment.start)
    notice = timedelta(minutes=get_settings().cancel_notice_minutes)
    if part == Role.PATIENT and not policy.patient_may_cancel(start, now, notice):
        hours = notice.total_seconds() / 3600
        raise RuleViolation(f"appointments can be cancelled online up to {hours:g} h before they start", "TOO_LATE")
    sources = policy.sources_of(AppointmentStatus.CANCELLED, part)
    span = times.Span(start, times.parse_iso(appointment.end))
    tx = transaction()
    try:
        with tx:
            tx.update(
                appointment,
                actions=[
                    Appointment.status.set(AppointmentStatus.CANCELLED),
                    Appointment.cancel_reason.set(reason or "-"),
                    Appointment.cancelled_by.set(part),
                    Appointment.sequence.add(1),
                    Appointment.updated_at.set(now),
                ],
                condition=Appointment.status.is_in(*sources),
                part="appointment",
            )
            tx.update(
                Slot(doctor_id=appointment.doctor_id, start=appointment.start),
                actions=[Slot.booked_by.remove(), Slot.appointment_id.remove()],
                condition=Slot.appointment_id == appointment_id,
                part="slot",
            )
            for key in patient_guard_keys(appointment.patient_id, span):
                tx.delete(UniqueKey(key=key), part=f"guard:{key}")
            notice = _cancel_notice(appointment, part, reason)
            tx.save(notice, part="notice")
    except TransactWriteError as exc:
        if tx.cancellation(exc).failed("appointment"):
            raise Conflict(
                f"an appointment that is {get_appointment(appointment_id).status} cannot be cancelled",
                code="INVALID_STATUS_CHANGE",
            ) from exc
        raise unexplained(exc) from exc
    logger.info("appointment cancelled", extra={"appointment_id": appointment_id, "doctor_id": appointment.doctor_id})
    freed = SlotRef(appointment.doctor_id, appointment.start, span.minutes)
    cancelled = get_appointment(appointment_id)
    announce.announce(
        announce.SlotChanged(announce.SLOT_AVAILABILITY_CHANGED, freed, SlotState.AVAILABLE),
        announce.AppointmentChanged(announce.CANCELLED, cancelled, part, notice),
    )
    queue.slot_opened(freed)
    return present([cancelled], part)[0]


CLOSURE_BATCH = 25


def cancel_upcoming(
    admin: Principal, *, patient_id: str | None = None, doctor_id: str | None = None, reason: str
) -> tuple[int, int]:
    """Cancels the appointments of a patient or a doctor that have not begun, soonest first, as ``admin``: each is
    an ordinary cancellation (the slot freed and offered to the waitlist, the patient's feed record, the mail with
    the invite's ``METHOD:CANCEL``, the pushes). At most ``CLOSURE_BATCH`` in one call, so a request stays well
    inside API Gateway's 29 s; returns (cancelled now, still to cancel): call again for the rest."""
    now = times.iso(adapters().clock.now())
    index, key = (Appointment.by_patient, patient_id) if patient_id else (Appointment.by_doctor, doctor_id)
    upcoming = list(
        index.query(
            key,
            Appointment.start > now,
            filter_condition=Appointment.status.is_in(AppointmentStatus.SCHEDULED, AppointmentStatus.CONFIRMED),
        )
    )
    cancelled = 0
    for appointment in upcoming[:CLOSURE_BATCH]:
        try:
            cancel(admin, appointment.appointment_id, reason)
        except Conflict:
            continue  # cancelled or begun meanwhile: nothing left to do for it
        cancelled += 1
    return cancelled, max(0, len(upcoming) - CLOSURE_BATCH)


def _cancel_notice(appointment: Appointment, part: str, reason: str) -> Any:
    """The doctor hears of a patient's cancellation; the patient hears of anyone else's."""
    data = {"appointment_id": appointment.appointment_id, "start": appointment.start}
    if part == Role.PATIENT:
        return feed.entry(
            appointment.doctor_id,
            NotificationType.APPOINTMENT_CANCELLED,
            "Appointment cancelled",
            "The patient cancelled",
            data,
        )
    body = f"Your appointment was cancelled. Reason: {reason}" if reason else "Your appointment was cancelled."
    return feed.entry(
        appointment.patient_id, NotificationType.APPOINTMENT_CANCELLED, "Appointment cancelled", body, data
    )


@tracer.capture_method(capture_response=False)
def reschedule(principal: Principal, appointment_id: str, slot_id: str) -> AppointmentOut:
    """Takes the new slot and frees the old one in one transaction: never two slots, never none."""
    appointment = get_appointment(appointment_id)
    part = require_part(appointment, principal, Role.PATIENT, Role.DOCTOR, Role.ADMIN)
    new = decode_slot_id(slot_id)
    if new.doctor_id != appointment.doctor_id:
        raise RuleViolation("an appointment can only move to another slot of the same doctor", "DIFFERENT_DOCTOR")
    if new.start == appointment.start:
        raise RuleViolation("this is already the appointment's slot", code="SAME_SLOT")
    now = adapters().clock.now()
    if part == Role.PATIENT:
        _check_window(new, now)
        notice = timedelta(minutes=get_settings().cancel_notice_minutes)
        if not policy.patient_may_cancel(times.parse_iso(appointment.start), now, notice):
            raise RuleViolation("this appointment is too close to move online", code="TOO_LATE")
    old_span = times.Span(times.parse_iso(appointment.start), times.parse_iso(appointment.end))
    new_span = new.span
    old_keys = set(patient_guard_keys(appointment.patient_id, old_span))
    new_keys = set(patient_guard_keys(appointment.patient_id, new_span))
    moves: list[Action] = [
        Appointment.start.set(new.start),
        Appointment.end.set(times.iso(new_span.end)),
        Appointment.day.set(new.start[:10]),
        Appointment.status.set(AppointmentStatus.SCHEDULED),
        Appointment.sequence.add(1),
        Appointment.updated_at.set(now),
        *reset_on_move(now),
    ]
    tx = transaction()
    try:
        with tx:
            tx.delete(
                SlotHold(doctor_id=new.doctor_id, start=new.start),
                condition=hold_free_for(appointment.patient_id, now),
                part="new-hold",
            )
            tx.update(
                Slot(doctor_id=new.doctor_id, start=new.start),
                actions=[Slot.booked_by.set(appointment.patient_id), Slot.appointment_id.set(appointment_id)],
                condition=slot_free(new),
                part="new-slot",
            )
            tx.update(
                appointment,
                actions=moves,
                condition=Appointment.status.is_in(AppointmentStatus.SCHEDULED, AppointmentStatus.CONFIRMED)
                & (Appointment.start == appointment.start),
                part="appointment",
            )
            tx.update(
                Slot(doctor_id=appointment.doctor_id, start=appointment.start),
                actions=[Slot.booked_by.remove(), Slot.appointment_id.remove()],
                condition=Slot.appointment_id == appointment_id,
                part="old-slot",
            )
            for key in sorted(old_keys - new_keys):
                tx.delete(UniqueKey(key=key), part=f"old-guard:{key}")
            for key in sorted(new_keys - old_keys):
                tx.save(
                    UniqueKey(key=key, owner_id=appointment_id),
                    condition=UniqueKey.key.does_not_exist(),
                    part=f"new-guard:{key}",
                )
            notice = _reschedule_notice(appointment, part, new.start)
            tx.save(notice, part="notice")
    except TransactWriteError as exc:
        failed = tx.cancellation(exc)
        if failed.failed("new-slot"):
            raise slot_refusal(new) from exc
        if failed.failed("new-hold"):
            raise SlotHeld("another patient is holding this slot; try again in a few minutes") from exc
        if failed.failed("appointment") or failed.failed("old-slot"):
            raise Conflict("the appointment changed meanwhile; reload it and try again", "STALE_APPOINTMENT") from exc
        if failed.failed("new-guard"):
            raise RuleViolation(OVERLAP, code="OVERLAPPING_APPOINTMENT") from exc
        raise unexplained(exc) from exc
    logger.info("appointment rescheduled", extra={"appointment_id": appointment_id, "doctor_id": new.doctor_id})
    freed = SlotRef(appointment.doctor_id, appointment.start, old_span.minutes)
    moved = get_appointment(appointment_id)
    announce.announce(
        announce.SlotChanged(announce.SLOT_BOOKED, new, SlotState.BOOKED),
        announce.SlotChanged(announce.SLOT_AVAILABILITY_CHANGED, freed, SlotState.AVAILABLE),
        announce.AppointmentChanged(announce.RESCHEDULED, moved, part, notice, previous_start=appointment.start),
    )
    queue.slot_opened(freed)
    return present([moved], part)[0]


def _reschedule_notice(appointment: Appointment, part: str, new_start: str) -> Any:
    data = {"appointment_id": appointment.appointment_id, "start": new_start, "previous_start": appointment.start}
    if part == Role.PATIENT:
        return feed.entry(
            appointment.doctor_id,
            NotificationType.APPOINTMENT_RESCHEDULED,
            "Appointment moved",
            f"Moved to {new_start}",
            data,
        )
    return feed.entry(
        appointment.patient_id,
        NotificationType.APPOINTMENT_RESCHEDULED,
        "Your appointment was moved",
        f"New time: {new_start}",
        data,
    )


def reset_on_move(now: datetime) -> list[Action]:
    """The actions a reschedule adds: the new time gets its own reminders (every reminder claim and sent mark is
    cleared, docs/architecture.md "Reminders"), and the old confirmation of attendance no longer holds."""
    return [
        Appointment.rescheduled_at.set(now),
        Appointment.attendance_confirmed_at.remove(),
        Appointment.reminder_24h_claimed_until.remove(),
        Appointment.reminder_24h_sent_at.remove(),
        Appointment.reminder_1h_claimed_until.remove(),
        Appointment.reminder_1h_sent_at.remove(),
    ]

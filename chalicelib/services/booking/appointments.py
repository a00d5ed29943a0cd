"""Booking, cancelling and rescheduling, each one DynamoDB transaction (docs/architecture.md, "Holds and booking").

The database decides every race: the slot's condition, the lock's condition and the patient's time-quantum guards
are all checked inside the transaction that writes the appointment, so two patients can never hold one slot and
one patient can never hold two overlapping appointments, whatever the interleaving.
"""

from __future__ import annotations

import secrets
import uuid
from datetime import datetime, timedelta
from typing import Any

from pynamodb.exceptions import TransactWriteError
from pynamodb.expressions.condition import Condition
from pynamodb.expressions.update import Action

from chalicelib.adapters.registry import adapters
from chalicelib.aws import dynamodb_client
from chalicelib.caches import process_cache
from chalicelib.config import get_settings
from chalicelib.contracts.booking import AppointmentOut, BookingRequest
from chalicelib.errors import Conflict, DomainError, Forbidden, RuleViolation, SlotHeld
from chalicelib.models.appointment_types import AppointmentType
from chalicelib.models.appointments import Appointment
from chalicelib.models.doctors import Doctor
from chalicelib.models.slots import Slot, SlotHold
from chalicelib.models.unique_keys import UniqueKey
from chalicelib.observability import count, logger, tracer
from chalicelib.services import settings as platform
from chalicelib.services.analytics import aggregates
from chalicelib.services.booking import _changes as changes
from chalicelib.services.booking import _policy as policy
from chalicelib.services.booking.views import get_appointment, present, require_part
from chalicelib.services.core import announce, day_summary, next_free, times
from chalicelib.services.core.authz import Principal
from chalicelib.services.core.booking_window import booking_problem
from chalicelib.services.core.conditions import approved_doctor, hold_free_for, slot_free
from chalicelib.services.core.dynamo import transaction, unexplained
from chalicelib.services.core.slot_ids import SlotRef, decode_slot_id, patient_guard_keys
from chalicelib.services.holds.store import DoctorUnavailable, slot_refusal
from chalicelib.services.notifications import feed
from chalicelib.services.settings import booking_window
from chalicelib.services.waitlist import queue
from chalicelib.vocabulary import AppointmentStatus, NotificationType, Role, VisitMode

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
    persistence = DynamoDBPersistenceLayer(
        table_name=settings.table_name("idempotency"), boto3_client=dynamodb_client()
    )
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


def book_for_patient(doctor: Principal, patient_id: str, request: BookingRequest) -> AppointmentOut:
    """A doctor books one of their own slots for a patient (a follow-up): the same transaction and guards as a
    patient's booking (a live hold of anyone but the patient refuses it), the patient is told and mailed the
    invite. Whether the doctor may book for this patient at all is the caller's to decide."""
    if decode_slot_id(request.slot_id).doctor_id != doctor.user_id:
        raise Forbidden("you can book only your own slots for a patient", code="NOT_YOUR_SLOT")
    try:
        booked = _write_booking(patient_id, request, by=Role.DOCTOR)
    except DomainError as exc:
        count("Bookings", outcome=exc.code)
        raise
    count("Bookings", outcome="BOOKED")
    return booked


def _write_booking(patient_id: str, request: BookingRequest, by: Role = Role.PATIENT) -> AppointmentOut:
    ref = decode_slot_id(request.slot_id)
    now = adapters().clock.now()
    _check_window(ref, now)
    span = ref.span
    kind = _slot_type(ref)
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
        **_snapshot(kind),
    )
    # Read only to know, once booked, whether an offer of another slot must be let go (the delete decides nothing).
    waiting = queue.entry_of(ref.doctor_id, patient_id)
    counted = aggregates.visit(appointment, specialty_id=aggregates.specialty_of(ref.doctor_id))
    summary = day_summary.DayChanges().taken(ref)
    tx = transaction()
    try:
        with tx:
            tx.delete(
                SlotHold(doctor_id=ref.doctor_id, start=ref.start),
                condition=hold_free_for(patient_id, now),
                part="hold",
            )
            queue.leave_with(tx, ref.doctor_id, patient_id)
            tx.update(
                Slot(doctor_id=ref.doctor_id, start=ref.start),
                actions=[Slot.booked_by.set(patient_id), Slot.appointment_id.set(appointment.appointment_id)],
                # The type read above is still the slot's (a slot's type never changes, but the slot may have
                # been deleted and published again for another type in between).
                condition=slot_free(ref) & _same_type(kind),
                part="slot",
            )
            tx.condition_check(Doctor, ref.doctor_id, condition=approved_doctor(), part="approval")
            notice = _booked_notice(appointment, by)
            changes.mark(appointment, announce.BOOKED, by, notice)
            tx.save(appointment, condition=Appointment.appointment_id.does_not_exist(), part="appointment")
            aggregates.add_parts(tx, None, counted)
            tx.save(notice, part="notice")
            for key in patient_guard_keys(patient_id, span):
                tx.save(
                    UniqueKey(key=key, owner_id=appointment.appointment_id),
                    condition=UniqueKey.key.does_not_exist(),
                    part=f"guard:{key}",
                )
            summary.add_to(tx)
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
    # The pushes and mail follow from the slots and appointments streams (services/effects).
    logger.info("appointment booked", extra={"appointment_id": appointment.appointment_id, "doctor_id": ref.doctor_id})
    summary.tidy()
    queue.left_by_booking(waiting, ref)
    next_free.refresh(ref.doctor_id, now, booking_window())
    return present([appointment], by)[0]


def _slot_type(ref: SlotRef) -> AppointmentType | None:
    """The type the slot was published for (one GetItem of the slot, one of its type), or None when untyped or
    gone (the transaction's condition then refuses the booking as it always did)."""
    try:
        slot = Slot.get(ref.doctor_id, ref.start, consistent_read=True, attributes_to_get=["appointment_type_id"])
    except Slot.DoesNotExist:
        return None
    if not slot.appointment_type_id:
        return None
    try:
        return AppointmentType.get(ref.doctor_id, slot.appointment_type_id, consistent_read=True)
    except AppointmentType.DoesNotExist:
        return None


def _same_type(kind: AppointmentType | None) -> Condition:
    if kind is None:
        return Slot.appointment_type_id.does_not_exist()
    return Slot.appointment_type_id == kind.type_id


def video_room() -> str:
    """An unguessable room on the configured base: 192 random bits, URL-safe."""
    return f"{get_settings().video_base_url}docspot-{secrets.token_urlsafe(24)}"


def _snapshot(kind: AppointmentType | None) -> dict[str, Any]:
    """The type's name, mode, clinic and price as they are now, kept on the appointment; a video room if video."""
    if kind is None:
        return {}
    video = kind.mode == VisitMode.VIDEO
    return {
        "appointment_type_id": kind.type_id,
        "appointment_type_name": kind.name,
        "mode": kind.mode,
        "clinic_id": None if video else kind.clinic_id,
        "price_amount": kind.price_amount,
        "price_currency": kind.price_currency,
        "video_url": video_room() if video else None,
    }


def _booked_notice(appointment: Appointment, by: Role) -> Any:
    """The other party's feed record: the doctor hears of a patient's booking, the patient of a doctor's."""
    facts = feed.about(appointment, by=by)
    if by == Role.DOCTOR:
        return feed.entry(
            appointment.patient_id,
            NotificationType.NEW_APPOINTMENT,
            "Your doctor booked a follow-up",
            "Your doctor booked an appointment for you.",
            facts,
        )
    return feed.entry(
        appointment.doctor_id,
        NotificationType.NEW_APPOINTMENT,
        "New appointment",
        "A patient booked an appointment with you.",
        facts,
    )


@tracer.capture_method(capture_response=False)
def cancel(principal: Principal, appointment_id: str, reason: str) -> AppointmentOut:
    """Cancels and frees the slot in one transaction. Patients must cancel a notice period ahead."""
    appointment = get_appointment(appointment_id)
    part = require_part(appointment, principal, Role.PATIENT, Role.DOCTOR, Role.ADMIN)
    now = adapters().clock.now()
    start, end = times.parse_iso(appointment.start), times.parse_iso(appointment.end)
    over = policy.status_refusal(appointment.status, "cancelled")
    if over is not None:
        # Read to explain, not to decide: the update's condition below decides a race.
        raise Conflict(over, code="INVALID_STATUS_CHANGE")
    notice = timedelta(minutes=platform.current().patient_cancel_notice_minutes)
    refusal = policy.cancel_refusal(part, start, end, now, notice=notice)
    if refusal is not None:
        raise RuleViolation(refusal.message, code=refusal.code)
    sources = policy.sources_of(AppointmentStatus.CANCELLED, part)
    span = times.Span(start, end)
    specialty = aggregates.specialty_of(appointment.doctor_id)
    before = aggregates.visit(appointment, specialty_id=specialty)
    after = aggregates.visit(
        appointment, specialty_id=specialty, status=AppointmentStatus.CANCELLED, cancelled_by=part, changed_at=now
    )
    notice = _cancel_notice(appointment, part, reason)
    tx = transaction()
    try:
        with tx:
            tx.update(
                appointment,
                actions=[
                    *changes.actions(announce.CANCELLED, part, notice),
                    Appointment.status.set(AppointmentStatus.CANCELLED),
                    Appointment.cancel_reason.set(reason or "-"),
                    Appointment.cancelled_by.set(part),
                    Appointment.video_url.remove(),
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
            aggregates.add_parts(tx, before, after)
            day_summary.DayChanges().opened(SlotRef(appointment.doctor_id, appointment.start, span.minutes)).add_to(tx)
            tx.save(notice, part="notice")
    except TransactWriteError as exc:
        if tx.cancellation(exc).failed("appointment"):
            current = get_appointment(appointment_id).status
            message = (
                policy.status_refusal(current, "cancelled") or f"an appointment that is {current} cannot be cancelled"
            )
            raise Conflict(message, code="INVALID_STATUS_CHANGE") from exc
        raise unexplained(exc) from exc
    logger.info("appointment cancelled", extra={"appointment_id": appointment_id, "doctor_id": appointment.doctor_id})
    freed = SlotRef(appointment.doctor_id, appointment.start, span.minutes)
    cancelled = get_appointment(appointment_id)
    queue.slot_opened(freed)
    next_free.refresh(appointment.doctor_id, now, booking_window())
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
    """The doctor hears of a patient's cancellation; the patient hears of anyone else's (with the reason given)."""
    if part == Role.PATIENT:
        return feed.entry(
            appointment.doctor_id,
            NotificationType.APPOINTMENT_CANCELLED,
            "Appointment cancelled",
            "The patient cancelled the appointment.",
            feed.about(appointment, status=AppointmentStatus.CANCELLED, by=part),
        )
    body = f"Your appointment was cancelled. Reason: {reason}" if reason else "Your appointment was cancelled."
    return feed.entry(
        appointment.patient_id,
        NotificationType.APPOINTMENT_CANCELLED,
        "Appointment cancelled",
        body,
        feed.about(appointment, status=AppointmentStatus.CANCELLED, by=part, reason=reason),
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
    over = policy.status_refusal(appointment.status, "moved")
    if over is not None:
        # Read to explain, not to decide: the update's condition below decides a race.
        raise Conflict(over, code="INVALID_STATUS_CHANGE")
    now = adapters().clock.now()
    old_span = times.Span(times.parse_iso(appointment.start), times.parse_iso(appointment.end))
    notice = timedelta(minutes=platform.current().patient_cancel_notice_minutes)
    refusal = policy.move_refusal(part, old_span.start, old_span.end, now, notice=notice)
    if refusal is not None:
        raise RuleViolation(refusal.message, code=refusal.code)
    if part == Role.PATIENT:
        _check_window(new, now)
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
    notice = _reschedule_notice(appointment, part, new)
    moves += changes.actions(announce.RESCHEDULED, part, notice)
    # A patient who moves their own appointment has what they waited for: they leave the doctor's waitlist with it.
    waiting = queue.entry_of(new.doctor_id, appointment.patient_id) if part == Role.PATIENT else None
    specialty = aggregates.specialty_of(appointment.doctor_id)
    before = aggregates.visit(appointment, specialty_id=specialty)
    after = aggregates.visit(
        appointment,
        specialty_id=specialty,
        status=AppointmentStatus.SCHEDULED,
        start=new.start,
        end=times.iso(new_span.end),
    )
    old = SlotRef(appointment.doctor_id, appointment.start, old_span.minutes)
    summary = day_summary.DayChanges().taken(new).opened(old)
    tx = transaction()
    try:
        with tx:
            tx.delete(
                SlotHold(doctor_id=new.doctor_id, start=new.start),
                condition=hold_free_for(appointment.patient_id, now),
                part="new-hold",
            )
            if part == Role.PATIENT:
                queue.leave_with(tx, new.doctor_id, appointment.patient_id)
            tx.update(
                Slot(doctor_id=new.doctor_id, start=new.start),
                actions=[Slot.booked_by.set(appointment.patient_id), Slot.appointment_id.set(appointment_id)],
                condition=slot_free(new),
                part="new-slot",
            )
            tx.update(
                appointment,
                actions=moves,
                condition=Appointment.status.is_in(*policy.MOVABLE) & (Appointment.start == appointment.start),
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
            aggregates.add_parts(tx, before, after)
            summary.add_to(tx)
            tx.save(notice, part="notice")
    except TransactWriteError as exc:
        failed = tx.cancellation(exc)
        if failed.failed("new-slot"):
            raise slot_refusal(new) from exc
        if failed.failed("new-hold"):
            raise SlotHeld("another patient is holding this slot; try again in a few minutes") from exc
        if failed.failed("appointment") or failed.failed("old-slot"):
            over = policy.status_refusal(get_appointment(appointment_id).status, "moved")
            if over is not None:
                raise Conflict(over, code="INVALID_STATUS_CHANGE") from exc
            raise Conflict("the appointment changed meanwhile; reload it and try again", "STALE_APPOINTMENT") from exc
        if failed.failed("new-guard"):
            raise RuleViolation(OVERLAP, code="OVERLAPPING_APPOINTMENT") from exc
        raise unexplained(exc) from exc
    logger.info("appointment rescheduled", extra={"appointment_id": appointment_id, "doctor_id": new.doctor_id})
    freed = SlotRef(appointment.doctor_id, appointment.start, old_span.minutes)
    moved = get_appointment(appointment_id)
    summary.tidy()
    queue.left_by_booking(waiting, new)
    queue.slot_opened(freed)
    next_free.refresh(appointment.doctor_id, now, booking_window())
    return present([moved], part)[0]


def _reschedule_notice(appointment: Appointment, part: str, new: SlotRef) -> Any:
    data = feed.about(
        appointment,
        start=new.start,
        end=new.span.end,
        status=AppointmentStatus.SCHEDULED,
        previous_start=appointment.start,
        by=part,
    )
    if part == Role.PATIENT:
        return feed.entry(
            appointment.doctor_id,
            NotificationType.APPOINTMENT_RESCHEDULED,
            "Appointment moved",
            "The patient moved the appointment to another time.",
            data,
        )
    return feed.entry(
        appointment.patient_id,
        NotificationType.APPOINTMENT_RESCHEDULED,
        "Your appointment was moved",
        "Your appointment was moved to another time.",
        data,
    )


def patient_may_change(appointment: Appointment, now: datetime) -> bool:
    """Whether the patient may still cancel or move it online at ``now`` (what mail may offer them)."""
    start, end = times.parse_iso(appointment.start), times.parse_iso(appointment.end)
    notice = timedelta(minutes=platform.current().patient_cancel_notice_minutes)
    return (
        appointment.status in policy.MOVABLE
        and policy.cancel_refusal(Role.PATIENT, start, end, now, notice=notice) is None
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

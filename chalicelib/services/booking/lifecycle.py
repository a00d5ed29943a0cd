"""Moving an appointment through its states: each move is a conditional update on the current status, so two
actors can never move it twice (the state machine itself is in policy.py)."""

from __future__ import annotations

from datetime import timedelta

from pynamodb.exceptions import TransactWriteError
from pynamodb.expressions.update import Action

from chalicelib.adapters.registry import adapters
from chalicelib.config import get_settings
from chalicelib.contracts.booking import AppointmentOut, StatusChange
from chalicelib.errors import Conflict, RuleViolation
from chalicelib.models.appointments import Appointment
from chalicelib.observability import logger
from chalicelib.services.analytics import aggregates
from chalicelib.services.booking import _changes as changes
from chalicelib.services.booking import _policy as policy
from chalicelib.services.booking.views import get_appointment, names, present, require_part
from chalicelib.services.core import announce, times
from chalicelib.services.core.authz import Principal
from chalicelib.services.core.dynamo import transaction, unexplained
from chalicelib.services.notifications import feed
from chalicelib.vocabulary import AppointmentStatus, NotificationType, Role

TITLES: dict[str, str] = {
    AppointmentStatus.CONFIRMED: "Your appointment is confirmed",
    AppointmentStatus.IN_PROGRESS: "Your appointment has started",
    AppointmentStatus.COMPLETED: "Your appointment is complete",
    AppointmentStatus.NO_SHOW: "You were marked as not attending",
}
BODIES: dict[str, str] = {
    AppointmentStatus.CONFIRMED: "Your doctor confirmed your appointment.",
    AppointmentStatus.IN_PROGRESS: "Your visit has started.",
    AppointmentStatus.COMPLETED: "Your visit is complete; its summary is in the appointment.",
    AppointmentStatus.NO_SHOW: "Your appointment was recorded as missed.",
}


def change_status(principal: Principal, appointment_id: str, change: StatusChange) -> AppointmentOut:
    appointment = get_appointment(appointment_id)
    part = require_part(appointment, principal, Role.DOCTOR, Role.ADMIN)
    target = change.status
    # The request's own shape first: what it carries is refused whatever the appointment's state.
    written = (change.notes, change.summary, change.follow_up)
    if any(value is not None for value in written) and target != AppointmentStatus.COMPLETED:
        raise RuleViolation("notes, a summary and a follow-up are recorded when completing", code="NOTES_ON_COMPLETE")
    sources = policy.sources_of(target, part)
    if not sources:
        raise RuleViolation(f"appointments cannot be moved to {target}", code="INVALID_STATUS_CHANGE")
    if appointment.status not in sources:
        # Read to explain, not to decide: the update's condition below decides a race.
        raise Conflict(
            f"an appointment that is {appointment.status} cannot become {target}", code="INVALID_STATUS_CHANGE"
        )
    now = adapters().clock.now()
    early = timedelta(minutes=get_settings().start_early_minutes)
    refusal = policy.status_change_refusal(target, times.parse_iso(appointment.start), now, early=early)
    if refusal is not None:
        raise RuleViolation(refusal.message, code=refusal.code)
    actions: list[Action] = [Appointment.status.set(target), Appointment.updated_at.set(now)]
    if change.notes is not None:
        actions.append(Appointment.notes.set(change.notes))
    if change.summary is not None:
        actions.append(Appointment.summary.set(change.summary))
    if change.follow_up is not None:
        actions.append(Appointment.follow_up_instructions.set(change.follow_up.instructions))
        if change.follow_up.within_days is not None:
            actions.append(Appointment.follow_up_within_days.set(change.follow_up.within_days))
    title = TITLES[target]
    if target == AppointmentStatus.COMPLETED and (change.summary or change.follow_up):
        # The feed names the doctor; the summary itself stays in the app (never in a notification or a mail).
        title = f"{names([appointment.doctor_id]).get(appointment.doctor_id) or 'Your doctor'} left a summary"
    kind = (
        NotificationType.APPOINTMENT_CONFIRMED
        if target == AppointmentStatus.CONFIRMED
        else NotificationType.APPOINTMENT_STATUS_CHANGED
    )
    specialty = aggregates.specialty_of(appointment.doctor_id)
    before = aggregates.visit(appointment, specialty_id=specialty)
    after = aggregates.visit(appointment, specialty_id=specialty, status=target, changed_at=now)
    notice = feed.entry(
        appointment.patient_id,
        kind,
        title,
        BODIES[target],
        feed.about(appointment, status=target, by=part),
    )
    happened = announce.CONFIRMED if target == AppointmentStatus.CONFIRMED else announce.STATUS_CHANGED
    actions += changes.actions(happened, part, notice)
    tx = transaction()
    try:
        with tx:
            tx.update(appointment, actions=actions, condition=Appointment.status.is_in(*sources), part="appointment")
            # Every source status counts alike (booked, not finished), so the moves hold whichever one it was.
            aggregates.add_parts(tx, before, after)
            tx.save(notice, part="notice")
    except TransactWriteError as exc:
        if tx.cancellation(exc).failed("appointment"):
            current = get_appointment(appointment_id).status
            raise Conflict(
                f"an appointment that is {current} cannot become {target}", code="INVALID_STATUS_CHANGE"
            ) from exc
        raise unexplained(exc) from exc
    logger.info("appointment status changed", extra={"appointment_id": appointment_id, "status": target})
    # The push and mail follow from the appointments stream (services/effects).
    changed = get_appointment(appointment_id)
    return present([changed], part)[0]

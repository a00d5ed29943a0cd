"""E-mail for what the booking flows announce (services/announce.py), once their change has committed.

Who hears what:
- booked: the patient gets the confirmation with ``invite.ics`` (METHOD:REQUEST); the doctor a short notice;
- confirmed by the doctor: the patient;
- completed with a summary or a follow-up: the patient hears that the doctor left a summary (never what it says);
- rescheduled: the patient gets the updated invite (same UID, SEQUENCE raised), whoever moved it; the doctor a
  notice unless they moved it themselves;
- cancelled: the patient gets METHOD:CANCEL, whoever cancelled; the doctor a notice unless they cancelled;
- a waitlist offer: the patient, with the hold's end;
- a public reply on a support ticket: its requester (anyone else's reply) or its assignee (the requester's), with
  the link only: never the ticket's subject or text, which may be about someone's health;
- a phone number to confirm: its code, by SMS to that number.
Which of these may be switched off is decided in services/mail_preferences.py. Each mail is sent or kept for a
retry (services/outbox.py); nothing here can fail the flow that announced it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from chalicelib.adapters.registry import adapters
from chalicelib.config import get_settings
from chalicelib.models.appointments import Appointment
from chalicelib.models.users import User
from chalicelib.observability import logger
from chalicelib.services.accounts.mail_preferences import APPOINTMENT_UPDATES, CALENDAR, WAITLIST
from chalicelib.services.booking import calendar
from chalicelib.services.booking.appointments import patient_may_change
from chalicelib.services.core import links, times
from chalicelib.services.core.announce import (
    BOOKED,
    CANCELLED,
    CONFIRMED,
    RESCHEDULED,
    STATUS_CHANGED,
    AccountCreated,
    AppointmentChanged,
    DoctorReviewed,
    Happening,
    LoginCodeRequested,
    PasswordResetRequested,
    PhoneCodeRequested,
    PlanDowngraded,
    SupportReplied,
    WaitlistOffered,
)
from chalicelib.services.core.people import users as accounts_of
from chalicelib.services.mail import _messages as messages
from chalicelib.vocabulary import AccountStatus, AppointmentStatus, Role

HANDLED = frozenset({BOOKED, CONFIRMED, RESCHEDULED, CANCELLED, STATUS_CHANGED})


def on_happenings(happenings: Sequence[Happening]) -> None:
    for happening in happenings:
        try:
            if isinstance(happening, AppointmentChanged) and happening.kind in HANDLED:
                _appointment_mail(happening)
            elif isinstance(happening, WaitlistOffered):
                _offer_mail(happening)
            elif isinstance(happening, AccountCreated):
                messages.send(messages.welcome(happening.user, pending_doctor=happening.pending_doctor))
            elif isinstance(happening, PasswordResetRequested):
                email = messages.password_reset(happening.user, happening.secret, happening.minutes)
                messages.send(email, stale_after=happening.expires_at)
            elif isinstance(happening, LoginCodeRequested):
                email = messages.login_code(happening.user, happening.code, happening.minutes)
                messages.send(email, stale_after=happening.expires_at)
            elif isinstance(happening, DoctorReviewed):
                messages.send(messages.doctor_decision(happening.user, happening.approved, happening.reason))
            elif isinstance(happening, SupportReplied):
                _support_mail(happening)
            elif isinstance(happening, PhoneCodeRequested):
                text = messages.sms_code(happening.user, happening.code, happening.minutes)
                adapters().sms.send(happening.phone, text)
            elif isinstance(happening, PlanDowngraded):
                _plan_downgraded_mail(happening)
        except Exception:
            extra: dict[str, Any] = {"mail_event": getattr(happening, "kind", type(happening).__name__)}
            if isinstance(happening, AppointmentChanged):
                extra["appointment_id"] = happening.appointment.appointment_id
            logger.exception("e-mail for an announcement failed", extra=extra)


def _plan_downgraded_mail(happening: PlanDowngraded) -> None:
    doctor = accounts_of([happening.doctor_id]).get(happening.doctor_id)
    if doctor is not None:
        messages.send(messages.plan_downgraded(doctor, happening.invoice_number))


def appointment_url(appointment_id: str) -> str:
    return links.app_link(f"/appointments/{appointment_id}")


def _summarised(appointment: Appointment) -> bool:
    return appointment.status == AppointmentStatus.COMPLETED and bool(
        appointment.summary or appointment.follow_up_instructions
    )


def _appointment_mail(change: AppointmentChanged) -> None:
    appointment = change.appointment
    if change.kind == STATUS_CHANGED and not _summarised(appointment):
        return
    people = accounts_of([appointment.patient_id, appointment.doctor_id])
    patient, doctor = people.get(appointment.patient_id), people.get(appointment.doctor_id)
    if patient is None or doctor is None:
        logger.warning("appointment e-mail without its people", extra={"appointment_id": appointment.appointment_id})
        return
    start = times.parse_iso(appointment.start)
    common: dict[str, Any] = {
        "start": start,
        "appointment_url": appointment_url(appointment.appointment_id),
        # Who made the change (patient, doctor, admin): each template says it in its own words.
        "by": str(change.by),
    }
    if change.previous_start:
        common["previous_start"] = times.parse_iso(change.previous_start)
    kind = change.kind
    if kind == CONFIRMED:
        email = messages.compose(
            patient, "appointment-confirmed", "appointment_confirmed", doctor_name=doctor.name, **common
        )
        messages.send_if_wanted(patient, APPOINTMENT_UPDATES, email, stale_after=start)
        return
    if kind == STATUS_CHANGED:
        email = messages.compose(patient, "visit-summary", "visit_summary", doctor_name=doctor.name, **common)
        messages.send_if_wanted(patient, APPOINTMENT_UPDATES, email)
        return
    method = "CANCEL" if kind == CANCELLED else "REQUEST"
    template = {
        BOOKED: "appointment_booked",
        RESCHEDULED: "appointment_rescheduled",
        CANCELLED: "appointment_cancelled",
    }
    patient_mail = messages.compose(
        patient,
        f"appointment-{kind}",
        template[kind],
        (messages.invite(_invite(appointment, patient, doctor, method), method),),
        doctor_name=doctor.name,
        may_change=patient_may_change(appointment, adapters().clock.now()),
        by_you=change.by == Role.PATIENT,
        calendar_links=calendar.add_to_calendar_links(
            title=messages.summary(patient, doctor.name),
            start=start,
            end=times.parse_iso(appointment.end),
            details=common["appointment_url"],
        ),
        **common,
    )
    messages.send_if_wanted(patient, CALENDAR, patient_mail, stale_after=start)
    if change.by == Role.DOCTOR:
        return
    doctor_mail = messages.compose(
        doctor,
        f"appointment-{kind}-doctor",
        f"{template[kind]}_doctor",
        patient_name=patient.name,
        **common,
    )
    messages.send_if_wanted(doctor, APPOINTMENT_UPDATES, doctor_mail, stale_after=start)


def _invite(appointment: Appointment, patient: User, doctor: User, method: str) -> bytes:
    return calendar.appointment_event(
        appointment,
        doctor_name=doctor.name,
        zone=doctor.timezone,
        method=method,
        organizer=(f"{doctor.name} via DocSpot", get_settings().mail_from),
        attendee=(patient.name, patient.email),
        summary=messages.summary(patient, doctor.name),
    )


def _offer_mail(offer: WaitlistOffered) -> None:
    people = accounts_of([offer.patient_id, offer.ref.doctor_id])
    patient, doctor = people.get(offer.patient_id), people.get(offer.ref.doctor_id)
    if patient is None or doctor is None:
        return
    email = messages.compose(
        patient,
        "waitlist-offer",
        "waitlist_offer",
        doctor_name=doctor.name,
        start=offer.ref.span.start,
        expires_at=offer.expires_at,
        book_url=links.app_link(f"/doctors/{offer.ref.doctor_id}?slot={offer.ref.slot_id}"),
    )
    messages.send_if_wanted(patient, WAITLIST, email, stale_after=offer.expires_at)


def _support_mail(reply: SupportReplied) -> None:
    """An answer to what the user asked (or a ticket an admin took on): sent whatever the optional preferences say,
    not to a disabled account."""
    recipient = accounts_of([reply.recipient_id]).get(reply.recipient_id)
    if recipient is None or recipient.status != AccountStatus.ACTIVE:
        return
    link = links.app_link(f"/support/{reply.ticket_id}")
    messages.send(
        messages.compose(recipient, "support-reply", "support_reply", to_requester=reply.to_requester, link=link)
    )

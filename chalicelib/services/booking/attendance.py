"""Attendance confirmation: the 24-hour reminder carries a signed link; one click on the page it opens (a POST)
tells the doctor the patient is coming.

The link's token is signed, not stored: an HS256 JWT under a key derived from the JWT secret (so it can never pass
as an access token, nor one as it), naming the appointment, its start and its SEQUENCE, and expiring when the
appointment begins. A reschedule raises the SEQUENCE, so an old link fails (409) without any write to revoke it.
Nothing is spent on use: confirming is idempotent (a second click answers the first confirmation), and a GET only
shows, so a mail scanner that prefetches the link confirms nothing.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote

import jwt
from pynamodb.exceptions import UpdateError

from chalicelib.adapters.registry import adapters
from chalicelib.adapters.secrets import jwt_secret
from chalicelib.config import get_settings
from chalicelib.contracts.attendance import AttendanceOut
from chalicelib.errors import Conflict, Invalid, RuleViolation
from chalicelib.models.appointments import Appointment
from chalicelib.models.notifications import Notification
from chalicelib.models.users import User
from chalicelib.observability import logger
from chalicelib.services.booking import _changes as changes
from chalicelib.services.core import announce, times
from chalicelib.services.core.dynamo import condition_failed
from chalicelib.services.core.people import users
from chalicelib.services.notifications import feed
from chalicelib.vocabulary import AppointmentStatus, NotificationType, Role

ALGORITHM = "HS256"
ISSUER = "docspot"
AUDIENCE = "docspot:attendance"
TYPE = "attend"
OPEN_STATUSES = (AppointmentStatus.SCHEDULED, AppointmentStatus.CONFIRMED)
NOT_VALID = "this attendance link is not valid"


@dataclass(frozen=True)
class LinkClaims:
    appointment_id: str
    start: str
    sequence: int
    expires: int


def _key() -> bytes:
    return hmac.new(jwt_secret().encode(), b"docspot attendance links", hashlib.sha256).digest()


def issue(appointment: Appointment) -> str:
    payload = {
        "iss": ISSUER,
        "aud": AUDIENCE,
        "typ": TYPE,
        "sub": appointment.appointment_id,
        "st": appointment.start,
        "seq": int(appointment.sequence),
        "exp": int(times.parse_iso(appointment.start).timestamp()),
    }
    return jwt.encode(payload, _key(), algorithm=ALGORITHM)


def link_for(appointment: Appointment) -> str:
    return f"{get_settings().app_url}/attend?token={quote(issue(appointment))}"


def _claims(token: str) -> LinkClaims:
    try:
        payload = jwt.decode(
            token,
            _key(),
            algorithms=[ALGORITHM],
            audience=AUDIENCE,
            issuer=ISSUER,
            options={"require": ["sub", "st", "seq", "exp", "typ"], "verify_exp": False},
        )
        claims = LinkClaims(
            appointment_id=str(payload["sub"]),
            start=str(payload["st"]),
            sequence=int(payload["seq"]),
            expires=int(payload["exp"]),
        )
    except (jwt.PyJWTError, TypeError, ValueError) as exc:
        raise Invalid(NOT_VALID, code="INVALID_ATTENDANCE_LINK") from exc
    if payload["typ"] != TYPE:
        raise Invalid(NOT_VALID, code="INVALID_ATTENDANCE_LINK")
    return claims


def _appointment(claims: LinkClaims) -> Appointment:
    try:
        return Appointment.get(claims.appointment_id, consistent_read=True)
    except Appointment.DoesNotExist as exc:
        raise Invalid(NOT_VALID, code="INVALID_ATTENDANCE_LINK") from exc


def _check(appointment: Appointment, claims: LinkClaims, now: datetime) -> None:
    """The clear refusal for a link that no longer applies, most telling reason first."""
    if appointment.status == AppointmentStatus.CANCELLED:
        raise Conflict("this appointment was cancelled", code="APPOINTMENT_CANCELLED")
    if appointment.start != claims.start or int(appointment.sequence) != claims.sequence:
        raise Conflict(
            "this appointment was moved; use the link in the reminder for its new time", code="ATTENDANCE_LINK_OUTDATED"
        )
    if int(now.timestamp()) >= claims.expires:
        raise RuleViolation("this appointment has already begun", code="ATTENDANCE_LINK_EXPIRED")
    if appointment.status not in OPEN_STATUSES:
        raise RuleViolation(f"an appointment that is {appointment.status} takes no confirmation", "ATTENDANCE_CLOSED")


def _out(appointment: Appointment, people: dict[str, User] | None = None) -> AttendanceOut:
    people = people or users([appointment.doctor_id, appointment.patient_id])
    doctor, patient = people.get(appointment.doctor_id), people.get(appointment.patient_id)
    return AttendanceOut(
        appointment_id=appointment.appointment_id,
        doctor_name=doctor.name if doctor else "",
        start=times.parse_iso(appointment.start),
        end=times.parse_iso(appointment.end),
        timezone=patient.timezone if patient else "UTC",
        status=AppointmentStatus(appointment.status),
        confirmed_at=appointment.attendance_confirmed_at,
    )


def view(token: str) -> AttendanceOut:
    """What the link is about. Reads only: opening the page (or a scanner fetching it) confirms nothing."""
    claims = _claims(token)
    appointment = _appointment(claims)
    _check(appointment, claims, adapters().clock.now())
    return _out(appointment)


def confirm(token: str) -> AttendanceOut:
    """Records that the patient will come; a second confirmation answers the first."""
    claims = _claims(token)
    now = adapters().clock.now()
    appointment = _appointment(claims)
    _check(appointment, claims, now)
    if appointment.attendance_confirmed_at is not None:
        return _out(appointment)
    people = users([appointment.doctor_id, appointment.patient_id])
    notice = _doctor_notice(appointment, people.get(appointment.patient_id), now)
    try:
        appointment.update(
            actions=[
                Appointment.attendance_confirmed_at.set(now),
                *changes.actions(announce.ATTENDANCE_CONFIRMED, Role.PATIENT, notice),
            ],
            condition=Appointment.status.is_in(*OPEN_STATUSES)
            & (Appointment.start == claims.start)
            & (Appointment.sequence == claims.sequence)
            & Appointment.attendance_confirmed_at.does_not_exist(),
        )
    except UpdateError as exc:
        if not condition_failed(exc):
            raise
        # Changed since the read: confirmed by a concurrent click (answer it), or moved or cancelled (refuse).
        appointment = _appointment(claims)
        _check(appointment, claims, now)
        if appointment.attendance_confirmed_at is None:
            raise Conflict("the appointment changed meanwhile; please try again", code="TRY_AGAIN") from exc
        return _out(appointment)
    logger.info("attendance confirmed", extra={"appointment_id": appointment.appointment_id})
    _tell_doctor(appointment, notice)
    return _out(appointment, people)


def _doctor_notice(appointment: Appointment, patient: User | None, now: datetime) -> Notification:
    who = patient.name if patient else "The patient"
    return feed.entry(
        appointment.doctor_id,
        NotificationType.ATTENDANCE_CONFIRMED,
        "Attendance confirmed",
        f"{who} confirmed they will attend.",
        feed.about(appointment, attendance_confirmed_at=now),
    )


def _tell_doctor(appointment: Appointment, notice: Notification) -> None:
    """The doctor's feed says who confirmed; never fails the confirmation, which has already been recorded. The
    push follows from the appointments stream (services/effects), naming this record."""
    try:
        notice.save()
    except Exception:
        logger.exception("attendance notice not recorded", extra={"appointment_id": appointment.appointment_id})

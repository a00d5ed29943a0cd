from __future__ import annotations

from chalice.app import Blueprint, Response

from chalicelib.contracts.booking import (
    AppointmentListQuery,
    AppointmentOut,
    BookingRequest,
    CancelRequest,
    RescheduleRequest,
    StatusChange,
)
from chalicelib.contracts.common import Page
from chalicelib.errors import Invalid
from chalicelib.handlers._http import api_route
from chalicelib.services.booking import appointments as booking
from chalicelib.services.booking import calendar, lifecycle, views
from chalicelib.services.core.authz import Principal
from chalicelib.vocabulary import Role

appointments = Blueprint(__name__)

MAX_KEY = 200
EVERY_ROLE = [Role.PATIENT, Role.DOCTOR, Role.ADMIN]
NOT_YOURS = ["APPOINTMENT_NOT_FOUND"]


@api_route(
    appointments,
    "/appointments",
    methods=["POST"],
    roles=[Role.PATIENT],
    status=201,
    body=BookingRequest,
    headers={
        "Idempotency-Key": f"optional, at most {MAX_KEY} characters: a retry with the same key and body "
        "answers the first result again"
    },
    errors={
        404: ["SLOT_NOT_FOUND"],
        409: [
            "SLOT_TAKEN",
            "SLOT_LOCKED",
            "SLOT_UNAVAILABLE",
            "DOCTOR_UNAVAILABLE",
            "REQUEST_IN_PROGRESS",
            "TRY_AGAIN",
        ],
        422: ["OUTSIDE_BOOKING_WINDOW", "OVERLAPPING_APPOINTMENT", "IDEMPOTENCY_KEY_REUSED"],
    },
)
def book(principal: Principal, body: BookingRequest) -> AppointmentOut:
    """Books a slot (yours on hold, or free) as a SCHEDULED appointment."""
    request = appointments.current_request
    key = (request.headers.get("idempotency-key") or "").strip() or None
    if key is not None and len(key) > MAX_KEY:
        raise Invalid(f"Idempotency-Key must be at most {MAX_KEY} characters", field="Idempotency-Key")
    return booking.book(principal, body, key, lambda_context=appointments.lambda_context)


@api_route(
    appointments,
    "/appointments",
    methods=["GET"],
    roles=EVERY_ROLE,
    query=AppointmentListQuery,
    errors={400: ["INVALID_RANGE", "INVALID_CURSOR"], 403: ["FORBIDDEN_ROLE"]},
)
def list_appointments(principal: Principal, query: AppointmentListQuery) -> Page[AppointmentOut]:
    """Patients: their own; doctors: their schedule; admins: by `doctor_id`, `patient_id` or `date`."""
    return views.list_appointments(
        principal,
        start=query.start,
        end=query.to,
        status=query.status,
        scope=query.scope,
        doctor_id=query.doctor_id,
        patient_id=query.patient_id,
        day=query.date,
        limit=query.limit,
        cursor=query.cursor,
    )


@api_route(appointments, "/appointments/{appointment_id}", methods=["GET"], roles=EVERY_ROLE, errors={404: NOT_YOURS})
def get_appointment(appointment_id: str, principal: Principal) -> AppointmentOut:
    """One appointment of yours (visit notes only for its doctor and admins); 404 for anyone else."""
    return views.view(principal, appointment_id)


@api_route(
    appointments,
    "/appointments/{appointment_id}/cancel",
    methods=["POST"],
    roles=EVERY_ROLE,
    body=CancelRequest,
    errors={404: NOT_YOURS, 409: ["INVALID_STATUS_CHANGE", "TRY_AGAIN"], 422: ["TOO_LATE", "APPOINTMENT_OVER"]},
)
def cancel(appointment_id: str, principal: Principal, body: CancelRequest) -> AppointmentOut:
    """Cancels and frees the slot, before the end; patients up to 2 hours before the start."""
    return booking.cancel(principal, appointment_id, body.reason)


@api_route(
    appointments,
    "/appointments/{appointment_id}/reschedule",
    methods=["POST"],
    roles=EVERY_ROLE,
    body=RescheduleRequest,
    errors={
        404: [*NOT_YOURS, "SLOT_NOT_FOUND"],
        409: [
            "SLOT_TAKEN",
            "SLOT_LOCKED",
            "SLOT_UNAVAILABLE",
            "DOCTOR_UNAVAILABLE",
            "STALE_APPOINTMENT",
            "INVALID_STATUS_CHANGE",
            "TRY_AGAIN",
        ],
        422: [
            "DIFFERENT_DOCTOR",
            "SAME_SLOT",
            "TOO_LATE",
            "APPOINTMENT_OVER",
            "OUTSIDE_BOOKING_WINDOW",
            "OVERLAPPING_APPOINTMENT",
        ],
    },
)
def reschedule(appointment_id: str, principal: Principal, body: RescheduleRequest) -> AppointmentOut:
    """Moves the appointment to another slot of the same doctor: the new slot taken, the old freed, at once."""
    return booking.reschedule(principal, appointment_id, body.slot_id)


@api_route(
    appointments,
    "/appointments/{appointment_id}/status",
    methods=["POST"],
    roles=[Role.DOCTOR, Role.ADMIN],
    body=StatusChange,
    errors={
        403: ["FORBIDDEN_ROLE"],
        404: NOT_YOURS,
        409: ["INVALID_STATUS_CHANGE", "TRY_AGAIN"],
        422: ["INVALID_STATUS_CHANGE", "TOO_EARLY", "NOTES_ON_COMPLETE"],
    },
)
def change_status(appointment_id: str, principal: Principal, body: StatusChange) -> AppointmentOut:
    """Moves an appointment along SCHEDULED -> CONFIRMED -> IN_PROGRESS -> COMPLETED, or to NO_SHOW."""
    return lifecycle.change_status(principal, appointment_id, body)


@api_route(
    appointments,
    "/appointments/{appointment_id}/calendar.ics",
    methods=["GET"],
    roles=EVERY_ROLE,
    response=str,
    media_type="text/calendar",
    errors={404: NOT_YOURS},
)
def calendar_event(appointment_id: str, principal: Principal) -> Response:
    """The appointment as an iCalendar event in the doctor's time zone (`METHOD:CANCEL` once cancelled)."""
    body = calendar.for_reader(principal, appointment_id)
    return Response(
        body=body.decode(),
        status_code=200,
        headers={
            "Content-Type": "text/calendar; charset=utf-8",
            "Content-Disposition": f'attachment; filename="docspot-{appointment_id}.ics"',
        },
    )

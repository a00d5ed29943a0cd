from __future__ import annotations

from chalice.app import Blueprint, Response

from chalicelib.contracts.booking import (
    AppointmentOut,
    BookingRequest,
    CancelRequest,
    RescheduleRequest,
    StatusChange,
)
from chalicelib.contracts.common import Page
from chalicelib.errors import Invalid
from chalicelib.handlers._http import api_route, caller, parse_body, query, query_int
from chalicelib.services.booking import appointments as booking
from chalicelib.services.booking import calendar, lifecycle, views
from chalicelib.services.core.authz import require
from chalicelib.vocabulary import Role

appointments = Blueprint(__name__)
MAX_KEY = 200


@api_route(appointments, "/appointments", methods=["POST"], status=201)
def book() -> AppointmentOut:
    request = appointments.current_request
    patient = require(caller(request), Role.PATIENT)
    body: BookingRequest = parse_body(request, BookingRequest)
    key = (request.headers.get("idempotency-key") or "").strip() or None
    if key is not None and len(key) > MAX_KEY:
        raise Invalid(f"Idempotency-Key must be at most {MAX_KEY} characters", code="VALIDATION_ERROR")
    return booking.book(patient, body, key, lambda_context=appointments.lambda_context)


@api_route(appointments, "/appointments", methods=["GET"])
def list_appointments() -> Page[AppointmentOut]:
    request = appointments.current_request
    principal = require(caller(request), Role.PATIENT, Role.DOCTOR, Role.ADMIN)
    return views.list_appointments(
        principal,
        start=query(request, "from"),
        end=query(request, "to"),
        status=query(request, "status"),
        scope=query(request, "scope"),
        doctor_id=query(request, "doctor_id"),
        patient_id=query(request, "patient_id"),
        day=query(request, "date"),
        limit=query_int(request, "limit"),
        cursor=query(request, "cursor"),
    )


@api_route(appointments, "/appointments/{appointment_id}", methods=["GET"])
def get_appointment(appointment_id: str) -> AppointmentOut:
    principal = require(caller(appointments.current_request), Role.PATIENT, Role.DOCTOR, Role.ADMIN)
    return views.view(principal, appointment_id)


@api_route(appointments, "/appointments/{appointment_id}/cancel", methods=["POST"])
def cancel(appointment_id: str) -> AppointmentOut:
    request = appointments.current_request
    principal = require(caller(request), Role.PATIENT, Role.DOCTOR, Role.ADMIN)
    body: CancelRequest = parse_body(request, CancelRequest)
    return booking.cancel(principal, appointment_id, body.reason)


@api_route(appointments, "/appointments/{appointment_id}/reschedule", methods=["POST"])
def reschedule(appointment_id: str) -> AppointmentOut:
    request = appointments.current_request
    principal = require(caller(request), Role.PATIENT, Role.DOCTOR, Role.ADMIN)
    body: RescheduleRequest = parse_body(request, RescheduleRequest)
    return booking.reschedule(principal, appointment_id, body.slot_id)


@api_route(appointments, "/appointments/{appointment_id}/status", methods=["POST"])
def change_status(appointment_id: str) -> AppointmentOut:
    request = appointments.current_request
    principal = require(caller(request), Role.DOCTOR, Role.ADMIN)
    body: StatusChange = parse_body(request, StatusChange)
    return lifecycle.change_status(principal, appointment_id, body)


@api_route(appointments, "/appointments/{appointment_id}/calendar.ics", methods=["GET"])
def calendar_event(appointment_id: str) -> Response:
    principal = require(caller(appointments.current_request), Role.PATIENT, Role.DOCTOR, Role.ADMIN)
    body = calendar.for_reader(principal, appointment_id)
    return Response(
        body=body.decode(),
        status_code=200,
        headers={
            "Content-Type": "text/calendar; charset=utf-8",
            "Content-Disposition": f'attachment; filename="docspot-{appointment_id}.ics"',
        },
    )

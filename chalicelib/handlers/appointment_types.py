"""Appointment-type routes (docs/api.md, "Appointment types"): a doctor's visits with their length, price and mode."""

from __future__ import annotations

from chalice.app import Blueprint

from chalicelib.contracts.appointment_types import AppointmentTypeCreate, AppointmentTypeOut, AppointmentTypeUpdate
from chalicelib.contracts.common import Page
from chalicelib.handlers._http import api_route
from chalicelib.services.availability import appointment_types as service
from chalicelib.services.core.authz import Principal
from chalicelib.vocabulary import Role

appointment_types = Blueprint(__name__)


@api_route(
    appointment_types,
    "/doctors/{doctor_id}/appointment-types",
    methods=["GET"],
    authorized=False,
    errors={404: ["DOCTOR_NOT_FOUND"]},
)
def list_offered_types(doctor_id: str) -> Page[AppointmentTypeOut]:
    """An approved doctor's active appointment types (one page holds them all)."""
    return Page[AppointmentTypeOut](items=service.list_offered(doctor_id))


@api_route(appointment_types, "/doctors/me/appointment-types", methods=["GET"], roles=[Role.DOCTOR])
def list_my_types(principal: Principal) -> Page[AppointmentTypeOut]:
    """Your appointment types, deactivated ones too."""
    return Page[AppointmentTypeOut](items=service.list_mine(principal.user_id))


@api_route(
    appointment_types,
    "/doctors/me/appointment-types",
    methods=["POST"],
    roles=[Role.DOCTOR],
    status=201,
    body=AppointmentTypeCreate,
    errors={422: ["TOO_MANY_TYPES", "NOT_YOUR_CLINIC"], 403: ["PLAN_LIMIT"]},
)
def create_my_type(principal: Principal, body: AppointmentTypeCreate) -> AppointmentTypeOut:
    """Adds a visit you offer: its length, its price (a decimal string with an ISO 4217 code) and its mode."""
    return service.create(principal.user_id, body)


@api_route(
    appointment_types,
    "/doctors/me/appointment-types/{appointment_type_id}",
    methods=["PATCH"],
    roles=[Role.DOCTOR],
    body=AppointmentTypeUpdate,
    errors={404: ["APPOINTMENT_TYPE_NOT_FOUND"], 403: ["PLAN_LIMIT"]},
)
def update_my_type(appointment_type_id: str, principal: Principal, body: AppointmentTypeUpdate) -> AppointmentTypeOut:
    """Renames, reprices, changes the length of, deactivates or reactivates one of your types."""
    return service.update(principal.user_id, appointment_type_id, body)


@api_route(
    appointment_types,
    "/doctors/me/appointment-types/{appointment_type_id}/deactivate",
    methods=["POST"],
    roles=[Role.DOCTOR],
    errors={404: ["APPOINTMENT_TYPE_NOT_FOUND"]},
)
def deactivate_my_type(appointment_type_id: str, principal: Principal) -> AppointmentTypeOut:
    """Stops offering a type: it leaves the public list and cannot be published for; booked visits keep it."""
    return service.deactivate(principal.user_id, appointment_type_id)

"""Clinic routes (docs/api.md, "Clinics and search near me"): admins manage clinics, anyone lists them, doctors
(or admins for them) say where they work."""

from __future__ import annotations

from chalice.app import Blueprint

from chalicelib.contracts.clinics import (
    ClinicCreate,
    ClinicListQuery,
    ClinicOut,
    ClinicUpdate,
    DoctorClinics,
    DoctorClinicsOut,
)
from chalicelib.contracts.common import Page
from chalicelib.handlers._http import api_route
from chalicelib.services.catalogue import clinics as service
from chalicelib.services.core.authz import Principal
from chalicelib.vocabulary import Role

clinics = Blueprint(__name__)


@api_route(
    clinics, "/clinics", methods=["GET"], authorized=False, query=ClinicListQuery, errors={400: ["INVALID_CURSOR"]}
)
def list_clinics(query: ClinicListQuery) -> Page[ClinicOut]:
    """Clinics by name, or those of one `city` (case and spacing ignored)."""
    return service.list_clinics(city=query.city, limit=query.limit, cursor=query.cursor)


@api_route(clinics, "/clinics/{clinic_id}", methods=["GET"], authorized=False, errors={404: ["CLINIC_NOT_FOUND"]})
def get_clinic(clinic_id: str) -> ClinicOut:
    """One clinic with its address, coordinates, phone and time zone."""
    return service.one(clinic_id)


@api_route(clinics, "/admin/clinics", methods=["POST"], roles=[Role.ADMIN], status=201, body=ClinicCreate)
def create_clinic(principal: Principal, body: ClinicCreate) -> ClinicOut:
    """Adds a clinic: a postal address (ISO 3166 country), WGS 84 coordinates, an IANA zone, an E.164 phone."""
    return service.create(principal, body)


@api_route(
    clinics,
    "/admin/clinics/{clinic_id}",
    methods=["PATCH"],
    roles=[Role.ADMIN],
    body=ClinicUpdate,
    errors={404: ["CLINIC_NOT_FOUND"]},
)
def update_clinic(clinic_id: str, principal: Principal, body: ClinicUpdate) -> ClinicOut:
    """Renames, moves or re-describes a clinic; its doctors' places follow."""
    return service.update(principal, clinic_id, body)


@api_route(clinics, "/doctors/me/clinics", methods=["GET"], roles=[Role.DOCTOR], approved=False)
def my_clinics(principal: Principal) -> DoctorClinicsOut:
    """The clinics you work at."""
    return service.doctor_clinics(principal.user_id)


@api_route(
    clinics,
    "/doctors/me/clinics",
    methods=["PUT"],
    roles=[Role.DOCTOR],
    approved=False,
    body=DoctorClinics,
    errors={404: ["CLINIC_NOT_FOUND"], 403: ["PLAN_LIMIT"]},
)
def set_my_clinics(principal: Principal, body: DoctorClinics) -> DoctorClinicsOut:
    """Says where you work (at most 10 clinics, and at most your plan's ``max_clinics``): the list replaces the
    previous one."""
    return service.set_doctor_clinics(principal, principal.user_id, body)


@api_route(
    clinics,
    "/admin/doctors/{doctor_id}/clinics",
    methods=["PUT"],
    roles=[Role.ADMIN],
    body=DoctorClinics,
    errors={404: ["CLINIC_NOT_FOUND", "DOCTOR_NOT_FOUND"], 403: ["PLAN_LIMIT"]},
)
def set_doctor_clinics(doctor_id: str, principal: Principal, body: DoctorClinics) -> DoctorClinicsOut:
    """Says where a doctor works, for them."""
    return service.set_doctor_clinics(principal, doctor_id, body)

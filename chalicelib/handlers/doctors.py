from __future__ import annotations

from chalice.app import Blueprint

from chalicelib.contracts.catalogue import (
    AdminDoctorCreate,
    DoctorAdminOut,
    DoctorBySlugOut,
    DoctorDecision,
    DoctorOut,
    DoctorProfileUpdate,
    DoctorWithSlotsOut,
    SlugChange,
    SlugOut,
)
from chalicelib.contracts.common import Page
from chalicelib.handlers._http import api_route, caller, parse_body, query, query_int
from chalicelib.services.catalogue import doctors as service
from chalicelib.services.catalogue import slugs
from chalicelib.services.core.authz import require
from chalicelib.vocabulary import DoctorStatus, Role

doctors = Blueprint(__name__)


@api_route(doctors, "/doctors", methods=["GET"], authorized=False)
def list_doctors() -> Page[DoctorOut] | Page[DoctorWithSlotsOut]:
    request = doctors.current_request
    return service.list_doctors(
        specialty_id=query(request, "specialty_id"),
        q=query(request, "q"),
        limit=query_int(request, "limit"),
        cursor=query(request, "cursor"),
        day=query(request, "date"),
    )


@api_route(doctors, "/doctors/{doctor_id}", methods=["GET"], authorized=False)
def get_doctor(doctor_id: str) -> DoctorOut:
    return service.public_profile(doctor_id)


@api_route(doctors, "/doctors/by-slug/{slug}", methods=["GET"], authorized=False)
def get_doctor_by_slug(slug: str) -> DoctorBySlugOut:
    return service.by_slug(slug)


@api_route(doctors, "/doctors/me/slug", methods=["GET"])
def my_slug() -> SlugOut:
    return slugs.own_slug(require(caller(doctors.current_request), Role.DOCTOR))


@api_route(doctors, "/doctors/me/slug", methods=["PUT"])
def change_my_slug() -> SlugOut:
    doctor = require(caller(doctors.current_request), Role.DOCTOR)
    return slugs.change_slug(doctor, parse_body(doctors.current_request, SlugChange))


@api_route(doctors, "/doctors/me", methods=["GET"])
def my_application() -> DoctorAdminOut:
    doctor = require(caller(doctors.current_request), Role.DOCTOR, approved=False)
    return service.own_application(doctor)


@api_route(doctors, "/doctors/me", methods=["PATCH"])
def update_my_profile() -> DoctorAdminOut:
    doctor = require(caller(doctors.current_request), Role.DOCTOR, approved=False)
    return service.update_own_profile(doctor, parse_body(doctors.current_request, DoctorProfileUpdate))


@api_route(doctors, "/doctors/me/resubmit", methods=["POST"])
def resubmit_my_application() -> DoctorAdminOut:
    doctor = require(caller(doctors.current_request), Role.DOCTOR, approved=False)
    return service.resubmit(doctor)


@api_route(doctors, "/admin/doctors", methods=["POST"], status=201)
def admin_create_doctor() -> DoctorAdminOut:
    admin = require(caller(doctors.current_request), Role.ADMIN)
    return service.admin_create(admin, parse_body(doctors.current_request, AdminDoctorCreate))


@api_route(doctors, "/admin/doctors", methods=["GET"])
def admin_list_doctors() -> Page[DoctorAdminOut]:
    request = doctors.current_request
    require(caller(request), Role.ADMIN)
    return service.admin_list(
        status=query(request, "status") or DoctorStatus.PENDING,
        limit=query_int(request, "limit"),
        cursor=query(request, "cursor"),
    )


@api_route(doctors, "/admin/doctors/{doctor_id}/approve", methods=["POST"])
def approve_doctor(doctor_id: str) -> DoctorAdminOut:
    admin = require(caller(doctors.current_request), Role.ADMIN)
    decision: DoctorDecision = parse_body(doctors.current_request, DoctorDecision)
    return service.decide(admin, doctor_id, approve=True, reason=decision.reason)


@api_route(doctors, "/admin/doctors/{doctor_id}/reject", methods=["POST"])
def reject_doctor(doctor_id: str) -> DoctorAdminOut:
    admin = require(caller(doctors.current_request), Role.ADMIN)
    decision: DoctorDecision = parse_body(doctors.current_request, DoctorDecision)
    return service.decide(admin, doctor_id, approve=False, reason=decision.reason)

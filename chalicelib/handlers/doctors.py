from __future__ import annotations

from chalice.app import Blueprint

from chalicelib.contracts.catalogue import (
    AdminDoctorCreate,
    AdminDoctorListQuery,
    DoctorAdminOut,
    DoctorBySlugOut,
    DoctorDecision,
    DoctorOut,
    DoctorProfileOut,
    DoctorProfileUpdate,
    DoctorSearchQuery,
    DoctorWithSlotsOut,
    SlugChange,
    SlugOut,
)
from chalicelib.contracts.common import Page
from chalicelib.handlers._http import api_route
from chalicelib.services.catalogue import doctors as service
from chalicelib.services.catalogue import slugs
from chalicelib.services.core.authz import Principal
from chalicelib.vocabulary import Role

doctors = Blueprint(__name__)


@api_route(
    doctors, "/doctors", methods=["GET"], authorized=False, query=DoctorSearchQuery, errors={400: ["INVALID_CURSOR"]}
)
def list_doctors(query: DoctorSearchQuery) -> Page[DoctorOut] | Page[DoctorWithSlotsOut]:
    """Approved doctors: by name, or by relevance when `q` is given.

    `city`, `near` (with `radius_km`), `mode` and `language` narrow the list; `sort` orders it by relevance,
    rating, distance or the next free time. `date` keeps those with a free slot that day and adds
    `available_slots`; at most 50 doctors are looked at per page, so follow `next_cursor`."""
    return service.list_doctors(
        specialty_id=query.specialty_id,
        q=query.q,
        limit=query.limit,
        cursor=query.cursor,
        day=query.date.isoformat() if query.date else None,
        narrowing=service.Narrowing(
            city=query.city,
            near=query.near,
            radius_km=query.radius_km,
            mode=query.mode,
            language=query.language,
            sort=query.sort,
        ),
    )


@api_route(doctors, "/doctors/{doctor_id}", methods=["GET"], authorized=False, errors={404: ["DOCTOR_NOT_FOUND"]})
def get_doctor(doctor_id: str) -> DoctorProfileOut:
    """The public profile of an approved doctor, with the clinics they work at."""
    return service.public_profile(doctor_id)


@api_route(doctors, "/doctors/by-slug/{slug}", methods=["GET"], authorized=False, errors={404: ["DOCTOR_NOT_FOUND"]})
def get_doctor_by_slug(slug: str) -> DoctorBySlugOut:
    """The public profile behind a booking-page slug (an old slug answers the doctor's current one, `moved`)."""
    return service.by_slug(slug)


@api_route(doctors, "/doctors/me/slug", methods=["GET"], roles=[Role.DOCTOR])
def my_slug(principal: Principal) -> SlugOut:
    """Your booking page's slug and URL, a suggestion from your name, and from when it may change again."""
    return slugs.own_slug(principal)


@api_route(
    doctors,
    "/doctors/me/slug",
    methods=["PUT"],
    roles=[Role.DOCTOR],
    body=SlugChange,
    errors={409: ["SLUG_TAKEN"], 422: ["SLUG_CHANGE_TOO_SOON"]},
)
def change_my_slug(principal: Principal, body: SlugChange) -> SlugOut:
    """Chooses your booking page's slug (at most once in 30 days; the old one keeps leading to you)."""
    return slugs.change_slug(principal, body)


@api_route(doctors, "/doctors/me", methods=["GET"], roles=[Role.DOCTOR], approved=False)
def my_application(principal: Principal) -> DoctorAdminOut:
    """Your own profile with the application (status, licence, the decision and its reason), in any status."""
    return service.own_application(principal)


@api_route(
    doctors,
    "/doctors/me",
    methods=["PATCH"],
    roles=[Role.DOCTOR],
    approved=False,
    body=DoctorProfileUpdate,
    errors={
        400: ["UNKNOWN_SPECIALTY", "FIELD_NOT_ALLOWED"],
        403: ["DOCTOR_NOT_APPROVED"],
        404: ["DOCTOR_NOT_FOUND"],
        409: ["LICENSE_TAKEN", "INVALID_STATUS_CHANGE"],
    },
)
def update_my_profile(principal: Principal, body: DoctorProfileUpdate) -> DoctorAdminOut:
    """Changes any of your bio, fee, experience, photo and time zone; while the application is PENDING or REJECTED
    also its specialty and licence."""
    return service.update_own_profile(principal, body)


@api_route(
    doctors,
    "/doctors/me/resubmit",
    methods=["POST"],
    roles=[Role.DOCTOR],
    approved=False,
    errors={404: ["DOCTOR_NOT_FOUND"], 409: ["INVALID_STATUS_CHANGE"]},
)
def resubmit_my_application(principal: Principal) -> DoctorAdminOut:
    """Sends a REJECTED application back for review (PENDING again, in the admins' queue)."""
    return service.resubmit(principal)


@api_route(
    doctors,
    "/admin/doctors",
    methods=["POST"],
    roles=[Role.ADMIN],
    status=201,
    body=AdminDoctorCreate,
    errors={400: ["UNKNOWN_SPECIALTY"], 409: ["EMAIL_TAKEN", "LICENSE_TAKEN"]},
)
def admin_create_doctor(principal: Principal, body: AdminDoctorCreate) -> DoctorAdminOut:
    """Creates a doctor account, approved at once."""
    return service.admin_create(principal, body)


@api_route(
    doctors,
    "/admin/doctors",
    methods=["GET"],
    roles=[Role.ADMIN],
    query=AdminDoctorListQuery,
    errors={400: ["INVALID_CURSOR"]},
)
def admin_list_doctors(query: AdminDoctorListQuery) -> Page[DoctorAdminOut]:
    """Doctors in one state (the onboarding queue by default), with e-mail and licence."""
    return service.admin_list(status=query.status, limit=query.limit, cursor=query.cursor)


DECISION_REFUSALS = {404: ["DOCTOR_NOT_FOUND", "USER_NOT_FOUND"], 409: ["INVALID_STATUS_CHANGE", "ACCOUNT_DISABLED"]}


@api_route(
    doctors,
    "/admin/doctors/{doctor_id}/approve",
    methods=["POST"],
    roles=[Role.ADMIN],
    body=DoctorDecision,
    errors=DECISION_REFUSALS,
)
def approve_doctor(doctor_id: str, principal: Principal, body: DoctorDecision) -> DoctorAdminOut:
    """Approves a doctor (from PENDING, REJECTED or SUSPENDED); the doctor is e-mailed."""
    return service.decide(principal, doctor_id, approve=True, reason=body.reason)


@api_route(
    doctors,
    "/admin/doctors/{doctor_id}/reject",
    methods=["POST"],
    roles=[Role.ADMIN],
    body=DoctorDecision,
    errors=DECISION_REFUSALS,
)
def reject_doctor(doctor_id: str, principal: Principal, body: DoctorDecision) -> DoctorAdminOut:
    """Rejects a PENDING doctor; the doctor is e-mailed with the reason."""
    return service.decide(principal, doctor_id, approve=False, reason=body.reason)

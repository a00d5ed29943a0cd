"""Who may call what: every endpoint of "Auth and accounts", "Catalogue", "Medical records" and "Slot publishing"
for every kind of caller.

Each request is built so that it would succeed for a caller who is allowed: the only reason for a refusal is
the principal. One moto account serves the whole module (building a fresh one per case would dominate the
run); every case that changes something works on objects of its own.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest

from chalicelib.adapters.secrets import jwt_secret
from chalicelib.models.appointments import Appointment
from chalicelib.services.accounts import _tokens as tokens
from chalicelib.services.accounts import users
from chalicelib.services.booking import attendance
from chalicelib.services.core.times import iso
from chalicelib.services.publishing import publication
from local.buckets import create_uploads_bucket
from tests.support.accounts import (
    PASSWORD,
    admin_create_doctor,
    create_specialty,
    doctor_registration,
    login,
    register_doctor,
    register_patient,
)
from tests.support.api import Api, Reply, assert_error
from tests.support.booking import make_slot
from tests.support.fakes import FakeClock, RecordingMailer
from tests.support.records import appointment
from tests.support.world import SharedWorld

ANONYMOUS, PATIENT, PENDING, APPROVED, ADMIN = "anonymous", "patient", "pending doctor", "approved doctor", "admin"
PRINCIPALS = (ANONYMOUS, PATIENT, PENDING, APPROVED, ADMIN)
EMAILS = {
    PATIENT: "patient@example.com",
    PENDING: "pending@example.com",
    APPROVED: "approved@example.com",
    ADMIN: "admin@example.com",
}


@dataclass
class World:
    api: Api
    clock: FakeClock
    mailer: RecordingMailer
    specialty_id: str
    approved_id: str
    patient_id: str = ""
    entry_id: str = ""
    access: dict[str, str] = field(default_factory=dict)
    serial: Iterator[int] = field(default_factory=itertools.count)

    def token(self, principal: str) -> str | None:
        return self.access.get(principal)

    def unique(self) -> int:
        return next(self.serial)

    def fresh_refresh_token(self, principal: str) -> str:
        """A refresh token of ``principal`` (of the patient for an anonymous caller) never used before."""
        return str(login(self.api, EMAILS.get(principal, EMAILS[PATIENT]))["refresh_token"])

    def fresh_pending_doctor(self) -> str:
        n = self.unique()
        return str(register_doctor(self.api, self.specialty_id, f"queue{n}@example.com", f"Q-{n}")["user_id"])

    def fresh_reset_token(self) -> str:
        email = f"reset{self.unique()}@example.com"
        register_patient(self.api, email=email)
        assert self.api.post("/auth/password-reset", {"email": email}).status == 202
        [link] = re.findall(r"https?://\S+", self.mailer.to(email, "password-reset")[-1].text)
        return parse_qs(urlparse(str(link)).query)["token"][0]

    def fresh_attendance_token(self) -> str:
        """The link token of an appointment of its own, written straight into the table (booking is tested
        elsewhere): the link is the credential, whoever calls."""
        start = self.clock.now() + timedelta(days=2, minutes=self.unique())
        appointment = Appointment(
            appointment_id=f"attend-{self.unique()}",
            patient_id="someone",
            doctor_id=self.approved_id,
            start=iso(start),
            end=iso(start + timedelta(minutes=30)),
            day=iso(start)[:10],
            status="SCHEDULED",
            created_at=self.clock.now(),
            updated_at=self.clock.now(),
        )
        appointment.save()
        return attendance.issue(appointment)

    def fresh_entry(self) -> str:
        """An allergy of its own in the patient's record (for a removal)."""
        reply = self.api.post("/me/record/allergies", {"substance": "Dust", "severity": "mild"}, self.access[PATIENT])
        return str(reply.body["entry_id"])

    def fresh_feed(self) -> str:
        """A calendar feed of the approved doctor's, made now (another case may have rotated or removed theirs)."""
        url = str(self.api.post("/me/calendar-feed", token=self.access[APPROVED]).body["url"])
        return url.split("/api", 1)[1]

    def fresh_slot(self) -> str:
        """A free slot of the approved doctor's, an hour of its own from two days ahead (for a follow-up)."""
        return make_slot(self.approved_id, self.clock.now() + timedelta(days=2, hours=self.unique()))


@pytest.fixture(scope="module")
def world(shared_world: SharedWorld) -> World:
    api = shared_world.api
    users.create_admin(email=EMAILS[ADMIN], password=PASSWORD, name="Ada Admin")
    admin = login(api, EMAILS[ADMIN])["access_token"]
    specialty_id = create_specialty(api, admin, "Cardiology")["specialty_id"]
    approved_id = admin_create_doctor(api, admin, specialty_id, EMAILS[APPROVED], "LIC-A")["doctor_id"]
    register_doctor(api, specialty_id, EMAILS[PENDING], "LIC-P")
    register_patient(api, email=EMAILS[PATIENT])
    w = World(api, shared_world.clock, shared_world.mailer, specialty_id, approved_id)
    w.access = {p: login(api, EMAILS[p])["access_token"] for p in (PATIENT, PENDING, APPROVED)}
    w.access[ADMIN] = admin
    # The approved doctor cares for the patient (an appointment the day after tomorrow); the record has an entry
    w.patient_id = str(w.api.get("/me", w.access[PATIENT]).body["user_id"])
    appointment(approved_id, w.patient_id, w.clock.now() + timedelta(days=1))
    w.entry_id = w.fresh_entry()
    # The approved doctor's booking page
    assert api.call("PUT", "/doctors/me/slug", {"slug": "approved-doctor"}, w.access[APPROVED]).status == 200
    # The slot publication, written once into the uploads bucket as the schedule writes it
    create_uploads_bucket(["http://127.0.0.1:8000"])
    publication.publish()
    return w


Request = Callable[[World, str], tuple[str, str, Any]]


@dataclass(frozen=True)
class Endpoint:
    name: str
    request: Request
    allowed: frozenset[str]
    success: int


EVERYONE = frozenset(PRINCIPALS)
USERS = frozenset({PATIENT, PENDING, APPROVED, ADMIN})
ADMINS = frozenset({ADMIN})


def _register(w: World, p: str) -> tuple[str, str, Any]:
    body = {"role": "patient", "email": f"new{w.unique()}@example.com", "password": PASSWORD, "name": "New"}
    return "POST", "/auth/register", body


def _admin_doctor(w: World, p: str) -> tuple[str, str, Any]:
    n = w.unique()
    body = doctor_registration(w.specialty_id, email=f"made{n}@example.com", license_number=f"M-{n}")
    body.pop("role")
    return "POST", "/admin/doctors", body


def _fresh_patient(w: World) -> str:
    email = f"governed{w.unique()}@example.com"
    return str(register_patient(w.api, email=email)["user_id"])


ENDPOINTS = [
    Endpoint("GET /health", lambda w, p: ("GET", "/health", None), EVERYONE, 200),
    Endpoint("GET /fhir/{operation}", lambda w, p: ("GET", "/fhir/$bulk-publish", None), EVERYONE, 200),
    Endpoint("GET /fhir/files/{name}", lambda w, p: ("GET", "/fhir/files/locations.ndjson", None), EVERYONE, 200),
    Endpoint("POST /auth/register", _register, EVERYONE, 201),
    Endpoint(
        "POST /auth/login",
        lambda w, p: ("POST", "/auth/login", {"email": EMAILS[PATIENT], "password": PASSWORD}),
        EVERYONE,
        200,
    ),
    Endpoint(
        "POST /auth/refresh",
        lambda w, p: ("POST", "/auth/refresh", {"refresh_token": w.fresh_refresh_token(p)}),
        EVERYONE,
        200,
    ),
    Endpoint(
        "POST /auth/logout",
        lambda w, p: ("POST", "/auth/logout", {"refresh_token": w.fresh_refresh_token(p)}),
        USERS,
        204,
    ),
    Endpoint(
        "POST /auth/password-reset",
        lambda w, p: ("POST", "/auth/password-reset", {"email": EMAILS[PATIENT]}),
        EVERYONE,
        202,
    ),
    Endpoint(
        "POST /auth/password-reset/confirm",
        lambda w, p: (
            "POST",
            "/auth/password-reset/confirm",
            {"token": w.fresh_reset_token(), "password": "another good password"},
        ),
        EVERYONE,
        200,
    ),
    Endpoint("GET /admin/users", lambda w, p: ("GET", "/admin/users?role=patient", None), ADMINS, 200),
    Endpoint(
        "POST /admin/users/{id}/disable",
        lambda w, p: ("POST", f"/admin/users/{_fresh_patient(w)}/disable", None),
        ADMINS,
        200,
    ),
    Endpoint(
        "POST /admin/users/{id}/enable",
        lambda w, p: ("POST", f"/admin/users/{_fresh_patient(w)}/enable", None),
        ADMINS,
        200,
    ),
    Endpoint("GET /me", lambda w, p: ("GET", "/me", None), USERS, 200),
    Endpoint("PATCH /me", lambda w, p: ("PATCH", "/me", {"email_opt_out": True}), USERS, 200),
    Endpoint("GET /specialties", lambda w, p: ("GET", "/specialties", None), EVERYONE, 200),
    Endpoint("GET /admin/specialties", lambda w, p: ("GET", "/admin/specialties", None), ADMINS, 200),
    Endpoint(
        "POST /admin/specialties",
        lambda w, p: ("POST", "/admin/specialties", {"name": f"Specialty {w.unique()}"}),
        ADMINS,
        201,
    ),
    Endpoint(
        "PATCH /admin/specialties/{id}",
        lambda w, p: ("PATCH", f"/admin/specialties/{w.specialty_id}", {"description": f"by {p}"}),
        ADMINS,
        200,
    ),
    Endpoint("GET /doctors", lambda w, p: ("GET", "/doctors", None), EVERYONE, 200),
    Endpoint("GET /doctors?q=", lambda w, p: ("GET", "/doctors?q=cardio&limit=5", None), EVERYONE, 200),
    Endpoint(
        "GET /doctors?specialty_id=",
        lambda w, p: ("GET", f"/doctors?specialty_id={w.specialty_id}", None),
        EVERYONE,
        200,
    ),
    Endpoint("GET /doctors/{id}", lambda w, p: ("GET", f"/doctors/{w.approved_id}", None), EVERYONE, 200),
    Endpoint("GET /doctors/me", lambda w, p: ("GET", "/doctors/me", None), frozenset({PENDING, APPROVED}), 200),
    Endpoint(
        "PATCH /doctors/me",
        lambda w, p: ("PATCH", "/doctors/me", {"bio": f"edited by {p}"}),
        frozenset({PENDING, APPROVED}),
        200,
    ),
    # Any doctor may send their own application again, but only a rejected one is taken (see expected_refusal).
    Endpoint("POST /doctors/me/resubmit", lambda w, p: ("POST", "/doctors/me/resubmit", {}), frozenset(), 200),
    Endpoint("POST /admin/doctors", _admin_doctor, ADMINS, 201),
    Endpoint("GET /admin/doctors", lambda w, p: ("GET", "/admin/doctors?status=PENDING", None), ADMINS, 200),
    Endpoint(
        "POST /admin/doctors/{id}/approve",
        lambda w, p: ("POST", f"/admin/doctors/{w.fresh_pending_doctor()}/approve", {}),
        ADMINS,
        200,
    ),
    Endpoint(
        "POST /admin/doctors/{id}/reject",
        lambda w, p: ("POST", f"/admin/doctors/{w.fresh_pending_doctor()}/reject", {"reason": "incomplete"}),
        ADMINS,
        200,
    ),
    Endpoint(
        "GET /attendance",
        lambda w, p: ("GET", f"/attendance?token={w.fresh_attendance_token()}", None),
        EVERYONE,
        200,
    ),
    Endpoint(
        "POST /attendance",
        lambda w, p: ("POST", "/attendance", {"token": w.fresh_attendance_token()}),
        EVERYONE,
        200,
    ),
]

PATIENTS, APPROVED_DOCTORS = frozenset({PATIENT}), frozenset({APPROVED})
# The medical record (docs/api.md, "Medical records"): the patient's own, a caring doctor's, the doctor's patients.
ENDPOINTS += [
    Endpoint("GET /me/record", lambda w, p: ("GET", "/me/record", None), PATIENTS, 200),
    Endpoint(
        "POST /me/record/{kind}",
        lambda w, p: ("POST", "/me/record/conditions", {"name": "Hay fever"}),
        PATIENTS,
        201,
    ),
    Endpoint(
        "PATCH /me/record/{kind}/{entry_id}",
        lambda w, p: ("PATCH", f"/me/record/allergies/{w.entry_id}", {"reaction": f"by {p}"}),
        PATIENTS,
        200,
    ),
    Endpoint(
        "DELETE /me/record/{kind}/{entry_id}",
        lambda w, p: ("DELETE", f"/me/record/allergies/{w.fresh_entry()}", None),
        PATIENTS,
        204,
    ),
    Endpoint("GET /me/record/access-log", lambda w, p: ("GET", "/me/record/access-log", None), PATIENTS, 200),
    Endpoint("GET /me/record/export", lambda w, p: ("GET", "/me/record/export", None), PATIENTS, 200),
    Endpoint(
        "GET /patients/{patient_id}/record",
        lambda w, p: ("GET", f"/patients/{w.patient_id}/record", None),
        APPROVED_DOCTORS,
        200,
    ),
    Endpoint(
        "POST /patients/{patient_id}/record/{kind}",
        lambda w, p: ("POST", f"/patients/{w.patient_id}/record/medications", {"name": "Ramipril"}),
        APPROVED_DOCTORS,
        201,
    ),
    Endpoint(
        "PATCH /patients/{patient_id}/record/{kind}/{entry_id}",
        lambda w, p: ("PATCH", f"/patients/{w.patient_id}/record/allergies/{w.entry_id}", {"noted_on": "2020-01-01"}),
        APPROVED_DOCTORS,
        200,
    ),
    Endpoint(
        "GET /doctors/me/patients", lambda w, p: ("GET", "/doctors/me/patients?q=pat", None), APPROVED_DOCTORS, 200
    ),
    Endpoint(
        "GET /doctors/me/patients/{patient_id}",
        lambda w, p: ("GET", f"/doctors/me/patients/{w.patient_id}", None),
        APPROVED_DOCTORS,
        200,
    ),
    Endpoint(
        "POST /doctors/me/patients/{patient_id}/appointments",
        lambda w, p: ("POST", f"/doctors/me/patients/{w.patient_id}/appointments", {"slot_id": w.fresh_slot()}),
        APPROVED_DOCTORS,
        201,
    ),
]
PATIENTS_AND_DOCTORS = frozenset({PATIENT, APPROVED})
ENDPOINTS += [
    Endpoint("GET /me/calendar-feed", lambda w, p: ("GET", "/me/calendar-feed", None), PATIENTS_AND_DOCTORS, 200),
    Endpoint("POST /me/calendar-feed", lambda w, p: ("POST", "/me/calendar-feed", None), PATIENTS_AND_DOCTORS, 201),
    Endpoint("DELETE /me/calendar-feed", lambda w, p: ("DELETE", "/me/calendar-feed", None), PATIENTS_AND_DOCTORS, 204),
    Endpoint("GET /calendar/{feed}", lambda w, p: ("GET", w.fresh_feed(), None), EVERYONE, 200),
    Endpoint(
        "GET /doctors/by-slug/{slug}", lambda w, p: ("GET", "/doctors/by-slug/approved-doctor", None), EVERYONE, 200
    ),
    Endpoint("GET /doctors/me/slug", lambda w, p: ("GET", "/doctors/me/slug", None), APPROVED_DOCTORS, 200),
    Endpoint(
        "PUT /doctors/me/slug",
        lambda w, p: ("PUT", "/doctors/me/slug", {"slug": "approved-doctor"}),
        APPROVED_DOCTORS,
        200,
    ),
]
# Doctor-only routes answer a doctor who is not approved (yet) with DOCTOR_NOT_APPROVED rather than the role refusal;
# so do the routes patients and approved doctors share.
DOCTOR_ONLY = {"PATCH /doctors/me"} | {
    e.name for e in ENDPOINTS if e.allowed in (APPROVED_DOCTORS, PATIENTS_AND_DOCTORS)
}

ADMIN_ONLY = {e.name for e in ENDPOINTS if e.allowed == ADMINS}


def expected_refusal(endpoint: Endpoint, principal: str) -> tuple[int, str]:
    if principal == ANONYMOUS:
        return 401, "UNAUTHORIZED"
    if endpoint.name in DOCTOR_ONLY and principal == PENDING:
        return 403, "DOCTOR_NOT_APPROVED"
    if endpoint.name == "POST /doctors/me/resubmit" and principal in (PENDING, APPROVED):
        return 409, "INVALID_STATUS_CHANGE"
    return 403, "FORBIDDEN_ROLE"


def call(w: World, endpoint: Endpoint, principal: str, token: str | None = None) -> Reply:
    method, path, body = endpoint.request(w, principal)
    return w.api.call(method, path, body=body, token=token or w.token(principal))


@pytest.mark.parametrize("principal", PRINCIPALS)
@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: e.name)
def test_each_principal_gets_the_expected_answer(world: World, endpoint: Endpoint, principal: str) -> None:
    # When
    reply = call(world, endpoint, principal)

    # Then
    if principal in endpoint.allowed:
        assert reply.status == endpoint.success, (reply.status, reply.body)
        if endpoint.success != 204:
            # JSON, or the publication's NDJSON (text)
            assert isinstance(reply.body, dict | str) and reply.body and reply.error_code is None
    else:
        status, code = expected_refusal(endpoint, principal)
        assert_error(reply, status, code)


def test_the_matrix_covers_every_catalogue_and_account_route(world: World) -> None:
    """A route added to the app without a row here fails this test."""
    from app import app

    covered = {re.sub(r"{[^}]+}", "{id}", e.name.split("?")[0]) for e in ENDPOINTS}
    routes = {
        f"{method} {re.sub(r'{[^}]+}', '{id}', path)}"
        for path, entries in app.routes.items()
        for method in entries
        if not path.startswith(("/slots", "/appointments", "/notifications"))
        and not re.search(r"/slots|/availability-rules|/waitlist", path)
    }
    assert routes <= covered, routes - covered


def protected(endpoint: Endpoint) -> bool:
    return ANONYMOUS not in endpoint.allowed


PROTECTED = [e for e in ENDPOINTS if protected(e)]


def expired_token(w: World, principal: str) -> str:
    """A genuine access token of ``principal`` that expired a second ago by the clock."""
    me = w.api.get("/me", w.token(principal)).body
    issued = w.clock.now() - timedelta(seconds=900 + 1)
    token, _ = tokens.issue(
        key=jwt_secret(), sub=me["user_id"], role=me["role"], typ=tokens.ACCESS, now=issued, lifetime_seconds=900
    )
    return token


@pytest.mark.parametrize("endpoint", PROTECTED, ids=lambda e: e.name)
def test_an_expired_access_token_is_unauthorized(world: World, endpoint: Endpoint) -> None:
    principal = ADMIN if endpoint.name in ADMIN_ONLY else APPROVED

    reply = call(world, endpoint, principal, token=expired_token(world, principal))

    assert_error(reply, 401, "UNAUTHORIZED")


def test_a_token_a_second_from_expiry_still_works(world: World) -> None:
    me = world.api.get("/me", world.token(PATIENT)).body
    token, _ = tokens.issue(
        key=jwt_secret(),
        sub=me["user_id"],
        role="patient",
        typ=tokens.ACCESS,
        now=world.clock.now() - timedelta(seconds=899),
        lifetime_seconds=900,
    )

    assert world.api.get("/me", token).status == 200


def _forged(w: World) -> str:
    token, _ = tokens.issue(
        key="not-the-server-key-but-32-bytes-long!",
        sub="someone",
        role="admin",
        typ=tokens.ACCESS,
        now=w.clock.now(),
        lifetime_seconds=900,
    )
    return token


BAD_AUTHORIZATION: dict[str, Callable[[World], str]] = {
    "garbage bearer": lambda w: "Bearer not-a-token",
    "empty bearer": lambda w: "Bearer ",
    "bearer only": lambda w: "Bearer",
    "no scheme": lambda w: w.access[ADMIN],
    "basic scheme": lambda w: "Basic YWRtaW5AZXhhbXBsZS5jb206Y29ycmVjdCBob3JzZSBiYXR0ZXJ5",
    "token scheme": lambda w: f"Token {w.access[ADMIN]}",
    "signed with another key": lambda w: f"Bearer {_forged(w)}",
    "refresh token": lambda w: f"Bearer {w.fresh_refresh_token(ADMIN)}",
    "truncated signature": lambda w: f"Bearer {w.access[ADMIN][:-4]}",
}


@pytest.mark.parametrize("bad", list(BAD_AUTHORIZATION))
def test_a_bad_authorization_header_is_unauthorized(world: World, bad: str) -> None:
    reply = world.api.get("/me", headers={"Authorization": BAD_AUTHORIZATION[bad](world)})

    assert_error(reply, 401, "UNAUTHORIZED")


@pytest.mark.parametrize("bad", ["garbage bearer", "no scheme", "refresh token"])
@pytest.mark.parametrize("endpoint", PROTECTED, ids=lambda e: e.name)
def test_every_protected_route_refuses_a_bad_authorization_header(world: World, endpoint: Endpoint, bad: str) -> None:
    method, path, body = endpoint.request(world, ADMIN if endpoint.name in ADMIN_ONLY else APPROVED)

    reply = world.api.call(method, path, body=body, headers={"Authorization": BAD_AUTHORIZATION[bad](world)})

    assert_error(reply, 401, "UNAUTHORIZED")


def test_the_bearer_scheme_is_case_insensitive(world: World) -> None:
    reply = world.api.get("/me", headers={"Authorization": f"bearer {world.access[PATIENT]}"})

    assert reply.status == 200


def test_a_token_on_a_public_route_changes_nothing(world: World) -> None:
    assert world.api.get("/doctors", headers={"Authorization": "Bearer garbage"}).status == 200


def test_an_unknown_route_gets_the_error_shape(world: World) -> None:
    assert_error(world.api.get("/no/such/route"), 404)
    assert_error(world.api.get("/no/such/route", world.access[ADMIN]), 404)


def test_a_method_the_route_does_not_have_gets_the_error_shape(world: World) -> None:
    reply = world.api.call("DELETE", "/specialties")

    assert 400 <= reply.status < 500
    assert_error(reply, reply.status)

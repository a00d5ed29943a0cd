"""Who may call what: every operation of the OpenAPI document, for every kind of caller, against the table in
``authorization_table.py``.

Each request is built so that it would succeed for a caller who is allowed (``RECIPES``): the only reason for a
refusal is who calls. One moto account serves the whole module (building a fresh one per case would dominate the
run); every case that changes something works on objects of its own (``World``'s fresh slots, appointments,
files, accounts).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qs, urlparse

import boto3
import pytest

from chalicelib.adapters.registry import use_adapters
from chalicelib.adapters.secrets import jwt_secret
from chalicelib.adapters.storage import S3Storage
from chalicelib.config import get_settings
from chalicelib.models.appointments import Appointment
from chalicelib.models.plans import Invoice
from chalicelib.services.accounts import _tokens as tokens
from chalicelib.services.accounts import users
from chalicelib.services.booking import attendance
from chalicelib.services.core.authz import Principal
from chalicelib.services.core.times import iso
from chalicelib.services.messaging import conversations
from chalicelib.services.notifications import feed
from chalicelib.services.publishing import publication
from chalicelib.services.urgent import duty
from chalicelib.services.urgent import requests as urgent
from chalicelib.vocabulary import NotificationType, Role
from local.buckets import create_uploads_bucket
from tests.integration.authorization_table import CALLERS, TABLE, expected
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
from tests.support.contract import document
from tests.support.fakes import FakeClock, RecordingMailer, RecordingSms
from tests.support.reviews import visit
from tests.support.world import SharedWorld

EMAILS = {
    "patient": "patient@example.com",
    "other patient": "other-patient@example.com",
    "doctor": "doctor@example.com",
    "other doctor": "other-doctor@example.com",
    "pending": "pending@example.com",
    "admin": "admin@example.com",
    "disabled": "disabled@example.com",
}
PDF = b"%PDF-1.7\n" + b"results " * 20 + b"\n%%EOF\n"


@dataclass(frozen=True)
class Call:
    method: str
    path: str
    body: Any = None
    accept: str | None = None  # a binary answer (a PDF) comes only to a request that accepts it


@dataclass
class World:
    api: Api
    clock: FakeClock
    mailer: RecordingMailer
    s3: Any
    specialty_id: str = ""
    ids: dict[str, str] = field(default_factory=dict)
    access: dict[str, str] = field(default_factory=dict)
    refresh_tokens: dict[str, str] = field(default_factory=dict)
    appointment_id: str = ""
    ticket_id: str = ""
    sms: RecordingSms = field(default_factory=RecordingSms)
    file_id: str = ""
    notification_id: str = ""
    serial: Iterator[int] = field(default_factory=itertools.count)

    def unique(self) -> int:
        return next(self.serial)

    def bearer(self, caller: str) -> dict[str, str]:
        token = self.access.get(caller)
        return {"Authorization": f"Bearer {token}"} if token else {}

    def account(self, caller: str) -> str:
        """The account a caller's request acts for: the patient's for the callers without a valid token."""
        return caller if caller in EMAILS else "patient"

    # Fresh objects ------------------------------------------------------------------------------------------------

    def slot(self, doctor: str = "doctor") -> str:
        """A free 30-minute slot of ``doctor`` two days on, at a time no other slot of the module uses."""
        start = self.clock.now() + timedelta(days=2, minutes=30 * self.unique())
        return make_slot(self.ids[doctor], start)

    def appointment(self) -> str:
        """A new appointment of the patient with the doctor."""
        reply = self.api.post("/appointments", {"slot_id": self.slot()}, self.access["patient"])
        assert reply.status == 201, reply.body
        return str(reply.body["appointment_id"])

    def upload(self, appointment_id: str, *, stored: bool) -> str:
        """A file of the patient on ``appointment_id``: announced, and with its bytes in storage if ``stored``."""
        started = self.api.post(
            f"/appointments/{appointment_id}/files",
            {"filename": "results.pdf", "content_type": "application/pdf", "size": len(PDF)},
            self.access["patient"],
        )
        assert started.status == 201, started.body
        if stored:
            fields = started.body["upload"]["fields"]
            self.s3.put_object(
                Bucket=get_settings().uploads_bucket, Key=fields["key"], Body=PDF, ContentType="application/pdf"
            )
        return str(started.body["file_id"])

    def refresh_token(self, caller: str) -> str:
        """A refresh token never used before: the caller's own, or one kept from before an account was disabled."""
        account = self.account(caller)
        if account == "disabled":
            return self.refresh_tokens["disabled"]
        return str(login(self.api, EMAILS[account])["refresh_token"])

    def pending_doctor(self) -> str:
        n = self.unique()
        return str(register_doctor(self.api, self.specialty_id, f"queue{n}@example.com", f"Q-{n}")["user_id"])

    def patient(self) -> str:
        return str(register_patient(self.api, email=f"governed{self.unique()}@example.com")["user_id"])

    def reset_token(self) -> str:
        email = f"reset{self.unique()}@example.com"
        register_patient(self.api, email=email)
        assert self.api.post("/auth/password-reset", {"email": email}).status == 202
        [link] = re.findall(r"https?://\S+", self.mailer.to(email, "password-reset")[-1].text)
        return parse_qs(urlparse(str(link)).query)["token"][0]

    def attendance_token(self) -> str:
        """The link token of an appointment of its own, written straight into the table: the link is the
        credential, whoever calls."""
        start = self.clock.now() + timedelta(days=3, minutes=self.unique())
        appointment = Appointment(
            appointment_id=f"attend-{self.unique()}",
            patient_id=self.ids["patient"],
            doctor_id=self.ids["doctor"],
            start=iso(start),
            end=iso(start + timedelta(minutes=30)),
            day=iso(start)[:10],
            status="SCHEDULED",
            created_at=self.clock.now(),
            updated_at=self.clock.now(),
        )
        appointment.save()
        return attendance.issue(appointment)

    def ticket(self) -> str:
        """A new support ticket of the patient's."""
        body = {"subject": f"Help {self.unique()}", "body": "Please", "category": "other"}
        reply = self.api.post("/support/tickets", body, self.access["patient"])
        assert reply.status == 201, reply.body
        return str(reply.body["ticket_id"])

    def visit(self) -> str:
        """A completed visit of the patient with the doctor, a day ago, not yet reviewed."""
        return visit(
            self.ids["patient"], self.ids["doctor"], self.clock.now() - timedelta(days=1, minutes=self.unique())
        )

    def review(self) -> str:
        """A new review of the doctor by the patient."""
        reply = self.api.post(f"/appointments/{self.visit()}/review", {"rating": 4}, self.access["patient"])
        assert reply.status == 201, reply.body
        return str(reply.body["review_id"])

    def hidden_review(self) -> str:
        review_id = self.review()
        assert self.api.post(f"/admin/reviews/{review_id}/hide", {"reason": "test"}, self.access["admin"]).status == 200
        return review_id

    def login_code(self) -> str:
        """A sign-in code just mailed to the patient."""
        assert self.api.post("/auth/code", {"email": EMAILS["patient"]}).status == 202
        [code] = re.findall(r"\b[0-9]{6}\b", self.mailer.to(EMAILS["patient"], "login-code")[-1].text)
        return str(code)

    def clinic(self) -> str:
        """A clinic, made once (the recipes only read it, rename it or work at it)."""
        if "clinic" not in self.ids:
            body = {
                "name": "Praxis Mitte",
                "address": {"line1": "Rosenthaler Str. 40", "postal_code": "10178", "city": "Berlin", "country": "DE"},
                "lat": 52.5246,
                "lon": 13.4021,
                "timezone": "Europe/Berlin",
            }
            reply = self.api.post("/admin/clinics", body, self.access["admin"])
            assert reply.status == 201, reply.body
            self.ids["clinic"] = str(reply.body["clinic_id"])
        return self.ids["clinic"]

    def finished_appointment(self) -> str:
        """A new appointment of the patient with the doctor, recorded as a no-show."""
        appointment_id = self.appointment()
        Appointment(appointment_id=appointment_id).update(actions=[Appointment.status.set("NO_SHOW")])
        return appointment_id

    def dispute(self) -> str:
        """A new open dispute of the patient's over a finished appointment."""
        reply = self.api.post(
            f"/appointments/{self.finished_appointment()}/disputes",
            {"kind": "fee", "reason": "charged twice"},
            self.access["patient"],
        )
        assert reply.status == 201, reply.body
        return str(reply.body["dispute_id"])

    def invoice(self) -> str:
        """A new open invoice of ``doctor``'s (as a renewal writes it)."""
        n = self.unique()
        now = self.clock.now()
        item = Invoice(
            invoice_id=f"{self.ids['doctor']}.m{n}",
            doctor_id=self.ids["doctor"],
            number=f"2026-9{n:05d}",
            plan_code="pro",
            plan_name="Pro",
            amount="29.00",
            currency="EUR",
            period_start=now.isoformat(),
            period_end=(now + timedelta(days=30)).isoformat(),
            issued_at=now.isoformat(),
            due_at=(now + timedelta(days=14)).isoformat(),
            status="open",
            unpaid="open",
        )
        item.save()
        return item.invoice_id

    def appointment_type(self) -> str:
        """An appointment type of ``doctor``'s, made once (renaming and deactivating it again change nothing)."""
        if "appointment type" not in self.ids:
            body = {"name": "Visit", "duration_minutes": 30, "price": {"amount": "50.00", "currency": "EUR"}}
            reply = self.api.post("/doctors/me/appointment-types", {**body, "mode": "video"}, self.access["doctor"])
            assert reply.status == 201, reply.body
            self.ids["appointment type"] = str(reply.body["appointment_type_id"])
        return self.ids["appointment type"]

    def rule(self) -> str:
        reply = self.api.post("/doctors/me/availability-rules", self.rule_body(), self.access["doctor"])
        assert reply.status == 201, reply.body
        return str(reply.body["rule"]["rule_id"])

    def rule_body(self) -> dict[str, Any]:
        day = (self.clock.now() + timedelta(days=40 + self.unique())).date()
        return {
            "weekdays": [day.isoweekday()],
            "start_time": "05:00",
            "end_time": "05:30",
            "duration_minutes": 30,
            "valid_from": day.isoformat(),
            "valid_until": day.isoformat(),
        }


def _expired_token(w: World) -> str:
    """The patient's genuine access token, expired a second ago by the clock."""
    issued = w.clock.now() - timedelta(seconds=900 + 1)
    token, _ = tokens.issue(
        key=jwt_secret(), sub=w.ids["patient"], role="patient", typ=tokens.ACCESS, now=issued, lifetime_seconds=900
    )
    return token


@pytest.fixture(scope="module")
def world(shared_world: SharedWorld) -> World:
    api = shared_world.api
    create_uploads_bucket(["http://127.0.0.1:8000"])
    settings = get_settings()
    use_adapters(storage=S3Storage(settings.uploads_bucket, settings.region))
    w = World(api, shared_world.clock, shared_world.mailer, boto3.client("s3", region_name=settings.region))
    w.ids["admin"] = users.create_admin(email=EMAILS["admin"], password=PASSWORD, name="Ada Admin").user_id
    use_adapters(sms=w.sms)
    admin = login(api, EMAILS["admin"])["access_token"]
    w.specialty_id = create_specialty(api, admin, "Cardiology")["specialty_id"]
    for n, caller in enumerate(("doctor", "other doctor", "third doctor")):
        email = EMAILS.get(caller, "third-doctor@example.com")
        w.ids[caller] = admin_create_doctor(api, admin, w.specialty_id, email, f"LIC-{n}")["doctor_id"]
    w.ids["pending"] = register_doctor(api, w.specialty_id, EMAILS["pending"], "LIC-P")["user_id"]
    for caller in ("patient", "other patient", "disabled"):
        w.ids[caller] = register_patient(api, email=EMAILS[caller])["user_id"]
    w.access = {c: login(api, EMAILS[c])["access_token"] for c in EMAILS if c != "admin"}
    w.access["admin"] = admin
    w.refresh_tokens["disabled"] = login(api, EMAILS["disabled"])["refresh_token"]
    assert api.post(f"/admin/users/{w.ids['disabled']}/disable", token=admin).status == 200
    w.access["expired"] = _expired_token(w)
    w.access["refresh"] = login(api, EMAILS["patient"])["refresh_token"]

    w.appointment_id = w.appointment()
    w.file_id = w.upload(w.appointment_id, stored=True)
    w.ticket_id = w.ticket()
    completed = api.post(f"/appointments/{w.appointment_id}/files/{w.file_id}/complete", token=w.access["patient"])
    assert completed.status == 200, completed.body
    notice = feed.record(w.ids["patient"], NotificationType.APPOINTMENT_CONFIRMED, "Confirmed")
    w.notification_id = feed.notification_id(notice.created)
    assert api.post(f"/doctors/{w.ids['doctor']}/waitlist", {}, w.access["patient"]).status == 201
    # The doctor's booking page, and the slot publication written once, as the schedule writes it
    assert api.call("PUT", "/doctors/me/slug", {"slug": "the-doctor"}, w.access["doctor"]).status == 200
    publication.publish()
    return w


def _register(w: World, caller: str) -> Call:
    body = {"role": "patient", "email": f"new{w.unique()}@example.com", "password": PASSWORD, "name": "New"}
    return Call("POST", "/auth/register", body)


def _admin_doctor(w: World, caller: str) -> Call:
    n = w.unique()
    body = doctor_registration(w.specialty_id, email=f"made{n}@example.com", license_number=f"M-{n}")
    body.pop("role")
    return Call("POST", "/admin/doctors", body)


def _run(w: World, caller: str) -> dict[str, Any]:
    day = (w.clock.now() + timedelta(days=10)).date().isoformat()
    return {"date": day, "start_time": "06:00", "end_time": "07:00", "duration_minutes": 30}


def _release(w: World, caller: str) -> Call:
    slot_id = w.slot()
    if caller in ("patient", "other patient"):
        assert w.api.post(f"/slots/{slot_id}/lock", token=w.access[caller]).status == 200
    return Call("DELETE", f"/slots/{slot_id}/lock")


def _leave(w: World, caller: str) -> Call:
    path = f"/doctors/{w.ids['third doctor']}/waitlist"
    if caller in ("patient", "other patient"):
        assert w.api.post(path, {}, w.access[caller]).status == 201
    return Call("DELETE", path)


def _complete(w: World, caller: str) -> Call:
    appointment_id = w.appointment()
    file_id = w.upload(appointment_id, stored=True)
    return Call("POST", f"/appointments/{appointment_id}/files/{file_id}/complete")


def _entry_of(w: World, caller: str) -> str:
    """An allergy of its own in the record a caller's ``/me/record`` names: a patient's own, else the patient's."""
    owner = caller if caller in ("patient", "other patient") else "patient"
    reply = w.api.post("/me/record/allergies", {"substance": f"Dust {w.unique()}", "severity": "mild"}, w.access[owner])
    assert reply.status == 201, reply.body
    return str(reply.body["entry_id"])


def _follow_up(w: World, caller: str) -> Call:
    """One of the calling doctor's own free slots, booked for the patient."""
    doctor = caller if caller in ("doctor", "other doctor") else "doctor"
    return Call("POST", f"/doctors/me/patients/{w.ids['patient']}/appointments", {"slot_id": w.slot(doctor)})


def _feed(w: World, caller: str) -> Call:
    """A calendar feed of the doctor's, made now (another case may have rotated or removed it)."""
    url = str(w.api.post("/me/calendar-feed", token=w.access["doctor"]).body["url"])
    return Call("GET", url.split("/api", 1)[1])


def _slug_change(w: World, caller: str) -> Call:
    """The calling doctor's own slug: the doctor's again (changes nothing), another doctor's a first choice."""
    return Call("PUT", "/doctors/me/slug", {"slug": "the-doctor" if caller == "doctor" else f"dr-{w.unique()}"})


def _delete_file(w: World, caller: str) -> Call:
    appointment_id = w.appointment()
    return Call("DELETE", f"/appointments/{appointment_id}/files/{w.upload(appointment_id, stored=False)}")


def _confirm_phone(w: World, caller: str) -> Call:
    """A code of the caller's own, just sent (a patient's); any code for callers refused before it is read."""
    code = "123456"
    if caller in ("patient", "other patient"):
        assert w.api.call("PUT", "/me/phone", {"phone": "+4915123456789"}, w.access[caller]).status == 202
        [code] = re.findall(r"\b\d{6}\b", w.sms.sent[-1][1])
    return Call("POST", "/me/phone/confirm", {"code": code})


def _conversation(w: World) -> str:
    """The patient's conversation with the doctor (their appointment is the care relationship), opened once."""
    return conversations.open_between(w.ids["doctor"], w.ids["patient"])[0]


def _doctor_of(caller: str) -> str:
    return caller if caller in ("doctor", "other doctor") else "doctor"


def _on_duty(w: World, caller: str) -> Principal:
    doctor = Principal(w.ids[_doctor_of(caller)], Role.DOCTOR)
    duty.set_duty(doctor, True, None)
    return doctor


def _urgent(w: World, *, claimed: bool = False) -> str:
    """A new urgent request of the patient's; claimed by the doctor if asked."""
    reply = w.api.post("/urgent-requests", {"symptoms": "a sudden rash"}, w.access["patient"])
    assert reply.status == 201, reply.body
    request_id = str(reply.body["request_id"])
    if claimed:
        urgent.claim(_on_duty(w, "doctor"), request_id)
    return request_id


def _read_mark(w: World, caller: str) -> Call:
    conversation = _conversation(w)
    said = w.api.post(f"/conversations/{conversation}/messages", {"body": "hello"}, w.access["doctor"])
    assert said.status == 201, said.body
    return Call("POST", f"/conversations/{conversation}/read", {"message_id": said.body["message_id"]})


def _claim(w: World, caller: str) -> Call:
    if caller in ("doctor", "other doctor"):
        _on_duty(w, caller)
    return Call("POST", f"/urgent-requests/{_urgent(w)}/claim")


def _queue(w: World, caller: str) -> Call:
    if caller in ("doctor", "other doctor"):
        _on_duty(w, caller)
    return Call("GET", "/urgent-requests?status=WAITING")


def _open_conversation(w: World, caller: str) -> Call:
    """The patient and the doctor's conversation, which exists (200). Another patient asks for one with the third
    doctor, whom no case books (other cases may book the doctor for them)."""
    _conversation(w)
    if caller in ("doctor", "other doctor"):
        return Call("POST", "/conversations", {"patient_id": w.ids["patient"]})
    doctor = "third doctor" if caller == "other patient" else "doctor"
    return Call("POST", "/conversations", {"doctor_id": w.ids[doctor]})


Recipe = Callable[[World, str], Call]
A = "/appointments/{}"

PLAN = {
    "name": "Plus",
    "price": {"amount": "19.00", "currency": "EUR"},
    "interval": "month",
    "entitlements": {
        "max_appointment_types": 5,
        "max_clinics": 2,
        "video_visits": True,
        "analytics": False,
        "max_weekly_rules": 20,
    },
}

RECIPES: dict[str, Recipe] = {
    "GET /health": lambda w, c: Call("GET", "/health"),
    "GET /openapi.json": lambda w, c: Call("GET", "/openapi.json"),
    "GET /asyncapi.json": lambda w, c: Call("GET", "/asyncapi.json"),
    "POST /auth/register": _register,
    "POST /auth/login": lambda w, c: Call("POST", "/auth/login", {"email": EMAILS["patient"], "password": PASSWORD}),
    "POST /auth/refresh": lambda w, c: Call("POST", "/auth/refresh", {"refresh_token": w.refresh_token("patient")}),
    "POST /auth/logout": lambda w, c: Call("POST", "/auth/logout", {"refresh_token": w.refresh_token(c)}),
    "POST /auth/password-reset": lambda w, c: Call("POST", "/auth/password-reset", {"email": EMAILS["patient"]}),
    "POST /auth/password-reset/confirm": lambda w, c: Call(
        "POST", "/auth/password-reset/confirm", {"token": w.reset_token(), "password": "another good password"}
    ),
    "GET /me": lambda w, c: Call("GET", "/me"),
    "PATCH /me": lambda w, c: Call("PATCH", "/me", {"email_opt_out": False}),
    "GET /admin/users": lambda w, c: Call("GET", "/admin/users?role=patient"),
    "POST /admin/users/{user_id}/disable": lambda w, c: Call("POST", f"/admin/users/{w.patient()}/disable"),
    "POST /admin/users/{user_id}/enable": lambda w, c: Call("POST", f"/admin/users/{w.patient()}/enable"),
    "GET /admin/analytics": lambda w, c: Call("GET", "/admin/analytics?group_by=week"),
    "GET /admin/analytics.csv": lambda w, c: Call("GET", "/admin/analytics.csv"),
    "GET /admin/appointments.csv": lambda w, c: Call("GET", "/admin/appointments.csv"),
    "GET /doctors/me/analytics": lambda w, c: Call("GET", "/doctors/me/analytics"),
    "GET /admin/audit": lambda w, c: Call("GET", "/admin/audit"),
    "GET /specialties": lambda w, c: Call("GET", "/specialties"),
    "GET /admin/specialties": lambda w, c: Call("GET", "/admin/specialties"),
    "POST /admin/specialties": lambda w, c: Call("POST", "/admin/specialties", {"name": f"Specialty {w.unique()}"}),
    "PATCH /admin/specialties/{specialty_id}": lambda w, c: Call(
        "PATCH", f"/admin/specialties/{w.specialty_id}", {"description": f"by {c}"}
    ),
    "GET /doctors": lambda w, c: Call("GET", "/doctors?q=cardio&limit=5"),
    "GET /doctors/{doctor_id}": lambda w, c: Call("GET", f"/doctors/{w.ids['doctor']}"),
    "GET /doctors/me": lambda w, c: Call("GET", "/doctors/me"),
    "PATCH /doctors/me": lambda w, c: Call("PATCH", "/doctors/me", {"bio": f"edited by {c}"}),
    "POST /doctors/me/resubmit": lambda w, c: Call("POST", "/doctors/me/resubmit"),
    "POST /admin/doctors": _admin_doctor,
    "GET /admin/doctors": lambda w, c: Call("GET", "/admin/doctors?status=PENDING"),
    "POST /admin/doctors/{doctor_id}/approve": lambda w, c: Call(
        "POST", f"/admin/doctors/{w.pending_doctor()}/approve", {}
    ),
    "POST /admin/doctors/{doctor_id}/reject": lambda w, c: Call(
        "POST", f"/admin/doctors/{w.pending_doctor()}/reject", {"reason": "incomplete"}
    ),
    "GET /doctors/{doctor_id}/slots": lambda w, c: Call("GET", f"/doctors/{w.ids['doctor']}/slots"),
    "POST /doctors/me/slots": lambda w, c: Call("POST", "/doctors/me/slots", _run(w, c)),
    "POST /admin/doctors/{doctor_id}/slots": lambda w, c: Call(
        "POST", f"/admin/doctors/{w.ids['doctor']}/slots", _run(w, c)
    ),
    "PATCH /doctors/me/slots/{slot_id}": lambda w, c: Call(
        "PATCH", f"/doctors/me/slots/{w.slot()}", {"available": False}
    ),
    "DELETE /doctors/me/slots/{slot_id}": lambda w, c: Call("DELETE", f"/doctors/me/slots/{w.slot()}"),
    "POST /doctors/me/availability-rules": lambda w, c: Call("POST", "/doctors/me/availability-rules", w.rule_body()),
    "GET /admin/settings": lambda w, c: Call("GET", "/admin/settings"),
    "PATCH /admin/settings": lambda w, c: Call("PATCH", "/admin/settings", {"emergency_number": "112"}),
    "POST /appointments/{appointment_id}/disputes": lambda w, c: Call(
        "POST", f"/appointments/{w.finished_appointment()}/disputes", {"kind": "fee", "reason": "charged twice"}
    ),
    "GET /admin/disputes": lambda w, c: Call("GET", "/admin/disputes"),
    "POST /admin/disputes/{dispute_id}/resolve": lambda w, c: Call(
        "POST", f"/admin/disputes/{w.dispute()}/resolve", {"outcome": "Refunded."}
    ),
    "GET /admin/patients": lambda w, c: Call("GET", "/admin/patients?q=pat"),
    "GET /admin/patients/{patient_id}": lambda w, c: Call("GET", f"/admin/patients/{w.ids['patient']}"),
    "GET /plans": lambda w, c: Call("GET", "/plans"),
    "GET /admin/plans": lambda w, c: Call("GET", "/admin/plans"),
    "POST /admin/plans": lambda w, c: Call("POST", "/admin/plans", {**PLAN, "code": f"plan{w.unique()}"}),
    "PATCH /admin/plans/{code}": lambda w, c: Call("PATCH", "/admin/plans/free", {"name": "Free"}),
    "GET /doctors/me/subscription": lambda w, c: Call("GET", "/doctors/me/subscription"),
    "POST /doctors/me/subscription": lambda w, c: Call("POST", "/doctors/me/subscription", {"plan_code": "free"}),
    "GET /doctors/me/invoices": lambda w, c: Call("GET", "/doctors/me/invoices"),
    "GET /doctors/me/invoices/{invoice_id}": lambda w, c: Call("GET", f"/doctors/me/invoices/{w.invoice()}"),
    "GET /doctors/me/invoices/{invoice_id}/invoice.pdf": lambda w, c: Call(
        "GET", f"/doctors/me/invoices/{w.invoice()}/invoice.pdf", accept="application/pdf"
    ),
    "GET /admin/invoices": lambda w, c: Call("GET", "/admin/invoices"),
    "POST /admin/invoices/{invoice_id}/mark-paid": lambda w, c: Call(
        "POST", f"/admin/invoices/{w.invoice()}/mark-paid"
    ),
    "GET /doctors/me/availability-rules": lambda w, c: Call("GET", "/doctors/me/availability-rules"),
    "DELETE /doctors/me/availability-rules/{rule_id}": lambda w, c: Call(
        "DELETE", f"/doctors/me/availability-rules/{w.rule()}"
    ),
    "GET /clinics": lambda w, c: Call("GET", "/clinics?city=berlin"),
    "GET /clinics/{clinic_id}": lambda w, c: Call("GET", f"/clinics/{w.clinic()}"),
    "POST /admin/clinics": lambda w, c: Call(
        "POST",
        "/admin/clinics",
        {
            "name": f"Clinic of {c}",
            "address": {"line1": "Hauptstr. 1", "postal_code": "20095", "city": "Hamburg", "country": "DE"},
            "lat": 53.55,
            "lon": 9.99,
            "timezone": "Europe/Berlin",
        },
    ),
    "PATCH /admin/clinics/{clinic_id}": lambda w, c: Call("PATCH", f"/admin/clinics/{w.clinic()}", {"phone": None}),
    "GET /doctors/me/clinics": lambda w, c: Call("GET", "/doctors/me/clinics"),
    "PUT /doctors/me/clinics": lambda w, c: Call("PUT", "/doctors/me/clinics", {"clinic_ids": [w.clinic()]}),
    "PUT /admin/doctors/{doctor_id}/clinics": lambda w, c: Call(
        "PUT", f"/admin/doctors/{w.ids['other doctor']}/clinics", {"clinic_ids": [w.clinic()]}
    ),
    "GET /doctors/{doctor_id}/appointment-types": lambda w, c: Call(
        "GET", f"/doctors/{w.ids['doctor']}/appointment-types"
    ),
    "GET /doctors/me/appointment-types": lambda w, c: Call("GET", "/doctors/me/appointment-types"),
    "POST /doctors/me/appointment-types": lambda w, c: Call(
        "POST",
        "/doctors/me/appointment-types",
        {"name": "Visit", "duration_minutes": 20, "price": {"amount": "40.00", "currency": "EUR"}, "mode": "video"},
    ),
    "PATCH /doctors/me/appointment-types/{appointment_type_id}": lambda w, c: Call(
        "PATCH", f"/doctors/me/appointment-types/{w.appointment_type()}", {"name": "Renamed"}
    ),
    "POST /doctors/me/appointment-types/{appointment_type_id}/deactivate": lambda w, c: Call(
        "POST", f"/doctors/me/appointment-types/{w.appointment_type()}/deactivate"
    ),
    "POST /slots/{slot_id}/lock": lambda w, c: Call("POST", f"/slots/{w.slot()}/lock"),
    "DELETE /slots/{slot_id}/lock": _release,
    "POST /appointments": lambda w, c: Call("POST", "/appointments", {"slot_id": w.slot()}),
    "GET /appointments": lambda w, c: Call("GET", "/appointments"),
    "GET /appointments/{appointment_id}": lambda w, c: Call("GET", A.format(w.appointment_id)),
    "POST /appointments/{appointment_id}/cancel": lambda w, c: Call(
        "POST", A.format(w.appointment()) + "/cancel", {"reason": f"by {c}"}
    ),
    "POST /appointments/{appointment_id}/reschedule": lambda w, c: Call(
        "POST", A.format(w.appointment()) + "/reschedule", {"slot_id": w.slot()}
    ),
    "POST /appointments/{appointment_id}/status": lambda w, c: Call(
        "POST", A.format(w.appointment()) + "/status", {"status": "CONFIRMED"}
    ),
    "GET /appointments/{appointment_id}/calendar.ics": lambda w, c: Call(
        "GET", A.format(w.appointment_id) + "/calendar.ics"
    ),
    "GET /attendance": lambda w, c: Call("GET", f"/attendance?token={w.attendance_token()}"),
    "POST /attendance": lambda w, c: Call("POST", "/attendance", {"token": w.attendance_token()}),
    "POST /appointments/{appointment_id}/files": lambda w, c: Call(
        "POST",
        A.format(w.appointment()) + "/files",
        {"filename": "scan.png", "content_type": "image/png", "size": 100},
    ),
    "GET /appointments/{appointment_id}/files": lambda w, c: Call("GET", A.format(w.appointment_id) + "/files"),
    "GET /appointments/{appointment_id}/files/{file_id}": lambda w, c: Call(
        "GET", A.format(w.appointment_id) + f"/files/{w.file_id}"
    ),
    "POST /appointments/{appointment_id}/files/{file_id}/complete": _complete,
    "DELETE /appointments/{appointment_id}/files/{file_id}": _delete_file,
    "POST /doctors/{doctor_id}/waitlist": lambda w, c: Call("POST", f"/doctors/{w.ids['other doctor']}/waitlist", {}),
    "GET /doctors/{doctor_id}/waitlist": lambda w, c: Call("GET", f"/doctors/{w.ids['doctor']}/waitlist"),
    "DELETE /doctors/{doctor_id}/waitlist": _leave,
    "GET /me/record": lambda w, c: Call("GET", "/me/record"),
    "GET /me/record/access-log": lambda w, c: Call("GET", "/me/record/access-log"),
    "GET /me/record/export": lambda w, c: Call("GET", "/me/record/export"),
    "POST /me/record/{kind}": lambda w, c: Call(
        "POST", "/me/record/conditions", {"name": f"Condition {w.unique()}", "status": "active"}
    ),
    "PATCH /me/record/{kind}/{entry_id}": lambda w, c: Call(
        "PATCH", f"/me/record/allergies/{_entry_of(w, c)}", {"reaction": f"by {c}"}
    ),
    "DELETE /me/record/{kind}/{entry_id}": lambda w, c: Call("DELETE", f"/me/record/allergies/{_entry_of(w, c)}"),
    "GET /patients/{patient_id}/record": lambda w, c: Call("GET", f"/patients/{w.ids['patient']}/record"),
    "POST /patients/{patient_id}/record/{kind}": lambda w, c: Call(
        "POST", f"/patients/{w.ids['patient']}/record/medications", {"name": f"Medication {w.unique()}"}
    ),
    "PATCH /patients/{patient_id}/record/{kind}/{entry_id}": lambda w, c: Call(
        "PATCH", f"/patients/{w.ids['patient']}/record/allergies/{_entry_of(w, 'patient')}", {"reaction": "Rash"}
    ),
    "GET /doctors/me/patients": lambda w, c: Call("GET", "/doctors/me/patients"),
    "GET /doctors/me/patients/{patient_id}": lambda w, c: Call("GET", f"/doctors/me/patients/{w.ids['patient']}"),
    "POST /doctors/me/patients/{patient_id}/appointments": _follow_up,
    "GET /fhir/{operation}": lambda w, c: Call("GET", "/fhir/$bulk-publish"),
    "GET /fhir/files/{name}": lambda w, c: Call("GET", "/fhir/files/locations.ndjson"),
    "GET /slots/{slot_id}": lambda w, c: Call("GET", f"/slots/{w.slot()}"),
    "GET /me/calendar-feed": lambda w, c: Call("GET", "/me/calendar-feed"),
    "POST /me/calendar-feed": lambda w, c: Call("POST", "/me/calendar-feed"),
    "DELETE /me/calendar-feed": lambda w, c: Call("DELETE", "/me/calendar-feed"),
    "GET /calendar/{feed}": _feed,
    "POST /support/tickets": lambda w, c: Call(
        "POST", "/support/tickets", {"subject": f"Help {w.unique()}", "body": "Please", "category": "account"}
    ),
    "GET /support/tickets": lambda w, c: Call("GET", "/support/tickets"),
    "GET /support/tickets/{ticket_id}": lambda w, c: Call("GET", f"/support/tickets/{w.ticket_id}"),
    "POST /support/tickets/{ticket_id}/messages": lambda w, c: Call(
        "POST", f"/support/tickets/{w.ticket_id}/messages", {"body": f"from {c}"}
    ),
    "POST /support/tickets/{ticket_id}/assign": lambda w, c: Call(
        "POST", f"/support/tickets/{w.ticket_id}/assign", {"admin_id": w.ids["admin"]}
    ),
    "POST /support/tickets/{ticket_id}/status": lambda w, c: Call(
        "POST", f"/support/tickets/{w.ticket()}/status", {"status": "CLOSED"}
    ),
    "GET /me/phone": lambda w, c: Call("GET", "/me/phone"),
    "PUT /me/phone": lambda w, c: Call("PUT", "/me/phone", {"phone": "+4915123456789"}),
    "POST /me/phone/confirm": _confirm_phone,
    "PATCH /me/phone": lambda w, c: Call("PATCH", "/me/phone", {"sms_reminders": False}),
    "DELETE /me/phone": lambda w, c: Call("DELETE", "/me/phone"),
    "GET /doctors/by-slug/{slug}": lambda w, c: Call("GET", "/doctors/by-slug/the-doctor"),
    "GET /doctors/me/slug": lambda w, c: Call("GET", "/doctors/me/slug"),
    "PUT /doctors/me/slug": _slug_change,
    "GET /notifications": lambda w, c: Call("GET", "/notifications"),
    "POST /notifications/{notification_id}/read": lambda w, c: Call("POST", f"/notifications/{w.notification_id}/read"),
    "POST /notifications/read-all": lambda w, c: Call("POST", "/notifications/read-all"),
    "POST /auth/code": lambda w, c: Call("POST", "/auth/code", {"email": EMAILS["patient"]}),
    "POST /auth/code/verify": lambda w, c: Call(
        "POST", "/auth/code/verify", {"email": EMAILS["patient"], "code": w.login_code()}
    ),
    "POST /appointments/{appointment_id}/review": lambda w, c: Call(
        "POST", A.format(w.visit()) + "/review", {"rating": 5, "comment": f"by {c}"}
    ),
    "GET /doctors/{doctor_id}/reviews": lambda w, c: Call("GET", f"/doctors/{w.ids['doctor']}/reviews"),
    "POST /reviews/{review_id}/reply": lambda w, c: Call("POST", f"/reviews/{w.review()}/reply", {"body": "Thanks"}),
    "POST /reviews/{review_id}/report": lambda w, c: Call("POST", f"/reviews/{w.review()}/report", {"reason": "Rude"}),
    "GET /admin/reviews": lambda w, c: Call("GET", "/admin/reviews?status=reported"),
    "POST /admin/reviews/{review_id}/hide": lambda w, c: Call(
        "POST", f"/admin/reviews/{w.review()}/hide", {"reason": "Personal data"}
    ),
    "POST /admin/reviews/{review_id}/unhide": lambda w, c: Call("POST", f"/admin/reviews/{w.hidden_review()}/unhide"),
    "POST /conversations": _open_conversation,
    "GET /conversations": lambda w, c: Call("GET", "/conversations"),
    "GET /conversations/{conversation_id}/messages": lambda w, c: Call(
        "GET", f"/conversations/{_conversation(w)}/messages"
    ),
    "POST /conversations/{conversation_id}/messages": lambda w, c: Call(
        "POST", f"/conversations/{_conversation(w)}/messages", {"body": f"from {c}"}
    ),
    "POST /conversations/{conversation_id}/read": _read_mark,
    "GET /emergency-number": lambda w, c: Call("GET", "/emergency-number"),
    "GET /doctors/me/duty": lambda w, c: Call("GET", "/doctors/me/duty"),
    "POST /doctors/me/duty": lambda w, c: Call("POST", "/doctors/me/duty", {"on_duty": True}),
    "POST /urgent-requests": lambda w, c: Call("POST", "/urgent-requests", {"symptoms": "a high fever"}),
    "GET /urgent-requests": _queue,
    "GET /urgent-requests/{request_id}": lambda w, c: Call("GET", f"/urgent-requests/{_urgent(w, claimed=True)}"),
    "POST /urgent-requests/{request_id}/claim": _claim,
    "POST /urgent-requests/{request_id}/cancel": lambda w, c: Call("POST", f"/urgent-requests/{_urgent(w)}/cancel"),
}


def documented_operations() -> set[str]:
    return {f"{method.upper()} {path}" for path, item in document()["paths"].items() for method in item}


def test_the_table_has_a_row_for_every_operation_of_the_document_and_no_other() -> None:
    """A route added to the app without a row in authorization_table.py fails here."""
    assert set(TABLE) == documented_operations()
    assert all(len(row) == len(CALLERS) for row in TABLE.values())


def test_every_row_has_a_recipe() -> None:
    assert set(RECIPES) == set(TABLE)


def outcome(reply: Reply) -> int | str:
    if reply.status < 400:
        return reply.status
    return f"{reply.status} {reply.error_code}"


@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize("operation", sorted(TABLE))
def test_each_caller_gets_the_answer_the_table_says(world: World, operation: str, caller: str) -> None:
    # Given
    call = RECIPES[operation](world, caller)

    # When
    headers = {**world.bearer(caller), **({"Accept": call.accept} if call.accept else {})}
    reply = world.api.call(call.method, call.path, body=call.body, headers=headers)

    # Then
    want = expected(operation, caller)
    assert outcome(reply) == want, (operation, caller, reply.body)
    if isinstance(want, str):
        assert_error(reply, int(want.split()[0]), want.split()[1])


# The bearer scheme itself ---------------------------------------------------------------------------------------


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
    "no scheme": lambda w: w.access["admin"],
    "basic scheme": lambda w: "Basic YWRtaW5AZXhhbXBsZS5jb206Y29ycmVjdCBob3JzZSBiYXR0ZXJ5",
    "token scheme": lambda w: f"Token {w.access['admin']}",
    "signed with another key": lambda w: f"Bearer {_forged(w)}",
    "refresh token": lambda w: f"Bearer {w.refresh_token('admin')}",
    "truncated signature": lambda w: f"Bearer {w.access['admin'][:-4]}",
}


@pytest.mark.parametrize("bad", list(BAD_AUTHORIZATION))
def test_a_bad_authorization_header_is_unauthorized(world: World, bad: str) -> None:
    reply = world.api.get("/me", headers={"Authorization": BAD_AUTHORIZATION[bad](world)})

    assert_error(reply, 401, "UNAUTHORIZED")


def test_a_token_a_second_from_expiry_still_works(world: World) -> None:
    token, _ = tokens.issue(
        key=jwt_secret(),
        sub=world.ids["patient"],
        role="patient",
        typ=tokens.ACCESS,
        now=world.clock.now() - timedelta(seconds=899),
        lifetime_seconds=900,
    )

    assert world.api.get("/me", token).status == 200


def test_the_bearer_scheme_is_case_insensitive(world: World) -> None:
    reply = world.api.get("/me", headers={"Authorization": f"bearer {world.access['patient']}"})

    assert reply.status == 200


def test_a_token_on_a_public_route_changes_nothing(world: World) -> None:
    assert world.api.get("/doctors", headers={"Authorization": "Bearer garbage"}).status == 200


def test_an_unknown_route_gets_the_error_shape(world: World) -> None:
    assert_error(world.api.get("/no/such/route"), 404)
    assert_error(world.api.get("/no/such/route", world.access["admin"]), 404)


def test_a_method_the_route_does_not_have_gets_the_error_shape(world: World) -> None:
    reply = world.api.call("DELETE", "/specialties")

    assert 400 <= reply.status < 500
    assert_error(reply, reply.status)

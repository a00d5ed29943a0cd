"""Disabling an account takes effect at once (docs/architecture.md, "Revocation"): its access token is refused on
the next request, its WebSocket connections close, its future appointments are cancelled (a patient's always, a
doctor's if the admin chooses) and a disabled doctor leaves the directory and takes no booking."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from chalicelib.models.appointments import Appointment
from chalicelib.models.connections import Connection
from tests.support.accounts import PASSWORD, admin_create_doctor, login, register_patient
from tests.support.api import Api, assert_error
from tests.support.booking import make_slot, stored_slot
from tests.support.fakes import FakeClock, RecordingMailer, RecordingSender
from tests.support.ws import Ws


@pytest.fixture
def doctor(api: Api, admin_token: str, specialty: dict[str, Any]) -> dict[str, Any]:
    made = admin_create_doctor(
        api, admin_token, specialty["specialty_id"], "doc@example.com", "LIC-9", name="Anna Berg"
    )
    return {"id": made["doctor_id"], "token": login(api, "doc@example.com")["access_token"]}


@pytest.fixture
def patient(api: Api) -> dict[str, Any]:
    user = register_patient(api, email="pia@example.com", name="Pia")
    return {"id": user["user_id"], "token": login(api, "pia@example.com")["access_token"]}


def book(api: Api, clock: FakeClock, doctor_id: str, token: str, days: int = 2) -> dict[str, Any]:
    slot_id = make_slot(doctor_id, clock.now() + timedelta(days=days))
    reply = api.post("/appointments", {"slot_id": slot_id}, token)
    assert reply.status == 201, reply.body
    return dict(reply.body)


def disable(api: Api, admin_token: str, user_id: str, **body: Any) -> Any:
    reply = api.post(f"/admin/users/{user_id}/disable", body, admin_token)
    assert reply.status == 200, reply.body
    return reply.body


def test_a_disabled_patients_token_is_refused_on_the_next_request(
    api: Api, admin_token: str, patient: dict[str, Any]
) -> None:
    assert api.get("/me", patient["token"]).status == 200

    disable(api, admin_token, patient["id"])

    assert_error(api.get("/me", patient["token"]), 403, "ACCOUNT_DISABLED")
    assert_error(api.get("/notifications", patient["token"]), 403, "ACCOUNT_DISABLED")


def test_an_enabled_account_works_again(api: Api, admin_token: str, patient: dict[str, Any]) -> None:
    disable(api, admin_token, patient["id"])

    assert api.post(f"/admin/users/{patient['id']}/enable", token=admin_token).status == 200

    assert api.get("/me", login(api, "pia@example.com")["access_token"]).status == 200


def test_a_disabled_patients_connections_close_and_cannot_reopen(
    api: Api, ws: Ws, sender: RecordingSender, admin_token: str, patient: dict[str, Any]
) -> None:
    first, second = ws.open(patient["token"]), ws.open(patient["token"])

    disable(api, admin_token, patient["id"])

    assert sorted(sender.closed) == sorted([first, second])
    assert list(Connection.by_user.query(patient["id"])) == []
    refused = ws.connect(patient["token"])
    assert (refused.status, refused.error_code) == (403, "ACCOUNT_DISABLED")


def test_a_disabled_patients_future_appointments_are_cancelled_and_their_slots_freed(
    api: Api, clock: FakeClock, admin_token: str, doctor: dict[str, Any], patient: dict[str, Any]
) -> None:
    booked = [book(api, clock, doctor["id"], patient["token"], days=d) for d in (2, 3)]

    answer = disable(api, admin_token, patient["id"])

    assert (answer["cancelled_appointments"], answer["appointments_left"]) == (2, 0)
    for appointment in booked:
        stored = Appointment.get(appointment["appointment_id"])
        assert (stored.status, stored.cancelled_by) == ("CANCELLED", "admin")
        assert stored_slot(appointment["slot_id"]).booked_by is None
    # The slots can be booked again at once.
    register_patient(api, email="next@example.com")
    again = api.post("/appointments", {"slot_id": booked[0]["slot_id"]}, login(api, "next@example.com")["access_token"])
    assert again.status == 201, again.body


def test_a_patients_appointments_cannot_be_kept(api: Api, admin_token: str, patient: dict[str, Any]) -> None:
    reply = api.post(f"/admin/users/{patient['id']}/disable", {"cancel_appointments": False}, admin_token)

    assert_error(reply, 422, "PATIENT_APPOINTMENTS_CANCELLED")
    assert api.get("/me", patient["token"]).status == 200


def test_disabling_a_doctor_needs_the_admins_choice_about_appointments(
    api: Api, admin_token: str, doctor: dict[str, Any]
) -> None:
    reply = api.post(f"/admin/users/{doctor['id']}/disable", token=admin_token)

    assert_error(reply, 400, "VALIDATION_ERROR")
    assert [d["field"] for d in reply.body["error"]["details"]] == ["cancel_appointments"]
    assert api.get(f"/doctors/{doctor['id']}").status == 200


def test_a_disabled_doctor_leaves_search_and_profile_and_takes_no_booking_at_once(
    api: Api, clock: FakeClock, admin_token: str, doctor: dict[str, Any], patient: dict[str, Any]
) -> None:
    slot_id = make_slot(doctor["id"], clock.now() + timedelta(days=4))
    assert [d["doctor_id"] for d in api.get("/doctors?q=berg").body["items"]] == [doctor["id"]]

    disable(api, admin_token, doctor["id"], cancel_appointments=False)

    assert api.get("/doctors").body["items"] == []
    assert api.get("/doctors?q=berg").body["items"] == []
    assert_error(api.get(f"/doctors/{doctor['id']}"), 404, "DOCTOR_NOT_FOUND")
    assert_error(api.post("/appointments", {"slot_id": slot_id}, patient["token"]), 409, "DOCTOR_UNAVAILABLE")
    assert_error(api.post(f"/slots/{slot_id}/lock", token=patient["token"]), 409, "DOCTOR_UNAVAILABLE")
    assert_error(api.get("/me", doctor["token"]), 403, "ACCOUNT_DISABLED")


def test_a_disabled_doctors_appointments_are_kept_when_the_admin_says_so(
    api: Api, clock: FakeClock, admin_token: str, doctor: dict[str, Any], patient: dict[str, Any]
) -> None:
    booked = book(api, clock, doctor["id"], patient["token"])

    answer = disable(api, admin_token, doctor["id"], cancel_appointments=False)

    assert answer["cancelled_appointments"] == 0
    assert api.get(f"/appointments/{booked['appointment_id']}", patient["token"]).body["status"] == "SCHEDULED"


def test_a_disabled_doctors_appointments_are_cancelled_and_the_patients_told_and_mailed(
    api: Api,
    clock: FakeClock,
    mailer: RecordingMailer,
    admin_token: str,
    doctor: dict[str, Any],
    patient: dict[str, Any],
) -> None:
    booked = book(api, clock, doctor["id"], patient["token"])
    past = book(api, clock, doctor["id"], patient["token"], days=1)
    clock.advance(days=1, hours=1)  # the second appointment has begun: it is no longer the disable's to cancel
    admin, pia = login(api, "admin@example.com")["access_token"], login(api, "pia@example.com")["access_token"]

    answer = disable(api, admin, doctor["id"], cancel_appointments=True)

    assert answer["cancelled_appointments"] == 1
    mine = api.get(f"/appointments/{booked['appointment_id']}", pia).body
    assert (mine["status"], mine["cancel_reason"]) == ("CANCELLED", "the doctor is no longer available on DocSpot")
    assert api.get(f"/appointments/{past['appointment_id']}", pia).body["status"] == "SCHEDULED"
    feed = api.get("/notifications", pia).body["items"]
    assert [n["type"] for n in feed] == ["appointment-cancelled"]
    [mail] = mailer.to("pia@example.com", "appointment-cancelled")
    assert "METHOD:CANCEL" in mail.attachments[0].data.decode()
    assert stored_slot(booked["slot_id"]).booked_by is None


def test_enabling_a_doctor_lists_them_again_and_an_admin_cannot_approve_a_disabled_one(
    api: Api, admin_token: str, doctor: dict[str, Any]
) -> None:
    disable(api, admin_token, doctor["id"], cancel_appointments=False)
    listed = api.get("/admin/doctors?status=SUSPENDED", admin_token).body["items"]
    assert [d["doctor_id"] for d in listed] == [doctor["id"]]
    assert_error(api.post(f"/admin/doctors/{doctor['id']}/approve", {}, admin_token), 409, "ACCOUNT_DISABLED")

    assert api.post(f"/admin/users/{doctor['id']}/enable", token=admin_token).status == 200

    assert api.get(f"/doctors/{doctor['id']}").status == 200
    assert [d["doctor_id"] for d in api.get("/doctors").body["items"]] == [doctor["id"]]


def test_a_disabled_account_cannot_sign_in(api: Api, admin_token: str, patient: dict[str, Any]) -> None:
    disable(api, admin_token, patient["id"])

    assert_error(api.post("/auth/login", {"email": "pia@example.com", "password": PASSWORD}), 403, "ACCOUNT_DISABLED")


def cached_authorizer_answer(clock: FakeClock, user_id: str, role: str, expires_in: int) -> dict[str, Any]:
    """GET /me as API Gateway sends it when it answers from its cache of the authorizer: the function never sees
    the authorizer run, only its context."""
    from app import app
    from local.gateway import make_gateway

    event = make_gateway(app)._generate_lambda_event("GET", "/me", {"authorization": "Bearer cached"}, b"")
    event["requestContext"]["authorizer"] = {
        "principalId": user_id,
        "role": role,
        "exp": int(clock.now().timestamp()) + expires_in,
    }
    reply: dict[str, Any] = app(event, None)
    return reply


def test_a_cached_authorizer_answer_is_refused_once_the_token_has_expired(
    api: Api, clock: FakeClock, patient: dict[str, Any]
) -> None:
    assert cached_authorizer_answer(clock, patient["id"], "patient", expires_in=1)["statusCode"] == 200

    assert cached_authorizer_answer(clock, patient["id"], "patient", expires_in=0)["statusCode"] == 401


def test_a_cached_authorizer_answer_is_refused_once_the_account_is_disabled(
    api: Api, clock: FakeClock, admin_token: str, patient: dict[str, Any]
) -> None:
    disable(api, admin_token, patient["id"])

    reply = cached_authorizer_answer(clock, patient["id"], "patient", expires_in=600)

    assert reply["statusCode"] == 403 and "ACCOUNT_DISABLED" in reply["body"]

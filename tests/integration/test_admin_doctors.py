"""Doctor onboarding by admins: POST /admin/doctors, the queue GET /admin/doctors, approve and reject."""

from __future__ import annotations

from typing import Any

import pytest

from chalicelib.models.audit import AuditEntry
from chalicelib.models.doctors import Doctor
from chalicelib.models.users import User
from tests.support.accounts import (
    admin_create_doctor,
    create_specialty,
    doctor_registration,
    login,
    register_doctor,
    register_patient,
)
from tests.support.api import Api, assert_error
from tests.support.fakes import RecordingMailer


def admin_body(specialty_id: str, **extra: Any) -> dict[str, Any]:
    body = doctor_registration(specialty_id)
    body.pop("role")
    return {**body, **extra}


def audit_actions(doctor_id: str) -> list[tuple[str, str]]:
    return sorted((e.action, e.actor) for e in AuditEntry.query(f"doctor#{doctor_id}"))


def public_ids(api: Api, query: str = "") -> list[str]:
    reply = api.get(f"/doctors{query}")
    assert reply.status == 200, reply.body
    return [d["doctor_id"] for d in reply.body["items"]]


@pytest.fixture
def admin_id(api: Api, admin_token: str) -> str:
    return str(api.get("/me", admin_token).body["user_id"])


def test_an_admin_creates_an_approved_doctor(
    api: Api, admin_token: str, admin_id: str, specialty: dict[str, Any]
) -> None:
    # When
    reply = api.post("/admin/doctors", admin_body(specialty["specialty_id"]), admin_token)

    # Then
    assert reply.status == 201, reply.body
    body = reply.body
    assert (body["status"], body["email"], body["license_number"], body["name"]) == (
        "APPROVED",
        "doc@example.com",
        "LIC-1001",
        "Anna Smith",
    )
    assert body["specialty"] == {"specialty_id": specialty["specialty_id"], "name": "Cardiology"}
    assert "password" not in body and "password_hash" not in body
    doctor_id = body["doctor_id"]
    assert Doctor.get(doctor_id).status == "APPROVED"
    assert User.get(doctor_id).role == "doctor"
    assert audit_actions(doctor_id) == [("doctor.created", admin_id)]


def test_a_created_doctor_is_public_at_once(api: Api, admin_token: str, specialty: dict[str, Any]) -> None:
    # Given the directory was read (and cached) before
    assert public_ids(api) == []

    # When
    doctor_id = admin_create_doctor(api, admin_token, specialty["specialty_id"], "doc@example.com", "LIC-1")[
        "doctor_id"
    ]

    # Then
    assert public_ids(api) == [doctor_id]
    assert public_ids(api, f"?specialty_id={specialty['specialty_id']}") == [doctor_id]
    assert public_ids(api, "?q=smith") == [doctor_id]
    assert api.get(f"/doctors/{doctor_id}").status == 200


def test_a_created_doctor_can_log_in_and_work(api: Api, admin_token: str, specialty: dict[str, Any]) -> None:
    admin_create_doctor(api, admin_token, specialty["specialty_id"], "doc@example.com", "LIC-1")

    pair = login(api, "doc@example.com")

    assert pair["user"]["doctor_status"] == "APPROVED"
    assert api.patch("/doctors/me", {"bio": "ready"}, pair["access_token"]).status == 200


def test_admin_creation_refuses_a_taken_email(api: Api, admin_token: str, specialty: dict[str, Any]) -> None:
    register_patient(api, email="doc@example.com")

    reply = api.post("/admin/doctors", admin_body(specialty["specialty_id"]), admin_token)

    assert_error(reply, 409, "EMAIL_TAKEN")
    assert Doctor.count() == 0


def test_admin_creation_refuses_a_taken_licence_and_writes_nothing(
    api: Api, admin_token: str, specialty: dict[str, Any]
) -> None:
    admin_create_doctor(api, admin_token, specialty["specialty_id"], "first@example.com", "LIC-1")

    reply = api.post(
        "/admin/doctors",
        admin_body(specialty["specialty_id"], email="second@example.com", license_number="lic 1"),
        admin_token,
    )

    assert_error(reply, 409, "LICENSE_TAKEN")
    assert list(User.by_email.query("second@example.com")) == []
    assert register_patient(api, email="second@example.com")["email"] == "second@example.com"


def test_admin_creation_refuses_an_unknown_specialty(api: Api, admin_token: str) -> None:
    assert_error(api.post("/admin/doctors", admin_body("nope"), admin_token), 400, "UNKNOWN_SPECIALTY")
    assert Doctor.count() == 0


@pytest.mark.parametrize("field", ["role", "status", "doctor_id"])
def test_admin_creation_refuses_unknown_fields(
    api: Api, admin_token: str, specialty: dict[str, Any], field: str
) -> None:
    reply = api.post("/admin/doctors", admin_body(specialty["specialty_id"], **{field: "x"}), admin_token)

    assert_error(reply, 400, "VALIDATION_ERROR")
    assert {"field": field, "message": "unknown field"} in reply.body["error"]["details"]
    assert Doctor.count() == 0


@pytest.fixture
def queue(api: Api, specialty: dict[str, Any], admin_token: str) -> dict[str, str]:
    """Two pending sign-ups and one approved doctor."""
    sid = specialty["specialty_id"]
    return {
        "bob": register_doctor(api, sid, "bob@example.com", "LIC-B", name="Bob Brown")["user_id"],
        "ann": register_doctor(api, sid, "ann@example.com", "LIC-A", name="Ann Adams")["user_id"],
        "cat": admin_create_doctor(api, admin_token, sid, "cat@example.com", "LIC-C", name="Cat Cole")["doctor_id"],
    }


def test_the_queue_lists_pending_doctors_with_their_details(api: Api, admin_token: str, queue: dict[str, str]) -> None:
    # When
    reply = api.get("/admin/doctors?status=PENDING", admin_token)

    # Then
    assert reply.status == 200, reply.body
    items = reply.body["items"]
    assert [(d["name"], d["email"], d["status"], d["license_number"]) for d in items] == [
        ("Ann Adams", "ann@example.com", "PENDING", "LIC-A"),
        ("Bob Brown", "bob@example.com", "PENDING", "LIC-B"),
    ]
    assert reply.body["next_cursor"] is None


def test_the_queue_shows_pending_by_default(api: Api, admin_token: str, queue: dict[str, str]) -> None:
    reply = api.get("/admin/doctors", admin_token)

    assert {d["doctor_id"] for d in reply.body["items"]} == {queue["ann"], queue["bob"]}


def test_the_admin_list_filters_by_any_status(api: Api, admin_token: str, queue: dict[str, str]) -> None:
    assert [d["doctor_id"] for d in api.get("/admin/doctors?status=APPROVED", admin_token).body["items"]] == [
        queue["cat"]
    ]
    assert api.get("/admin/doctors?status=REJECTED", admin_token).body["items"] == []


@pytest.mark.parametrize("status", ["pending", "BOGUS", "APPROVED,PENDING", "%00"])
def test_an_unknown_status_filter_is_refused(api: Api, admin_token: str, status: str) -> None:
    reply = api.get(f"/admin/doctors?status={status}", admin_token)

    assert_error(reply, 400, "VALIDATION_ERROR")
    assert [d["field"] for d in reply.body["error"]["details"]] == ["status"]


def test_the_queue_pages(api: Api, admin_token: str, queue: dict[str, str]) -> None:
    first = api.get("/admin/doctors?limit=1", admin_token).body
    second = api.get(f"/admin/doctors?limit=1&cursor={first['next_cursor']}", admin_token).body

    assert [d["name"] for d in first["items"] + second["items"]] == ["Ann Adams", "Bob Brown"]


@pytest.mark.parametrize("query", ["limit=0", "limit=500", "cursor=garbage"])
def test_bad_paging_of_the_queue_is_refused(api: Api, admin_token: str, query: str) -> None:
    assert_error(api.get(f"/admin/doctors?{query}", admin_token), 400)


def test_approving_makes_a_doctor_public_and_mails_them(
    api: Api, admin_token: str, admin_id: str, queue: dict[str, str], mailer: RecordingMailer
) -> None:
    # Given the directory was already read (and cached)
    assert public_ids(api, "?q=brown") == []

    # When
    reply = api.post(f"/admin/doctors/{queue['bob']}/approve", {}, admin_token)

    # Then
    assert reply.status == 200, reply.body
    assert (reply.body["status"], reply.body["decided_at"] is not None) == ("APPROVED", True)
    assert Doctor.get(queue["bob"]).status == "APPROVED"
    assert public_ids(api, "?q=brown") == [queue["bob"]]
    assert public_ids(api, "?q=Bob%20Brwon") == [queue["bob"]]
    assert api.get(f"/doctors/{queue['bob']}").status == 200
    [mail] = mailer.to("bob@example.com", "doctor-approved")
    assert "approved" in mail.subject.lower()
    assert audit_actions(queue["bob"]) == [("doctor.approved", admin_id)]
    queue_ids = [d["doctor_id"] for d in api.get("/admin/doctors", admin_token).body["items"]]
    assert queue_ids == [queue["ann"]]


def test_approval_with_a_note_mails_the_note(
    api: Api, admin_token: str, queue: dict[str, str], mailer: RecordingMailer
) -> None:
    api.post(f"/admin/doctors/{queue['bob']}/approve", {"reason": "Welcome aboard"}, admin_token)

    assert "Welcome aboard" in mailer.to("bob@example.com", "doctor-approved")[0].text


def test_rejecting_mails_the_reason_and_keeps_the_doctor_hidden(
    api: Api, admin_token: str, admin_id: str, queue: dict[str, str], mailer: RecordingMailer
) -> None:
    # When
    reply = api.post(f"/admin/doctors/{queue['ann']}/reject", {"reason": "Licence number not found"}, admin_token)

    # Then
    assert reply.status == 200, reply.body
    assert (reply.body["status"], reply.body["decision_reason"]) == ("REJECTED", "Licence number not found")
    stored = Doctor.get(queue["ann"])
    assert (stored.status, stored.decision_reason) == ("REJECTED", "Licence number not found")
    [mail] = mailer.to("ann@example.com", "doctor-rejected")
    assert "Licence number not found" in mail.text
    assert "approved" not in mail.subject.lower()
    assert audit_actions(queue["ann"]) == [("doctor.rejected", admin_id)]
    [entry] = AuditEntry.query(f"doctor#{queue['ann']}")
    assert entry.detail is not None
    assert entry.detail["reason"] == "Licence number not found"
    assert queue["ann"] not in public_ids(api)
    assert_error(api.get(f"/doctors/{queue['ann']}"), 404)
    assert [d["doctor_id"] for d in api.get("/admin/doctors?status=REJECTED", admin_token).body["items"]] == [
        queue["ann"]
    ]


def test_rejecting_an_approved_doctor_is_a_conflict(
    api: Api, admin_token: str, queue: dict[str, str], mailer: RecordingMailer
) -> None:
    # When
    reply = api.post(f"/admin/doctors/{queue['cat']}/reject", {"reason": "changed my mind"}, admin_token)

    # Then nothing changes and nobody is mailed
    assert_error(reply, 409, "INVALID_STATUS_CHANGE")
    assert Doctor.get(queue["cat"]).status == "APPROVED"
    assert queue["cat"] in public_ids(api)
    assert mailer.to("cat@example.com") == []
    assert [a for a, _ in audit_actions(queue["cat"])] == ["doctor.created"]


def test_approving_twice_is_a_conflict(
    api: Api, admin_token: str, queue: dict[str, str], mailer: RecordingMailer
) -> None:
    assert api.post(f"/admin/doctors/{queue['bob']}/approve", {}, admin_token).status == 200

    assert_error(api.post(f"/admin/doctors/{queue['bob']}/approve", {}, admin_token), 409, "INVALID_STATUS_CHANGE")
    assert len(mailer.to("bob@example.com", "doctor-approved")) == 1


def test_rejecting_twice_is_a_conflict(api: Api, admin_token: str, queue: dict[str, str]) -> None:
    api.post(f"/admin/doctors/{queue['bob']}/reject", {}, admin_token)

    assert_error(api.post(f"/admin/doctors/{queue['bob']}/reject", {}, admin_token), 409, "INVALID_STATUS_CHANGE")


def test_a_rejected_doctor_can_be_approved_later(api: Api, admin_token: str, queue: dict[str, str]) -> None:
    api.post(f"/admin/doctors/{queue['bob']}/reject", {"reason": "missing papers"}, admin_token)

    reply = api.post(f"/admin/doctors/{queue['bob']}/approve", {}, admin_token)

    assert (reply.status, reply.body["status"], reply.body["decision_reason"]) == (200, "APPROVED", None)
    assert queue["bob"] in public_ids(api)


def test_a_mail_failure_does_not_undo_the_decision(
    api: Api, admin_token: str, queue: dict[str, str], mailer: RecordingMailer
) -> None:
    mailer.failing = True

    assert api.post(f"/admin/doctors/{queue['bob']}/approve", {}, admin_token).status == 200
    assert Doctor.get(queue["bob"]).status == "APPROVED"


@pytest.mark.parametrize("action", ["approve", "reject"])
def test_deciding_on_an_unknown_doctor_is_not_found(api: Api, admin_token: str, action: str) -> None:
    assert_error(api.post(f"/admin/doctors/nobody/{action}", {}, admin_token), 404, "DOCTOR_NOT_FOUND")


def test_a_patient_cannot_be_approved_as_a_doctor(api: Api, admin_token: str) -> None:
    patient_id = register_patient(api)["user_id"]

    assert_error(api.post(f"/admin/doctors/{patient_id}/approve", {}, admin_token), 404, "DOCTOR_NOT_FOUND")
    assert Doctor.count() == 0


@pytest.mark.parametrize("body", [{"reason": "r" * 1001}, {"reason": 5}, {"status": "APPROVED"}])
def test_an_invalid_decision_body_is_refused(
    api: Api, admin_token: str, queue: dict[str, str], body: dict[str, Any]
) -> None:
    assert_error(api.post(f"/admin/doctors/{queue['bob']}/reject", body, admin_token), 400, "VALIDATION_ERROR")
    assert Doctor.get(queue["bob"]).status == "PENDING"


def test_an_empty_decision_body_is_allowed(api: Api, admin_token: str, queue: dict[str, str]) -> None:
    assert api.post(f"/admin/doctors/{queue['bob']}/approve", token=admin_token).status == 200


def test_specialty_names_show_in_the_queue(api: Api, admin_token: str, specialty: dict[str, Any]) -> None:
    other = create_specialty(api, admin_token, "Dermatology")
    register_doctor(api, other["specialty_id"], "derm@example.com", "LIC-D")

    [item] = api.get("/admin/doctors", admin_token).body["items"]

    assert item["specialty"] == {"specialty_id": other["specialty_id"], "name": "Dermatology"}

"""PATCH /doctors/me: an approved doctor edits their own public profile; search ranking over real rows."""

from __future__ import annotations

from typing import Any

import pytest

from chalicelib.models.audit import AuditEntry
from chalicelib.models.doctors import Doctor
from chalicelib.models.unique_keys import UniqueKey
from chalicelib.models.users import User
from tests.support.accounts import admin_create_doctor, login
from tests.support.api import Api, assert_error


def names(api: Api, query: str = "") -> list[str]:
    reply = api.get(f"/doctors{query}")
    assert reply.status == 200, reply.body
    return [d["name"] for d in reply.body["items"]]


def test_an_approved_doctor_edits_their_profile(api: Api, approved_doctor: dict[str, Any]) -> None:
    # When
    changes = {
        "bio": "Interventional cardiology",
        "consultation_fee": 95.5,
        "experience_years": 13,
        "timezone": "America/Chicago",
        "photo_url": "https://cdn.example.com/anna.jpg",
    }
    reply = api.patch("/doctors/me", changes, approved_doctor["token"])

    # Then the answer, the public profile and the stored rows agree
    assert reply.status == 200, reply.body
    for field, value in changes.items():
        assert reply.body[field] == value
    public = api.get(f"/doctors/{approved_doctor['doctor_id']}").body
    assert public.pop("clinics") == []  # the public profile also lists where the doctor works
    assert public == {field: value for field, value in reply.body.items() if field in public}
    assert reply.body["status"] == "APPROVED"
    stored = Doctor.get(approved_doctor["doctor_id"])
    assert (stored.bio, float(stored.consultation_fee), int(stored.experience_years), stored.timezone) == (
        "Interventional cardiology",
        95.5,
        13,
        "America/Chicago",
    )
    assert User.get(approved_doctor["doctor_id"]).timezone == "America/Chicago"


def test_a_profile_edit_shows_in_the_list_at_once(api: Api, approved_doctor: dict[str, Any]) -> None:
    assert api.get("/doctors").body["items"][0]["bio"] == "Heart doctor"

    api.patch("/doctors/me", {"bio": "New bio"}, approved_doctor["token"])

    assert api.get("/doctors?q=smith").body["items"][0]["bio"] == "New bio"


def test_a_photo_can_be_removed_with_null(api: Api, approved_doctor: dict[str, Any]) -> None:
    api.patch("/doctors/me", {"photo_url": "https://cdn.example.com/a.jpg"}, approved_doctor["token"])

    reply = api.patch("/doctors/me", {"photo_url": None}, approved_doctor["token"])

    assert (reply.status, reply.body["photo_url"]) == (200, None)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("status", "APPROVED"),
        ("name", "Dr Evil"),
        ("doctor_id", "other"),
        ("decision_reason", "none"),
    ],
)
def test_a_doctor_cannot_change_protected_fields(
    api: Api, approved_doctor: dict[str, Any], field: str, value: str
) -> None:
    # Given
    before = Doctor.get(approved_doctor["doctor_id"]).attribute_values

    # When it is sent next to a legitimate change
    reply = api.patch("/doctors/me", {field: value, "bio": "sneaky"}, approved_doctor["token"])

    # Then nothing is written
    assert_error(reply, 400, "VALIDATION_ERROR")
    assert {"field": field, "message": "unknown field"} in reply.body["error"]["details"]
    assert Doctor.get(approved_doctor["doctor_id"]).attribute_values == before


@pytest.mark.parametrize(
    "body",
    [
        {"consultation_fee": -1},
        {"consultation_fee": "free"},
        {"experience_years": 71},
        {"experience_years": 2.5},
        {"timezone": "Nowhere/Town"},
        {"photo_url": "not a url"},
        {"bio": "b" * 2001},
        {"bio": None},
        {"consultation_fee": None},
    ],
)
def test_an_invalid_profile_edit_is_refused(api: Api, approved_doctor: dict[str, Any], body: dict[str, Any]) -> None:
    before = Doctor.get(approved_doctor["doctor_id"]).attribute_values

    assert_error(api.patch("/doctors/me", body, approved_doctor["token"]), 400)
    assert Doctor.get(approved_doctor["doctor_id"]).attribute_values == before


def test_a_pending_doctor_edits_the_application(api: Api, pending_doctor: dict[str, Any]) -> None:
    # Given a doctor whose application waits for review
    # When they correct it, licence included
    reply = api.patch(
        "/doctors/me", {"bio": "eager", "license_number": "LIC-1002", "experience_years": 13}, pending_doctor["token"]
    )
    # Then it is saved, the licence claim moved, and the answer shows the application
    assert reply.status == 200, reply.body
    assert (reply.body["bio"], reply.body["license_number"], reply.body["status"]) == ("eager", "LIC-1002", "PENDING")
    assert UniqueKey.get("license#LIC1002").owner_id == pending_doctor["user_id"]
    assert UniqueKey.count("license#LIC1001") == 0
    mine = api.get("/doctors/me", token=pending_doctor["token"])
    assert (mine.status, mine.body["experience_years"]) == (200, 13)


def test_an_approved_doctor_cannot_change_specialty_or_licence(
    api: Api, approved_doctor: dict[str, Any], specialty: dict[str, Any]
) -> None:
    before = Doctor.get(approved_doctor["doctor_id"]).attribute_values
    for change in ({"license_number": "LIC-0000"}, {"specialty_id": specialty["specialty_id"]}):
        reply = api.patch("/doctors/me", {**change, "bio": "sneaky"}, approved_doctor["token"])
        assert_error(reply, 400, "FIELD_NOT_ALLOWED")
    assert Doctor.get(approved_doctor["doctor_id"]).attribute_values == before


def test_an_application_cannot_take_another_doctors_licence_or_an_unknown_specialty(
    api: Api, pending_doctor: dict[str, Any], approved_doctor: dict[str, Any]
) -> None:
    taken = api.patch("/doctors/me", {"license_number": "LIC-2002"}, pending_doctor["token"])
    unknown = api.patch("/doctors/me", {"specialty_id": "nope"}, pending_doctor["token"])
    assert_error(taken, 409, "LICENSE_TAKEN")
    assert_error(unknown, 400, "UNKNOWN_SPECIALTY")
    assert Doctor.get(pending_doctor["user_id"]).license_number == "LIC-1001"


def test_a_doctor_approved_later_can_edit_with_the_same_token(
    api: Api, admin_token: str, pending_doctor: dict[str, Any]
) -> None:
    """Approval is read live, so the doctor need not log in again."""
    api.post(f"/admin/doctors/{pending_doctor['user_id']}/approve", {}, admin_token)

    reply = api.patch("/doctors/me", {"bio": "now approved"}, pending_doctor["token"])

    assert (reply.status, reply.body["bio"]) == (200, "now approved")


def test_a_rejected_doctor_edits_and_resubmits_the_application(
    api: Api, admin_token: str, pending_doctor: dict[str, Any]
) -> None:
    # Given an application rejected for its licence
    doctor_id = pending_doctor["user_id"]
    api.post(f"/admin/doctors/{doctor_id}/reject", {"reason": "licence expired"}, admin_token)
    assert api.get("/doctors/me", token=pending_doctor["token"]).body["decision_reason"] == "licence expired"
    # When the doctor corrects it and sends it again
    assert api.patch("/doctors/me", {"license_number": "LIC-7007"}, pending_doctor["token"]).status == 200
    reply = api.post("/doctors/me/resubmit", token=pending_doctor["token"])
    # Then it is PENDING again, back in the admins' queue, and the resubmission is audited
    assert reply.status == 200, reply.body
    assert (reply.body["status"], reply.body["license_number"]) == ("PENDING", "LIC-7007")
    assert reply.body["resubmitted_at"] is not None
    queue = api.get("/admin/doctors?status=PENDING", token=admin_token).body["items"]
    assert [d["doctor_id"] for d in queue] == [doctor_id]
    trail = {(e.action, e.actor) for e in AuditEntry.query(f"doctor#{doctor_id}")}
    assert ("doctor.resubmitted", doctor_id) in trail
    # And an admin can approve it
    assert api.post(f"/admin/doctors/{doctor_id}/approve", {}, admin_token).body["status"] == "APPROVED"


def test_only_a_rejected_application_is_resubmitted(
    api: Api, pending_doctor: dict[str, Any], approved_doctor: dict[str, Any], patient_token: str
) -> None:
    assert_error(api.post("/doctors/me/resubmit", token=pending_doctor["token"]), 409, "INVALID_STATUS_CHANGE")
    assert_error(api.post("/doctors/me/resubmit", token=approved_doctor["token"]), 409, "INVALID_STATUS_CHANGE")
    assert_error(api.post("/doctors/me/resubmit", token=patient_token), 403, "FORBIDDEN_ROLE")


def test_a_rejected_doctor_still_cannot_act_as_a_doctor(
    api: Api, admin_token: str, pending_doctor: dict[str, Any]
) -> None:
    api.post(f"/admin/doctors/{pending_doctor['user_id']}/reject", {"reason": "licence expired"}, admin_token)

    run = {"date": "2026-12-02", "start_time": "09:00", "end_time": "10:00", "duration_minutes": 30}
    assert_error(api.post("/doctors/me/slots", run, pending_doctor["token"]), 403, "DOCTOR_NOT_APPROVED")
    assert login(api, "pending@example.com")["user"]["doctor_status"] == "REJECTED"


def test_a_suspended_doctor_cannot_edit(api: Api, approved_doctor: dict[str, Any]) -> None:
    Doctor(doctor_id=approved_doctor["doctor_id"]).update(actions=[Doctor.status.set("SUSPENDED")])

    assert_error(api.patch("/doctors/me", {"bio": "x"}, approved_doctor["token"]), 403, "DOCTOR_NOT_APPROVED")


def test_search_ranks_an_exact_name_above_a_typo(api: Api, admin_token: str, specialty: dict[str, Any]) -> None:
    # Given Smith, and a doctor called Smyth whose name sorts after it
    sid = specialty["specialty_id"]
    admin_create_doctor(api, admin_token, sid, "smith@example.com", "LIC-1", name="Anna Smith")
    admin_create_doctor(api, admin_token, sid, "smyth@example.com", "LIC-5", name="Zed Smyth")

    # When / Then the exact match comes first, the typo second
    assert names(api, "?q=smyth") == ["Zed Smyth", "Anna Smith"]
    assert names(api, "?q=smith") == ["Anna Smith", "Zed Smyth"]

"""PATCH /doctors/me: an approved doctor edits their own public profile; search ranking over real rows."""

from __future__ import annotations

from typing import Any

import pytest

from chalicelib.models.doctors import Doctor
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
    assert api.get(f"/doctors/{approved_doctor['doctor_id']}").body == reply.body
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
        ("license_number", "LIC-0000"),
        ("specialty_id", "other"),
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


def test_a_pending_doctor_cannot_edit_the_profile(api: Api, pending_doctor: dict[str, Any]) -> None:
    reply = api.patch("/doctors/me", {"bio": "eager"}, pending_doctor["token"])

    assert_error(reply, 403, "DOCTOR_NOT_APPROVED")
    assert Doctor.get(pending_doctor["user_id"]).bio == "Heart doctor"


def test_a_doctor_approved_later_can_edit_with_the_same_token(
    api: Api, admin_token: str, pending_doctor: dict[str, Any]
) -> None:
    """Approval is read live, so the doctor need not log in again."""
    api.post(f"/admin/doctors/{pending_doctor['user_id']}/approve", {}, admin_token)

    reply = api.patch("/doctors/me", {"bio": "now approved"}, pending_doctor["token"])

    assert (reply.status, reply.body["bio"]) == (200, "now approved")


def test_a_doctor_rejected_after_logging_in_loses_access_at_once(
    api: Api, admin_token: str, pending_doctor: dict[str, Any]
) -> None:
    api.post(f"/admin/doctors/{pending_doctor['user_id']}/reject", {"reason": "licence expired"}, admin_token)

    assert_error(api.patch("/doctors/me", {"bio": "x"}, pending_doctor["token"]), 403, "DOCTOR_NOT_APPROVED")
    assert login(api, "pending@example.com")["user"]["doctor_status"] == "REJECTED"


def test_search_ranks_an_exact_name_above_a_typo(api: Api, admin_token: str, specialty: dict[str, Any]) -> None:
    # Given Smith, and a doctor called Smyth whose name sorts after it
    sid = specialty["specialty_id"]
    admin_create_doctor(api, admin_token, sid, "smith@example.com", "LIC-1", name="Anna Smith")
    admin_create_doctor(api, admin_token, sid, "smyth@example.com", "LIC-5", name="Zed Smyth")

    # When / Then the exact match comes first, the typo second
    assert names(api, "?q=smyth") == ["Zed Smyth", "Anna Smith"]
    assert names(api, "?q=smith") == ["Anna Smith", "Zed Smyth"]

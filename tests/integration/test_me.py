"""GET and PATCH /me: the caller's own account."""

from __future__ import annotations

from typing import Any

import pytest

from chalicelib.models.doctors import Doctor
from chalicelib.models.users import User
from tests.support.api import Api, assert_error


def me(api: Api, token: str) -> dict[str, Any]:
    reply = api.get("/me", token)
    assert reply.status == 200, reply.body
    body: dict[str, Any] = reply.body
    return body


def test_a_patient_reads_their_profile(api: Api, patient_token: str) -> None:
    body = me(api, patient_token)

    assert (body["email"], body["name"], body["role"], body["status"]) == (
        "pat@example.com",
        "Pat Patient",
        "patient",
        "active",
    )
    assert (body["timezone"], body["email_opt_out"], body["date_of_birth"], body["doctor_status"]) == (
        "UTC",
        False,
        None,
        None,
    )
    assert not {"password_hash", "failed_logins", "locked_until"} & set(body)


def test_a_doctor_sees_their_onboarding_status(api: Api, approved_doctor: dict[str, Any]) -> None:
    assert me(api, approved_doctor["token"])["doctor_status"] == "APPROVED"


def test_an_admin_reads_their_profile(api: Api, admin_token: str) -> None:
    assert me(api, admin_token)["role"] == "admin"


def test_a_patient_updates_phone_birth_date_timezone_and_mail_preference(api: Api, patient_token: str) -> None:
    # When
    reply = api.patch(
        "/me",
        {
            "phone": "+44 20 7946 0958",
            "date_of_birth": "1990-04-30",
            "timezone": "Europe/London",
            "email_opt_out": True,
        },
        patient_token,
    )

    # Then the answer and the stored account agree
    assert reply.status == 200, reply.body
    assert (
        reply.body["phone"],
        reply.body["date_of_birth"],
        reply.body["timezone"],
        reply.body["email_opt_out"],
    ) == ("+44 20 7946 0958", "1990-04-30", "Europe/London", True)
    assert me(api, patient_token) == reply.body
    stored = User.get(reply.body["user_id"])
    assert (stored.phone, stored.date_of_birth, stored.timezone, stored.email_opt_out) == (
        "+44 20 7946 0958",
        "1990-04-30",
        "Europe/London",
        True,
    )


def test_a_partial_update_leaves_other_fields_alone(api: Api, patient_token: str) -> None:
    api.patch("/me", {"phone": "+44 20 7946 0958", "timezone": "Asia/Tokyo"}, patient_token)

    reply = api.patch("/me", {"email_opt_out": True}, patient_token)

    assert (reply.body["phone"], reply.body["timezone"], reply.body["email_opt_out"]) == (
        "+44 20 7946 0958",
        "Asia/Tokyo",
        True,
    )


def test_a_phone_can_be_cleared_with_null(api: Api, patient_token: str) -> None:
    api.patch("/me", {"phone": "+44 20 7946 0958"}, patient_token)

    reply = api.patch("/me", {"phone": None}, patient_token)

    assert reply.status == 200
    assert reply.body["phone"] is None
    assert User.get(reply.body["user_id"]).phone is None


def test_an_empty_update_changes_nothing(api: Api, patient_token: str) -> None:
    before = me(api, patient_token)

    reply = api.patch("/me", {}, patient_token)

    assert (reply.status, reply.body) == (200, before)


@pytest.mark.parametrize("zone", ["Mars/Olympus_Mons", "", "UTC+25", "../../etc/passwd"])
def test_an_unknown_timezone_is_refused(api: Api, patient_token: str, zone: str) -> None:
    reply = api.patch("/me", {"timezone": zone}, patient_token)

    assert_error(reply, 400, "VALIDATION_ERROR")
    assert me(api, patient_token)["timezone"] == "UTC"


@pytest.mark.parametrize("value", ["1990-02-30", "yesterday", "30/04/1990", 19900430.5])
def test_an_invalid_date_of_birth_is_refused(api: Api, patient_token: str, value: Any) -> None:
    assert_error(api.patch("/me", {"date_of_birth": value}, patient_token), 400, "VALIDATION_ERROR")


@pytest.mark.parametrize("field", ["name", "timezone", "email_opt_out", "email_preferences"])
def test_a_required_field_cannot_be_nulled(api: Api, patient_token: str, field: str) -> None:
    before = me(api, patient_token)

    reply = api.patch("/me", {field: None}, patient_token)

    assert_error(reply, 400, "VALIDATION_ERROR")
    assert [d["field"] for d in reply.body["error"]["details"]] == [field]
    assert me(api, patient_token) == before


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("role", "admin"),
        ("status", "disabled"),
        ("password_hash", "scrypt$1$1$1$AA$AA"),
        ("email", "new@example.com"),
        ("user_id", "someone-else"),
        ("failed_logins", 0),
        ("doctor_status", "APPROVED"),
    ],
)
def test_an_unknown_field_is_refused_and_not_written(api: Api, patient_token: str, field: str, value: Any) -> None:
    # Given
    user_id = me(api, patient_token)["user_id"]
    before = User.get(user_id).attribute_values

    # When the field is sent alone and next to a legitimate change
    alone = api.patch("/me", {field: value}, patient_token)
    mixed = api.patch("/me", {field: value, "phone": "+1 555 0100"}, patient_token)

    # Then both are refused, naming the field, and nothing at all is written
    for reply in (alone, mixed):
        assert_error(reply, 400, "VALIDATION_ERROR")
        assert {"field": field, "message": "unknown field"} in reply.body["error"]["details"]
    assert User.get(user_id).attribute_values == before


def test_a_doctor_cannot_set_a_date_of_birth(api: Api, approved_doctor: dict[str, Any]) -> None:
    reply = api.patch("/me", {"date_of_birth": "1970-01-01"}, approved_doctor["token"])

    assert_error(reply, 400, "FIELD_NOT_ALLOWED")
    assert User.get(approved_doctor["doctor_id"]).date_of_birth is None


def test_a_doctors_new_name_and_timezone_reach_the_public_profile(api: Api, approved_doctor: dict[str, Any]) -> None:
    # When
    reply = api.patch("/me", {"name": "Anna Smith-Jones", "timezone": "America/New_York"}, approved_doctor["token"])

    # Then
    assert reply.status == 200, reply.body
    public = api.get(f"/doctors/{approved_doctor['doctor_id']}").body
    assert (public["name"], public["timezone"]) == ("Anna Smith-Jones", "America/New_York")
    assert [d["doctor_id"] for d in api.get("/doctors?q=jones").body["items"]] == [approved_doctor["doctor_id"]]


def test_me_without_a_token_is_unauthorized(api: Api) -> None:
    assert_error(api.get("/me"), 401, "UNAUTHORIZED")
    assert_error(api.patch("/me", {"phone": "+1 555 0100"}), 401, "UNAUTHORIZED")


def test_the_token_of_a_deleted_account_no_longer_signs_anyone_in(api: Api, patient_token: str) -> None:
    """Every request checks that the token's account still exists and is active (docs/architecture.md,
    "Revocation"): the token of a deleted one is no credential any more."""
    User.get(me(api, patient_token)["user_id"]).delete()

    assert_error(api.get("/me", patient_token), 401, "UNAUTHORIZED")


def test_a_pending_doctor_reads_their_own_profile(api: Api, pending_doctor: dict[str, Any]) -> None:
    body = me(api, pending_doctor["token"])

    assert (body["role"], body["doctor_status"]) == ("doctor", "PENDING")
    assert Doctor.get(body["user_id"]).status == "PENDING"


def test_a_new_account_reads_in_english_unless_it_chose_german(api: Api, patient_token: str) -> None:
    # Given a patient who signed up without a locale, and one who chose German
    assert me(api, patient_token)["locale"] == "en"
    reply = api.post(
        "/auth/register",
        {
            "role": "patient",
            "email": "greta@example.com",
            "password": "correct horse battery",
            "name": "Grete Groß",
            "locale": "de",
        },
    )
    # Then each profile says its language
    assert (reply.status, reply.body["locale"]) == (201, "de")
    assert User.get(reply.body["user_id"]).locale == "de"


def test_a_user_switches_their_language(api: Api, patient_token: str) -> None:
    changed = api.patch("/me", {"locale": "de"}, patient_token)

    assert (changed.status, changed.body["locale"]) == (200, "de")
    assert me(api, patient_token)["locale"] == "de"
    assert api.patch("/me", {"locale": "en"}, patient_token).body["locale"] == "en"


@pytest.mark.parametrize("value", ["fr", "DE", "", None, 1])
def test_only_english_and_german_are_offered(api: Api, patient_token: str, value: Any) -> None:
    assert_error(api.patch("/me", {"locale": value}, patient_token), 400, "VALIDATION_ERROR")
    assert_error(
        api.post(
            "/auth/register",
            {
                "role": "patient",
                "email": "x@example.com",
                "password": "correct horse battery",
                "name": "X",
                "locale": value,
            },
        ),
        400,
        "VALIDATION_ERROR",
    )
    assert me(api, patient_token)["locale"] == "en"


def test_an_account_stored_before_locales_reads_as_english(api: Api, patient_token: str) -> None:
    user_id = me(api, patient_token)["user_id"]
    User(user_id=user_id).update(actions=[User.locale.remove()])

    assert me(api, patient_token)["locale"] == "en"

"""POST /auth/register: patients start active, doctors start PENDING; e-mail and licence are unique."""

from __future__ import annotations

from typing import Any

import pytest

from chalicelib.models.doctors import Doctor
from chalicelib.models.unique_keys import UniqueKey
from chalicelib.models.users import User
from tests.support.accounts import (
    PASSWORD,
    create_specialty,
    doctor_registration,
    login,
    register_doctor,
    register_patient,
)
from tests.support.api import Api, assert_error


def patient(**extra: Any) -> dict[str, Any]:
    return {"role": "patient", "email": "pat@example.com", "password": PASSWORD, "name": "Pat Patient", **extra}


def test_a_patient_registers_and_gets_201_with_the_profile_but_no_password(api: Api) -> None:
    # When
    reply = api.post("/auth/register", patient(phone="+49 30 1234567", timezone="Europe/Berlin"))

    # Then
    assert reply.status == 201, reply.body
    body = reply.body
    assert body["email"] == "pat@example.com"
    assert (body["role"], body["status"], body["timezone"], body["phone"]) == (
        "patient",
        "active",
        "Europe/Berlin",
        "+49 30 1234567",
    )
    assert body["doctor_status"] is None
    assert not {"password", "password_hash", "failed_logins", "locked_until"} & set(body)
    assert PASSWORD not in reply.headers.get("Content-Type", "") + str(body)
    stored = User.get(body["user_id"])
    assert stored.role == "patient"
    assert stored.password_hash.startswith("scrypt$")
    assert PASSWORD not in stored.password_hash


def test_a_registered_patient_can_log_in(api: Api) -> None:
    register_patient(api)

    pair = login(api, "pat@example.com")

    assert pair["user"]["email"] == "pat@example.com"


def test_the_email_is_stored_lower_case_and_trimmed(api: Api) -> None:
    reply = api.post("/auth/register", patient(email="  Pat@Example.COM "))

    assert reply.status == 201, reply.body
    assert reply.body["email"] == "pat@example.com"
    assert login(api, "PAT@example.com")["user"]["user_id"] == reply.body["user_id"]


def test_timezone_defaults_to_utc(api: Api) -> None:
    assert register_patient(api)["timezone"] == "UTC"


def test_second_registration_with_the_same_email_is_refused(api: Api) -> None:
    # Given
    first = register_patient(api)

    # When
    reply = api.post("/auth/register", patient(name="Someone Else"))

    # Then
    assert_error(reply, 409, "EMAIL_TAKEN")
    assert [u.user_id for u in User.by_email.query("pat@example.com")] == [first["user_id"]]


@pytest.mark.parametrize("variant", ["PAT@EXAMPLE.COM", "Pat@Example.com", " pat@example.com "])
def test_the_same_email_in_other_case_is_taken_too(api: Api, variant: str) -> None:
    register_patient(api)

    assert_error(api.post("/auth/register", patient(email=variant)), 409, "EMAIL_TAKEN")


def test_a_doctor_who_signs_up_starts_pending(api: Api, specialty: dict[str, Any]) -> None:
    # When
    body = register_doctor(api, specialty["specialty_id"], email="doc@example.com", license_number="LIC-1001")

    # Then
    assert body["role"] == "doctor"
    assert body["doctor_status"] == "PENDING"
    doctor = Doctor.get(body["user_id"])
    assert doctor.status == "PENDING"
    assert (doctor.license_number, doctor.specialty_id, doctor.timezone) == (
        "LIC-1001",
        specialty["specialty_id"],
        "Europe/Berlin",
    )
    assert (int(doctor.experience_years), float(doctor.consultation_fee), doctor.bio) == (12, 80.0, "Heart doctor")


def test_a_pending_doctor_is_not_listed_nor_found(api: Api, specialty: dict[str, Any]) -> None:
    # Given
    body = register_doctor(api, specialty["specialty_id"], email="doc@example.com", license_number="LIC-1001")

    # When
    listed = api.get("/doctors")
    by_specialty = api.get(f"/doctors?specialty_id={specialty['specialty_id']}")
    searched = api.get("/doctors?q=smith")

    # Then
    assert (listed.status, by_specialty.status, searched.status) == (200, 200, 200)
    assert listed.body["items"] == by_specialty.body["items"] == searched.body["items"] == []
    assert_error(api.get(f"/doctors/{body['user_id']}"), 404, "DOCTOR_NOT_FOUND")


def test_a_pending_doctor_can_log_in_and_sees_the_status(api: Api, specialty: dict[str, Any]) -> None:
    register_doctor(api, specialty["specialty_id"], email="doc@example.com", license_number="LIC-1001")

    pair = login(api, "doc@example.com")

    assert pair["user"]["doctor_status"] == "PENDING"
    assert api.get("/me", pair["access_token"]).body["doctor_status"] == "PENDING"


def test_a_second_doctor_with_the_same_email_gets_email_taken(api: Api, specialty: dict[str, Any]) -> None:
    register_doctor(api, specialty["specialty_id"], email="doc@example.com", license_number="LIC-1001")

    reply = api.post("/auth/register", doctor_registration(specialty["specialty_id"], license_number="LIC-9999"))

    assert_error(reply, 409, "EMAIL_TAKEN")


def test_a_doctor_may_not_reuse_a_patients_email(api: Api, specialty: dict[str, Any]) -> None:
    register_patient(api, email="doc@example.com")

    reply = api.post("/auth/register", doctor_registration(specialty["specialty_id"]))

    assert_error(reply, 409, "EMAIL_TAKEN")
    assert Doctor.count() == 0


@pytest.mark.parametrize("same_licence", ["LIC-1001", "lic-1001", "LIC 1001", "lic1001"])
def test_a_licence_already_registered_is_refused_and_nothing_is_written(
    api: Api, specialty: dict[str, Any], same_licence: str
) -> None:
    # Given
    register_doctor(api, specialty["specialty_id"], email="first@example.com", license_number="LIC-1001")

    # When
    reply = api.post(
        "/auth/register",
        doctor_registration(specialty["specialty_id"], email="second@example.com", license_number=same_licence),
    )

    # Then
    assert_error(reply, 409, "LICENSE_TAKEN")
    assert list(User.by_email.query("second@example.com")) == []
    assert UniqueKey.count("email#second@example.com") == 0
    # And the e-mail is still free
    assert register_patient(api, email="second@example.com")["role"] == "patient"


def test_an_unknown_specialty_is_refused_and_nothing_is_written(api: Api, specialty: dict[str, Any]) -> None:
    reply = api.post("/auth/register", doctor_registration("no-such-specialty"))

    assert_error(reply, 400, "UNKNOWN_SPECIALTY")
    assert list(User.by_email.query("doc@example.com")) == []
    assert Doctor.count() == 0
    # And neither the e-mail nor the licence was claimed
    assert register_doctor(api, specialty["specialty_id"], email="doc@example.com", license_number="LIC-1001")


def test_an_inactive_specialty_is_refused(api: Api, admin_token: str) -> None:
    # Given
    retired = create_specialty(api, admin_token, "Phrenology")
    assert api.patch(f"/admin/specialties/{retired['specialty_id']}", {"active": False}, admin_token).status == 200

    # When
    reply = api.post("/auth/register", doctor_registration(retired["specialty_id"]))

    # Then
    assert_error(reply, 400, "UNKNOWN_SPECIALTY")
    assert Doctor.count() == 0


def test_signing_up_as_admin_is_refused(api: Api) -> None:
    reply = api.post("/auth/register", patient(role="admin"))

    assert_error(reply, 400, "VALIDATION_ERROR")
    assert list(User.by_email.query("pat@example.com")) == []


@pytest.mark.parametrize("role", [None, "", "Patient", "superuser", 1])
def test_a_missing_or_unknown_role_is_refused(api: Api, role: Any) -> None:
    body = patient(role=role)
    if role is None:
        body.pop("role")

    assert_error(api.post("/auth/register", body), 400, "VALIDATION_ERROR")


@pytest.mark.parametrize("field", ["status", "password_hash", "user_id", "doctor_status", "is_admin"])
def test_an_unknown_field_is_refused_with_details(api: Api, field: str) -> None:
    reply = api.post("/auth/register", patient(**{field: "x"}))

    assert_error(reply, 400, "VALIDATION_ERROR")
    # the path names the sign-up variant first ("patient.status")
    assert {(d["field"].split(".")[-1], d["message"]) for d in reply.body["error"]["details"]} == {
        (field, "unknown field")
    }
    assert list(User.by_email.query("pat@example.com")) == []


def test_a_patient_may_not_send_doctor_fields(api: Api, specialty: dict[str, Any]) -> None:
    reply = api.post("/auth/register", patient(specialty_id=specialty["specialty_id"], license_number="LIC-1"))

    assert_error(reply, 400, "VALIDATION_ERROR")
    fields = {d["field"] for d in reply.body["error"]["details"]}
    assert any("specialty_id" in f for f in fields)


@pytest.mark.parametrize("missing", ["email", "password", "name"])
def test_a_missing_field_is_refused(api: Api, missing: str) -> None:
    body = patient()
    body.pop(missing)

    reply = api.post("/auth/register", body)

    assert_error(reply, 400, "VALIDATION_ERROR")
    assert any(missing in d["field"] for d in reply.body["error"]["details"])


@pytest.mark.parametrize("missing", ["specialty_id", "license_number", "experience_years", "consultation_fee"])
def test_a_doctor_missing_a_professional_field_is_refused(api: Api, specialty: dict[str, Any], missing: str) -> None:
    body = doctor_registration(specialty["specialty_id"])
    body.pop(missing)

    reply = api.post("/auth/register", body)

    assert_error(reply, 400, "VALIDATION_ERROR")
    assert any(missing in d["field"] for d in reply.body["error"]["details"])
    assert Doctor.count() == 0


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("email", "not-an-email"),
        ("email", "a@b"),
        ("password", "short"),
        ("name", "   "),
        ("phone", "call me"),
        ("timezone", "Mars/Olympus_Mons"),
    ],
)
def test_an_invalid_value_is_refused(api: Api, field: str, value: str) -> None:
    reply = api.post("/auth/register", patient(**{field: value}))

    assert_error(reply, 400, "VALIDATION_ERROR")
    assert any(field in d["field"] for d in reply.body["error"]["details"])


@pytest.mark.parametrize(
    ("field", "value"),
    [("experience_years", -1), ("experience_years", 71), ("consultation_fee", -5), ("license_number", "x!")],
)
def test_an_invalid_professional_value_is_refused(api: Api, specialty: dict[str, Any], field: str, value: Any) -> None:
    reply = api.post("/auth/register", doctor_registration(specialty["specialty_id"], **{field: value}))

    assert_error(reply, 400, "VALIDATION_ERROR")
    assert Doctor.count() == 0


def test_a_body_that_is_not_json_is_refused(api: Api) -> None:
    reply = api.post("/auth/register", raw=b'{"role": "patient", "email": ')

    assert_error(reply, 400, "VALIDATION_ERROR")
    assert "JSON" in reply.body["error"]["message"]


@pytest.mark.parametrize("raw", [b"[]", b'"patient"', b"42", b"null", b"true"])
def test_a_body_that_is_not_an_object_is_refused(api: Api, raw: bytes) -> None:
    reply = api.post("/auth/register", raw=raw)

    assert_error(reply, 400, "VALIDATION_ERROR")
    assert "object" in reply.body["error"]["message"]


def test_an_empty_body_is_refused(api: Api) -> None:
    assert_error(api.post("/auth/register"), 400, "VALIDATION_ERROR")

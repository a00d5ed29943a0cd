"""Accounts made through the HTTP API as a client makes them: patients, doctors (pending or approved) and the
specialty a doctor needs. Every one of them signs in with ``PASSWORD``."""

from __future__ import annotations

from typing import Any

from tests.support.api import Api

PASSWORD = "correct horse battery"


def login(api: Api, email: str, password: str = PASSWORD) -> dict[str, Any]:
    reply = api.post("/auth/login", {"email": email, "password": password})
    assert reply.status == 200, reply.body
    pair: dict[str, Any] = reply.body
    return pair


def register_patient(api: Api, email: str = "pat@example.com", name: str = "Pat Patient") -> dict[str, Any]:
    reply = api.post("/auth/register", {"role": "patient", "email": email, "password": PASSWORD, "name": name})
    assert reply.status == 201, reply.body
    body: dict[str, Any] = reply.body
    return body


def create_specialty(api: Api, admin_token: str, name: str, description: str = "") -> dict[str, Any]:
    reply = api.post("/admin/specialties", {"name": name, "description": description}, admin_token)
    assert reply.status == 201, reply.body
    body: dict[str, Any] = reply.body
    return body


def doctor_registration(specialty_id: str, email: str = "doc@example.com", **extra: Any) -> dict[str, Any]:
    body = {
        "role": "doctor",
        "email": email,
        "password": PASSWORD,
        "name": "Anna Smith",
        "specialty_id": specialty_id,
        "license_number": "LIC-1001",
        "experience_years": 12,
        "consultation_fee": 80,
        "bio": "Heart doctor",
        "timezone": "Europe/Berlin",
    }
    body.update(extra)
    return body


def register_doctor(api: Api, specialty_id: str, email: str, license_number: str, **extra: Any) -> dict[str, Any]:
    """A doctor signs up and waits PENDING."""
    body = doctor_registration(specialty_id, email=email, license_number=license_number, **extra)
    reply = api.post("/auth/register", body)
    assert reply.status == 201, reply.body
    created: dict[str, Any] = reply.body
    return created


def admin_create_doctor(
    api: Api, admin_token: str, specialty_id: str, email: str, license_number: str, **extra: Any
) -> dict[str, Any]:
    """An admin creates a doctor who is APPROVED at once."""
    body = doctor_registration(specialty_id, email=email, license_number=license_number, **extra)
    body.pop("role")
    reply = api.post("/admin/doctors", body, admin_token)
    assert reply.status == 201, reply.body
    created: dict[str, Any] = reply.body
    return created

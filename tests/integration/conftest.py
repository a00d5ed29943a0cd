from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from chalice.test import Client

from chalicelib.services import accounts
from tests.integration.api import Api

PASSWORD = "correct horse battery"


@pytest.fixture
def api(aws: None) -> Iterator[Api]:
    from app import app

    with Client(app) as client:
        yield Api(client)


def login(api: Api, email: str, password: str = PASSWORD) -> dict[str, Any]:
    reply = api.post("/auth/login", {"email": email, "password": password})
    assert reply.status == 200, reply.body
    return reply.body


def register_patient(api: Api, email: str = "pat@example.com", name: str = "Pat Patient") -> dict[str, Any]:
    reply = api.post("/auth/register", {"role": "patient", "email": email, "password": PASSWORD, "name": name})
    assert reply.status == 201, reply.body
    return reply.body


@pytest.fixture
def admin_token(api: Api) -> str:
    accounts.create_admin(email="admin@example.com", password=PASSWORD, name="Ada Admin")
    return login(api, "admin@example.com")["access_token"]


@pytest.fixture
def patient_token(api: Api) -> str:
    register_patient(api)
    return login(api, "pat@example.com")["access_token"]


@pytest.fixture
def specialty(api: Api, admin_token: str) -> dict[str, Any]:
    reply = api.post("/admin/specialties", {"name": "Cardiology", "description": "Heart"}, admin_token)
    assert reply.status == 201, reply.body
    return reply.body


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


@pytest.fixture
def pending_doctor(api: Api, specialty: dict[str, Any]) -> dict[str, Any]:
    reply = api.post("/auth/register", doctor_registration(specialty["specialty_id"], email="pending@example.com"))
    assert reply.status == 201, reply.body
    return {**reply.body, "token": login(api, "pending@example.com")["access_token"]}


@pytest.fixture
def approved_doctor(api: Api, specialty: dict[str, Any], admin_token: str) -> dict[str, Any]:
    body = doctor_registration(specialty["specialty_id"], email="approved@example.com", license_number="LIC-2002")
    body.pop("role")
    reply = api.post("/admin/doctors", body, admin_token)
    assert reply.status == 201, reply.body
    return {**reply.body, "token": login(api, "approved@example.com")["access_token"]}

"""Nothing a client sends may make the API answer 500: hostile input gets a 4xx with the error shape.

The requests share one account (see ``shared_world``): each either is refused or writes objects of its own.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from chalicelib.services.accounts import users
from tests.support.accounts import PASSWORD, admin_create_doctor, create_specialty, doctor_registration, login
from tests.support.api import Reply, assert_error
from tests.support.world import SharedWorld

HUGE = "x" * 100_000
EMOJI = "😀🩺👩‍⚕️🇩🇪"
SQLISH = "'; DROP TABLE users; --"


@pytest.fixture(scope="module")
def world(shared_world: SharedWorld) -> dict[str, Any]:
    api = shared_world.api
    users.create_admin(email="admin@example.com", password=PASSWORD, name="Ada Admin")
    admin = login(api, "admin@example.com")["access_token"]
    specialty_id = create_specialty(api, admin, "Cardiology")["specialty_id"]
    doctor = admin_create_doctor(api, admin, specialty_id, "doc@example.com", "LIC-1")
    return {
        "api": api,
        "admin": admin,
        "specialty_id": specialty_id,
        "doctor": login(api, "doc@example.com")["access_token"],
        "doctor_id": doctor["doctor_id"],
    }


def patient(**fields: Any) -> dict[str, Any]:
    return {"role": "patient", "email": "hostile@example.com", "password": PASSWORD, "name": "Hostile", **fields}


def refused(reply: Reply) -> None:
    assert 400 <= reply.status < 500, (reply.status, reply.body)
    assert_error(reply, reply.status)


REGISTRATIONS: dict[str, dict[str, Any]] = {
    "huge name": patient(name=HUGE),
    "huge email": patient(email=HUGE + "@example.com"),
    "huge password": patient(password=HUGE),
    "huge phone": patient(phone="1" * 10_000),
    "huge timezone": patient(timezone=HUGE),
    "email as number": patient(email=12345),
    "name as list": patient(name=["Pat"]),
    "name as object": patient(name={"first": "Pat"}),
    "password as number": patient(password=12345678),
    "phone as number": patient(phone=5551234),
    "null email": patient(email=None),
    "null password": patient(password=None),
    "null name": patient(name=None),
    "null role": patient(role=None),
    "sql in email": patient(email=SQLISH),
    "emoji email without domain": patient(email=EMOJI),
    "emoji timezone": patient(timezone=EMOJI),
    "nul byte in timezone": patient(timezone="Europe/Berlin\x00"),
    "control characters in email": patient(email="pat\r\n@example.com"),
    "role as list": patient(role=["patient"]),
    "nested body": {"role": "patient", "email": {"$ne": None}, "password": {"$gt": ""}, "name": "x"},
}


@pytest.mark.parametrize("name", list(REGISTRATIONS))
def test_hostile_registrations_are_refused(world: dict[str, Any], name: str) -> None:
    refused(world["api"].post("/auth/register", REGISTRATIONS[name]))


def doctor(world: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return {**doctor_registration(world["specialty_id"], email="hostile-doc@example.com"), **fields}


DOCTOR_FIELDS: dict[str, dict[str, Any]] = {
    "fee as text": {"consultation_fee": "free"},
    "fee not a number": {"consultation_fee": float("nan")},
    "fee infinite": {"consultation_fee": float("inf")},
    "fee huge": {"consultation_fee": 10**400},
    "experience huge": {"experience_years": 10**40},
    "experience fractional": {"experience_years": 1.5},
    "experience as bool": {"experience_years": [True]},
    "null licence": {"license_number": None},
    "sql licence": {"license_number": SQLISH},
    "emoji licence": {"license_number": EMOJI},
    "huge bio": {"bio": HUGE},
    "specialty as object": {"specialty_id": {"S": "x"}},
    "huge specialty id": {"specialty_id": HUGE},
}


@pytest.mark.parametrize("name", list(DOCTOR_FIELDS))
def test_hostile_doctor_sign_ups_are_refused(world: dict[str, Any], name: str) -> None:
    refused(world["api"].post("/auth/register", doctor(world, **DOCTOR_FIELDS[name])))


RAW_BODIES = {
    "deeply nested arrays": b"[" * 100_000 + b"]" * 100_000,
    "deeply nested objects": b'{"a":' * 50_000 + b"1" + b"}" * 50_000,
    "not utf-8": b"\xff\xfe\xfa",
    "nan literal": b'{"email": NaN}',
    "trailing garbage": b'{"email": "a@b.co"} trailing',
    "bare string": b'"hello"',
    "huge number": b'{"email": 1' + b"0" * 5000 + b"}",
    "nul byte": b'{"email": "\x00"}',
    "duplicate keys": b'{"email": "a@b.co", "email": 5}',
}


@pytest.mark.parametrize("name", list(RAW_BODIES))
@pytest.mark.parametrize("path", ["/auth/register", "/auth/login", "/auth/password-reset"])
def test_malformed_bodies_are_refused(world: dict[str, Any], name: str, path: str) -> None:
    refused(world["api"].post(path, raw=RAW_BODIES[name]))


def test_a_hostile_profile_edit_is_refused(world: dict[str, Any]) -> None:
    api, token = world["api"], world["doctor"]
    for body in (
        {"bio": HUGE},
        {"consultation_fee": float("nan")},
        {"consultation_fee": 1e308 * 10},
        {"photo_url": "javascript:alert(1)"},
        {"photo_url": "http://" + HUGE},
        {"timezone": None},
        {"timezone": HUGE},
        {"experience_years": None},
    ):
        refused(api.patch("/doctors/me", body, token))


@pytest.mark.parametrize(
    "body",
    [
        {"date_of_birth": "0000-00-00"},
        {"date_of_birth": "9999-99-99"},
        {"date_of_birth": HUGE},
        {"email_opt_out": "maybe"},
        {"email_opt_out": [True]},
        {"phone": HUGE},
        {"name": HUGE},
        {"name": ""},
        {"timezone": "../../../etc/passwd"},
        {"timezone": HUGE},
    ],
)
def test_a_hostile_account_edit_is_refused(world: dict[str, Any], body: dict[str, Any]) -> None:
    refused(world["api"].patch("/me", body, world["admin"]))


@pytest.mark.parametrize(
    "query",
    [
        "limit=99999999999999999999999",
        "limit=%00",
        "limit=1;DROP",
        "cursor=" + "A" * 10_000,
        "cursor=%FF%FE",
        "cursor=e30",
        "cursor=W10",
        "q=smith&cursor=" + "A" * 100,
    ],
)
def test_hostile_list_parameters_are_refused(world: dict[str, Any], query: str) -> None:
    refused(world["api"].get(f"/doctors?{query}"))


@pytest.mark.parametrize(
    "query",
    [
        "q=" + "%27%20OR%20%271%27%3D%271",
        "q=" + "%F0%9F%98%80",
        "q=" + "%00",
        "specialty_id=" + "%27%20OR%201%3D1",
        "specialty_id=" + "%F0%9F%98%80",
    ],
)
def test_hostile_searches_find_nothing_rather_than_fail(world: dict[str, Any], query: str) -> None:
    reply = world["api"].get(f"/doctors?{query}")

    assert reply.status == 200, reply.body
    assert reply.body["items"] == []


@pytest.mark.parametrize(
    "query",
    [
        "q=" + "a" * 2000,
        "q=" + "word%20" * 300,
        "q=cardio&specialty_id=" + "x" * 200,
        "specialty_id=" + "x" * 3000,
    ],
)
def test_oversized_searches_are_refused_before_any_work(world: dict[str, Any], query: str) -> None:
    refused(world["api"].get(f"/doctors?{query}"))


@pytest.mark.parametrize("doctor_id", ["%F0%9F%98%80", "%27%20OR%201%3D1", "..%2F..%2Fadmin", "x" * 1000, "%00", "%20"])
def test_hostile_ids_are_not_found(world: dict[str, Any], doctor_id: str) -> None:
    api, admin = world["api"], world["admin"]

    for reply in (
        api.get(f"/doctors/{doctor_id}"),
        api.post(f"/admin/doctors/{doctor_id}/approve", {}, admin),
        api.patch(f"/admin/specialties/{doctor_id}", {"description": "x"}, admin),
    ):
        refused(reply)
        assert reply.status == 404


def test_an_emoji_and_sql_laden_name_is_stored_verbatim(world: dict[str, Any]) -> None:
    """Hostile-looking but valid input is accepted and round-trips unchanged."""
    api = world["api"]
    name = f"{EMOJI} {SQLISH}"

    reply = api.post("/auth/register", patient(email="emoji@example.com", name=name))

    assert reply.status == 201, reply.body
    assert reply.body["name"] == name
    token = login(api, "emoji@example.com")["access_token"]
    assert api.get("/me", token).body["name"] == name


def test_an_emoji_specialty_and_doctor_are_searchable_without_failing(world: dict[str, Any]) -> None:
    api, admin = world["api"], world["admin"]
    specialty = create_specialty(api, admin, f"{EMOJI} Care")
    admin_create_doctor(api, admin, specialty["specialty_id"], "emoji-doc@example.com", "LIC-E", name=f"{EMOJI} Okafor")

    assert [d["name"] for d in api.get("/doctors?q=okafor").body["items"]] == [f"{EMOJI} Okafor"]
    assert api.get(f"/doctors?q={json.dumps(EMOJI)}").status == 200


def test_wrong_content_type_is_refused(world: dict[str, Any]) -> None:
    reply = world["api"].call(
        "POST",
        "/auth/login",
        raw=b"email=a@b.co&password=x",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )

    refused(reply)

"""Strict input: what a route does not declare is refused, and every refusal names the client's fields.

A query parameter the route does not know (a typo such as ``specialty`` for ``specialty_id``) is a 400 naming it,
never a search that silently ignored it; each validation error lists ``details: [{field, message}]`` with the
names the client sent (aliases, nested paths), never the parser's internals; ids that cannot be ours are 404s.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.accounts import PASSWORD, doctor_registration, login, register_patient
from tests.support.api import Api, Reply, assert_error
from tests.support.world import SharedWorld


@pytest.fixture(scope="module")
def world(shared_world: SharedWorld) -> dict[str, Any]:
    api = shared_world.api
    register_patient(api, email="strict@example.com")
    return {"api": api, "token": login(api, "strict@example.com")["access_token"]}


def fields(reply: Reply) -> list[str]:
    return [d["field"] for d in reply.body["error"]["details"]]


@pytest.mark.parametrize(
    ("path", "unknown"),
    [
        ("/doctors?specialty=cardiology", ["specialty"]),
        ("/doctors?q=anna&sort=name", ["sort"]),
        ("/specialties?active=false", ["active"]),
        ("/health?verbose=1", ["verbose"]),
        ("/doctors?Q=anna&LIMIT=5", ["Q", "LIMIT"]),
    ],
)
def test_an_unknown_query_parameter_is_refused_by_name(world: dict[str, Any], path: str, unknown: list[str]) -> None:
    reply = world["api"].get(path)

    assert_error(reply, 400, "VALIDATION_ERROR")
    assert fields(reply) == unknown
    assert all(name in reply.body["error"]["message"] for name in unknown)


def test_an_unknown_query_parameter_is_refused_on_routes_behind_the_token(world: dict[str, Any]) -> None:
    reply = world["api"].get("/notifications?unread_only=true", world["token"])

    assert_error(reply, 400, "VALIDATION_ERROR")
    assert fields(reply) == ["unread_only"]


def test_a_parameter_given_twice_is_refused(world: dict[str, Any]) -> None:
    reply = world["api"].get("/doctors?q=anna&q=bert")

    assert_error(reply, 400, "VALIDATION_ERROR")
    assert fields(reply) == ["q"]


@pytest.mark.parametrize(
    ("query", "field"),
    [("limit=0", "limit"), ("limit=abc", "limit"), ("date=2026-13-40", "date"), ("q=" + "x" * 101, "q")],
)
def test_a_bad_query_value_names_its_parameter(world: dict[str, Any], query: str, field: str) -> None:
    reply = world["api"].get(f"/doctors?{query}")

    assert_error(reply, 400, "VALIDATION_ERROR")
    assert fields(reply) == [field]


def test_an_aliased_parameter_is_named_as_the_client_sent_it(world: dict[str, Any]) -> None:
    reply = world["api"].get("/appointments?from=" + "x" * 50, world["token"])

    assert_error(reply, 400, "VALIDATION_ERROR")
    assert fields(reply) == ["from"]


def test_body_errors_name_the_fields_of_the_chosen_registration(world: dict[str, Any]) -> None:
    """A doctor's sign-up missing its licence names ``license_number``, not the union's tag."""
    body = doctor_registration("cardiology", email="strict-doc@example.com")
    del body["license_number"]
    body["experience_years"] = -1

    reply = world["api"].post("/auth/register", body)

    assert_error(reply, 400, "VALIDATION_ERROR")
    assert sorted(fields(reply)) == ["experience_years", "license_number"]
    messages = [d["message"] for d in reply.body["error"]["details"]]
    assert all("function" not in m and "Value error" not in m for m in messages)


def test_an_unknown_role_names_the_role(world: dict[str, Any]) -> None:
    reply = world["api"].post("/auth/register", {"role": "robot", "email": "r@example.com", "password": PASSWORD})

    assert_error(reply, 400, "VALIDATION_ERROR")
    assert fields(reply) == ["role"]


def test_nested_fields_are_named_by_their_path(world: dict[str, Any]) -> None:
    reply = world["api"].patch("/me", {"email_preferences": {"reminders": "sometimes"}}, world["token"])

    assert_error(reply, 400, "VALIDATION_ERROR")
    assert fields(reply) == ["email_preferences.reminders"]


@pytest.mark.parametrize("raw", [b"not json", b"[1, 2]"])
def test_a_body_that_is_no_json_object_names_the_body(world: dict[str, Any], raw: bytes) -> None:
    reply = world["api"].post("/auth/login", raw=raw)

    assert_error(reply, 400, "VALIDATION_ERROR")
    assert fields(reply) == ["body"]


@pytest.mark.parametrize("notification_id", ["%5B%5D", "%7B%7D", "!!", "[]", "W10", "AAAA", "e30", "%20", "x" * 300])
def test_a_notification_id_that_is_not_ours_is_not_found(world: dict[str, Any], notification_id: str) -> None:
    reply = world["api"].post(f"/notifications/{notification_id}/read", token=world["token"])

    assert_error(reply, 404, "NOT_FOUND")


def test_an_empty_notification_id_is_not_found(world: dict[str, Any]) -> None:
    assert_error(world["api"].post("/notifications//read", token=world["token"]), 404)


def test_a_notification_of_someone_else_is_not_found(world: dict[str, Any]) -> None:
    api: Api = world["api"]
    register_patient(api, email="other-strict@example.com")
    other = login(api, "other-strict@example.com")["access_token"]
    mine = api.get("/notifications", world["token"]).body["items"]
    theirs = "MjAyNi0wMS0wMVQwMDowMDowMCswMDowMCMwMTIzYWJjZA"  # a well-formed id of nobody's notification

    assert mine == []
    assert_error(api.post(f"/notifications/{theirs}/read", token=other), 404, "NOT_FOUND")

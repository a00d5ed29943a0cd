"""Access tokens, refresh-token rotation with reuse detection, and logout."""

from __future__ import annotations

from typing import Any

import pytest

from chalicelib.models.tokens import Token
from chalicelib.services.accounts import _tokens as tokens
from tests.support.accounts import login, register_patient
from tests.support.api import Api, Reply, assert_error
from tests.support.fakes import FakeClock


@pytest.fixture
def session(api: Api) -> dict[str, Any]:
    register_patient(api)
    return login(api, "pat@example.com")


def refresh(api: Api, refresh_token: str) -> Reply:
    return api.post("/auth/refresh", {"refresh_token": refresh_token})


def test_refresh_returns_a_new_working_pair(api: Api, session: dict[str, Any]) -> None:
    # When
    reply = refresh(api, session["refresh_token"])

    # Then
    assert reply.status == 200, reply.body
    pair = reply.body
    assert pair["refresh_token"] != session["refresh_token"]
    assert pair["access_token"] != session["access_token"]
    assert pair["user"]["user_id"] == session["user"]["user_id"]
    assert api.get("/me", pair["access_token"]).status == 200
    assert refresh(api, pair["refresh_token"]).status == 200


def test_the_refreshed_token_stays_in_the_same_family(api: Api, session: dict[str, Any]) -> None:
    pair = refresh(api, session["refresh_token"]).body

    old = Token.get(tokens.digest(session["refresh_token"]))
    new = Token.get(tokens.digest(pair["refresh_token"]))
    assert old.family == new.family
    assert old.used_at is not None
    assert new.used_at is None


def test_a_spent_refresh_token_stops_working(api: Api, session: dict[str, Any]) -> None:
    # Given
    assert refresh(api, session["refresh_token"]).status == 200

    # When
    reply = refresh(api, session["refresh_token"])

    # Then
    assert_error(reply, 401, "TOKEN_REUSED")


def test_reusing_a_spent_refresh_token_revokes_the_whole_family(api: Api, session: dict[str, Any]) -> None:
    # Given the owner rotated twice: first -> second -> newest
    second = refresh(api, session["refresh_token"]).body["refresh_token"]
    newest = refresh(api, second).body["refresh_token"]

    # When a thief replays the first (spent) token
    assert_error(refresh(api, session["refresh_token"]), 401, "TOKEN_REUSED")

    # Then the newest token of that family is dead too
    assert_error(refresh(api, newest), 401, "SESSION_ENDED")
    family = Token.get(tokens.digest(newest)).family
    assert Token.get(f"family#{family}").revoked_at is not None


def test_reuse_in_one_family_leaves_other_sessions_alone(api: Api, session: dict[str, Any]) -> None:
    # Given a second login (another device) of the same user
    other_device = login(api, "pat@example.com")
    assert refresh(api, session["refresh_token"]).status == 200

    # When the first device's spent token is replayed
    assert_error(refresh(api, session["refresh_token"]), 401, "TOKEN_REUSED")

    # Then the other device's session still refreshes
    assert refresh(api, other_device["refresh_token"]).status == 200


def test_a_refresh_token_is_not_an_access_token(api: Api, session: dict[str, Any]) -> None:
    reply = api.get("/me", session["refresh_token"])

    assert_error(reply, 401, "UNAUTHORIZED")


def test_an_access_token_cannot_be_used_to_refresh(api: Api, session: dict[str, Any]) -> None:
    assert_error(refresh(api, session["access_token"]), 401, "INVALID_TOKEN")


@pytest.mark.parametrize("garbage", ["x", "a.b.c", "eyJhbGciOiJIUzI1NiJ9.e30.AAAA"])
def test_a_garbage_refresh_token_is_refused(api: Api, garbage: str) -> None:
    assert_error(refresh(api, garbage), 401, "INVALID_TOKEN")


def test_refresh_without_a_token_is_invalid(api: Api) -> None:
    assert_error(api.post("/auth/refresh", {}), 400, "VALIDATION_ERROR")


def test_the_access_token_expires_after_fifteen_minutes(api: Api, session: dict[str, Any], clock: FakeClock) -> None:
    # Given it still works a second before the end
    clock.advance(minutes=14, seconds=59)
    assert api.get("/me", session["access_token"]).status == 200

    # When fifteen minutes have passed
    clock.advance(seconds=1)

    # Then
    assert_error(api.get("/me", session["access_token"]), 401, "UNAUTHORIZED")
    # And the refresh token gets a fresh access token
    assert api.get("/me", refresh(api, session["refresh_token"]).body["access_token"]).status == 200


def test_the_refresh_token_expires_after_thirty_days(api: Api, session: dict[str, Any], clock: FakeClock) -> None:
    clock.advance(days=30)

    assert_error(refresh(api, session["refresh_token"]), 401, "TOKEN_EXPIRED")


def test_logout_ends_the_session(api: Api, session: dict[str, Any]) -> None:
    # When
    reply = api.post("/auth/logout", {"refresh_token": session["refresh_token"]}, session["access_token"])

    # Then
    assert reply.status == 204, reply.body
    assert_error(refresh(api, session["refresh_token"]), 401, "SESSION_ENDED")


def test_logout_ends_tokens_already_rotated_from_that_login(api: Api, session: dict[str, Any]) -> None:
    pair = refresh(api, session["refresh_token"]).body

    assert api.post("/auth/logout", {"refresh_token": session["refresh_token"]}, pair["access_token"]).status == 204

    assert_error(refresh(api, pair["refresh_token"]), 401, "SESSION_ENDED")


def test_logout_leaves_other_logins_alive(api: Api, session: dict[str, Any]) -> None:
    other_device = login(api, "pat@example.com")

    api.post("/auth/logout", {"refresh_token": session["refresh_token"]}, session["access_token"])

    assert refresh(api, other_device["refresh_token"]).status == 200


def test_logout_with_someone_elses_refresh_token_is_forbidden(api: Api, session: dict[str, Any]) -> None:
    # Given another user's session
    register_patient(api, email="mallory@example.com", name="Mallory")
    mallory = login(api, "mallory@example.com")

    # When Mallory tries to end the patient's session
    reply = api.post("/auth/logout", {"refresh_token": session["refresh_token"]}, mallory["access_token"])

    # Then
    assert_error(reply, 403, "NOT_OWNER")
    assert refresh(api, session["refresh_token"]).status == 200


def test_logout_needs_an_access_token(api: Api, session: dict[str, Any]) -> None:
    reply = api.post("/auth/logout", {"refresh_token": session["refresh_token"]})

    assert_error(reply, 401, "UNAUTHORIZED")
    assert refresh(api, session["refresh_token"]).status == 200


def test_logout_with_an_access_token_in_the_body_is_refused(api: Api, session: dict[str, Any]) -> None:
    reply = api.post("/auth/logout", {"refresh_token": session["access_token"]}, session["access_token"])

    assert_error(reply, 401, "INVALID_TOKEN")

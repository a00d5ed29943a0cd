"""POST /auth/login: one answer for every wrong credential, and a lock-out after repeated failures."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.client import BaseClient

from chalicelib.models.tokens import Token
from chalicelib.services.accounts import _passwords as passwords
from chalicelib.services.accounts import _tokens as tokens
from tests.support.accounts import PASSWORD, register_patient
from tests.support.api import Api, Reply, assert_error
from tests.support.fakes import FakeClock

EMAIL = "pat@example.com"


def attempt(api: Api, password: str, email: str = EMAIL) -> Reply:
    return api.post("/auth/login", {"email": email, "password": password})


def fail(api: Api, times: int) -> None:
    for _ in range(times):
        assert_error(attempt(api, "wrong password!"), 401, "INVALID_CREDENTIALS")


def test_login_returns_an_access_and_refresh_pair_and_the_user(api: Api) -> None:
    # Given
    registered = register_patient(api)

    # When
    reply = attempt(api, PASSWORD)

    # Then
    assert reply.status == 200, reply.body
    body = reply.body
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == 900
    assert body["user"] == registered
    assert "password_hash" not in body["user"]
    assert api.get("/me", body["access_token"]).body["user_id"] == registered["user_id"]
    # the refresh token is stored only as its hash, with a family of its own
    stored = Token.get(tokens.digest(body["refresh_token"]))
    assert (stored.kind, stored.user_id) == ("refresh", registered["user_id"])
    assert Token.get(f"family#{stored.family}").revoked_at is None


def test_the_email_is_matched_case_insensitively(api: Api) -> None:
    register_patient(api)

    assert attempt(api, PASSWORD, email="  PAT@Example.com").status == 200


def test_an_unknown_email_and_a_wrong_password_get_the_same_answer(api: Api) -> None:
    # Given
    register_patient(api)

    # When
    unknown = attempt(api, PASSWORD, email="nobody@example.com")
    wrong = attempt(api, "not the password")

    # Then
    assert_error(unknown, 401, "INVALID_CREDENTIALS")
    assert (unknown.status, unknown.body) == (wrong.status, wrong.body)


@pytest.mark.parametrize(
    "body",
    [{}, {"email": EMAIL}, {"password": PASSWORD}, {"email": EMAIL, "password": ""}, {"email": 1, "password": 2}],
)
def test_an_incomplete_login_is_refused_as_invalid(api: Api, body: dict[str, object]) -> None:
    assert_error(api.post("/auth/login", body), 400, "VALIDATION_ERROR")


def test_an_unknown_field_in_login_is_refused(api: Api) -> None:
    reply = api.post("/auth/login", {"email": EMAIL, "password": PASSWORD, "remember_me": True})

    assert_error(reply, 400, "VALIDATION_ERROR")
    assert reply.body["error"]["details"] == [{"field": "remember_me", "message": "unknown field"}]


def test_five_failures_in_a_row_lock_the_account_even_for_the_right_password(api: Api) -> None:
    # Given
    register_patient(api)

    # When
    fail(api, 5)
    reply = attempt(api, PASSWORD)

    # Then
    assert_error(reply, 429, "ACCOUNT_LOCKED")
    assert reply.headers["Retry-After"] == str(15 * 60)


def test_four_failures_do_not_lock_the_account(api: Api) -> None:
    register_patient(api)

    fail(api, 4)

    assert attempt(api, PASSWORD).status == 200


def test_the_lock_lifts_after_fifteen_minutes(api: Api, clock: FakeClock) -> None:
    # Given a locked account
    register_patient(api)
    fail(api, 5)

    # When 14 minutes pass it is still locked
    clock.advance(minutes=14, seconds=59)
    assert_error(attempt(api, PASSWORD), 429, "ACCOUNT_LOCKED")

    # Then at 15 minutes the right password works again
    clock.advance(seconds=1)
    assert attempt(api, PASSWORD).status == 200


def test_a_locked_account_refuses_wrong_passwords_without_counting_them(api: Api, clock: FakeClock) -> None:
    # Given
    register_patient(api)
    fail(api, 5)

    # When the attacker keeps going during the lock
    for _ in range(3):
        assert_error(attempt(api, "still wrong"), 429, "ACCOUNT_LOCKED")

    # Then the lock does not grow: it lifts 15 minutes after it started
    clock.advance(minutes=15)
    assert attempt(api, PASSWORD).status == 200


def test_a_successful_login_resets_the_failure_count(api: Api) -> None:
    # Given four failures and then a success
    register_patient(api)
    fail(api, 4)
    assert attempt(api, PASSWORD).status == 200

    # When four more failures follow
    fail(api, 4)

    # Then the account is not locked
    assert attempt(api, PASSWORD).status == 200


def test_after_a_lock_lifts_the_count_starts_again(api: Api, clock: FakeClock) -> None:
    register_patient(api)
    fail(api, 5)
    clock.advance(minutes=15)

    fail(api, 4)

    assert attempt(api, PASSWORD).status == 200


def test_failures_on_one_account_do_not_lock_another(api: Api) -> None:
    register_patient(api)
    register_patient(api, email="other@example.com", name="Other")

    fail(api, 5)

    assert attempt(api, PASSWORD, email="other@example.com").status == 200


def test_an_unknown_address_gets_the_same_answers_as_a_known_one_lock_out_included(api: Api, clock: FakeClock) -> None:
    """The lock-out counts failures per address, whether or not an account uses it: an attacker cannot tell which
    addresses have accounts by which ones lock."""
    register_patient(api)

    def answers(email: str) -> list[tuple[int, object, str | None]]:
        replies = [attempt(api, "wrong password!", email=email) for _ in range(7)]
        return [(r.status, r.body, r.headers.get("Retry-After")) for r in replies]

    known, unknown = answers(EMAIL), answers("nobody@example.com")

    assert known == unknown
    assert [status for status, _, _ in known] == [401] * 5 + [429] * 2
    clock.advance(minutes=15)
    assert_error(attempt(api, "wrong password!", email="nobody@example.com"), 401, "INVALID_CREDENTIALS")


def test_a_lapsed_run_of_failures_starts_counting_again(api: Api, clock: FakeClock) -> None:
    register_patient(api)
    fail(api, 4)

    clock.advance(minutes=15)
    fail(api, 4)

    assert attempt(api, PASSWORD).status == 200


def test_a_failed_log_in_does_the_same_work_for_an_unknown_address_as_for_a_known_one(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Same timing within noise: the same database requests, in the same order, and one password check of the
    same cost, whether or not an account uses the address."""
    register_patient(api)
    work: list[str] = []
    original_call = BaseClient._make_api_call
    original_verify = passwords.verify_password

    def counting_call(self: BaseClient, operation_name: str, api_params: dict[str, Any]) -> Any:
        work.append(f"{operation_name} {api_params.get('TableName', '')} {api_params.get('IndexName', '')}".strip())
        return original_call(self, operation_name, api_params)

    def counting_verify(password: str, stored: str) -> bool:
        work.append(f"verify {stored.split('$')[:4]}")
        return original_verify(password, stored)

    monkeypatch.setattr(BaseClient, "_make_api_call", counting_call)
    monkeypatch.setattr(passwords, "verify_password", counting_verify)

    def work_of(email: str) -> list[list[str]]:
        done = []
        for _ in range(6):  # the first failure, the following ones, the lock-out
            work.clear()
            attempt(api, "wrong password!", email=email)
            done.append(list(work))
        return done

    known, unknown = work_of(EMAIL), work_of("nobody@example.com")

    assert known == unknown
    assert sum(step.startswith("verify") for step in known[0]) == 1

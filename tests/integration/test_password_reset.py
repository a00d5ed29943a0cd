"""POST /auth/password-reset and /confirm: a single-use, expiring token sent by e-mail."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest

from chalicelib.models.tokens import Token
from chalicelib.services.accounts import _tokens as tokens
from tests.support.accounts import PASSWORD, login, register_patient
from tests.support.api import Api, Reply, assert_error
from tests.support.fakes import FakeClock, RecordingMailer

EMAIL = "pat@example.com"
RESET = "password-reset"
NEW_PASSWORD = "a brand new passphrase"


def request_reset(api: Api, email: str = EMAIL) -> Reply:
    return api.post("/auth/password-reset", {"email": email})


def reset_token(mailer: RecordingMailer, to: str = EMAIL) -> str:
    """The token in the link of the latest reset e-mail to ``to``."""
    [link] = re.findall(r"https?://\S+", mailer.to(to, RESET)[-1].text)
    return parse_qs(urlparse(str(link)).query)["token"][0]


def confirm(api: Api, token: str, password: str = NEW_PASSWORD) -> Reply:
    return api.post("/auth/password-reset/confirm", {"token": token, "password": password})


def attempt(api: Api, password: str) -> Reply:
    return api.post("/auth/login", {"email": EMAIL, "password": password})


@pytest.fixture
def patient(api: Api) -> dict[str, Any]:
    return register_patient(api)


def test_a_known_email_gets_202_and_a_reset_link(api: Api, patient: dict[str, Any], mailer: RecordingMailer) -> None:
    # When
    reply = request_reset(api)

    # Then
    assert reply.status == 202, reply.body
    [email] = mailer.to(EMAIL, RESET)
    assert "reset" in email.subject.lower()
    link = re.findall(r"https?://\S+", email.text)[0]
    assert urlparse(link).path == "/reset-password"
    token = reset_token(mailer)
    stored = Token.get(tokens.digest(token))
    assert (stored.kind, stored.user_id) == ("password-reset", patient["user_id"])
    assert "used_at" not in stored.attribute_values


def test_an_unknown_email_gets_the_same_answer_and_no_mail(
    api: Api, patient: dict[str, Any], mailer: RecordingMailer
) -> None:
    # When
    known = request_reset(api)
    unknown = request_reset(api, "nobody@example.com")

    # Then
    assert (unknown.status, unknown.body) == (known.status, known.body)
    assert mailer.to("nobody@example.com") == []
    assert [e.kind for e in mailer.sent] == ["welcome", RESET]


def test_the_email_is_matched_case_insensitively(api: Api, patient: dict[str, Any], mailer: RecordingMailer) -> None:
    assert request_reset(api, "PAT@EXAMPLE.com").status == 202

    assert len(mailer.to(EMAIL, RESET)) == 1


def test_a_mail_failure_does_not_change_the_answer(api: Api, patient: dict[str, Any], mailer: RecordingMailer) -> None:
    mailer.failing = True

    assert request_reset(api).status == 202


def test_an_invalid_email_is_refused(api: Api) -> None:
    assert_error(api.post("/auth/password-reset", {"email": "not an email"}), 400, "VALIDATION_ERROR")


def test_confirm_sets_the_new_password(api: Api, patient: dict[str, Any], mailer: RecordingMailer) -> None:
    # Given
    request_reset(api)

    # When
    reply = confirm(api, reset_token(mailer))

    # Then
    assert reply.status == 200, reply.body
    assert_error(attempt(api, PASSWORD), 401, "INVALID_CREDENTIALS")
    assert attempt(api, NEW_PASSWORD).status == 200


def test_the_token_works_only_once(api: Api, patient: dict[str, Any], mailer: RecordingMailer) -> None:
    # Given a token already used
    request_reset(api)
    token = reset_token(mailer)
    assert confirm(api, token).status == 200

    # When it is used again
    reply = confirm(api, token, "yet another password")

    # Then
    assert_error(reply, 400, "INVALID_RESET_TOKEN")
    assert attempt(api, NEW_PASSWORD).status == 200


def test_the_token_expires_after_an_hour(
    api: Api, patient: dict[str, Any], mailer: RecordingMailer, clock: FakeClock
) -> None:
    request_reset(api)
    clock.advance(minutes=60)

    assert_error(confirm(api, reset_token(mailer)), 400, "INVALID_RESET_TOKEN")
    assert attempt(api, PASSWORD).status == 200


def test_the_token_still_works_just_before_it_expires(
    api: Api, patient: dict[str, Any], mailer: RecordingMailer, clock: FakeClock
) -> None:
    request_reset(api)
    clock.advance(minutes=59, seconds=59)

    assert confirm(api, reset_token(mailer)).status == 200


def test_an_unknown_token_is_refused(api: Api, patient: dict[str, Any]) -> None:
    assert_error(confirm(api, tokens.new_secret()), 400, "INVALID_RESET_TOKEN")


def test_a_refresh_token_is_not_a_reset_token(api: Api, patient: dict[str, Any]) -> None:
    """The tokens table holds refresh tokens too: their hash must not be accepted as a reset token."""
    refresh_token = login(api, EMAIL)["refresh_token"]

    reply = api.post("/auth/password-reset/confirm", {"token": refresh_token[:200], "password": NEW_PASSWORD})

    assert reply.status == 400
    assert attempt(api, PASSWORD).status == 200


def test_a_too_short_new_password_is_refused_and_the_token_kept(
    api: Api, patient: dict[str, Any], mailer: RecordingMailer
) -> None:
    request_reset(api)
    token = reset_token(mailer)

    assert_error(confirm(api, token, "short"), 400, "VALIDATION_ERROR")
    assert confirm(api, token).status == 200


def test_a_reset_lifts_a_lock_out(api: Api, patient: dict[str, Any], mailer: RecordingMailer) -> None:
    # Given a locked account
    for _ in range(5):
        attempt(api, "wrong password!")
    assert_error(attempt(api, PASSWORD), 429, "ACCOUNT_LOCKED")

    # When the owner resets the password
    request_reset(api)
    assert confirm(api, reset_token(mailer)).status == 200

    # Then they can log in at once
    assert attempt(api, NEW_PASSWORD).status == 200


def test_a_reset_ends_every_existing_session(api: Api, patient: dict[str, Any], mailer: RecordingMailer) -> None:
    # Given two logins, one of which already rotated
    first = login(api, EMAIL)
    second = login(api, EMAIL)
    rotated = api.post("/auth/refresh", {"refresh_token": second["refresh_token"]}).body

    # When
    request_reset(api)
    assert confirm(api, reset_token(mailer)).status == 200

    # Then no old refresh token works
    for token in (first["refresh_token"], rotated["refresh_token"]):
        assert_error(api.post("/auth/refresh", {"refresh_token": token}), 401, "SESSION_ENDED")
    # And a new login does
    fresh = login(api, EMAIL, NEW_PASSWORD)
    assert api.post("/auth/refresh", {"refresh_token": fresh["refresh_token"]}).status == 200


def test_a_reset_spends_every_other_reset_link(api: Api, patient: dict[str, Any], mailer: RecordingMailer) -> None:
    request_reset(api)
    older = reset_token(mailer)
    mailer.sent.clear()
    request_reset(api)
    newer = reset_token(mailer)
    assert confirm(api, newer).status == 200
    reused = confirm(api, older, password="yet another password")
    assert (reused.status, reused.error_code) == (400, "INVALID_RESET_TOKEN")

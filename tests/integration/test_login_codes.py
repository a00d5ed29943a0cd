"""Signing in with a 6-digit code mailed to the address: 202 whatever the address, the same token pair as a
password log-in, a code that works once, for 10 minutes, for 5 tries, until a newer one is asked for."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest

from chalicelib.models.unique_keys import UniqueKey, login_code_key
from chalicelib.services.core import limits
from tests.support.accounts import login, register_patient
from tests.support.api import Api, assert_error
from tests.support.fakes import FakeClock, RecordingMailer

EMAIL = "pat@example.com"


@pytest.fixture
def patient(api: Api) -> dict[str, Any]:
    return register_patient(api, email=EMAIL)


def ask(api: Api, email: str = EMAIL) -> Any:
    return api.post("/auth/code", {"email": email})


def mailed_code(mailer: RecordingMailer, email: str = EMAIL) -> str:
    mail = mailer.to(email, "login-code")[-1]
    [code] = re.findall(r"\b[0-9]{6}\b", mail.text)
    assert code in mail.subject and mail.html is not None and code in mail.html
    return code


def verify(api: Api, code: str, email: str = EMAIL) -> Any:
    return api.post("/auth/code/verify", {"email": email, "code": code})


def other(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def test_the_mailed_code_signs_in_with_the_same_pair_as_a_password(
    api: Api, patient: dict[str, Any], mailer: RecordingMailer, capsys: pytest.CaptureFixture[str]
):
    asked = ask(api)
    assert asked.status == 202
    code = mailed_code(mailer)
    assert code not in str(asked.body)
    signed_in = verify(api, code)
    assert signed_in.status == 200, signed_in.body
    assert set(signed_in.body) == set(login(api, EMAIL))
    assert signed_in.body["user"]["user_id"] == patient["user_id"]
    assert api.get("/me", token=signed_in.body["access_token"]).body["email"] == EMAIL
    refreshed = api.post("/auth/refresh", {"refresh_token": signed_in.body["refresh_token"]})
    assert refreshed.status == 200
    logged = capsys.readouterr()
    assert code not in logged.out + logged.err
    with pytest.raises(UniqueKey.DoesNotExist):
        UniqueKey.get(login_code_key(limits.digest(EMAIL)), consistent_read=True)


def test_the_code_is_stored_only_as_a_hash(api: Api, patient: dict[str, Any], mailer: RecordingMailer):
    ask(api)
    code = mailed_code(mailer)
    item = UniqueKey.get(login_code_key(limits.digest(EMAIL)), consistent_read=True)
    assert item.code_hash and code not in item.code_hash and code not in str(item.attribute_values)
    assert item.owner_id == patient["user_id"]


def test_a_code_works_once(api: Api, patient: dict[str, Any], mailer: RecordingMailer):
    ask(api)
    code = mailed_code(mailer)
    assert verify(api, code).status == 200
    assert_error(verify(api, code), 401, "INVALID_CODE")


def test_five_wrong_codes_kill_the_code_even_for_the_right_one(
    api: Api, patient: dict[str, Any], mailer: RecordingMailer
):
    ask(api)
    code = mailed_code(mailer)
    for _ in range(5):
        assert_error(verify(api, other(code)), 401, "INVALID_CODE")
    assert_error(verify(api, code), 401, "INVALID_CODE")
    # A new code works again
    ask(api)
    assert verify(api, mailed_code(mailer)).status == 200


def test_the_fifth_try_may_still_be_the_right_one(api: Api, patient: dict[str, Any], mailer: RecordingMailer):
    ask(api)
    code = mailed_code(mailer)
    for _ in range(4):
        assert_error(verify(api, other(code)), 401, "INVALID_CODE")
    assert verify(api, code).status == 200


def test_a_code_expires_after_ten_minutes(api: Api, patient: dict[str, Any], mailer: RecordingMailer, clock: FakeClock):
    ask(api)
    code = mailed_code(mailer)
    clock.advance(minutes=9, seconds=59)
    ask(api, "someone@example.com")  # time passes for others too
    clock.advance(seconds=2)
    assert_error(verify(api, code), 401, "INVALID_CODE")


def test_a_code_still_works_just_before_ten_minutes(
    api: Api, patient: dict[str, Any], mailer: RecordingMailer, clock: FakeClock
):
    ask(api)
    code = mailed_code(mailer)
    clock.advance(minutes=9, seconds=59)
    assert verify(api, code).status == 200


def test_a_newer_code_replaces_the_older_one(api: Api, patient: dict[str, Any], mailer: RecordingMailer):
    ask(api)
    first = mailed_code(mailer)
    ask(api)
    second = mailed_code(mailer)
    if first != second:
        assert_error(verify(api, first), 401, "INVALID_CODE")
    assert verify(api, second).status == 200


def test_an_unknown_address_gets_the_same_answers_and_no_mail(
    api: Api, patient: dict[str, Any], mailer: RecordingMailer
):
    known, unknown = ask(api, EMAIL), ask(api, "nobody@example.com")
    assert (known.status, known.body) == (unknown.status, unknown.body)
    assert mailer.to("nobody@example.com") == []
    for code in ("000000", "123456"):
        a, b = verify(api, code, "nobody@example.com"), verify(api, other(mailed_code(mailer)), EMAIL)
        assert (a.status, a.body) == (b.status, b.body)
    never_asked = verify(api, "123456", "never@example.com")
    assert (never_asked.status, never_asked.body) == (401, verify(api, "123456", "nobody@example.com").body)


def test_asking_takes_comparable_time_for_a_known_and_an_unknown_address(
    api: Api, patient: dict[str, Any], mailer: RecordingMailer
):
    def timed(email: str) -> float:
        began = time.perf_counter()
        assert ask(api, email).status == 202
        return time.perf_counter() - began

    known = sorted(timed(EMAIL) for _ in range(5))[2]
    unknown = sorted(timed(f"x{n}@example.com") for n in range(5))[2]
    # The same lookups and the same write either way; only the mail is extra for a known address.
    assert unknown > known / 4


def test_a_disabled_account_gets_no_code(api: Api, patient: dict[str, Any], mailer: RecordingMailer, admin_token: str):
    assert api.post(f"/admin/users/{patient['user_id']}/disable", token=admin_token).status == 200
    assert ask(api).status == 202
    assert mailer.to(EMAIL, "login-code") == []


def test_a_code_in_another_shape_is_refused(api: Api):
    for code in ("12345", "1234567", "abcdef"):
        assert_error(verify(api, code), 400, "VALIDATION_ERROR")


def test_a_german_reader_gets_the_code_in_german(api: Api, patient: dict[str, Any], mailer: RecordingMailer):
    token = login(api, EMAIL)["access_token"]
    assert api.patch("/me", {"locale": "de"}, token).status == 200
    ask(api)
    mail = mailer.to(EMAIL, "login-code")[-1]
    assert mail.subject.startswith("Ihr DocSpot-Anmeldecode")


def test_codes_asked_and_tried_are_rate_limited(api: Api, patient: dict[str, Any], configure: Any):
    configure(DOCSPOT_RATE_LIMITS="on")
    answers = [ask(api).status for _ in range(6)]
    assert answers[:5] == [202] * 5
    assert answers[5] == 429
    unknown = [ask(api, "nobody@example.com").status for _ in range(6)]
    assert unknown == answers

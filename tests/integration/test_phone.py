"""A patient's phone number for SMS reminders: E.164 only, confirmed by a 6-digit code sent by SMS (hashed, 10
minutes, 5 tries, a newer code replaces the older, rate-limited), the reminders switch only with a confirmed
number, and the reminders themselves: once per reminder by SMS too, without a reason or a link."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

from chalicelib.adapters.registry import use_adapters
from chalicelib.models.users import User
from chalicelib.services.mail import reminders
from tests.support.accounts import login, register_patient
from tests.support.api import Api, assert_error
from tests.support.booking import make_slot
from tests.support.fakes import FakeClock, RecordingSms

PHONE = "/me/phone"
NUMBER = "+49 151 23456789"
E164 = "+4915123456789"


@pytest.fixture
def sms(aws: None) -> RecordingSms:
    recorder = RecordingSms()
    use_adapters(sms=recorder)
    return recorder


@pytest.fixture
def pat(api: Api) -> dict[str, str]:
    user = register_patient(api, email="pat@example.com", name="Pat Patient")
    return {"id": str(user["user_id"]), "token": str(login(api, "pat@example.com")["access_token"])}


def code_in(text: str) -> str:
    [code] = re.findall(r"\b\d{6}\b", text)
    return code


def request_code(api: Api, token: str, sms: RecordingSms, number: str = NUMBER) -> str:
    reply = api.call("PUT", PHONE, {"phone": number}, token)
    assert reply.status == 202, reply.body
    return code_in(sms.sent[-1][1])


def test_a_patient_confirms_a_number_with_the_code_sent_to_it(api: Api, pat: dict[str, str], sms: RecordingSms):
    sent = api.call("PUT", PHONE, {"phone": NUMBER}, pat["token"])

    assert sent.status == 202
    assert sent.body["pending_phone"] == E164 and sent.body["phone"] is None
    [(to, text)] = sms.sent
    assert to == E164 and "10 minutes" in text
    stored = User.get(pat["id"])
    assert code_in(text) not in str(stored.sms_code_hash)  # kept as a digest, never the code

    confirmed = api.post(f"{PHONE}/confirm", {"code": code_in(text)}, pat["token"])

    assert confirmed.status == 200, confirmed.body
    assert confirmed.body == {"phone": E164, "pending_phone": None, "code_expires_at": None, "sms_reminders": False}
    assert api.get(PHONE, token=pat["token"]).body["phone"] == E164


@pytest.mark.parametrize("number", ["015123456789", "+49 123", "call me", "+1 555 0100 0000 0000"])
def test_a_number_must_be_a_valid_e164_one(api: Api, pat: dict[str, str], sms: RecordingSms, number: str):
    assert_error(api.call("PUT", PHONE, {"phone": number}, pat["token"]), 400, "INVALID_PHONE")
    assert sms.sent == []


def test_a_wrong_code_costs_one_of_five_tries(api: Api, pat: dict[str, str], sms: RecordingSms):
    code = request_code(api, pat["token"], sms)
    wrong = "000000" if code != "000000" else "111111"

    for _ in range(5):
        assert_error(api.post(f"{PHONE}/confirm", {"code": wrong}, pat["token"]), 422, "CODE_INCORRECT")
    # The right code comes too late: the tries are spent
    assert_error(api.post(f"{PHONE}/confirm", {"code": code}, pat["token"]), 429, "TOO_MANY_TRIES")
    assert api.get(PHONE, token=pat["token"]).body["phone"] is None


def test_a_code_lasts_ten_minutes(api: Api, pat: dict[str, str], sms: RecordingSms, clock: FakeClock):
    code = request_code(api, pat["token"], sms)
    clock.advance(minutes=10)

    assert_error(api.post(f"{PHONE}/confirm", {"code": code}, pat["token"]), 422, "CODE_EXPIRED")


def test_a_newer_code_replaces_the_older(api: Api, pat: dict[str, str], sms: RecordingSms):
    first = request_code(api, pat["token"], sms, "+4915100000001")
    second = request_code(api, pat["token"], sms, "+4915100000002")

    if first != second:
        assert_error(api.post(f"{PHONE}/confirm", {"code": first}, pat["token"]), 422, "CODE_INCORRECT")
    confirmed = api.post(f"{PHONE}/confirm", {"code": second}, pat["token"])
    assert confirmed.body["phone"] == "+4915100000002"


def test_confirming_without_a_code_is_refused(api: Api, pat: dict[str, str]):
    assert_error(api.post(f"{PHONE}/confirm", {"code": "123456"}, pat["token"]), 409, "NO_CODE_PENDING")


def test_codes_are_rate_limited_per_user(
    api: Api, pat: dict[str, str], sms: RecordingSms, configure: Callable[..., None]
):
    configure(DOCSPOT_RATE_LIMITS="on")
    for _ in range(5):
        request_code(api, pat["token"], sms)

    refused = api.call("PUT", PHONE, {"phone": NUMBER}, pat["token"])

    assert_error(refused, 429, "RATE_LIMITED")
    assert len(sms.sent) == 5


def test_sms_reminders_need_a_confirmed_number_and_stop_with_it(api: Api, pat: dict[str, str], sms: RecordingSms):
    assert_error(api.patch(PHONE, {"sms_reminders": True}, pat["token"]), 409, "PHONE_NOT_CONFIRMED")
    code = request_code(api, pat["token"], sms)
    api.post(f"{PHONE}/confirm", {"code": code}, pat["token"])

    assert api.patch(PHONE, {"sms_reminders": True}, pat["token"]).body["sms_reminders"] is True
    assert api.delete(PHONE, token=pat["token"]).status == 204

    assert api.get(PHONE, token=pat["token"]).body == {
        "phone": None,
        "pending_phone": None,
        "code_expires_at": None,
        "sms_reminders": False,
    }
    assert User.get(pat["id"]).sms_reminders is None


def test_the_phone_routes_are_for_patients(api: Api, approved_doctor: dict[str, Any]):
    assert_error(api.call("PUT", PHONE, {"phone": NUMBER}, approved_doctor["token"]), 403, "FORBIDDEN_ROLE")


def test_sms_reminders_go_once_without_reason_or_link_however_often_the_job_runs(
    api: Api, pat: dict[str, str], sms: RecordingSms, approved_doctor: dict[str, Any], clock: FakeClock
):
    # Given a patient with SMS reminders on, booked 30 hours ahead
    code = request_code(api, pat["token"], sms)
    api.post(f"{PHONE}/confirm", {"code": code}, pat["token"])
    api.patch(PHONE, {"sms_reminders": True}, pat["token"])
    start = clock.now() + timedelta(hours=30)
    slot_id = make_slot(approved_doctor["doctor_id"], start)
    booked = api.post("/appointments", {"slot_id": slot_id, "reason_for_visit": "chest pain"}, pat["token"])
    assert booked.status == 201, booked.body
    sms.sent.clear()

    # When the reminder job runs twice inside the 24-hour window, and twice inside the 1-hour one
    clock.advance(hours=7)
    reports = [reminders.run(), reminders.run()]
    clock.advance(hours=22, minutes=30)
    reports += [reminders.run(), reminders.run()]

    # Then exactly one SMS per reminder went, with the doctor's name and the time only
    assert [r.sms_sent for r in reports] == [1, 0, 1, 0]
    texts = sms.to(E164)
    assert len(texts) == 2
    for text in texts:
        assert "Anna Smith" in text
        assert "chest pain" not in text
        assert "http" not in text and "/appointments" not in text


def test_a_patient_who_switched_reminder_mail_off_still_gets_the_sms(
    api: Api, pat: dict[str, str], sms: RecordingSms, approved_doctor: dict[str, Any], clock: FakeClock, mailer: Any
):
    code = request_code(api, pat["token"], sms)
    api.post(f"{PHONE}/confirm", {"code": code}, pat["token"])
    api.patch(PHONE, {"sms_reminders": True}, pat["token"])
    api.patch("/me", {"email_preferences": {"reminders": False}}, pat["token"])
    slot_id = make_slot(approved_doctor["doctor_id"], clock.now() + timedelta(hours=5))
    assert api.post("/appointments", {"slot_id": slot_id}, pat["token"]).status == 201
    sms.sent.clear()

    clock.advance(hours=4, minutes=30)
    reminders.run()
    reminders.run()

    assert len(sms.to(E164)) == 1
    assert mailer.to("pat@example.com", "reminder-1h") == []

"""GET and POST /attendance: the 24-hour reminder's link shows the appointment, one POST confirms it (idempotently),
the doctor sees who confirmed; a wrong, expired or outdated link gets a clear 4xx."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlparse

import jwt
import pytest

from chalicelib.adapters.secrets import jwt_secret
from chalicelib.services.mail import reminders
from tests.support.accounts import login
from tests.support.api import Api, assert_error
from tests.support.booking import make_slot
from tests.support.fakes import FakeClock, RecordingMailer

START = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)


@pytest.fixture
def appointment(api: Api, patient_token: str, approved_doctor: dict[str, Any]) -> dict[str, Any]:
    slot = make_slot(approved_doctor["doctor_id"], START)
    reply = api.post("/appointments", {"slot_id": slot, "reason_for_visit": "private"}, patient_token)
    assert reply.status == 201, reply.body
    body: dict[str, Any] = reply.body
    return body


def link_token(mailer: RecordingMailer, clock: FakeClock) -> str:
    """The token in the link of the 24-hour reminder, sent by the schedule 24 hours before."""
    clock.current = START - timedelta(hours=24)
    reminders.run()
    [reminder] = mailer.to("pat@example.com", "reminder-24h")
    [link] = [u for u in re.findall(r"https?://\S+", reminder.text) if "/attend?" in u]
    assert urlparse(link).path == "/attend"
    return parse_qs(urlparse(link).query)["token"][0]


@pytest.fixture
def token(appointment: dict[str, Any], mailer: RecordingMailer, clock: FakeClock) -> str:
    return link_token(mailer, clock)


def fresh_token(api: Api, email: str) -> str:
    """The clock moved to the reminder's time: tokens from the fixtures have expired by then."""
    return str(login(api, email)["access_token"])


def view(api: Api, token: str) -> Any:
    return api.get(f"/attendance?token={token}")


def confirm(api: Api, token: str) -> Any:
    return api.post("/attendance", {"token": token})


def test_opening_the_link_shows_the_appointment_and_confirms_nothing(
    api: Api, token: str, appointment: dict[str, Any], approved_doctor: dict[str, Any]
) -> None:
    # When (as a mail scanner prefetching the link would)
    reply = view(api, token)
    view(api, token)

    # Then
    assert reply.status == 200, reply.body
    assert reply.body == {
        "appointment_id": appointment["appointment_id"],
        "doctor_name": "Anna Smith",
        "start": "2026-12-02T12:00:00Z",
        "end": "2026-12-02T12:30:00Z",
        "timezone": "UTC",
        "status": "SCHEDULED",
        "confirmed_at": None,
    }
    seen = api.get(f"/appointments/{appointment['appointment_id']}", fresh_token(api, "approved@example.com")).body
    assert seen["attendance_confirmed_at"] is None


def test_one_post_confirms_and_the_doctor_sees_who_confirmed(
    api: Api, token: str, appointment: dict[str, Any], approved_doctor: dict[str, Any], clock: FakeClock
) -> None:
    # When
    reply = confirm(api, token)

    # Then
    assert reply.status == 200, reply.body
    assert datetime.fromisoformat(reply.body["confirmed_at"]) == clock.now()
    doctor_token = fresh_token(api, "approved@example.com")
    seen = api.get(f"/appointments/{appointment['appointment_id']}", doctor_token).body
    assert datetime.fromisoformat(seen["attendance_confirmed_at"]) == clock.now()
    feed = api.get("/notifications", doctor_token).body["items"]
    assert feed[0]["type"] == "attendance-confirmed"
    assert "Pat Patient confirmed" in feed[0]["body"]
    assert feed[0]["data"]["appointment_id"] == appointment["appointment_id"]


def test_confirming_again_answers_the_first_confirmation(
    api: Api, token: str, approved_doctor: dict[str, Any], clock: FakeClock
) -> None:
    first = confirm(api, token)
    clock.advance(minutes=10)

    second = confirm(api, token)

    assert (second.status, second.body) == (200, first.body)
    doctor_token = fresh_token(api, "approved@example.com")
    feed = api.get("/notifications", doctor_token).body["items"]
    assert [n["type"] for n in feed].count("attendance-confirmed") == 1


def test_a_link_for_a_moved_appointment_is_refused_and_the_new_one_works(
    api: Api,
    token: str,
    appointment: dict[str, Any],
    approved_doctor: dict[str, Any],
    patient_token: str,
    mailer: RecordingMailer,
    clock: FakeClock,
) -> None:
    # Given the patient confirmed, then moved the appointment two hours later
    assert confirm(api, token).status == 200
    later = make_slot(approved_doctor["doctor_id"], START + timedelta(hours=2))
    moved = api.post(
        f"/appointments/{appointment['appointment_id']}/reschedule",
        {"slot_id": later},
        fresh_token(api, "pat@example.com"),
    )
    assert moved.status == 200, moved.body
    assert moved.body["attendance_confirmed_at"] is None

    # Then the old link is outdated, and the new reminder's link confirms the new time
    assert_error(view(api, token), 409, "ATTENDANCE_LINK_OUTDATED")
    assert_error(confirm(api, token), 409, "ATTENDANCE_LINK_OUTDATED")
    clock.current = START + timedelta(hours=2) - timedelta(hours=24)
    reminders.run()
    new_reminder = mailer.to("pat@example.com", "reminder-24h")[-1]
    [link] = [u for u in re.findall(r"https?://\S+", new_reminder.text) if "/attend?" in u]
    assert confirm(api, parse_qs(urlparse(link).query)["token"][0]).status == 200


def test_a_link_for_a_cancelled_appointment_is_refused(
    api: Api, token: str, appointment: dict[str, Any], approved_doctor: dict[str, Any]
) -> None:
    doctor_token = fresh_token(api, "approved@example.com")
    assert api.post(f"/appointments/{appointment['appointment_id']}/cancel", {}, doctor_token).status == 200

    assert_error(confirm(api, token), 409, "APPOINTMENT_CANCELLED")


def test_a_link_stops_working_when_the_appointment_begins(api: Api, token: str, clock: FakeClock) -> None:
    clock.current = START - timedelta(seconds=1)
    assert view(api, token).status == 200

    clock.current = START
    assert_error(view(api, token), 422, "ATTENDANCE_LINK_EXPIRED")
    assert_error(confirm(api, token), 422, "ATTENDANCE_LINK_EXPIRED")


def test_an_appointment_under_way_takes_no_confirmation(
    api: Api, token: str, appointment: dict[str, Any], approved_doctor: dict[str, Any], clock: FakeClock
) -> None:
    clock.current = START - timedelta(minutes=10)
    doctor_token = fresh_token(api, "approved@example.com")
    for status in ("CONFIRMED", "IN_PROGRESS"):
        reply = api.post(f"/appointments/{appointment['appointment_id']}/status", {"status": status}, doctor_token)
        assert reply.status == 200, reply.body

    assert_error(confirm(api, token), 422, "ATTENDANCE_CLOSED")


def _forged(token: str, **changes: Any) -> str:
    claims = jwt.decode(token, options={"verify_signature": False})
    return jwt.encode({**claims, **changes}, "not-the-key-but-at-least-32-bytes-long!", algorithm="HS256")


@pytest.mark.parametrize(
    "bad",
    [
        lambda t: "garbage",
        lambda t: t[:-4] + ("AAAA" if not t.endswith("AAAA") else "BBBB"),
        lambda t: _forged(t, sub="someone-elses-appointment"),
        lambda t: jwt.encode(
            {**jwt.decode(t, options={"verify_signature": False}), "typ": "access"}, jwt_secret(), algorithm="HS256"
        ),
    ],
    ids=["garbage", "tampered signature", "forged claims", "signed with the access-token key"],
)
def test_a_wrong_link_is_refused(api: Api, token: str, bad: Any) -> None:
    wrong = bad(token)

    assert_error(view(api, wrong), 400, "INVALID_ATTENDANCE_LINK")
    assert_error(confirm(api, wrong), 400, "INVALID_ATTENDANCE_LINK")


def test_an_access_token_is_no_attendance_link(api: Api, patient_token: str) -> None:
    assert_error(confirm(api, patient_token), 400, "INVALID_ATTENDANCE_LINK")


def test_a_missing_token_is_refused(api: Api) -> None:
    for reply in (api.get("/attendance"), api.post("/attendance", {}), api.get(f"/attendance?token={'x' * 3000}")):
        assert_error(reply, 400, "VALIDATION_ERROR")
        assert [d["field"] for d in reply.body["error"]["details"]] == ["token"]

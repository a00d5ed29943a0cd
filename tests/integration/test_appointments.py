"""The appointment lifecycle, cancelling, rescheduling, views, the feed and the calendar event."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from chalicelib.models.unique_keys import UniqueKey
from tests.support.accounts import login, register_patient
from tests.support.api import Api
from tests.support.booking import make_slot, stored_slot
from tests.support.fakes import FakeClock

TOMORROW_10 = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)


@pytest.fixture
def second_patient(api: Api) -> str:
    register_patient(api, email="second@example.com", name="Sam Second")
    return login(api, "second@example.com")["access_token"]


@pytest.fixture
def booked(api: Api, patient_token: str, approved_doctor: dict[str, Any]) -> dict[str, Any]:
    slot_id = make_slot(approved_doctor["doctor_id"], TOMORROW_10)
    reply = api.post("/appointments", {"slot_id": slot_id, "reason_for_visit": "chest pain"}, patient_token)
    assert reply.status == 201, reply.body
    return reply.body


def move(api: Api, token: str, appointment_id: str, status: str, **extra: Any) -> Any:
    return api.post(f"/appointments/{appointment_id}/status", {"status": status, **extra}, token)


def test_the_doctor_confirms_starts_and_completes_with_notes_and_a_summary(
    api: Api, booked: dict[str, Any], approved_doctor: dict[str, Any], patient_token: str, clock: FakeClock
):
    aid = booked["appointment_id"]
    assert move(api, approved_doctor["token"], aid, "CONFIRMED").body["status"] == "CONFIRMED"
    clock.current = TOMORROW_10 - timedelta(minutes=15)
    doctor = login(api, "approved@example.com")["access_token"]
    assert move(api, doctor, aid, "IN_PROGRESS").body["status"] == "IN_PROGRESS"
    patient_token = login(api, "pat@example.com")["access_token"]
    done = move(api, doctor, aid, "COMPLETED", notes="BP 120/80, private", summary="All fine, walk daily")
    assert done.status == 200, done.body
    assert done.body["notes"] == "BP 120/80, private"
    seen_by_patient = api.get(f"/appointments/{aid}", token=patient_token).body
    assert seen_by_patient["summary"] == "All fine, walk daily"
    assert seen_by_patient["notes"] is None


def test_a_status_cannot_be_moved_twice_or_skipped(api: Api, booked: dict[str, Any], approved_doctor: dict[str, Any]):
    doctor, aid = approved_doctor["token"], booked["appointment_id"]
    assert move(api, doctor, aid, "COMPLETED").error_code == "INVALID_STATUS_CHANGE"
    assert move(api, doctor, aid, "CONFIRMED").status == 200
    again = move(api, doctor, aid, "CONFIRMED")
    assert (again.status, again.error_code) == (409, "INVALID_STATUS_CHANGE")


def test_patients_cannot_move_statuses_and_strangers_cannot_see_the_appointment(
    api: Api, booked: dict[str, Any], patient_token: str, second_patient: str
):
    aid = booked["appointment_id"]
    assert move(api, patient_token, aid, "CONFIRMED").status == 403
    assert api.get(f"/appointments/{aid}", token=second_patient).status == 404
    assert api.post(f"/appointments/{aid}/cancel", {}, second_patient).status == 404


def test_a_no_show_is_recorded_only_once_the_appointment_has_begun(
    api: Api, booked: dict[str, Any], approved_doctor: dict[str, Any], clock: FakeClock
):
    doctor, aid = approved_doctor["token"], booked["appointment_id"]
    assert move(api, doctor, aid, "NO_SHOW").error_code == "TOO_EARLY"
    clock.current = TOMORROW_10 + timedelta(minutes=10)
    doctor = login(api, "approved@example.com")["access_token"]
    assert move(api, doctor, aid, "NO_SHOW").body["status"] == "NO_SHOW"


def test_a_patient_cancel_frees_the_slot_and_the_time(
    api: Api, booked: dict[str, Any], patient_token: str, second_patient: str
):
    aid, slot_id = booked["appointment_id"], booked["slot_id"]
    reply = api.post(f"/appointments/{aid}/cancel", {"reason": "feeling better"}, patient_token)
    assert reply.status == 200, reply.body
    assert (reply.body["status"], reply.body["cancelled_by"]) == ("CANCELLED", "patient")
    assert stored_slot(slot_id).booked_by is None
    assert UniqueKey.count(f"apptq#{booked['patient']['id']}#2026-12-02T10:00:00Z") == 0
    assert api.post("/appointments", {"slot_id": slot_id}, second_patient).status == 201
    twice = api.post(f"/appointments/{aid}/cancel", {}, patient_token)
    assert (twice.status, twice.error_code) == (409, "INVALID_STATUS_CHANGE")


def test_patients_cannot_cancel_at_the_last_minute_but_doctors_can(
    api: Api, booked: dict[str, Any], patient_token: str, approved_doctor: dict[str, Any], clock: FakeClock
):
    aid = booked["appointment_id"]
    clock.current = TOMORROW_10 - timedelta(minutes=90)
    patient_token = login(api, "pat@example.com")["access_token"]
    late = api.post(f"/appointments/{aid}/cancel", {}, patient_token)
    assert (late.status, late.error_code) == (422, "TOO_LATE")
    doctor = login(api, "approved@example.com")["access_token"]
    by_doctor = api.post(f"/appointments/{aid}/cancel", {"reason": "ill"}, doctor)
    assert by_doctor.body["status"] == "CANCELLED"
    feed = api.get("/notifications", token=patient_token).body
    assert feed["items"][0]["type"] == "appointment-cancelled"
    assert "ill" in feed["items"][0]["body"]


def test_reschedule_takes_the_new_slot_and_frees_the_old_one(
    api: Api, booked: dict[str, Any], patient_token: str, approved_doctor: dict[str, Any]
):
    new_slot = make_slot(approved_doctor["doctor_id"], TOMORROW_10 + timedelta(minutes=15))
    reply = api.post(f"/appointments/{booked['appointment_id']}/reschedule", {"slot_id": new_slot}, patient_token)
    assert reply.status == 200, reply.body
    assert reply.body["slot_id"] == new_slot
    assert reply.body["sequence"] == 1
    assert stored_slot(booked["slot_id"]).booked_by is None
    assert stored_slot(new_slot).appointment_id == booked["appointment_id"]
    patient_id = booked["patient"]["id"]
    assert UniqueKey.count(f"apptq#{patient_id}#2026-12-02T10:00:00Z") == 0
    assert UniqueKey.get(f"apptq#{patient_id}#2026-12-02T10:40:00Z").owner_id == booked["appointment_id"]


def test_reschedule_to_a_taken_slot_changes_nothing(
    api: Api, booked: dict[str, Any], patient_token: str, second_patient: str, approved_doctor: dict[str, Any]
):
    taken = make_slot(approved_doctor["doctor_id"], TOMORROW_10 + timedelta(hours=3))
    assert api.post("/appointments", {"slot_id": taken}, second_patient).status == 201
    reply = api.post(f"/appointments/{booked['appointment_id']}/reschedule", {"slot_id": taken}, patient_token)
    assert (reply.status, reply.error_code) == (409, "SLOT_TAKEN")
    assert stored_slot(booked["slot_id"]).appointment_id == booked["appointment_id"]


def test_views_show_each_reader_their_own(
    api: Api,
    booked: dict[str, Any],
    patient_token: str,
    second_patient: str,
    approved_doctor: dict[str, Any],
    admin_token: str,
):
    mine = api.get("/appointments", token=patient_token).body["items"]
    assert [a["appointment_id"] for a in mine] == [booked["appointment_id"]]
    assert api.get("/appointments", token=second_patient).body["items"] == []
    schedule = api.get("/appointments", token=approved_doctor["token"]).body["items"]
    assert schedule[0]["patient"]["name"] == "Pat Patient"
    by_day = api.get("/appointments?date=2026-12-02", token=admin_token).body["items"]
    assert len(by_day) == 1
    assert api.get("/appointments?scope=past", token=patient_token).body["items"] == []
    assert api.get("/appointments?doctor_id=x", token=patient_token).status == 403
    assert api.get("/appointments?status=NOPE", token=patient_token).status == 400


def test_the_doctor_is_notified_of_a_new_booking_and_can_mark_it_read(
    api: Api, booked: dict[str, Any], approved_doctor: dict[str, Any]
):
    doctor = approved_doctor["token"]
    feed = api.get("/notifications", token=doctor).body
    assert feed["unread_count"] == 1
    assert feed["items"][0]["type"] == "new-appointment"
    assert feed["items"][0]["data"]["appointment_id"] == booked["appointment_id"]
    nid = feed["items"][0]["notification_id"]
    assert api.post(f"/notifications/{nid}/read", token=doctor).body["read"] is True
    assert api.get("/notifications?unread=true", token=doctor).body == {
        "items": [],
        "next_cursor": None,
        "unread_count": 0,
    }


def test_read_all_marks_every_notification(api: Api, booked: dict[str, Any], approved_doctor: dict[str, Any]):
    doctor = approved_doctor["token"]
    move(api, doctor, booked["appointment_id"], "CONFIRMED")
    assert api.post("/notifications/read-all", token=doctor).body == {"marked_read": 1}
    assert api.get("/notifications", token=doctor).body["unread_count"] == 0


def test_the_calendar_event_carries_uid_time_zone_and_sequence(
    api: Api, booked: dict[str, Any], patient_token: str, approved_doctor: dict[str, Any]
):
    aid = booked["appointment_id"]
    reply = api.get(f"/appointments/{aid}/calendar.ics", token=patient_token)
    assert reply.status == 200
    text = reply.body if isinstance(reply.body, str) else ""
    assert f"UID:{aid}@docspot" in text
    assert "TZID=Europe/Berlin" in text
    assert "SEQUENCE:0" in text
    assert "DTSTART;TZID=Europe/Berlin:20261202T110000" in text
    api.post(f"/appointments/{aid}/cancel", {"reason": "x"}, approved_doctor["token"])
    cancelled = api.get(f"/appointments/{aid}/calendar.ics", token=patient_token).body
    assert "STATUS:CANCELLED" in cancelled
    assert "METHOD:CANCEL" in cancelled
    assert "SEQUENCE:1" in cancelled


# Time is respected ----------------------------------------------------------------------------------------------


def at(api: Api, clock: FakeClock, moment: datetime, email: str) -> str:
    """Moves the clock to ``moment`` and signs ``email`` in again (access tokens last 15 minutes)."""
    clock.current = moment
    return str(login(api, email)["access_token"])


def test_a_visit_starts_no_earlier_than_fifteen_minutes_before_its_start(
    api: Api, booked: dict[str, Any], approved_doctor: dict[str, Any], clock: FakeClock
):
    # Given a confirmed appointment tomorrow at 10:00
    aid = booked["appointment_id"]
    assert move(api, approved_doctor["token"], aid, "CONFIRMED").status == 200
    # When the doctor starts it the day before, or 16 minutes before
    early = move(api, approved_doctor["token"], aid, "IN_PROGRESS")
    doctor = at(api, clock, TOMORROW_10 - timedelta(minutes=16), "approved@example.com")
    still_early = move(api, doctor, aid, "IN_PROGRESS")
    # Then both are refused as too early, and at 15 minutes before it starts
    assert (early.status, early.error_code) == (422, "TOO_EARLY")
    assert (still_early.status, still_early.error_code) == (422, "TOO_EARLY")
    clock.advance(minutes=1)
    assert move(api, doctor, aid, "IN_PROGRESS").body["status"] == "IN_PROGRESS"


def test_how_early_a_visit_starts_is_a_setting(
    api: Api, booked: dict[str, Any], approved_doctor: dict[str, Any], clock: FakeClock, configure: Any
):
    configure(DOCSPOT_START_EARLY_MINUTES="60")
    aid = booked["appointment_id"]
    move(api, approved_doctor["token"], aid, "CONFIRMED")
    doctor = at(api, clock, TOMORROW_10 - timedelta(minutes=59), "approved@example.com")
    assert move(api, doctor, aid, "IN_PROGRESS").body["status"] == "IN_PROGRESS"


def test_a_visit_is_completed_only_once_started(
    api: Api, booked: dict[str, Any], approved_doctor: dict[str, Any], clock: FakeClock
):
    aid = booked["appointment_id"]
    doctor = at(api, clock, TOMORROW_10 + timedelta(minutes=40), "approved@example.com")
    move(api, doctor, aid, "CONFIRMED")
    refused = move(api, doctor, aid, "COMPLETED", summary="fine")
    assert (refused.status, refused.error_code) == (409, "INVALID_STATUS_CHANGE")
    assert move(api, doctor, aid, "IN_PROGRESS").status == 200
    assert move(api, doctor, aid, "COMPLETED", summary="fine").body["status"] == "COMPLETED"


@pytest.mark.parametrize("who", ["pat@example.com", "approved@example.com"])
def test_nobody_cancels_an_appointment_that_has_ended(
    api: Api, booked: dict[str, Any], clock: FakeClock, who: str, approved_doctor: dict[str, Any]
):
    # Given an appointment of 10:00-10:30 that nobody marked, when it is 10:30
    token = at(api, clock, TOMORROW_10 + timedelta(minutes=30), who)
    # Then cancelling it is refused with a code that says why
    reply = api.post(f"/appointments/{booked['appointment_id']}/cancel", {}, token)
    assert (reply.status, reply.error_code) == (422, "APPOINTMENT_OVER")
    assert stored_slot(booked["slot_id"]).appointment_id == booked["appointment_id"]


def test_a_doctor_cancels_until_the_end_but_not_after(
    api: Api, booked: dict[str, Any], clock: FakeClock, approved_doctor: dict[str, Any]
):
    doctor = at(api, clock, TOMORROW_10 + timedelta(minutes=29), "approved@example.com")
    assert api.post(f"/appointments/{booked['appointment_id']}/cancel", {}, doctor).body["status"] == "CANCELLED"


def test_an_appointment_that_has_ended_is_not_moved(
    api: Api, booked: dict[str, Any], clock: FakeClock, approved_doctor: dict[str, Any]
):
    later = make_slot(approved_doctor["doctor_id"], TOMORROW_10 + timedelta(days=1))
    doctor = at(api, clock, TOMORROW_10 + timedelta(hours=1), "approved@example.com")
    moved = api.post(f"/appointments/{booked['appointment_id']}/reschedule", {"slot_id": later}, doctor)
    assert (moved.status, moved.error_code) == (422, "APPOINTMENT_OVER")


@pytest.mark.parametrize("ending", ["cancelled", "completed"])
def test_moving_an_appointment_that_is_over_says_so(
    api: Api, booked: dict[str, Any], clock: FakeClock, approved_doctor: dict[str, Any], patient_token: str, ending: str
):
    # Given an appointment that was cancelled, or completed early
    aid = booked["appointment_id"]
    later = make_slot(approved_doctor["doctor_id"], TOMORROW_10 + timedelta(days=1))
    doctor = approved_doctor["token"]
    if ending == "cancelled":
        api.post(f"/appointments/{aid}/cancel", {}, patient_token)
    else:
        doctor = at(api, clock, TOMORROW_10 - timedelta(minutes=10), "approved@example.com")
        move(api, doctor, aid, "CONFIRMED")
        move(api, doctor, aid, "IN_PROGRESS")
        move(api, doctor, aid, "COMPLETED")
    # When the doctor moves it
    reply = api.post(f"/appointments/{aid}/reschedule", {"slot_id": later}, doctor)
    # Then the answer says it is over, not that it changed meanwhile
    assert (reply.status, reply.error_code) == (409, "INVALID_STATUS_CHANGE")
    assert ending in reply.body["error"]["message"]
    assert stored_slot(later).booked_by is None


def test_a_reschedule_racing_a_cancellation_says_it_was_cancelled(
    api: Api, booked: dict[str, Any], approved_doctor: dict[str, Any], patient_token: str, monkeypatch: Any
):
    # Given the appointment is cancelled between the reschedule's read and its transaction
    from chalicelib.services.booking import appointments as booking

    aid = booked["appointment_id"]
    later = make_slot(approved_doctor["doctor_id"], TOMORROW_10 + timedelta(days=1))
    read = booking.get_appointment(aid)
    api.post(f"/appointments/{aid}/cancel", {}, patient_token)
    reads = iter([read])
    real = booking.get_appointment
    monkeypatch.setattr(booking, "get_appointment", lambda i: next(reads, None) or real(i))
    # When the reschedule's transaction finds it cancelled
    reply = api.post(f"/appointments/{aid}/reschedule", {"slot_id": later}, approved_doctor["token"])
    # Then the database's refusal is explained by what the appointment is now
    assert (reply.status, reply.error_code) == (409, "INVALID_STATUS_CHANGE")
    assert "cancelled" in reply.body["error"]["message"]


def test_upcoming_keeps_a_visit_under_way_and_drops_those_over_or_cancelled(
    api: Api, booked: dict[str, Any], approved_doctor: dict[str, Any], patient_token: str, clock: FakeClock
):
    # Given tomorrow's 10:00 appointment, a cancelled one at 12:00 and a confirmed one today that has ended
    cancelled = api.post(
        "/appointments",
        {"slot_id": make_slot(approved_doctor["doctor_id"], TOMORROW_10 + timedelta(hours=2))},
        patient_token,
    ).body
    api.post(f"/appointments/{cancelled['appointment_id']}/cancel", {}, patient_token)
    ended = api.post(
        "/appointments",
        {"slot_id": make_slot(approved_doctor["doctor_id"], clock.now() + timedelta(hours=2))},
        patient_token,
    ).body
    # When it is 10:10 tomorrow (the first visit under way, the one of today over)
    patient = at(api, clock, TOMORROW_10 + timedelta(minutes=10), "pat@example.com")

    def ids(query: str) -> list[str]:
        reply = api.get(f"/appointments?{query}", token=patient)
        assert reply.status == 200, reply.body
        return [a["appointment_id"] for a in reply.body["items"]]

    # Then upcoming holds the one under way only; past the one that ended; the cancelled one is found by its status
    assert ids("scope=upcoming") == [booked["appointment_id"]]
    assert ids("scope=past") == [ended["appointment_id"]]
    assert ids("scope=upcoming&status=CANCELLED") == [cancelled["appointment_id"]]
    assert ids("") == [booked["appointment_id"], cancelled["appointment_id"]]
    patient = at(api, clock, TOMORROW_10 + timedelta(minutes=30), "pat@example.com")
    assert ids("scope=upcoming") == []
    assert ids("scope=past") == [booked["appointment_id"], ended["appointment_id"]]

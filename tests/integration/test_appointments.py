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
    api: Api, booked: dict[str, Any], approved_doctor: dict[str, Any], patient_token: str
):
    doctor = approved_doctor["token"]
    aid = booked["appointment_id"]
    assert move(api, doctor, aid, "CONFIRMED").body["status"] == "CONFIRMED"
    assert move(api, doctor, aid, "IN_PROGRESS").body["status"] == "IN_PROGRESS"
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

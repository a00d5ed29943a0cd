"""Notifications store facts (docs/api.md, "Notifications"): every time in ``data`` is ISO 8601 with its offset,
each key means the same in every type, and no title or body spells out a UTC time for people to read."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

from chalicelib.services.booking import attendance
from chalicelib.services.mail import reminders
from tests.support.accounts import login, register_patient
from tests.support.api import Api
from tests.support.booking import make_slot
from tests.support.fakes import FakeClock

TOMORROW_10 = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)
TIME_KEYS = {"start", "end", "previous_start", "expires_at", "attendance_confirmed_at"}
# What each key means, whatever the type: the checks below hold for every notification that carries it.
IDS = {"appointment_id", "doctor_id", "patient_id", "slot_id"}
RAW_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


def feed(api: Api, token: str) -> list[dict[str, Any]]:
    reply = api.get("/notifications?limit=100", token=token)
    assert reply.status == 200, reply.body
    return list(reply.body["items"])


def test_every_notification_type_carries_facts_in_iso_times_and_no_utc_prose(
    api: Api, approved_doctor: dict[str, Any], patient_token: str, clock: FakeClock
) -> None:
    # Given every kind of notice: booked, confirmed, moved (by the doctor and by the patient), started, completed,
    # cancelled both ways, attendance confirmed, and a waitlist offer
    register_patient(api, email="wait@example.com", name="Wanda Waiting")
    waiting = login(api, "wait@example.com")["access_token"]
    doctor_id, doctor = approved_doctor["doctor_id"], approved_doctor["token"]
    first = api.post("/appointments", {"slot_id": make_slot(doctor_id, TOMORROW_10)}, patient_token).body
    aid = first["appointment_id"]
    api.post(f"/appointments/{aid}/status", {"status": "CONFIRMED"}, doctor)
    later = make_slot(doctor_id, TOMORROW_10 + timedelta(hours=2))
    assert api.post(f"/appointments/{aid}/reschedule", {"slot_id": later}, doctor).status == 200
    back = make_slot(doctor_id, TOMORROW_10 + timedelta(hours=4))
    assert api.post(f"/appointments/{aid}/reschedule", {"slot_id": back}, patient_token).status == 200
    second = api.post(
        "/appointments", {"slot_id": make_slot(doctor_id, TOMORROW_10 + timedelta(days=1))}, patient_token
    ).body
    api.post(f"/doctors/{doctor_id}/waitlist", {}, waiting)
    api.post(f"/appointments/{second['appointment_id']}/cancel", {"reason": "away"}, patient_token)
    third = api.post(
        "/appointments", {"slot_id": make_slot(doctor_id, TOMORROW_10 + timedelta(days=2))}, patient_token
    ).body
    api.post(f"/appointments/{third['appointment_id']}/cancel", {"reason": "doctor ill"}, doctor)
    moved = api.get(f"/appointments/{aid}", token=patient_token).body
    clock.current = datetime.fromisoformat(moved["start"]) - timedelta(hours=20)
    reminders.run()
    from chalicelib.models.appointments import Appointment

    attendance.confirm(attendance.issue(Appointment.get(aid)))
    clock.current = datetime.fromisoformat(moved["start"]) - timedelta(minutes=5)
    doctor = login(api, "approved@example.com")["access_token"]
    api.post(f"/appointments/{aid}/status", {"status": "CONFIRMED"}, doctor)
    api.post(f"/appointments/{aid}/status", {"status": "IN_PROGRESS"}, doctor)
    api.post(f"/appointments/{aid}/status", {"status": "COMPLETED", "summary": "fine"}, doctor)

    # When each reads their feed
    patient = login(api, "pat@example.com")["access_token"]
    items = feed(api, patient) + feed(api, doctor) + feed(api, login(api, "wait@example.com")["access_token"])

    # Then every type is there, with its facts
    types = {item["type"] for item in items}
    assert types == {
        "new-appointment",
        "appointment-confirmed",
        "appointment-rescheduled",
        "appointment-status-changed",
        "appointment-cancelled",
        "attendance-confirmed",
        "waitlist-slot-open",
    }
    for item in items:
        data = item["data"]
        for key in TIME_KEYS & set(data):
            moment = datetime.fromisoformat(data[key].replace("Z", "+00:00"))
            assert moment.utcoffset() is not None, (item["type"], key, data[key])
        assert not RAW_TIME.search(item["title"] + item["body"]), item
        assert "start" in data and (IDS & set(data)), item
        if item["type"] != "waitlist-slot-open":
            appointment = api.get(f"/appointments/{data['appointment_id']}", token=doctor).body
            assert data["doctor_id"] == appointment["doctor"]["id"] == doctor_id
            assert data["patient_id"] == appointment["patient"]["id"]
            assert "end" in data and "status" in data
        else:
            assert datetime.fromisoformat(data["expires_at"].replace("Z", "+00:00")) > datetime.fromisoformat(
                item["created_at"]
            )
    moves = [i["data"] for i in items if i["type"] == "appointment-rescheduled"]
    assert {m["by"] for m in moves} == {"doctor", "patient"}
    assert all(m["previous_start"] != m["start"] and m["status"] == "SCHEDULED" for m in moves)
    cancelled = {i["data"]["by"]: i for i in items if i["type"] == "appointment-cancelled"}
    assert cancelled["doctor"]["data"]["reason"] == "doctor ill" and "doctor ill" in cancelled["doctor"]["body"]
    assert cancelled["patient"]["data"]["status"] == "CANCELLED"
    statuses = [i["data"]["status"] for i in items if i["type"] == "appointment-status-changed"]
    assert sorted(statuses) == ["COMPLETED", "IN_PROGRESS"]
    assert all(i["data"]["status"] == "CONFIRMED" for i in items if i["type"] == "appointment-confirmed")

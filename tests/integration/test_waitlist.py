"""Waitlists: a freed slot is held for the first patient in line, and passes on when the hold lapses."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from chalicelib.services.waitlist import queue
from tests.support.accounts import login, register_patient
from tests.support.api import Api
from tests.support.booking import make_slot
from tests.support.fakes import FakeClock

TOMORROW_10 = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)


@pytest.fixture
def patients(api: Api, patient_token: str) -> list[str]:
    tokens = [patient_token]
    for name in ("second", "third"):
        register_patient(api, email=f"{name}@example.com", name=name.title())
        tokens.append(login(api, f"{name}@example.com")["access_token"])
    return tokens


def test_joining_leaving_and_seeing_your_entry(api: Api, patients: list[str], approved_doctor: dict[str, Any]):
    path = f"/doctors/{approved_doctor['doctor_id']}/waitlist"
    joined = api.post(path, {"date": "2026-12-02"}, patients[0])
    assert joined.status == 201, joined.body
    assert joined.body["date"] == "2026-12-02"
    assert api.post(path, {}, patients[0]).error_code == "ALREADY_WAITING"
    assert api.get(path, token=patients[0]).body["offer_slot_id"] is None
    assert api.delete(path, token=patients[0]).status == 204
    assert api.get(path, token=patients[0]).status == 404
    assert api.post("/doctors/nobody/waitlist", {}, patients[0]).status == 404
    assert api.post(path, {}, approved_doctor["token"]).status == 403


def test_a_cancelled_slot_is_held_for_the_first_in_line_only(
    api: Api, patients: list[str], approved_doctor: dict[str, Any], clock: FakeClock
):
    first, second, third = patients
    doctor_id = approved_doctor["doctor_id"]
    slot_id = make_slot(doctor_id, TOMORROW_10)
    appointment = api.post("/appointments", {"slot_id": slot_id}, first).body
    assert api.post(f"/doctors/{doctor_id}/waitlist", {}, second).status == 201
    clock.advance(seconds=1)
    assert api.post(f"/doctors/{doctor_id}/waitlist", {}, third).status == 201

    api.post(f"/appointments/{appointment['appointment_id']}/cancel", {}, first)

    entry = api.get(f"/doctors/{doctor_id}/waitlist", token=second).body
    assert entry["offer_slot_id"] == slot_id
    feed = api.get("/notifications", token=second).body["items"]
    assert feed[0]["type"] == "waitlist-slot-open"
    assert feed[0]["data"]["slot_id"] == slot_id
    assert api.post(f"/slots/{slot_id}/lock", token=third).error_code == "SLOT_LOCKED"
    assert api.post("/appointments", {"slot_id": slot_id}, third).error_code == "SLOT_LOCKED"
    assert api.post("/appointments", {"slot_id": slot_id}, second).status == 201


def test_a_lapsed_offer_passes_to_the_next_in_line(
    api: Api, patients: list[str], approved_doctor: dict[str, Any], clock: FakeClock
):
    first, second, third = patients
    doctor_id = approved_doctor["doctor_id"]
    slot_id = make_slot(doctor_id, TOMORROW_10)
    appointment = api.post("/appointments", {"slot_id": slot_id}, first).body
    api.post(f"/doctors/{doctor_id}/waitlist", {}, second)
    clock.advance(seconds=1)
    api.post(f"/doctors/{doctor_id}/waitlist", {}, third)
    api.post(f"/appointments/{appointment['appointment_id']}/cancel", {}, first)

    clock.advance(minutes=16)
    assert queue.expire_offers() == 1
    assert queue.expire_offers() == 0

    third = login(api, "third@example.com")["access_token"]
    assert api.get(f"/doctors/{doctor_id}/waitlist", token=third).body["offer_slot_id"] == slot_id
    assert api.post("/appointments", {"slot_id": slot_id}, third).status == 201


def test_a_waitlist_for_another_date_is_not_offered_the_slot(
    api: Api, patients: list[str], approved_doctor: dict[str, Any]
):
    first, second, _ = patients
    doctor_id = approved_doctor["doctor_id"]
    slot_id = make_slot(doctor_id, TOMORROW_10)
    appointment = api.post("/appointments", {"slot_id": slot_id}, first).body
    api.post(f"/doctors/{doctor_id}/waitlist", {"date": "2026-12-03"}, second)
    api.post(f"/appointments/{appointment['appointment_id']}/cancel", {}, first)
    assert api.get(f"/doctors/{doctor_id}/waitlist", token=second).body["offer_slot_id"] is None
    assert api.post(f"/slots/{slot_id}/lock", token=first).status == 200


def test_an_offer_is_not_made_inside_the_booking_notice(
    api: Api, patients: list[str], approved_doctor: dict[str, Any], clock: FakeClock
):
    first, second, _ = patients
    doctor_id = approved_doctor["doctor_id"]
    slot_id = make_slot(doctor_id, clock.now() + timedelta(hours=3))
    appointment = api.post("/appointments", {"slot_id": slot_id}, first).body
    api.post(f"/doctors/{doctor_id}/waitlist", {}, second)
    clock.advance(minutes=30)
    doctor = login(api, "approved@example.com")["access_token"]
    second = login(api, "second@example.com")["access_token"]
    admin_cancel = api.post(f"/appointments/{appointment['appointment_id']}/cancel", {}, doctor)
    assert admin_cancel.status == 200
    assert api.get(f"/doctors/{doctor_id}/waitlist", token=second).body["offer_slot_id"] is not None


def test_a_newly_published_slot_is_held_for_the_first_in_line(
    api: Api, patients: list[str], approved_doctor: dict[str, Any], admin_token: str
):
    _, second, _ = patients
    doctor_id = approved_doctor["doctor_id"]
    api.post(f"/doctors/{doctor_id}/waitlist", {"date": "2026-12-03"}, second)
    run = {"date": "2026-12-03", "start_time": "09:00", "end_time": "10:00", "duration_minutes": 30}
    created = api.post("/doctors/me/slots", run, approved_doctor["token"])
    assert created.status == 201, created.body
    first_slot = created.body["created"][0]["slot_id"]
    assert api.get(f"/doctors/{doctor_id}/waitlist", token=second).body["offer_slot_id"] == first_slot
    listing = api.get(f"/doctors/{doctor_id}/slots?from=2026-12-03&to=2026-12-03").body["items"]
    assert [s["state"] for s in listing] == ["locked", "available"]

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
    assert api.delete(path, token=patients[0]).error_code == "NOT_WAITING"
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


def test_not_being_on_the_waitlist_is_an_answer_not_an_error(
    api: Api, patients: list[str], approved_doctor: dict[str, Any]
):
    # Given a patient who never joined (or left) the doctor's waitlist
    path = f"/doctors/{approved_doctor['doctor_id']}/waitlist"
    # When the doctor's page asks for their place
    reply = api.get(path, token=patients[0])
    # Then it is 200 with null, and with the entry once they joined
    assert (reply.status, reply.body) == (200, None)
    api.post(path, {}, patients[0])
    assert api.get(path, token=patients[0]).body["doctor_id"] == approved_doctor["doctor_id"]
    api.delete(path, token=patients[0])
    assert api.get(path, token=patients[0]).body is None


def test_joining_for_a_date_that_has_passed_is_refused(
    api: Api, patients: list[str], approved_doctor: dict[str, Any], clock: FakeClock
):
    # Given it is 2026-12-01 23:30 in UTC, already 2026-12-02 on the doctor's calendar (Berlin)
    clock.current = datetime(2026, 12, 1, 23, 30, tzinfo=UTC)
    patient = login(api, "pat@example.com")["access_token"]
    path = f"/doctors/{approved_doctor['doctor_id']}/waitlist"
    # When the patient joins for yesterday, or for the day that just ended in Berlin
    for past in ("2026-11-30", "2026-12-01"):
        reply = api.post(path, {"date": past}, patient)
        # Then it is refused, and nothing is written
        assert (reply.status, reply.error_code) == (422, "DATE_IN_PAST")
    assert api.get(path, token=patient).body is None
    assert api.post(path, {"date": "2026-12-02"}, patient).status == 201


def test_a_patient_who_books_through_the_offer_leaves_the_waitlist(
    api: Api, patients: list[str], approved_doctor: dict[str, Any]
):
    # Given the second patient is offered a freed slot
    first, second, _ = patients
    doctor_id = approved_doctor["doctor_id"]
    slot_id = make_slot(doctor_id, TOMORROW_10)
    appointment = api.post("/appointments", {"slot_id": slot_id}, first).body
    api.post(f"/doctors/{doctor_id}/waitlist", {}, second)
    api.post(f"/appointments/{appointment['appointment_id']}/cancel", {}, first)
    assert api.get(f"/doctors/{doctor_id}/waitlist", token=second).body["offer_slot_id"] == slot_id
    # When they book it
    assert api.post("/appointments", {"slot_id": slot_id}, second).status == 201
    # Then they no longer wait for this doctor
    assert api.get(f"/doctors/{doctor_id}/waitlist", token=second).body is None


def test_a_patient_who_books_another_slot_leaves_the_waitlist_and_the_offer_passes_on(
    api: Api, patients: list[str], approved_doctor: dict[str, Any]
):
    # Given the second patient holds an offer of 10:00 and the third waits behind them
    first, second, third = patients
    doctor_id = approved_doctor["doctor_id"]
    offered = make_slot(doctor_id, TOMORROW_10)
    other = make_slot(doctor_id, TOMORROW_10 + timedelta(hours=2))
    appointment = api.post("/appointments", {"slot_id": offered}, first).body
    api.post(f"/doctors/{doctor_id}/waitlist", {}, second)
    api.post(f"/doctors/{doctor_id}/waitlist", {}, third)
    api.post(f"/appointments/{appointment['appointment_id']}/cancel", {}, first)
    # When the second patient books another slot of the doctor (without the offer)
    assert api.post("/appointments", {"slot_id": other}, second).status == 201
    # Then they left the waitlist in the booking, and the offered slot went on to the third
    assert api.get(f"/doctors/{doctor_id}/waitlist", token=second).body is None
    assert api.get(f"/doctors/{doctor_id}/waitlist", token=third).body["offer_slot_id"] == offered


def test_leaving_the_waitlist_is_part_of_the_booking_transaction(
    api: Api, patients: list[str], approved_doctor: dict[str, Any]
):
    # Given a waiting patient whose booking is refused (the slot is taken)
    first, second, _ = patients
    doctor_id = approved_doctor["doctor_id"]
    slot_id = make_slot(doctor_id, TOMORROW_10)
    api.post("/appointments", {"slot_id": slot_id}, first)
    api.post(f"/doctors/{doctor_id}/waitlist", {}, second)
    assert api.post("/appointments", {"slot_id": slot_id}, second).error_code == "SLOT_TAKEN"
    # Then they still wait
    assert api.get(f"/doctors/{doctor_id}/waitlist", token=second).body is not None


def test_a_patient_who_moves_their_appointment_leaves_the_waitlist(
    api: Api, patients: list[str], approved_doctor: dict[str, Any]
):
    first, _, _ = patients
    doctor_id = approved_doctor["doctor_id"]
    booked = api.post("/appointments", {"slot_id": make_slot(doctor_id, TOMORROW_10 + timedelta(days=2))}, first).body
    api.post(f"/doctors/{doctor_id}/waitlist", {}, first)
    earlier = make_slot(doctor_id, TOMORROW_10)
    moved = api.post(f"/appointments/{booked['appointment_id']}/reschedule", {"slot_id": earlier}, first)
    assert moved.status == 200, moved.body
    assert api.get(f"/doctors/{doctor_id}/waitlist", token=first).body is None

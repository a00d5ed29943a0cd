"""Real races: threads call the services directly (never one Chalice app object shared by threads, whose
``current_request`` is shared), each request to moto atomic as in DynamoDB, the interleaving left to chance."""

from __future__ import annotations

from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from chalicelib.contracts.booking import BookingRequest
from chalicelib.errors import DomainError
from chalicelib.models.appointments import Appointment
from chalicelib.models.slots import Slot
from chalicelib.models.unique_keys import UniqueKey
from chalicelib.services.booking import appointments as booking
from chalicelib.services.core.authz import Principal
from chalicelib.services.holds import store as holds
from tests.support.booking import make_slot, stored_slot

TOMORROW_10 = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)
pytestmark = pytest.mark.usefixtures("atomic_moto")


def outcome(fn: Any, *args: Any) -> str:
    try:
        fn(*args)
    except DomainError as exc:
        return exc.code
    return "OK"


def race(calls: list[tuple[Any, ...]], workers: int = 16) -> Counter[str]:
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return Counter(pool.map(lambda call: outcome(*call), calls))


def test_fifty_patients_racing_for_one_slot_give_exactly_one_appointment(approved_doctor: dict[str, Any]):
    slot_id = make_slot(approved_doctor["doctor_id"], TOMORROW_10)
    patients = [Principal(f"patient-{n}", "patient") for n in range(50)]
    results = race([(booking.book, p, BookingRequest(slot_id=slot_id)) for p in patients])
    assert results["OK"] == 1
    assert results["SLOT_TAKEN"] == 49
    appointments = list(Appointment.by_doctor.query(approved_doctor["doctor_id"]))
    assert len(appointments) == 1
    assert stored_slot(slot_id).booked_by == appointments[0].patient_id


def test_fifty_patients_racing_for_the_lock_give_exactly_one_hold(approved_doctor: dict[str, Any]):
    slot_id = make_slot(approved_doctor["doctor_id"], TOMORROW_10)
    results = race([(holds.place, f"patient-{n}", slot_id) for n in range(50)])
    assert results == Counter({"OK": 1, "SLOT_LOCKED": 49})


def test_a_patient_racing_two_overlapping_bookings_gets_one(
    approved_doctor: dict[str, Any], api: Any, admin_token: str, specialty: dict[str, Any]
):
    other = api.post(
        "/admin/doctors",
        {
            "email": "o@example.com",
            "password": "correct horse battery",
            "name": "Omar Other",
            "specialty_id": specialty["specialty_id"],
            "license_number": "LIC-4004",
            "experience_years": 1,
            "consultation_fee": 10,
        },
        admin_token,
    ).body
    first = make_slot(approved_doctor["doctor_id"], TOMORROW_10)
    second = make_slot(other["doctor_id"], TOMORROW_10 + timedelta(minutes=20))
    patient = Principal("patient-x", "patient")
    for _ in range(5):
        results = race([(booking.book, patient, BookingRequest(slot_id=s)) for s in (first, second)], workers=2)
        assert results == Counter({"OK": 1, "OVERLAPPING_APPOINTMENT": 1})
        for appointment in Appointment.by_patient.query(
            "patient-x", filter_condition=Appointment.status == "SCHEDULED"
        ):
            booking.cancel(Principal("admin", "admin"), appointment.appointment_id, "reset")


def test_a_reschedule_racing_a_booking_of_its_target_leaves_nothing_double_held(approved_doctor: dict[str, Any]):
    doctor_id = approved_doctor["doctor_id"]
    for round_ in range(6):
        start = TOMORROW_10 + timedelta(hours=2 * round_)
        old = make_slot(doctor_id, start)
        target = make_slot(doctor_id, start + timedelta(hours=1))
        mover = Principal(f"mover-{round_}", "patient")
        moved = booking.book(mover, BookingRequest(slot_id=old))
        rival = Principal(f"rival-{round_}", "patient")
        results = race(
            [
                (booking.reschedule, mover, moved.appointment_id, target),
                (booking.book, rival, BookingRequest(slot_id=target)),
            ],
            workers=2,
        )
        assert results["OK"] == 1
        holder = stored_slot(target).booked_by
        mine = Appointment.get(moved.appointment_id)
        assert mine.status == "SCHEDULED"
        if holder == mover.user_id:
            assert mine.start == stored_slot(target).start
            assert stored_slot(old).booked_by is None
        else:
            assert holder == rival.user_id
            assert mine.start == stored_slot(old).start
            assert stored_slot(old).booked_by == mover.user_id


def test_no_guard_is_left_behind_or_shared(approved_doctor: dict[str, Any]):
    slot_id = make_slot(approved_doctor["doctor_id"], TOMORROW_10)
    race([(booking.book, Principal(f"p-{n}", "patient"), BookingRequest(slot_id=slot_id)) for n in range(20)])
    winner = stored_slot(slot_id).booked_by
    for n in range(20):
        held = UniqueKey.count(f"apptq#p-{n}#2026-12-02T10:00:00Z")
        assert held == (1 if f"p-{n}" == winner else 0)
    assert Slot.count(approved_doctor["doctor_id"]) == 1

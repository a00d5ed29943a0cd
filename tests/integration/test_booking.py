"""Holding and booking slots over the API (docs/architecture.md, "Holds and booking")."""

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
def slot(approved_doctor: dict[str, Any]) -> str:
    return make_slot(approved_doctor["doctor_id"], TOMORROW_10)


def book(api: Api, token: str, slot_id: str, **headers: str) -> Any:
    return api.post("/appointments", {"slot_id": slot_id, "reason_for_visit": "check-up"}, token, headers=headers)


def test_a_patient_holds_a_free_slot_for_five_minutes(api: Api, patient_token: str, slot: str, clock: FakeClock):
    reply = api.post(f"/slots/{slot}/lock", token=patient_token)
    assert reply.status == 200, reply.body
    assert reply.body["slot_id"] == slot
    assert datetime.fromisoformat(reply.body["expires_at"]) == clock.now() + timedelta(minutes=5)


def test_second_patient_cannot_lock_a_held_slot_until_the_hold_expires(
    api: Api, patient_token: str, second_patient: str, slot: str, clock: FakeClock
):
    assert api.post(f"/slots/{slot}/lock", token=patient_token).status == 200
    refused = api.post(f"/slots/{slot}/lock", token=second_patient)
    assert (refused.status, refused.error_code) == (409, "SLOT_LOCKED")
    clock.advance(minutes=5, seconds=1)
    assert api.post(f"/slots/{slot}/lock", token=second_patient).status == 200


def test_locking_your_own_slot_again_extends_the_hold(api: Api, patient_token: str, slot: str, clock: FakeClock):
    api.post(f"/slots/{slot}/lock", token=patient_token)
    clock.advance(minutes=3)
    again = api.post(f"/slots/{slot}/lock", token=patient_token)
    assert again.status == 200
    assert datetime.fromisoformat(again.body["expires_at"]) == clock.now() + timedelta(minutes=5)


def test_holding_a_second_slot_releases_the_first(
    api: Api, patient_token: str, second_patient: str, approved_doctor: dict[str, Any], slot: str
):
    other = make_slot(approved_doctor["doctor_id"], TOMORROW_10 + timedelta(hours=1))
    api.post(f"/slots/{slot}/lock", token=patient_token)
    assert api.post(f"/slots/{other}/lock", token=patient_token).status == 200
    assert api.post(f"/slots/{slot}/lock", token=second_patient).status == 200


def test_releasing_a_hold_frees_the_slot(api: Api, patient_token: str, second_patient: str, slot: str):
    api.post(f"/slots/{slot}/lock", token=patient_token)
    assert api.delete(f"/slots/{slot}/lock", token=patient_token).status == 204
    assert api.post(f"/slots/{slot}/lock", token=second_patient).status == 200
    assert api.delete(f"/slots/{slot}/lock", token=patient_token).error_code == "LOCK_NOT_FOUND"


def test_a_blocked_slot_cannot_be_held(api: Api, patient_token: str, approved_doctor: dict[str, Any]):
    blocked = make_slot(approved_doctor["doctor_id"], TOMORROW_10, available=False)
    reply = api.post(f"/slots/{blocked}/lock", token=patient_token)
    assert (reply.status, reply.error_code) == (409, "SLOT_UNAVAILABLE")


def test_an_unknown_or_forged_slot_id_is_not_found(api: Api, patient_token: str, approved_doctor: dict[str, Any]):
    assert api.post("/slots/not-a-slot-id/lock", token=patient_token).status == 404
    real = make_slot(approved_doctor["doctor_id"], TOMORROW_10, minutes=30)
    from chalicelib.services.core.slot_ids import SlotRef, decode_slot_id

    ref = decode_slot_id(real)
    forged = SlotRef(ref.doctor_id, ref.start, 15).slot_id
    assert api.post(f"/slots/{forged}/lock", token=patient_token).status == 404


def test_a_held_slot_is_booked_in_one_step(api: Api, patient_token: str, slot: str, approved_doctor: dict[str, Any]):
    api.post(f"/slots/{slot}/lock", token=patient_token)
    reply = book(api, patient_token, slot)
    assert reply.status == 201, reply.body
    assert reply.body["status"] == "SCHEDULED"
    assert reply.body["doctor"]["id"] == approved_doctor["doctor_id"]
    assert reply.body["start"].startswith("2026-12-02T10:00:00")
    stored = stored_slot(slot)
    assert stored.appointment_id == reply.body["appointment_id"]


def test_second_patient_cannot_book_a_booked_slot(api: Api, patient_token: str, second_patient: str, slot: str):
    assert book(api, patient_token, slot).status == 201
    refused = book(api, second_patient, slot)
    assert (refused.status, refused.error_code) == (409, "SLOT_TAKEN")
    assert api.post(f"/slots/{slot}/lock", token=second_patient).error_code == "SLOT_TAKEN"


def test_second_patient_cannot_book_a_slot_held_by_another(
    api: Api, patient_token: str, second_patient: str, slot: str, clock: FakeClock
):
    api.post(f"/slots/{slot}/lock", token=patient_token)
    refused = book(api, second_patient, slot)
    assert (refused.status, refused.error_code) == (409, "SLOT_LOCKED")
    clock.advance(minutes=6)
    assert book(api, second_patient, slot).status == 201


def test_booking_needs_an_hour_of_notice_and_at_most_ninety_days(
    api: Api, patient_token: str, approved_doctor: dict[str, Any], clock: FakeClock
):
    soon = make_slot(approved_doctor["doctor_id"], clock.now() + timedelta(minutes=30))
    far = make_slot(approved_doctor["doctor_id"], clock.now() + timedelta(days=91))
    for slot_id in (soon, far):
        reply = book(api, patient_token, slot_id)
        assert (reply.status, reply.error_code) == (422, "OUTSIDE_BOOKING_WINDOW")
        assert stored_slot(slot_id).booked_by is None


def test_a_patient_cannot_hold_two_overlapping_appointments(
    api: Api, patient_token: str, slot: str, specialty: dict[str, Any], admin_token: str
):
    other_doctor = api.post(
        "/admin/doctors",
        {
            "email": "other@example.com",
            "password": "correct horse battery",
            "name": "Omar Other",
            "specialty_id": specialty["specialty_id"],
            "license_number": "LIC-3003",
            "experience_years": 3,
            "consultation_fee": 50,
        },
        admin_token,
    ).body
    overlapping = make_slot(other_doctor["doctor_id"], TOMORROW_10 + timedelta(minutes=15))
    assert book(api, patient_token, slot).status == 201
    refused = book(api, patient_token, overlapping)
    assert (refused.status, refused.error_code) == (422, "OVERLAPPING_APPOINTMENT")
    assert stored_slot(overlapping).booked_by is None


def test_the_same_idempotency_key_and_body_answer_the_same_appointment(api: Api, patient_token: str, slot: str):
    first = book(api, patient_token, slot, **{"Idempotency-Key": "abc-123"})
    again = book(api, patient_token, slot, **{"Idempotency-Key": "abc-123"})
    assert first.status == 201, first.body
    assert again.status == 201, again.body
    assert again.body["appointment_id"] == first.body["appointment_id"]


def test_an_idempotency_key_reused_for_another_booking_is_refused(
    api: Api, patient_token: str, slot: str, approved_doctor: dict[str, Any]
):
    other = make_slot(approved_doctor["doctor_id"], TOMORROW_10 + timedelta(hours=2))
    assert book(api, patient_token, slot, **{"Idempotency-Key": "k-1"}).status == 201
    reused = book(api, patient_token, other, **{"Idempotency-Key": "k-1"})
    assert (reused.status, reused.error_code) == (422, "IDEMPOTENCY_KEY_REUSED")
    assert stored_slot(other).booked_by is None


def test_only_patients_hold_and_book(api: Api, approved_doctor: dict[str, Any], admin_token: str, slot: str):
    assert api.post(f"/slots/{slot}/lock", token=approved_doctor["token"]).status == 403
    assert book(api, admin_token, slot).status == 403
    assert api.post(f"/slots/{slot}/lock").status == 401


def test_booking_validates_its_body(api: Api, patient_token: str, slot: str):
    assert api.post("/appointments", {"reason_for_visit": "x"}, patient_token).status == 400
    assert api.post("/appointments", {"slot_id": slot, "extra": 1}, patient_token).status == 400
    assert api.post("/appointments", {"slot_id": "x" * 500}, patient_token).status == 400


def test_a_suspended_doctor_cannot_be_booked(api: Api, patient_token: str, slot: str, approved_doctor: dict[str, Any]):
    from chalicelib.models.doctors import Doctor

    Doctor(doctor_id=approved_doctor["doctor_id"]).update(actions=[Doctor.status.set("SUSPENDED")])
    reply = book(api, patient_token, slot)
    assert (reply.status, reply.error_code) == (409, "DOCTOR_UNAVAILABLE")
    held = api.post(f"/slots/{slot}/lock", token=patient_token)
    assert (held.status, held.error_code) == (409, "DOCTOR_UNAVAILABLE")


def test_booking_writes_the_patient_guards_it_needs(api: Api, patient_token: str, slot: str):
    appointment = book(api, patient_token, slot).body
    me = api.get("/me", token=patient_token).body
    guard = UniqueKey.get(f"apptq#{me['user_id']}#2026-12-02T10:25:00Z")
    assert guard.owner_id == appointment["appointment_id"]


def test_a_transaction_conflict_answers_409_try_again_and_books_nothing(
    api: Api, patient_token: str, slot: str, monkeypatch: pytest.MonkeyPatch
):
    from moto.dynamodb.exceptions import TransactionCanceledException
    from moto.dynamodb.models import DynamoDBBackend

    def conflicting(self: DynamoDBBackend, transact_items: list[dict[str, Any]]) -> None:
        raise TransactionCanceledException([("TransactionConflict", "Transaction is ongoing", None)])

    monkeypatch.setattr(DynamoDBBackend, "transact_write_items", conflicting)
    for reply in (api.post(f"/slots/{slot}/lock", token=patient_token), book(api, patient_token, slot)):
        assert (reply.status, reply.error_code) == (409, "TRY_AGAIN")
    monkeypatch.undo()
    assert stored_slot(slot).booked_by is None


@pytest.mark.parametrize(
    "offset", [timedelta(minutes=-30), timedelta(minutes=30), timedelta(days=91)], ids=["begun", "too-soon", "too-far"]
)
def test_a_slot_listed_unavailable_by_the_clock_cannot_be_held(
    api: Api, patient_token: str, approved_doctor: dict[str, Any], clock: FakeClock, offset: timedelta
):
    # Given a slot the listing shows as unavailable (begun, inside the notice, beyond the advance)
    slot_id = make_slot(approved_doctor["doctor_id"], clock.now() + offset)
    # When a patient holds it
    reply = api.post(f"/slots/{slot_id}/lock", token=patient_token)
    # Then it is refused as booking would refuse it, and nobody holds it
    assert (reply.status, reply.error_code) == (409, "SLOT_UNAVAILABLE")
    from chalicelib.models.slots import SlotHold
    from chalicelib.services.core.slot_ids import decode_slot_id

    ref = decode_slot_id(slot_id)
    assert SlotHold.count(ref.doctor_id, SlotHold.start == ref.start) == 0


def test_a_slot_blocked_after_listing_cannot_be_held(api: Api, patient_token: str, approved_doctor: dict[str, Any]):
    slot_id = make_slot(approved_doctor["doctor_id"], TOMORROW_10)
    assert api.patch(f"/doctors/me/slots/{slot_id}", {"available": False}, approved_doctor["token"]).status == 200
    reply = api.post(f"/slots/{slot_id}/lock", token=patient_token)
    assert (reply.status, reply.error_code) == (409, "SLOT_UNAVAILABLE")

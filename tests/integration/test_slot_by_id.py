"""GET /slots/{id}: one slot with its state, doctor and zone, where a booking deep link (/book?slot=) lands."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tests.support.accounts import login, register_patient
from tests.support.api import Api, assert_error
from tests.support.booking import make_slot
from tests.support.fakes import FakeClock


def test_a_free_slot_answers_with_its_doctor_and_zone(
    api: Api, approved_doctor: dict[str, Any], clock: FakeClock
) -> None:
    start = clock.now() + timedelta(days=2)
    slot_id = make_slot(approved_doctor["doctor_id"], start)

    reply = api.get(f"/slots/{slot_id}")

    assert reply.status == 200, reply.body
    assert reply.body == {
        "slot_id": slot_id,
        "start": "2026-12-03T09:00:00Z",
        "end": "2026-12-03T09:30:00Z",
        "duration_minutes": 30,
        "state": "available",
        "doctor_id": approved_doctor["doctor_id"],
        "timezone": "Europe/Berlin",
    }


def test_a_held_or_booked_slot_says_so_and_never_who(
    api: Api, approved_doctor: dict[str, Any], patient_token: str, clock: FakeClock
) -> None:
    held = make_slot(approved_doctor["doctor_id"], clock.now() + timedelta(days=2))
    booked = make_slot(approved_doctor["doctor_id"], clock.now() + timedelta(days=3))
    register_patient(api, email="other@example.com")
    other = login(api, "other@example.com")["access_token"]
    assert api.post(f"/slots/{held}/lock", token=other).status == 200
    assert api.post("/appointments", {"slot_id": booked}, patient_token).status == 201

    held_reply = api.get(f"/slots/{held}")
    booked_reply = api.get(f"/slots/{booked}")

    assert held_reply.body["state"] == "locked"
    assert "lock_expires_at" in held_reply.body
    assert booked_reply.body["state"] == "booked"
    for body in (held_reply.body, booked_reply.body):
        assert not {"booked_by", "patient_id", "appointment_id"} & set(body)


def test_an_unknown_forged_or_unlisted_slot_is_not_found(
    api: Api, approved_doctor: dict[str, Any], pending_doctor: dict[str, Any], clock: FakeClock
) -> None:
    real = make_slot(approved_doctor["doctor_id"], clock.now() + timedelta(days=2))
    from chalicelib.services.core.slot_ids import SlotRef, decode_slot_id

    ref = decode_slot_id(real)
    longer = SlotRef(ref.doctor_id, ref.start, 60).slot_id
    gone = SlotRef(ref.doctor_id, "2026-12-04T09:00:00Z", 30).slot_id
    unlisted = make_slot(pending_doctor["user_id"], clock.now() + timedelta(days=2))

    assert_error(api.get("/slots/not-a-slot"), 404, "SLOT_NOT_FOUND")
    assert_error(api.get(f"/slots/{longer}"), 404, "SLOT_NOT_FOUND")
    assert_error(api.get(f"/slots/{gone}"), 404, "SLOT_NOT_FOUND")
    assert_error(api.get(f"/slots/{unlisted}"), 404, "DOCTOR_NOT_FOUND")

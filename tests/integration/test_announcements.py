"""Flows tell their listeners what changed once it has committed, and only then (services/announce.py)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from chalicelib.services.core import announce
from chalicelib.services.core.announce import AppointmentChanged, Happening, SlotChanged
from tests.support.accounts import login, register_patient
from tests.support.api import Api
from tests.support.booking import make_slot

TOMORROW_10 = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)


@pytest.fixture
def heard() -> Iterator[list[Happening]]:
    happenings: list[Happening] = []

    def record(batch: Sequence[Happening]) -> None:
        happenings.extend(batch)

    stop = announce.listen(record)
    yield happenings
    stop()


def kinds(happenings: list[Happening]) -> list[tuple[str, str]]:
    return [(h.kind, h.state if isinstance(h, SlotChanged) else "") for h in happenings if hasattr(h, "kind")]


def test_a_hold_a_booking_and_a_cancellation_are_announced_in_order(
    api: Api, patient_token: str, approved_doctor: dict[str, Any], heard: list[Happening]
):
    slot = make_slot(approved_doctor["doctor_id"], TOMORROW_10)
    api.post(f"/slots/{slot}/lock", token=patient_token)
    booked = api.post("/appointments", {"slot_id": slot, "reason_for_visit": "check-up"}, patient_token)
    api.post(f"/appointments/{booked.body['appointment_id']}/cancel", {"reason": "better"}, patient_token)

    assert kinds(heard) == [
        ("slot-locked", "locked"),
        ("slot-booked", "booked"),
        ("booked", ""),
        ("slot-availability-changed", "available"),
        ("cancelled", ""),
    ]
    booking = heard[2]
    assert isinstance(booking, AppointmentChanged)
    assert booking.notice is not None and booking.notice.user_id == approved_doctor["doctor_id"]
    assert isinstance(heard[0], SlotChanged) and heard[0].expires_at is not None


def test_a_refused_hold_announces_nothing(
    api: Api, patient_token: str, approved_doctor: dict[str, Any], heard: list[Happening]
):
    slot = make_slot(approved_doctor["doctor_id"], TOMORROW_10)
    api.post(f"/slots/{slot}/lock", token=patient_token)
    register_patient(api, email="other@example.com", name="Olga Other")
    other = login(api, "other@example.com")["access_token"]
    heard.clear()
    assert api.post(f"/slots/{slot}/lock", token=other).status == 409
    assert heard == []


def test_moving_a_hold_announces_the_old_slot_free_but_not_a_booked_one(
    api: Api, patient_token: str, approved_doctor: dict[str, Any], heard: list[Happening]
):
    first = make_slot(approved_doctor["doctor_id"], TOMORROW_10)
    second = make_slot(approved_doctor["doctor_id"], TOMORROW_10 + timedelta(hours=1))
    third = make_slot(approved_doctor["doctor_id"], TOMORROW_10 + timedelta(hours=2))
    api.post(f"/slots/{first}/lock", token=patient_token)
    api.post(f"/slots/{second}/lock", token=patient_token)
    assert kinds(heard)[-2:] == [("slot-unlocked", "available"), ("slot-locked", "locked")]
    api.post("/appointments", {"slot_id": second, "reason_for_visit": "check-up"}, patient_token)
    heard.clear()
    api.post(f"/slots/{third}/lock", token=patient_token)
    assert kinds(heard) == [("slot-locked", "locked")]


def test_a_failing_listener_never_fails_the_booking(
    api: Api, patient_token: str, approved_doctor: dict[str, Any], heard: list[Happening]
):
    def broken(batch: Sequence[Happening]) -> None:
        raise RuntimeError("push is down")

    stop = announce.listen(broken)
    try:
        slot = make_slot(approved_doctor["doctor_id"], TOMORROW_10)
        booked = api.post("/appointments", {"slot_id": slot, "reason_for_visit": "check-up"}, patient_token)
    finally:
        stop()
    assert booked.status == 201
    assert [h.kind for h in heard] == ["slot-booked", "booked"]


def test_publishing_and_deleting_slots_is_announced(api: Api, approved_doctor: dict[str, Any], heard: list[Happening]):
    token = approved_doctor["token"]
    run = api.post(
        "/doctors/me/slots",
        {"date": "2026-12-03", "start_time": "09:00", "end_time": "10:00", "duration_minutes": 30},
        token,
    )
    assert run.status == 201, run.body
    assert kinds(heard) == [("slot-added", "available"), ("slot-added", "available")]
    heard.clear()
    slot_id = run.body["created"][0]["slot_id"]
    api.patch(f"/doctors/me/slots/{slot_id}", {"available": False}, token)
    api.delete(f"/doctors/me/slots/{slot_id}", token=token)
    assert kinds(heard) == [("slot-availability-changed", "unavailable"), ("slot-removed", "removed")]

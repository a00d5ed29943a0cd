"""GET /doctors?date= keeps the doctors with a free slot that day, with those slots."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from tests.support.accounts import admin_create_doctor
from tests.support.api import Api
from tests.support.booking import make_slot


def test_only_doctors_with_a_free_slot_that_day_are_kept(
    api: Api, approved_doctor: dict[str, Any], specialty: dict[str, Any], admin_token: str, patient_token: str
) -> None:
    other = admin_create_doctor(
        api, admin_token, specialty["specialty_id"], email="b@example.com", license_number="L-77", name="Bo Berg"
    )
    free = make_slot(approved_doctor["doctor_id"], datetime(2026, 12, 3, 9, 0, tzinfo=UTC))
    taken = make_slot(other["doctor_id"], datetime(2026, 12, 3, 9, 0, tzinfo=UTC))
    make_slot(other["doctor_id"], datetime(2026, 12, 4, 9, 0, tzinfo=UTC))
    assert api.post("/appointments", {"slot_id": taken}, patient_token).status == 201

    reply = api.get("/doctors?date=2026-12-03")

    assert reply.status == 200, reply.body
    assert [d["doctor_id"] for d in reply.body["items"]] == [approved_doctor["doctor_id"]]
    assert [s["slot_id"] for s in reply.body["items"][0]["available_slots"]] == [free]
    assert [d["doctor_id"] for d in api.get("/doctors?date=2026-12-04").body["items"]] == [other["doctor_id"]]
    assert api.get("/doctors?date=2026-12-05").body["items"] == []
    searched = api.get("/doctors?date=2026-12-03&q=smith").body["items"]
    assert [d["name"] for d in searched] == [approved_doctor["name"]]


def test_a_malformed_date_is_refused(api: Api) -> None:
    reply = api.get("/doctors?date=tomorrow")
    assert (reply.status, reply.error_code) == (400, "VALIDATION_ERROR")

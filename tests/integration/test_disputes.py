"""Disputes: a party to a finished appointment raises one; admins resolve it, correcting the status if decided
(the only way a finished appointment's status changes), audited, both parties told in their feed and live."""

from __future__ import annotations

import threading
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest

from chalicelib.models.appointments import Appointment
from chalicelib.models.audit import AuditEntry
from chalicelib.services.core.times import parse_iso
from tests.support.accounts import login, register_patient
from tests.support.api import Api, assert_error
from tests.support.booking import make_slot
from tests.support.fakes import FakeClock

CONTESTED = {"kind": "no_show_contested", "reason": "I was in the waiting room at 10:00."}


@pytest.fixture
def no_show(api: Api, approved_doctor: dict[str, Any], patient_token: str, clock: FakeClock) -> str:
    """An appointment of the patient's that the doctor recorded as a no-show."""
    slot_id = make_slot(approved_doctor["doctor_id"], clock.now() + timedelta(days=1))
    booked = api.post("/appointments", {"slot_id": slot_id}, patient_token)
    assert booked.status == 201, booked.body
    appointment = Appointment.get(booked.body["appointment_id"])
    appointment.update(actions=[Appointment.status.set("NO_SHOW")])
    return str(appointment.appointment_id)


def test_a_patient_disputes_a_no_show_and_an_admin_corrects_it_to_completed(
    api: Api, no_show: str, patient_token: str, admin_token: str, approved_doctor: dict[str, Any]
) -> None:
    raised = api.post(f"/appointments/{no_show}/disputes", CONTESTED, patient_token)
    assert raised.status == 201, raised.body
    assert (raised.body["status"], raised.body["raised_by_role"], raised.body["appointment_status"]) == (
        "open",
        "patient",
        "NO_SHOW",
    )
    queue = api.get("/admin/disputes", admin_token).body["items"]
    assert [d["dispute_id"] for d in queue] == [raised.body["dispute_id"]]

    resolved = api.post(
        f"/admin/disputes/{raised.body['dispute_id']}/resolve",
        {"outcome": "The practice confirmed the visit.", "status_correction": "COMPLETED"},
        admin_token,
    )

    assert resolved.status == 200, resolved.body
    assert (resolved.body["status"], resolved.body["status_correction"]) == ("resolved", "COMPLETED")
    assert Appointment.get(no_show).status == "COMPLETED"
    assert api.get("/admin/disputes", admin_token).body["items"] == []
    assert len(api.get("/admin/disputes?status=resolved", admin_token).body["items"]) == 1
    (entry,) = [e for e in AuditEntry.query(f"appointment#{no_show}") if e.action == "dispute-resolved"]
    assert entry.detail.as_dict()["status"] == "NO_SHOW -> COMPLETED"
    for token in (patient_token, approved_doctor["token"]):
        feed = api.get("/notifications", token).body["items"]
        assert any(n["type"] == "dispute-resolved" for n in feed)


def test_a_resolution_without_correction_keeps_the_status_and_frees_the_appointment_for_a_new_dispute(
    api: Api, no_show: str, approved_doctor: dict[str, Any], admin_token: str
) -> None:
    raised = api.post(f"/appointments/{no_show}/disputes", {"kind": "fee", "reason": "x"}, approved_doctor["token"])
    assert_error(
        api.post(f"/appointments/{no_show}/disputes", CONTESTED, approved_doctor["token"]), 409, "DISPUTE_OPEN"
    )

    path = f"/admin/disputes/{raised.body['dispute_id']}/resolve"
    assert api.post(path, {"outcome": "No change."}, admin_token).status == 200

    assert Appointment.get(no_show).status == "NO_SHOW"
    assert_error(api.post(path, {"outcome": "Again."}, admin_token), 409, "DISPUTE_RESOLVED")
    assert api.post(f"/appointments/{no_show}/disputes", CONTESTED, approved_doctor["token"]).status == 201


def test_an_appointment_not_yet_over_cannot_be_disputed(
    api: Api, approved_doctor: dict[str, Any], patient_token: str, clock: FakeClock
) -> None:
    slot_id = make_slot(approved_doctor["doctor_id"], clock.now() + timedelta(days=1))
    booked = api.post("/appointments", {"slot_id": slot_id}, patient_token).body

    reply = api.post(f"/appointments/{booked['appointment_id']}/disputes", CONTESTED, patient_token)

    assert_error(reply, 422, "APPOINTMENT_NOT_FINISHED")


def test_someone_elses_appointment_cannot_be_disputed(api: Api, no_show: str) -> None:
    register_patient(api, email="other@example.com")
    other = login(api, "other@example.com")["access_token"]

    assert_error(api.post(f"/appointments/{no_show}/disputes", CONTESTED, other), 404, "APPOINTMENT_NOT_FOUND")


def test_of_two_disputes_raised_at_once_exactly_one_is_opened(
    api: Api, no_show: str, patient_token: str, approved_doctor: dict[str, Any], atomic_moto: None
) -> None:
    from chalicelib.contracts.disputes import DisputeCreate
    from chalicelib.errors import Conflict
    from chalicelib.services.core.authz import Principal
    from chalicelib.services.disputes import resolution
    from chalicelib.vocabulary import Role

    appointment = Appointment.get(no_show)
    parties = [Principal(appointment.patient_id, Role.PATIENT), Principal(appointment.doctor_id, Role.DOCTOR)]
    outcomes: list[str] = []
    start = threading.Barrier(2)

    def raise_one(principal: Principal) -> None:
        start.wait()
        try:
            resolution.raise_dispute(principal, no_show, DisputeCreate(**CONTESTED))
            outcomes.append("opened")
        except Conflict as exc:
            outcomes.append(exc.code)

    threads = [threading.Thread(target=raise_one, args=(p,)) for p in parties]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["DISPUTE_OPEN", "opened"]


def test_a_no_show_corrected_to_completed_moves_the_analytics_counters_in_its_transaction(
    api: Api, approved_doctor: dict[str, Any], patient_token: str, admin_token: str, clock: FakeClock
) -> None:
    from chalicelib.models.analytics import DailyAggregate
    from tests.integration.test_analytics import maintained, recount

    doctor = approved_doctor["token"]
    kind = api.post(
        "/doctors/me/appointment-types",
        {
            "name": "Consultation",
            "duration_minutes": 30,
            "price": {"amount": "80.50", "currency": "EUR"},
            "mode": "video",
        },
        doctor,
    )
    assert kind.status == 201, kind.body
    published = api.post(
        "/doctors/me/slots",
        {
            "date": "2026-12-02",
            "start_time": "10:00",
            "end_time": "10:30",
            "appointment_type_id": kind.body["appointment_type_id"],
        },
        doctor,
    )
    assert published.status == 201, published.body
    (slot,) = published.body["created"]
    booked = api.post("/appointments", {"slot_id": slot["slot_id"]}, patient_token)
    assert booked.status == 201, booked.body
    appointment_id = booked.body["appointment_id"]
    clock.current = parse_iso(slot["start"]) + timedelta(minutes=10)
    doctor = login(api, "approved@example.com")["access_token"]
    patient = login(api, "pat@example.com")["access_token"]
    admin = login(api, "admin@example.com")["access_token"]
    moved = api.post(f"/appointments/{appointment_id}/status", {"status": "NO_SHOW"}, doctor)
    assert moved.status == 200, moved.body
    day = slot["start"][:10]
    scope = f"doctor#{approved_doctor['doctor_id']}"
    before = DailyAggregate.get(scope, day)
    assert (int(before.no_shows or 0), int(before.completed or 0)) == (1, 0)
    raised = api.post(f"/appointments/{appointment_id}/disputes", CONTESTED, patient)
    assert raised.status == 201, raised.body

    resolved = api.post(
        f"/admin/disputes/{raised.body['dispute_id']}/resolve",
        {"outcome": "The practice confirmed the visit.", "status_correction": "COMPLETED"},
        admin,
    )

    assert resolved.status == 200, resolved.body
    after = DailyAggregate.get(scope, day)
    assert (int(after.no_shows or 0), int(after.completed or 0)) == (0, 1)
    assert DailyAggregate.get(scope, f"{day}#EUR").revenue == Decimal("80.50")
    assert maintained() == recount()

"""The live push through the real flows: what each watcher hears when slots and appointments change, that it
never hears more than it may, and that a failed push fails nothing."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from chalicelib.models.connections import Connection
from chalicelib.models.subscriptions import Subscription
from chalicelib.services.core import announce
from chalicelib.services.core.slot_ids import decode_slot_id
from chalicelib.services.realtime.topics import doctor_slots_topic
from tests.support.accounts import login, register_patient
from tests.support.api import Api
from tests.support.booking import make_slot
from tests.support.fakes import FakeClock, RecordingSender
from tests.support.ws import Ws

TOMORROW_10 = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)
SLOT_KEYS = {"slot_id", "doctor_id", "start", "state"}
APPOINTMENT_KEYS = {"appointment_id", "doctor_id", "start", "end", "status", "notification_id"}


@pytest.fixture
def doctor(approved_doctor: dict[str, Any]) -> dict[str, Any]:
    return approved_doctor


@pytest.fixture
def paula(api: Api) -> dict[str, Any]:
    return person(api, "paula@example.com", "Paula Patient")


@pytest.fixture
def marco(api: Api) -> dict[str, Any]:
    return person(api, "marco@example.com", "Marco Rossi")


def person(api: Api, email: str, name: str) -> dict[str, Any]:
    register_patient(api, email=email, name=name)
    pair = login(api, email)
    return {"user_id": pair["user"]["user_id"], "token": pair["access_token"], "email": email, "name": name}


def book(api: Api, token: str, slot_id: str, reason: str = "check-up") -> dict[str, Any]:
    reply = api.post("/appointments", {"slot_id": slot_id, "reason_for_visit": reason}, token)
    assert reply.status == 201, reply.body
    return dict(reply.body)


def feed_ids(api: Api, token: str) -> list[str]:
    return [item["notification_id"] for item in api.get("/notifications", token=token).body["items"]]


def feed_type(api: Api, token: str, notification_id: str) -> str:
    """The type of the recipient's own feed record with this id (the fake clock stands still, so records of one
    test share a time and the feed's order among them is its nonce's)."""
    items = api.get("/notifications", token=token).body["items"]
    (record,) = [item for item in items if item["notification_id"] == notification_id]
    return str(record["type"])


def test_a_watcher_sees_a_slot_turn_locked_without_learning_who_holds_it(
    api: Api, ws: Ws, doctor: dict[str, Any], paula: dict[str, Any], marco: dict[str, Any]
):
    slot_id = make_slot(doctor["doctor_id"], TOMORROW_10)
    watcher = ws.watch(marco["token"], doctor_slots_topic(doctor["doctor_id"]))

    held = api.post(f"/slots/{slot_id}/lock", token=paula["token"])

    assert held.status == 200
    (event,) = ws.pushed(watcher)
    assert event["type"] == "slot-locked"
    assert event["data"] == {
        "slot_id": slot_id,
        "doctor_id": doctor["doctor_id"],
        "start": "2026-12-02T10:00:00Z",
        "state": "locked",
        "expires_at": "2026-12-01T09:05:00Z",
    }
    assert event["at"] == "2026-12-01T09:00:00.000Z"
    assert paula["user_id"] not in json.dumps(event)


def test_a_released_hold_and_a_booking_are_seen_by_watchers(
    api: Api, ws: Ws, doctor: dict[str, Any], paula: dict[str, Any], marco: dict[str, Any]
):
    slot_id = make_slot(doctor["doctor_id"], TOMORROW_10)
    watcher = ws.watch(marco["token"], doctor_slots_topic(doctor["doctor_id"]))
    api.post(f"/slots/{slot_id}/lock", token=paula["token"])
    api.delete(f"/slots/{slot_id}/lock", token=paula["token"])
    book(api, paula["token"], slot_id, reason="chest pain")

    events = ws.pushed(watcher)
    assert [(e["type"], e["data"]["state"]) for e in events] == [
        ("slot-locked", "locked"),
        ("slot-unlocked", "available"),
        ("slot-booked", "booked"),
    ]
    assert all(set(e["data"]) <= SLOT_KEYS | {"expires_at"} for e in events)


def test_a_doctor_hears_of_a_new_booking_with_the_id_of_its_feed_record(
    api: Api, ws: Ws, doctor: dict[str, Any], paula: dict[str, Any]
):
    doctor_ws = ws.open(doctor["token"])
    slot_id = make_slot(doctor["doctor_id"], TOMORROW_10)

    booked = book(api, paula["token"], slot_id, reason="chest pain")

    (event,) = ws.pushed(doctor_ws, "new-appointment")
    assert set(event["data"]) == APPOINTMENT_KEYS
    assert event["data"]["appointment_id"] == booked["appointment_id"]
    assert event["data"]["status"] == "SCHEDULED"
    assert (event["data"]["start"], event["data"]["end"]) == ("2026-12-02T10:00:00Z", "2026-12-02T10:30:00Z")
    assert feed_ids(api, doctor["token"]) == [event["data"]["notification_id"]]


def test_the_patients_other_tabs_hear_of_their_own_booking_without_a_feed_record(
    api: Api, ws: Ws, doctor: dict[str, Any], paula: dict[str, Any]
):
    other_tab = ws.open(paula["token"])

    booked = book(api, paula["token"], make_slot(doctor["doctor_id"], TOMORROW_10))

    (event,) = ws.pushed(other_tab)
    assert event["type"] == "new-appointment"
    assert event["data"]["appointment_id"] == booked["appointment_id"]
    assert event["data"]["notification_id"] is None


def test_a_confirmation_reaches_the_patient_with_its_feed_record(
    api: Api, ws: Ws, doctor: dict[str, Any], paula: dict[str, Any]
):
    booked = book(api, paula["token"], make_slot(doctor["doctor_id"], TOMORROW_10))
    patient_ws = ws.open(paula["token"])

    reply = api.post(f"/appointments/{booked['appointment_id']}/status", {"status": "CONFIRMED"}, doctor["token"])

    assert reply.status == 200, reply.body
    (event,) = ws.pushed(patient_ws)
    assert event["type"] == "appointment-confirmed"
    assert event["data"]["status"] == "CONFIRMED"
    assert feed_type(api, paula["token"], event["data"]["notification_id"]) == "appointment-confirmed"


def test_a_later_status_change_reaches_the_patient(
    api: Api, ws: Ws, doctor: dict[str, Any], paula: dict[str, Any], clock: FakeClock
):
    booked = book(api, paula["token"], make_slot(doctor["doctor_id"], TOMORROW_10))
    path = f"/appointments/{booked['appointment_id']}/status"
    api.post(path, {"status": "CONFIRMED"}, doctor["token"])
    clock.current = TOMORROW_10
    patient_ws = ws.open(login(api, paula["email"])["access_token"])

    assert api.post(path, {"status": "IN_PROGRESS"}, login(api, "approved@example.com")["access_token"]).status == 200

    (event,) = ws.pushed(patient_ws)
    assert (event["type"], event["data"]["status"]) == ("appointment-status-changed", "IN_PROGRESS")


def test_a_cancellation_by_the_patient_reaches_the_doctor_and_frees_the_slot_for_watchers(
    api: Api, ws: Ws, doctor: dict[str, Any], paula: dict[str, Any], marco: dict[str, Any]
):
    slot_id = make_slot(doctor["doctor_id"], TOMORROW_10)
    booked = book(api, paula["token"], slot_id)
    doctor_ws = ws.open(doctor["token"])
    watcher = ws.watch(marco["token"], doctor_slots_topic(doctor["doctor_id"]))

    api.post(f"/appointments/{booked['appointment_id']}/cancel", {"reason": "better"}, paula["token"])

    (event,) = ws.pushed(doctor_ws)
    assert (event["type"], event["data"]["status"]) == ("appointment-cancelled", "CANCELLED")
    assert feed_type(api, doctor["token"], event["data"]["notification_id"]) == "appointment-cancelled"
    (freed,) = ws.pushed(watcher)
    assert freed["type"] == "slot-availability-changed"
    assert freed["data"] == {
        "slot_id": slot_id,
        "doctor_id": doctor["doctor_id"],
        "start": "2026-12-02T10:00:00Z",
        "state": "available",
    }


def test_a_cancellation_by_the_doctor_reaches_the_patient(
    api: Api, ws: Ws, doctor: dict[str, Any], paula: dict[str, Any]
):
    booked = book(api, paula["token"], make_slot(doctor["doctor_id"], TOMORROW_10))
    patient_ws = ws.open(paula["token"])

    api.post(f"/appointments/{booked['appointment_id']}/cancel", {"reason": "ill"}, doctor["token"])

    (event,) = ws.pushed(patient_ws)
    assert event["type"] == "appointment-cancelled"
    assert feed_type(api, paula["token"], event["data"]["notification_id"]) == "appointment-cancelled"


def test_a_reschedule_by_the_patient_is_a_notification_to_the_doctor(
    api: Api, ws: Ws, doctor: dict[str, Any], paula: dict[str, Any]
):
    booked = book(api, paula["token"], make_slot(doctor["doctor_id"], TOMORROW_10))
    later = make_slot(doctor["doctor_id"], TOMORROW_10 + timedelta(hours=2))
    doctor_ws = ws.open(doctor["token"])

    api.post(f"/appointments/{booked['appointment_id']}/reschedule", {"slot_id": later}, paula["token"])

    (event,) = ws.pushed(doctor_ws)
    assert event["type"] == "notification"
    assert event["data"]["kind"] == "appointment-rescheduled"
    assert (event["data"]["previous_start"], event["data"]["start"]) == ("2026-12-02T10:00:00Z", "2026-12-02T12:00:00Z")
    assert feed_type(api, doctor["token"], event["data"]["notification_id"]) == "appointment-rescheduled"


def test_a_waiting_patient_hears_of_the_slot_held_for_them(
    api: Api, ws: Ws, doctor: dict[str, Any], paula: dict[str, Any], marco: dict[str, Any]
):
    slot_id = make_slot(doctor["doctor_id"], TOMORROW_10)
    booked = book(api, paula["token"], slot_id)
    assert api.post(f"/doctors/{doctor['doctor_id']}/waitlist", {}, marco["token"]).status == 201
    marco_ws = ws.open(marco["token"])

    api.post(f"/appointments/{booked['appointment_id']}/cancel", {}, paula["token"])

    (event,) = ws.pushed(marco_ws)
    assert event["type"] == "waitlist-slot-open"
    assert event["data"] == {
        "slot_id": slot_id,
        "doctor_id": doctor["doctor_id"],
        "start": "2026-12-02T10:00:00Z",
        "expires_at": "2026-12-01T09:15:00Z",
        "notification_id": event["data"]["notification_id"],
    }
    assert feed_type(api, marco["token"], event["data"]["notification_id"]) == "waitlist-slot-open"


def test_the_admin_monitor_sees_appointments_without_reasons_or_contacts(
    api: Api, ws: Ws, doctor: dict[str, Any], paula: dict[str, Any], admin_token: str
):
    monitor = ws.watch(admin_token, "admin")

    booked = book(api, paula["token"], make_slot(doctor["doctor_id"], TOMORROW_10), reason="very private")

    (event,) = ws.pushed(monitor)
    assert event["type"] == "new-appointment"
    assert event["data"]["appointment_id"] == booked["appointment_id"]
    assert event["data"]["patient_id"] == paula["user_id"]
    assert (event["data"]["day"], event["data"]["by"]) == ("2026-12-02", "patient")
    text = json.dumps(event)
    assert "very private" not in text and paula["email"] not in text and paula["name"] not in text


def test_a_rule_adding_many_slots_is_one_refetch_message(api: Api, ws: Ws, doctor: dict[str, Any], marco):
    watcher = ws.watch(marco["token"], doctor_slots_topic(doctor["doctor_id"]))

    run = {"date": "2026-12-03", "start_time": "09:00", "end_time": "17:00", "duration_minutes": 15}
    assert api.post("/doctors/me/slots", run, doctor["token"]).status == 201

    (event,) = ws.pushed(watcher)
    assert event["type"] == "slot-availability-changed"
    assert event["data"] == {
        "doctor_id": doctor["doctor_id"],
        "from": "2026-12-03T08:00:00Z",
        "to": "2026-12-03T16:00:00Z",
        "count": 32,
        "refetch": True,
    }


def test_a_few_new_slots_are_told_one_by_one(api: Api, ws: Ws, doctor: dict[str, Any], marco: dict[str, Any]):
    watcher = ws.watch(marco["token"], doctor_slots_topic(doctor["doctor_id"]))

    run = {"date": "2026-12-03", "start_time": "09:00", "end_time": "10:00", "duration_minutes": 30}
    api.post("/doctors/me/slots", run, doctor["token"])

    assert [(e["type"], e["data"]["start"]) for e in ws.pushed(watcher)] == [
        ("slot-added", "2026-12-03T08:00:00Z"),
        ("slot-added", "2026-12-03T08:30:00Z"),
    ]


def test_a_closed_connection_is_deleted_and_the_booking_and_its_feed_record_stand(
    api: Api, ws: Ws, doctor: dict[str, Any], paula: dict[str, Any], sender: RecordingSender
):
    dead = ws.open(doctor["token"])
    alive = ws.open(doctor["token"])
    sender.gone.add(dead)

    booked = api.post(
        "/appointments",
        {"slot_id": make_slot(doctor["doctor_id"], TOMORROW_10), "reason_for_visit": "x"},
        paula["token"],
    )

    assert booked.status == 201
    assert [e["type"] for e in ws.pushed(alive)] == ["new-appointment"]
    assert len(feed_ids(api, doctor["token"])) == 1
    assert [c.connection_id for c in Connection.scan()] == [alive]
    assert [s.connection_id for s in Subscription.query(f"user#{doctor['doctor_id']}")] == [alive]
    sender.clear()
    book(api, paula["token"], make_slot(doctor["doctor_id"], TOMORROW_10 + timedelta(hours=1)))
    assert sender.posts == 1


def test_a_failing_push_fails_nothing(
    api: Api, ws: Ws, doctor: dict[str, Any], paula: dict[str, Any], sender: RecordingSender
):
    broken = ws.open(doctor["token"])
    sender.failing.add(broken)

    booked = api.post(
        "/appointments",
        {"slot_id": make_slot(doctor["doctor_id"], TOMORROW_10), "reason_for_visit": "x"},
        paula["token"],
    )

    assert booked.status == 201
    assert len(feed_ids(api, doctor["token"])) == 1
    assert Connection.count() == 1


def test_a_push_that_cannot_even_find_its_watchers_fails_nothing(
    api: Api, doctor: dict[str, Any], paula: dict[str, Any], monkeypatch: pytest.MonkeyPatch
):
    from chalicelib.services.realtime import fanout

    def down(*args: object) -> list[str]:
        raise ConnectionError("DynamoDB unreachable")

    monkeypatch.setattr(fanout, "subscribers", down)

    booked = api.post(
        "/appointments",
        {"slot_id": make_slot(doctor["doctor_id"], TOMORROW_10), "reason_for_visit": "x"},
        paula["token"],
    )

    assert booked.status == 201
    assert len(feed_ids(api, doctor["token"])) == 1


def test_an_expired_subscription_hears_nothing(
    ws: Ws, doctor: dict[str, Any], marco: dict[str, Any], clock: FakeClock, sender: RecordingSender
):
    ws.watch(marco["token"], doctor_slots_topic(doctor["doctor_id"]))
    slot_id = make_slot(doctor["doctor_id"], TOMORROW_10)
    clock.advance(hours=2, seconds=1)
    sender.clear()

    announce.announce(announce.SlotChanged(announce.SLOT_UNLOCKED, decode_slot_id(slot_id), "available"))

    assert sender.posts == 0


def test_no_patient_ever_hears_of_another_patients_appointment(
    api: Api, ws: Ws, doctor: dict[str, Any], paula: dict[str, Any], marco: dict[str, Any], sender: RecordingSender
):
    topic = doctor_slots_topic(doctor["doctor_id"])
    paula_tabs = [ws.watch(paula["token"], topic), ws.open(paula["token"])]
    marco_tabs = [ws.watch(marco["token"], topic), ws.open(marco["token"])]
    doctor_tab = ws.open(doctor["token"])
    first = make_slot(doctor["doctor_id"], TOMORROW_10)
    second = make_slot(doctor["doctor_id"], TOMORROW_10 + timedelta(hours=1))
    third = make_slot(doctor["doctor_id"], TOMORROW_10 + timedelta(hours=2))

    # Paula holds, books, moves and cancels; Marco holds, books and is confirmed; both join the waitlist.
    api.post(f"/slots/{first}/lock", token=paula["token"])
    paulas = book(api, paula["token"], first, reason="Paula's private reason")
    api.post(f"/doctors/{doctor['doctor_id']}/waitlist", {}, marco["token"])
    api.post(f"/slots/{second}/lock", token=marco["token"])
    marcos = book(api, marco["token"], second, reason="Marco's private reason")
    api.post(f"/appointments/{marcos['appointment_id']}/status", {"status": "CONFIRMED"}, doctor["token"])
    api.post(f"/appointments/{paulas['appointment_id']}/reschedule", {"slot_id": third}, paula["token"])
    api.post(f"/appointments/{paulas['appointment_id']}/cancel", {"reason": "Paula moved away"}, paula["token"])

    heard_by = {
        "paula": [m for tab in paula_tabs for m in ws.pushed(tab)],
        "marco": [m for tab in marco_tabs for m in ws.pushed(tab)],
        "doctor": ws.pushed(doctor_tab),
    }
    assert heard_by["paula"] and heard_by["marco"] and heard_by["doctor"]
    secrets_of = {
        "paula": [paula["user_id"], paula["name"], paula["email"], "Paula's", paulas["appointment_id"], "moved away"],
        "marco": [marco["user_id"], marco["name"], marco["email"], "Marco's", marcos["appointment_id"]],
    }
    for listener, other in (("paula", "marco"), ("marco", "paula")):
        text = json.dumps(heard_by[listener])
        leaked = [secret for secret in secrets_of[other] if secret in text]
        assert not leaked, (listener, leaked)
    doctor_text = json.dumps(heard_by["doctor"])
    assert not [s for s in ("private reason", paula["name"], marco["name"], "moved away") if s in doctor_text]
    assert not [s for s in (paula["user_id"], marco["user_id"]) if s in doctor_text]

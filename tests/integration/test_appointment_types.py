"""Appointment types: a doctor's visits with their own length, price and mode; slots published for a type; the
type and price snapshotted at booking; a video visit's room, shown only to its patient and doctor.

The clock stands at 2026-12-01 09:00 UTC (10:00 in Berlin, the approved doctor's zone).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from chalicelib.models.appointment_types import DEFAULT_TYPE_ID, AppointmentType
from chalicelib.models.appointments import Appointment
from chalicelib.models.clinics import Clinic
from chalicelib.models.doctors import Doctor
from chalicelib.models.slots import Slot
from chalicelib.services.availability import appointment_types
from tests.support.accounts import login, register_patient
from tests.support.api import Api, assert_error

FIRST_VISIT = {
    "name": "First consultation",
    "duration_minutes": 30,
    "price": {"amount": "80", "currency": "EUR"},
    "mode": "in_person",
    "clinic_id": "clinic-1",
}
VIDEO_VISIT = {"name": "Video follow-up", "duration_minutes": 15, "price": {"amount": "45.50", "currency": "EUR"}}
RUN = {"date": "2026-12-02", "start_time": "09:00", "end_time": "11:00"}


@pytest.fixture
def doctor(api: Api, approved_doctor: dict[str, Any], admin_token: str) -> dict[str, Any]:
    """The approved doctor, working at ``clinic-1``."""
    clinic = Clinic(
        clinic_id="clinic-1",
        name="Praxis Mitte",
        name_sort="praxis mitte#clinic-1",
        line1="Rosenthaler Str. 40",
        postal_code="10178",
        city="Berlin",
        city_key="berlin",
        country="DE",
        lat=52.5246,
        lon=13.4021,
        timezone="Europe/Berlin",
        created_at=datetime(2026, 11, 1, tzinfo=UTC),
        updated_at=datetime(2026, 11, 1, tzinfo=UTC),
    )
    clinic.save()
    placed = api.put(
        f"/admin/doctors/{approved_doctor['doctor_id']}/clinics", {"clinic_ids": ["clinic-1"]}, admin_token
    )
    assert placed.status == 200, placed.body
    return approved_doctor


def make_type(api: Api, token: str, **body: Any) -> dict[str, Any]:
    reply = api.post("/doctors/me/appointment-types", {**FIRST_VISIT, **body}, token)
    assert reply.status == 201, reply.body
    return dict(reply.body)


def publish_for(api: Api, token: str, type_id: str, **changes: Any) -> list[dict[str, Any]]:
    reply = api.post("/doctors/me/slots", {**RUN, "appointment_type_id": type_id, **changes}, token)
    assert reply.status == 201, reply.body
    return list(reply.body["created"])


def book(api: Api, token: str, slot_id: str) -> dict[str, Any]:
    reply = api.post("/appointments", {"slot_id": slot_id, "reason_for_visit": "check-up"}, token)
    assert reply.status == 201, reply.body
    return dict(reply.body)


def test_a_doctor_offers_a_type_and_anyone_sees_it_with_its_price(api: Api, doctor: dict[str, Any]) -> None:
    made = make_type(api, doctor["token"])

    assert made["price"] == {"amount": "80.00", "currency": "EUR"}  # stored with the currency's minor digits
    assert (made["duration_minutes"], made["mode"], made["clinic_id"], made["active"]) == (
        30,
        "in_person",
        "clinic-1",
        True,
    )
    public = api.get(f"/doctors/{doctor['doctor_id']}/appointment-types")
    assert public.status == 200
    assert [item["appointment_type_id"] for item in public.body["items"]] == [made["appointment_type_id"]]


@pytest.mark.parametrize(
    "price",
    [
        {"amount": 80.0, "currency": "EUR"},  # a float, never
        {"amount": "80.001", "currency": "EUR"},  # more decimals than the euro has
        {"amount": "-5.00", "currency": "EUR"},
        {"amount": "80.00", "currency": "XYZ"},  # not an ISO 4217 code we price in
        {"amount": "80.5", "currency": "JPY"},  # the yen has no minor unit
        {"amount": "1e3", "currency": "EUR"},
    ],
)
def test_a_price_must_be_a_decimal_string_within_the_currencys_digits(
    api: Api, doctor: dict[str, Any], price: dict[str, Any]
) -> None:
    reply = api.post("/doctors/me/appointment-types", {**FIRST_VISIT, "price": price}, doctor["token"])

    assert_error(reply, 400, "VALIDATION_ERROR")


def test_a_free_visit_and_a_yen_price_are_accepted(api: Api, doctor: dict[str, Any]) -> None:
    assert make_type(api, doctor["token"], price={"amount": "0", "currency": "EUR"})["price"]["amount"] == "0.00"
    assert make_type(api, doctor["token"], price={"amount": "8000", "currency": "JPY"})["price"]["amount"] == "8000"


def test_an_in_person_type_names_a_clinic_the_doctor_works_at(api: Api, doctor: dict[str, Any]) -> None:
    reply = api.post("/doctors/me/appointment-types", {**FIRST_VISIT, "clinic_id": "elsewhere"}, doctor["token"])

    assert_error(reply, 422, "NOT_YOUR_CLINIC")


def test_a_video_type_has_no_clinic(api: Api, doctor: dict[str, Any]) -> None:
    reply = api.post("/doctors/me/appointment-types", {**FIRST_VISIT, "mode": "video"}, doctor["token"])

    assert_error(reply, 400, "VALIDATION_ERROR")


def test_a_doctor_reprices_and_deactivates_a_type(api: Api, doctor: dict[str, Any]) -> None:
    made = make_type(api, doctor["token"])
    path = f"/doctors/me/appointment-types/{made['appointment_type_id']}"

    changed = api.patch(path, {"price": {"amount": "95.5", "currency": "EUR"}, "name": "Consultation"}, doctor["token"])
    assert changed.status == 200, changed.body
    assert changed.body["price"] == {"amount": "95.50", "currency": "EUR"} and changed.body["name"] == "Consultation"

    gone = api.post(f"{path}/deactivate", token=doctor["token"])
    assert gone.status == 200 and gone.body["active"] is False
    assert api.get(f"/doctors/{doctor['doctor_id']}/appointment-types").body["items"] == []
    mine = api.get("/doctors/me/appointment-types", doctor["token"]).body["items"]
    assert [(item["appointment_type_id"], item["active"]) for item in mine] == [(made["appointment_type_id"], False)]
    refused = api.post(
        "/doctors/me/slots", {**RUN, "appointment_type_id": made["appointment_type_id"]}, doctor["token"]
    )
    assert_error(refused, 422, "APPOINTMENT_TYPE_INACTIVE")


def test_another_doctors_type_is_unknown(api: Api, doctor: dict[str, Any]) -> None:
    assert_error(
        api.patch("/doctors/me/appointment-types/nope", {"name": "x"}, doctor["token"]),
        404,
        "APPOINTMENT_TYPE_NOT_FOUND",
    )
    refused = api.post("/doctors/me/slots", {**RUN, "appointment_type_id": "nope"}, doctor["token"])
    assert_error(refused, 404, "APPOINTMENT_TYPE_NOT_FOUND")


def test_a_run_sends_either_a_length_or_a_type(api: Api, doctor: dict[str, Any]) -> None:
    made = make_type(api, doctor["token"])
    both = {**RUN, "duration_minutes": 20, "appointment_type_id": made["appointment_type_id"]}

    assert_error(api.post("/doctors/me/slots", both, doctor["token"]), 400, "VALIDATION_ERROR")
    assert_error(api.post("/doctors/me/slots", RUN, doctor["token"]), 400, "VALIDATION_ERROR")


def test_slots_published_for_a_type_take_its_length_and_carry_it(api: Api, doctor: dict[str, Any]) -> None:
    made = make_type(api, doctor["token"])

    created = publish_for(api, doctor["token"], made["appointment_type_id"])

    assert len(created) == 4 and {slot["duration_minutes"] for slot in created} == {30}
    assert created[0]["appointment_type"] == {
        "id": made["appointment_type_id"],
        "name": "First consultation",
        "mode": "in_person",
        "price": {"amount": "80.00", "currency": "EUR"},
        "clinic_id": "clinic-1",
    }
    stored = Slot.get(doctor["doctor_id"], "2026-12-02T08:00:00Z")
    assert stored.appointment_type_id == made["appointment_type_id"]


def test_the_listing_filters_by_type_and_the_overlap_guard_holds_across_types(api: Api, doctor: dict[str, Any]) -> None:
    first = make_type(api, doctor["token"])
    video = make_type(api, doctor["token"], **VIDEO_VISIT, mode="video", clinic_id=None)
    publish_for(api, doctor["token"], first["appointment_type_id"])  # 09:00-11:00 Berlin, four 30-minute slots
    reply = api.post(
        "/doctors/me/slots",
        {**RUN, "start_time": "10:30", "end_time": "11:30", "appointment_type_id": video["appointment_type_id"]},
        doctor["token"],
    )
    assert reply.status == 201, reply.body
    # 10:30 and 10:45 meet the first type's 10:30 slot: only 11:00 and 11:15 are free of it.
    assert [s["start"] for s in reply.body["created"]] == ["2026-12-02T10:00:00Z", "2026-12-02T10:15:00Z"]
    assert len(reply.body["skipped"]) == 2

    owner = doctor["doctor_id"]
    every = api.get(f"/doctors/{owner}/slots?from=2026-12-02&to=2026-12-02").body["items"]
    only_video = api.get(
        f"/doctors/{owner}/slots?from=2026-12-02&to=2026-12-02&appointment_type_id={video['appointment_type_id']}"
    ).body["items"]
    assert len(every) == 6
    assert [s["appointment_type"]["mode"] for s in only_video] == ["video", "video"]


def test_a_weekly_rule_for_a_type_generates_its_slots_and_rules_of_two_types_may_not_overlap(
    api: Api, doctor: dict[str, Any]
) -> None:
    first = make_type(api, doctor["token"], duration_minutes=20)
    video = make_type(api, doctor["token"], **VIDEO_VISIT, mode="video", clinic_id=None)
    rule = {"weekdays": [3], "start_time": "09:00", "end_time": "10:00", "valid_from": "2026-12-01"}

    created = api.post(
        "/doctors/me/availability-rules", {**rule, "appointment_type_id": first["appointment_type_id"]}, doctor["token"]
    )
    assert created.status == 201, created.body
    assert created.body["rule"]["appointment_type_id"] == first["appointment_type_id"]
    assert created.body["rule"]["duration_minutes"] == 20
    slots = api.get(f"/doctors/{doctor['doctor_id']}/slots?from=2026-12-02&to=2026-12-02").body["items"]
    assert len(slots) == 3 and {s["appointment_type"]["id"] for s in slots} == {first["appointment_type_id"]}

    other = api.post(
        "/doctors/me/availability-rules", {**rule, "appointment_type_id": video["appointment_type_id"]}, doctor["token"]
    )
    assert_error(other, 409, "RULE_OVERLAPS")


def test_booking_snapshots_the_type_and_price(api: Api, doctor: dict[str, Any], patient_token: str) -> None:
    made = make_type(api, doctor["token"])
    slot = publish_for(api, doctor["token"], made["appointment_type_id"])[0]

    booked = book(api, patient_token, slot["slot_id"])
    api.patch(
        f"/doctors/me/appointment-types/{made['appointment_type_id']}",
        {"price": {"amount": "120.00", "currency": "EUR"}},
        doctor["token"],
    )

    assert booked["appointment_type"]["price"] == {"amount": "80.00", "currency": "EUR"}
    again = api.get(f"/appointments/{booked['appointment_id']}", patient_token).body
    assert again["appointment_type"]["price"] == {"amount": "80.00", "currency": "EUR"}
    assert again["appointment_type"]["name"] == "First consultation" and "video" not in again
    stored = Appointment.get(booked["appointment_id"])
    assert (stored.mode, stored.clinic_id, stored.price_amount, stored.price_currency) == (
        "in_person",
        "clinic-1",
        "80.00",
        "EUR",
    )
    invite = api.get(f"/appointments/{booked['appointment_id']}/calendar.ics", patient_token).body
    assert "First consultation: 80.00 EUR" in invite


def test_an_untyped_slot_books_as_before(api: Api, doctor: dict[str, Any], patient_token: str) -> None:
    reply = api.post("/doctors/me/slots", {**RUN, "duration_minutes": 30}, doctor["token"])
    booked = book(api, patient_token, reply.body["created"][0]["slot_id"])

    assert "appointment_type" not in booked


@pytest.fixture
def video_booking(api: Api, doctor: dict[str, Any], patient_token: str) -> dict[str, Any]:
    video = make_type(api, doctor["token"], **VIDEO_VISIT, mode="video", clinic_id=None)
    slots = publish_for(api, doctor["token"], video["appointment_type_id"])
    return {"booked": book(api, patient_token, slots[0]["slot_id"]), "slots": slots}


def test_a_video_visit_gets_an_unguessable_room_shown_only_to_its_patient_and_doctor(
    api: Api, doctor: dict[str, Any], patient_token: str, admin_token: str, video_booking: dict[str, Any]
) -> None:
    booked = video_booking["booked"]
    path = f"/appointments/{booked['appointment_id']}"

    mine = api.get(path, patient_token).body["video"]
    assert (
        mine["url"].startswith("https://meet.jit.si/docspot-") and len(mine["url"]) > len("https://meet.jit.si/") + 30
    )
    assert datetime.fromisoformat(mine["join_from"]) == datetime.fromisoformat(booked["start"]) - timedelta(minutes=15)
    assert api.get(path, doctor["token"]).body["video"] == mine
    assert "video" not in api.get(path, admin_token).body
    assert "video" not in booked  # the booking's answer and every list leave it out
    assert all("video" not in item for item in api.get("/appointments", patient_token).body["items"])
    invite = api.get(f"{path}/calendar.ics", patient_token).body
    assert f"URL:{mine['url']}" in invite.replace("\r\n ", "") and "LOCATION:" in invite
    assert mine["url"] not in api.get(f"{path}/calendar.ics", admin_token).body.replace("\r\n ", "")
    other = register_patient(api, email="other@example.com", name="Olga Other")
    assert other and api.get(path, login(api, "other@example.com")["access_token"]).status == 404


def test_two_video_visits_get_different_rooms(
    api: Api, doctor: dict[str, Any], patient_token: str, video_booking: dict[str, Any]
) -> None:
    register_patient(api, email="second@example.com", name="Sam Second")
    second = book(api, login(api, "second@example.com")["access_token"], video_booking["slots"][2]["slot_id"])

    first_room = Appointment.get(video_booking["booked"]["appointment_id"]).video_url
    assert first_room and Appointment.get(second["appointment_id"]).video_url not in (None, first_room)


def test_rescheduling_keeps_the_room_and_cancelling_removes_it(
    api: Api, patient_token: str, video_booking: dict[str, Any]
) -> None:
    appointment_id = video_booking["booked"]["appointment_id"]
    room = Appointment.get(appointment_id).video_url

    moved = api.post(
        f"/appointments/{appointment_id}/reschedule", {"slot_id": video_booking["slots"][3]["slot_id"]}, patient_token
    )
    assert moved.status == 200, moved.body
    assert api.get(f"/appointments/{appointment_id}", patient_token).body["video"]["url"] == room

    cancelled = api.post(f"/appointments/{appointment_id}/cancel", {"reason": "cannot"}, patient_token)
    assert cancelled.status == 200, cancelled.body
    assert Appointment.get(appointment_id).video_url is None
    assert "video" not in api.get(f"/appointments/{appointment_id}", patient_token).body


def test_the_video_base_is_configurable(api: Api, doctor: dict[str, Any], patient_token: str, configure: Any) -> None:
    configure(DOCSPOT_VIDEO_BASE_URL="https://video.example.org/rooms")
    video = make_type(api, doctor["token"], **VIDEO_VISIT, mode="video", clinic_id=None)
    booked = book(api, patient_token, publish_for(api, doctor["token"], video["appointment_type_id"])[0]["slot_id"])

    assert (
        api.get(f"/appointments/{booked['appointment_id']}", patient_token)
        .body["video"]["url"]
        .startswith("https://video.example.org/rooms/docspot-")
    )


def test_the_migration_gives_each_doctor_without_types_one_from_their_duration_and_fee_once(
    api: Api, doctor: dict[str, Any], pending_doctor: dict[str, Any]
) -> None:
    Doctor(doctor_id=doctor["doctor_id"]).update(actions=[Doctor.consultation_fee.set(75)])
    rule = {"weekdays": [3], "start_time": "09:00", "end_time": "10:00", "valid_from": "2026-12-01"}
    assert api.post("/doctors/me/availability-rules", {**rule, "duration_minutes": 20}, doctor["token"]).status == 201

    first = appointment_types.give_default_types()
    second = appointment_types.give_default_types()

    assert (first.created, second.created) == (2, 0)
    given = AppointmentType.get(doctor["doctor_id"], DEFAULT_TYPE_ID)
    assert (given.name, int(given.duration_minutes), given.price_amount, given.price_currency, given.mode) == (
        "Consultation",
        20,
        "75.00",
        "EUR",
        "in_person",
    )
    pending = AppointmentType.get(pending_doctor["user_id"], DEFAULT_TYPE_ID)
    assert int(pending.duration_minutes) == 30  # no weekly rule: the default length


def test_the_migration_leaves_a_doctor_who_already_offers_a_type_alone(api: Api, doctor: dict[str, Any]) -> None:
    make_type(api, doctor["token"])

    assert appointment_types.give_default_types().created == 0
    assert [t.name for t in AppointmentType.query(doctor["doctor_id"])] == ["First consultation"]

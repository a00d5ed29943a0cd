"""The doctor's patients: the list of everyone the doctor cares for, one patient's page (an audited read), and a
follow-up the doctor books for a patient under the same guards as a patient's own booking."""

from __future__ import annotations

from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from chalicelib.contracts.booking import BookingRequest
from chalicelib.errors import DomainError
from chalicelib.models.appointments import Appointment
from chalicelib.services.booking import appointments as booking
from chalicelib.services.core.authz import Principal
from chalicelib.services.records import patients as doctors_patients
from chalicelib.services.records._rules import months_before
from chalicelib.vocabulary import Role
from tests.support.accounts import admin_create_doctor, login, register_patient
from tests.support.api import Api, assert_error
from tests.support.booking import make_slot, stored_slot
from tests.support.fakes import FakeClock, RecordingMailer
from tests.support.records import accesses, appointment

TOMORROW_10 = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)


def patient(api: Api, name: str) -> tuple[str, str]:
    email = name.split()[0].lower() + "@example.com"
    made = register_patient(api, email=email, name=name)
    return made["user_id"], login(api, email)["access_token"]


@pytest.fixture
def practice(api: Api, clock: FakeClock, approved_doctor: dict[str, Any]) -> dict[str, Any]:
    """The approved doctor's patients: two with visits, one upcoming, one lapsed, one only cancelled."""
    now, doctor_id = clock.now(), approved_doctor["doctor_id"]
    people = {name: patient(api, name) for name in ("Zoe Zimmer", "Adam Apple", "Mia Berg", "Old Timer", "Cal Cancel")}
    zoe, adam, mia = people["Zoe Zimmer"][0], people["Adam Apple"][0], people["Mia Berg"][0]
    appointment(doctor_id, zoe, now - timedelta(days=40), "COMPLETED", notes="Private note", summary="All good")
    appointment(doctor_id, zoe, now - timedelta(days=10), "NO_SHOW")
    appointment(doctor_id, zoe, now + timedelta(days=7))
    appointment(doctor_id, zoe, now + timedelta(days=3), "CANCELLED")
    appointment(doctor_id, adam, now - timedelta(days=100), "COMPLETED")
    appointment(doctor_id, mia, now + timedelta(days=1), "CONFIRMED")
    appointment(doctor_id, people["Old Timer"][0], months_before(now, 14), "COMPLETED")
    appointment(doctor_id, people["Cal Cancel"][0], now + timedelta(days=2), "CANCELLED")
    return {"doctor": approved_doctor, "people": people, "now": now}


def test_the_doctor_lists_the_patients_in_their_care_by_name(api: Api, practice: dict[str, Any]) -> None:
    reply = api.get("/doctors/me/patients", practice["doctor"]["token"])

    assert reply.status == 200, reply.body
    items = reply.body["items"]
    assert [p["name"] for p in items] == ["Adam Apple", "Mia Berg", "Zoe Zimmer"]
    zoe = items[2]
    assert zoe["patient_id"] == practice["people"]["Zoe Zimmer"][0]
    assert zoe["visits"] == 3
    assert zoe["last_visit"] == "2026-11-21T09:00:00Z"
    assert zoe["next_visit"] == "2026-12-08T09:00:00Z"
    assert items[0]["next_visit"] is None and items[1]["last_visit"] is None
    assert reply.body["next_cursor"] is None


@pytest.mark.parametrize(("q", "names"), [("zoe", ["Zoe Zimmer"]), ("BERG m", ["Mia Berg"]), ("nobody", [])])
def test_the_list_is_searchable_by_name(api: Api, practice: dict[str, Any], q: str, names: list[str]) -> None:
    reply = api.get(f"/doctors/me/patients?q={q.replace(' ', '%20')}", practice["doctor"]["token"])

    assert [p["name"] for p in reply.body["items"]] == names


def test_the_list_pages(api: Api, practice: dict[str, Any]) -> None:
    token, seen, cursor = practice["doctor"]["token"], [], None
    while True:
        page = api.get("/doctors/me/patients?limit=2" + (f"&cursor={cursor}" if cursor else ""), token).body
        seen += [p["name"] for p in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break

    assert seen == ["Adam Apple", "Mia Berg", "Zoe Zimmer"]
    assert_error(api.get("/doctors/me/patients?cursor=bm9wZQ", token), 400, "INVALID_CURSOR")


def test_another_doctor_sees_none_of_them(
    api: Api, practice: dict[str, Any], admin_token: str, specialty: dict[str, Any]
) -> None:
    admin_create_doctor(api, admin_token, specialty["specialty_id"], "other@example.com", "LIC-O")

    reply = api.get("/doctors/me/patients", login(api, "other@example.com")["access_token"])

    assert reply.body == {"items": [], "next_cursor": None}


def test_a_patient_page_shows_contact_visits_with_notes_and_the_record_and_is_audited(
    api: Api, practice: dict[str, Any]
) -> None:
    zoe_id, zoe_token = practice["people"]["Zoe Zimmer"]
    api.patch("/me", {"date_of_birth": "1990-02-03"}, zoe_token)
    api.post("/me/record/allergies", {"substance": "Latex", "severity": "moderate"}, zoe_token)
    before = {a.at for a in accesses(zoe_id)}

    reply = api.get(f"/doctors/me/patients/{zoe_id}", practice["doctor"]["token"])

    assert reply.status == 200, reply.body
    body = reply.body
    assert body["patient"] == {
        "id": zoe_id,
        "name": "Zoe Zimmer",
        "date_of_birth": "1990-02-03",
        "email": "zoe@example.com",
        "phone": None,
    }
    assert [a["start"][:10] for a in body["appointments"]] == ["2026-12-08", "2026-12-04", "2026-11-21", "2026-10-22"]
    assert body["appointments"][3]["notes"] == "Private note"
    assert body["appointments"][3]["summary"] == "All good"
    assert [a["substance"] for a in body["record"]["allergies"]] == ["Latex"]
    [logged] = [a for a in accesses(zoe_id) if a.at not in before]
    assert (logged.action, logged.actor_id) == ("read", practice["doctor"]["doctor_id"])


def test_a_patient_page_follows_the_care_rule(api: Api, practice: dict[str, Any]) -> None:
    token = practice["doctor"]["token"]

    assert_error(api.get(f"/doctors/me/patients/{practice['people']['Old Timer'][0]}", token), 403)
    assert_error(api.get(f"/doctors/me/patients/{practice['people']['Cal Cancel'][0]}", token), 403)
    assert_error(api.get("/doctors/me/patients/0123456789abcdef0123456789abcdef", token), 404, "PATIENT_NOT_FOUND")


def test_the_doctor_books_a_follow_up_for_a_patient(
    api: Api, practice: dict[str, Any], mailer: RecordingMailer
) -> None:
    # Given a free slot of the doctor's
    doctor = practice["doctor"]
    mia_id, mia_token = practice["people"]["Mia Berg"]
    slot_id = make_slot(doctor["doctor_id"], TOMORROW_10 + timedelta(days=6))

    # When the doctor books it for Mia
    reply = api.post(
        f"/doctors/me/patients/{mia_id}/appointments",
        {"slot_id": slot_id, "reason_for_visit": "Follow-up"},
        doctor["token"],
    )

    # Then Mia has the appointment, a notification and the invite by mail, and may cancel it herself
    assert reply.status == 201, reply.body
    booked = reply.body
    assert (booked["status"], booked["patient"]["id"], booked["reason_for_visit"]) == ("SCHEDULED", mia_id, "Follow-up")
    assert stored_slot(slot_id).booked_by == mia_id
    feed = api.get("/notifications", mia_token).body["items"]
    assert feed[0]["title"] == "Your doctor booked a follow-up"
    assert feed[0]["data"]["appointment_id"] == booked["appointment_id"]
    [invite] = mailer.to("mia@example.com", "appointment-booked")
    assert any(a.filename == "invite.ics" for a in invite.attachments)
    assert "Anna Smith booked an appointment for you" in invite.text
    assert mailer.to(doctor["email"], "appointment-booked-doctor") == []
    cancelled = api.post(f"/appointments/{booked['appointment_id']}/cancel", {}, mia_token)
    assert cancelled.status == 200, cancelled.body


def test_a_follow_up_keeps_booking_s_guards(
    api: Api, practice: dict[str, Any], admin_token: str, specialty: dict[str, Any]
) -> None:
    doctor = practice["doctor"]
    zoe_id, zoe_token = practice["people"]["Zoe Zimmer"]
    path = f"/doctors/me/patients/{zoe_id}/appointments"
    other = admin_create_doctor(api, admin_token, specialty["specialty_id"], "other@example.com", "LIC-O")
    theirs = make_slot(other["doctor_id"], TOMORROW_10)
    # Zoe booked another doctor at 10:00 in three days; the doctor's slot at 10:15 overlaps it
    booked = api.post(
        "/appointments", {"slot_id": make_slot(other["doctor_id"], TOMORROW_10 + timedelta(days=2))}, zoe_token
    )
    assert booked.status == 201, booked.body
    clash = make_slot(doctor["doctor_id"], TOMORROW_10 + timedelta(days=2, minutes=15))
    too_soon = make_slot(doctor["doctor_id"], practice["now"] + timedelta(minutes=30))
    free = make_slot(doctor["doctor_id"], TOMORROW_10)

    assert_error(api.post(path, {"slot_id": theirs}, doctor["token"]), 403, "NOT_YOUR_SLOT")
    assert_error(api.post(path, {"slot_id": clash}, doctor["token"]), 422, "OVERLAPPING_APPOINTMENT")
    assert_error(api.post(path, {"slot_id": too_soon}, doctor["token"]), 422, "OUTSIDE_BOOKING_WINDOW")
    assert_error(api.post(path, {"slot_id": "not a slot"}, doctor["token"]), 400, "VALIDATION_ERROR")
    assert api.post(path, {"slot_id": free}, doctor["token"]).status == 201
    assert_error(api.post(path, {"slot_id": free}, doctor["token"]), 409, "SLOT_TAKEN")
    lapsed = practice["people"]["Old Timer"][0]
    another = make_slot(doctor["doctor_id"], TOMORROW_10 + timedelta(hours=2))
    reply = api.post(f"/doctors/me/patients/{lapsed}/appointments", {"slot_id": another}, doctor["token"])
    assert_error(reply, 403, "NO_CARE_RELATIONSHIP")


def _outcome(fn: Any, *args: Any) -> str:
    try:
        fn(*args)
    except DomainError as exc:
        return exc.code
    return "OK"


@pytest.mark.usefixtures("atomic_moto")
def test_a_doctor_booked_follow_up_raced_with_a_patient_booking_gives_one_appointment(
    practice: dict[str, Any],
) -> None:
    # Given one free slot, Mia (in the doctor's care) and another patient who wants the same slot
    doctor = Principal(practice["doctor"]["doctor_id"], Role.DOCTOR)
    mia = practice["people"]["Mia Berg"][0]
    rival = Principal(practice["people"]["Adam Apple"][0], Role.PATIENT)
    for round_ in range(5):
        slot_id = make_slot(doctor.user_id, TOMORROW_10 + timedelta(days=round_ + 2))
        calls = [
            (doctors_patients.book_follow_up, doctor, mia, BookingRequest(slot_id=slot_id)),
            (booking.book, rival, BookingRequest(slot_id=slot_id)),
        ]

        # When both book at once
        with ThreadPoolExecutor(max_workers=2) as pool:
            results = Counter(pool.map(lambda call: _outcome(*call), calls))

        # Then exactly one appointment holds the slot
        assert results["OK"] == 1, results
        assert results["SLOT_TAKEN"] + results["TRY_AGAIN"] == 1, results
        on_slot = [a for a in Appointment.by_doctor.query(doctor.user_id) if a.start == stored_slot(slot_id).start]
        assert len(on_slot) == 1
        assert stored_slot(slot_id).booked_by == on_slot[0].patient_id

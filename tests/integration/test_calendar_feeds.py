"""Calendar feeds: a secret URL per user that calendar apps subscribe to, parsed here with icalendar and compared
with what the API shows the same user after bookings, moves and cancellations."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import pytest
from icalendar import Calendar

from chalicelib.config import get_settings
from chalicelib.models.unique_keys import UniqueKey, calendar_feed_key
from tests.support.accounts import login, register_patient
from tests.support.api import Api, assert_error
from tests.support.booking import make_slot
from tests.support.fakes import FakeClock


def path_of(url: str) -> str:
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}" == get_settings().app_url, url
    return parts.path.removeprefix("/api")


def subscribe(api: Api, token: str) -> str:
    reply = api.post("/me/calendar-feed", token=token)
    assert reply.status == 201, reply.body
    assert reply.body["webcal_url"] == "webcal://" + reply.body["url"].split("://", 1)[1]
    return path_of(reply.body["url"])


def events(api: Api, feed: str) -> dict[str, Any]:
    reply = api.get(feed)
    assert reply.status == 200, reply.body
    assert reply.headers["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(reply.body)
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


def when(value: Any) -> datetime:
    return value.dt


@pytest.fixture
def booked(api: Api, approved_doctor: dict[str, Any], patient_token: str, clock: FakeClock) -> dict[str, Any]:
    """The patient (Pat Patient) booked a visit with a reason; another patient booked one too."""
    slot = make_slot(approved_doctor["doctor_id"], clock.now() + timedelta(days=2))
    mine = api.post("/appointments", {"slot_id": slot, "reason_for_visit": "Chest pain at night"}, patient_token)
    assert mine.status == 201, mine.body
    register_patient(api, email="other@example.com", name="Olga Other")
    other_token = login(api, "other@example.com")["access_token"]
    other_slot = make_slot(approved_doctor["doctor_id"], clock.now() + timedelta(days=3))
    theirs = api.post("/appointments", {"slot_id": other_slot}, other_token)
    assert theirs.status == 201, theirs.body
    return {"mine": mine.body, "theirs": theirs.body, "other_token": other_token}


def test_a_patients_feed_matches_their_appointments_and_never_shows_another_patients(
    api: Api, patient_token: str, booked: dict[str, Any]
) -> None:
    # Given a patient subscribed to their feed
    feed = subscribe(api, patient_token)

    # When a calendar app fetches it
    found = events(api, feed)

    # Then it holds exactly their appointments, with the per-appointment invite's UID, times and status
    listed = api.get("/appointments", patient_token).body["items"]
    assert {a["appointment_id"] for a in listed} == {booked["mine"]["appointment_id"]}
    assert len(found) == 1
    appointment = booked["mine"]
    download = api.get(f"/appointments/{appointment['appointment_id']}/calendar.ics", patient_token)
    invite = Calendar.from_ical(download.body)
    (invite_event,) = invite.walk("VEVENT")
    event = found[str(invite_event["UID"])]
    assert when(event["DTSTART"]) == datetime.fromisoformat(appointment["start"])
    assert when(event["DTEND"]) == datetime.fromisoformat(appointment["end"])
    assert int(event["SEQUENCE"]) == int(invite_event["SEQUENCE"]) == 0
    assert str(event["STATUS"]) == "CONFIRMED"
    assert str(event["SUMMARY"]) == "Appointment with Anna Smith"
    assert "Chest pain" not in api.get(feed).body


def test_the_feed_says_how_often_to_refresh(api: Api, patient_token: str, booked: dict[str, Any]) -> None:
    calendar = Calendar.from_ical(api.get(subscribe(api, patient_token)).body)
    assert calendar["REFRESH-INTERVAL"].dt == timedelta(minutes=15)
    assert calendar["REFRESH-INTERVAL"].params["VALUE"] == "DURATION"
    assert str(calendar["X-PUBLISHED-TTL"]) == "PT15M"
    assert str(calendar["METHOD"]) == "PUBLISH"


def test_a_doctors_feed_names_patients_by_first_name_and_initial_and_never_the_reason(
    api: Api, approved_doctor: dict[str, Any], booked: dict[str, Any]
) -> None:
    feed = subscribe(api, approved_doctor["token"])

    found = events(api, feed)
    body = api.get(feed).body

    listed = api.get("/appointments", approved_doctor["token"]).body["items"]
    assert {f"{a['appointment_id']}@docspot" for a in listed} == set(found)
    assert sorted(str(e["SUMMARY"]) for e in found.values()) == ["Olga O.", "Pat P."]
    assert "Chest pain" not in body
    assert "Patient" not in body.replace("Pat P.", "")  # no full names either
    assert "other@example.com" not in body and "pat@example.com" not in body


def test_a_move_and_a_cancellation_show_in_the_feed_with_sequence_and_status(
    api: Api, approved_doctor: dict[str, Any], patient_token: str, booked: dict[str, Any], clock: FakeClock
) -> None:
    feed = subscribe(api, patient_token)
    appointment_id = booked["mine"]["appointment_id"]
    uid = f"{appointment_id}@docspot"
    later = make_slot(approved_doctor["doctor_id"], clock.now() + timedelta(days=4))

    # When the patient moves the appointment
    moved = api.post(f"/appointments/{appointment_id}/reschedule", {"slot_id": later}, patient_token)
    assert moved.status == 200, moved.body

    # Then the feed's event moved with it, one SEQUENCE higher, as the invite says
    event = events(api, feed)[uid]
    assert when(event["DTSTART"]) == datetime.fromisoformat(moved.body["start"])
    invite = Calendar.from_ical(api.get(f"/appointments/{appointment_id}/calendar.ics", patient_token).body)
    (invite_event,) = invite.walk("VEVENT")
    assert int(event["SEQUENCE"]) == int(invite_event["SEQUENCE"]) == 1

    # When the patient cancels it
    assert api.post(f"/appointments/{appointment_id}/cancel", {}, patient_token).status == 200

    # Then the feed keeps the event, cancelled, so subscribed calendars drop it
    event = events(api, feed)[uid]
    assert str(event["STATUS"]) == "CANCELLED"
    assert api.get(f"/appointments/{appointment_id}", patient_token).body["status"] == "CANCELLED"


def test_an_unchanged_feed_answers_304_to_its_etag_and_a_change_gives_a_new_one(
    api: Api, patient_token: str, booked: dict[str, Any]
) -> None:
    feed = subscribe(api, patient_token)
    first = api.get(feed)
    assert first.headers["Cache-Control"] == "private, no-cache"

    assert api.get(feed, headers={"If-None-Match": first.headers["ETag"]}).status == 304

    assert api.post(f"/appointments/{booked['mine']['appointment_id']}/cancel", {}, patient_token).status == 200
    changed = api.get(feed, headers={"If-None-Match": first.headers["ETag"]})
    assert changed.status == 200
    assert changed.headers["ETag"] != first.headers["ETag"]


def test_a_new_link_retires_the_old_one_at_once_and_delete_ends_it(
    api: Api, patient_token: str, booked: dict[str, Any]
) -> None:
    old = subscribe(api, patient_token)
    assert api.get("/me/calendar-feed", patient_token).body == {"active": True}

    new = subscribe(api, patient_token)

    assert old != new
    assert_error(api.get(old), 404, "CALENDAR_NOT_FOUND")
    assert api.get(new).status == 200
    assert api.delete("/me/calendar-feed", patient_token).status == 204
    assert_error(api.get(new), 404, "CALENDAR_NOT_FOUND")
    assert api.get("/me/calendar-feed", patient_token).body == {"active": False}
    assert api.delete("/me/calendar-feed", patient_token).status == 204


def test_only_the_hash_of_the_token_is_stored(api: Api, patient_token: str) -> None:
    feed = subscribe(api, patient_token)
    token = feed.rsplit("/", 1)[1].removesuffix(".ics")
    import hashlib

    assert UniqueKey.count(calendar_feed_key(hashlib.sha256(token.encode()).hexdigest())) == 1
    assert UniqueKey.count(calendar_feed_key(token)) == 0


def test_unknown_and_malformed_feeds_are_not_found(api: Api, patient_token: str) -> None:
    feed = subscribe(api, patient_token)
    assert_error(api.get(feed.removesuffix(".ics")), 404, "CALENDAR_NOT_FOUND")
    assert_error(api.get("/calendar/short.ics"), 404, "CALENDAR_NOT_FOUND")
    assert_error(api.get("/calendar/" + "x" * 43 + ".ics"), 404, "CALENDAR_NOT_FOUND")


def test_admins_have_no_feed_and_strangers_cannot_make_one(api: Api, admin_token: str) -> None:
    assert_error(api.post("/me/calendar-feed", token=admin_token), 403, "FORBIDDEN_ROLE")
    assert_error(api.post("/me/calendar-feed"), 401, "UNAUTHORIZED")

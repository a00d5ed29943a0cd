"""What each happening says to whom: pure mapping, no I/O."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from chalicelib.models.appointments import Appointment
from chalicelib.models.notifications import Notification
from chalicelib.services.core import announce
from chalicelib.services.core.announce import AppointmentChanged, SlotChanged, WaitlistOffered
from chalicelib.services.core.slot_ids import slot_ref
from chalicelib.services.notifications.feed import notification_id
from chalicelib.services.realtime._events import COALESCE_ABOVE, events_for, message

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
START = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)


def slot_change(doctor: str, minutes_later: int = 0, kind: str = announce.SLOT_ADDED) -> SlotChanged:
    return SlotChanged(kind, slot_ref(doctor, START + timedelta(minutes=minutes_later), 15), "available")


def appointment(status: str = "SCHEDULED") -> Appointment:
    return Appointment(
        appointment_id="a1",
        patient_id="p1",
        doctor_id="d1",
        start="2026-12-02T10:00:00Z",
        end="2026-12-02T10:30:00Z",
        day="2026-12-02",
        status=status,
        reason_for_visit="a private reason",
        created_at=NOW,
        updated_at=NOW,
    )


def notice(user_id: str) -> Notification:
    return Notification(user_id=user_id, created="2026-12-01T09:00:00+00:00#abcd", type="t", title="t")


def test_a_message_is_type_data_and_the_time_it_was_sent() -> None:
    assert json.loads(message("pong", {}, NOW + timedelta(microseconds=1500))) == {
        "type": "pong",
        "data": {},
        "at": "2026-12-01T09:00:00.001Z",
    }


def test_a_slot_event_goes_to_the_doctors_topic_with_the_slot_only() -> None:
    change = SlotChanged(announce.SLOT_LOCKED, slot_ref("d1", START, 30), "locked", NOW + timedelta(minutes=5))

    (event,) = events_for([change])

    assert (event.topic, event.type) == ("doctor#d1#slots", "slot-locked")
    assert event.data == {
        "slot_id": change.ref.slot_id,
        "doctor_id": "d1",
        "start": "2026-12-02T10:00:00Z",
        "state": "locked",
        "expires_at": "2026-12-01T09:05:00Z",
    }


def test_up_to_the_threshold_slot_changes_are_told_one_by_one() -> None:
    events = events_for([slot_change("d1", 15 * i) for i in range(COALESCE_ABOVE)])

    assert [e.type for e in events] == ["slot-added"] * COALESCE_ABOVE


def test_more_than_the_threshold_of_one_doctor_become_one_refetch_message() -> None:
    changes = [slot_change("d1", 15 * i) for i in range(COALESCE_ABOVE + 1)]
    changes.insert(3, slot_change("d2", 0, announce.SLOT_REMOVED))

    events = events_for(changes)

    assert [(e.topic, e.type) for e in events] == [
        ("doctor#d1#slots", "slot-availability-changed"),
        ("doctor#d2#slots", "slot-removed"),
    ]
    assert events[0].data == {
        "doctor_id": "d1",
        "from": "2026-12-02T10:00:00Z",
        "to": "2026-12-02T15:15:00Z",
        "count": COALESCE_ABOVE + 1,
        "refetch": True,
    }


def test_a_booking_tells_both_parties_and_the_monitor_and_names_the_doctors_feed_record() -> None:
    change = AppointmentChanged(announce.BOOKED, appointment(), "patient", notice("d1"))

    doctor, patient, monitor = events_for([change])

    expected = {
        "appointment_id": "a1",
        "doctor_id": "d1",
        "start": "2026-12-02T10:00:00Z",
        "end": "2026-12-02T10:30:00Z",
        "status": "SCHEDULED",
    }
    assert (doctor.topic, doctor.type) == ("user#d1", "new-appointment")
    assert doctor.data == {**expected, "notification_id": notification_id("2026-12-01T09:00:00+00:00#abcd")}
    assert (patient.topic, patient.data) == ("user#p1", {**expected, "notification_id": None})
    assert (monitor.topic, monitor.type) == ("admin", "new-appointment")
    assert monitor.data == {**expected, "patient_id": "p1", "day": "2026-12-02", "by": "patient"}


def test_no_appointment_event_carries_the_reason_for_visit() -> None:
    kinds = [announce.BOOKED, announce.CONFIRMED, announce.STATUS_CHANGED, announce.CANCELLED, announce.RESCHEDULED]
    events = events_for([AppointmentChanged(kind, appointment(), "doctor", notice("p1")) for kind in kinds])

    assert len(events) == 3 * len(kinds)
    assert "private" not in json.dumps([e.data for e in events])


def test_each_change_has_its_event_type() -> None:
    types = {
        announce.CONFIRMED: "appointment-confirmed",
        announce.STATUS_CHANGED: "appointment-status-changed",
        announce.CANCELLED: "appointment-cancelled",
        announce.RESCHEDULED: "notification",
        announce.ATTENDANCE_CONFIRMED: "notification",
    }
    for kind, expected in types.items():
        assert {e.type for e in events_for([AppointmentChanged(kind, appointment(), "doctor", notice("p1"))])} == {
            expected
        }


def test_a_reschedule_says_what_it_was_and_where_from() -> None:
    change = AppointmentChanged(announce.RESCHEDULED, appointment(), "patient", notice("d1"), "2026-12-02T08:00:00Z")

    doctor = events_for([change])[0]

    assert doctor.data["kind"] == "appointment-rescheduled"
    assert doctor.data["previous_start"] == "2026-12-02T08:00:00Z"


def test_a_confirmed_attendance_reaches_the_doctor_as_a_notification_naming_it() -> None:
    change = AppointmentChanged(announce.ATTENDANCE_CONFIRMED, appointment("CONFIRMED"), "patient", notice("d1"))

    doctor = events_for([change])[0]

    assert (doctor.topic, doctor.type, doctor.data["kind"]) == ("user#d1", "notification", "attendance-confirmed")
    assert doctor.data["notification_id"] is not None


def test_a_change_without_a_feed_record_names_none() -> None:
    events = events_for([AppointmentChanged(announce.CANCELLED, appointment("CANCELLED"), "admin", None)])

    assert [e.data.get("notification_id") for e in events[:2]] == [None, None]


def test_a_waitlist_offer_goes_to_the_waiting_patient_only() -> None:
    ref = slot_ref("d1", START, 30)

    (event,) = events_for([WaitlistOffered("p2", ref, NOW + timedelta(minutes=15), notice("p2"))])

    assert (event.topic, event.type) == ("user#p2", "waitlist-slot-open")
    assert event.data == {
        "slot_id": ref.slot_id,
        "doctor_id": "d1",
        "start": "2026-12-02T10:00:00Z",
        "expires_at": "2026-12-01T09:15:00Z",
        "notification_id": notification_id("2026-12-01T09:00:00+00:00#abcd"),
    }

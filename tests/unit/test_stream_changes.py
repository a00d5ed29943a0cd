"""Stream records back into happenings (services/effects/changes.py): pure, no moto."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from chalicelib.models.appointments import Appointment
from chalicelib.models.slots import Slot
from chalicelib.services.core.announce import AppointmentChanged, SlotChanged
from chalicelib.services.effects.changes import change_of

AT = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
ARN = "arn:aws:dynamodb:us-east-1:123456789012:table/docspot-test-{}/stream/2026-12-01T00:00:00.000"


def appointment(**changes: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "appointment_id": "a1",
        "patient_id": "p1",
        "doctor_id": "d1",
        "start": "2026-12-02T10:00:00Z",
        "end": "2026-12-02T10:30:00Z",
        "day": "2026-12-02",
        "status": "SCHEDULED",
        "created_at": AT,
        "updated_at": AT,
        **changes,
    }
    return Appointment(**fields).serialize()


def slot(**changes: Any) -> dict[str, Any]:
    fields = {"doctor_id": "d1", "start": "2026-12-02T10:00:00Z", "end": "2026-12-02T10:30:00Z", "duration_minutes": 30}
    return Slot(**{**fields, **changes}).serialize()


def record(table: str, old: dict[str, Any] | None, new: dict[str, Any] | None, sequence: str = "7") -> dict[str, Any]:
    image = new or old or {}
    keys = {name: image[name] for name in ("appointment_id", "doctor_id", "start") if name in image}
    if table == "appointments":
        keys = {"appointment_id": image["appointment_id"]}
    data: dict[str, Any] = {"Keys": keys, "SequenceNumber": sequence, "StreamViewType": "NEW_AND_OLD_IMAGES"}
    if old is not None:
        data["OldImage"] = old
    if new is not None:
        data["NewImage"] = new
    return {"eventSourceARN": ARN.format(table), "dynamodb": data}


BOOKED = {"change_id": "c1", "change_kind": "booked", "change_by": "patient", "notice_user_id": "d1",
          "notice_created": "2026-12-01T09:00:00+00:00#ab12"}  # fmt: skip


def test_a_booked_appointment_becomes_the_booking_with_its_notice():
    change = change_of(record("appointments", None, appointment(**BOOKED)))

    (happening,) = change.happenings
    assert isinstance(happening, AppointmentChanged)
    assert (happening.kind, happening.by, happening.appointment.appointment_id) == ("booked", "patient", "a1")
    assert happening.notice is not None and happening.notice.user_id == "d1"
    assert change.key == "appointments|appointment_id=a1|7"


def test_a_reschedule_carries_the_old_images_start():
    moved = {**BOOKED, "change_id": "c2", "change_kind": "rescheduled", "start": "2026-12-03T09:00:00Z"}
    change = change_of(record("appointments", appointment(**BOOKED), appointment(**moved)))

    (happening,) = change.happenings
    assert isinstance(happening, AppointmentChanged)
    assert happening.kind == "rescheduled" and happening.previous_start == "2026-12-02T10:00:00Z"


def test_an_update_that_keeps_the_change_id_tells_no_one():
    claimed = {**BOOKED, "reminder_24h_sent_at": 1}
    assert change_of(record("appointments", appointment(**BOOKED), appointment(**claimed))).happenings == ()


def test_a_slot_taken_and_a_slot_freed():
    free, taken = slot(), slot(booked_by="p1", appointment_id="a1")

    (booked,) = change_of(record("slots", free, taken)).happenings
    (freed,) = change_of(record("slots", taken, free)).happenings

    assert isinstance(booked, SlotChanged) and (booked.kind, booked.state) == ("slot-booked", "booked")
    assert isinstance(freed, SlotChanged) and (freed.kind, freed.state) == ("slot-availability-changed", "available")


def test_a_slot_published_blocked_or_removed_is_left_to_availability():
    assert change_of(record("slots", None, slot())).happenings == ()
    assert change_of(record("slots", slot(), slot(available=False))).happenings == ()
    assert change_of(record("slots", slot(), None)).happenings == ()

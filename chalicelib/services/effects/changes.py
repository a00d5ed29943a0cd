"""Stream records back into happenings. Pure: no I/O.

An appointment record speaks when its ``change_id`` moved (a flow wrote a change others must hear of, with its
kind, who made it and the feed record written with it); any other update (a reminder's claim, a review) says
nothing. A rescheduled appointment's previous start is the old image's. A slot record speaks when the appointment
on it changed: taken (``slot-booked``) or freed (``slot-availability-changed``, its public state now). Everything
else the slots table sees (published, blocked, removed) is still announced by the availability flows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from chalicelib.config import get_settings
from chalicelib.models.appointments import Appointment
from chalicelib.models.notifications import Notification
from chalicelib.models.slots import Slot
from chalicelib.services.core import announce
from chalicelib.services.core.announce import AppointmentChanged, Happening, SlotChanged
from chalicelib.services.core.slot_ids import SlotRef
from chalicelib.vocabulary import SlotState

APPOINTMENTS, SLOTS = "appointments", "slots"
KINDS = frozenset(
    {
        announce.BOOKED,
        announce.CONFIRMED,
        announce.STATUS_CHANGED,
        announce.CANCELLED,
        announce.RESCHEDULED,
        announce.ATTENDANCE_CONFIRMED,
    }
)


@dataclass(frozen=True)
class Change:
    """One stream record as the consumer needs it: which table, the item's keys, the record's sequence number
    (stable across redeliveries: the idempotency keys are made of it) and the happenings it carries."""

    table: str
    keys: str
    sequence: str
    happenings: tuple[Happening, ...]

    @property
    def key(self) -> str:
        return f"{self.table}|{self.keys}|{self.sequence}"


def table_of(event_source_arn: str) -> str:
    """``arn:...:table/docspot-dev-appointments/stream/2026-...`` -> ``appointments`` (another table's full name)."""
    name = event_source_arn.split(":table/", 1)[1].split("/", 1)[0]
    settings = get_settings()
    return next((short for short in (APPOINTMENTS, SLOTS) if settings.table_name(short) == name), name)


def _scalar(value: dict[str, Any]) -> str:
    ((_, raw),) = value.items()
    return str(raw)


def change_of(record: dict[str, Any]) -> Change:
    """The change a stream record (Lambda's event shape, DynamoDB JSON images) carries."""
    table = table_of(record["eventSourceARN"])
    data = record["dynamodb"]
    keys = "|".join(f"{name}={_scalar(value)}" for name, value in sorted(data["Keys"].items()))
    old, new = data.get("OldImage"), data.get("NewImage")
    happenings: tuple[Happening, ...] = ()
    if table == APPOINTMENTS:
        happenings = appointment_happenings(old, new)
    elif table == SLOTS:
        happenings = slot_happenings(old, new)
    return Change(table, keys, str(data["SequenceNumber"]), happenings)


def appointment_happenings(old: dict[str, Any] | None, new: dict[str, Any] | None) -> tuple[Happening, ...]:
    if new is None:
        return ()
    after = Appointment.from_raw_data(new)
    before = Appointment.from_raw_data(old) if old is not None else None
    if after.change_id is None or (before is not None and before.change_id == after.change_id):
        return ()
    if after.change_kind not in KINDS or after.change_by is None:
        return ()
    notice = None
    if after.notice_user_id and after.notice_created:
        # The pushes name the record (user and id); nothing else of it is needed, so it is not read.
        notice = Notification(user_id=after.notice_user_id, created=after.notice_created, type="", title="")
    previous = before.start if before is not None and after.change_kind == announce.RESCHEDULED else None
    return (AppointmentChanged(after.change_kind, after, after.change_by, notice, previous_start=previous),)


def slot_happenings(old: dict[str, Any] | None, new: dict[str, Any] | None) -> tuple[Happening, ...]:
    if old is None or new is None:
        return ()  # published or removed: the availability flows announce those
    before, after = Slot.from_raw_data(old), Slot.from_raw_data(new)
    if before.appointment_id == after.appointment_id:
        return ()
    ref = SlotRef(after.doctor_id, after.start, int(after.duration_minutes))
    if after.appointment_id is not None:
        return (SlotChanged(announce.SLOT_BOOKED, ref, SlotState.BOOKED),)
    state = SlotState.AVAILABLE if after.available else SlotState.UNAVAILABLE
    return (SlotChanged(announce.SLOT_AVAILABILITY_CHANGED, ref, state),)

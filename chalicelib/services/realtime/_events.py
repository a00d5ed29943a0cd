"""What the live push says about each happening, and to which topic. Pure: no I/O.

Privacy is decided here. A slot event says which slot changed and how, never who holds or booked it. An
appointment event goes to the appointment's own doctor and patient only, with times and status but no reason for
visit and nothing about the patient; it names the recipient's feed record (``notification_id``) when the change
wrote one for them, so a client that also reads the feed can de-duplicate. The ``admin`` topic (admins only)
also gets the patient's id, never a reason or contact data.

A batch of more than ``COALESCE_ABOVE`` slot changes of one doctor (a weekly rule adding or removing hundreds of
slots) becomes one ``slot-availability-changed`` message with ``refetch: true`` and the range to fetch again.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from chalicelib.services.core import announce
from chalicelib.services.core.announce import (
    AppointmentChanged,
    DisputeResolved,
    Happening,
    SlotChanged,
    SupportReplied,
    Told,
    WaitlistOffered,
)
from chalicelib.services.core.times import iso
from chalicelib.services.notifications.feed import notification_id
from chalicelib.services.realtime.topics import ADMIN_TOPIC, doctor_slots_topic, user_topic
from chalicelib.vocabulary import NotificationType

COALESCE_ABOVE = 20

NEW_APPOINTMENT = "new-appointment"
APPOINTMENT_CONFIRMED = "appointment-confirmed"
APPOINTMENT_STATUS_CHANGED = "appointment-status-changed"
APPOINTMENT_CANCELLED = "appointment-cancelled"
NOTIFICATION = "notification"
WAITLIST_SLOT_OPEN = "waitlist-slot-open"
SUPPORT_REPLY = "support-reply"

APPOINTMENT_TYPES = {
    announce.BOOKED: NEW_APPOINTMENT,
    announce.CONFIRMED: APPOINTMENT_CONFIRMED,
    announce.STATUS_CHANGED: APPOINTMENT_STATUS_CHANGED,
    announce.CANCELLED: APPOINTMENT_CANCELLED,
    announce.RESCHEDULED: NOTIFICATION,
    announce.ATTENDANCE_CONFIRMED: NOTIFICATION,
}
RESCHEDULED_NOTICE = NotificationType.APPOINTMENT_RESCHEDULED


@dataclass(frozen=True)
class Outgoing:
    topic: str
    type: str
    data: dict[str, Any]


def stamp(moment: datetime) -> str:
    """ISO time with milliseconds, UTC: when the server sent a message."""
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def message(kind: str, data: dict[str, Any], at: datetime) -> str:
    """Every server message: ``{"type", "data", "at"}``."""
    return json.dumps({"type": kind, "data": data, "at": stamp(at)}, separators=(",", ":"))


def events_for(happenings: Sequence[Happening]) -> list[Outgoing]:
    """The messages a batch of happenings makes, in the batch's order."""
    per_doctor = Counter(h.ref.doctor_id for h in happenings if isinstance(h, SlotChanged))
    coalesced = {doctor for doctor, count in per_doctor.items() if count > COALESCE_ABOVE}
    out: list[Outgoing] = []
    summarised: set[str] = set()
    for happening in happenings:
        if isinstance(happening, SlotChanged):
            doctor = happening.ref.doctor_id
            if doctor not in coalesced:
                out.append(slot_event(happening))
            elif doctor not in summarised:
                summarised.add(doctor)
                changes = [h for h in happenings if isinstance(h, SlotChanged) and h.ref.doctor_id == doctor]
                out.append(bulk_slot_event(doctor, changes))
        elif isinstance(happening, AppointmentChanged):
            out.extend(appointment_events(happening))
        elif isinstance(happening, WaitlistOffered):
            out.append(offer_event(happening))
        elif isinstance(happening, SupportReplied):
            out.append(support_event(happening))
        elif isinstance(happening, Told):
            out.extend(
                Outgoing(user_topic(user), happening.type, happening.data) for user in dict.fromkeys(happening.user_ids)
            )
            if happening.admins:
                out.append(Outgoing(ADMIN_TOPIC, happening.type, happening.data))
        elif isinstance(happening, DisputeResolved):
            # Both parties' views of the appointment refresh (its status may have been corrected); the patient's
            # push names their feed record (the doctor's is in their feed too).
            patient_notice = next((n for n in happening.notices if n.user_id == happening.appointment.patient_id), None)
            change = AppointmentChanged(announce.STATUS_CHANGED, happening.appointment, happening.by, patient_notice)
            out.extend(appointment_events(change))
    return out


def slot_event(change: SlotChanged) -> Outgoing:
    ref = change.ref
    data: dict[str, Any] = {
        "slot_id": ref.slot_id,
        "doctor_id": ref.doctor_id,
        "start": ref.start,
        "state": change.state,
    }
    if change.expires_at is not None:
        data["expires_at"] = iso(change.expires_at)
    return Outgoing(doctor_slots_topic(ref.doctor_id), change.kind, data)


def bulk_slot_event(doctor_id: str, changes: Sequence[SlotChanged]) -> Outgoing:
    """Tells watchers to fetch ``[from, to)`` again rather than sending one message per slot."""
    spans = [change.ref.span for change in changes]
    data = {
        "doctor_id": doctor_id,
        "from": iso(min(span.start for span in spans)),
        "to": iso(max(span.end for span in spans)),
        "count": len(changes),
        "refetch": True,
    }
    return Outgoing(doctor_slots_topic(doctor_id), announce.SLOT_AVAILABILITY_CHANGED, data)


def appointment_events(change: AppointmentChanged) -> list[Outgoing]:
    """One message to each party's own topic (the one who made the change too: their other tabs refresh), and
    one to the admins' monitor."""
    appointment = change.appointment
    kind = APPOINTMENT_TYPES[change.kind]
    notice_for = change.notice.user_id if change.notice is not None else None
    notice_id = notification_id(change.notice.created) if change.notice is not None else None
    common: dict[str, Any] = {
        "appointment_id": appointment.appointment_id,
        "doctor_id": appointment.doctor_id,
        "start": appointment.start,
        "end": appointment.end,
        "status": appointment.status,
    }
    if change.kind == announce.RESCHEDULED:
        common.update(kind=RESCHEDULED_NOTICE, previous_start=change.previous_start)
    elif kind == NOTIFICATION:
        common.update(kind=change.kind)
    out = [
        Outgoing(user_topic(party), kind, {**common, "notification_id": notice_id if party == notice_for else None})
        for party in dict.fromkeys((appointment.doctor_id, appointment.patient_id))
    ]
    monitor = {**common, "patient_id": appointment.patient_id, "day": appointment.day, "by": change.by}
    out.append(Outgoing(ADMIN_TOPIC, kind, monitor))
    return out


def offer_event(offer: WaitlistOffered) -> Outgoing:
    ref = offer.ref
    data = {
        "slot_id": ref.slot_id,
        "doctor_id": ref.doctor_id,
        "start": ref.start,
        "expires_at": iso(offer.expires_at),
        "notification_id": notification_id(offer.notice.created),
    }
    return Outgoing(user_topic(offer.patient_id), WAITLIST_SLOT_OPEN, data)


def support_event(reply: SupportReplied) -> Outgoing:
    """To the one side of a support ticket the other just wrote to: which ticket and message, never the text (the
    client reads the thread, where an internal note never shows to the requester)."""
    data = {"ticket_id": reply.ticket_id, "message_id": reply.message_id, "to_requester": reply.to_requester}
    return Outgoing(user_topic(reply.recipient_id), SUPPORT_REPLY, data)

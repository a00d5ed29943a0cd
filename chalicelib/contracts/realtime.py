"""What a WebSocket client may send (docs/api.md, "WebSocket (live updates)"). Unknown fields are refused, as in
every request."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import ConfigDict, Field

from chalicelib.contracts.common import Out, Request
from chalicelib.vocabulary import AppointmentStatus, SlotState

TopicName = Annotated[str, Field(min_length=1, max_length=128)]


class ClientMessage(Request):
    action: Literal["subscribe", "unsubscribe", "ping"]
    topic: TopicName | None = None


# What the server sends (docs/api.md, "WebSocket (live updates)"). Every message is ``{"type", "data", "at"}``; these
# are the ``data`` of each type, described in the AsyncAPI document (``handlers/asyncapi.py``) and checked against
# the messages the tests see pushed (``services/realtime/_events.py`` makes them).

Absent = Field(default=None, exclude_if=lambda value: value is None)


class TopicData(Out):
    topic: str


class PongData(Out):
    pass


class ErrorData(Out):
    code: Literal[
        "BAD_MESSAGE",
        "UNKNOWN_TOPIC",
        "FORBIDDEN_TOPIC",
        "PERSONAL_TOPIC",
        "TOO_MANY_TOPICS",
        "RATE_LIMITED",
        "NOT_CONNECTED",
        "INTERNAL",
    ]
    message: str


class SlotEventData(Out):
    """A slot's new state; nothing about who holds or booked it. ``expires_at`` only on a hold."""

    slot_id: str
    doctor_id: str
    start: str
    state: SlotState
    expires_at: str | None = Absent


class SlotsRefetchData(Out):
    """More than 20 slots of the doctor changed at once: fetch ``GET /doctors/{id}/slots?from=&to=`` again."""

    model_config = ConfigDict(populate_by_name=True)

    doctor_id: str
    start: str = Field(alias="from")
    to: str
    count: int
    refetch: Literal[True]


class AppointmentEventData(Out):
    """To the appointment's doctor and patient. ``notification_id`` names the recipient's feed record (null for
    whoever made the change); a move adds ``kind: appointment-rescheduled`` and ``previous_start``."""

    appointment_id: str
    doctor_id: str
    start: str
    end: str
    status: AppointmentStatus
    notification_id: str | None
    kind: str | None = Absent
    previous_start: str | None = Absent


class AdminAppointmentEventData(Out):
    """The admins' live monitor: the patient's id, never a reason or contact."""

    appointment_id: str
    doctor_id: str
    patient_id: str
    start: str
    end: str
    day: str
    status: AppointmentStatus
    by: str
    kind: str | None = Absent
    previous_start: str | None = Absent


class WaitlistOfferData(Out):
    slot_id: str
    doctor_id: str
    start: str
    expires_at: str
    notification_id: str


class SupportReplyData(Out):
    """A public reply on a support ticket: to its requester (``to_requester``) or to its assignee."""

    ticket_id: str
    message_id: str
    to_requester: bool


class ConversationReadData(Out):
    conversation_id: str
    reader_id: str
    read_up_to: str


class UrgentClaimedByData(Out):
    id: str
    name: str


class UrgentRequestData(Out):
    """An urgent request's change: ids and status only, never the symptoms or a phone number."""

    request_id: str
    status: Literal["WAITING", "CLAIMED", "ESCALATED", "CANCELLED"]
    specialty_id: str | None
    claimed_by: UrgentClaimedByData | None
    conversation_id: str | None

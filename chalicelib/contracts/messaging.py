"""Conversations on the wire (docs/api.md, "Conversations")."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import Field, model_validator

from chalicelib.contracts.common import Out, Request, example

MAX_BODY = 4000
Identifier = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")]


class ConversationOpen(Request):
    """A patient names the doctor, a doctor the patient: exactly one of the two."""

    model_config = example(doctor_id="5f0c2a4e9b1d4c7e8a3f6b2d1e0c9a8b")

    doctor_id: Identifier | None = None
    patient_id: Identifier | None = None

    @model_validator(mode="after")
    def _one_party(self) -> ConversationOpen:
        if (self.doctor_id is None) == (self.patient_id is None):
            raise ValueError("name exactly one of doctor_id and patient_id")
        return self


class MessageIn(Request):
    model_config = example(body="Should I keep taking the tablets until our appointment?", client_message_id="m-1")

    body: str = Field(min_length=1, max_length=MAX_BODY, description="1 to 4,000 characters after trimming")
    client_message_id: Identifier | None = Field(
        default=None, description="the client's own id: sent again, it answers the first message, never a second"
    )


class ReadIn(Request):
    model_config = example(message_id="1796551200000a1b2c3d4e5f6")

    message_id: Identifier


class PartyOut(Out):
    id: str
    name: str
    role: Literal["patient", "doctor"]


class MessageOut(Out):
    message_id: str
    conversation_id: str
    sender_id: str
    body: str
    sent_at: datetime


class LastMessageOut(Out):
    message_id: str
    body: str
    sent_at: datetime
    sender_id: str


class ConversationOut(Out):
    """``unread_count``: the caller's messages not yet read; ``read_up_to``: the last message the *other* party
    marked read (null: none yet)."""

    conversation_id: str
    other: PartyOut
    last_message: LastMessageOut | None
    unread_count: int
    read_up_to: str | None
    last_activity_at: datetime


class MessagePage(Out):
    """Newest first; ``read_up_to``: the last message the other party marked read."""

    items: list[MessageOut]
    next_cursor: str | None = None
    read_up_to: str | None


class ReadOut(Out):
    conversation_id: str
    read_up_to: str
    unread_count: int

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from chalicelib.contracts.common import Out, Paging, Request, example
from chalicelib.vocabulary import Role, TicketCategory, TicketStatus

Subject = Field(min_length=1, max_length=200)
Body = Field(min_length=1, max_length=4000)


class TicketOpen(Request):
    model_config = example(
        subject="I cannot move my appointment", body="The reschedule button does nothing.", category="booking"
    )

    subject: str = Subject
    body: str = Body
    category: TicketCategory
    appointment_id: str | None = Field(default=None, min_length=1, max_length=64)


class TicketReply(Request):
    model_config = example(body="Thank you, it works now.")

    body: str = Body
    internal: bool = Field(default=False, description="an admins' note the requester never sees (admins only)")


class TicketAssign(Request):
    model_config = example(admin_id="a-1")

    admin_id: str = Field(min_length=1, max_length=64)


class TicketStatusChange(Request):
    model_config = example(status="RESOLVED")

    status: TicketStatus


class TicketQuery(Paging):
    status: TicketStatus | None = Field(default=None, description="admins: the queue of this status (default OPEN)")
    assigned_to: str | None = Field(
        default=None, min_length=1, max_length=64, description="admins: only the tickets assigned to this admin"
    )


class TicketPerson(Out):
    user_id: str
    name: str
    role: Role


class TicketOut(Out):
    ticket_id: str
    subject: str
    category: TicketCategory
    status: TicketStatus
    appointment_id: str | None
    requester: TicketPerson
    assignee: TicketPerson | None
    created_at: datetime
    updated_at: datetime
    waiting_since: datetime
    age_seconds: int = Field(description="how long the ticket has waited since `waiting_since`")
    resolved_at: datetime | None


class TicketMessageOut(Out):
    message_id: str
    author: TicketPerson
    body: str
    internal: bool
    sent_at: datetime


class TicketDetail(TicketOut):
    messages: list[TicketMessageOut] = Field(description="oldest first; the requester never sees internal notes")


class TicketPage(Out):
    items: list[TicketOut]
    next_cursor: str | None = None

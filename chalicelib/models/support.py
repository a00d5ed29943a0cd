from __future__ import annotations

from pynamodb.attributes import BooleanAttribute, NumberAttribute, UnicodeAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex

from chalicelib.models.base import Model, table_meta


class TicketsByRequester(GlobalSecondaryIndex["SupportTicket"]):
    """A user's own tickets, newest first (``GET /support/tickets`` for everyone but admins)."""

    Meta = table_meta("support_tickets", index_name="requester-index", projection=AllProjection())
    requester_id = UnicodeAttribute(hash_key=True)
    created = UnicodeAttribute(range_key=True)


class TicketQueue(GlobalSecondaryIndex["SupportTicket"]):
    """The admins' queue: the tickets of one status, the one waiting longest first."""

    Meta = table_meta("support_tickets", index_name="queue-index", projection=AllProjection())
    status = UnicodeAttribute(hash_key=True)
    waiting_since = UnicodeAttribute(range_key=True)


class TicketsByAssignee(GlobalSecondaryIndex["SupportTicket"]):
    """Sparse: the tickets assigned to one admin, the one waiting longest first."""

    Meta = table_meta("support_tickets", index_name="assignee-index", projection=AllProjection())
    assignee_id = UnicodeAttribute(hash_key=True)
    waiting_since = UnicodeAttribute(range_key=True)


class SupportTicket(Model):
    """A support ticket. ``created`` and ``waiting_since`` are ISO time + ``#`` + the ticket id (unique sort keys);
    ``waiting_since`` is when the ticket last started waiting for an admin (opened, or moved back to OPEN).
    ``resolved_at`` (epoch seconds) starts the requester's 14 days to reopen it."""

    Meta = table_meta("support_tickets")
    ticket_id = UnicodeAttribute(hash_key=True)
    requester_id = UnicodeAttribute()
    requester_role = UnicodeAttribute()
    subject = UnicodeAttribute()
    category = UnicodeAttribute()
    appointment_id = UnicodeAttribute(null=True)
    status = UnicodeAttribute()
    assignee_id = UnicodeAttribute(null=True)
    created = UnicodeAttribute()
    waiting_since = UnicodeAttribute()
    updated_at = UnicodeAttribute()
    resolved_at = NumberAttribute(null=True)
    message_count = NumberAttribute(default=0)
    by_requester = TicketsByRequester()
    queue = TicketQueue()
    by_assignee = TicketsByAssignee()


class SupportMessage(Model):
    """One message of a ticket's thread, oldest first by ``sent``: ISO time, ``#``, the ticket's message count
    when it was written (orders messages of one instant), ``#``, a nonce. ``internal``: an admins' note the
    requester never sees."""

    Meta = table_meta("support_messages")
    ticket_id = UnicodeAttribute(hash_key=True)
    sent = UnicodeAttribute(range_key=True)
    message_id = UnicodeAttribute()
    author_id = UnicodeAttribute()
    author_role = UnicodeAttribute()
    body = UnicodeAttribute()
    internal = BooleanAttribute(default=False)

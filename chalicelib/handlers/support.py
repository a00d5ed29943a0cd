from __future__ import annotations

from chalice.app import Blueprint

from chalicelib.contracts.support import (
    TicketAssign,
    TicketDetail,
    TicketMessageOut,
    TicketOpen,
    TicketOut,
    TicketPage,
    TicketQuery,
    TicketReply,
    TicketStatusChange,
)
from chalicelib.handlers._http import api_route
from chalicelib.services.core.authz import Principal
from chalicelib.services.support import tickets as service
from chalicelib.vocabulary import Role

support = Blueprint(__name__)

TICKETS = "/support/tickets"
TICKET = "/support/tickets/{ticket_id}"
NO_TICKET = {404: ["TICKET_NOT_FOUND"]}


@api_route(support, TICKETS, methods=["POST"], status=201, body=TicketOpen, errors={404: ["APPOINTMENT_NOT_FOUND"]})
def open_ticket(principal: Principal, body: TicketOpen) -> TicketDetail:
    """Opens a support ticket (status OPEN) with its first message; `appointment_id` only of your own appointment."""
    return service.open_ticket(principal, body)


@api_route(support, TICKETS, methods=["GET"], query=TicketQuery)
def list_tickets(principal: Principal, query: TicketQuery) -> TicketPage:
    """Your own tickets, newest first. For admins the queue: `status` (OPEN unless given) or `assigned_to`, the
    ticket waiting longest first, each with its age."""
    return service.listing(principal, query)


@api_route(support, TICKET, methods=["GET"], errors=NO_TICKET)
def get_ticket(ticket_id: str, principal: Principal) -> TicketDetail:
    """A ticket with its thread (its requester or an admin; the requester never sees internal notes)."""
    return service.get(principal, ticket_id)


@api_route(
    support,
    f"{TICKET}/messages",
    methods=["POST"],
    status=201,
    body=TicketReply,
    errors={**NO_TICKET, 403: ["FORBIDDEN_ROLE"], 409: ["TICKET_CLOSED", "TRY_AGAIN"], 422: ["REOPEN_WINDOW_PASSED"]},
)
def reply_to_ticket(ticket_id: str, principal: Principal, body: TicketReply) -> TicketMessageOut:
    """Writes on the thread (its requester or an admin; `internal: true` for an admins' note). The other side is
    mailed and pushed `support-reply`."""
    return service.reply(principal, ticket_id, body)


@api_route(
    support,
    f"{TICKET}/assign",
    methods=["POST"],
    roles=[Role.ADMIN],
    body=TicketAssign,
    errors={**NO_TICKET, 409: ["TRY_AGAIN"], 422: ["NOT_AN_ADMIN"]},
)
def assign_ticket(ticket_id: str, principal: Principal, body: TicketAssign) -> TicketOut:
    """Assigns the ticket to an admin (yourself or another)."""
    return service.assign(principal, ticket_id, body.admin_id)


@api_route(
    support,
    f"{TICKET}/status",
    methods=["POST"],
    body=TicketStatusChange,
    errors={**NO_TICKET, 409: ["INVALID_STATUS_CHANGE", "TRY_AGAIN"], 422: ["REOPEN_WINDOW_PASSED"]},
)
def change_ticket_status(ticket_id: str, principal: Principal, body: TicketStatusChange) -> TicketOut:
    """Moves the ticket: admins to any status; its requester may close it, or reopen (OPEN) a RESOLVED one within
    14 days."""
    return service.change_status(principal, ticket_id, body.status)

"""Support tickets and their threads.

A ticket is one item of ``support_tickets``; its messages are items of ``support_messages`` under its id, oldest
first. Every write that depends on the ticket's state is conditioned on the status it was read with (a reply and
its ticket update are one transaction), so two admins (or an admin and the requester) changing one ticket at once
never both win: the later one is told to try again. The admins' queue reads ``queue-index`` (status, then the time
the ticket started waiting) or ``assignee-index``: Queries only.
"""

from __future__ import annotations

import secrets
import uuid
from datetime import UTC, datetime
from typing import Any

from pynamodb.exceptions import DoesNotExist, TransactWriteError, UpdateError

from chalicelib.adapters.registry import adapters
from chalicelib.contracts.support import (
    TicketDetail,
    TicketMessageOut,
    TicketOpen,
    TicketOut,
    TicketPage,
    TicketPerson,
    TicketQuery,
    TicketReply,
)
from chalicelib.errors import Conflict, Forbidden, NotFound, RuleViolation
from chalicelib.models.appointments import Appointment
from chalicelib.models.support import SupportMessage, SupportTicket
from chalicelib.models.users import User
from chalicelib.observability import logger
from chalicelib.services.core import announce
from chalicelib.services.core.authz import Principal
from chalicelib.services.core.dynamo import (
    condition_failed,
    decode_cursor,
    encode_cursor,
    page_size,
    read_page,
    transaction,
    unexplained,
)
from chalicelib.services.core.people import users as accounts_of
from chalicelib.services.support import _rules as rules
from chalicelib.vocabulary import AccountStatus, Role, TicketCategory, TicketStatus

TICKET_NOT_FOUND = "TICKET_NOT_FOUND"
REQUESTER_KEYS = {"ticket_id": "S", "requester_id": "S", "created": "S"}
QUEUE_KEYS = {"ticket_id": "S", "status": "S", "waiting_since": "S"}
ASSIGNEE_KEYS = {"ticket_id": "S", "assignee_id": "S", "waiting_since": "S"}


def _stamp(moment: datetime) -> str:
    """A sortable UTC time with microseconds (``Z``)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _moment(key: str) -> datetime:
    return datetime.fromisoformat(key.split("#", 1)[0].replace("Z", "+00:00"))


def _now() -> datetime:
    return adapters().clock.now()


# Reading ----------------------------------------------------------------------------------------------------------


def _no_such_ticket() -> NotFound:
    return NotFound("no such ticket", code=TICKET_NOT_FOUND)


def _ticket(principal: Principal, ticket_id: str) -> SupportTicket:
    """The ticket if the caller may see it: its requester or an admin. Anyone else is told it does not exist."""
    try:
        ticket = SupportTicket.get(ticket_id, consistent_read=True)
    except DoesNotExist as exc:
        raise _no_such_ticket() from exc
    if principal.role != Role.ADMIN and ticket.requester_id != principal.user_id:
        raise _no_such_ticket()
    return ticket


def _person(user_id: str, people: dict[str, User]) -> TicketPerson:
    user = people.get(user_id)
    if user is None:
        return TicketPerson(user_id=user_id, name="", role=Role.PATIENT)
    return TicketPerson(user_id=user_id, name=user.name, role=Role(user.role))


def _out(ticket: SupportTicket, people: dict[str, User], now: datetime) -> dict[str, Any]:
    waiting = _moment(ticket.waiting_since)
    return {
        "ticket_id": ticket.ticket_id,
        "subject": ticket.subject,
        "category": TicketCategory(ticket.category),
        "status": TicketStatus(ticket.status),
        "appointment_id": ticket.appointment_id,
        "requester": _person(ticket.requester_id, people),
        "assignee": _person(ticket.assignee_id, people) if ticket.assignee_id else None,
        "created_at": _moment(ticket.created),
        "updated_at": _moment(ticket.updated_at),
        "waiting_since": waiting,
        "age_seconds": max(0, int((now - waiting).total_seconds())),
        "resolved_at": datetime.fromtimestamp(ticket.resolved_at, UTC) if ticket.resolved_at else None,
    }


def ticket_out(ticket: SupportTicket) -> TicketOut:
    people = accounts_of([ticket.requester_id, *([ticket.assignee_id] if ticket.assignee_id else [])])
    return TicketOut(**_out(ticket, people, _now()))


def _detail(ticket: SupportTicket, principal: Principal) -> TicketDetail:
    rows = list(SupportMessage.query(ticket.ticket_id, consistent_read=True))
    if principal.role != Role.ADMIN:
        rows = [m for m in rows if not m.internal]
    ids = [ticket.requester_id, *([ticket.assignee_id] if ticket.assignee_id else []), *(m.author_id for m in rows)]
    people = accounts_of(ids)
    return TicketDetail(
        **_out(ticket, people, _now()),
        messages=[_message_out(m, people) for m in rows],
    )


def _message_out(message: SupportMessage, people: dict[str, User]) -> TicketMessageOut:
    return TicketMessageOut(
        message_id=message.message_id,
        author=_person(message.author_id, people),
        body=message.body,
        internal=bool(message.internal),
        sent_at=_moment(message.sent),
    )


def get(principal: Principal, ticket_id: str) -> TicketDetail:
    return _detail(_ticket(principal, ticket_id), principal)


def of_requester(requester_id: str, *, limit: int = 50) -> list[TicketOut]:
    """A user's own tickets, newest first (the admin's patient page): one Query on the requester index and one
    BatchGet of the people named."""
    tickets = list(SupportTicket.by_requester.query(requester_id, scan_index_forward=False, limit=limit))
    people = accounts_of([t.requester_id for t in tickets] + [t.assignee_id for t in tickets if t.assignee_id])
    now = _now()
    return [TicketOut(**_out(t, people, now)) for t in tickets]


def listing(principal: Principal, query: TicketQuery) -> TicketPage:
    """A user's own tickets, newest first; for admins the queue: one status (OPEN unless asked), or one
    assignee's tickets (of that status when given), the one waiting longest first."""
    size = page_size(query.limit)
    if principal.role != Role.ADMIN:
        rows = SupportTicket.by_requester.query(
            principal.user_id,
            scan_index_forward=False,
            limit=size,
            last_evaluated_key=decode_cursor(query.cursor, REQUESTER_KEYS),
        )
    elif query.assigned_to:
        rows = SupportTicket.by_assignee.query(
            query.assigned_to,
            filter_condition=(SupportTicket.status == str(query.status)) if query.status else None,
            limit=size,
            last_evaluated_key=decode_cursor(query.cursor, ASSIGNEE_KEYS),
        )
    else:
        rows = SupportTicket.queue.query(
            str(query.status or TicketStatus.OPEN),
            limit=size,
            last_evaluated_key=decode_cursor(query.cursor, QUEUE_KEYS),
        )
    tickets = read_page(rows, cursor=query.cursor)
    ids = [t.requester_id for t in tickets] + [t.assignee_id for t in tickets if t.assignee_id]
    people = accounts_of(ids)
    now = _now()
    return TicketPage(
        items=[TicketOut(**_out(t, people, now)) for t in tickets],
        next_cursor=encode_cursor(rows.last_evaluated_key),
    )


# Writing ----------------------------------------------------------------------------------------------------------


def _check_appointment(principal: Principal, appointment_id: str) -> None:
    """A ticket may name an appointment only of the requester's own (as its patient or its doctor)."""
    try:
        appointment = Appointment.get(appointment_id, attributes_to_get=["patient_id", "doctor_id"])
    except DoesNotExist as exc:
        raise NotFound("no such appointment", code="APPOINTMENT_NOT_FOUND") from exc
    if principal.user_id not in (appointment.patient_id, appointment.doctor_id):
        raise NotFound("no such appointment", code="APPOINTMENT_NOT_FOUND")


def _message(
    ticket_id: str, number: int, author: Principal, body: str, internal: bool, now: datetime
) -> SupportMessage:
    return SupportMessage(
        ticket_id=ticket_id,
        sent=f"{_stamp(now)}#{number:06d}#{secrets.token_hex(4)}",
        message_id=uuid.uuid4().hex,
        author_id=author.user_id,
        author_role=str(author.role),
        body=body,
        internal=internal,
    )


def open_ticket(principal: Principal, request: TicketOpen) -> TicketDetail:
    if request.appointment_id is not None:
        _check_appointment(principal, request.appointment_id)
    now = _now()
    ticket_id = uuid.uuid4().hex
    stamp = f"{_stamp(now)}#{ticket_id}"
    ticket = SupportTicket(
        ticket_id=ticket_id,
        requester_id=principal.user_id,
        requester_role=str(principal.role),
        subject=request.subject,
        category=str(request.category),
        appointment_id=request.appointment_id,
        status=str(TicketStatus.OPEN),
        created=stamp,
        waiting_since=stamp,
        updated_at=stamp,
        message_count=1,
    )
    first = _message(ticket_id, 1, principal, request.body, False, now)
    with transaction() as tx:
        tx.save(ticket, condition=SupportTicket.ticket_id.does_not_exist(), part="ticket")
        tx.save(first, part="message")
    logger.info("support ticket opened", extra={"ticket_id": ticket_id, "category": ticket.category})
    return _detail(ticket, principal)


def reply(principal: Principal, ticket_id: str, request: TicketReply) -> TicketMessageOut:
    """A message on the thread. The requester's reply puts a ticket waiting for them back in the queue (a resolved
    one only within its 14 days); nobody writes on a closed ticket."""
    ticket = _ticket(principal, ticket_id)
    is_admin = principal.role == Role.ADMIN
    if request.internal and not is_admin:
        raise Forbidden("only admins write internal notes", code="FORBIDDEN_ROLE")
    current = TicketStatus(ticket.status)
    if current == TicketStatus.CLOSED:
        raise Conflict("this ticket is closed: open a new one", code="TICKET_CLOSED")
    now = _now()
    by_requester = principal.user_id == ticket.requester_id and not request.internal
    status = rules.after_requester_reply(current) if by_requester else current
    if current == TicketStatus.RESOLVED and status != current and not _may_reopen(ticket, now):
        raise RuleViolation("this ticket was resolved over 14 days ago: open a new one", code="REOPEN_WINDOW_PASSED")
    number = int(ticket.message_count or 0) + 1
    message = _message(ticket_id, number, principal, request.body, request.internal, now)
    actions = [SupportTicket.updated_at.set(f"{_stamp(now)}#{ticket_id}"), SupportTicket.message_count.add(1)]
    if status != current:
        actions += _moved_to(ticket_id, status, now)
    try:
        with transaction() as tx:
            tx.save(message, part="message")
            tx.update(ticket, actions=actions, condition=SupportTicket.status == ticket.status, part="ticket")
    except TransactWriteError as exc:
        raise unexplained(exc) from exc
    _announce_reply(ticket, message, principal)
    return _message_out(message, accounts_of([principal.user_id]))


def _announce_reply(ticket: SupportTicket, message: SupportMessage, author: Principal) -> None:
    """The other side hears of a public message: the requester of anyone else's, the assignee of the requester's.
    Internal notes are never announced."""
    if message.internal:
        return
    if author.user_id != ticket.requester_id:
        recipient, to_requester = ticket.requester_id, True
    elif ticket.assignee_id and ticket.assignee_id != author.user_id:
        recipient, to_requester = ticket.assignee_id, False
    else:
        return
    announce.announce(announce.SupportReplied(ticket.ticket_id, message.message_id, recipient, to_requester))


def _may_reopen(ticket: SupportTicket, now: datetime) -> bool:
    resolved = datetime.fromtimestamp(ticket.resolved_at, UTC) if ticket.resolved_at else None
    return rules.may_reopen(resolved, now)


def _moved_to(ticket_id: str, status: TicketStatus, now: datetime) -> list[Any]:
    actions: list[Any] = [SupportTicket.status.set(str(status))]
    if status == TicketStatus.OPEN:
        actions.append(SupportTicket.waiting_since.set(f"{_stamp(now)}#{ticket_id}"))
    if status == TicketStatus.RESOLVED:
        actions.append(SupportTicket.resolved_at.set(int(now.timestamp())))
    else:
        actions.append(SupportTicket.resolved_at.remove())
    return actions


def change_status(principal: Principal, ticket_id: str, wanted: TicketStatus) -> TicketOut:
    """Admins move a ticket to any status; its requester may close it, or reopen it within 14 days of being
    resolved. Conditioned on the status read: a concurrent change makes this one 409 ``TRY_AGAIN``."""
    ticket = _ticket(principal, ticket_id)
    current = TicketStatus(ticket.status)
    if current == wanted:
        return ticket_out(ticket)
    now = _now()
    if principal.role != Role.ADMIN:
        if not rules.requester_may(current, wanted):
            raise Conflict(f"you may not move your ticket from {current} to {wanted}", code="INVALID_STATUS_CHANGE")
        if wanted == TicketStatus.OPEN and not _may_reopen(ticket, now):
            raise RuleViolation(
                "this ticket was resolved over 14 days ago: open a new one", code="REOPEN_WINDOW_PASSED"
            )
    actions = [SupportTicket.updated_at.set(f"{_stamp(now)}#{ticket_id}"), *_moved_to(ticket_id, wanted, now)]
    _update(ticket, actions, SupportTicket.status == ticket.status)
    logger.info("support ticket status changed", extra={"ticket_id": ticket_id, "status": str(wanted)})
    return ticket_out(ticket)


def assign(principal: Principal, ticket_id: str, admin_id: str) -> TicketOut:
    """Assigns the ticket to an active admin (the caller or another); anyone else's id is refused."""
    ticket = _ticket(principal, ticket_id)
    try:
        assignee = User.get(admin_id, attributes_to_get=["role", "status"])
    except DoesNotExist as exc:
        raise RuleViolation("tickets are assigned to admins only", code="NOT_AN_ADMIN") from exc
    if assignee.role != Role.ADMIN or assignee.status != AccountStatus.ACTIVE:
        raise RuleViolation("tickets are assigned to admins only", code="NOT_AN_ADMIN")
    now = _now()
    actions = [SupportTicket.assignee_id.set(admin_id), SupportTicket.updated_at.set(f"{_stamp(now)}#{ticket_id}")]
    _update(ticket, actions, SupportTicket.ticket_id.exists())
    logger.info("support ticket assigned", extra={"ticket_id": ticket_id})
    return ticket_out(ticket)


def _update(ticket: SupportTicket, actions: list[Any], condition: Any) -> None:
    try:
        ticket.update(actions=actions, condition=condition)
    except UpdateError as exc:
        if condition_failed(exc):
            raise Conflict("the ticket changed meanwhile: reload it", code="TRY_AGAIN") from exc
        raise


def for_recipient(ticket_id: str) -> SupportTicket | None:
    """The ticket a reply notice is about (for the mail), if it still exists."""
    try:
        return SupportTicket.get(ticket_id)
    except DoesNotExist:
        return None

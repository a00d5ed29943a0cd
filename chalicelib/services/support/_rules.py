"""Who may move a ticket from one status to another: plain functions over plain values."""

from __future__ import annotations

from datetime import datetime, timedelta

from chalicelib.vocabulary import TicketStatus

REOPEN_WITHIN = timedelta(days=14)

# The requester's own moves: close it whatever its state (but closed), reopen a resolved one.
REQUESTER_MOVES: frozenset[tuple[TicketStatus, TicketStatus]] = frozenset(
    {
        (TicketStatus.OPEN, TicketStatus.CLOSED),
        (TicketStatus.PENDING, TicketStatus.CLOSED),
        (TicketStatus.RESOLVED, TicketStatus.CLOSED),
        (TicketStatus.RESOLVED, TicketStatus.OPEN),
    }
)


def requester_may(current: TicketStatus, wanted: TicketStatus) -> bool:
    return (current, wanted) in REQUESTER_MOVES


def may_reopen(resolved_at: datetime | None, now: datetime) -> bool:
    """A resolved ticket may be reopened by its requester for 14 days after it was resolved."""
    return resolved_at is not None and now - resolved_at <= REOPEN_WITHIN


def after_requester_reply(current: TicketStatus) -> TicketStatus:
    """A requester's reply puts a ticket waiting for them (PENDING) or resolved back in the admins' queue."""
    if current in (TicketStatus.PENDING, TicketStatus.RESOLVED):
        return TicketStatus.OPEN
    return current

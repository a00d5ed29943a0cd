"""What an appointment's write says about itself for the stream consumer (services/effects): a new change id, the
kind of change, who made it and the feed record written with it. The effects (push, mail) follow from the
``appointments`` stream; the flows announce nothing of their own for these changes."""

from __future__ import annotations

import uuid

from pynamodb.expressions.update import Action

from chalicelib.models.appointments import Appointment
from chalicelib.models.notifications import Notification


def mark(appointment: Appointment, kind: str, by: str, notice: Notification | None) -> None:
    """Marks a new item (a booking) before it is saved."""
    appointment.change_id = uuid.uuid4().hex
    appointment.change_kind = kind
    appointment.change_by = str(by)
    appointment.notice_user_id = notice.user_id if notice is not None else None
    appointment.notice_created = notice.created if notice is not None else None


def actions(kind: str, by: str, notice: Notification | None) -> list[Action]:
    """The same marks as update actions, added to the change's own update."""
    moves: list[Action] = [
        Appointment.change_id.set(uuid.uuid4().hex),
        Appointment.change_kind.set(kind),
        Appointment.change_by.set(str(by)),
    ]
    if notice is None:
        moves += [Appointment.notice_user_id.remove(), Appointment.notice_created.remove()]
    else:
        moves += [Appointment.notice_user_id.set(notice.user_id), Appointment.notice_created.set(notice.created)]
    return moves

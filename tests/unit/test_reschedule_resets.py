"""A reschedule clears every reminder flag the reminder run sets, so the new time is reminded afresh."""

from __future__ import annotations

from datetime import UTC, datetime

from pynamodb.expressions.update import RemoveAction, SetAction

from chalicelib.services.booking.appointments import reset_on_move
from chalicelib.services.mail.reminders import FLAGS


def test_reset_on_move_removes_every_reminder_claim_and_sent_mark() -> None:
    actions = reset_on_move(datetime(2026, 12, 6, 9, 0, tzinfo=UTC))
    removed = {str(action.values[0]) for action in actions if isinstance(action, RemoveAction)}
    assigned = {str(action.values[0]) for action in actions if isinstance(action, SetAction)}

    for flags in FLAGS.values():
        assert flags.claimed_until.attr_name in removed
        assert flags.sent_at.attr_name in removed
    assert "attendance_confirmed_at" in removed
    assert assigned == {"rescheduled_at"}

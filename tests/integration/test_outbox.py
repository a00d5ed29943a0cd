"""A failed send never fails the booking and never loses the mail: it waits in the outbox and a schedule retries it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from chalice.test import Client

from chalicelib.adapters.mailer import Email
from chalicelib.models.appointments import Appointment
from chalicelib.models.outbox import OutboxMessage
from chalicelib.services.mail import outbox
from tests.support.api import Api
from tests.support.booking import make_slot
from tests.support.fakes import FakeClock
from tests.support.mail import SesMailbox, SwitchableMailer

TOMORROW_10 = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)
PATIENT = "pat@example.com"
DOCTOR = "approved@example.com"


def waiting() -> list[OutboxMessage]:
    return list(OutboxMessage.by_waiting.query("WAITING"))


def run_mail_schedule() -> None:
    """The scheduled Lambda, as EventBridge invokes it."""
    from app import app

    with Client(app) as client:
        event = client.events.generate_cw_event(
            source="aws.events", detail_type="Scheduled Event", detail={}, resources=[]
        )
        client.lambda_.invoke("mail", event)


def ses_down(email: Email) -> BaseException:
    return ConnectionError("SES unreachable")


@pytest.fixture
def booked_while_ses_was_down(
    api: Api, patient_token: str, approved_doctor: dict[str, Any], ses: SwitchableMailer
) -> dict[str, Any]:
    ses.fail = ses_down
    reply = api.post("/appointments", {"slot_id": make_slot(approved_doctor["doctor_id"], TOMORROW_10)}, patient_token)
    assert reply.status == 201, reply.body
    body: dict[str, Any] = reply.body
    return body


def test_a_booking_whose_mail_fails_is_still_booked_and_its_mail_is_kept(
    booked_while_ses_was_down: dict[str, Any], mailbox: SesMailbox
) -> None:
    assert Appointment.get(booked_while_ses_was_down["appointment_id"]).status == "SCHEDULED"
    kept = sorted(m.kind for m in waiting())
    assert kept == ["appointment-booked", "appointment-booked-doctor"]
    assert all(m.attempts == 1 and m.last_error == "ConnectionError" for m in waiting())
    assert mailbox.to(PATIENT, "appointment-booked") == []


def test_the_schedule_sends_kept_mail_once_when_it_is_due(
    booked_while_ses_was_down: dict[str, Any], ses: SwitchableMailer, mailbox: SesMailbox, clock: FakeClock
) -> None:
    # Given SES is back
    ses.fail = None

    # When the schedule runs before the retry is due, then after
    run_mail_schedule()
    assert mailbox.to(PATIENT, "appointment-booked") == []
    clock.advance(minutes=5)
    run_mail_schedule()
    run_mail_schedule()
    clock.advance(hours=1)
    run_mail_schedule()

    # Then each mail went exactly once, invite and all, and the outbox is empty
    [mail] = mailbox.to(PATIENT, "appointment-booked")
    assert [a.filename for a in mail.attachments] == ["invite.ics"]
    assert len(mailbox.to(DOCTOR, "appointment-booked-doctor")) == 1
    assert waiting() == []
    assert list(OutboxMessage.scan()) == []


def test_overlapping_retry_runs_send_each_message_once(
    booked_while_ses_was_down: dict[str, Any], ses: SwitchableMailer, mailbox: SesMailbox, clock: FakeClock
) -> None:
    # Given two kept mails are due
    ses.fail = None
    clock.advance(minutes=5)
    inner: list[outbox.RetryReport] = []

    # When a second run starts while the first holds its first claim, about to send
    ses.before_send = lambda email: inner.append(outbox.retry_due())
    outer = outbox.retry_due()

    # Then the runs shared the work: two mails, two sends, no duplicate
    assert (outer.sent + inner[0].sent, outer.skipped + inner[0].skipped) == (2, 1)
    assert len(mailbox.to(PATIENT, "appointment-booked")) == 1
    assert len(mailbox.to(DOCTOR, "appointment-booked-doctor")) == 1


def test_a_run_that_dies_holding_a_claim_leaves_the_mail_to_a_later_run(
    booked_while_ses_was_down: dict[str, Any], ses: SwitchableMailer, mailbox: SesMailbox, clock: FakeClock
) -> None:
    class Died(BaseException):
        pass

    clock.advance(minutes=5)
    ses.fail = lambda email: Died()
    with pytest.raises(Died):
        outbox.retry_due()
    ses.fail = None

    assert outbox.retry_due().sent == 1  # the other message; the claimed one waits
    clock.advance(minutes=5, seconds=1)
    assert outbox.retry_due().sent == 1
    assert len(mailbox.to(PATIENT, "appointment-booked")) == 1
    assert len(mailbox.to(DOCTOR, "appointment-booked-doctor")) == 1


def test_a_mail_that_keeps_failing_backs_off_and_is_given_up(
    booked_while_ses_was_down: dict[str, Any], ses: SwitchableMailer, clock: FakeClock
) -> None:
    # Given the appointment is far enough ahead for the mail to stay worth sending
    waits = []
    for _ in range(outbox.MAX_ATTEMPTS - 1):
        due = min(int(m.next_attempt_at or 0) for m in waiting())
        waits.append(round((due - clock.now().timestamp()) / 60))
        clock.current = datetime.fromtimestamp(due, UTC)
        outbox.retry_due()

    # Then the waits doubled, and after the last attempt nothing waits any more
    assert waits == [5, 10, 20, 40, 80, 160, 320]
    assert waiting() == []
    assert {m.attempts for m in OutboxMessage.scan()} == {outbox.MAX_ATTEMPTS}


def test_a_kept_mail_whose_appointment_has_begun_is_dropped_unsent(
    booked_while_ses_was_down: dict[str, Any], ses: SwitchableMailer, mailbox: SesMailbox, clock: FakeClock
) -> None:
    ses.fail = None
    clock.current = TOMORROW_10 + timedelta(minutes=1)

    report = outbox.retry_due()

    assert (report.sent, report.dropped) == (0, 2)
    assert mailbox.all() == []
    assert waiting() == []

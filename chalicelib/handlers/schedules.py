"""Scheduled jobs. Each calls one service function and must be safe to run late, twice or overlapping."""

from __future__ import annotations

from typing import Any

from chalice.app import Blueprint, Rate

from chalicelib.observability import logger
from chalicelib.services.mail import outbox, reminders
from chalicelib.services.messaging import unread_mail
from chalicelib.services.publishing import publication
from chalicelib.services.urgent import requests as urgent
from chalicelib.services.waitlist import queue

schedules = Blueprint(__name__)


@schedules.schedule(Rate(1, unit=Rate.MINUTES), name="waitlist-offers")
def pass_on_lapsed_offers(event: Any) -> None:
    logger.info("lapsed waitlist offers passed on", extra={"count": queue.expire_offers()})


@schedules.schedule(Rate(5, unit=Rate.MINUTES), name="mail")
def send_reminders_and_retry_mail(event: Any) -> None:
    """The reminder window, enqueued in slices that the reminder queue's consumer sends (handlers/queues.py), then
    e-mail kept after a failed send. Each part runs even if the other fails; the retries stop taking new work after
    their time budget (60 s), well inside the function's 240 s timeout; what is left is due again at the next run."""
    try:
        reminders.enqueue()
    finally:
        logger.info("kept e-mail retried", extra=outbox.retry_due().as_dict())


@schedules.schedule(Rate(5, unit=Rate.MINUTES), name="slot-publication")
def publish_slots(event: Any) -> None:
    """SMART Scheduling Links: the publication rewritten from DynamoDB. The rate here is the local stack's and the
    packaged default; a stage sets its own with the template's ``SlotPublicationMinutes`` (infra/package.py)."""
    publication.publish()


@schedules.schedule(Rate(1, unit=Rate.MINUTES), name="unread-messages")
def mail_unread_messages(event: Any) -> None:
    """One mail per conversation and recipient for messages unread for 15 minutes (at most one an hour)."""
    logger.info("unread-message mail", extra=unread_mail.run().as_dict())


@schedules.schedule(Rate(1, unit=Rate.MINUTES), name="urgent-escalation")
def escalate_urgent_requests(event: Any) -> None:
    """Urgent requests no doctor claimed in time become ESCALATED; the admins and the patient are told."""
    logger.info("urgent requests escalated", extra=urgent.escalate_due().as_dict())

"""E-mail SES did not take is kept and sent later: a failed send never fails the caller and never loses the mail.

``deliver`` sends at once (the common case costs no DynamoDB request); only a failure writes the message to the
outbox table. ``retry_due`` (the 5-minute mail schedule) reads the messages whose next attempt is due from a
sparse index, claims each with a conditional update before sending it, so overlapping runs never send a message
twice, and deletes it once SES has it. A message that keeps failing backs off (5 min, 10 min, ... 6 h) and is
given up after ``MAX_ATTEMPTS``; one that is no longer worth sending (its appointment has begun) is dropped.

What a crash can still do: a process that dies after SES took a message and before deleting it leaves the message
to be sent again when its claim lapses (at least once, never lost). A process that dies between its change's
commit and the first send loses that one mail; writing every mail to the outbox first would close that gap at
the price of two writes for every mail sent.
"""

from __future__ import annotations

import base64
import json
import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from pynamodb.exceptions import DeleteError, UpdateError
from pynamodb.expressions.update import Action

from chalicelib.adapters.mailer import Attachment, Email
from chalicelib.adapters.registry import adapters
from chalicelib.models.outbox import WAITING, OutboxMessage
from chalicelib.observability import logger
from chalicelib.services.core.dynamo import condition_failed

CLAIM = timedelta(minutes=5)
FIRST_RETRY = timedelta(minutes=5)
LONGEST_WAIT = timedelta(hours=6)
MAX_ATTEMPTS = 8
KEEP_AT_MOST = timedelta(days=3)


@dataclass
class RetryReport:
    sent: int = 0
    failed: int = 0
    given_up: int = 0
    dropped: int = 0
    skipped: int = 0

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


def encode(email: Email) -> str:
    return json.dumps(
        {
            "to": email.to,
            "to_name": email.to_name,
            "subject": email.subject,
            "text": email.text,
            "html": email.html,
            "kind": email.kind,
            "date": email.date.isoformat() if email.date else None,
            "attachments": [
                {
                    "filename": a.filename,
                    "content_type": a.content_type,
                    "data": base64.b64encode(a.data).decode(),
                    "params": [list(p) for p in a.params],
                }
                for a in email.attachments
            ],
        },
        separators=(",", ":"),
    )


def decode(text: str) -> Email:
    data: dict[str, Any] = json.loads(text)
    return Email(
        to=data["to"],
        to_name=data["to_name"],
        subject=data["subject"],
        text=data["text"],
        html=data["html"],
        kind=data["kind"],
        date=datetime.fromisoformat(data["date"]) if data["date"] else None,
        attachments=tuple(
            Attachment(
                filename=a["filename"],
                content_type=a["content_type"],
                data=base64.b64decode(a["data"]),
                params=tuple((str(k), str(v)) for k, v in a["params"]),
            )
            for a in data["attachments"]
        ),
    )


def backoff(attempts: int) -> timedelta:
    """How long to wait after the ``attempts``-th failure: doubling from 5 minutes, at most 6 hours."""
    return min(FIRST_RETRY * (1 << max(attempts - 1, 0)), LONGEST_WAIT)


def deliver(email: Email, *, stale_after: datetime | None = None) -> bool:
    """Sends now, or keeps the message for a retry. Never raises; True if SES took it now."""
    try:
        adapters().mailer.send(email)
    except Exception as exc:
        logger.warning("e-mail not sent, kept for a retry", extra={"mail_kind": email.kind, "error": _name(exc)})
        keep(email, stale_after=stale_after, error=_name(exc))
        return False
    return True


def keep(email: Email, *, stale_after: datetime | None, error: str) -> None:
    now = adapters().clock.now()
    expires = min(stale_after, now + KEEP_AT_MOST) if stale_after else now + KEEP_AT_MOST
    message = OutboxMessage(
        message_id=uuid.uuid4().hex,
        kind=email.kind,
        message=encode(email),
        attempts=1,
        waiting=WAITING,
        next_attempt_at=int((now + backoff(1)).timestamp()),
        last_error=error,
        created_at=now,
        expires_at=expires,
    )
    try:
        message.save(condition=OutboxMessage.message_id.does_not_exist())
    except Exception:
        logger.exception("e-mail lost: neither sent nor kept", extra={"mail_kind": email.kind})


def retry_due(*, budget_seconds: float = 60.0) -> RetryReport:
    """Sends what is due, oldest first. Safe to run late, twice or overlapping (see the module's docstring)."""
    now = adapters().clock.now()
    moment = int(now.timestamp())
    report = RetryReport()
    stop_at = time.monotonic() + budget_seconds
    for message in OutboxMessage.by_waiting.query(WAITING, OutboxMessage.next_attempt_at <= moment):
        if time.monotonic() > stop_at:
            break
        seen = int(message.next_attempt_at or 0)
        if message.expires_at <= now:
            report.dropped += _drop(message, seen)
            continue
        claim = moment + int(CLAIM.total_seconds())
        try:
            message.update(
                actions=[OutboxMessage.next_attempt_at.set(claim), OutboxMessage.attempts.add(1)],
                condition=(OutboxMessage.waiting == WAITING) & (OutboxMessage.next_attempt_at == seen),
            )
        except UpdateError as exc:
            if condition_failed(exc):
                report.skipped += 1
                continue
            raise
        _attempt(message, claim, now, report)
    return report


def _attempt(message: OutboxMessage, claim: int, now: datetime, report: RetryReport) -> None:
    extra = {"mail_kind": message.kind, "outbox_id": message.message_id, "attempts": int(message.attempts)}
    try:
        adapters().mailer.send(decode(message.message))
    except Exception as exc:
        _failed(message, claim, now, _name(exc), report)
        return
    report.sent += 1
    logger.info("kept e-mail sent", extra=extra)
    try:
        message.delete(condition=OutboxMessage.next_attempt_at == claim)
    except DeleteError:
        logger.warning("sent e-mail could not be removed from the outbox", extra=extra)


def _failed(message: OutboxMessage, claim: int, now: datetime, error: str, report: RetryReport) -> None:
    attempts = int(message.attempts)
    extra = {"mail_kind": message.kind, "outbox_id": message.message_id, "attempts": attempts, "error": error}
    actions: list[Action]
    if attempts >= MAX_ATTEMPTS:
        actions = [OutboxMessage.waiting.remove(), OutboxMessage.next_attempt_at.remove()]
        report.given_up += 1
        logger.error("e-mail given up after repeated failures", extra=extra)
    else:
        actions = [OutboxMessage.next_attempt_at.set(int((now + backoff(attempts)).timestamp()))]
        report.failed += 1
        logger.warning("kept e-mail failed again", extra=extra)
    try:
        message.update(
            actions=[*actions, OutboxMessage.last_error.set(error)], condition=OutboxMessage.next_attempt_at == claim
        )
    except UpdateError:
        logger.warning("outbox message changed while it was being sent", extra=extra)


def _drop(message: OutboxMessage, seen: int) -> int:
    try:
        message.delete(condition=OutboxMessage.next_attempt_at == seen)
    except DeleteError as exc:
        if condition_failed(exc):
            return 0
        raise
    logger.info("stale e-mail dropped", extra={"mail_kind": message.kind, "outbox_id": message.message_id})
    return 1


def _name(exc: Exception) -> str:
    """The error's class and, for AWS errors, its code: never its message, which may quote the address."""
    code = getattr(exc, "response", {}).get("Error", {}).get("Code") if hasattr(exc, "response") else None
    return f"{type(exc).__name__}:{code}" if code else type(exc).__name__

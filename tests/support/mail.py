"""Mail read back from moto's SES: the real SesMailer sends raw MIME, local/mailbox.py parses it back."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import boto3
from icalendar import Calendar

from chalicelib.adapters.mailer import Email, SesMailer
from chalicelib.config import get_settings
from local.mailbox import SentMail, read_moto


@dataclass
class SesMailbox:
    """What moto's SES accepted, oldest first."""

    def all(self) -> list[SentMail]:
        from moto.core.models import DEFAULT_ACCOUNT_ID

        return list(reversed(read_moto(DEFAULT_ACCOUNT_ID, get_settings().region)))

    def to(self, address: str, kind: str | None = None) -> list[SentMail]:
        return [m for m in self.all() if any(address in t for t in m.to) and kind in (None, m.kind)]

    def kinds(self, address: str) -> list[str]:
        return [m.kind for m in self.to(address)]

    def one(self, address: str, kind: str) -> SentMail:
        [mail] = self.to(address, kind)
        return mail


def words(text: str | None) -> str:
    """A mail's text with its line breaks and runs of spaces as single spaces: sentences read whole, however the
    paragraphs were wrapped."""
    return " ".join((text or "").split())


def verify_sender() -> None:
    boto3.client("ses").verify_email_identity(EmailAddress=get_settings().mail_from)


def invite_of(mail: SentMail) -> tuple[Calendar, Any]:
    """The attached invite.ics parsed with icalendar: the calendar and its one event."""
    [attachment] = [a for a in mail.attachments if a.filename == "invite.ics"]
    assert attachment.content_type == "text/calendar"
    calendar = Calendar.from_ical(attachment.data)
    [event] = calendar.walk("VEVENT")
    return calendar, event


def content_type_params(mail: SentMail, filename: str) -> dict[str, str]:
    """The parameters on an attachment's Content-Type header, as sent (e.g. ``method``)."""
    from email import message_from_string, policy

    message = message_from_string(mail.raw, policy=policy.default)
    for part in message.walk():
        if part.get_filename() == filename:
            return {k.lower(): str(v) for k, v in part["Content-Type"].params.items()}
    raise AssertionError(f"no attachment {filename}")


@dataclass
class SwitchableMailer:
    """The real SES mailer with hooks: ``fail`` raises before sending, ``before_send`` runs first (to interleave
    another run), and ``sent`` records what SES took, for tests that count."""

    inner: SesMailer = field(default_factory=lambda: SesMailer(get_settings().mail_from))
    fail: Callable[[Email], BaseException | None] | None = None
    before_send: Callable[[Email], None] | None = None
    sent: list[Email] = field(default_factory=list)

    def send(self, email: Email) -> None:
        if self.before_send is not None:
            hook, self.before_send = self.before_send, None
            hook(email)
        if self.fail is not None:
            problem = self.fail(email)
            if problem is not None:
                raise problem
        self.inner.send(email)
        self.sent.append(email)

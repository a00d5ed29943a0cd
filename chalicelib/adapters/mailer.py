"""Sending e-mail: one ``Email`` value, turned into a MIME message and handed to SES as raw mail.

Raw mail because an appointment invite is an attachment (``invite.ics``), which SES's simple ``SendEmail`` cannot
carry. The message is ``multipart/mixed``: a ``multipart/alternative`` of plain text and HTML, then the attachments.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, formataddr, make_msgid
from functools import cached_property
from typing import Any, Protocol

import boto3
from botocore.config import Config

# A slow SES must not hold a booking's answer for long: the message goes to the outbox instead (services/outbox.py).
# What the mail is (``reminder-24h``...), for filters, SES event destinations and the local mailbox; nothing personal.
KIND_HEADER = "X-DocSpot-Kind"
SES_CLIENT_CONFIG = Config(connect_timeout=3, read_timeout=10, retries={"max_attempts": 2, "mode": "standard"})


@dataclass(frozen=True)
class Attachment:
    """A file sent with the mail. ``params`` go on the Content-Type, e.g. ``(("method", "REQUEST"),)`` for an
    iTIP invite, which is how calendar clients tell an invite from a cancellation."""

    filename: str
    content_type: str
    data: bytes
    params: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Email:
    """``kind`` names what the mail is (``password-reset``, ``appointment-booked``...): for logs and the outbox,
    never shown to the recipient. ``date`` is when it was written (the injected clock), the ``Date`` header."""

    to: str
    subject: str
    text: str
    html: str | None = None
    kind: str = ""
    to_name: str = ""
    date: datetime | None = None
    attachments: tuple[Attachment, ...] = field(default_factory=tuple)


class Mailer(Protocol):
    def send(self, email: Email) -> None: ...


def mime_message(email: Email, sender: str) -> bytes:
    """The message as SES sends it. Header values cannot carry line breaks (the policy refuses them), so a name
    with a newline in it can never add a header."""
    message = EmailMessage()
    message["From"] = formataddr(("DocSpot", sender))
    message["To"] = formataddr((email.to_name, email.to)) if email.to_name else email.to
    message["Subject"] = email.subject
    if email.date is not None:
        message["Date"] = format_datetime(email.date)
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    if email.kind:
        message[KIND_HEADER] = email.kind
    message.set_content(email.text, subtype="plain", charset="utf-8")
    if email.html is not None:
        message.add_alternative(email.html, subtype="html", charset="utf-8")
    for attachment in email.attachments:
        maintype, _, subtype = attachment.content_type.partition("/")
        message.add_attachment(
            attachment.data,
            maintype=maintype,
            subtype=subtype,
            filename=attachment.filename,
            params=dict(attachment.params),
        )
    return message.as_bytes(policy=SMTP)


class SesMailer:
    """Sends through SES; the client is made on first use so importing costs nothing."""

    def __init__(self, sender: str) -> None:
        self._sender = sender

    @cached_property
    def _client(self) -> Any:
        return boto3.client("ses", config=SES_CLIENT_CONFIG)

    def send(self, email: Email) -> None:
        # No Destinations: SES takes the recipient from the To header, so the two can never disagree.
        self._client.send_raw_email(Source=self._sender, RawMessage={"Data": mime_message(email, self._sender)})

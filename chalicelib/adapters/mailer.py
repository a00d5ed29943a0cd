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

from botocore.config import Config

from chalicelib import aws

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


# RFC 5322: lines SHOULD be at most 78 characters; RFC 2047: an encoded word at most 75.
LINE, WORD = 78, 75
# Characters an RFC 2047 "Q" encoded word may carry as they are, in a phrase or unstructured text.
_Q_PLAIN = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!*+-/")


class FoldedHeader(str):
    """A header value folded by ``fold_header``, handed to ``EmailMessage`` as it is.

    The standard library's folder (``email.policy.default`` in Python 3.11) moves a value of some 70-78 characters
    whole onto the next line ("Subject:" CRLF SP "value"), which its own parser reads back with a leading space,
    and loses or doubles the spaces around encoded words ("Zoë Zoë" comes back "ZoëZoë"). An object with ``name``
    and ``fold`` is taken by the policy as a finished header, so the message carries this folding instead."""

    name: str
    folded: str

    def __new__(cls, name: str, value: str, *, prepared: bool = False) -> FoldedHeader:
        if "\r" in value or "\n" in value:
            raise ValueError("Header values may not contain linefeed or carriage return characters")
        header = super().__new__(cls, value)
        header.name = name
        header.folded = fold_header(name, value, prepared=prepared)
        return header

    def fold(self, *, policy: Any) -> str:
        linesep = str(policy.linesep)
        return self.folded.replace("\r\n", linesep) + linesep


def _q(char: str) -> str:
    if char == " ":
        return "_"
    if char in _Q_PLAIN:
        return char
    return "".join(f"={byte:02X}" for byte in char.encode("utf-8"))


def _encoded_words(text: str, first_room: int) -> list[str]:
    """``text`` as RFC 2047 Q-encoded UTF-8 words, each at most 75 characters and the first at most ``first_room``,
    never splitting a character. Spaces travel inside the words, so a reader gets every one of them back."""
    words: list[str] = []
    current = ""
    room = min(first_room, WORD)
    frame = len("=?utf-8?q??=")
    for char in text:
        piece = _q(char)
        if current and frame + len(current) + len(piece) > room:
            words.append(f"=?utf-8?q?{current}?=")
            current, room = "", WORD
        current += piece
    if current or not words:
        words.append(f"=?utf-8?q?{current}?=")
    return words


def fold_header(name: str, value: str, *, prepared: bool = False) -> str:
    """``Name: value`` folded for the wire with CRLF: plain ASCII breaks between words (a word never leaves the
    first line alone); anything else is Q-encoded words, one a line. Lines stay within 78 characters where the
    words allow (a single longer word, a link, stays whole: RFC 5322 allows 998). ``prepared``: the value is
    already in its wire form (an address with encoded words) and is only folded."""
    prefix = f"{name}: "
    if prepared or (value.isascii() and "=?" not in value):
        lines = [prefix.rstrip(" ")]
        first = True
        for word in value.split(" "):
            if first or len(lines[-1]) + 1 + len(word) <= LINE:
                lines[-1] += " " + word
                first = False
            else:
                lines.append(" " + word)
        return "\r\n".join(lines)
    words = _encoded_words(value, LINE - len(prefix))
    return prefix + "\r\n ".join(words)


def address(name: str, email: str) -> str:
    """``Name <address>`` for a To header: an ASCII name quoted as RFC 5322 needs, any other Q-encoded."""
    if "\r" in name or "\n" in name:
        raise ValueError("Header values may not contain linefeed or carriage return characters")
    if not name:
        return email
    if name.isascii():
        return formataddr((name, email))
    return f"{' '.join(_encoded_words(name, LINE - len('To: ')))} <{email}>"


def mime_message(email: Email, sender: str) -> bytes:
    """The message as SES sends it: an ``EmailMessage`` under the default policy (CRLF line ends), with the
    Subject and To folded by ``fold_header``. Header values cannot carry line breaks (refused), so a name with a
    newline in it can never add a header."""
    message = EmailMessage(policy=SMTP)
    message["From"] = formataddr(("DocSpot", sender))
    message["To"] = FoldedHeader("To", address(email.to_name, email.to), prepared=True)
    message["Subject"] = FoldedHeader("Subject", email.subject)
    if email.date is not None:
        message["Date"] = format_datetime(email.date)
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    if email.kind:
        message[KIND_HEADER] = email.kind
    # Quoted-printable: 7-bit on the wire whatever the language (an 8-bit body is mangled by relays and readers
    # that expect ASCII, and German mail is rarely pure ASCII).
    message.set_content(email.text, subtype="plain", charset="utf-8", cte="quoted-printable")
    if email.html is not None:
        message.add_alternative(email.html, subtype="html", charset="utf-8", cte="quoted-printable")
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
        return aws.client("ses", config=SES_CLIENT_CONFIG)

    def send(self, email: Email) -> None:
        # No Destinations: SES takes the recipient from the To header, so the two can never disagree.
        self._client.send_raw_email(Source=self._sender, RawMessage={"Data": mime_message(email, self._sender)})

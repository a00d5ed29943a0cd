"""The local mailbox: every message moto's SES accepted, parsed back from the raw MIME the app sent, and every
text message (SMS) the app published to a phone number through moto's SNS.

Served by the emulator at ``/_local/mail`` (newest first; open one to read its text and HTML, download its
attachments such as ``invite.ics``) and ``/_local/mail.json``; the tests read mail back through the same parser.
An e-mail's HTML is shown inside a sandboxed frame (no scripts, no access to this page), under a policy that loads
nothing from anywhere, so a message can never act on the page that shows it.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import datetime
from email import message_from_string, policy
from email.message import EmailMessage
from email.utils import parsedate_to_datetime
from typing import Any

PAGE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
STYLE = """body{font-family:system-ui,sans-serif;max-width:64rem;margin:2rem auto;padding:0 1rem;color:#1d2b36}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #dde3ea;padding:.4rem .6rem;text-align:left;
vertical-align:top}tr:hover td{background:#f5f8fb}pre{white-space:pre-wrap;background:#f5f8fb;padding:1rem;
border-radius:6px}iframe{width:100%;height:42rem;border:1px solid #dde3ea;border-radius:6px}.muted{color:#6b7785}
dt{font-weight:bold;float:left;width:6rem}dd{margin:0 0 .3rem 6rem}"""
KIND_HEADER = "X-DocSpot-Kind"
_URL = re.compile(r"https?://[^\s<>\"']+")


@dataclass(frozen=True)
class SentSms:
    """A text message SNS ``Publish`` sent to a phone number (moto keeps the number and the text, no time)."""

    id: str
    to: str
    text: str

    def summary(self) -> dict[str, str]:
        return {"id": self.id, "to": self.to, "text": self.text}


def moto_sms(account_id: str, region: str) -> list[SentSms]:
    """moto's SNS text messages in this process, newest first."""
    from moto.sns.models import sns_backends

    stored = list(sns_backends[account_id][region].sms_messages.items())
    return [SentSms(message_id, phone, text) for message_id, (phone, text) in reversed(stored)]


@dataclass(frozen=True)
class MailAttachment:
    filename: str
    content_type: str
    data: bytes


@dataclass(frozen=True)
class SentMail:
    id: str
    source: str
    to: list[str]
    subject: str
    date: datetime | None
    text: str
    html: str | None
    attachments: list[MailAttachment] = field(default_factory=list)
    kind: str = ""
    raw: str = ""

    def summary(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "from": self.source,
            "to": self.to,
            "subject": self.subject,
            "kind": self.kind,
            "date": self.date.isoformat() if self.date else None,
            "text": self.text,
            "html": self.html,
            "attachments": [
                {"index": i, "filename": a.filename, "content_type": a.content_type, "size": len(a.data)}
                for i, a in enumerate(self.attachments)
            ],
            "url": f"/_local/mail/{self.id}",
        }


def parse_raw(message_id: str, source: str, destinations: list[str], raw: str) -> SentMail:
    message = message_from_string(raw, policy=policy.default)
    assert isinstance(message, EmailMessage)
    text_part = message.get_body(preferencelist=("plain",))
    html_part = message.get_body(preferencelist=("html",))
    attachments = []
    for part in message.iter_attachments():
        payload = part.get_payload(decode=True)
        attachments.append(
            MailAttachment(
                filename=part.get_filename() or "attachment",
                content_type=part.get_content_type(),
                data=payload if isinstance(payload, bytes) else b"",
            )
        )
    date_header = message["Date"]
    return SentMail(
        id=message_id,
        source=source,
        to=[str(address) for address in (message["To"].addresses if message["To"] else ())] or destinations,
        subject=str(message["Subject"] or ""),
        date=parsedate_to_datetime(str(date_header)) if date_header else None,
        text=str(text_part.get_content()) if text_part is not None else "",
        html=str(html_part.get_content()) if html_part is not None else None,
        attachments=attachments,
        kind=str(message[KIND_HEADER] or ""),
        raw=raw,
    )


def from_moto(message: Any) -> SentMail:
    """A message of moto's SES backend: raw MIME (what DocSpot sends) or a simple ``SendEmail`` message."""
    raw = getattr(message, "raw_data", None)
    if raw is not None:
        return parse_raw(message.id, message.source, list(message.destinations), raw)
    destinations = getattr(message, "destinations", {}) or {}
    to = [address for addresses in destinations.values() for address in addresses]
    return SentMail(message.id, message.source, to, str(getattr(message, "subject", "")), None, message.body, None)


def moto_messages(account_id: str, region: str) -> list[Any]:
    """moto's SES messages in this process, newest first: a copy of the list, cheap to take under a lock (moto
    never changes a message once it is stored)."""
    from moto.ses.models import ses_backends

    return list(reversed(ses_backends[account_id][region].sent_messages))


_parsed: dict[str, SentMail] = {}


def parsed(messages: list[Any]) -> list[SentMail]:
    """Each message parsed once per process, since a stored message never changes."""
    out = []
    for message in messages:
        mail = _parsed.get(message.id)
        if mail is None:
            mail = _parsed[message.id] = from_moto(message)
        out.append(mail)
    return out


def read_moto(account_id: str, region: str) -> list[SentMail]:
    """What moto's SES backend in this process holds, newest first."""
    return parsed(moto_messages(account_id, region))


def moto_records(account_id: str, region: str) -> dict[str, list[dict[str, Any]]]:
    """What moto's SES and SNS backends in this process hold, as JSON (newest first), for the stack's process to
    read from moto's own (``moto_backend.MotoProcess``): raw MIME as sent, parsed on the reading side."""
    mails: list[dict[str, Any]] = []
    for message in moto_messages(account_id, region):
        raw = getattr(message, "raw_data", None)
        if raw is not None:
            mails.append({"id": message.id, "source": message.source, "to": list(message.destinations), "raw": raw})
            continue
        destinations = getattr(message, "destinations", {}) or {}
        mails.append(
            {
                "id": message.id,
                "source": message.source,
                "to": [address for addresses in destinations.values() for address in addresses],
                "subject": str(getattr(message, "subject", "")),
                "body": str(getattr(message, "body", "")),
            }
        )
    texts = [sms.summary() for sms in moto_sms(account_id, region)]
    return {"mail": mails, "sms": texts}


def mails_of(records: dict[str, list[dict[str, Any]]]) -> list[SentMail]:
    """The e-mails of ``moto_records``' answer, each parsed once per process."""
    out = []
    for record in records["mail"]:
        mail = _parsed.get(record["id"])
        if mail is None:
            if "raw" in record:
                mail = parse_raw(record["id"], record["source"], record["to"], record["raw"])
            else:
                fields = (record["id"], record["source"], record["to"], record["subject"])
                mail = SentMail(*fields, None, record["body"], None)
            _parsed[record["id"]] = mail
        out.append(mail)
    return out


def texts_of(records: dict[str, list[dict[str, Any]]]) -> list[SentSms]:
    return [SentSms(record["id"], record["to"], record["text"]) for record in records["sms"]]


def find(mails: list[SentMail], mail_id: str) -> SentMail | None:
    return next((m for m in mails if m.id == mail_id), None)


def _when(mail: SentMail) -> str:
    return mail.date.strftime("%Y-%m-%d %H:%M:%S %z") if mail.date else ""


def _page(title: str, body: str) -> str:
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
        f"<style>{STYLE}</style></head><body>{body}</body></html>"
    )


def sms_section(texts: list[SentSms]) -> str:
    rows = "".join(
        f'<tr><td>{html.escape(t.to)}</td><td class="sms-text">{html.escape(t.text)}</td></tr>' for t in texts
    )
    table = (
        '<table id="sms"><tr><th>to</th><th>text</th></tr>' + rows + "</table>"
        if texts
        else '<p class="muted">No text messages yet. Add a phone number in a patient\'s profile, then reload.</p>'
    )
    return f"<h2>Text messages (SMS)</h2><p>{len(texts)} sent through moto's SNS, newest first.</p>" + table


def list_page(mails: list[SentMail], texts: list[SentSms] | None = None) -> str:
    rows = "".join(
        f'<tr><td class="muted">{html.escape(_when(m))}</td><td>{html.escape(", ".join(m.to))}</td>'
        f'<td><a href="/_local/mail/{html.escape(m.id)}">{html.escape(m.subject) or "(no subject)"}</a></td>'
        f"<td>{html.escape(', '.join(a.filename for a in m.attachments))}</td></tr>"
        for m in mails
    )
    table = (
        "<table><tr><th>sent</th><th>to</th><th>subject</th><th>attachments</th></tr>" + rows + "</table>"
        if mails
        else '<p class="muted">Nothing yet. Book an appointment or ask for a password reset, then reload.</p>'
    )
    return _page(
        "DocSpot local mailbox",
        f"<h1>Local mailbox</h1><p>{len(mails)} e-mails accepted by moto's SES, newest first "
        '(<a href="/_local/mail.json">JSON</a>, <a href="/">home</a>). Nothing here leaves this machine.</p>'
        + table
        + sms_section(texts or []),
    )


def _linked(text: str) -> str:
    """Escaped text with its web addresses made clickable."""
    out, last = [], 0
    for match in _URL.finditer(text):
        out.append(html.escape(text[last : match.start()]))
        url = html.escape(match.group(0))
        out.append(f'<a href="{url}" target="_blank" rel="noopener noreferrer">{url}</a>')
        last = match.end()
    out.append(html.escape(text[last:]))
    return "".join(out)


def mail_page(mail: SentMail) -> str:
    attachments = "".join(
        f'<li><a href="/_local/mail/{html.escape(mail.id)}/attachments/{i}" download="{html.escape(a.filename)}">'
        f"{html.escape(a.filename)}</a> <span class='muted'>{html.escape(a.content_type)}, {len(a.data)} bytes</span>"
        "</li>"
        for i, a in enumerate(mail.attachments)
    )
    head = (
        f"<dl><dt>From</dt><dd>{html.escape(mail.source)}</dd><dt>To</dt><dd>{html.escape(', '.join(mail.to))}</dd>"
        f"<dt>Subject</dt><dd>{html.escape(mail.subject)}</dd><dt>Sent</dt><dd>{html.escape(_when(mail))}</dd></dl>"
    )
    parts = f"<h2>Attachments</h2><ul>{attachments}</ul>" if attachments else ""
    if mail.html is not None:
        # Links open in a new tab: the frame may open pop-ups, and nothing else.
        document = '<base target="_blank">' + mail.html
        parts += (
            '<h2>HTML</h2><iframe sandbox="allow-popups allow-popups-to-escape-sandbox" '
            f'referrerpolicy="no-referrer" srcdoc="{html.escape(document, quote=True)}"></iframe>'
        )
    parts += f"<h2>Plain text</h2><pre>{_linked(mail.text)}</pre>"
    return _page(
        mail.subject or "e-mail",
        f'<p><a href="/_local/mail">&larr; mailbox</a></p><h1>{html.escape(mail.subject)}</h1>{head}{parts}',
    )

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any, Protocol

import boto3


@dataclass(frozen=True)
class Email:
    to: str
    subject: str
    text: str
    html: str | None = None


class Mailer(Protocol):
    def send(self, email: Email) -> None: ...


class SesMailer:
    """Sends through SES; the client is made on first use so importing costs nothing."""

    def __init__(self, sender: str) -> None:
        self._sender = sender

    @cached_property
    def _client(self) -> Any:
        return boto3.client("ses")

    def send(self, email: Email) -> None:
        body: dict[str, Any] = {"Text": {"Data": email.text, "Charset": "UTF-8"}}
        if email.html is not None:
            body["Html"] = {"Data": email.html, "Charset": "UTF-8"}
        self._client.send_email(
            Source=self._sender,
            Destination={"ToAddresses": [email.to]},
            Message={"Subject": {"Data": email.subject, "Charset": "UTF-8"}, "Body": body},
        )

"""Sending a text message: SNS ``Publish`` straight to a phone number (no topic), as a transactional SMS.

The client is made on first use, so importing costs nothing. Locally moto's SNS keeps every message published to
a number (its backend's ``sms_messages``), which the local mailbox page lists.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any, Protocol

from botocore.config import Config

from chalicelib import aws

# A slow SNS must not hold a request for long; a reminder that fails is released for the next run.
SNS_CLIENT_CONFIG = Config(connect_timeout=3, read_timeout=10, retries={"max_attempts": 2, "mode": "standard"})
SENDER_ID = "DocSpot"


class SmsSender(Protocol):
    def send(self, phone: str, text: str) -> None: ...


class SnsSms:
    """Publishes to an E.164 number; ``Transactional`` so carriers deliver it promptly (codes, reminders)."""

    @cached_property
    def _client(self) -> Any:
        return aws.client("sns", config=SNS_CLIENT_CONFIG)

    def send(self, phone: str, text: str) -> None:
        self._client.publish(
            PhoneNumber=phone,
            Message=text,
            MessageAttributes={
                "AWS.SNS.SMS.SMSType": {"DataType": "String", "StringValue": "Transactional"},
                "AWS.SNS.SMS.SenderID": {"DataType": "String", "StringValue": SENDER_ID},
            },
        )

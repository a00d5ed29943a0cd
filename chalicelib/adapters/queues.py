"""Handing work to another Lambda through SQS: the fan-out of the daily slot horizon and of the reminder windows.

A queue is named by what it carries (``HORIZON``, ``REMINDERS``); its URL comes from the settings
(``DOCSPOT_HORIZON_QUEUE_URL``, ``DOCSPOT_REMINDER_QUEUE_URL``, which infra/package.py sets from the template's
queues), else it is looked up once per process by its stage name (``docspot-<stage>-<name>``), as the local stack
and the tests create it. The client is made on first use, so importing costs nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cached_property
from typing import Any, Protocol

import boto3
from botocore.config import Config

HORIZON = "horizon"
REMINDERS = "reminders"
QUEUES = (HORIZON, REMINDERS)
SQS_CLIENT_CONFIG = Config(connect_timeout=3, read_timeout=10, retries={"max_attempts": 3, "mode": "standard"})
SEND_BATCH = 10  # SendMessageBatch takes at most ten entries


class QueueRefused(Exception):
    """SQS kept refusing some entries of a batch: the caller's job fails, and its re-run enqueues again."""


class WorkQueues(Protocol):
    def send(self, queue: str, bodies: Sequence[str]) -> int: ...


class SqsQueues:
    """SendMessageBatch, ten bodies a call; entries SQS refuses are sent once more, then the job fails."""

    def __init__(self, stage: str, urls: Mapping[str, str | None]) -> None:
        self._stage = stage
        self._urls = dict(urls)

    @cached_property
    def _client(self) -> Any:
        return boto3.client("sqs", config=SQS_CLIENT_CONFIG)

    def url(self, queue: str) -> str:
        known = self._urls.get(queue)
        if not known:
            known = str(self._client.get_queue_url(QueueName=queue_name(self._stage, queue))["QueueUrl"])
            self._urls[queue] = known
        return known

    def send(self, queue: str, bodies: Sequence[str]) -> int:
        url = self.url(queue)
        for first in range(0, len(bodies), SEND_BATCH):
            entries = [{"Id": str(i), "MessageBody": body} for i, body in enumerate(bodies[first : first + SEND_BATCH])]
            for _ in range(2):
                failed = {
                    f["Id"] for f in self._client.send_message_batch(QueueUrl=url, Entries=entries).get("Failed", [])
                }
                entries = [entry for entry in entries if entry["Id"] in failed]
                if not entries:
                    break
            if entries:
                raise QueueRefused(f"SQS refused {len(entries)} messages for the {queue} queue")
        return len(bodies)


def queue_name(stage: str, queue: str) -> str:
    return f"docspot-{stage}-{queue}"

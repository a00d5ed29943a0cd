"""The fan-out's queues on the local stack (SQS and its Lambda event source mappings in AWS): the queues and their
dead-letter queues in moto, and a poller that drains them into the app's ``on_sqs_message`` consumers.

``create_queues`` makes each queue the app consumes (``docspot-<stage>-horizon``, ``-reminders``) with a
dead-letter queue (``...-dlq``) and the redrive policy of infra/template.json, only with a short visibility timeout
so a failed record comes back within seconds rather than minutes. ``QueuePoller`` is a thread of the stack's process
that receives up to a consumer's batch size from moto's SQS (no long polling: moto serves one request at a time),
runs the batch in a worker with the event Lambda would send, and deletes what the consumer did not report as a
batch item failure; a failed record stays, comes back after the visibility timeout, and after ``MAX_RECEIVES``
receives moto moves it to the dead-letter queue, as SQS does. One batch at a time per queue.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

import boto3

log = logging.getLogger("local.queues")

ACCOUNT = "123456789012"
VISIBILITY_SECONDS = 20
MAX_RECEIVES = 5  # infra/template.json's maxReceiveCount
IDLE_SECONDS = 1.0
BATCH_TIMEOUT_SECONDS = 300.0
PREFIX = "docspot-"  # the queue names app.py gives Chalice: docspot-<queue>


@dataclass(frozen=True)
class Consumer:
    function: str  # the consumer's name in the app (its Lambda function)
    queue: str  # the stage's queue name
    batch_size: int


def consumers_of(app: Any, stage: str) -> list[Consumer]:
    """Every ``on_sqs_message`` consumer of the app, with the name of its queue on ``stage``."""
    found = []
    for source in app.event_sources:
        queue = getattr(source, "queue", None)
        if queue and hasattr(source, "batch_size"):
            found.append(Consumer(source.name, f"docspot-{stage}-{queue.removeprefix(PREFIX)}", int(source.batch_size)))
    return found


def create_queues(stage: str | None = None) -> list[str]:
    """Each queue the app consumes, with its dead-letter queue; returns their URLs (queues first)."""
    from app import app
    from chalicelib.config import get_settings

    sqs = boto3.client("sqs")
    urls, dead_letters = [], []
    for consumer in consumers_of(app, stage or get_settings().stage):
        dlq = sqs.create_queue(QueueName=f"{consumer.queue}-dlq")["QueueUrl"]
        dlq_arn = sqs.get_queue_attributes(QueueUrl=dlq, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        redrive = json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": MAX_RECEIVES})
        attributes = {"VisibilityTimeout": str(VISIBILITY_SECONDS), "RedrivePolicy": redrive}
        urls.append(sqs.create_queue(QueueName=consumer.queue, Attributes=attributes)["QueueUrl"])
        dead_letters.append(dlq)
    return urls + dead_letters


def sqs_event(queue: str, messages: list[dict[str, Any]], region: str) -> dict[str, Any]:
    """Received messages as Lambda's SQS event source hands them to a function."""
    records = []
    for message in messages:
        body = message["Body"]
        records.append(
            {
                "messageId": message["MessageId"],
                "receiptHandle": message["ReceiptHandle"],
                "body": body,
                "attributes": message.get("Attributes", {}),
                "messageAttributes": message.get("MessageAttributes", {}),
                "md5OfBody": message.get("MD5OfBody") or hashlib.md5(body.encode()).hexdigest(),  # noqa: S324
                "eventSource": "aws:sqs",
                "eventSourceARN": f"arn:aws:sqs:{region}:{ACCOUNT}:{queue}",
                "awsRegion": region,
            }
        )
    return {"Records": records}


def handle_batch(function: str, event: dict[str, Any]) -> list[str] | None:
    """In a worker: runs the consumer ``function`` on ``event`` through its Lambda handler; the message ids it
    reported as failed, or None when the invocation itself failed (then every record counts as failed)."""
    from chalice.local import LambdaContext

    from local import workers

    if workers._app is None:
        raise RuntimeError("the worker was not initialised")
    config = next(source for source in workers._app.event_sources if getattr(source, "name", None) == function)
    module_name, _, attribute = config.handler_string.rpartition(".")
    handler = getattr(importlib.import_module(module_name), attribute)
    context = LambdaContext(function_name=function, memory_size=1024, max_runtime_ms=int(BATCH_TIMEOUT_SECONDS * 1000))
    try:
        reply = handler(event, context)
    except Exception:
        log.exception("the queue consumer %s failed", function)
        return None
    failures = (reply or {}).get("batchItemFailures", []) if isinstance(reply, dict) else []
    return [str(failure["itemIdentifier"]) for failure in failures]


class Runner(Protocol):
    def call(self, fn: Callable[..., Any], *args: Any, timeout: float) -> Any: ...


class QueuePoller:
    """One thread per consumer: receive, run in a worker, delete what succeeded."""

    def __init__(self, pool: Runner, consumers: list[Consumer], region: str, idle: float = IDLE_SECONDS) -> None:
        self._pool = pool
        self._consumers = consumers
        self._region = region
        self._idle = idle
        self._stop = threading.Event()
        self._threads = [
            threading.Thread(target=self._loop, args=(c,), name=f"queue-{c.function}", daemon=True) for c in consumers
        ]

    @property
    def names(self) -> list[str]:
        return [consumer.queue for consumer in self._consumers]

    def start(self) -> None:
        for thread in self._threads:
            thread.start()

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            if thread.is_alive():
                thread.join(timeout=5)

    def _loop(self, consumer: Consumer) -> None:
        sqs = boto3.client("sqs")
        url = None
        while not self._stop.is_set():
            try:
                url = url or sqs.get_queue_url(QueueName=consumer.queue)["QueueUrl"]
                worked = self.drain_once(sqs, url, consumer)
            except Exception:
                if self._stop.is_set():
                    return
                log.exception("queue %s could not be polled", consumer.queue)
                worked = 0
            if not worked:
                self._stop.wait(self._idle)

    def drain_once(self, sqs: Any, url: str, consumer: Consumer) -> int:
        """One receive and its batch; how many messages it received."""
        messages = sqs.receive_message(
            QueueUrl=url, MaxNumberOfMessages=min(consumer.batch_size, 10), AttributeNames=["All"]
        ).get("Messages", [])
        if not messages:
            return 0
        started = time.perf_counter()
        event = sqs_event(consumer.queue, messages, self._region)
        failed = self._pool.call(handle_batch, consumer.function, event, timeout=BATCH_TIMEOUT_SECONDS)
        failed_ids = {m["MessageId"] for m in messages} if failed is None else set(failed)
        done = [m for m in messages if m["MessageId"] not in failed_ids]
        if done:
            sqs.delete_message_batch(
                QueueUrl=url,
                Entries=[{"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(done)],
            )
        log.info(
            "queue %s: %d messages to %s in %.0f ms%s",
            consumer.queue,
            len(messages),
            consumer.function,
            (time.perf_counter() - started) * 1000,
            f", {len(failed_ids)} failed (delivered again later)" if failed_ids else "",
        )
        return len(messages)

"""The fan-out's SQS consumers (wired in app.py): each record of a batch is one unit of work, worked on its own.

A record whose unit fails (or whose body is not a unit) is reported back as a batch item failure (powertools'
``BatchProcessor``, ``ReportBatchItemFailures`` on the event source): SQS deletes the others and delivers only it
again, until its redrive policy parks it in the queue's dead-letter queue. Every unit is idempotent, so a record
delivered twice does no harm (docs/architecture.md, "Fan-out over SQS").
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.batch.types import PartialItemFailureResponse
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from chalice.app import SQSEvent
from pydantic import BaseModel

from chalicelib.contracts.queues import HorizonBatch, ReminderSlice
from chalicelib.observability import logger
from chalicelib.services.availability import horizon
from chalicelib.services.mail import reminders

# The queues as app.py names them to Chalice; infra/package.py points each event source at the stage's queue.
HORIZON_QUEUE = "docspot-horizon"
REMINDER_QUEUE = "docspot-reminders"
# Messages per invocation: a horizon message is already a batch of doctors (``horizon_batch_doctors``); reminder
# slices have a time budget each (``reminders.SLICE_BUDGET_SECONDS``) that keeps a batch inside the 120 s timeout
# (.chalice/config.json). A horizon batch that outlives it fails whole and comes back: what it wrote stays written
# (``generated_until`` moves per rule), so the retry goes on from there.
HORIZON_BATCH_SIZE = 2
REMINDER_BATCH_SIZE = 5
# Consumers running at once (the event source's ScalingConfig): bounds the write rate the fan-out puts on DynamoDB.
HORIZON_CONCURRENCY = 10
REMINDER_CONCURRENCY = 5

M = TypeVar("M", bound=BaseModel)


def _unit(model: type[M], work: Callable[[M], object], name: str) -> Callable[[SQSRecord], None]:
    def handle(record: SQSRecord) -> None:
        try:
            work(model.model_validate_json(record.body))
        except Exception:
            logger.exception(f"{name} failed; SQS delivers it again", extra={"message_id": record.message_id})
            raise

    return handle


def _consume(event: SQSEvent, handle: Callable[[SQSRecord], None]) -> PartialItemFailureResponse:
    raw: dict[str, Any] = event.to_dict()
    return process_partial_response(
        event=raw, record_handler=handle, processor=BatchProcessor(event_type=EventType.SQS)
    )


def extend_horizon_batches(event: SQSEvent) -> PartialItemFailureResponse:
    """Each record: a batch of doctors whose weekly rules reach the slot horizon."""
    return _consume(event, _unit(HorizonBatch, horizon.extend, "slot horizon batch"))


def send_reminder_slices(event: SQSEvent) -> PartialItemFailureResponse:
    """Each record: a slice of the reminder window whose due reminders are sent."""
    return _consume(event, _unit(ReminderSlice, reminders.run_slice, "reminder slice"))

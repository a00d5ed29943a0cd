"""The daily slot horizon, fanned out: the schedule only enqueues, and SQS consumers extend (docs/architecture.md,
"Fan-out over SQS").

``enqueue`` pages through the doctors with rules short of the horizon (``slots.doctors_to_extend``: a Query of
the rules' sparse index) and sends one message per ``horizon_batch_doctors`` of them to the horizon queue; the
queue's consumer calls ``extend`` for each message. A unit is idempotent (``slots.extend_doctors``), so a message
delivered twice, a batch retried after a partial failure or an enqueue run twice creates no slot twice.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from chalicelib.adapters.queues import HORIZON
from chalicelib.adapters.registry import adapters
from chalicelib.config import get_settings
from chalicelib.contracts.queues import HorizonBatch
from chalicelib.observability import logger
from chalicelib.services.availability import slots
from chalicelib.services.availability.slots import HorizonReport

SEND_EVERY = 100  # messages kept before they are sent, so memory stays flat however many doctors there are


@dataclass(frozen=True)
class Enqueued:
    doctors: int
    messages: int


def batches(doctor_ids: Iterable[str], size: int) -> Iterator[HorizonBatch]:
    batch: list[str] = []
    for doctor_id in doctor_ids:
        batch.append(doctor_id)
        if len(batch) >= size:
            yield HorizonBatch(doctor_ids=batch)
            batch = []
    if batch:
        yield HorizonBatch(doctor_ids=batch)


def enqueue() -> Enqueued:
    """The daily schedule: one message per batch of doctors with horizon work. Safe to run late or twice."""
    queues = adapters().queues
    doctors = messages = 0
    pending: list[str] = []
    for batch in batches(slots.doctors_to_extend(adapters().clock.now()), get_settings().horizon_batch_doctors):
        doctors += len(batch.doctor_ids)
        pending.append(batch.model_dump_json())
        if len(pending) >= SEND_EVERY:
            messages += queues.send(HORIZON, pending)
            pending = []
    if pending:
        messages += queues.send(HORIZON, pending)
    logger.info("slot horizon enqueued", extra={"doctors": doctors, "messages": messages})
    return Enqueued(doctors=doctors, messages=messages)


def extend(batch: HorizonBatch) -> HorizonReport:
    """One message of the horizon queue."""
    return slots.extend_doctors(batch.doctor_ids)

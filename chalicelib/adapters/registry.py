"""The adapters services use, made once per process and swappable by tests and the local stack."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from chalicelib.adapters.clock import Clock, SystemClock
from chalicelib.adapters.mailer import Mailer, SesMailer
from chalicelib.adapters.payments import ManualPaymentProvider, PaymentProvider
from chalicelib.adapters.queues import HORIZON, REMINDERS, SqsQueues, WorkQueues
from chalicelib.adapters.sms import SmsSender, SnsSms
from chalicelib.adapters.storage import S3Storage, Storage
from chalicelib.adapters.ws_sender import ApiGatewaySender, Sender, management_api
from chalicelib.caches import process_cache
from chalicelib.config import get_settings


@dataclass(frozen=True)
class Adapters:
    clock: Clock
    mailer: Mailer
    sender: Sender
    storage: Storage
    sms: SmsSender
    payments: PaymentProvider
    queues: WorkQueues


_override: Adapters | None = None


@process_cache
def _defaults() -> Adapters:
    settings = get_settings()
    return Adapters(
        clock=SystemClock(),
        mailer=SesMailer(settings.mail_from),
        sender=ApiGatewaySender(management_api()),
        storage=S3Storage(settings.uploads_bucket, settings.region, settings.uploads_kms_key),
        sms=SnsSms(),
        payments=ManualPaymentProvider(),
        queues=SqsQueues(settings.stage, {HORIZON: settings.horizon_queue_url, REMINDERS: settings.reminder_queue_url}),
    )


def adapters() -> Adapters:
    return _override or _defaults()


def use_adapters(**changes: Any) -> Adapters:
    """Replace some adapters (a fake clock, a recording mailer or sender) for this process; returns what is now
    in use."""
    global _override
    _override = replace(adapters(), **changes)
    return _override


def reset_adapters() -> None:
    global _override
    _override = None

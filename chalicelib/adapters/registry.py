"""The adapters services use, made once per process and swappable by tests and the local stack."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from chalicelib.adapters.clock import Clock, SystemClock
from chalicelib.adapters.mailer import Mailer, SesMailer
from chalicelib.adapters.ws_sender import ApiGatewaySender, Sender, management_api
from chalicelib.config import get_settings


@dataclass(frozen=True)
class Adapters:
    clock: Clock
    mailer: Mailer
    sender: Sender


_override: Adapters | None = None


@lru_cache(maxsize=1)
def _defaults() -> Adapters:
    return Adapters(
        clock=SystemClock(), mailer=SesMailer(get_settings().mail_from), sender=ApiGatewaySender(management_api())
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

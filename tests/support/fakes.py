"""Fakes that hold state, handed to services in place of the real adapters."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from chalicelib.adapters.mailer import Email
from chalicelib.adapters.ws_sender import ConnectionGone
from tests.support.contract import check_message


@dataclass
class FakeClock:
    current: datetime = field(default_factory=lambda: datetime(2026, 12, 1, 9, 0, tzinfo=UTC))

    def now(self) -> datetime:
        return self.current

    def advance(self, **delta: float) -> None:
        self.current += timedelta(**delta)


@dataclass
class RecordingMailer:
    sent: list[Email] = field(default_factory=list)
    failing: bool = False

    def send(self, email: Email) -> None:
        if self.failing:
            raise ConnectionError("mail server unreachable")
        self.sent.append(email)

    def to(self, address: str, kind: str | None = None) -> list[Email]:
        """What was sent to ``address`` (of ``kind`` only, if given: e.g. leaving out the welcome mail)."""
        return [e for e in self.sent if e.to == address and kind in (None, e.kind)]


@dataclass
class RecordingSender:
    """Records each push by connection; ``gone`` connections answer 410 Gone, ``failing`` ones fail otherwise.
    Each message must be one the AsyncAPI document describes, unless ``checked`` is off (tests of delivery alone)."""

    sent: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    gone: set[str] = field(default_factory=set)
    failing: set[str] = field(default_factory=set)
    posts: int = 0
    checked: bool = True
    closed: list[str] = field(default_factory=list)

    def send(self, connection_id: str, message: str) -> None:
        self.posts += 1
        if connection_id in self.gone:
            raise ConnectionGone(connection_id)
        if connection_id in self.failing:
            raise ConnectionError("management API unreachable")
        pushed = json.loads(message)
        if self.checked:
            check_message(pushed)
        self.sent.append((connection_id, pushed))

    def close(self, connection_id: str) -> None:
        self.closed.append(connection_id)

    def to(self, connection_id: str) -> list[dict[str, Any]]:
        return [m for cid, m in self.sent if cid == connection_id]

    def types_to(self, connection_id: str) -> list[str]:
        return [str(m["type"]) for m in self.to(connection_id)]

    def clear(self) -> None:
        self.sent.clear()
        self.posts = 0


@dataclass
class RecordingSms:
    """Records each text message as (phone, text); ``failing`` makes every send fail."""

    sent: list[tuple[str, str]] = field(default_factory=list)
    failing: bool = False

    def send(self, phone: str, text: str) -> None:
        if self.failing:
            raise ConnectionError("SNS unreachable")
        self.sent.append((phone, text))

    def to(self, phone: str) -> list[str]:
        return [text for number, text in self.sent if number == phone]

"""Fakes that hold state, handed to services in place of the real adapters."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from chalicelib.adapters.mailer import Email


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

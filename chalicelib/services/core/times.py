"""Instants and spans as keys and rules use them: UTC, the one textual form, the 5-minute quantum.

Pure: plain values in, plain values out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from chalicelib.vocabulary import QUANTUM_MINUTES


@dataclass(frozen=True, order=True)
class Span:
    """A half-open interval [start, end) in UTC."""

    start: datetime
    end: datetime

    @property
    def minutes(self) -> int:
        return int((self.end - self.start).total_seconds() // 60)

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end


def to_utc(day: date, wall: time, zone: ZoneInfo) -> datetime:
    """The instant a wall-clock time on ``day`` means in ``zone``.

    A wall time that does not exist (the hour skipped when clocks go forward) moves forward by the gap; one that
    happens twice (clocks go back) means the first occurrence.
    """
    local = datetime.combine(day, wall).replace(tzinfo=zone, fold=0)
    instant = local.astimezone(UTC)
    if instant.astimezone(zone).replace(tzinfo=None) != local.replace(tzinfo=None):
        # In a gap the two folds read the wall time with the offsets before and after the change; the later
        # instant is the wall time moved forward by the gap (fold=1 alone would move it back).
        instant = max(instant, local.replace(fold=1).astimezone(UTC))
    return instant


def quanta(span: Span) -> list[datetime]:
    """The fixed 5-minute steps a span covers: two spans overlap exactly when they share a quantum."""
    step = timedelta(minutes=QUANTUM_MINUTES)
    start = floor_quantum(span.start)
    out = []
    while start < span.end:
        out.append(start)
        start += step
    return out


def floor_quantum(moment: datetime) -> datetime:
    moment = moment.astimezone(UTC).replace(second=0, microsecond=0)
    return moment - timedelta(minutes=moment.minute % QUANTUM_MINUTES)


def iso(moment: datetime) -> str:
    """The one textual form of an instant in keys: UTC, seconds, ``Z``."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_iso(text: str) -> datetime:
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        raise ValueError("a time needs an offset")
    return moment.astimezone(UTC)

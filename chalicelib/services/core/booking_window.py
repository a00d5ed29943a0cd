"""The booking window: how soon and how far ahead a slot can be booked. Availability shows whether a slot is
bookable with it; booking refuses outside it. One definition for both; its numbers are platform settings
(``services.settings.booking_window``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class BookingWindow:
    min_notice: timedelta
    max_advance: timedelta


def booking_problem(start: datetime, now: datetime, window: BookingWindow) -> str | None:
    """Why a slot starting at ``start`` cannot be booked at ``now``, or None."""
    if start - now < window.min_notice:
        hours = window.min_notice.total_seconds() / 3600
        return f"appointments must be booked at least {hours:g} h before they start"
    if start - now > window.max_advance:
        return f"appointments can be booked at most {window.max_advance.days} days ahead"
    return None

from __future__ import annotations

import calendar
from datetime import datetime, timedelta

TRIAL = timedelta(days=14)
PAYMENT_TERM = timedelta(days=14)  # an invoice is due this long after it is issued
OVERDUE_GRACE = timedelta(days=14)  # unpaid this long after its due date: back to the free plan


def add_interval(start: datetime, interval: str) -> datetime:
    """One calendar month or year later, the day clamped to the month's last (31 Jan + 1 month = 28/29 Feb)."""
    if interval == "year":
        year, month = start.year + 1, start.month
    else:
        year, month = start.year + (start.month // 12), start.month % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return start.replace(year=year, month=month, day=day)


def day_of(moment: datetime) -> str:
    return moment.date().isoformat()

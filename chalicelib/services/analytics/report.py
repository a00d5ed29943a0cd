"""Reading the daily counters back: one Query per scope (a doctor: one; the platform, a specialty, a clinic: one
per shard), summed per day, then grouped into days, ISO weeks or months."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from chalicelib.adapters.registry import adapters
from chalicelib.contracts.analytics import AnalyticsOut, CancellationsOut, MoneyOut, PeriodOut
from chalicelib.errors import Invalid
from chalicelib.models.analytics import DailyAggregate
from chalicelib.services.analytics import _counters as counters
from chalicelib.services.plans import entitlements

MAX_DAYS = {"day": 366, "week": 731, "month": 1827}  # a year by day, two by week, five by month
DEFAULT_DAYS = 30


@dataclass
class Tally:
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(counters.COUNTS, 0))
    revenue: dict[str, Decimal] = field(default_factory=lambda: defaultdict(Decimal))

    def add(self, other: Tally) -> None:
        for name, value in other.counts.items():
            self.counts[name] += value
        for currency, amount in other.revenue.items():
            self.revenue[currency] += amount


def _day(text: str | None, name: str) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise Invalid(f"{name} must be a day, YYYY-MM-DD", code="INVALID_RANGE", field=name) from exc


def day_range(start: str | None, end: str | None, *, max_days: int) -> tuple[date, date]:
    """The days asked for: ``to`` defaults to today (UTC), ``from`` to 29 days before it; 400 when reversed or
    longer than ``max_days``."""
    last = _day(end, "to") or adapters().clock.now().date()
    try:
        first = _day(start, "from") or last - timedelta(days=DEFAULT_DAYS - 1)
    except OverflowError as exc:  # a `to` in the first days of year 1
        raise Invalid("from is before the first day there is", code="INVALID_RANGE", field="from") from exc
    if first > last:
        raise Invalid("from must not be after to", code="INVALID_RANGE", field="from")
    if (last - first).days + 1 > max_days:
        raise Invalid(f"at most {max_days} days at a time for this grouping", code="RANGE_TOO_LONG", field="from")
    return first, last


def read_days(scopes: list[str], first: date, last: date) -> dict[str, Tally]:
    """Every day's counters of ``scopes`` summed: one Query per scope (pages of 1 MB follow on their own)."""
    days: dict[str, Tally] = defaultdict(Tally)
    for scope in scopes:
        rows = DailyAggregate.query(scope, DailyAggregate.day.between(first.isoformat(), f"{last.isoformat()}#~"))
        for row in rows:
            day, _, currency = row.day.partition("#")
            tally = days[day]
            if currency:
                tally.revenue[currency] += row.revenue or Decimal(0)
                continue
            for name in counters.COUNTS:
                tally.counts[name] += int(getattr(row, name) or 0)
    return days


def period_of(day: date, group_by: str) -> str:
    if group_by == "week":
        return (day - timedelta(days=day.weekday())).isoformat()
    if group_by == "month":
        return day.strftime("%Y-%m")
    return day.isoformat()


def _ratio(part: int, whole: int) -> float | None:
    return None if whole <= 0 else round(part / whole, 4)


def period_out(period: str, tally: Tally) -> PeriodOut:
    c = tally.counts
    return PeriodOut(
        period=period,
        published_minutes=c["published_minutes"],
        booked_minutes=c["booked_minutes"],
        utilization=_ratio(c["booked_minutes"], c["published_minutes"]),
        appointments=c["appointments"],
        completed=c["completed"],
        no_shows=c["no_shows"],
        no_show_rate=_ratio(c["no_shows"], c["completed"] + c["no_shows"]),
        cancellations=CancellationsOut(
            patient=c["cancelled_patient"],
            doctor=c["cancelled_doctor"],
            admin=c["cancelled_admin"],
            late=c["cancelled_late"],
        ),
        revenue=[
            MoneyOut(amount=str(amount), currency=cur) for cur, amount in sorted(tally.revenue.items()) if amount != 0
        ],
    )


def series(scopes: list[str], first: date, last: date, group_by: str) -> AnalyticsOut:
    days = read_days(scopes, first, last)
    periods: dict[str, Tally] = {}
    totals = Tally()
    day = first
    while day <= last:
        tally = periods.setdefault(period_of(day, group_by), Tally())
        found = days.get(day.isoformat())
        if found is not None:
            tally.add(found)
            totals.add(found)
        day += timedelta(days=1)
    return AnalyticsOut(
        first_day=first.isoformat(),
        last_day=last.isoformat(),
        group_by=group_by,
        series=[period_out(period, tally) for period, tally in periods.items()],
        totals=period_out(f"{first.isoformat()}/{last.isoformat()}", totals),
    )


def scopes_for(doctor_id: str | None, specialty_id: str | None, clinic_id: str | None) -> list[str]:
    """The items to read for one filter (at most one: each is maintained on its own, not crossed)."""
    given = [
        name
        for name, value in (("doctor_id", doctor_id), ("specialty_id", specialty_id), ("clinic_id", clinic_id))
        if value
    ]
    if len(given) > 1:
        raise Invalid(
            "filter by one of doctor_id, specialty_id and clinic_id at a time", code="TOO_MANY_FILTERS", field=given[1]
        )
    if doctor_id:
        return counters.doctor_scopes(doctor_id)
    if specialty_id:
        return counters.group_scopes("specialty", specialty_id)
    if clinic_id:
        return counters.group_scopes("clinic", clinic_id)
    return counters.platform_scopes()


def platform(
    *,
    start: str | None,
    end: str | None,
    group_by: str,
    doctor_id: str | None,
    specialty_id: str | None,
    clinic_id: str | None,
) -> AnalyticsOut:
    """The admin's view: the whole platform or one filter."""
    scopes = scopes_for(doctor_id, specialty_id, clinic_id)
    first, last = day_range(start, end, max_days=MAX_DAYS[group_by])
    return series(scopes, first, last, group_by)


def practice(doctor_id: str, *, start: str | None, end: str | None, group_by: str) -> AnalyticsOut:
    """A doctor's own practice, if their plan includes analytics (403 ``PLAN_LIMIT`` otherwise)."""
    entitlements.require(doctor_id, "analytics")
    first, last = day_range(start, end, max_days=MAX_DAYS[group_by])
    return series(counters.doctor_scopes(doctor_id), first, last, group_by)

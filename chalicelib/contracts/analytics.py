"""Analytics series, CSV exports and the audit viewer."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from chalicelib.contracts.common import MAX_CURSOR, Out, Paging, Query
from chalicelib.vocabulary import AppointmentStatus

DAY = "a UTC day, YYYY-MM-DD"


class AnalyticsQuery(Query):
    start: str | None = Field(
        default=None, alias="from", max_length=10, description=f"{DAY} (default: 29 days before `to`)"
    )
    to: str | None = Field(default=None, max_length=10, description=f"{DAY}, included (default: today)")
    group_by: Literal["day", "week", "month"] = Field(
        default="day", description="one period per day, ISO week (starting Monday) or month"
    )
    doctor_id: str | None = Field(default=None, max_length=64, description="one doctor's practice")
    specialty_id: str | None = Field(default=None, max_length=64, description="the doctors of one specialty")
    clinic_id: str | None = Field(default=None, max_length=64, description="the visits at one clinic")


class MyAnalyticsQuery(Query):
    start: str | None = Field(
        default=None, alias="from", max_length=10, description=f"{DAY} (default: 29 days before `to`)"
    )
    to: str | None = Field(default=None, max_length=10, description=f"{DAY}, included (default: today)")
    group_by: Literal["day", "week", "month"] = Field(default="day")


class MoneyOut(Out):
    amount: str = Field(description="a decimal string, exact (`240.00`)")
    currency: str


class CancellationsOut(Out):
    patient: int
    doctor: int
    admin: int
    late: int = Field(description="of those, cancelled inside the patient's notice period (2 h by default)")


class PeriodOut(Out):
    period: str = Field(description="the day (YYYY-MM-DD), the week's Monday (YYYY-MM-DD) or the month (YYYY-MM)")
    published_minutes: int
    booked_minutes: int
    utilization: float | None = Field(description="booked / published minutes; null when nothing was published")
    appointments: int = Field(description="appointments on these days that were not cancelled")
    completed: int
    no_shows: int
    no_show_rate: float | None = Field(description="no-shows / (completed + no-shows); null when neither")
    cancellations: CancellationsOut
    revenue: list[MoneyOut] = Field(description="of completed visits, one entry per currency")


class AnalyticsOut(Out):
    first_day: str = Field(description="the range read, its first day")
    last_day: str = Field(description="and its last, included")
    group_by: str
    series: list[PeriodOut]
    totals: PeriodOut


class AppointmentsExportQuery(Query):
    start: str | None = Field(
        default=None, alias="from", max_length=10, description=f"{DAY} (default: 29 days before `to`)"
    )
    to: str | None = Field(default=None, max_length=10, description=f"{DAY}, included (default: today)")
    doctor_id: str | None = Field(default=None, max_length=64)
    status: AppointmentStatus | None = None
    cursor: str | None = Field(
        default=None, max_length=MAX_CURSOR, description="the `X-Next-Cursor` of the previous part, as it came"
    )


class AuditQuery(Paging):
    actor_id: str | None = Field(default=None, max_length=64, description="entries by this user")
    subject_id: str | None = Field(
        default=None, max_length=80, description="entries about this subject: `user#<id>`, `doctor#<id>`, or an id"
    )
    action: str | None = Field(default=None, max_length=64, description="one action, e.g. `user.disabled`")
    start: str | None = Field(default=None, alias="from", max_length=10, description=f"{DAY}: at or after")
    to: str | None = Field(default=None, max_length=10, description=f"{DAY}: up to, included")


class AuditEntryOut(Out):
    at: str = Field(description="when, ISO 8601 UTC")
    actor_id: str
    actor_name: str | None
    subject: str = Field(description="`user#<id>`, `doctor#<id>`, `specialty#<id>`, `export#<kind>`...")
    action: str
    detail: dict[str, str] | None

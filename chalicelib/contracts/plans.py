"""Plans, subscriptions and invoices: what admins send to define a plan, what doctors send to change theirs, and
what everyone gets back. Prices are decimal strings with an ISO 4217 code (``Price`` of appointment types)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from chalicelib.contracts.appointment_types import Price, PriceOut
from chalicelib.contracts.common import Out, Request, example, omissible

PlanCode = str
Interval = Literal["month", "year"]
LIMIT_NAMES = ("max_appointment_types", "max_clinics", "video_visits", "analytics", "max_weekly_rules")


class Entitlements(Request):
    model_config = example(
        max_appointment_types=5, max_clinics=2, video_visits=True, analytics=True, max_weekly_rules=20
    )

    max_appointment_types: int = Field(ge=0, le=20, description="active appointment types")
    max_clinics: int = Field(ge=0, le=50)
    video_visits: bool
    analytics: bool
    max_weekly_rules: int = Field(ge=0, le=500)


class EntitlementsOut(Out):
    max_appointment_types: int
    max_clinics: int
    video_visits: bool
    analytics: bool
    max_weekly_rules: int


class PlanCreate(Request):
    model_config = example(
        code="pro",
        name="Pro",
        price={"amount": "29.00", "currency": "EUR"},
        interval="month",
        entitlements={
            "max_appointment_types": 5,
            "max_clinics": 2,
            "video_visits": True,
            "analytics": True,
            "max_weekly_rules": 20,
        },
    )

    code: PlanCode = Field(min_length=2, max_length=32, pattern=r"^[a-z][a-z0-9-]*$")
    name: str = Field(min_length=1, max_length=60)
    price: Price
    interval: Interval
    entitlements: Entitlements


class PlanUpdate(Request):
    model_config = example(name="Pro", price={"amount": "32.00", "currency": "EUR"})

    name: str = omissible(min_length=1, max_length=60)
    price: Price = omissible()
    interval: Interval = omissible()
    entitlements: Entitlements = omissible()
    active: bool = omissible(description="false: no new subscriptions; subscribers keep it")


class PlanOut(Out):
    code: str
    name: str
    price: PriceOut
    interval: Interval
    entitlements: EntitlementsOut
    active: bool


class SubscriptionChange(Request):
    model_config = example(plan_code="pro")

    plan_code: PlanCode = Field(min_length=2, max_length=32)


class SubscriptionOut(Out):
    plan: PlanOut
    status: Literal["free", "trialing", "active"]
    trial_ends_at: datetime | None = Field(description="while trialing: when the first invoice is issued")
    current_period_end: datetime | None
    pending_plan_code: str | None = Field(description="a downgrade taking effect at current_period_end")
    trial_available: bool = Field(description="the first paid plan would start with a 14-day trial")


class InvoiceOut(Out):
    invoice_id: str
    number: str = Field(description="{year}-{n:06d}, without gaps per year")
    doctor_id: str
    doctor_name: str | None = Field(
        default=None, description="The doctor billed, in the admins' list of open invoices (null elsewhere)"
    )
    plan_code: str
    plan_name: str
    price: PriceOut
    period_start: datetime
    period_end: datetime
    issued_at: datetime
    due_at: datetime
    status: Literal["open", "paid", "overdue"]
    paid_at: datetime | None

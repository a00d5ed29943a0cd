"""Appointment types: what a doctor sends to define a visit they offer, and what anyone gets back."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any

from pydantic import AfterValidator, Field, model_validator

from chalicelib.contracts.common import Out, Request, example, omissible
from chalicelib.vocabulary import CURRENCY_MINOR_DIGITS, MAX_SLOT_MINUTES, MIN_SLOT_MINUTES, QUANTUM_MINUTES, VisitMode

MAX_NAME = 80
MAX_DESCRIPTION = 500


def _currency(value: str) -> str:
    if value not in CURRENCY_MINOR_DIGITS:
        raise ValueError(f"must be one of the ISO 4217 codes {', '.join(sorted(CURRENCY_MINOR_DIGITS))}")
    return value


Currency = Annotated[str, Field(min_length=3, max_length=3), AfterValidator(_currency)]


class Price(Request):
    """An amount as a decimal string (never a float) with an ISO 4217 currency: zero or positive, with at most the
    currency's minor digits (``"80.00"`` EUR, ``"8000"`` JPY)."""

    model_config = example(amount="80.00", currency="EUR")

    amount: str = Field(max_length=12, pattern=r"^(0|[1-9][0-9]{0,6})(\.[0-9]{1,3})?$")
    currency: Currency

    @model_validator(mode="after")
    def _minor_digits(self) -> Any:
        digits = CURRENCY_MINOR_DIGITS[self.currency]
        decimals = len(self.amount.partition(".")[2])
        if decimals > digits:
            raise ValueError(f"{self.currency} amounts have at most {digits} decimals")
        return self

    def normalised(self) -> str:
        """The amount with exactly the currency's minor digits: ``"80"`` EUR is stored as ``"80.00"``."""
        digits = CURRENCY_MINOR_DIGITS[self.currency]
        return f"{Decimal(self.amount):.{digits}f}"


class PriceOut(Out):
    amount: str = Field(description="a decimal string with the currency's minor digits, e.g. 80.00")
    currency: str = Field(description="ISO 4217")


TypeDuration = Annotated[
    int,
    Field(strict=True, ge=MIN_SLOT_MINUTES, le=MAX_SLOT_MINUTES, multiple_of=QUANTUM_MINUTES, description="minutes"),
]


class AppointmentTypeCreate(Request):
    model_config = example(
        name="First consultation",
        duration_minutes=30,
        price={"amount": "80.00", "currency": "EUR"},
        mode="in_person",
        description="A first visit: history, examination, a plan.",
    )

    name: str = Field(min_length=1, max_length=MAX_NAME)
    duration_minutes: TypeDuration
    price: Price
    mode: VisitMode
    clinic_id: str | None = Field(default=None, min_length=1, max_length=64, description="in person: where")
    description: str = Field(default="", max_length=MAX_DESCRIPTION)

    @model_validator(mode="after")
    def _clinic_for_mode(self) -> Any:
        if self.mode == VisitMode.VIDEO and self.clinic_id is not None:
            raise ValueError("a video visit has no clinic_id")
        return self


class AppointmentTypeUpdate(Request):
    """A partial update: fields left out stay. ``active: false`` deactivates (as does ``.../deactivate``)."""

    model_config = example(price={"amount": "90.00", "currency": "EUR"})

    name: str = omissible(min_length=1, max_length=MAX_NAME)
    duration_minutes: TypeDuration = omissible()
    price: Price = omissible()
    description: str = omissible(max_length=MAX_DESCRIPTION)
    active: bool = omissible(strict=True)


class AppointmentTypeOut(Out):
    appointment_type_id: str
    doctor_id: str
    name: str
    description: str
    duration_minutes: int
    price: PriceOut
    mode: VisitMode
    clinic_id: str | None
    active: bool
    created_at: datetime
    updated_at: datetime


class AppointmentTypeRef(Out):
    """The type a slot was published for, or an appointment was booked as (its price as it was at booking)."""

    id: str
    name: str
    mode: VisitMode
    price: PriceOut
    clinic_id: str | None = None

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from chalicelib.contracts.common import Out, Request
from chalicelib.vocabulary import AppointmentStatus

SlotId = Field(min_length=8, max_length=300, pattern=r"^[A-Za-z0-9_-]+$")


class BookingRequest(Request):
    slot_id: str = SlotId
    reason_for_visit: str = Field(default="", max_length=1000)


class CancelRequest(Request):
    reason: str = Field(default="", max_length=1000)


class RescheduleRequest(Request):
    slot_id: str = SlotId


class FollowUpIn(Request):
    """What comes after a visit: instructions for the patient and, optionally, within how many days to return."""

    instructions: str = Field(min_length=1, max_length=2000)
    within_days: int | None = Field(default=None, ge=1, le=365)


class StatusChange(Request):
    status: Literal[
        AppointmentStatus.CONFIRMED,
        AppointmentStatus.IN_PROGRESS,
        AppointmentStatus.COMPLETED,
        AppointmentStatus.NO_SHOW,
    ]
    notes: str | None = Field(default=None, max_length=5000)
    summary: str | None = Field(default=None, max_length=5000)
    follow_up: FollowUpIn | None = None


class HoldOut(Out):
    slot_id: str
    expires_at: datetime


class FollowUpOut(Out):
    instructions: str
    within_days: int | None = None


class PersonRef(Out):
    id: str
    name: str


class AppointmentOut(Out):
    appointment_id: str
    slot_id: str
    status: str
    start: datetime
    end: datetime
    doctor: PersonRef
    patient: PersonRef
    reason_for_visit: str
    summary: str | None
    notes: str | None = None
    cancel_reason: str | None
    cancelled_by: str | None
    sequence: int
    created_at: datetime
    updated_at: datetime
    attendance_confirmed_at: datetime | None = None
    follow_up: FollowUpOut | None = None


class CalendarFeedOut(Out):
    """A calendar subscription URL. Its token is shown once: only its SHA-256 is stored."""

    url: str
    webcal_url: str


class CalendarFeedState(Out):
    active: bool

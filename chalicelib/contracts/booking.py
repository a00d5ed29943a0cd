from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from chalicelib.contracts.appointment_types import AppointmentTypeRef
from chalicelib.contracts.common import Out, Paging, Request, example
from chalicelib.vocabulary import AppointmentStatus, Role

SlotId = Field(min_length=8, max_length=300, pattern=r"^[A-Za-z0-9_-]+$")


class BookingRequest(Request):
    model_config = example(slot_id="ZDEyMzR8MjAyNi0xMi0wMlQwOTowMDowMFp8MzA", reason_for_visit="check-up")

    slot_id: str = SlotId
    reason_for_visit: str = Field(default="", max_length=1000)


class CancelRequest(Request):
    model_config = example(reason="I cannot come that day")

    reason: str = Field(default="", max_length=1000)


class RescheduleRequest(Request):
    slot_id: str = SlotId


class FollowUpIn(Request):
    """What comes after a visit: instructions for the patient and, optionally, within how many days to return."""

    instructions: str = Field(min_length=1, max_length=2000)
    within_days: int | None = Field(default=None, ge=1, le=365)


class StatusChange(Request):
    model_config = example(status="COMPLETED", notes="BP 120/80", summary="All well; see you in a year")

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


class VideoOut(Out):
    url: str = Field(description="the meeting room (an unguessable name on DOCSPOT_VIDEO_BASE_URL)")
    join_from: datetime = Field(description="15 minutes before the start: when the Join button becomes active")


class AppointmentOut(Out):
    appointment_id: str
    slot_id: str
    status: AppointmentStatus
    start: datetime
    end: datetime
    doctor: PersonRef
    patient: PersonRef
    reason_for_visit: str
    summary: str | None
    notes: str | None = None
    cancel_reason: str | None
    cancelled_by: Role | None
    sequence: int
    created_at: datetime
    updated_at: datetime
    attendance_confirmed_at: datetime | None = None
    follow_up: FollowUpOut | None = None
    # A COMPLETED visit: when its patient reviewed it (null: not yet) and until when they may (90 days after it).
    reviewed_at: datetime | None = None
    review_closes_at: datetime | None = None
    appointment_type: AppointmentTypeRef | None = Field(
        default=None,
        exclude_if=lambda value: value is None,
        description="the type booked, with its price as it was at booking (absent on untyped slots)",
    )
    video: VideoOut | None = Field(
        default=None,
        exclude_if=lambda value: value is None,
        description="a video visit's room: only on GET /appointments/{id}, to its patient and doctor",
    )


class AppointmentListQuery(Paging):
    start: str | None = Field(
        default=None, alias="from", max_length=40, description="ISO 8601 date or time with offset: starting at or after"
    )
    to: str | None = Field(default=None, max_length=40, description="ISO 8601 date or time with offset: starting up to")
    status: AppointmentStatus | None = None
    scope: Literal["upcoming", "past"] | None = Field(
        default=None, description="upcoming (soonest first, the default) or past (newest first)"
    )
    doctor_id: str | None = Field(default=None, max_length=64, description="admins only: this doctor's")
    patient_id: str | None = Field(default=None, max_length=64, description="admins only: this patient's")
    date: str | None = Field(default=None, max_length=10, description="admins only: this UTC day (YYYY-MM-DD)")


class CalendarFeedOut(Out):
    """A calendar subscription URL. Its token is shown once: only its SHA-256 is stored."""

    url: str
    webcal_url: str


class CalendarFeedState(Out):
    active: bool

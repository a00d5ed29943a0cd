from __future__ import annotations

from datetime import datetime

from pydantic import Field

from chalicelib.contracts.common import Out, Query, Request
from chalicelib.vocabulary import AppointmentStatus

MAX_TOKEN = 2048


class AttendanceConfirm(Request):
    token: str = Field(min_length=1, max_length=MAX_TOKEN)


class AttendanceOut(Out):
    """What the attendance page shows: no patient data, no reason for the visit (the link may be forwarded).
    ``timezone`` is the patient's, to show ``start`` on their clock."""

    appointment_id: str
    doctor_name: str
    start: datetime
    end: datetime
    timezone: str
    status: AppointmentStatus
    confirmed_at: datetime | None


class AttendanceQuery(Query):
    token: str = Field(min_length=1, max_length=MAX_TOKEN, description="the token of the reminder's link")

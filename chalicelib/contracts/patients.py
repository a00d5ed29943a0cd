"""Patients as admins see them: the search and one patient's page (never the medical record)."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from chalicelib.contracts.accounts import UserOut
from chalicelib.contracts.common import Out, Paging
from chalicelib.contracts.disputes import DisputeOut
from chalicelib.contracts.support import TicketOut


class PatientSearchQuery(Paging):
    q: str | None = Field(
        default=None,
        max_length=100,
        description="the start of a name, or of an e-mail address (with `@`, or when no name starts so); empty: all",
    )


class AdminPatientAppointmentOut(Out):
    """An appointment as the admin's patient page lists it: when, with whom, its status. No reason, notes or
    summary: those are health data."""

    appointment_id: str
    doctor_id: str
    doctor_name: str
    start: datetime
    end: datetime
    status: str
    appointment_type: str | None


class AdminPatientOut(Out):
    profile: UserOut
    appointments: list[AdminPatientAppointmentOut] = Field(description="the latest 50, newest first")
    disputes: list[DisputeOut] = Field(description="the latest 50, newest first")
    tickets: list[TicketOut] = Field(description="the patient's own support tickets, the latest 50, newest first")

"""Disputes: what a patient or doctor sends to raise one, what an admin sends to resolve it, and what comes back."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from chalicelib.contracts.common import Out, Paging, Request, example
from chalicelib.vocabulary import AppointmentStatus, DisputeKind, DisputeStatus


class DisputeCreate(Request):
    model_config = example(kind="no_show_contested", reason="I was in the waiting room at 10:00; nobody called me.")

    kind: DisputeKind
    reason: str = Field(min_length=1, max_length=2000)


class DisputeResolve(Request):
    model_config = example(
        outcome="The practice confirmed the patient was there; the visit took place.", status_correction="COMPLETED"
    )

    outcome: str = Field(min_length=1, max_length=2000, description="what was decided, shown to both parties")
    status_correction: Literal[AppointmentStatus.COMPLETED, AppointmentStatus.NO_SHOW] | None = Field(
        default=None, description="the appointment's corrected status, if the decision changes it"
    )


class DisputeListQuery(Paging):
    status: DisputeStatus = Field(default=DisputeStatus.OPEN)


class DisputeOut(Out):
    dispute_id: str
    appointment_id: str
    patient_id: str
    doctor_id: str
    raised_by: str
    raised_by_role: Literal["patient", "doctor"]
    kind: DisputeKind
    reason: str
    status: DisputeStatus
    appointment_status: str = Field(description="the appointment's status when the dispute was raised")
    created_at: datetime
    outcome: str | None
    status_correction: str | None
    resolved_at: datetime | None

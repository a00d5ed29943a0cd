"""Urgent requests and doctors' duty on the wire (docs/api.md, "Urgent requests")."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from chalicelib.contracts.common import Out, Paging, Phone, Request, example
from chalicelib.contracts.messaging import Identifier

UrgentStatus = Literal["WAITING", "CLAIMED", "ESCALATED", "CANCELLED"]


class DutyIn(Request):
    model_config = example(on_duty=True, until="2026-12-06T18:00:00Z")

    on_duty: bool
    until: datetime | None = Field(
        default=None, description="when the duty ends by itself (default: 12 hours from now; at most 24 hours ahead)"
    )


class DutyOut(Out):
    on_duty: bool
    until: datetime | None


class UrgentRequestIn(Request):
    model_config = example(symptoms="Chest pain since this morning, worse when climbing stairs")

    symptoms: str = Field(min_length=1, max_length=2000)
    callback_phone: Phone | None = None
    specialty_id: Identifier | None = None


class ClaimedByOut(Out):
    id: str
    name: str


class UrgentRequestOut(Out):
    """``emergency_number``: what to call in a life-threatening emergency (shown before anything else)."""

    request_id: str
    status: UrgentStatus
    patient_id: str
    symptoms: str
    callback_phone: str | None
    specialty_id: str | None
    created_at: datetime
    escalates_at: datetime | None
    claimed_by: ClaimedByOut | None
    claimed_at: datetime | None
    conversation_id: str | None
    emergency_number: str


class UrgentQuery(Paging):
    status: Literal["WAITING"] = Field(default="WAITING", description="only the waiting queue is listed")


class EmergencyOut(Out):
    emergency_number: str
    escalation_minutes: int

"""The messages of the fan-out over SQS: what a schedule enqueues and its consumer reads (docs/architecture.md,
"Fan-out over SQS"). Never part of the API's documents; a body that does not fit is a failed record."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, model_validator

MAX_BATCH_DOCTORS = 500
DoctorId = Annotated[str, Field(min_length=1, max_length=128)]


class HorizonBatch(BaseModel):
    """Doctors whose weekly rules are to reach the slot horizon; each is extended on its own, in order."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    doctor_ids: list[DoctorId] = Field(min_length=1, max_length=MAX_BATCH_DOCTORS)


class ReminderSlice(BaseModel):
    """Appointments starting in ``[start, end)`` get the reminder due for them when the slice is worked."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    start: AwareDatetime
    end: AwareDatetime

    @model_validator(mode="after")
    def _ordered(self) -> ReminderSlice:
        if self.end <= self.start:
            raise ValueError("a slice ends after it starts")
        return self

    @property
    def span(self) -> tuple[datetime, datetime]:
        return self.start, self.end

"""The medical record on the wire: entries of three kinds, the access log, the doctor's patients.

Every text is trimmed and at most 500 characters; an optional text sent empty is stored as absent. A PATCH names
only what changes (``null`` clears an optional field); the entry it makes must still be valid as a whole.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field, ValidationInfo, field_validator, model_validator

from chalicelib.contracts.booking import AppointmentOut
from chalicelib.contracts.common import Out, Paging, Request
from chalicelib.vocabulary import AllergySeverity, ConditionStatus

MAX_TEXT = 500
EARLIEST = date(1900, 1, 1)
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _blank_is_none(value: Any) -> Any:
    if isinstance(value, str) and not value.strip():
        return None
    return value


def _iso_day(value: Any) -> Any:
    """A calendar date written ``YYYY-MM-DD``, nothing looser (pydantic would take a number of seconds too)."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str) and _DAY.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise ValueError("must be a date written YYYY-MM-DD")


def _plausible(value: date) -> date:
    if value < EARLIEST:
        raise ValueError("must be 1900-01-01 or later")
    return value


Text = Annotated[str, Field(min_length=1, max_length=MAX_TEXT)]
OptionalText = Annotated[Annotated[str, Field(max_length=MAX_TEXT)] | None, BeforeValidator(_blank_is_none)]
Day = Annotated[date, BeforeValidator(_iso_day), AfterValidator(_plausible)]


class AllergyIn(Request):
    substance: Text
    reaction: OptionalText = None
    severity: AllergySeverity
    noted_on: Day | None = None


class ConditionIn(Request):
    name: Text
    status: ConditionStatus = ConditionStatus.ACTIVE
    since: Day | None = None
    notes: OptionalText = None


class MedicationIn(Request):
    name: Text
    dose: OptionalText = None
    frequency: OptionalText = None
    started_on: Day | None = None
    stopped_on: Day | None = None

    @field_validator("stopped_on")
    @classmethod
    def _stopped_after_started(cls, stopped: date | None, info: ValidationInfo) -> date | None:
        started = info.data.get("started_on")
        if started and stopped and stopped < started:
            raise ValueError("must not be before started_on")
        return stopped


class _Patch(Request):
    """Only the fields named change; the entry they make is checked whole against the kind's ``*In`` shape."""

    @model_validator(mode="after")
    def _something(self) -> _Patch:
        if not self.model_fields_set:
            raise ValueError("name at least one field to change")
        return self

    def changes(self) -> dict[str, Any]:
        """The fields the request named, with their new values (None clears an optional one)."""
        return {name: getattr(self, name) for name in self.model_fields_set}


class AllergyPatch(_Patch):
    substance: Text | None = None
    reaction: OptionalText = None
    severity: AllergySeverity | None = None
    noted_on: Day | None = None


class ConditionPatch(_Patch):
    name: Text | None = None
    status: ConditionStatus | None = None
    since: Day | None = None
    notes: OptionalText = None


class MedicationPatch(_Patch):
    name: Text | None = None
    dose: OptionalText = None
    frequency: OptionalText = None
    started_on: Day | None = None
    stopped_on: Day | None = None


class AuthorOut(Out):
    id: str
    name: str
    role: str


class _EntryOut(Out):
    entry_id: str
    recorded_by: AuthorOut
    recorded_at: datetime
    updated_by: AuthorOut | None = None
    updated_at: datetime | None = None


class AllergyOut(_EntryOut):
    substance: str
    reaction: str | None
    severity: AllergySeverity
    noted_on: date | None


class ConditionOut(_EntryOut):
    name: str
    status: ConditionStatus
    since: date | None
    notes: str | None


class MedicationOut(_EntryOut):
    name: str
    dose: str | None
    frequency: str | None
    started_on: date | None
    stopped_on: date | None


EntryOut = AllergyOut | ConditionOut | MedicationOut


class RecordOut(Out):
    allergies: list[AllergyOut]
    conditions: list[ConditionOut]
    medications: list[MedicationOut]
    updated_at: datetime | None


class AccessOut(Out):
    """One access to the record: ``entries`` names what a write touched (``{kind}/{entry_id}``); a read or an
    export names none (it covered the whole record). ``appointment_id`` is the appointment through which a doctor
    was allowed in. ``access_id`` tells two accesses of the same instant apart."""

    access_id: str
    at: datetime
    actor: AuthorOut
    action: str
    entries: list[str]
    appointment_id: str | None


class PatientListItemOut(Out):
    patient_id: str
    name: str
    last_visit: datetime | None
    next_visit: datetime | None
    visits: int


class PatientContactOut(Out):
    id: str
    name: str
    date_of_birth: str | None
    email: str
    phone: str | None


class PatientDetailOut(Out):
    """The doctor's view of one patient: who they are, every appointment with this doctor (summaries and the
    doctor's own notes), and the record (an audited read)."""

    patient: PatientContactOut
    appointments: list[AppointmentOut]
    record: RecordOut


class PatientListQuery(Paging):
    q: str | None = Field(default=None, max_length=100, description="part of the patient's name")

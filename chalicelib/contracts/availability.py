"""Availability's three shapes: what clients send (strict), what they get back, never the stored rows."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import Annotated, Any, Literal

from pydantic import (
    Field,
    PlainSerializer,
    PlainValidator,
    WithJsonSchema,
    model_validator,
)

from chalicelib.contracts.appointment_types import AppointmentTypeRef
from chalicelib.contracts.common import Out, Query, Request, example, omissible
from chalicelib.vocabulary import MAX_SLOT_MINUTES, MIN_SLOT_MINUTES, QUANTUM_MINUTES, SlotState

_HHMM = re.compile(r"([01]\d|2[0-3]):[0-5]\d")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
MAX_BUFFER = 120


def _wall_time(value: object) -> time:
    """``HH:MM`` on the 5-minute grid, so every slot starts on a guard quantum (see services/slot_keys.py)."""
    if isinstance(value, time):
        return value
    if not isinstance(value, str) or not _HHMM.fullmatch(value):
        raise ValueError("must be a time of day as HH:MM")
    moment = time.fromisoformat(value)
    if moment.minute % QUANTUM_MINUTES:
        raise ValueError(f"must be on a {QUANTUM_MINUTES}-minute mark")
    return moment


def _calendar_day(value: object) -> date:
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not _DAY.fullmatch(value):
        raise ValueError("must be a date as YYYY-MM-DD")
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise ValueError("is not a real date") from exc


def _end_time(value: object) -> time:
    """An end as ``HH:MM``, or ``24:00`` (the same as ``00:00``): midnight at the end of the day."""
    if value == "24:00":
        return time(0)
    return _wall_time(value)


def _end_text(moment: time) -> str:
    return "24:00" if moment == time(0) else moment.strftime("%H:%M")


def _minutes(moment: time, *, end: bool = False) -> int:
    minutes = moment.hour * 60 + moment.minute
    return 24 * 60 if end and minutes == 0 else minutes


WallTime = Annotated[
    time,
    PlainValidator(_wall_time),
    PlainSerializer(lambda t: t.strftime("%H:%M"), return_type=str),
    WithJsonSchema(
        {"type": "string", "pattern": "^([01][0-9]|2[0-3]):[0-5][05]$", "description": "HH:MM on the 5-minute grid"}
    ),
]
CalendarDay = Annotated[
    date,
    PlainValidator(_calendar_day),
    PlainSerializer(date.isoformat, return_type=str),
    WithJsonSchema({"type": "string", "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}),
]
# An end of ``24:00`` or ``00:00`` is midnight at the end of the day; it reads back as ``24:00``.
EndTime = Annotated[
    time,
    PlainValidator(_end_time),
    PlainSerializer(_end_text, return_type=str),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": "^(([01][0-9]|2[0-3]):[0-5][05]|24:00)$",
            "description": "HH:MM on the 5-minute grid; 24:00 (or 00:00) is the end of the day",
        }
    ),
]
Duration = Annotated[
    int,
    Field(strict=True, ge=MIN_SLOT_MINUTES, le=MAX_SLOT_MINUTES, multiple_of=QUANTUM_MINUTES, description="minutes"),
]
Buffer = Annotated[int, Field(strict=True, ge=0, le=MAX_BUFFER, multiple_of=QUANTUM_MINUTES, description="minutes")]
Weekday = Annotated[int, Field(strict=True, ge=1, le=7, description="ISO 8601 weekday: 1 = Monday ... 7 = Sunday")]


class _Hours(Request):
    start_time: WallTime
    end_time: EndTime
    duration_minutes: Duration | None = omissible()
    appointment_type_id: str | None = Field(
        default=None,
        min_length=1,
        max_length=64,
        description="publish for this appointment type: the slots' length is the type's (then no duration_minutes)",
    )
    buffer_minutes: Buffer = 0

    @model_validator(mode="after")
    def _end_after_start(self) -> Any:
        if _minutes(self.end_time, end=True) <= _minutes(self.start_time):
            raise ValueError("end_time must be after start_time (24:00 or 00:00 ends at midnight)")
        if (self.duration_minutes is None) == (self.appointment_type_id is None):
            raise ValueError("send either duration_minutes or appointment_type_id (whose length is used)")
        return self


class SlotRunRequest(_Hours):
    """A run of slots on one day of the doctor's calendar, in the doctor's time zone."""

    model_config = example(date="2026-12-14", start_time="09:00", end_time="12:00", duration_minutes=30)

    date: CalendarDay


class RuleCreate(_Hours):
    model_config = example(
        weekdays=[1, 3], start_time="09:00", end_time="13:00", duration_minutes=20, valid_from="2026-12-07"
    )

    weekdays: list[Weekday] = Field(min_length=1, max_length=7)
    valid_from: CalendarDay
    valid_until: CalendarDay | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Any:
        if len(set(self.weekdays)) != len(self.weekdays):
            raise ValueError("weekdays must not repeat")
        if self.valid_until is not None and self.valid_until < self.valid_from:
            raise ValueError("valid_until must not be before valid_from")
        return self


class SlotUpdate(Request):
    available: bool = Field(strict=True)


class SlotOut(Out):
    slot_id: str
    start: datetime
    end: datetime
    duration_minutes: int
    state: SlotState
    appointment_type: AppointmentTypeRef | None = Field(
        default=None, exclude_if=lambda value: value is None, description="the type it was published for, if any"
    )
    lock_expires_at: datetime | None = Field(
        default=None, exclude_if=lambda value: value is None, description="only on locked slots: the hold's end"
    )


class SlotDetailOut(SlotOut):
    """One slot with its doctor and the doctor's zone: what a booking deep link (``/book?slot=``) lands on."""

    doctor_id: str
    timezone: str


class SlotList(Out):
    items: list[SlotOut]
    timezone: str


class SkippedSlot(Out):
    start: datetime
    end: datetime
    reason: Literal["overlaps_existing_slot", "in_the_past"]


class SlotRunOut(Out):
    created: list[SlotOut]
    skipped: list[SkippedSlot]


class RuleOut(Out):
    rule_id: str
    weekdays: list[int]
    start_time: WallTime
    end_time: EndTime
    duration_minutes: int
    buffer_minutes: int
    timezone: str
    valid_from: CalendarDay
    valid_until: CalendarDay | None
    generated_until: CalendarDay
    created_at: datetime
    appointment_type_id: str | None = Field(
        default=None, exclude_if=lambda value: value is None, description="the type its slots are published for"
    )


class RuleCreated(Out):
    rule: RuleOut
    created_count: int
    skipped_count: int


class RuleRemoved(Out):
    rule_id: str
    removed_count: int
    kept_count: int


class SlotRangeQuery(Query):
    appointment_type_id: str | None = Field(default=None, max_length=64, description="only slots of this type")
    start: str | None = Field(
        default=None, alias="from", max_length=40, description="a date or an ISO 8601 time with offset (default: now)"
    )
    to: str | None = Field(
        default=None, max_length=40, description="a date or an ISO 8601 time with offset (default: a week on)"
    )

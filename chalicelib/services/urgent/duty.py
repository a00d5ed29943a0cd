"""A doctor's duty: on until ``until`` (default 12 hours, at most 24 ahead), then off by itself: the on-duty
Query only matches ``until > now`` (``models/urgent.py``)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

from chalicelib.adapters.registry import adapters
from chalicelib.contracts.urgent import DutyOut
from chalicelib.errors import Forbidden, Invalid
from chalicelib.models.doctors import Doctor
from chalicelib.models.urgent import ON, Duty
from chalicelib.services.core.authz import Principal
from chalicelib.services.core.times import iso, parse_iso

DEFAULT_LENGTH = timedelta(hours=12)
LONGEST = timedelta(hours=24)


class NotOnDuty(Forbidden):
    code = "NOT_ON_DUTY"

    def __init__(self) -> None:
        super().__init__("go on duty first (POST /doctors/me/duty)")


def _out(duty: Duty | None, now: datetime) -> DutyOut:
    if duty is None or duty.on_duty != ON or duty.until is None or parse_iso(duty.until) <= now:
        return DutyOut(on_duty=False, until=None)
    return DutyOut(on_duty=True, until=parse_iso(duty.until))


def _stored(doctor_id: str) -> Duty | None:
    try:
        return Duty.get(doctor_id, consistent_read=True)
    except Duty.DoesNotExist:
        return None


def duty_of(doctor: Principal) -> DutyOut:
    return _out(_stored(doctor.user_id), adapters().clock.now())


def set_duty(doctor: Principal, on_duty: bool, until: datetime | None) -> DutyOut:
    now = adapters().clock.now()
    if not on_duty:
        Duty(doctor_id=doctor.user_id, specialty_id=_specialty(doctor.user_id), updated_at=iso(now)).save()
        return DutyOut(on_duty=False, until=None)
    end = until or now + DEFAULT_LENGTH
    if end.tzinfo is None:
        raise Invalid("until needs a time zone (Z or an offset)", field="until")
    if end <= now or end > now + LONGEST:
        raise Invalid("until must be in the future and at most 24 hours ahead", field="until")
    duty = Duty(
        doctor_id=doctor.user_id,
        specialty_id=_specialty(doctor.user_id),
        on_duty=ON,
        until=iso(end),
        updated_at=iso(now),
    )
    duty.save()
    return _out(duty, now)


def _specialty(doctor_id: str) -> str:
    return str(Doctor.get(doctor_id).specialty_id)


def require_on_duty(doctor: Principal) -> Duty:
    duty = _stored(doctor.user_id)
    if not _out(duty, adapters().clock.now()).on_duty:
        raise NotOnDuty()
    assert duty is not None
    return duty


def on_duty(now: datetime, specialty_id: str | None = None) -> Iterator[Duty]:
    """The doctors on duty now (of ``specialty_id`` when given): one Query of the sparse ``on-duty-index``."""
    condition = Duty.specialty_id == specialty_id if specialty_id else None
    yield from Duty.by_on_duty.query(ON, Duty.until > iso(now), filter_condition=condition)

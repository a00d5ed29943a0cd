"""Appointments as each reader may see them: names resolved with one BatchGet a page, notes for doctors only."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from pynamodb.expressions.condition import Condition

from chalicelib.adapters.registry import adapters
from chalicelib.contracts.appointment_types import AppointmentTypeRef, PriceOut
from chalicelib.contracts.booking import AppointmentOut, FollowUpOut, PersonRef, VideoOut
from chalicelib.contracts.common import Page
from chalicelib.errors import Forbidden, Invalid, NotFound
from chalicelib.models.appointments import Appointment
from chalicelib.models.users import User
from chalicelib.services.core.authz import Principal
from chalicelib.services.core.dynamo import (
    decode_cursor,
    decode_walk_cursor,
    encode_cursor,
    encode_walk_cursor,
    page_size,
    read_page,
)
from chalicelib.services.core.review_window import review_closes
from chalicelib.services.core.slot_ids import SlotRef
from chalicelib.services.core.times import iso, parse_iso
from chalicelib.vocabulary import ACTIVE_APPOINTMENT_STATUSES, MAX_SLOT_MINUTES, AppointmentStatus, Role, VisitMode

DAY_KEY = {"appointment_id": "S", "day": "S", "start": "S"}


def get_appointment(appointment_id: str) -> Appointment:
    try:
        return Appointment.get(appointment_id, consistent_read=True)
    except Appointment.DoesNotExist as exc:
        raise NotFound("no such appointment", code="APPOINTMENT_NOT_FOUND") from exc


def role_in(appointment: Appointment, principal: Principal) -> str:
    """The principal's part in this appointment; 404 (not 403) to anyone who has none, so ids reveal nothing."""
    if principal.role == Role.ADMIN:
        return Role.ADMIN
    if principal.role == Role.PATIENT and appointment.patient_id == principal.user_id:
        return Role.PATIENT
    if principal.role == Role.DOCTOR and appointment.doctor_id == principal.user_id:
        return Role.DOCTOR
    raise NotFound("no such appointment", code="APPOINTMENT_NOT_FOUND")


def require_part(appointment: Appointment, principal: Principal, *parts: str) -> str:
    part = role_in(appointment, principal)
    if part not in parts:
        raise Forbidden("your part in this appointment does not allow this", code="FORBIDDEN_ROLE")
    return part


def names(user_ids: Iterable[str]) -> dict[str, str]:
    wanted = sorted(set(user_ids))
    if not wanted:
        return {}
    return {u.user_id: u.name for u in User.batch_get(wanted, attributes_to_get=["user_id", "name"])}


JOIN_EARLY = timedelta(minutes=15)  # a video visit's room opens this long before the start


def visit_type(appointment: Appointment) -> AppointmentTypeRef | None:
    """The type and price the appointment was booked as (its snapshot), or None for an untyped slot's booking."""
    if not appointment.appointment_type_id:
        return None
    return AppointmentTypeRef(
        id=appointment.appointment_type_id,
        name=appointment.appointment_type_name or "",
        mode=VisitMode(appointment.mode or VisitMode.IN_PERSON),
        price=PriceOut(amount=appointment.price_amount or "0", currency=appointment.price_currency or "EUR"),
        clinic_id=appointment.clinic_id,
    )


def video_of(appointment: Appointment) -> VideoOut | None:
    if not appointment.video_url:
        return None
    return VideoOut(url=appointment.video_url, join_from=parse_iso(appointment.start) - JOIN_EARLY)


def appointment_out(
    appointment: Appointment, viewer_role: str, known: dict[str, str], *, with_video: bool = False
) -> AppointmentOut:
    start, end = parse_iso(appointment.start), parse_iso(appointment.end)
    minutes = int((end - start).total_seconds() // 60)
    return AppointmentOut(
        appointment_id=appointment.appointment_id,
        slot_id=SlotRef(appointment.doctor_id, appointment.start, minutes).slot_id,
        status=AppointmentStatus(appointment.status),
        start=start,
        end=end,
        doctor=PersonRef(id=appointment.doctor_id, name=known.get(appointment.doctor_id, "")),
        patient=PersonRef(id=appointment.patient_id, name=known.get(appointment.patient_id, "")),
        reason_for_visit=appointment.reason_for_visit,
        summary=appointment.summary,
        notes=appointment.notes if viewer_role in (Role.DOCTOR, Role.ADMIN) else None,
        cancel_reason=appointment.cancel_reason,
        cancelled_by=Role(appointment.cancelled_by) if appointment.cancelled_by else None,
        sequence=int(appointment.sequence),
        created_at=appointment.created_at,
        updated_at=appointment.updated_at,
        attendance_confirmed_at=appointment.attendance_confirmed_at,
        follow_up=_follow_up(appointment),
        reviewed_at=appointment.reviewed_at,
        review_closes_at=review_closes(end) if appointment.status == AppointmentStatus.COMPLETED else None,
        appointment_type=visit_type(appointment),
        video=video_of(appointment) if with_video and viewer_role in (Role.PATIENT, Role.DOCTOR) else None,
    )


def _follow_up(appointment: Appointment) -> FollowUpOut | None:
    if not appointment.follow_up_instructions:
        return None
    days = appointment.follow_up_within_days
    return FollowUpOut(instructions=appointment.follow_up_instructions, within_days=int(days) if days else None)


def present(appointments: list[Appointment], viewer_role: str, *, with_video: bool = False) -> list[AppointmentOut]:
    """The appointments as ``viewer_role`` sees them; a video room only with ``with_video`` (one appointment, to
    its own patient or doctor: never in lists)."""
    known = names([a.doctor_id for a in appointments] + [a.patient_id for a in appointments])
    return [appointment_out(a, viewer_role, known, with_video=with_video) for a in appointments]


# Longest an appointment lasts (a slot's longest): one that started this long ago may still be under way.
LONGEST = timedelta(minutes=MAX_SLOT_MINUTES)
# The admin's listing across every doctor walks ``day-index`` one UTC day at a time: at most this many days a page
# (today and the 90 days ahead that patients can book, so one page usually covers them), and no further than slots
# can be published (a year ahead) when no range is given.
DAYS_PER_PAGE = 92
FURTHEST = timedelta(days=366)
SCOPES = ("upcoming", "past")


@dataclass(frozen=True)
class _Listing:
    """What one listing asks of an index: the ``start`` range, the order and the filter on what it reads."""

    low: str
    high: str
    newest_first: bool
    condition: Condition | None


def _instant(text: str, name: str) -> str:
    try:
        if len(text) == 10:
            date.fromisoformat(text)
            return text + "T00:00:00Z" if name == "from" else text + "T23:59:59Z"
        return iso(parse_iso(text.replace(" ", "+")))
    except ValueError as exc:
        raise Invalid(f"{name} must be an ISO 8601 date or time with offset", code="INVALID_RANGE", field=name) from exc


def _listing(
    start: str | None, end: str | None, status: str | None, scope: str | None, now: datetime, *, from_day: str | None
) -> _Listing:
    """The range and filter of a listing (docs/api.md, "Availability and booking").

    ``upcoming``: active appointments that have not ended (one under way included), soonest first. ``past``: those
    begun that are over (ended, or completed, cancelled, a no-show), newest first. Without a scope: everything not
    yet ended, soonest first (``from_day``: everything from that day's start, UTC, the admin's listings). ``from``
    and ``to`` bound the start; ``status`` narrows any of these."""
    now_iso = iso(now)
    ended = Appointment.end <= now_iso
    final = ~Appointment.status.is_in(*ACTIVE_APPOINTMENT_STATUSES)
    conditions: list[Condition] = []
    if scope == "past":
        low = _instant(start, "from") if start else "0000"
        high = _instant(end, "to") if end else now_iso
        conditions.append(ended | final)
        newest_first = True
    else:
        if start:
            low = _instant(start, "from")
        elif from_day and scope is None:
            low = from_day + "T00:00:00Z"
        else:
            low = iso(now - LONGEST)
        high = _instant(end, "to") if end else "9999"
        if scope == "upcoming":
            conditions.append(Appointment.end > now_iso)
            if status is None:
                conditions.append(Appointment.status.is_in(*ACTIVE_APPOINTMENT_STATUSES))
        elif not start and not from_day:
            conditions.append(Appointment.end > now_iso)
        newest_first = False
    if low > high:
        raise Invalid("from must not be after to", code="INVALID_RANGE", field="to")
    if status is not None:
        conditions.append(Appointment.status == status)
    condition: Condition | None = None
    for part in conditions:
        condition = part if condition is None else condition & part
    return _Listing(low, high, newest_first, condition)


def list_appointments(
    principal: Principal,
    *,
    start: str | None,
    end: str | None,
    status: str | None,
    scope: str | None,
    doctor_id: str | None,
    patient_id: str | None,
    day: str | None,
    limit: int | None,
    cursor: str | None,
) -> Page[AppointmentOut]:
    """Patients see their own, doctors their schedule, admins anyone's: by doctor, patient, day or date range, and
    without a filter today's and the coming appointments of every doctor."""
    size = page_size(limit)
    if status is not None and status not in tuple(AppointmentStatus):
        raise Invalid(
            f"status must be one of {', '.join(tuple(AppointmentStatus))}", code="INVALID_STATUS", field="status"
        )
    if scope not in (None, *SCOPES):
        raise Invalid("scope must be upcoming or past", code="INVALID_SCOPE", field="scope")
    if principal.role != Role.ADMIN and (doctor_id or patient_id or day):
        raise Forbidden("only admins filter by doctor, patient or day", code="FORBIDDEN_ROLE")
    if day is not None and (len(day) != 10 or not _is_date(day)):
        raise Invalid("date must be a date (YYYY-MM-DD)", code="INVALID_RANGE", field="date")
    now = adapters().clock.now()
    across_doctors = principal.role == Role.ADMIN and not (doctor_id or patient_id or day)
    admin_day = (day or iso(now)[:10]) if principal.role == Role.ADMIN and not (doctor_id or patient_id) else None
    listing = _listing(start, end, status, scope, now, from_day=admin_day)
    if across_doctors:
        return _walk_days(principal.role, listing, now, size, cursor)
    index: Any
    condition = listing.condition
    if principal.role == Role.PATIENT or patient_id:
        index, hash_key, schema = Appointment.by_patient, patient_id or principal.user_id, "patient_id"
        if doctor_id:
            condition = _and(condition, Appointment.doctor_id == doctor_id)
    elif principal.role == Role.DOCTOR or doctor_id:
        index, hash_key, schema = Appointment.by_doctor, doctor_id or principal.user_id, "doctor_id"
    else:
        index, hash_key, schema = Appointment.by_day, day or iso(now)[:10], "day"
    rows = index.query(
        hash_key,
        range_key_condition=Appointment.start.between(listing.low, listing.high),
        filter_condition=condition,
        scan_index_forward=not listing.newest_first,
        limit=size,
        last_evaluated_key=decode_cursor(cursor, {"appointment_id": "S", schema: "S", "start": "S"}),
    )
    appointments = read_page(rows, cursor=cursor)
    return Page[AppointmentOut](
        items=present(appointments, principal.role), next_cursor=encode_cursor(rows.last_evaluated_key)
    )


def _and(condition: Condition | None, more: Condition) -> Condition:
    return more if condition is None else condition & more


def _walk_days(role: str, listing: _Listing, now: datetime, size: int, cursor: str | None) -> Page[AppointmentOut]:
    """Every doctor's appointments, one Query of ``day-index`` per UTC day (never a scan), at most
    ``DAYS_PER_PAGE`` days a page: a page may come back short, with a cursor to go on from the next day."""
    first = date.fromisoformat(listing.low[:10]) if listing.low != "0000" else (now - FURTHEST).date()
    last = date.fromisoformat(listing.high[:10]) if listing.high != "9999" else (now + FURTHEST).date()
    step = timedelta(days=-1 if listing.newest_first else 1)
    day, key = (last if listing.newest_first else first), None
    if cursor:
        position, key = decode_walk_cursor(cursor, DAY_KEY)
        if not _is_date(position):
            raise Invalid("the cursor is not valid", code="INVALID_CURSOR")
        day = date.fromisoformat(position)
    found: list[Appointment] = []
    next_cursor: str | None = None
    for _ in range(DAYS_PER_PAGE):
        if day < first or day > last:
            break
        rows = Appointment.by_day.query(
            day.isoformat(),
            range_key_condition=Appointment.start.between(listing.low, listing.high),
            filter_condition=listing.condition,
            scan_index_forward=not listing.newest_first,
            limit=size - len(found),
            last_evaluated_key=key,
        )
        found += read_page(rows, cursor=cursor)
        key = None
        if len(found) >= size and rows.last_evaluated_key:
            next_cursor = encode_walk_cursor(day.isoformat(), rows.last_evaluated_key)
            break
        day += step
        if len(found) >= size:
            break
    if next_cursor is None and first <= day <= last:
        next_cursor = encode_walk_cursor(day.isoformat(), None)
    return Page[AppointmentOut](items=present(found, role), next_cursor=next_cursor)


def _is_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def view(principal: Principal, appointment_id: str) -> AppointmentOut:
    appointment = get_appointment(appointment_id)
    part = role_in(appointment, principal)
    return present([appointment], part, with_video=True)[0]

"""Appointments as each reader may see them: names resolved with one BatchGet a page, notes for doctors only."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from chalicelib.adapters.registry import adapters
from chalicelib.contracts.booking import AppointmentOut, PersonRef
from chalicelib.contracts.common import Page
from chalicelib.errors import Forbidden, Invalid, NotFound
from chalicelib.models.appointments import Appointment
from chalicelib.models.users import User
from chalicelib.services.core.authz import Principal
from chalicelib.services.core.dynamo import decode_cursor, encode_cursor, page_size
from chalicelib.services.core.slot_ids import SlotRef
from chalicelib.services.core.times import iso, parse_iso
from chalicelib.vocabulary import AppointmentStatus, Role


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


def appointment_out(appointment: Appointment, viewer_role: str, known: dict[str, str]) -> AppointmentOut:
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
    )


def present(appointments: list[Appointment], viewer_role: str) -> list[AppointmentOut]:
    known = names([a.doctor_id for a in appointments] + [a.patient_id for a in appointments])
    return [appointment_out(a, viewer_role, known) for a in appointments]


def _bounds(start: str | None, end: str | None, now_iso: str, past: bool) -> tuple[str, str, bool]:
    """The ``start`` range to query and whether newest come first (past appointments) or soonest (upcoming)."""
    low = _instant(start, "from") if start else ("0000" if past else now_iso)
    high = _instant(end, "to") if end else (now_iso if past else "9999")
    if low > high:
        raise Invalid("from must not be after to", code="INVALID_RANGE", field="to")
    return low, high, past


def _instant(text: str, name: str) -> str:
    try:
        if len(text) == 10:
            return text + "T00:00:00Z" if name == "from" else text + "T23:59:59Z"
        return iso(parse_iso(text))
    except ValueError as exc:
        raise Invalid(f"{name} must be an ISO 8601 date or time with offset", code="INVALID_RANGE", field=name) from exc


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
    """Patients see their own, doctors their schedule, admins anyone's (by doctor, patient or day)."""
    size = page_size(limit)
    if status is not None and status not in tuple(AppointmentStatus):
        raise Invalid(f"status must be one of {', '.join(tuple(AppointmentStatus))}", field="status")
    if scope not in (None, "upcoming", "past"):
        raise Invalid("scope must be upcoming or past", field="scope")
    now_iso = iso(adapters().clock.now())
    low, high, newest_first = _bounds(start, end, now_iso, scope == "past")
    condition = Appointment.status == status if status else None
    if principal.role != Role.ADMIN and (doctor_id or patient_id or day):
        raise Forbidden("only admins filter by doctor, patient or day", code="FORBIDDEN_ROLE")
    index: Any
    if principal.role == Role.PATIENT or patient_id:
        index, hash_key, schema = Appointment.by_patient, patient_id or principal.user_id, "patient_id"
    elif principal.role == Role.DOCTOR or doctor_id:
        index, hash_key, schema = Appointment.by_doctor, doctor_id or principal.user_id, "doctor_id"
    else:
        index, hash_key, schema = Appointment.by_day, day or now_iso[:10], "day"
        if day is not None and (len(day) != 10 or not _is_date(day)):
            raise Invalid("date must be a date (YYYY-MM-DD)", code="INVALID_RANGE", field="date")
    rows = index.query(
        hash_key,
        range_key_condition=Appointment.start.between(low, high),
        filter_condition=condition,
        scan_index_forward=not newest_first,
        limit=size,
        last_evaluated_key=decode_cursor(cursor, {"appointment_id": "S", schema: "S", "start": "S"}),
    )
    appointments = list(rows)
    return Page[AppointmentOut](
        items=present(appointments, principal.role), next_cursor=encode_cursor(rows.last_evaluated_key)
    )


def _is_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def view(principal: Principal, appointment_id: str) -> AppointmentOut:
    appointment = get_appointment(appointment_id)
    part = role_in(appointment, principal)
    return present([appointment], part)[0]

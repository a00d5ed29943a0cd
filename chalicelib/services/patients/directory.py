"""The admin's patient search and patient page."""

from __future__ import annotations

from pynamodb.exceptions import UpdateError

from chalicelib.contracts.accounts import UserOut
from chalicelib.contracts.common import Page
from chalicelib.contracts.patients import AdminPatientAppointmentOut, AdminPatientOut
from chalicelib.errors import NotFound
from chalicelib.models.appointments import Appointment
from chalicelib.models.users import User, user_name_key
from chalicelib.services.accounts import users
from chalicelib.services.core import people, times
from chalicelib.services.core.dynamo import condition_failed, decode_cursor, encode_cursor, page_size, read_page
from chalicelib.services.disputes import resolution as disputes
from chalicelib.services.support import tickets
from chalicelib.vocabulary import Role

BY_EMAIL_KEY = {"user_id": "S", "role": "S", "email": "S"}
BY_NAME_KEY = {"user_id": "S", "role": "S", "name_sort": "S"}
RECENT = 50


def _normalised(text: str) -> str:
    return " ".join(text.lower().split())


def search(q: str | None, *, limit: int | None, cursor: str | None) -> Page[UserOut]:
    """Patients whose name (or, with ``@`` in ``q``, e-mail address) starts with ``q``, in that order; one Query on
    ``role-name-index`` or ``role-index`` with ``begins_with``."""
    prefix = _normalised(q or "")
    size = page_size(limit)
    if not prefix or "@" in prefix:
        rows = User.by_role.query(
            Role.PATIENT.value,
            User.email.startswith(prefix) if prefix else None,
            limit=size,
            last_evaluated_key=decode_cursor(cursor, BY_EMAIL_KEY),
        )
    else:
        rows = User.by_name.query(
            Role.PATIENT.value,
            User.name_sort.startswith(prefix),
            limit=size,
            last_evaluated_key=decode_cursor(cursor, BY_NAME_KEY),
        )
    found = read_page(rows, cursor=cursor)
    return Page[UserOut](items=[users.user_out(u) for u in found], next_cursor=encode_cursor(rows.last_evaluated_key))


def detail(patient_id: str) -> AdminPatientOut:
    """One patient's page: a GetItem, a Query of their latest appointments, a BatchGet of the doctors' names, a
    Query of their disputes."""
    user = users.get_user(patient_id)
    if user.role != Role.PATIENT:
        raise NotFound("no such patient", code="PATIENT_NOT_FOUND")
    recent = list(Appointment.by_patient.query(patient_id, scan_index_forward=False, limit=RECENT))
    doctors = people.users(a.doctor_id for a in recent)
    appointments = [
        AdminPatientAppointmentOut(
            appointment_id=a.appointment_id,
            doctor_id=a.doctor_id,
            doctor_name=doctors[a.doctor_id].name if a.doctor_id in doctors else "",
            start=times.parse_iso(a.start),
            end=times.parse_iso(a.end),
            status=a.status,
            appointment_type=a.appointment_type_name,
        )
        for a in recent
    ]
    return AdminPatientOut(
        profile=users.user_out(user),
        appointments=appointments,
        disputes=disputes.of_patient(patient_id, limit=RECENT),
        tickets=tickets.of_requester(patient_id, limit=RECENT),
    )


def backfill_name_keys() -> int:
    """The one-time migration of the patient search: every patient made before ``name_sort`` existed gets it
    (read with the role-index's paged Query, never a scan; written with a condition that the name is unchanged).
    Idempotent: a second run finds nothing to write. Returns how many were written."""
    written = 0
    for user in User.by_role.query(Role.PATIENT.value):
        if user.name_sort:
            continue
        try:
            user.update(
                actions=[User.name_sort.set(user_name_key(user.name, user.user_id))], condition=User.name == user.name
            )
            written += 1
        except UpdateError as exc:
            if not condition_failed(exc):
                raise
    return written

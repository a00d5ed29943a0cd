"""The doctor's patients: the list of everyone the doctor cares for, one patient's page, a follow-up booked for
them. Each needs the care relationship (``care``); the patient's page is an audited read of the record."""

from __future__ import annotations

import base64
import json
from datetime import timedelta
from typing import Any

from chalicelib.adapters.registry import adapters
from chalicelib.contracts.booking import AppointmentOut, BookingRequest
from chalicelib.contracts.common import Page
from chalicelib.contracts.records import PatientContactOut, PatientDetailOut, PatientListItemOut
from chalicelib.errors import Invalid
from chalicelib.models.appointments import Appointment
from chalicelib.models.users import User
from chalicelib.services.booking import appointments as booking
from chalicelib.services.booking.views import present
from chalicelib.services.core.authz import Principal
from chalicelib.services.core.dynamo import page_size
from chalicelib.services.core.times import iso
from chalicelib.services.records import _rules as rules
from chalicelib.services.records import care, entries
from chalicelib.services.records.access_log import Access
from chalicelib.vocabulary import MAX_SLOT_MINUTES, Role

# What the list needs of each appointment; the rest of the item stays in DynamoDB.
LIST_ATTRIBUTES = ["appointment_id", "patient_id", "doctor_id", "start", "end", "status"]


def _invalid_cursor() -> Invalid:
    return Invalid("the cursor is not valid", code="INVALID_CURSOR")


def _encode(after: tuple[str, str]) -> str:
    raw = json.dumps({"after": list(after)}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode(cursor: str | None) -> tuple[str, str] | None:
    if not cursor:
        return None
    try:
        decoded: Any = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (ValueError, UnicodeDecodeError) as exc:
        raise _invalid_cursor() from exc
    after = decoded.get("after") if isinstance(decoded, dict) else None
    if not (isinstance(after, list) and len(after) == 2 and all(isinstance(part, str) for part in after)):
        raise _invalid_cursor()
    return after[0], after[1]


def _names(patient_ids: list[str]) -> dict[str, str]:
    """Names of the patients, 100 to a BatchGet."""
    if not patient_ids:
        return {}
    found = User.batch_get(sorted(patient_ids), attributes_to_get=["user_id", "name"])
    return {u.user_id: u.name for u in found}


def list_patients(
    doctor: Principal, *, q: str | None, limit: int | None, cursor: str | None
) -> Page[PatientListItemOut]:
    """Everyone the doctor has a care relationship with, by name, optionally narrowed to names holding every word
    of ``q``. Built from one Query of the doctor's ``doctor-index`` over the care window (DynamoDB pages it per
    MB) and BatchGets of the names: see docs/architecture.md, "The medical record", for why and what it costs."""
    size = page_size(limit)
    after = _decode(cursor)
    now = adapters().clock.now()
    since = care.cutoff(now)
    # An appointment that ended inside the window began at most the longest slot earlier.
    low = iso(since - timedelta(minutes=MAX_SLOT_MINUTES))
    rows = Appointment.by_doctor.query(
        doctor.user_id, range_key_condition=Appointment.start >= low, attributes_to_get=LIST_ATTRIBUTES
    )
    summary = rules.patients((care.visit(a) for a in rows), since, now)
    names = _names(list(summary))
    listed = sorted(
        (rules.name_key(names.get(pid, "")), pid)
        for pid in summary
        if q is None or rules.matches(names.get(pid, ""), q)
    )
    if after is not None:
        listed = [key for key in listed if key > after]
    page, more = listed[:size], len(listed) > size
    items = [
        PatientListItemOut(
            patient_id=pid,
            name=names.get(pid, ""),
            last_visit=summary[pid].last_visit,
            next_visit=summary[pid].next_visit,
            visits=summary[pid].visits,
        )
        for _, pid in page
    ]
    return Page[PatientListItemOut](items=items, next_cursor=_encode(page[-1]) if more and page else None)


def patient_detail(doctor: Principal, patient_id: str) -> PatientDetailOut:
    """Who the patient is, every appointment with this doctor (newest first, with the doctor's notes) and the
    record, read under the care relationship and audited."""
    link = care.require_care(doctor, patient_id)
    try:
        user = User.get(patient_id)
    except User.DoesNotExist as exc:
        raise care.PatientNotFound() from exc
    record = entries.read(Access(patient_id, doctor, link.appointment_id))
    newest_first = sorted(link.appointments, key=lambda a: a.start, reverse=True)
    return PatientDetailOut(
        patient=PatientContactOut(
            id=user.user_id, name=user.name, date_of_birth=user.date_of_birth, email=user.email, phone=user.phone
        ),
        appointments=present(newest_first, Role.DOCTOR),
        record=record,
    )


def book_follow_up(doctor: Principal, patient_id: str, request: BookingRequest) -> AppointmentOut:
    """One of the doctor's own free slots booked for a patient they care for (booking's guards apply)."""
    care.require_care(doctor, patient_id)
    return booking.book_for_patient(doctor, patient_id, request)

"""Medical records: the patient's own (``/me/record``), a caring doctor's view and writes
(``/patients/{patient_id}/record``), and the doctor's patients (``/doctors/me/patients``)."""

from __future__ import annotations

import json
from typing import Any

from chalice.app import Blueprint, Response

from chalicelib.contracts.booking import AppointmentOut, BookingRequest
from chalicelib.contracts.common import Page, Paging
from chalicelib.contracts.records import (
    AccessOut,
    AllergyIn,
    AllergyPatch,
    ConditionIn,
    ConditionPatch,
    EntryOut,
    MedicationIn,
    MedicationPatch,
    PatientDetailOut,
    PatientListItemOut,
    PatientListQuery,
    RecordOut,
)
from chalicelib.handlers._http import api_route
from chalicelib.services.core.authz import Principal
from chalicelib.services.records import access_log, care, entries, export, patients
from chalicelib.services.records.access_log import Access
from chalicelib.vocabulary import RecordKind, Role

records = Blueprint(__name__)

ENTRY_CHANGE: dict[RecordKind, Any] = {
    RecordKind.ALLERGIES: AllergyPatch,
    RecordKind.CONDITIONS: ConditionPatch,
    RecordKind.MEDICATIONS: MedicationPatch,
}
# What the document shows for a body whose shape the path's ``{kind}`` decides.
ANY_ENTRY = AllergyIn | ConditionIn | MedicationIn
ANY_CHANGE = AllergyPatch | ConditionPatch | MedicationPatch
FHIR_JSON = "application/fhir+json"

KIND = {404: ["KIND_NOT_FOUND"]}
ENTRY = {404: ["KIND_NOT_FOUND", "ENTRY_NOT_FOUND"], 409: ["TRY_AGAIN"]}
# A doctor's way in: the care relationship (docs/api.md, "Medical records").
CARE = {403: ["NO_CARE_RELATIONSHIP"], 404: ["PATIENT_NOT_FOUND"]}


def _new_entry(kind: str, **_: str) -> Any:
    return entries.ENTRY_SHAPES[entries.kind_of(kind)]


def _entry_change(kind: str, **_: str) -> Any:
    return ENTRY_CHANGE[entries.kind_of(kind)]


def _own(patient: Principal) -> Access:
    return Access(patient.user_id, patient)


# --- the patient's own record -------------------------------------------------------------------------------------


@api_route(records, "/me/record", methods=["GET"], roles=[Role.PATIENT])
def read_own(principal: Principal) -> RecordOut:
    """Your medical record: allergies, conditions and medications (the read is in your access log)."""
    return entries.read(_own(principal))


@api_route(
    records,
    "/me/record/access-log",
    methods=["GET"],
    roles=[Role.PATIENT],
    query=Paging,
    errors={400: ["INVALID_CURSOR"]},
)
def access_log_of_own(principal: Principal, query: Paging) -> Page[AccessOut]:
    """Who read, changed or downloaded your record, and when, newest first."""
    return access_log.accesses(principal, limit=query.limit, cursor=query.cursor)


@api_route(
    records,
    "/me/record/export",
    methods=["GET"],
    roles=[Role.PATIENT],
    response=dict[str, Any],
    media_type=FHIR_JSON,
)
def export_own(principal: Principal) -> Response:
    """Your record and appointments as a FHIR R4 `Bundle` (type `collection`), to take to another practice or app."""
    bundle = export.export(principal)
    return Response(
        body=json.dumps(bundle, ensure_ascii=False),
        status_code=200,
        headers={
            "Content-Type": FHIR_JSON,
            "Content-Disposition": 'attachment; filename="docspot-health-record.json"',
            "Cache-Control": "no-store",
        },
    )


@api_route(
    records,
    "/me/record/{kind}",
    methods=["POST"],
    roles=[Role.PATIENT],
    status=201,
    body=ANY_ENTRY,
    body_for=_new_entry,
    errors={**KIND, 422: ["TOO_MANY_ENTRIES"]},
)
def add_own(kind: str, principal: Principal, body: Any) -> EntryOut:
    """Adds an entry of `kind` (`allergies`, `conditions` or `medications`) to your record."""
    return entries.add(_own(principal), entries.kind_of(kind), body)


@api_route(
    records,
    "/me/record/{kind}/{entry_id}",
    methods=["PATCH"],
    roles=[Role.PATIENT],
    body=ANY_CHANGE,
    body_for=_entry_change,
    errors=ENTRY,
)
def change_own(kind: str, entry_id: str, principal: Principal, body: Any) -> EntryOut:
    """Changes the fields sent (`null` clears an optional one); the entry must be valid as a whole."""
    return entries.change(_own(principal), entries.kind_of(kind), entry_id, body.changes())


@api_route(records, "/me/record/{kind}/{entry_id}", methods=["DELETE"], roles=[Role.PATIENT], errors=ENTRY)
def remove_own(kind: str, entry_id: str, principal: Principal) -> None:
    """Removes an entry from your record."""
    entries.remove(_own(principal), entries.kind_of(kind), entry_id)


# --- a doctor with a care relationship ----------------------------------------------------------------------------


@api_route(records, "/patients/{patient_id}/record", methods=["GET"], roles=[Role.DOCTOR], errors=CARE)
def read_as_doctor(patient_id: str, principal: Principal) -> RecordOut:
    """A patient's record, for a doctor in a care relationship with them (the read is in their access log)."""
    return entries.read(care.doctor_access(principal, patient_id))


@api_route(
    records,
    "/patients/{patient_id}/record/{kind}",
    methods=["POST"],
    roles=[Role.DOCTOR],
    status=201,
    body=ANY_ENTRY,
    body_for=_new_entry,
    errors={403: CARE[403], 404: [*CARE[404], *KIND[404]], 422: ["TOO_MANY_ENTRIES"]},
)
def add_as_doctor(patient_id: str, kind: str, principal: Principal, body: Any) -> EntryOut:
    """Adds an entry to the record of a patient in your care, recorded as yours."""
    return entries.add(care.doctor_access(principal, patient_id), entries.kind_of(kind), body)


@api_route(
    records,
    "/patients/{patient_id}/record/{kind}/{entry_id}",
    methods=["PATCH"],
    roles=[Role.DOCTOR],
    body=ANY_CHANGE,
    body_for=_entry_change,
    errors={403: CARE[403], 404: [*CARE[404], *ENTRY[404]], 409: ENTRY[409]},
)
def change_as_doctor(patient_id: str, kind: str, entry_id: str, principal: Principal, body: Any) -> EntryOut:
    """Changes an entry of the record of a patient in your care."""
    access = care.doctor_access(principal, patient_id)
    return entries.change(access, entries.kind_of(kind), entry_id, body.changes())


# --- the doctor's patients ----------------------------------------------------------------------------------------


@api_route(
    records,
    "/doctors/me/patients",
    methods=["GET"],
    roles=[Role.DOCTOR],
    query=PatientListQuery,
    errors={400: ["INVALID_CURSOR"]},
)
def list_patients(principal: Principal, query: PatientListQuery) -> Page[PatientListItemOut]:
    """The patients in your care (an appointment upcoming or ended within the care window), by name."""
    return patients.list_patients(principal, q=query.q, limit=query.limit, cursor=query.cursor)


@api_route(records, "/doctors/me/patients/{patient_id}", methods=["GET"], roles=[Role.DOCTOR], errors=CARE)
def patient_detail(patient_id: str, principal: Principal) -> PatientDetailOut:
    """A patient in your care: contact, every visit with you (summaries and your notes) and the record (audited)."""
    return patients.patient_detail(principal, patient_id)


@api_route(
    records,
    "/doctors/me/patients/{patient_id}/appointments",
    methods=["POST"],
    roles=[Role.DOCTOR],
    status=201,
    body=BookingRequest,
    errors={
        403: [*CARE[403], "NOT_YOUR_SLOT"],
        404: [*CARE[404], "SLOT_NOT_FOUND"],
        409: ["SLOT_TAKEN", "SLOT_LOCKED", "SLOT_UNAVAILABLE", "TRY_AGAIN"],
        422: ["OUTSIDE_BOOKING_WINDOW", "OVERLAPPING_APPOINTMENT"],
    },
)
def book_follow_up(patient_id: str, principal: Principal, body: BookingRequest) -> AppointmentOut:
    """Books one of your free slots for a patient in your care (a follow-up); the patient is told and mailed."""
    return patients.book_follow_up(principal, patient_id, body)

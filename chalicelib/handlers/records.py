"""Medical records: the patient's own (``/me/record``), a caring doctor's view and writes
(``/patients/{patient_id}/record``), and the doctor's patients (``/doctors/me/patients``)."""

from __future__ import annotations

import json
from typing import Any

from chalice.app import Blueprint, Response

from chalicelib.contracts.booking import AppointmentOut, BookingRequest
from chalicelib.contracts.common import Page
from chalicelib.contracts.records import (
    AccessOut,
    AllergyPatch,
    ConditionPatch,
    EntryOut,
    MedicationPatch,
    PatientDetailOut,
    PatientListItemOut,
    RecordOut,
)
from chalicelib.handlers._http import api_route, caller, parse_body, query, query_int
from chalicelib.services.core.authz import Principal, require
from chalicelib.services.records import access_log, care, entries, export, patients
from chalicelib.services.records.access_log import Access
from chalicelib.vocabulary import RecordKind, Role

records = Blueprint(__name__)

ENTRY_CHANGE: dict[RecordKind, Any] = {
    RecordKind.ALLERGIES: AllergyPatch,
    RecordKind.CONDITIONS: ConditionPatch,
    RecordKind.MEDICATIONS: MedicationPatch,
}
FHIR_JSON = "application/fhir+json"


def _patient() -> Principal:
    return require(caller(records.current_request), Role.PATIENT)


def _own(patient: Principal) -> Access:
    return Access(patient.user_id, patient)


def _doctor() -> Principal:
    return require(caller(records.current_request), Role.DOCTOR)


# --- the patient's own record -------------------------------------------------------------------------------------


@api_route(records, "/me/record", methods=["GET"])
def read_own() -> RecordOut:
    return entries.read(_own(_patient()))


@api_route(records, "/me/record/access-log", methods=["GET"])
def access_log_of_own() -> Page[AccessOut]:
    request = records.current_request
    patient = require(caller(request), Role.PATIENT)
    return access_log.accesses(patient, limit=query_int(request, "limit"), cursor=query(request, "cursor"))


@api_route(records, "/me/record/export", methods=["GET"])
def export_own() -> Response:
    bundle = export.export(_patient())
    return Response(
        body=json.dumps(bundle, ensure_ascii=False),
        status_code=200,
        headers={
            "Content-Type": FHIR_JSON,
            "Content-Disposition": 'attachment; filename="docspot-health-record.json"',
            "Cache-Control": "no-store",
        },
    )


@api_route(records, "/me/record/{kind}", methods=["POST"], status=201)
def add_own(kind: str) -> EntryOut:
    patient = _patient()
    which = entries.kind_of(kind)
    body = parse_body(records.current_request, entries.ENTRY_SHAPES[which])
    return entries.add(_own(patient), which, body)


@api_route(records, "/me/record/{kind}/{entry_id}", methods=["PATCH"])
def change_own(kind: str, entry_id: str) -> EntryOut:
    patient = _patient()
    which = entries.kind_of(kind)
    body = parse_body(records.current_request, ENTRY_CHANGE[which])
    return entries.change(_own(patient), which, entry_id, body.changes())


@api_route(records, "/me/record/{kind}/{entry_id}", methods=["DELETE"])
def remove_own(kind: str, entry_id: str) -> None:
    patient = _patient()
    entries.remove(_own(patient), entries.kind_of(kind), entry_id)


# --- a doctor with a care relationship ----------------------------------------------------------------------------


@api_route(records, "/patients/{patient_id}/record", methods=["GET"])
def read_as_doctor(patient_id: str) -> RecordOut:
    return entries.read(care.doctor_access(_doctor(), patient_id))


@api_route(records, "/patients/{patient_id}/record/{kind}", methods=["POST"], status=201)
def add_as_doctor(patient_id: str, kind: str) -> EntryOut:
    doctor = _doctor()
    which = entries.kind_of(kind)
    body = parse_body(records.current_request, entries.ENTRY_SHAPES[which])
    return entries.add(care.doctor_access(doctor, patient_id), which, body)


@api_route(records, "/patients/{patient_id}/record/{kind}/{entry_id}", methods=["PATCH"])
def change_as_doctor(patient_id: str, kind: str, entry_id: str) -> EntryOut:
    doctor = _doctor()
    which = entries.kind_of(kind)
    body = parse_body(records.current_request, ENTRY_CHANGE[which])
    return entries.change(care.doctor_access(doctor, patient_id), which, entry_id, body.changes())


# --- the doctor's patients ----------------------------------------------------------------------------------------


@api_route(records, "/doctors/me/patients", methods=["GET"])
def list_patients() -> Page[PatientListItemOut]:
    request = records.current_request
    doctor = require(caller(request), Role.DOCTOR)
    return patients.list_patients(
        doctor, q=query(request, "q"), limit=query_int(request, "limit"), cursor=query(request, "cursor")
    )


@api_route(records, "/doctors/me/patients/{patient_id}", methods=["GET"])
def patient_detail(patient_id: str) -> PatientDetailOut:
    return patients.patient_detail(_doctor(), patient_id)


@api_route(records, "/doctors/me/patients/{patient_id}/appointments", methods=["POST"], status=201)
def book_follow_up(patient_id: str) -> AppointmentOut:
    doctor = _doctor()
    body: BookingRequest = parse_body(records.current_request, BookingRequest)
    return patients.book_follow_up(doctor, patient_id, body)

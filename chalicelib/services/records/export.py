"""The patient's own record and appointments as a FHIR R4 Bundle (``_fhir``): an audited access like any read."""

from __future__ import annotations

from typing import Any

from chalicelib.adapters.registry import adapters
from chalicelib.models.appointments import Appointment
from chalicelib.models.users import User
from chalicelib.services.booking.views import present
from chalicelib.services.core.authz import Principal
from chalicelib.services.records import _fhir, access_log, entries
from chalicelib.services.records.access_log import Access
from chalicelib.services.records.care import PatientNotFound
from chalicelib.vocabulary import RecordAction, Role


def export(patient: Principal) -> dict[str, Any]:
    """The Bundle: the account (GetItem), the record (Query), every appointment (Query of ``patient-index``) with
    its doctor's name (BatchGet); the access entry is written before it is returned."""
    try:
        user = User.get(patient.user_id)
    except User.DoesNotExist as exc:
        raise PatientNotFound() from exc
    facts = _fhir.PatientFacts(
        patient_id=user.user_id,
        name=user.name,
        email=user.email,
        phone=user.phone,
        date_of_birth=user.date_of_birth,
    )
    record = entries.record_out(entries.items_of(patient.user_id))
    appointments = present(list(Appointment.by_patient.query(patient.user_id)), Role.PATIENT)
    bundle = _fhir.bundle(facts, record, appointments, adapters().clock.now())
    access_log.write(Access(patient.user_id, patient), RecordAction.EXPORT)
    return bundle

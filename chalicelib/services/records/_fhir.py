"""The record as a FHIR R4 ``Bundle`` of type ``collection``: pure, plain values in, JSON-ready dicts out.

One ``Patient``; one ``AllergyIntolerance``, ``Condition`` or ``MedicationStatement`` per entry; one
``Appointment`` per appointment. Resources refer to each other by their ``urn:uuid:`` full URLs, so the bundle
stands alone. Only what the patient may see goes in: never a doctor's private visit notes. The shapes follow R4
(4.0.1); tests validate them with ``fhir.resources.R4B`` (R4B changed none of these five resources in ways that
matter here).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from chalicelib.contracts.booking import AppointmentOut
from chalicelib.contracts.records import AllergyOut, ConditionOut, MedicationOut, RecordOut
from chalicelib.vocabulary import AllergySeverity, AppointmentStatus

ALLERGY_CLINICAL = "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical"
CONDITION_CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical"
NAMESPACE = uuid.UUID("6b0e1f2c-4d0a-4c55-9a43-2d1f5b7e9c10")
# DocSpot's appointment statuses in FHIR's Appointment.status.
APPOINTMENT_STATUS = {
    AppointmentStatus.SCHEDULED: "booked",
    AppointmentStatus.CONFIRMED: "booked",
    AppointmentStatus.IN_PROGRESS: "arrived",
    AppointmentStatus.COMPLETED: "fulfilled",
    AppointmentStatus.CANCELLED: "cancelled",
    AppointmentStatus.NO_SHOW: "noshow",
}
CRITICALITY = {AllergySeverity.MILD: "low", AllergySeverity.MODERATE: "low", AllergySeverity.SEVERE: "high"}


@dataclass(frozen=True)
class PatientFacts:
    patient_id: str
    name: str
    email: str
    phone: str | None
    date_of_birth: str | None


def urn(kind: str, identifier: str) -> str:
    """A stable ``urn:uuid:`` for one of our ids: the id itself when it is a UUID (ours are), else one derived
    from it."""
    try:
        value = uuid.UUID(hex=identifier)
    except ValueError:
        value = uuid.uuid5(NAMESPACE, f"{kind}/{identifier}")
    return f"urn:uuid:{value}"


def _instant(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def _day(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _clean(resource: dict[str, Any]) -> dict[str, Any]:
    """FHIR has no nulls and no empty lists: leave out what is absent."""
    return {key: value for key, value in resource.items() if value not in (None, [], {})}


def patient(facts: PatientFacts) -> dict[str, Any]:
    telecom = [{"system": "email", "value": facts.email, "use": "home"}]
    if facts.phone:
        telecom.append({"system": "phone", "value": facts.phone})
    return _clean(
        {
            "resourceType": "Patient",
            "id": facts.patient_id,
            "name": [{"text": facts.name}],
            "telecom": telecom,
            "birthDate": facts.date_of_birth,
        }
    )


def allergy(entry: AllergyOut, subject: dict[str, str]) -> dict[str, Any]:
    reaction = None
    if entry.reaction:
        reaction = [{"manifestation": [{"text": entry.reaction}], "severity": str(entry.severity)}]
    return _clean(
        {
            "resourceType": "AllergyIntolerance",
            "id": entry.entry_id,
            "clinicalStatus": {"coding": [{"system": ALLERGY_CLINICAL, "code": "active"}]},
            "criticality": CRITICALITY[entry.severity],
            "code": {"text": entry.substance},
            "patient": subject,
            "onsetDateTime": _day(entry.noted_on),
            "recordedDate": _instant(entry.recorded_at),
            "recorder": {"display": entry.recorded_by.name},
            "reaction": reaction,
        }
    )


def condition(entry: ConditionOut, subject: dict[str, str]) -> dict[str, Any]:
    return _clean(
        {
            "resourceType": "Condition",
            "id": entry.entry_id,
            "clinicalStatus": {"coding": [{"system": CONDITION_CLINICAL, "code": str(entry.status)}]},
            "code": {"text": entry.name},
            "subject": subject,
            "onsetDateTime": _day(entry.since),
            "recordedDate": _instant(entry.recorded_at),
            "recorder": {"display": entry.recorded_by.name},
            "note": [{"text": entry.notes}] if entry.notes else None,
        }
    )


def medication(entry: MedicationOut, subject: dict[str, str], today: date) -> dict[str, Any]:
    stopped = entry.stopped_on is not None and entry.stopped_on <= today
    period = _clean({"start": _day(entry.started_on), "end": _day(entry.stopped_on)})
    dosage = ", ".join(part for part in (entry.dose, entry.frequency) if part)
    return _clean(
        {
            "resourceType": "MedicationStatement",
            "id": entry.entry_id,
            "status": "completed" if stopped else "active",
            "medicationCodeableConcept": {"text": entry.name},
            "subject": subject,
            "effectivePeriod": period or None,
            "dateAsserted": _instant(entry.recorded_at),
            "informationSource": {"display": entry.recorded_by.name},
            "dosage": [{"text": dosage}] if dosage else None,
        }
    )


def appointment(visit: AppointmentOut, subject: dict[str, str]) -> dict[str, Any]:
    instructions = visit.follow_up.instructions if visit.follow_up else None
    return _clean(
        {
            "resourceType": "Appointment",
            "id": visit.appointment_id,
            "status": APPOINTMENT_STATUS.get(AppointmentStatus(visit.status), "booked"),
            "description": visit.reason_for_visit or None,
            "start": _instant(visit.start),
            "end": _instant(visit.end),
            "minutesDuration": int((visit.end - visit.start).total_seconds() // 60),
            "created": _instant(visit.created_at),
            "comment": visit.summary or None,
            "patientInstruction": instructions,
            "cancelationReason": {"text": visit.cancel_reason} if visit.cancel_reason else None,
            "participant": [
                {"actor": subject, "status": "accepted"},
                {"actor": {"display": visit.doctor.name}, "status": "accepted"},
            ],
        }
    )


def bundle(facts: PatientFacts, record: RecordOut, appointments: list[AppointmentOut], now: datetime) -> dict[str, Any]:
    """The patient's record and appointments as one self-contained collection."""
    patient_url = urn("Patient", facts.patient_id)
    subject = {"reference": patient_url, "display": facts.name}
    entries: list[tuple[str, dict[str, Any]]] = [(patient_url, patient(facts))]
    entries += [(urn("AllergyIntolerance", e.entry_id), allergy(e, subject)) for e in record.allergies]
    entries += [(urn("Condition", e.entry_id), condition(e, subject)) for e in record.conditions]
    entries += [
        (urn("MedicationStatement", e.entry_id), medication(e, subject, now.date())) for e in record.medications
    ]
    entries += [(urn("Appointment", a.appointment_id), appointment(a, subject)) for a in appointments]
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "timestamp": _instant(now),
        "entry": [{"fullUrl": url, "resource": resource} for url, resource in entries],
    }

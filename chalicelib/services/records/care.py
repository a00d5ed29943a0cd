"""The care relationship: which doctor may open which patient's record (docs/architecture.md, "The medical record").

A doctor cares for a patient while they have an appointment that is not cancelled and is upcoming or ended within
the last ``DOCSPOT_CARE_MONTHS`` (12) months. Decided from the appointments themselves, the one source of truth,
with one Query of the patient's appointments: nothing to keep in step when appointments move.

Refusals: a doctor who once had appointments with the patient (cancelled, or ended before the window) gets 403
``NO_CARE_RELATIONSHIP``; any other doctor gets the same 404 ``PATIENT_NOT_FOUND`` as for an id that names nobody,
so a patient id reveals nothing to a doctor who never met the patient.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from chalicelib.adapters.registry import adapters
from chalicelib.errors import Forbidden, NotFound
from chalicelib.models.appointments import Appointment
from chalicelib.services import settings as platform
from chalicelib.services.core.authz import Principal
from chalicelib.services.core.times import parse_iso
from chalicelib.services.records import _rules as rules
from chalicelib.services.records.access_log import Access


class PatientNotFound(NotFound):
    code = "PATIENT_NOT_FOUND"

    def __init__(self) -> None:
        super().__init__("no such patient")


class NoCareRelationship(Forbidden):
    code = "NO_CARE_RELATIONSHIP"

    def __init__(self, months: int) -> None:
        super().__init__(
            "you have no appointment with this patient that is upcoming or ended within the last "
            f"{months} months, so their record is closed to you"
        )


@dataclass(frozen=True)
class CareLink:
    """A doctor's care relationship with a patient, the appointment it runs through, and every appointment the two
    had (oldest first)."""

    doctor_id: str
    patient_id: str
    appointment_id: str
    appointments: list[Appointment]


def visit(appointment: Appointment) -> rules.Visit:
    return rules.Visit(
        appointment_id=appointment.appointment_id,
        patient_id=appointment.patient_id,
        start=parse_iso(appointment.start),
        end=parse_iso(appointment.end),
        status=appointment.status,
    )


def cutoff(now: datetime) -> datetime:
    """Appointments that ended before this instant no longer make a care relationship."""
    return rules.months_before(now, platform.current().care_relationship_months)


def _between(doctor_id: str, patient_id: str) -> tuple[list[Appointment], rules.Standing, rules.Visit | None]:
    """Every appointment the two had, how the doctor stands with the patient, and the appointment of a standing
    care relationship (None without one). One Query of ``patient-index``."""
    together = list(Appointment.by_patient.query(patient_id, filter_condition=Appointment.doctor_id == doctor_id))
    now = adapters().clock.now()
    standing, through = rules.standing([visit(a) for a in together], cutoff(now), now)
    return together, standing, through


def cares_for(doctor_id: str, patient_id: str) -> bool:
    """Whether the doctor has a care relationship with the patient now (the same rule as for the record; the
    conversations of services/messaging open on it)."""
    return _between(doctor_id, patient_id)[2] is not None


def require_care(doctor: Principal, patient_id: str) -> CareLink:
    """The doctor's care relationship with the patient, or 403 / 404 as above. One Query of ``patient-index``."""
    together, standing, through = _between(doctor.user_id, patient_id)
    if standing == rules.Standing.STRANGER:
        raise PatientNotFound()
    if through is None:
        raise NoCareRelationship(platform.current().care_relationship_months)
    return CareLink(doctor.user_id, patient_id, through.appointment_id, together)


def doctor_access(doctor: Principal, patient_id: str) -> Access:
    """A doctor's access to the patient's record, through the appointment of their care relationship."""
    link = require_care(doctor, patient_id)
    return Access(patient_id, doctor, link.appointment_id)

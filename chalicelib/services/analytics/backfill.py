"""Rebuilding every daily counter from the appointments and slots as they are (``python -m tools.analytics_backfill``).

For data written before the counters existed, and to repair them. It reads each doctor (per status, from
``status-index``), their slots and appointments (one Query each), recounts with the same functions the changes
use, and puts every counter item whole: the result is the recount, however often it runs. Changes made while it
runs may be lost from the counters, so run it once in a quiet moment after the deploy that brings analytics (the
local stack runs it after seeding, before it serves anything)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from chalicelib.models.analytics import DailyAggregate
from chalicelib.models.appointments import Appointment
from chalicelib.models.doctors import Doctor
from chalicelib.models.slots import Slot
from chalicelib.services.analytics import _counters as counters
from chalicelib.services.analytics import aggregates
from chalicelib.vocabulary import DoctorStatus


@dataclass(frozen=True)
class Rebuilt:
    doctors: int
    appointments: int
    slots: int
    items: int


def rebuild() -> Rebuilt:
    visits: list[counters.Visit] = []
    published: list[counters.Published] = []
    doctors = 0
    for status in DoctorStatus:
        for doctor in Doctor.by_status.query(str(status)):
            doctors += 1
            specialty = doctor.specialty_id or None
            for appointment in Appointment.by_doctor.query(doctor.doctor_id):
                visits.append(aggregates.visit(appointment, specialty_id=specialty))
            for slot in Slot.query(doctor.doctor_id):
                published.append(
                    counters.Published(
                        doctor.doctor_id, slot.start[:10], int(slot.duration_minutes), specialty_id=specialty
                    )
                )
    deltas = counters.recount(visits, published)
    with DailyAggregate.batch_write() as batch:
        for (scope, day), values in deltas.items():
            item = DailyAggregate(scope=scope, day=day)
            for name, value in values.items():
                setattr(item, name, value if isinstance(value, Decimal) else int(value))
            batch.save(item)
    return Rebuilt(doctors=doctors, appointments=len(visits), slots=len(published), items=len(deltas))

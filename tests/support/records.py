"""Helpers for record tests: appointments written straight into the table at any time, past ones included
(booking is tested elsewhere and only books ahead), and the access entries a patient's record has."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta

from chalicelib.models.appointments import Appointment
from chalicelib.models.records import RecordAccess
from chalicelib.services.core.times import iso

_serial = itertools.count()


def appointment(
    doctor_id: str,
    patient_id: str,
    start: datetime,
    status: str = "SCHEDULED",
    minutes: int = 30,
    **extra: object,
) -> Appointment:
    made = Appointment(
        appointment_id=f"{next(_serial):08d}" + "0" * 24,
        patient_id=patient_id,
        doctor_id=doctor_id,
        start=iso(start),
        end=iso(start + timedelta(minutes=minutes)),
        day=iso(start)[:10],
        status=status,
        created_at=start - timedelta(days=3),
        updated_at=start - timedelta(days=3),
        **extra,
    )
    made.save()
    return made


def accesses(patient_id: str) -> list[RecordAccess]:
    """Every access entry of the patient's record, oldest first."""
    return list(RecordAccess.query(patient_id, consistent_read=True))

"""Visits in any state, written straight into the table: what the reviews' tests start from."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta

from chalicelib.models.appointments import Appointment
from chalicelib.services.core.times import iso

_serial = itertools.count()


def visit(patient_id: str, doctor_id: str, start: datetime, *, status: str = "COMPLETED") -> str:
    """An appointment of ``patient_id`` with ``doctor_id`` at ``start`` (30 minutes) in ``status``; its id."""
    appointment_id = f"visit-{next(_serial)}-{int(start.timestamp())}"
    Appointment(
        appointment_id=appointment_id,
        patient_id=patient_id,
        doctor_id=doctor_id,
        start=iso(start),
        end=iso(start + timedelta(minutes=30)),
        day=iso(start)[:10],
        status=status,
        created_at=start - timedelta(days=3),
        updated_at=start,
    ).save()
    return appointment_id

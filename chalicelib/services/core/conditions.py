"""The conditions several capabilities put on the same items, each defined once.

A condition is what makes the database decide a race (docs/architecture.md, "Holds and booking"): a hold, a
booking, a block and a deletion each put one of these on the slot or the doctor in the same request as their
write, so whichever lands second finds the item changed and fails.
"""

from __future__ import annotations

from datetime import datetime
from typing import TypeGuard

from pynamodb.expressions.condition import Condition

from chalicelib.models.doctors import Doctor
from chalicelib.models.slots import Slot, SlotHold
from chalicelib.services.core.slot_ids import SlotRef
from chalicelib.vocabulary import DoctorStatus


def approved_doctor() -> Condition:
    """The doctor may be booked and acts as a doctor: an admin approved them and nobody suspended them since."""
    return Doctor.status == DoctorStatus.APPROVED


def is_approved(doctor: Doctor | None) -> TypeGuard[Doctor]:
    """The same rule for a doctor already read."""
    return doctor is not None and doctor.status == DoctorStatus.APPROVED


def slot_unbooked(ref: SlotRef) -> Condition:
    """The slot exists with the length its id names and nobody has booked it (it may be blocked)."""
    condition: Condition = (
        Slot.doctor_id.exists() & Slot.booked_by.does_not_exist() & (Slot.duration_minutes == ref.duration_minutes)
    )
    return condition


def slot_free(ref: SlotRef) -> Condition:
    """A free slot: unbooked and open for booking (not blocked by the doctor). Every hold and booking puts it."""
    condition: Condition = slot_unbooked(ref) & (Slot.available == True)  # noqa: E712 (a condition, not a comparison)
    return condition


def no_live_hold(now: datetime) -> Condition:
    """Nobody holds the slot: no hold, or one that has expired (correctness never waits for TTL)."""
    condition: Condition = SlotHold.doctor_id.does_not_exist() | (SlotHold.expires_at < now)
    return condition


def hold_free_for(patient_id: str, now: datetime) -> Condition:
    """No live hold, or the patient's own."""
    condition: Condition = no_live_hold(now) | (SlotHold.patient_id == patient_id)
    return condition

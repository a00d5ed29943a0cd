"""Helpers for booking tests: slots written straight into the table (publishing them is tested elsewhere)."""

from __future__ import annotations

from datetime import datetime, timedelta

from chalicelib.models.slots import Slot
from chalicelib.models.unique_keys import UniqueKey
from chalicelib.services.core import day_summary
from chalicelib.services.core.dynamo import transaction
from chalicelib.services.core.slot_ids import doctor_guard_keys, slot_ref
from chalicelib.services.core.times import Span, iso


def make_slot(doctor_id: str, start: datetime, minutes: int = 30, available: bool = True) -> str:
    ref = slot_ref(doctor_id, start, minutes)
    Slot(
        doctor_id=doctor_id,
        start=iso(start),
        end=iso(start + timedelta(minutes=minutes)),
        duration_minutes=minutes,
        available=available,
    ).save()
    for key in doctor_guard_keys(doctor_id, Span(start, start + timedelta(minutes=minutes))):
        UniqueKey(key=key, owner_id=ref.slot_id).save()
    if available:  # the day's summary, as the slot writer keeps it
        with transaction() as tx:
            day_summary.DayChanges().opened(ref).add_to(tx)
    return ref.slot_id


def stored_slot(slot_id: str) -> Slot:
    from chalicelib.services.core.slot_ids import decode_slot_id

    ref = decode_slot_id(slot_id)
    return Slot.get(ref.doctor_id, ref.start, consistent_read=True)

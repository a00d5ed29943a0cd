from __future__ import annotations

from pynamodb.attributes import BooleanAttribute, NumberAttribute, TTLAttribute, UnicodeAttribute

from chalicelib.models.base import STREAM_VIEW, Model, table_meta


class Slot(Model):
    """A bookable span of a doctor's time. ``start``/``end`` are UTC ISO strings (``2026-12-01T09:00:00Z``).

    State lives in the item: ``available`` (false = blocked by the doctor), ``booked_by`` and ``appointment_id``
    (present while booked). A doctor's week is one Query on ``doctor_id`` with ``start`` between two instants.
    """

    # Streamed: a slot booked or freed is pushed to the doctor's watchers from the stream (services/effects).
    Meta = table_meta("slots", stream_view_type=STREAM_VIEW)
    doctor_id = UnicodeAttribute(hash_key=True)
    start = UnicodeAttribute(range_key=True)
    end = UnicodeAttribute()
    duration_minutes = NumberAttribute()
    available = BooleanAttribute(default=True)
    booked_by = UnicodeAttribute(null=True)
    appointment_id = UnicodeAttribute(null=True)
    rule_id = UnicodeAttribute(null=True)
    # The appointment type the slot was published for (models/appointment_types.py); absent on untyped slots.
    appointment_type_id = UnicodeAttribute(null=True)


class SlotHold(Model):
    """A patient's hold on a slot, with the slot's key. ``expires_at`` is the table's TTL attribute, but every
    condition compares it with the clock: DynamoDB deletes expired items only eventually."""

    Meta = table_meta("slot_locks")
    doctor_id = UnicodeAttribute(hash_key=True)
    start = UnicodeAttribute(range_key=True)
    patient_id = UnicodeAttribute()
    expires_at = TTLAttribute()
    offer = BooleanAttribute(default=False)

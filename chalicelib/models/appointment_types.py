from __future__ import annotations

from pynamodb.attributes import BooleanAttribute, NumberAttribute, UnicodeAttribute, UTCDateTimeAttribute

from chalicelib.models.base import Model, table_meta

DEFAULT_TYPE_ID = "default"  # the type the one-time migration gives every doctor (tools/default_appointment_types.py)


class AppointmentType(Model):
    """A kind of visit a doctor offers: its length, price and mode. A doctor's types are one Query on
    ``doctor_id``; one type is a GetItem (a slot names its type by ``appointment_type_id`` next to its doctor).

    ``price_amount`` is a decimal string (``"80.00"``) with at most the currency's minor digits, never a float.
    A deactivated type stays (slots and appointments name it) but is no longer offered or published for.
    """

    Meta = table_meta("appointment_types")
    doctor_id = UnicodeAttribute(hash_key=True)
    type_id = UnicodeAttribute(range_key=True)
    name = UnicodeAttribute()
    description = UnicodeAttribute(default="")
    duration_minutes = NumberAttribute()
    price_amount = UnicodeAttribute()
    price_currency = UnicodeAttribute()
    mode = UnicodeAttribute()  # in_person | video
    clinic_id = UnicodeAttribute(null=True)
    active = BooleanAttribute(default=True)
    created_at = UTCDateTimeAttribute()
    updated_at = UTCDateTimeAttribute()

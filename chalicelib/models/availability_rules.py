from __future__ import annotations

from pynamodb.attributes import NumberAttribute, NumberSetAttribute, UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex

from chalicelib.models.base import Model, table_meta

EXTENDING = "EXTENDING"


class RulesToExtend(GlobalSecondaryIndex["AvailabilityRule"]):
    """Sparse index of the rules that still have dates to generate: only they carry ``extend_key``.

    The daily schedule Queries it (``extend_key = EXTENDING`` and ``generated_until`` before the horizon) instead
    of scanning the table; a rule leaves the index once it has generated up to its ``valid_until``.
    """

    Meta = table_meta("availability_rules", index_name="extend-index", projection=AllProjection())
    extend_key = UnicodeAttribute(hash_key=True)
    generated_until = UnicodeAttribute(range_key=True)


class AvailabilityRule(Model):
    """A doctor's weekly opening hours that generate slots over a rolling horizon.

    Wall-clock times (``HH:MM``) are read in ``timezone``, the doctor's zone when the rule was made, so a rule keeps
    meaning what it meant even if the profile's zone changes later. Dates are ``YYYY-MM-DD``; ``generated_until``
    is the last date whose slots have been written.
    """

    Meta = table_meta("availability_rules")
    doctor_id = UnicodeAttribute(hash_key=True)
    rule_id = UnicodeAttribute(range_key=True)
    weekdays = NumberSetAttribute()  # ISO weekdays, 1 = Monday
    start_time = UnicodeAttribute()
    end_time = UnicodeAttribute()
    duration_minutes = NumberAttribute()
    buffer_minutes = NumberAttribute(default=0)
    timezone = UnicodeAttribute()
    valid_from = UnicodeAttribute()
    valid_until = UnicodeAttribute(null=True)
    generated_until = UnicodeAttribute()
    extend_key = UnicodeAttribute(null=True)
    created_at = UTCDateTimeAttribute()
    appointment_type_id = UnicodeAttribute(null=True)  # its slots' type; their length is the type's
    to_extend = RulesToExtend()

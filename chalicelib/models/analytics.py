from __future__ import annotations

from decimal import Decimal
from typing import Any

from pynamodb.attributes import Attribute, NumberAttribute, UnicodeAttribute
from pynamodb.constants import NUMBER

from chalicelib.models.base import Model, table_meta


class DecimalAttribute(Attribute[Decimal]):
    """A DynamoDB number read and written as an exact Decimal (money is never a float)."""

    attr_type = NUMBER

    def serialize(self, value: Any) -> str:
        return str(Decimal(value))

    def deserialize(self, value: Any) -> Decimal:
        return Decimal(value)


class DailyAggregate(Model):
    """One day's counters of one scope, moved by ADD inside the transaction of every change they count.

    ``scope`` is ``doctor#<id>``, ``platform#<shard>``, ``specialty#<id>#<shard>`` or ``clinic#<id>#<shard>``;
    ``day`` is the UTC day (``2026-12-01``), or ``<day>#<currency>`` for the revenue of that day in one currency.
    A range of days is one Query per scope (docs/architecture.md, "Analytics")."""

    Meta = table_meta("analytics")
    scope = UnicodeAttribute(hash_key=True)
    day = UnicodeAttribute(range_key=True)
    published_minutes = NumberAttribute(null=True)
    booked_minutes = NumberAttribute(null=True)
    appointments = NumberAttribute(null=True)
    completed = NumberAttribute(null=True)
    no_shows = NumberAttribute(null=True)
    cancelled_patient = NumberAttribute(null=True)
    cancelled_doctor = NumberAttribute(null=True)
    cancelled_admin = NumberAttribute(null=True)
    cancelled_late = NumberAttribute(null=True)
    revenue = DecimalAttribute(null=True)

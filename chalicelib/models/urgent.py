"""Urgent requests and doctors' duty (docs/architecture.md, "Urgent requests").

``UrgentRequest``: one item per request. While it is WAITING it carries ``waiting = "WAITING"`` (sparse
``waiting-index``, by ``created_at``): on-duty doctors list the queue and the escalation schedule finds the
overdue ones with one Query, never a scan. Claiming, cancelling and escalating each remove ``waiting`` in a
conditional update on ``status = WAITING``: only one of them can ever win.

``Duty``: a doctor's duty, one item per doctor. While on duty it carries ``on_duty = "ON"`` and ``until`` (sparse
``on-duty-index``): the doctors to alert are one Query for ``until > now`` (a lapsed duty is simply not matched, so
it ends by itself at ``until``).
"""

from __future__ import annotations

from pynamodb.attributes import UnicodeAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex

from chalicelib.models.base import Model, table_meta

WAITING = "WAITING"
ON = "ON"


class WaitingRequests(GlobalSecondaryIndex["UrgentRequest"]):
    Meta = table_meta("urgent_requests", index_name="waiting-index", projection=AllProjection())
    waiting = UnicodeAttribute(hash_key=True)
    created_at = UnicodeAttribute(range_key=True)


class UrgentRequest(Model):
    Meta = table_meta("urgent_requests")
    request_id = UnicodeAttribute(hash_key=True)
    patient_id = UnicodeAttribute()
    status = UnicodeAttribute()
    symptoms = UnicodeAttribute()
    callback_phone = UnicodeAttribute(null=True)
    specialty_id = UnicodeAttribute(null=True)
    created_at = UnicodeAttribute()
    updated_at = UnicodeAttribute()
    waiting = UnicodeAttribute(null=True)
    claimed_by = UnicodeAttribute(null=True)
    claimed_by_name = UnicodeAttribute(null=True)
    claimed_at = UnicodeAttribute(null=True)
    conversation_id = UnicodeAttribute(null=True)
    escalated_at = UnicodeAttribute(null=True)
    cancelled_at = UnicodeAttribute(null=True)
    by_waiting = WaitingRequests()


class OnDuty(GlobalSecondaryIndex["Duty"]):
    Meta = table_meta("duty", index_name="on-duty-index", projection=AllProjection())
    on_duty = UnicodeAttribute(hash_key=True)
    until = UnicodeAttribute(range_key=True)


class Duty(Model):
    Meta = table_meta("duty")
    doctor_id = UnicodeAttribute(hash_key=True)
    specialty_id = UnicodeAttribute()
    on_duty = UnicodeAttribute(null=True)
    until = UnicodeAttribute(null=True)
    updated_at = UnicodeAttribute()
    by_on_duty = OnDuty()

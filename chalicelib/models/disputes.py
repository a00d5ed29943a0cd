from __future__ import annotations

from pynamodb.attributes import UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex

from chalicelib.models.base import Model, table_meta


class DisputesByStatus(GlobalSecondaryIndex["Dispute"]):
    """The admins' queue: one Query on ``status`` (open | resolved), oldest first."""

    Meta = table_meta("disputes", index_name="status-index", projection=AllProjection())
    status = UnicodeAttribute(hash_key=True)
    created_at = UnicodeAttribute(range_key=True)


class DisputesByPatient(GlobalSecondaryIndex["Dispute"]):
    """A patient's disputes, for the admin's patient page: one Query on ``patient_id``."""

    Meta = table_meta("disputes", index_name="patient-index", projection=AllProjection())
    patient_id = UnicodeAttribute(hash_key=True)
    created_at = UnicodeAttribute(range_key=True)


class Dispute(Model):
    """A patient's or doctor's dispute over a finished appointment and, once resolved, its outcome. ``reason`` and
    ``outcome`` may be health data: never logged, mailed or pushed."""

    Meta = table_meta("disputes")
    dispute_id = UnicodeAttribute(hash_key=True)
    appointment_id = UnicodeAttribute()
    patient_id = UnicodeAttribute()
    doctor_id = UnicodeAttribute()
    raised_by = UnicodeAttribute()
    raised_by_role = UnicodeAttribute()
    kind = UnicodeAttribute()
    reason = UnicodeAttribute()
    status = UnicodeAttribute()
    appointment_status = UnicodeAttribute()  # when raised
    created_at = UnicodeAttribute()  # ISO time + nonce
    outcome = UnicodeAttribute(null=True)
    status_correction = UnicodeAttribute(null=True)
    resolved_by = UnicodeAttribute(null=True)
    resolved_at = UTCDateTimeAttribute(null=True)
    by_status = DisputesByStatus()
    by_patient = DisputesByPatient()

from __future__ import annotations

from pynamodb.attributes import MapAttribute, TTLAttribute, UnicodeAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex

from chalicelib.models.base import Model, table_meta


class AuditByActor(GlobalSecondaryIndex["AuditEntry"]):
    Meta = table_meta("audit", index_name="actor-index", projection=AllProjection())
    actor = UnicodeAttribute(hash_key=True)
    at = UnicodeAttribute(range_key=True)


class AuditByAction(GlobalSecondaryIndex["AuditEntry"]):
    """Every entry of one action (``user.disabled``, ``export.appointments``...), newest first."""

    Meta = table_meta("audit", index_name="action-index", projection=AllProjection())
    action = UnicodeAttribute(hash_key=True)
    at = UnicodeAttribute(range_key=True)


class AuditByMonth(GlobalSecondaryIndex["AuditEntry"]):
    """Every entry of a UTC month: the unfiltered viewer walks the months backwards, never a scan."""

    Meta = table_meta("audit", index_name="month-index", projection=AllProjection())
    month = UnicodeAttribute(hash_key=True)
    at = UnicodeAttribute(range_key=True)


class AuditEntry(Model):
    """Who did what to whom. ``entity`` is ``doctor#<id>``, ``user#<id>``...; ``at`` is ISO time + a nonce.

    Written once on condition that the key is new, never updated or deleted by any route; ``expires_at`` (TTL)
    ends it after the retention (``DOCSPOT_AUDIT_RETENTION_DAYS``)."""

    Meta = table_meta("audit")
    entity = UnicodeAttribute(hash_key=True)
    at = UnicodeAttribute(range_key=True)
    actor = UnicodeAttribute()
    action = UnicodeAttribute()
    detail = MapAttribute[str, str](null=True)
    month = UnicodeAttribute(null=True)
    expires_at = TTLAttribute(null=True)
    by_actor = AuditByActor()
    by_action = AuditByAction()
    by_month = AuditByMonth()

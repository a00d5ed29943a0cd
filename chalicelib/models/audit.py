from __future__ import annotations

from pynamodb.attributes import MapAttribute, UnicodeAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.models import Model

from chalicelib.models.base import table_meta


class AuditByActor(GlobalSecondaryIndex["AuditEntry"]):
    Meta = table_meta("audit", index_name="actor-index", projection=AllProjection())
    actor = UnicodeAttribute(hash_key=True)
    at = UnicodeAttribute(range_key=True)


class AuditEntry(Model):
    """Who did what to whom. ``entity`` is ``doctor#<id>``, ``user#<id>``...; ``at`` is ISO time + a nonce."""

    Meta = table_meta("audit")
    entity = UnicodeAttribute(hash_key=True)
    at = UnicodeAttribute(range_key=True)
    actor = UnicodeAttribute()
    action = UnicodeAttribute()
    detail = MapAttribute[str, str](null=True)
    by_actor = AuditByActor()

from __future__ import annotations

from pynamodb.attributes import ListAttribute, MapAttribute, NumberAttribute, UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.indexes import GlobalSecondaryIndex, KeysOnlyProjection

from chalicelib.models.base import Model, table_meta

HEADER = "header"


class Author(MapAttribute[str, str]):
    """Who wrote an entry, as they were named then (a medical record keeps the name it was signed with)."""

    id = UnicodeAttribute()
    name = UnicodeAttribute()
    role = UnicodeAttribute()


class RecordItem(Model):
    """A patient's medical record: one partition per patient, read whole with one Query on ``patient_id``.

    Two kinds of item share the partition:

    - ``item = "{kind}#{entry_id}"``: one entry (an allergy, a condition or a medication). Only the attributes of
      its kind are set: allergies ``substance, reaction, severity, noted_on``; conditions ``name, status, since,
      notes``; medications ``name, dose, frequency, started_on, stopped_on``. Dates are ``YYYY-MM-DD``.
    - ``item = "header"``: how many entries of each kind exist (``count_{kind}``) and when the record last changed.
      Every add updates it on condition that the count is below the limit, in the entry's own transaction, so the
      limit holds under races (docs/architecture.md, "The medical record").
    """

    Meta = table_meta("records")
    patient_id = UnicodeAttribute(hash_key=True)
    item = UnicodeAttribute(range_key=True)
    # Entries
    kind = UnicodeAttribute(null=True)
    entry_id = UnicodeAttribute(null=True)
    substance = UnicodeAttribute(null=True)
    reaction = UnicodeAttribute(null=True)
    severity = UnicodeAttribute(null=True)
    noted_on = UnicodeAttribute(null=True)
    name = UnicodeAttribute(null=True)
    status = UnicodeAttribute(null=True)
    since = UnicodeAttribute(null=True)
    notes = UnicodeAttribute(null=True)
    dose = UnicodeAttribute(null=True)
    frequency = UnicodeAttribute(null=True)
    started_on = UnicodeAttribute(null=True)
    stopped_on = UnicodeAttribute(null=True)
    recorded_by = Author(null=True)
    recorded_at = UTCDateTimeAttribute(null=True)
    updated_by = Author(null=True)
    # Entries: when it last changed (null until then); the header: when the record last changed.
    updated_at = UTCDateTimeAttribute(null=True)
    # The header
    count_allergies = NumberAttribute(null=True)
    count_conditions = NumberAttribute(null=True)
    count_medications = NumberAttribute(null=True)


def author(user_id: str, name: str, role: str) -> Author:
    return Author(id=user_id, name=name, role=role)


def entry_item(kind: str, entry_id: str) -> str:
    return f"{kind}#{entry_id}"


class AccessByActor(GlobalSecondaryIndex["RecordAccess"]):
    """Whose records one person opened, for an investigation (keys only; no request path reads it)."""

    Meta = table_meta("record_access", index_name="actor-index", projection=KeysOnlyProjection())
    actor_id = UnicodeAttribute(hash_key=True)
    at = UnicodeAttribute(range_key=True)


class RecordAccess(Model):
    """One access to a patient's record: who (id and role), what (``action``, the entries concerned), when, and
    through which appointment a doctor's care relationship ran. Written with ``attribute_not_exists`` and never
    updated or deleted; the patient reads their partition newest first (``GET /me/record/access-log``)."""

    Meta = table_meta("record_access")
    patient_id = UnicodeAttribute(hash_key=True)
    at = UnicodeAttribute(range_key=True)  # ISO time + "#" + a nonce
    actor_id = UnicodeAttribute()
    actor_role = UnicodeAttribute()
    action = UnicodeAttribute()
    entries = ListAttribute[str](null=True)
    appointment_id = UnicodeAttribute(null=True)
    by_actor = AccessByActor()

from __future__ import annotations

from typing import Final

from pynamodb.attributes import NumberAttribute, TTLAttribute, UnicodeAttribute, UTCDateTimeAttribute

from chalicelib.models.base import Model, table_meta

PENDING: Final = "PENDING"
UPLOADED: Final = "UPLOADED"


class FileRecord(Model):
    """A patient's document on an appointment; an appointment's files are one Query on ``appointment_id``.

    PENDING from the moment the server hands out an upload form until it has checked what arrived; then UPLOADED.
    ``s3_key`` is where the bytes are (``pending/...`` first, ``files/...`` once checked). ``expires_at``, the
    table's TTL attribute, is set only while PENDING; every condition compares it with the clock, since DynamoDB
    deletes expired items only eventually. ``seat`` is the number of the appointment's file seat the record holds
    (see services/files.py).
    """

    Meta = table_meta("files")
    appointment_id = UnicodeAttribute(hash_key=True)
    file_id = UnicodeAttribute(range_key=True)
    status = UnicodeAttribute()
    s3_key = UnicodeAttribute()
    filename = UnicodeAttribute()
    content_type = UnicodeAttribute()
    size = NumberAttribute()
    seat = NumberAttribute()
    uploaded_by = UnicodeAttribute()
    created_at = UTCDateTimeAttribute()
    uploaded_at = UTCDateTimeAttribute(null=True)
    expires_at = TTLAttribute(null=True)


def pending_key(appointment_id: str, file_id: str) -> str:
    return f"pending/{appointment_id}/{file_id}"


def stored_key(appointment_id: str, file_id: str) -> str:
    return f"files/{appointment_id}/{file_id}"

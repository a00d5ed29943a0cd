from __future__ import annotations

from pynamodb.attributes import MapAttribute, UnicodeAttribute
from pynamodb.indexes import GlobalSecondaryIndex, KeysOnlyProjection

from chalicelib.models.base import Model, table_meta


class UnreadNotifications(GlobalSecondaryIndex["Notification"]):
    """Sparse: only unread notifications carry ``unread_user_id``, so the unread count is one small Query."""

    Meta = table_meta("notifications", index_name="unread-index", projection=KeysOnlyProjection())
    unread_user_id = UnicodeAttribute(hash_key=True)
    created = UnicodeAttribute(range_key=True)


class Notification(Model):
    """The persisted feed; WebSocket push is only its fast path. ``created`` is ISO time + a nonce."""

    Meta = table_meta("notifications")
    user_id = UnicodeAttribute(hash_key=True)
    created = UnicodeAttribute(range_key=True)
    type = UnicodeAttribute()
    title = UnicodeAttribute()
    body = UnicodeAttribute(default="")
    data = MapAttribute[str, str](null=True)
    unread_user_id = UnicodeAttribute(null=True)
    read_at = UnicodeAttribute(null=True)
    unread = UnreadNotifications()

from __future__ import annotations

from pynamodb.attributes import TTLAttribute, UnicodeAttribute

from chalicelib.models.base import Model, table_meta


class Subscription(Model):
    """A connection watching a topic (``user#{id}``, ``doctor#{id}#slots``, ``admin``).

    Fan-out to a topic is one Query on ``topic``. ``expires_at`` (TTL) is the connection's own: a subscription
    whose ``$disconnect`` never arrived is skipped once expired and deleted by TTL later.
    """

    Meta = table_meta("subscriptions")
    topic = UnicodeAttribute(hash_key=True)
    connection_id = UnicodeAttribute(range_key=True)
    expires_at = TTLAttribute()

from __future__ import annotations

from pynamodb.attributes import NumberAttribute, TTLAttribute, UnicodeAttribute, UnicodeSetAttribute
from pynamodb.indexes import GlobalSecondaryIndex, KeysOnlyProjection

from chalicelib.models.base import Model, table_meta


class ConnectionsByUser(GlobalSecondaryIndex["Connection"]):
    """Which connections a user holds (keys only), for operations such as closing them all; fan-out never reads
    it (a user's own topic is a subscription like any other)."""

    Meta = table_meta("connections", index_name="user-index", projection=KeysOnlyProjection())
    user_id = UnicodeAttribute(hash_key=True)


class Connection(Model):
    """An open WebSocket connection and who opened it (verified at ``$connect``).

    ``topics`` names every subscription item of the connection, so ``$disconnect`` deletes them by key without a
    Query; ``seat`` is the per-user connection seat it holds in unique_keys. ``full_at`` (epoch milliseconds) is the
    client's token bucket: when it would be full again; the rate limit is a conditional update on it.
    ``expires_at`` is the TTL attribute and matches API Gateway's own two-hour limit; reads compare it with the
    clock, since DynamoDB deletes expired items only eventually.
    """

    Meta = table_meta("connections")
    connection_id = UnicodeAttribute(hash_key=True)
    user_id = UnicodeAttribute()
    role = UnicodeAttribute()
    seat = UnicodeAttribute()
    topics = UnicodeSetAttribute(null=True)
    full_at = NumberAttribute(null=True)
    connected_at = NumberAttribute()
    expires_at = TTLAttribute()
    by_user = ConnectionsByUser()

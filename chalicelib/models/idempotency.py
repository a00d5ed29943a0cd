from __future__ import annotations

from pynamodb.attributes import NumberAttribute, UnicodeAttribute

from chalicelib.models.base import Model, table_meta


class IdempotencyRecord(Model):
    """The powertools Idempotency persistence table (its own key ``id`` and TTL ``expiration``).

    Declared here so that tests, the local stack and infra create it from one definition; only powertools
    reads and writes it.
    """

    Meta = table_meta("idempotency")
    id = UnicodeAttribute(hash_key=True)
    expiration = NumberAttribute(null=True)
    status = UnicodeAttribute(null=True)

from __future__ import annotations

from pynamodb.attributes import NumberAttribute, TTLAttribute, UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex

from chalicelib.models.base import Model, table_meta

WAITING = "WAITING"


class WaitingMessages(GlobalSecondaryIndex["OutboxMessage"]):
    """Sparse: only messages still waiting to be sent carry ``waiting``, ordered by their next attempt, so the retry
    job reads the due ones with one Query and never sees what was sent or given up."""

    Meta = table_meta("outbox", index_name="waiting-index", projection=AllProjection())
    waiting = UnicodeAttribute(hash_key=True)
    next_attempt_at = NumberAttribute(range_key=True)


class OutboxMessage(Model):
    """An e-mail SES did not take at the first try, kept until a retry sends it.

    ``message`` is the rendered e-mail (JSON, attachments base64): a retry sends exactly what was written then.
    ``expires_at`` is when it is no longer worth sending (an appointment's start, an offer's end); retries drop it
    from then on and DynamoDB's TTL deletes it. ``next_attempt_at`` is also the claim: a run pushes it forward with
    a conditional update before sending, so two overlapping runs never both send one message.
    """

    Meta = table_meta("outbox")
    message_id = UnicodeAttribute(hash_key=True)
    kind = UnicodeAttribute()
    message = UnicodeAttribute()
    attempts = NumberAttribute(default=0)
    waiting = UnicodeAttribute(null=True)
    next_attempt_at = NumberAttribute(null=True)
    last_error = UnicodeAttribute(null=True)
    created_at = UTCDateTimeAttribute()
    expires_at = TTLAttribute()
    by_waiting = WaitingMessages()

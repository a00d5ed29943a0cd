"""Counters that limit attempts (docs/architecture.md, "Rate limits"): per client address or per e-mail address,
each one atomic UpdateItem with ``ADD`` on an item of ``unique_keys`` that expires with its window.

The database does the counting: two requests at once both add, neither reads first. Subjects are stored as keyed
digests (HMAC-SHA-256 under a key derived from the JWT secret), so the table holds neither addresses nor anything
that could be matched against a list of them. A limit answers the same whether or not an account uses the address:
the counter exists for any subject.
"""

from __future__ import annotations

import hashlib
import hmac
import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from pynamodb.exceptions import UpdateError

from chalicelib.adapters.registry import adapters
from chalicelib.adapters.secrets import jwt_secret
from chalicelib.config import get_settings
from chalicelib.errors import TooManyRequests
from chalicelib.models.unique_keys import UniqueKey, lockout_key, rate_key
from chalicelib.services.core.dynamo import condition_failed

RATE_LIMITED = "RATE_LIMITED"


@dataclass(frozen=True)
class Limit:
    """At most ``attempts`` in each fixed window of ``seconds`` (a burst across a window's edge may reach twice)."""

    name: str
    attempts: int
    seconds: int


def digest(subject: str) -> str:
    key = hashlib.sha256(b"docspot-limits:" + jwt_secret().encode()).digest()
    return hmac.new(key, subject.strip().lower().encode(), hashlib.sha256).hexdigest()[:32]


def hit(limit: Limit, subject: str) -> None:
    """Counts one attempt of ``subject``; beyond the limit raises 429 ``RATE_LIMITED`` with the seconds until the
    window ends. Does nothing while limits are off (``DOCSPOT_RATE_LIMITS=off``)."""
    if not get_settings().rate_limits:
        return
    now = adapters().clock.now().timestamp()
    window = int(now // limit.seconds)
    ends = (window + 1) * limit.seconds
    counter = UniqueKey(key=rate_key(limit.name, digest(subject), window))
    counter.update(
        actions=[
            UniqueKey.attempts.add(1),
            UniqueKey.owner_id.set(limit.name),
            UniqueKey.expires_at.set(datetime.fromtimestamp(ends, UTC)),
        ]
    )
    if int(counter.attempts or 0) > limit.attempts:
        wait = max(1, math.ceil(ends - now))
        raise TooManyRequests(f"too many attempts: try again in {wait} seconds", code=RATE_LIMITED, retry_after=wait)


@dataclass(frozen=True)
class Lockout:
    """``failures`` failed attempts in a row, each less than ``seconds`` after the one before, lock the subject
    until ``seconds`` after the last."""

    name: str
    failures: int
    seconds: int


def locked_for(lockout: Lockout, subject: str) -> tuple[int, bool]:
    """(seconds the subject stays locked, 0 if not; whether failures are on record). One GetItem."""
    now = adapters().clock.now()
    try:
        item = UniqueKey.get(lockout_key(digest(subject)), consistent_read=True)
    except UniqueKey.DoesNotExist:
        return 0, False
    if item.expires_at is None or item.expires_at <= now:
        return 0, False
    if int(item.attempts or 0) >= lockout.failures:
        return max(1, math.ceil((item.expires_at - now).total_seconds())), True
    return 0, True


def failed(lockout: Lockout, subject: str) -> None:
    """Records a failure: adds to the live run of failures (one UpdateItem), or starts a new run (one more write)
    when the last run has lapsed, so an old run never counts."""
    now = adapters().clock.now()
    key = lockout_key(digest(subject))
    until = now + timedelta(seconds=lockout.seconds)
    try:
        UniqueKey(key=key).update(
            actions=[UniqueKey.attempts.add(1), UniqueKey.expires_at.set(until)],
            condition=UniqueKey.expires_at > now,
        )
    except UpdateError as exc:
        if not condition_failed(exc):
            raise
        UniqueKey(key=key, owner_id=lockout.name, attempts=1, expires_at=until).save()


def cleared(lockout: Lockout, subject: str) -> None:
    """Forgets the failures (a successful log-in, a password reset)."""
    UniqueKey(key=lockout_key(digest(subject))).delete()

"""WebSocket connections and their subscriptions (docs/architecture.md, "Tables": ``connections``,
``subscriptions``).

The database decides each limit. A user holds at most ``ws_max_connections_per_user`` connections: each open
connection holds one numbered seat (``wsseat#{user}#{k}`` in unique_keys), taken with a conditional Put in the same
transaction that writes the connection, so two tabs racing for the last seat cannot both win. A connection may
send at most ``ws_max_messages_per_second`` messages a second: a token bucket kept as one number on its own item,
moved by a conditional update (``TokenBucket``). Every expiry is compared with the injected clock; TTL deletion is
only housekeeping.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from pynamodb.constants import ALL_OLD
from pynamodb.exceptions import DoesNotExist, TransactWriteError, UpdateError
from pynamodb.expressions.condition import size

from chalicelib.adapters.registry import adapters
from chalicelib.config import get_settings
from chalicelib.errors import Forbidden, NotFound, RuleViolation, TooManyRequests, Unauthorized
from chalicelib.models.connections import Connection
from chalicelib.models.doctors import Doctor
from chalicelib.models.subscriptions import Subscription
from chalicelib.models.unique_keys import UniqueKey, connection_seat_key
from chalicelib.observability import logger
from chalicelib.services.core.authz import Principal
from chalicelib.services.core.dynamo import condition_failed, transaction, unexplained
from chalicelib.services.realtime import topics
from chalicelib.vocabulary import Role


class NotConnected(Unauthorized):
    code = "NOT_CONNECTED"


class RateLimited(TooManyRequests):
    code = "RATE_LIMITED"


def open_connection(connection_id: str, principal: Principal) -> Connection:
    """Records a connection opened by ``principal`` and joins it to the user's own topic.

    Tries the user's seats in turn; each attempt is one transaction that takes the seat (absent or expired),
    writes the connection and its personal subscription. All seats live: 429 TOO_MANY_CONNECTIONS."""
    settings = get_settings()
    now = adapters().clock.now()
    expires = now + timedelta(seconds=settings.ws_connection_seconds)
    personal = topics.user_topic(principal.user_id)
    for seat in range(settings.ws_max_connections_per_user):
        key = connection_seat_key(principal.user_id, seat)
        connection = Connection(
            connection_id=connection_id,
            user_id=principal.user_id,
            role=principal.role,
            seat=key,
            topics={personal},
            connected_at=int(now.timestamp()),
            expires_at=expires,
        )
        tx = transaction()
        try:
            with tx:
                tx.save(
                    UniqueKey(key=key, owner_id=connection_id, expires_at=expires),
                    condition=UniqueKey.key.does_not_exist() | (UniqueKey.expires_at < now),
                    part="seat",
                )
                tx.save(connection, condition=Connection.connection_id.does_not_exist(), part="connection")
                tx.save(
                    Subscription(topic=personal, connection_id=connection_id, expires_at=expires), part="subscription"
                )
        except TransactWriteError as exc:
            failed = tx.cancellation(exc)
            seat_taken, already_open = failed.failed("seat"), failed.failed("connection")
            if already_open:
                return Connection.get(connection_id, consistent_read=True)
            if seat_taken:
                continue
            raise unexplained(exc) from exc
        return connection
    raise TooManyRequests(
        f"you already have {settings.ws_max_connections_per_user} live connections; close one first",
        code="TOO_MANY_CONNECTIONS",
    )


def close_connection(connection_id: str) -> bool:
    """Deletes the connection, its subscriptions and frees its seat. Safe to run twice; False if it was gone.

    The connection item is deleted first, returning what it held at that instant: a subscribe racing with the
    close either landed in that snapshot (its subscription is deleted here) or fails on the missing connection."""
    raw = Connection._get_connection().delete_item(connection_id, return_values=ALL_OLD)
    attributes = raw.get("Attributes")
    if not attributes:
        return False
    connection = Connection.from_raw_data(attributes)
    _delete_belongings(connection, with_seat=True)
    return True


def close_all(user_id: str) -> int:
    """Closes every connection of a user: API Gateway's DELETE @connections/{id} (its ``$disconnect`` then finds
    nothing left), and the items at once. One Query of ``user-index``, then per connection the DELETE, one
    DeleteItem and one transaction. Returns how many there were."""
    sender = adapters().sender
    found = [c.connection_id for c in Connection.by_user.query(user_id)]
    for connection_id in found:
        try:
            sender.close(connection_id)
        except Exception:
            logger.exception("closing a connection failed", extra={"connection_id": connection_id})
        close_connection(connection_id)
    return len(found)


def _delete_belongings(connection: Connection, *, with_seat: bool) -> None:
    if not with_seat and not connection.topics:
        return
    tx = transaction()
    try:
        with tx:
            if with_seat:
                tx.delete(
                    UniqueKey(key=connection.seat),
                    condition=UniqueKey.owner_id == connection.connection_id,
                    part="seat",
                )
            for topic in sorted(connection.topics or ()):
                tx.delete(Subscription(topic=topic, connection_id=connection.connection_id), part=f"topic:{topic}")
    except TransactWriteError as exc:
        if with_seat and tx.cancellation(exc).failed("seat"):
            # The seat expired and another connection took it: it is not ours to free.
            _delete_belongings(connection, with_seat=False)
            return
        raise unexplained(exc) from exc


@dataclass(frozen=True)
class TokenBucket:
    """A token bucket of ``burst`` messages refilled at ``per_second``, kept as one number per connection: the
    earliest moment (epoch milliseconds) the bucket is full again (GCRA, the "theoretical arrival time").

    A message at ``now`` is allowed while that moment is at most ``tolerance`` ahead of ``now``, and pushes it one
    ``interval`` further (from ``now`` if it had passed). So a quiet connection may send ``burst`` at once, then
    one every ``interval``: exactly the documented rate over any window, with no calendar seconds to straddle."""

    interval: int
    tolerance: int

    @classmethod
    def of(cls, per_second: int, burst: int | None = None) -> TokenBucket:
        interval = max(1, 1000 // max(1, per_second))
        return cls(interval=interval, tolerance=interval * ((burst or per_second) - 1))

    def allows(self, full_at: int | None, now: int) -> bool:
        """The same rule as the conditional updates in ``admit``, for reading and testing."""
        return full_at is None or full_at - now <= self.tolerance

    def after(self, full_at: int | None, now: int) -> int:
        return max(full_at or 0, now) + self.interval


def admit(connection_id: str) -> Connection:
    """Counts a client message against its connection's token bucket (``TokenBucket``) and returns the connection (who
    opened it, what it watches). Two conditional updates decide it without a read: a bucket already full starts
    again from now; otherwise one more message is added while within the tolerance. Raises ``RateLimited``
    beyond it, ``NotConnected`` for an unknown or expired connection."""
    now = adapters().clock.now()
    moment = int(now.timestamp() * 1000)
    limit = get_settings().ws_max_messages_per_second
    bucket = TokenBucket.of(limit)
    live = Connection.connection_id.exists() & (Connection.expires_at > now)
    connection = Connection(connection_id=connection_id)
    try:
        connection.update(
            actions=[Connection.full_at.set(moment + bucket.interval)],
            condition=live & (Connection.full_at.does_not_exist() | (Connection.full_at <= moment)),
        )
        return connection
    except UpdateError as exc:
        if not condition_failed(exc):
            raise
    try:
        connection.update(
            actions=[Connection.full_at.add(bucket.interval)],
            condition=live & (Connection.full_at > moment) & (Connection.full_at <= moment + bucket.tolerance),
        )
        return connection
    except UpdateError as exc:
        if not condition_failed(exc):
            raise
    # Refused either way; one read tells a client over its limit from a connection we do not know.
    try:
        known = Connection.get(connection_id, consistent_read=True, attributes_to_get=["expires_at"])
    except DoesNotExist as exc:
        raise NotConnected("this connection is not known; reconnect") from exc
    if known.expires_at <= now:
        raise NotConnected("this connection has expired; reconnect")
    raise RateLimited(f"at most {limit} messages a second (a burst of {limit}, then one every {bucket.interval} ms)")


def _principal(connection: Connection) -> Principal:
    return Principal(user_id=connection.user_id, role=Role(connection.role))


def _topic(name: str | None) -> topics.Topic:
    topic = topics.parse_topic(name or "")
    if topic is None:
        raise NotFound("there is no such topic", code=topics.UNKNOWN_TOPIC)
    return topic


def subscribe(connection: Connection, name: str | None) -> str:
    """Adds a topic the connection's user may watch; subscribing twice is harmless."""
    topic = _topic(name)
    if not topics.may_watch(_principal(connection), topic):
        raise Forbidden("you may not watch this topic", code=topics.FORBIDDEN_TOPIC)
    held = connection.topics or set()
    if topic.name in held:
        return topic.name
    limit = get_settings().ws_max_topics
    if len(held) >= limit:
        raise RuleViolation(f"a connection may watch at most {limit} topics", code="TOO_MANY_TOPICS")
    if topic.kind == topics.DOCTOR_SLOTS:
        _require_doctor(topic.subject or "")
    room_left = size(Connection.topics) < limit  # type: ignore[no-untyped-call]
    tx = transaction()
    try:
        with tx:
            tx.update(
                connection,
                actions=[Connection.topics.add({topic.name})],
                condition=Connection.connection_id.exists() & room_left,
                part="connection",
            )
            tx.save(
                Subscription(
                    topic=topic.name, connection_id=connection.connection_id, expires_at=connection.expires_at
                ),
                part="subscription",
            )
    except TransactWriteError as exc:
        if tx.cancellation(exc).failed("connection"):
            # Closed meanwhile, or another subscribe took the last place.
            raise RuleViolation(f"a connection may watch at most {limit} topics", code="TOO_MANY_TOPICS") from exc
        raise unexplained(exc) from exc
    return topic.name


def _require_doctor(doctor_id: str) -> None:
    try:
        Doctor.get(doctor_id, attributes_to_get=["doctor_id"])
    except DoesNotExist as exc:
        raise NotFound("there is no such topic", code=topics.UNKNOWN_TOPIC) from exc


def unsubscribe(connection: Connection, name: str | None) -> str:
    """Stops watching a topic; unsubscribing from one not watched is harmless. The personal topic stays."""
    topic = _topic(name)
    if topic.kind == topics.USER and topic.subject == connection.user_id:
        raise RuleViolation("your own topic is joined while you are connected", code="PERSONAL_TOPIC")
    if topic.name not in (connection.topics or set()):
        return topic.name
    tx = transaction()
    try:
        with tx:
            tx.update(
                connection,
                actions=[Connection.topics.delete({topic.name})],
                condition=Connection.connection_id.exists(),
                part="connection",
            )
            tx.delete(Subscription(topic=topic.name, connection_id=connection.connection_id), part="subscription")
    except TransactWriteError as exc:
        if tx.cancellation(exc).failed("connection"):
            raise NotConnected("this connection is not known; reconnect") from exc
        raise unexplained(exc) from exc
    return topic.name


def subscribers(topic: str, now: datetime) -> list[str]:
    """Live connections watching ``topic``: one Query (paged by PynamoDB), expired ones skipped."""
    return [s.connection_id for s in Subscription.query(topic) if s.expires_at > now]


def forget_quietly(connection_id: str) -> None:
    """Deletes a connection met closed (410 Gone). Logged, never raised: this runs on somebody else's request."""
    try:
        close_connection(connection_id)
    except Exception:
        logger.exception("could not delete a closed connection", extra={"connection_id": connection_id})
    else:
        logger.info("closed connection deleted", extra={"connection_id": connection_id})

"""The live push: an announcement listener that sends each happening's events to the connections watching.

Per announcement: one Query on ``subscriptions`` per topic (paged), then one management-API post per connection
and message; a connection's messages keep the announcement's order, connections are served side by side. The push
runs after the change committed and never fails it: a failing post is logged and skipped, a closed connection
(410 Gone) is deleted when met, and the feed record written with the change stays the truth.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from chalicelib.adapters.registry import adapters
from chalicelib.adapters.ws_sender import ConnectionGone, Sender
from chalicelib.observability import logger
from chalicelib.services.core.announce import AccountDisabled, Happening
from chalicelib.services.realtime._connections import close_all, forget_quietly, subscribers
from chalicelib.services.realtime._events import Outgoing, events_for, message

MAX_PARALLEL_POSTS = 16


@dataclass
class Delivery:
    """What one publication did: posts made (and failed), connections found closed."""

    posts: int = 0
    failed: int = 0
    gone: list[str] = field(default_factory=list)


def on_announce(happenings: Sequence[Happening]) -> None:
    """The listener (services/announce.py LISTENERS): pushes the events, and closes the connections of an account
    just disabled (its tokens stop at once; a connection opened before must not keep listening)."""
    publish(events_for(happenings))
    for happening in happenings:
        if isinstance(happening, AccountDisabled):
            closed = close_all(happening.user_id)
            logger.info("connections of a disabled account closed", extra={"count": closed})


def publish(events: Sequence[Outgoing]) -> Delivery:
    if not events:
        return Delivery()
    now = adapters().clock.now()
    watchers = {topic: subscribers(topic, now) for topic in dict.fromkeys(e.topic for e in events)}
    queues: dict[str, list[str]] = {}
    for event in events:
        text = message(event.type, event.data, now)
        for connection_id in watchers[event.topic]:
            queues.setdefault(connection_id, []).append(text)
    delivery = deliver(adapters().sender, queues)
    for connection_id in delivery.gone:
        forget_quietly(connection_id)
    if delivery.failed:
        logger.warning("some pushes failed", extra={"failed": delivery.failed, "posts": delivery.posts})
    return delivery


def deliver(sender: Sender, queues: dict[str, list[str]]) -> Delivery:
    """Posts each connection's messages in order; up to ``MAX_PARALLEL_POSTS`` connections at a time."""
    if len(queues) <= 1:
        outcomes = [_post_all(sender, cid, texts) for cid, texts in queues.items()]
    else:
        with ThreadPoolExecutor(max_workers=min(MAX_PARALLEL_POSTS, len(queues))) as pool:
            outcomes = list(pool.map(lambda item: _post_all(sender, *item), queues.items()))
    total = Delivery()
    for outcome in outcomes:
        total.posts += outcome.posts
        total.failed += outcome.failed
        total.gone += outcome.gone
    return total


def _post_all(sender: Sender, connection_id: str, texts: list[str]) -> Delivery:
    outcome = Delivery()
    for text in texts:
        outcome.posts += 1
        try:
            sender.send(connection_id, text)
        except ConnectionGone:
            outcome.gone.append(connection_id)
            break
        except Exception:
            outcome.failed += 1
            logger.exception("push failed", extra={"connection_id": connection_id})
    return outcome

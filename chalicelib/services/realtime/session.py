"""One WebSocket connection's life: opened with a verified token, client messages answered, closed.

API Gateway sends no reply of a route back by itself (Chalice configures no route responses), so every answer
goes out through the sender, on the same connection: ``subscribed``, ``unsubscribed``, ``pong`` or ``error`` with a
code. A bad message is answered, never raised: the connection stays usable.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import ValidationError

from chalicelib.adapters.registry import adapters
from chalicelib.adapters.ws_sender import ConnectionGone
from chalicelib.contracts.realtime import ClientMessage
from chalicelib.errors import DomainError, Invalid, Unauthorized
from chalicelib.observability import logger
from chalicelib.services.accounts.authentication import authenticate
from chalicelib.services.core.authz import Principal
from chalicelib.services.realtime import _connections as connections
from chalicelib.services.realtime._events import message

MAX_MESSAGE_BYTES = 4096
BAD_MESSAGE = "BAD_MESSAGE"
INTERNAL = "INTERNAL"


def connect(connection_id: str, access_token: str | None) -> Principal:
    """Verifies the access token (never a refresh token) and records the connection; raises ``Unauthorized``
    or ``TooManyRequests``. Nothing may be sent yet: API Gateway opens the connection only after this returns."""
    if not access_token:
        raise Unauthorized("sign in to connect: add ?token=<access token>", code="UNAUTHORIZED")
    principal = authenticate(access_token)
    connections.open_connection(connection_id, principal)
    logger.info("connected", extra={"connection_id": connection_id, "role": principal.role})
    return principal


def disconnect(connection_id: str) -> None:
    connections.close_connection(connection_id)
    logger.info("disconnected", extra={"connection_id": connection_id})


def receive(connection_id: str, body: str | None) -> None:
    """Answers one client message (docs/api.md, "WebSocket (live updates)")."""
    try:
        connection = connections.admit(connection_id)
        request = parse(body)
        if request.action == "ping":
            reply(connection_id, "pong", {})
        elif request.action == "subscribe":
            reply(connection_id, "subscribed", {"topic": connections.subscribe(connection, request.topic)})
        else:
            reply(connection_id, "unsubscribed", {"topic": connections.unsubscribe(connection, request.topic)})
    except DomainError as exc:
        reply(connection_id, "error", {"code": exc.code, "message": exc.message})


def parse(body: str | None) -> ClientMessage:
    raw = body or ""
    if len(raw.encode()) > MAX_MESSAGE_BYTES:
        raise Invalid(f"a message may be at most {MAX_MESSAGE_BYTES} bytes", code=BAD_MESSAGE)
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError) as exc:
        raise Invalid('send JSON such as {"action": "ping"}', code=BAD_MESSAGE) from exc
    if not isinstance(data, dict):
        raise Invalid('send a JSON object such as {"action": "ping"}', code=BAD_MESSAGE)
    try:
        request = ClientMessage.model_validate(data)
    except ValidationError as exc:
        fields = ", ".join(".".join(str(p) for p in e["loc"]) or "message" for e in exc.errors(include_url=False))
        raise Invalid(
            f"not a message DocSpot knows ({fields}): use action subscribe, unsubscribe or ping", BAD_MESSAGE
        ) from exc
    if request.action != "ping" and not request.topic:
        raise Invalid(f"{request.action} needs a topic", code=BAD_MESSAGE)
    return request


def reply(connection_id: str, kind: str, data: dict[str, Any]) -> None:
    """Answers on the connection. A closed one is deleted; another failure is logged: the client may ask again."""
    try:
        adapters().sender.send(connection_id, message(kind, data, adapters().clock.now()))
    except ConnectionGone:
        connections.forget_quietly(connection_id)
    except Exception:
        logger.exception("reply failed", extra={"connection_id": connection_id})


def report_failure(connection_id: str) -> None:
    """What the client hears when handling its message failed unexpectedly (the failure itself is logged)."""
    reply(connection_id, "error", {"code": INTERNAL, "message": "something went wrong on our side; please try again"})

"""The events API Gateway's WebSocket API gives a Lambda proxy integration, as the local stack builds them.

The shapes follow what AWS sends (API Gateway developer guide, "WebSocket API Lambda proxy integration" and the
``$connect`` authorizer input): ``requestContext`` carries the route key, the event type, the connection id, the
domain name and stage the management API is reached at, the API id and a request id of its own; ``$connect``
also carries the upgrade request's headers and query string, a message its body, ``$disconnect`` the close code
and reason. Header names arrive lower-cased (as the ASGI server gives them); read them case-insensitively, as
with any HTTP header.
"""

from __future__ import annotations

import base64
import secrets
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

STAGE = "api"
# An API id as AWS prints them: ten lower-case letters and digits.
API_ID = "localwsapi"


def new_id() -> str:
    """An id in the style of AWS's connection and request ids (``L0SM9cOFvHcCIhw=``: eleven random bytes in
    base64). URL-safe, so that it never contains a slash, but with the trailing ``=`` that a client must escape
    in the management API's path."""
    return base64.urlsafe_b64encode(secrets.token_bytes(11)).decode()


def epoch_ms(seconds: float) -> int:
    return int(seconds * 1000)


def iso_timestamp(seconds: float) -> str:
    """The management API's timestamps (``__timestampIso8601``)."""
    moment = datetime.fromtimestamp(seconds, UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _request_time(seconds: float) -> str:
    """``requestTime`` as API Gateway formats it, ``19/Jan/2023:21:13:26 +0000``, whatever the locale."""
    moment = datetime.fromtimestamp(seconds, UTC)
    return f"{moment.day:02d}/{MONTHS[moment.month - 1]}/{moment.year}:{moment:%H:%M:%S} +0000"


@dataclass(frozen=True)
class Peer:
    """What API Gateway knows of a connection from its upgrade request: it goes into every event of it."""

    connection_id: str
    connected_at: float  # epoch seconds
    domain_name: str
    source_ip: str
    user_agent: str
    headers: tuple[tuple[str, str], ...] = ()
    query: tuple[tuple[str, str], ...] = ()


def _single_and_multi(pairs: Iterable[tuple[str, str]]) -> tuple[dict[str, str], dict[str, list[str]]]:
    """API Gateway's two views of repeated keys: the last value, and all of them."""
    single: dict[str, str] = {}
    multi: dict[str, list[str]] = {}
    for name, value in pairs:
        single[name] = value
        multi.setdefault(name, []).append(value)
    return single, multi


def _request_context(peer: Peer, route_key: str, event_type: str, now: float) -> dict[str, Any]:
    return {
        "routeKey": route_key,
        "eventType": event_type,
        "extendedRequestId": new_id(),
        "requestTime": _request_time(now),
        "messageDirection": "IN",
        "stage": STAGE,
        "connectedAt": epoch_ms(peer.connected_at),
        "requestTimeEpoch": epoch_ms(now),
        "identity": {"sourceIp": peer.source_ip, "userAgent": peer.user_agent},
        "requestId": new_id(),
        "domainName": peer.domain_name,
        "connectionId": peer.connection_id,
        "apiId": API_ID,
    }


def connect_event(peer: Peer, now: float | None = None) -> dict[str, Any]:
    at = time.time() if now is None else now
    single_headers, multi_headers = _single_and_multi(peer.headers)
    event: dict[str, Any] = {
        "headers": single_headers,
        "multiValueHeaders": multi_headers,
        "requestContext": _request_context(peer, "$connect", "CONNECT", at),
        "isBase64Encoded": False,
    }
    if peer.query:
        single_query, multi_query = _single_and_multi(peer.query)
        event["queryStringParameters"] = single_query
        event["multiValueQueryStringParameters"] = multi_query
    return event


def message_event(peer: Peer, body: str, now: float | None = None) -> dict[str, Any]:
    """A client's text frame. Its route key is ``$default`` until the worker selects one from the body: the
    routes are the app's, known where the app is loaded."""
    at = time.time() if now is None else now
    context = _request_context(peer, "$default", "MESSAGE", at)
    context["messageId"] = new_id()
    return {"requestContext": context, "body": body, "isBase64Encoded": False}


def disconnect_event(peer: Peer, code: int, reason: str, now: float | None = None) -> dict[str, Any]:
    at = time.time() if now is None else now
    headers = [("host", peer.domain_name), ("x-api-key", ""), ("x-restapi", ""), ("x-forwarded-for", "")]
    single_headers, multi_headers = _single_and_multi(headers)
    context = _request_context(peer, "$disconnect", "DISCONNECT", at)
    context["disconnectStatusCode"] = code
    context["disconnectReason"] = reason
    return {
        "headers": single_headers,
        "multiValueHeaders": multi_headers,
        "requestContext": context,
        "isBase64Encoded": False,
    }

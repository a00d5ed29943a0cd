"""The WebSocket API's three routes (docs/api.md, "WebSocket (live updates)"), wired in app.py.

Chalice attaches WebSocket handlers only on the app itself (a Blueprint's would get the raw event), and names
each Lambda handler ``app.<function name>``: app.py registers these functions under their own names.
A handler reads the event, calls one service function and never raises: ``$connect`` answers a refusal with
its status (API Gateway then refuses the connection), messages are answered on the connection.
"""

from __future__ import annotations

from typing import Any

from chalice.app import Response, WebsocketEvent

from chalicelib.errors import DomainError
from chalicelib.handlers._http import error_body, error_response, json_headers
from chalicelib.observability import logger
from chalicelib.services.realtime import session


def _query(event: WebsocketEvent, name: str) -> str | None:
    params: dict[str, Any] = event.to_dict().get("queryStringParameters") or {}
    value = params.get(name)
    return value if isinstance(value, str) and value else None


def ws_connect(event: WebsocketEvent) -> Response | None:
    try:
        session.connect(event.connection_id, _query(event, "token"))
    except DomainError as exc:
        return error_response(exc)
    except Exception:
        logger.exception("connect failed", extra={"connection_id": event.connection_id})
        return Response(
            body=error_body("INTERNAL", "something went wrong on our side; please try again"),
            status_code=500,
            headers=json_headers(),
        )
    return None


def ws_message(event: WebsocketEvent) -> None:
    raw = event.to_dict().get("body")
    try:
        session.receive(event.connection_id, raw if isinstance(raw, str) else None)
    except Exception:
        logger.exception("message failed", extra={"connection_id": event.connection_id})
        session.report_failure(event.connection_id)


def ws_disconnect(event: WebsocketEvent) -> None:
    try:
        session.disconnect(event.connection_id)
    except Exception:
        # Left for TTL: the connection and its subscriptions expire with API Gateway's two-hour limit.
        logger.exception("disconnect failed", extra={"connection_id": event.connection_id})

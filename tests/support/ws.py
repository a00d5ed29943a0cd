"""WebSocket clients for tests: API Gateway's own events, handed to the app's handlers through the Chalice test
client (as the local stack's emulator hands them over), and the recording sender's view of each connection."""

from __future__ import annotations

import itertools
import json
import time
import uuid
from dataclasses import dataclass
from typing import Any

from chalice.test import Client

from tests.support.fakes import RecordingSender

API_ID = "wsapi12345"
DOMAIN = f"{API_ID}.execute-api.us-east-1.amazonaws.com"
ROUTES = {
    "$connect": ("CONNECT", "ws_connect"),
    "$default": ("MESSAGE", "ws_message"),
    "$disconnect": ("DISCONNECT", "ws_disconnect"),
}
_ids = itertools.count(1)


def gateway_event(
    route_key: str, connection_id: str, *, token: str | None = None, body: str | None = None
) -> dict[str, Any]:
    """An API Gateway WebSocket proxy event as Lambda receives it."""
    event_type, _ = ROUTES[route_key]
    now_ms = int(time.time() * 1000)
    event: dict[str, Any] = {
        "requestContext": {
            "routeKey": route_key,
            "eventType": event_type,
            "messageDirection": "IN",
            "connectionId": connection_id,
            "domainName": DOMAIN,
            "stage": "api",
            "apiId": API_ID,
            "requestId": uuid.uuid4().hex,
            "connectedAt": now_ms,
            "requestTimeEpoch": now_ms,
            "identity": {"sourceIp": "127.0.0.1"},
        },
        "isBase64Encoded": False,
    }
    if route_key == "$connect":
        event["headers"] = {"Host": DOMAIN, "Sec-WebSocket-Version": "13"}
        if token is not None:
            event["queryStringParameters"] = {"token": token}
            event["multiValueQueryStringParameters"] = {"token": [token]}
    if body is not None:
        event["body"] = body
    return event


@dataclass
class Connected:
    status: int
    body: Any
    connection_id: str

    @property
    def error_code(self) -> str | None:
        if isinstance(self.body, dict) and isinstance(self.body.get("error"), dict):
            return str(self.body["error"].get("code"))
        return None


class Ws:
    """Opens connections, sends client messages and reads what the server pushed to each connection."""

    def __init__(self, client: Client, sender: RecordingSender) -> None:
        self._client = client
        self.sender = sender

    def invoke(self, route_key: str, connection_id: str, **kw: Any) -> dict[str, Any]:
        _, handler = ROUTES[route_key]
        reply: dict[str, Any] = self._client.lambda_.invoke(
            handler, gateway_event(route_key, connection_id, **kw)
        ).payload
        return reply

    def invoke_concurrently(self, route_key: str, connection_id: str, **kw: Any) -> dict[str, Any]:
        """Calls the handler as Lambda does, bypassing the test client, which swaps ``os.environ`` for the duration
        of a call and, entered from several threads at once, can leave another thread's copy in place."""
        from app import app

        _, handler = ROUTES[route_key]
        reply: dict[str, Any] = app.handler_map[handler](gateway_event(route_key, connection_id, **kw), None)
        return reply

    def connect(self, token: str | None, connection_id: str | None = None, *, concurrently: bool = False) -> Connected:
        connection_id = connection_id or f"conn-{next(_ids)}="
        call = self.invoke_concurrently if concurrently else self.invoke
        reply = call("$connect", connection_id, token=token)
        body = reply.get("body")
        return Connected(int(reply["statusCode"]), json.loads(body) if body else None, connection_id)

    def open(self, token: str) -> str:
        """A connection that must be accepted."""
        connected = self.connect(token)
        assert connected.status == 200, connected.body
        return connected.connection_id

    def send(self, connection_id: str, message: dict[str, Any] | str) -> dict[str, Any]:
        """Sends one client message; returns the one answer it got on its connection."""
        before = len(self.sender.to(connection_id))
        body = message if isinstance(message, str) else json.dumps(message)
        reply = self.invoke("$default", connection_id, body=body)
        assert reply == {"statusCode": 200}, reply
        answers = self.sender.to(connection_id)[before:]
        assert len(answers) == 1, answers
        return answers[0]

    def subscribe(self, connection_id: str, topic: str) -> dict[str, Any]:
        return self.send(connection_id, {"action": "subscribe", "topic": topic})

    def watch(self, token: str, topic: str) -> str:
        """A new connection subscribed to ``topic``."""
        connection_id = self.open(token)
        answer = self.subscribe(connection_id, topic)
        assert answer["type"] == "subscribed", answer
        return connection_id

    def disconnect(self, connection_id: str) -> None:
        assert self.invoke("$disconnect", connection_id) == {"statusCode": 200}

    def pushed(self, connection_id: str, *types: str) -> list[dict[str, Any]]:
        """Server events (not answers) this connection received, optionally of the given types only."""
        answers = {"pong", "subscribed", "unsubscribed", "error"}
        events = [m for m in self.sender.to(connection_id) if m["type"] not in answers]
        return [m for m in events if not types or m["type"] in types]

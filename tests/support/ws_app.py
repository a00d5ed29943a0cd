"""A small Chalice app with WebSocket handlers, for testing the local stack's WebSocket API on its own.

It behaves as a real one does: it decides at ``$connect``, replies through the management API (boto3's
``apigatewaymanagementapi`` at ``DOCSPOT_WS_ENDPOINT``) and records every event it gets, one JSON line each, in
the file ``WS_TEST_JOURNAL`` names, so that the tests can read what the worker processes saw.
"""

from __future__ import annotations

import json
import os
import time
from functools import lru_cache
from typing import Any

import boto3
from chalice.app import Chalice, Response, WebsocketEvent

app = Chalice(app_name="ws-test")

PASSWORD = "let-me-in"


@lru_cache(maxsize=1)
def management() -> Any:
    return boto3.client("apigatewaymanagementapi", endpoint_url=os.environ["DOCSPOT_WS_ENDPOINT"])


def record(event: WebsocketEvent) -> None:
    with open(os.environ["WS_TEST_JOURNAL"], "a") as journal:
        journal.write(json.dumps(event.to_dict()) + "\n")


def reply(connection_id: str, message: dict[str, Any]) -> None:
    management().post_to_connection(ConnectionId=connection_id, Data=json.dumps(message).encode())


@app.on_ws_connect()
def connect(event: WebsocketEvent) -> Response | None:
    record(event)
    query = event.to_dict().get("queryStringParameters") or {}
    if query.get("token") != PASSWORD:
        return Response(status_code=403, body={"message": "wrong token"})
    if query.get("hold_until"):
        # Holds $connect until the test creates this file: the client gives up waiting meanwhile.
        deadline = time.monotonic() + 30
        while not os.path.exists(query["hold_until"]) and time.monotonic() < deadline:
            time.sleep(0.01)
    if query.get("post_on_connect"):
        # Too early: the connection is not established while $connect runs.
        try:
            reply(event.connection_id, {"type": "welcome"})
        except management().exceptions.GoneException:
            record_note(event.connection_id, "gone during $connect")
    return None


def record_note(connection_id: str, note: str) -> None:
    with open(os.environ["WS_TEST_JOURNAL"], "a") as journal:
        journal.write(json.dumps({"note": note, "connectionId": connection_id}) + "\n")


@app.on_ws_message()
def message(event: WebsocketEvent) -> dict[str, Any]:
    record(event)
    body = event.json_body
    me = event.connection_id
    action = body.get("action")
    if action == "whoami":
        reply(me, {"type": "you", "connectionId": me})
    elif action == "echo":
        reply(me, {"type": "echo", "data": body.get("data")})
    elif action == "tell":
        try:
            reply(body["to"], {"type": "told", "data": body.get("data"), "from": me})
        except management().exceptions.GoneException:
            reply(me, {"type": "gone", "to": body["to"]})
    elif action == "info":
        info = management().get_connection(ConnectionId=me)
        reply(me, {"type": "info", "sourceIp": info["Identity"]["SourceIp"], "connectedAt": str(info["ConnectedAt"])})
    elif action == "hang-up":
        management().delete_connection(ConnectionId=me)
    elif action == "boom":
        raise RuntimeError("the handler failed on purpose")
    # This answer is not sent to the client: the route has no route response, as in AWS.
    return {"statusCode": 200, "body": json.dumps({"type": "handler-answer"})}


@app.on_ws_disconnect()
def disconnect(event: WebsocketEvent) -> None:
    record(event)

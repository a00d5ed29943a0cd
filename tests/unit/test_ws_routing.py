"""How the local stack's WebSocket API picks a message's route and calls the app's handler, as API Gateway and
Chalice's Lambda entry point do (local/workers.py)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from chalice.app import Chalice, WebsocketEvent

from local import workers
from local.ws_events import Peer, connect_event, disconnect_event, message_event

PEER = Peer(
    connection_id="L0SM9cOFvHcCIhw=",
    connected_at=1_790_000_000.0,
    domain_name="127.0.0.1:8402",
    source_ip="127.0.0.1",
    user_agent="test",
    headers=(("host", "127.0.0.1:8402"),),
    query=(("token", "t"), ("topic", "a"), ("topic", "b")),
)


def test_message_with_an_action_the_app_has_goes_to_that_route() -> None:
    routes = {"$default": object(), "subscribe": object()}

    assert workers.select_route('{"action": "subscribe", "topic": "x"}', routes) == "subscribe"


@pytest.mark.parametrize(
    "body",
    [
        '{"action": "unknown"}',
        '{"topic": "x"}',
        "not json",
        '["action"]',
        '{"action": 3}',
        '{"action": "$connect"}',
        "",
    ],
)
def test_any_other_message_goes_to_default(body: str) -> None:
    routes = {"$default": object(), "$connect": object()}

    assert workers.select_route(body, routes) == "$default"


def test_events_carry_what_chalice_reads_and_what_api_gateway_sends() -> None:
    connected = connect_event(PEER, now=1_790_000_001.5)
    message = message_event(PEER, '{"action": "ping"}', now=1_790_000_002.0)
    gone = disconnect_event(PEER, 1001, "idle for 10 minutes", now=1_790_000_003.0)

    for event in (connected, message, gone):
        parsed = WebsocketEvent(event, None)
        assert parsed.connection_id == PEER.connection_id
        assert parsed.domain_name == "127.0.0.1:8402"
        assert parsed.stage == "api"
        assert event["requestContext"]["connectedAt"] == 1_790_000_000_000
    assert connected["queryStringParameters"] == {"token": "t", "topic": "b"}
    assert connected["multiValueQueryStringParameters"]["topic"] == ["a", "b"]
    assert connected["requestContext"]["requestTime"] == "21/Sep/2026:14:13:21 +0000"
    assert connected["requestContext"]["requestTimeEpoch"] == 1_790_000_001_500
    assert WebsocketEvent(message, None).json_body == {"action": "ping"}
    assert gone["requestContext"]["disconnectStatusCode"] == 1001
    assert gone["requestContext"]["disconnectReason"] == "idle for 10 minutes"
    assert connected["requestContext"]["requestId"] != message["requestContext"]["requestId"]


@pytest.fixture
def app() -> Iterator[Chalice]:
    app = Chalice(app_name="routing-test")
    previous = workers._app
    workers._app = app
    yield app
    workers._app = previous


def test_worker_runs_the_handler_chalice_registered_for_the_route(app: Chalice) -> None:
    seen: list[tuple[str, str]] = []

    @app.on_ws_message()
    def message(event: WebsocketEvent) -> None:
        seen.append((event.connection_id, event.body))

    reply = workers.handle_websocket(message_event(PEER, "hello"))

    assert reply == workers.WebsocketReply(route_key="$default", status=200)
    assert seen == [(PEER.connection_id, "hello")]


def test_worker_reports_a_route_the_app_has_no_handler_for(app: Chalice) -> None:
    assert workers.handle_websocket(message_event(PEER, "hello")).route_key is None
    assert workers.handle_websocket(connect_event(PEER)).route_key is None


def test_worker_passes_on_a_refusal_and_reports_a_failure(app: Chalice) -> None:
    from chalice.app import Response

    @app.on_ws_connect()
    def connect(event: WebsocketEvent) -> Response:
        return Response(status_code=401, body={"message": "sign in"})

    @app.on_ws_message()
    def message(event: WebsocketEvent) -> dict[str, Any]:
        raise RuntimeError("broken")

    refused = workers.handle_websocket(connect_event(PEER))
    failed = workers.handle_websocket(message_event(PEER, "x"))

    assert (refused.status, refused.body, refused.failed) == (401, '{"message":"sign in"}', False)
    assert (failed.route_key, failed.failed) == ("$default", True)

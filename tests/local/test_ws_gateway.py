"""The local stack's WebSocket API against a test app in real worker processes (conftest.py): connect accepted
or refused by ``$connect``, messages to ``$default``, replies through the ``@connections`` management API from
the workers and from here, 410 once closed, DELETE, ``$disconnect`` and API Gateway's limits."""

from __future__ import annotations

import base64
import json
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import boto3
import httpx
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.sync.client import ClientConnection, connect

from local.ws_gateway import IDLE_SECONDS, MAX_AGE_SECONDS, MAX_MESSAGE_BYTES
from tests.support.emulator import Emulator
from tests.support.ws_app import PASSWORD

RECEIVE_TIMEOUT = 10.0


@contextmanager
def client(emulator: Emulator, **query: str) -> Iterator[ClientConnection]:
    params = httpx.QueryParams({"token": PASSWORD, **query})
    with connect(f"{emulator.ws_url}?{params}", open_timeout=RECEIVE_TIMEOUT) as socket:
        yield socket


def ask(socket: ClientConnection, message: dict[str, Any]) -> dict[str, Any]:
    socket.send(json.dumps(message))
    return receive(socket)


def receive(socket: ClientConnection) -> dict[str, Any]:
    return dict(json.loads(socket.recv(timeout=RECEIVE_TIMEOUT)))


def connection_id(socket: ClientConnection) -> str:
    return str(ask(socket, {"action": "whoami"})["connectionId"])


def closed_with(socket: ClientConnection) -> tuple[int, str]:
    with pytest.raises(ConnectionClosed) as closed:
        socket.recv(timeout=RECEIVE_TIMEOUT)
    assert closed.value.rcvd is not None, "the server sent no close frame"
    return closed.value.rcvd.code, closed.value.rcvd.reason


def error_code(exc: ClientError) -> str:
    return str(exc.response["Error"]["Code"])


# --- connect --------------------------------------------------------------------------------------------------


def test_connect_accepted_by_the_handler_gets_an_api_gateway_connect_event(emulator: Emulator) -> None:
    with client(emulator, extra="yes") as socket:
        me = connection_id(socket)

    [event] = emulator.events_of(me, "$connect")
    context = event["requestContext"]
    assert context["eventType"] == "CONNECT"
    assert context["stage"] == "api"
    assert context["domainName"] == emulator.url.removeprefix("http://")
    assert context["identity"]["sourceIp"] == "127.0.0.1"
    assert context["apiId"] and context["requestId"] and context["messageDirection"] == "IN"
    assert isinstance(context["connectedAt"], int)
    assert event["queryStringParameters"] == {"token": PASSWORD, "extra": "yes"}
    assert event["headers"]["host"] == context["domainName"]
    assert event["headers"]["x-forwarded-for"] == "127.0.0.1"
    assert event["isBase64Encoded"] is False
    assert me.endswith("=") and "/" not in me


def test_connect_refused_by_the_handler_fails_the_handshake_with_its_status(emulator: Emulator) -> None:
    marker = f"wrong-{uuid.uuid4().hex}"

    with pytest.raises(InvalidStatus) as refused:
        connect(f"{emulator.ws_url}?token={marker}", open_timeout=RECEIVE_TIMEOUT)

    assert refused.value.response.status_code == 403
    assert json.loads(refused.value.response.body or b"") == {"message": "wrong token"}
    [event] = [e for e in emulator.events() if (e.get("queryStringParameters") or {}).get("token") == marker]
    refused_id = event["requestContext"]["connectionId"]
    assert emulator.events_of(refused_id) == [event], "a refused connection gets no other event"
    with pytest.raises(ClientError) as gone:
        emulator.management().post_to_connection(ConnectionId=refused_id, Data=b"hello?")
    assert error_code(gone.value) == "GoneException"


def test_posting_while_connect_runs_is_gone_but_the_connection_then_opens(emulator: Emulator) -> None:
    with client(emulator, post_on_connect="1") as socket:
        me = connection_id(socket)

    notes = [e for e in emulator.events() if e.get("connectionId") == me and "note" in e]
    assert notes == [{"note": "gone during $connect", "connectionId": me}]


def test_client_leaving_while_connect_runs_gets_a_disconnect_after_the_connect(
    emulator: Emulator, tmp_path: Path
) -> None:
    release = tmp_path / "release"
    params = httpx.QueryParams({"token": PASSWORD, "hold_until": str(release)})

    with pytest.raises(TimeoutError):
        connect(f"{emulator.ws_url}?{params}", open_timeout=0.5)
    [connected] = emulator.wait_for(
        lambda: [e for e in emulator.events() if (e.get("queryStringParameters") or {}).get("hold_until")]
    )
    release.touch()
    me = connected["requestContext"]["connectionId"]
    [disconnect] = emulator.wait_for(lambda: emulator.events_of(me, "$disconnect"))

    assert disconnect["requestContext"]["disconnectStatusCode"] == 1006


# --- messages -------------------------------------------------------------------------------------------------


def test_message_reaches_the_default_handler_which_replies_through_the_management_api(emulator: Emulator) -> None:
    with client(emulator) as socket:
        echoed = ask(socket, {"action": "echo", "data": "héllo"})
        # The handler's own answer is not sent back (no route response); the next frame is the next reply.
        me = connection_id(socket)

    assert echoed == {"type": "echo", "data": "héllo"}
    event = next(e for e in emulator.events_of(me, "$default") if json.loads(e["body"])["action"] == "echo")
    assert event["requestContext"]["eventType"] == "MESSAGE"
    assert event["requestContext"]["messageId"]
    assert json.loads(event["body"]) == {"action": "echo", "data": "héllo"}


def test_failing_message_handler_gets_api_gateways_error_message(emulator: Emulator) -> None:
    with client(emulator) as socket:
        me = connection_id(socket)
        notice = ask(socket, {"action": "boom"})
        still_open = ask(socket, {"action": "echo", "data": 1})

    assert notice["message"] == "Internal server error"
    assert notice["connectionId"] == me
    assert notice["requestId"]
    assert still_open == {"type": "echo", "data": 1}


def test_one_connection_reaches_another_through_the_management_api(emulator: Emulator) -> None:
    with client(emulator) as a, client(emulator) as b:
        b_id = connection_id(b)
        a.send(json.dumps({"action": "tell", "to": b_id, "data": {"slot": "x"}}))
        told = receive(b)
        emulator.management().post_to_connection(ConnectionId=b_id, Data=b'{"type": "from-outside"}')
        outside = receive(b)

    assert told["type"] == "told" and told["data"] == {"slot": "x"}
    assert outside == {"type": "from-outside"}


def test_get_connection_describes_it(emulator: Emulator) -> None:
    with client(emulator) as socket:
        me = connection_id(socket)
        seen_by_worker = ask(socket, {"action": "info"})
        described = emulator.management().get_connection(ConnectionId=me)

    assert seen_by_worker["sourceIp"] == "127.0.0.1"
    assert isinstance(described["ConnectedAt"], datetime)
    assert isinstance(described["LastActiveAt"], datetime)
    assert described["Identity"]["SourceIp"] == "127.0.0.1"
    assert "websockets" in described["Identity"]["UserAgent"]


# --- closing --------------------------------------------------------------------------------------------------


def test_closed_connection_is_gone_and_the_app_hears_disconnect(emulator: Emulator) -> None:
    with client(emulator) as socket:
        me = connection_id(socket)
    [disconnect] = emulator.wait_for(lambda: emulator.events_of(me, "$disconnect"))
    management = emulator.management()

    with pytest.raises(ClientError) as posted:
        management.post_to_connection(ConnectionId=me, Data=b"anyone?")
    with pytest.raises(ClientError) as described:
        management.get_connection(ConnectionId=me)
    with pytest.raises(ClientError) as deleted:
        management.delete_connection(ConnectionId=me)
    with client(emulator) as other:
        answer = ask(other, {"action": "tell", "to": me, "data": "late"})

    assert disconnect["requestContext"]["eventType"] == "DISCONNECT"
    assert disconnect["requestContext"]["disconnectStatusCode"] == 1000
    assert [error_code(e.value) for e in (posted, described, deleted)] == ["GoneException"] * 3
    assert posted.value.response["ResponseMetadata"]["HTTPStatusCode"] == 410
    assert answer == {"type": "gone", "to": me}


def test_unknown_connection_is_gone(emulator: Emulator) -> None:
    with pytest.raises(ClientError) as posted:
        emulator.management().post_to_connection(ConnectionId="L0SM9cOFvHcCIhw=", Data=b"x")

    assert error_code(posted.value) == "GoneException"


def test_delete_connection_closes_the_socket(emulator: Emulator) -> None:
    with client(emulator) as socket:
        me = connection_id(socket)
        emulator.management().delete_connection(ConnectionId=me)
        code, _ = closed_with(socket)

    [disconnect] = emulator.wait_for(lambda: emulator.events_of(me, "$disconnect"))
    assert code == 1000
    assert disconnect["requestContext"]["disconnectStatusCode"] == 1000


def test_handler_may_delete_its_own_connection(emulator: Emulator) -> None:
    with client(emulator) as socket:
        socket.send(json.dumps({"action": "hang-up"}))
        code, _ = closed_with(socket)

    assert code == 1000


# --- API Gateway's limits -------------------------------------------------------------------------------------


def test_message_over_128_kb_closes_the_connection_with_1009(emulator: Emulator) -> None:
    with client(emulator) as socket:
        me = connection_id(socket)
        socket.send("x" * (MAX_MESSAGE_BYTES + 1))
        code, _ = closed_with(socket)

    [disconnect] = emulator.wait_for(lambda: emulator.events_of(me, "$disconnect"))
    assert code == 1009
    assert disconnect["requestContext"]["disconnectStatusCode"] == 1009
    assert all(len(e.get("body") or "") <= MAX_MESSAGE_BYTES for e in emulator.events_of(me))


def test_message_of_128_kb_is_delivered(emulator: Emulator) -> None:
    padding = "x" * (MAX_MESSAGE_BYTES - 100)
    with client(emulator) as socket:
        echoed = ask(socket, {"action": "echo", "data": padding})

    assert echoed["data"] == padding


def test_binary_frame_closes_the_connection_with_1003(emulator: Emulator) -> None:
    with client(emulator) as socket:
        socket.send(b"\x00\x01binary")
        code, reason = closed_with(socket)

    assert code == 1003
    assert "binary" in reason


def test_post_over_128_kb_is_refused(emulator: Emulator) -> None:
    with client(emulator) as socket:
        me = connection_id(socket)
        with pytest.raises(ClientError) as posted:
            emulator.management().post_to_connection(ConnectionId=me, Data=b"x" * (MAX_MESSAGE_BYTES + 1))
        still_open = ask(socket, {"action": "echo", "data": "ok"})

    assert error_code(posted.value) == "PayloadTooLargeException"
    assert still_open["data"] == "ok"


def test_post_to_a_client_that_does_not_read_is_refused_with_429(emulator: Emulator) -> None:
    management = boto3.client(
        "apigatewaymanagementapi", endpoint_url=emulator.endpoint, config=Config(retries={"max_attempts": 1})
    )
    # Random text: permessage-deflate would shrink a repetitive one to nothing.
    block = base64.b64encode(os.urandom(MAX_MESSAGE_BYTES * 3 // 4))
    refused: ClientError | None = None
    # The client stops reading from the network as soon as one message waits unread (and so, when it closes, it
    # does not wait long for a closing handshake stuck behind megabytes it will never read).
    url = f"{emulator.ws_url}?token={PASSWORD}"
    with connect(url, max_queue=1, open_timeout=RECEIVE_TIMEOUT, close_timeout=0.5) as socket:
        me = connection_id(socket)
        for _ in range(500):
            try:
                management.post_to_connection(ConnectionId=me, Data=block)
            except ClientError as exc:
                refused = exc
                break

    assert refused is not None, "every post was taken"
    assert error_code(refused) == "LimitExceededException"
    assert refused.response["ResponseMetadata"]["HTTPStatusCode"] == 429


def test_unsigned_management_request_is_forbidden(emulator: Emulator) -> None:
    with client(emulator) as socket:
        me = connection_id(socket)
        reply = httpx.post(f"{emulator.endpoint}/@connections/{me}", content=b"x", trust_env=False)

    assert reply.status_code == 403
    assert reply.headers["x-amzn-errortype"] == "ForbiddenException"


def test_idle_connection_is_closed_after_10_minutes(emulator: Emulator) -> None:
    with client(emulator) as idle, client(emulator) as busy:
        idle_id = connection_id(idle)
        connection_id(busy)
        emulator.clock.advance(IDLE_SECONDS - 60)
        connection_id(busy)
        emulator.clock.advance(60)

        swept = emulator.sweep()
        code, reason = closed_with(idle)
        busy_still_open = connection_id(busy)

    assert swept == [idle_id]
    assert code == 1001
    assert "idle" in reason
    assert busy_still_open
    [disconnect] = emulator.wait_for(lambda: emulator.events_of(idle_id, "$disconnect"))
    assert disconnect["requestContext"]["disconnectStatusCode"] == 1001


def test_every_connection_is_closed_after_2_hours(emulator: Emulator) -> None:
    with client(emulator) as socket:
        me = connection_id(socket)
        step = IDLE_SECONDS / 2
        for _ in range(int(MAX_AGE_SECONDS // step) - 1):
            emulator.clock.advance(step)
            connection_id(socket)
            assert me not in emulator.sweep()

        emulator.clock.advance(step)
        swept = emulator.sweep()
        code, reason = closed_with(socket)

    assert swept == [me]
    assert code == 1001
    assert "2-hour" in reason

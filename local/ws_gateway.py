"""The local stack's WebSocket API: ``ws://HOST:PORT/ws`` and its ``@connections`` management API.

Chalice's own local server has no WebSocket support, so this plays API Gateway's part:

- **Connect.** The upgrade request waits while the app's ``$connect`` handler runs in a worker process (as the
  upgrade waits for the ``$connect`` integration in AWS). A 2xx answer completes the handshake; anything else
  refuses it with the handler's status and body (a raising handler: 500), and the client never gets a socket.
- **Messages.** Each text frame becomes a ``MESSAGE`` event for the route ``$request.body.action`` selects
  (``$default`` for Chalice's ``on_ws_message``), run in a worker like a REST event, concurrently and in no
  guaranteed order, as AWS invokes one Lambda per message. The handler's answer is not sent back: Chalice
  configures no route responses, so its routes are one-way and the app replies through the management API. As in
  AWS, the client hears from the gateway itself only when the message could not be handled: no route
  (``Forbidden``), a failing handler (``Internal server error``), a timeout. A binary frame closes the connection
  with 1003 and a message over 128 KB with 1009, as API Gateway does (the latter is enforced by the server's
  ``ws_max_size``, see ``server_options``).
- **Disconnect.** However a connection ends (the client closes or vanishes, ``DeleteConnection``, the time
  limits), the app gets one ``$disconnect`` event, with the close code and reason.
- **Time limits.** API Gateway closes a connection idle for 10 minutes (no message from the client) and every
  connection after 2 hours; so does this, with 1001 and a reason that says which.
- **Management API** at ``/_ws/@connections/{connectionId}``: what boto3's ``apigatewaymanagementapi`` client
  calls when ``DOCSPOT_WS_ENDPOINT`` points at ``http://HOST:PORT/_ws``, from any worker process. POST sends the
  body to the socket (a text frame if it is UTF-8, as API Gateway sends JSON), GET describes the connection,
  DELETE closes it; an unknown or closed connection is 410 ``GoneException``, a body over 128 KB 413
  ``PayloadTooLargeException``, a post to a client that has not read what it was sent for 2 seconds 429
  ``LimitExceededException`` (API Gateway's answer when the client's buffer is full), an unsigned request 403,
  in the shapes botocore parses into those exceptions.
  While ``$connect`` runs the connection is not established yet and, as in AWS, posting to it is 410; once the
  handler has said yes, a post waits the moment it takes to finish the handshake rather than fail.
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route, WebSocketRoute
from starlette.websockets import WebSocket, WebSocketDisconnect

from local.workers import WebsocketReply
from local.ws_events import Peer, connect_event, disconnect_event, iso_timestamp, message_event, new_id

log = logging.getLogger("local.websocket")

WS_PATH = "/ws"
MANAGEMENT_PREFIX = "/_ws"
# API Gateway's quotas for WebSocket APIs.
MAX_MESSAGE_BYTES = 128 * 1024
IDLE_SECONDS = 10 * 60
MAX_AGE_SECONDS = 2 * 60 * 60
INTEGRATION_TIMEOUT_SECONDS = 29.0
# How often the time limits are checked; a connection outlives its limit by at most this much.
SWEEP_SECONDS = 5.0
# How long a post may wait for a handshake that $connect has already allowed.
HANDSHAKE_WAIT_SECONDS = 5.0
# How long a post may wait for a client that does not read before it is refused with 429.
SEND_TIMEOUT_SECONDS = 2.0
# What $disconnect may take when the stack stops.
DISCONNECT_TIMEOUT_SECONDS = 10.0

GOING_AWAY = 1001
UNSUPPORTED_DATA = 1003
NO_STATUS = 1005
ABNORMAL = 1006
NORMAL = 1000


def management_endpoint(site_url: str) -> str:
    """What the app's sender is given as ``DOCSPOT_WS_ENDPOINT`` (boto3 appends ``/@connections/{id}``)."""
    return f"{site_url}{MANAGEMENT_PREFIX}"


def server_options() -> dict[str, Any]:
    """uvicorn settings the WebSocket API relies on: a message over API Gateway's limit closes the connection
    with 1009 before it is read into memory."""
    return {"ws": "websockets-sansio", "ws_max_size": MAX_MESSAGE_BYTES}


class RefusalNoise(logging.Filter):
    """uvicorn's websockets-sansio protocol sends a denial response (a refused ``$connect``) but never marks the
    handshake done, then logs "ASGI callable returned without completing handshake" for it: not an error here,
    where every refusal is logged as such."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "without completing handshake" not in record.getMessage()


REFUSAL_NOISE = RefusalNoise()


class Invoker(Protocol):
    async def invoke_websocket(self, event: dict[str, Any], timeout: float) -> WebsocketReply: ...


class State(enum.Enum):
    CONNECTING = "connecting"  # $connect runs: not established, posts are refused
    ACCEPTING = "accepting"  # $connect said yes: the handshake completes
    OPEN = "open"
    CLOSING = "closing"  # the gateway closes it (DeleteConnection, time limits)
    CLOSED = "closed"


class Gone(Exception):
    """The connection does not exist (any more, or yet): the management API answers 410."""


class Busy(Exception):
    """The client does not read what is sent to it: the management API answers 429, as API Gateway does when
    "the WebSocket client side buffer is full"."""


@dataclass
class CloseReason:
    code: int
    reason: str


class Connection:
    def __init__(self, peer: Peer, socket: WebSocket) -> None:
        self.peer = peer
        self.socket = socket
        self.state = State.CONNECTING
        self.last_active = peer.connected_at
        self.closed_by_gateway: CloseReason | None = None
        self.tasks: set[asyncio.Task[None]] = set()
        self._handshake_done = asyncio.Event()
        self._socket_lock = asyncio.Lock()

    @property
    def connection_id(self) -> str:
        return self.peer.connection_id

    def handshake_finished(self, state: State) -> None:
        self.state = state
        self._handshake_done.set()

    async def established(self) -> None:
        """Returns once the connection is open; raises Gone if it is not and will not be."""
        if self.state is State.ACCEPTING:
            try:
                await asyncio.wait_for(self._handshake_done.wait(), HANDSHAKE_WAIT_SECONDS)
            except TimeoutError:
                raise Gone(self.connection_id) from None
        if self.state is not State.OPEN:
            raise Gone(self.connection_id)

    async def send(self, data: bytes) -> None:
        """Raises Gone if the connection is not open, Busy if the client does not take the data in time."""
        await self.established()
        try:
            await asyncio.wait_for(self._send(data), SEND_TIMEOUT_SECONDS)
        except TimeoutError:
            raise Busy(self.connection_id) from None

    async def _send(self, data: bytes) -> None:
        async with self._socket_lock:
            if self.state is not State.OPEN:
                raise Gone(self.connection_id)
            try:
                text = data.decode()
            except UnicodeDecodeError:
                text = None
            try:
                # Waits while the client's buffers are full; nothing is written before, so a timeout is clean.
                if text is None:
                    await self.socket.send_bytes(data)
                else:
                    await self.socket.send_text(text)
            except (WebSocketDisconnect, RuntimeError, OSError) as exc:
                self.state = State.CLOSED
                raise Gone(self.connection_id) from exc

    async def close(self, code: int, reason: str) -> None:
        """The gateway's own close; the client's answer ends the receive loop, which sends ``$disconnect``."""
        await self.established()
        async with self._socket_lock:
            if self.state is not State.OPEN:
                raise Gone(self.connection_id)
            self.state = State.CLOSING
            self.closed_by_gateway = CloseReason(code, reason)
            try:
                await self.socket.close(code, reason)
            except (WebSocketDisconnect, RuntimeError, OSError):
                log.info("connection %s was already gone when the gateway closed it", self.connection_id)

    def info(self) -> dict[str, Any]:
        return {
            "connectedAt": iso_timestamp(self.peer.connected_at),
            "identity": {"sourceIp": self.peer.source_ip, "userAgent": self.peer.user_agent},
            "lastActiveAt": iso_timestamp(self.last_active),
        }


def _error(status: int, kind: str, message: str | None) -> Response:
    """An error as API Gateway's management API sends it: botocore takes the exception from the header."""
    return JSONResponse({"message": message}, status_code=status, headers={"x-amzn-ErrorType": kind})


def gone() -> Response:
    return _error(410, "GoneException", None)


class WebsocketGateway:
    def __init__(
        self,
        invoker: Invoker,
        *,
        clock: Callable[[], float] = time.time,
        idle_seconds: float = IDLE_SECONDS,
        max_age_seconds: float = MAX_AGE_SECONDS,
        sweep_seconds: float = SWEEP_SECONDS,
    ) -> None:
        self.invoker = invoker
        self.clock = clock
        self.idle_seconds = idle_seconds
        self.max_age_seconds = max_age_seconds
        self.sweep_seconds = sweep_seconds
        self.connections: dict[str, Connection] = {}
        self._sweeper: asyncio.Task[None] | None = None

    def routes(self) -> list[BaseRoute]:
        return [
            WebSocketRoute(WS_PATH, self.serve_socket),
            Route(
                MANAGEMENT_PREFIX + "/@connections/{connection_id}",
                self.manage,
                methods=["POST", "GET", "DELETE"],
            ),
        ]

    # --- the socket -------------------------------------------------------------------------------------------

    def _peer(self, socket: WebSocket) -> Peer:
        connection_id = new_id()
        while connection_id in self.connections:
            connection_id = new_id()
        source_ip = socket.client.host if socket.client else "127.0.0.1"
        host = socket.headers.get("host", "")
        port = host.rpartition(":")[2] if ":" in host else "80"
        headers = [*socket.headers.items(), ("x-forwarded-for", source_ip), ("x-forwarded-port", port)]
        headers.append(("x-forwarded-proto", "ws"))
        return Peer(
            connection_id=connection_id,
            connected_at=self.clock(),
            domain_name=host,
            source_ip=source_ip,
            user_agent=socket.headers.get("user-agent", ""),
            headers=tuple(headers),
            query=tuple(socket.query_params.multi_items()),
        )

    async def serve_socket(self, socket: WebSocket) -> None:
        await socket.receive()  # websocket.connect: the upgrade request
        peer = self._peer(socket)
        connection = Connection(peer, socket)
        self.connections[peer.connection_id] = connection
        try:
            if not await self._connect(connection):
                return
            close = CloseReason(ABNORMAL, "")
            try:
                close = await self._receive_until_closed(connection)
            finally:
                connection.handshake_finished(State.CLOSED)
                await self._disconnect(connection, close)
        finally:
            connection.handshake_finished(State.CLOSED)
            self.connections.pop(peer.connection_id, None)

    async def _connect(self, connection: Connection) -> bool:
        socket = connection.socket
        reply = await self._invoke(connect_event(connection.peer, self.clock()), "$connect")
        if reply is not None and reply.route_key is None:
            reply = WebsocketReply(route_key="$connect", status=200)  # no $connect handler: everyone may connect
        if reply is None or not 200 <= reply.status < 300:
            status = 500 if reply is None or reply.failed else reply.status
            log.info("WebSocket %s refused by $connect: %d", WS_PATH, status)
            connection.handshake_finished(State.CLOSED)
            with contextlib.suppress(OSError):  # the client may have given up meanwhile
                await socket.send_denial_response(self._denial(reply, status))
            return False
        connection.state = State.ACCEPTING
        try:
            await socket.accept()
        except OSError:
            # The client left while $connect ran; the app has seen the connection, so it hears it is gone.
            connection.handshake_finished(State.CLOSED)
            await self._disconnect(connection, CloseReason(ABNORMAL, ""))
            return False
        connection.last_active = self.clock()
        connection.handshake_finished(State.OPEN)
        log.info("WebSocket %s connection %s open", WS_PATH, connection.connection_id)
        self._start_sweeper()
        return True

    @staticmethod
    def _denial(reply: WebsocketReply | None, status: int) -> Response:
        if reply is None or reply.failed:
            return JSONResponse({"message": "Internal server error"}, status_code=status)
        headers = {k: v for k, v in reply.headers.items() if k.lower() not in ("content-length", "connection")}
        return Response(reply.body or "", status_code=status, headers=headers)

    async def _receive_until_closed(self, connection: Connection) -> CloseReason:
        socket = connection.socket
        while True:
            message = await socket.receive()
            if message["type"] == "websocket.disconnect":
                if connection.closed_by_gateway is not None:
                    return connection.closed_by_gateway
                return CloseReason(int(message.get("code") or NO_STATUS), str(message.get("reason") or ""))
            text = message.get("text")
            if text is None:
                with contextlib.suppress(Gone):
                    await connection.close(UNSUPPORTED_DATA, "binary frames are not supported")
                continue
            if connection.state is not State.OPEN:
                continue
            connection.last_active = self.clock()
            task = asyncio.create_task(self._deliver(connection, text))
            connection.tasks.add(task)
            task.add_done_callback(connection.tasks.discard)

    async def _deliver(self, connection: Connection, text: str) -> None:
        event = message_event(connection.peer, text, self.clock())
        reply = await self._invoke(event, "message")
        if reply is None:
            problem = "Internal server error"
        elif reply.route_key is None:
            problem = "Forbidden"
        elif reply.failed:
            problem = "Internal server error"
        else:
            return
        notice = {"message": problem, "connectionId": connection.connection_id}
        notice["requestId"] = event["requestContext"]["requestId"]
        with contextlib.suppress(Gone, Busy):
            await connection.send(json.dumps(notice).encode())

    async def _disconnect(self, connection: Connection, close: CloseReason) -> None:
        why = f"{close.code} {close.reason}".strip()
        log.info("WebSocket %s connection %s closed (%s)", WS_PATH, connection.connection_id, why)
        event = disconnect_event(connection.peer, close.code, close.reason, self.clock())
        await self._invoke(event, "$disconnect", timeout=DISCONNECT_TIMEOUT_SECONDS)

    async def _invoke(
        self, event: dict[str, Any], what: str, timeout: float = INTEGRATION_TIMEOUT_SECONDS
    ) -> WebsocketReply | None:
        """The handler's answer, or None if it could not be had (timeout, a dead worker)."""
        try:
            return await self.invoker.invoke_websocket(event, timeout=timeout)
        except TimeoutError:
            log.error("WebSocket %s took longer than %.0f s", what, timeout)
        except Exception:
            log.exception("WebSocket %s failed in the emulator", what)
        return None

    # --- time limits ------------------------------------------------------------------------------------------

    def _start_sweeper(self) -> None:
        if self._sweeper is None or self._sweeper.done():
            self._sweeper = asyncio.create_task(self._sweep_while_connected())

    async def _sweep_while_connected(self) -> None:
        while self.connections:
            await asyncio.sleep(self.sweep_seconds)
            await self.sweep()

    async def sweep(self) -> list[str]:
        """Closes the connections past API Gateway's limits; returns their ids."""
        now = self.clock()
        closed = []
        for connection in list(self.connections.values()):
            if connection.state is not State.OPEN:
                continue
            if now - connection.peer.connected_at >= self.max_age_seconds:
                reason = f"connection reached the {self.max_age_seconds / 3600:g}-hour limit"
            elif now - connection.last_active >= self.idle_seconds:
                reason = f"idle for {self.idle_seconds / 60:g} minutes"
            else:
                continue
            try:
                await connection.close(GOING_AWAY, reason)
            except Gone:
                continue
            closed.append(connection.connection_id)
        return closed

    # --- the management API -----------------------------------------------------------------------------------

    async def manage(self, request: Request) -> Response:
        if not request.headers.get("authorization", "").startswith("AWS4-HMAC-SHA256 "):
            return _error(403, "ForbiddenException", "Missing Authentication Token")
        connection = self.connections.get(request.path_params["connection_id"])
        if connection is None:
            return gone()
        try:
            if request.method == "POST":
                data = await request.body()
                if len(data) > MAX_MESSAGE_BYTES:
                    return _error(413, "PayloadTooLargeException", "Message too long")
                await connection.send(data)
                return Response(status_code=200)
            if request.method == "DELETE":
                await connection.close(NORMAL, "connection deleted")
                return Response(status_code=204)
            await connection.established()
            return JSONResponse(connection.info())
        except Gone:
            return gone()
        except Busy:
            return _error(429, "LimitExceededException", "the client is not reading what is sent to it")

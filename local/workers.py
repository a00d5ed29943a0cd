"""The Lambda side of the emulator: a pool of worker processes, each serving one API Gateway event at a time.

A Chalice app object is not safe to call from two threads at once (``app.current_request`` is shared, chalice
issue #759), and Lambda never does that either: each execution environment handles one event at a time and many
run side by side. So each worker process imports the app once and hands events to Chalice's ``LocalGateway`` one
by one, while the pool gives real concurrency, and races between requests are real races over moto.

WebSocket events (``ws_gateway.py``) run in the same workers, as in AWS, where the Chalice app's WebSocket
handlers are Lambda functions built from the same package: a worker picks the handler Chalice registered for the
event's route key (``app.websocket_handlers``) and calls it as Lambda would, through ``app.handler_map``.
"""

from __future__ import annotations

import asyncio
import base64
import gc
import importlib
import json
import logging
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from multiprocessing.synchronize import Barrier
from typing import Any, TypeVar

from chalice.app import Chalice
from chalice.local import LambdaContext

from local.gateway import DocSpotGateway, gateway_response

log = logging.getLogger("local.workers")
T = TypeVar("T")

LOG_FORMAT = "%(levelname)-8s %(name)s[%(process)d]: %(message)s"
WORKER_HEADER = "X-Local-Worker-Pid"
HOP_BY_HOP = frozenset({"content-length", "transfer-encoding", "connection", "keep-alive"})
# What the workers import and serve, as "module:attribute".
DEFAULT_APP = "app:app"


@dataclass(frozen=True)
class GatewayRequest:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass(frozen=True)
class GatewayResponse:
    status: int
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""


@dataclass(frozen=True)
class WebsocketReply:
    """What a WebSocket handler answered. ``route_key`` is the route the event was given to (a message's is
    selected in the worker, where the app's routes are known); None when the app has no handler for it."""

    route_key: str | None
    status: int
    body: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    failed: bool = False


# API Gateway's route selection expression for Chalice's WebSocket APIs.
ROUTE_SELECTION_KEY = "action"
DEFAULT_ROUTE = "$default"


def configure_logging() -> None:
    """The stack's own messages only: the app's logger (powertools, JSON) has its own handler, and a handler on
    the root logger would print each of its lines twice."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    stack_logger = logging.getLogger("local")
    stack_logger.addHandler(handler)
    stack_logger.setLevel(logging.INFO)
    stack_logger.propagate = False


# --- inside a worker process -----------------------------------------------------------------------------------

_gateway: DocSpotGateway | None = None
_app: Chalice | None = None
_barrier: Barrier | None = None


def init_worker(parent_pid: int, barrier: Barrier | None, app_spec: str = DEFAULT_APP) -> None:
    """Imports the app once per process, as a Lambda cold start does.

    Ctrl-C reaches the whole process group, but the parent decides when workers stop (it shuts the pool down):
    a worker ignores SIGINT rather than die mid-request with a traceback (see also ``WorkerPool._submit``).
    """
    global _gateway, _app, _barrier
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    configure_logging()
    threading.Thread(target=_exit_when_orphaned, args=(parent_pid,), name="orphan-watch", daemon=True).start()
    from local.gateway import make_gateway

    module_name, _, attribute = app_spec.partition(":")
    app = getattr(importlib.import_module(module_name), attribute)
    _app = app
    _gateway = make_gateway(app)
    _barrier = barrier
    # What the import built lives as long as the process. Frozen, the collector stops walking it at every full
    # collection and once more when the process exits, which made stopping a busy stack take seconds.
    gc.freeze()


def _exit_when_orphaned(parent_pid: int) -> None:
    """A worker blocks on its task queue forever if the stack is killed with SIGKILL; this ends it instead."""
    while os.getppid() == parent_pid:
        time.sleep(1.0)
    os._exit(0)


def worker_ready(timeout: float) -> int:
    """Waits until every worker of the pool runs this at once: proof that all are up, each a separate process."""
    if _barrier is not None:
        _barrier.wait(timeout)
    return os.getpid()


def handle(request: GatewayRequest) -> GatewayResponse:
    if _gateway is None:
        raise RuntimeError("the worker was not initialised")
    try:
        reply = _gateway.handle_request(request.method, request.path, request.headers, request.body or None)
    except Exception:
        log.exception("the gateway failed on %s %s", request.method, request.path.split("?")[0])
        reply = gateway_response(500)
    return _to_http(reply)


def handle_websocket(event: dict[str, Any]) -> WebsocketReply:
    if _app is None:
        raise RuntimeError("the worker was not initialised")
    context = event["requestContext"]
    if context["eventType"] == "MESSAGE":
        context["routeKey"] = select_route(event.get("body"), _app.websocket_handlers)
    route_key = context["routeKey"]
    config = _app.websocket_handlers.get(route_key)
    if config is None:
        return WebsocketReply(route_key=None, status=200)
    handler = _app.handler_map[config.name]
    lambda_context = LambdaContext(function_name=config.name, memory_size=1024, max_runtime_ms=29_000)
    try:
        reply = handler(event, lambda_context)
    except Exception:
        log.exception("the WebSocket handler %s failed on %s", config.name, route_key)
        return WebsocketReply(route_key=route_key, status=500, failed=True)
    if not isinstance(reply, dict) or not isinstance(reply.get("statusCode"), int):
        log.error("the WebSocket handler %s answered %r, not a proxy response", config.name, type(reply).__name__)
        return WebsocketReply(route_key=route_key, status=500, failed=True)
    body = reply.get("body")
    headers = {str(k): str(v) for k, v in (reply.get("headers") or {}).items()}
    return WebsocketReply(
        route_key=route_key, status=reply["statusCode"], body=None if body is None else str(body), headers=headers
    )


def handle_schedule(name: str) -> bool:
    """Runs the app's scheduled function ``name`` with an EventBridge-shaped event, as its Lambda would be invoked
    (by its handler string); False if it raised (its error is logged, as CloudWatch would show it)."""
    if _app is None:
        raise RuntimeError("the worker was not initialised")
    config = next(source for source in _app.event_sources if getattr(source, "name", None) == name)
    module_name, _, attribute = config.handler_string.rpartition(".")
    handler = getattr(importlib.import_module(module_name), attribute)
    now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    event = {
        "version": "0",
        "id": base64.urlsafe_b64encode(os.urandom(12)).decode(),
        "detail-type": "Scheduled Event",
        "source": "aws.events",
        "account": "123456789012",
        "time": now,
        "region": os.environ.get("AWS_REGION", "us-east-1"),
        "resources": [f"arn:aws:events:local:123456789012:rule/{name}"],
        "detail": {},
    }
    context = LambdaContext(function_name=name, memory_size=1024, max_runtime_ms=240_000)
    try:
        handler(event, context)
    except Exception:
        log.exception("the scheduled function %s failed", name)
        return False
    return True


def select_route(body: str | None, routes: Mapping[str, Any]) -> str:
    """``$request.body.action``: a JSON object's ``action`` picks its route if the app has one by that name;
    anything else (no JSON, no action, an unknown one) goes to ``$default``."""
    try:
        message = json.loads(body or "")
    except ValueError:
        return DEFAULT_ROUTE
    action = message.get(ROUTE_SELECTION_KEY) if isinstance(message, dict) else None
    if isinstance(action, str) and action in routes and not action.startswith("$"):
        return action
    return DEFAULT_ROUTE


def _to_http(reply: dict[str, Any]) -> GatewayResponse:
    """A Lambda proxy answer as API Gateway puts it on the wire: single and multi-value headers, decoded body."""
    headers = [(str(k), str(v)) for k, v in (reply.get("headers") or {}).items()]
    for name, values in (reply.get("multiValueHeaders") or {}).items():
        headers += [(str(name), str(v)) for v in values]
    headers = [(k, v) for k, v in headers if k.lower() not in HOP_BY_HOP]
    headers.append((WORKER_HEADER, str(os.getpid())))
    body = reply.get("body")
    if body is None:
        raw = b""
    elif reply.get("isBase64Encoded"):
        raw = base64.b64decode(body)
    else:
        raw = body.encode() if isinstance(body, str) else bytes(body)
    return GatewayResponse(status=int(reply["statusCode"]), headers=headers, body=raw)


# --- in the stack's process ------------------------------------------------------------------------------------


class WorkerPool:
    """``WORKERS`` spawned processes; a pool broken by a dying worker is replaced, as Lambda replaces a crashed
    environment, rather than failing every later request."""

    def __init__(self, size: int, app_spec: str = DEFAULT_APP) -> None:
        self.size = size
        self._app_spec = app_spec
        self._context = multiprocessing.get_context("spawn")
        self._barrier = self._context.Barrier(size)
        self._executor = self._new_executor(self._barrier)
        self._warm = False

    def _new_executor(self, barrier: Barrier | None) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            max_workers=self.size,
            mp_context=self._context,
            initializer=init_worker,
            initargs=(os.getpid(), barrier, self._app_spec),
        )

    def _submit(self, fn: Callable[..., T], *args: Any) -> Future[T]:
        """Submits, with SIGINT blocked in this thread while the pool may spawn a worker: the worker inherits the
        mask, so the Ctrl-C that reaches the whole process group never interrupts it, not even while it boots.
        A SIGINT meant for this process stays pending meanwhile and is delivered right after."""
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            return self._executor.submit(fn, *args)
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, previous)

    def warm_up(self, timeout: float = 60.0) -> list[int]:
        """Starts every worker now rather than on the first requests; returns their pids."""
        futures = [self._submit(worker_ready, timeout) for _ in range(self.size)]
        pids = sorted({future.result(timeout=timeout + 5) for future in futures})
        self._warm = True
        return pids

    async def invoke(self, request: GatewayRequest, timeout: float) -> GatewayResponse:
        return await self._run(handle, request, timeout)

    async def invoke_websocket(self, event: dict[str, Any], timeout: float) -> WebsocketReply:
        return await self._run(handle_websocket, event, timeout)

    def run_schedule(self, name: str, timeout: float) -> bool:
        """Runs one scheduled function in a worker, blocking the calling thread (the scheduler's own)."""
        return self._submit(handle_schedule, name).result(timeout=timeout)

    def call(self, fn: Callable[..., T], *args: Any, timeout: float) -> T:
        """Runs ``fn(*args)`` in a worker, blocking the calling thread (a queue poller's own: local/queues.py)."""
        return self._submit(fn, *args).result(timeout=timeout)

    async def _run(self, job: Callable[[Any], T], argument: Any, timeout: float) -> T:
        executor = self._executor
        try:
            future = self._submit(job, argument)
        except BrokenProcessPool:
            # The pool broke before this event reached it (a worker died earlier): the new pool takes it.
            self._replace(executor)
            executor = self._executor
            future = self._submit(job, argument)
        try:
            return await asyncio.wait_for(asyncio.wrap_future(future), timeout)
        except BrokenProcessPool:
            # A worker died while the pool held this event, maybe running it: never run an event twice.
            self._replace(executor)
            raise

    def _replace(self, broken: ProcessPoolExecutor) -> None:
        if broken is self._executor:
            log.error("a worker process died; starting a new pool")
            self._executor = self._new_executor(barrier=None)
            broken.shutdown(wait=False, cancel_futures=True)

    def shutdown(self) -> None:
        """Warm workers finish the event in hand and exit. Workers still booting have nothing to lose, and a
        Ctrl-C during the start should not wait seconds for them to finish importing the app: they are ended."""
        self._barrier.abort()
        if self._warm:
            self._executor.shutdown(wait=True, cancel_futures=True)
            return
        booting = list(self._executor._processes.values())
        self._executor.shutdown(wait=False, cancel_futures=True)
        for process in booting:
            process.terminate()
        for process in booting:
            process.join(5)

"""The WebSocket API of the local stack on its own: worker processes running a small test app (ws_app.py), the
gateway's routes served by uvicorn in a thread of this process, real WebSocket clients and a real boto3
management client over 127.0.0.1. The gateway's clock is a fake one, so its time limits are tested without
waiting for them.
"""

from __future__ import annotations

import asyncio
import json
import os
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import boto3
import pytest
import uvicorn
from starlette.applications import Starlette

from local.launch import free_port
from local.stack import bind
from local.workers import WorkerPool
from local.ws_gateway import WebsocketGateway, management_endpoint, server_options

APP = "tests.local.ws_app:app"
WORKERS = 2
START_TIMEOUT = 60.0


class ManualClock:
    def __init__(self) -> None:
        self.now = time.time()

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@dataclass
class Emulator:
    url: str
    gateway: WebsocketGateway
    clock: ManualClock
    journal: Path
    loop: asyncio.AbstractEventLoop

    @property
    def ws_url(self) -> str:
        return "ws" + self.url.removeprefix("http") + "/ws"

    @property
    def endpoint(self) -> str:
        return management_endpoint(self.url)

    def management(self) -> Any:
        return boto3.client("apigatewaymanagementapi", endpoint_url=self.endpoint)

    def sweep(self) -> list[str]:
        """Runs the gateway's time-limit check on its own event loop, now."""
        return asyncio.run_coroutine_threadsafe(self.gateway.sweep(), self.loop).result(timeout=10)

    def events(self) -> list[dict[str, Any]]:
        if not self.journal.exists():
            return []
        return [json.loads(line) for line in self.journal.read_text().splitlines()]

    def events_of(self, connection_id: str, route_key: str | None = None) -> list[dict[str, Any]]:
        return [
            e
            for e in self.events()
            if e.get("requestContext", {}).get("connectionId") == connection_id
            and (route_key is None or e["requestContext"]["routeKey"] == route_key)
        ]

    def wait_for(self, found: Callable[[], Any], timeout: float = 10.0) -> Any:
        """Polls for something a worker process writes (its journal); the wait ends as soon as it is there."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = found()
            if value:
                return value
            time.sleep(0.02)
        raise AssertionError(f"not seen within {timeout} s; journal: {self.events()}")


@pytest.fixture(scope="session")
def emulator(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Emulator]:
    # The workers inherit the process's real environment: a plain dict left in os.environ (a test client's
    # environment swap that leaked) would hide the settings below from them.
    assert isinstance(os.environ, os._Environ), "os.environ was replaced by a plain dict by an earlier test"
    journal = tmp_path_factory.mktemp("ws") / "journal.jsonl"
    sock = bind("127.0.0.1", free_port())
    url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    # The spawned workers inherit this environment.
    os.environ["DOCSPOT_WS_ENDPOINT"] = management_endpoint(url)
    os.environ["WS_TEST_JOURNAL"] = str(journal)
    pool = WorkerPool(WORKERS, app_spec=APP)
    clock = ManualClock()
    # Only the tests sweep: the gateway's own sweeper would race them for the connections they expire.
    gateway = WebsocketGateway(pool, clock=clock, sweep_seconds=24 * 3600)
    app = Starlette(routes=gateway.routes())
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off", **server_options()))
    # A runner cancels what is left (the gateway's sweeper) when it closes.
    runner = asyncio.Runner()
    loop = runner.get_loop()

    def serve() -> None:
        with runner:
            runner.run(server.serve(sockets=[sock]))

    thread = threading.Thread(target=serve, daemon=True)
    try:
        pool.warm_up(START_TIMEOUT)
        thread.start()
        deadline = time.monotonic() + START_TIMEOUT
        while not server.started:
            assert time.monotonic() < deadline, "the emulator did not start"
            time.sleep(0.02)
        yield Emulator(url=url, gateway=gateway, clock=clock, journal=journal, loop=loop)
    finally:
        server.should_exit = True
        thread.join(timeout=15)
        pool.shutdown()
        sock.close()
        os.environ.pop("DOCSPOT_WS_ENDPOINT", None)
        os.environ.pop("WS_TEST_JOURNAL", None)

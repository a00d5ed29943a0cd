"""The WebSocket API of the local stack on its own: worker processes running a small test app
(tests/support/ws_app.py), the gateway's routes served by uvicorn in a thread of this process, real WebSocket
clients and a real boto3 management client over 127.0.0.1. The gateway's clock is a fake one, so its time limits
are tested without waiting for them.
"""

from __future__ import annotations

import asyncio
import os
import threading
import time
from collections.abc import Iterator

import pytest
import uvicorn
from starlette.applications import Starlette

from local.launch import free_port
from local.stack import bind
from local.workers import WorkerPool
from local.ws_gateway import WebsocketGateway, management_endpoint, server_options
from tests.support.emulator import Emulator, ManualClock

APP = "tests.support.ws_app:app"
WORKERS = 2
START_TIMEOUT = 60.0


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

"""The local stack's WebSocket API run on its own, as tests/local sees it: the gateway, its fake clock and the
journal in which the test app's worker processes (tests/support/ws_app.py) record every event they get."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import boto3

from local.ws_gateway import WebsocketGateway, management_endpoint


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

"""Talking to the local stack as a client does: over real HTTP, each thread with its own connection."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import boto3
import httpx
import pytest

from local.launch import spawn, wait_healthy
from tests.support.contract import check

START_TIMEOUT = 60.0
STOP_TIMEOUT = 15.0
DEMO_PASSWORD = "docspot-demo"
ADMIN = ("admin@docspot.test", "docspot-admin")
PATIENTS = ("paula.patient@docspot.test", "marco.rossi@docspot.test", "lucia.fernandez@docspot.test")
PENDING_DOCTOR = "elena.petrova@docspot.test"
WORKER_HEADER = "x-local-worker-pid"


@dataclass
class Stack:
    process: subprocess.Popen[bytes]
    url: str
    state: Path
    log: Path
    workers: int

    @property
    def api(self) -> str:
        return f"{self.url}/api"

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def client(self) -> httpx.Client:
        """A client of the API whose every answer is checked against the OpenAPI document."""
        return httpx.Client(
            base_url=self.api, timeout=30, trust_env=False, event_hooks={"response": [checked_against_contract]}
        )

    @property
    def ws(self) -> str:
        return "ws" + self.url.removeprefix("http") + "/ws"

    def management(self) -> Any:
        """boto3's client for the stack's ``@connections`` management API, as the app's sender uses it."""
        return boto3.client(
            "apigatewaymanagementapi",
            endpoint_url=f"{self.url}/_ws",
            region_name="us-east-1",
            aws_access_key_id="local",
            aws_secret_access_key="local",
        )


def checked_against_contract(response: httpx.Response) -> None:
    response.read()
    path = response.request.url.path.removeprefix("/api")
    check(response.request.method, path, response.status_code, response.headers.get("content-type"), response.text)


@dataclass(frozen=True)
class Account:
    user_id: str
    email: str
    token: str


def wait_until_healthy(stack: Stack) -> None:
    problem = wait_healthy(stack.process, stack.api, START_TIMEOUT)
    if problem is not None:
        pytest.fail(f"{problem}:\n{stack.output()}")


@contextlib.contextmanager
def running_stack(home: Path, workers: int, settings: dict[str, str] | None = None) -> Iterator[Stack]:
    """``python -m local`` spawned in a session of its own (``settings``: its own ``DOCSPOT_*`` variables), healthy
    before it is handed out, and ended with its workers on the way out, whatever happened."""
    process, port, log = spawn(home, workers, settings)
    running = Stack(
        process=process, url=f"http://127.0.0.1:{port}", state=home / "stack.json", log=log, workers=workers
    )
    try:
        wait_until_healthy(running)
        yield running
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def live_members(group: int) -> list[int]:
    """Processes of the stack's process group still running (zombies waiting for a reaper do not count)."""
    members = []
    for entry in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = entry.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == group and fields[0] != "Z":
            members.append(int(entry.parent.name))
    return members


def login(http: httpx.Client, email: str, password: str = DEMO_PASSWORD) -> str:
    reply = http.post("/auth/login", json={"email": email, "password": password})
    assert reply.status_code == 200, reply.text
    return str(reply.json()["access_token"])


def login_account(http: httpx.Client, email: str, password: str = DEMO_PASSWORD) -> Account:
    reply = http.post("/auth/login", json={"email": email, "password": password})
    assert reply.status_code == 200, reply.text
    body = reply.json()
    return Account(user_id=body["user"]["user_id"], email=email, token=body["access_token"])


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def assert_error_shape(reply: httpx.Response, status: int, code: str) -> None:
    assert reply.status_code == status, reply.text
    assert reply.headers["content-type"].startswith("application/json")
    error: dict[str, Any] = reply.json()["error"]
    assert error["code"] == code
    assert error["message"]


def error_code(reply: httpx.Response) -> str:
    return str(reply.json()["error"]["code"])


def race(stack: Stack, calls: Sequence[Callable[[httpx.Client], httpx.Response]]) -> list[httpx.Response]:
    """Runs every call at once, each from its own thread over its own connection; answers in the order of
    ``calls``. The connections open after the start: one opened before could sit idle past the server's
    keep-alive timeout while the others get ready, and be reset under the request."""
    start = threading.Barrier(len(calls))
    answers: list[httpx.Response | BaseException | None] = [None] * len(calls)

    def run(index: int) -> None:
        try:
            with stack.client() as client:
                start.wait(timeout=30)
                answers[index] = calls[index](client)
        except BaseException as exc:
            start.abort()
            answers[index] = exc

    threads = [threading.Thread(target=run, args=(i,), name=f"racer-{i}") for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    failures = [a for a in answers if not isinstance(a, httpx.Response)]
    if failures:
        raise AssertionError(f"{len(failures)} racers did not get an answer: {failures[:3]!r}")
    return [a for a in answers if isinstance(a, httpx.Response)]


@dataclass(frozen=True)
class PublishedSlot:
    slot_id: str
    doctor_id: str
    start: datetime
    end: datetime


def publish_slot(http: httpx.Client, admin_token: str, doctor_id: str, zone: str, day: date) -> PublishedSlot:
    """One free 30-minute slot of ``doctor_id`` on ``day`` (the doctor's calendar), through the admin's endpoint.

    Evening hours first, outside the demo doctors' weekly rules; a time already covered by a slot is skipped by
    the endpoint, and the next one is tried."""
    for hour in (21, 22, 20, 19, 23, 6, 7):
        reply = http.post(
            f"/admin/doctors/{doctor_id}/slots",
            json={
                "date": day.isoformat(),
                "start_time": f"{hour:02d}:00",
                "end_time": f"{hour:02d}:30",
                "duration_minutes": 30,
            },
            headers=bearer(admin_token),
        )
        assert reply.status_code == 201, reply.text
        created = reply.json()["created"]
        if created:
            slot = created[0]
            assert slot["state"] == "available", slot
            return PublishedSlot(
                slot_id=slot["slot_id"],
                doctor_id=doctor_id,
                start=datetime.fromisoformat(slot["start"]),
                end=datetime.fromisoformat(slot["end"]),
            )
    pytest.fail(f"no free evening hour for a slot of {doctor_id} on {day} in {zone}")


def day_ahead(zone: str, days: int) -> date:
    return (datetime.now(ZoneInfo(zone)) + timedelta(days=days)).date()

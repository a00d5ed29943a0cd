"""The local stack as a developer meets it: `python -m local` in a subprocess, spoken to over real HTTP.

One stack serves the whole module (it takes seconds to start); the last test stops it with SIGTERM. The stack
writes its state file under a temporary directory, so a developer's running `make run` is left alone.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import stat
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

pytestmark = pytest.mark.stack

REPO = Path(__file__).resolve().parents[2]
START_TIMEOUT = 60.0
STOP_TIMEOUT = 15.0
WORKERS = 2
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

    @property
    def api(self) -> str:
        return f"{self.url}/api"

    def output(self) -> str:
        return self.log.read_text(errors="replace")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_healthy(stack: Stack) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if stack.process.poll() is not None:
            pytest.fail(f"the stack exited with {stack.process.returncode}:\n{stack.output()}")
        try:
            if httpx.get(f"{stack.api}/health", timeout=2, trust_env=False).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    pytest.fail(f"the stack did not answer /api/health within {START_TIMEOUT:.0f} s:\n{stack.output()}")


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


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    home = tmp_path_factory.mktemp("stack")
    port = free_port()
    env = {
        **os.environ,
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "WORKERS": str(WORKERS),
        "DOCSPOT_LOCAL_STATE": str(home / "stack.json"),
        "PYTHONUNBUFFERED": "1",
    }
    log = home / "stack.log"
    with log.open("wb") as sink:
        # Its own session: the clean-up below can end the stack and its workers together, whatever happened.
        process = subprocess.Popen(
            [sys.executable, "-m", "local"],
            cwd=REPO,
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    running = Stack(process=process, url=f"http://127.0.0.1:{port}", state=home / "stack.json", log=log)
    try:
        wait_until_healthy(running)
        yield running
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


@pytest.fixture
def http(stack: Stack) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=stack.api, timeout=30, trust_env=False) as client:
        yield client


def login(http: httpx.Client, email: str, password: str = DEMO_PASSWORD) -> str:
    reply = http.post("/auth/login", json={"email": email, "password": password})
    assert reply.status_code == 200, reply.text
    return str(reply.json()["access_token"])


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def assert_error_shape(reply: httpx.Response, status: int, code: str) -> None:
    assert reply.status_code == status, reply.text
    assert reply.headers["content-type"].startswith("application/json")
    error: dict[str, Any] = reply.json()["error"]
    assert error["code"] == code
    assert error["message"]


def test_demo_catalogue_lists_specialties_and_approved_doctors(http: httpx.Client) -> None:
    specialties = http.get("/specialties")
    doctors = http.get("/doctors", params={"limit": 50})

    assert specialties.status_code == 200
    assert len(specialties.json()["items"]) >= 6
    assert doctors.status_code == 200
    assert len(doctors.json()["items"]) >= 8


def test_search_finds_a_demo_doctor_despite_a_typo(http: httpx.Client) -> None:
    reply = http.get("/doctors", params={"q": "Dr Schmitd"})

    assert reply.status_code == 200
    assert reply.json()["items"][0]["name"] == "Anna Schmidt"


def test_new_patient_registers_logs_in_and_reads_own_profile(http: httpx.Client) -> None:
    email = f"e2e-{uuid.uuid4().hex[:8]}@example.com"
    registered = http.post(
        "/auth/register",
        json={"role": "patient", "email": email, "password": "e2e-password", "name": "Erin Endtoend"},
    )
    assert registered.status_code == 201, registered.text

    token = login(http, email, "e2e-password")
    me = http.get("/me", headers=bearer(token))

    assert me.status_code == 200, me.text
    assert me.json()["email"] == email
    assert me.json()["role"] == "patient"


def test_profile_without_a_token_is_refused_in_the_error_shape(http: httpx.Client) -> None:
    assert_error_shape(http.get("/me"), 401, "UNAUTHORIZED")
    assert_error_shape(http.get("/me", headers=bearer("not-a-token")), 401, "UNAUTHORIZED")


def test_unknown_path_answers_404_in_the_error_shape(http: httpx.Client) -> None:
    assert_error_shape(http.get("/no/such/thing"), 404, "NOT_FOUND")


def test_admin_approves_the_pending_demo_doctor_who_then_appears_in_search(http: httpx.Client) -> None:
    admin = login(http, *ADMIN)
    queue = http.get("/admin/doctors", params={"status": "PENDING"}, headers=bearer(admin))
    assert queue.status_code == 200, queue.text
    pending = next(d for d in queue.json()["items"] if d["email"] == PENDING_DOCTOR)
    assert http.get("/doctors", params={"q": pending["name"]}).json()["items"] == []

    approved = http.post(f"/admin/doctors/{pending['doctor_id']}/approve", json={}, headers=bearer(admin))

    assert approved.status_code == 200, approved.text
    assert approved.json()["status"] == "APPROVED"
    found = http.get("/doctors", params={"q": pending["name"]}).json()["items"]
    assert [d["doctor_id"] for d in found] == [pending["doctor_id"]]


def test_concurrent_requests_run_in_separate_workers_and_never_see_each_others_caller(
    stack: Stack, http: httpx.Client
) -> None:
    tokens = {email: login(http, email) for email in PATIENTS}
    asks = [email for _ in range(7) for email in PATIENTS]
    start = threading.Barrier(len(asks))

    def ask(email: str) -> tuple[str, str, str]:
        with httpx.Client(base_url=stack.api, timeout=30, trust_env=False) as client:
            start.wait()
            reply = client.get("/me", headers=bearer(tokens[email]))
        assert reply.status_code == 200, reply.text
        return email, reply.json()["email"], reply.headers[WORKER_HEADER]

    with ThreadPoolExecutor(max_workers=len(asks)) as pool:
        answers = list(pool.map(ask, asks))

    assert [(asked, got) for asked, got, _ in answers] == [(asked, asked) for asked in asks]
    workers = {int(pid) for _, _, pid in answers}
    assert len(workers) == WORKERS
    assert stack.process.pid not in workers


def test_state_file_tells_dev_commands_how_to_reach_the_stack(stack: Stack) -> None:
    state = json.loads(stack.state.read_text())

    assert state["pid"] == stack.process.pid
    assert state["stage"] == "local"
    assert state["moto_endpoint"].startswith("http://127.0.0.1:")
    assert len(state["jwt_secret"]) >= 32
    assert stat.S_IMODE(stack.state.stat().st_mode) == 0o600


def test_admin_command_creates_an_admin_in_the_running_stack_once(stack: Stack, http: httpx.Client) -> None:
    email = f"ops-{uuid.uuid4().hex[:8]}@docspot.test"
    command = [sys.executable, "-m", "tools.create_admin", "--email", email, "--password", "ops-password"]
    env = {**os.environ, "DOCSPOT_LOCAL_STATE": str(stack.state)}

    first = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=60)
    again = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=60)

    assert first.returncode == 0, first.stderr
    me = http.get("/me", headers=bearer(login(http, email, "ops-password")))
    assert me.json()["role"] == "admin"
    assert again.returncode == 1
    assert "already exists" in again.stderr
    assert "Traceback" not in again.stderr


def test_sigterm_stops_the_stack_cleanly(stack: Stack) -> None:
    stack.process.send_signal(signal.SIGTERM)

    assert stack.process.wait(timeout=STOP_TIMEOUT) == 0, stack.output()
    assert not stack.state.exists()
    assert "Traceback" not in stack.output()
    deadline = time.monotonic() + 5
    while live_members(stack.process.pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert live_members(stack.process.pid) == []

"""The local stack as a developer meets it: `python -m local` in a subprocess, spoken to over real HTTP.

The stack is the session's shared one (conftest.py); the last test stops it with SIGTERM.
"""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from local.launch import REPO
from tests.support.stack import (
    ADMIN,
    PATIENTS,
    PENDING_DOCTOR,
    STOP_TIMEOUT,
    WORKER_HEADER,
    Stack,
    assert_error_shape,
    bearer,
    live_members,
    login,
)

pytestmark = pytest.mark.stack


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
        with stack.client() as client:
            start.wait()
            reply = client.get("/me", headers=bearer(tokens[email]))
        assert reply.status_code == 200, reply.text
        return email, reply.json()["email"], reply.headers[WORKER_HEADER]

    with ThreadPoolExecutor(max_workers=len(asks)) as pool:
        answers = list(pool.map(ask, asks))

    assert [(asked, got) for asked, got, _ in answers] == [(asked, asked) for asked in asks]
    workers = {int(pid) for _, _, pid in answers}
    assert len(workers) == stack.workers
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


@pytest.mark.stops_stack
def test_sigterm_stops_the_stack_cleanly(stack: Stack) -> None:
    stack.process.send_signal(signal.SIGTERM)

    assert stack.process.wait(timeout=STOP_TIMEOUT) == 0, stack.output()
    assert not stack.state.exists()
    assert "Traceback" not in stack.output()
    deadline = time.monotonic() + 5
    while live_members(stack.process.pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert live_members(stack.process.pid) == []

"""Starts ``python -m local`` as a subprocess on a free port and waits until it answers: for the end-to-end tests
and the benches, which both need a stack of their own beside any ``make run`` a developer has going."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def spawn(
    home: Path, workers: int, settings: dict[str, str] | None = None
) -> tuple[subprocess.Popen[bytes], int, Path]:
    """The stack, its port and its log file. Its state file lives in ``home``; it runs in a session of its own, so
    whoever started it can end it and its workers together with ``os.killpg``. ``settings`` are extra
    ``DOCSPOT_*`` variables for this stack only."""
    port = free_port()
    env = {
        **os.environ,
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "WORKERS": str(workers),
        "DOCSPOT_LOCAL_STATE": str(home / "stack.json"),
        "PYTHONUNBUFFERED": "1",
        # Tests and benches drive every change themselves; a background job would blur what they measure.
        "SCHEDULES": os.environ.get("SCHEDULES", "off"),
        **(settings or {}),
    }
    log = home / "stack.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "local"],
            cwd=REPO,
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    return process, port, log


def wait_healthy(process: subprocess.Popen[bytes], api: str, timeout: float) -> str | None:
    """None once ``/health`` answers 200; otherwise why not (the stack exited, or the time ran out)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return f"the stack exited with {process.returncode}"
        try:
            if httpx.get(f"{api}/health", timeout=2, trust_env=False).status_code == 200:
                return None
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    return f"the stack did not answer {api}/health within {timeout:.0f} s"

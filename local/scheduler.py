"""The app's schedules, run locally at their own rates (EventBridge's part in AWS): lapsed waitlist offers every
minute, reminders and mail retries every five, the slot horizon daily. Each run goes to a worker process like any
other event; a run still going when the next is due is not started twice (EventBridge would; the jobs are safe
either way, so the local stack keeps its log quieter).

``SCHEDULES=off`` in the environment turns them off, e.g. to watch one flow without background jobs.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from dataclasses import dataclass
from typing import Any, Protocol

log = logging.getLogger("local.scheduler")

SECONDS = {"MINUTES": 60, "HOURS": 3600, "DAYS": 86400}
RUN_TIMEOUT_SECONDS = 300.0


@dataclass
class Job:
    name: str
    every: float
    due: float


def jobs_of(app: Any, now: float) -> list[Job]:
    """Every rate schedule of the app, first due one interval from ``now``."""
    found = []
    for source in app.event_sources:
        expression: Any = getattr(source, "schedule_expression", None)
        unit = getattr(expression, "unit", None)
        if expression is not None and unit in SECONDS:
            every = float(expression.value * SECONDS[unit])
            found.append(Job(source.name, every, now + every))
    return found


def enabled() -> bool:
    return os.environ.get("SCHEDULES", "on").strip().lower() not in {"off", "0", "false", "no"}


class Runner(Protocol):
    def run_schedule(self, name: str, timeout: float) -> bool: ...


class Scheduler:
    def __init__(self, pool: Runner, jobs: list[Job], tick: float = 0.5) -> None:
        self._pool = pool
        self._jobs = jobs
        self._tick = tick
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="schedules", daemon=True)

    @property
    def names(self) -> list[str]:
        return [job.name for job in self._jobs]

    def start(self) -> None:
        if self._jobs:
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=5)

    def _loop(self) -> None:
        while not self._stop.is_set():
            now = time.monotonic()
            for job in self._jobs:
                if job.due <= now and not self._stop.is_set():
                    self._run(job)
                    job.due = max(job.due + job.every, time.monotonic())
            next_due = min(job.due for job in self._jobs)
            self._stop.wait(max(self._tick, next_due - time.monotonic()))

    def _run(self, job: Job) -> None:
        started = time.perf_counter()
        try:
            ok = self._pool.run_schedule(job.name, RUN_TIMEOUT_SECONDS)
        except Exception:
            if not self._stop.is_set():
                log.exception("schedule %s could not run", job.name)
            return
        log.info(
            "schedule %s %s in %.0f ms", job.name, "ran" if ok else "failed", (time.perf_counter() - started) * 1000
        )

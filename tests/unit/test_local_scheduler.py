"""The local stack runs the app's schedules at their rates, each run in a worker like any other event."""

from __future__ import annotations

import threading
import time
from typing import Any

from local import workers
from local.scheduler import Job, Scheduler, jobs_of


class RecordingRunner:
    def __init__(self) -> None:
        self.runs: list[str] = []
        self.ran = threading.Event()

    def run_schedule(self, name: str, timeout: float) -> bool:
        self.runs.append(name)
        self.ran.set()
        return True


def test_every_rate_schedule_of_the_app_becomes_a_job_due_one_interval_later() -> None:
    from app import app

    jobs = {job.name: job for job in jobs_of(app, now=1000.0)}

    assert jobs["waitlist-offers"].every == 60
    assert jobs["mail"].every == 300
    assert jobs["slot-horizon"].every == 86400
    assert all(job.due == 1000.0 + job.every for job in jobs.values())


def test_a_due_job_runs_once_and_waits_for_its_next_interval() -> None:
    runner = RecordingRunner()
    now = time.monotonic()
    scheduler = Scheduler(runner, [Job("mail", 3600, now), Job("slot-horizon", 3600, now + 3600)], tick=0.01)

    scheduler.start()
    assert runner.ran.wait(timeout=5)
    time.sleep(0.1)
    scheduler.stop()

    assert runner.runs == ["mail"]


def test_a_worker_runs_a_schedule_through_its_lambda_handler(aws: None, monkeypatch: Any) -> None:
    from app import app

    monkeypatch.setattr(workers, "_app", app)

    assert workers.handle_schedule("waitlist-offers") is True
    assert workers.handle_schedule("mail") is True

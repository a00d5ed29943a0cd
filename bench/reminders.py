"""Prints what one reminder run costs with 1,000 appointments in the next day: DynamoDB requests (by operation)
and the run's time against moto, for a run that finds every 24-hour reminder due at once (a backlog, e.g. the
first run after a deploy) and for the steady state five minutes later.

``python -m bench.reminders [--appointments N] [--server]``. In-process moto by default; ``--server`` talks to a
moto server over HTTP, as the local stack does, so each request pays its (de)serialisation. SES is moto's too.
"""

from __future__ import annotations

import argparse
import os
import time
from collections import Counter
from datetime import UTC, datetime, timedelta

from bench.offline import use_offline_environment

use_offline_environment()

from bench.counting import RequestCounter  # noqa: E402

COUNTER = RequestCounter()
COUNTER.install()

from chalicelib.models.appointments import Appointment  # noqa: E402
from chalicelib.models.users import User  # noqa: E402
from chalicelib.services.core.times import iso  # noqa: E402
from chalicelib.services.mail import reminders  # noqa: E402

DOCTORS = 20
PATIENTS = 500
NOW = datetime(2026, 12, 1, 6, 0, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.current = NOW

    def now(self) -> datetime:
        return self.current


def seed(count: int) -> None:
    """Users and appointments written straight into the tables: only the reminder run is measured. Starts spread
    evenly over (now + 65 min, now + 24 h], so every 24-hour reminder is due at the first run."""
    created = NOW - timedelta(days=7)
    with User.batch_write() as batch:
        for i in range(DOCTORS):
            batch.save(_user(f"doctor{i:03d}", f"Doctor {i}", "Europe/Berlin"))
        for i in range(PATIENTS):
            batch.save(_user(f"patient{i:04d}", f"Patient {i}", "America/New_York"))
    first = NOW + timedelta(minutes=65)
    spread = (timedelta(hours=24) - timedelta(minutes=65)) / count
    with Appointment.batch_write() as batch:
        for i in range(count):
            start = first + spread * i
            batch.save(
                Appointment(
                    appointment_id=f"appt{i:05d}",
                    patient_id=f"patient{i % PATIENTS:04d}",
                    doctor_id=f"doctor{i % DOCTORS:03d}",
                    start=iso(start),
                    end=iso(start + timedelta(minutes=30)),
                    day=iso(start)[:10],
                    status="SCHEDULED",
                    reason_for_visit="kept out of every mail",
                    sequence=0,
                    created_at=created,
                    updated_at=created,
                )
            )


def _user(user_id: str, name: str, zone: str) -> User:
    return User(
        user_id=user_id,
        email=f"{user_id}@bench.test",
        name=name,
        role="doctor" if user_id.startswith("doctor") else "patient",
        password_hash="-",
        timezone=zone,
        created_at=NOW - timedelta(days=30),
    )


def measure(label: str) -> tuple[str, reminders.RunReport, Counter[str], float]:
    with COUNTER.measure() as calls:
        started = time.perf_counter()
        report = reminders.run(budget_seconds=3600)
        elapsed = time.perf_counter() - started
    return label, report, calls, elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--appointments", type=int, default=1000)
    parser.add_argument("--server", action="store_true", help="moto over HTTP (as the local stack does)")
    args = parser.parse_args()

    from chalicelib.adapters.mailer import SesMailer
    from chalicelib.adapters.registry import use_adapters
    from chalicelib.config import get_settings
    from local.tables import create_tables

    if args.server:
        from local.moto_backend import start_moto

        backend = start_moto()
        os.environ["AWS_ENDPOINT_URL"] = backend.endpoint
        context = None
    else:
        from moto import mock_aws

        context = mock_aws()
        context.start()
    try:
        import boto3

        create_tables()
        boto3.client("ses").verify_email_identity(EmailAddress=get_settings().mail_from)
        clock = Clock()
        use_adapters(clock=clock, mailer=SesMailer(get_settings().mail_from))
        seed(args.appointments)
        rows = [measure("backlog: every 24 h reminder due")]
        clock.current += timedelta(minutes=5)
        rows.append(measure("steady state, 5 minutes later"))
        clock.current += timedelta(minutes=5)
        rows.append(measure("steady state, 10 minutes later"))
    finally:
        if context is not None:
            context.stop()
        else:
            backend.stop()

    where = "moto server over HTTP" if args.server else "in-process moto"
    print(f"\nOne reminder run, {args.appointments:,} appointments in the next 24 hours ({where})")
    print(f"{'run':36} {'examined':>8} {'sent':>6} {'requests':>9} {'seconds':>8}  DynamoDB requests")
    for label, report, calls, seconds in rows:
        breakdown = ", ".join(f"{op} {n}" for op, n in sorted(calls.items()))
        total = sum(calls.values())
        print(f"{label:36} {report.examined:>8} {report.sent:>6} {total:>9} {seconds:>8.2f}  {breakdown}")
        if calls.get("Scan"):
            raise SystemExit("a reminder run scanned a table")
    print("Scans: 0. Each sent reminder costs two conditional UpdateItems (claim, then sent) and one SES call;")
    print(f"users are read in BatchGets of up to {2 * reminders.BATCH} keys; one Query per UTC day in the window.")


if __name__ == "__main__":
    main()

"""Prints what the daily slot horizon costs, run sequentially (one Lambda, as before the fan-out) and fanned out
over SQS (the schedule enqueues batches of doctors, a consumer Lambda works each batch), and extrapolates both to
50,000 doctors from the measured per-doctor and per-unit costs.

``python -m bench.horizon_fanout [--doctors N] [--batch K] [--concurrency C] [--in-process] [--sequential-only]``

Each doctor (approved, in Berlin) has one weekly rule, Monday to Friday 09:00-17:00 in 30-minute slots, generated
up to the day before the horizon, so a run writes one working day (16 slots) per doctor: the steady state of the
daily job. Two groups of N doctors: the first is extended by the sequential job, the second by the fan-out (the
schedule's enqueue, then every message received from SQS and handed to the consumer's Lambda handler, one after
another; each unit's cost is measured on its own). Against the local stack's moto server over HTTP by default (each
request pays its (de)serialisation; item-level rollback), ``--in-process`` for moto in this process.
``--sequential-only`` measures the first group alone (it runs on code from before the fan-out too).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import time
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from typing import Any

from bench.offline import use_offline_environment

use_offline_environment(DOCSPOT_HORIZON_WEEKS="8")

from bench.counting import RequestCounter  # noqa: E402

COUNTER = RequestCounter("dynamodb", "sqs")
COUNTER.install()

from chalicelib.models.availability_rules import EXTENDING, AvailabilityRule  # noqa: E402
from chalicelib.models.doctors import Doctor  # noqa: E402

NOW = datetime(2026, 12, 1, 5, 0, tzinfo=UTC)  # a Tuesday; 06:00 in Berlin
ZONE = "Europe/Berlin"
TARGET = 50_000
LAMBDA_LIMIT_SECONDS = 900


class Clock:
    def now(self) -> datetime:
        return NOW


def seed(prefix: str, count: int) -> list[str]:
    """Doctors and their rules written straight into the tables: only the horizon run is measured. Each rule is
    generated up to the day before the horizon's last day, which is a working day (Monday 25 January 2027)."""
    last = date(2026, 12, 1) + timedelta(weeks=8) - timedelta(days=1)
    assert last.isoweekday() <= 5, last
    ids = [f"{prefix}{i:05d}" for i in range(count)]
    with Doctor.batch_write() as batch:
        for doctor_id in ids:
            batch.save(
                Doctor(
                    doctor_id=doctor_id,
                    name=f"Doctor {doctor_id}",
                    name_sort=f"doctor {doctor_id}",
                    specialty_id="cardiology",
                    status="APPROVED",
                    license_number=f"LIC-{doctor_id}",
                    timezone=ZONE,
                    created_at=NOW - timedelta(days=60),
                )
            )
    with AvailabilityRule.batch_write() as batch:
        for doctor_id in ids:
            batch.save(
                AvailabilityRule(
                    doctor_id=doctor_id,
                    rule_id="weekdays",
                    weekdays={1, 2, 3, 4, 5},
                    start_time="09:00",
                    end_time="17:00",
                    duration_minutes=30,
                    timezone=ZONE,
                    valid_from="2026-11-01",
                    generated_until=(last - timedelta(days=1)).isoformat(),
                    extend_key=EXTENDING,
                    created_at=NOW - timedelta(days=60),
                )
            )
    return ids


def sequential(count: int) -> dict[str, Any]:
    from chalicelib.services.availability import slots

    seed("seq", count)
    with COUNTER.measure() as calls:
        started = time.perf_counter()
        report = slots.extend_horizon()
        seconds = time.perf_counter() - started
    assert report.rules == count, report
    return {"seconds": seconds, "calls": calls, "created": report.created}


def fanned_out(count: int) -> dict[str, Any]:
    import boto3

    import app as lambdas
    from chalicelib.adapters.queues import HORIZON
    from chalicelib.adapters.registry import adapters
    from chalicelib.services.availability import horizon
    from local.queues import sqs_event

    seed("fan", count)
    with COUNTER.measure() as enqueue_calls:
        started = time.perf_counter()
        enqueued = horizon.enqueue()
        enqueue_seconds = time.perf_counter() - started
    assert enqueued.doctors == count, enqueued
    sqs = boto3.client("sqs")
    url = adapters().queues.url(HORIZON)  # type: ignore[attr-defined]
    units: list[tuple[float, Counter[str], int]] = []
    while messages := sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=1).get("Messages", []):
        event = sqs_event(f"docspot-bench-{HORIZON}", messages, "us-east-1")
        doctors = len(json.loads(messages[0]["Body"])["doctor_ids"])
        with COUNTER.measure() as calls:
            started = time.perf_counter()
            reply = lambdas.extend_horizon_batches(event, None)
            seconds = time.perf_counter() - started
        assert reply == {"batchItemFailures": []}, reply
        sqs.delete_message(QueueUrl=url, ReceiptHandle=messages[0]["ReceiptHandle"])
        units.append((seconds, calls, doctors))
    return {"enqueue_seconds": enqueue_seconds, "enqueue_calls": enqueue_calls, "units": units, "messages": enqueued}


def breakdown(calls: Counter[str]) -> str:
    return ", ".join(f"{op} {n}" for op, n in sorted(calls.items()))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--doctors", type=int, default=500, help="doctors in each group")
    parser.add_argument("--batch", type=int, default=None, help="doctors per message (DOCSPOT_HORIZON_BATCH_DOCTORS)")
    parser.add_argument("--concurrency", type=int, default=None, help="consumers at once (default: app.py's)")
    parser.add_argument("--in-process", action="store_true", help="moto in this process instead of over HTTP")
    parser.add_argument("--sequential-only", action="store_true")
    args = parser.parse_args()
    if args.batch:
        os.environ["DOCSPOT_HORIZON_BATCH_DOCTORS"] = str(args.batch)

    from chalicelib.adapters.registry import use_adapters
    from chalicelib.config import get_settings
    from local.tables import create_tables

    backend = context = None
    if args.in_process:
        from moto import mock_aws

        context = mock_aws()
        context.start()
    else:
        from local.moto_backend import start_moto

        backend = start_moto()
        os.environ["AWS_ENDPOINT_URL"] = backend.endpoint
    try:
        create_tables()
        use_adapters(clock=Clock())
        seq = sequential(args.doctors)
        fan = None
        if not args.sequential_only:
            from local.queues import create_queues

            create_queues()
            fan = fanned_out(args.doctors)
    finally:
        if context is not None:
            context.stop()
        if backend is not None:
            backend.stop()

    where = "in-process moto" if args.in_process else "moto server over HTTP, as the local stack"
    seq_total = sum(seq["calls"].values())
    per_doctor = seq["seconds"] / args.doctors
    print(f"\nThe daily slot horizon, {args.doctors:,} doctors a group, 16 new slots each ({where}, this machine)")
    print(f"sequential job: {seq['seconds']:.1f} s, {seq['created']:,} slots, {seq_total:,} DynamoDB requests")
    print(
        f"  per doctor: {1000 * per_doctor:.0f} ms, {seq_total / args.doctors:.1f} requests ({breakdown(seq['calls'])})"
    )
    need = per_doctor * TARGET
    print(
        f"  extrapolated to {TARGET:,} doctors: {need / 60:.0f} minutes in one Lambda"
        f" ({'over' if need > LAMBDA_LIMIT_SECONDS else 'within'} its 15-minute limit)"
    )
    if fan is None:
        return

    from chalicelib.handlers import queues as consumers

    batch = get_settings().horizon_batch_doctors
    concurrency = args.concurrency or consumers.HORIZON_CONCURRENCY
    units = fan["units"]
    seconds = [u[0] for u in units]
    requests = [sum(u[1].values()) for u in units]
    full = [u for u in units if u[2] == batch] or units
    unit_seconds = statistics.mean(u[0] for u in full)
    unit_requests = statistics.mean(sum(u[1].values()) for u in full)
    every: Counter[str] = Counter()
    for _, calls, _ in units:
        every.update(calls)
    print(f"fan-out, {batch} doctors a message:")
    enq = fan["enqueue_calls"]
    print(
        f"  enqueue: {fan['enqueue_seconds']:.2f} s for {fan['messages'].messages} messages ({breakdown(enq)}),"
        f" {1000 * fan['enqueue_seconds'] / args.doctors:.2f} ms a doctor"
    )
    print(
        f"  a unit of {batch} doctors: mean {unit_seconds:.2f} s, p50 {statistics.median(seconds):.2f} s,"
        f" max {max(seconds):.2f} s; {unit_requests:.0f} DynamoDB requests"
        f" (min {min(requests)}, max {max(requests)}; all units: {breakdown(every)})"
    )
    messages = math.ceil(TARGET / batch)
    waves = math.ceil(messages / concurrency)
    enqueue_at_target = fan["enqueue_seconds"] / args.doctors * TARGET
    print(f"extrapolated from the measured costs to {TARGET:,} doctors ({batch} a message, {concurrency} consumers):")
    print(
        f"  enqueue {enqueue_at_target:.0f} s in the schedule's Lambda; {messages:,} units of {unit_seconds:.1f} s each"
        f" (every one well under a minute), in {waves} waves: about {waves * unit_seconds / 60:.0f} minutes"
        f" end to end, {messages * unit_requests / (waves * unit_seconds):.0f} DynamoDB requests a second"
    )


if __name__ == "__main__":
    main()

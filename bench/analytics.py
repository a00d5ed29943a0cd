"""Prints what a year of analytics costs with 500 doctors x 365 days of daily counters: DynamoDB requests (by
operation) and time against in-process moto, for the whole platform, one specialty and one doctor, by day and by
month.

``python -m bench.analytics [--doctors N] [--days N]``. The counters are written straight into the table as the
changes would have left them (every doctor's items, and the shard items of the platform and the specialties):
only the reading is measured.
"""

from __future__ import annotations

import argparse
import time
from datetime import date, timedelta

from bench.offline import use_offline_environment

use_offline_environment()

from bench.counting import RequestCounter  # noqa: E402

COUNTER = RequestCounter("dynamodb")
COUNTER.install()

from chalicelib.models.analytics import DailyAggregate  # noqa: E402
from chalicelib.services.analytics import _counters as counters  # noqa: E402
from chalicelib.services.analytics import report  # noqa: E402

FIRST = date(2026, 1, 1)
SPECIALTIES = 10


def _item(scope: str, day: str, values: dict[str, int]) -> DailyAggregate:
    item = DailyAggregate(scope=scope, day=day)
    for name, value in values.items():
        setattr(item, name, value)
    return item


def seed(doctors: int, days: int) -> int:
    """One day's counters of a doctor: 8 hours published, 6 booked, 12 visits, 1 no-show, 1 cancellation, EUR."""
    shared: dict[tuple[str, str], dict[str, int]] = {}
    written = 0
    with DailyAggregate.batch_write() as batch:
        for number in range(doctors):
            doctor_id = f"doctor{number:04d}"
            specialty = f"specialty{number % SPECIALTIES}"
            for offset in range(days):
                day = (FIRST + timedelta(days=offset)).isoformat()
                values = {"published_minutes": 480, "booked_minutes": 360, "appointments": 12, "completed": 10}
                values |= {"no_shows": 1, "cancelled_patient": 1}
                batch.save(_item(f"doctor#{doctor_id}", day, values))
                written += 1
                for scope in counters.scopes(doctor_id, specialty, None)[1:]:
                    row = shared.setdefault((scope, day), dict.fromkeys(values, 0))
                    for name, value in values.items():
                        row[name] += value
        for (scope, day), values in shared.items():
            batch.save(_item(scope, day, values))
            written += 1
    return written


def measure(label: str, read: object) -> None:
    with COUNTER.measure() as calls:
        began = time.perf_counter()
        answer = read()  # type: ignore[operator]
        elapsed = time.perf_counter() - began
    periods = len(answer.series)
    print(
        f"  {label:<38} {dict(calls)}  {elapsed * 1000:7.0f} ms  {periods} periods, {answer.totals.appointments} visits"
    )


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.analytics", description=__doc__)
    parser.add_argument("--doctors", type=int, default=500)
    parser.add_argument("--days", type=int, default=365)
    args = parser.parse_args()
    from moto import mock_aws

    from local.tables import create_tables

    with mock_aws():
        create_tables()
        began = time.perf_counter()
        items = seed(args.doctors, args.days)
        print(
            f"{items} counter items for {args.doctors} doctors x {args.days} days ({time.perf_counter() - began:.0f} s)"
        )
        first, last = FIRST, FIRST + timedelta(days=args.days - 1)
        measure("platform, a year by day", lambda: report.series(counters.platform_scopes(), first, last, "day"))
        measure("platform, a year by month", lambda: report.series(counters.platform_scopes(), first, last, "month"))
        measure(
            "one specialty, a year by week",
            lambda: report.series(counters.group_scopes("specialty", "specialty3"), first, last, "week"),
        )
        measure(
            "one doctor, a year by day", lambda: report.series(counters.doctor_scopes("doctor0007"), first, last, "day")
        )


if __name__ == "__main__":
    main()

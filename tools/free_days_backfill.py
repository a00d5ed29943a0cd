"""Builds the per-day summary of free slots (``day_summaries``, services/core/day_summary.py) from the slots and
holds already stored, from yesterday on.

Its result is the recount however often it runs; run it after the deploy that brings the summary, in a quiet
moment (a booking made during the run may be overwritten until that date's next change or the next run).
``make run`` runs it after seeding, ``make deploy`` after each deploy.
``python -m tools.free_days_backfill [--stage local|<stage>]``: ``local`` (the default) is the running ``make run``
stack; another stage's tables are reached with the AWS credentials and region of the environment.
"""

from __future__ import annotations

import argparse
import sys

from tools.create_admin import LOCAL, Failure, point_at_local_stack, point_at_stage


def run() -> dict[str, int]:
    """Rebuilds every doctor's summary in the tables the settings name: {"doctors": n, "days": m}."""
    from chalicelib.adapters.registry import adapters
    from chalicelib.services.core import day_summary

    doctors, days = day_summary.rebuild_all(adapters().clock.now())
    return {"doctors": doctors, "days": days}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.free_days_backfill", description=__doc__)
    parser.add_argument("--stage", default=LOCAL, help="'local' (the running `make run` stack) or a deployed stage")
    args = parser.parse_args(argv)
    try:
        target = point_at_local_stack() if args.stage == LOCAL else point_at_stage(args.stage)
    except Failure as failure:
        print(f"free days backfill: {failure}", file=sys.stderr)
        return failure.code
    done = run()
    print(f"Free slots by day in {target}: {done['days']} dates of {done['doctors']} doctors.")
    return 0


if __name__ == "__main__":
    sys.exit(main())

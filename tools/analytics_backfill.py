"""Builds the analytics counters from the appointments and slots already stored (services/analytics/backfill.py).

Its result is the recount however often it runs; run it once after the deploy that brings analytics, in a quiet
moment (a change made during the run may be missed). ``make run`` runs it after seeding.
``python -m tools.analytics_backfill [--stage local|<stage>]``: ``local`` (the default) is the running ``make run``
stack; another stage's tables are reached with the AWS credentials and region of the environment.
"""

from __future__ import annotations

import argparse
import sys

from tools.create_admin import LOCAL, Failure, point_at_local_stack, point_at_stage


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.analytics_backfill", description=__doc__)
    parser.add_argument("--stage", default=LOCAL, help="'local' (the running `make run` stack) or a deployed stage")
    args = parser.parse_args(argv)
    try:
        target = point_at_local_stack() if args.stage == LOCAL else point_at_stage(args.stage)
    except Failure as failure:
        print(f"analytics backfill: {failure}", file=sys.stderr)
        return failure.code
    from chalicelib.services.analytics import backfill

    done = backfill.rebuild()
    print(
        f"Analytics counters in {target}: {done.items} items from {done.appointments} appointments and "
        f"{done.slots} slots of {done.doctors} doctors."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

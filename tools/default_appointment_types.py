"""The one-time migration of appointment types: every doctor who offers none gets a default in-person
``Consultation`` from their current slot length and ``consultation_fee`` (services/availability/appointment_types.py).

Idempotent, so it runs on every start of the local stack and after every ``make deploy`` (infra/deploy.sh); a run
that finds nothing to do writes nothing. ``python -m tools.default_appointment_types [--stage local|<stage>]``:
``local`` (the default) is the running ``make run`` stack; another stage's tables are reached with the AWS
credentials and region of the environment.
"""

from __future__ import annotations

import argparse
import sys

from tools.create_admin import LOCAL, Failure, point_at_local_stack, point_at_stage


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.default_appointment_types", description=__doc__)
    parser.add_argument("--stage", default=LOCAL, help="'local' (the running `make run` stack) or a deployed stage")
    args = parser.parse_args(argv)
    try:
        target = point_at_local_stack() if args.stage == LOCAL else point_at_stage(args.stage)
    except Failure as failure:
        print(f"default appointment types: {failure}", file=sys.stderr)
        return failure.code
    from chalicelib.services.availability import appointment_types

    report = appointment_types.give_default_types()
    print(f"Default appointment types in {target}: {report.created} created, {report.doctors} doctors read.")
    return 0


if __name__ == "__main__":
    sys.exit(main())

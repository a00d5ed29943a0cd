"""The one-time migration of the admin's patient search: patients made before the ``role-name-index`` existed get
their ``name_sort`` (services/patients/directory.py, ``backfill_name_keys``).

Idempotent, so it runs after every ``make deploy`` (infra/deploy.sh); the local stack's accounts are all made
with it.
``python -m tools.patient_name_keys [--stage local|<stage>]``.
"""

from __future__ import annotations

import argparse
import sys

from tools.create_admin import LOCAL, Failure, point_at_local_stack, point_at_stage


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.patient_name_keys", description=__doc__)
    parser.add_argument("--stage", default=LOCAL, help="'local' (the running `make run` stack) or a deployed stage")
    args = parser.parse_args(argv)
    try:
        target = point_at_local_stack() if args.stage == LOCAL else point_at_stage(args.stage)
    except Failure as failure:
        print(f"patient name keys: {failure}", file=sys.stderr)
        return failure.code
    from chalicelib.services.patients import directory

    written = directory.backfill_name_keys()
    print(f"Patient name keys in {target}: {written} written.")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""``python -m local.moto_server --parent PID``: moto's server in a process of its own (moto_backend.py), started
by the stack (``moto_backend.spawn_moto``). It prints its endpoint as its one line on stdout."""

from __future__ import annotations

import argparse
import logging

from local.moto_backend import serve_forever_here

LOG_FORMAT = "%(levelname)-8s %(name)s[%(process)d]: %(message)s"  # as local/workers.py's


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--parent", type=int, required=True, help="the stack's pid: exit when it is gone")
    args = parser.parse_args()
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    stack_logger = logging.getLogger("local")
    stack_logger.addHandler(handler)
    stack_logger.setLevel(logging.INFO)
    stack_logger.propagate = False
    serve_forever_here(args.host, args.parent)


if __name__ == "__main__":
    main()

"""``make admin``: the only way an admin account comes to exist, since sign-up never makes one.

With ``--stage local`` (the default) the admin is written into the running local stack's moto, found through
``.local/stack.json``. With any other stage it goes into that deployed stage's tables (``docspot-<stage>-*``)
with the AWS credentials and region of the environment, exactly as the service would write it.
"""

from __future__ import annotations

import argparse
import getpass
import os
import re
import socket
import sys
from urllib.parse import urlsplit

from pydantic import ValidationError

from chalicelib.contracts.common import EmailAddress, Password, PersonName, Request
from local.moto_backend import apply_environment, stack_environment
from local.state import owner_alive, read_state, state_path

LOCAL = "local"
STAGE_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,30}$")


class Failure(Exception):
    """A problem the user can fix; printed as one line, never as a traceback."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


class AdminRequest(Request):
    email: EmailAddress
    password: Password
    name: PersonName


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="make admin", description="Create a DocSpot admin account.")
    parser.add_argument("--email", required=True)
    parser.add_argument("--password", help="at least 8 characters; asked for when left out")
    parser.add_argument("--name", default="Administrator")
    parser.add_argument("--stage", default=LOCAL, help="'local' (the running `make run` stack) or a deployed stage")
    return parser.parse_args(argv)


def ask_password() -> str:
    if not sys.stdin.isatty():
        raise Failure("give --password (PASSWORD=... with make)", code=2)
    first = getpass.getpass("Password for the new admin: ")
    if getpass.getpass("Same password again: ") != first:
        raise Failure("the two passwords differ", code=2)
    return first


def validate(email: str, password: str, name: str) -> AdminRequest:
    try:
        return AdminRequest(email=email, password=password, name=name)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors(include_url=False))
        raise Failure(f"invalid admin: {problems}", code=2) from exc


def reachable(url: str) -> bool:
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 80), timeout=2):
            return True
    except OSError:
        return False


def point_at_local_stack() -> str:
    """Aims every AWS client at the running stack's moto; returns a description of the target."""
    path = state_path()
    state = read_state(path)
    if state is None:
        raise Failure(f"the local stack is not running (no {path}); start it with `make run`")
    endpoint = str(state.get("moto_endpoint", ""))
    if not owner_alive(state) or not reachable(endpoint):
        raise Failure(f"the local stack is not running ({path} is left over from a stopped one); `make run`")
    site_url = str(state.get("site_url", ""))
    apply_environment(stack_environment(moto_endpoint=endpoint, app_url=site_url, jwt_secret=state.get("jwt_secret")))
    return f"the local stack ({state.get('api_url')})"


def point_at_stage(stage: str) -> str:
    if not STAGE_NAME.match(stage):
        raise Failure(f"{stage!r} is not a stage name", code=2)
    os.environ["DOCSPOT_STAGE"] = stage
    # botocore reads AWS_DEFAULT_REGION only; AWS_REGION is what Lambda and most shells set.
    region = os.environ.get("AWS_DEFAULT_REGION") or os.environ.get("AWS_REGION")
    if region:
        os.environ["AWS_DEFAULT_REGION"] = region
    return f"stage {stage!r} in {region or 'the AWS profile region'} (tables docspot-{stage}-*)"


def create(request: AdminRequest, target: str) -> None:
    from botocore.exceptions import BotoCoreError
    from pynamodb.exceptions import PynamoDBException

    from chalicelib.errors import Conflict
    from chalicelib.services.accounts import users

    try:
        admin = users.create_admin(email=request.email, password=request.password, name=request.name)
    except Conflict as exc:
        raise Failure(f"an account with the e-mail {request.email} already exists in {target}") from exc
    except (PynamoDBException, BotoCoreError) as exc:
        # PynamoDB wraps botocore's error ("Unable to locate credentials", a missing table) as ``cause``.
        cause = getattr(exc, "cause_response_message", None) or str(getattr(exc, "cause", None) or exc)
        raise Failure(f"could not create the admin in {target}: {cause}") from exc
    print(f"Created admin {admin.name} <{admin.email}> (user_id {admin.user_id}) in {target}.")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        request = validate(args.email, args.password if args.password is not None else ask_password(), args.name)
        target = point_at_local_stack() if args.stage == LOCAL else point_at_stage(args.stage)
        create(request, target)
    except Failure as failure:
        print(f"make admin: {failure}", file=sys.stderr)
        return failure.code
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""One botocore session per process, and one DynamoDB client shared by every PynamoDB model and boto3 adapter.

Left to itself PynamoDB builds a botocore session and a client for every model's connection (and again in every
thread), and boto3's adapters build theirs from a session of their own: each new session loads the service models
again, about 57 ms of CPU per model on a fresh Lambda's first requests (``bench.first_request``). Here the session
is made once and every client comes from it.

Nothing is built at import: the first caller builds, under one lock, because a botocore session is not safe to use
from several threads at once while it makes clients (the clients themselves are). Region and endpoint are
botocore's own (``AWS_REGION``, ``AWS_ENDPOINT_URL``), as before. ``caches.reset_all()`` forgets everything, so
the tests can swap moto accounts underneath.
"""

from __future__ import annotations

import threading
from typing import Any

import boto3
import botocore.client
import botocore.session
from pynamodb.settings import get_settings_value

from chalicelib.caches import register

_lock = threading.RLock()
_made: dict[str, Any] = {}


@register
def forget() -> None:
    """Drops the session and its clients; the next caller builds them again."""
    with _lock:
        _made.clear()


def botocore_session() -> botocore.session.Session:
    with _lock:
        if "session" not in _made:
            _made["session"] = botocore.session.get_session()
        return _made["session"]


def boto3_session() -> boto3.session.Session:
    """boto3's view of the same botocore session (boto3 adds its own methods, e.g. S3's presigned POST)."""
    with _lock:
        if "boto3" not in _made:
            _made["boto3"] = boto3.session.Session(botocore_session=botocore_session())
        return _made["boto3"]


def client(service: str, **options: Any) -> Any:
    """A new client for ``service`` from the shared session; the caller keeps it (adapters make theirs once)."""
    with _lock:
        return boto3_session().client(service, **options)


def _dynamodb_config() -> botocore.client.Config:
    """What PynamoDB gives each of its own clients, from its settings (``pynamodb.connection.base``)."""
    return botocore.client.Config(
        parameter_validation=False,  # PynamoDB builds well-formed requests; validating them costs CPU on each call
        connect_timeout=get_settings_value("connect_timeout_seconds"),
        read_timeout=get_settings_value("read_timeout_seconds"),
        max_pool_connections=get_settings_value("max_pool_connections"),
        retries={"total_max_attempts": 1 + get_settings_value("max_retry_attempts"), "mode": "standard"},
    )


def _has_credentials(made: Any) -> bool:
    # botocore keeps a client made while credentials could not be found (an instance metadata hiccup) without
    # any for good: PynamoDB builds a new client then, and so does this module.
    signer = made._request_signer
    return signer is None or bool(signer._credentials)


def dynamodb_client() -> Any:
    """The process's one DynamoDB client: every model's connection, transactions and the idempotency layer."""
    with _lock:
        made = _made.get("dynamodb")
        if made is None or not _has_credentials(made):
            made = _made["dynamodb"] = client("dynamodb", config=_dynamodb_config())
        return made

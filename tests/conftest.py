"""Everything runs offline against moto: fake credentials, a fake clock, a recording mailer and sender."""

from __future__ import annotations

import os

os.environ.update(
    {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_SESSION_TOKEN": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_REGION": "us-east-1",
        "DOCSPOT_STAGE": "test",
        "DOCSPOT_JWT_SECRET": "test-secret-that-is-at-least-32-bytes-long",
        "POWERTOOLS_TRACE_DISABLED": "1",
        "POWERTOOLS_METRICS_DISABLED": "1",
        "POWERTOOLS_LOG_LEVEL": "WARNING",
        "POWERTOOLS_DEV": "0",
        # One test client (and one local address) makes every request of a suite: the limits per client and per
        # address would refuse them. tests/integration/test_rate_limits.py turns them on; stacks spawned by the
        # tests inherit this unless they set it themselves.
        "DOCSPOT_RATE_LIMITS": "off",
    }
)
os.environ.pop("AWS_ENDPOINT_URL", None)
os.environ.pop("DOCSPOT_JWT_SECRET_PARAM", None)

from collections.abc import Iterator

import pytest
from moto import mock_aws

from chalicelib import caches
from chalicelib.adapters.registry import reset_adapters, use_adapters

# The helpers' asserts report as a test's do: pytest rewrites conftest.py and test_*.py files only, and a module
# must be named before its first import.
pytest.register_assert_rewrite("tests.support")

from tests.support.fakes import FakeClock, RecordingMailer, RecordingSender  # noqa: E402


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def mailer() -> RecordingMailer:
    return RecordingMailer()


@pytest.fixture
def sender() -> RecordingSender:
    return RecordingSender()


@pytest.fixture
def aws(clock: FakeClock, mailer: RecordingMailer, sender: RecordingSender) -> Iterator[None]:
    """A fresh moto account with every DocSpot table and queue, and the fakes in place of the clock, mailer and
    sender."""
    from local.queues import create_queues
    from local.tables import create_tables

    with mock_aws():
        create_tables()
        create_queues()
        caches.reset_all()
        use_adapters(clock=clock, mailer=mailer, sender=sender)
        yield
        reset_adapters()
        caches.reset_all()


@pytest.fixture
def atomic_moto() -> Iterator[None]:
    """Makes each moto request atomic, as every DynamoDB request is.

    moto's in-process DynamoDB is not safe under threads (a transaction deep-copies whole tables and restores them
    on failure), so thread races would test moto rather than DocSpot. Holding a lock around each request keeps
    the race where it belongs: between requests.
    """
    import threading

    from moto.core.botocore_stubber import BotocoreStubber

    original = BotocoreStubber.process_request
    guard = threading.Lock()

    def atomic(self: BotocoreStubber, request: object) -> object:
        with guard:
            return original(self, request)  # type: ignore[arg-type]

    BotocoreStubber.process_request = atomic  # type: ignore[method-assign,assignment]
    try:
        yield
    finally:
        BotocoreStubber.process_request = original  # type: ignore[method-assign]

"""The moto account the integration fixtures build: copies of the empty DocSpot tables, with the fakes in place of
the clock, mailer and WebSocket sender; and what makes moto's DynamoDB cheap enough to run thousands of tests on."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from moto import mock_aws
from moto.dynamodb.models.table import Table

from chalicelib import caches
from chalicelib.adapters.registry import reset_adapters, use_adapters
from chalicelib.config import get_settings
from tests.support.api import Api
from tests.support.fakes import FakeClock, RecordingMailer, RecordingSender


def moto_tables() -> dict[str, Any]:
    """moto's in-memory DynamoDB tables of the current mock account (moto internals, pinned in requirements)."""
    from moto.core.models import DEFAULT_ACCOUNT_ID
    from moto.dynamodb.models import dynamodb_backends

    return dynamodb_backends[DEFAULT_ACCOUNT_ID][get_settings().region].tables


@contextmanager
def fresh_account(
    empty_tables: dict[str, Any], clock: FakeClock, mailer: RecordingMailer, sender: RecordingSender | None = None
) -> Iterator[None]:
    """A fresh moto account holding a copy of the empty tables and the fan-out's queues, with the fakes in place of
    clock, mailer and WebSocket sender."""
    from local.queues import create_queues

    with mock_aws():
        moto_tables().update(copy.deepcopy(empty_tables))
        caches.reset_all()
        create_queues()
        use_adapters(clock=clock, mailer=mailer, sender=sender or RecordingSender())
        try:
            yield
        finally:
            reset_adapters()
            caches.reset_all()


@dataclass
class SharedWorld:
    """What the ``shared_world`` fixture hands a module: one client, clock and mailer for all its tests."""

    api: Api
    clock: FakeClock
    mailer: RecordingMailer


class OneBackupPerTable:
    """Stands in for ``copy`` inside moto's DynamoDB backend while one transaction runs."""

    def __init__(self) -> None:
        self.backups: dict[int, Any] = {}

    def deepcopy(self, obj: Any) -> Any:
        if not isinstance(obj, Table):
            return copy.deepcopy(obj)
        if id(obj) not in self.backups:
            self.backups[id(obj)] = copy.deepcopy(obj)
        return self.backups[id(obj)]

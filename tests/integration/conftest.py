"""Fixtures of the integration tests: the app through ``chalice.test.Client`` against a fresh moto account, its
WebSocket handlers, moto's SES, and the accounts most tests start from."""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from typing import Any

import moto.dynamodb.models as moto_models
import pytest
from chalice.test import Client
from moto import mock_aws
from moto.dynamodb.models import DynamoDBBackend

from chalicelib import caches
from chalicelib.adapters.registry import use_adapters
from chalicelib.config import get_settings
from chalicelib.services.accounts import _passwords as passwords
from chalicelib.services.accounts import users
from tests.support.accounts import (
    PASSWORD,
    admin_create_doctor,
    create_specialty,
    doctor_registration,
    login,
    register_patient,
)
from tests.support.api import Api
from tests.support.fakes import FakeClock, RecordingMailer, RecordingSender
from tests.support.mail import SesMailbox, SwitchableMailer, verify_sender
from tests.support.streams import in_process_drain
from tests.support.world import OneBackupPerTable, SharedWorld, fresh_account, moto_tables
from tests.support.ws import Ws


@pytest.fixture(autouse=True)
def cheap_scrypt(monkeypatch: pytest.MonkeyPatch) -> None:
    """Hash new passwords at a tiny scrypt cost: at the production cost (~50-100 ms a hash) the hashing would
    dominate this suite. The parameters travel inside each hash, so verifying works exactly as in production;
    tests/unit/test_passwords.py pins the production cost."""
    monkeypatch.setattr(passwords, "N", 2**4)


@pytest.fixture(scope="session")
def empty_tables() -> dict[str, Any]:
    """Every DocSpot table, created once per run by local/tables.py (as everywhere) and kept as moto objects."""
    from local.tables import create_tables

    with mock_aws():
        create_tables()
        return copy.deepcopy(moto_tables())


@pytest.fixture
def aws(
    empty_tables: dict[str, Any], clock: FakeClock, mailer: RecordingMailer, sender: RecordingSender
) -> Iterator[None]:
    """The root ``aws`` fixture's world, minus its cost: creating a dozen tables per test took ~150 ms and
    dominated the run; copying moto's empty tables takes about a millisecond."""
    with fresh_account(empty_tables, clock, mailer, sender):
        yield


@pytest.fixture
def api(aws: None) -> Iterator[Api]:
    from app import app

    with Client(app) as client:
        yield Api(client, after=in_process_drain())


@pytest.fixture
def configure(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., None]]:
    """``configure(DOCSPOT_X="1")`` sets variables and reads the settings again at once (not inside a handler:
    the Chalice test client swaps the environment for .chalice/config.json's while it runs one)."""

    def apply(**variables: str) -> None:
        for name, value in variables.items():
            monkeypatch.setenv(name, value)
        caches.reset_all()
        get_settings()

    yield apply
    monkeypatch.undo()
    caches.reset_all()
    get_settings()


@pytest.fixture
def ws(api: Api, sender: RecordingSender) -> Iterator[Ws]:
    """WebSocket clients of the same app and moto account as ``api``; pushes land in ``sender``."""
    from app import app

    with Client(app) as client:
        yield Ws(client, sender)


@pytest.fixture
def ses(aws: None) -> SwitchableMailer:
    """The real SES mailer in place of the recording one, against moto's SES with the sender verified."""
    verify_sender()
    mailer = SwitchableMailer()
    use_adapters(mailer=mailer)
    return mailer


@pytest.fixture
def mailbox(ses: SwitchableMailer) -> SesMailbox:
    """What moto's SES accepted, parsed back from the raw MIME."""
    return SesMailbox()


@pytest.fixture(scope="module")
def shared_world(empty_tables: dict[str, Any]) -> Iterator[SharedWorld]:
    """One moto account (as ``aws`` makes it, with its fakes) for a whole module of tests.

    For modules whose tests only read, or each write objects of their own, and whose setup is too costly to
    repeat per test. Never mix it with the function-scoped ``aws``/``api`` fixtures in one module: entering
    another moto mock resets every backend, this one's too.
    """
    from app import app

    clock, mailer = FakeClock(), RecordingMailer()
    with pytest.MonkeyPatch.context() as patch, fresh_account(empty_tables, clock, mailer):
        patch.setattr(passwords, "N", 2**4)
        with Client(app) as client:
            yield SharedWorld(Api(client, after=in_process_drain()), clock, mailer)


@pytest.fixture
def one_backup_per_transaction(monkeypatch: pytest.MonkeyPatch) -> None:
    """Test speed only, for modules that write big transactions (``pytest.mark.usefixtures`` it): moto backs a
    whole table up once per transaction *item* before applying any of them (moto/dynamodb/models/__init__.py,
    ``transact_write_items``), so a 100-item transaction copied the table 100 times. The copies are all of the
    same untouched state; one per table is the same rollback, far cheaper."""
    original = DynamoDBBackend.transact_write_items

    def transact_write_items(self: DynamoDBBackend, transact_items: list[dict[str, Any]]) -> None:
        moto_models.copy = OneBackupPerTable()  # type: ignore[assignment]
        try:
            original(self, transact_items)
        finally:
            moto_models.copy = copy

    monkeypatch.setattr(DynamoDBBackend, "transact_write_items", transact_write_items)


@pytest.fixture
def admin_token(api: Api) -> str:
    users.create_admin(email="admin@example.com", password=PASSWORD, name="Ada Admin")
    return str(login(api, "admin@example.com")["access_token"])


@pytest.fixture
def patient_token(api: Api) -> str:
    register_patient(api)
    return str(login(api, "pat@example.com")["access_token"])


@pytest.fixture
def specialty(api: Api, admin_token: str) -> dict[str, Any]:
    return create_specialty(api, admin_token, "Cardiology", "Heart")


@pytest.fixture
def pending_doctor(api: Api, specialty: dict[str, Any]) -> dict[str, Any]:
    reply = api.post("/auth/register", doctor_registration(specialty["specialty_id"], email="pending@example.com"))
    assert reply.status == 201, reply.body
    return {**reply.body, "token": login(api, "pending@example.com")["access_token"]}


@pytest.fixture
def approved_doctor(api: Api, specialty: dict[str, Any], admin_token: str) -> dict[str, Any]:
    body = admin_create_doctor(
        api, admin_token, specialty["specialty_id"], email="approved@example.com", license_number="LIC-2002"
    )
    return {**body, "token": login(api, "approved@example.com")["access_token"]}

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pytest
from chalice.test import Client
from moto import mock_aws

from chalicelib.adapters.registry import reset_adapters, use_adapters
from chalicelib.config import get_settings
from chalicelib.services.accounts import passwords, users
from chalicelib.services.catalogue import directory
from tests.fakes import FakeClock, RecordingMailer, RecordingSender
from tests.integration.api import Api, Reply
from tests.integration.mail_support import SesMailbox, SwitchableMailer, verify_sender
from tests.integration.ws_support import Ws

PASSWORD = "correct horse battery"
PRODUCTION_SCRYPT_N = passwords.N


@pytest.fixture(autouse=True)
def cheap_scrypt(monkeypatch: pytest.MonkeyPatch) -> None:
    """Hash new passwords at a tiny scrypt cost: at the production cost (~50-100 ms a hash) the hashing would
    dominate this suite. The parameters travel inside each hash, so verifying works exactly as in production;
    tests/unit/test_passwords.py pins the production cost."""
    monkeypatch.setattr(passwords, "N", 2**4)


def _moto_tables() -> dict[str, Any]:
    """moto's in-memory DynamoDB tables of the current mock account (moto internals, pinned in requirements)."""
    from moto.core.models import DEFAULT_ACCOUNT_ID
    from moto.dynamodb.models import dynamodb_backends

    return dynamodb_backends[DEFAULT_ACCOUNT_ID][get_settings().region].tables


@pytest.fixture(scope="session")
def empty_tables() -> dict[str, Any]:
    """Every DocSpot table, created once per run by local/tables.py (as everywhere) and kept as moto objects."""
    from local.tables import create_tables

    with mock_aws():
        create_tables()
        return copy.deepcopy(_moto_tables())


@contextmanager
def fresh_account(
    empty_tables: dict[str, Any], clock: FakeClock, mailer: RecordingMailer, sender: RecordingSender | None = None
) -> Iterator[None]:
    """A fresh moto account holding a copy of the empty tables, with the fakes in place of clock, mailer and
    WebSocket sender."""
    with mock_aws():
        _moto_tables().update(copy.deepcopy(empty_tables))
        directory.forget()
        use_adapters(clock=clock, mailer=mailer, sender=sender or RecordingSender())
        try:
            yield
        finally:
            reset_adapters()
            directory.forget()


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
        yield Api(client)


@pytest.fixture
def configure(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., None]]:
    """``configure(DOCSPOT_X="1")`` sets variables and reads the settings again at once (not inside a handler:
    the Chalice test client swaps the environment for .chalice/config.json's while it runs one)."""

    def apply(**variables: str) -> None:
        for name, value in variables.items():
            monkeypatch.setenv(name, value)
        get_settings.cache_clear()
        get_settings()

    yield apply
    monkeypatch.undo()
    get_settings.cache_clear()
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


@dataclass
class SharedWorld:
    api: Api
    clock: FakeClock
    mailer: RecordingMailer


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
            yield SharedWorld(Api(client), clock, mailer)


def login(api: Api, email: str, password: str = PASSWORD) -> dict[str, Any]:
    reply = api.post("/auth/login", {"email": email, "password": password})
    assert reply.status == 200, reply.body
    pair: dict[str, Any] = reply.body
    return pair


def register_patient(api: Api, email: str = "pat@example.com", name: str = "Pat Patient") -> dict[str, Any]:
    reply = api.post("/auth/register", {"role": "patient", "email": email, "password": PASSWORD, "name": name})
    assert reply.status == 201, reply.body
    body: dict[str, Any] = reply.body
    return body


def assert_error(reply: Reply, status: int, code: str | None = None) -> None:
    """The answer has ``status`` and DocSpot's error shape (and ``code`` if given)."""
    assert reply.status == status, (reply.status, reply.body)
    assert isinstance(reply.body, dict) and set(reply.body) == {"error"}, reply.body
    error = reply.body["error"]
    assert isinstance(error.get("code"), str) and error["code"], error
    assert isinstance(error.get("message"), str) and error["message"], error
    if code is not None:
        assert error["code"] == code, error


@pytest.fixture
def admin_token(api: Api) -> str:
    users.create_admin(email="admin@example.com", password=PASSWORD, name="Ada Admin")
    return str(login(api, "admin@example.com")["access_token"])


@pytest.fixture
def patient_token(api: Api) -> str:
    register_patient(api)
    return str(login(api, "pat@example.com")["access_token"])


def create_specialty(api: Api, admin_token: str, name: str, description: str = "") -> dict[str, Any]:
    reply = api.post("/admin/specialties", {"name": name, "description": description}, admin_token)
    assert reply.status == 201, reply.body
    body: dict[str, Any] = reply.body
    return body


@pytest.fixture
def specialty(api: Api, admin_token: str) -> dict[str, Any]:
    return create_specialty(api, admin_token, "Cardiology", "Heart")


def doctor_registration(specialty_id: str, email: str = "doc@example.com", **extra: Any) -> dict[str, Any]:
    body = {
        "role": "doctor",
        "email": email,
        "password": PASSWORD,
        "name": "Anna Smith",
        "specialty_id": specialty_id,
        "license_number": "LIC-1001",
        "experience_years": 12,
        "consultation_fee": 80,
        "bio": "Heart doctor",
        "timezone": "Europe/Berlin",
    }
    body.update(extra)
    return body


def register_doctor(api: Api, specialty_id: str, email: str, license_number: str, **extra: Any) -> dict[str, Any]:
    """A doctor signs up and waits PENDING."""
    body = doctor_registration(specialty_id, email=email, license_number=license_number, **extra)
    reply = api.post("/auth/register", body)
    assert reply.status == 201, reply.body
    created: dict[str, Any] = reply.body
    return created


def admin_create_doctor(
    api: Api, admin_token: str, specialty_id: str, email: str, license_number: str, **extra: Any
) -> dict[str, Any]:
    """An admin creates a doctor who is APPROVED at once."""
    body = doctor_registration(specialty_id, email=email, license_number=license_number, **extra)
    body.pop("role")
    reply = api.post("/admin/doctors", body, admin_token)
    assert reply.status == 201, reply.body
    created: dict[str, Any] = reply.body
    return created


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

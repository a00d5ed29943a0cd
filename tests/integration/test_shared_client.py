"""One botocore session and one DynamoDB client per process (chalicelib/aws.py).

PynamoDB would build a session and a client for every model's connection, each loading DynamoDB's service model
again: tens of milliseconds of CPU a model on a fresh Lambda's first requests (bench/first_request.py).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import Any

import boto3
import botocore.session
import pytest

from chalicelib import caches
from chalicelib.adapters.mailer import SesMailer
from chalicelib.adapters.secrets import jwt_secret
from chalicelib.adapters.storage import S3Storage
from chalicelib.aws import botocore_session, dynamodb_client
from chalicelib.models import ALL_MODELS
from chalicelib.models.base import Model
from chalicelib.models.doctors import Doctor
from chalicelib.models.slots import Slot
from chalicelib.models.unique_keys import UniqueKey
from chalicelib.services.core.dynamo import transaction


@pytest.fixture
def clients_built(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The service name of every botocore client built from now on, in any session."""
    built: list[str] = []
    original = botocore.session.Session.create_client

    def counted(session: botocore.session.Session, service_name: str, *args: Any, **kwargs: Any) -> Any:
        built.append(service_name)
        return original(session, service_name, *args, **kwargs)

    monkeypatch.setattr(botocore.session.Session, "create_client", counted)
    yield built


def test_every_model_derives_from_the_base_that_shares_the_client() -> None:
    strays = [model.__name__ for model in ALL_MODELS if not issubclass(model, Model)]
    assert strays == []


def test_reads_writes_and_transactions_of_many_models_build_one_client(aws: None, clients_built: list[str]) -> None:
    # Given a process whose shared client is not built yet
    caches.reset_all()
    # When three models read and a transaction writes
    assert Doctor.count("nobody") == 0
    assert list(Slot.query("nobody")) == []
    assert UniqueKey.count("nobody") == 0
    with transaction() as tx:
        tx.save(UniqueKey(key="shared#one", owner_id="someone"), part="key")
    # Then one DynamoDB client served them all, and every model's connection holds it
    assert clients_built == ["dynamodb"]
    client = dynamodb_client()
    assert all(model._get_connection().connection.client is client for model in (Doctor, Slot, UniqueKey))
    assert UniqueKey.get("shared#one").owner_id == "someone"


def test_adapters_build_their_clients_from_the_shared_session(aws: None, clients_built: list[str]) -> None:
    caches.reset_all()
    session = botocore_session()
    mailer, storage = SesMailer("noreply@docspot.test"), S3Storage("bucket", "us-east-1")
    assert mailer._client.meta.service_model.service_name == "ses"
    assert storage._client.meta.service_model.service_name == "s3"
    assert clients_built == ["ses", "s3"]
    assert botocore_session() is session


def test_threads_asking_at_once_share_one_client(aws: None, clients_built: list[str]) -> None:
    # Given a process whose shared client is not built yet, and eight threads released together
    caches.reset_all()
    start = threading.Barrier(8)
    got: list[Any] = []

    def ask() -> None:
        start.wait()
        got.append(dynamodb_client())

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # Then one client was built and every thread got it
    assert clients_built == ["dynamodb"]
    assert len({id(client) for client in got}) == 1


def test_a_reset_forgets_the_client_so_the_next_account_gets_a_fresh_one(aws: None) -> None:
    before = dynamodb_client()
    caches.reset_all()
    assert dynamodb_client() is not before


def test_the_jwt_secret_is_read_from_ssm_through_the_shared_session(
    aws: None, configure: Callable[..., None], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given the secret in an SSM SecureString parameter, as a deployed stage keeps it
    secret = "a-secret-from-ssm-that-is-at-least-32-bytes-long"
    boto3.client("ssm", region_name="us-east-1").put_parameter(
        Name="/docspot/test/jwt-secret", Value=secret, Type="SecureString"
    )
    configure(DOCSPOT_JWT_SECRET_PARAM="/docspot/test/jwt-secret")
    built: list[tuple[str, botocore.session.Session]] = []
    original = botocore.session.Session.create_client

    def recorded(session: botocore.session.Session, service_name: str, *args: Any, **kwargs: Any) -> Any:
        built.append((service_name, session))
        return original(session, service_name, *args, **kwargs)

    monkeypatch.setattr(botocore.session.Session, "create_client", recorded)
    # When the app asks for it twice
    first, second = jwt_secret(), jwt_secret()
    # Then it is the parameter's value, read by one SSM client made from the shared session (the second from the
    # provider's cache)
    assert first == second == secret
    assert built == [("ssm", botocore_session())]

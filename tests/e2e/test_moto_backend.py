"""The local stack's moto server (local/moto_backend.py): each request atomic and isolated, as in DynamoDB.

The server runs in this process, on 127.0.0.1, spoken to over HTTP by boto3 clients in threads; each test uses
tables of its own.
"""

from __future__ import annotations

import io
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from local.moto_backend import AtomicRequests, MotoBackend, start_moto


@pytest.fixture(scope="module")
def moto() -> Iterator[MotoBackend]:
    backend = start_moto()
    yield backend
    backend.stop()


@pytest.fixture
def dynamodb(moto: MotoBackend) -> Any:
    config = Config(retries={"max_attempts": 1, "mode": "standard"}, max_pool_connections=50)
    return boto3.client(
        "dynamodb",
        endpoint_url=moto.endpoint,
        region_name="us-east-1",
        aws_access_key_id="local",
        aws_secret_access_key="local",
        config=config,
    )


def new_table(dynamodb: Any, *, range_key: bool = False) -> str:
    name = f"t-{uuid.uuid4().hex[:10]}"
    keys = [{"AttributeName": "pk", "KeyType": "HASH"}]
    attributes = [{"AttributeName": "pk", "AttributeType": "S"}]
    if range_key:
        keys.append({"AttributeName": "sk", "KeyType": "RANGE"})
        attributes.append({"AttributeName": "sk", "AttributeType": "S"})
    dynamodb.create_table(
        TableName=name, KeySchema=keys, AttributeDefinitions=attributes, BillingMode="PAY_PER_REQUEST"
    )
    return name


def item(dynamodb: Any, table: str, **key: str) -> dict[str, Any] | None:
    found = dynamodb.get_item(TableName=table, Key={k: {"S": v} for k, v in key.items()}, ConsistentRead=True)
    return found.get("Item")


def test_the_middleware_lets_one_request_at_a_time_into_the_app_with_its_body_read_first() -> None:
    inside: list[int] = []
    peak: list[int] = [0]
    bodies: list[bytes] = []

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        inside.append(1)
        peak[0] = max(peak[0], len(inside))
        bodies.append(environ["wsgi.input"].read())
        time.sleep(0.005)
        inside.pop()
        start_response("200 OK", [])
        return [b"o", b"k"]

    atomic = AtomicRequests(app)

    def call(index: int) -> bytes:
        body = f"request {index}".encode()
        environ = {"wsgi.input": io.BytesIO(body), "CONTENT_LENGTH": str(len(body))}
        return b"".join(atomic(environ, lambda status, headers: None))

    with ThreadPoolExecutor(max_workers=16) as pool:
        answers = list(pool.map(call, range(40)))

    assert answers == [b"ok"] * 40
    assert peak[0] == 1
    assert sorted(bodies) == sorted(f"request {i}".encode() for i in range(40))
    assert atomic.stats.requests == 40


@pytest.mark.parametrize("range_key", [False, True], ids=["hash key", "hash and range key"])
def test_a_cancelled_transaction_leaves_every_item_as_it_was(dynamodb: Any, range_key: bool) -> None:
    table = new_table(dynamodb, range_key=range_key)

    def key(pk: str) -> dict[str, dict[str, str]]:
        return {"pk": {"S": pk}, **({"sk": {"S": "s"}} if range_key else {})}

    dynamodb.put_item(TableName=table, Item={**key("updated"), "v": {"N": "1"}})
    dynamodb.put_item(TableName=table, Item={**key("deleted"), "v": {"N": "1"}})

    with pytest.raises(ClientError) as refused:
        dynamodb.transact_write_items(
            TransactItems=[
                {
                    "Update": {
                        "TableName": table,
                        "Key": key("updated"),
                        "UpdateExpression": "SET v = :two",
                        "ExpressionAttributeValues": {":two": {"N": "2"}},
                    }
                },
                {"Put": {"TableName": table, "Item": {**key("created"), "v": {"N": "1"}}}},
                {"Delete": {"TableName": table, "Key": key("deleted")}},
                {
                    "ConditionCheck": {
                        "TableName": table,
                        "Key": key("missing"),
                        "ConditionExpression": "attribute_exists(pk)",
                    }
                },
            ]
        )

    assert refused.value.response["Error"]["Code"] == "TransactionCanceledException"
    extra = {"sk": "s"} if range_key else {}
    assert item(dynamodb, table, pk="updated", **extra) == {**key("updated"), "v": {"N": "1"}}
    assert item(dynamodb, table, pk="created", **extra) is None
    assert item(dynamodb, table, pk="deleted", **extra) == {**key("deleted"), "v": {"N": "1"}}


def test_a_transaction_naming_one_item_twice_is_refused_and_writes_nothing(dynamodb: Any) -> None:
    table = new_table(dynamodb)

    with pytest.raises(ClientError):
        dynamodb.transact_write_items(
            TransactItems=[
                {"Put": {"TableName": table, "Item": {"pk": {"S": "first"}}}},
                {"Put": {"TableName": table, "Item": {"pk": {"S": "twice"}}}},
                {
                    "Update": {
                        "TableName": table,
                        "Key": {"pk": {"S": "twice"}},
                        "UpdateExpression": "SET v = :one",
                        "ExpressionAttributeValues": {":one": {"N": "1"}},
                    }
                },
            ]
        )

    assert item(dynamodb, table, pk="first") is None
    assert item(dynamodb, table, pk="twice") is None


def test_a_transaction_that_succeeds_writes_every_item(dynamodb: Any) -> None:
    table = new_table(dynamodb)
    dynamodb.put_item(TableName=table, Item={"pk": {"S": "gone"}})

    dynamodb.transact_write_items(
        TransactItems=[
            {"Put": {"TableName": table, "Item": {"pk": {"S": "new"}}}},
            {"Delete": {"TableName": table, "Key": {"pk": {"S": "gone"}}}},
        ]
    )

    assert item(dynamodb, table, pk="new") == {"pk": {"S": "new"}}
    assert item(dynamodb, table, pk="gone") is None


def test_concurrent_transactions_never_double_book_nor_lose_a_write(dynamodb: Any, moto: MotoBackend) -> None:
    """What moto's own threaded server gets wrong (bench/moto_atomicity.py): two winners for one slot, or the
    rollback of a failing transaction wiping what another one wrote meanwhile."""
    table = new_table(dynamodb)
    threads, rounds = 16, 5
    for round_number in range(rounds):
        slot = f"slot#{round_number}"
        dynamodb.put_item(TableName=table, Item={"pk": {"S": slot}, "available": {"BOOL": True}})
        start = threading.Barrier(threads)

        def book(index: int, slot: str = slot, start: threading.Barrier = start) -> str | None:
            appointment = f"appointment#{slot}#{index}"
            start.wait(timeout=30)
            try:
                dynamodb.transact_write_items(
                    TransactItems=[
                        {
                            "Update": {
                                "TableName": table,
                                "Key": {"pk": {"S": slot}},
                                "UpdateExpression": "SET booked_by = :me",
                                "ConditionExpression": "available = :yes AND attribute_not_exists(booked_by)",
                                "ExpressionAttributeValues": {":me": {"S": appointment}, ":yes": {"BOOL": True}},
                            }
                        },
                        {"Put": {"TableName": table, "Item": {"pk": {"S": appointment}}}},
                        # Half the racers also write an item of their own: their failure must not undo others.
                        *(
                            [{"Put": {"TableName": table, "Item": {"pk": {"S": f"own#{slot}#{index}"}}}}]
                            if index % 2
                            else []
                        ),
                    ]
                )
            except ClientError as exc:
                assert exc.response["Error"]["Code"] == "TransactionCanceledException"
                return None
            return appointment

        with ThreadPoolExecutor(max_workers=threads) as pool:
            winners = [w for w in pool.map(book, range(threads)) if w is not None]

        assert len(winners) == 1
        assert item(dynamodb, table, pk=winners[0]) == {"pk": {"S": winners[0]}}
        assert item(dynamodb, table, pk=slot)["booked_by"] == {"S": winners[0]}  # type: ignore[index]
        losers = [f"own#{slot}#{i}" for i in range(1, threads, 2) if f"appointment#{slot}#{i}" != winners[0]]
        assert all(item(dynamodb, table, pk=pk) is None for pk in losers)

"""The local stack's cheaper moto (local/moto_backend.py, ``_install_fast_reads``) answers exactly what moto does.

Two servers in this process share moto's backends, so they hold the same data: the stack's (its Query reads one
partition, its item answers are plain JSON) and moto's own threaded server (moto's Query, moto's serializer; the
plain-JSON writer is checked against moto's serializer on every answer it writes, in both). The same requests,
pages followed, must get the same answers from both.
"""

from __future__ import annotations

import json
import os
import random
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import boto3
import pytest
from moto.server import ThreadedMotoServer

from local.moto_backend import start_moto

Client = Any


@pytest.fixture(scope="module")
def serializer_checks() -> Iterator[tuple[list[str], str, str]]:
    """Every plain-JSON answer compared with what moto's serializer writes for the same result."""
    from moto.core.responses import ActionResult
    from moto.dynamodb.responses import DynamoResult

    stack = start_moto()
    fast = DynamoResult.execute_result
    checked: list[str] = []

    def compared(self: Any, context: Any) -> Any:
        mine = fast(self, context)
        theirs = ActionResult.execute_result(self, context)
        assert mine[0] == theirs[0]
        assert json.loads(mine[2]) == json.loads(theirs[2]), context.operation_model.name
        checked.append(context.operation_model.name)
        return mine

    DynamoResult.execute_result = compared  # type: ignore[method-assign]
    plain = ThreadedMotoServer(ip_address="127.0.0.1", port=0)
    plain.start()
    host, port = plain.get_host_and_port()
    os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
    try:
        yield checked, stack.endpoint, f"http://{host}:{port}"
    finally:
        DynamoResult.execute_result = fast  # type: ignore[method-assign]
        plain.stop()
        stack.stop()


def client(endpoint: str) -> Client:
    return boto3.client(
        "dynamodb",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="local",
        aws_secret_access_key="local",
    )


def strip(answer: dict[str, Any]) -> dict[str, Any]:
    answer.pop("ResponseMetadata", None)
    return answer


def all_pages(call: Callable[..., dict[str, Any]], **request: Any) -> list[dict[str, Any]]:
    pages = []
    while True:
        page = strip(call(**request))
        pages.append(page)
        if "LastEvaluatedKey" not in page:
            return pages
        request["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def seeded_table(dynamodb: Client) -> tuple[str, list[dict[str, Any]]]:
    name = f"fast-{uuid.uuid4().hex[:8]}"
    dynamodb.create_table(
        TableName=name,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        AttributeDefinitions=[{"AttributeName": a, "AttributeType": "S"} for a in ("pk", "sk", "g", "gs")],
        GlobalSecondaryIndexes=[
            {
                "IndexName": "by-g",
                "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}, {"AttributeName": "gs", "KeyType": "RANGE"}],
                "Projection": {"ProjectionType": "ALL"},
            },
            {
                "IndexName": "by-g-keys",
                "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                "Projection": {"ProjectionType": "KEYS_ONLY"},
            },
        ],
        BillingMode="PAY_PER_REQUEST",
    )
    rng = random.Random(14)
    items = []
    for index in range(200):
        row: dict[str, Any] = {
            "pk": {"S": f"p{rng.randrange(12)}"},
            "sk": {"S": f"s{index:04d}"},
            "n": {"N": str(rng.randrange(100))},
            "b": {"B": bytes([index % 256, 7, 0, 255])},
            "l": {"L": [{"S": "x"}, {"N": "1"}]},
            "m": {"M": {"a": {"BOOL": True}, "z": {"NULL": True}}},
            "ss": {"SS": ["a", "b"]},
        }
        if rng.random() < 0.7:
            row["g"] = {"S": f"g{rng.randrange(4)}"}
        if rng.random() < 0.7:
            row["gs"] = {"S": f"{rng.randrange(40):03d}"}
        dynamodb.put_item(TableName=name, Item=row)
        items.append(row)
    return name, items


def test_queries_answer_as_moto_does_page_by_page(serializer_checks: tuple[list[str], str, str]) -> None:
    # Given the same table behind the stack's moto and moto's own server
    checked, stack_endpoint, plain_endpoint = serializer_checks
    stack, plain = client(stack_endpoint), client(plain_endpoint)
    table, _ = seeded_table(stack)
    queries: list[dict[str, Any]] = [
        {"KeyConditionExpression": "pk = :p", "ExpressionAttributeValues": {":p": {"S": f"p{k}"}}, "Limit": 5}
        for k in range(13)
    ]
    queries += [
        {
            "KeyConditionExpression": "pk = :p AND sk BETWEEN :a AND :b",
            "ExpressionAttributeValues": {":p": {"S": "p3"}, ":a": {"S": "s0020"}, ":b": {"S": "s0150"}},
            "ScanIndexForward": False,
            "Limit": 3,
        },
        {
            "KeyConditionExpression": "pk = :p",
            "FilterExpression": "n > :n",
            "ExpressionAttributeValues": {":p": {"S": "p4"}, ":n": {"N": "50"}},
            "ReturnConsumedCapacity": "TOTAL",
        },
        {"KeyConditionExpression": "pk = :p", "ExpressionAttributeValues": {":p": {"S": "p1"}}, "Select": "COUNT"},
        {
            "IndexName": "by-g-keys",
            "KeyConditionExpression": "g = :g",
            "ExpressionAttributeValues": {":g": {"S": "g2"}},
        },
    ]
    queries += [
        {
            "IndexName": "by-g",
            "KeyConditionExpression": "g = :g AND gs >= :s",
            "ExpressionAttributeValues": {":g": {"S": f"g{k}"}, ":s": {"S": "015"}},
            "Limit": 6,
        }
        for k in range(5)
    ]
    for query in queries:
        # When each query is asked of both, following every page
        # Then the pages are the same, items, order, counts and keys
        assert all_pages(stack.query, TableName=table, **query) == all_pages(plain.query, TableName=table, **query)
    assert "Query" in checked


def test_item_answers_are_written_as_moto_writes_them(serializer_checks: tuple[list[str], str, str]) -> None:
    checked, stack_endpoint, _ = serializer_checks
    stack = client(stack_endpoint)
    table, items = seeded_table(stack)
    keys = [{"pk": row["pk"], "sk": row["sk"]} for row in items]
    checked.clear()
    # When every item operation answers through the plain-JSON writer (compared with moto's serializer as it goes)
    stack.get_item(TableName=table, Key=keys[0])
    stack.get_item(TableName=table, Key={"pk": {"S": "none"}, "sk": {"S": "none"}})
    stack.update_item(
        TableName=table,
        Key=keys[1],
        UpdateExpression="SET n = n + :one",
        ExpressionAttributeValues={":one": {"N": "1"}},
        ReturnValues="ALL_NEW",
    )
    stack.batch_get_item(RequestItems={table: {"Keys": keys[:20]}})
    stack.transact_get_items(TransactItems=[{"Get": {"TableName": table, "Key": key}} for key in keys[:4]])
    stack.delete_item(TableName=table, Key=keys[2], ReturnValues="ALL_OLD")
    stack.put_item(TableName=table, Item=items[3], ReturnValues="ALL_OLD")
    # Then each was compared, and moto's own extras (ConsumedCapacityUnits) are left out as its serializer does
    assert set(checked) >= {
        "GetItem",
        "UpdateItem",
        "BatchGetItem",
        "TransactGetItems",
        "DeleteItem",
        "PutItem",
    }

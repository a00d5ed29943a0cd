"""The template's DynamoDB tables are exactly the tables the app runs against everywhere else.

The expected tables are not read from infra/: they are the ones local/tables.py creates from the PynamoDB models
(as the tests and the local stack do), described back by DynamoDB (moto), plus the TTL attribute powertools'
idempotency layer writes.
"""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from moto import mock_aws

from tests.support.infra import STAGES, resources_of

pytestmark = pytest.mark.infra

Table = dict[str, Any]


def _keys(schema: list[dict[str, str]]) -> list[tuple[str, str]]:
    return sorted((key["AttributeName"], key["KeyType"]) for key in schema)


def _shape(name: str, definition: dict[str, Any], ttl: str | None) -> Table:
    return {
        "name": name,
        "keys": _keys(definition["KeySchema"]),
        "attributes": sorted((a["AttributeName"], a["AttributeType"]) for a in definition["AttributeDefinitions"]),
        "indexes": sorted(
            (
                index["IndexName"],
                tuple(_keys(index["KeySchema"])),
                index["Projection"]["ProjectionType"],
                tuple(sorted(index["Projection"].get("NonKeyAttributes", []))),
            )
            for index in definition.get("GlobalSecondaryIndexes", [])
        ),
        "ttl": ttl,
        "stream": definition.get("StreamSpecification", {}).get("StreamViewType"),
    }


def idempotency_expiry_attribute() -> str:
    """What powertools, configured as chalicelib/services/booking.py configures it, writes as expiry time."""
    from aws_lambda_powertools.utilities.idempotency import DynamoDBPersistenceLayer

    with mock_aws():
        return str(DynamoDBPersistenceLayer(table_name="docspot-test-idempotency").expiry_attr)


@pytest.fixture(scope="module")
def model_tables() -> dict[str, Table]:
    """short name -> table shape, as created by local/tables.py in moto (stage ``test``, set by tests/conftest.py)."""
    from chalicelib.config import get_settings
    from local.tables import create_tables

    prefix = get_settings().table_name("")
    tables = {}
    with mock_aws():
        create_tables()
        client = boto3.client("dynamodb", region_name=get_settings().region)
        for table_name in client.list_tables()["TableNames"]:
            short = table_name.removeprefix(prefix)
            described = client.describe_table(TableName=table_name)["Table"]
            ttl = client.describe_time_to_live(TableName=table_name)["TimeToLiveDescription"]
            attribute = ttl.get("AttributeName") if ttl.get("TimeToLiveStatus") in ("ENABLED", "ENABLING") else None
            if short == "idempotency":
                attribute = idempotency_expiry_attribute()
            tables[short] = _shape(short, described, attribute)
    return tables


def template_tables(template: dict[str, Any], stage: str) -> dict[str, Table]:
    tables = {}
    for table in resources_of(template, "AWS::DynamoDB::Table").values():
        properties = table["Properties"]
        prefix = f"docspot-{stage}-"
        assert properties["TableName"].startswith(prefix), properties["TableName"]
        short = properties["TableName"].removeprefix(prefix)
        ttl = properties.get("TimeToLiveSpecification", {})
        tables[short] = _shape(short, properties, ttl.get("AttributeName") if ttl.get("Enabled") else None)
    return tables


@pytest.mark.parametrize("stage", STAGES)
def test_template_tables_equal_the_models_tables(
    stage: str, templates: dict[str, dict[str, Any]], model_tables: dict[str, Table]
) -> None:
    """Names, keys, attribute types, indexes with their projections, TTL attribute and stream, table by table."""
    in_template = template_tables(templates[stage], stage)

    assert sorted(in_template) == sorted(model_tables), "tables missing from or extra in the template"
    for name, expected in model_tables.items():
        assert in_template[name] == expected, f"table {name} differs from its model"


def test_the_tables_whose_changes_have_effects_stream_both_images(model_tables: dict[str, Table]) -> None:
    streamed = {name: table["stream"] for name, table in model_tables.items() if table["stream"]}
    assert streamed == {"appointments": "NEW_AND_OLD_IMAGES", "slots": "NEW_AND_OLD_IMAGES"}


def test_ttl_attributes_are_the_ones_the_code_expires_on(model_tables: dict[str, Table]) -> None:
    ttl = {name: table["ttl"] for name, table in model_tables.items() if table["ttl"]}
    assert ttl["slot_locks"] == "expires_at"
    assert ttl["idempotency"] == "expiration"


@pytest.mark.parametrize("stage", STAGES)
def test_every_table_is_on_demand_recoverable_and_encrypted_with_the_stage_key(
    stage: str, templates: dict[str, dict[str, Any]]
) -> None:
    for name, table in resources_of(templates[stage], "AWS::DynamoDB::Table").items():
        properties = table["Properties"]
        assert properties["BillingMode"] == "PAY_PER_REQUEST", name
        assert properties["PointInTimeRecoverySpecification"] == {"PointInTimeRecoveryEnabled": True}, name
        assert properties["SSESpecification"] == {
            "SSEEnabled": True,
            "SSEType": "KMS",
            "KMSMasterKeyId": {"Ref": "DataKey"},
        }, name


def test_prod_tables_survive_the_stack_and_dev_tables_do_not(templates: dict[str, dict[str, Any]]) -> None:
    """prod: deletion protection on, and tables, their key and the uploads are retained when the stack is deleted."""
    for stage, protected in (("prod", True), ("dev", False)):
        resources = templates[stage]["Resources"]
        policy = "Retain" if protected else "Delete"
        for name, table in resources_of(templates[stage], "AWS::DynamoDB::Table").items():
            assert table["Properties"]["DeletionProtectionEnabled"] is protected, (stage, name)
            assert (table["DeletionPolicy"], table["UpdateReplacePolicy"]) == (policy, policy), (stage, name)
        for name in ("DataKey", "UploadsBucket"):
            assert resources[name]["DeletionPolicy"] == policy, (stage, name)

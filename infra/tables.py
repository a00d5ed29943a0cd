"""The DynamoDB tables of the CloudFormation template, read from the PynamoDB models (chalicelib.models.ALL_MODELS).

The models are the single definition of every table: the tests and the local stack create their tables from them,
and so does this module for AWS. A table added to ALL_MODELS appears in the template at the next `make package`.
"""

from __future__ import annotations

import inspect
import os
from dataclasses import dataclass
from typing import Any

from pynamodb.models import Model

KEY_ORDER = {"HASH": 0, "RANGE": 1}


@dataclass(frozen=True)
class TableSpec:
    """What CloudFormation needs to know about one table, independent of any stage."""

    name: str  # the model's short name: "users", "slot_locks"
    key_schema: tuple[tuple[str, str], ...]  # ((attribute, HASH|RANGE), ...), hash first
    attributes: tuple[tuple[str, str], ...]  # ((attribute, S|N|B), ...) of every key and index key, sorted
    indexes: tuple[tuple[str, tuple[tuple[str, str], ...], str, tuple[str, ...]], ...]  # (name, keys, type, include)
    ttl_attribute: str | None
    stream_view_type: str | None = None  # NEW_AND_OLD_IMAGES for the tables whose changes feed services/effects


def powertools_expiry_attribute() -> str:
    """The TTL attribute powertools' idempotency layer writes: the table is its, not PynamoDB's, so its name is
    read from powertools itself (DocSpot passes no ``expiry_attr``, see chalicelib/services/booking.py)."""
    from aws_lambda_powertools.utilities.idempotency import DynamoDBPersistenceLayer

    default = inspect.signature(DynamoDBPersistenceLayer.__init__).parameters["expiry_attr"].default
    return str(default)


def _ttl_attribute(model: type[Model]) -> str | None:
    from chalicelib.models import IdempotencyRecord

    if model is IdempotencyRecord:
        return powertools_expiry_attribute()
    ttl = model._ttl_attribute()  # type: ignore[no-untyped-call]
    return None if ttl is None else str(ttl.attr_name)


def _keys(key_schema: list[dict[str, str]]) -> tuple[tuple[str, str], ...]:
    ordered = sorted(key_schema, key=lambda key: KEY_ORDER[key["KeyType"]])
    return tuple((key["AttributeName"], key["KeyType"]) for key in ordered)


def table_spec(model: type[Model]) -> TableSpec:
    """Exactly what ``Model.create_table`` would create (PynamoDB's own schema), plus the TTL attribute."""
    schema: Any = model._get_schema()
    attributes = {a["AttributeName"]: a["AttributeType"] for a in schema["attribute_definitions"]}
    indexes = []
    for index in sorted(schema["global_secondary_indexes"], key=lambda i: i["index_name"]):
        attributes.update({a["AttributeName"]: a["AttributeType"] for a in index["attribute_definitions"]})
        projection = index["projection"]
        indexes.append(
            (
                index["index_name"],
                _keys(index["key_schema"]),
                projection["ProjectionType"],
                tuple(sorted(projection.get("NonKeyAttributes", []))),
            )
        )
    if schema["local_secondary_indexes"]:
        raise NotImplementedError(f"{model.__name__}: local secondary indexes are not supported by infra/tables.py")
    return TableSpec(
        name=str(model.Meta.table),  # type: ignore[attr-defined]  # chalicelib.models.base.table_meta sets it
        key_schema=_keys(schema["key_schema"]),
        attributes=tuple(sorted(attributes.items())),
        indexes=tuple(indexes),
        ttl_attribute=_ttl_attribute(model),
        stream_view_type=getattr(model.Meta, "stream_view_type", None),
    )


def all_table_specs() -> list[TableSpec]:
    from chalicelib.models import ALL_MODELS

    return [table_spec(model) for model in ALL_MODELS]


def table_name(stage: str, name: str) -> str:
    """``docspot-{stage}-{name}``, computed by chalicelib.config itself so that the two can never disagree."""
    from chalicelib.config import get_settings

    previous = os.environ.get("DOCSPOT_STAGE")
    os.environ["DOCSPOT_STAGE"] = stage
    get_settings.cache_clear()
    try:
        return get_settings().table_name(name)
    finally:
        if previous is None:
            os.environ.pop("DOCSPOT_STAGE", None)
        else:
            os.environ["DOCSPOT_STAGE"] = previous
        get_settings.cache_clear()


def logical_id(name: str) -> str:
    """``slot_locks`` -> ``SlotLocksTable``."""
    return "".join(part.capitalize() for part in name.split("_")) + "Table"


def table_resource(spec: TableSpec, stage: str, *, protected: bool) -> dict[str, Any]:
    """A table as CloudFormation declares it. ``protected`` (prod): deletion protection, and the table stays when
    the stack goes (DeletionPolicy Retain), as does the key that encrypts it."""
    properties: dict[str, Any] = {
        "TableName": table_name(stage, spec.name),
        "BillingMode": "PAY_PER_REQUEST",
        "AttributeDefinitions": [{"AttributeName": n, "AttributeType": t} for n, t in spec.attributes],
        "KeySchema": [{"AttributeName": n, "KeyType": k} for n, k in spec.key_schema],
        "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": True},
        "SSESpecification": {"SSEEnabled": True, "SSEType": "KMS", "KMSMasterKeyId": {"Ref": "DataKey"}},
        "DeletionProtectionEnabled": protected,
        "Tags": [{"Key": "docspot:stage", "Value": stage}, {"Key": "docspot:table", "Value": spec.name}],
    }
    if spec.indexes:
        properties["GlobalSecondaryIndexes"] = [
            {
                "IndexName": index_name,
                "KeySchema": [{"AttributeName": n, "KeyType": k} for n, k in keys],
                "Projection": {"ProjectionType": projection} | ({"NonKeyAttributes": list(include)} if include else {}),
            }
            for index_name, keys, projection, include in spec.indexes
        ]
    if spec.stream_view_type:
        properties["StreamSpecification"] = {"StreamViewType": spec.stream_view_type}
    if spec.ttl_attribute:
        properties["TimeToLiveSpecification"] = {"AttributeName": spec.ttl_attribute, "Enabled": True}
    policy = "Retain" if protected else "Delete"
    return {
        "Type": "AWS::DynamoDB::Table",
        "DeletionPolicy": policy,
        "UpdateReplacePolicy": policy,
        "Properties": properties,
    }


def table_resources(stage: str, *, protected: bool) -> dict[str, dict[str, Any]]:
    resources = {}
    for spec in all_table_specs():
        resources[logical_id(spec.name)] = table_resource(spec, stage, protected=protected)
    return resources

"""What every model shares: its table's name and the process's one DynamoDB client.

A model's ``Meta`` resolves its table name from the settings when PynamoDB first asks for it, so importing a
model reads nothing from the environment and the same classes serve tests, the local stack and every stage.
The region and endpoint are botocore's own (``AWS_REGION``, ``AWS_ENDPOINT_URL``), as for every other client.
"""

from __future__ import annotations

from typing import Any

import botocore.session
import pynamodb.models
from pynamodb.connection import Connection, TableConnection

from chalicelib import aws
from chalicelib.config import get_settings

# The view of a streamed table (a model's ``Meta.stream_view_type``): the consumer compares old and new images.
STREAM_VIEW = "NEW_AND_OLD_IMAGES"


class TableMeta(type):
    """Metaclass of a model's ``Meta``: ``table_name`` is ``docspot-{stage}-{table}``."""

    table: str

    @property
    def table_name(cls) -> str:
        return get_settings().table_name(cls.table)


def table_meta(table: str, **extra: Any) -> Any:
    """A PynamoDB ``Meta`` class for ``table`` (on-demand billing, as in every stage)."""
    attrs: dict[str, Any] = {"table": table, "billing_mode": "PAY_PER_REQUEST", **extra}
    return TableMeta("Meta", (), attrs)


class SharedConnection(Connection):
    """A PynamoDB connection that makes no client of its own: it uses the process's one (``chalicelib.aws``).

    A model's ``Meta`` connection options (host, region, timeouts, credentials) are therefore not read: every
    DocSpot model leaves them unset and takes botocore's environment, as the shared client does.
    """

    @property
    def session(self) -> botocore.session.Session:
        return aws.botocore_session()

    @property
    def client(self) -> Any:
        return aws.dynamodb_client()


class Model(pynamodb.models.Model):
    """The base of every DocSpot model: its connection talks through the shared client."""

    @classmethod
    def _get_connection(cls) -> TableConnection:
        table = super()._get_connection()
        if not isinstance(table.connection, SharedConnection):
            shared = SharedConnection()
            shared.add_meta_table(table.get_meta_table())
            table.connection = shared
        return table

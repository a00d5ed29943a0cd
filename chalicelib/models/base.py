"""Table naming shared by every model.

A model's ``Meta`` resolves its table name from the settings when PynamoDB first asks for it, so importing a
model reads nothing from the environment and the same classes serve tests, the local stack and every stage.
The region and endpoint are botocore's own (``AWS_REGION``, ``AWS_ENDPOINT_URL``), as for every other client.
"""

from __future__ import annotations

from typing import Any

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

"""Creates every table from the PynamoDB models (the local stack and the tests; infra/ declares them in AWS)."""

from __future__ import annotations

from chalicelib.models import ALL_MODELS


def create_tables() -> list[str]:
    created = []
    for model in ALL_MODELS:
        if not model.exists():
            model.create_table(wait=True, billing_mode="PAY_PER_REQUEST")
            created.append(model.Meta.table_name)
    return created

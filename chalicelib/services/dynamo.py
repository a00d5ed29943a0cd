"""Small helpers over PynamoDB shared by services: transaction outcomes and page cursors."""

from __future__ import annotations

import base64
import json
from typing import Any

from pynamodb.connection import Connection
from pynamodb.exceptions import TransactWriteError
from pynamodb.transactions import TransactWrite

from chalicelib.errors import Invalid

CONDITION_FAILED = "ConditionalCheckFailed"


def transaction() -> TransactWrite:
    """A TransactWrite on a fresh connection (region and endpoint come from botocore's environment)."""
    return TransactWrite(connection=Connection())


def failed_conditions(exc: TransactWriteError) -> list[bool]:
    """For each item of a cancelled transaction, whether its condition is what failed."""
    return [reason is not None and reason.code == CONDITION_FAILED for reason in exc.cancellation_reasons]


def encode_cursor(key: dict[str, Any] | None) -> str | None:
    if not key:
        return None
    return base64.urlsafe_b64encode(json.dumps(key, separators=(",", ":")).encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> dict[str, Any] | None:
    if not cursor:
        return None
    try:
        decoded = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (ValueError, UnicodeDecodeError) as exc:
        raise Invalid("the cursor is not valid", code="INVALID_CURSOR") from exc
    if not isinstance(decoded, dict):
        raise Invalid("the cursor is not valid", code="INVALID_CURSOR")
    return decoded

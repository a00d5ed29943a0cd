"""Counting the AWS operations a test makes (a Scan on a request path is a bug: docs/architecture.md)."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from botocore.client import BaseClient


def count_dynamodb_calls(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Counts every AWS operation made through botocore, which PynamoDB uses for each request, from now on."""
    calls: Counter[str] = Counter()
    original = BaseClient._make_api_call

    def counting(self: BaseClient, operation_name: str, api_params: dict[str, Any]) -> Any:
        calls[operation_name] += 1
        return original(self, operation_name, api_params)

    monkeypatch.setattr(BaseClient, "_make_api_call", counting)
    return calls

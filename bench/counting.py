"""Counts DynamoDB requests through botocore's event hooks (``before-call.dynamodb.*``)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import botocore.session
import pynamodb.connection.base as pynamodb_base


class RequestCounter:
    def __init__(self) -> None:
        self.calls: Counter[str] = Counter()
        self._original = pynamodb_base.get_session  # type: ignore[attr-defined]

    def _on_call(self, model: Any, **_: Any) -> None:
        self.calls[model.name] += 1

    def _session(self) -> botocore.session.Session:
        session = self._original()
        session.register("before-call.dynamodb", self._on_call)
        return session

    def install(self) -> None:
        """Every botocore session PynamoDB makes from now on reports its DynamoDB calls here."""
        pynamodb_base.get_session = self._session  # type: ignore[attr-defined]

    @contextmanager
    def measure(self) -> Iterator[Counter[str]]:
        self.calls.clear()
        window: Counter[str] = Counter()
        yield window
        window.update(self.calls)

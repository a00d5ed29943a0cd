"""Counts DynamoDB requests (or another service's) through botocore's event hooks (``before-call.dynamodb.*``).

Every botocore session made after ``install()`` reports here: PynamoDB's and boto3's alike (powertools'
idempotency layer uses a boto3 client of its own).
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import botocore.session


class RequestCounter:
    def __init__(self, service: str = "dynamodb") -> None:
        self.service = service
        self.calls: Counter[str] = Counter()
        self._lock = threading.Lock()

    def _on_call(self, model: Any, **_: Any) -> None:
        with self._lock:  # pushes are posted from several threads at once
            self.calls[model.name] += 1

    def install(self) -> None:
        original = botocore.session.Session.__init__
        counter = self

        def init(session: botocore.session.Session, *args: Any, **kwargs: Any) -> None:
            original(session, *args, **kwargs)
            session.register(f"before-call.{counter.service}", counter._on_call)

        botocore.session.Session.__init__ = init

    @contextmanager
    def measure(self) -> Iterator[Counter[str]]:
        self.calls.clear()
        window: Counter[str] = Counter()
        yield window
        window.update(self.calls)

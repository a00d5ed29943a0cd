"""Counts DynamoDB and S3 requests through botocore's event hooks (``before-call.dynamodb.*``, ``before-call.s3.*``).

Every botocore session made after ``install()`` reports here: PynamoDB's and boto3's alike (powertools'
idempotency layer uses a boto3 client of its own).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import botocore.session


class RequestCounter:
    def __init__(self) -> None:
        self.calls: Counter[str] = Counter()

    def _on_call(self, model: Any, **_: Any) -> None:
        self.calls[model.name] += 1

    def install(self) -> None:
        original = botocore.session.Session.__init__
        counter = self

        def init(session: botocore.session.Session, *args: Any, **kwargs: Any) -> None:
            original(session, *args, **kwargs)
            session.register("before-call.dynamodb", counter._on_call)
            session.register("before-call.s3", counter._on_call)

        botocore.session.Session.__init__ = init

    @contextmanager
    def measure(self) -> Iterator[Counter[str]]:
        self.calls.clear()
        window: Counter[str] = Counter()
        yield window
        window.update(self.calls)

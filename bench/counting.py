"""Counts requests to AWS services (DynamoDB and S3 unless told others) through botocore's ``before-call`` hooks.

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
    def __init__(self, *services: str) -> None:
        self.services = services or ("dynamodb", "s3")
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
            for service in counter.services:
                session.register(f"before-call.{service}", counter._on_call)

        botocore.session.Session.__init__ = init

    @contextmanager
    def measure(self) -> Iterator[Counter[str]]:
        self.calls.clear()
        window: Counter[str] = Counter()
        yield window
        window.update(self.calls)


KB, READ_UNIT = 1024, 4096


def item_size(item: dict[str, Any]) -> int:
    """An item's size as DynamoDB bills it: each attribute's name plus its value (numbers about one byte per two
    digits, lists and maps 3 bytes plus a byte per element)."""
    return sum(len(name.encode()) + _value_size(value) for name, value in item.items())


def _value_size(value: dict[str, Any]) -> int:
    ((kind, raw),) = value.items()
    if kind == "S":
        return len(raw.encode())
    if kind == "N":
        return len(raw.strip("-").replace(".", "")) // 2 + 1
    if kind == "B":
        return len(raw)
    if kind in ("BOOL", "NULL"):
        return 1
    if kind in ("SS", "NS", "BS"):
        return sum(_value_size({kind[0]: member}) for member in raw)
    if kind == "L":
        return 3 + sum(1 + _value_size(member) for member in raw)
    if kind == "M":
        return 3 + sum(1 + len(name.encode()) + _value_size(member) for name, member in raw.items())
    return 0


def _reads(size: int, consistent: bool) -> float:
    units = max(1, -(-size // READ_UNIT))
    return float(units) if consistent else units / 2


def _writes(size: int) -> float:
    return float(max(1, -(-size // KB)))


class CapacityMeter:
    """Read and write units of each DynamoDB request, worked out from what was sent and returned by DynamoDB's
    published rules (moto reports fixed figures): a read is 4 KB (half a unit eventually consistent), a write 1 KB,
    a transaction's item twice that. Base tables only: a write also costs one write in each global index the item
    is in, which ``index_writes`` adds for the puts, whose items are known; updates and deletes are counted at the
    table alone, so their index writes (one per index holding the item) come on top."""

    def __init__(self, indexes: dict[str, list[list[str]]] | None = None) -> None:
        self.indexes = indexes or {}  # table -> the key attribute names of each of its global indexes
        self.read = self.write = 0.0
        self._lock = threading.Lock()

    def install(self) -> None:
        original = botocore.session.Session.__init__
        meter = self

        def init(session: botocore.session.Session, *args: Any, **kwargs: Any) -> None:
            original(session, *args, **kwargs)
            session.register("before-parameter-build.dynamodb", meter._before)
            session.register("after-call.dynamodb", meter._after)

        botocore.session.Session.__init__ = init

    def _before(self, params: dict[str, Any], context: dict[str, Any], **_: Any) -> None:
        context["capacity_params"] = params

    def _after(self, model: Any, parsed: dict[str, Any], context: dict[str, Any], **_: Any) -> None:
        params = context.get("capacity_params") or {}
        read, write = self.units(model.name, params, parsed)
        with self._lock:
            self.read += read
            self.write += write

    def _put(self, table: str, item: dict[str, Any]) -> float:
        units = _writes(item_size(item))
        for keys in self.indexes.get(table, []):
            if all(name in item for name in keys):
                units += _writes(item_size(item))
        return units

    def units(self, operation: str, params: dict[str, Any], parsed: dict[str, Any]) -> tuple[float, float]:
        consistent = bool(params.get("ConsistentRead"))
        if operation == "GetItem":
            return _reads(item_size(parsed.get("Item") or {}), consistent), 0.0
        if operation in ("Query", "Scan"):
            size = sum(item_size(item) for item in parsed.get("Items", []))
            return _reads(size, consistent), 0.0
        if operation == "BatchGetItem":
            return sum(
                _reads(item_size(i), False) for items in parsed.get("Responses", {}).values() for i in items
            ), 0.0
        if operation == "TransactGetItems":
            return sum(2 * _reads(item_size(r.get("Item") or {}), True) for r in parsed.get("Responses", [])), 0.0
        if operation == "PutItem":
            return 0.0, self._put(params["TableName"], params["Item"])
        if operation in ("UpdateItem", "DeleteItem"):
            return 0.0, 1.0
        if operation == "BatchWriteItem":
            return 0.0, sum(
                self._put(table, request["PutRequest"]["Item"]) if "PutRequest" in request else 1.0
                for table, requests in params.get("RequestItems", {}).items()
                for request in requests
            )
        if operation == "TransactWriteItems":
            total = 0.0
            for entry in params.get("TransactItems", []):
                put = entry.get("Put")
                total += 2 * (self._put(put["TableName"], put["Item"]) if put else 1.0)
            return 0.0, total
        return 0.0, 0.0

    @contextmanager
    def measure(self) -> Iterator[list[float]]:
        """Yields ``[read units, write units]``, filled in when the block ends."""
        with self._lock:
            self.read = self.write = 0.0
        window = [0.0, 0.0]
        yield window
        window[:] = [self.read, self.write]

"""Small helpers over PynamoDB shared by services: transactions with named parts, conditions' outcomes and page
cursors."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from pynamodb.connection import Connection
from pynamodb.exceptions import PynamoDBException, QueryError, TransactWriteError
from pynamodb.transactions import TransactWrite

from chalicelib.caches import process_cache
from chalicelib.errors import Conflict, Invalid
from chalicelib.models.base import SharedConnection

CONDITION_FAILED = "ConditionalCheckFailed"
DEFAULT_PAGE, MAX_PAGE = 20, 100
ATTRIBUTE_TYPES = frozenset({"S", "N", "B"})

T = TypeVar("T")


class Cancellation:
    """Why DynamoDB cancelled a transaction, read by the names its parts were added under.

    A part's name is ``group`` or ``group:detail`` (``guard:slotq#d1#...``); asking about a group asks about every
    part in it. Reading by name, never by position, keeps every mapping right when a part is added.
    """

    def __init__(self, by_part: Mapping[str, str | None]) -> None:
        self._by_part = dict(by_part)

    def reason(self, part: str) -> str | None:
        """The reason DynamoDB gave for one part (``ConditionalCheckFailed``, ``TransactionConflict``...), or None."""
        if part not in self._by_part:
            raise KeyError(f"no part named {part!r} in this transaction")
        return self._by_part[part]

    def failed(self, part: str) -> bool:
        """Whether the condition of ``part``, or of any part of the group ``part``, is what cancelled it."""
        return any(reason == CONDITION_FAILED for name in self._names(part) if (reason := self._by_part[name]))

    def failed_parts(self) -> list[str]:
        return [name for name, reason in self._by_part.items() if reason == CONDITION_FAILED]

    def _names(self, part: str) -> list[str]:
        names = [name for name in self._by_part if name == part or name.split(":", 1)[0] == part]
        if not names:
            raise KeyError(f"no part named {part!r} in this transaction")
        return names


class NamedTransaction(TransactWrite):
    """A TransactWrite whose every item is added under a name (``part=``), so a cancellation reads by name.

    PynamoDB sends condition checks first, then deletes, puts and updates, whatever order they were added in, and
    DynamoDB reports cancellation reasons in the order sent; this class maps them back to the names.
    """

    def __init__(self, connection: Connection) -> None:
        super().__init__(connection=connection)
        self._parts: list[tuple[str, int, int]] = []

    def _name(self, part: str, group: int, index: int) -> None:
        if any(name == part for name, _, _ in self._parts):
            raise ValueError(f"two parts named {part!r} in one transaction")
        self._parts.append((part, group, index))

    def condition_check(self, *args: Any, part: str, **kwargs: Any) -> None:  # type: ignore[override]
        self._name(part, 0, len(self._condition_check_items))
        super().condition_check(*args, **kwargs)

    def delete(self, *args: Any, part: str, **kwargs: Any) -> None:  # type: ignore[override]
        self._name(part, 1, len(self._delete_items))
        super().delete(*args, **kwargs)

    def save(self, *args: Any, part: str, **kwargs: Any) -> None:  # type: ignore[override]
        self._name(part, 2, len(self._put_items))
        super().save(*args, **kwargs)

    def update(self, *args: Any, part: str, **kwargs: Any) -> None:  # type: ignore[override]
        self._name(part, 3, len(self._update_items))
        super().update(*args, **kwargs)

    def cancellation(self, exc: TransactWriteError) -> Cancellation:
        """Each part's reason for the cancellation ``exc`` (None where DynamoDB gave none)."""
        # DynamoDB names the parts that did not fail with the code "None".
        sent = [None if reason is None or reason.code == "None" else reason.code for reason in exc.cancellation_reasons]
        sizes = [
            len(self._condition_check_items),
            len(self._delete_items),
            len(self._put_items),
            len(self._update_items),
        ]
        offsets = [sum(sizes[:group]) for group in range(len(sizes))]
        by_part: dict[str, str | None] = {}
        for name, group, index in self._parts:
            at = offsets[group] + index
            by_part[name] = sent[at] if at < len(sent) else None
        return Cancellation(by_part)


@process_cache
def connection() -> Connection:
    """One connection per process for transactions, made on first use; it talks through the client every model
    shares (``chalicelib.aws``), so no transaction builds a botocore session or client of its own."""
    return SharedConnection()


def transaction() -> NamedTransaction:
    return NamedTransaction(connection=connection())


def encode_cursor(key: dict[str, Any] | None) -> str | None:
    if not key:
        return None
    return base64.urlsafe_b64encode(json.dumps(key, separators=(",", ":")).encode()).decode().rstrip("=")


def _is_key(decoded: Any) -> bool:
    """A DynamoDB key as PynamoDB hands it out: ``{"name": {"S"|"N"|"B": "value"}, ...}``."""
    if not isinstance(decoded, dict) or not decoded:
        return False
    for name, value in decoded.items():
        if not isinstance(name, str) or not isinstance(value, dict) or len(value) != 1:
            return False
        ((kind, raw),) = value.items()
        if kind not in ATTRIBUTE_TYPES or not isinstance(raw, str):
            return False
    return True


def _schema(key: dict[str, dict[str, str]]) -> dict[str, str]:
    return {name: next(iter(value)) for name, value in key.items()}


def decode_cursor(cursor: str | None, key_schema: Mapping[str, str] | None = None) -> dict[str, Any] | None:
    """The start key a cursor holds. With ``key_schema`` (attribute name -> "S", "N" or "B": the table's key plus
    the queried index's) it must have exactly those attributes and types; DynamoDB would refuse any other start
    key only after the call."""
    if not cursor:
        return None
    try:
        decoded = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (ValueError, UnicodeDecodeError) as exc:
        raise Invalid("the cursor is not valid", code="INVALID_CURSOR", field="cursor") from exc
    if not _is_key(decoded) or (key_schema is not None and _schema(decoded) != dict(key_schema)):
        raise Invalid("the cursor is not valid", code="INVALID_CURSOR", field="cursor")
    return dict(decoded)


def encode_walk_cursor(position: str, key: dict[str, Any] | None) -> str:
    """A cursor for a listing that walks several partitions in turn (the days of ``day-index``): the partition
    reached and the start key inside it (None: from its beginning)."""
    document = {"at": position, "key": key}
    return base64.urlsafe_b64encode(json.dumps(document, separators=(",", ":")).encode()).decode().rstrip("=")


def decode_walk_cursor(cursor: str, key_schema: Mapping[str, str]) -> tuple[str, dict[str, Any] | None]:
    """The partition and start key ``encode_walk_cursor`` wrote; 400 INVALID_CURSOR for anything else."""
    try:
        decoded = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (ValueError, UnicodeDecodeError) as exc:
        raise Invalid("the cursor is not valid", code="INVALID_CURSOR") from exc
    if not isinstance(decoded, dict) or set(decoded) != {"at", "key"} or not isinstance(decoded["at"], str):
        raise Invalid("the cursor is not valid", code="INVALID_CURSOR")
    key = decoded["key"]
    if key is not None and (not _is_key(key) or _schema(key) != dict(key_schema)):
        raise Invalid("the cursor is not valid", code="INVALID_CURSOR")
    return decoded["at"], key


def read_page(rows: Iterable[T], *, cursor: str | None) -> list[T]:
    """Reads a Query's page. A cursor DynamoDB refuses as a start key (wrong attributes) is the caller's error."""
    try:
        return list(rows)
    except QueryError as exc:
        if cursor and exc.cause_response_code == "ValidationException":
            raise Invalid("the cursor is not valid", code="INVALID_CURSOR", field="cursor") from exc
        raise


class ConcurrentChange(Conflict):
    code = "TRY_AGAIN"


def unexplained(exc: TransactWriteError) -> Exception:
    """What to raise for a cancelled transaction that none of the caller's conditions explains.

    DynamoDB cancels a transaction that meets another one on the same item (``TransactionConflict``) without any
    condition having failed: the request was fine, the timing was not, so the client is told to try again (409),
    never a 500. Anything else is a real failure and stays as it is.
    """
    if exc.cause_response_code == "TransactionCanceledException":
        return ConcurrentChange("someone else changed this at the same moment; please try again")
    return exc


def condition_failed(exc: PynamoDBException) -> bool:
    """Whether a single-item write was refused by its condition (as opposed to failing)."""
    return exc.cause_response_code == "ConditionalCheckFailedException"


def page_size(limit: int | None, *, default: int = DEFAULT_PAGE, maximum: int = MAX_PAGE) -> int:
    """The ``?limit=`` of a list: ``default`` when absent, 400 outside 1..``maximum``."""
    size = default if limit is None else limit
    if not 1 <= size <= maximum:
        raise Invalid(f"limit must be between 1 and {maximum}", field="limit")
    return size

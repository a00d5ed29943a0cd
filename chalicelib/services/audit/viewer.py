"""The admin's audit viewer: newest first, from an index for every filter, never a scan.

A subject is the table's own key; an actor and an action have their indexes; with no filter the viewer walks
``month-index`` backwards, a bounded number of months per request (the cursor goes on from there). Further
filters narrow the chosen Query (a filter on a Query, never a Scan)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from pynamodb.expressions.condition import Condition

from chalicelib.adapters.registry import adapters
from chalicelib.config import get_settings
from chalicelib.contracts.analytics import AuditEntryOut
from chalicelib.contracts.common import Page
from chalicelib.errors import Invalid
from chalicelib.models.audit import AuditEntry
from chalicelib.services.core import people
from chalicelib.services.core.dynamo import (
    decode_cursor,
    decode_walk_cursor,
    encode_cursor,
    encode_walk_cursor,
    page_size,
    read_page,
)

TABLE_KEY = {"entity": "S", "at": "S"}
MONTHS_PER_REQUEST = 12  # an unfiltered page walks at most this many months before handing out a cursor


def _day(text: str | None, name: str) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise Invalid(f"{name} must be a day, YYYY-MM-DD", code="INVALID_RANGE", field=name) from exc


def _months(last: date, first: date) -> list[str]:
    months, year, month = [], last.year, last.month
    while (year, month) >= (first.year, first.month):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months


def _detail(entry: AuditEntry) -> dict[str, str] | None:
    if not entry.detail:
        return None
    raw = entry.detail.as_dict()  # type: ignore[no-untyped-call]
    return {str(key): str(value) for key, value in raw.items()}


def _out(entries: list[AuditEntry]) -> list[AuditEntryOut]:
    named = people.users(entry.actor for entry in entries if entry.actor)
    return [
        AuditEntryOut(
            at=entry.at.split("#", 1)[0],
            actor_id=entry.actor,
            actor_name=named[entry.actor].name if entry.actor in named else None,
            subject=entry.entity,
            action=entry.action,
            detail=_detail(entry),
        )
        for entry in entries
    ]


def _narrow(*conditions: Condition | None) -> Condition | None:
    found: Condition | None = None
    for condition in conditions:
        if condition is not None:
            found = condition if found is None else found & condition
    return found


def entries(
    *,
    actor_id: str | None,
    subject_id: str | None,
    action: str | None,
    start: str | None,
    end: str | None,
    limit: int | None,
    cursor: str | None,
) -> Page[AuditEntryOut]:
    size = page_size(limit)
    first, last = _day(start, "from"), _day(end, "to")
    if first and last and first > last:
        raise Invalid("from must not be after to", code="INVALID_RANGE", field="from")
    low = first.isoformat() if first else "0"
    high = f"{last.isoformat()}~" if last else "~"
    within = AuditEntry.at.between(low, high)
    by_actor = AuditEntry.actor == actor_id if actor_id else None
    by_action = AuditEntry.action == action if action else None
    if subject_id:
        key = {**TABLE_KEY}
        query: Any = AuditEntry.query
        hash_key, narrow = subject_id, _narrow(by_actor, by_action)
    elif actor_id:
        key = {**TABLE_KEY, "actor": "S"}
        query, hash_key, narrow = AuditEntry.by_actor.query, actor_id, by_action
    elif action:
        key = {**TABLE_KEY, "action": "S"}
        query, hash_key, narrow = AuditEntry.by_action.query, action, None
    else:
        return _walk(first, last, within, size, cursor)
    start_key = decode_cursor(cursor, key)
    rows = query(
        hash_key,
        within,
        filter_condition=narrow,
        scan_index_forward=False,
        limit=size,
        last_evaluated_key=start_key,
    )
    found = read_page(rows, cursor=cursor)
    return Page[AuditEntryOut](items=_out(found), next_cursor=encode_cursor(rows.last_evaluated_key))


def _walk(
    first: date | None, last: date | None, within: Condition, size: int, cursor: str | None
) -> Page[AuditEntryOut]:
    """No filter: the months from ``to`` (or now) back to ``from`` (or the retention's start), newest first."""
    today = adapters().clock.now().date()
    last = last or today
    first = first or today - timedelta(days=get_settings().audit_retention_days)
    months = _months(last, first)
    key: dict[str, Any] | None = None
    if cursor:
        at, key = decode_walk_cursor(cursor, {**TABLE_KEY, "month": "S"})
        if at not in months:
            raise Invalid("the cursor is not valid", code="INVALID_CURSOR", field="cursor")
        months = months[months.index(at) :]
    found: list[AuditEntry] = []
    for walked, month in enumerate(months):
        if walked >= MONTHS_PER_REQUEST:
            return _page(found, encode_walk_cursor(month, None))
        rows = AuditEntry.by_month.query(
            month, within, scan_index_forward=False, limit=size - len(found), last_evaluated_key=key
        )
        found.extend(rows)
        key = None
        if rows.last_evaluated_key:
            return _page(found, encode_walk_cursor(month, rows.last_evaluated_key))
        if len(found) >= size:
            following = months.index(month) + 1
            return _page(found, encode_walk_cursor(months[following], None) if following < len(months) else None)
    return _page(found, None)


def _page(found: list[AuditEntry], cursor: str | None) -> Page[AuditEntryOut]:
    return Page[AuditEntryOut](items=_out(found), next_cursor=cursor)

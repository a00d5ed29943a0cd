"""The medical record itself: read whole, and entries added, changed and removed, each write one transaction.

Who may open whose record is decided before these are called (the patient their own; a doctor through
``care.require_care``); every function here takes that decision as an ``Access`` and leaves its access entry
(``access_log``). Nothing partial is ever written: an add is the entry, the header's count (on condition that it
is below the limit) and the access entry in one TransactWrite; a change and a removal likewise.
"""

from __future__ import annotations

import re
import uuid
from datetime import date, datetime
from typing import Any

from pydantic import ValidationError
from pynamodb.attributes import NumberAttribute
from pynamodb.exceptions import TransactWriteError
from pynamodb.expressions.update import Action

from chalicelib.adapters.registry import adapters
from chalicelib.config import get_settings
from chalicelib.contracts.records import (
    AllergyIn,
    AllergyOut,
    AuthorOut,
    ConditionIn,
    ConditionOut,
    EntryOut,
    MedicationIn,
    MedicationOut,
    RecordOut,
)
from chalicelib.errors import Invalid, NotFound, RuleViolation
from chalicelib.models.records import HEADER, Author, RecordItem, author, entry_item
from chalicelib.models.users import User
from chalicelib.observability import logger
from chalicelib.services.core.dynamo import ConcurrentChange, transaction, unexplained
from chalicelib.services.records import access_log
from chalicelib.services.records.access_log import Access
from chalicelib.vocabulary import RecordAction, RecordKind

ENTRY_SHAPES: dict[RecordKind, type[AllergyIn | ConditionIn | MedicationIn]] = {
    RecordKind.ALLERGIES: AllergyIn,
    RecordKind.CONDITIONS: ConditionIn,
    RecordKind.MEDICATIONS: MedicationIn,
}
COUNTERS: dict[RecordKind, NumberAttribute] = {
    RecordKind.ALLERGIES: RecordItem.count_allergies,
    RecordKind.CONDITIONS: RecordItem.count_conditions,
    RecordKind.MEDICATIONS: RecordItem.count_medications,
}
_ENTRY_ID = re.compile(r"[0-9a-f]{32}")


class KindNotFound(NotFound):
    code = "KIND_NOT_FOUND"

    def __init__(self) -> None:
        super().__init__("a record has allergies, conditions and medications; there is no such kind of entry")


class EntryNotFound(NotFound):
    code = "ENTRY_NOT_FOUND"

    def __init__(self) -> None:
        super().__init__("no such entry in this record")


class TooManyEntries(RuleViolation):
    code = "TOO_MANY_ENTRIES"


class InvalidEntry(Invalid):
    """The entry a change would make is not valid; ``details`` names each field, as for a bad body."""

    def __init__(self, exc: ValidationError) -> None:
        details = [
            {"field": ".".join(str(p) for p in err["loc"]) or "body", "message": err["msg"]}
            for err in exc.errors(include_url=False, include_input=False)
        ]
        summary = "; ".join(f"{d['field']}: {d['message']}" for d in details[:5])
        super().__init__(f"the entry would not be valid: {summary}", code="VALIDATION_ERROR", details=details)


def kind_of(text: str) -> RecordKind:
    """The kind a path names; 404 for anything else."""
    try:
        return RecordKind(text)
    except ValueError as exc:
        raise KindNotFound() from exc


def fields_of(kind: RecordKind) -> tuple[str, ...]:
    return tuple(ENTRY_SHAPES[kind].model_fields)


# --- shapes --------------------------------------------------------------------------------------------------------


def _stored(value: Any) -> Any:
    """What an entry's field is stored as: dates as ``YYYY-MM-DD``, enums as their string."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return str(value)  # a StrEnum member as the plain string PynamoDB stores
    return value


def _author_out(author: Author | None) -> AuthorOut | None:
    if author is None:
        return None
    return AuthorOut(id=author.id, name=author.name, role=author.role)


def entry_out(item: RecordItem) -> EntryOut:
    kind = RecordKind(item.kind or "")
    common: dict[str, Any] = {
        "entry_id": item.entry_id,
        "recorded_by": _author_out(item.recorded_by),
        "recorded_at": item.recorded_at,
        "updated_by": _author_out(item.updated_by),
        "updated_at": item.updated_at,
    }
    values = {name: getattr(item, name) for name in fields_of(kind)}
    if kind == RecordKind.ALLERGIES:
        return AllergyOut(**common, **values)
    if kind == RecordKind.CONDITIONS:
        return ConditionOut(**common, **values)
    return MedicationOut(**common, **values)


def _order(item: RecordItem) -> tuple[datetime, str]:
    return (item.recorded_at or datetime.min, item.entry_id or "")


def record_out(items: list[RecordItem]) -> RecordOut:
    """The record from its partition's items (entries oldest first; ``updated_at`` is the header's)."""
    header = next((i for i in items if i.item == HEADER), None)
    by_kind: dict[RecordKind, list[Any]] = {kind: [] for kind in RecordKind}
    for item in sorted((i for i in items if i.item != HEADER), key=_order):
        by_kind[RecordKind(item.kind or "")].append(entry_out(item))
    return RecordOut(
        allergies=by_kind[RecordKind.ALLERGIES],
        conditions=by_kind[RecordKind.CONDITIONS],
        medications=by_kind[RecordKind.MEDICATIONS],
        updated_at=header.updated_at if header is not None else None,
    )


# --- reading -------------------------------------------------------------------------------------------------------


def items_of(patient_id: str) -> list[RecordItem]:
    """The whole partition (header and entries): one Query, paged by DynamoDB only past 1 MB."""
    return list(RecordItem.query(patient_id, consistent_read=True))


def read(access: Access, action: RecordAction = RecordAction.READ) -> RecordOut:
    """The record; its access entry is written before it is returned."""
    record = record_out(items_of(access.patient_id))
    access_log.write(access, action)
    return record


# --- writing -------------------------------------------------------------------------------------------------------


def _author(access: Access) -> Author:
    """The writer as the entry will name them (one GetItem of the account's name)."""
    user_id = access.principal.user_id
    try:
        name = User.get(user_id, attributes_to_get=["name"]).name
    except User.DoesNotExist:
        name = ""
    return author(user_id, name, str(access.principal.role))


def _header(patient_id: str) -> RecordItem:
    return RecordItem(patient_id=patient_id, item=HEADER)


def _find(patient_id: str, kind: RecordKind, entry_id: str) -> RecordItem:
    if not _ENTRY_ID.fullmatch(entry_id):
        raise EntryNotFound()
    try:
        return RecordItem.get(patient_id, entry_item(kind, entry_id), consistent_read=True)
    except RecordItem.DoesNotExist as exc:
        raise EntryNotFound() from exc


def _label(kind: RecordKind, entry_id: str) -> str:
    return f"{kind}/{entry_id}"


def add(access: Access, kind: RecordKind, body: AllergyIn | ConditionIn | MedicationIn) -> EntryOut:
    """A new entry, counted against the kind's limit inside the same transaction (422 ``TOO_MANY_ENTRIES``)."""
    limit = get_settings().max_record_entries
    now = adapters().clock.now()
    entry_id = uuid.uuid4().hex
    values = {name: _stored(value) for name, value in body.model_dump().items()}
    item = RecordItem(
        patient_id=access.patient_id,
        item=entry_item(kind, entry_id),
        kind=str(kind),
        entry_id=entry_id,
        recorded_by=_author(access),
        recorded_at=now,
        **values,
    )
    counter = COUNTERS[kind]
    header = _header(access.patient_id)
    tx = transaction()
    try:
        with tx:
            tx.save(item, condition=RecordItem.item.does_not_exist(), part="entry")
            tx.update(
                header,
                actions=[counter.add(1), RecordItem.updated_at.set(now)],
                condition=counter.does_not_exist() | (counter < limit),
                part="header",
            )
            access_log.add_to(tx, access, RecordAction.ADD, [_label(kind, entry_id)])
    except TransactWriteError as exc:
        if tx.cancellation(exc).failed("header"):
            raise TooManyEntries(f"a record holds at most {limit} {kind}; remove one to add another") from exc
        raise unexplained(exc) from exc
    logger.info("record entry added", extra={"entry_id": entry_id, "by": access.principal.role})
    return entry_out(item)


def change(access: Access, kind: RecordKind, entry_id: str, changes: dict[str, Any]) -> EntryOut:
    """The fields named change; the entry they make must be valid whole (400 with details otherwise). The update
    is conditional on the entry being as it was read, so two changes at once never mix (409 ``TRY_AGAIN``)."""
    current = _find(access.patient_id, kind, entry_id)
    merged = {name: getattr(current, name) for name in fields_of(kind)} | changes
    try:
        valid = ENTRY_SHAPES[kind].model_validate(merged)
    except ValidationError as exc:
        raise InvalidEntry(exc) from exc
    now = adapters().clock.now()
    writer = _author(access)
    actions: list[Action] = [RecordItem.updated_by.set(writer), RecordItem.updated_at.set(now)]
    for name, value in valid.model_dump().items():
        attribute = getattr(RecordItem, name)
        stored = _stored(value)
        setattr(current, name, stored)
        actions.append(attribute.remove() if stored is None else attribute.set(stored))
    seen = (
        RecordItem.updated_at.does_not_exist()
        if current.updated_at is None
        else (RecordItem.updated_at == current.updated_at)
    )
    header = _header(access.patient_id)
    tx = transaction()
    try:
        with tx:
            tx.update(current, actions=actions, condition=RecordItem.item.exists() & seen, part="entry")
            tx.update(header, actions=[RecordItem.updated_at.set(now)], part="header")
            access_log.add_to(tx, access, RecordAction.CHANGE, [_label(kind, entry_id)])
    except TransactWriteError as exc:
        if tx.cancellation(exc).failed("entry"):
            _find(access.patient_id, kind, entry_id)
            raise ConcurrentChange("this entry was changed at the same moment; please look again") from exc
        raise unexplained(exc) from exc
    current.updated_by, current.updated_at = writer, now
    logger.info("record entry changed", extra={"entry_id": entry_id, "by": access.principal.role})
    return entry_out(current)


def remove(access: Access, kind: RecordKind, entry_id: str) -> None:
    """The entry goes and the kind's count with it, in one transaction (404 if it was not there)."""
    if not _ENTRY_ID.fullmatch(entry_id):
        raise EntryNotFound()
    counter = COUNTERS[kind]
    now = adapters().clock.now()
    header = _header(access.patient_id)
    tx = transaction()
    try:
        with tx:
            tx.delete(
                RecordItem(patient_id=access.patient_id, item=entry_item(kind, entry_id)),
                condition=RecordItem.item.exists(),
                part="entry",
            )
            tx.update(header, actions=[counter.add(-1), RecordItem.updated_at.set(now)], part="header")
            access_log.add_to(tx, access, RecordAction.REMOVE, [_label(kind, entry_id)])
    except TransactWriteError as exc:
        if tx.cancellation(exc).failed("entry"):
            raise EntryNotFound() from exc
        raise unexplained(exc) from exc
    logger.info("record entry removed", extra={"entry_id": entry_id, "by": access.principal.role})

"""Every access to a record, written in the request that makes it, and the patient's view of them.

A write's access entry is one part of the write's own transaction (they exist together or not at all); a read's or
an export's is written after the record was read and before the answer leaves, so no answer is ever served
without it (if it cannot be written, the request fails). Entries are put on condition that the key is new and are
never updated or deleted: no route does either.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from chalicelib.adapters.registry import adapters
from chalicelib.contracts.common import Page
from chalicelib.contracts.records import AccessOut, AuthorOut
from chalicelib.models.records import RecordAccess
from chalicelib.models.users import User
from chalicelib.services.core.authz import Principal
from chalicelib.services.core.dynamo import NamedTransaction, decode_cursor, encode_cursor, page_size, read_page
from chalicelib.services.core.times import parse_iso

KEY_SCHEMA = {"patient_id": "S", "at": "S"}
FORMER = "a former user"


@dataclass(frozen=True)
class Access:
    """Who opens which patient's record, and through which appointment (a doctor's care relationship)."""

    patient_id: str
    principal: Principal
    appointment_id: str | None = None


def entry(access: Access, action: str, entries: Sequence[str] = ()) -> RecordAccess:
    """An access entry stamped now; the nonce keeps two accesses of one instant apart."""
    at = f"{adapters().clock.now().isoformat()}#{secrets.token_hex(4)}"
    return RecordAccess(
        patient_id=access.patient_id,
        at=at,
        actor_id=access.principal.user_id,
        actor_role=str(access.principal.role),
        action=str(action),
        entries=list(entries),
        appointment_id=access.appointment_id,
    )


def write(access: Access, action: str) -> None:
    """Writes the access entry of a read or an export (one PutItem)."""
    entry(access, action).save(condition=RecordAccess.patient_id.does_not_exist())


def add_to(tx: NamedTransaction, access: Access, action: str, entries: Sequence[str]) -> None:
    """Adds the access entry of a write to the write's transaction, as its part ``access``."""
    tx.save(entry(access, action, entries), condition=RecordAccess.patient_id.does_not_exist(), part="access")


def _names(user_ids: set[str]) -> dict[str, str]:
    if not user_ids:
        return {}
    return {u.user_id: u.name for u in User.batch_get(sorted(user_ids), attributes_to_get=["user_id", "name"])}


def accesses(patient: Principal, *, limit: int | None, cursor: str | None) -> Page[AccessOut]:
    """The patient's access log, newest first: one Query and one BatchGet of the names on the page."""
    rows = RecordAccess.query(
        patient.user_id,
        scan_index_forward=False,
        limit=page_size(limit),
        last_evaluated_key=decode_cursor(cursor, KEY_SCHEMA),
    )
    found = read_page(rows, cursor=cursor)
    names = _names({a.actor_id for a in found})
    items = [
        AccessOut(
            access_id=a.at,
            at=parse_iso(a.at.split("#", 1)[0]),
            actor=AuthorOut(id=a.actor_id, name=names.get(a.actor_id, FORMER), role=a.actor_role),
            action=a.action,
            entries=list(a.entries or []),
            appointment_id=a.appointment_id,
        )
        for a in found
    ]
    return Page[AccessOut](items=items, next_cursor=encode_cursor(rows.last_evaluated_key))

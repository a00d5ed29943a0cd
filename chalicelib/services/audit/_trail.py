from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import timedelta

from chalicelib.adapters.registry import adapters
from chalicelib.config import get_settings
from chalicelib.models.audit import AuditEntry
from chalicelib.services.core.dynamo import transaction


def entry(*, entity: str, actor: str, action: str, detail: dict[str, str] | None = None) -> AuditEntry:
    """An audit entry stamped now; the nonce keeps two entries of one instant apart. It expires (TTL) after the
    retention, and carries its month for the viewer's index."""
    now = adapters().clock.now()
    at = f"{now.isoformat()}#{secrets.token_hex(4)}"
    # Plain strings: a StrEnum member (a role, a status) is a str subclass that PynamoDB cannot serialise in a map.
    plain = {key: str(value) for key, value in detail.items()} if detail is not None else None
    expires = now + timedelta(days=get_settings().audit_retention_days)
    return AuditEntry(entity=entity, at=at, actor=actor, action=action, detail=plain, month=at[:7], expires_at=expires)


def record(*, entity: str, actor: str, action: str, detail: dict[str, str] | None = None) -> None:
    """Appends an audit entry: a put on condition that the key is new, so nothing is ever overwritten."""
    entry(entity=entity, actor=actor, action=action, detail=detail).save(condition=AuditEntry.at.does_not_exist())


def record_all(entries: Sequence[AuditEntry]) -> None:
    """Appends several entries in one request, all or none (at most 100, DynamoDB's transaction limit)."""
    if len(entries) == 1:
        entries[0].save(condition=AuditEntry.at.does_not_exist())
    elif entries:
        with transaction() as tx:
            for number, item in enumerate(entries):
                tx.save(item, condition=AuditEntry.at.does_not_exist(), part=f"entry:{number}")

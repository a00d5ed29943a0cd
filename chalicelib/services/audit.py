from __future__ import annotations

import secrets

from chalicelib.adapters.registry import adapters
from chalicelib.models.audit import AuditEntry


def record(*, entity: str, actor: str, action: str, detail: dict[str, str] | None = None) -> None:
    """Appends an audit entry; the nonce keeps two entries of one instant apart."""
    at = f"{adapters().clock.now().isoformat()}#{secrets.token_hex(4)}"
    AuditEntry(entity=entity, at=at, actor=actor, action=action, detail=detail).save()

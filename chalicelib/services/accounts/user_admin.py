"""The admin's view of accounts: list them by role, disable and enable them."""

from __future__ import annotations

from pynamodb.exceptions import UpdateError

from chalicelib.contracts.accounts import UserOut
from chalicelib.contracts.common import Page
from chalicelib.errors import Conflict, Invalid, RuleViolation
from chalicelib.models.users import User
from chalicelib.observability import logger
from chalicelib.services import audit
from chalicelib.services.accounts import sessions, users
from chalicelib.services.core.authz import Principal
from chalicelib.services.core.dynamo import condition_failed, decode_cursor, encode_cursor, page_size, read_page
from chalicelib.vocabulary import AccountStatus, Role

ROLES = (Role.PATIENT, Role.DOCTOR, Role.ADMIN)
ROLE_INDEX_KEY = {"user_id": "S", "role": "S", "email": "S"}


def list_users(*, role: str, email: str | None, limit: int | None, cursor: str | None) -> Page[UserOut]:
    """One Query on the role index; ``email`` narrows it to addresses starting with that text."""
    if role not in ROLES:
        raise Invalid(f"role must be one of {', '.join(ROLES)}", field="role")
    prefix = (email or "").strip().lower()
    rows = User.by_role.query(
        role,
        User.email.startswith(prefix) if prefix else None,
        limit=page_size(limit),
        last_evaluated_key=decode_cursor(cursor, ROLE_INDEX_KEY),
    )
    found = read_page(rows, cursor=cursor)
    return Page[UserOut](items=[users.user_out(u) for u in found], next_cursor=encode_cursor(rows.last_evaluated_key))


def set_status(actor: Principal, user_id: str, *, active: bool) -> UserOut:
    """Disables (ending every session) or enables an account. An admin cannot disable their own account, so the
    platform always keeps the admin who is acting."""
    if user_id == actor.user_id and not active:
        raise RuleViolation("you cannot disable your own account", code="CANNOT_DISABLE_SELF")
    user = users.get_user(user_id)
    target = AccountStatus.ACTIVE if active else AccountStatus.DISABLED
    try:
        user.update(actions=[User.status.set(target)], condition=User.user_id.exists())
    except UpdateError as exc:
        if condition_failed(exc):
            raise Conflict("this account changed meanwhile; reload and try again", code="STALE_USER") from exc
        raise
    ended = 0 if active else sessions.revoke_all(user_id)
    audit.record(entity=f"user#{user_id}", actor=actor.user_id, action=f"user.{target}")
    logger.info("account status changed", extra={"status": target, "sessions_ended": ended})
    return users.describe(user)

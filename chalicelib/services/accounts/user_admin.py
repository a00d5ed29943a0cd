"""The admin's view of accounts: list them by role, disable and enable them."""

from __future__ import annotations

from pynamodb.exceptions import TransactWriteError

from chalicelib.contracts.accounts import UserOut
from chalicelib.contracts.common import Page
from chalicelib.errors import Conflict, Invalid, RuleViolation
from chalicelib.models.doctors import Doctor
from chalicelib.models.users import User
from chalicelib.observability import logger
from chalicelib.services import audit
from chalicelib.services.accounts import sessions, users
from chalicelib.services.core import announce, directory_version
from chalicelib.services.core.authz import Principal
from chalicelib.services.core.dynamo import decode_cursor, encode_cursor, page_size, read_page, transaction, unexplained
from chalicelib.vocabulary import AccountStatus, DoctorStatus, Role

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
    """Disables or enables an account (docs/architecture.md, "Revocation"). An admin cannot disable their own
    account, so the platform always keeps the admin who is acting.

    Disabling, in one transaction: the account, and an approved doctor moved to SUSPENDED (so they leave the
    directory, their profile and every booking condition at once); then every session ends and the account's
    live connections are told to close (announced: realtime listens). Enabling reverses the doctor's suspension
    if the disable made it. Future appointments are not this function's: ``governance`` settles them."""
    if user_id == actor.user_id and not active:
        raise RuleViolation("you cannot disable your own account", code="CANNOT_DISABLE_SELF")
    user = users.get_user(user_id)
    target = AccountStatus.ACTIVE if active else AccountStatus.DISABLED
    doctor = _doctor(user_id) if user.role == Role.DOCTOR else None
    listing_changes = False
    tx = transaction()
    try:
        with tx:
            tx.update(user, actions=[User.status.set(target)], condition=User.user_id.exists(), part="user")
            if doctor is not None and not active and doctor.status == DoctorStatus.APPROVED:
                tx.update(
                    doctor,
                    actions=[Doctor.status.set(DoctorStatus.SUSPENDED), Doctor.suspended_with_account.set(True)],
                    condition=Doctor.status == DoctorStatus.APPROVED,
                    part="approval",
                )
                listing_changes = True
            elif doctor is not None and active and doctor.suspended_with_account:
                tx.update(
                    doctor,
                    actions=[Doctor.status.set(DoctorStatus.APPROVED), Doctor.suspended_with_account.remove()],
                    condition=(Doctor.status == DoctorStatus.SUSPENDED) & Doctor.suspended_with_account.exists(),
                    part="approval",
                )
                listing_changes = True
    except TransactWriteError as exc:
        if tx.cancellation(exc).failed_parts():
            raise Conflict("this account changed meanwhile; reload and try again", code="STALE_USER") from exc
        raise unexplained(exc) from exc
    user.status = target
    if listing_changes:
        directory_version.changed()
    ended = 0 if active else sessions.revoke_all(user_id)
    audit.record(entity=f"user#{user_id}", actor=actor.user_id, action=f"user.{target}")
    logger.info("account status changed", extra={"status": target, "sessions_ended": ended})
    if not active:
        announce.announce(announce.AccountDisabled(user_id))
    return users.describe(user)


def _doctor(doctor_id: str) -> Doctor | None:
    try:
        return Doctor.get(doctor_id, consistent_read=True)
    except Doctor.DoesNotExist:
        return None
